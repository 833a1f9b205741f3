//! What a run is given and what it gives back: [`Options`], and the [`Run`] with its history.

use serde_json::{Map, Value};

use crate::run::event::EventType;

#[derive(Clone, Debug)]
pub struct Options {
    pub execution_name: String,
    /// Virtual start time, milliseconds since the Unix epoch.
    pub start_time_ms: i64,
    pub max_events: usize,
    /// Seeds generated ids (job ids, message ids).
    pub seed: u64,
    /// Record each state's data-flow stages (`HistoryEvent::data_flow`).
    pub record_data_flow: bool,
    /// An Express workflow: at most five minutes (then `States.Timeout`) and no 25,000-event
    /// history limit ([`Options::express`] sets a far larger bound, so a loop still ends).
    pub express: bool,
}

/// The longest an Express execution runs (AWS: five minutes).
pub const EXPRESS_MAX_DURATION_MS: i64 = 5 * 60 * 1000;

/// The events an Express run may make before it is stopped: Express has no history limit, but a
/// simulation must end (a Pass loop takes no virtual time). Ten times the Standard limit: a Map
/// over 60,000 items fits.
pub const EXPRESS_MAX_EVENTS: usize = 250_000;

impl Options {
    /// The options of an Express execution (or a Standard one, when `express` is false).
    pub fn express(express: bool) -> Options {
        let standard = Options::default();
        if express {
            Options { express: true, max_events: EXPRESS_MAX_EVENTS, ..standard }
        } else {
            standard
        }
    }
}

impl Default for Options {
    fn default() -> Self {
        Options {
            execution_name: "simulation".to_string(),
            // 2024-01-01T00:00:00Z: a fixed virtual epoch keeps histories reproducible.
            start_time_ms: 1_704_067_200_000,
            max_events: 25_000,
            seed: 0,
            record_data_flow: true,
            express: false,
        }
    }
}

/// One entry of the execution history, as AWS's `GetExecutionHistory` shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryEvent {
    pub id: usize,
    pub previous_event_id: usize,
    pub timestamp_ms: i64,
    /// AWS's event type: `TaskStateEntered`, `TaskScheduled`, `ExecutionSucceeded`, ...
    pub event_type: EventType,
    /// The state the event belongs to, if any.
    pub state: Option<String>,
    /// The event's details, with AWS's field names (`input`, `output`, `error`, `cause`, ...).
    pub details: Value,
    /// On the event that ends a state's visit: its data-flow stages as the TestState API names
    /// them at DEBUG level (`afterInputPath`, `afterParameters`, `result`, `afterResultSelector`,
    /// `afterResultPath`; JSONata `afterArguments`, `result`; `assignedVariables`). Not part of
    /// AWS's history.
    pub data_flow: Option<Map<String, Value>>,
    /// On a Task's `...Succeeded` event: no scenario scripts this state, so the result is the
    /// integration's default (see [`crate::run::services`]). Not part of AWS's history.
    pub default_result: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Succeeded,
    Failed,
    TimedOut,
    /// Only in a recorded history: the execution was stopped.
    Aborted,
    /// Only in a recorded history that ends before the execution did.
    Running,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Succeeded => "SUCCEEDED",
            Status::Failed => "FAILED",
            Status::TimedOut => "TIMED_OUT",
            Status::Aborted => "ABORTED",
            Status::Running => "RUNNING",
        }
    }
}

/// A finished simulated execution.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    pub status: Status,
    pub output: Option<Value>,
    pub error: Option<String>,
    pub cause: Option<String>,
    pub history: Vec<HistoryEvent>,
    /// The child executions of distributed Maps, each with its own history (the parent's
    /// shows `MapRunStarted` ... `MapRunSucceeded`), in the order they ran.
    pub map_runs: Vec<ChildRun>,
}

/// One iteration of a distributed Map: a child execution with a history of its own, bounded by
/// the same event limit as an execution.
#[derive(Clone, Debug, PartialEq)]
pub struct ChildRun {
    pub map_state: String,
    pub index: usize,
    pub history: Vec<HistoryEvent>,
}
