use super::*;
use crate::visual::{self, DeleteError, Place};
use serde_json::json;

const DEF: &str = "\
# Order flow, kept as YAML.
Comment: Orders   # the machine's comment
StartAt: Check
States:
  # First, check the order.
  Check:
    Type: Task
    Resource: arn:aws:states:::lambda:invoke
    Parameters:
      FunctionName: check   # which function
      Payload.$: $
    Next: Ship
  Ship:
    Type: Pass
    End: true   # done
";

fn apply(text: &str, change: &Change) -> String {
    let mut out = text.to_string();
    assert!(change.apply(&mut out), "{change:?}");
    out
}

/// The edit made through the YAML gives the value the same edit gives on the JSON, and the
/// YAML's comments outside the edited state are all still there.
fn same_as_json(text: &str, op: impl Fn(&str) -> Result<Change, VisualError>) -> String {
    let json = to_json(text).unwrap();
    let expected: Value = serde_json::from_str(&apply(&json, &op(&json).unwrap())).unwrap();
    let change = through_json(text, &op, |e| e).unwrap();
    let yaml = apply(text, &change);
    assert_eq!(value(&yaml).unwrap(), expected, "{yaml}");
    assert_eq!(change.edits.len(), 1);
    yaml
}

#[test]
fn a_field_set_in_the_inspector_changes_only_its_line() {
    let yaml = same_as_json(DEF, |t| visual::set_field(t, "Ship", "Comment", Some("\"last\"")));
    assert_eq!(yaml, DEF.replace("    End: true   # done\n", "    End: true   # done\n    Comment: last\n"));
    let yaml =
        same_as_json(DEF, |t| visual::set_field(t, "Check", "Resource", Some("\"arn:aws:states:::sqs:sendMessage\"")));
    assert_eq!(yaml, DEF.replace("lambda:invoke", "sqs:sendMessage"));
    let yaml = same_as_json(DEF, |t| visual::set_field(t, "Check", "Parameters", None));
    assert_eq!(
        yaml,
        DEF.replace("    Parameters:\n      FunctionName: check   # which function\n      Payload.$: $\n", "")
    );
}

#[test]
fn a_rename_replaces_the_names_and_keeps_every_comment() {
    let yaml = same_as_json(DEF, |t| visual::rename_state(t, "Ship", "Send"));
    assert_eq!(yaml, DEF.replace("Next: Ship", "Next: Send").replace("  Ship:", "  Send:"));
}

#[test]
fn insert_and_delete_keep_the_rest_as_written() {
    let place = Place::Edge { from: "Check".into(), to: "Ship".into(), kind: asl_core::model::TransitionKind::Next };
    let yaml = same_as_json(DEF, |t| visual::insert_state(t, "wait", &place));
    for line in DEF.lines().filter(|l| l.contains('#')) {
        assert!(yaml.contains(line), "{line:?} lost:\n{yaml}");
    }
    let delete = |t: &str| {
        visual::delete_state(t, "Ship", None).map_err(|e| match e {
            DeleteError::Other(e) => e,
            DeleteError::Ambiguous { message, .. } => VisualError::InvalidName(message),
        })
    };
    let yaml = same_as_json(DEF, delete);
    assert!(yaml.starts_with("# Order flow, kept as YAML.\nComment: Orders   # the machine's comment\n"), "{yaml}");
    assert!(!yaml.contains("Ship:"), "{yaml}");
}

#[test]
fn a_part_reads_as_json_at_its_column() {
    let start = DEF.find("Type: Task").unwrap();
    let end = DEF.find("Next: Ship").unwrap() + "Next: Ship".len();
    let json: Value = serde_json::from_str(&part_to_json(DEF, start, end).unwrap()).unwrap();
    assert_eq!(json["Parameters"]["FunctionName"], "check");
    assert_eq!(json["Next"], "Ship");
    assert_eq!(part_to_json(DEF, 0, DEF.len() + 1), None);
}

#[test]
fn patch_writes_new_values_in_the_style_of_their_place() {
    let text = "a: 1  # one\nb: {x: 1}\nc:\n  - p\n  - q\nd: x\n";
    let new = json!({"a": 2, "b": {"x": 2, "y": [1]}, "c": ["p", {"k": "v", "w": 1}], "d": {"m": 1}});
    let out = patch(text, &new).unwrap();
    assert_eq!(out, "a: 2  # one\nb: {\"x\":2,\"y\":[1]}\nc:\n  - p\n  - k: v\n    w: 1\nd:\n  m: 1\n");
    // Keys in a new order: the mapping is written anew, and still reads back exactly.
    let out = patch("a: 1\nb: 2\n", &json!({"b": 2, "a": 1})).unwrap();
    assert_eq!(value(&out).unwrap(), json!({"b": 2, "a": 1}));
    assert!(patch("a: [", &json!({})).is_err());
}

#[test]
fn every_sample_survives_edits_made_through_its_yaml() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../public/samples");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if !path.to_string_lossy().ends_with(".asl.json") {
            continue;
        }
        let json: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let yaml = from_value(&json);
        assert_eq!(value(&yaml).unwrap(), json, "{path:?}");
        let parsed = asl_core::parse_with(
            &yaml,
            &asl_core::ParseOptions { syntax: asl_core::Syntax::Yaml, ..Default::default() },
        );
        assert!(parsed.diagnostics.is_empty(), "{path:?}: {:?}", parsed.diagnostics);
        for state in parsed.machine.unwrap().states.iter().map(|s| s.name.clone()) {
            same_as_json(&yaml, |t| visual::rename_state(t, &state, &format!("{state} renamed")));
            same_as_json(&yaml, |t| visual::set_field(t, &state, "Comment", Some("\"a: comment # not one\"")));
            same_as_json(&yaml, |t| visual::duplicate_state(t, &state));
            let assign = r#"{"a": [1, {"b": "c: d"}, []], "e": {}, "f": "multi\nline"}"#;
            let with = same_as_json(&yaml, |t| visual::set_field(t, &state, "Assign", Some(assign)));
            let without = same_as_json(&with, |t| visual::set_field(t, &state, "Assign", None));
            if !yaml.contains("Assign:") {
                assert_eq!(value(&without).unwrap(), value(&yaml).unwrap());
            }
        }
        checked += 1;
    }
    assert!(checked >= 14, "{checked} samples");
}
