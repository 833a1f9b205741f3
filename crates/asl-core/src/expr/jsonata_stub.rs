//! Stands in for [`crate::expr::jsonata`] when the `without-jsonata` feature is on: the same items the
//! rest of the core uses, with no evaluator behind them (every expression is refused). It exists
//! only to measure what JSONata adds to the app's wasm (`tools/wasm-size.sh`); never ship it.
//! The results go through `black_box` so the optimiser keeps the callers' code for both
//! outcomes, as in the real build.

use std::hint::black_box;

#[path = "jsonata/env.rs"]
mod env;
pub use env::{Bindings, Environment};

/// As [`crate::expr::jsonata::Error`].
#[derive(Clone, Debug, PartialEq)]
pub struct Error {
    pub code: &'static str,
    pub message: String,
    pub position: usize,
}

fn refused() -> Error {
    Error { code: "S0000", message: black_box("JSONata is left out of this build").to_string(), position: 0 }
}

/// A parsed expression (nothing, here).
#[derive(Clone, Debug)]
pub struct Expr;

#[inline(never)]
pub fn parse(expr: &str) -> Result<Expr, Error> {
    if black_box(expr.len()) == usize::MAX {
        Ok(Expr)
    } else {
        Err(refused())
    }
}

#[inline(never)]
pub fn top_level_names(_: &Expr) -> Vec<String> {
    black_box(Vec::new())
}

pub struct Prepared;

impl Prepared {
    pub fn new(bindings: &Bindings) -> Prepared {
        black_box(bindings);
        Prepared
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Undefined,
    Json(serde_json::Value),
    Function,
}

#[inline(never)]
pub fn evaluate_outcome(
    _: &Expr,
    input: Option<&serde_json::Value>,
    _: &Prepared,
    env: &Environment,
) -> Result<Outcome, Error> {
    match black_box(env.max_depth) {
        0 => Ok(Outcome::Undefined),
        1 => Ok(Outcome::Function),
        2 => Ok(Outcome::Json(input.cloned().unwrap_or_default())),
        _ => Err(refused()),
    }
}
