//! The interpreter per state kind (`asl_core::simulate` with a scripted `Scenario`): one small
//! definition per case, and what its run must give: status, output (or error and cause), the
//! exact sequence of history events with their states, and how far the virtual clock moved.
//! The failures must be exactly the ones listed under "interpreter cases" in
//! `tests/known_failures.json`.

mod support;

use asl_core::EventType;
use asl_core::{parse, simulate, Options, Run, Scenario, Status};
use serde_json::Value;

/// How a run ends.
#[derive(Clone, Copy, Debug)]
enum End {
    /// With this output (JSON text).
    Succeeded(&'static str),
    /// With this error and cause.
    Failed(&'static str, &'static str),
    /// Past the machine's `TimeoutSeconds`.
    TimedOut,
}

struct Case {
    /// The case's key in `tests/known_failures.json`.
    id: &'static str,
    name: &'static str,
    definition: &'static str,
    /// The execution input (JSON text).
    input: &'static str,
    /// `Scenario::from_json`: state name to its successive outcomes.
    scenario: &'static str,
    end: End,
    /// Every event of the history, in order: its type, then its state if it has one.
    events: &'static [&'static str],
    /// How far the virtual clock moved from the start to the last event.
    elapsed_ms: i64,
}

const BASE: Case = Case {
    id: "",
    name: "",
    definition: "",
    input: "{}",
    scenario: "{}",
    end: End::Succeeded("{}"),
    events: &[],
    elapsed_ms: 0,
};

