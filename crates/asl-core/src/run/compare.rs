//! Two runs side by side: where their histories part (the first event whose type or state
//! differs, by position), the states one entered and the other never did, and for a state the
//! difference of its input and output between the two runs as a list of JSON [`Change`]s.
//!
//! Read from the histories alone, so a simulated run and a recorded AWS history (see
//! [`crate::run::aws_history`]) compare the same way. Ids and timestamps are not compared.

use std::collections::BTreeMap;
use std::fmt;

use serde_json::Value;

use crate::run::event::EventType;
use crate::run::interp::{HistoryEvent, Run, Status};

/// One event of a run, as the comparison names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventAt {
    /// Its position in the run's history (0-based).
    pub index: usize,
    pub id: usize,
    pub event_type: EventType,
    pub state: Option<String>,
}

impl EventAt {
    fn of(events: &[HistoryEvent], index: usize) -> Option<EventAt> {
        events.get(index).map(|e| EventAt { index, id: e.id, event_type: e.event_type, state: e.state.clone() })
    }
}

impl fmt::Display for EventAt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{} {}", self.id, self.event_type)?;
        if let Some(s) = &self.state {
            write!(f, " · {s}")?;
        }
        Ok(())
    }
}

/// Where two histories part: the first position where the event type or the state differs.
/// One side is `None` when its history ended there and the other's goes on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Divergence {
    pub a: Option<EventAt>,
    pub b: Option<EventAt>,
}

/// What [`compare`] finds.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    pub status: (Status, Status),
    pub events: (usize, usize),
    /// `None`: the same event types on the same states throughout.
    pub first_difference: Option<Divergence>,
    /// The first event (before or at [`Comparison::first_difference`]) of the same type and
    /// state whose details differ (an output, an error): the data parted before the path did.
    pub first_data_difference: Option<usize>,
    /// States entered in `a` and never in `b`, in the order `a` first entered them.
    pub only_a: Vec<String>,
    pub only_b: Vec<String>,
    /// States entered in both, in the order `a` first entered them.
    pub both: Vec<String>,
    /// How often each run entered each state.
    pub visits: (BTreeMap<String, usize>, BTreeMap<String, usize>),
    /// The executions' outputs (or, for a run without one, its error and cause), `a` to `b`.
    pub output: Vec<Change>,
}

/// States in the order they were first entered, with how often.
fn entered(events: &[HistoryEvent]) -> (Vec<String>, BTreeMap<String, usize>) {
    let mut order = Vec::new();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for e in events.iter().filter(|e| e.event_type.is_state_entered()) {
        if let Some(s) = &e.state {
            let n = counts.entry(s.clone()).or_insert(0);
            if *n == 0 {
                order.push(s.clone());
            }
            *n += 1;
        }
    }
    (order, counts)
}

/// The end of a run as a value: its output, or its error and cause.
fn outcome(run: &Run) -> Value {
    match &run.output {
        Some(output) => output.clone(),
        None => serde_json::json!({"Error": run.error, "Cause": run.cause}),
    }
}

/// Compares run `a` with run `b`.
pub fn compare(a: &Run, b: &Run) -> Comparison {
    let (ha, hb) = (&a.history, &b.history);
    let same = |x: &HistoryEvent, y: &HistoryEvent| x.event_type == y.event_type && x.state == y.state;
    let common = ha.iter().zip(hb).take_while(|(x, y)| same(x, y)).count();
    let first_difference = (common < ha.len().max(hb.len()))
        .then(|| Divergence { a: EventAt::of(ha, common), b: EventAt::of(hb, common) });
    let first_data_difference = ha.iter().zip(hb).take(common).position(|(x, y)| x.details != y.details);
    let (order_a, visits_a) = entered(ha);
    let (order_b, visits_b) = entered(hb);
    let only_a = order_a.iter().filter(|s| !visits_b.contains_key(*s)).cloned().collect();
    let only_b = order_b.iter().filter(|s| !visits_a.contains_key(*s)).cloned().collect();
    let both = order_a.iter().filter(|s| visits_b.contains_key(*s)).cloned().collect();
    Comparison {
        status: (a.status, b.status),
        events: (ha.len(), hb.len()),
        first_difference,
        first_data_difference,
        only_a,
        only_b,
        both,
        visits: (visits_a, visits_b),
        output: json_diff(&outcome(a), &outcome(b)),
    }
}

