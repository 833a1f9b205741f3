//! Duplicating a state: a copy of its JSON, written as it is, added right after it in its States
//! object under a free name ("Name (copy)", "Name (copy 2)"...). Nothing leads to the copy (it
//! starts unconnected, as a state added on empty space does); it leads where the original does.
//! The states nested in a Parallel's branches or a Map's processor are copied too, each under a
//! free name of its own, with the StartAt and transitions inside the copy following them.

use std::collections::HashSet;

use asl_core::model::{Machine, State};
use asl_core::syntax::json::Span;

use super::doc::{quote, Doc};
use super::edits::Edits;
use super::style::layout;
use super::{Change, VisualError};

/// The longest state name AWS accepts, in characters.
const MAX_NAME: usize = 80;

/// `base (copy)`, `base (copy 2)`... the first not in `taken` (which then holds it), the base cut
/// so the name stays within 80 characters.
fn copy_name(base: &str, taken: &mut HashSet<String>) -> String {
    for n in 1.. {
        let suffix = if n == 1 { " (copy)".to_string() } else { format!(" (copy {n})") };
        let keep = MAX_NAME.saturating_sub(suffix.chars().count());
        let name = format!("{}{suffix}", base.chars().take(keep).collect::<String>());
        if taken.insert(name.clone()) {
            return name;
        }
    }
    unreachable!("some copy name is free")
}

/// The names written inside `state`'s nested machines (keys, StartAt, transitions), each with
/// the span it is written at, renamed by `renames`.
fn nested_names(state: &State, taken: &mut HashSet<String>, out: &mut Vec<(Span, String)>) {
    for machine in state.children() {
        rename_machine(machine, taken, out);
    }
}

fn rename_machine(machine: &Machine, taken: &mut HashSet<String>, out: &mut Vec<(Span, String)>) {
    let renamed: Vec<(String, String)> =
        machine.states.iter().map(|s| (s.name.clone(), copy_name(&s.name, taken))).collect();
    let new_of = |old: &str| renamed.iter().find(|(o, _)| o == old).map(|(_, n)| n.clone());
    if let Some(start) = &machine.start_at {
        if let Some(new) = new_of(&start.value) {
            out.push((start.span, quote(&new)));
        }
    }
    for s in &machine.states {
        if let Some(new) = new_of(&s.name) {
            out.push((s.name_span, quote(&new)));
        }
        for t in s.transitions() {
            if let Some(new) = new_of(&t.target.value) {
                out.push((t.target.span, quote(&new)));
            }
        }
        nested_names(s, taken, out);
    }
}

/// Duplicates the state `name`: see the module documentation. `select` = the copy's name.
pub fn duplicate_state(text: &str, name: &str) -> Result<Change, VisualError> {
    let doc = Doc::new(text)?;
    let (scope, state) = doc.find(name)?;
    let mut taken = doc.all_names();
    let copy = copy_name(&state.name, &mut taken);

    // The state's own text with the nested names replaced, from the last to the first.
    let mut renames = Vec::new();
    nested_names(state, &mut taken, &mut renames);
    renames.sort_by_key(|(span, _)| std::cmp::Reverse(span.start));
    let mut body = text.get(state.span.start..state.span.end).ok_or(VisualError::NotJsonObject)?.to_string();
    for (span, with) in renames {
        let (start, end) = (span.start - state.span.start, span.end - state.span.start);
        if end > body.len() || start > end {
            return Err(VisualError::Unsupported("Internal error: a nested name outside the state".into()));
        }
        body.replace_range(start..end, &with);
    }

    let states_node = doc.states_node(scope)?;
    let lay = layout(text, states_node, &doc.style);
    let index = states_node.members().iter().position(|m| m.key_span == state.name_span).map_or(usize::MAX, |i| i + 1);
    let mut edits = Edits::default();
    edits.insert_member(text, states_node, &lay, index, &copy, &body);
    edits.finish(text, "Duplicate state", Some(copy))
}
