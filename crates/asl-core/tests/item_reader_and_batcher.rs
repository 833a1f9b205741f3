//! A Map's `ItemReader` reads what the scenario scripts under the Map's name (its `MaxItems`
//! cuts the list; a `Throw` fails the Map, to be caught); an `ItemBatcher` groups the selected
//! items into `{"BatchInput", "Items"}` inputs, and a failed batch counts all its items against
//! the tolerated failures. A heartbeat timeout ends the Task with `TaskTimedOut`. A test's
//! `Visited` sees the states a distributed Map ran in its child executions.

use asl_core::run::verdict::Expectation;
use asl_core::{parse, simulate, EventType, Options, Outcome, Scenario, Status};
use serde_json::{json, Value};

fn machine(text: &str) -> asl_core::Machine {
    let parsed = parse(text);
    assert!(!parsed.has_errors(), "{:?}", parsed.diagnostics);
    parsed.machine.unwrap()
}

const READER: &str = r#"{"StartAt": "Each Object", "States": {
  "Each Object": {"Type": "Map",
    "ItemReader": {"Resource": "arn:aws:states:::s3:listObjectsV2", "Parameters": {"Bucket": "b"},
                   "ReaderConfig": {"MaxItems": 2}},
    "ItemSelector": {"key.$": "$$.Map.Item.Value.Key", "index.$": "$$.Map.Item.Index"},
    "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
      "StartAt": "Work", "States": {"Work": {"Type": "Pass", "End": true}}},
    "Catch": [{"ErrorEquals": ["S3.NoSuchBucketException"], "Next": "No Bucket"}],
    "End": true},
  "No Bucket": {"Type": "Succeed"}}}"#;

#[test]
fn an_item_reader_reads_the_scripted_items_up_to_max_items() {
    let m = machine(READER);
    let listed = json!([{"Key": "a.jpg", "Size": 1}, {"Key": "b.jpg", "Size": 2}, {"Key": "c.jpg", "Size": 3}]);
    let run = simulate(
        &m,
        json!({"bucket": "b"}),
        &Scenario::new().then("Each Object", Outcome::Return(listed)),
        &Options::default(),
    );
    assert_eq!(run.status, Status::Succeeded, "{:?}", run.cause);
    assert_eq!(run.output, Some(json!([{"key": "a.jpg", "index": 0}, {"key": "b.jpg", "index": 1}])));
    let missing = Outcome::Throw { error: "S3.NoSuchBucketException".into(), cause: Some("no bucket b".into()) };
    let run = simulate(&m, json!({}), &Scenario::new().then("Each Object", missing), &Options::default());
    assert_eq!(run.status, Status::Succeeded);
    assert!(run.history.iter().any(|e| e.state.as_deref() == Some("No Bucket")), "the read's failure was caught");
    let not_items = simulate(
        &m,
        json!({}),
        &Scenario::new().then("Each Object", Outcome::Return(json!({"Contents": []}))),
        &Options::default(),
    );
    assert_eq!(not_items.error.as_deref(), Some("States.Runtime"));
    assert!(not_items.cause.unwrap().contains("array"));
}

const BATCHER: &str = r#"{"QueryLanguage": "JSONata", "StartAt": "Batches", "States": {
  "Batches": {"Type": "Map",
    "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON"},
                   "Arguments": {"Bucket": "b", "Key": "k.json"}},
    "ItemSelector": "{% {'id': $states.context.Map.Item.Value.id} %}",
    "ItemBatcher": {"MaxItemsPerBatch": 2, "BatchInput": {"size": "{% $states.input.size %}"}},
    "ToleratedFailurePercentage": 40,
    "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
      "StartAt": "Resize", "States": {"Resize": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Arguments": {"FunctionName": "f", "Payload": "{% $states.input %}"}, "Output": "{% $states.result.Payload %}", "End": true}}},
    "End": true}}}"#;

fn payload(v: Value) -> Outcome {
    Outcome::Return(json!({"Payload": v, "StatusCode": 200}))
}

