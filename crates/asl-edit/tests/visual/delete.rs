//! Delete: commas and formatting, rewiring to the one successor, ambiguity, refusals, every state.

use super::*;

#[test]
fn delete_first_middle_last_keeps_commas_and_formatting() {
    let out = apply(CHAIN, &delete_state(CHAIN, "B", None).unwrap());
    assert_eq!(
        out,
        "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\n      \"Type\": \"Pass\",\n      \"Next\": \"C\"\n    },\n    \"C\": {\n      \"Type\": \"Pass\",\n      \"End\": true\n    }\n  }\n}"
    );
    let change = delete_state(CHAIN, "A", None).unwrap();
    assert_eq!(change.select.as_deref(), Some("B"));
    let out = apply(CHAIN, &change);
    assert_eq!(
        out,
        "{\n  \"StartAt\": \"B\",\n  \"States\": {\n    \"B\": {\n      \"Type\": \"Pass\",\n      \"Next\": \"C\"\n    },\n    \"C\": {\n      \"Type\": \"Pass\",\n      \"End\": true\n    }\n  }\n}"
    );
    // Terminal with a plain Next into it: that Next becomes End.
    let out = apply(CHAIN, &delete_state(CHAIN, "C", None).unwrap());
    assert_eq!(
        out,
        "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\n      \"Type\": \"Pass\",\n      \"Next\": \"B\"\n    },\n    \"B\": {\n      \"Type\": \"Pass\",\n      \"End\": true\n    }\n  }\n}"
    );
    assert_clean(&out, "delete last");
}

#[test]
fn delete_in_compact_json() {
    for (name, expected) in [
        ("A", r#"{"StartAt":"B","States":{"B":{"Type":"Pass","Next":"C"},"C":{"Type":"Pass","End":true}}}"#),
        ("B", r#"{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"C"},"C":{"Type":"Pass","End":true}}}"#),
        ("C", r#"{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Pass","End":true}}}"#),
    ] {
        let out = apply(COMPACT, &delete_state(COMPACT, name, None).unwrap());
        assert_eq!(out, expected);
        assert_clean(&out, name);
    }
}

#[test]
fn delete_rewires_choice_rules_default_and_catchers_to_the_one_successor() {
    // "Each" has one successor (Check): Fan's Next now names Check.
    let out = apply(NESTED, &delete_state(NESTED, "Each", None).unwrap());
    assert!(out.contains("\"Next\": \"Check\""));
    assert!(!out.contains("M1"), "nested states go with it");
    assert_clean(&out, "delete Map");
    // M1 → M2 by Next and Catch: one distinct successor.
    let out = apply(NESTED, &delete_state(NESTED, "M1", None).unwrap());
    assert!(out.contains("\"StartAt\": \"M2\""));
    assert_clean(&out, "delete M1");
    // A Choice rule and a Default into a state with one successor.
    let text = r#"{"StartAt":"C","States":{
      "C":{"Type":"Choice","Choices":[{"Variable":"$.x","IsPresent":true,"Next":"T"}],"Default":"T"},
      "T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:F","Catch":[{"ErrorEquals":["States.ALL"],"Next":"T"}],"Next":"D"},
      "H":{"Type":"Pass","Next":"T"},
      "D":{"Type":"Succeed"}}}"#;
    let text = text.replace("\"StartAt\":\"C\"", "\"StartAt\":\"C\",\"Comment\":\"H is named by nothing\"");
    let out = apply(&text, &delete_state(&text, "T", None).unwrap());
    assert!(out.contains("\"Next\":\"D\"}],\"Default\":\"D\""), "{out}");
    assert!(out.contains("\"H\":{\"Type\":\"Pass\",\"Next\":\"D\"}"), "{out}");
    assert_no_dangling(&out);
}

