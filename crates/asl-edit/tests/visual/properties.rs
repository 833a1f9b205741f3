//! Properties over generated small machines.

use super::*;
use proptest::prelude::*;
use serde_json::{json, Map, Value};

const NAMES: [&str; 7] = ["A", "B b", "Q\"uote", "é ü", "x/y~z", "F", "G"];

/// (kind, a, b, end) per state; a nested Parallel in front when `nested`; a formatting.
fn definition(spec: &[(u8, usize, usize, bool)], nested: bool, format: u8) -> String {
    let n = spec.len();
    let mut states = Map::new();
    for (i, &(kind, a, b, end)) in spec.iter().enumerate() {
        let (a, b) = (NAMES[a % n], NAMES[b % n]);
        let mut state = match kind {
            0 => json!({ "Type": "Pass" }),
            1 => json!({ "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:F",
                         "Catch": [{ "ErrorEquals": ["States.ALL"], "Next": b }] }),
            2 => {
                json!({ "Type": "Choice", "Choices": [{ "Variable": "$.x", "IsPresent": true, "Next": a }], "Default": b })
            }
            _ => json!({ "Type": "Succeed" }),
        };
        if kind < 2 {
            let map = state.as_object_mut().unwrap();
            if end {
                map.insert("End".into(), json!(true));
            } else {
                map.insert("Next".into(), json!(a));
            }
        }
        if i == 0 && nested {
            state = json!({ "Type": "Parallel", "Branches": [{ "StartAt": "in 1", "States": {
                "in 1": { "Type": "Pass", "Next": "in 2" }, "in 2": { "Type": "Pass", "End": true } } }], "End": true });
        }
        states.insert(NAMES[i].to_string(), state);
    }
    let def = json!({ "StartAt": NAMES[0], "States": Value::Object(states) });
    match format {
        0 => serde_json::to_string_pretty(&def).unwrap(),
        1 => serde_json::to_string(&def).unwrap(),
        _ => serde_json::to_string_pretty(&def)
            .unwrap()
            .lines()
            .map(|l| {
                let t = l.trim_start();
                "\t".repeat((l.len() - t.len()) / 2) + t
            })
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

type Spec = (Vec<(u8, usize, usize, bool)>, bool, u8);

fn spec() -> impl Strategy<Value = Spec> {
    (prop::collection::vec((0u8..4, 0usize..7, 0usize..7, any::<bool>()), 1..6), any::<bool>(), 0u8..3)
}

fn names(text: &str) -> Vec<String> {
    all_states(&machine(text)).iter().map(|(_, s)| s.name.clone()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn rename_keeps_the_graph_with_the_name_changed((spec, nested, format) in spec()) {
        let text = definition(&spec, nested, format);
        for name in names(&text) {
            let new = format!("{name} \\ renamed");
            let out = apply(&text, &rename_state(&text, &name, &new).unwrap());
            prop_assert_eq!(format!("{:?}", graph(&out)), renamed_graph(&text, &name, &new));
        }
    }

    #[test]
    fn delete_with_any_rewire_leaves_no_dangling_transition((spec, nested, format) in spec()) {
        let text = definition(&spec, nested, format);
        for name in names(&text) {
            match delete_state(&text, &name, None) {
                Ok(change) => assert_no_dangling(&apply(&text, &change)),
                Err(DeleteError::Ambiguous { options, .. }) => {
                    prop_assert!(!options.is_empty());
                    for option in options {
                        assert_no_dangling(&apply(&text, &delete_state(&text, &name, Some(option)).unwrap()));
                    }
                }
                Err(DeleteError::Other(VisualError::OnlyState(_))) => {}
                Err(e) => prop_assert!(false, "{}", e),
            }
        }
    }

    #[test]
    fn insert_on_any_edge_goes_between((spec, nested, format) in spec(), pick in 0usize..11) {
        let text = definition(&spec, nested, format);
        let template = &templates()[pick % templates().len()];
        let m = machine(&text);
        for (_, s) in all_states(&m) {
            for t in s.transitions() {
                let place = Place::Edge { from: s.name.clone(), to: t.target.value.clone(), kind: t.kind.clone() };
                let change = insert_state(&text, template.id.as_str(), &place).unwrap();
                let out = apply(&text, &change);
                let new = change.select.unwrap();
                let after = machine(&out);
                let (_, from) = all_states(&after).into_iter().find(|(_, x)| x.name == s.name).unwrap();
                prop_assert!(from.transitions().iter().any(|x| x.kind == t.kind && x.target.value == new));
                assert_no_dangling(&out);
            }
        }
    }

    #[test]
    fn never_panics_on_damaged_text((spec, nested, format) in spec(), cut in 0usize..400, len in 0usize..6, junk in "[{}\\[\\],:\" a]{0,2}") {
        let text = definition(&spec, nested, format);
        let mut cut = cut.min(text.len());
        while !text.is_char_boundary(cut) { cut -= 1; }
        let mut end = (cut + len).min(text.len());
        while !text.is_char_boundary(end) { end += 1; }
        let damaged = format!("{}{}{}", &text[..cut], junk, &text[end..]);
        for name in NAMES {
            let _ = rename_state(&damaged, name, "Z");
            let _ = delete_state(&damaged, name, None);
            let _ = delete_state(&damaged, name, Some(Rewire::End));
            let _ = insert_state(&damaged, "parallel", &Place::Empty { scope: None });
            let _ = insert_state(&damaged, "choice", &Place::Empty { scope: Some((name.to_string(), 0)) });
            let _ = insert_state(&damaged, "pass", &Place::Edge { from: name.to_string(), to: "A".into(), kind: TransitionKind::Next });
            let _ = set_field(&damaged, name, "Comment", Some("{\n\"a\": 1\n}"));
            let _ = set_field(&damaged, name, "Type", None);
            let _ = set_next(&damaged, name, Some("A"));
            let _ = set_next(&damaged, name, None);
        }
    }
}