#[test]
fn an_item_batcher_groups_selected_items_and_counts_failed_batches_by_item() {
    let m = machine(BATCHER);
    let items = Outcome::Return(json!([{"id": 1}, {"id": 2}, {"id": 3}, {"id": 4}, {"id": 5}]));
    let ok = Scenario::new()
        .then("Batches", items.clone())
        .then("Resize", payload(json!("first")))
        .then("Resize", payload(json!("second")))
        .then("Resize", payload(json!("third")));
    let run = simulate(&m, json!({"size": 128}), &ok, &Options::default());
    assert_eq!(run.status, Status::Succeeded, "{:?}", run.cause);
    assert_eq!(run.output, Some(json!(["first", "second", "third"])));
    assert_eq!(run.map_runs.len(), 3, "one child execution per batch");
    let expect = Expectation { visited: vec!["Resize".into()], ..Expectation::default() };
    assert_eq!(expect.check(&run), [], "the children's states count as visited");
    let expect = Expectation { not_visited: vec!["Resize".into()], ..Expectation::default() };
    assert_eq!(expect.check(&run).len(), 1);
    let scheduled = run.map_runs[0].history.iter().find(|e| e.event_type == EventType::TaskScheduled).unwrap();
    let params: Value = match &scheduled.details["parameters"] {
        Value::String(s) => serde_json::from_str(s).unwrap(),
        v => v.clone(),
    };
    assert_eq!(params["Payload"], json!({"BatchInput": {"size": 128}, "Items": [{"id": 1}, {"id": 2}]}));
    // The last batch (one item of five: 20%) may fail; a full batch (two items: 40%) plus one more may not.
    let boom = Outcome::Throw { error: "Lambda.Unknown".into(), cause: Some("boom".into()) };
    let last_fails = Scenario::new()
        .then("Batches", items.clone())
        .then("Resize", payload(json!("first")))
        .then("Resize", payload(json!("second")))
        .then("Resize", boom.clone());
    assert_eq!(simulate(&m, json!({"size": 1}), &last_fails, &Options::default()).status, Status::Succeeded);
    let first_and_last_fail = Scenario::new()
        .then("Batches", items)
        .then("Resize", boom.clone())
        .then("Resize", payload(json!("second")))
        .then("Resize", boom);
    let run = simulate(&m, json!({"size": 1}), &first_and_last_fail, &Options::default());
    assert_eq!(run.error.as_deref(), Some("States.ExceedToleratedFailureThreshold"));
}

#[test]
fn a_heartbeat_timeout_is_a_timed_out_task() {
    let m = machine(
        r#"{"StartAt": "Wait For Worker", "States": {"Wait For Worker": {"Type": "Task",
        "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "HeartbeatSeconds": 60,
        "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}}, "End": true}}}"#,
    );
    let lost = Outcome::Throw { error: "States.HeartbeatTimeout".into(), cause: None };
    let run = simulate(&m, json!({}), &Scenario::new().then("Wait For Worker", lost), &Options::default());
    assert_eq!(run.error.as_deref(), Some("States.HeartbeatTimeout"));
    let types: Vec<EventType> = run.history.iter().map(|e| e.event_type).collect();
    assert!(types.contains(&EventType::TaskTimedOut) && !types.contains(&EventType::TaskFailed), "{types:?}");
}

/// The JSONPath forms, read from the input: `ReaderConfig.MaxItemsPath`, the batcher's
/// `MaxItemsPerBatchPath` and a `BatchInput` template with `.$` keys.
#[test]
fn jsonpath_limits_and_batch_input_come_from_the_input() {
    let m = machine(
        r#"{"StartAt": "Batches", "States": {"Batches": {"Type": "Map",
          "ItemReader": {"Resource": "arn:aws:states:::s3:listObjectsV2", "Parameters": {"Bucket": "b"},
                         "ReaderConfig": {"MaxItemsPath": "$.max"}},
          "ItemBatcher": {"MaxItemsPerBatchPath": "$.per", "BatchInput": {"tag.$": "$.tag", "fixed": 1}},
          "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
            "StartAt": "Work", "States": {"Work": {"Type": "Pass", "End": true}}},
          "End": true}}}"#,
    );
    let listed = Outcome::Return(json!([1, 2, 3, 4, 5]));
    let run = simulate(
        &m,
        json!({"max": 3, "per": 2, "tag": "t"}),
        &Scenario::new().then("Batches", listed),
        &Options::default(),
    );
    assert_eq!(run.status, Status::Succeeded, "{:?}", run.cause);
    let batch = |items: Value| json!({"BatchInput": {"tag": "t", "fixed": 1}, "Items": items});
    assert_eq!(run.output, Some(json!([batch(json!([1, 2])), batch(json!([3]))])));
    let bad = simulate(
        &m,
        json!({"max": 3, "per": 0, "tag": "t"}),
        &Scenario::new().then("Batches", Outcome::Return(json!([1]))),
        &Options::default(),
    );
    assert!(bad.cause.unwrap_or_default().contains("MaxItemsPerBatch must be a positive integer"));
}
