//! A run as a timeline, as the console's table view shows it: one [`Visit`] per state visit,
//! in the order the states were entered, with its start and end on the virtual clock, how deep
//! it is (inside Map iterations and Parallel branches, each a [`Scope`]), how it ended, and its
//! service-call [`Attempt`]s (a Retrier's failed attempts, and the backoff waits between them).
//!
//! Read from the events alone, so a recorded AWS history gets the same view. Parallel branches
//! are told apart by `previousEventId` (AWS points a branch's first event at
//! `ParallelStateStarted`), or, given the definition, by which branch holds the state.

mod reader;

use crate::model::Machine;
use crate::run::event::EventType;
use crate::run::interp::HistoryEvent;
use reader::Reader;

/// Where a visit happened, inside a container.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Scope {
    /// A Map's iteration (`mapIterationStartedEventDetails.name` and `.index`).
    Iteration { map_state: String, index: usize },
    /// A Parallel's branch, 0-based.
    Branch { parallel: String, index: usize },
}

impl std::fmt::Display for Scope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Scope::Iteration { map_state, index } => write!(f, "{map_state} · iteration {index}"),
            Scope::Branch { parallel, index } => write!(f, "{parallel} · branch {}", index + 1),
        }
    }
}

/// How a visit ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VisitResult {
    /// Not ended in the events given.
    Running,
    Succeeded,
    /// Succeeded after one or more failed attempts.
    Retried,
    /// Failed, and a Catcher took the error (the state still exited).
    Caught,
    Failed,
}

impl VisitResult {
    pub fn as_str(self) -> &'static str {
        match self {
            VisitResult::Running => "running",
            VisitResult::Succeeded => "succeeded",
            VisitResult::Retried => "retried",
            VisitResult::Caught => "caught",
            VisitResult::Failed => "failed",
        }
    }
}

/// One service call of a Task: from its `…Scheduled` event to its result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attempt {
    /// Indexes into the history: the `…Scheduled` event, and the event that ended the call.
    pub scheduled: usize,
    pub ended: Option<usize>,
    /// Milliseconds since the first event.
    pub start_ms: i64,
    pub end_ms: Option<i64>,
    /// The error of a failed (or timed-out) call.
    pub error: Option<String>,
}

impl Attempt {
    pub fn failed(&self) -> bool {
        self.error.is_some()
    }
}

/// One visit of a state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Visit {
    pub state: String,
    /// The `…StateEntered` event's type (tells the state's kind).
    pub kind: EventType,
    /// Indexes into the history: the entered event, and the event that ended the visit (its
    /// exit, or the failure that ended it: an iteration's, a container's, the execution's).
    pub entered: usize,
    pub ended: Option<usize>,
    /// Milliseconds since the first event.
    pub start_ms: i64,
    pub end_ms: Option<i64>,
    /// The containers it ran in, outermost first; the depth is their number.
    pub scopes: Vec<Scope>,
    pub result: VisitResult,
    pub attempts: Vec<Attempt>,
}

impl Visit {
    pub fn depth(&self) -> usize {
        self.scopes.len()
    }

    /// The waits between a failed attempt and the next one (a Retrier's backoff), as start and
    /// end in milliseconds since the first event.
    pub fn waits(&self) -> Vec<(i64, i64)> {
        self.attempts.windows(2).filter(|w| w[0].failed()).filter_map(|w| Some((w[0].end_ms?, w[1].start_ms))).collect()
    }

    /// The visit as it stood when only the first `shown` events had happened (the playback
    /// cursor): later attempts left out, and what had not ended yet running.
    pub fn at(&self, shown: usize) -> Visit {
        let mut v = self.clone();
        v.attempts.retain(|a| a.scheduled < shown);
        for a in &mut v.attempts {
            if a.ended.is_some_and(|e| e >= shown) {
                a.ended = None;
                a.end_ms = None;
                a.error = None;
            }
        }
        if v.ended.is_some_and(|e| e >= shown) {
            v.ended = None;
            v.end_ms = None;
            v.result = VisitResult::Running;
        }
        v
    }
}

