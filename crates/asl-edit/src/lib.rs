//! Editing logic of ASL Studio as plain Rust, tested natively: the undo store ([`history`]),
//! editing commands ([`text`]), highlighting ([`highlight`]), the Format command ([`format`]),
//! file import and YAML export ([`convert`]), share links ([`share`]) and the saved documents
//! ([`library`]). The app crate wires them to the DOM.

pub mod convert;
pub mod format;
pub mod highlight;
pub mod history;
pub mod library;
pub mod share;
pub mod text;

pub use history::{Edit, Entry, Gesture, History, Selection};
