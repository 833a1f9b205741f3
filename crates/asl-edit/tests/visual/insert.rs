//! Insert: every template on every edge and on empty space, indentation, unique names, the
//! neighbour's query language.

use super::*;

#[test]
fn templates_cover_every_type_and_the_service_tasks() {
    let types: Vec<&str> = templates().iter().map(|t| t.state_type).collect();
    for ty in ["Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map"] {
        assert!(types.contains(&ty), "{ty}");
    }
    let ids: Vec<&str> = templates().iter().map(|t| t.id.as_str()).collect();
    for id in ["batch-submit-job", "sns-publish", "lambda-invoke"] {
        assert!(ids.contains(&id));
    }
    let out = apply(CHAIN, &insert_state(CHAIN, "lambda-invoke", &Place::Empty { scope: None }).unwrap());
    assert!(out.contains("\"Resource\": \"arn:aws:states:::lambda:invoke\""));
    assert!(out.contains("\"OutputPath\": \"$.Payload\""));
    assert!(out.contains("\"Lambda.TooManyRequestsException\""));
    let out = apply(CHAIN, &insert_state(CHAIN, "batch-submit-job", &Place::Empty { scope: None }).unwrap());
    assert!(out.contains("arn:aws:states:::batch:submitJob.sync"));
    let out = apply(CHAIN, &insert_state(CHAIN, "sns-publish", &Place::Empty { scope: None }).unwrap());
    assert!(out.contains("arn:aws:states:::sns:publish"));
}

#[test]
fn insert_every_template_on_every_edge_of_every_definition() {
    for (file, text) in corpus() {
        let m = machine(&text);
        let edges: Vec<(String, String, TransitionKind)> = all_states(&m)
            .iter()
            .flat_map(|(_, s)| {
                s.transitions()
                    .into_iter()
                    .map(|t| (s.name.clone(), t.target.value.clone(), t.kind))
                    .collect::<Vec<_>>()
            })
            .collect();
        for t in templates() {
            for (from, to, kind) in &edges {
                let place = Place::Edge { from: from.clone(), to: to.clone(), kind: kind.clone() };
                let change = insert_state(&text, t.id.as_str(), &place)
                    .unwrap_or_else(|e| panic!("{file} {} on {from}→{to}: {e}", t.id.as_str()));
                let out = apply(&text, &change);
                let name = change.select.clone().unwrap();
                let context = format!("{file}: {} on {from} → {to} ({kind:?})", t.id.as_str());
                let after = machine(&out);
                let (scope, new) = all_states(&after).into_iter().find(|(_, s)| s.name == name).unwrap();
                let (_, from_state) = all_states(&after).into_iter().find(|(_, s)| &s.name == from).unwrap();
                assert!(
                    from_state.transitions().iter().any(|tr| tr.kind == *kind && tr.target.value == name),
                    "{context}"
                );
                // Right after `from` in the members order.
                let i = scope.state_index(from).unwrap();
                assert_eq!(scope.states[i + 1].name, name, "{context}");
                match t.state_type {
                    "Succeed" | "Fail" => {
                        // `to` may now be named by nothing: that is the only error allowed.
                        for e in errors(&out) {
                            assert!(e.contains("is not reachable"), "{context}: {e}\n{out}");
                        }
                    }
                    _ => {
                        assert!(new.transitions().iter().all(|tr| &tr.target.value == to), "{context}");
                        assert!(!new.transitions().is_empty(), "{context}");
                        assert_clean(&out, &context);
                    }
                }
            }
        }
    }
}

