//! Definitions written in YAML (`Syntax::Yaml`): the same machine as the JSON they stand for,
//! diagnostics at YAML line:column, payloads evaluated from their values.

use asl_core::check::diagnostic::code;
use asl_core::{parse, parse_with, simulate, Options, ParseOptions, Scenario, Status, Syntax};
use serde_json::json;

fn yaml(text: &str) -> asl_core::Parsed {
    parse_with(text, &ParseOptions { syntax: Syntax::Yaml, ..Default::default() })
}

const DEFINITION: &str = "\
# Greets whoever comes.
Comment: Greets
StartAt: Greet
States:
  Greet:
    Type: Pass
    Parameters:
      greeting.$: States.Format('Hello, {}!', $.name)   # an intrinsic
      count: 2
    ResultPath: $.out
    Next: Done
  Done: {Type: Succeed}
";

#[test]
fn a_yaml_definition_is_the_machine_its_json_is() {
    let from_yaml = yaml(DEFINITION);
    assert!(from_yaml.diagnostics.is_empty(), "{:?}", from_yaml.diagnostics);
    let json = json!({"Comment": "Greets", "StartAt": "Greet", "States": {
        "Greet": {"Type": "Pass", "Parameters": {"greeting.$": "States.Format('Hello, {}!', $.name)", "count": 2},
                  "ResultPath": "$.out", "Next": "Done"},
        "Done": {"Type": "Succeed"}}});
    let from_json = parse(&serde_json::to_string_pretty(&json).unwrap());
    let (a, b) = (from_yaml.machine.unwrap(), from_json.machine.unwrap());
    let names = |m: &asl_core::Machine| {
        m.states.iter().map(|s| (s.name.clone(), s.kind.type_name().to_string())).collect::<Vec<_>>()
    };
    assert_eq!(names(&a), names(&b));
    // Spans point into the YAML text.
    let greet = a.find("Greet").unwrap();
    assert_eq!(&DEFINITION[greet.name_span.start..greet.name_span.end], "Greet");
    assert!(DEFINITION[greet.span.start..greet.span.end].starts_with("Type: Pass"));
    // And it runs: the payload is evaluated from its value.
    let run = simulate(&a, json!({"name": "Ada"}), &Scenario::default(), &Options::default());
    assert_eq!(run.status, Status::Succeeded);
    assert_eq!(run.output, Some(json!({"name": "Ada", "out": {"greeting": "Hello, Ada!", "count": 2}})));
}

#[test]
fn diagnostics_point_at_yaml_lines_and_columns() {
    let text = DEFINITION.replace("Next: Done", "Next: Nowhere");
    let parsed = yaml(&text);
    let d = parsed.diagnostics.iter().find(|d| d.code == code::MISSING_TRANSITION_TARGET).expect("missing target");
    assert_eq!(&text[d.span.start..d.span.end], "Nowhere");
    assert_eq!(parsed.line_index.line_col(&text, d.span.start), (11, 11));

    let broken = "StartAt: A\nStates:\n  A: {Type: Pass\n";
    let parsed = yaml(broken);
    assert_eq!(parsed.diagnostics.len(), 1, "{:?}", parsed.diagnostics);
    let d = &parsed.diagnostics[0];
    assert_eq!(d.code, code::INVALID_YAML);
    assert!(d.message.starts_with("YAML: ") && d.message.contains("(line "), "{}", d.message);
    assert!(parsed.machine.is_none());

    let list = yaml("- a\n- b\n");
    assert_eq!(list.diagnostics[0].code, code::SCHEMA_VALIDATION_FAILED);
    assert!(yaml("").diagnostics[0].message.contains("valid JSON object"));
}
