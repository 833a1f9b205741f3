//! `asl` on CloudFormation/SAM/CDK templates (the ones under `crates/asl-edit/tests/templates/`):
//! machines picked or all validated, positions in the template, substitutions for simulate and
//! test, exit codes; `--format sarif` checked against the pinned SARIF 2.1.0 schema and `--format
//! github` lines; `asl export --format mermaid`.

use serde_json::Value;
use std::process::Command;

fn asl(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_asl")).args(args).output().expect("asl runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

fn template(name: &str) -> String {
    format!("{}/../asl-edit/tests/templates/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn temp_file(name: &str, text: &str) -> String {
    let path = std::env::temp_dir().join(format!("asl-templates-{}-{name}", std::process::id()));
    std::fs::write(&path, text).expect("temp file");
    path.to_string_lossy().into_owned()
}

#[test]
fn validate_checks_every_machine_and_names_it() {
    let file = template("cloudformation.json");
    let (code, out, err) = asl(&["validate", &file]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(out, format!("{file}: Ingest: valid\n{file}: Report: valid\n"));
    let (code, out, _) = asl(&["validate", "--state-machine", "Report", &file]);
    assert_eq!((code, out), (0, format!("{file}: Report: valid\n")));
    let (code, _, err) = asl(&["validate", "--state-machine", "Nope", &file]);
    assert_eq!(code, 2);
    assert!(err.contains("no state machine 'Nope'; it has: Ingest, Report"), "{err}");
    for file in ["sam.yaml", "sub-block.yaml", "cdk.json", "definition-object.json"] {
        let (code, out, err) = asl(&["validate", &template(file)]);
        assert_eq!(code, 0, "{file}: {out}{err}");
    }
}

#[test]
fn diagnostics_point_into_the_template() {
    let file = template("not-asl.json");
    let (code, out, _) = asl(&["validate", &file]);
    assert_eq!(code, 1);
    assert!(
        out.contains(&format!("{file}:2:93: error MISSING_TRANSITION_TARGET Broken: Missing 'Next' target: Nowhere")),
        "{out}"
    );
    assert!(out.contains(&format!("{file}: NoStates: 1 error")), "{out}");
    // A Definition object maps line by line: the bad Next's value is on the template's line 6, column 50.
    let object = temp_file(
        "object.json",
        "{\"Resources\": {\n  \"M\": {\n    \"Type\": \"AWS::StepFunctions::StateMachine\",\n    \"Properties\": {\n      \"Definition\": {\"StartAt\": \"A\",\n        \"States\": {\"A\": {\"Type\": \"Pass\", \"Next\": \"B\"}}}}}}}",
    );
    let (code, out, _) = asl(&["validate", "--json", &object]);
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).unwrap();
    let d = v["diagnostics"].as_array().unwrap().iter().find(|d| d["pointer"] == "/States/A/Next").expect("reported");
    assert_eq!((d["line"].as_u64(), d["column"].as_u64(), d["logicalId"].as_str()), (Some(6), Some(50), Some("M")));
    assert_eq!(v["stateMachines"][0]["valid"], false);
    // A YAML block scalar maps line by line too.
    let yaml = temp_file(
        "block.yaml",
        "Resources:\n  M:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      DefinitionString: |\n        {\"StartAt\": \"A\",\n         \"States\": {\"A\": {\"Type\": \"Pass\", \"Next\": \"B\"}}}\n",
    );
    let (code, out, _) = asl(&["validate", &yaml]);
    assert_eq!(code, 1);
    assert!(
        out.contains(&format!("{yaml}:7:51: error MISSING_TRANSITION_TARGET M: Missing 'Next' target: B")),
        "{out}"
    );
}

#[test]
fn broken_templates_exit_two_with_a_message() {
    for (file, says) in [
        ("definition-uri.yaml", "statemachine/external.asl.json (DefinitionUri); open that file instead"),
        ("no-machine.yaml", "holds no state machine"),
        ("bad.yaml", "is not valid YAML (line 6, column 1)"),
    ] {
        let (code, out, err) = asl(&["validate", &template(file)]);
        assert_eq!(code, 2, "{file}: {out}{err}");
        assert!(err.contains(says) && err.lines().count() == 1, "{file}: {err}");
    }
    let (code, _, err) = asl(&["simulate", &template("not-asl.json"), "--state-machine", "NotJson"]);
    assert_eq!(code, 2);
    assert!(err.contains("the definition (NotJson) is not valid: INVALID_JSON"), "{err}");
}

#[test]
fn simulate_and_test_take_substitutions() {
    let file = template("cloudformation.json");
    let (code, _, err) = asl(&["simulate", &file]);
    assert_eq!(code, 2);
    assert!(err.contains("several state machines: Ingest, Report; pick one with --state-machine"), "{err}");

    let (code, out, err) = asl(&["simulate", &file, "--state-machine", "Ingest", "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let scheduled =
        v["history"].as_array().unwrap().iter().find(|e| e["type"] == "LambdaFunctionScheduled").expect("lambda");
    assert_eq!(
        scheduled["lambdaFunctionScheduledEventDetails"]["resource"],
        "arn:aws:lambda:us-east-1:123456789012:function:Worker"
    );

    let values = temp_file(
        "values.json",
        r#"{"Worker.Arn": "arn:aws:lambda:eu-west-1:111111111111:function:FromFile", "Jobs": "q"}"#,
    );
    let (code, out, err) = asl(&[
        "simulate",
        &file,
        "--substitution",
        "Worker.Arn=arn:aws:lambda:eu-west-1:111111111111:function:Given",
        "--substitutions",
        &values,
        "--state-machine",
        "Ingest",
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("function:Given") && !out.contains("function:FromFile"), "one by one wins: {out}");
    let (code, _, err) = asl(&["simulate", &file, "--substitution", "nonsense", "--state-machine", "Ingest"]);
    assert_eq!(code, 2);
    assert!(err.contains("NAME=VALUE"), "{err}");

    let tests = temp_file(
        "sam.tests.json",
        r#"{"Tests": [{"Name": "saves", "Input": {"id": "1"}, "Expect": {"Status": "SUCCEEDED", "Visited": ["Save"]}},
                      {"Name": "needs an id", "Input": {}, "Expect": {"Status": "FAILED", "Error": "States.Runtime"}}]}"#,
    );
    let (code, out, err) = asl(&["test", &template("sam.yaml"), "--tests", &tests, "--substitution", "TableName=t"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(out.lines().last(), Some("2 passed, 0 failed"));
}

#[test]
fn github_lines_are_workflow_commands() {
    let file = template("not-asl.json");
    let (code, out, _) = asl(&["validate", "--format", "github", &file]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    assert!(
        lines.contains(
            &format!(
                "::error file={file},line=2,col=93::MISSING_TRANSITION_TARGET Broken: Missing 'Next' target: Nowhere"
            )
            .as_str()
        ),
        "{out}"
    );
    for line in &lines {
        let (head, message) = line.strip_prefix("::").unwrap().split_once("::").unwrap();
        let (level, props) = head.split_once(' ').unwrap();
        assert!(["error", "warning"].contains(&level), "{line}");
        let keys: Vec<&str> = props.split(',').map(|p| p.split_once('=').unwrap().0).collect();
        assert_eq!(keys, ["file", "line", "col"]);
        assert!(!message.contains('\n') && !message.is_empty());
    }
    // A warning is a ::warning.
    let warn = temp_file(
        "warn.json",
        r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}, "B": {"Type": "Pass", "End": true}}}"#,
    );
    let (_, out, _) = asl(&["validate", "--format", "github", &warn]);
    assert!(out.is_empty() || out.lines().all(|l| l.starts_with("::error ") || l.starts_with("::warning ")), "{out}");
}

/// A draft-04 JSON Schema validator for the keywords the SARIF schema uses. `pattern` and
/// `format` are not fully evaluated (`uri` needs a scheme, `uri-reference` any string); reaching
/// another fails, so the check never passes by skipping.
fn check(root: &Value, schema: &Value, v: &Value, at: &str, errors: &mut Vec<String>) {
    let schema = resolve_ref(root, schema);
    assert!(schema.get("pattern").is_none(), "{at}: unchecked pattern");
    check_format(schema, v, at, errors);
    if let Some(t) = schema.get("type").and_then(Value::as_str) {
        if !has_type(v, t) {
            errors.push(format!("{at}: not {t}"));
            return;
        }
    }
    check_enum_and_bounds(schema, v, at, errors);
    check_any_and_one_of(root, schema, v, at, errors);
    if let Some(obj) = v.as_object() {
        check_object(root, schema, obj, at, errors);
    }
    if let Some(items) = v.as_array() {
        check_array(root, schema, items, at, errors);
    }
}

/// The schema a local `$ref` (`#/definitions/...`) names, or `schema` itself.
fn resolve_ref<'a>(root: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let name = r.strip_prefix("#/definitions/").expect("local refs only");
            &root["definitions"][name]
        }
        None => schema,
    }
}

