//! The tokenizer. Positions are byte offsets of the token's start in the expression.

use super::error::{Error, Result};

#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    Operator(&'static str),
    Name(String),
    Variable(String),
    Str(String),
    Number(f64),
    /// `true`, `false` or `null` (`None`).
    Value(Option<bool>),
    Regex {
        pattern: String,
        flags: String,
    },
    End,
}

#[derive(Clone, Debug)]
pub struct Token {
    pub tok: Tok,
    pub pos: usize,
}

const OPERATORS: &[&str] = &[
    ".", "[", "]", "{", "}", "(", ")", ",", "@", "#", ";", ":", "?", "+", "-", "*", "/", "%", "|", "=", "<", ">", "^",
    "&", "!", "~",
];
const DOUBLE: &[&str] = &["..", ":=", "!=", ">=", "<=", "**", "~>", "?:", "??"];

fn single_operator(c: u8) -> Option<&'static str> {
    OPERATORS.iter().copied().find(|op| op.as_bytes()[0] == c)
}

pub struct Lexer<'a> {
    src: &'a str,
    pub pos: usize,
}

impl<'a> Lexer<'a> {
    pub fn new(src: &'a str) -> Self {
        Lexer { src, pos: 0 }
    }

    fn byte(&self, i: usize) -> u8 {
        *self.src.as_bytes().get(i).unwrap_or(&0)
    }

    /// The next token. `infix` is true where an operator is expected, so `/` is division there
    /// and starts a regular expression elsewhere.
    pub fn next(&mut self, infix: bool) -> Result<Token> {
        self.skip_blanks_and_comments()?;
        let bytes = self.src.as_bytes();
        let start = self.pos;
        if self.pos >= bytes.len() {
            return Ok(Token { tok: Tok::End, pos: start });
        }
        let c = bytes[self.pos];
        if !infix && c == b'/' {
            self.pos += 1;
            let (pattern, flags) = self.scan_regex()?;
            return Ok(Token { tok: Tok::Regex { pattern, flags }, pos: start });
        }
        for op in DOUBLE {
            if self.src[self.pos..].starts_with(op) {
                self.pos += 2;
                return Ok(Token { tok: Tok::Operator(op), pos: start });
            }
        }
        if let Some(op) = single_operator(c) {
            self.pos += 1;
            return Ok(Token { tok: Tok::Operator(op), pos: start });
        }
        if c == b'"' || c == b'\'' {
            return self.scan_string(c).map(|s| Token { tok: Tok::Str(s), pos: start });
        }
        if c.is_ascii_digit() {
            return self.scan_number(start);
        }
        if c == b'`' {
            return self.scan_quoted_name(start);
        }
        Ok(self.scan_word(start))
    }

    /// Whitespace and `/* */` comments (an unclosed one is S0106).
    fn skip_blanks_and_comments(&mut self) -> Result<()> {
        let bytes = self.src.as_bytes();
        loop {
            while self.pos < bytes.len() && matches!(bytes[self.pos], b' ' | b'\t' | b'\n' | b'\r' | 0x0b) {
                self.pos += 1;
            }
            if self.byte(self.pos) == b'/' && self.byte(self.pos + 1) == b'*' {
                let start = self.pos;
                match self.src[self.pos + 2..].find("*/") {
                    Some(end) => self.pos += 2 + end + 2,
                    None => return Err(Error::new("S0106", start)),
                }
                continue;
            }
            return Ok(());
        }
    }

    /// A number literal; one too large for a double is S0102.
    fn scan_number(&mut self, start: usize) -> Result<Token> {
        let len = number_prefix(&self.src.as_bytes()[self.pos..]);
        let text = &self.src[self.pos..self.pos + len];
        let n: f64 = text.parse().unwrap_or(f64::NAN);
        if !n.is_finite() {
            return Err(Error::new("S0102", start).with_token(text));
        }
        self.pos += len;
        Ok(Token { tok: Tok::Number(n), pos: start })
    }

    /// A `` `name` `` in backquotes; an unclosed one is S0105.
    fn scan_quoted_name(&mut self, start: usize) -> Result<Token> {
        match self.src[self.pos + 1..].find('`') {
            Some(end) => {
                let name = self.src[self.pos + 1..self.pos + 1 + end].to_string();
                self.pos += end + 2;
                Ok(Token { tok: Tok::Name(name), pos: start })
            }
            None => {
                self.pos = self.src.len();
                Err(Error::new("S0105", start))
            }
        }
    }

    /// Up to the next blank or operator: a `$variable`, a keyword, `true`/`false`/`null`, a name.
    fn scan_word(&mut self, start: usize) -> Token {
        let bytes = self.src.as_bytes();
        let mut i = self.pos;
        while i < bytes.len()
            && !matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r' | 0x0b)
            && single_operator(bytes[i]).is_none()
        {
            i += 1;
        }
        let word = &self.src[self.pos..i];
        self.pos = i;
        if let Some(var) = word.strip_prefix('$') {
            return Token { tok: Tok::Variable(var.to_string()), pos: start };
        }
        let tok = match word {
            "and" => Tok::Operator("and"),
            "or" => Tok::Operator("or"),
            "in" => Tok::Operator("in"),
            "true" => Tok::Value(Some(true)),
            "false" => Tok::Value(Some(false)),
            "null" => Tok::Value(None),
            _ => Tok::Name(word.to_string()),
        };
        Token { tok, pos: start }
    }

