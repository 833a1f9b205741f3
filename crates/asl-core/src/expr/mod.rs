//! The expression languages of ASL: [`jsonpath`] queries, single-node reference [`path`]s,
//! [`intrinsic`] function calls (`States.Format(...)`), and [`jsonata`] (its own module tree).
//! [`compiled`] holds their parsed forms, kept in the model. [`digest`] is shared by `States.Hash` and JSONata's `$hash`.

pub mod compiled;
pub mod digest;
pub mod intrinsic;
#[cfg(not(feature = "without-jsonata"))]
pub mod jsonata;
// Only to measure JSONata's share of the wasm (tools/wasm-size.sh): a stub with the same items.
#[cfg(feature = "without-jsonata")]
#[path = "jsonata_stub.rs"]
pub mod jsonata;
pub mod jsonpath;
pub mod path;
