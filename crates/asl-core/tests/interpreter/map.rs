//! Interpreter cases: Map: inline, tolerated failures, a failing item and distributed.

use super::{Case, End, BASE};

pub const CASES: &[Case] = &[
    Case {
        id: "map-inline",
        name: "Map inline: one iteration per item, ItemSelector with the item's index, results in order",
        definition: r#"{"StartAt": "M", "States": {
            "M": {"Type": "Map", "ItemsPath": "$.items", "End": true,
                  "ItemSelector": {"i.$": "$$.Map.Item.Index", "v.$": "$$.Map.Item.Value"},
                  "ItemProcessor": {"StartAt": "Each", "States": {"Each": {"Type": "Pass", "End": true}}}}}}"#,
        input: r#"{"items": ["a", "b"]}"#,
        end: End::Succeeded(r#"[{"i": 0, "v": "a"}, {"i": 1, "v": "b"}]"#),
        events: &[
            "ExecutionStarted",
            "MapStateEntered M",
            "MapStateStarted M",
            "MapIterationStarted M",
            "PassStateEntered Each",
            "PassStateExited Each",
            "MapIterationSucceeded M",
            "MapIterationStarted M",
            "PassStateEntered Each",
            "PassStateExited Each",
            "MapIterationSucceeded M",
            "MapStateSucceeded M",
            "MapStateExited M",
            "ExecutionSucceeded",
        ],
        ..BASE
    },
    Case {
        id: "map-tolerated",
        name: "Map inline: a failure within ToleratedFailureCount becomes the item's result",
        definition: r#"{"StartAt": "M", "States": {
            "M": {"Type": "Map", "End": true, "ToleratedFailureCount": 1,
                  "ItemProcessor": {"StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "OutputPath": "$.Payload", "End": true}}}}}}"#,
        input: "[1, 2]",
        scenario: r#"{"Work": [{"Throw": {"Error": "Bad", "Cause": "item 1"}}, {"Return": {"Payload": 20}}]}"#,
        end: End::Succeeded(r#"[{"Error": "Bad", "Cause": "item 1"}, 20]"#),
        events: &[
            "ExecutionStarted",
            "MapStateEntered M",
            "MapStateStarted M",
            "MapIterationStarted M",
            "TaskStateEntered Work",
            "TaskScheduled Work",
            "TaskStarted Work",
            "TaskFailed Work",
            "MapIterationFailed M",
            "MapIterationStarted M",
            "TaskStateEntered Work",
            "TaskScheduled Work",
            "TaskStarted Work",
            "TaskSucceeded Work",
            "TaskStateExited Work",
            "MapIterationSucceeded M",
            "MapStateSucceeded M",
            "MapStateExited M",
            "ExecutionSucceeded",
        ],
        ..BASE
    },
    Case {
        id: "map-fails",
        name: "Map inline: a failing iteration past the tolerance fails the Map",
        definition: r#"{"StartAt": "M", "States": {
            "M": {"Type": "Map", "End": true,
                  "ItemProcessor": {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Bad", "Cause": "no"}}}}}}"#,
        input: "[1, 2]",
        end: End::Failed("Bad", "no"),
        events: &[
            "ExecutionStarted",
            "MapStateEntered M",
            "MapStateStarted M",
            "MapIterationStarted M",
            "FailStateEntered F",
            "MapIterationFailed M",
            "MapStateFailed M",
            "ExecutionFailed",
        ],
        ..BASE
    },
    Case {
        id: "map-distributed",
        name: "Map distributed: a Map Run whose iterations are child executions, not in this history",
        definition: r#"{"StartAt": "M", "States": {
            "M": {"Type": "Map", "End": true, "Label": "L",
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                                    "StartAt": "Double", "States": {"Double": {"Type": "Pass", "Parameters": {"d.$": "States.MathAdd($.n, $.n)"}, "End": true}}}}}}"#,
        input: r#"[{"n": 1}, {"n": 2}]"#,
        end: End::Succeeded(r#"[{"d": 2}, {"d": 4}]"#),
        events: &[
            "ExecutionStarted",
            "MapStateEntered M",
            "MapStateStarted M",
            "MapRunStarted M",
            "MapRunSucceeded M",
            "MapStateSucceeded M",
            "MapStateExited M",
            "ExecutionSucceeded",
        ],
        ..BASE
    },
];
