//! set_field, set_next, add_branch and state_fields; history entries; broken text never panics.

use super::*;

#[test]
fn set_field_adds_replaces_and_removes() {
    let out = apply(CHAIN, &set_field(CHAIN, "B", "Comment", Some("\"hello\"")).unwrap());
    assert!(out.contains("\"Next\": \"C\",\n      \"Comment\": \"hello\"\n    },"), "{out}");
    let out2 = apply(&out, &set_field(&out, "B", "Comment", Some("\"bye\"")).unwrap());
    assert_eq!(out2, out.replace("hello", "bye"));
    let out3 = apply(&out2, &set_field(&out2, "B", "Comment", None).unwrap());
    assert_eq!(out3, CHAIN);
    // Remove the first member: the rest stays as written.
    let out = apply(CHAIN, &set_field(CHAIN, "B", "Type", None).unwrap());
    assert!(out.contains("\"B\": {\n      \"Next\": \"C\"\n    },"));
    assert!(set_field(CHAIN, "B", "Nothing", None).unwrap().edits.is_empty());

    // A multi-line object, typed at column 0, lands at the member's indentation.
    let value = "{\n  \"a\": 1,\n  \"b\": [\n    true\n  ]\n}";
    let out = apply(CHAIN, &set_field(CHAIN, "A", "Parameters", Some(value)).unwrap());
    assert!(
        out.contains("\"Next\": \"B\",\n      \"Parameters\": {\n        \"a\": 1,\n        \"b\": [\n          true\n        ]\n      }\n    },"),
        "{out}"
    );
    assert_clean(&out, "Parameters");
    // Replaced: deeper indentation of the pasted text is removed first.
    let pasted = "{\n            \"x\": \"y\"\n        }";
    let out2 = apply(&out, &set_field(&out, "A", "Parameters", Some(pasted)).unwrap());
    assert!(out2.contains("\"Parameters\": {\n        \"x\": \"y\"\n      }\n    },"), "{out2}");
    // Compact objects stay on one line.
    let out = apply(COMPACT, &set_field(COMPACT, "B", "Parameters", Some(value)).unwrap());
    assert!(out.contains(r#""B":{"Type":"Pass","Next":"C","Parameters":{ "a": 1, "b": [ true ] }}"#), "{out}");
    assert_clean(&out, "compact");
    // Tabs.
    let out = apply(JSONATA, &set_field(JSONATA, "First", "Assign", Some("{\"v\": 1}")).unwrap());
    assert!(out.contains("\"Next\": \"Last\",\n\t\t\t\"Assign\": {\"v\": 1}\n\t\t},"), "{out}");
}

#[test]
fn set_field_refuses_invalid_json_saying_where() {
    let err = set_field(CHAIN, "A", "Parameters", Some("{\n  \"a\": ,\n}")).unwrap_err();
    assert_eq!(err, VisualError::InvalidJson("line 2, column 8: Unexpected character: expected a value (object, array, string, number, true, false or null)".into()));
    assert!(err.to_string().contains("line 2, column 8"));
    assert!(matches!(set_field(CHAIN, "A", "Comment", Some("")), Err(VisualError::InvalidJson(_))));
    assert!(matches!(set_field(CHAIN, "A", "", Some("1")), Err(VisualError::InvalidKey(_))));
    assert!(matches!(set_field(CHAIN, "Z", "Comment", Some("1")), Err(VisualError::NotFound(_))));
}

#[test]
fn set_field_on_every_state_of_every_definition() {
    for (file, text) in corpus() {
        let names: Vec<String> = all_states(&machine(&text)).iter().map(|(_, s)| s.name.clone()).collect();
        for name in &names {
            let out = apply(&text, &set_field(&text, name, "Comment", Some("\"a \\\"note\\\"\"")).unwrap());
            assert_clean(&out, &format!("{file} {name}"));
            let back = apply(&out, &set_field(&out, name, "Comment", None).unwrap());
            assert_eq!(back, text, "{file} {name}: add then remove restores the text");
        }
    }
}

#[test]
fn set_next_switches_between_next_and_end() {
    let out = apply(CHAIN, &set_next(CHAIN, "C", Some("A")).unwrap());
    assert!(out.contains("\"C\": {\n      \"Type\": \"Pass\",\n      \"Next\": \"A\"\n    }"), "{out}");
    let back = apply(&out, &set_next(&out, "C", None).unwrap());
    assert_eq!(back, CHAIN);
    let out = apply(CHAIN, &set_next(CHAIN, "A", Some("C")).unwrap());
    assert!(out.contains("\"Next\": \"C\""));
    // Both written: the other one is removed.
    let both = CHAIN.replace("\"Next\": \"B\"", "\"Next\": \"B\",\n      \"End\": true");
    let out = apply(&both, &set_next(&both, "A", Some("C")).unwrap());
    assert_eq!(out, CHAIN.replace("\"Next\": \"B\"", "\"Next\": \"C\""));
    let out = apply(&both, &set_next(&both, "A", None).unwrap());
    assert!(out.contains("\"A\": {\n      \"Type\": \"Pass\",\n      \"End\": true\n    },"), "{out}");
    assert!(matches!(set_next(NESTED, "Check", None), Err(VisualError::Unsupported(_))));
    assert_eq!(set_next(NESTED, "Start", Some("A1")), Err(VisualError::NotFound("A1".into())), "other scope");
}

#[test]
fn history_entries_hold_changes_as_they_are() {
    let change = insert_state(
        NESTED,
        "parallel",
        &Place::Edge { from: "Start".into(), to: "Fan".into(), kind: TransitionKind::Next },
    )
    .unwrap();
    let edits: Vec<Edit> = change.edits.clone();
    let mut text = NESTED.to_string();
    assert!(change.apply(&mut text));
    let mut stale = format!(" {NESTED}");
    assert!(!change.apply(&mut stale), "a change that no longer applies changes nothing");
    assert_eq!(stale, format!(" {NESTED}"));
    assert!(!edits.is_empty());
}

#[test]
fn never_panics_on_broken_text() {
    let texts = [
        "",
        "{",
        "[]",
        "{}",
        "{\"States\":1}",
        "{\"States\":{\"A\":1}}",
        "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Parallel\",\"Branches\":[1]}}}",
        "{\"States\":{\"A\":{\"Type\":\"Map\",\"ItemProcessor\":{\"States\":[]}}}}",
    ];
    for text in texts {
        let _ = rename_state(text, "A", "B");
        let _ = delete_state(text, "A", None);
        for t in templates() {
            let _ = insert_state(text, t.id.as_str(), &Place::Empty { scope: None });
            let _ = insert_state(text, t.id.as_str(), &Place::Empty { scope: Some(("A".into(), 0)) });
        }
        let _ = set_field(text, "A", "Comment", Some("1"));
        let _ = set_next(text, "A", None);
    }
}

#[test]
fn add_branch_writes_like_the_branches_before_it() {
    let change = add_branch(NESTED, "Fan").unwrap();
    let out = apply(NESTED, &change);
    assert_clean(&out, "add_branch");
    assert_eq!(change.select.as_deref(), Some("Pass"));
    assert!(
        out.contains("        },\n        {\n          \"StartAt\": \"Pass\",\n          \"States\": {\n            \"Pass\": {\n              \"Type\": \"Pass\",\n              \"End\": true\n            }\n          }\n        }\n      ],"),
        "{out}"
    );
    let m = machine(&out);
    let StateKind::Parallel(p) = &m.state("Fan").unwrap().kind else { panic!("Fan is a Parallel") };
    assert_eq!(p.branches.len(), 3);
    // Names stay unique: a second branch gets "Pass 2".
    let again = add_branch(&out, "Fan").unwrap();
    assert_eq!(again.select.as_deref(), Some("Pass 2"));
    assert_clean(&apply(&out, &again), "add_branch twice");
    // One-line JSON stays on one line; an empty list gets its first branch.
    let compact = r#"{"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}]}}}"#;
    let out = apply(compact, &add_branch(compact, "P").unwrap());
    assert!(!out.contains('\n'), "{out}");
    assert_clean(&out, "compact");
    let empty = "{\n  \"StartAt\": \"P\",\n  \"States\": {\n    \"P\": {\n      \"Type\": \"Parallel\",\n      \"End\": true,\n      \"Branches\": []\n    }\n  }\n}";
    let out = apply(empty, &add_branch(empty, "P").unwrap());
    assert_clean(&out, "empty Branches");
    assert!(out.contains("\"Branches\": [\n        {\n          \"StartAt\": \"Pass\""), "{out}");
    // Not a Parallel, or not a state.
    assert!(matches!(add_branch(NESTED, "Each"), Err(VisualError::Unsupported(_))));
    assert_eq!(add_branch(NESTED, "Nope"), Err(VisualError::NotFound("Nope".into())));
}

#[test]
fn state_fields_lists_each_key_with_its_value_as_written() {
    let m = machine(NESTED);
    let check = m.state("Check").unwrap();
    let fields = state_fields(&NESTED[check.span.start..check.span.end]).unwrap();
    let keys: Vec<&str> = fields.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["Type", "Choices", "Default"]);
    assert_eq!(fields[2].1, "\"Failed\"");
    assert!(fields[1].1.starts_with("[\n        { \"Variable\": \"$.ok\""), "{}", fields[1].1);
    assert!(matches!(state_fields("[1]"), Err(VisualError::NotJsonObject)));
    assert!(matches!(state_fields("{\"Type\": "), Err(VisualError::DefinitionNotJson(_))));
}
