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
        // A distributed Map's states run in its child executions, with histories of their own.
        let mut seen = visited(&run.history);
        seen.extend(run.map_runs.iter().flat_map(|child| visited(&child.history)));
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
    e.event_type.is_state_entered()
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
                if f.event_type.is_scheduled() {
                    visit.attempts += 1;
                }
                if f.event_type.is_failure() {
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

/// TESTS.json, the file `asl test` reads and the app exports: `{"StateMachine": "<name in the
/// MockConfig, optional when it has one>", "Tests": [{"Name", "TestCase" (optional), "Input",
/// "Expect" (optional)}]}`.
#[derive(Clone, Debug, PartialEq)]
pub struct TestSuite {
    pub state_machine: Option<String>,
    pub tests: Vec<TestSpec>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TestSpec {
    pub name: String,
    /// The MockConfig test case whose responses the Tasks get; none: every Task's default.
    pub test_case: Option<String>,
    pub input: Value,
    pub expect: Expectation,
}

/// The verdict on one test.
#[derive(Clone, Debug, PartialEq)]
pub struct TestResult {
    pub name: String,
    pub differences: Vec<Difference>,
    /// The run judged (its history feeds [`coverage`]).
    pub run: Run,
}

impl TestResult {
    pub fn passed(&self) -> bool {
        self.differences.is_empty()
    }

    /// `PASS name` or `FAIL name: what differed; ...`.
    pub fn line(&self) -> String {
        if self.passed() {
            format!("PASS {}", self.name)
        } else {
            let what: Vec<String> = self.differences.iter().map(Difference::to_string).collect();
            format!("FAIL {}: {}", self.name, what.join("; "))
        }
    }
}

impl TestSuite {
    /// Reads TESTS.json; `Err` names the path of the problem (`Tests[2].Expect.Visited`).
    pub fn from_json(v: &Value) -> Result<TestSuite, String> {
        let state_machine = match v.get("StateMachine") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => return Err("StateMachine is not a string".into()),
        };
        let list = v.get("Tests").and_then(Value::as_array).ok_or("the file has no \"Tests\" array")?;
        let mut tests = Vec::new();
        for (i, t) in list.iter().enumerate() {
            let at = |k: &str| format!("Tests[{i}].{k}");
            let name = t.get("Name").and_then(Value::as_str).ok_or_else(|| format!("{} is missing", at("Name")))?;
            let test_case = match t.get("TestCase") {
                None | Some(Value::Null) => None,
                Some(Value::String(s)) => Some(s.clone()),
                Some(_) => return Err(format!("{} is not a string", at("TestCase"))),
            };
            let expect = match t.get("Expect") {
                None => Expectation::default(),
                Some(e) => Expectation::from_json(e).map_err(|e| format!("Tests[{i}].{e}"))?,
            };
            let input = t.get("Input").cloned().unwrap_or_else(|| serde_json::json!({}));
            tests.push(TestSpec { name: name.to_string(), test_case, input, expect });
        }
        Ok(TestSuite { state_machine, tests })
    }

    /// The MockConfig's state machine these tests use: the one named, else the only one.
    pub fn machine_name(&self, mock: Option<&Value>) -> Result<Option<String>, String> {
        let Some(machines) = mock.map(|m| m.get("StateMachines").and_then(Value::as_object)) else {
            return Ok(self.state_machine.clone());
        };
        let machines = machines.ok_or("the MockConfig has no \"StateMachines\" object")?;
        match &self.state_machine {
            Some(name) if machines.contains_key(name) => Ok(Some(name.clone())),
            Some(name) => Err(format!("the MockConfig has no state machine '{name}'")),
            None if machines.len() == 1 => Ok(machines.keys().next().cloned()),
            None => Err("the MockConfig has several state machines: name one in \"StateMachine\"".into()),
        }
    }

    /// Runs every test on `machine`. `Err` for a test that names a test case without a
    /// MockConfig, or one the MockConfig lacks (a bad file, not a failing test).
    pub fn run(&self, machine: &Machine, mock: Option<&Value>) -> Result<Vec<TestResult>, String> {
        self.run_with(machine, mock, &crate::Options::default())
    }

    /// [`TestSuite::run`] with the options of every run (an Express workflow's, say).
    pub fn run_with(
        &self,
        machine: &Machine,
        mock: Option<&Value>,
        options: &crate::Options,
    ) -> Result<Vec<TestResult>, String> {
        let machine_name = self.machine_name(mock)?;
        let mut results = Vec::new();
        for test in &self.tests {
            let scenario = match (&test.test_case, mock, &machine_name) {
                (None, _, _) => crate::Scenario::new(),
                (Some(case), Some(mock), Some(name)) => crate::Scenario::from_mock_config(mock, name, case)
                    .map_err(|e| format!("test '{}': {e}", test.name))?,
                (Some(case), _, _) => {
                    return Err(format!("test '{}' uses test case '{case}' but no MockConfig was given", test.name))
                }
            };
            let run = crate::simulate(machine, test.input.clone(), &scenario, options);
            results.push(TestResult { name: test.name.clone(), differences: test.expect.check(&run), run });
        }
        Ok(results)
    }
}

fn xml_escape(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '&' => "&amp;".to_string(),
            '<' => "&lt;".to_string(),
            '>' => "&gt;".to_string(),
            '"' => "&quot;".to_string(),
            '\'' => "&apos;".to_string(),
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t' | '\r') => format!("&#{};", c as u32),
            c => c.to_string(),
        })
        .collect()
}

