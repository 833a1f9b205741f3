//! Exports of a machine for documentation, from the model alone (no layout): Mermaid
//! `stateDiagram-v2` text, which common code hosts render in Markdown.
//!
//! Each state is declared `state "Name" as sN` (Mermaid ids cannot hold spaces or punctuation);
//! a Parallel is a composite state whose branches are regions separated by `--`, a Map a
//! composite state holding its item processor. Edges are written in the definition's order:
//! Choice rules labelled with their condition (as the diagram labels them), `Default`, and Catch
//! edges labelled `Catch` and the errors they catch.

use crate::layout::rule_label;
use crate::model::{Machine, State, StateKind, TransitionKind};
use std::fmt::Write;

/// The machine as Mermaid `stateDiagram-v2` text, ending with a newline.
pub fn mermaid(machine: &Machine) -> String {
    let mut out = String::from("stateDiagram-v2\n");
    let mut next_id = 0;
    scope(machine, 1, &mut next_id, &mut out);
    out
}

/// Text safe on one Mermaid line: a label or a quoted name.
fn one_line(s: &str) -> String {
    s.replace(['\n', '\r'], " ").replace('"', "'")
}

fn scope(machine: &Machine, depth: usize, next_id: &mut usize, out: &mut String) {
    let pad = "    ".repeat(depth);
    let ids: Vec<String> = machine
        .states
        .iter()
        .map(|_| {
            *next_id += 1;
            format!("s{next_id}")
        })
        .collect();
    let id_of = |name: &str| machine.states.iter().position(|s| s.name == name).map(|i| ids[i].as_str());
    for (state, id) in machine.states.iter().zip(&ids) {
        declare(state, id, depth, next_id, out);
    }
    if let Some(start) = machine.start_at.as_ref().and_then(|s| id_of(&s.value)) {
        let _ = writeln!(out, "{pad}[*] --> {start}");
    }
    for (state, id) in machine.states.iter().zip(&ids) {
        for t in state.transitions() {
            let Some(target) = id_of(&t.target.value) else { continue };
            let label = match t.kind {
                TransitionKind::Next => String::new(),
                TransitionKind::Choice(i) => match &state.kind {
                    StateKind::Choice(c) => format!(" : {}", one_line(&rule_label(&c.choices[i].condition))),
                    _ => String::new(),
                },
                TransitionKind::Default => " : Default".into(),
                TransitionKind::Catch(i) => format!(" : Catch {}", one_line(&state.catch[i].error_equals.join(", "))),
            };
            let _ = writeln!(out, "{pad}{id} --> {target}{label}");
        }
        if state.is_terminal() {
            let _ = writeln!(out, "{pad}{id} --> [*]");
        }
    }
}

fn declare(state: &State, id: &str, depth: usize, next_id: &mut usize, out: &mut String) {
    let pad = "    ".repeat(depth);
    let name = one_line(&state.name);
    let children: Vec<&Machine> = state.children().collect();
    if children.is_empty() {
        let _ = writeln!(out, "{pad}state \"{name}\" as {id}");
        return;
    }
    let _ = writeln!(out, "{pad}state \"{name}\" as {id} {{");
    for (i, child) in children.iter().enumerate() {
        if i > 0 {
            let _ = writeln!(out, "{pad}    --");
        }
        scope(child, depth + 1, next_id, out);
    }
    let _ = writeln!(out, "{pad}}}");
}
