//! MockConfig semantics as Step Functions Local has them: a mocked Task needs a response for
//! every invocation (one past the last fails the run, naming the state and the invocation); a
//! Task the test case does not mock gets the integration's default, marked as such.

use asl_core::{parse, simulate, Options, Scenario, Status};
use serde_json::json;

const POLLER: &str = r#"{"StartAt": "Check", "States": {
    "Check": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "OutputPath": "$.Payload", "Next": "Done?"},
    "Done?": {"Type": "Choice", "Choices": [{"Variable": "$.status", "StringEquals": "DONE", "Next": "Notify"}], "Default": "Check"},
    "Notify": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Parameters": {"Message": "done"}, "End": true}}}"#;

fn config(ranges: serde_json::Value) -> serde_json::Value {
    json!({"StateMachines": {"Poller": {"TestCases": {"T": {"Check": "CheckResponses"}}}},
           "MockedResponses": {"CheckResponses": ranges}})
}

#[test]
fn a_missing_invocation_fails_the_run_naming_state_and_number() {
    let machine = parse(POLLER).machine.unwrap();
    let running = json!({"Return": {"Payload": {"status": "RUNNING"}}});
    let scenario = Scenario::from_mock_config(&config(json!({"0-1": running})), "Poller", "T").unwrap();
    let run = simulate(&machine, json!({}), &scenario, &Options::default());
    assert_eq!(run.status, Status::Failed);
    assert_eq!(run.error.as_deref(), Some("States.Runtime"));
    let cause = run.cause.unwrap();
    assert!(cause.contains("invocation 3 of state 'Check' in test case 'T'"), "{cause}");
}

#[test]
fn unmocked_tasks_get_the_default_marked_in_the_history() {
    let machine = parse(POLLER).machine.unwrap();
    let done = json!({"Return": {"Payload": {"status": "DONE"}}});
    let scenario = Scenario::from_mock_config(&config(json!({"0": done})), "Poller", "T").unwrap();
    let run = simulate(&machine, json!({}), &scenario, &Options::default());
    assert_eq!(run.status, Status::Succeeded, "{:?}", run.cause);
    let defaults: Vec<(&str, Option<&str>)> =
        run.history.iter().filter(|e| e.default_result).map(|e| (e.event_type.as_str(), e.state.as_deref())).collect();
    assert_eq!(defaults, [("TaskSucceeded", Some("Notify"))], "only the unmocked SNS call");
}

#[test]
fn a_mock_config_round_trips_through_a_scenario() {
    let original = config(
        json!({"0-2": {"Return": {"Payload": {"status": "RUNNING"}}}, "3": {"Throw": {"Error": "E", "Cause": "c"}}}),
    );
    let scenario = Scenario::from_mock_config(&original, "Poller", "T").unwrap();
    let written = scenario.to_mock_config("Poller", "T");
    let again = Scenario::from_mock_config(&written, "Poller", "T").unwrap();
    assert_eq!(again, scenario);
    assert_eq!(written["MockedResponses"]["CheckResponse"], original["MockedResponses"]["CheckResponses"]);
}
