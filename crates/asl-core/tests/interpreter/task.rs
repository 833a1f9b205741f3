//! Interpreter cases: Task: service calls, retries, catchers, `.sync` and `TimeoutSeconds`.

use super::{Case, End, BASE};

pub const CASES: &[Case] = &[
    Case {
        id: "task-lambda-arn",
        name: "Task: a bare Lambda ARN gives LambdaFunction events and the payload as result",
        definition: r#"{"StartAt": "Call", "States": {
            "Call": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "ResultSelector": {"v.$": "$.value"}, "End": true}}}"#,
        scenario: r#"{"Call": [{"Return": {"value": 7, "other": 0}}]}"#,
        end: End::Succeeded(r#"{"v": 7}"#),
        events: &[
            "ExecutionStarted",
            "TaskStateEntered Call",
            "LambdaFunctionScheduled Call",
            "LambdaFunctionStarted Call",
            "LambdaFunctionSucceeded Call",
            "TaskStateExited Call",
            "ExecutionSucceeded",
        ],
        ..BASE
    },
    Case {
        id: "task-retry",
        name: "Task: Retry waits IntervalSeconds times BackoffRate per attempt on the virtual clock",
        definition: r#"{"StartAt": "Call", "States": {
            "Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "OutputPath": "$.Payload", "End": true,
                     "Retry": [{"ErrorEquals": ["Flaky"], "IntervalSeconds": 2, "BackoffRate": 3, "MaxAttempts": 2}]}}}"#,
        scenario: r#"{"Call": [{"Throw": {"Error": "Flaky", "Cause": "1"}}, {"Throw": {"Error": "Flaky", "Cause": "2"}}, {"Return": {"Payload": "done"}}]}"#,
        end: End::Succeeded(r#""done""#),
        events: &[
            "ExecutionStarted",
            "TaskStateEntered Call",
            "TaskScheduled Call",
            "TaskStarted Call",
            "TaskFailed Call",
            "TaskScheduled Call",
            "TaskStarted Call",
            "TaskFailed Call",
            "TaskScheduled Call",
            "TaskStarted Call",
            "TaskSucceeded Call",
            "TaskStateExited Call",
            "ExecutionSucceeded",
        ],
        // 2 s, then 2 × 3 s.
        elapsed_ms: 8_000,
        ..BASE
    },
    Case {
        id: "task-retry-then-catch",
        name: "Task: when the retries run out, the Catcher takes the error to its Next",
        definition: r#"{"StartAt": "Call", "States": {
            "Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "Done",
                     "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1, "MaxAttempts": 1}],
                     "Catch": [{"ErrorEquals": ["Other"], "Next": "Done"}, {"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Handle"}]},
            "Handle": {"Type": "Pass", "End": true},
            "Done": {"Type": "Succeed"}}}"#,
        input: r#"{"id": 1}"#,
        scenario: r#"{"Call": [{"Throw": {"Error": "Boom", "Cause": "it broke"}}]}"#,
        end: End::Succeeded(r#"{"id": 1, "error": {"Error": "Boom", "Cause": "it broke"}}"#),
        events: &[
            "ExecutionStarted",
            "TaskStateEntered Call",
            "TaskScheduled Call",
            "TaskStarted Call",
            "TaskFailed Call",
            "TaskScheduled Call",
            "TaskStarted Call",
            "TaskFailed Call",
            "TaskStateExited Call",
            "PassStateEntered Handle",
            "PassStateExited Handle",
            "ExecutionSucceeded",
        ],
        elapsed_ms: 1_000,
    },
    Case {
        id: "task-uncaught",
        name: "Task: an error nothing catches fails the execution with it",
        definition: r#"{"StartAt": "Call", "States": {
            "Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true,
                     "Catch": [{"ErrorEquals": ["Other"], "Next": "Done"}]},
            "Done": {"Type": "Succeed"}}}"#,
        scenario: r#"{"Call": [{"Throw": {"Error": "Boom", "Cause": "it broke"}}]}"#,
        end: End::Failed("Boom", "it broke"),
        events: &[
            "ExecutionStarted",
            "TaskStateEntered Call",
            "TaskScheduled Call",
            "TaskStarted Call",
            "TaskFailed Call",
            "ExecutionFailed",
        ],
        ..BASE
    },
    Case {
        id: "task-sync",
        name: "Task: .sync adds TaskSubmitted",
        definition: r#"{"StartAt": "Job", "States": {
            "Job": {"Type": "Task", "Resource": "arn:aws:states:::batch:submitJob.sync", "Parameters": {"JobName": "j", "JobQueue": "q", "JobDefinition": "d"}, "ResultSelector": {"s.$": "$.Status"}, "End": true}}}"#,
        scenario: r#"{"Job": [{"Return": {"Status": "SUCCEEDED"}}]}"#,
        end: End::Succeeded(r#"{"s": "SUCCEEDED"}"#),
        events: &[
            "ExecutionStarted",
            "TaskStateEntered Job",
            "TaskScheduled Job",
            "TaskStarted Job",
            "TaskSubmitted Job",
            "TaskSucceeded Job",
            "TaskStateExited Job",
            "ExecutionSucceeded",
        ],
        ..BASE
    },
    Case {
        id: "task-timed-out",
        name: "Task: a scripted States.Timeout is TaskTimedOut",
        definition: r#"{"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "TimeoutSeconds": 5, "End": true}}}"#,
        scenario: r#"{"Call": [{"Throw": {"Error": "States.Timeout", "Cause": "slow"}}]}"#,
        end: End::Failed("States.Timeout", "slow"),
        events: &[
            "ExecutionStarted",
            "TaskStateEntered Call",
            "TaskScheduled Call",
            "TaskStarted Call",
            "TaskTimedOut Call",
            "ExecutionFailed",
        ],
        ..BASE
    },
];
