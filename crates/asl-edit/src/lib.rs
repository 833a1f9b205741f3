//! Editing logic of ASL Studio as plain Rust, tested natively: the undo store ([`history`]),
//! editing commands ([`text`]), highlighting ([`highlight`]), the Format command ([`format`]),
//! file import and YAML export ([`convert`]), share links ([`share`]) and the saved documents
//! ([`library`]), and the text edits behind the diagram's visual editing ([`visual`]). The app
//! crate wires them to the DOM.

pub mod convert;
pub mod format;
pub mod highlight;
pub mod history;
pub mod library;
pub mod share;
pub mod text;
pub mod visual;

pub use history::{Edit, Entry, Gesture, History, Selection};
