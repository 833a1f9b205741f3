//! Reading a history event by event into visits: which containers (Map iterations, Parallel
//! branches) are open, which visits are still running, and what each event does to them.

use serde_json::Value;

use super::{Attempt, Scope, Visit, VisitResult};
use crate::model::{Machine, StateKind};
use crate::run::event::EventType;
use crate::run::interp::HistoryEvent;

/// A service call's result event.
fn ends_call(t: EventType) -> bool {
    use EventType::*;
    matches!(
        t,
        TaskSucceeded
            | TaskFailed
            | TaskTimedOut
            | TaskStartFailed
            | TaskSubmitFailed
            | LambdaFunctionSucceeded
            | LambdaFunctionFailed
            | LambdaFunctionTimedOut
            | LambdaFunctionScheduleFailed
            | LambdaFunctionStartFailed
            | ActivitySucceeded
            | ActivityFailed
            | ActivityTimedOut
            | ActivityScheduleFailed
    )
}

/// An open container the next events are inside.
enum Frame {
    Iteration { map_state: String, index: usize },
    Parallel { name: String, started_id: usize, branch: Option<usize>, branches: usize },
}

impl Frame {
    fn scope(&self) -> Option<Scope> {
        match self {
            Frame::Iteration { map_state, index } => {
                Some(Scope::Iteration { map_state: map_state.clone(), index: *index })
            }
            Frame::Parallel { name, branch, .. } => branch.map(|index| Scope::Branch { parallel: name.clone(), index }),
        }
    }

    fn container(&self) -> &str {
        match self {
            Frame::Iteration { map_state, .. } => map_state,
            Frame::Parallel { name, .. } => name,
        }
    }
}

struct Open {
    visit: usize,
    /// The last thing that happened to it was a failure (a caught one, if it exits).
    last_failed: bool,
}

/// A container's end: its frames close, and what still ran inside it failed.
fn closes_container(t: EventType) -> bool {
    use EventType::*;
    matches!(
        t,
        ParallelStateSucceeded
            | ParallelStateFailed
            | ParallelStateAborted
            | ParallelStateExited
            | MapStateSucceeded
            | MapStateFailed
            | MapStateAborted
            | MapStateExited
    )
}

/// The timeline so far, and what the next event may close.
pub(super) struct Reader<'a> {
    /// Given, a Parallel's branch is the one whose `States` holds the state.
    machine: Option<&'a Machine>,
    out: Vec<Visit>,
    open: Vec<Open>,
    frames: Vec<Frame>,
}

