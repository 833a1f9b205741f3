//! Intrinsic function calls in JSONPath payload templates: `States.Format('{} items', $.n)`.
//!
//! Arguments are string literals in single quotes (with `\'`, `\{`, `\}`, `\\` escapes),
//! numbers, `true`/`false`/`null`, JSONPath paths, or nested calls. This module parses a call
//! and checks the function name, the number of arguments and the literal argument types.

use std::fmt;

use serde_json::Value;

use crate::expr::jsonpath::Path;

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
                        message: format!(
                            "'{algorithm}' is not a hash algorithm (MD5, SHA-1, SHA-256, SHA-384, SHA-512)"
                        ),
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

/// How AWS prints a value into `States.Format`: strings bare, objects and arrays as Java's
/// collections print themselves (`{a=1, b=[x, y]}`).
fn java_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => format!("[{}]", items.iter().map(java_text).collect::<Vec<_>>().join(", ")),
        Value::Object(map) => {
            format!("{{{}}}", map.iter().map(|(k, v)| format!("{k}={}", java_text(v))).collect::<Vec<_>>().join(", "))
        }
        other => other.to_string(),
    }
}

/// Evaluates a checked call. `Err` is the cause of a `States.IntrinsicFailure`.
pub(crate) fn evaluate(
    call: &Call,
    scope: &crate::run::dataflow::Scope,
    ids: &mut crate::run::services::Ids,
) -> Result<Value, String> {
    use base64::Engine;
    let name = format!("States.{}", call.function.name());
    let mut args = Vec::with_capacity(call.args.len());
    for arg in &call.args {
        args.push(match arg {
            Arg::Literal(v) => v.clone(),
            Arg::Path(p) => {
                let text = crate::run::dataflow::normalized(p);
                let root = match &p.root {
                    crate::expr::jsonpath::Root::Input => Some(std::borrow::Cow::Borrowed(scope.input)),
                    crate::expr::jsonpath::Root::Context => Some(std::borrow::Cow::Borrowed(scope.context.value())),
                    crate::expr::jsonpath::Root::Variable(v) => scope.vars.get(v).map(std::borrow::Cow::Borrowed),
                };
                let found = root.as_deref().map(|r| p.select(r)).unwrap_or_default();
                let definite = p.segments.iter().all(|s| {
                    !s.descendant
                        && matches!(
                            s.selector,
                            crate::expr::jsonpath::Selector::Name(_) | crate::expr::jsonpath::Selector::Index(_)
                        )
                });
                if definite {
                    found
                        .into_iter()
                        .next()
                        .cloned()
                        .ok_or_else(|| format!("The path {text} of {name} does not match the input"))?
                } else {
                    Value::Array(found.into_iter().cloned().collect())
                }
            }
            Arg::Call(inner) => evaluate(inner, scope, ids)?,
        });
    }
    let fail = |why: &str| Err(format!("{name}: {why}"));
    let int = |v: &Value| v.as_i64().or_else(|| v.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64));
    match call.function {
        Function::Format => {
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
                            Some(v) => out.push_str(&java_text(v)),
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
        Function::StringToJson => match args[0].as_str() {
            Some(s) if s.trim().is_empty() => Ok(Value::Null),
            Some(s) => serde_json::from_str(s).or_else(|_| fail("the argument is not JSON text")),
            None => fail("the argument must be a string"),
        },
        Function::JsonToString => Ok(Value::String(args[0].to_string())),
        Function::Array => Ok(Value::Array(args)),
        Function::ArrayPartition => {
            let (Some(items), Some(size)) = (args[0].as_array(), int(&args[1])) else {
                return fail("takes an array and a positive chunk size");
            };
            if size <= 0 {
                return fail("the chunk size must be positive");
            }
            Ok(Value::Array(items.chunks(size as usize).map(|c| Value::Array(c.to_vec())).collect()))
        }
        Function::ArrayContains => match args[0].as_array() {
            Some(items) => Ok(Value::Bool(items.contains(&args[1]))),
            None => fail("the first argument must be an array"),
        },
        Function::ArrayRange => {
            let (Some(start), Some(end), Some(step)) = (int(&args[0]), int(&args[1]), int(&args[2])) else {
                return fail("takes three integers");
            };
            if step == 0 {
                return fail("the step must not be 0");
            }
            let mut out = Vec::new();
            let mut i = start;
            while (step > 0 && i <= end) || (step < 0 && i >= end) {
                if out.len() >= 1000 {
                    return fail("the range has more than 1000 items");
                }
                out.push(Value::from(i));
                i += step;
            }
            Ok(Value::Array(out))
        }
        Function::ArrayGetItem => match (args[0].as_array(), int(&args[1])) {
            (Some(items), Some(i)) if i >= 0 => {
                items.get(i as usize).cloned().map_or_else(|| fail("the index is out of bounds"), Ok)
            }
            _ => fail("takes an array and a non-negative index"),
        },
        Function::ArrayLength => {
            args[0].as_array().map_or_else(|| fail("the argument must be an array"), |a| Ok(Value::from(a.len())))
        }
        Function::ArrayUnique => match args[0].as_array() {
            Some(items) => {
                let mut out: Vec<Value> = Vec::new();
                for v in items {
                    if !out.contains(v) {
                        out.push(v.clone());
                    }
                }
                Ok(Value::Array(out))
            }
            None => fail("the argument must be an array"),
        },
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
        Function::JsonMerge => match (&args[0], &args[1], &args[2]) {
            (Value::Object(a), Value::Object(b), Value::Bool(false)) => {
                let mut out = a.clone();
                for (k, v) in b {
                    out.insert(k.clone(), v.clone());
                }
                Ok(Value::Object(out))
            }
            (_, _, Value::Bool(true)) => fail("only shallow merging (false) is supported"),
            _ => fail("takes two objects and false"),
        },
        Function::MathRandom => {
            let (Some(start), Some(end)) = (int(&args[0]), int(&args[1])) else { return fail("takes integers") };
            if end <= start {
                return fail("the end must be greater than the start");
            }
            // A given seed gives a fixed number; without one the run's own seeded generator.
            let r = match args.get(2).and_then(int) {
                Some(seed) => crate::run::services::Ids::new(seed as u64).next_u64(),
                None => ids.next_u64(),
            };
            Ok(Value::from(start + (r % (end - start) as u64) as i64))
        }
        Function::MathAdd => match (&args[0], &args[1]) {
            // Each argument is rounded as Java's Math.round does (half up), then added.
            (Value::Number(a), Value::Number(b)) => {
                let round = |n: &serde_json::Number| {
                    n.as_i64().unwrap_or_else(|| (n.as_f64().unwrap_or(0.0) + 0.5).floor() as i64)
                };
                Ok(Value::from(round(a).saturating_add(round(b))))
            }
            _ => fail("takes two numbers"),
        },
        Function::StringSplit => match (args[0].as_str(), args[1].as_str()) {
            (Some(s), Some(delimiters)) => Ok(Value::Array(
                s.split(|c| delimiters.contains(c))
                    .filter(|p| !p.is_empty())
                    .map(|p| Value::String(p.to_string()))
                    .collect(),
            )),
            _ => fail("takes two strings"),
        },
        Function::Uuid => Ok(Value::String(ids.uuid())),
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
        for (text, message) in &[
            ("States.MathAdd(1,'-1')", "argument 2 of States.MathAdd must be a number or a path"),
            ("States.Nope($.a)", "unknown intrinsic function 'States.Nope'"),
            ("States.UUID(1)", "States.UUID takes 0 argument(s), not 1"),
            ("States.Format()", "States.Format takes at least 1 argument(s), not 0"),
            ("States.Hash($.a, 'CRC32')", "'CRC32' is not a hash algorithm (MD5, SHA-1, SHA-256, SHA-384, SHA-512)"),
            ("States.Array(1,", "expected a 'string', a number, true, false, null, a path or an intrinsic function"),
            ("States.Format('x)", "unterminated string"),
            (
                &format!("{}1{}", "States.Array(".repeat(40), ")".repeat(40)),
                "intrinsic functions nest more than 32 deep",
            ),
        ] {
            assert_eq!(parse(text).map_err(|e| e.message), Err(message.to_string()), "{text}");
        }
    }
}
