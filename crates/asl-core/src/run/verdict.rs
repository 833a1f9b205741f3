//! Judging runs: a test's expectations against a [`Run`] (what differed, expected vs got), and
//! coverage over several runs: the states, Choice branches, Catchers and Retriers that some run
//! exercised. Read from the history alone, so a recorded history can be judged the same way.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::model::{Machine, State, StateKind};
use crate::run::interp::{HistoryEvent, Run};

/// What a run must give; every part is optional (TESTS.json's `Expect`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Expectation {
    pub status: Option<String>,
    pub output: Option<Value>,
    pub error: Option<String>,
    pub cause: Option<String>,
    pub visited: Vec<String>,
    pub not_visited: Vec<String>,
}

/// One way a run differed from its expectation.
#[derive(Clone, Debug, PartialEq)]
pub struct Difference {
    /// `Status`, `Output`, `Error`, `Cause`, `Visited` or `NotVisited`.
    pub what: &'static str,
    pub expected: String,
    pub got: String,
}

impl std::fmt::Display for Difference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: expected {}, got {}", self.what, self.expected, self.got)
    }
}

impl Expectation {
    /// Reads TESTS.json's `Expect` object; `Err` names the key that is malformed.
    pub fn from_json(v: &Value) -> Result<Expectation, String> {
        let Value::Object(map) = v else { return Err("Expect is not an object".into()) };
        let text = |k: &str| -> Result<Option<String>, String> {
            match map.get(k) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(_) => Err(format!("Expect.{k} is not a string")),
            }
        };
        let list = |k: &str| -> Result<Vec<String>, String> {
            match map.get(k) {
                None | Some(Value::Null) => Ok(Vec::new()),
                Some(Value::Array(items)) => items
                    .iter()
                    .map(|i| i.as_str().map(str::to_string).ok_or(format!("Expect.{k} holds a non-string")))
                    .collect(),
                Some(_) => Err(format!("Expect.{k} is not an array of state names")),
            }
        };
        Ok(Expectation {
            status: text("Status")?,
            output: map.get("Output").cloned(),
            error: text("Error")?,
            cause: text("Cause")?,
            visited: list("Visited")?,
            not_visited: list("NotVisited")?,
        })
    }

    /// Everything that differs; empty when the run meets the expectation.
    pub fn check(&self, run: &Run) -> Vec<Difference> {
        let mut out = Vec::new();
        let show = |v: &Option<String>| v.clone().map_or("none".to_string(), |s| format!("{s:?}"));
        if let Some(status) = &self.status {
            if status != run.status.as_str() {
                out.push(Difference { what: "Status", expected: status.clone(), got: run.status.as_str().into() });
            }
        }
        if let Some(output) = &self.output {
            if run.output.as_ref() != Some(output) {
                let got = run.output.as_ref().map_or("no output".to_string(), Value::to_string);
                out.push(Difference { what: "Output", expected: output.to_string(), got });
            }
        }
        if self.error.is_some() && self.error != run.error {
            out.push(Difference { what: "Error", expected: show(&self.error), got: show(&run.error) });
        }
        if self.cause.is_some() && self.cause != run.cause {
            out.push(Difference { what: "Cause", expected: show(&self.cause), got: show(&run.cause) });
        }
        let seen = visited(&run.history);
        let missing: Vec<&str> = self.visited.iter().filter(|s| !seen.contains(*s)).map(String::as_str).collect();
        if !missing.is_empty() {
            out.push(Difference { what: "Visited", expected: missing.join(", "), got: "not visited".into() });
        }
        let unwanted: Vec<&str> = self.not_visited.iter().filter(|s| seen.contains(*s)).map(String::as_str).collect();
        if !unwanted.is_empty() {
            out.push(Difference { what: "NotVisited", expected: unwanted.join(", "), got: "visited".into() });
        }
        out
    }
}

fn is_entered(e: &HistoryEvent) -> bool {
    e.event_type.ends_with("StateEntered")
}

