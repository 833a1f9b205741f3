//! `.waitForTaskToken` Tasks get `$$.Task.Token`; a `$$` path that finds nothing blames the
//! context object; a loop inside a distributed Map's item processor stops at the event limit
//! (it used to run forever); the child executions of a distributed Map keep their histories.

use asl_core::EventType;
use std::time::{Duration, Instant};

use asl_core::{parse, simulate, Options, Outcome, Scenario, Status};
use serde_json::json;

fn machine(text: &str) -> asl_core::Machine {
    let parsed = parse(text);
    assert!(!parsed.has_errors(), "{:?}", parsed.diagnostics);
    parsed.machine.unwrap()
}

const CALLBACK: &str = r#"{"StartAt": "Ask", "States": {"Ask": {"Type": "Task",
    "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
    "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}}, "End": true}}}"#;

#[test]
fn a_callback_task_passes_its_token_and_gets_the_scripted_callback() {
    let m = machine(CALLBACK);
    let answered =
        simulate(&m, json!({}), &Scenario::new().then("Ask", Outcome::Return(json!({"ok": 1}))), &Options::default());
    assert_eq!(answered.status, Status::Succeeded, "{:?} {:?}", answered.error, answered.cause);
    assert_eq!(answered.output, Some(json!({"ok": 1})));
    let scheduled = answered.history.iter().find(|e| e.event_type == EventType::TaskScheduled).expect("TaskScheduled");
    let params = scheduled.details["parameters"]
        .as_str()
        .map(|p| serde_json::from_str(p).unwrap())
        .unwrap_or_else(|| scheduled.details["parameters"].clone());
    let token = params["MessageBody"]["token"].as_str().expect("the token was passed");
    assert!(!token.is_empty());
    let failure = Outcome::Throw { error: "Denied".into(), cause: Some("the reviewer said no".into()) };
    let refused = simulate(&m, json!({}), &Scenario::new().then("Ask", failure), &Options::default());
    assert_eq!((refused.status, refused.error.as_deref()), (Status::Failed, Some("Denied")));
}

#[test]
fn a_missing_context_path_names_the_context_object() {
    let m = machine(
        r#"{"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish",
        "Parameters": {"Message.$": "$$.Task.Token"}, "End": true}}}"#,
    );
    let run = simulate(&m, json!({}), &Scenario::new(), &Options::default());
    assert_eq!(run.error.as_deref(), Some("States.Runtime"));
    let cause = run.cause.unwrap();
    assert!(cause.contains("could not be found in the context object"), "{cause}");
}

const LOOP_IN_DISTRIBUTED_MAP: &str = r#"{"StartAt": "Each", "States": {"Each": {"Type": "Map",
    "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
      "StartAt": "Again", "States": {
        "Again": {"Type": "Choice", "Choices": [{"Variable": "$.go", "BooleanEquals": true, "Next": "Spin"}], "Default": "Done"},
        "Spin": {"Type": "Pass", "Next": "Again"},
        "Done": {"Type": "Succeed"}}},
    "End": true}}}"#;

#[test]
fn a_loop_inside_a_distributed_map_stops_at_the_event_limit() {
    let m = machine(LOOP_IN_DISTRIBUTED_MAP);
    for max_events in [200, Options::default().max_events] {
        let started = Instant::now();
        let options = Options { max_events, ..Options::default() };
        let run = simulate(&m, json!([{"go": true}]), &Scenario::new(), &options);
        assert_eq!(run.status, Status::Failed);
        assert!(run.cause.as_deref().unwrap_or("").contains("limit"), "{:?}", run.cause);
        assert_eq!(run.map_runs.len(), 1);
        assert_eq!(run.map_runs[0].history.len(), max_events, "the child stopped at the limit");
        // Not a timing assertion: a generous bound that only an endless loop would break.
        assert!(started.elapsed() < Duration::from_secs(60));
    }
}

#[test]
fn child_executions_keep_their_histories() {
    let m = machine(LOOP_IN_DISTRIBUTED_MAP);
    let run = simulate(&m, json!([{"go": false}, {"go": false}, {"go": false}]), &Scenario::new(), &Options::default());
    assert_eq!(run.status, Status::Succeeded, "{:?}", run.cause);
    let parent: Vec<&str> = run.history.iter().map(|e| e.event_type.as_str()).collect();
    assert!(parent.contains(&"MapRunStarted") && parent.contains(&"MapRunSucceeded"), "{parent:?}");
    assert!(!parent.contains(&"ChoiceStateEntered"), "the iterations' events stay in the children");
    assert_eq!(run.map_runs.iter().map(|c| c.index).collect::<Vec<_>>(), [0, 1, 2]);
    for child in &run.map_runs {
        assert_eq!(child.map_state, "Each");
        let types: Vec<&str> = child.history.iter().map(|e| e.event_type.as_str()).collect();
        assert_eq!(types.first(), Some(&"MapIterationStarted"));
        assert!(types.contains(&"ChoiceStateEntered") && types.contains(&"SucceedStateEntered"), "{types:?}");
        assert_eq!(types.last(), Some(&"MapIterationSucceeded"));
    }
}
