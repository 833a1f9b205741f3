//! JSON and YAML syntax highlighting, one line at a time. JSON strings never span lines, so a line
//! can be tokenised on its own: the editor renders only the lines on screen, which keeps typing
//! cheap on a 5,000-line definition. YAML is tokenised per line too ([`yaml_tokens`]): the lines
//! of a block scalar (`|`, `>`) are read as if they were plain lines, the price of not looking back.

use std::fmt::Write;
use std::ops::Range;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Token {
    Key,
    String,
    Number,
    /// `true`, `false`, `null`.
    Literal,
    Punctuation,
    /// Anything that is not JSON.
    Invalid,
    /// A YAML comment.
    Comment,
}

impl Token {
    pub fn class(self) -> &'static str {
        match self {
            Token::Key => "tk-key",
            Token::String => "tk-str",
            Token::Number => "tk-num",
            Token::Literal => "tk-lit",
            Token::Punctuation => "tk-punct",
            Token::Invalid => "tk-bad",
            Token::Comment => "tk-comment",
        }
    }
}

/// The tokens of one line (byte ranges within the line); white space is not a token.
pub fn tokens(line: &str) -> Vec<(Range<usize>, Token)> {
    let b = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let start = i;
        let token = match b[i] {
            b' ' | b'\t' | b'\r' => {
                i += 1;
                continue;
            }
            b'"' => {
                let (end, token) = quoted(line, i, true);
                i = end;
                token
            }
            b'{' | b'}' | b'[' | b']' | b':' | b',' => {
                i += 1;
                Token::Punctuation
            }
            b'-' | b'0'..=b'9' => {
                i += 1;
                while i < b.len() && matches!(b[i], b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-') {
                    i += 1;
                }
                Token::Number
            }
            _ => {
                while i < b.len() && !matches!(b[i], b' ' | b'\t' | b'"' | b'{' | b'}' | b'[' | b']' | b':' | b',') {
                    i += 1;
                }
                // Stay on a character boundary (non-ASCII garbage).
                while !line.is_char_boundary(i) {
                    i += 1;
                }
                if matches!(&line[start..i], "true" | "false" | "null") {
                    Token::Literal
                } else {
                    Token::Invalid
                }
            }
        };
        out.push((start..i, token));
    }
    out
}

/// The quoted string starting at `start` (its quote character), ending past its closing quote or
/// at the line's end: a key when a `:` follows, else a string. `escapes`: `\` escapes a character.
fn quoted(line: &str, start: usize, escapes: bool) -> (usize, Token) {
    let b = line.as_bytes();
    let quote = b[start];
    let mut i = start + 1;
    while i < b.len() && b[i] != quote {
        i += if escapes && b[i] == b'\\' { 2 } else { 1 };
    }
    let end = (i + 1).min(b.len());
    let token = if line[end..].trim_start().starts_with(':') { Token::Key } else { Token::String };
    (end, token)
}

/// The tokens of one line of YAML: keys (a scalar before `: `), quoted and plain strings,
/// numbers and literals (`true`, `false`, `null`, `~`), indicators (`- : { } [ ] , | > & * !`)
/// and comments.
pub fn yaml_tokens(line: &str) -> Vec<(Range<usize>, Token)> {
    let b = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    // Inside `{ }` or `[ ]`, where `,` and brackets end a plain scalar.
    let mut flow = 0usize;
    while i < b.len() {
        let start = i;
        let token = match b[i] {
            b' ' | b'\t' | b'\r' => {
                i += 1;
                continue;
            }
            b'#' if i == 0 || matches!(b[i - 1], b' ' | b'\t') => {
                i = b.len();
                Token::Comment
            }
            b'"' | b'\'' => {
                // Only a double-quoted YAML string has escapes (a single-quoted one doubles `'`).
                let (end, token) = quoted(line, i, b[i] == b'"');
                i = end;
                token
            }
            b'{' | b'[' => {
                flow += 1;
                i += 1;
                Token::Punctuation
            }
            b'}' | b']' => {
                flow = flow.saturating_sub(1);
                i += 1;
                Token::Punctuation
            }
            b',' if flow > 0 => {
                i += 1;
                Token::Punctuation
            }
            b'-' | b':' | b'?' if b.get(i + 1).is_none_or(|c| matches!(c, b' ' | b'\t')) => {
                i += 1;
                Token::Punctuation
            }
            b'|' | b'>' | b'&' | b'*' | b'!' => {
                while i < b.len() && !matches!(b[i], b' ' | b'\t') {
                    i += 1;
                }
                Token::Punctuation
            }
            _ => {
                let (end, range, token) = plain_scalar(line, start, flow);
                i = end;
                out.push((range, token));
                continue;
            }
        };
        out.push((start..i, token));
    }
    out
}

