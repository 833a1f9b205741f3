//! CloudFormation, SAM and CDK templates (`asl_edit::template`): the templates under
//! `tests/templates/` opened, their placeholders and defaults, the broken ones' messages, and
//! write-back round trips that change nothing outside the edited definition.

use asl_edit::template::{self, Form};
use serde_json::Value;

fn read(file: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/templates/{file}", env!("CARGO_MANIFEST_DIR"))).expect(file)
}

fn open(file: &str) -> template::Template {
    template::open(file, &read(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// (name, default) of each placeholder.
fn defaults(m: &template::StateMachine) -> Vec<(&str, &str)> {
    m.placeholders.iter().map(|p| (p.name.as_str(), p.default.as_str())).collect()
}

/// The definition with its defaults substituted parses and validates without an error.
fn simulates(m: &template::StateMachine) {
    let text = m.simulation_text(&[]).unwrap();
    assert!(!text.contains("${"), "{text}");
    let parsed = asl_core::parse(&text);
    assert!(!parsed.has_errors(), "{}: {:?}", m.logical_id, parsed.diagnostics);
}

#[test]
fn sam_yaml_with_short_tags_and_substitutions() {
    let t = open("sam.yaml");
    assert_eq!(t.format, template::Format::Yaml);
    assert_eq!(t.logical_ids(), ["OrderStateMachine"]);
    let m = &t.machines[0];
    assert_eq!((m.form, m.property.as_str(), m.read_only.as_ref()), (Form::Object, "Definition", None));
    assert_eq!(
        defaults(m),
        [
            ("ProcessFunctionArn", "arn:aws:lambda:us-east-1:123456789012:function:ProcessFunction"),
            ("AlertsTopicArn", "arn:aws:sns:us-east-1:123456789012:AlertsTopic"),
            ("TableName", "orders"),
        ]
    );
    assert_eq!(m.placeholders[0].source, "DefinitionSubstitutions: Fn::GetAtt ProcessFunction.Arn");
    assert_eq!(m.origin.line, 19, "the Definition key's line");
    let with = m.simulation_text(&[("TableName".into(), "other".into())]).unwrap();
    assert!(with.contains("\"TableName\": \"other\""), "{with}");
    simulates(m);
}

#[test]
fn cloudformation_json_with_two_fn_sub_machines() {
    let t = open("cloudformation.json");
    assert_eq!(t.logical_ids(), ["Ingest", "Report"]);
    let ingest = t.get("Ingest").unwrap();
    assert_eq!(ingest.form, Form::Sub);
    assert_eq!(
        defaults(ingest),
        [
            ("Worker.Arn", "arn:aws:lambda:us-east-1:123456789012:function:Worker"),
            ("AWS::Partition", "aws"),
            ("Jobs", "https://sqs.us-east-1.amazonaws.com/123456789012/Jobs"),
        ]
    );
    assert_eq!(ingest.placeholders[0].source, "Fn::Sub: Fn::GetAtt Worker.Arn");
    let report = t.get("Report").unwrap();
    assert_eq!(defaults(report), [("Delay", "5"), ("Label", "my-stack")]);
    // A number placeholder outside a string goes in as it is.
    assert!(report.simulation_text(&[]).unwrap().contains("\"Seconds\": 5,"));
    simulates(ingest);
    simulates(report);
    let e = t.get("Nope").unwrap_err();
    assert!(e.contains("no state machine 'Nope'; it has: Ingest, Report"), "{e}");
}

#[test]
fn cdk_join_is_read_and_read_only() {
    let t = open("cdk.json");
    let m = &t.machines[0];
    assert_eq!((m.logical_id.as_str(), m.form), ("MachineE8A1F2B3", Form::Join));
    let def = m.definition.as_ref().unwrap();
    assert!(def.contains(r#""Resource":"arn:${AWS::Partition}:states:::lambda:invoke""#), "{def}");
    assert!(def.contains(r#""FunctionName":"${HandlerFn1A2B3C4D.Arn}""#), "{def}");
    assert_eq!(m.placeholders[1].default, "arn:aws:lambda:us-east-1:123456789012:function:HandlerFn1A2B3C4D");
    assert!(m.read_only.as_ref().unwrap().contains("AWS CDK (App/Stack/Machine/Resource)"));
    simulates(m);
    let e = template::write_back("cdk.json", &read("cdk.json"), "MachineE8A1F2B3", def).unwrap_err();
    assert!(e.contains("read-only"), "{e}");
}

#[test]
fn definitions_in_other_files_are_named() {
    let t = open("definition-uri.yaml");
    let messages: Vec<String> = t.machines.iter().map(|m| m.problem().unwrap()).collect();
    assert_eq!(
        messages,
        [
            "External: the definition is not in the template but in statemachine/external.asl.json (DefinitionUri); open that file instead",
            "InS3: the definition is not in the template but in s3://my-artifacts/workflows/in-s3.asl.json (DefinitionS3Location); open that file instead",
        ]
    );
    assert!(t.machines.iter().all(|m| m.form == Form::File));
}

#[test]
fn broken_templates_say_what_is_wrong() {
    for (file, says) in [
        (
            "no-machine.yaml",
            "no-machine.yaml holds no state machine: no resource of type AWS::StepFunctions::StateMachine",
        ),
        ("bad.yaml", "bad.yaml is not valid YAML (line 6, column 1)"),
    ] {
        let e = template::open(file, &read(file)).unwrap_err();
        assert!(e.starts_with(says), "{file}: {e}");
    }
    let e = template::open("x.json", "{\"Resources\": {\n  \"M\": }").unwrap_err();
    assert!(e.starts_with("x.json is not valid JSON (line 2, column 8"), "{e}");
    let e = template::open("x.json", "{\"StartAt\": \"A\", \"States\": {}}").unwrap_err();
    assert!(e.contains("not a CloudFormation or SAM template"), "{e}");

    let t = open("not-asl.json");
    let problems: Vec<Option<String>> = t.machines.iter().map(|m| m.problem()).collect();
    assert_eq!(problems[0], None, "valid JSON with a graph error: the validator says more");
    assert!(
        problems[1].as_ref().unwrap().starts_with("NotJson: its definition is not JSON (template line 3, column"),
        "{problems:?}"
    );
    assert_eq!(
        problems[2].as_deref(),
        Some("NoStates: its definition is not a state-machine definition (no \"States\" object)")
    );
    assert!(template::looks_like_template(&read("sam.yaml")));
    assert!(!template::looks_like_template("{\"StartAt\": \"A\", \"States\": {}}"));
}

#[test]
fn yaml_block_scalars_map_lines_back() {
    let t = open("sub-block.yaml");
    let poller = t.get("Poller").unwrap();
    let def = poller.definition.as_ref().unwrap();
    assert!(def.starts_with("{\n  \"StartAt\": \"Check\""), "{def}");
    assert_eq!(poller.origin.position(def, def.find("\"Check\": {").unwrap()), (9, 13));
    assert_eq!(
        defaults(poller),
        [("CheckFunction.Arn", "arn:aws:lambda:us-east-1:123456789012:function:CheckFunction")]
    );
    let pair = t.get("Pair").unwrap();
    assert_eq!((pair.form, defaults(pair)), (Form::Sub, vec![("Greeting", "hello")]));
}

/// The byte range from the end of `start` to the start of `end`, both searched after `id`.
fn region(text: &str, id: &str, start: &str, end: &str) -> (usize, usize) {
    let at = text.find(id).expect(id);
    let s = at + text[at..].find(start).expect(start) + start.len();
    let e = s + text[s..].find(end).expect(end);
    (s, e)
}

#[test]
fn write_back_round_trips_change_only_the_definition() {
    for (file, id, start, end) in [
        ("sam.yaml", "OrderStateMachine:", "Definition:", "      DefinitionSubstitutions:"),
        ("cloudformation.json", "\"Ingest\"", "\"Fn::Sub\": ", "}\n    },\n    \"Report\""),
        ("cloudformation.json", "\"Report\"", "\"Fn::Sub\": [", ", {\"Delay\""),
        ("definition-object.json", "\"Machine\"", "\"Definition\": ", ",\n        \"DefinitionSubstitutions\""),
        ("sub-block.yaml", "Poller:", "!Sub ", "\n      RoleArn"),
        ("sub-block.yaml", "Pair:", "- ", "\n          - Greeting"),
    ] {
        let text = read(file);
        let t = open(file);
        let logical_id = id.trim_matches(['"', ':']);
        let m = t.get(logical_id).unwrap();
        let def = m.definition.clone().unwrap();
        // Edit one state: a Comment on the start state (by hand where a placeholder stands for
        // a number, so the text is JSON only after substitution).
        let parsed =
            asl_core::parse_with(&def, &asl_core::ParseOptions { allow_substitutions: true, ..Default::default() });
        let edited = match parsed.machine.and_then(|m| m.start_at).map(|s| s.value) {
            Some(first) => {
                let mut edited = def.clone();
                let change = asl_edit::visual::set_field(&def, &first, "Comment", Some("\"edited here\"")).unwrap();
                assert!(change.apply(&mut edited));
                edited
            }
            None => def.replacen("\"Type\": \"Wait\"", "\"Type\": \"Wait\", \"Comment\": \"edited here\"", 1),
        };
        assert_ne!(edited, def, "{file} {logical_id}");

        let out = template::write_back(file, &text, logical_id, &edited).unwrap_or_else(|e| panic!("{file}: {e}"));
        let again = template::open(file, &out).unwrap().get(logical_id).unwrap().definition.clone().unwrap();
        if m.form == Form::Object {
            assert_eq!(
                serde_json::from_str::<Value>(&again).unwrap(),
                serde_json::from_str::<Value>(&edited).unwrap(),
                "{file}"
            );
        } else {
            assert_eq!(again, edited, "{file}");
        }
        // Only bytes inside the definition's value changed.
        let (s, e) = region(&text, id, start, end);
        let prefix = text.bytes().zip(out.bytes()).take_while(|(a, b)| a == b).count();
        let suffix = text.bytes().rev().zip(out.bytes().rev()).take_while(|(a, b)| a == b).count();
        assert!(
            prefix >= s && text.len() - suffix <= e,
            "{file} {logical_id}: changed {prefix}..{} outside {s}..{e}\n{out}",
            text.len() - suffix
        );
        // The other machines are as they were.
        for other in t.machines.iter().filter(|o| o.logical_id != logical_id) {
            let o = template::open(file, &out).unwrap();
            assert_eq!(o.get(&other.logical_id).unwrap().definition, other.definition);
        }
        // An unchanged definition writes back the very same bytes (for JSON; YAML mappings are re-emitted).
        if file.ends_with(".json") {
            assert_eq!(template::write_back(file, &text, logical_id, &def).unwrap(), text, "{file}");
        }
    }
}

#[test]
fn an_intrinsic_inside_a_definition_object_is_put_back() {
    let text = read("definition-object.json");
    let m = open("definition-object.json").machines.remove(0);
    let def = m.definition.clone().unwrap();
    assert!(def.contains("\"Resource\": \"${Fn.Arn}\""), "{def}");
    let edited = def.replace("\"Seconds\": 3", "\"Seconds\": 4");
    let out = template::write_back("definition-object.json", &text, "Machine", &edited).unwrap();
    assert_eq!(out, text.replace("\"Seconds\": 3", "\"Seconds\": 4"));
    let e = template::write_back("definition-object.json", &text, "Machine", "{\"States\": ").unwrap_err();
    assert!(e.contains("not valid JSON (line 1, column 12"), "{e}");
}

#[test]
fn validation_text_fills_in_only_whole_value_placeholders() {
    let t = open("cloudformation.json");
    let text = t.get("Report").unwrap().validation_text().unwrap();
    assert!(text.contains("\"Seconds\": 5,") && text.contains("\"Comment\": \"${Label}\""), "{text}");
}

#[test]
fn a_yaml_definition_mapping_keeps_its_comments_on_write_back() {
    let text = "\
Resources:
  M:
    Type: AWS::Serverless::StateMachine
    Properties:
      Definition:
        # Start here.
        StartAt: A
        States:
          A:
            Type: Pass   # the first
            Next: B
          # The end.
          B: {Type: Succeed}
      Role: !GetAtt R.Arn
";
    let t = template::open("t.yaml", text).unwrap();
    let def = t.get("M").unwrap().definition.clone().unwrap();
    let change = asl_edit::visual::set_field(&def, "A", "Comment", Some("\"edited\"")).unwrap();
    let mut edited = def.clone();
    assert!(change.apply(&mut edited));
    let out = template::write_back("t.yaml", text, "M", &edited).unwrap();
    assert_eq!(out, text.replace("            Next: B\n", "            Next: B\n            Comment: edited\n"));
}
