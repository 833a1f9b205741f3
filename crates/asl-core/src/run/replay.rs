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

/// The states entered inside `container` (after it in `current`) and not exited end failed.
fn fail_inside(snap: &mut Snapshot, container: &str) {
    if let Some(at) = snap.current.iter().rposition(|s| s == container) {
        for state in snap.current.split_off(at + 1) {
            snap.statuses.insert(state, StateStatus::Failed);
        }
    }
}

pub fn snapshot(events: &[HistoryEvent]) -> Snapshot {
    let mut snap = Snapshot::default();
    let mut failed_inside: BTreeMap<String, bool> = BTreeMap::new();
    for event in events {
        snap.clock_ms = event.timestamp_ms;
        let ty = event.event_type;
        match &event.state {
            Some(state) if ty.is_state_entered() => {
                snap.current.push(state.clone());
                failed_inside.insert(state.clone(), false);
                let status =
                    if ty == EventType::FailStateEntered { StateStatus::Failed } else { StateStatus::InProgress };
                snap.statuses.insert(state.clone(), status);
            }
            Some(state) if ty.is_state_exited() => {
                snap.current.retain(|s| s != state);
                let caught = failed_inside.get(state).copied().unwrap_or(false);
                snap.statuses.insert(state.clone(), if caught { StateStatus::Caught } else { StateStatus::Succeeded });
            }
            // A new attempt (Retry) clears the failure of the previous one.
            Some(state)
                if ty.is_scheduled() || ty == EventType::ParallelStateStarted || ty == EventType::MapStateStarted =>
            {
                failed_inside.insert(state.clone(), false);
            }
            // An iteration that fails leaves the states it was in failed (the Map may go on:
            // a tolerated failure is not the Map's).
            Some(state) if matches!(ty, EventType::MapIterationFailed | EventType::MapIterationAborted) => {
                fail_inside(&mut snap, state);
            }
            Some(state) if ty.is_failure() => {
                if matches!(ty, EventType::MapStateFailed | EventType::ParallelStateFailed) {
                    fail_inside(&mut snap, state);
                }
                failed_inside.insert(state.clone(), true);
            }
            None if ty.ends_execution_unsuccessfully() => {
                for state in snap.current.drain(..) {
                    snap.statuses.insert(state, StateStatus::Failed);
                }
            }
            _ => {}
        }
    }
    snap
}

pub use crate::run::aws_history::aws_event;
