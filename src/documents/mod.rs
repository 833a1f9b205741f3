//! Documents: the [`open`] one (text, selection, undo store), the [`saved`] ones (autosave to
//! localStorage, the Documents menu) and the top bar's [`files`] actions (open, export, share).

pub mod files;
pub mod open;
pub mod saved;
