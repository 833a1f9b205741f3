//! The inspector's edits of one state: listing its fields as written ([`state_fields`]), setting,
//! replacing or removing one field ([`set_field`], the value checked as JSON and re-indented to
//! the member's place), and switching between Next and End ([`set_next`]). Other members keep
//! their order and text.

use asl_core::model::StateKind;
use asl_core::syntax::json::{self, LineIndex};

use super::doc::{member_index, quote, Doc};
use super::edits::Edits;
use super::style::{layout, line_indent, reindent};
use super::{Change, VisualError};

/// The fields of a state as written: each key with its value's text (the inspector's forms
/// start from these). Duplicate keys are all listed, in order.
///
/// `object` is the state's own text (`State::span` of the current parse), so the caller's parse
/// serves and only that object is read again.
pub fn state_fields(object: &str) -> Result<Vec<(String, String)>, VisualError> {
    let node = json::parse(object).map_err(|e| VisualError::DefinitionNotJson(e.message))?;
    if !node.is_object() {
        return Err(VisualError::NotJsonObject);
    }
    Ok(node
        .members()
        .iter()
        .map(|m| (m.key.to_string(), object[m.value.span.start..m.value.span.end].to_string()))
        .collect())
}

/// Checks a field value typed by the user: JSON, or where it is not (line and column inside it).
pub fn check_value(value: &str) -> Result<(), VisualError> {
    json::parse(value).map(|_| ()).map_err(|e| {
        let (line, col) = LineIndex::new(value).line_col(value, e.span.start);
        VisualError::InvalidJson(format!("line {line}, column {col}: {}", e.message))
    })
}

/// Sets, replaces or removes (value None) one field of a state. `value` is JSON text (validated:
/// invalid JSON → InvalidJson with where); multi-line values are re-indented to the member's
/// indentation. Adding appends after the last member. Keeps key order otherwise. Removing a
/// field that is not there changes nothing (a change without edits).
pub fn set_field(text: &str, state: &str, key: &str, value: Option<&str>) -> Result<Change, VisualError> {
    let doc = Doc::new(text)?;
    let (_, st) = doc.find(state)?;
    if key.is_empty() {
        return Err(VisualError::InvalidKey("a field name cannot be empty".into()));
    }
    if let Some(v) = value {
        check_value(v)?;
    }
    let node = doc.state_node(st)?;
    let lay = layout(text, node, &doc.style);
    let mut edits = Edits::default();
    let index = member_index(node, key);
    match (value.map(str::trim), index) {
        (None, None) => {}
        (None, Some(i)) => edits.remove_member(node, i),
        (Some(v), Some(i)) => {
            let m = &node.members()[i];
            let base = line_indent(text, m.key_span.start).to_string();
            edits.replace(m.value.span, reindent(v, &base, &lay));
        }
        (Some(v), None) => {
            let indent = lay.indent.clone();
            edits.insert_member(text, node, &lay, usize::MAX, key, &reindent(v, &indent, &lay));
        }
    }
    edits.finish(text, if value.is_some() { "Set field" } else { "Remove field" }, Some(state.to_string()))
}

/// Next/End: Some(target) sets "Next" (a state of the same States object) and removes "End";
/// None sets "End": true and removes "Next". Refused for Choice, Succeed and Fail states.
pub fn set_next(text: &str, state: &str, next: Option<&str>) -> Result<Change, VisualError> {
    let doc = Doc::new(text)?;
    let (scope, st) = doc.find(state)?;
    if matches!(st.kind, StateKind::Choice(_) | StateKind::Succeed | StateKind::Fail(_)) {
        return Err(VisualError::Unsupported(format!("A {} state has no Next or End", st.kind.type_name())));
    }
    if let Some(target) = next {
        if scope.state(target).is_none() {
            return Err(VisualError::NotFound(target.to_string()));
        }
    }
    let node = doc.state_node(st)?;
    let lay = layout(text, node, &doc.style);
    let members = node.members();
    let next_i = member_index(node, "Next");
    let end_i = member_index(node, "End");
    let mut edits = Edits::default();
    let (keep, drop, key, value) = match next {
        Some(t) => (next_i, end_i, "Next", quote(t)),
        None => (end_i, next_i, "End", "true".to_string()),
    };
    match (keep, drop) {
        (Some(k), d) => {
            edits.replace(members[k].value.span, value);
            if let Some(d) = d {
                edits.remove_member(node, d);
            }
        }
        (None, Some(d)) => edits.replace_member(&members[d], &lay, key, &value),
        (None, None) => edits.insert_member(text, node, &lay, usize::MAX, key, &value),
    }
    edits.finish(text, "Set next", Some(state.to_string()))
}
