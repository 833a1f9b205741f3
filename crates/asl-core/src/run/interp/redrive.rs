//! Redrive: a failed, timed-out or aborted execution continues as AWS's `RedriveExecution` does,
//! from the top-level state where it stopped, with the input that state got, keeping what
//! succeeded before it. The history goes on after an `ExecutionRedriven` event, on the same
//! virtual clock, and each Task's calls go on counting from the first run (so a script's
//! "call 2" is the redriven call after one failed call).
//!
//! Simplified: a Parallel or Map that failed runs again whole (AWS reruns only its unsuccessful
//! branches or iterations); workflow variables start empty (AWS keeps those assigned before).

use serde_json::{json, Value};

use super::{Interp, Run, Status};
use crate::model::Machine;
use crate::run::event::EventType;
use crate::run::scenario::Scenario;
use crate::Options;

/// `run` redriven on `machine` with the outcomes of `scenario`. Refused (with the reason) when
/// the run succeeded or is still running, or its history names no top-level state to resume at.
pub fn redrive(machine: &Machine, run: &Run, scenario: &Scenario, options: &Options) -> Result<Run, String> {
    if !matches!(run.status, Status::Failed | Status::TimedOut | Status::Aborted) {
        return Err(format!(
            "Only a failed, timed-out or aborted execution can be redriven; this one {}.",
            match run.status {
                Status::Succeeded => "succeeded",
                _ => "is still running",
            }
        ));
    }
    // Where it stopped: the last top-level state entered.
    let top_level = |name: &str| machine.states.iter().any(|s| s.name == name);
    let resume = run
        .history
        .iter()
        .rev()
        .find(|e| e.event_type.is_state_entered() && e.state.as_deref().is_some_and(top_level))
        .ok_or("The history enters no state of this definition: nothing to redrive from.")?;
    let state = resume.state.clone().unwrap_or_default();
    let input = resume.details.get("input").cloned().unwrap_or(Value::Null);
    let redrives = run.history.iter().filter(|e| e.event_type == EventType::ExecutionRedriven).count() + 1;

    let first_input = run.history.first().and_then(|e| e.details.get("input")).cloned().unwrap_or(json!({}));
    let mut interp = Interp::new(scenario, options, first_input);
    interp.events = run.history.clone();
    // Renumbered from 1 so ids stay the positions AWS gives them.
    for (i, e) in interp.events.iter_mut().enumerate() {
        e.id = i + 1;
        e.previous_event_id = i;
    }
    interp.map_runs = run.map_runs.clone();
    interp.clock = run.history.last().map_or(options.start_time_ms, |e| e.timestamp_ms);
    interp.deadline = machine.timeout_seconds.map(|s| interp.clock + s as i64 * 1000);
    for e in run.history.iter().filter(|e| e.event_type.is_scheduled()) {
        if let Some(name) = &e.state {
            *interp.invocations.entry(name.clone()).or_insert(0) += 1;
        }
    }
    if let Some(ctx) = std::rc::Rc::get_mut(&mut interp.execution_ctx) {
        ctx["Execution"]["RedriveCount"] = json!(redrives);
    }
    interp.push(EventType::ExecutionRedriven, None, json!({"redriveCount": redrives}));
    let result = interp.run_machine_from(machine, state, input);
    Ok(interp.end_run(result))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{parse, simulate, Outcome};

    const FLAKY: &str = r#"{"StartAt": "Prepare", "States": {
        "Prepare": {"Type": "Pass", "Result": {"n": 1}, "Next": "Call"},
        "Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "OutputPath": "$.Payload", "Next": "Done"},
        "Done": {"Type": "Succeed"}}}"#;

    fn failing() -> (Machine, Run) {
        let machine = parse(FLAKY).machine.unwrap();
        let scenario =
            Scenario::new().then("Call", Outcome::Throw { error: "Lambda.ServiceException".into(), cause: None });
        let run = simulate(&machine, json!({}), &scenario, &Options::default());
        assert_eq!(run.status, Status::Failed);
        (machine, run)
    }

    #[test]
    fn a_failed_run_resumes_at_the_failed_state_keeping_what_succeeded() {
        let (machine, failed) = failing();
        // The call fails once (the first run's call), then succeeds.
        let scenario = Scenario::new()
            .then("Call", Outcome::Throw { error: "Lambda.ServiceException".into(), cause: None })
            .then("Call", Outcome::Return(json!({"Payload": {"ok": true}})));
        let run = redrive(&machine, &failed, &scenario, &Options::default()).unwrap();
        assert_eq!(run.status, Status::Succeeded);
        assert_eq!(run.output, Some(json!({"ok": true})));
        let types: Vec<_> = run.history.iter().map(|e| e.event_type.as_str()).collect();
        let at = failed.history.len();
        assert_eq!(types[..at], failed.history.iter().map(|e| e.event_type.as_str()).collect::<Vec<_>>()[..]);
        assert_eq!(types[at], "ExecutionRedriven");
        assert_eq!(types[at + 1], "TaskStateEntered");
        assert_eq!(run.history[at + 1].state.as_deref(), Some("Call"));
        assert_eq!(run.history[at + 1].details["input"], json!({"n": 1}), "the input the failed state got");
        assert!(!types[at..].contains(&"PassStateEntered"), "Prepare is not run again");
        assert_eq!(types.last(), Some(&"ExecutionSucceeded"));
        assert!(run.history.iter().enumerate().all(|(i, e)| e.id == i + 1));
        assert!(run.history.windows(2).all(|w| w[0].timestamp_ms <= w[1].timestamp_ms));
    }

    #[test]
    fn only_unsuccessful_runs_are_redriven_and_twice_counts_twice() {
        let (machine, failed) = failing();
        let again = redrive(
            &machine,
            &failed,
            &Scenario::new().then("Call", Outcome::Throw { error: "E".into(), cause: None }),
            &Options::default(),
        )
        .unwrap();
        assert_eq!(again.status, Status::Failed);
        let twice = redrive(&machine, &again, &Scenario::new(), &Options::default()).unwrap();
        let redriven: Vec<_> = twice
            .history
            .iter()
            .filter(|e| e.event_type == EventType::ExecutionRedriven)
            .map(|e| e.details["redriveCount"].clone())
            .collect();
        assert_eq!(redriven, [json!(1), json!(2)]);
        let done = simulate(&machine, json!({}), &Scenario::new(), &Options::default());
        assert!(redrive(&machine, &done, &Scenario::new(), &Options::default()).unwrap_err().contains("succeeded"));
    }
}
