//! Stepping through a run: a finished history and a cursor into it.
//!
//! The interpreter computes the whole run at once (bounded by `Options::max_events`), so every
//! position is already known: stepping, stepping back and seeking to any event are O(1), and
//! going back shows exactly what was shown before.

use serde_json::{Map, Value};

use crate::model::Machine;
use crate::run::interp::{simulate, HistoryEvent, Options, Run};
use crate::run::replay::{Replayer, Snapshot};
use crate::run::scenario::Scenario;

#[derive(Clone, Debug, PartialEq)]
pub struct Execution {
    run: Run,
    /// How many events are shown: 1 (just `ExecutionStarted`) to all of them.
    cursor: usize,
    /// The replay after every [`CHECKPOINT`] events, so a snapshot anywhere replays fewer than
    /// that many events, not the whole prefix.
    checkpoints: Vec<Replayer>,
}

/// Events between two kept replays: a snapshot costs at most this many steps.
const CHECKPOINT: usize = 512;

impl Execution {
    /// Runs `machine` and shows its first event.
    pub fn start(machine: &Machine, input: Value, scenario: &Scenario, options: &Options) -> Execution {
        Execution::from_run(simulate(machine, input, scenario, options))
    }

    pub fn from_run(run: Run) -> Execution {
        let mut checkpoints = vec![Replayer::default()];
        let mut replayer = Replayer::default();
        for (i, event) in run.history.iter().enumerate() {
            replayer.apply(event);
            if (i + 1) % CHECKPOINT == 0 {
                checkpoints.push(replayer.clone());
            }
        }
        Execution { run, cursor: 1, checkpoints }
    }

    pub fn run(&self) -> &Run {
        &self.run
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn len(&self) -> usize {
        self.run.history.len()
    }

    pub fn is_empty(&self) -> bool {
        self.run.history.is_empty()
    }

    /// The events shown so far.
    pub fn shown(&self) -> &[HistoryEvent] {
        &self.run.history[..self.cursor.min(self.run.history.len())]
    }

    pub fn is_done(&self) -> bool {
        self.cursor >= self.run.history.len()
    }

    /// Shows one more event; false at the end.
    pub fn step(&mut self) -> bool {
        if self.is_done() {
            return false;
        }
        self.cursor += 1;
        true
    }

    /// Shows one event fewer; false at the first.
    pub fn back(&mut self) -> bool {
        if self.cursor <= 1 {
            return false;
        }
        self.cursor -= 1;
        true
    }

    /// Shows the first `k` events (clamped to the run).
    pub fn seek(&mut self, k: usize) {
        self.cursor = k.clamp(1, self.run.history.len().max(1));
    }

    pub fn to_end(&mut self) {
        self.cursor = self.run.history.len();
    }

    /// What the diagram shows at the cursor.
    pub fn snapshot(&self) -> Snapshot {
        let shown = self.shown();
        let at = (shown.len() / CHECKPOINT).min(self.checkpoints.len().saturating_sub(1));
        let mut replayer = self.checkpoints.get(at).cloned().unwrap_or_default();
        for event in &shown[at * CHECKPOINT..] {
            replayer.apply(event);
        }
        replayer.into_snapshot()
    }

    /// The workflow variables as assigned by the states exited so far (the last assignment of a
    /// name wins; assignments inside Map iterations and Parallel branches are included as they
    /// happened).
    pub fn variables(&self) -> Map<String, Value> {
        let mut vars = Map::new();
        for e in self.shown() {
            if let Some(Value::Object(assigned)) = e.data_flow.as_ref().and_then(|d| d.get("assignedVariables")) {
                vars.extend(assigned.clone());
            }
        }
        vars
    }
}

#[cfg(test)]
mod checkpoint_tests {
    use super::*;
    use crate::run::replay::snapshot;
    use serde_json::json;

    #[test]
    fn a_snapshot_from_a_checkpoint_is_the_snapshot_of_the_whole_prefix() {
        // A Map whose second state fails on one item and is caught: statuses change throughout,
        // across several checkpoints.
        let machine = crate::parse(
            r#"{"StartAt": "Each", "States": {"Each": {"Type": "Map", "ToleratedFailureCount": 5,
                "ItemProcessor": {"StartAt": "A", "States": {
                    "A": {"Type": "Pass", "Next": "B"},
                    "B": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericEquals": 200, "Next": "Bad"}], "Default": "Ok"},
                    "Bad": {"Type": "Fail", "Error": "E"},
                    "Ok": {"Type": "Succeed"}}},
                "Next": "Done"}, "Done": {"Type": "Pass", "End": true}}}"#,
        )
        .machine
        .unwrap();
        let items: Vec<u32> = (0..400).collect();
        let run = simulate(&machine, json!(items), &Scenario::new(), &Options::default());
        assert!(run.history.len() > 3 * CHECKPOINT, "{} events", run.history.len());
        let mut execution = Execution::from_run(run.clone());
        for k in (1..=run.history.len()).step_by(37).chain([CHECKPOINT, CHECKPOINT + 1, run.history.len()]) {
            execution.seek(k);
            assert_eq!(execution.snapshot(), snapshot(&run.history[..k]), "at {k}");
        }
    }
}