/// One visit of a state: what it got and, once it exited, what it gave.
#[derive(Clone, Debug, PartialEq)]
pub struct StateIo {
    /// 1-based: the how-manieth time the run entered the state.
    pub visit: usize,
    pub input: Option<Value>,
    pub output: Option<Value>,
}

/// The `visit`th (1-based; `None`: the last) visit of `state` in `events`.
pub fn state_io(events: &[HistoryEvent], state: &str, visit: Option<usize>) -> Option<StateIo> {
    let entries: Vec<usize> = events
        .iter()
        .enumerate()
        .filter(|(_, e)| e.event_type.is_state_entered() && e.state.as_deref() == Some(state))
        .map(|(i, _)| i)
        .collect();
    let n = match visit {
        None => entries.len(),
        Some(n) => n,
    };
    let &at = entries.get(n.checked_sub(1)?)?;
    let input = events[at].details.get("input").cloned();
    // The visit's exit: the next exit of the state before it is entered again.
    let output = events[at + 1..]
        .iter()
        .take_while(|e| !(e.event_type.is_state_entered() && e.state.as_deref() == Some(state)))
        .find(|e| e.event_type.is_state_exited() && e.state.as_deref() == Some(state))
        .and_then(|e| e.details.get("output").cloned());
    Some(StateIo { visit: n, input, output })
}

/// A state's input and output in two runs, and their differences.
#[derive(Clone, Debug, PartialEq)]
pub struct StateDiff {
    pub a: Option<StateIo>,
    pub b: Option<StateIo>,
    pub input: Vec<Change>,
    pub output: Vec<Change>,
}

/// The `visit`th (`None`: the last) visit of `state` in `a` and in `b`, and what differs.
pub fn compare_state(a: &Run, b: &Run, state: &str, visit: Option<usize>) -> StateDiff {
    let io_a = state_io(&a.history, state, visit);
    let io_b = state_io(&b.history, state, visit);
    let part = |io: &Option<StateIo>, f: fn(&StateIo) -> &Option<Value>| io.as_ref().and_then(|io| f(io).clone());
    let diff = |x: Option<Value>, y: Option<Value>| match (x, y) {
        (Some(x), Some(y)) => json_diff(&x, &y),
        (Some(x), None) => vec![Change { path: "$".into(), kind: ChangeKind::Removed(x) }],
        (None, Some(y)) => vec![Change { path: "$".into(), kind: ChangeKind::Added(y) }],
        (None, None) => Vec::new(),
    };
    let input = diff(part(&io_a, |io| &io.input), part(&io_b, |io| &io.input));
    let output = diff(part(&io_a, |io| &io.output), part(&io_b, |io| &io.output));
    StateDiff { a: io_a, b: io_b, input, output }
}

/// One difference between two JSON values, at a JSONPath (`$.quote.amount`, `$.items[2]`,
/// `$['odd key']`).
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub path: String,
    pub kind: ChangeKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ChangeKind {
    /// Only the second value has it.
    Added(Value),
    /// Only the first value has it.
    Removed(Value),
    Changed {
        from: Value,
        to: Value,
    },
}

impl ChangeKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            ChangeKind::Added(_) => "added",
            ChangeKind::Removed(_) => "removed",
            ChangeKind::Changed { .. } => "changed",
        }
    }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ChangeKind::Added(v) => write!(f, "+ {}: {v}", self.path),
            ChangeKind::Removed(v) => write!(f, "- {}: {v}", self.path),
            ChangeKind::Changed { from, to } => write!(f, "~ {}: {from} → {to}", self.path),
        }
    }
}

fn is_identifier(key: &str) -> bool {
    let mut chars = key.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '$')
}

fn key_path(path: &str, key: &str) -> String {
    if is_identifier(key) {
        format!("{path}.{key}")
    } else {
        format!("{path}['{}']", key.replace('\\', "\\\\").replace('\'', "\\'"))
    }
}

