//! Visual edits: every operation on the seeds and on hand cases. Each result parses (with no
//! errors, or only the expected "nothing names this state"), the edits are well formed (descending,
//! disjoint, each removing what the text holds there, so bytes outside them are unchanged), and
//! the inverse edits in reverse order restore the original exactly.

use asl_core::check::diagnostic::code;
use asl_core::model::{Machine, State, StateKind, TransitionKind};
use asl_edit::visual::*;
use asl_edit::Edit;

fn seeds() -> Vec<(String, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/seeds");
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let path = e.path();
            if path.to_string_lossy().ends_with(".asl.json") {
                out.push((path.display().to_string(), std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// Hand-written definitions covering nesting, JSONata, tabs, compact JSON and CRLF.
const NESTED: &str = r#"{
  "StartAt": "Start",
  "States": {
    "Start": {
      "Type": "Pass",
      "Next": "Fan"
    },
    "Fan": {
      "Type": "Parallel",
      "Branches": [
        {
          "StartAt": "A1",
          "States": {
            "A1": { "Type": "Pass", "Next": "A2" },
            "A2": { "Type": "Pass", "End": true }
          }
        },
        {
          "StartAt": "B1",
          "States": {
            "B1": { "Type": "Pass", "End": true }
          }
        }
      ],
      "Next": "Each"
    },
    "Each": {
      "Type": "Map",
      "ItemProcessor": {
        "ProcessorConfig": { "Mode": "INLINE" },
        "StartAt": "M1",
        "States": {
          "M1": { "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:F", "Next": "M2", "Catch": [{ "ErrorEquals": ["States.ALL"], "Next": "M2" }] },
          "M2": { "Type": "Succeed" }
        }
      },
      "Next": "Check"
    },
    "Check": {
      "Type": "Choice",
      "Choices": [
        { "Variable": "$.ok", "BooleanEquals": true, "Next": "Done" },
        { "Variable": "$.retry", "BooleanEquals": true, "Next": "Start" }
      ],
      "Default": "Failed"
    },
    "Done": { "Type": "Succeed" },
    "Failed": { "Type": "Fail", "Error": "E", "Cause": "C" }
  }
}
"#;

const JSONATA: &str = "{\n\t\"QueryLanguage\": \"JSONata\",\n\t\"StartAt\": \"First\",\n\t\"States\": {\n\t\t\"First\": {\n\t\t\t\"Type\": \"Pass\",\n\t\t\t\"Output\": \"{% $states.input %}\",\n\t\t\t\"Next\": \"Last\"\n\t\t},\n\t\t\"Last\": {\n\t\t\t\"Type\": \"Succeed\"\n\t\t}\n\t}\n}\n";

const COMPACT: &str = r#"{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Pass","Next":"C"},"C":{"Type":"Pass","End":true}}}"#;

const CRLF: &str = "{\r\n    \"StartAt\": \"A\",\r\n    \"States\": {\r\n        \"A\": {\r\n            \"Type\": \"Pass\",\r\n            \"End\": true\r\n        }\r\n    }\r\n}\r\n";

fn corpus() -> Vec<(String, String)> {
    let mut all = seeds();
    assert!(all.len() >= 2, "the seeds in ../shared/seeds are missing");
    for (name, text) in [("NESTED", NESTED), ("JSONATA", JSONATA), ("COMPACT", COMPACT), ("CRLF", CRLF)] {
        all.push((name.to_string(), text.to_string()));
    }
    all
}

/// Checks the edits are well formed and round-trip; returns the text after the change.
fn apply(original: &str, change: &Change) -> String {
    let mut limit = usize::MAX;
    for e in &change.edits {
        assert!(e.at + e.removed.len() <= limit, "edits must be descending and disjoint: {:?}", change.edits);
        assert_eq!(
            original.get(e.at..e.at + e.removed.len()),
            Some(e.removed.as_str()),
            "removed text must be the original's"
        );
        limit = e.at;
    }
    let mut text = original.to_string();
    assert!(change.apply(&mut text), "the change applies");
    // Bytes outside the edited ranges are the original's: rebuild from the original's pieces.
    let mut rebuilt = String::new();
    let mut pos = 0;
    for e in change.edits.iter().rev() {
        rebuilt.push_str(&original[pos..e.at]);
        rebuilt.push_str(&e.inserted);
        pos = e.at + e.removed.len();
    }
    rebuilt.push_str(&original[pos..]);
    assert_eq!(rebuilt, text);
    let mut back = text.clone();
    for e in change.edits.iter().rev() {
        assert!(e.inverse().apply(&mut back), "inverse applies");
    }
    assert_eq!(back, original);
    let mut back = text.clone();
    for e in change.inverse_edits() {
        assert!(e.apply(&mut back));
    }
    assert_eq!(back, original, "inverse edits restore the original exactly");
    // History entries hold the edits as they are.
    let mut h = asl_edit::History::new();
    let mut doc = text.clone();
    h.push(asl_edit::Entry::new(
        &change.label,
        asl_edit::Gesture::Other,
        change.edits.clone(),
        Default::default(),
        Default::default(),
        0.0,
    ));
    h.undo(&mut doc);
    assert_eq!(doc, original);
    h.redo(&mut doc);
    assert_eq!(doc, text);
    text
}

fn errors(text: &str) -> Vec<String> {
    asl_core::parse(text)
        .diagnostics
        .into_iter()
        .filter(|d| d.severity == asl_core::Severity::Error)
        .map(|d| format!("{}: {} at {}", d.code, d.message, d.pointer))
        .collect()
}

fn assert_clean(text: &str, context: &str) {
    let errs = errors(text);
    assert!(errs.is_empty(), "{context}: {errs:?}\n{text}");
}

fn machine(text: &str) -> Machine {
    asl_core::parse(text).machine.unwrap()
}

fn all_states(m: &Machine) -> Vec<(&Machine, &State)> {
    let mut out = Vec::new();
    for s in &m.states {
        out.push((m, s));
        match &s.kind {
            StateKind::Parallel(p) => p.branches.iter().for_each(|b| out.extend(all_states(b))),
            StateKind::Map(map) => map.processor.iter().for_each(|b| out.extend(all_states(b))),
            _ => {}
        }
    }
    out
}

pub fn all_machines(m: &Machine) -> Vec<&Machine> {
    let mut out = vec![m];
    for s in &m.states {
        match &s.kind {
            StateKind::Parallel(p) => p.branches.iter().for_each(|b| out.extend(all_machines(b))),
            StateKind::Map(map) => map.processor.iter().for_each(|b| out.extend(all_machines(b))),
            _ => {}
        }
    }
    out
}

/// Every StartAt and transition names a state of its own States object.
fn assert_no_dangling(text: &str) {
    let m = machine(text);
    for scope in all_machines(&m) {
        if let Some(start) = &scope.start_at {
            assert!(scope.state(&start.value).is_some(), "dangling StartAt {}\n{text}", start.value);
        }
        for s in &scope.states {
            for t in s.transitions() {
                assert!(scope.state(&t.target.value).is_some(), "dangling {} → {}\n{text}", s.name, t.target.value);
            }
        }
    }
}

/// The graph as data: per scope pointer, StartAt and each state's transitions.
type Graph = Vec<(String, Option<String>, Vec<(String, Vec<(TransitionKind, String)>)>)>;

fn graph(text: &str) -> Graph {
    let m = machine(text);
    all_machines(&m)
        .into_iter()
        .map(|scope| {
            (
                scope.pointer.clone(),
                scope.start_at.as_ref().map(|s| s.value.clone()),
                scope
                    .states
                    .iter()
                    .map(|s| {
                        (
                            s.name.clone(),
                            s.transitions().into_iter().map(|t| (t.kind, t.target.value.clone())).collect(),
                        )
                    })
                    .collect(),
            )
        })
        .collect()
}

fn renamed_graph(text: &str, old: &str, new: &str) -> String {
    let swap = |s: &String| if s == old { new.to_string() } else { s.clone() };
    let g: Vec<_> = graph(text)
        .into_iter()
        .map(|(p, start, states)| {
            let seg = asl_core::syntax::json::pointer_segment(old).into_owned();
            let new_seg = asl_core::syntax::json::pointer_segment(new).into_owned();
            let p = p.replace(&format!("/States/{seg}/"), &format!("/States/{new_seg}/"));
            let states: Vec<_> = states
                .into_iter()
                .map(|(n, ts)| (swap(&n), ts.into_iter().map(|(k, t)| (k, swap(&t))).collect::<Vec<_>>()))
                .collect();
            (p, start.as_ref().map(swap), states)
        })
        .collect();
    format!("{g:?}")
}

// ---------------------------------------------------------------------------------------------
// Rename

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

// ---------------------------------------------------------------------------------------------
// Delete

const CHAIN: &str = r#"{
  "StartAt": "A",
  "States": {
    "A": {
      "Type": "Pass",
      "Next": "B"
    },
    "B": {
      "Type": "Pass",
      "Next": "C"
    },
    "C": {
      "Type": "Pass",
      "End": true
    }
  }
}"#;

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

// ---------------------------------------------------------------------------------------------
// Insert

#[test]
fn templates_cover_every_type_and_the_service_tasks() {
    let types: Vec<&str> = templates().iter().map(|t| t.state_type).collect();
    for ty in ["Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map"] {
        assert!(types.contains(&ty), "{ty}");
    }
    let ids: Vec<&str> = templates().iter().map(|t| t.id).collect();
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
                let change =
                    insert_state(&text, t.id, &place).unwrap_or_else(|e| panic!("{file} {} on {from}→{to}: {e}", t.id));
                let out = apply(&text, &change);
                let name = change.select.clone().unwrap();
                let context = format!("{file}: {} on {from} → {to} ({kind:?})", t.id);
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
            let change = insert_state(&text, t.id, &Place::Empty { scope: None }).unwrap();
            let out = apply(&text, &change);
            let name = change.select.unwrap();
            let m = machine(&out);
            assert_eq!(m.states.last().unwrap().name, name, "{file} {}: appended", t.id);
            // Unconnected: the only error is that nothing names it.
            for e in errors(&out) {
                assert!(e.contains(&format!("State \"{name}\" is not reachable")), "{file} {}: {e}\n{out}", t.id);
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

// ---------------------------------------------------------------------------------------------
// set_field / set_next

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
            let _ = insert_state(text, t.id, &Place::Empty { scope: None });
            let _ = insert_state(text, t.id, &Place::Empty { scope: Some(("A".into(), 0)) });
        }
        let _ = set_field(text, "A", "Comment", Some("1"));
        let _ = set_next(text, "A", None);
    }
}

// ---------------------------------------------------------------------------------------------
// Properties over generated small machines.

mod properties {
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
                    let change = insert_state(&text, template.id, &place).unwrap();
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
