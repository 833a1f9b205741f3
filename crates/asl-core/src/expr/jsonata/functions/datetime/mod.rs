//! Date/time functions. `$now()` and `$millis()` read the environment's virtual clock, never the
//! real one.

mod calendar;
mod picture;
mod read;
mod render;

use super::{arg, err};
use crate::expr::jsonata::error::Result;
use crate::expr::jsonata::eval::{Env, Evaluator};
use crate::expr::jsonata::value::Value;
use read::parse_datetime;
use render::format_datetime;

type R = Result<Value>;

// One calendar for the whole core: the same algorithms serve RFC 3339 in `time`.
use crate::run::time::{days_from_civil, format_rfc3339 as format_millis_iso};

/// Parses an ISO 8601 timestamp (date, optional time, fraction and offset) to epoch millis.
pub fn parse_iso_millis(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let t = s.get(from..from + len)?;
        if t.bytes().all(|c| c.is_ascii_digit()) {
            t.parse().ok()
        } else {
            None
        }
    };
    let y = num(0, 4)?;
    let mut i = 4;
    let (mut mo, mut d) = (1, 1);
    if b.get(i) == Some(&b'-') {
        mo = num(i + 1, 2)?;
        i += 3;
        if b.get(i) == Some(&b'-') {
            d = num(i + 1, 2)?;
            i += 3;
        }
    }
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) {
        return None;
    }
    let (mut h, mut mi, mut sec, mut frac): (i64, i64, i64, f64) = (0, 0, 0, 0.0);
    let mut offset = 0i64;
    if matches!(b.get(i), Some(b'T') | Some(b' ')) {
        h = num(i + 1, 2)?;
        i += 3;
        if b.get(i) == Some(&b':') {
            mi = num(i + 1, 2)?;
            i += 3;
            if b.get(i) == Some(&b':') {
                sec = num(i + 1, 2)?;
                i += 3;
                if b.get(i) == Some(&b'.') {
                    let start = i;
                    i += 1;
                    while b.get(i).is_some_and(u8::is_ascii_digit) {
                        i += 1;
                    }
                    frac = s[start..i].parse().ok()?;
                }
            }
        }
        match b.get(i) {
            Some(b'Z') => i += 1,
            Some(c @ (b'+' | b'-')) => {
                let sign = if *c == b'-' { -1 } else { 1 };
                let oh = num(i + 1, 2)?;
                let mut j = i + 3;
                if b.get(j) == Some(&b':') {
                    j += 1;
                }
                let om = num(j, 2).unwrap_or(0);
                i = if num(j, 2).is_some() { j + 2 } else { j };
                offset = sign * (oh * 60 + om);
            }
            _ => {}
        }
    }
    if i != b.len() {
        return None;
    }
    let days = days_from_civil(y, mo, d);
    Some(days * 86_400_000 + (h * 3600 + mi * 60 + sec) * 1000 + (frac * 1000.0).round() as i64 - offset * 60_000)
}

pub fn now(ev: &mut Evaluator, args: Vec<Value>, input: &Value, env: &Env) -> R {
    let ms = ev.cfg.now_millis;
    if arg(&args, 0).is_undefined() && arg(&args, 1).is_undefined() {
        return Ok(Value::str(&format_millis_iso(ms)));
    }
    let mut a = vec![Value::Number(ms as f64)];
    a.extend(args);
    from_millis(ev, a, input, env)
}

pub fn millis(ev: &mut Evaluator, _: Vec<Value>, _: &Value, _: &Env) -> R {
    Ok(Value::Number(ev.cfg.now_millis as f64))
}

pub fn from_millis(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    let &Value::Number(ms) = arg(&args, 0) else { return Ok(Value::Undefined) };
    if !arg(&args, 1).is_undefined() || !arg(&args, 2).is_undefined() {
        return format_datetime(ms as i64, arg(&args, 1), arg(&args, 2));
    }
    Ok(Value::str(&format_millis_iso(ms as i64)))
}

pub fn to_millis(ev: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    let Value::String(s) = arg(&args, 0) else { return Ok(Value::Undefined) };
    if !arg(&args, 1).is_undefined() {
        return parse_datetime(s, arg(&args, 1).as_str().unwrap_or_default(), ev.cfg.now_millis);
    }
    if !iso_shape(s) {
        return Err(err("D3110"));
    }
    match parse_iso_millis(s) {
        Some(ms) => Ok(Value::Number(ms as f64)),
        None => Err(err("D3110")),
    }
}

/// The reference's ISO 8601 shape check before parsing without a picture.
fn iso_shape(s: &str) -> bool {
    crate::expr::jsonata::regex::Pattern::new(
        r"^\d{4}(-[01]\d)*(-[0-3]\d)*(T[0-2]\d:[0-5]\d:[0-5]\d)*(\.\d+)?([+-][0-2]\d:?[0-5]\d|Z)?$",
        false,
        false,
    )
    .is_ok_and(|r| r.is_match(s).unwrap_or(false))
}
