//! The text edits behind the diagram's visual editing: rename, delete and insert a state, set a
//! field, set a state's Next/End.
//!
//! **Needs**: the current definition text. Every operation reparses it (spanned JSON from
//! [`asl_core::syntax::json::parse`] for where things are written, the model from [`asl_core::parse`]
//! for states, scopes and transitions) and refuses text that is not JSON, a definition that is
//! not an object, and names it cannot find, with a [`VisualError`] whose `Display` is meant for
//! people.
//!
//! **Guarantees**: the result is a [`Change`], plain data: text edits in descending order of
//! their offset, each offset valid in the text before the change, so applying them in order is
//! correct, undoing them is applying their inverses in reverse order, and a history
//! [`crate::Entry`] can hold them as they are. Bytes outside the edited ranges are unchanged
//! (the user's formatting, key order, escapes and numbers elsewhere stay as written). New text
//! follows the surrounding style: the indent unit of the document (tabs or N spaces), the
//! indentation of the object's members, its separator and colon spacing, CRLF line ends, and
//! one-line (compact) objects stay on one line. Names and keys are JSON-escaped. No operation
//! panics on any input.
//!
//! A state nothing names is an error for AWS: a state inserted on empty space of a non-empty
//! `States` object starts unconnected (the diagram shows it so the user wires it), and deleting
//! a state may leave a state that only it named. Every transition after a delete names an
//! existing state.

//!
//! One module per kind of edit: [`rename`](rename_state), [`delete`](delete_state) (with the
//! rewiring of what named the state), [`insert`](insert_state) from a palette [`Template`],
//! [`duplicate`](duplicate_state), [`add_branch`], and the inspector's [`set_field`]/[`set_next`]. They share the parsed document
//! (`doc`), how it is written (`style`) and the list of byte edits that becomes a [`Change`]
//! (`edits`).

mod branch;
mod delete;
mod doc;
mod duplicate;
mod edits;
mod fields;
mod insert;
mod rename;
mod style;
mod templates;

use std::fmt;

use crate::undo::Edit;

pub use branch::add_branch;
pub use delete::{delete_state, DeleteError, Rewire};
pub use duplicate::duplicate_state;
pub use fields::{check_value, set_field, set_next, state_fields};
pub use insert::{drop_target, insert_state, DropTarget, Place};
pub use rename::{check_name, rename_state};
pub use templates::{templates, Template, TemplateId};

/// A visual edit as data: text edits in DESCENDING order of `at`, each offset in the text before
/// the change (so applying them one after another in this order is correct, and History entries
/// can hold them as they are), plus what to select afterwards.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// For the history: "Rename state", "Delete state", ...
    pub label: String,
    pub edits: Vec<Edit>,
    /// The state to select afterwards (by name).
    pub select: Option<String>,
}

impl Change {
    /// Applies all edits, or none (returns `false`, text untouched) when one does not apply.
    pub fn apply(&self, text: &mut String) -> bool {
        let mut work = text.clone();
        if self.edits.iter().all(|e| e.apply(&mut work)) {
            *text = work;
            true
        } else {
            false
        }
    }

    /// The edits that undo this change once it is applied, in the order to apply them.
    pub fn inverse_edits(&self) -> Vec<Edit> {
        self.edits.iter().rev().map(Edit::inverse).collect()
    }
}

/// Why a visual edit was refused. `Display` says it for people.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VisualError {
    /// The definition text is not JSON (message with line and column).
    DefinitionNotJson(String),
    /// The definition (or the state being edited) is not a JSON object.
    NotJsonObject,
    /// No state of this name.
    NotFound(String),
    /// Another state already has this name.
    NameTaken(String),
    InvalidName(String),
    /// A field value is not JSON: line and column inside the value, and what was expected.
    InvalidJson(String),
    InvalidKey(String),
    UnknownTemplate(String),
    /// The edge to insert on does not exist (anymore).
    NoSuchTransition {
        from: String,
        to: String,
    },
    /// Empty space of a state that has no such branch (not a Parallel or Map, or out of range).
    NoSuchBranch {
        state: String,
        branch: usize,
    },
    /// A `States` object with a single state: deleting it would leave an invalid machine.
    OnlyState(String),
    /// A rewire the user chose that is not possible (End from StartAt, unknown target...).
    InvalidRewire(String),
    /// The operation does not apply to this state (Next on a Choice...).
    Unsupported(String),
}

impl fmt::Display for VisualError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VisualError::DefinitionNotJson(m) => write!(f, "The definition is not valid JSON: {m}"),
            VisualError::NotJsonObject => f.write_str("The definition is not a JSON object with States"),
            VisualError::NotFound(n) => write!(f, "There is no state named \"{n}\""),
            VisualError::NameTaken(n) => {
                write!(f, "A state named \"{n}\" already exists (names are unique across the machine)")
            }
            VisualError::InvalidName(m) => write!(f, "Invalid state name: {m}"),
            VisualError::InvalidJson(m) => write!(f, "The value is not valid JSON: {m}"),
            VisualError::InvalidKey(m) => write!(f, "Invalid field name: {m}"),
            VisualError::UnknownTemplate(id) => write!(f, "Unknown state template \"{id}\""),
            VisualError::NoSuchTransition { from, to } => write!(f, "\"{from}\" has no such transition to \"{to}\""),
            VisualError::NoSuchBranch { state, branch } => {
                write!(f, "\"{state}\" has no branch {branch} (only a Parallel's branches and a Map's item processor hold states)")
            }
            VisualError::OnlyState(n) => {
                write!(f, "\"{n}\" is the only state of its States object; a States object needs at least one state")
            }
            VisualError::InvalidRewire(m) => write!(f, "Cannot rewire: {m}"),
            VisualError::Unsupported(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for VisualError {}
