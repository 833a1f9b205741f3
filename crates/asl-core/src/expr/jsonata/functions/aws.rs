//! The functions AWS Step Functions adds to JSONata: `$partition`, `$range`, `$hash`,
//! `$random` (with an optional seed), `$uuid` and `$parse`. Randomness comes from the
//! environment's seeded generator, so a simulation is reproducible.

use super::{arg, err};
use crate::expr::jsonata::error::Result;
use crate::expr::jsonata::eval::{Env, Evaluator};
use crate::expr::jsonata::value::Value;

type R = Result<Value>;

fn invalid(msg: impl Into<String>) -> crate::expr::jsonata::error::Error {
    err("T0410").with_message(msg)
}

/// `$partition(array, size)`: chunks of `size` (the last may be shorter).
pub fn partition(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    let items = match arg(&args, 0).clone() {
        Value::Array(a) => a.items.clone(),
        Value::Undefined => return Ok(Value::Undefined),
        v => vec![v],
    };
    let size = arg(&args, 1).as_f64().unwrap_or(0.0);
    if size < 1.0 || size.fract() != 0.0 {
        return Err(invalid("The chunk size of $partition must be a positive integer"));
    }
    Ok(Value::array(items.chunks(size as usize).map(|c| Value::array(c.to_vec())).collect()))
}

/// `$range(start, end, step)`: inclusive of `end`; `step` defaults to 1 and may be negative.
pub fn range(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    let (Some(start), Some(end)) = (arg(&args, 0).as_f64(), arg(&args, 1).as_f64()) else {
        return Err(invalid("$range requires a numeric start and end"));
    };
    let step = arg(&args, 2).as_f64().unwrap_or(1.0);
    if step == 0.0 || !step.is_finite() {
        return Err(invalid("The step of $range must not be zero"));
    }
    let count = ((end - start) / step).floor();
    if count < 0.0 {
        return Ok(Value::array(Vec::new()));
    }
    if count >= 1e7 {
        return Err(err("D2014"));
    }
    // A sequence, as AWS's $range returns: a single number comes out unwrapped.
    Ok(Value::sequence((0..=count as u64).map(|i| Value::Number(start + i as f64 * step)).collect()))
}

/// `$hash(data, algorithm)`: hex digest; the algorithm defaults to SHA-256.
pub fn hash(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    let Value::String(data) = arg(&args, 0) else { return Ok(Value::Undefined) };
    let algorithm = arg(&args, 1).as_str().map(str::to_string).unwrap_or_else(|| "SHA-256".into());
    let b = data.as_bytes();
    let Some(digest) = crate::expr::digest::hex_digest(&algorithm, b) else {
        return Err(invalid(format!(
            "Unsupported hash algorithm {algorithm}: use MD5, SHA-1, SHA-256, SHA-384 or SHA-512"
        )));
    };
    Ok(Value::str(&digest))
}

/// `$random()` / `$random(seed)`: a number in [0, 1); a seed gives the same number every time.
pub fn random(ev: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    match arg(&args, 0) {
        Value::Number(seed) => {
            let mut x = seed.to_bits() ^ 0x9E37_79B9_7F4A_7C15;
            x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            x ^= x >> 31;
            Ok(Value::Number((x >> 11) as f64 / (1u64 << 53) as f64))
        }
        _ => Ok(Value::Number(ev.next_random())),
    }
}

/// `$uuid()`: a version 4 UUID from the seeded generator.
pub fn uuid(ev: &mut Evaluator, _: Vec<Value>, _: &Value, _: &Env) -> R {
    let mut bytes = [0u8; 16];
    for b in bytes.iter_mut() {
        *b = (ev.next_random() * 256.0) as u8;
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let h = crate::expr::digest::hex(&bytes);
    Ok(Value::str(&format!("{}-{}-{}-{}-{}", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..])))
}

/// `$parse(text)`: JSON text to a value.
pub fn parse(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    let Value::String(s) = arg(&args, 0) else { return Ok(Value::Undefined) };
    // The core's JSON reader, so that lone surrogates read as everywhere else.
    match crate::syntax::json::parse(s) {
        Ok(v) => Ok(Value::from_json(&v.to_value())),
        Err(e) => Err(err("D3140").with_message(format!("$parse: the string is not valid JSON: {e}"))),
    }
}
