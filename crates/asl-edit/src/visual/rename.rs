//! Renaming a state: its key and every StartAt and transition of its own States object that
//! names it, nothing else. The new name is checked ([`check_name`]) and must be free anywhere in
//! the machine.

use super::doc::{quote, Doc};
use super::edits::Edits;
use super::{Change, VisualError};

/// Checks a new state name: non-empty, at most 80 characters.
pub fn check_name(name: &str) -> Result<(), VisualError> {
    if name.is_empty() {
        return Err(VisualError::InvalidName("a state name cannot be empty".into()));
    }
    if name.chars().count() > 80 {
        return Err(VisualError::InvalidName("a state name has at most 80 characters".into()));
    }
    if name.chars().any(char::is_control) {
        return Err(VisualError::InvalidName("a state name cannot contain control characters".into()));
    }
    Ok(())
}

/// Renames a state: its key, and StartAt, every Next, Default, Choice rule Next and Catcher Next
/// of its own States object (nested or not) that names it. New name: non-empty, at most 80
/// characters, not taken by another state anywhere in the machine; JSON-escaped in the text.
pub fn rename_state(text: &str, old: &str, new: &str) -> Result<Change, VisualError> {
    let doc = Doc::new(text)?;
    let (scope, state) = doc.find(old)?;
    if old == new {
        return Ok(Change { label: "Rename state".into(), edits: Vec::new(), select: Some(new.to_string()) });
    }
    check_name(new)?;
    if doc.all_names().contains(new) {
        return Err(VisualError::NameTaken(new.to_string()));
    }
    let mut edits = Edits::default();
    let quoted = quote(new);
    edits.replace(state.name_span, quoted.clone());
    if let Some(start) = scope.start_at.as_ref().filter(|s| s.value == old) {
        edits.replace(start.span, quoted.clone());
    }
    for s in &scope.states {
        for t in s.transitions() {
            if t.target.value == old {
                edits.replace(t.target.span, quoted.clone());
            }
        }
    }
    edits.finish(text, "Rename state", Some(new.to_string()))
}
