//! Intrinsic function calls in JSONPath payload templates: `States.Format('{} items', $.n)`.
//!
//! Arguments are string literals in single quotes (with `\'`, `\{`, `\}`, `\\` escapes),
//! numbers, `true`/`false`/`null`, JSONPath paths, or nested calls. This module parses a call
//! and checks the function name, the number of arguments and the literal argument types.

use std::fmt;

use serde_json::Value;

use crate::jsonpath::Path;

#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    Literal(Value),
    Path(Path),
    Call(Call),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    /// Without the `States.` prefix: `Format`, `ArrayContains`, ...
    pub function: Function,
    pub args: Vec<Arg>,
}

/// The 18 intrinsic functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Function {
    Format,
    StringToJson,
    JsonToString,
    Array,
    ArrayPartition,
    ArrayContains,
    ArrayRange,
    ArrayGetItem,
    ArrayLength,
    ArrayUnique,
    Base64Encode,
    Base64Decode,
    Hash,
    JsonMerge,
    MathRandom,
    MathAdd,
    StringSplit,
    Uuid,
}

/// What a literal argument may be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Any,
    String,
    Number,
    Boolean,
}

impl Function {
    pub const ALL: [(&'static str, Function); 18] = [
        ("Format", Function::Format),
        ("StringToJson", Function::StringToJson),
        ("JsonToString", Function::JsonToString),
        ("Array", Function::Array),
        ("ArrayPartition", Function::ArrayPartition),
        ("ArrayContains", Function::ArrayContains),
        ("ArrayRange", Function::ArrayRange),
        ("ArrayGetItem", Function::ArrayGetItem),
        ("ArrayLength", Function::ArrayLength),
        ("ArrayUnique", Function::ArrayUnique),
        ("Base64Encode", Function::Base64Encode),
        ("Base64Decode", Function::Base64Decode),
        ("Hash", Function::Hash),
        ("JsonMerge", Function::JsonMerge),
        ("MathRandom", Function::MathRandom),
        ("MathAdd", Function::MathAdd),
        ("StringSplit", Function::StringSplit),
        ("UUID", Function::Uuid),
    ];

    pub fn name(self) -> &'static str {
        Function::ALL.iter().find(|(_, f)| *f == self).map_or("", |(n, _)| n)
    }

    /// `(fewest, most)` arguments, and the literal kind of each position (the last repeats).
    fn signature(self) -> (usize, usize, &'static [Kind]) {
        use Kind::*;
        match self {
            Function::Format => (1, usize::MAX, &[String, Any]),
            Function::StringToJson => (1, 1, &[String]),
            Function::JsonToString => (1, 1, &[Any]),
            Function::Array => (0, usize::MAX, &[Any]),
            Function::ArrayPartition => (2, 2, &[Any, Number]),
            Function::ArrayContains => (2, 2, &[Any, Any]),
            Function::ArrayRange => (3, 3, &[Number]),
            Function::ArrayGetItem => (2, 2, &[Any, Number]),
            Function::ArrayLength | Function::ArrayUnique => (1, 1, &[Any]),
            Function::Base64Encode | Function::Base64Decode => (1, 1, &[String]),
            Function::Hash => (2, 2, &[Any, String]),
            Function::JsonMerge => (3, 3, &[Any, Any, Boolean]),
            Function::MathRandom => (2, 3, &[Number]),
            Function::MathAdd => (2, 2, &[Number]),
            Function::StringSplit => (2, 2, &[String]),
            Function::Uuid => (0, 0, &[]),
        }
    }
}

/// Why a call is not valid: a message and the byte offset in the expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IntrinsicError {
    pub message: String,
    pub offset: usize,
}

impl fmt::Display for IntrinsicError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at character {})", self.message, self.offset + 1)
    }
}

pub fn is_call(text: &str) -> bool {
    text.starts_with("States.")
}