/// The plain scalar starting at `start`: it runs to `: `, ` #`, the line's end, or in flow
/// (`flow > 0`) to `,]}`. Returns where scanning stops, the scalar's range without trailing white
/// space, and its token: a key when a `:` stops it, else a literal, a number or a string.
fn plain_scalar(line: &str, start: usize, flow: usize) -> (usize, Range<usize>, Token) {
    let b = line.as_bytes();
    let mut i = start;
    while i < b.len() {
        let at_colon = b[i] == b':'
            && b.get(i + 1).is_none_or(|c| matches!(c, b' ' | b'\t') || (flow > 0 && matches!(c, b',' | b']' | b'}')));
        let at_comment = b[i] == b'#' && matches!(b[i - 1], b' ' | b'\t');
        if at_colon || at_comment || (flow > 0 && matches!(b[i], b',' | b']' | b'}')) {
            break;
        }
        i += 1;
    }
    while !line.is_char_boundary(i) {
        i += 1;
    }
    let end = start + line[start..i].trim_end().len();
    let word = &line[start..end];
    let token = if i < b.len() && b[i] == b':' {
        Token::Key
    } else if matches!(word, "true" | "false" | "null" | "~" | "True" | "False" | "Null" | "TRUE" | "FALSE" | "NULL") {
        Token::Literal
    } else if word.parse::<f64>().is_ok() && !word.ends_with('.') {
        Token::Number
    } else {
        Token::String
    };
    (i, start..end, token)
}

/// A decoration over a byte range of the whole text: a diagnostic, a matched bracket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    pub range: Range<usize>,
    pub class: &'static str,
}

fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

/// HTML for one line starting at byte `offset` of the text: spans with token classes and the
/// classes of the marks over them. A mark with no width shows as a small mark of its own.
pub fn render_line(out: &mut String, line: &str, offset: usize, marks: &[Mark]) {
    render(out, line, offset, marks, tokens)
}

/// [`render_line`] for a line of YAML.
pub fn render_yaml_line(out: &mut String, line: &str, offset: usize, marks: &[Mark]) {
    render(out, line, offset, marks, yaml_tokens)
}

/// A one-line tokenizer: [`tokens`] or [`yaml_tokens`].
type Tokenizer = fn(&str) -> Vec<(Range<usize>, Token)>;

