//! The parser (`asl_core::parse`, `parse_with`, `parse_state`; `syntax/parse.rs`): it never
//! fails on garbage, and each diagnostic carries AWS's code, the byte span of what it is about
//! and the JSON pointer of where.
//!
//! The table cases name the span by the text it covers (`covers`): the span must cover exactly
//! that text, and the case's texts put multi-byte characters before the problem where that
//! tells byte offsets from character offsets.

use asl_core::check::diagnostic::code;
use asl_core::model::StateKind;
use asl_core::{parse, parse_state, parse_with, Diagnostic, ParseOptions, Parsed, Severity};
use serde_json::Value;

const SAMPLES: [(&str, &str); 2] = [
    ("manage-a-batch-job", include_str!("../../../public/samples/manage-a-batch-job.asl.json")),
    ("poll-for-job-status", include_str!("../../../public/samples/poll-for-job-status.asl.json")),
];

/// What every parse gives, whatever the text: spans inside the text on character boundaries,
/// diagnostics sorted by position, a JSON pointer that resolves in the text's JSON (or Jackson's
/// location for a syntax error), no machine exactly when the text is not a JSON object or is over
/// the size limit (not JSON,
/// for one state), and the same result twice.
fn check_invariants(what: &str, text: &str, parsed: &Parsed, again: &Parsed, one_state: bool) {
    assert_eq!(parsed, again, "{what}: two parses differ");
    let value: Option<Value> = serde_json::from_str(text).ok();
    for d in &parsed.diagnostics {
        let span = d.span;
        assert!(
            span.start <= span.end && span.end <= text.len(),
            "{what}: span {span:?} outside the text ({} bytes): {d}",
            text.len()
        );
        assert!(
            text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
            "{what}: span {span:?} splits a character: {d}"
        );
        if d.code == code::INVALID_JSON {
            assert!(d.pointer.starts_with("[Source: (String)\"") && d.pointer.contains("; line: "), "{what}: {d}");
            continue;
        }
        assert!(d.pointer.starts_with('/'), "{what}: pointer {:?} of {d}", d.pointer);
        // serde_json reads lone surrogates and some numbers differently; when it reads the text, the
        // pointer must lead somewhere in it.
        if let Some(value) = &value {
            let pointer = if d.pointer == "/" { "" } else { d.pointer.as_str() };
            assert!(value.pointer(pointer).is_some(), "{what}: pointer {:?} leads nowhere: {d}", d.pointer);
        }
    }
    // `parse_with` sorts its diagnostics by position; `parse_state` keeps the order found.
    let starts: Vec<usize> = parsed.diagnostics.iter().map(|d| d.span.start).collect();
    assert!(
        one_state || starts.windows(2).all(|w| w[0] <= w[1]),
        "{what}: diagnostics not sorted by position: {starts:?}"
    );
    let json = asl_core::syntax::json::parse(text);
    if one_state {
        assert_eq!(parsed.machine.is_some(), json.is_ok(), "{what}: a machine exactly when the text is JSON");
    } else {
        // A text over the limit is refused unread, as AWS refuses it.
        let read = text.len() <= asl_core::syntax::parse::MAX_DEFINITION_BYTES;
        let is_object = read && json.is_ok_and(|n| n.is_object());
        assert_eq!(parsed.machine.is_some(), is_object, "{what}: a machine exactly when the text is a JSON object");
    }
}

fn checked(what: &str, text: &str, options: &ParseOptions) -> Parsed {
    let parsed = parse_with(text, options);
    check_invariants(&format!("parse_with: {what}"), text, &parsed, &parse_with(text, options), false);
    parsed
}

fn checked_state(what: &str, text: &str) -> Parsed {
    let parsed = parse_state(text);
    // A state's pointers are relative to the state's own object.
    check_invariants(&format!("parse_state: {what}"), text, &parsed, &parse_state(text), true);
    parsed
}

fn errors(parsed: &Parsed) -> Vec<&Diagnostic> {
    parsed.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect()
}

#[test]
fn every_truncation_of_a_sample_is_one_syntax_error() {
    for (name, sample) in SAMPLES {
        let sample = sample.trim_end();
        assert!(errors(&parse(sample)).is_empty(), "{name} itself has errors");
        let mut truncations = 0;
        for cut in (0..sample.len()).filter(|&i| sample.is_char_boundary(i)) {
            let text = &sample[..cut];
            let parsed = checked(&format!("{name} cut at {cut}"), text, &ParseOptions::default());
            let found: Vec<(&str, &str)> = parsed.diagnostics.iter().map(|d| (d.code, d.message.as_str())).collect();
            if text.trim().is_empty() {
                assert_eq!(
                    found,
                    [(code::SCHEMA_VALIDATION_FAILED, "Definition must be a valid JSON object")],
                    "cut at {cut}"
                );
            } else {
                assert_eq!(found.len(), 1, "{name} cut at {cut}: {found:?}");
                assert_eq!(found[0].0, code::INVALID_JSON, "{name} cut at {cut}: {found:?}");
                // Truncated text fails where it ends (or earlier, at a half-written token).
                assert!(parsed.diagnostics[0].span.start <= cut, "{name} cut at {cut}: {:?}", parsed.diagnostics[0]);
            }
            truncations += 1;
        }
        assert!(truncations > 1000, "{name}: {truncations} truncations");
    }
}

