//! Execution histories as AWS writes them: the JSON that `aws stepfunctions
//! get-execution-history` prints (`{"events": [...]}`), read into a [`Run`] that the diagram,
//! playback and verdicts show like a simulated one, and written back in the same shape.
//!
//! AWS's events do not name the state they belong to, except `…StateEntered`/`…StateExited`
//! (and Map iterations): an event belongs to the state of the event its `previousEventId`
//! points at, the thread AWS itself keeps, so Parallel branches that interleave stay apart.

use serde_json::{json, Map, Value};

use crate::model::Machine;
use crate::run::event::EventType;
use crate::run::interp::{HistoryEvent, Run, Status};
use crate::run::time::parse_rfc3339;

/// A recorded history read into a run, with what could not be taken as it was.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    pub run: Run,
    /// Events left out (unknown type, no id) and states the definition does not have.
    pub warnings: Vec<String>,
}

/// Why a text is not an execution history. Each variant's doc gives an input that makes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HistoryError {
    /// `{"events": [` — not JSON.
    NotJson(String),
    /// `{"StartAt": "A", "States": {}}` — JSON, but neither `{"events": [...]}` nor an array of
    /// events.
    NotAHistory,
    /// `{"events": []}` — nothing to show.
    Empty,
}

impl std::fmt::Display for HistoryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HistoryError::NotJson(e) => write!(f, "it is not JSON: {e}"),
            HistoryError::NotAHistory => f.write_str(
                "it is not an execution history: expected the output of `aws stepfunctions get-execution-history` ({\"events\": [...]}) or an array of events",
            ),
            HistoryError::Empty => f.write_str("the history has no events"),
        }
    }
}

/// Whether `value` looks like a history (to tell it from a definition or a MockConfig when a
/// file is opened): `{"events": [...]}` or an array whose first element has `type` and `id`.
pub fn looks_like(value: &Value) -> bool {
    let is_event = |e: &Value| e.get("type").is_some_and(Value::is_string) && e.get("id").is_some();
    match value {
        Value::Object(o) => o.get("events").is_some_and(Value::is_array) && o.get("States").is_none(),
        Value::Array(events) => events.first().is_some_and(is_event),
        _ => false,
    }
}

/// The events of `text`: one `{"events": [...]}` page, a bare array, or several pages one after
/// the other (as `--no-paginate` off and `--starting-token` loops write them).
fn events_of(text: &str) -> Result<Vec<Value>, HistoryError> {
    let mut events = Vec::new();
    for document in serde_json::Deserializer::from_str(text).into_iter::<Value>() {
        match document.map_err(|e| HistoryError::NotJson(e.to_string()))? {
            Value::Object(mut page) if page.get("events").is_some_and(Value::is_array) => {
                if let Some(Value::Array(page_events)) = page.remove("events") {
                    events.extend(page_events);
                }
            }
            Value::Array(list) if list.iter().all(Value::is_object) => events.extend(list),
            _ => return Err(HistoryError::NotAHistory),
        }
    }
    if events.is_empty() {
        return Err(HistoryError::Empty);
    }
    Ok(events)
}

/// Milliseconds since the epoch from AWS's `timestamp`: ISO 8601 text (the CLI's default) or
/// a number of seconds (`--cli-timestamp-format wire`).
fn timestamp_ms(value: &Value) -> Option<i64> {
    match value {
        Value::String(text) => parse_rfc3339(text),
        Value::Number(n) => {
            let n = n.as_f64()?;
            // A number this large is already in milliseconds.
            Some(if n > 1e11 { n as i64 } else { (n * 1000.0).round() as i64 })
        }
        _ => None,
    }
}

/// The details object of an event (`stateEnteredEventDetails`, `taskFailedEventDetails`, ...),
/// with `input`, `output` and `parameters` read back from JSON text where they are JSON.
fn details_of(event: &Map<String, Value>) -> Value {
    let Some(Value::Object(details)) = event.iter().find(|(k, _)| k.ends_with("EventDetails")).map(|(_, v)| v) else {
        return json!({});
    };
    let mut details = details.clone();
    for field in ["input", "output", "parameters"] {
        if let Some(Value::String(text)) = details.get(field) {
            if let Ok(value) = serde_json::from_str::<Value>(text) {
                details.insert(field.to_string(), value);
            }
        }
    }
    Value::Object(details)
}

