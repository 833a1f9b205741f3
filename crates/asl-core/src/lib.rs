//! The ASL core of ASL Studio: everything about Amazon States Language definitions that is not UI.
//!
//! The pipeline shows in the folders, in order:
//! - [`syntax`]: text → spanned JSON → the typed [`model`], plus diagnostics. Never fails.
//! - [`model`]: the state machine as plain data, and which fields each state type accepts.
//! - [`check`]: diagnostics (AWS's codes) and the graph checks on a built model.
//! - [`expr`]: the expression languages: JSONPath, reference paths, intrinsic functions, JSONata.
//! - [`run`]: the interpreter on a virtual clock, answered by a scripted [`Scenario`]; its
//!   history, replay of a prefix, and the TestState API.
//! - [`layout`]: diagram geometry, one file per phase.
//! - [`export`]: the machine as Mermaid `stateDiagram-v2` text, from the model.
//!
//! This crate depends on no UI crate, so it builds, tests and benches natively. No `unsafe`
//! outside `syntax::yaml`'s libyaml calls (denied crate-wide, allowed in that one module).
#![deny(unsafe_code)]

pub mod check;
pub mod export;
pub mod expr;
pub mod layout;
pub mod model;
pub mod run;
pub mod sort;
pub mod syntax;

pub use check::diagnostic::{Diagnostic, Severity};
pub use model::Machine;
pub use run::event::EventType;
pub use run::execution::Execution;
pub use run::interp::{
    simulate, HistoryEvent, Options, Run, Status, TestStateOutcome, TestStateSettings, TestStateStatus,
};
pub use run::scenario::{Outcome, Scenario};
pub use syntax::parse::{parse, parse_state, parse_with, ParseOptions, Parsed, Syntax};