/// The visits of `history`, branches told apart by the events alone.
pub fn timeline(history: &[HistoryEvent]) -> Vec<Visit> {
    timeline_in(history, None)
}

/// The visits of `history`; with the definition, a Parallel's branches are told apart by the
/// branch that holds each state (the simulator chains a branch's first event to the previous
/// branch's last).
pub fn timeline_in(history: &[HistoryEvent], machine: Option<&Machine>) -> Vec<Visit> {
    let t0 = history.first().map_or(0, |e| e.timestamp_ms);
    let mut reader = Reader::new(machine);
    for (i, e) in history.iter().enumerate() {
        reader.read(i, e, e.timestamp_ms - t0);
    }
    reader.visits()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{parse, simulate, Options, Outcome, Run, Scenario};
    use serde_json::{json, Value};

    fn simulated(definition: &str, input: Value, scenario: Scenario) -> (Machine, Run) {
        let machine = parse(definition).machine.unwrap();
        let run = simulate(&machine, input, &scenario, &Options::default());
        (machine, run)
    }

    const RETRY: &str = r#"{
      "StartAt": "Prepare",
      "States": {
        "Prepare": {"Type": "Pass", "Next": "Call"},
        "Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
          "Retry": [{"ErrorEquals": ["Throttled"], "IntervalSeconds": 2, "BackoffRate": 2, "MaxAttempts": 3}],
          "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Fallback"}],
          "Next": "Wait"},
        "Wait": {"Type": "Wait", "Seconds": 60, "Next": "Done"},
        "Fallback": {"Type": "Pass", "Next": "Done"},
        "Done": {"Type": "Succeed"}
      }
    }"#;

    fn throttled(times: usize) -> Scenario {
        let mut s = Scenario::new();
        for _ in 0..times {
            s = s.then("Call", Outcome::Throw { error: "Throttled".into(), cause: None });
        }
        s.then("Call", Outcome::Return(json!({"Payload": "ok"})))
    }

    #[test]
    fn one_row_per_visit_with_start_duration_and_result() {
        let (_, run) = simulated(RETRY, json!({}), throttled(0));
        let visits = timeline(&run.history);
        let names: Vec<&str> = visits.iter().map(|v| v.state.as_str()).collect();
        assert_eq!(names, ["Prepare", "Call", "Wait", "Done"]);
        assert!(visits.iter().all(|v| v.result == VisitResult::Succeeded && v.depth() == 0), "{visits:?}");
        let wait = &visits[2];
        assert_eq!((wait.start_ms, wait.end_ms), (0, Some(60_000)));
        assert_eq!(visits[3].start_ms, 60_000);
        assert_eq!(visits[1].attempts.len(), 1);
        assert_eq!(run.history[visits[1].entered].event_type, EventType::TaskStateEntered);
    }

    #[test]
    fn a_retried_task_shows_its_failed_attempts_and_the_waits_between() {
        let (_, run) = simulated(RETRY, json!({}), throttled(2));
        let visits = timeline(&run.history);
        let call = &visits[1];
        assert_eq!(call.result, VisitResult::Retried);
        let failed: Vec<bool> = call.attempts.iter().map(Attempt::failed).collect();
        assert_eq!(failed, [true, true, false]);
        assert_eq!(call.attempts[0].error.as_deref(), Some("Throttled"));
        // Backoff: 2 s, then 4 s.
        assert_eq!(call.waits(), [(0, 2_000), (2_000, 6_000)]);
        assert_eq!((call.start_ms, call.end_ms), (0, Some(6_000)));
    }

    #[test]
    fn a_caught_failure_and_a_failed_state() {
        let (_, run) = simulated(RETRY, json!({}), throttled(9));
        let visits = timeline(&run.history);
        assert_eq!(visits[1].result, VisitResult::Caught);
        assert_eq!(visits[1].attempts.len(), 4);
        assert_eq!(visits[2].state, "Fallback");

        let (_, run) = simulated(
            r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "F"}, "F": {"Type": "Fail", "Error": "E"}}}"#,
            json!({}),
            Scenario::new(),
        );
        let visits = timeline(&run.history);
        assert_eq!(visits[1].result, VisitResult::Failed);
        assert_eq!(visits[1].ended, Some(run.history.len() - 1));
    }

    #[test]
    fn map_iterations_nest_and_a_failed_iteration_fails_its_state() {
        let definition = r#"{"StartAt": "Each", "States": {"Each": {"Type": "Map", "ToleratedFailureCount": 1,
            "ItemProcessor": {"StartAt": "Work", "States": {
                "Work": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}},
            "End": true}}}"#;
        let ok = Outcome::Return(json!({"Payload": 1}));
        let scenario = Scenario::new()
            .then("Work", ok.clone())
            .then("Work", Outcome::Throw { error: "Boom".into(), cause: None })
            .then("Work", ok);
        let (_, run) = simulated(definition, json!([1, 2, 3]), scenario);
        let visits = timeline(&run.history);
        assert_eq!(visits.len(), 4);
        assert_eq!((visits[0].state.as_str(), visits[0].depth()), ("Each", 0));
        for (k, v) in visits[1..].iter().enumerate() {
            assert_eq!(v.scopes, [Scope::Iteration { map_state: "Each".into(), index: k }]);
        }
        assert_eq!(visits[2].result, VisitResult::Failed);
        assert_eq!(visits[3].result, VisitResult::Succeeded);
        assert_eq!(visits[0].result, VisitResult::Succeeded);
    }

    const PARALLEL: &str = r#"{"StartAt": "Both", "States": {"Both": {"Type": "Parallel", "Branches": [
        {"StartAt": "A1", "States": {"A1": {"Type": "Pass", "Next": "A2"}, "A2": {"Type": "Pass", "End": true}}},
        {"StartAt": "B1", "States": {"B1": {"Type": "Pass", "End": true}}}
      ], "Next": "After"}, "After": {"Type": "Pass", "End": true}}}"#;

    #[test]
    fn parallel_branches_by_the_definition_or_by_previous_event_ids() {
        let (machine, mut run) = simulated(PARALLEL, json!({}), Scenario::new());
        let branch = |v: &Visit| match v.scopes.as_slice() {
            [Scope::Branch { parallel, index }] if parallel == "Both" => Some(*index),
            _ => None,
        };
        let by_definition: Vec<(String, Option<usize>)> =
            timeline_in(&run.history, Some(&machine)).iter().map(|v| (v.state.clone(), branch(v))).collect();
        let expected = [("Both", None), ("A1", Some(0)), ("A2", Some(0)), ("B1", Some(1)), ("After", None)];
        assert_eq!(by_definition, expected.map(|(s, b)| (s.to_string(), b)));
        // As AWS writes it: each branch's first event points at ParallelStateStarted.
        let started = run.history.iter().find(|e| e.event_type == EventType::ParallelStateStarted).unwrap().id;
        for e in &mut run.history {
            if e.event_type.is_state_entered() && matches!(e.state.as_deref(), Some("A1" | "B1")) {
                e.previous_event_id = started;
            }
        }
        let by_events: Vec<(String, Option<usize>)> =
            timeline(&run.history).iter().map(|v| (v.state.clone(), branch(v))).collect();
        assert_eq!(by_events, by_definition);
    }

    #[test]
    fn a_prefix_is_the_whole_timeline_seen_at_that_point() {
        let (machine, run) = simulated(RETRY, json!({}), throttled(2));
        let whole = timeline_in(&run.history, Some(&machine));
        for k in 1..=run.history.len() {
            let prefix = timeline_in(&run.history[..k], Some(&machine));
            let seen: Vec<Visit> = whole.iter().filter(|v| v.entered < k).map(|v| v.at(k)).collect();
            assert_eq!(prefix, seen, "at {k}");
        }
        let (machine, run) = simulated(PARALLEL, json!({}), Scenario::new());
        let whole = timeline_in(&run.history, Some(&machine));
        for k in 1..=run.history.len() {
            let seen: Vec<Visit> = whole.iter().filter(|v| v.entered < k).map(|v| v.at(k)).collect();
            assert_eq!(timeline_in(&run.history[..k], Some(&machine)), seen, "at {k}");
        }
    }
}
