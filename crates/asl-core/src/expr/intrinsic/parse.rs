//! Parsing an intrinsic call: `States.Name(arg, ...)`, its arguments, and the checks of its
//! signature.

use serde_json::Value;

use super::{Arg, Call, Function, IntrinsicError, Kind};
use crate::expr::jsonpath::Path;

/// Parses and checks one call, the whole text.
pub fn parse(text: &str) -> Result<Call, IntrinsicError> {
    let mut p = Parser { text, pos: 0, depth: 0 };
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
    /// Calls within calls: bounded so that a long string cannot overflow the stack.
    depth: usize,
}

const MAX_CALL_DEPTH: usize = 32;

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
            return Err(IntrinsicError {
                message: format!("unknown intrinsic function 'States.{name}'"),
                offset: start,
            });
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
        check(function, &args, &offsets, start)?;
        Ok(Call { function, args })
    }

    fn arg(&mut self) -> Result<Arg, IntrinsicError> {
        let rest = self.rest();
        if rest.starts_with("States.") {
            self.depth += 1;
            if self.depth > MAX_CALL_DEPTH {
                return Err(self.error(format!("intrinsic functions nest more than {MAX_CALL_DEPTH} deep")));
            }
            let call = self.call()?;
            self.depth -= 1;
            return Ok(Arg::Call(call));
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
        let len =
            rest.bytes().take_while(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E')).count();
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

/// The number of arguments, the literal ones' types, and `States.Hash`'s algorithm.
fn check(function: Function, args: &[Arg], offsets: &[usize], start: usize) -> Result<(), IntrinsicError> {
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
            if !crate::expr::digest::ALGORITHMS.contains(&algorithm.as_str()) {
                return Err(IntrinsicError {
                    message: format!("'{algorithm}' is not a hash algorithm (MD5, SHA-1, SHA-256, SHA-384, SHA-512)"),
                    offset: offsets[1],
                });
            }
        }
    }
    Ok(())
}