/// The states a history entered.
pub fn visited(history: &[HistoryEvent]) -> BTreeSet<String> {
    history.iter().filter(|e| is_entered(e)).filter_map(|e| e.state.clone()).collect()
}

/// What the runs of a set of tests exercised, against what the machine has.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Coverage {
    pub states: Tally,
    /// Each Choice rule and each `Default` is one branch.
    pub choice_rules: Tally,
    pub catchers: Tally,
    pub retriers: Tally,
    /// The states no run entered (the diagram marks them).
    pub unvisited: Vec<String>,
    /// `(Choice state, rule index or None for Default)` never taken.
    pub untaken_rules: Vec<(String, Option<usize>)>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Tally {
    pub covered: usize,
    pub total: usize,
}

impl std::fmt::Display for Coverage {
    /// `14 of 17 states, 5 of 6 Choice rules, 1 of 2 Catchers, 0 of 1 Retriers`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let t = |t: Tally, what: &str| format!("{} of {} {what}", t.covered, t.total);
        write!(
            f,
            "{}, {}, {}, {}",
            t(self.states, "states"),
            t(self.choice_rules, "Choice rules"),
            t(self.catchers, "Catchers"),
            t(self.retriers, "Retriers")
        )
    }
}

/// For each visit of `state` in a history: the state entered right after it ended (if any),
/// whether it failed before that, and how many times it was retried.
struct Visit {
    next: Option<String>,
    errors: Vec<String>,
    attempts: usize,
}

fn visits(history: &[HistoryEvent], state: &str) -> Vec<Visit> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < history.len() {
        let e = &history[i];
        if !(is_entered(e) && e.state.as_deref() == Some(state)) {
            i += 1;
            continue;
        }
        let mut visit = Visit { next: None, errors: Vec::new(), attempts: 0 };
        let mut j = i + 1;
        while j < history.len() {
            let f = &history[j];
            if is_entered(f) && f.state.as_deref() != Some(state) {
                visit.next = f.state.clone();
                break;
            }
            if f.state.as_deref() == Some(state) || f.state.is_none() {
                if f.event_type.ends_with("Scheduled") {
                    visit.attempts += 1;
                }
                if f.event_type.ends_with("Failed") || f.event_type.ends_with("TimedOut") {
                    if let Some(err) = f.details.get("error").and_then(Value::as_str) {
                        visit.errors.push(err.to_string());
                    }
                }
            }
            if is_entered(f) {
                break;
            }
            j += 1;
        }
        out.push(visit);
        i = j.max(i + 1);
    }
    out
}

fn matches(error_equals: &[String], error: &str) -> bool {
    error_equals.iter().any(|e| e == error || (e == "States.ALL" && error != "States.Runtime"))
}

fn all_states(machine: &Machine, out: &mut Vec<State>) {
    for s in &machine.states {
        out.push(s.clone());
        for child in s.children() {
            all_states(child, out);
        }
    }
}

