//! Interpreter cases: Choice: a matching rule and the Default when none matches.

use super::{Case, End, BASE};

pub const CASES: &[Case] = &[
    Case {
        id: "choice",
        name: "Choice: the first rule that holds decides",
        definition: r#"{"StartAt": "C", "States": {
            "C": {"Type": "Choice", "Default": "Low",
                  "Choices": [{"Variable": "$.n", "NumericGreaterThan": 10, "Next": "High"},
                              {"And": [{"Variable": "$.n", "NumericGreaterThan": 5}, {"Not": {"Variable": "$.tag", "StringEquals": "x"}}], "Next": "Mid"}]},
            "High": {"Type": "Fail", "Error": "High"},
            "Mid": {"Type": "Pass", "Result": "mid", "End": true},
            "Low": {"Type": "Fail", "Error": "Low"}}}"#,
        input: r#"{"n": 7, "tag": "y"}"#,
        end: End::Succeeded(r#""mid""#),
        events: &[
            "ExecutionStarted",
            "ChoiceStateEntered C",
            "ChoiceStateExited C",
            "PassStateEntered Mid",
            "PassStateExited Mid",
            "ExecutionSucceeded",
        ],
        ..BASE
    },
    Case {
        id: "choice-no-match",
        name: "Choice: no rule holds and no Default",
        definition: r#"{"StartAt": "C", "States": {
            "C": {"Type": "Choice", "Choices": [{"Variable": "$.n", "IsPresent": true, "Next": "S"}]},
            "S": {"Type": "Succeed"}}}"#,
        end: End::Failed("States.NoChoiceMatched", "No Matches!"),
        events: &["ExecutionStarted", "ChoiceStateEntered C", "ExecutionFailed"],
        ..BASE
    },
];
