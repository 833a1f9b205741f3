//! Data-driven simulation cases: each `tests/cases/*.json` names a definition, an input and a
//! scenario, and what the run must give (status, output or error, the exact event sequence, ...).
//! In expected values the string `"<any>"` matches any value. Prints the pass count; the failures
//! must be exactly the ones listed under "seeds simulation cases" in `tests/known_failures.json`.

mod support;

use std::path::{Path, PathBuf};

use asl_core::run::replay::snapshot;
use asl_core::{parse, simulate, Machine, Options, Run, Scenario};
use serde_json::Value;
use support::Tally;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Compares `actual` with `expected`, where `"<any>"` matches anything; returns the first mismatch.
fn mismatch(expected: &Value, actual: &Value, at: &str) -> Option<String> {
    match (expected, actual) {
        (Value::String(s), _) if s == "<any>" => None,
        (Value::Object(e), Value::Object(a)) => {
            if e.len() != a.len() || e.keys().any(|k| !a.contains_key(k)) {
                return Some(format!(
                    "{at}: keys differ: expected {:?}, got {:?}",
                    e.keys().collect::<Vec<_>>(),
                    a.keys().collect::<Vec<_>>()
                ));
            }
            e.iter().find_map(|(k, v)| mismatch(v, &a[k], &format!("{at}.{k}")))
        }
        (Value::Array(e), Value::Array(a)) if e.len() == a.len() => {
            e.iter().zip(a).enumerate().find_map(|(i, (e, a))| mismatch(e, a, &format!("{at}[{i}]")))
        }
        _ if expected == actual => None,
        _ => Some(format!("{at}: expected {expected}, got {actual}")),
    }
}

/// Reads the case file and parses the definition it names; either failing is the case's one error.
fn load_case(path: &Path) -> Result<(Value, Machine), String> {
    let case: Value = serde_json::from_str(&std::fs::read_to_string(path).map_err(|e| e.to_string())?)
        .map_err(|e| format!("case is not JSON: {e}"))?;
    let definition_path = repo_root().join(case["definition"].as_str().ok_or("no definition")?);
    let text = std::fs::read_to_string(&definition_path).map_err(|e| format!("{}: {e}", definition_path.display()))?;
    let parsed = parse(&text);
    if parsed.has_errors() {
        return Err(format!("definition has errors: {:?}", parsed.diagnostics));
    }
    let machine = parsed.machine.ok_or("no machine")?;
    Ok((case, machine))
}

fn run_case(path: &Path) -> Result<(), String> {
    let (case, machine) = load_case(path)?;
    let scenario = Scenario::from_json(&case["scenario"])?;
    let options = Options::default();
    let run = simulate(&machine, case["input"].clone(), &scenario, &options);
    let again = simulate(&machine, case["input"].clone(), &scenario, &options);
    if run != again {
        return Err("two runs of the same case differ".into());
    }
    let expect = &case["expect"];
    let mut problems = Vec::new();
    check_outcome(expect, &run, &mut problems);
    check_events(expect, &run, &mut problems);
    check_state_entries(expect, &run, &mut problems);
    check_state_inputs(expect, &run, &mut problems);
    check_scheduled_inputs(expect, &run, &mut problems);
    check_statuses(expect, &run, &mut problems);
    check_elapsed(expect, &run, &options, &mut problems);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n  "))
    }
}

/// The run's status, output, error and cause against `expect`.
fn check_outcome(expect: &Value, run: &Run, problems: &mut Vec<String>) {
    if expect["status"].as_str() != Some(run.status.as_str()) {
        problems.push(format!(
            "status: expected {}, got {} ({:?}: {:?})",
            expect["status"],
            run.status.as_str(),
            run.error,
            run.cause
        ));
    }
    if let Some(output) = expect.get("output") {
        let actual = run.output.clone().unwrap_or(Value::Null);
        problems.extend(mismatch(output, &actual, "output"));
    }
    for key in ["error", "cause"] {
        if let Some(e) = expect.get(key) {
            let actual = if key == "error" { &run.error } else { &run.cause };
            if e.as_str() != actual.as_deref() {
                problems.push(format!("{key}: expected {e}, got {actual:?}"));
            }
        }
    }
}