/// Coverage of `machine` by these runs' histories.
pub fn coverage(machine: &Machine, histories: &[&[HistoryEvent]]) -> Coverage {
    let mut states = Vec::new();
    all_states(machine, &mut states);
    let seen: BTreeSet<String> = histories.iter().flat_map(|h| visited(h)).collect();
    let mut cov = Coverage::default();
    for s in &states {
        cov.states.total += 1;
        if seen.contains(&s.name) {
            cov.states.covered += 1;
        } else {
            cov.unvisited.push(s.name.clone());
        }
        let all_visits: Vec<Visit> = histories.iter().flat_map(|h| visits(h, &s.name)).collect();
        if let StateKind::Choice(c) = &s.kind {
            let taken: BTreeSet<&str> = all_visits.iter().filter_map(|v| v.next.as_deref()).collect();
            let mut branches: Vec<(Option<usize>, Option<&str>)> = c
                .choices
                .iter()
                .enumerate()
                .map(|(i, r)| (Some(i), r.next.as_ref().map(|n| n.value.as_str())))
                .collect();
            if let Some(d) = &c.default {
                branches.push((None, Some(d.value.as_str())));
            }
            // A branch counts when its target was entered from here; with several branches to one
            // target, the history cannot tell them apart and the first is credited.
            let mut credited = BTreeSet::new();
            for (index, target) in branches {
                cov.choice_rules.total += 1;
                match target.filter(|t| taken.contains(t) && credited.insert(*t)) {
                    Some(_) => cov.choice_rules.covered += 1,
                    None => cov.untaken_rules.push((s.name.clone(), index)),
                }
            }
        }
        for catcher in &s.catch {
            cov.catchers.total += 1;
            let target = catcher.next.as_ref().map(|n| n.value.as_str());
            let caught = all_visits.iter().any(|v| {
                v.next.as_deref() == target && v.errors.last().is_some_and(|e| matches(&catcher.error_equals, e))
            });
            cov.catchers.covered += usize::from(caught);
        }
        for retrier in &s.retry {
            cov.retriers.total += 1;
            let retried =
                all_visits.iter().any(|v| v.attempts > 1 && v.errors.iter().any(|e| matches(&retrier.error_equals, e)));
            cov.retriers.covered += usize::from(retried);
        }
    }
    cov
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{simulate, Options, Outcome, Scenario};
    use serde_json::json;

    const DEF: &str = r#"{"StartAt": "Call", "States": {
        "Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "Check",
                 "Retry": [{"ErrorEquals": ["Lambda.TooManyRequestsException"], "MaxAttempts": 1}],
                 "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Failed"}]},
        "Check": {"Type": "Choice", "Choices": [{"Variable": "$.ok", "BooleanEquals": true, "Next": "Yes"}], "Default": "No"},
        "Yes": {"Type": "Succeed"}, "No": {"Type": "Succeed"}, "Failed": {"Type": "Fail", "Error": "E"}}}"#;

    fn run(scenario: Scenario) -> Run {
        simulate(&crate::parse(DEF).machine.unwrap(), json!({}), &scenario, &Options::default())
    }

    #[test]
    fn expectations_report_each_difference() {
        let ok = run(Scenario::new().then("Call", Outcome::Return(json!({"ok": true}))));
        let expect = Expectation::from_json(
            &json!({"Status": "SUCCEEDED", "Output": {"ok": true}, "Visited": ["Yes"], "NotVisited": ["No"]}),
        )
        .unwrap();
        assert_eq!(expect.check(&ok), vec![]);
        let wrong = Expectation::from_json(&json!({"Status": "FAILED", "Visited": ["No"], "Error": "E"})).unwrap();
        let d = wrong.check(&ok);
        assert_eq!(d.iter().map(|d| d.what).collect::<Vec<_>>(), ["Status", "Error", "Visited"]);
        assert_eq!(d[0].to_string(), "Status: expected FAILED, got SUCCEEDED");
        assert!(Expectation::from_json(&json!({"Visited": "Yes"})).unwrap_err().contains("Visited"));
    }

    #[test]
    fn coverage_counts_states_rules_catchers_and_retriers() {
        let m = crate::parse(DEF).machine.unwrap();
        let yes = run(Scenario::new().then("Call", Outcome::Return(json!({"ok": true}))));
        let c = coverage(&m, &[&yes.history]);
        assert_eq!(c.to_string(), "3 of 5 states, 1 of 2 Choice rules, 0 of 1 Catchers, 0 of 1 Retriers");
        assert_eq!(c.unvisited, ["No", "Failed"]);
        let throttled = Outcome::Throw { error: "Lambda.TooManyRequestsException".into(), cause: Some("slow".into()) };
        let failed = run(Scenario::new().then("Call", throttled.clone()).then("Call", throttled));
        let c = coverage(&m, &[&yes.history, &failed.history]);
        assert_eq!(c.to_string(), "4 of 5 states, 1 of 2 Choice rules, 1 of 1 Catchers, 1 of 1 Retriers");
    }
}
