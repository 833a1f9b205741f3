//! Documents: the [`open`] one (text, selection, undo store), the [`saved`] ones (autosave to
//! localStorage, the Documents menu) the top bar's [`files`] actions (open, export, share), and definitions from a CloudFormation/SAM
//! [`template`].

pub mod files;
pub mod open;
pub mod saved;
pub mod template;
