//! Spanned JSON: a JSON tree in which every value and every object key keeps its byte range in the
//! source text, so that diagnostics, the editor and the diagram can point at the exact text.
//!
//! The accepted language is strict JSON (RFC 8259), as AWS accepts it. Duplicate keys are kept in
//! order (not merged) so that the validator can report them.

use std::borrow::Cow;
use std::fmt;

use serde_json::Number;

/// Where a lone UTF-16 surrogate is kept. JSON text (and a JSONata string escape) may write one,
/// `"\uD800"`, which JavaScript and Java strings hold but a Rust `String` cannot. Every lone
/// surrogate U+D800 + k read anywhere in the core becomes the stand-in character
/// U+10F800 + k: the last 2,048 code points of plane 16 (private use), one per surrogate. So it
/// stays one character, as in the reference; JSONata's `$encodeUrl` and `$encodeUrlComponent`
/// fail on it (D3140) as on a lone surrogate; its JSON text (`$string`) is the escape again.
/// The price: those 2,048 private-use characters, written literally, count as lone surrogates.
pub const LONE_SURROGATE_STAND_IN: u32 = 0x10F800;

/// The stand-in of surrogate `code` (0xD800..=0xDFFF); any other code maps to U+FFFD.
pub fn lone_surrogate(code: u32) -> char {
    match code {
        0xD800..=0xDFFF => char::from_u32(LONE_SURROGATE_STAND_IN + (code - 0xD800)).unwrap_or('\u{FFFD}'),
        _ => '\u{FFFD}',
    }
}

/// The surrogate a stand-in character holds, if it is one.
pub fn stand_in_surrogate(c: char) -> Option<u32> {
    (c as u32).checked_sub(LONE_SURROGATE_STAND_IN).map(|k| 0xD800 + k)
}

/// A byte range `start..end` in the definition text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    pub fn contains(&self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }
}