/// Reads a recorded history. With `machine`, events of states it does not have are kept and
/// listed in the warnings.
pub fn read(text: &str, machine: Option<&Machine>) -> Result<Imported, HistoryError> {
    let mut raw = events_of(text)?;
    // AWS lists the newest first with --reverse-order; states are found along previousEventId.
    crate::sort::sort_by_key(&mut raw, |e| e.get("id").and_then(Value::as_u64).unwrap_or(u64::MAX));
    let mut warnings = Vec::new();
    let mut history: Vec<HistoryEvent> = Vec::with_capacity(raw.len());
    let mut state_of_id: std::collections::HashMap<usize, Option<String>> = Default::default();
    let mut skipped = Vec::new();
    for (position, event) in raw.iter().enumerate() {
        let Some(event) = event.as_object() else { continue };
        let ty = event.get("type").and_then(Value::as_str).unwrap_or_default();
        let Some(event_type) = EventType::parse(ty) else {
            skipped.push(format!("#{} {}", position + 1, if ty.is_empty() { "(no type)" } else { ty }));
            continue;
        };
        let id = event.get("id").and_then(Value::as_u64).map_or(position + 1, |id| id as usize);
        let previous = event.get("previousEventId").and_then(Value::as_u64).unwrap_or(0) as usize;
        let details = details_of(event);
        let named = details.get("name").and_then(Value::as_str).map(str::to_string);
        let state = if event_type.is_state_entered() || event_type.is_state_exited() || named.is_some() {
            named
        } else if event_type.is_execution() {
            None
        } else {
            state_of_id.get(&previous).cloned().flatten()
        };
        state_of_id.insert(id, state.clone());
        let timestamp_ms = event.get("timestamp").and_then(timestamp_ms).unwrap_or_else(|| {
            // Keep the clock where it was: a missing timestamp is not a reason to refuse the file.
            history.last().map_or(0, |e: &HistoryEvent| e.timestamp_ms)
        });
        history.push(HistoryEvent {
            id,
            previous_event_id: previous,
            timestamp_ms,
            event_type,
            state,
            details,
            data_flow: None,
            default_result: false,
        });
    }
    if history.is_empty() {
        return Err(HistoryError::NotAHistory);
    }
    if !skipped.is_empty() {
        warnings.push(format!(
            "{} event(s) of a type this tool does not know were left out: {}",
            skipped.len(),
            skipped.join(", ")
        ));
    }
    if let Some(machine) = machine {
        let mut unknown: Vec<&str> =
            history.iter().filter_map(|e| e.state.as_deref()).filter(|s| machine.find(s).is_none()).collect();
        crate::sort::sort_by(&mut unknown, |a, b| a.cmp(b));
        unknown.dedup();
        if !unknown.is_empty() {
            warnings.push(format!("The history names states that are not in the definition: {}", unknown.join(", ")));
        }
    }
    Ok(Imported { run: run_of(history), warnings })
}

/// The run's status, output, error and cause, from its last `Execution…` event.
fn run_of(history: Vec<HistoryEvent>) -> Run {
    let end = history.iter().rev().find(|e| e.event_type.ends_execution());
    let text = |e: &HistoryEvent, key: &str| e.details.get(key).and_then(Value::as_str).map(str::to_string);
    let (status, output, error, cause) = match end {
        None => (Status::Running, None, None, None),
        Some(e) => match e.event_type {
            EventType::ExecutionSucceeded => (Status::Succeeded, e.details.get("output").cloned(), None, None),
            EventType::ExecutionFailed => (Status::Failed, None, text(e, "error"), text(e, "cause")),
            EventType::ExecutionTimedOut => (Status::TimedOut, None, text(e, "error"), text(e, "cause")),
            _ => (Status::Aborted, None, text(e, "error"), text(e, "cause")),
        },
    };
    Run { status, output, error, cause, history, map_runs: Vec::new() }
}

/// An event as `GetExecutionHistory` returns it: `id`, `type`, `previousEventId`, `timestamp`,
/// and the details under AWS's key (`stateEnteredEventDetails`, `taskFailedEventDetails`, ...),
/// with inputs, outputs and parameters as JSON text, as AWS sends them.
pub fn aws_event(event: &HistoryEvent) -> Value {
    let ty = event.event_type;
    let key = if ty.is_state_entered() {
        "stateEnteredEventDetails".to_string()
    } else if ty.is_state_exited() {
        "stateExitedEventDetails".to_string()
    } else {
        let mut chars = ty.as_str().chars();
        let first = chars.next().map(|c| c.to_ascii_lowercase()).unwrap_or_default();
        format!("{first}{}EventDetails", chars.as_str())
    };
    let mut details = event.details.clone();
    if let Value::Object(map) = &mut details {
        for field in ["input", "output", "parameters"] {
            if let Some(v) = map.get_mut(field) {
                *v = Value::String(v.to_string());
            }
        }
    }
    let mut out = json!({
        "id": event.id,
        "type": ty.as_str(),
        "previousEventId": event.previous_event_id,
        "timestamp": crate::run::time::format_rfc3339(event.timestamp_ms),
    });
    if details.as_object().is_some_and(|d| !d.is_empty()) {
        out[key] = details;
    }
    out
}

/// The whole history of `run` as `get-execution-history` prints it.
pub fn to_json(run: &Run) -> Value {
    json!({ "events": run.history.iter().map(aws_event).collect::<Vec<_>>() })
}