fn check_format(schema: &Value, v: &Value, at: &str, errors: &mut Vec<String>) {
    match (schema.get("format").and_then(Value::as_str), v.as_str()) {
        (None, _) | (Some("uri-reference"), Some(_)) => {}
        (Some("uri"), Some(s)) if s.split_once(':').is_some_and(|(scheme, _)| !scheme.is_empty()) => {}
        (Some(f), _) => errors.push(format!("{at}: {v} is not a {f} (or the format is not checked)")),
    }
}

fn has_type(v: &Value, t: &str) -> bool {
    match t {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "integer" => v.is_i64() || v.is_u64(),
        "number" => v.is_number(),
        "boolean" => v.is_boolean(),
        "null" => v.is_null(),
        _ => panic!("type {t}"),
    }
}

fn check_enum_and_bounds(schema: &Value, v: &Value, at: &str, errors: &mut Vec<String>) {
    if let Some(e) = schema.get("enum").and_then(Value::as_array) {
        if !e.contains(v) {
            errors.push(format!("{at}: {v} not in {e:?}"));
        }
    }
    if let (Some(min), Some(n)) = (schema.get("minimum").and_then(Value::as_f64), v.as_f64()) {
        if n < min {
            errors.push(format!("{at}: {n} < {min}"));
        }
    }
    if let (Some(max), Some(n)) = (schema.get("maximum").and_then(Value::as_f64), v.as_f64()) {
        if n > max {
            errors.push(format!("{at}: {n} > {max}"));
        }
    }
}

