//! Reading a history prefix: what the diagram shows after the first `n` events of a run.
//! Stepping back is just a shorter prefix, so it shows exactly what was shown before.

use std::collections::BTreeMap;

use crate::run::event::EventType;
use crate::run::interp::HistoryEvent;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StateStatus {
    InProgress,
    Succeeded,
    Failed,
    /// The state failed and a Catcher sent the run on.
    Caught,
}

impl StateStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            StateStatus::InProgress => "in-progress",
            StateStatus::Succeeded => "succeeded",
            StateStatus::Failed => "failed",
            StateStatus::Caught => "caught",
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Snapshot {
    /// The latest status of every state entered so far.
    pub statuses: BTreeMap<String, StateStatus>,
    /// States entered and not yet exited, in entry order.
    pub current: Vec<String>,
    /// Virtual time of the last event, milliseconds since the epoch.
    pub clock_ms: i64,
}

/// Replays events one at a time: the snapshot after each, and what it needs to go on.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Replayer {
    snap: Snapshot,
    /// Per state entered: whether something inside its current attempt failed (an exit then
    /// means a Catcher took it).
    failed_inside: BTreeMap<String, bool>,
}

impl Replayer {
    pub fn snapshot(&self) -> &Snapshot {
        &self.snap
    }

    pub fn into_snapshot(self) -> Snapshot {
        self.snap
    }

    /// The states entered inside `container` (after it in `current`) and not exited end failed.
    fn fail_inside(&mut self, container: &str) {
        let snap = &mut self.snap;
        if let Some(at) = snap.current.iter().rposition(|s| s == container) {
            for state in snap.current.split_off(at + 1) {
                snap.statuses.insert(state, StateStatus::Failed);
            }
        }
    }

    pub fn apply(&mut self, event: &HistoryEvent) {
        self.snap.clock_ms = event.timestamp_ms;
        let ty = event.event_type;
        match &event.state {
            Some(state) if ty.is_state_entered() => {
                self.snap.current.push(state.clone());
                self.failed_inside.insert(state.clone(), false);
                let status =
                    if ty == EventType::FailStateEntered { StateStatus::Failed } else { StateStatus::InProgress };
                self.snap.statuses.insert(state.clone(), status);
            }
            Some(state) if ty.is_state_exited() => {
                self.snap.current.retain(|s| s != state);
                let caught = self.failed_inside.get(state).copied().unwrap_or(false);
                let status = if caught { StateStatus::Caught } else { StateStatus::Succeeded };
                self.snap.statuses.insert(state.clone(), status);
            }
            // A new attempt (Retry) clears the failure of the previous one.
            Some(state)
                if ty.is_scheduled() || ty == EventType::ParallelStateStarted || ty == EventType::MapStateStarted =>
            {
                self.failed_inside.insert(state.clone(), false);
            }
            // An iteration that fails leaves the states it was in failed (the Map may go on:
            // a tolerated failure is not the Map's).
            Some(state) if matches!(ty, EventType::MapIterationFailed | EventType::MapIterationAborted) => {
                self.fail_inside(state);
            }
            Some(state) if ty.is_failure() => {
                if matches!(ty, EventType::MapStateFailed | EventType::ParallelStateFailed) {
                    self.fail_inside(state);
                }
                self.failed_inside.insert(state.clone(), true);
            }
            None if ty.ends_execution_unsuccessfully() => {
                for state in self.snap.current.drain(..) {
                    self.snap.statuses.insert(state, StateStatus::Failed);
                }
            }
            _ => {}
        }
    }
}

/// What the diagram shows after `events`.
pub fn snapshot(events: &[HistoryEvent]) -> Snapshot {
    let mut replayer = Replayer::default();
    for event in events {
        replayer.apply(event);
    }
    replayer.into_snapshot()
}

pub use crate::run::aws_history::aws_event;
