//! String functions.

use super::{arg, err, regex_matches, regex_of, string_of, utf16_index};
use crate::expr::jsonata::error::Result;
use crate::expr::jsonata::eval::{Env, Evaluator};
use crate::expr::jsonata::value::{ObjMap, Value};

type R = Result<Value>;

fn s_arg(args: &[Value], i: usize) -> Option<&str> {
    args.get(i).and_then(Value::as_str)
}

fn n_arg(args: &[Value], i: usize) -> Option<f64> {
    args.get(i).and_then(Value::as_f64)
}

pub fn string(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    let v = arg(&args, 0);
    if v.is_undefined() {
        return Ok(Value::Undefined);
    }
    let pretty = matches!(arg(&args, 1), Value::Bool(true));
    Ok(Value::str(&string_of(v, pretty)?))
}

/// JavaScript's `Array.prototype.slice` index normalisation.
fn slice_index(i: f64, len: usize) -> usize {
    let len = len as f64;
    let i = if i.is_nan() { 0.0 } else { i.trunc() };
    (if i < 0.0 { (len + i).max(0.0) } else { i.min(len) }) as usize
}

pub fn substring(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    let Some(s) = s_arg(&args, 0) else { return Ok(Value::Undefined) };
    let chars: Vec<char> = s.chars().collect();
    let len = chars.len();
    let mut start = n_arg(&args, 1).unwrap_or(0.0);
    if len as f64 + start < 0.0 {
        start = 0.0;
    }
    let from = slice_index(start, len);
    let to = match n_arg(&args, 2) {
        Some(length) => {
            if length <= 0.0 {
                return Ok(Value::str(""));
            }
            let end = if start >= 0.0 { start + length } else { len as f64 + start + length };
            slice_index(end, len)
        }
        None => len,
    };
    Ok(Value::str(&if from < to { chars[from..to].iter().collect::<String>() } else { String::new() }))
}

pub fn substring_before(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    let Some(s) = s_arg(&args, 0) else { return Ok(Value::Undefined) };
    let Some(c) = s_arg(&args, 1) else { return Ok(Value::str(s)) };
    Ok(Value::str(match s.find(c) {
        Some(i) => &s[..i],
        None => s,
    }))
}

pub fn substring_after(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    let Some(s) = s_arg(&args, 0) else { return Ok(Value::Undefined) };
    let Some(c) = s_arg(&args, 1) else { return Ok(Value::str(s)) };
    Ok(Value::str(match s.find(c) {
        Some(i) => &s[i + c.len()..],
        None => s,
    }))
}

pub fn lowercase(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    Ok(s_arg(&args, 0).map(|s| Value::str(&s.to_lowercase())).unwrap_or_default())
}

pub fn uppercase(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    Ok(s_arg(&args, 0).map(|s| Value::str(&super::case::uppercase(s))).unwrap_or_default())
}

pub fn length(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    Ok(s_arg(&args, 0).map(|s| Value::Number(s.chars().count() as f64)).unwrap_or_default())
}

pub fn trim(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    let Some(s) = s_arg(&args, 0) else { return Ok(Value::Undefined) };
    let mut out = String::new();
    let mut in_ws = false;
    for c in s.chars() {
        if matches!(c, ' ' | '\t' | '\n' | '\r') {
            if !in_ws {
                out.push(' ');
            }
            in_ws = true;
        } else {
            out.push(c);
            in_ws = false;
        }
    }
    let out = out.strip_prefix(' ').unwrap_or(&out);
    let out = out.strip_suffix(' ').unwrap_or(out);
    Ok(Value::str(out))
}

pub fn pad(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    let Some(s) = s_arg(&args, 0) else { return Ok(Value::Undefined) };
    let width = n_arg(&args, 1).unwrap_or(0.0);
    let ch = s_arg(&args, 2).filter(|c| !c.is_empty()).unwrap_or(" ");
    let pad_len = width.abs().trunc() as i64 - s.chars().count() as i64;
    if pad_len <= 0 {
        return Ok(Value::str(s));
    }
    // The reference fails allocating a padding this large; so do we, rather than exhaust memory.
    if pad_len > 10_000_000 {
        return Err(err("D1001"));
    }
    let padding: String = ch.chars().cycle().take(pad_len as usize).collect();
    Ok(Value::str(&if width > 0.0 { format!("{s}{padding}") } else { format!("{padding}{s}") }))
}

pub fn contains(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    let Some(s) = s_arg(&args, 0) else { return Ok(Value::Undefined) };
    let token = arg(&args, 1);
    Ok(Value::Bool(match (&token, regex_of(token)) {
        (Value::String(t), _) => s.contains(&**t),
        (_, Some(r)) => r.regex.is_match(s)?,
        (Value::Undefined, _) => return Ok(Value::Undefined),
        _ => return Err(err("T1010")),
    }))
}