/// Does `v` satisfy `schema` with no errors? (For `anyOf` and `oneOf`, whose branches' errors are dropped.)
fn satisfies(root: &Value, schema: &Value, v: &Value, at: &str) -> bool {
    let mut e = Vec::new();
    check(root, schema, v, at, &mut e);
    e.is_empty()
}

fn check_any_and_one_of(root: &Value, schema: &Value, v: &Value, at: &str, errors: &mut Vec<String>) {
    if let Some(any) = schema.get("anyOf").and_then(Value::as_array) {
        if !any.iter().any(|s| satisfies(root, s, v, at)) {
            errors.push(format!("{at}: matches no anyOf"));
        }
    }
    if let Some(one) = schema.get("oneOf").and_then(Value::as_array) {
        let n = one.iter().filter(|s| satisfies(root, s, v, at)).count();
        if n != 1 {
            errors.push(format!("{at}: matches {n} of oneOf"));
        }
    }
}

/// `required`, `properties` and `additionalProperties`.
fn check_object(
    root: &Value,
    schema: &Value,
    obj: &serde_json::Map<String, Value>,
    at: &str,
    errors: &mut Vec<String>,
) {
    for r in schema.get("required").and_then(Value::as_array).into_iter().flatten() {
        if !obj.contains_key(r.as_str().unwrap()) {
            errors.push(format!("{at}: missing {r}"));
        }
    }
    let props = schema.get("properties").and_then(Value::as_object);
    for (k, value) in obj {
        let at = format!("{at}/{k}");
        match (props.and_then(|p| p.get(k)), schema.get("additionalProperties")) {
            (Some(s), _) => check(root, s, value, &at, errors),
            (None, Some(Value::Bool(false))) => errors.push(format!("{at}: not allowed")),
            (None, Some(s)) if s.is_object() => check(root, s, value, &at, errors),
            (None, _) => {}
        }
    }
}