#[test]
fn delete_a_terminal_state_named_by_a_choice_or_startat_is_ambiguous() {
    let err = delete_state(NESTED, "Failed", None).unwrap_err();
    let DeleteError::Ambiguous { options, message } = err else { panic!("{err:?}") };
    assert!(!options.contains(&Rewire::End), "a Default cannot end");
    assert_eq!(options[0], Rewire::To("Start".into()));
    assert!(message.contains("Failed"), "{message}");
    // With a choice, it goes through.
    let out = apply(NESTED, &delete_state(NESTED, "Failed", Some(Rewire::To("Done".into()))).unwrap());
    assert!(out.contains("\"Default\": \"Done\""));
    assert_clean(&out, "delete Failed");
    assert!(matches!(
        delete_state(NESTED, "Failed", Some(Rewire::End)),
        Err(DeleteError::Other(VisualError::InvalidRewire(_)))
    ));
    assert!(matches!(
        delete_state(NESTED, "Failed", Some(Rewire::To("A1".into()))),
        Err(DeleteError::Other(VisualError::InvalidRewire(_)))
    ));

    // A Choice with two successors: the options list both first, then End (all plain Next), then the rest.
    let DeleteError::Ambiguous { options, .. } = delete_state(NESTED, "Check", None).unwrap_err() else { panic!() };
    let expected: Vec<Rewire> = ["Done", "Start", "Failed"].iter().map(|s| Rewire::To(s.to_string())).collect();
    assert_eq!(&options[..3], &expected[..]);
    assert_eq!(options[3], Rewire::End);
    assert!(options.contains(&Rewire::To("Fan".into())) && !options.contains(&Rewire::To("Check".into())));
    let out = apply(NESTED, &delete_state(NESTED, "Check", Some(Rewire::End)).unwrap());
    assert!(out.contains("\"Each\": {"));
    assert_no_dangling(&out);

    // StartAt names a terminal state: which state starts now?
    let text = r#"{"StartAt":"Only","States":{"Only":{"Type":"Succeed"},"Other":{"Type":"Pass","End":true}}}"#;
    let DeleteError::Ambiguous { options, message } = delete_state(text, "Only", None).unwrap_err() else { panic!() };
    assert_eq!(options, vec![Rewire::To("Other".into())]);
    assert!(message.contains("start state"), "{message}");
    let out = apply(text, &delete_state(text, "Only", Some(Rewire::To("Other".into()))).unwrap());
    assert_eq!(out, r#"{"StartAt":"Other","States":{"Other":{"Type":"Pass","End":true}}}"#);
}

#[test]
fn delete_refuses_the_only_state_and_unknown_names() {
    let err = delete_state(CRLF, "A", None).unwrap_err();
    assert_eq!(err, DeleteError::Other(VisualError::OnlyState("A".into())));
    assert!(err.to_string().contains("only state"), "{err}");
    assert!(matches!(delete_state(NESTED, "B1", None), Err(DeleteError::Other(VisualError::OnlyState(_)))));
    assert!(matches!(delete_state(NESTED, "Zed", None), Err(DeleteError::Other(VisualError::NotFound(_)))));
    assert!(matches!(delete_state("not json", "A", None), Err(DeleteError::Other(VisualError::DefinitionNotJson(_)))));
}

#[test]
fn delete_every_state_of_every_definition() {
    for (file, text) in corpus() {
        let m = machine(&text);
        let names: Vec<(String, usize)> =
            all_states(&m).iter().map(|(scope, s)| (s.name.clone(), scope.states.len())).collect();
        for (name, scope_len) in &names {
            let mut chosen = false;
            let change = match delete_state(&text, name, None) {
                Ok(c) => c,
                Err(DeleteError::Ambiguous { options, .. }) => {
                    assert!(!options.is_empty());
                    // Every option works.
                    for option in &options {
                        let out = apply(&text, &delete_state(&text, name, Some(option.clone())).unwrap());
                        assert_no_dangling(&out);
                    }
                    chosen = true;
                    delete_state(&text, name, Some(options[0].clone())).unwrap()
                }
                Err(DeleteError::Other(VisualError::OnlyState(_))) if *scope_len == 1 => continue,
                Err(e) => panic!("{file} {name}: {e}"),
            };
            let out = apply(&text, &change);
            assert_no_dangling(&out);
            assert!(asl_core::syntax::json::parse(&out).is_ok());
            assert!(!all_states(&machine(&out)).iter().any(|(_, s)| &s.name == name));
            // The only errors left: states that only the deleted state named (and, with a
            // rewire the user chose, a loop without end).
            for e in errors(&out) {
                let loop_without_end = chosen && e.starts_with(code::MISSING_END_STATE);
                assert!(
                    loop_without_end
                        || (e.starts_with(code::MISSING_TRANSITION_TARGET) && e.contains("is not reachable")),
                    "{file} delete {name}: {e}"
                );
            }
        }
    }
}
