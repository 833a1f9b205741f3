//! A JSONata 2.x evaluator, written for the simulator (no real clock, no panics, bounded work).
//!
//! Pipeline: [`parse`] (lexer → Pratt parser → path/step processing) gives an [`Expr`];
//! [`evaluate`] runs it against an input document with variable bindings and an
//! [`Environment`] (virtual clock, random seed, depth and step limits).
//!
//! ```
//! use asl_core::jsonata::{evaluate, parse, Environment};
//! let expr = parse("$sum(items.price)").unwrap();
//! let input = serde_json::json!({"items": [{"price": 2}, {"price": 3}]});
//! let out = evaluate(&expr, Some(&input), &Default::default(), &Environment::default()).unwrap();
//! assert_eq!(out, Some(serde_json::json!(5)));
//! ```

mod error;
mod eval;
mod functions;
mod lexer;
mod parser;
mod signature;
mod value;

use std::collections::HashMap;

pub use error::Error;
pub use parser::Node as Expr;
pub use value::js_number_string;

use eval::{Evaluator, Frame};
use value::{Arr, Value};

/// Variables bound before evaluation (`$name` → value), e.g. `$states`.
pub type Bindings = HashMap<String, serde_json::Value>;

/// What evaluation may depend on besides the input: a virtual clock, a random seed, and limits
/// that turn a runaway expression into an error (`U1001`) rather than a hang or a crash.
#[derive(Clone, Debug)]
pub struct Environment {
    /// What `$now()` and `$millis()` return, in milliseconds since the Unix epoch.
    pub now_millis: i64,
    /// Seed of `$random()`, `$shuffle()` and `$uuid()`.
    pub random_seed: u64,
    /// Maximum nesting of evaluation (the reference's stack-depth guard).
    pub max_depth: usize,
    /// Maximum number of evaluation steps (the reference's time limit, as a budget).
    pub max_steps: u64,
}

impl Default for Environment {
    fn default() -> Self {
        Environment { now_millis: 0, random_seed: 0, max_depth: 500, max_steps: 50_000_000 }
    }
}

/// Parses a JSONata expression. Errors carry the reference codes (`S0xxx`) and byte positions.
pub fn parse(expr: &str) -> Result<Expr, Error> {
    parser::parse(expr)
}

/// Evaluates `expr` against `input` (`None` = undefined) with `bindings`. `Ok(None)` is JSONata's
/// undefined result.
pub fn evaluate(
    expr: &Expr,
    input: Option<&serde_json::Value>,
    bindings: &Bindings,
    env: &Environment,
) -> Result<Option<serde_json::Value>, Error> {
    let frame = std::rc::Rc::new(Frame::default());
    for (k, v) in bindings {
        frame.bind(k, Value::from_json(v));
    }
    let mut input = input.map(Value::from_json).unwrap_or_default();
    frame.bind("$", input.clone());
    // A top-level array is wrapped so that paths treat it as one input.
    if let Value::Array(a) = &input {
        input = Value::from_arr(Arr { items: vec![Value::Array(a.clone())], sequence: true, outer_wrapper: true, ..Arr::default() });
    }
    let mut ev = Evaluator::new(env);
    match ev.evaluate(expr, &input, &frame) {
        Ok(v) => Ok(v.to_json()),
        Err(e) => Err(if e.position == eval::UNSET { Error { position: 0, ..e } } else { e }),
    }
}

/// Parses and evaluates in one step.
pub fn evaluate_str(
    expr: &str,
    input: Option<&serde_json::Value>,
    bindings: &Bindings,
    env: &Environment,
) -> Result<Option<serde_json::Value>, Error> {
    evaluate(&parse(expr)?, input, bindings, env)
}