/// `minItems`, `uniqueItems` and `items`.
fn check_array(root: &Value, schema: &Value, items: &[Value], at: &str, errors: &mut Vec<String>) {
    if let Some(min) = schema.get("minItems").and_then(Value::as_u64) {
        if (items.len() as u64) < min {
            errors.push(format!("{at}: fewer than {min} items"));
        }
    }
    if schema.get("uniqueItems") == Some(&Value::Bool(true)) {
        for (i, a) in items.iter().enumerate() {
            if items[..i].contains(a) {
                errors.push(format!("{at}/{i}: duplicate item"));
            }
        }
    }
    if let Some(s) = schema.get("items") {
        for (i, item) in items.iter().enumerate() {
            check(root, s, item, &format!("{at}/{i}"), errors);
        }
    }
}

#[test]
fn sarif_output_matches_the_sarif_2_1_0_schema() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/sarif/sarif-2.1.0-rtm.5.json")).unwrap(),
    )
    .unwrap();
    let file = template("not-asl.json");
    let (code, out, _) = asl(&["validate", "--format", "sarif", &file]);
    assert_eq!(code, 1);
    let log: Value = serde_json::from_str(&out).expect("one JSON document");
    let mut errors = Vec::new();
    check(&schema, &schema, &log, "", &mut errors);
    assert!(errors.is_empty(), "{errors:#?}");
    // The validator does catch a broken log.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    broken["runs"][0]["tool"]["driver"].as_object_mut().unwrap().remove("name");
    let mut errors = Vec::new();
    check(&schema, &schema, &broken, "", &mut errors);
    assert_eq!(errors.len(), 2, "{errors:#?}");

    let run = &log["runs"][0];
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 4);
    let r = results.iter().find(|r| r["ruleId"] == "MISSING_TRANSITION_TARGET").unwrap();
    assert_eq!(r["level"], "error");
    assert_eq!(r["message"]["text"], "Broken: Missing 'Next' target: Nowhere");
    let region = &r["locations"][0]["physicalLocation"]["region"];
    assert_eq!((region["startLine"].as_u64(), region["startColumn"].as_u64()), (Some(2), Some(93)));
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules[r["ruleIndex"].as_u64().unwrap() as usize]["id"], "MISSING_TRANSITION_TARGET");
    // A valid file gives a log with no results.
    let (code, out, _) = asl(&["validate", "--format", "sarif", &template("sam.yaml")]);
    assert_eq!(code, 0);
    let log: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(log["runs"][0]["results"], serde_json::json!([]));
}

#[test]
fn export_mermaid_from_a_template_or_a_definition() {
    let (code, out, _) = asl(&["export", "--format", "mermaid", &template("sam.yaml")]);
    assert_eq!(code, 0);
    assert!(out.starts_with("stateDiagram-v2\n    state \"Process\" as s1\n"), "{out}");
    let seed = concat!(env!("CARGO_MANIFEST_DIR"), "/../../public/samples/poll-for-job-status.asl.json");
    let (code, out, _) = asl(&["export", "--format", "mermaid", seed]);
    let expected = concat!(env!("CARGO_MANIFEST_DIR"), "/../asl-core/tests/mermaid/poll-for-job-status.mmd");
    assert_eq!((code, out), (0, std::fs::read_to_string(expected).unwrap()));
    assert_eq!(asl(&["export", seed]).0, 2);
    assert_eq!(asl(&["export", "--format", "dot", seed]).0, 2);
}

#[test]
fn a_yaml_definition_is_validated_at_its_own_lines_and_runs() {
    let text =
        "# greets\nStartAt: Greet\nStates:\n  Greet:\n    Type: Pass\n    Result: {hello: world}\n    Next: Nowhere\n";
    let file = temp_file("greet.asl.yaml", text);
    let (code, out, _) = asl(&["validate", &file]);
    assert_eq!(code, 1);
    assert!(out.contains(&format!("{file}:7:11: error MISSING_TRANSITION_TARGET")), "{out}");
    let fixed = temp_file("greet-ok.asl.yml", &text.replace("Next: Nowhere", "End: true"));
    let (code, out, err) = asl(&["validate", &fixed]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, err) = asl(&["simulate", &fixed, "--json"]);
    assert_eq!(code, 0, "{err}");
    let run: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(run["output"], serde_json::json!({"hello": "world"}), "{out}");
    let broken = temp_file("broken.asl.yaml", "StartAt: [\n");
    let (code, _, err) = asl(&["validate", &broken]);
    assert_eq!(code, 2);
    assert!(err.contains("not valid YAML (line 2, column 1: "), "{err}");
}
