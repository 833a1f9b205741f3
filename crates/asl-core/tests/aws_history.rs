//! Reading histories as `aws stepfunctions get-execution-history` prints them, and writing a
//! simulated run in that shape: what is written reads back as the same run.

use asl_core::run::aws_history::{looks_like, read, to_json, HistoryError};
use asl_core::{parse, simulate, EventType, Options, Outcome, Scenario, Status};
use serde_json::{json, Value};

const PARALLEL: &str = r#"{
  "StartAt": "Both",
  "States": {
    "Both": {
      "Type": "Parallel",
      "Branches": [
        {"StartAt": "Left", "States": {"Left": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "l", "Payload.$": "$"}, "End": true}}},
        {"StartAt": "Right", "States": {"Right": {"Type": "Pass", "End": true}}}
      ],
      "Next": "Done"
    },
    "Done": {"Type": "Fail", "Error": "Boom", "Cause": "on purpose"}
  }
}"#;

#[test]
fn a_simulated_run_written_and_read_back_is_the_same_run() {
    let machine = parse(PARALLEL).machine.unwrap();
    let scenario = Scenario::new().then("Left", Outcome::Return(json!({"Payload": {"ok": true}})));
    let run = simulate(&machine, json!({"k": 1}), &scenario, &Options::default());
    let text = serde_json::to_string_pretty(&to_json(&run)).unwrap();
    let imported = read(&text, Some(&machine)).unwrap();
    assert_eq!(imported.warnings, Vec::<String>::new());
    let back = imported.run;
    assert_eq!(
        (back.status, back.error.as_deref(), back.cause.as_deref()),
        (Status::Failed, Some("Boom"), Some("on purpose"))
    );
    assert_eq!(back.history.len(), run.history.len());
    for (a, b) in run.history.iter().zip(&back.history) {
        assert_eq!((a.id, a.event_type, &a.state, a.timestamp_ms), (b.id, b.event_type, &b.state, b.timestamp_ms));
        assert_eq!(a.details, b.details, "event {}", a.id);
    }
}

/// Shaped as the CLI prints it: newest first (`--reverse-order`), ISO timestamps with an
/// offset, JSON as text, and branches interleaved so that only `previousEventId` tells whose
/// `TaskScheduled` it is.
const RECORDED: &str = r#"{
  "events": [
    {"timestamp": "2024-05-01T10:00:03.500000+02:00", "type": "ExecutionSucceeded", "id": 9, "previousEventId": 8,
     "executionSucceededEventDetails": {"output": "{\"done\":true}", "outputDetails": {"truncated": false}}},
    {"timestamp": "2024-05-01T10:00:03.000000+02:00", "type": "ParallelStateExited", "id": 8, "previousEventId": 7,
     "stateExitedEventDetails": {"name": "Both", "output": "[{},{}]"}},
    {"timestamp": "2024-05-01T10:00:02.000000+02:00", "type": "LambdaFunctionScheduled", "id": 7, "previousEventId": 4,
     "lambdaFunctionScheduledEventDetails": {"resource": "arn:aws:lambda:us-east-1:1:function:f", "input": "{}"}},
    {"timestamp": "2024-05-01T10:00:01.500000+02:00", "type": "PassStateExited", "id": 6, "previousEventId": 5,
     "stateExitedEventDetails": {"name": "Right", "output": "{}"}},
    {"timestamp": "2024-05-01T10:00:01.000000+02:00", "type": "PassStateEntered", "id": 5, "previousEventId": 3,
     "stateEnteredEventDetails": {"name": "Right", "input": "{}"}},
    {"timestamp": "2024-05-01T10:00:01.000000+02:00", "type": "TaskStateEntered", "id": 4, "previousEventId": 3,
     "stateEnteredEventDetails": {"name": "Left", "input": "{}"}},
    {"timestamp": "2024-05-01T10:00:00.500000+02:00", "type": "ParallelStateStarted", "id": 3, "previousEventId": 2},
    {"timestamp": "2024-05-01T10:00:00.000000+02:00", "type": "ParallelStateEntered", "id": 2, "previousEventId": 1,
     "stateEnteredEventDetails": {"name": "Both", "input": "{\"k\":1}"}},
    {"timestamp": "2024-05-01T10:00:00.000000+02:00", "type": "ExecutionStarted", "id": 1, "previousEventId": 0,
     "executionStartedEventDetails": {"input": "{\"k\":1}", "roleArn": "arn:aws:iam::1:role/r"}}
  ]
}"#;