const CASES: &[Case] = &[
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
    Case {
        id: "wait",
        name: "Wait: an hour of Seconds, then a TimestampPath, on the virtual clock",
        definition: r#"{"StartAt": "Hour", "States": {
            "Hour": {"Type": "Wait", "Seconds": 3600, "Next": "Until"},
            "Until": {"Type": "Wait", "TimestampPath": "$.at", "End": true}}}"#,
        // The clock starts at 2024-01-01T00:00:00Z; one hour later it is 01:00, the wait goes on to 01:30.
        input: r#"{"at": "2024-01-01T01:30:00Z"}"#,
        end: End::Succeeded(r#"{"at": "2024-01-01T01:30:00Z"}"#),
        events: &[
            "ExecutionStarted",
            "WaitStateEntered Hour",
            "WaitStateExited Hour",
            "WaitStateEntered Until",
            "WaitStateExited Until",
            "ExecutionSucceeded",
        ],
        elapsed_ms: 5_400_000,
        ..BASE
    },
    Case {
        id: "wait-negative",
        name: "Wait: SecondsPath to a negative number fails the run",
        definition: r#"{"StartAt": "W", "States": {"W": {"Type": "Wait", "SecondsPath": "$.s", "End": true}}}"#,
        input: r#"{"s": -1}"#,
        end: End::Failed("States.Runtime", ""),
        events: &["ExecutionStarted", "WaitStateEntered W", "ExecutionFailed"],
        ..BASE
    },
    Case {
        id: "wait-past-timeout",
        name: "Wait: past the machine's TimeoutSeconds the execution times out, at the deadline",
        definition: r#"{"TimeoutSeconds": 10, "StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 60, "End": true}}}"#,
        end: End::TimedOut,
        events: &["ExecutionStarted", "WaitStateEntered W", "ExecutionTimedOut"],
        elapsed_ms: 10_000,
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

fn run(case: &Case) -> Run {
    let parsed = parse(case.definition);
    assert!(!parsed.has_errors(), "{}: the definition has errors: {:?}", case.name, parsed.diagnostics);
    let machine = parsed.machine.expect("a machine");
    let input: Value = serde_json::from_str(case.input).expect("JSON input");
    let scenario =
        Scenario::from_json(&serde_json::from_str(case.scenario).expect("JSON scenario")).expect("a scenario");
    simulate(&machine, input, &scenario, &Options::default())
}

/// What differs between the run and the case; empty when nothing does.
fn differences(case: &Case, run: &Run) -> Vec<String> {
    let mut out = Vec::new();
    match case.end {
        End::Succeeded(output) => {
            let want: Value = serde_json::from_str(output).expect("JSON output");
            if run.status != Status::Succeeded || run.output.as_ref() != Some(&want) {
                out.push(format!(
                    "expected SUCCEEDED with {want}, got {} with {:?} ({:?}: {:?})",
                    run.status.as_str(),
                    run.output,
                    run.error,
                    run.cause
                ));
            }
        }
        End::TimedOut => {
            if run.status != Status::TimedOut || run.error.as_deref() != Some("States.Timeout") || run.output.is_some()
            {
                out.push(format!(
                    "expected TIMED_OUT, got {} with {:?} / {:?}",
                    run.status.as_str(),
                    run.error,
                    run.cause
                ));
            }
        }
        End::Failed(error, cause) => {
            // An empty expected cause: any cause (the wording is the service's).
            let cause_ok = cause.is_empty() && run.cause.is_some() || run.cause.as_deref() == Some(cause);
            if run.status != Status::Failed || run.error.as_deref() != Some(error) || !cause_ok || run.output.is_some()
            {
                out.push(format!(
                    "expected FAILED with {error} / {cause:?}, got {} with {:?} / {:?}",
                    run.status.as_str(),
                    run.error,
                    run.cause
                ));
            }
        }
    }
    let events: Vec<String> = run
        .history
        .iter()
        .map(|e| match &e.state {
            Some(state) => format!("{} {state}", e.event_type),
            None => e.event_type.to_string(),
        })
        .collect();
    if events != case.events {
        out.push(format!("events:\n    expected {:?}\n    got      {events:?}", case.events));
    }
    for (i, e) in run.history.iter().enumerate() {
        if e.id != i + 1 || e.previous_event_id != i {
            out.push(format!("event {i} has id {} and previous {}", e.id, e.previous_event_id));
        }
    }
    if run.history.windows(2).any(|w| w[1].timestamp_ms < w[0].timestamp_ms) {
        out.push("the clock went backwards".to_string());
    }
    let elapsed = run.history.last().map_or(0, |e| e.timestamp_ms) - Options::default().start_time_ms;
    if elapsed != case.elapsed_ms {
        out.push(format!("the clock moved {elapsed} ms, expected {} ms", case.elapsed_ms));
    }
    out
}

#[test]
fn each_state_kind() {
    let mut tally = support::Tally::new("interpreter cases");
    for case in CASES {
        let first = run(case);
        assert_eq!(first, run(case), "{}: two runs differ", case.name);
        let problems = differences(case, &first);
        let outcome =
            if problems.is_empty() { Ok(()) } else { Err(format!("{}:\n  {}", case.name, problems.join("\n  "))) };
        tally.record(case.id, outcome);
    }
    tally.finish();
}

/// The output of the execution is the `output` of `ExecutionSucceeded`, and, in a run without
/// Parallel or Map (whose branches start from the state's input), each state's `StateExited`
/// output is the next state's `StateEntered` input.
#[test]
fn data_flows_from_exit_to_entry() {
    let as_json = |v: &Value| match v {
        Value::String(s) => serde_json::from_str(s).unwrap_or_else(|_| v.clone()),
        other => other.clone(),
    };
    let mut handovers = 0;
    for case in CASES.iter().filter(|c| matches!(c.end, End::Succeeded(_))) {
        let run = run(case);
        let last = run.history.last().expect("events");
        assert_eq!(last.event_type, EventType::ExecutionSucceeded, "{}", case.name);
        assert_eq!(Some(&last.details["output"]), run.output.as_ref(), "{}", case.name);
        if case.events.iter().any(|e| e.starts_with("Parallel") || e.starts_with("Map")) {
            continue;
        }
        let visits: Vec<_> =
            run.history.iter().filter(|e| e.event_type.is_state_entered() || e.event_type.is_state_exited()).collect();
        for pair in visits.windows(2) {
            if pair[0].event_type.is_state_exited() && pair[1].event_type.is_state_entered() {
                let (out, inp) = (as_json(&pair[0].details["output"]), as_json(&pair[1].details["input"]));
                assert_eq!(out, inp, "{}: {:?} → {:?}", case.name, pair[0].state, pair[1].state);
                handovers += 1;
            }
        }
    }
    assert!(handovers >= 8, "only {handovers} handovers checked");
}
