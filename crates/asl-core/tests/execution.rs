//! The interpreter against executions recorded on real AWS (`../shared/conformance/localstack/
//! execution.jsonl`, the `StartExecution` cases; skipped with a message when absent, a failure
//! under `CI=true`): status and output (or error and cause) compared as JSON values, and the
//! history's event types (as a multiset where branches interleave). Prints pass counts per tag;
//! the failures of each must be exactly the ones listed in `tests/known_failures.json`.

mod support;

use asl_core::EventType;
use std::collections::BTreeMap;

use asl_core::{parse, simulate, Options, Outcome, Run, Scenario, Status};
use serde_json::Value;
use support::{case_id, jsonl, shared, Tally};

fn cases() -> Option<Vec<Value>> {
    let path = shared("conformance/localstack/execution.jsonl")?;
    Some(jsonl(&path).into_iter().filter(|c| c["api"] == "StartExecution").collect())
}

/// The recorded results of Task calls, as a scenario: per state, in order.
fn scenario(case: &Value) -> Scenario {
    let mut scenario = Scenario::new();
    for r in case["scripted_task_results"].as_array().into_iter().flatten() {
        let Some(state) = r["state"].as_str() else { continue };
        let event = r["event"].as_str().unwrap_or("");
        // A recorded cause may have been kept as parsed JSON; an absent one was empty.
        let cause = match &r["cause"] {
            Value::Null => String::new(),
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let outcome = if event.ends_with("Succeeded") {
            Outcome::Return(r["output"].clone())
        } else if event.ends_with("Failed") {
            Outcome::Throw { error: r["error"].as_str().unwrap_or("").to_string(), cause: Some(cause) }
        } else if event.ends_with("TimedOut") {
            Outcome::Throw { error: "States.Timeout".into(), cause: Some(cause) }
        } else {
            continue; // TaskSubmitted: the submit response is not part of the result
        };
        scenario = scenario.then(state, outcome);
    }
    scenario
}

/// Strings the recording wrote in place of generated values match any value of that shape.
fn placeholder_matches(expected: &str, actual: &Value) -> bool {
    let is_placeholder = (expected.starts_with('<') && expected.ends_with('>')) || expected == "date";
    is_placeholder && !actual.is_null()
}

fn same(expected: &Value, actual: &Value) -> bool {
    match (expected, actual) {
        (Value::String(e), a) if placeholder_matches(e, a) => true,
        (Value::Number(e), Value::Number(a)) => e.as_f64() == a.as_f64(),
        (Value::Array(e), Value::Array(a)) => e.len() == a.len() && e.iter().zip(a).all(|(e, a)| same(e, a)),
        (Value::Object(e), Value::Object(a)) => {
            e.len() == a.len() && e.iter().all(|(k, v)| a.get(k).is_some_and(|a| same(v, a)))
        }
        _ => expected == actual,
    }
}

#[derive(Default)]
struct TagCounts {
    cases: usize,
    results: usize,
    /// Cases whose recording kept the event types, and how many of those match.
    with_events: usize,
    events: usize,
}

impl TagCounts {
    fn add(&mut self, result_ok: bool, recorded_events: bool, events_pass: bool) {
        self.cases += 1;
        self.results += usize::from(result_ok);
        self.with_events += usize::from(recorded_events);
        self.events += usize::from(recorded_events && events_pass);
    }
}

/// Parses the recorded definition and runs it on the recorded input; `None` when it does not parse.
fn run_recorded(case: &Value) -> Option<Run> {
    let text = case["definition"].as_str().expect("definition");
    let parsed = parse(text);
    let input: Value = case["input"].as_str().and_then(|i| serde_json::from_str(i).ok()).unwrap_or(Value::Null);
    let input = if input.is_null() { serde_json::json!({}) } else { input };
    parsed.machine.as_ref().map(|m| simulate(m, input, &scenario(case), &Options::default()))
}

/// Status and output, or without a recorded output the error and cause, as the recording has them.
fn result_matches(expect: &Value, run: &Run) -> bool {
    let status = run.status.as_str();
    expect["status"] == status
        && match expect.get("output") {
            Some(output) => run.output.as_ref().is_some_and(|o| same(output, o)),
            None => {
                expect.get("error").is_none_or(|e| e.as_str() == run.error.as_deref())
                    && expect.get("cause").is_none_or(|c| match c {
                        Value::String(c) => Some(c.as_str()) == run.cause.as_deref(),
                        // The recording parsed a JSON cause.
                        c => {
                            run.cause.as_deref().and_then(|r| serde_json::from_str::<Value>(r).ok()).as_ref() == Some(c)
                        }
                    })
            }
        }
}

/// The history's event types against the recorded ones, as a multiset where branches interleave.
fn compare_events(case: &Value, run: &Run) -> Result<(), String> {
    let actual: Vec<&str> = run.history.iter().map(|e| e.event_type.as_str()).collect();
    let expected_types = expect_types(case);
    let expected: Vec<&str> = expected_types.iter().map(|v| v.as_str().unwrap_or("")).collect();
    let tags =
        case["tags"].as_array().map(|t| t.iter().filter_map(Value::as_str).collect::<Vec<_>>()).unwrap_or_default();
    let interleaved = tags.contains(&"parallel") || tags.contains(&"map");
    let same_events = if interleaved {
        let (mut a, mut e) = (actual.clone(), expected.clone());
        a.sort_unstable();
        e.sort_unstable();
        a == e
    } else {
        actual == expected
    };
    if same_events {
        Ok(())
    } else {
        let order = if interleaved { " (compared as a multiset)" } else { "" };
        Err(format!("{tags:?} event types{order}:\n  expected {expected:?}\n  actual   {actual:?}"))
    }
}

/// The status+output verdict as the tally records it: on failure, what was expected and what ran.
fn result_verdict(case: &Value, result_ok: bool, run: Option<&Run>) -> Result<(), String> {
    if result_ok {
        Ok(())
    } else {
        Err(format!(
            "{:?}: expected {}, got {:?}",
            case["tags"],
            case["expect"],
            run.map(|r| (r.status, r.output.clone(), r.error.clone(), r.cause.clone()))
        ))
    }
}

#[test]
fn recorded_executions() {
    let Some(cases) = cases() else { return };
    let mut by_tag: BTreeMap<String, TagCounts> = BTreeMap::new();
    let mut results = Tally::new("StartExecution status+output");
    let mut events = Tally::new("StartExecution event sequences");
    for case in &cases {
        let run = run_recorded(case);
        let recorded_events = !expect_types(case).is_empty();
        let (result_ok, events_ok) = match &run {
            None => (false, Err("the definition did not parse".to_string())),
            Some(run) => (result_matches(&case["expect"], run), compare_events(case, run)),
        };
        let id = case_id(case);
        results.record(&id, result_verdict(case, result_ok, run.as_ref()));
        let events_pass = events_ok.is_ok();
        if recorded_events {
            events.record(&id, events_ok);
        }
        for tag in case["tags"].as_array().into_iter().flatten().filter_map(Value::as_str) {
            by_tag.entry(tag.to_string()).or_default().add(result_ok, recorded_events, events_pass);
        }
    }
    for (tag, t) in &by_tag {
        println!(
            "{tag:>22}: status+output {:>3}/{:<3} events {:>3}/{:<3}",
            t.results, t.cases, t.events, t.with_events
        );
    }
    // Event sequences count only the cases whose recording kept the event types.
    let problems: Vec<String> = [results.check(), events.check()].into_iter().filter_map(Result::err).collect();
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

fn expect_types(case: &Value) -> Vec<Value> {
    case["expect_event_types"].as_array().cloned().unwrap_or_default()
}

/// `$$.State.RetryCount` counts the retries of the state running: 0, 1, 2 over its attempts, and
/// a state inside a retried Parallel starts again from 0.
#[test]
fn context_retry_count_follows_the_retries() {
    let text = r#"{"StartAt": "Call", "States": {
        "Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                 "Parameters": {"attempt.$": "$$.State.RetryCount"},
                 "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1, "MaxAttempts": 3}],
                 "Next": "Fan"},
        "Fan": {"Type": "Parallel", "End": true,
                "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 1}],
                "Branches": [{"StartAt": "Inner", "States": {
                    "Inner": {"Type": "Pass", "Parameters": {"attempt.$": "$$.State.RetryCount"}, "Next": "Flaky"},
                    "Flaky": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}}]}}}"#;
    let machine = parse(text).machine.unwrap();
    let scenario = Scenario::from_json(&serde_json::json!({
        "Call": [{"Throw": {"Error": "E"}}, {"Throw": {"Error": "E"}}, {"Return": {}}],
        "Flaky": [{"Throw": {"Error": "E"}}, {"Return": {}}]
    }))
    .unwrap();
    let run = simulate(&machine, serde_json::json!({}), &scenario, &Options::default());
    assert_eq!(run.status, Status::Succeeded, "{:?} {:?}", run.error, run.cause);
    let attempts: Vec<Value> = run
        .history
        .iter()
        .filter(|e| e.event_type == EventType::TaskScheduled && e.state.as_deref() == Some("Call"))
        .map(|e| e.details["parameters"]["attempt"].clone())
        .collect();
    assert_eq!(attempts, [0, 1, 2].map(Value::from));
    let inner: Vec<Value> = run
        .history
        .iter()
        .filter(|e| e.event_type == EventType::PassStateExited)
        .map(|e| match &e.details["output"] {
            Value::String(s) => serde_json::from_str::<Value>(s).unwrap_or(Value::Null)["attempt"].clone(),
            other => other["attempt"].clone(),
        })
        .collect();
    assert_eq!(inner, [0, 0].map(Value::from), "the inner state counts its own retries");
}
