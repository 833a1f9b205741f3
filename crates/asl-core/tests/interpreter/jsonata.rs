//! Interpreter cases: The same kinds with JSONata as the query language.

use super::{Case, End, BASE};

pub const CASES: &[Case] = &[
    Case {
        id: "jsonata-pass-assign",
        name: "JSONata: Pass Output, Assign read by a later state",
        definition: r#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {
            "A": {"Type": "Pass", "Assign": {"base": "{% $states.input.n * 10 %}"}, "Output": {"n": "{% $states.input.n + 1 %}"}, "Next": "B"},
            "B": {"Type": "Pass", "Output": "{% $base + $states.input.n %}", "End": true}}}"#,
        input: r#"{"n": 4}"#,
        end: End::Succeeded("45"),
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
        id: "jsonata-task-choice",
        name: "JSONata: Task Arguments and Output from $states.result; Choice Condition",
        definition: r#"{"QueryLanguage": "JSONata", "StartAt": "Call", "States": {
            "Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                     "Arguments": {"FunctionName": "f", "Payload": {"x": "{% $states.input.x %}"}},
                     "Output": "{% $states.result.Payload %}", "Next": "C"},
            "C": {"Type": "Choice", "Default": "No", "Choices": [{"Condition": "{% $states.input.ok %}", "Next": "Yes"}]},
            "Yes": {"Type": "Succeed", "Output": "{% 'yes ' & $states.input.v %}"},
            "No": {"Type": "Fail", "Error": "No"}}}"#,
        input: r#"{"x": 1}"#,
        scenario: r#"{"Call": [{"Return": {"Payload": {"ok": true, "v": "sir"}}}]}"#,
        end: End::Succeeded(r#""yes sir""#),
        events: &[
            "ExecutionStarted",
            "TaskStateEntered Call",
            "TaskScheduled Call",
            "TaskStarted Call",
            "TaskSucceeded Call",
            "TaskStateExited Call",
            "ChoiceStateEntered C",
            "ChoiceStateExited C",
            "SucceedStateEntered Yes",
            "SucceedStateExited Yes",
            "ExecutionSucceeded",
        ],
        ..BASE
    },
    Case {
        id: "jsonata-wait-map",
        name: "JSONata: Wait Seconds from an expression; Map Items and ItemSelector",
        definition: r#"{"QueryLanguage": "JSONata", "StartAt": "W", "States": {
            "W": {"Type": "Wait", "Seconds": "{% $states.input.s * 2 %}", "Next": "M"},
            "M": {"Type": "Map", "Items": "{% $states.input.list %}", "End": true,
                  "ItemSelector": {"at": "{% $states.context.Map.Item.Index %}", "v": "{% $states.context.Map.Item.Value %}"},
                  "ItemProcessor": {"StartAt": "E", "States": {"E": {"Type": "Pass", "Output": "{% $states.input.v & $string($states.input.at) %}", "End": true}}}}}}"#,
        input: r#"{"s": 30, "list": ["a", "b"]}"#,
        end: End::Succeeded(r#"["a0", "b1"]"#),
        events: &[
            "ExecutionStarted",
            "WaitStateEntered W",
            "WaitStateExited W",
            "MapStateEntered M",
            "MapStateStarted M",
            "MapIterationStarted M",
            "PassStateEntered E",
            "PassStateExited E",
            "MapIterationSucceeded M",
            "MapIterationStarted M",
            "PassStateEntered E",
            "PassStateExited E",
            "MapIterationSucceeded M",
            "MapStateSucceeded M",
            "MapStateExited M",
            "ExecutionSucceeded",
        ],
        elapsed_ms: 60_000,
        ..BASE
    },
    Case {
        id: "jsonata-evaluation-error",
        name: "JSONata: an expression that fails to evaluate is States.QueryEvaluationError, with EvaluationFailed",
        definition: r#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {
            "A": {"Type": "Pass", "Output": "{% $error('stop') %}", "End": true}}}"#,
        end: End::Failed("States.QueryEvaluationError", ""),
        events: &["ExecutionStarted", "PassStateEntered A", "EvaluationFailed A", "ExecutionFailed"],
        ..BASE
    },
    Case {
        id: "jsonata-catch-output",
        name: "JSONata: a Catcher's Output reads $states.errorOutput",
        definition: r#"{"QueryLanguage": "JSONata", "StartAt": "Call", "States": {
            "Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true,
                     "Catch": [{"ErrorEquals": ["States.ALL"], "Output": "{% $states.errorOutput.Error %}", "Next": "Done"}]},
            "Done": {"Type": "Succeed"}}}"#,
        scenario: r#"{"Call": [{"Throw": {"Error": "Oops", "Cause": "c"}}]}"#,
        end: End::Succeeded(r#""Oops""#),
        events: &[
            "ExecutionStarted",
            "TaskStateEntered Call",
            "TaskScheduled Call",
            "TaskStarted Call",
            "TaskFailed Call",
            "TaskStateExited Call",
            "SucceedStateEntered Done",
            "SucceedStateExited Done",
            "ExecutionSucceeded",
        ],
        ..BASE
    },
];
