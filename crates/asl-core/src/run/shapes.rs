//! What a scripted outcome of a Task should look like, for the outcome editor: the realistic
//! response of its integration (to prefill a `Return`), the errors it usually throws, the
//! fields the definition reads from its result that a mocked `Return` lacks, and whether the
//! scripted invocations can run out before the workflow stops calling.

use serde_json::{json, Value};

use crate::expr::path::RefPath;
use crate::model::{Machine, State, StateKind};
use crate::run::services::{self, Ids, Integration, Pattern};

/// The response the integration gives on success, as a starting point for a `Return`: the
/// Lambda invoke envelope (`Payload`, `StatusCode`, `ExecutedVersion`), Batch's job description,
/// SNS's `MessageId`, ... For a bare Lambda ARN or an Activity, the output the code returns
/// (an empty object to fill in).
pub fn example_response(resource: &str, parameters: &Value) -> Value {
    let integration = Integration::from_resource(resource);
    let mut ids = Ids::new(0);
    match &integration {
        Integration::LambdaFunction { .. } | Integration::Activity { .. } | Integration::Other { .. } => json!({}),
        Integration::Service { service, api, pattern } => match (service.as_str(), api.as_str(), pattern) {
            (_, _, Pattern::WaitForTaskToken) => json!({}),
            ("lambda", "invoke", _) => json!({
                "ExecutedVersion": "$LATEST",
                "Payload": {},
                "StatusCode": 200,
            }),
            ("sqs", "sendMessage", _) => json!({
                "MD5OfMessageBody": "5d41402abc4b2a76b9719d911017c592",
                "MessageId": ids.uuid(),
            }),
            ("dynamodb", "getItem", _) => json!({ "Item": {} }),
            ("dynamodb", "putItem" | "updateItem" | "deleteItem", _) => json!({}),
            ("dynamodb", "query" | "scan", _) => json!({ "Count": 0, "Items": [], "ScannedCount": 0 }),
            ("events", "putEvents", _) => json!({ "Entries": [{ "EventId": ids.uuid() }], "FailedEntryCount": 0 }),
            ("states", "startExecution", Pattern::Sync) => json!({
                "ExecutionArn": "arn:aws:states:us-east-1:123456789012:execution:Child:1",
                "Output": "{}",
                "Status": "SUCCEEDED",
            }),
            ("states", "startExecution", _) => json!({
                "ExecutionArn": "arn:aws:states:us-east-1:123456789012:execution:Child:1",
                "StartDate": "2024-01-01T00:00:00Z",
            }),
            ("ecs", "runTask", _) => json!({ "Failures": [], "Tasks": [{ "LastStatus": "STOPPED", "TaskArn":
                "arn:aws:ecs:us-east-1:123456789012:task/cluster/1" }] }),
            ("batch" | "sns", _, _) => services::default_result(&integration, parameters, &mut ids),
            _ => json!({}),
        },
    }
}

/// The errors a call to this integration usually ends with, most common first.
pub fn usual_errors(resource: &str) -> Vec<&'static str> {
    let mut errors = match Integration::from_resource(resource) {
        Integration::LambdaFunction { .. } => {
            vec!["States.TaskFailed", "Lambda.ServiceException", "Lambda.TooManyRequestsException"]
        }
        Integration::Service { service, pattern, .. } => {
            let mut e = vec!["States.TaskFailed"];
            match service.as_str() {
                "lambda" => e.extend([
                    "Lambda.ServiceException",
                    "Lambda.AWSLambdaException",
                    "Lambda.SdkClientException",
                    "Lambda.TooManyRequestsException",
                ]),
                "dynamodb" => e.extend([
                    "DynamoDB.ConditionalCheckFailedException",
                    "DynamoDB.ProvisionedThroughputExceededException",
                ]),
                "sns" => e.push("SNS.InvalidParameterException"),
                "sqs" => e.push("SQS.QueueDoesNotExistException"),
                "batch" => e.push("Batch.ClientException"),
                _ => {}
            }
            if pattern == Pattern::WaitForTaskToken {
                e.push("States.HeartbeatTimeout");
            }
            e
        }
        Integration::Activity { .. } => vec!["States.TaskFailed", "States.HeartbeatTimeout"],
        Integration::Other { .. } => vec!["States.TaskFailed"],
    };
    errors.extend(["States.Timeout", "States.Permissions"]);
    errors
}

/// The reference paths a Task's `ResultSelector` reads from the result (`"id.$": "$.Payload.jobId"`).
fn result_selector_paths(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                match v {
                    Value::String(path) if k.ends_with(".$") && path.starts_with("$.") => out.push(path.clone()),
                    _ => result_selector_paths(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| result_selector_paths(v, out)),
        _ => {}
    }
}