/// The `[type, state]` event sequence, and that ids are consecutive and each points to the one before.
fn check_events(expect: &Value, run: &Run, problems: &mut Vec<String>) {
    let Some(events) = expect["events"].as_array() else { return };
    let actual: Vec<Value> = run.history.iter().map(|e| serde_json::json!([e.event_type.as_str(), e.state])).collect();
    if events != &actual {
        let first = events.iter().zip(&actual).position(|(a, b)| a != b).unwrap_or(events.len().min(actual.len()));
        problems.push(format!(
            "events differ at index {first}: expected {:?}, got {:?} ({} vs {} events)",
            events.get(first),
            actual.get(first),
            events.len(),
            actual.len()
        ));
    }
    for (i, e) in run.history.iter().enumerate() {
        if e.id != i + 1 || e.previous_event_id != i {
            problems.push(format!("event {i} has id {} / previous {}", e.id, e.previous_event_id));
        }
    }
}

/// How many times each listed state was entered.
fn check_state_entries(expect: &Value, run: &Run, problems: &mut Vec<String>) {
    let Some(entries) = expect.get("state_entries").and_then(Value::as_object) else { return };
    for (state, count) in entries {
        let actual = run
            .history
            .iter()
            .filter(|e| e.event_type.is_state_entered() && e.state.as_deref() == Some(state.as_str()))
            .count();
        if count.as_u64() != Some(actual as u64) {
            problems.push(format!("{state} entered {actual} times, expected {count}"));
        }
    }
}

/// The input of the last entry into each listed state.
fn check_state_inputs(expect: &Value, run: &Run, problems: &mut Vec<String>) {
    let Some(inputs) = expect.get("state_inputs").and_then(Value::as_object) else { return };
    for (state, expected) in inputs {
        let input = run
            .history
            .iter()
            .rev()
            .find(|e| e.event_type.is_state_entered() && e.state.as_deref() == Some(state.as_str()))
            .map(|e| e.details["input"].clone());
        match input {
            Some(input) => problems.extend(mismatch(expected, &input, &format!("input of {state}"))),
            None => problems.push(format!("{state} was never entered")),
        }
    }
}

/// What the service call received: `parameters` of `TaskScheduled`, `input` of `LambdaFunctionScheduled`.
fn check_scheduled_inputs(expect: &Value, run: &Run, problems: &mut Vec<String>) {
    let Some(inputs) = expect.get("scheduled_inputs").and_then(Value::as_object) else { return };
    for (state, expected) in inputs {
        let sent = run
            .history
            .iter()
            .rev()
            .find(|e| e.event_type.is_scheduled() && e.state.as_deref() == Some(state.as_str()))
            .map(|e| e.details.get("parameters").or(e.details.get("input")).cloned().unwrap_or_default());
        match sent {
            Some(sent) => problems.extend(mismatch(expected, &sent, &format!("call of {state}"))),
            None => problems.push(format!("{state} never called its service")),
        }
    }
}

/// Each listed state's status in the replayed snapshot of the history.
fn check_statuses(expect: &Value, run: &Run, problems: &mut Vec<String>) {
    let Some(statuses) = expect.get("statuses").and_then(Value::as_object) else { return };
    let snap = snapshot(&run.history);
    for (state, expected) in statuses {
        let actual = snap.statuses.get(state).map(|s| s.as_str());
        if expected.as_str() != actual {
            problems.push(format!("status of {state}: expected {expected}, got {actual:?}"));
        }
    }
}

/// How far the virtual clock advanced from the start to the last event.
fn check_elapsed(expect: &Value, run: &Run, options: &Options, problems: &mut Vec<String>) {
    let Some(seconds) = expect.get("elapsed_seconds").and_then(Value::as_i64) else { return };
    let last = run.history.last().map_or(0, |e| e.timestamp_ms);
    let elapsed = last - options.start_time_ms;
    if elapsed != seconds * 1000 {
        problems.push(format!("virtual clock advanced {elapsed} ms, expected {seconds} s"));
    }
}

#[test]
fn simulation_cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/cases exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 4, "expected the seed cases in {}", dir.display());
    let mut tally = Tally::new("seeds simulation cases");
    for path in &paths {
        tally.record(&path.file_name().unwrap().to_string_lossy(), run_case(path).map_err(|why| format!("\n  {why}")));
    }
    tally.finish();
}