#[test]
fn insert_on_empty_space_top_level_and_in_branches() {
    for (file, text) in corpus() {
        for t in templates() {
            let change = insert_state(&text, t.id.as_str(), &Place::Empty { scope: None }).unwrap();
            let out = apply(&text, &change);
            let name = change.select.unwrap();
            let m = machine(&out);
            assert_eq!(m.states.last().unwrap().name, name, "{file} {}: appended", t.id.as_str());
            // Unconnected: the only error is that nothing names it.
            for e in errors(&out) {
                assert!(
                    e.contains(&format!("State \"{name}\" is not reachable")),
                    "{file} {}: {e}\n{out}",
                    t.id.as_str()
                );
            }
        }
    }
    // Inside a Parallel branch and a Map.
    for (scope, branch) in [("Fan", 0), ("Fan", 1), ("Each", 0)] {
        let change = insert_state(NESTED, "pass", &Place::Empty { scope: Some((scope.to_string(), branch)) }).unwrap();
        let out = apply(NESTED, &change);
        let m = machine(&out);
        let (inner, _) = all_states(&m).into_iter().find(|(_, s)| s.name == "Pass").unwrap();
        let expected = if scope == "Fan" {
            format!("/States/Fan/Branches/{branch}")
        } else {
            "/States/Each/ItemProcessor".to_string()
        };
        assert_eq!(inner.pointer, expected);
        assert_eq!(inner.states.last().unwrap().name, "Pass");
    }
    assert_eq!(
        insert_state(NESTED, "pass", &Place::Empty { scope: Some(("Fan".into(), 2)) }),
        Err(VisualError::NoSuchBranch { state: "Fan".into(), branch: 2 })
    );
    assert!(matches!(
        insert_state(NESTED, "pass", &Place::Empty { scope: Some(("Start".into(), 0)) }),
        Err(VisualError::NoSuchBranch { .. })
    ));
    assert_eq!(
        insert_state(NESTED, "nope", &Place::Empty { scope: None }),
        Err(VisualError::UnknownTemplate("nope".into()))
    );
    assert!(matches!(
        insert_state(
            NESTED,
            "pass",
            &Place::Edge { from: "Start".into(), to: "Done".into(), kind: TransitionKind::Next }
        ),
        Err(VisualError::NoSuchTransition { .. })
    ));
}

#[test]
fn insert_into_an_empty_states_object_sets_startat() {
    let text = "{\n  \"StartAt\": \"\",\n  \"States\": {}\n}\n";
    let change = insert_state(text, "pass", &Place::Empty { scope: None }).unwrap();
    let out = apply(text, &change);
    assert_eq!(out, "{\n  \"StartAt\": \"Pass\",\n  \"States\": {\n    \"Pass\": {\n      \"Type\": \"Pass\",\n      \"End\": true\n    }\n  }\n}\n");
    assert_clean(&out, "empty States");
    let text = "{\"States\":{}}";
    let out = apply(text, &insert_state(text, "succeed", &Place::Empty { scope: None }).unwrap());
    assert_eq!(out, "{\"StartAt\":\"Success\",\"States\":{\"Success\":{\"Type\":\"Succeed\"}}}");
    assert_clean(&out, "compact empty States");
}

#[test]
fn insert_matches_the_indentation_and_makes_names_unique() {
    let once = apply(
        CHAIN,
        &insert_state(CHAIN, "pass", &Place::Edge { from: "A".into(), to: "B".into(), kind: TransitionKind::Next })
            .unwrap(),
    );
    assert_eq!(
        once,
        "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\n      \"Type\": \"Pass\",\n      \"Next\": \"Pass\"\n    },\n    \"Pass\": {\n      \"Type\": \"Pass\",\n      \"Next\": \"B\"\n    },\n    \"B\": {\n      \"Type\": \"Pass\",\n      \"Next\": \"C\"\n    },\n    \"C\": {\n      \"Type\": \"Pass\",\n      \"End\": true\n    }\n  }\n}"
    );
    let change =
        insert_state(&once, "pass", &Place::Edge { from: "B".into(), to: "C".into(), kind: TransitionKind::Next })
            .unwrap();
    assert_eq!(change.select.as_deref(), Some("Pass 2"));
    let twice = apply(&once, &change);
    assert_clean(&twice, "twice");
    // Parallel's nested name is unique too.
    let p1 = apply(&twice, &insert_state(&twice, "parallel", &Place::Empty { scope: None }).unwrap());
    let p2 = apply(&p1, &insert_state(&p1, "parallel", &Place::Empty { scope: None }).unwrap());
    assert!(p2.contains("\"Parallel 2\"") && p2.contains("\"Branch Step 2\""));
    for e in errors(&p2) {
        assert!(e.contains("is not reachable"), "{e}");
    }

    // Tabs, JSONata.
    let change = insert_state(
        JSONATA,
        "lambda-invoke",
        &Place::Edge { from: "First".into(), to: "Last".into(), kind: TransitionKind::Next },
    )
    .unwrap();
    let out = apply(JSONATA, &change);
    assert!(out.contains("\n\t\t\"Lambda Invoke\": {\n\t\t\t\"Type\": \"Task\",\n"), "{out}");
    assert!(
        out.contains("\"Arguments\"")
            && out.contains("\"Output\": \"{% $states.result.Payload %}\"")
            && !out.contains("Parameters")
    );
    assert_clean(&out, "JSONata lambda");
    for id in ["choice", "map", "sns-publish", "batch-submit-job"] {
        let out = apply(
            JSONATA,
            &insert_state(
                JSONATA,
                id,
                &Place::Edge { from: "First".into(), to: "Last".into(), kind: TransitionKind::Next },
            )
            .unwrap(),
        );
        assert!(!out.contains("Variable") && !out.contains("Path") && !out.contains("Parameters"), "{id}: {out}");
        assert_clean(&out, id);
    }
    // Compact JSON stays one line; CRLF stays CRLF with four spaces.
    let out = apply(
        COMPACT,
        &insert_state(COMPACT, "wait", &Place::Edge { from: "A".into(), to: "B".into(), kind: TransitionKind::Next })
            .unwrap(),
    );
    assert_eq!(
        out,
        r#"{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"Wait"},"Wait":{"Type":"Wait","Seconds":5,"Next":"B"},"B":{"Type":"Pass","Next":"C"},"C":{"Type":"Pass","End":true}}}"#
    );
    let out = apply(CRLF, &insert_state(CRLF, "pass", &Place::Empty { scope: None }).unwrap());
    assert!(out.contains("},\r\n        \"Pass\": {\r\n            \"Type\": \"Pass\",\r\n            \"End\": true\r\n        }\r\n    }"), "{out:?}");
}