    fn scan_string(&mut self, quote: u8) -> Result<String> {
        let start = self.pos;
        self.pos += 1;
        let mut out = String::new();
        let mut chars = self.src[self.pos..].char_indices();
        while let Some((i, c)) = chars.next() {
            if c as u32 == quote as u32 {
                self.pos += i + 1;
                return Ok(out);
            }
            if c != '\\' {
                out.push(c);
                continue;
            }
            let Some((j, e)) = chars.next() else { break };
            match e {
                '"' => out.push('"'),
                '\\' => out.push('\\'),
                '/' => out.push('/'),
                'b' => out.push('\u{8}'),
                'f' => out.push('\u{c}'),
                'n' => out.push('\n'),
                'r' => out.push('\r'),
                't' => out.push('\t'),
                'u' => {
                    let at = self.pos + j + 1;
                    let code = self.src.get(at..at + 4).and_then(|h| u32::from_str_radix(h, 16).ok());
                    let Some(mut code) = code else { return Err(Error::new("S0104", at)) };
                    for _ in 0..4 {
                        chars.next();
                    }
                    // A surrogate pair written as two escapes; any other surrogate is lone and
                    // gets the core's stand-in character (`json::lone_surrogate`).
                    if (0xD800..0xDC00).contains(&code) && self.src.get(at + 4..at + 6) == Some("\\u") {
                        if let Some(low) = self.src.get(at + 6..at + 10).and_then(|h| u32::from_str_radix(h, 16).ok()) {
                            if (0xDC00..0xE000).contains(&low) {
                                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                                for _ in 0..6 {
                                    chars.next();
                                }
                            }
                        }
                    }
                    out.push(char::from_u32(code).unwrap_or_else(|| crate::syntax::json::lone_surrogate(code)));
                }
                other => return Err(Error::new("S0103", self.pos + j).with_token(other.to_string())),
            }
        }
        self.pos = self.src.len();
        Err(Error::new("S0101", start))
    }

    fn scan_regex(&mut self) -> Result<(String, String)> {
        let bytes = self.src.as_bytes();
        let start = self.pos;
        let mut depth: i32 = 0;
        while self.pos < bytes.len() {
            let c = bytes[self.pos];
            if c == b'/' && depth == 0 {
                let mut backslashes = 0;
                while self.pos > backslashes && bytes[self.pos - backslashes - 1] == b'\\' {
                    backslashes += 1;
                }
                if backslashes % 2 == 0 {
                    let pattern = self.src[start..self.pos].to_string();
                    if pattern.is_empty() {
                        return Err(Error::new("S0301", self.pos));
                    }
                    self.pos += 1;
                    let fstart = self.pos;
                    while matches!(self.byte(self.pos), b'i' | b'm') {
                        self.pos += 1;
                    }
                    return Ok((pattern, self.src[fstart..self.pos].to_string()));
                }
            }
            let escaped = self.pos > 0 && bytes[self.pos - 1] == b'\\';
            if matches!(c, b'(' | b'[' | b'{') && !escaped {
                depth += 1;
            }
            if matches!(c, b')' | b']' | b'}') && !escaped {
                depth -= 1;
            }
            self.pos += 1;
        }
        Err(Error::new("S0302", self.pos))
    }

    /// Reads a function signature `<...>` starting at `start` (the `<`), returning its text.
    pub fn scan_signature(&mut self, start: usize) -> Result<String> {
        let bytes = self.src.as_bytes();
        let mut depth = 0;
        let mut i = start;
        while i < bytes.len() {
            match bytes[i] {
                b'<' => depth += 1,
                b'>' => {
                    depth -= 1;
                    if depth == 0 {
                        self.pos = i + 1;
                        return Ok(self.src[start..=i].to_string());
                    }
                }
                b'{' => break,
                _ => {}
            }
            i += 1;
        }
        Err(Error::new("S0202", i).with_token(">"))
    }
}

/// Length of the JSON-style number at the start of `b` (`0|[1-9][0-9]*`, fraction, exponent).
fn number_prefix(b: &[u8]) -> usize {
    let mut i = 0;
    if b.first() == Some(&b'0') {
        i = 1;
    } else {
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
    }
    if i + 1 < b.len() && b[i] == b'.' && b[i + 1].is_ascii_digit() {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        let mut j = i + 1;
        if j < b.len() && (b[j] == b'+' || b[j] == b'-') {
            j += 1;
        }
        if j < b.len() && b[j].is_ascii_digit() {
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            i = j;
        }
    }
    i
}
