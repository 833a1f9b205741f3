//! The validator against recorded AWS behaviour and asl-validator's fixtures, read from
//! `../shared/conformance/` (skipped, with a message, when that folder is absent; a failure
//! under `CI=true`).
//!
//! Each test prints its pass counts and holds its failures to the list of known failures by case
//! id in `tests/known_failures.json` (see `support`).

mod support;

use std::path::PathBuf;

use asl_core::{parse_state, parse_with, ParseOptions, Parsed, Severity};
use serde_json::Value;
use support::{case_id, jsonl, shared, Tally};

fn errors(parsed: &Parsed) -> Vec<String> {
    parsed.diagnostics.iter().filter(|d| d.severity == Severity::Error).map(|d| d.to_string()).collect()
}

const STANDARD: ParseOptions =
    ParseOptions { syntax: asl_core::Syntax::Json, allow_substitutions: false, express: false };
const EXPRESS: ParseOptions =
    ParseOptions { syntax: asl_core::Syntax::Json, allow_substitutions: false, express: true };

#[test]
fn every_accepted_execution_definition_parses_without_errors() {
    let Some(path) = shared("conformance/localstack/execution.jsonl") else { return };
    let mut tally = Tally::new("execution.jsonl definitions");
    for case in &jsonl(&path) {
        let text = case["definition"].as_str().expect("definition text");
        // The TestState API takes a single state's definition.
        let single_state = case["api"] == "TestState"
            && serde_json::from_str::<Value>(text).ok().is_some_and(|v| v.get("States").is_none());
        let parsed = if single_state { parse_state(text) } else { parse_with(text, &STANDARD) };
        let errs = errors(&parsed);
        tally.record(&case_id(case), if errs.is_empty() { Ok(()) } else { Err(format!("rejected: {errs:?}")) });
    }
    tally.finish();
}

/// The recorded rejections (`validation.jsonl`). The recordings do not keep the machine type: a
/// case holds if it holds for either type.
fn validation_cases() -> Option<Vec<Value>> {
    shared("conformance/localstack/validation.jsonl").map(|path| jsonl(&path))
}

fn text(case: &Value) -> &str {
    case["definition"].as_str().expect("definition text")
}

#[test]
fn aws_rejections_are_reproduced() {
    let Some(cases) = validation_cases() else { return };
    let mut tally = Tally::new("validation.jsonl verdicts");
    for case in &cases {
        let expect = &case["expect"];
        let runs: Vec<Vec<String>> = [STANDARD, EXPRESS].iter().map(|o| errors(&parse_with(text(case), o))).collect();
        let expect_ok = expect["result"] == "OK";
        let held = runs.iter().any(|errs| errs.is_empty() == expect_ok);
        tally.record(&case_id(case), if held { Ok(()) } else { Err(format!("expected {expect}, got {:?}", runs[0])) });
    }
    tally.finish();
}

/// Where the recording kept AWS's words, ours are the same.
#[test]
fn aws_causes_word_for_word() {
    let Some(cases) = validation_cases() else { return };
    let mut tally = Tally::new("validation.jsonl causes");
    for case in &cases {
        let Some(cause) = case["expect"]["cause"].as_str() else { continue };
        let ours: Vec<String> = [STANDARD, EXPRESS]
            .iter()
            .map(|o| format!("Invalid State Machine Definition: '{}'", errors(&parse_with(text(case), o)).join(", ")))
            .collect();
        let held = ours.iter().any(|c| c == cause);
        tally.record(&case_id(case), if held { Ok(()) } else { Err(format!("AWS {cause:?}, ours {ours:?}")) });
    }
    tally.finish();
}

/// `ValidateStateMachineDefinition`'s diagnostics: the same errors, in order, with AWS's code,
/// message and location.
#[test]
fn validate_state_machine_definition_diagnostics() {
    let Some(cases) = validation_cases() else { return };
    let mut tally = Tally::new("validation.jsonl diagnostics");
    for case in &cases {
        let Some(diagnostics) = case["expect"]["diagnostics"].as_array() else { continue };
        let runs: Vec<Vec<Value>> = [STANDARD, EXPRESS]
            .iter()
            .map(|o| {
                let parsed = parse_with(text(case), o);
                parsed
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .map(|d| serde_json::json!({"code": d.code, "message": d.message, "location": d.pointer}))
                    .collect()
            })
            .collect();
        let matches = |ours: &Vec<Value>| {
            ours.len() == diagnostics.len()
                && ours.iter().zip(diagnostics).all(|(d, aws)| {
                    aws["code"] == d["code"]
                        && aws["message"] == d["message"]
                        && aws.get("location").is_none_or(|l| *l == d["location"])
                })
        };
        let held = runs.iter().any(matches);
        tally.record(
            &case_id(case),
            if held { Ok(()) } else { Err(format!("AWS {diagnostics:?}, ours {:?}", runs[0])) },
        );
    }
    tally.finish();
}

#[test]
fn asl_validator_fixtures() {
    let Some(dir) = shared("conformance/asl-validator") else { return };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("asl-validator fixtures")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    assert_eq!(paths.len(), 112, "the fixture set changed");
    let mut tally = Tally::new("asl-validator fixtures");
    for path in &paths {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(path).expect("readable fixture");
        let valid = name.starts_with("valid-");
        // asl-validator checks `${...}` placeholders only when told the definition is a template.
        let options = ParseOptions {
            syntax: asl_core::Syntax::Json,
            allow_substitutions: name.contains("cfn-definition-substitutions"),
            express: false,
        };
        let errs = errors(&parse_with(&text, &options));
        let outcome = match (valid, errs.is_empty()) {
            (true, false) => Err(format!("rejected: {errs:?}")),
            (false, true) => Err("accepted".to_string()),
            _ => Ok(()),
        };
        tally.record(&name, outcome);
    }
    tally.finish();
}
