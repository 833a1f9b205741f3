//! Rename: every state of every definition, the places that name a state, refused names.

use super::*;

#[test]
fn rename_every_state_of_every_definition() {
    for (file, text) in corpus() {
        let names: Vec<String> = all_states(&machine(&text)).iter().map(|(_, s)| s.name.clone()).collect();
        for name in &names {
            let new = format!("{name} \"renamed\" é");
            let change = rename_state(&text, name, &new).unwrap_or_else(|e| panic!("{file} {name}: {e}"));
            assert_eq!(change.select.as_deref(), Some(new.as_str()));
            let out = apply(&text, &change);
            assert_clean(&out, &format!("{file}: rename {name}"));
            assert_eq!(format!("{:?}", graph(&out)), renamed_graph(&text, name, &new), "{file}: rename {name}");
            assert!(out.contains("\\\"renamed\\\""), "the name is JSON-escaped");
        }
    }
}

#[test]
fn rename_updates_choice_rules_default_catch_start_and_nested_scopes() {
    let change = rename_state(NESTED, "Start", "Begin").unwrap();
    let out = apply(NESTED, &change);
    assert!(out.contains("\"StartAt\": \"Begin\""));
    assert!(out.contains("\"Next\": \"Begin\" }"), "Choice rule");
    assert_eq!(change.edits.len(), 3, "key, StartAt, Choice rule");

    let out = apply(NESTED, &rename_state(NESTED, "Failed", "Broken").unwrap());
    assert!(out.contains("\"Default\": \"Broken\""));
    assert!(out.contains("\"Broken\": { \"Type\": \"Fail\""));

    // Nested: Map item processor (StartAt, Next and Catch), Parallel branch.
    let change = rename_state(NESTED, "M2", "Finish").unwrap();
    assert_eq!(change.edits.len(), 3, "key, Next, Catch Next");
    let out = apply(NESTED, &change);
    assert!(
        out.contains("\"Next\": \"Finish\", \"Catch\": [{ \"ErrorEquals\": [\"States.ALL\"], \"Next\": \"Finish\" }]")
    );
    let out = apply(NESTED, &rename_state(NESTED, "A1", "Alpha").unwrap());
    assert!(out.contains("\"StartAt\": \"Alpha\""));
    assert_clean(&out, "nested rename");
}

#[test]
fn rename_refuses_bad_names() {
    assert_eq!(rename_state(NESTED, "Start", ""), Err(VisualError::InvalidName("a state name cannot be empty".into())));
    assert!(matches!(rename_state(NESTED, "Start", &"x".repeat(81)), Err(VisualError::InvalidName(_))));
    assert!(rename_state(NESTED, "Start", &"é".repeat(80)).is_ok(), "80 characters, not bytes");
    assert_eq!(
        rename_state(NESTED, "Start", "B1"),
        Err(VisualError::NameTaken("B1".into())),
        "taken in a nested scope"
    );
    assert_eq!(rename_state(NESTED, "Nope", "X"), Err(VisualError::NotFound("Nope".into())));
    assert!(matches!(rename_state("{", "A", "B"), Err(VisualError::DefinitionNotJson(_))));
    assert_eq!(rename_state("[1]", "A", "B"), Err(VisualError::NotJsonObject));
    let same = rename_state(NESTED, "Start", "Start").unwrap();
    assert!(same.edits.is_empty());
    let msg = rename_state(NESTED, "Start", "B1").unwrap_err().to_string();
    assert!(msg.contains("already exists"), "{msg}");
}