fn limit_arg(args: &[Value], i: usize, code: &'static str) -> Result<Option<usize>> {
    match n_arg(args, i) {
        Some(l) if l < 0.0 => Err(err(code)),
        Some(l) => Ok(Some(l as usize)),
        None => Ok(None),
    }
}

pub fn split(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    let Some(s) = s_arg(&args, 0) else { return Ok(Value::Undefined) };
    let limit = limit_arg(&args, 2, "D3020")?;
    let sep = arg(&args, 1);
    let mut parts: Vec<String> = Vec::new();
    if let Value::String(sep) = &sep {
        if sep.is_empty() {
            parts = s.chars().map(String::from).collect();
        } else {
            parts = s.split(&**sep).map(String::from).collect();
        }
        if let Some(l) = limit {
            parts.truncate(l);
        }
    } else if let Some(r) = regex_of(sep) {
        if limit != Some(0) {
            let ms = regex_matches(&r, s, limit)?;
            let mut start = 0;
            for m in &ms {
                parts.push(s[start..m.start.max(start)].to_string());
                start = m.end;
            }
            if limit.is_none_or(|l| ms.len() < l) {
                parts.push(s[start.min(s.len())..].to_string());
            }
        }
    } else {
        return Err(err("T1010"));
    }
    Ok(Value::array(parts.iter().map(|p| Value::str(p)).collect()))
}

pub fn join(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    let v = arg(&args, 0);
    let Value::Array(a) = v else { return Ok(Value::Undefined) };
    let sep = s_arg(&args, 1).unwrap_or_default();
    let parts: Vec<&str> = a.items.iter().filter_map(Value::as_str).collect();
    Ok(Value::str(&parts.join(sep)))
}

/// `$match` with a user-defined matcher: a function returning `{match, start, end, groups,
/// next}` objects, `next` giving the following match.
fn custom_matches(ev: &mut Evaluator, s: &str, f: &Value, limit: Option<usize>, env: &Env) -> R {
    let mut out = Vec::new();
    let mut m = ev.apply(f, vec![Value::str(s)], &Value::Undefined, env)?;
    while !m.is_undefined() && limit.is_none_or(|l| out.len() < l) {
        let (matched, start, groups, next) = (m.get("match"), m.get("start"), m.get("groups"), m.get("next"));
        if !matches!(matched, Value::String(_)) || !matches!(start, Value::Number(_)) || !groups.is_array() {
            return Err(err("T1010"));
        }
        let mut o = ObjMap::new();
        o.insert("match", matched);
        o.insert("index", start);
        o.insert("groups", groups);
        out.push(Value::object(o));
        if !next.is_function() {
            break;
        }
        m = ev.apply(&next, Vec::new(), &Value::Undefined, env)?;
    }
    Ok(Value::sequence(out))
}

pub fn match_(ev: &mut Evaluator, args: Vec<Value>, _: &Value, env: &Env) -> R {
    let Some(s) = s_arg(&args, 0) else { return Ok(Value::Undefined) };
    let limit = limit_arg(&args, 2, "D3040")?;
    let matcher = arg(&args, 1);
    let Some(r) = regex_of(matcher) else { return custom_matches(ev, s, matcher, limit, env) };
    let mut out = Vec::new();
    if limit != Some(0) {
        for m in regex_matches(&r, s, limit)? {
            let mut o = ObjMap::new();
            o.insert("match", Value::str(&m.matched));
            o.insert("index", Value::Number(utf16_index(s, m.start) as f64));
            o.insert("groups", Value::array(m.groups));
            out.push(Value::object(o));
        }
    }
    Ok(Value::sequence(out))
}

pub fn replace(ev: &mut Evaluator, args: Vec<Value>, _: &Value, env: &Env) -> R {
    let Some(s) = s_arg(&args, 0) else { return Ok(Value::Undefined) };
    let pattern = arg(&args, 1);
    let replacement = arg(&args, 2);
    if pattern.as_str() == Some("") {
        return Err(err("D3010"));
    }
    let limit = limit_arg(&args, 3, "D3011")?;
    if limit == Some(0) {
        return Ok(Value::str(s));
    }
    if let Value::String(p) = &pattern {
        let rep = match &replacement {
            Value::String(r) => r.to_string(),
            _ => return Err(err("D3012")),
        };
        let mut out = String::new();
        let mut count = 0;
        let mut pos = 0;
        while let Some(i) = s[pos..].find(&**p) {
            if limit.is_some_and(|l| count >= l) {
                break;
            }
            out.push_str(&s[pos..pos + i]);
            out.push_str(&rep);
            pos += i + p.len();
            count += 1;
        }
        out.push_str(&s[pos..]);
        return Ok(Value::str(&out));
    }
    let Some(r) = regex_of(pattern) else { return Err(err("T1010")) };
    let ms = regex_matches(&r, s, limit)?;
    let mut out = String::new();
    let mut pos = 0;
    for m in ms {
        out.push_str(&s[pos..m.start.max(pos)]);
        let with = match &replacement {
            Value::String(rep) => Value::str(&substitute(rep, &m.matched, &m.groups)),
            f @ Value::Function(_) => {
                let mut o = ObjMap::new();
                o.insert("match", Value::str(&m.matched));
                o.insert("index", Value::Number(utf16_index(s, m.start) as f64));
                o.insert("groups", Value::array(m.groups.clone()));
                ev.apply(f, vec![Value::object(o)], &Value::Undefined, env)?
            }
            _ => return Err(err("D3012")),
        };
        match with {
            Value::String(w) => out.push_str(&w),
            _ => return Err(err("D3012")),
        }
        pos = m.end;
    }
    out.push_str(&s[pos.min(s.len())..]);
    Ok(Value::str(&out))
}

