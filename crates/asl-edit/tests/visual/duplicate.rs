//! Duplicate: every state of every definition, the copy's name, nested states, the style kept.

use super::*;

/// The errors the parser reports for a text, less "nothing names this state" (a copy starts
/// unconnected, as a state added on empty space does).
fn errors_but_unreachable(text: &str) -> Vec<String> {
    asl_core::parse(text)
        .diagnostics
        .into_iter()
        .filter(|d| d.severity == asl_core::Severity::Error)
        .map(|d| format!("{}: {}", d.code, d.message))
        .filter(|e| !(e.starts_with(code::MISSING_TRANSITION_TARGET) && e.contains("is not reachable")))
        .collect()
}

#[test]
fn duplicate_every_state_of_every_definition() {
    for (file, text) in corpus() {
        let before = machine(&text);
        let names: Vec<String> = all_states(&before).iter().map(|(_, s)| s.name.clone()).collect();
        for name in &names {
            let change = duplicate_state(&text, name).unwrap_or_else(|e| panic!("{file} {name}: {e}"));
            let copy = change.select.clone().unwrap();
            assert!(copy.starts_with(&format!("{name} (copy")) || copy.chars().count() == 80, "{copy}");
            let out = apply(&text, &change);
            let context = format!("{file}: duplicate {name}");
            assert!(errors_but_unreachable(&out).is_empty(), "{context}: {:?}\n{out}", errors_but_unreachable(&out));
            assert_no_dangling(&out);
            let after = machine(&out);
            let (scope, original) = all_states(&before).into_iter().find(|(_, s)| &s.name == name).unwrap();
            let (new_scope, new) = all_states(&after).into_iter().find(|(_, s)| s.name == copy).unwrap();
            assert_eq!(new_scope.pointer, scope.pointer, "{context}: in the same States object");
            assert_eq!(new.kind.type_name(), original.kind.type_name(), "{context}");
            // It leads where the original does, and nothing leads to it.
            let targets = |s: &State| s.transitions().into_iter().map(|t| t.target.value.clone()).collect::<Vec<_>>();
            assert_eq!(targets(new), targets(original), "{context}");
            for (_, s) in all_states(&after) {
                assert!(!targets(s).contains(&copy), "{context}: {} leads to the copy", s.name);
            }
            // The nested states are copied too.
            assert_eq!(all_states(&after).len(), all_states(&before).len() + 1 + count_nested(original), "{context}");
        }
    }
}

fn count_nested(s: &State) -> usize {
    s.children().map(|m| all_states(m).len()).sum()
}

#[test]
fn a_copy_is_written_as_the_original_right_after_it() {
    let change = duplicate_state(CHAIN, "B").unwrap();
    assert_eq!(change.label, "Duplicate state");
    assert_eq!(change.select.as_deref(), Some("B (copy)"));
    let out = apply(CHAIN, &change);
    assert!(
        out.contains("    \"B\": {\n      \"Type\": \"Pass\",\n      \"Next\": \"C\"\n    },\n    \"B (copy)\": {\n      \"Type\": \"Pass\",\n      \"Next\": \"C\"\n    },\n    \"C\""),
        "{out}"
    );
    // A second copy gets the next free name.
    let again = apply(&out, &duplicate_state(&out, "B").unwrap());
    assert!(again.contains("\"B (copy 2)\""));
    let copy_of_copy = duplicate_state(&out, "B (copy)").unwrap();
    assert_eq!(copy_of_copy.select.as_deref(), Some("B (copy) (copy)"));
    // Compact, tabs and CRLF stay as they are.
    let out = apply(COMPACT, &duplicate_state(COMPACT, "A").unwrap());
    assert!(out.contains(r#""A":{"Type":"Pass","Next":"B"},"A (copy)":{"Type":"Pass","Next":"B"},"B""#), "{out}");
    let out = apply(JSONATA, &duplicate_state(JSONATA, "First").unwrap());
    assert!(
        out.contains(
            "\t\t},\n\t\t\"First (copy)\": {\n\t\t\t\"Type\": \"Pass\",\n\t\t\t\"Output\": \"{% $states.input %}\""
        ),
        "{out}"
    );
    let out = apply(CRLF, &duplicate_state(CRLF, "A").unwrap());
    assert!(!out.replace("\r\n", "").contains('\n'), "CRLF kept");
}

#[test]
fn nested_states_get_names_of_their_own() {
    let out = apply(NESTED, &duplicate_state(NESTED, "Fan").unwrap());
    assert!(out.contains("\"StartAt\": \"A1 (copy)\""), "{out}");
    assert!(out.contains("\"A1 (copy)\": { \"Type\": \"Pass\", \"Next\": \"A2 (copy)\" }"), "{out}");
    assert!(out.contains("\"B1 (copy)\": { \"Type\": \"Pass\", \"End\": true }"));
    assert!(out.contains("\"A1\": { \"Type\": \"Pass\", \"Next\": \"A2\" }"), "the original is untouched");
    let out = apply(NESTED, &duplicate_state(NESTED, "Each").unwrap());
    assert!(
        out.contains("\"M1 (copy)\": { \"Type\": \"Task\", \"Resource\": \"arn:aws:lambda:us-east-1:123456789012:function:F\", \"Next\": \"M2 (copy)\", \"Catch\": [{ \"ErrorEquals\": [\"States.ALL\"], \"Next\": \"M2 (copy)\" }] }"),
        "{out}"
    );
    assert_clean_but_unreachable(&out);
    // A state inside a branch is copied into that branch.
    let out = apply(NESTED, &duplicate_state(NESTED, "A2").unwrap());
    assert!(out.contains("\"A2\": { \"Type\": \"Pass\", \"End\": true },\n            \"A2 (copy)\": { \"Type\": \"Pass\", \"End\": true }"), "{out}");
}

fn assert_clean_but_unreachable(text: &str) {
    assert!(errors_but_unreachable(text).is_empty(), "{:?}", errors_but_unreachable(text));
}

#[test]
fn long_names_stay_within_80_characters_and_refusals() {
    let long = "x".repeat(80);
    let text = format!(r#"{{"StartAt":"{long}","States":{{"{long}":{{"Type":"Succeed"}}}}}}"#);
    let change = duplicate_state(&text, &long).unwrap();
    let copy = change.select.unwrap();
    assert_eq!(copy.chars().count(), 80);
    assert!(copy.ends_with(" (copy)"));
    assert_eq!(duplicate_state(CHAIN, "Nope"), Err(VisualError::NotFound("Nope".into())));
    assert!(matches!(duplicate_state("{", "A"), Err(VisualError::DefinitionNotJson(_))));
}
