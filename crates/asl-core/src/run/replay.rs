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

/// Where one branch of a Parallel is at a point of the run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BranchStatus {
    /// None of its states entered yet.
    Pending,
    Running,
    Succeeded,
    Failed,
    /// Stopped unfinished because another branch failed (the Parallel has ended).
    Aborted,
}

impl BranchStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            BranchStatus::Pending => "pending",
            BranchStatus::Running => "running",
            BranchStatus::Succeeded => "succeeded",
            BranchStatus::Failed => "failed",
            BranchStatus::Aborted => "aborted",
        }
    }
}

/// The status of the branch drawn as container `branch` of `layout`, from the statuses of its
/// states in `snap`: failed when one of them failed uncaught, succeeded when one of its own
/// terminal states succeeded, running while any is in progress or it has begun, aborted when
/// its Parallel ended first (AWS stops the other branches when one fails).
pub fn branch_status(layout: &crate::layout::Layout, branch: usize, snap: &Snapshot) -> BranchStatus {
    let own: Vec<_> = layout.nodes.iter().filter(|n| layout.is_within(n.parent, branch)).collect();
    let status = |name: &str| snap.statuses.get(name).copied();
    if own.iter().any(|n| status(&n.name) == Some(StateStatus::InProgress)) {
        return BranchStatus::Running;
    }
    if own.iter().any(|n| status(&n.name) == Some(StateStatus::Failed)) {
        return BranchStatus::Failed;
    }
    if own.iter().any(|n| n.parent == Some(branch) && n.terminal && status(&n.name) == Some(StateStatus::Succeeded)) {
        return BranchStatus::Succeeded;
    }
    let begun = own.iter().any(|n| status(&n.name).is_some());
    let parallel = layout.containers.get(branch).and_then(|c| layout.nodes.get(c.state));
    match parallel.and_then(|p| status(&p.name)) {
        None => BranchStatus::Pending,
        Some(StateStatus::InProgress) if begun => BranchStatus::Running,
        Some(StateStatus::InProgress) => BranchStatus::Pending,
        // The Parallel ended with this branch unfinished (or never begun).
        Some(_) => BranchStatus::Aborted,
    }
}

#[cfg(test)]
mod branch_tests {
    use super::*;
    use crate::{layout::layout, parse, simulate, Options, Outcome, Scenario};

    #[test]
    fn each_branch_of_a_parallel_has_its_status_as_the_run_goes() {
        let text = r#"{"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
            {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}},
            {"StartAt": "B", "States": {"B": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "B2"},
                                        "B2": {"Type": "Pass", "End": true}}}]}}}"#;
        let machine = parse(text).machine.unwrap();
        let l = layout(&machine);
        let branches: Vec<usize> =
            (0..l.containers.len()).filter(|&c| l.containers[c].kind == crate::layout::ContainerKind::Branch).collect();
        assert_eq!(branches.len(), 2);
        let at_end = |scenario: &Scenario| {
            let run = simulate(&machine, serde_json::json!({}), scenario, &Options::default());
            let snap = snapshot(&run.history);
            let before = snapshot(&run.history[..2]);
            (
                branches.iter().map(|&b| branch_status(&l, b, &snap)).collect::<Vec<_>>(),
                branch_status(&l, branches[0], &before),
            )
        };
        let (ok, early) = at_end(&Scenario::new());
        assert_eq!(ok, [BranchStatus::Succeeded, BranchStatus::Succeeded]);
        assert_eq!(early, BranchStatus::Pending);
        let (failed, _) = at_end(&Scenario::new().then("A", Outcome::Throw { error: "Boom".into(), cause: None }));
        assert_eq!(failed[0], BranchStatus::Failed);
        assert!(matches!(failed[1], BranchStatus::Succeeded | BranchStatus::Aborted), "{failed:?}");
        assert_eq!(failed[1], BranchStatus::Aborted, "branches run in order here: B never began");
    }
}