#[test]
fn insert_follows_a_neighbour_that_declares_its_own_query_language() {
    let text = r#"{
  "StartAt": "A",
  "States": {
    "A": { "Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% $states.input %}", "Next": "B" },
    "B": { "Type": "Succeed" }
  }
}"#;
    let change = insert_state(
        text,
        "sns-publish",
        &Place::Edge { from: "A".into(), to: "B".into(), kind: TransitionKind::Next },
    )
    .unwrap();
    let out = apply(text, &change);
    assert!(
        out.contains("\"SNS Publish\": {\n      \"Type\": \"Task\",\n      \"QueryLanguage\": \"JSONata\",\n"),
        "{out}"
    );
    assert!(out.contains("\"Arguments\"") && !out.contains("Parameters"));
    assert_clean(&out, "JSONata neighbour");
    // The whole machine in JSONata: Map uses Items, Choice uses Condition, on empty space too.
    let out = apply(JSONATA, &insert_state(JSONATA, "map", &Place::Empty { scope: None }).unwrap());
    assert!(out.contains("\"Items\": \"{% $states.input.items %}\"") && !out.contains("ItemsPath"), "{out}");
    let out = apply(JSONATA, &insert_state(JSONATA, "choice", &Place::Empty { scope: None }).unwrap());
    assert!(out.contains("\"Condition\"") && !out.contains("Variable"), "{out}");
    // Its rule and Default name itself, a placeholder; nothing else names it yet.
    assert!(out.contains("\"Next\": \"Choice\"") && out.contains("\"Default\": \"Choice\""));
    assert_eq!(
        errors(&out),
        vec!["MISSING_TRANSITION_TARGET: State \"Choice\" is not reachable. at /States/Choice".to_string()]
    );
}

#[test]
fn insert_on_choice_default_and_catch_edges() {
    for (from, to, kind) in [
        ("Check", "Done", TransitionKind::Choice(0)),
        ("Check", "Start", TransitionKind::Choice(1)),
        ("Check", "Failed", TransitionKind::Default),
        ("M1", "M2", TransitionKind::Catch(0)),
        ("A1", "A2", TransitionKind::Next),
    ] {
        let change =
            insert_state(NESTED, "choice", &Place::Edge { from: from.into(), to: to.into(), kind: kind.clone() })
                .unwrap();
        let out = apply(NESTED, &change);
        assert_clean(&out, &format!("{from} {kind:?}"));
        let m = machine(&out);
        let (_, choice) = all_states(&m).into_iter().find(|(_, s)| s.name == "Choice").unwrap();
        let targets: Vec<_> = choice.transitions().into_iter().map(|t| t.target.value.clone()).collect();
        assert_eq!(targets, vec![to.to_string(), to.to_string()]);
    }
}
