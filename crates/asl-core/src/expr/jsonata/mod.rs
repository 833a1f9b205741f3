//! A JSONata 2.x evaluator, written for the simulator (no real clock, no panics, bounded work).
//!
//! Pipeline: [`parse`] (lexer → Pratt parser → path/step processing) gives an [`Expr`];
//! [`evaluate`] runs it against an input document with variable bindings and an
//! [`Environment`] (virtual clock, random seed, depth and step limits).
//!
//! Strings are Rust strings, so they cannot hold a lone UTF-16 surrogate as the reference's
//! JavaScript strings can. A lone surrogate written as an escape (`'\uD800'` in an expression,
//! `"\uD800"` in input JSON or in `$parse`) is held as its stand-in character U+10F800 + k for
//! U+D800 + k (see [`crate::syntax::json::lone_surrogate`]): one character, refused by `$encodeUrl` and
//! `$encodeUrlComponent` with D3140 as the reference refuses a lone surrogate, and written back as
//! the `\udxxx` escape by `$string`. A surrogate pair is one character as usual.
//!
//! ```
//! use asl_core::expr::jsonata::{evaluate, parse, Environment};
//! let expr = parse("$sum(items.price)").unwrap();
//! let input = serde_json::json!({"items": [{"price": 2}, {"price": 3}]});
//! let out = evaluate(&expr, Some(&input), &Default::default(), &Environment::default()).unwrap();
//! assert_eq!(out, Some(serde_json::json!(5)));
//! ```

/// Shared with the measuring-only stub (`jsonata_stub.rs`).
pub(crate) mod env;
mod error;
mod eval;
mod functions;
mod lexer;
mod parser;
mod references;
mod regex;
mod signature;
mod value;

pub use error::Error;
pub use parser::Node as Expr;
pub use references::top_level_names;
pub use value::js_number_string;

use eval::{Evaluator, Frame};
use value::{Arr, Value};

pub use env::{Bindings, Environment};

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
    evaluate_prepared(expr, input, &Prepared::new(bindings), env)
}

/// Variable bindings converted once into the evaluator's values, for evaluating many
/// expressions (or one many times) against the same variables without copying them again.
pub struct Prepared {
    frame: eval::Env,
}

impl Prepared {
    pub fn new(bindings: &Bindings) -> Prepared {
        let frame = std::rc::Rc::new(Frame::default());
        for (k, v) in bindings {
            frame.bind(k, Value::from_json(v));
        }
        Prepared { frame }
    }
}

/// What an expression gave, told apart as a host that only takes JSON needs: undefined, a
/// JSON value, or a function (which Step Functions refuses as a result).
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Undefined,
    Json(serde_json::Value),
    Function,
}

/// [`evaluate_prepared`], telling a function result apart.
pub fn evaluate_outcome(
    expr: &Expr,
    input: Option<&serde_json::Value>,
    prepared: &Prepared,
    env: &Environment,
) -> Result<Outcome, Error> {
    let mark = eval::frames_mark();
    let outcome = evaluate_in_frame(expr, input, prepared, env);
    eval::frames_release(mark);
    outcome
}

fn evaluate_in_frame(
    expr: &Expr,
    input: Option<&serde_json::Value>,
    prepared: &Prepared,
    env: &Environment,
) -> Result<Outcome, Error> {
    let frame = Frame::child(&prepared.frame);
    let mut input = input.map(Value::from_json).unwrap_or_default();
    frame.bind("$", input.clone());
    if let Value::Array(a) = &input {
        input = Value::from_arr(Arr {
            items: vec![Value::Array(a.clone())],
            sequence: true,
            outer_wrapper: true,
            ..Arr::default()
        });
    }
    let mut ev = Evaluator::new(env);
    match ev.evaluate(expr, &input, &frame) {
        Ok(Value::Function(_)) => Ok(Outcome::Function),
        Ok(v) => Ok(v.to_json().map_or(Outcome::Undefined, Outcome::Json)),
        Err(mut e) => {
            if e.position == eval::UNSET {
                e.position = 0;
            }
            Err(e)
        }
    }
}

