//! Interpreter cases: Wait: seconds, a negative wait, and a wait past the machine's timeout.

use super::{Case, End, BASE};

pub const CASES: &[Case] = &[
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
];
