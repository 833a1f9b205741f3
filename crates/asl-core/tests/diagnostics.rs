//! The smallest inputs that trigger each diagnostic the skeleton reports, with their positions.

use asl_core::check::diagnostic::code;
use asl_core::parse;

/// `(code, line, column, pointer)` of every diagnostic of `text`.
fn found(text: &str) -> Vec<(&'static str, usize, usize, String)> {
    let parsed = parse(text);
    parsed
        .diagnostics
        .iter()
        .map(|d| {
            let (line, col) = parsed.line_index.line_col(text, d.span.start);
            (d.code, line, col, d.pointer.clone())
        })
        .collect()
}

#[test]
fn invalid_json_has_line_and_column() {
    let text = "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\"Type\": \"Pass\" \"End\": true}\n  }\n}";
    let parsed = parse(text);
    assert!(parsed.machine.is_none());
    let location = format!("[Source: (String)\"{text}\"; line: 4, column: 26]");
    assert_eq!(found(text), vec![(code::INVALID_JSON, 4, 26, location)]);
    assert_eq!(parsed.diagnostics[0].message, "Expected ',' or '}' after a value");
}

#[test]
fn missing_next_target_points_at_the_name() {
    let text = r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Nowhere"}, "B": {"Type": "Succeed"}}}"#;
    let parsed = parse(text);
    let d = parsed.diagnostics.iter().find(|d| d.code == code::MISSING_TRANSITION_TARGET).expect("reported");
    assert_eq!(&text[d.span.start..d.span.end], "\"Nowhere\"");
    assert_eq!(d.to_string(), "MISSING_TRANSITION_TARGET: Missing 'Next' target: Nowhere at /States/A/Next");
    // Nothing names B: AWS rejects it.
    let texts: Vec<String> = parsed.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(
        texts.contains(&"MISSING_TRANSITION_TARGET: State \"B\" is not reachable. at /States/B".to_string()),
        "{texts:?}"
    );
}

#[test]
fn smallest_inputs_per_code() {
    let cases: &[(&str, &str, &str)] = &[
        ("{", code::INVALID_JSON, "[Source: (String)\"{\"; line: 1, column: 2]"),
        ("[]", code::SCHEMA_VALIDATION_FAILED, "/"),
        (r#"{"StartAt": "A"}"#, code::SCHEMA_VALIDATION_FAILED, "/"),
        (r#"{"StartAt": "B", "States": {"A": {"Type": "Succeed"}}}"#, code::MISSING_TRANSITION_TARGET, "/StartAt"),
        (
            r#"{"StartAt": "A", "States": {"A": {"Type": "Succeed"}, "B": {"Type": "Succeed"}}}"#,
            code::MISSING_TRANSITION_TARGET,
            "/States/B",
        ),
        (
            r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "A"}}}"#,
            code::MISSING_END_STATE,
            "/States",
        ),
        (
            r#"{"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [{"StartAt": "P", "States": {"P": {"Type": "Succeed"}}}]}}}"#,
            code::DUPLICATE_STATE_NAME,
            "/States/P/Branches/0/States/P",
        ),
        (
            r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}, "B": {"Type": "Pass", "Next": "C"}, "C": {"Type": "Pass", "Next": "B"}}}"#,
            code::UNREACHABLE_STATE,
            "/States/B",
        ),
        (
            r#"{"StartAt": "A", "States": {"A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": true, "Next": "B"}]}, "B": {"Type": "Succeed"}}}"#,
            code::CHOICE_WITHOUT_DEFAULT,
            "/States/A",
        ),
        (
            r#"{"StartAt": "A", "States": {"A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": true, "Next": "C"}], "Default": "B"}, "B": {"Type": "Pass", "Next": "B"}, "C": {"Type": "Succeed"}}}"#,
            code::NO_WAY_TO_END,
            "/States/B",
        ),
        (
            r#"{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f", "End": true, "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "B"}, {"ErrorEquals": ["Custom"], "Next": "B"}]}, "B": {"Type": "Succeed"}}}"#,
            code::NEVER_MATCHES,
            "/States/A/Catch/1",
        ),
        (
            r#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass", "Output": "{% 1 + %}", "End": true}}}"#,
            code::INVALID_JSONATA,
            "/States/A/Output",
        ),
        (
            r#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass", "Output": {"v": "{% phone %}"}, "End": true}}}"#,
            code::UNSUPPORTED_JSONATA,
            "/States/A/Output/v",
        ),
    ];
    for (text, expected_code, pointer) in cases {
        let parsed = parse(text);
        assert!(
            parsed.diagnostics.iter().any(|d| d.code == *expected_code && d.pointer == *pointer),
            "{text}: expected {expected_code} at {pointer}, got {:?}",
            parsed.diagnostics
        );
    }
}

#[test]
fn seeds_are_clean() {
    for text in [
        include_str!("../../../public/samples/manage-a-batch-job.asl.json"),
        include_str!("../../../public/samples/poll-for-job-status.asl.json"),
    ] {
        assert_eq!(parse(text).diagnostics, vec![]);
    }
}

#[test]
fn schema_message_matches_aws() {
    let parsed = parse(r#"{"Comment": "BASE_INVALID_DER", "StartAt": "State_1"}"#);
    let texts: Vec<String> = parsed.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(
        texts.contains(&"SCHEMA_VALIDATION_FAILED: These fields are required: [States] at /".to_string()),
        "{texts:?}"
    );
}

#[test]
fn definitions_over_one_mebibyte_are_refused() {
    let padding = " ".repeat(asl_core::syntax::parse::MAX_DEFINITION_BYTES);
    let text = format!(r#"{{"StartAt": "A", "States": {{"A": {{"Type": "Succeed"}}}}}}{padding}"#);
    let parsed = parse(&text);
    assert!(parsed.diagnostics.iter().any(|d| d.code == code::DEFINITION_TOO_LARGE), "{:?}", parsed.diagnostics);
}

#[test]
fn a_stray_word_is_worded_as_aws_words_it() {
    let parsed = parse("not a definition");
    let d = &parsed.diagnostics[0];
    assert_eq!(d.pointer, "[Source: (String)\"not a definition\"; line: 1, column: 4]");
    assert_eq!(
        d.message,
        "Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')\n at [Source: (String)\"not a definition\"; line: 1, column: 4]"
    );
}

#[test]
fn a_state_nothing_names_is_an_error_but_still_drawable() {
    // Nested too, with a name that needs escaping in the pointer.
    let unconnected = r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}, "x/y~": {"Type": "Succeed"},
        "P": {"Type": "Parallel", "End": true, "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Pass", "End": true}, "C": {"Type": "Pass", "End": true}}}]}}}"#;
    let parsed = parse(unconnected);
    let codes: Vec<_> = parsed.diagnostics.iter().map(|d| (d.code, d.pointer.as_str())).collect();
    assert!(codes.contains(&(code::MISSING_TRANSITION_TARGET, "/States/x~1y~0")), "{codes:?}");
    assert!(codes.contains(&(code::MISSING_TRANSITION_TARGET, "/States/P/Branches/0/States/C")), "{codes:?}");
    assert!(parsed.has_errors());
    assert!(parsed.drawable().is_some());
    // A target that does not exist, a schema error, or broken JSON: not drawable.
    for text in [
        r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Nowhere"}}}"#,
        r#"{"StartAt": "A", "States": {"A": {"Type": "Pass"}}}"#,
        r#"{"StartAt": "A", "States": {"#,
    ] {
        assert!(parse(text).drawable().is_none(), "{text}");
    }
}
