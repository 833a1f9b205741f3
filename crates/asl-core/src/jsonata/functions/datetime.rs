//! Date/time functions. `$now()` and `$millis()` read the environment's virtual clock, never the
//! real one.

use super::{arg, err};
use crate::jsonata::error::Result;
use crate::jsonata::eval::{Env, Evaluator};
use crate::jsonata::value::Value;

type R = Result<Value>;

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// The civil date (year, month, day) of a day count since 1970-01-01.
pub fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719468;
    let era = if z >= 0 { z } else { z - 146096 } / 146097;
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// ISO 8601 in UTC with milliseconds, as JavaScript's `toISOString`.
pub fn format_millis_iso(ms: i64) -> String {
    let days = ms.div_euclid(86_400_000);
    let rem = ms.rem_euclid(86_400_000);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3_600_000,
        rem / 60_000 % 60,
        rem / 1000 % 60,
        rem % 1000
    )
}

/// Parses an ISO 8601 timestamp (date, optional time, fraction and offset) to epoch millis.
pub fn parse_iso_millis(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let t = s.get(from..from + len)?;
        if t.bytes().all(|c| c.is_ascii_digit()) { t.parse().ok() } else { None }
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
    let Value::Number(ms) = arg(&args, 0) else { return Ok(Value::Undefined) };
    if !arg(&args, 1).is_undefined() || !arg(&args, 2).is_undefined() {
        return super::format::picture_datetime(ms as i64, &arg(&args, 1), &arg(&args, 2));
    }
    Ok(Value::str(&format_millis_iso(ms as i64)))
}

pub fn to_millis(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    let Value::String(s) = arg(&args, 0) else { return Ok(Value::Undefined) };
    if !arg(&args, 1).is_undefined() {
        return super::format::parse_datetime(&s, &arg(&args, 1));
    }
    match parse_iso_millis(&s) {
        Some(ms) => Ok(Value::Number(ms as f64)),
        None => Err(err("D3110")),
    }
}