/// A JSON value with the byte range it was parsed from. Strings without escapes borrow from
/// the text, so building the tree allocates little.
#[derive(Clone, Debug, PartialEq)]
pub struct Node<'a> {
    pub span: Span,
    pub kind: Kind<'a>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Kind<'a> {
    Null,
    Bool(bool),
    Number(Number),
    String(Cow<'a, str>),
    Array(Vec<Node<'a>>),
    /// Members in source order; duplicate keys are kept.
    Object(Vec<Member<'a>>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Member<'a> {
    pub key: Cow<'a, str>,
    pub key_span: Span,
    pub value: Node<'a>,
}

/// Why the text is not JSON. `span` is where the parser gave up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    pub span: Span,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// How deep arrays and objects may nest: deeper text is refused rather than risking the stack.
pub const MAX_DEPTH: usize = 256;

/// Parses strict JSON (RFC 8259) into a spanned tree.
///
/// Hand-written rather than a library: it is one small pass over the bytes that builds the
/// spanned tree directly, which keeps parse + validate of a 1,000-state definition within its
/// time budget, and its error messages say what was expected where.
pub fn parse(text: &str) -> Result<Node<'_>, SyntaxError> {
    let mut p = Parser { text, bytes: text.as_bytes(), pos: 0, depth: 0 };
    p.skip_ws();
    if p.pos == p.bytes.len() {
        return Err(p.error_at(p.pos, "The text is empty: expected a JSON value"));
    }
    let node = p.value()?;
    p.skip_ws();
    if p.pos < p.bytes.len() {
        return Err(p.error_at(p.pos, "Unexpected text after the JSON value"));
    }
    Ok(node)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    depth: usize,
}

impl<'a> Parser<'a> {
    fn error_at(&self, at: usize, message: &str) -> SyntaxError {
        // Point at one whole character (never inside a UTF-8 sequence).
        let at = at.min(self.text.len());
        let end = self.text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
        SyntaxError { message: message.to_string(), span: Span::new(at, end) }
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    fn value(&mut self) -> Result<Node<'a>, SyntaxError> {
        let start = self.pos;
        match self.bytes.get(self.pos) {
            None => Err(self.error_at(start, "Unexpected end of text: expected a value")),
            Some(b'{') => self.object(),
            Some(b'[') => self.array(),
            Some(b'"') => {
                let s = self.string()?;
                Ok(Node { span: Span::new(start, self.pos), kind: Kind::String(s) })
            }
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b't') => self.word("true", Kind::Bool(true)),
            Some(b'f') => self.word("false", Kind::Bool(false)),
            Some(b'n') => self.word("null", Kind::Null),
            Some(b) if b.is_ascii_alphabetic() => {
                Err(self.error_at(start, "Unexpected word: expected a value (true, false and null are lowercase)"))
            }
            Some(_) => Err(self.error_at(
                start,
                "Unexpected character: expected a value (object, array, string, number, true, false or null)",
            )),
        }
    }

    fn word(&mut self, word: &str, kind: Kind<'a>) -> Result<Node<'a>, SyntaxError> {
        let start = self.pos;
        if self.bytes[start..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(Node { span: Span::new(start, self.pos), kind })
        } else {
            Err(self.error_at(start, "Unexpected word: expected a value (true, false and null are lowercase)"))
        }
    }

    fn enter(&mut self) -> Result<(), SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error_at(self.pos, "Nested too deeply (more than 256 levels)"));
        }
        Ok(())
    }

    fn object(&mut self) -> Result<Node<'a>, SyntaxError> {
        let start = self.pos;
        self.enter()?;
        self.pos += 1;
        let mut members = Vec::new();
        self.skip_ws();
        if self.bytes.get(self.pos) == Some(&b'}') {
            self.pos += 1;
        } else {
            loop {
                self.skip_ws();
                let key_start = self.pos;
                match self.bytes.get(self.pos) {
                    Some(b'"') => {}
                    Some(b'}') if !members.is_empty() => {
                        return Err(self.error_at(self.pos, "Trailing comma: expected a name in double quotes"))
                    }
                    None => return Err(self.error_at(self.pos, "Unterminated object: expected '}'")),
                    Some(_) => return Err(self.error_at(self.pos, "Expected a name in double quotes")),
                }
                let key = self.string()?;
                let key_span = Span::new(key_start, self.pos);
                self.skip_ws();
                if self.bytes.get(self.pos) != Some(&b':') {
                    return Err(self.error_at(self.pos, "Expected ':' after the name"));
                }
                self.pos += 1;
                self.skip_ws();
                let value = self.value()?;
                members.push(Member { key, key_span, value });
                self.skip_ws();
                match self.bytes.get(self.pos) {
                    Some(b',') => self.pos += 1,
                    Some(b'}') => {
                        self.pos += 1;
                        break;
                    }
                    None => return Err(self.error_at(self.pos, "Unterminated object: expected ',' or '}'")),
                    Some(_) => return Err(self.error_at(self.pos, "Expected ',' or '}' after a value")),
                }
            }
        }
        self.depth -= 1;
        Ok(Node { span: Span::new(start, self.pos), kind: Kind::Object(members) })
    }

    fn array(&mut self) -> Result<Node<'a>, SyntaxError> {
        let start = self.pos;
        self.enter()?;
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.bytes.get(self.pos) == Some(&b']') {
            self.pos += 1;
        } else {
            loop {
                self.skip_ws();
                if self.bytes.get(self.pos) == Some(&b']') {
                    return Err(self.error_at(self.pos, "Trailing comma: expected a value"));
                }
                items.push(self.value()?);
                self.skip_ws();
                match self.bytes.get(self.pos) {
                    Some(b',') => self.pos += 1,
                    Some(b']') => {
                        self.pos += 1;
                        break;
                    }
                    None => return Err(self.error_at(self.pos, "Unterminated array: expected ',' or ']'")),
                    Some(_) => return Err(self.error_at(self.pos, "Expected ',' or ']' after a value")),
                }
            }
        }
        self.depth -= 1;
        Ok(Node { span: Span::new(start, self.pos), kind: Kind::Array(items) })
    }

    /// A string at `self.pos` (which is `"`), unescaped; borrowed when it has no escapes.
    fn string(&mut self) -> Result<Cow<'a, str>, SyntaxError> {
        let open = self.pos;
        self.pos += 1;
        let text: &'a str = self.text;
        // Fast path: no escape before the closing quote.
        let mut end = self.pos;
        while let Some(&b) = self.bytes.get(end) {
            match b {
                b'"' => {
                    let s = &text[self.pos..end];
                    self.pos = end + 1;
                    return Ok(Cow::Borrowed(s));
                }
                b'\\' => break,
                b if b < 0x20 => break,
                _ => end += 1,
            }
        }
        let mut out = String::new();
        let mut run = self.pos; // start of the current unescaped run
        loop {
            match self.bytes.get(self.pos) {
                None => return Err(self.error_at(open, "Unterminated string: expected a closing '\"'")),
                Some(b'"') => {
                    out.push_str(&self.text[run..self.pos]);
                    self.pos += 1;
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => {
                    out.push_str(&self.text[run..self.pos]);
                    let escape_at = self.pos;
                    let c = match self.bytes.get(self.pos + 1) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            out.push(self.unicode_escape(escape_at)?);
                            run = self.pos;
                            continue;
                        }
                        _ => {
                            return Err(self.error_at(
                                escape_at,
                                "Invalid escape: use \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX",
                            ))
                        }
                    };
                    out.push(c);
                    self.pos += 2;
                    run = self.pos;
                }
                Some(b) if *b < 0x20 => {
                    return Err(
                        self.error_at(self.pos, "Control character in a string: write it as an escape such as \\n")
                    )
                }
                Some(_) => self.pos += 1,
            }
        }
    }

    /// `\uXXXX` at `escape_at`, with its low half when it is a surrogate pair; reads past it.
    fn unicode_escape(&mut self, escape_at: usize) -> Result<char, SyntaxError> {
        self.pos += 2;
        let high = self.hex4(escape_at)?;
        // A high surrogate followed by a low one is a pair; any other
        // surrogate is lone and gets its stand-in (see `lone_surrogate`).
        let low = match self.bytes.get(self.pos..self.pos + 2) {
            Some(b"\\u") if (0xD800..0xDC00).contains(&high) => self
                .text
                .get(self.pos + 2..self.pos + 6)
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .filter(|low| (0xDC00..0xE000).contains(low)),
            _ => None,
        };
        let code = match low {
            Some(low) => {
                self.pos += 6;
                0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
            }
            None => high,
        };
        Ok(char::from_u32(code).unwrap_or_else(|| lone_surrogate(code)))
    }

    fn hex4(&mut self, escape_at: usize) -> Result<u32, SyntaxError> {
        let digits = self.text.get(self.pos..self.pos + 4).filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()));
        let Some(digits) = digits else {
            return Err(self.error_at(escape_at, "Invalid \\u escape: expected four hexadecimal digits"));
        };
        self.pos += 4;
        Ok(u32::from_str_radix(digits, 16).unwrap_or(0xFFFD))
    }

    fn number(&mut self) -> Result<Node<'a>, SyntaxError> {
        let start = self.pos;
        let digits = |p: &mut Self| {
            let s = p.pos;
            while p.bytes.get(p.pos).is_some_and(u8::is_ascii_digit) {
                p.pos += 1;
            }
            p.pos - s
        };
        if self.bytes[self.pos] == b'-' {
            self.pos += 1;
        }
        match self.bytes.get(self.pos) {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                digits(self);
            }
            _ => return Err(self.error_at(self.pos, "Expected a digit")),
        }
        if self.bytes.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            if digits(self) == 0 {
                return Err(self.error_at(self.pos, "Expected a digit after the decimal point"));
            }
        }
        if let Some(b'e' | b'E') = self.bytes.get(self.pos) {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.bytes.get(self.pos) {
                self.pos += 1;
            }
            if digits(self) == 0 {
                return Err(self.error_at(self.pos, "Expected a digit in the exponent"));
            }
        }
        if self.bytes.get(self.pos).is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'.') {
            return Err(self.error_at(self.pos, "Unexpected character in a number"));
        }
        Ok(Node { span: Span::new(start, self.pos), kind: Kind::Number(number(&self.text[start..self.pos])) })
    }
}

/// JSON numbers keep integers exact; anything else becomes the nearest f64 (as AWS does).
fn number(text: &str) -> Number {
    if let Ok(n) = text.parse::<Number>() {
        return n;
    }
    let f: f64 = text.parse().unwrap_or(0.0);
    Number::from_f64(f).unwrap_or_else(|| Number::from(0))
}

mod node;
mod text;
pub use text::{line_starts, mask_placeholders, pointer_segment, unescape_pointer_segment, LineIndex};

#[cfg(test)]
mod tests;
