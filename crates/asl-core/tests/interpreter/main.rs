//! The interpreter per state kind (`asl_core::simulate` with a scripted `Scenario`): one small
//! definition per case, and what its run must give: status, output (or error and cause), the
//! exact sequence of history events with their states, and how far the virtual clock moved.
//! The failures must be exactly the ones listed under "interpreter cases" in
//! `tests/known_failures.json`.

#[path = "../support/mod.rs"]
mod support;

// The cases, by state kind.
mod choice;
mod jsonata;
mod map;
mod parallel;
mod pass;
mod task;
mod wait;

use asl_core::EventType;
use asl_core::{parse, simulate, Options, Run, Scenario, Status};
use serde_json::Value;

/// How a run ends.
#[derive(Clone, Copy, Debug)]
enum End {
    /// With this output (JSON text).
    Succeeded(&'static str),
    /// With this error and cause.
    Failed(&'static str, &'static str),
    /// Past the machine's `TimeoutSeconds`.
    TimedOut,
}

struct Case {
    /// The case's key in `tests/known_failures.json`.
    id: &'static str,
    name: &'static str,
    definition: &'static str,
    /// The execution input (JSON text).
    input: &'static str,
    /// `Scenario::from_json`: state name to its successive outcomes.
    scenario: &'static str,
    end: End,
    /// Every event of the history, in order: its type, then its state if it has one.
    events: &'static [&'static str],
    /// How far the virtual clock moved from the start to the last event.
    elapsed_ms: i64,
}

const BASE: Case = Case {
    id: "",
    name: "",
    definition: "",
    input: "{}",
    scenario: "{}",
    end: End::Succeeded("{}"),
    events: &[],
    elapsed_ms: 0,
};

/// Every case, kind by kind.
fn cases() -> impl Iterator<Item = &'static Case> {
    [pass::CASES, task::CASES, choice::CASES, wait::CASES, parallel::CASES, map::CASES, jsonata::CASES]
        .into_iter()
        .flatten()
}

fn run(case: &Case) -> Run {
    let parsed = parse(case.definition);
    assert!(!parsed.has_errors(), "{}: the definition has errors: {:?}", case.name, parsed.diagnostics);
    let machine = parsed.machine.expect("a machine");
    let input: Value = serde_json::from_str(case.input).expect("JSON input");
    let scenario =
        Scenario::from_json(&serde_json::from_str(case.scenario).expect("JSON scenario")).expect("a scenario");
    simulate(&machine, input, &scenario, &Options::default())
}

/// What differs between the run and the case; empty when nothing does.
fn differences(case: &Case, run: &Run) -> Vec<String> {
    let mut out = Vec::new();
    match case.end {
        End::Succeeded(output) => {
            let want: Value = serde_json::from_str(output).expect("JSON output");
            if run.status != Status::Succeeded || run.output.as_ref() != Some(&want) {
                out.push(format!(
                    "expected SUCCEEDED with {want}, got {} with {:?} ({:?}: {:?})",
                    run.status.as_str(),
                    run.output,
                    run.error,
                    run.cause
                ));
            }
        }
        End::TimedOut => {
            if run.status != Status::TimedOut || run.error.as_deref() != Some("States.Timeout") || run.output.is_some()
            {
                out.push(format!(
                    "expected TIMED_OUT, got {} with {:?} / {:?}",
                    run.status.as_str(),
                    run.error,
                    run.cause
                ));
            }
        }
        End::Failed(error, cause) => {
            // An empty expected cause: any cause (the wording is the service's).
            let cause_ok = cause.is_empty() && run.cause.is_some() || run.cause.as_deref() == Some(cause);
            if run.status != Status::Failed || run.error.as_deref() != Some(error) || !cause_ok || run.output.is_some()
            {
                out.push(format!(
                    "expected FAILED with {error} / {cause:?}, got {} with {:?} / {:?}",
                    run.status.as_str(),
                    run.error,
                    run.cause
                ));
            }
        }
    }
    let events: Vec<String> = run
        .history
        .iter()
        .map(|e| match &e.state {
            Some(state) => format!("{} {state}", e.event_type),
            None => e.event_type.to_string(),
        })
        .collect();
    if events != case.events {
        out.push(format!("events:\n    expected {:?}\n    got      {events:?}", case.events));
    }
    for (i, e) in run.history.iter().enumerate() {
        if e.id != i + 1 || e.previous_event_id != i {
            out.push(format!("event {i} has id {} and previous {}", e.id, e.previous_event_id));
        }
    }
    if run.history.windows(2).any(|w| w[1].timestamp_ms < w[0].timestamp_ms) {
        out.push("the clock went backwards".to_string());
    }
    let elapsed = run.history.last().map_or(0, |e| e.timestamp_ms) - Options::default().start_time_ms;
    if elapsed != case.elapsed_ms {
        out.push(format!("the clock moved {elapsed} ms, expected {} ms", case.elapsed_ms));
    }
    out
}

#[test]
fn each_state_kind() {
    let mut tally = support::Tally::new("interpreter cases");
    for case in cases() {
        let first = run(case);
        assert_eq!(first, run(case), "{}: two runs differ", case.name);
        let problems = differences(case, &first);
        let outcome =
            if problems.is_empty() { Ok(()) } else { Err(format!("{}:\n  {}", case.name, problems.join("\n  "))) };
        tally.record(case.id, outcome);
    }
    tally.finish();
}

/// The output of the execution is the `output` of `ExecutionSucceeded`, and, in a run without
/// Parallel or Map (whose branches start from the state's input), each state's `StateExited`
/// output is the next state's `StateEntered` input.
#[test]
fn data_flows_from_exit_to_entry() {
    let as_json = |v: &Value| match v {
        Value::String(s) => serde_json::from_str(s).unwrap_or_else(|_| v.clone()),
        other => other.clone(),
    };
    let mut handovers = 0;
    for case in cases().filter(|c| matches!(c.end, End::Succeeded(_))) {
        let run = run(case);
        let last = run.history.last().expect("events");
        assert_eq!(last.event_type, EventType::ExecutionSucceeded, "{}", case.name);
        assert_eq!(Some(&last.details["output"]), run.output.as_ref(), "{}", case.name);
        if case.events.iter().any(|e| e.starts_with("Parallel") || e.starts_with("Map")) {
            continue;
        }
        let visits: Vec<_> =
            run.history.iter().filter(|e| e.event_type.is_state_entered() || e.event_type.is_state_exited()).collect();
        for pair in visits.windows(2) {
            if pair[0].event_type.is_state_exited() && pair[1].event_type.is_state_entered() {
                let (out, inp) = (as_json(&pair[0].details["output"]), as_json(&pair[1].details["input"]));
                assert_eq!(out, inp, "{}: {:?} → {:?}", case.name, pair[0].state, pair[1].state);
                handovers += 1;
            }
        }
    }
    assert!(handovers >= 8, "only {handovers} handovers checked");
}
