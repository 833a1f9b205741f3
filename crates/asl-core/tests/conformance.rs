//! The validator against recorded AWS behaviour and asl-validator's fixtures, read from
//! `../shared/conformance/` (skipped, with a message, when that folder is absent).
//!
//! Each test prints its pass counts. Where the core does not reach 100% yet, the assertion is a
//! floor at the count reached, so a regression fails the build and progress raises the floor.

use std::io::BufRead;
use std::path::PathBuf;

use asl_core::{parse_state, parse_with, ParseOptions, Parsed, Severity};
use serde_json::Value;

fn conformance_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: {} is absent", dir.display());
        None
    }
}

fn jsonl(path: PathBuf) -> Vec<Value> {
    let file = std::fs::File::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    std::io::BufReader::new(file)
        .lines()
        .map(|l| serde_json::from_str(&l.expect("readable line")).expect("a JSON case per line"))
        .collect()
}

fn errors(parsed: &Parsed) -> Vec<String> {
    parsed.diagnostics.iter().filter(|d| d.severity == Severity::Error).map(|d| d.to_string()).collect()
}

const STANDARD: ParseOptions = ParseOptions { allow_substitutions: false, express: false };
const EXPRESS: ParseOptions = ParseOptions { allow_substitutions: false, express: true };

#[test]
fn every_accepted_execution_definition_parses_without_errors() {
    let Some(dir) = conformance_dir() else { return };
    let cases = jsonl(dir.join("localstack/execution.jsonl"));
    let mut failures = Vec::new();
    for case in &cases {
        let text = case["definition"].as_str().expect("definition text");
        // The TestState API takes a single state's definition.
        let single_state = case["api"] == "TestState"
            && serde_json::from_str::<Value>(text).ok().is_some_and(|v| v.get("States").is_none());
        let parsed = if single_state { parse_state(text) } else { parse_with(text, &STANDARD) };
        let errs = errors(&parsed);
        if !errs.is_empty() {
            failures.push(format!("{}: {errs:?}", case["id"]));
        }
    }
    println!("execution.jsonl definitions: {} passed, {} failed", cases.len() - failures.len(), failures.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn aws_rejections_are_reproduced() {
    let Some(dir) = conformance_dir() else { return };
    let cases = jsonl(dir.join("localstack/validation.jsonl"));
    let (mut verdicts, mut causes, mut causes_matched, mut diag_cases, mut diag_matched) = (0, 0, 0, 0, 0);
    let mut wrong = Vec::new();
    for case in &cases {
        let text = case["definition"].as_str().expect("definition text");
        let expect = &case["expect"];
        // The recordings do not keep the machine type: a case holds if it holds for either type.
        let runs: Vec<Vec<String>> = [STANDARD, EXPRESS].iter().map(|o| errors(&parse_with(text, o))).collect();
        let expect_ok = expect["result"] == "OK";
        let verdict = runs.iter().position(|errs| errs.is_empty() == expect_ok);
        match verdict {
            Some(_) => verdicts += 1,
            None => wrong.push(format!("{}: expected {expect}, got {:?}", case["id"], runs[0])),
        }
        if let Some(cause) = expect["cause"].as_str() {
            causes += 1;
            if runs.iter().any(|errs| cause == format!("Invalid State Machine Definition: '{}'", errs.join(", "))) {
                causes_matched += 1;
            } else {
                println!("cause differs for {}: AWS {cause:?}, ours {:?}", case["id"], runs);
            }
        }
        if let Some(diagnostics) = expect["diagnostics"].as_array() {
            diag_cases += 1;
            let matched = [STANDARD, EXPRESS].iter().any(|o| {
                let parsed = parse_with(text, o);
                let ours: Vec<_> = parsed.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
                ours.len() == diagnostics.len()
                    && ours.iter().zip(diagnostics).all(|(d, aws)| {
                        aws["code"] == d.code
                            && aws["message"] == d.message.as_str()
                            && aws.get("location").is_none_or(|l| l == d.pointer.as_str())
                    })
            });
            if matched {
                diag_matched += 1;
            } else {
                println!("diagnostics differ for {}: AWS {diagnostics:?}", case["id"]);
            }
        }
    }
    println!("validation.jsonl verdicts: {verdicts} passed, {} failed", cases.len() - verdicts);
    println!("validation.jsonl causes word for word: {causes_matched} of {causes}");
    println!("validation.jsonl ValidateStateMachineDefinition diagnostics: {diag_matched} of {diag_cases}");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(causes_matched >= 5, "at least 5 of the 6 causes word for word");
    assert_eq!(diag_matched, diag_cases, "ValidateStateMachineDefinition diagnostics");
}

#[test]
fn asl_validator_fixtures() {
    let Some(dir) = conformance_dir() else { return };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir.join("asl-validator"))
        .expect("asl-validator fixtures")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    let mut failures = Vec::new();
    for path in &paths {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(path).expect("readable fixture");
        let valid = name.starts_with("valid-");
        // asl-validator checks `${...}` placeholders only when told the definition is a template.
        let options =
            ParseOptions { allow_substitutions: name.contains("cfn-definition-substitutions"), express: false };
        let errs = errors(&parse_with(&text, &options));
        if errs.is_empty() != valid {
            failures.push(format!("{name}: {}", if valid { format!("rejected: {errs:?}") } else { "accepted".into() }));
        }
    }
    let passed = paths.len() - failures.len();
    println!("asl-validator fixtures: {passed} passed, {} failed", failures.len());
    for f in &failures {
        println!("  {f}");
    }
    assert_eq!(paths.len(), 112, "the fixture set changed");
    assert!(passed >= 110, "regression: {passed} of 112 (floor 110)\n{}", failures.join("\n"));
}