/// What differs from `a` to `b`: object members added, removed or changed (in `a`'s key order,
/// then `b`'s new keys), array elements by position, anything else compared whole. Equal
/// values give no change; a value of another kind is one change at its path.
pub fn json_diff(a: &Value, b: &Value) -> Vec<Change> {
    let mut out = Vec::new();
    diff_into(a, b, "$".to_string(), &mut out);
    out
}

fn diff_into(a: &Value, b: &Value, path: String, out: &mut Vec<Change>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, va) in x {
                let p = key_path(&path, k);
                match y.get(k) {
                    Some(vb) => diff_into(va, vb, p, out),
                    None => out.push(Change { path: p, kind: ChangeKind::Removed(va.clone()) }),
                }
            }
            for (k, vb) in y.iter().filter(|(k, _)| !x.contains_key(*k)) {
                out.push(Change { path: key_path(&path, k), kind: ChangeKind::Added(vb.clone()) });
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            for i in 0..x.len().max(y.len()) {
                let p = format!("{path}[{i}]");
                match (x.get(i), y.get(i)) {
                    (Some(va), Some(vb)) => diff_into(va, vb, p, out),
                    (Some(va), None) => out.push(Change { path: p, kind: ChangeKind::Removed(va.clone()) }),
                    (None, Some(vb)) => out.push(Change { path: p, kind: ChangeKind::Added(vb.clone()) }),
                    (None, None) => {}
                }
            }
        }
        // Numbers compare by value: 1 and 1.0 are the same number to a state machine.
        (Value::Number(x), Value::Number(y)) if x.as_f64() == y.as_f64() => {}
        _ if a == b => {}
        _ => out.push(Change { path, kind: ChangeKind::Changed { from: a.clone(), to: b.clone() } }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{parse, simulate, Options, Outcome, Scenario};
    use serde_json::json;

    const POLLER: &str = r#"{
      "StartAt": "Submit",
      "States": {
        "Submit": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "OutputPath": "$.Payload", "Next": "Wait"},
        "Wait": {"Type": "Wait", "Seconds": 60, "Next": "Status"},
        "Status": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "OutputPath": "$.Payload", "Next": "Done?"},
        "Done?": {"Type": "Choice", "Choices": [
            {"Variable": "$.status", "StringEquals": "SUCCEEDED", "Next": "Final"},
            {"Variable": "$.status", "StringEquals": "FAILED", "Next": "Failed"}],
          "Default": "Wait"},
        "Final": {"Type": "Pass", "End": true},
        "Failed": {"Type": "Fail", "Error": "JobFailed"}
      }
    }"#;

    fn poll(statuses: &[&str]) -> Run {
        let machine = parse(POLLER).machine.unwrap();
        let mut scenario = Scenario::new().then("Submit", Outcome::Return(json!({"Payload": {"job": 7}})));
        for s in statuses {
            scenario = scenario.then("Status", Outcome::Return(json!({"Payload": {"job": 7, "status": s}})));
        }
        simulate(&machine, json!({"job": 7}), &scenario, &Options::default())
    }

    fn types(run: &Run) -> Vec<(&str, Option<&str>)> {
        run.history.iter().map(|e| (e.event_type.as_str(), e.state.as_deref())).collect()
    }

    #[test]
    fn the_same_run_has_no_difference() {
        let a = poll(&["SUCCEEDED"]);
        let c = compare(&a, &a.clone());
        assert_eq!(c.first_difference, None);
        assert_eq!(c.first_data_difference, None);
        assert!(c.only_a.is_empty() && c.only_b.is_empty() && c.output.is_empty());
        assert_eq!(c.both, ["Submit", "Wait", "Status", "Done?", "Final"]);
    }

    #[test]
    fn the_first_difference_is_where_the_paths_part() {
        let a = poll(&["SUCCEEDED"]);
        let b = poll(&["RUNNING", "FAILED"]);
        let c = compare(&a, &b);
        let d = c.first_difference.clone().unwrap();
        let (ea, eb) = (d.a.unwrap(), d.b.unwrap());
        assert_eq!(ea.index, eb.index);
        let at = ea.index;
        assert_eq!(types(&a)[..at], types(&b)[..at], "the same up to there");
        assert_eq!((ea.event_type, ea.state.as_deref()), (EventType::PassStateEntered, Some("Final")));
        assert_eq!((eb.event_type, eb.state.as_deref()), (EventType::WaitStateEntered, Some("Wait")));
        assert_eq!(ea.id, at + 1);
        assert_eq!(ea.to_string(), format!("#{} PassStateEntered · Final", at + 1));
        // Status's result differed before the Choice took another way.
        let data = c.first_data_difference.unwrap();
        assert!(data < at);
        assert_eq!(a.history[data].state.as_deref(), Some("Status"));
        assert_eq!(c.only_a, ["Final"]);
        assert_eq!(c.only_b, ["Failed"]);
        assert_eq!(c.visits.0["Status"], 1);
        assert_eq!(c.visits.1["Status"], 2);
        assert_eq!(c.status, (Status::Succeeded, Status::Failed));
        assert!(!c.output.is_empty());
    }

    #[test]
    fn a_history_that_stops_early_differs_where_it_ends() {
        let a = poll(&["SUCCEEDED"]);
        let mut b = a.clone();
        b.history.truncate(5);
        let d = compare(&a, &b).first_difference.unwrap();
        assert_eq!(d.a.map(|e| e.index), Some(5));
        assert_eq!(d.b, None);
    }

    #[test]
    fn a_state_compares_by_visit() {
        let a = poll(&["SUCCEEDED"]);
        let b = poll(&["RUNNING", "SUCCEEDED"]);
        // The last visits gave the same output; b's came back round with the last status.
        let last = compare_state(&a, &b, "Status", None);
        assert_eq!((last.a.as_ref().unwrap().visit, last.b.as_ref().unwrap().visit), (1, 2));
        assert!(last.output.is_empty(), "{last:?}");
        assert_eq!(last.input, [Change { path: "$.status".into(), kind: ChangeKind::Added(json!("RUNNING")) }]);
        // The first visits' outputs differ in the status.
        let first = compare_state(&a, &b, "Status", Some(1));
        assert_eq!(
            first.output,
            [Change {
                path: "$.status".into(),
                kind: ChangeKind::Changed { from: json!("SUCCEEDED"), to: json!("RUNNING") }
            }]
        );
        // A visit one run never made: everything it has is added.
        let second = compare_state(&a, &b, "Status", Some(2));
        assert!(second.a.is_none());
        assert_eq!(second.input[0].kind.as_str(), "added");
        assert_eq!(second.input[0].path, "$");
    }

    #[test]
    fn json_diff_names_each_path() {
        let a = json!({"a": 1, "b": {"c": [1, 2, 3], "d": "x"}, "gone": true, "odd key": 1, "n": 1});
        let b = json!({"a": 1, "b": {"c": [1, 5], "d": "y"}, "odd key": 2, "new": null, "n": 1.0});
        let changes: Vec<String> = json_diff(&a, &b).iter().map(ToString::to_string).collect();
        assert_eq!(
            changes,
            [
                "~ $.b.c[1]: 2 → 5",
                "- $.b.c[2]: 3",
                "~ $.b.d: \"x\" → \"y\"",
                "- $.gone: true",
                "~ $['odd key']: 1 → 2",
                "+ $.new: null",
            ]
        );
        assert!(json_diff(&a, &a).is_empty());
        let whole = json_diff(&json!([1]), &json!({"a": 1}));
        assert_eq!(whole.len(), 1);
        assert_eq!(whole[0].path, "$");
        assert_eq!(json_diff(&json!({"it's": 1}), &json!({}))[0].path, "$['it\\'s']");
    }

    #[test]
    fn a_recorded_history_compares_like_a_simulated_one() {
        let a = poll(&["RUNNING", "SUCCEEDED"]);
        let text = serde_json::to_string(&crate::run::aws_history::to_json(&a)).unwrap();
        let recorded = crate::run::aws_history::read(&text, None).unwrap().run;
        let c = compare(&a, &recorded);
        assert_eq!(c.first_difference, None, "{:?}", types(&recorded));
        assert!(compare_state(&a, &recorded, "Status", None).output.is_empty());
    }
}
