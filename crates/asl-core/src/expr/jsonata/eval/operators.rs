//! Operators: conditions and defaults (`? :`, `?:`, `??`), and the binary operators
//! (arithmetic, comparison, concatenation, range, `in`, `and`/`or`).

use std::rc::Rc;

use super::{as_items, at, seq, to_boolean, Env, Evaluator};
use crate::expr::jsonata::error::{Error, Result};
use crate::expr::jsonata::functions;
use crate::expr::jsonata::parser::{BinaryOp, Node};
use crate::expr::jsonata::value::{deep_equal, js_rem, Value};

impl<'e> Evaluator<'e> {
    #[inline(never)]
    pub(super) fn condition(
        &mut self,
        c: &Node,
        t: &Node,
        e: Option<&Node>,
        input: &Value,
        env: &Env,
    ) -> Result<Value> {
        let cond = self.evaluate(c, input, env)?;
        if to_boolean(&cond) == Some(true) {
            self.evaluate(t, input, env)
        } else if let Some(e) = e {
            self.evaluate(e, input, env)
        } else {
            Ok(Value::Undefined)
        }
    }

    /// `a ?: b`, `a ?? b`: the left side once, as its value and as the condition.
    #[inline(never)]
    pub(super) fn default(&mut self, a: &Node, b: &Node, coalesce: bool, input: &Value, env: &Env) -> Result<Value> {
        let v = self.evaluate(a, input, env)?;
        let keep = if coalesce { !v.is_undefined() } else { to_boolean(&v) == Some(true) };
        if keep {
            Ok(v)
        } else {
            self.evaluate(b, input, env)
        }
    }

    /// Both sides (`and`/`or` stop at the left one when it decides), then the operator.
    #[inline(never)]
    pub(super) fn binary(
        &mut self,
        node: &Node,
        op: BinaryOp,
        lhs: &Node,
        rhs: &Node,
        input: &Value,
        env: &Env,
    ) -> Result<Value> {
        let l = self.evaluate(lhs, input, env)?;
        let pos = node.pos;
        if matches!(op, BinaryOp::And | BinaryOp::Or) {
            let lb = to_boolean(&l).unwrap_or(false);
            if op == BinaryOp::And && !lb {
                return Ok(Value::Bool(false));
            }
            if op == BinaryOp::Or && lb {
                return Ok(Value::Bool(true));
            }
        }
        let r = self.evaluate(rhs, input, env)?;
        let e = |code: &'static str| Error::new(code, pos).with_token(op.as_str());
        match op {
            BinaryOp::Add | BinaryOp::Subtract | BinaryOp::Multiply | BinaryOp::Divide | BinaryOp::Modulo => {
                arithmetic(op, &l, &r, e)
            }
            BinaryOp::Equal | BinaryOp::NotEqual => {
                if l.is_undefined() || r.is_undefined() {
                    return Ok(Value::Bool(false));
                }
                Ok(Value::Bool(deep_equal(&l, &r) == (op == BinaryOp::Equal)))
            }
            BinaryOp::Less | BinaryOp::LessEqual | BinaryOp::Greater | BinaryOp::GreaterEqual => compare(op, &l, &r, e),
            BinaryOp::Concat => {
                let mut s = String::new();
                if !l.is_undefined() {
                    s.push_str(&functions::string_of(&l, false).map_err(|x| at(x, pos))?);
                }
                if !r.is_undefined() {
                    s.push_str(&functions::string_of(&r, false).map_err(|x| at(x, pos))?);
                }
                Ok(Value::str(&s))
            }
            BinaryOp::Range => range(&l, &r, e),
            BinaryOp::In => {
                if l.is_undefined() || r.is_undefined() {
                    return Ok(Value::Bool(false));
                }
                let items = as_items(&r);
                Ok(Value::Bool(items.iter().any(|i| strict_equal(i, &l))))
            }
            // The left side did not decide: the right one does.
            BinaryOp::And | BinaryOp::Or => Ok(Value::Bool(to_boolean(&r).unwrap_or(false))),
        }
    }
}

/// `+ - * / %`: numbers, or undefined when a side is.
fn arithmetic(op: BinaryOp, l: &Value, r: &Value, e: impl Fn(&'static str) -> Error) -> Result<Value> {
    // An infinite operand is out of range (the reference's `isNumeric`).
    if matches!(l, Value::Number(n) if n.is_infinite()) || matches!(r, Value::Number(n) if n.is_infinite()) {
        return Err(e("D1001"));
    }
    if !l.is_undefined() && !l.is_numeric() {
        return Err(e("T2001"));
    }
    if !r.is_undefined() && !r.is_numeric() {
        return Err(e("T2002"));
    }
    let (Value::Number(a), Value::Number(b)) = (l, r) else { return Ok(Value::Undefined) };
    let n = match op {
        BinaryOp::Add => a + b,
        BinaryOp::Subtract => a - b,
        BinaryOp::Multiply => a * b,
        BinaryOp::Divide => a / b,
        _ => js_rem(*a, *b),
    };
    Ok(Value::Number(n))
}

/// `< <= > >=`: two numbers or two strings.
fn compare(op: BinaryOp, l: &Value, r: &Value, e: impl Fn(&'static str) -> Error) -> Result<Value> {
    let comparable = |v: &Value| matches!(v, Value::Undefined | Value::String(_) | Value::Number(_));
    if !comparable(l) || !comparable(r) {
        return Err(e("T2010"));
    }
    if l.is_undefined() || r.is_undefined() {
        return Ok(Value::Undefined);
    }
    let ord = match (l, r) {
        (Value::Number(a), Value::Number(b)) => a.partial_cmp(b),
        (Value::String(a), Value::String(b)) => Some(cmp_js_str(a, b)),
        _ => return Err(e("T2009")),
    };
    let Some(ord) = ord else { return Ok(Value::Bool(false)) };
    use std::cmp::Ordering::*;
    Ok(Value::Bool(match op {
        BinaryOp::Less => ord == Less,
        BinaryOp::LessEqual => ord != Greater,
        BinaryOp::Greater => ord == Greater,
        _ => ord != Less,
    }))
}

/// `[a..b]`: the integers from `a` to `b`, at most ten million of them.
fn range(l: &Value, r: &Value, e: impl Fn(&'static str) -> Error) -> Result<Value> {
    let int = |v: &Value| matches!(v, Value::Number(n) if n.fract() == 0.0 && n.is_finite());
    if !l.is_undefined() && !int(l) {
        return Err(e("T2003"));
    }
    if !r.is_undefined() && !int(r) {
        return Err(e("T2004"));
    }
    let (Value::Number(a), Value::Number(b)) = (l, r) else { return Ok(Value::Undefined) };
    if a > b {
        return Ok(Value::Undefined);
    }
    let size = b - a + 1.0;
    if size > 1e7 {
        return Err(e("D2014"));
    }
    let (a, b) = (*a as i64, *b as i64);
    Ok(Value::from_arr(seq((a..=b).map(|i| Value::Number(i as f64)).collect())))
}

fn strict_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => Rc::ptr_eq(x, y),
        (Value::Array(x), Value::Array(y)) => Rc::ptr_eq(x, y),
        _ => deep_equal(a, b),
    }
}

/// JavaScript compares strings by UTF-16 code units.
pub fn cmp_js_str(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}