/// The paths of the state's `ResultSelector` that select nothing in `result`: a mocked `Return`
/// without `jobId` for `$.Payload.jobId` makes the run fail with States.Runtime.
pub fn missing_fields(state: &State, result: &Value) -> Vec<String> {
    let mut paths = Vec::new();
    if let Some(selector) = &state.result_selector {
        result_selector_paths(selector.value(), &mut paths);
    }
    paths.retain(|p| RefPath::parse(p).is_ok_and(|path| path.select(result).is_none()));
    paths
}

/// Why `state` may be invoked more often than `scripted` times in one run, if it may: a Retrier
/// that retries it, a loop through it, or a Map that runs it per item.
pub fn may_need_more(machine: &Machine, state: &str, scripted: usize) -> Option<String> {
    let (found, in_map) = find_with_map(machine, state, false)?;
    if in_map {
        return Some(format!("'{state}' runs once per Map item; {scripted} invocation(s) are scripted"));
    }
    let attempts: u64 = found.retry.iter().map(|r| r.max_attempts).sum();
    if attempts > 0 && (scripted as u64) < attempts + 1 {
        return Some(format!(
            "'{state}' may be retried up to {attempts} time(s) (Retry), so up to {} invocations; {scripted} are scripted",
            attempts + 1
        ));
    }
    if scope_has_loop_through(machine, state) {
        return Some(format!("'{state}' is in a loop; {scripted} invocation(s) are scripted"));
    }
    None
}

fn find_with_map<'m>(machine: &'m Machine, name: &str, in_map: bool) -> Option<(&'m State, bool)> {
    for s in &machine.states {
        if s.name == name {
            return Some((s, in_map));
        }
        let inner = match &s.kind {
            StateKind::Parallel(p) => p.branches.iter().find_map(|b| find_with_map(b, name, in_map)),
            StateKind::Map(m) => m.processor.as_ref().and_then(|p| find_with_map(p, name, true)),
            _ => None,
        };
        if inner.is_some() {
            return inner;
        }
    }
    None
}

/// Whether some path of transitions leads from `state` back to itself in its own scope.
fn scope_has_loop_through(machine: &Machine, state: &str) -> bool {
    let Some(scope) = machine.scope_of(state) else { return false };
    let mut seen = std::collections::BTreeSet::new();
    let mut todo: Vec<String> = scope
        .state(state)
        .map(|s| s.transitions().into_iter().map(|t| t.target.value.clone()).collect())
        .unwrap_or_default();
    while let Some(next) = todo.pop() {
        if next == state {
            return true;
        }
        if seen.insert(next.clone()) {
            if let Some(s) = scope.state(&next) {
                todo.extend(s.transitions().into_iter().map(|t| t.target.value.clone()));
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn machine(text: &str) -> Machine {
        crate::parse(text).machine.expect("a machine")
    }

    #[test]
    fn lambda_invoke_prefill_is_the_envelope() {
        let r = example_response("arn:aws:states:::lambda:invoke", &json!({"FunctionName": "f"}));
        assert_eq!(r["StatusCode"], 200);
        assert!(r["Payload"].is_object());
        assert!(usual_errors("arn:aws:states:::lambda:invoke").contains(&"Lambda.ServiceException"));
        assert!(example_response("arn:aws:states:::sns:publish", &json!({}))["MessageId"].is_string());
    }

    #[test]
    fn missing_fields_of_a_result_selector() {
        let m = machine(
            r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "ResultSelector": {"id.$": "$.Payload.jobId", "code.$": "$.StatusCode"}, "End": true}}}"#,
        );
        let t = m.state("T").unwrap();
        assert_eq!(missing_fields(t, &json!({"Payload": {}, "StatusCode": 200})), vec!["$.Payload.jobId"]);
        assert!(missing_fields(t, &json!({"Payload": {"jobId": "1"}, "StatusCode": 200})).is_empty());
    }

    #[test]
    fn retries_and_loops_may_need_more_invocations() {
        let m = machine(
            r#"{"StartAt": "T", "States": {
            "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "C",
                  "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 2}]},
            "C": {"Type": "Choice", "Choices": [{"Variable": "$.x", "BooleanEquals": true, "Next": "T"}], "Default": "D"},
            "D": {"Type": "Succeed"}}}"#,
        );
        assert!(may_need_more(&m, "T", 1).unwrap().contains("Retry"));
        assert!(may_need_more(&m, "T", 3).unwrap().contains("loop"));
        let flat = machine(
            r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "End": true}}}"#,
        );
        assert_eq!(may_need_more(&flat, "T", 1), None);
    }
}