/// Parses and checks one call, the whole text.
pub fn parse(text: &str) -> Result<Call, IntrinsicError> {
    let mut p = Parser { text, pos: 0 };
    let call = p.call()?;
    p.skip_ws();
    if p.pos < text.len() {
        return Err(p.error("unexpected text after the call"));
    }
    Ok(call)
}

struct Parser<'a> {
    text: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn error(&self, message: impl Into<String>) -> IntrinsicError {
        IntrinsicError { message: message.into(), offset: self.pos }
    }

    fn rest(&self) -> &str {
        &self.text[self.pos..]
    }

    fn skip_ws(&mut self) {
        while self.rest().starts_with(' ') {
            self.pos += 1;
        }
    }

    fn call(&mut self) -> Result<Call, IntrinsicError> {
        let start = self.pos;
        if !self.rest().starts_with("States.") {
            return Err(self.error("an intrinsic function starts with 'States.'"));
        }
        self.pos += "States.".len();
        let name_len = self.rest().bytes().take_while(|b| b.is_ascii_alphanumeric()).count();
        let name = &self.text[self.pos..self.pos + name_len];
        let Some(&(_, function)) = Function::ALL.iter().find(|(n, _)| *n == name) else {
            return Err(IntrinsicError { message: format!("unknown intrinsic function 'States.{name}'"), offset: start });
        };
        self.pos += name_len;
        self.skip_ws();
        if !self.rest().starts_with('(') {
            return Err(self.error("expected '(' after the function name"));
        }
        self.pos += 1;
        let mut args = Vec::new();
        let mut offsets = Vec::new();
        self.skip_ws();
        if self.rest().starts_with(')') {
            self.pos += 1;
        } else {
            loop {
                self.skip_ws();
                offsets.push(self.pos);
                args.push(self.arg()?);
                self.skip_ws();
                if self.rest().starts_with(',') {
                    self.pos += 1;
                } else if self.rest().starts_with(')') {
                    self.pos += 1;
                    break;
                } else {
                    return Err(self.error("expected ',' or ')'"));
                }
            }
        }
        let (fewest, most, kinds) = function.signature();
        let full = format!("States.{}", function.name());
        if args.len() < fewest || args.len() > most {
            let expected = match (fewest, most) {
                (a, b) if a == b => format!("{a}"),
                (a, usize::MAX) => format!("at least {a}"),
                (a, b) => format!("{a} to {b}"),
            };
            return Err(IntrinsicError {
                message: format!("{full} takes {expected} argument(s), not {}", args.len()),
                offset: start,
            });
        }
        for (i, arg) in args.iter().enumerate() {
            let kind = kinds.get(i).or(kinds.last()).copied().unwrap_or(Kind::Any);
            if let Arg::Literal(v) = arg {
                let ok = match kind {
                    Kind::Any => true,
                    Kind::String => v.is_string(),
                    Kind::Number => v.is_number(),
                    Kind::Boolean => v.is_boolean(),
                };
                if !ok {
                    let want = match kind {
                        Kind::String => "a string",
                        Kind::Number => "a number",
                        _ => "a boolean",
                    };
                    return Err(IntrinsicError {
                        message: format!("argument {} of {full} must be {want} or a path", i + 1),
                        offset: offsets[i],
                    });
                }
            }
        }
        if function == Function::Hash {
            if let Some(Arg::Literal(Value::String(algorithm))) = args.get(1) {
                if !["MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512"].contains(&algorithm.as_str()) {
                    return Err(IntrinsicError {
                        message: format!("'{algorithm}' is not a hash algorithm (MD5, SHA-1, SHA-256, SHA-384, SHA-512)"),
                        offset: offsets[1],
                    });
                }
            }
        }
        Ok(Call { function, args })
    }

    fn arg(&mut self) -> Result<Arg, IntrinsicError> {
        let rest = self.rest();
        if rest.starts_with("States.") {
            return Ok(Arg::Call(self.call()?));
        }
        if rest.starts_with('\'') {
            return Ok(Arg::Literal(Value::String(self.string()?)));
        }
        if rest.starts_with('$') {
            // A path runs to the next ',' or ')' outside brackets and quotes.
            let (mut depth, mut quote, mut end) = (0i32, None, rest.len());
            for (i, c) in rest.char_indices() {
                match (c, quote) {
                    ('\'', None) | ('"', None) => quote = Some(c),
                    (q, Some(open)) if q == open => quote = None,
                    ('[' | '(', None) => depth += 1,
                    (']', None) => depth -= 1,
                    (')', None) if depth > 0 => depth -= 1,
                    (',' | ')', None) if depth == 0 => {
                        end = i;
                        break;
                    }
                    _ => {}
                }
            }
            let text = rest[..end].trim_end();
            let path = Path::parse(text).map_err(|e| IntrinsicError {
                message: format!("invalid path '{text}': {}", e.message),
                offset: self.pos + e.offset,
            })?;
            self.pos += end;
            return Ok(Arg::Path(path));
        }
        for (word, value) in [("true", Value::Bool(true)), ("false", Value::Bool(false)), ("null", Value::Null)] {
            if rest.starts_with(word) {
                self.pos += word.len();
                return Ok(Arg::Literal(value));
            }
        }
        let len = rest.bytes().take_while(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E')).count();
        if len > 0 {
            if let Ok(v) = serde_json::from_str::<Value>(&rest[..len]) {
                self.pos += len;
                return Ok(Arg::Literal(v));
            }
        }
        Err(self.error("expected a 'string', a number, true, false, null, a path or an intrinsic function"))
    }

    fn string(&mut self) -> Result<String, IntrinsicError> {
        let open = self.pos;
        self.pos += 1;
        let mut out = String::new();
        loop {
            let mut chars = self.rest().chars();
            match chars.next() {
                None => return Err(IntrinsicError { message: "unterminated string".into(), offset: open }),
                Some('\'') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some('\\') => match chars.next() {
                    Some(c @ ('\'' | '{' | '}' | '\\')) => {
                        // Keep `\{` and `\}` escaped: States.Format treats them as literal braces.
                        if matches!(c, '{' | '}') {
                            out.push('\\');
                        }
                        out.push(c);
                        self.pos += 2;
                    }
                    _ => return Err(self.error("invalid escape: use \\' \\{ \\} or \\\\")),
                },
                Some(c) => {
                    out.push(c);
                    self.pos += c.len_utf8();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_calls() {
        for text in [
            "States.Format('Hello {}, you are {} years old', $.name, $.age)",
            "States.Array(1, 'two', $.three, States.UUID())",
            "States.MathAdd($.a, -1)",
            "States.Hash($.data, 'SHA-256')",
            "States.JsonMerge($.a, $.b, false)",
            "States.Format('it\\'s \\{literal\\}')",
            "States.ArrayGetItem($.items[?(@.n > 1)], 0)",
            "States.MathRandom(1, 999)",
        ] {
            assert!(parse(text).is_ok(), "{text}: {:?}", parse(text));
        }
    }

    #[test]
    fn invalid_calls() {
        for (text, message) in [
            ("States.MathAdd(1,'-1')", "argument 2 of States.MathAdd must be a number or a path"),
            ("States.Nope($.a)", "unknown intrinsic function 'States.Nope'"),
            ("States.UUID(1)", "States.UUID takes 0 argument(s), not 1"),
            ("States.Format()", "States.Format takes at least 1 argument(s), not 0"),
            ("States.Hash($.a, 'CRC32')", "'CRC32' is not a hash algorithm (MD5, SHA-1, SHA-256, SHA-384, SHA-512)"),
            ("States.Array(1,", "expected a 'string', a number, true, false, null, a path or an intrinsic function"),
            ("States.Format('x)", "unterminated string"),
        ] {
            assert_eq!(parse(text).map_err(|e| e.message), Err(message.to_string()), "{text}");
        }
    }
}
