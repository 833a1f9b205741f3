//! Numeric and aggregation functions.

use super::{arg, err};
use crate::expr::jsonata::error::Result;
use crate::expr::jsonata::eval::{Env, Evaluator};
use crate::expr::jsonata::value::{js_number_string, Value};

type R = Result<Value>;

fn nums(v: &Value) -> Option<Vec<f64>> {
    match v {
        Value::Undefined => None,
        Value::Array(a) => Some(a.items.iter().filter_map(Value::as_f64).collect()),
        Value::Number(n) => Some(vec![*n]),
        _ => Some(Vec::new()),
    }
}

fn num_fn(args: &[Value], f: impl Fn(f64) -> f64) -> R {
    Ok(match arg(args, 0) {
        &Value::Number(n) => Value::Number(f(n)),
        _ => Value::Undefined,
    })
}

pub fn sum(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    Ok(nums(arg(&args, 0)).map(|n| Value::Number(n.iter().sum())).unwrap_or_default())
}

pub fn max(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    Ok(match nums(arg(&args, 0)) {
        Some(n) if !n.is_empty() => Value::Number(n.into_iter().fold(f64::NEG_INFINITY, f64::max)),
        _ => Value::Undefined,
    })
}

pub fn min(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    Ok(match nums(arg(&args, 0)) {
        Some(n) if !n.is_empty() => Value::Number(n.into_iter().fold(f64::INFINITY, f64::min)),
        _ => Value::Undefined,
    })
}

pub fn average(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    Ok(match nums(arg(&args, 0)) {
        Some(n) if !n.is_empty() => Value::Number(n.iter().sum::<f64>() / n.len() as f64),
        _ => Value::Undefined,
    })
}

fn is_decimal(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if b.first() == Some(&b'-') {
        i += 1;
    }
    let d0 = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    if i == d0 {
        return false;
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let f0 = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == f0 {
            return false;
        }
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let e0 = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == e0 {
            return false;
        }
    }
    i == b.len()
}

pub fn number(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    Ok(match arg(&args, 0) {
        Value::Undefined => Value::Undefined,
        &Value::Number(n) => Value::Number(n),
        &Value::Bool(b) => Value::Number(if b { 1.0 } else { 0.0 }),
        Value::String(s) => {
            if is_decimal(s) {
                match s.parse::<f64>() {
                    Ok(n) if n.is_finite() => Value::Number(n),
                    _ => return Err(err("D3030")),
                }
            } else {
                let radix = match s.get(..2) {
                    Some("0x" | "0X") => 16,
                    Some("0o" | "0O") => 8,
                    Some("0b" | "0B") => 2,
                    _ => return Err(err("D3030")),
                };
                match u64::from_str_radix(&s[2..], radix) {
                    Ok(n) => Value::Number(n as f64),
                    Err(_) => return Err(err("D3030")),
                }
            }
        }
        _ => return Err(err("D3030")),
    })
}

pub fn floor(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    num_fn(&args, f64::floor)
}

pub fn ceil(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    num_fn(&args, f64::ceil)
}

pub fn abs(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    num_fn(&args, f64::abs)
}

/// JavaScript's `Math.round` (halves round up).
fn js_round(x: f64) -> f64 {
    (x + 0.5).floor()
}

/// Shifts the decimal point by `by` places through the decimal representation (no binary noise).
fn shift(x: f64, by: i32) -> f64 {
    let s = js_number_string(x);
    let (m, e) = match s.split_once('e') {
        Some((m, e)) => (m.to_string(), e.parse::<i32>().unwrap_or(0)),
        None => (s, 0),
    };
    // Saturating: a precision like 1e300 must not overflow (it rounds to x or 0).
    format!("{m}e{}", e.saturating_add(by)).parse().unwrap_or(x)
}

/// Round half to even, at `precision` decimal places.
pub fn round_half_even(x: f64, precision: i32) -> f64 {
    let mut v = if precision != 0 { shift(x, precision) } else { x };
    let mut r = js_round(v);
    if (r - v).abs() == 0.5 && (r % 2.0).abs() == 1.0 {
        r -= 1.0;
    }
    v = if precision != 0 { shift(r, precision.saturating_neg()) } else { r };
    if v == 0.0 {
        0.0
    } else {
        v
    }
}

pub fn round(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    let &Value::Number(x) = arg(&args, 0) else { return Ok(Value::Undefined) };
    let p = arg(&args, 1).as_f64().unwrap_or(0.0) as i32;
    Ok(Value::Number(round_half_even(x, p)))
}

pub fn sqrt(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    let &Value::Number(x) = arg(&args, 0) else { return Ok(Value::Undefined) };
    if x < 0.0 {
        return Err(err("D3060"));
    }
    Ok(Value::Number(x.sqrt()))
}

pub fn power(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    let Value::Number(x) = arg(&args, 0) else { return Ok(Value::Undefined) };
    let y = arg(&args, 1).as_f64().unwrap_or(f64::NAN);
    let r = x.powf(y);
    if !r.is_finite() {
        return Err(err("D3061"));
    }
    Ok(Value::Number(r))
}

pub fn format_base(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    let &Value::Number(x) = arg(&args, 0) else { return Ok(Value::Undefined) };
    let radix = arg(&args, 1).as_f64().unwrap_or(10.0);
    if !(2.0..=36.0).contains(&radix) {
        return Err(err("D3100"));
    }
    let radix = radix as u64;
    let v = round_half_even(x, 0);
    let mut n = v.abs() as u64;
    let mut digits = Vec::new();
    loop {
        digits.push(std::char::from_digit((n % radix) as u32, radix as u32).unwrap_or('0'));
        n /= radix;
        if n == 0 {
            break;
        }
    }
    if v < 0.0 {
        digits.push('-');
    }
    Ok(Value::str(&digits.iter().rev().collect::<String>()))
}
