//! `States.Format`, `States.Base64Encode`/`Base64Decode`, `States.Hash`, `States.StringSplit`.

use base64::Engine;
use serde_json::Value;

use super::Fail;
use crate::expr::intrinsic::Function;

pub(super) fn evaluate(function: Function, args: &[Value], fail: Fail) -> Result<Value, String> {
    match function {
        Function::Format => format(args, fail),
        Function::Base64Encode => match args[0].as_str() {
            Some(s) => Ok(Value::String(base64::engine::general_purpose::STANDARD.encode(s))),
            None => fail("the argument must be a string"),
        },
        Function::Base64Decode => match args[0].as_str() {
            Some(s) => base64::engine::general_purpose::STANDARD
                .decode(s)
                .ok()
                .and_then(|bytes| String::from_utf8(bytes).ok())
                .map_or_else(|| fail("the argument is not Base64 text"), |s| Ok(Value::String(s))),
            None => fail("the argument must be a string"),
        },
        Function::Hash => {
            let data = match &args[0] {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let Some(digest) = args[1].as_str().and_then(|a| crate::expr::digest::hex_digest(a, data.as_bytes()))
            else {
                return fail("the algorithm must be MD5, SHA-1, SHA-256, SHA-384 or SHA-512");
            };
            Ok(Value::String(digest))
        }
        Function::StringSplit => match (args[0].as_str(), args[1].as_str()) {
            (Some(s), Some(delimiters)) => Ok(Value::Array(
                s.split(|c| delimiters.contains(c))
                    .filter(|p| !p.is_empty())
                    .map(|p| Value::String(p.to_string()))
                    .collect(),
            )),
            _ => fail("takes two strings"),
        },
        _ => unreachable!("not a text function: {function:?}"),
    }
}

/// `States.Format`: each `{}` takes the next argument; `\{` and `\}` are literal braces.
fn format(args: &[Value], fail: Fail) -> Result<Value, String> {
    let Some(template) = args[0].as_str() else { return fail("the template must be a string") };
    let mut out = String::new();
    let mut rest = args[1..].iter();
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if matches!(chars.peek(), Some('{' | '}')) => out.push(chars.next().unwrap_or('{')),
            '{' if chars.peek() == Some(&'}') => {
                chars.next();
                match rest.next() {
                    Some(v) => java_text(v, &mut out),
                    None => return fail("more placeholders '{}' than arguments"),
                }
            }
            c => out.push(c),
        }
    }
    if rest.next().is_some() {
        return fail("more arguments than placeholders '{}'");
    }
    Ok(Value::String(out))
}

/// How AWS prints a value into `States.Format`: strings bare, objects and arrays as Java's
/// collections print themselves (`{a=1, b=[x, y]}`).
fn java_text(value: &Value, out: &mut String) {
    let list = |out: &mut String, open: char, close: char, items: &mut dyn Iterator<Item = (Option<&str>, &Value)>| {
        out.push(open);
        for (i, (key, v)) in items.enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            if let Some(k) = key {
                out.push_str(k);
                out.push('=');
            }
            java_text(v, out);
        }
        out.push(close);
    };
    match value {
        Value::String(s) => out.push_str(s),
        Value::Array(items) => list(out, '[', ']', &mut items.iter().map(|v| (None, v))),
        Value::Object(map) => list(out, '{', '}', &mut map.iter().map(|(k, v)| (Some(k.as_str()), v))),
        other => out.push_str(&other.to_string()),
    }
}