/// [`evaluate`] with bindings prepared beforehand.
pub fn evaluate_prepared(
    expr: &Expr,
    input: Option<&serde_json::Value>,
    prepared: &Prepared,
    env: &Environment,
) -> Result<Option<serde_json::Value>, Error> {
    Ok(match evaluate_outcome(expr, input, prepared, env)? {
        Outcome::Undefined => None,
        Outcome::Json(v) => Some(v),
        // As the suite expects of a function result seen as JSON.
        Outcome::Function => Some(serde_json::Value::String(String::new())),
    })
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(expr: &str) -> Result<Option<serde_json::Value>, Error> {
        evaluate_str(expr, None, &Bindings::new(), &Environment::default())
    }

    #[test]
    fn aws_functions() {
        assert_eq!(run("$partition([1,2,3,4,5], 2)").unwrap(), Some(json!([[1, 2], [3, 4], [5]])));
        assert_eq!(run("$range(0, 10, 2)").unwrap(), Some(json!([0, 2, 4, 6, 8, 10])));
        assert_eq!(run("$range(5, 1, -2)").unwrap(), Some(json!([5, 3, 1])));
        assert_eq!(run("$range(1, 0)").unwrap(), Some(json!([])));
        assert_eq!(
            run("$hash('abc', 'SHA-256')").unwrap(),
            Some(json!("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"))
        );
        assert_eq!(run("$hash('abc', 'MD5')").unwrap(), Some(json!("900150983cd24fb0d6963f7d28e17f72")));
        assert_eq!(run("$hash('abc', 'CRC32')").unwrap_err().code, "T0410");
        assert_eq!(run("$parse('{\"a\": [1, true]}').a[1]").unwrap(), Some(json!(true)));
        assert_eq!(run("$parse('{oops')").unwrap_err().code, "D3140");
        let seeded = run("[$random(42), $random(42)]").unwrap().unwrap();
        assert_eq!(seeded[0], seeded[1]);
        let r = run("$random()").unwrap().unwrap().as_f64().unwrap();
        assert!((0.0..1.0).contains(&r));
        let id = run("$uuid()").unwrap().unwrap();
        let id = id.as_str().unwrap();
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4");
        assert_ne!(run("[$uuid(), $uuid()]").unwrap().unwrap()[0], run("$uuid()").unwrap().unwrap()[0]);
    }

    #[test]
    fn lone_surrogates_are_one_character_that_urls_refuse() {
        // A lone surrogate escape in a string literal, in input data or from `$parse`, is the
        // same stand-in character (`json::lone_surrogate`); a pair is still one character.
        assert_eq!(
            run(r"$length('\uD800') & $length('\ud83d\ude00') & $length('\uDE00\uD83D')").unwrap(),
            Some(json!("112"))
        );
        let e = run(r"$encodeUrl('a\uD800')").unwrap_err();
        assert_eq!((e.code, e.message.as_str()), ("D3140", "Malformed URL passed to $encodeUrl(): a\u{10F800}"));
        assert_eq!(run(r"$encodeUrlComponent($)").unwrap(), None);
        let input = crate::syntax::json::parse(r#""x\udfff""#).unwrap().to_value();
        let e = evaluate_str("$encodeUrlComponent($)", Some(&input), &Bindings::new(), &Environment::default());
        assert_eq!(e.unwrap_err().code, "D3140");
        assert_eq!(run(r#"$encodeUrlComponent('\ud83d\ude00 é')"#).unwrap(), Some(json!("%F0%9F%98%80%20%C3%A9")));
        // Written back as JSON, it is the escape again, and reads back the same.
        assert_eq!(run(r"$string(['\uD800'])").unwrap(), Some(json!("[\"\\ud800\"]")));
        assert_eq!(run(r"$parse($string(['\uD800']))[0] = '\uD800'").unwrap(), Some(json!(true)));
    }

    #[test]
    fn default_operators_process_their_left_side_once() {
        // Processing `a` twice per `??`/`?:` (as the reference does) doubled the tree at every
        // level of a chain: 30 levels needed 2^30 nodes (the fuzzer found it as an OOM).
        let chain = format!("{}1", "$x ?? ".repeat(30));
        assert_eq!(run(&chain).unwrap(), Some(json!(1)));
        let chain = format!("{}'b'", "($x ?: '') ?: ".repeat(30));
        assert_eq!(run(&chain).unwrap(), Some(json!("b")));
        assert_eq!(run("[0, 2] ?: 3").unwrap(), Some(json!([0, 2])));
        assert_eq!(run("0 ?? 3").unwrap(), Some(json!(0)));
        assert_eq!(run("0 ?: 3").unwrap(), Some(json!(3)));
    }

    #[test]
    fn the_clock_is_virtual() {
        let env = Environment { now_millis: 1_700_000_000_123, ..Environment::default() };
        let out = evaluate_str("[$now(), $millis()]", None, &Bindings::new(), &env).unwrap();
        assert_eq!(out, Some(json!(["2023-11-14T22:13:20.123Z", 1_700_000_000_123u64])));
    }

    #[test]
    fn runaway_expressions_end_with_errors() {
        // Unbounded recursion: the depth limit, in an ordinary (small-stack) test thread.
        let e = run("($f := function($n){ 1 + $f($n + 1) }; $f(0))").unwrap_err();
        assert_eq!(e.code, "U1001");
        // A tail-recursive infinite loop: the step budget.
        let env = Environment { max_steps: 100_000, ..Environment::default() };
        let e = evaluate_str("($f := function($n){ $f($n + 1) }; $f(0))", None, &Bindings::new(), &env).unwrap_err();
        assert_eq!(e.code, "U1001");
    }

    #[test]
    fn errors_are_values_with_positions() {
        let e = run("1 + 'a'").unwrap_err();
        assert_eq!((e.code, e.position), ("T2002", 2));
        let e = run("$substring('a', 'b')").unwrap_err();
        assert_eq!((e.code, e.position, e.token.as_deref()), ("T0410", 10, Some("substring")));
        // The signature matcher names the first argument it cannot match, as the reference does.
        assert!(e.message.starts_with("Argument 2 of function"), "{}", e.message);
        let e = run("$pad('a', 3, 'b', 1)").unwrap_err();
        assert!(e.message.starts_with("Argument 4 of function"), "{}", e.message);
        assert_eq!(run("$join(['a', 'b'], '-')").unwrap(), Some(json!("a-b")));
        assert_eq!(run("$sum([1, 'a'])").unwrap_err().code, "T0412");
        // A missing `-` argument takes the context, if its type fits.
        assert_eq!(
            evaluate_str("$uppercase()", Some(&json!("ab")), &Bindings::new(), &Environment::default()).unwrap(),
            Some(json!("AB"))
        );
        let e = evaluate_str("$uppercase()", Some(&json!(1)), &Bindings::new(), &Environment::default()).unwrap_err();
        assert_eq!(e.code, "T0411");
        // A `$` in a replacement followed by a multi-byte character is literal, not a panic.
        assert_eq!(run("$replace('abc', /b/, '$é')").unwrap(), Some(json!("a$éc")));
        // A huge precision saturates instead of overflowing (found by the never_panics property).
        // (Reaching here is the assertion: before the fix this panicked in debug builds.)
        let _ = run("$round(1.5, 1e300)");
        let _ = run("$round(1e300, 1e300)");
        let _ = run("$round(1e-300, -1e300)");
        assert_eq!(run("$round(2.5)").unwrap(), Some(json!(2)));
    }
}
