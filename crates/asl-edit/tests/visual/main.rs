//! Visual edits: every operation on the seeds and on hand cases. Each result parses (with no
//! errors, or only the expected "nothing names this state"), the edits are well formed (descending,
//! disjoint, each removing what the text holds there, so bytes outside them are unchanged), and
//! the inverse edits in reverse order restore the original exactly.
//!
//! One module per edit (`rename`, `delete`, `insert`, `fields`), the shared checks and the corpus
//! here, and properties over generated machines (`properties`).

mod delete;
mod duplicate;
mod fields;
mod insert;
mod properties;
mod rename;

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

/// A chain of three Pass states, written with two spaces.
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
