//! A small YAML writer for JSON values: block mappings and lists, two-space indents, keys in
//! order. Hand-written rather than a YAML library's emitter, which would add its weight to the
//! app for this one job.
//!
//! **Guarantees**: what it writes reads back ([`asl_core::syntax::yaml`]) as the same value, in
//! the same key order (tested over every sample; [`super::patch`] checks each write-back too). A
//! string is written plain only when that is unambiguous: it reads as a string under the core
//! schema, has no leading indicator or surrounding space, and holds none of `: `, ` #`, flow
//! brackets, commas, quotes or control characters. Any other string is a double-quoted JSON
//! string (JSON's escapes are YAML's), multi-line strings included.

use serde_json::Value;

/// A value as a YAML document (a final line break included).
pub fn to_string(v: &Value) -> String {
    let mut out = String::new();
    match v {
        Value::Object(m) if !m.is_empty() => block(&mut out, v, 0),
        Value::Array(a) if !a.is_empty() => block(&mut out, v, 0),
        _ => {
            out.push_str(&scalar(v));
            out.push('\n');
        }
    }
    out
}

fn is_block(v: &Value) -> bool {
    matches!(v, Value::Object(m) if !m.is_empty()) || matches!(v, Value::Array(a) if !a.is_empty())
}

/// A non-empty mapping or list, each line at `indent` (a list item's first line is the caller's).
fn block(out: &mut String, v: &Value, indent: usize) {
    match v {
        Value::Object(m) => {
            for (k, val) in m {
                pad(out, indent);
                out.push_str(&scalar(&Value::String(k.clone())));
                out.push(':');
                value_after(out, val, indent + 2);
            }
        }
        Value::Array(items) => {
            for item in items {
                pad(out, indent);
                out.push('-');
                if is_block(item) {
                    // The item's first line goes after the dash, the rest at its indentation.
                    let mut inner = String::new();
                    block(&mut inner, item, indent + 2);
                    out.push(' ');
                    out.push_str(&inner[indent + 2..]);
                } else {
                    out.push(' ');
                    out.push_str(&scalar(item));
                    out.push('\n');
                }
            }
        }
        _ => {}
    }
}

/// What follows `key:`: a scalar on the same line, or a block on the next lines.
fn value_after(out: &mut String, v: &Value, indent: usize) {
    if is_block(v) {
        out.push('\n');
        block(out, v, indent);
    } else {
        out.push(' ');
        out.push_str(&scalar(v));
        out.push('\n');
    }
}

fn pad(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

/// A scalar (or an empty collection) as YAML writes it on one line.
pub fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) if plain(s) => s.clone(),
        Value::Object(m) if m.is_empty() => "{}".into(),
        Value::Array(a) if a.is_empty() => "[]".into(),
        // JSON text is YAML flow: strings double-quoted with JSON's escapes.
        _ => v.to_string(),
    }
}

/// Whether `s` can be written as a plain scalar and read back as itself.
fn plain(s: &str) -> bool {
    let Some(first) = s.chars().next() else { return false };
    let indicator = matches!(
        first,
        '-' | '?'
            | ':'
            | ','
            | '['
            | ']'
            | '{'
            | '}'
            | '#'
            | '&'
            | '*'
            | '!'
            | '|'
            | '>'
            | '\''
            | '"'
            | '%'
            | '@'
            | '`'
    );
    !indicator
        && !first.is_whitespace()
        && !s.ends_with([' ', ':'])
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.contains(['[', ']', '{', '}', ',', '"', '\''])
        && !s.chars().any(|c| c.is_control() || c == '\u{feff}' || c == '\u{2028}' || c == '\u{2029}')
        && asl_core::syntax::yaml::plain_is_string(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn writes_blocks_that_read_back() {
        let v = json!({
            "StartAt": "A",
            "States": {"A": {"Type": "Pass", "Result": {"x": [1, {"y": null}, [true, "s"]], "e": {}, "l": []}, "End": true}},
            "odd": ["", " x", "a: b", "a #b", "- x", "true", "1.5", "null", "~", "line\nbreak", "{x}", "it's", "$.path", "ä ö"],
        });
        let text = to_string(&v);
        assert!(text.starts_with("StartAt: A\nStates:\n  A:\n    Type: Pass\n    Result:\n      x:\n        - 1\n        - y: null\n        - - true\n          - s\n"), "{text}");
        let back = asl_core::syntax::yaml::parse(&text).unwrap().to_value();
        assert_eq!(back, v, "{text}");
        assert_eq!(to_string(&json!("plain")), "plain\n");
        assert_eq!(to_string(&json!([])), "[]\n");
        assert!(
            text.contains("- $.path\n") && text.contains("- \"true\"\n") && text.contains("- \"line\\nbreak\"\n"),
            "{text}"
        );
    }
}
