//! Interpreter cases: Parallel: branches and a caught branch failure.

use super::{Case, End, BASE};

pub const CASES: &[Case] = &[
    Case {
        id: "parallel",
        name: "Parallel: each branch gets the input; the output is their outputs in branch order",
        definition: r#"{"StartAt": "P", "States": {
            "P": {"Type": "Parallel", "End": true, "Branches": [
                {"StartAt": "One", "States": {"One": {"Type": "Pass", "InputPath": "$.a", "End": true}}},
                {"StartAt": "Two", "States": {"Two": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "OutputPath": "$.Payload", "End": true}}}]}}}"#,
        input: r#"{"a": "x"}"#,
        scenario: r#"{"Two": [{"Return": {"Payload": "y"}}]}"#,
        end: End::Succeeded(r#"["x", "y"]"#),
        events: &[
            "ExecutionStarted",
            "ParallelStateEntered P",
            "ParallelStateStarted P",
            "PassStateEntered One",
            "PassStateExited One",
            "TaskStateEntered Two",
            "TaskScheduled Two",
            "TaskStarted Two",
            "TaskSucceeded Two",
            "TaskStateExited Two",
            "ParallelStateExited P",
            "ExecutionSucceeded",
        ],
        ..BASE
    },
    Case {
        id: "parallel-caught",
        name: "Parallel: a failing branch fails the Parallel, which its Catcher takes",
        definition: r#"{"StartAt": "P", "States": {
            "P": {"Type": "Parallel", "Next": "Ok", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}], "Branches": [
                {"StartAt": "Bad", "States": {"Bad": {"Type": "Fail", "Error": "E", "Cause": "C"}}}]},
            "Ok": {"Type": "Succeed"},
            "Caught": {"Type": "Pass", "End": true}}}"#,
        end: End::Succeeded(r#"{"Error": "E", "Cause": "C"}"#),
        events: &[
            "ExecutionStarted",
            "ParallelStateEntered P",
            "ParallelStateStarted P",
            "FailStateEntered Bad",
            "ParallelStateFailed P",
            "ParallelStateExited P",
            "PassStateEntered Caught",
            "PassStateExited Caught",
            "ExecutionSucceeded",
        ],
        ..BASE
    },
];
