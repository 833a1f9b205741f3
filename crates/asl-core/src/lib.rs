//! The ASL core of ASL Studio: everything about Amazon States Language definitions that is not UI.
//!
//! Pipeline: text → [`json`] (spanned JSON) → [`parse`] (typed [`model`] + diagnostics, with the
//! graph checks of [`validate`]) → [`interp`] (simulated execution, answered by a [`scenario`]) and
//! [`layout`] (diagram geometry). [`history`] reads a prefix of a run for stepping.
//!
//! This crate depends on no UI crate, so it builds, tests and benches natively.

pub mod choice;
pub mod dataflow;
pub mod diagnostic;
pub mod digest;
pub mod execution;
mod fields;
mod hash;
pub mod history;
pub mod interp;
pub mod intrinsic;
pub mod json;
#[cfg(not(feature = "without-jsonata"))]
pub mod jsonata;
// Only to measure JSONata's share of the wasm (tools/wasm-size.sh): a stub with the same items.
#[cfg(feature = "without-jsonata")]
#[path = "jsonata_stub.rs"]
pub mod jsonata;
pub mod jsonpath;
pub mod layout;
pub mod model;
pub mod parse;
pub mod path;
pub mod scenario;
pub mod services;
pub mod test_state;
pub mod time;
mod validate;

pub use diagnostic::{Diagnostic, Severity};
pub use execution::Execution;
pub use interp::{simulate, HistoryEvent, Options, Run, Status, TestStateOutcome, TestStateSettings};
pub use model::Machine;
pub use parse::{parse, parse_state, parse_with, ParseOptions, Parsed};
pub use scenario::{Outcome, Scenario};