#[test]
fn a_recorded_history_is_read_in_order_with_each_event_on_its_state() {
    assert!(looks_like(&serde_json::from_str(RECORDED).unwrap()));
    let imported = read(RECORDED, None).unwrap();
    let run = imported.run;
    assert_eq!(run.status, Status::Succeeded);
    assert_eq!(run.output, Some(json!({"done": true})));
    let ids: Vec<usize> = run.history.iter().map(|e| e.id).collect();
    assert_eq!(ids, (1..=9).collect::<Vec<_>>());
    let state = |id: usize| run.history[id - 1].state.as_deref();
    assert_eq!(state(1), None);
    assert_eq!(state(3), Some("Both"));
    // Its previous event is Left's entry, not Right's exit just before it.
    assert_eq!(state(7), Some("Left"));
    assert_eq!(state(9), None);
    assert_eq!(run.history[1].details["input"], json!({"k": 1}));
    // 10:00:00+02:00 is 08:00:00Z.
    assert_eq!(run.history[0].timestamp_ms, 1_714_550_400_000);
    assert_eq!(run.history[8].timestamp_ms - run.history[0].timestamp_ms, 3_500);
    assert_eq!(run.history[6].event_type, EventType::LambdaFunctionScheduled);
}

#[test]
fn pages_arrays_unknown_types_and_foreign_states() {
    let page = |events: Value| json!({ "events": events }).to_string();
    let first = page(json!([
        {"id": 1, "previousEventId": 0, "type": "ExecutionStarted", "timestamp": 1714550400.0, "executionStartedEventDetails": {"input": "{}"}},
        {"id": 2, "previousEventId": 1, "type": "PassStateEntered", "timestamp": 1714550401.0, "stateEnteredEventDetails": {"name": "Elsewhere", "input": "{}"}}
    ]));
    let second = page(json!([
        {"id": 3, "previousEventId": 2, "type": "SomethingNew", "timestamp": 1714550402.0},
        {"id": 4, "previousEventId": 2, "type": "ExecutionAborted", "timestamp": 1714550403.0}
    ]));
    let machine = parse(PARALLEL).machine.unwrap();
    let imported = read(&format!("{first}\n{second}"), Some(&machine)).unwrap();
    assert_eq!(imported.run.history.len(), 3);
    assert_eq!(imported.run.status, Status::Aborted);
    assert_eq!(imported.run.history[1].timestamp_ms, 1_714_550_401_000);
    assert_eq!(imported.warnings.len(), 2, "{:?}", imported.warnings);
    assert!(imported.warnings[0].contains("SomethingNew"));
    assert!(imported.warnings[1].contains("Elsewhere"));

    // A bare array that stops early: still running.
    let bare =
        json!([{"id": 1, "previousEventId": 0, "type": "ExecutionStarted", "timestamp": "2024-05-01T08:00:00Z"}]);
    assert_eq!(read(&bare.to_string(), None).unwrap().run.status, Status::Running);
}

#[test]
fn what_is_not_a_history_is_refused() {
    assert!(matches!(read(r#"{"events": ["#, None), Err(HistoryError::NotJson(_))));
    assert_eq!(read(PARALLEL, None), Err(HistoryError::NotAHistory));
    assert_eq!(read(r#"{"events": []}"#, None), Err(HistoryError::Empty));
    assert_eq!(read("[1, 2]", None), Err(HistoryError::NotAHistory));
    assert!(!looks_like(&serde_json::from_str(PARALLEL).unwrap()));
    assert!(!looks_like(&json!({"StateMachines": {}})));
    assert!(read(PARALLEL, None).unwrap_err().to_string().contains("get-execution-history"));
}