fn render(out: &mut String, line: &str, offset: usize, marks: &[Mark], tokens: Tokenizer) {
    let line = line.strip_suffix('\r').unwrap_or(line);
    let end = offset + line.len();
    let toks = tokens(line);
    let mut cuts: Vec<usize> = vec![0, line.len()];
    for (r, _) in &toks {
        cuts.extend([r.start, r.end]);
    }
    let local: Vec<(Range<usize>, &str)> = marks
        .iter()
        .filter(|m| m.range.start <= end && m.range.end >= offset)
        .map(|m| (m.range.start.max(offset) - offset..m.range.end.min(end) - offset, m.class))
        .collect();
    for (r, _) in &local {
        cuts.extend([r.start, r.end]);
    }
    cuts.retain(|&c| line.is_char_boundary(c));
    cuts.sort_unstable();
    cuts.dedup();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let mut classes = String::new();
        if let Some((_, t)) = toks.iter().find(|(r, _)| r.start <= a && b <= r.end) {
            classes.push_str(t.class());
        }
        for (r, class) in &local {
            if r.start <= a && b <= r.end && r.start < r.end {
                if !classes.is_empty() {
                    classes.push(' ');
                }
                classes.push_str(class);
            }
        }
        if classes.is_empty() {
            escape_into(out, &line[a..b]);
        } else {
            let _ = write!(out, "<span class=\"{classes}\">");
            escape_into(out, &line[a..b]);
            out.push_str("</span>");
        }
    }
    for (r, class) in &local {
        if r.start == r.end {
            // Zero-width (e.g. "unexpected end of text"): a visible stub where it points.
            let _ = write!(out, "<span class=\"{class} empty\"></span>");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_strings_numbers_literals_and_garbage() {
        let line = r#"  "Type": "Pass", "n": -1.5e3, "ok": true, x"#;
        let kinds: Vec<(&str, Token)> = tokens(line).into_iter().map(|(r, t)| (&line[r], t)).collect();
        assert_eq!(
            kinds,
            vec![
                ("\"Type\"", Token::Key),
                (":", Token::Punctuation),
                ("\"Pass\"", Token::String),
                (",", Token::Punctuation),
                ("\"n\"", Token::Key),
                (":", Token::Punctuation),
                ("-1.5e3", Token::Number),
                (",", Token::Punctuation),
                ("\"ok\"", Token::Key),
                (":", Token::Punctuation),
                ("true", Token::Literal),
                (",", Token::Punctuation),
                ("x", Token::Invalid),
            ]
        );
        // An escaped quote does not end the string; an unterminated string runs to the end.
        assert_eq!(tokens(r#""a\"b" "c"#).len(), 2);
    }

    #[test]
    fn yaml_keys_values_indicators_and_comments() {
        let kinds = |line: &'static str| -> Vec<(&'static str, Token)> {
            yaml_tokens(line).into_iter().map(|(r, t)| (&line[r], t)).collect()
        };
        use Token::*;
        assert_eq!(
            kinds("  - Type: Pass   # a comment"),
            vec![("-", Punctuation), ("Type", Key), (":", Punctuation), ("Pass", String), ("# a comment", Comment)]
        );
        assert_eq!(
            kinds("Resource: arn:aws:states:::lambda:invoke"),
            vec![("Resource", Key), (":", Punctuation), ("arn:aws:states:::lambda:invoke", String)]
        );
        assert_eq!(kinds("n: -1.5 # x"), vec![("n", Key), (":", Punctuation), ("-1.5", Number), ("# x", Comment)]);
        assert_eq!(
            kinds("A: {Type: Pass, End: true}"),
            vec![
                ("A", Key),
                (":", Punctuation),
                ("{", Punctuation),
                ("Type", Key),
                (":", Punctuation),
                ("Pass", String),
                (",", Punctuation),
                ("End", Key),
                (":", Punctuation),
                ("true", Literal),
                ("}", Punctuation)
            ]
        );
        assert_eq!(kinds("'a b': \"c#d\""), vec![("'a b'", Key), (":", Punctuation), ("\"c#d\"", String)]);
        assert_eq!(kinds("s: |-"), vec![("s", Key), (":", Punctuation), ("|-", Punctuation)]);
        assert_eq!(kinds("x: a#b"), vec![("x", Key), (":", Punctuation), ("a#b", String)]);
        for odd in ["\u{e4}: \u{f6}", "#", ":", "- ", "'unterminated", "{[", "a:b", "\"\\"] {
            let _ = yaml_tokens(odd);
        }
    }

    #[test]
    fn renders_escaped_html_with_marks_split_over_tokens() {
        let mut out = String::new();
        let marks = [Mark { range: 12..16, class: "mk-error" }];
        render_line(&mut out, r#""<a>": "Pass""#, 4, &marks);
        assert_eq!(
            out,
            r#"<span class="tk-key">"&lt;a&gt;"</span><span class="tk-punct">:</span> <span class="tk-str">"</span><span class="tk-str mk-error">Pass</span><span class="tk-str">"</span>"#
        );
    }
}
