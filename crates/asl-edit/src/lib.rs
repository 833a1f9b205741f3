//! Editing logic of ASL Studio as plain Rust, tested natively: the undo store ([`undo`]),
//! editing commands ([`text`]), highlighting ([`highlight`]), the Format command ([`reindent`]),
//! file import and YAML export ([`convert`]), CloudFormation/SAM/CDK templates ([`template`]), the sample gallery's index and filters ([`gallery`]), share links ([`share`]) and the saved documents
//! ([`library`]), and the text edits behind the diagram's visual editing ([`visual`]). The app
//! crate wires them to the DOM.

pub mod cases;
pub mod convert;
pub mod gallery;
pub mod highlight;
pub mod library;
pub mod reindent;
pub mod renames;
pub mod share;
pub mod template;
pub mod test_state;
pub mod text;
pub mod undo;
pub mod visual;
pub mod yaml;

pub use undo::{Edit, Entry, Gesture, History, Selection};