/// One field's value replaced by each JSON type, in a state of each type; and the same inside
/// `parse_state`. Nothing may panic, and the invariants hold.
#[test]
fn every_field_with_every_wrong_type() {
    let states = [
        r#"{"Type": "Pass", "Comment": "c", "InputPath": "$", "Parameters": {"a.$": "$.x"}, "ResultPath": "$.r", "OutputPath": "$", "Result": 1, "Assign": {"v": 1}, "Next": "End"}"#,
        r#"{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "TimeoutSeconds": 5, "HeartbeatSeconds": 1, "ResultSelector": {"p.$": "$.Payload"}, "Credentials": {"RoleArn": "arn:aws:iam::1:role/r"}, "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1, "MaxAttempts": 2, "BackoffRate": 2, "MaxDelaySeconds": 9, "JitterStrategy": "FULL"}], "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "End", "ResultPath": "$.e"}], "Next": "End"}"#,
        r#"{"Type": "Choice", "Choices": [{"Variable": "$.x", "NumericGreaterThan": 1, "Next": "End"}, {"And": [{"Variable": "$.y", "IsPresent": true}], "Next": "End"}], "Default": "End"}"#,
        r#"{"Type": "Wait", "Seconds": 10, "Next": "End"}"#,
        r#"{"Type": "Wait", "TimestampPath": "$.t", "Next": "End"}"#,
        r#"{"Type": "Fail", "Error": "E", "Cause": "C"}"#,
        r#"{"Type": "Succeed", "OutputPath": "$"}"#,
        r#"{"Type": "Parallel", "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Succeed"}}}], "ResultPath": "$.p", "Next": "End"}"#,
        r#"{"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 2, "ToleratedFailurePercentage": 5, "Label": "L", "ItemSelector": {"i.$": "$$.Map.Item.Value"}, "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "I", "States": {"I": {"Type": "Succeed"}}}, "Next": "End"}"#,
        r#"{"Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% $states.input %}", "Assign": {"v": "{% 1 %}"}, "Next": "End"}"#,
    ];
    let wrong =
        ["null", "true", "0", "-1", "1.5", "\"\"", "\"x\"", "\"$$\"", "\"{% %}\"", "[]", "[1]", "{}", r#"{"a": 1}"#];
    let mut runs = 0;
    for state in states {
        let value: Value = serde_json::from_str(state).expect("a JSON state");
        let Value::Object(fields) = &value else { unreachable!() };
        for field in fields.keys() {
            for w in wrong {
                let mut changed = value.clone();
                changed[field] = serde_json::from_str(w).expect("a JSON value");
                let state_text = changed.to_string();
                let text =
                    format!(r#"{{"StartAt": "S", "States": {{"S": {state_text}, "End": {{"Type": "Succeed"}}}}}}"#);
                let what = format!("{field} = {w} in {state}");
                checked(&what, &text, &ParseOptions::default());
                checked(
                    &what,
                    &text,
                    &ParseOptions { syntax: asl_core::Syntax::Json, allow_substitutions: true, express: true },
                );
                checked_state(&what, &state_text);
                runs += 1;
            }
        }
    }
    assert!(runs > 500, "{runs} definitions");
}

#[test]
fn garbage_never_fails() {
    let deep_array = "[".repeat(100_000);
    let deep_object = r#"{"a":"#.repeat(50_000);
    let deep_branches = {
        let mut s = r#"{"Type": "Succeed"}"#.to_string();
        for _ in 0..200 {
            s = format!(
                r#"{{"Type": "Parallel", "End": true, "Branches": [{{"StartAt": "X", "States": {{"X": {s}}}}}]}}"#
            );
        }
        format!(r#"{{"StartAt": "X", "States": {{"X": {s}}}}}"#)
    };
    let huge = format!(
        r#"{{"StartAt": "A", "Comment": "{}", "States": {{"A": {{"Type": "Succeed"}}}}}}"#,
        "x".repeat(1_100_000)
    );
    let texts: Vec<&str> = vec![
        "",
        " \n\t",
        "null",
        "0",
        "\"text\"",
        "[]",
        "{}",
        "{",
        "}",
        "{\"",
        "{\"StartAt\"",
        "{\"StartAt\":",
        "{\"StartAt\": \"A\",}",
        "{\"StartAt\": 'A'}",
        "{\"StartAt\": \"\\ud800\", \"States\": {}}",
        "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"End\": true}}} trailing",
        "\u{feff}{}",
        "{\"a\": 1e999999}",
        "{\"a\": -}",
        "{\"a\": 01}",
        "{\"a\": \"\u{1}\"}",
        "{\"é\": \"ü\", \"StartAt\": \"🦀\", \"States\": {\"🦀\": {\"Type\": \"🦀\"}}}",
        "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Map\", \"End\": true, \"ItemProcessor\": {\"StartAt\": \"A\", \"States\": {\"A\": []}}}}}",
        "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Choice\", \"Choices\": [1, [], {}, {\"Not\": 1}, {\"And\": {}}, {\"Or\": [[]]}]}}}",
        "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Task\", \"Resource\": {\"Ref\": 1}, \"End\": true, \"Retry\": [1, {}], \"Catch\": [null, {}]}}}",
        "{\"QueryLanguage\": \"JSONata\", \"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"Output\": \"{% ((((( %}\", \"End\": true}}}",
        &deep_array,
        &deep_object,
        &deep_branches,
        &huge,
    ];
    for (i, text) in texts.iter().enumerate() {
        let what = format!("garbage #{i} ({:.40?})", text);
        let parsed = checked(&what, text, &ParseOptions::default());
        assert!(!errors(&parsed).is_empty(), "{what}: no error");
        let state = checked_state(&what, text);
        assert!(!errors(&state).is_empty(), "{what}: no error as a state");
    }
}

/// How a case is parsed.
#[derive(Clone, Copy, Debug)]
enum With {
    Standard,
    Express,
    /// `parse_state`: one state, as the TestState API takes it.
    State,
}

/// One diagnostic a text must give.
struct Case {
    text: &'static str,
    with: With,
    code: &'static str,
    message: &'static str,
    pointer: &'static str,
    /// The text the diagnostic's span covers, exactly.
    covers: &'static str,
}

const fn case(
    text: &'static str,
    code: &'static str,
    message: &'static str,
    pointer: &'static str,
    covers: &'static str,
) -> Case {
    Case { text, with: With::Standard, code, message, pointer, covers }
}

const fn with(with: With, c: Case) -> Case {
    Case { with, ..c }
}

use code::{
    DUPLICATE_STATE_NAME as DUPLICATE, INVALID_JSON as JSON, INVALID_JSONATA as JSONATA, MISSING_END_STATE as NO_END,
    MISSING_TRANSITION_TARGET as TARGET, SCHEMA_VALIDATION_FAILED as SCHEMA, UNSUPPORTED_JSONATA,
};

const CASES: &[Case] = &[
    // The document.
    case("", SCHEMA, "Definition must be a valid JSON object", "/", ""),
    case("[1]", SCHEMA, "Definition must be a valid JSON object", "/", "[1]"),
    case(r#"  "StartAt"  "#, SCHEMA, "Definition must be a valid JSON object", "/", r#""StartAt""#),
    case(r#"{"StartAt": "A", "States": {}"#, JSON, "Unterminated object: expected ',' or '}'", "[Source: (String)\"{\"StartAt\": \"A\", \"States\": {}\"; line: 1, column: 30]", ""),
    case("{\"Comment\": \"ünïcödé\",\n \"StartAt\": nope}", JSON, "Unrecognized token 'nope': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')\n at [Source: (String)\"{\"Comment\": \"ünïcödé\",\n \"StartAt\": nope}\"; line: 2, column: 17]", "[Source: (String)\"{\"Comment\": \"ünïcödé\",\n \"StartAt\": nope}\"; line: 2, column: 17]", "n"),
    // The machine's own fields.
    case(r#"{"States": {"A": {"Type": "Succeed"}}}"#, SCHEMA, "These fields are required: [StartAt]", "/", r#"{"States": {"A": {"Type": "Succeed"}}}"#),
    case(r#"{"StartAt": "A"}"#, SCHEMA, "These fields are required: [States]", "/", r#"{"StartAt": "A"}"#),
    case(r#"{}"#, SCHEMA, "These fields are required: [StartAt, States]", "/", "{}"),
    case(r#"{"StartAt": 1, "States": {"A": {"Type": "Succeed"}}}"#, SCHEMA, "The value of 'StartAt' must be a string", "/StartAt", "1"),
    case(r#"{"StartAt": "A", "States": []}"#, SCHEMA, "The value of 'States' must be an object", "/States", "[]"),
    case(r#"{"Comment": "ü", "Bogus": 1, "StartAt": "A", "States": {"A": {"Type": "Succeed"}}}"#, SCHEMA, "Field 'Bogus' is not supported", "/", r#""Bogus""#),
    case(r#"{"StartAt": "A", "StartAt": "A", "States": {"A": {"Type": "Succeed"}}}"#, SCHEMA, "Duplicate field 'StartAt'", "/", r#""StartAt""#),
    case(r#"{"TimeoutSeconds": -1, "StartAt": "A", "States": {"A": {"Type": "Succeed"}}}"#, SCHEMA, "The value of 'TimeoutSeconds' must be a non-negative integer", "/TimeoutSeconds", "-1"),
    case(r#"{"QueryLanguage": "SQL", "StartAt": "A", "States": {"A": {"Type": "Succeed"}}}"#, SCHEMA, "The value of 'QueryLanguage' must be 'JSONPath' or 'JSONata'", "/QueryLanguage", r#""SQL""#),
    // A state's common fields.
    case(r#"{"StartAt": "A", "States": {"A": 1}}"#, SCHEMA, "A state must be a JSON object", "/States/A", "1"),
    case(r#"{"StartAt": "A", "States": {"A": {"End": true}}}"#, SCHEMA, "These fields are required: [Type]", "/States/A", r#"{"End": true}"#),
    case(r#"{"StartAt": "A", "States": {"A": {"Type": 7}}}"#, SCHEMA, "The value of 'Type' must be a string", "/States/A/Type", "7"),
    case(r#"{"StartAt": "A", "States": {"A": {"Type": "Sleep", "End": true}}}"#, SCHEMA, "The value of 'Type' must be one of Pass, Task, Choice, Wait, Succeed, Fail, Parallel, Map, not 'Sleep'", "/States/A/Type", r#""Sleep""#),
    case(r#"{"StartAt": "é", "States": {"é": {"Type": "Pass", "End": true, "Bogus": 1}}}"#, SCHEMA, "Field 'Bogus' is not supported", "/States/é", r#""Bogus""#),
    case(r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true, "Seconds": 1}}}"#, SCHEMA, "Field 'Seconds' is not supported", "/States/A", r#""Seconds""#),
    case(r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true, "Type": "Pass"}}}"#, SCHEMA, "Duplicate field 'Type'", "/States/A", r#""Type""#),
    case(r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": "yes"}}}"#, SCHEMA, "The value of 'End' must be a boolean", "/States/A/End", r#""yes""#),
    case(r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true, "Next": "A"}}}"#, SCHEMA, "Only one of 'Next' or 'End' is allowed", "/States/A", r#"{"Type": "Pass", "End": true, "Next": "A"}"#),
    case(r#"{"StartAt": "A", "States": {"A": {"Type": "Pass"}}}"#, SCHEMA, "These fields are required: [Next] or [End]", "/States/A", r#"{"Type": "Pass"}"#),
    case(r#"{"StartAt": "A", "States": {"A": {"Type": "Succeed", "Next": "A"}}}"#, SCHEMA, "Field 'Next' is not supported by a Succeed state", "/States/A/Next", r#""Next""#),
    case(r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true, "InputPath": 3}}}"#, SCHEMA, "The value of 'InputPath' must be a path starting with '$' or null", "/States/A/InputPath", "3"),
    case(r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true, "ResultPath": "$.a[*]"}}}"#, SCHEMA, "The value for the field 'ResultPath' must be a valid ReferencePath", "/States/A/ResultPath", r#""$.a[*]""#),
    case(r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true, "Parameters": {"x.$": 1}}}}"#, SCHEMA, "The value for the field 'x.$' must be a valid JSONPath or a valid intrinsic function call: it is not a string", "/States/A/Parameters/x.$", "1"),
    case(r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true, "Parameters": {"x": 1, "x.$": "$"}}}}"#, SCHEMA, "Duplicate field 'x' once '.$' is removed", "/States/A/Parameters", r#""x.$""#),
    case(r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true, "Output": "{% 1 %}"}}}"#, SCHEMA, "The QueryLanguage is set to 'JSONPath', but field 'Output' is only supported for the 'JSONata' QueryLanguage", "/States/A", r#""Output""#),
    case(r#"{"StartAt": "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZABC", "States": {"ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZABC": {"Type": "Succeed"}}}"#, SCHEMA, "State names must be at most 80 characters long", "/States/ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZABC", r#""ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZABC""#),
    // Each state type's required fields and their types.
    case(r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "End": true}}}"#, SCHEMA, "These fields are required: [Resource]", "/States/T", r#"{"Type": "Task", "End": true}"#),
    case(r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": 5, "End": true}}}"#, SCHEMA, "The value of 'Resource' must be a string", "/States/T/Resource", "5"),
    case(r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "lambda", "End": true}}}"#, SCHEMA, "The value of 'Resource' must be an ARN", "/States/T/Resource", r#""lambda""#),
    case(r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f:1:2", "End": true}}}"#, SCHEMA, "'arn:aws:lambda:us-east-1:1:function:f:1:2' is not a valid Lambda function ARN", "/States/T/Resource", r#""arn:aws:lambda:us-east-1:1:function:f:1:2""#),
    case(r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "TimeoutSeconds": 1, "TimeoutSecondsPath": "$.t", "End": true}}}"#, SCHEMA, "There should only be one of the following fields: [TimeoutSeconds, TimeoutSecondsPath]", "/States/T", r#""TimeoutSecondsPath""#),
    case(r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Credentials": {}, "End": true}}}"#, SCHEMA, "The field 'RoleArn' is required but was missing", "/States/T/Credentials", "{}"),
    case(r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Retry": {}, "End": true}}}"#, SCHEMA, "The value of 'Retry' must be an array", "/States/T/Retry", "{}"),
    case(r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Retry": [7], "End": true}}}"#, SCHEMA, "Each entry must be a JSON object", "/States/T/Retry/0", "7"),
    case(r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Retry": [{"MaxAttempts": 1}], "End": true}}}"#, SCHEMA, "These fields are required: [ErrorEquals]", "/States/T/Retry/0", r#"{"MaxAttempts": 1}"#),
    case(r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Retry": [{"ErrorEquals": []}], "End": true}}}"#, SCHEMA, "The value of 'ErrorEquals' must be a non-empty array of strings", "/States/T/Retry/0/ErrorEquals", "[]"),
    case(r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Retry": [{"ErrorEquals": ["E"], "BackoffRate": 0.5}], "End": true}}}"#, SCHEMA, "The value of 'BackoffRate' must be a number >= 1.0", "/States/T/Retry/0/BackoffRate", "0.5"),
    case(r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Retry": [{"ErrorEquals": ["E"], "JitterStrategy": "SOME"}], "End": true}}}"#, SCHEMA, "The value of 'JitterStrategy' must be 'FULL' or 'NONE'", "/States/T/Retry/0/JitterStrategy", r#""SOME""#),
    case(r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Retry": [{"ErrorEquals": ["E"], "Bogus": 1}], "End": true}}}"#, SCHEMA, "Field 'Bogus' is not supported", "/States/T/Retry/0", r#""Bogus""#),
    case(r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Catch": [{"ErrorEquals": ["States.ALL"]}], "End": true}}}"#, SCHEMA, "These fields are required: [Next]", "/States/T/Catch/0", r#"{"ErrorEquals": ["States.ALL"]}"#),
    case(r#"{"StartAt": "C", "States": {"C": {"Type": "Choice"}}}"#, SCHEMA, "These fields are required: [Choices]", "/States/C", r#"{"Type": "Choice"}"#),
    case(r#"{"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": []}}}"#, SCHEMA, "The value of 'Choices' must be a non-empty array", "/States/C/Choices", "[]"),
    case(r#"{"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsNull": true}], "Default": "D"}, "D": {"Type": "Succeed"}}}"#, SCHEMA, "These fields are required: [Next]", "/States/C/Choices/0", r#"{"Variable": "$.x", "IsNull": true}"#),
    case(r#"{"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [{"Variable": "$.x", "Next": "D"}], "Default": "D"}, "D": {"Type": "Succeed"}}}"#, SCHEMA, "A Choice rule needs a comparison operator, And, Or or Not", "/States/C/Choices/0", r#"{"Variable": "$.x", "Next": "D"}"#),
    case(r#"{"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [{"Variable": "$.x", "StringEquals": 1, "Next": "D"}], "Default": "D"}, "D": {"Type": "Succeed"}}}"#, SCHEMA, "The value of 'StringEquals' has the wrong type", "/States/C/Choices/0/StringEquals", "1"),
    case(r#"{"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [{"NumericEquals": 1, "Next": "D"}], "Default": "D"}, "D": {"Type": "Succeed"}}}"#, SCHEMA, "These fields are required: [Variable]", "/States/C/Choices/0", r#"{"NumericEquals": 1, "Next": "D"}"#),
    case(r#"{"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [{"And": [], "Next": "D"}], "Default": "D"}, "D": {"Type": "Succeed"}}}"#, SCHEMA, "The value of 'And' must be a non-empty array", "/States/C/Choices/0/And", "[]"),
    case(r#"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Next": "D"}, "D": {"Type": "Succeed"}}}"#, SCHEMA, "Exactly one of 'Seconds', 'SecondsPath', 'Timestamp' or 'TimestampPath' is required", "/States/W", r#"{"Type": "Wait", "Next": "D"}"#),
    case(r#"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 1, "Timestamp": "2024-01-01T00:00:00Z", "Next": "D"}, "D": {"Type": "Succeed"}}}"#, SCHEMA, "Exactly one of 'Seconds', 'SecondsPath', 'Timestamp' or 'TimestampPath' is required", "/States/W", r#"{"Type": "Wait", "Seconds": 1, "Timestamp": "2024-01-01T00:00:00Z", "Next": "D"}"#),
    case(r#"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 1.5, "Next": "D"}, "D": {"Type": "Succeed"}}}"#, SCHEMA, "The value of 'Seconds' must be a non-negative integer", "/States/W/Seconds", "1.5"),
    case(r#"{"StartAt": "W", "States": {"W": {"Type": "Wait", "SecondsPath": "$.[", "Next": "D"}, "D": {"Type": "Succeed"}}}"#, SCHEMA, "The value for the field 'SecondsPath' must be a valid JSONPath: expected a name after '.' (at character 3)", "/States/W/SecondsPath", r#""$.[""#),
    case(r#"{"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": 1}}}"#, SCHEMA, "The value of 'Error' must be a string", "/States/F/Error", "1"),
    case(r#"{"StartAt": "F", "States": {"F": {"Type": "Fail", "Cause": "c", "CausePath": "$.c"}}}"#, SCHEMA, "There should only be one of the following fields: [Cause, CausePath]", "/States/F", r#""CausePath""#),
    case(r#"{"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true}}}"#, SCHEMA, "These fields are required: [Branches]", "/States/P", r#"{"Type": "Parallel", "End": true}"#),
    case(r#"{"StartAt": "P", "States": {"P": {"Type": "Parallel", "Branches": {}, "End": true}}}"#, SCHEMA, "The value of 'Branches' must be an array", "/States/P/Branches", "{}"),
    case(r#"{"StartAt": "P", "States": {"P": {"Type": "Parallel", "Branches": ["b"], "End": true}}}"#, SCHEMA, "A branch must be a JSON object", "/States/P/Branches/0", r#""b""#),
    case(r#"{"StartAt": "P", "States": {"P": {"Type": "Parallel", "Branches": [{"States": {"B": {"Type": "Succeed"}}}], "End": true}}}"#, SCHEMA, "These fields are required: [StartAt]", "/States/P/Branches/0", r#"{"States": {"B": {"Type": "Succeed"}}}"#),
    case(r#"{"StartAt": "P", "States": {"P": {"Type": "Parallel", "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Succeed"}}, "TimeoutSeconds": 1}], "End": true}}}"#, SCHEMA, "Field 'TimeoutSeconds' is not supported", "/States/P/Branches/0", r#""TimeoutSeconds""#),
    case(r#"{"StartAt": "P", "States": {"P": {"Type": "Parallel", "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Pass"}}}], "End": true}}}"#, SCHEMA, "These fields are required: [Next] or [End]", "/States/P/Branches/0/States/B", r#"{"Type": "Pass"}"#),
    case(r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "End": true}}}"#, SCHEMA, "These fields are required: [ItemProcessor]", "/States/M", r#"{"Type": "Map", "End": true}"#),
    case(r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemProcessor": [], "End": true}}}"#, SCHEMA, "The value of 'ItemProcessor' must be an object", "/States/M/ItemProcessor", "[]"),
    case(r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemProcessor": {"StartAt": "I"}, "End": true}}}"#, SCHEMA, "These fields are required: [States]", "/States/M/ItemProcessor", r#"{"StartAt": "I"}"#),
    case(r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "ToleratedFailurePercentage": 101, "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Succeed"}}}, "End": true}}}"#, SCHEMA, "Maximum value is 100.0", "/States/M/ToleratedFailurePercentage", "101"),
    case(r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "Label": "a b", "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Succeed"}}}, "End": true}}}"#, SCHEMA, "The value of 'Label' contains a character that is not allowed: ' '", "/States/M/Label", r#""a b""#),
    case(r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "Iterator": {"StartAt": "I", "States": {"I": {"Type": "Succeed"}}}, "ItemProcessor": {"StartAt": "J", "States": {"J": {"Type": "Succeed"}}}, "End": true}}}"#, SCHEMA, "There should only be one of the following fields: [ItemProcessor, Iterator]", "/States/M", r#""Iterator""#),
    // JSONata.
    case(r#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass", "Output": "{% 10 + * 2 %}", "End": true}}}"#, JSONATA, "", "/States/A/Output", r#""{% 10 + * 2 %}""#),
    case(r#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass", "Output": {"x": "{% 1 "}, "End": true}}}"#, JSONATA, "a JSONata expression '{% ... %}' must end with '%}'", "/States/A/Output/x", r#""{% 1 ""#),
    case(r#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass", "Output": "{%1%}", "End": true}}}"#, JSONATA, "a JSONata expression is written '{% expression %}', with white space inside the braces", "/States/A/Output", r#""{%1%}""#),
    case(r#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass", "Output": "{% phone %}", "End": true}}}"#, UNSUPPORTED_JSONATA, "Reference to 'phone' at the top level is not supported.", "/States/A/Output", r#""{% phone %}""#),
    case(r#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass", "InputPath": "$", "End": true}}}"#, SCHEMA, "The QueryLanguage is set to 'JSONata', but field 'InputPath' is only supported for the 'JSONPath' QueryLanguage", "/States/A", r#""InputPath""#),
    case(r#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass", "QueryLanguage": "JSONPath", "End": true}}}"#, SCHEMA, "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine", "/States/A", r#""JSONPath""#),
    case(r#"{"QueryLanguage": "JSONata", "StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [{"Condition": 1, "Next": "D"}], "Default": "D"}, "D": {"Type": "Succeed"}}}"#, SCHEMA, "The value of 'Condition' must be a JSONata expression '{% ... %}' or a boolean", "/States/C/Choices/0/Condition", "1"),
    // Graph checks.
    case(r#"{"StartAt": "ünï", "States": {"ünï": {"Type": "Pass", "Next": "Nowhere"}}}"#, TARGET, "Missing 'Next' target: Nowhere", "/States/ünï/Next", r#""Nowhere""#),
    case(r#"{"StartAt": "Z", "States": {"A": {"Type": "Succeed"}}}"#, TARGET, "Missing 'Next' target: Z", "/StartAt", r#""Z""#),
    case(r#"{"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsNull": true, "Next": "D"}], "Default": "Gone"}, "D": {"Type": "Succeed"}}}"#, TARGET, "Missing 'Default' target: Gone", "/States/C/Default", r#""Gone""#),
    case(r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Gone"}], "End": true}}}"#, TARGET, "Missing 'Next' target: Gone", "/States/T/Catch/0/Next", r#""Gone""#),
    case(r#"{"StartAt": "A", "States": {"A": {"Type": "Succeed"}, "B": {"Type": "Succeed"}}}"#, TARGET, "State \"B\" is not reachable.", "/States/B", r#""B""#),
    case(r#"{"StartAt": "a/b~c", "States": {"a/b~c": {"Type": "Pass", "Next": "x"}}}"#, TARGET, "Missing 'Next' target: x", "/States/a~1b~0c/Next", r#""x""#),
    case(r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "A"}}}"#, NO_END, "Workflow has no terminal state", "/States", r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "A"}}}"#),
    case(r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "M", "States": {"M": {"Type": "Succeed"}}}}}}"#, DUPLICATE, "Duplicate State name: M", "/States/M/ItemProcessor/States/M", r#""M""#),
    // Options.
    with(With::Express, case(r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:1:activity:a", "End": true}}}"#, SCHEMA, "Express state machine does not support Activity ARN", "/States/T/Resource", r#""arn:aws:states:us-east-1:1:activity:a""#)),
    with(With::Express, case(r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::batch:submitJob.sync", "End": true}}}"#, SCHEMA, "Express state machine does not support '.sync' service integration", "/States/T/Resource", r#""arn:aws:states:::batch:submitJob.sync""#)),
    case(r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "${LambdaArn}", "End": true}}}"#, SCHEMA, "The value of 'Resource' must be an ARN", "/States/T/Resource", r#""${LambdaArn}""#),
    // One state (the TestState API): pointers start at the state.
    with(With::State, case(r#"{"Type": "Task", "End": true}"#, SCHEMA, "These fields are required: [Resource]", "/", r#"{"Type": "Task", "End": true}"#)),
    with(With::State, case(r#"{"Type": "Wait", "Seconds": "ten", "End": true}"#, SCHEMA, "The value of 'Seconds' must be a non-negative integer", "/Seconds", r#""ten""#)),
    with(With::State, case(r#"[]"#, SCHEMA, "A state must be a JSON object", "/", "[]")),
    with(With::State, case(r#"{"Type": "Pass", "End": tru}"#, JSON, "Unrecognized token 'tru': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')\n at [Source: (String)\"{\"Type\": \"Pass\", \"End\": tru}\"; line: 1, column: 28]", "[Source: (String)\"{\"Type\": \"Pass\", \"End\": tru}\"; line: 1, column: 28]", "t")),
];

#[test]
fn diagnostics_carry_code_span_and_pointer() {
    let mut problems = Vec::new();
    for (i, c) in CASES.iter().enumerate() {
        let what = format!("case #{i} ({:?}) {}", c.with, c.text);
        let parsed = match c.with {
            With::Standard => checked(&what, c.text, &ParseOptions::default()),
            With::Express => checked(
                &what,
                c.text,
                &ParseOptions { syntax: asl_core::Syntax::Json, allow_substitutions: false, express: true },
            ),
            With::State => checked_state(&what, c.text),
        };
        let wanted = |d: &&Diagnostic| {
            d.code == c.code
                && (c.message.is_empty() || d.message == c.message)
                && d.pointer == c.pointer
                && &c.text[d.span.start..d.span.end] == c.covers
        };
        if !parsed.diagnostics.iter().any(|d| wanted(&d)) {
            let found: Vec<String> = parsed
                .diagnostics
                .iter()
                .map(|d| format!("{d} [covers {:?}]", &c.text[d.span.start..d.span.end]))
                .collect();
            problems.push(format!(
                "{what}\n  wanted {}: {} at {} [covers {:?}]\n  found  {found:#?}",
                c.code, c.message, c.pointer, c.covers
            ));
        }
    }
    assert!(problems.is_empty(), "{} of {} cases:\n{}", problems.len(), CASES.len(), problems.join("\n"));
}

/// The same definitions with the option that makes them valid.
#[test]
fn options_decide_what_is_accepted() {
    let substitution =
        r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "${LambdaArn}", "End": true}}}"#;
    let activity = r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:1:activity:a", "End": true}}}"#;
    let cases: [(&str, ParseOptions, bool); 4] = [
        (
            substitution,
            ParseOptions { syntax: asl_core::Syntax::Json, allow_substitutions: false, express: false },
            false,
        ),
        (
            substitution,
            ParseOptions { syntax: asl_core::Syntax::Json, allow_substitutions: true, express: false },
            true,
        ),
        (activity, ParseOptions { syntax: asl_core::Syntax::Json, allow_substitutions: false, express: false }, true),
        (activity, ParseOptions { syntax: asl_core::Syntax::Json, allow_substitutions: false, express: true }, false),
    ];
    for (text, options, valid) in cases {
        let parsed = checked(text, text, &options);
        assert_eq!(errors(&parsed).is_empty(), valid, "{options:?} {text}: {:?}", parsed.diagnostics);
    }
    // Transitions out of a single state are not checked: their targets are elsewhere.
    let parsed = checked_state("state", r#"{"Type": "Pass", "Next": "Elsewhere"}"#);
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
}

#[test]
fn a_definition_over_one_mebibyte_is_too_large() {
    let text = format!(
        r#"{{"StartAt": "A", "Comment": "{}", "States": {{"A": {{"Type": "Succeed"}}}}}}"#,
        "x".repeat(1 << 20)
    );
    let parsed = checked("large", &text, &ParseOptions::default());
    let found: Vec<(&str, &str)> = parsed.diagnostics.iter().map(|d| (d.code, d.pointer.as_str())).collect();
    assert_eq!(found, [(code::DEFINITION_TOO_LARGE, "/")]);
    assert!(parsed.diagnostics[0].message.contains(&format!("The definition is {} bytes", text.len())));
    // Refused unread, at once: the editor keeps the text and the last diagram, marked stale.
    assert!(parsed.machine.is_none());
    let broken = format!("{text}, not JSON");
    assert_eq!(parse(&broken).diagnostics.len(), 1, "only the size is reported, as AWS does");
}

/// What the model keeps of a state, per state type (the interpreter reads nothing else).
#[test]
fn the_model_keeps_each_state_type() {
    let text = r#"{"StartAt": "P", "TimeoutSeconds": 30, "States": {
        "P": {"Type": "Pass", "Next": "T"},
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "TimeoutSeconds": 5,
              "Retry": [{"ErrorEquals": ["E"], "MaxAttempts": 4, "BackoffRate": 1.5}],
              "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "F"}], "Next": "C"},
        "C": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": true, "Next": "W"}], "Default": "S"},
        "W": {"Type": "Wait", "Seconds": 3, "Next": "Par"},
        "Par": {"Type": "Parallel", "Next": "M", "Branches": [
            {"StartAt": "B1", "States": {"B1": {"Type": "Succeed"}}},
            {"StartAt": "B2", "States": {"B2": {"Type": "Succeed"}}}]},
        "M": {"Type": "Map", "Next": "S", "MaxConcurrency": 2, "Label": "L",
              "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED"}, "StartAt": "I", "States": {"I": {"Type": "Succeed"}}}},
        "S": {"Type": "Succeed"},
        "F": {"Type": "Fail", "Error": "Boom", "Cause": "why"}}}"#;
    let parsed = parse(text);
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    let machine = parsed.machine.expect("a machine");
    assert_eq!(machine.timeout_seconds, Some(30));
    let types: Vec<&str> = machine.states.iter().map(|s| s.kind.type_name()).collect();
    assert_eq!(types, ["Pass", "Task", "Choice", "Wait", "Parallel", "Map", "Succeed", "Fail"]);
    for state in &machine.states {
        // Each state's span is its object; its name span is its quoted name.
        assert_eq!(&text[state.name_span.start..state.name_span.end], format!("\"{}\"", state.name));
        assert!(text[state.span.start..state.span.end].starts_with("{\"Type\""), "{}", state.name);
        assert_eq!(state.pointer, format!("/States/{}", state.name));
    }
    let by_name = |n: &str| machine.state(n).map(|s| &s.kind);
    let Some(StateKind::Task(task)) = by_name("T") else { panic!("T is a Task") };
    assert_eq!((task.resource.value.as_str(), task.timeout_seconds), ("arn:aws:states:::lambda:invoke", Some(5)));
    let retry = &machine.state("T").unwrap().retry;
    assert_eq!(
        (retry[0].error_equals.clone(), retry[0].max_attempts, retry[0].backoff_rate),
        (vec!["E".to_string()], 4, 1.5)
    );
    assert_eq!(retry[0].interval_seconds, 1, "IntervalSeconds defaults to 1");
    let Some(StateKind::Choice(choice)) = by_name("C") else { panic!("C is a Choice") };
    assert_eq!((choice.choices.len(), choice.default.as_ref().map(|d| d.value.as_str())), (1, Some("S")));
    let Some(StateKind::Parallel(par)) = by_name("Par") else { panic!("Par is a Parallel") };
    assert_eq!(
        par.branches.iter().map(|b| b.pointer.as_str()).collect::<Vec<_>>(),
        ["/States/Par/Branches/0", "/States/Par/Branches/1"]
    );
    let Some(StateKind::Map(map)) = by_name("M") else { panic!("M is a Map") };
    assert!(map.distributed);
    assert_eq!((map.max_concurrency, map.label.as_deref()), (Some(2), Some("L")));
    assert_eq!(map.processor.as_ref().map(|p| p.pointer.as_str()), Some("/States/M/ItemProcessor"));
    let Some(StateKind::Fail(fail)) = by_name("F") else { panic!("F is a Fail") };
    assert_eq!((fail.error.as_deref(), fail.cause.as_deref()), (Some("Boom"), Some("why")));
}

#[test]
fn duplicate_state_keys_are_told_apart_from_other_duplicates() {
    let two = r#"{"StartAt": "A", "States": {"A": {"Type": "Succeed"}, "A": {"Type": "Pass", "End": true}}}"#;
    assert!(asl_core::parse(two).has_duplicate_state_keys());
    let field = r#"{"StartAt": "A", "States": {"A": {"Type": "Succeed", "Type": "Succeed"}}}"#;
    assert!(!asl_core::parse(field).has_duplicate_state_keys());
    let fine = r#"{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}"#;
    assert!(!asl_core::parse(fine).has_duplicate_state_keys());
}
