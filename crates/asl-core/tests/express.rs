//! Express workflows (`Options::express`): no 25,000-event history limit, five minutes at most.

use asl_core::{parse, simulate, Options, Scenario, Status};
use serde_json::json;

fn machine(text: &str) -> asl_core::Machine {
    let parsed = parse(text);
    assert!(!parsed.has_errors(), "{:?}", parsed.diagnostics);
    parsed.machine.unwrap()
}

const MAP: &str = r#"{"StartAt": "Each", "States": {"Each": {"Type": "Map",
    "ItemProcessor": {"StartAt": "Item", "States": {"Item": {"Type": "Pass", "End": true}}}, "End": true}}}"#;

#[test]
fn a_map_over_ten_thousand_items_runs_as_express_not_as_standard() {
    let m = machine(MAP);
    let items = json!((0..10_000).collect::<Vec<_>>());
    let express = simulate(&m, items.clone(), &Scenario::new(), &Options::express(true));
    assert_eq!(express.status, Status::Succeeded, "{:?}", express.cause);
    assert_eq!(express.history.len(), 6 + 4 * 10_000);
    assert_eq!(express.output, Some(items.clone()));
    let standard = simulate(&m, items, &Scenario::new(), &Options::express(false));
    assert_eq!(standard.status, Status::Failed);
    assert_eq!(standard.error.as_deref(), Some("States.Runtime"));
    assert!(standard.cause.unwrap().contains("25000 events"));
}

#[test]
fn an_express_run_longer_than_five_minutes_times_out() {
    let text = |seconds: u32| {
        format!(
            r#"{{"StartAt": "W", "States": {{"W": {{"Type": "Wait", "Seconds": {seconds}, "Next": "Done"}}, "Done": {{"Type": "Succeed"}}}}}}"#
        )
    };
    let long = machine(&text(301));
    let run = simulate(&long, json!({}), &Scenario::new(), &Options::express(true));
    assert_eq!(run.status, Status::TimedOut);
    assert_eq!(run.error.as_deref(), Some("States.Timeout"));
    assert!(run.cause.unwrap().contains("5 minutes"));
    assert_eq!(simulate(&long, json!({}), &Scenario::new(), &Options::express(false)).status, Status::Succeeded);
    let short = machine(&text(299));
    assert_eq!(simulate(&short, json!({}), &Scenario::new(), &Options::express(true)).status, Status::Succeeded);
    // A loop that takes no time still ends.
    let spin = machine(
        r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "C"},
            "C": {"Type": "Choice", "Choices": [{"Variable": "$.x", "NumericEquals": 1, "Next": "A"}], "Default": "Done"},
            "Done": {"Type": "Succeed"}}}"#,
    );
    let run = simulate(&spin, json!({"x": 1}), &Scenario::new(), &Options::express(true));
    assert_eq!(run.status, Status::Failed);
    assert_eq!(run.error.as_deref(), Some("States.Runtime"));
}