/// JUnit XML for CI systems: one `<testcase>` per test, a `<failure>` with the differences.
pub fn junit(suite: &str, results: &[TestResult]) -> String {
    let failures = results.iter().filter(|r| !r.passed()).count();
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\">\n",
        xml_escape(suite),
        results.len()
    );
    for r in results {
        let name = xml_escape(&r.name);
        let class = xml_escape(suite);
        if r.passed() {
            out.push_str(&format!("  <testcase name=\"{name}\" classname=\"{class}\"/>\n"));
        } else {
            let text: Vec<String> = r.differences.iter().map(Difference::to_string).collect();
            let message = xml_escape(&text.join("; "));
            out.push_str(&format!(
                "  <testcase name=\"{name}\" classname=\"{class}\">\n    <failure message=\"{message}\">{}</failure>\n  </testcase>\n",
                xml_escape(&text.join("\n"))
            ));
        }
    }
    out.push_str("</testsuite>\n");
    out
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
    fn a_suite_runs_its_tests_and_writes_junit() {
        let m = crate::parse(DEF).machine.unwrap();
        let mock = json!({"StateMachines": {"M": {"TestCases": {"Yes": {"Call": "R"}}}},
            "MockedResponses": {"R": {"0": {"Return": {"ok": true}}}}});
        let suite = TestSuite::from_json(&json!({"Tests": [
            {"Name": "takes yes", "TestCase": "Yes", "Expect": {"Visited": ["Yes"]}},
            {"Name": "a <bad> one", "TestCase": "Yes", "Expect": {"Status": "FAILED"}}]}))
        .unwrap();
        let results = suite.run(&m, Some(&mock)).unwrap();
        assert_eq!(results[0].line(), "PASS takes yes");
        assert_eq!(results[1].line(), "FAIL a <bad> one: Status: expected FAILED, got SUCCEEDED");
        let xml = junit("suite", &results);
        assert!(xml.contains(r#"<testsuite name="suite" tests="2" failures="1" errors="0">"#), "{xml}");
        assert!(xml.contains(r#"<testcase name="a &lt;bad&gt; one" classname="suite">"#), "{xml}");
        assert!(xml.contains("<failure message=\"Status: expected FAILED, got SUCCEEDED\">"), "{xml}");
        let unknown = TestSuite::from_json(&json!({"Tests": [{"Name": "x", "TestCase": "Nope"}]})).unwrap();
        assert!(unknown.run(&m, Some(&mock)).unwrap_err().contains("Nope"));
        assert!(TestSuite::from_json(&json!({"Tests": [{"Name": "x", "Expect": {"Status": 1}}]}))
            .unwrap_err()
            .contains("Tests[0].Expect.Status"));
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