impl<'a> Reader<'a> {
    pub(super) fn new(machine: Option<&'a Machine>) -> Reader<'a> {
        Reader { machine, out: Vec::new(), open: Vec::new(), frames: Vec::new() }
    }

    pub(super) fn visits(self) -> Vec<Visit> {
        self.out
    }

    /// Event `i`, at `at` ms since the first.
    pub(super) fn read(&mut self, i: usize, e: &HistoryEvent, at: i64) {
        let t = e.event_type;
        if t.is_state_entered() {
            return self.enter(i, e, at);
        }
        match t {
            EventType::MapIterationStarted => return self.iteration_started(e),
            EventType::MapIterationSucceeded | EventType::MapIterationFailed | EventType::MapIterationAborted => {
                return self.iteration_ended(i, e, at);
            }
            EventType::ParallelStateStarted => {
                if let Some(name) = &e.state {
                    self.frames.push(Frame::Parallel {
                        name: name.clone(),
                        started_id: e.id,
                        branch: None,
                        branches: 0,
                    });
                }
                return;
            }
            _ => {}
        }
        if t.ends_execution() {
            return self.fail_inside(None, i, at);
        }
        let Some(state) = e.state.as_deref() else { return };
        if closes_container(t) {
            self.close_container(state, i, at);
        }
        self.state_event(i, e, state, at);
    }

    /// A `…StateEntered`: a new visit, in the containers open now.
    fn enter(&mut self, i: usize, e: &HistoryEvent, at: i64) {
        let Some(state) = e.state.clone() else { return };
        self.choose_branch(e, &state);
        let scopes = self.frames.iter().filter_map(Frame::scope).collect();
        self.open.push(Open { visit: self.out.len(), last_failed: false });
        self.out.push(Visit {
            state,
            kind: e.event_type,
            entered: i,
            ended: None,
            start_ms: at,
            end_ms: None,
            scopes,
            result: VisitResult::Running,
            attempts: Vec::new(),
        });
    }

    /// Directly inside a Parallel: which branch is `state` in?
    fn choose_branch(&mut self, e: &HistoryEvent, state: &str) {
        let machine = self.machine;
        let Some(Frame::Parallel { name, started_id, branch, branches }) = self.frames.last_mut() else { return };
        let by_definition = machine.and_then(|m| match &m.find(name)?.kind {
            StateKind::Parallel(p) => p.branches.iter().position(|b| b.state(state).is_some()),
            _ => None,
        });
        let next = match by_definition {
            Some(b) => b,
            None if e.previous_event_id == *started_id || branch.is_none() => *branches,
            None => branch.unwrap_or(0),
        };
        *branches = (*branches).max(next + 1);
        *branch = Some(next);
    }

    fn iteration_started(&mut self, e: &HistoryEvent) {
        let map_state = e.details.get("name").and_then(Value::as_str).or(e.state.as_deref());
        let index = e.details.get("index").and_then(Value::as_u64);
        if let (Some(map_state), Some(index)) = (map_state, index) {
            self.frames.push(Frame::Iteration { map_state: map_state.to_string(), index: index as usize });
        }
    }

    /// An iteration's end closes its frame; a failed or aborted one fails what ran inside it.
    fn iteration_ended(&mut self, i: usize, e: &HistoryEvent, at: i64) {
        let map_state = e.details.get("name").and_then(Value::as_str).or(e.state.as_deref());
        let index = e.details.get("index").and_then(Value::as_u64).map(|i| i as usize);
        let at_frame = self.frames.iter().rposition(|f| {
            matches!(f, Frame::Iteration { map_state: m, index: x } if Some(m.as_str()) == map_state && Some(*x) == index)
        });
        if let Some(k) = at_frame {
            if e.event_type != EventType::MapIterationSucceeded {
                let scope = self.frames[k].scope();
                self.fail_inside(scope.as_ref(), i, at);
            }
            self.frames.truncate(k);
        }
    }

    fn close_container(&mut self, state: &str, i: usize, at: i64) {
        if let Some(k) = self.frames.iter().position(|f| f.container() == state) {
            let scopes: Vec<Scope> = self.frames[k..].iter().filter_map(Frame::scope).collect();
            for scope in &scopes {
                self.fail_inside(Some(scope), i, at);
            }
            self.frames.truncate(k);
        }
    }

    /// Ends the open visits inside `container` (all, for `None`) as failed at event `i`.
    fn fail_inside(&mut self, container: Option<&Scope>, i: usize, at: i64) {
        let out = &mut self.out;
        self.open.retain(|o| {
            let v = &mut out[o.visit];
            let inside = container.is_none_or(|c| v.scopes.contains(c));
            if inside {
                v.ended = Some(i);
                v.end_ms = Some(at);
                v.result = VisitResult::Failed;
            }
            !inside
        });
    }

    /// An event of the latest open visit of `state`: a service call's start or result, a
    /// failure, the state's exit.
    fn state_event(&mut self, i: usize, e: &HistoryEvent, state: &str, at: i64) {
        let t = e.event_type;
        let Some(o) = self.open.iter().rposition(|o| self.out[o.visit].state == state) else { return };
        let visit = &mut self.out[self.open[o].visit];
        if t.is_scheduled() {
            visit.attempts.push(Attempt { scheduled: i, ended: None, start_ms: at, end_ms: None, error: None });
        } else if ends_call(t) {
            if let Some(a) = visit.attempts.last_mut().filter(|a| a.ended.is_none()) {
                a.ended = Some(i);
                a.end_ms = Some(at);
                if t.is_failure() {
                    let error = e.details.get("error").and_then(Value::as_str).unwrap_or(t.as_str());
                    a.error = Some(error.to_string());
                }
            }
        }
        let open = &mut self.open[o];
        if t.is_failure() {
            open.last_failed = true;
        } else if ends_call(t) {
            open.last_failed = false;
        }
        if t.is_state_exited() {
            visit.ended = Some(i);
            visit.end_ms = Some(at);
            visit.result = if open.last_failed {
                VisitResult::Caught
            } else if visit.attempts.iter().any(Attempt::failed) {
                VisitResult::Retried
            } else {
                VisitResult::Succeeded
            };
            self.open.remove(o);
        }
    }
}
