//! The Format command: re-indents JSON with two spaces, keeping key order, duplicate keys and
//! every number and string exactly as written (tokens are copied, never re-serialised).

/// The formatted text, or why the text cannot be formatted (it is not JSON).
pub fn format_json(text: &str) -> Result<String, String> {
    if let Err(e) = asl_core::syntax::json::parse(text) {
        let (line, col) = asl_core::syntax::json::LineIndex::new(text).line_col(text, e.span.start);
        return Err(format!("Format needs valid JSON: line {line}, column {col}: {}", e.message));
    }
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut depth = 0usize;
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    };
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            c @ (b'{' | b'[') => {
                let close = if c == b'{' { b'}' } else { b']' };
                // Empty containers stay on one line.
                let next = text[i + 1..].trim_start();
                if next.as_bytes().first() == Some(&close) {
                    out.push(c as char);
                    out.push(close as char);
                    i = b.len() - next.len() + 1;
                } else {
                    out.push(c as char);
                    depth += 1;
                    newline(&mut out, depth);
                    i += 1;
                }
            }
            c @ (b'}' | b']') => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c as char);
                i += 1;
            }
            b',' => {
                out.push(',');
                newline(&mut out, depth);
                i += 1;
            }
            b':' => {
                out.push_str(": ");
                i += 1;
            }
            b'"' => {
                let start = i;
                i += 1;
                while b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
                out.push_str(&text[start..i]);
            }
            _ => {
                let start = i;
                while i < b.len() && !matches!(b[i], b' ' | b'\t' | b'\n' | b'\r' | b',' | b'}' | b']' | b':') {
                    i += 1;
                }
                out.push_str(&text[start..i]);
            }
        }
    }
    if text.ends_with('\n') {
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reindents_keeping_order_numbers_and_duplicates() {
        let text = "{\"b\":1.50,\"a\":[ ],\"s\":\"x, {y}\",\"b\":{\"c\":[1,2e3]}}\n";
        let out = format_json(text).unwrap();
        assert_eq!(
            out,
            "{\n  \"b\": 1.50,\n  \"a\": [],\n  \"s\": \"x, {y}\",\n  \"b\": {\n    \"c\": [\n      1,\n      2e3\n    ]\n  }\n}\n"
        );
        assert_eq!(format_json(&out).unwrap(), out, "formatting is idempotent");
    }

    #[test]
    fn refuses_text_that_is_not_json() {
        let err = format_json("{\n  \"a\": }").unwrap_err();
        assert!(err.starts_with("Format needs valid JSON: line 2, column 8"), "{err}");
    }
}
