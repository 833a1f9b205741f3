//! Interpreter cases: Pass, Succeed and Fail: the states that neither wait nor call.

use super::{Case, End, BASE};

pub const CASES: &[Case] = &[
    Case {
        id: "pass",
        name: "Pass: Result placed by ResultPath, then OutputPath",
        definition: r#"{"StartAt": "A", "States": {
            "A": {"Type": "Pass", "Result": {"n": 1}, "ResultPath": "$.r", "Next": "B"},
            "B": {"Type": "Pass", "Parameters": {"sum.$": "States.MathAdd($.r.n, $.k)", "k.$": "$.k"}, "OutputPath": "$.sum", "End": true}}}"#,
        input: r#"{"k": 41}"#,
        end: End::Succeeded("42"),
        events: &[
            "ExecutionStarted",
            "PassStateEntered A",
            "PassStateExited A",
            "PassStateEntered B",
            "PassStateExited B",
            "ExecutionSucceeded",
        ],
        ..BASE
    },
    Case {
        id: "succeed",
        name: "Succeed: ends the run with its OutputPath",
        definition: r#"{"StartAt": "S", "States": {"S": {"Type": "Succeed", "OutputPath": "$.keep"}}}"#,
        input: r#"{"keep": [1, 2], "drop": 0}"#,
        end: End::Succeeded("[1, 2]"),
        events: &["ExecutionStarted", "SucceedStateEntered S", "SucceedStateExited S", "ExecutionSucceeded"],
        ..BASE
    },
    Case {
        id: "fail",
        name: "Fail: Error and Cause, the Cause from a path",
        definition: r#"{"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Nope", "CausePath": "$.why"}}}"#,
        input: r#"{"why": "because"}"#,
        end: End::Failed("Nope", "because"),
        events: &["ExecutionStarted", "FailStateEntered F", "ExecutionFailed"],
        ..BASE
    },
];
