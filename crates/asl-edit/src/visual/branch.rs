//! Adding a branch to a Parallel state: a machine of one Pass state (its name unique across the
//! machine), written after the last branch and like it (on its own line at its indentation, or on
//! the same line).

use asl_core::model::StateKind;
use asl_core::syntax::json::Span;
use serde_json::json;

use super::doc::Doc;
use super::edits::Edits;
use super::insert::unique_name;
use super::style::{layout, line_indent, line_start, write_value, Layout};
use super::{Change, VisualError};

/// Adds a branch to a Parallel state, after its last one: a machine of one Pass state (its name
/// made unique, and selected), written like the branches before it.
pub fn add_branch(text: &str, state: &str) -> Result<Change, VisualError> {
    let doc = Doc::new(text)?;
    let (_, st) = doc.find(state)?;
    if !matches!(st.kind, StateKind::Parallel(_)) {
        return Err(VisualError::Unsupported(format!("\"{state}\" is not a Parallel state")));
    }
    let obj = doc.state_node(st)?;
    let Some((branches, items)) = obj.get("Branches").and_then(|b| Some((b, b.elements()?))) else {
        return Err(VisualError::Unsupported(format!("\"{state}\" has no Branches list")));
    };
    let inner = unique_name("Pass", &mut doc.all_names());
    let value = json!({ "StartAt": inner, "States": { inner.clone(): { "Type": "Pass", "End": true } } });
    let lay = layout(text, obj, &doc.style);
    let mut edits = Edits::default();
    match items.last() {
        // Written like the last branch: on its own line at its indentation, or on the same line.
        Some(last) if text[line_start(text, last.span.start)..last.span.start].trim().is_empty() => {
            let indent = line_indent(text, last.span.start).to_string();
            let mut out = format!(",{}{indent}", lay.nl);
            write_value(&mut out, &value, &lay, &indent);
            edits.insert(last.span.end, out);
        }
        Some(last) => {
            let mut out = lay.item_sep.clone();
            write_value(&mut out, &value, &Layout { compact: true, ..lay.clone() }, "");
            edits.insert(last.span.end, out);
        }
        None => {
            let inside = Span::new(branches.span.start + 1, branches.span.end - 1);
            let indent = format!("{}{}", lay.indent, lay.unit);
            let mut out = if lay.compact { String::new() } else { format!("{}{indent}", lay.nl) };
            write_value(&mut out, &value, &lay, &indent);
            if !lay.compact {
                out.push_str(lay.nl);
                out.push_str(&lay.indent);
            }
            edits.replace(inside, out);
        }
    }
    edits.finish(text, "Add branch", Some(inner))
}