/// Expands `$0`, `$1`.., `$$` in a replacement string as the reference does.
fn substitute(rep: &str, matched: &str, groups: &[Value]) -> String {
    let b = rep.as_bytes();
    let mut out = String::new();
    let mut pos = 0;
    while let Some(off) = rep[pos..].find('$') {
        let index = pos + off;
        out.push_str(&rep[pos..index]);
        pos = index + 1;
        match b.get(pos) {
            Some(b'$') => {
                out.push('$');
                pos += 1;
            }
            Some(b'0') => {
                out.push_str(matched);
                pos += 1;
            }
            _ => {
                // floor(log10(n)) + 1: the number of decimal digits of n.
                let max_digits = groups.len().max(1).to_string().len();
                let digits = |n: usize| -> Option<usize> {
                    let d: String = rep[pos..].chars().take(n).take_while(|c| c.is_ascii_digit()).collect();
                    d.parse().ok()
                };
                let mut idx = digits(max_digits);
                if max_digits > 1 && idx.is_some_and(|i| i > groups.len()) {
                    idx = digits(max_digits - 1);
                }
                match idx {
                    Some(i) => {
                        if i >= 1 {
                            if let Some(Value::String(g)) = groups.get(i - 1) {
                                out.push_str(g);
                            }
                        }
                        pos += i.to_string().len();
                    }
                    None => out.push('$'),
                }
            }
        }
    }
    out.push_str(rep.get(pos..).unwrap_or_default());
    out
}

const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding, by the crate the intrinsics use (one encoder in the wasm).
pub fn base64_encode(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

pub fn base64encode(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    Ok(s_arg(&args, 0).map(|s| Value::str(&base64_encode(s.as_bytes()))).unwrap_or_default())
}

pub fn base64decode(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    let Some(s) = s_arg(&args, 0) else { return Ok(Value::Undefined) };
    let mut bits = 0u32;
    let mut nbits = 0;
    let mut out = Vec::new();
    for c in s.bytes() {
        let Some(v) = B64.iter().position(|&x| x == c) else { continue };
        bits = bits << 6 | v as u32;
        nbits += 6;
        if nbits >= 8 {
            nbits -= 8;
            out.push((bits >> nbits) as u8);
            bits &= (1 << nbits) - 1;
        }
    }
    Ok(Value::str(&String::from_utf8_lossy(&out)))
}

/// `encodeURIComponent`/`encodeURI`; a lone surrogate (its stand-in, see `json::lone_surrogate`)
/// fails as in JavaScript, with the reference's D3140.
fn encode(s: &str, keep: &str, name: &str) -> Result<String> {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || "-_.!~*'()".contains(c) || keep.contains(c) {
            out.push(c);
        } else if crate::syntax::json::stand_in_surrogate(c).is_some() {
            return Err(err("D3140").with_message(format!("Malformed URL passed to ${name}(): {s}")));
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push('%');
                out.push(HEX[(b >> 4) as usize] as char);
                out.push(HEX[(b & 15) as usize] as char);
            }
        }
    }
    Ok(out)
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

fn decode(s: &str, reserved: &str) -> Result<String> {
    let b = s.as_bytes();
    let mut out: Vec<u8> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok());
            let Some(byte) = hex else { return Err(err("D3140")) };
            if byte < 0x80 && reserved.contains(byte as char) {
                out.extend_from_slice(&b[i..i + 3]);
            } else {
                out.push(byte);
            }
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| err("D3140"))
}

pub fn encode_url_component(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    match s_arg(&args, 0) {
        Some(s) => Ok(Value::str(&encode(s, "", "encodeUrlComponent")?)),
        None => Ok(Value::Undefined),
    }
}

pub fn encode_url(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    match s_arg(&args, 0) {
        Some(s) => Ok(Value::str(&encode(s, ";,/?:@&=+$#", "encodeUrl")?)),
        None => Ok(Value::Undefined),
    }
}

pub fn decode_url_component(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    match s_arg(&args, 0) {
        Some(s) => Ok(Value::str(&decode(s, "")?)),
        None => Ok(Value::Undefined),
    }
}

pub fn decode_url(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    match s_arg(&args, 0) {
        Some(s) => Ok(Value::str(&decode(s, ";,/?:@&=+$#")?)),
        None => Ok(Value::Undefined),
    }
}
