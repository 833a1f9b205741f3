//! Intrinsic function calls in JSONPath payload templates: `States.Format('{} items', $.n)`.
//!
//! Arguments are string literals in single quotes (with `\'`, `\{`, `\}`, `\\` escapes),
//! numbers, `true`/`false`/`null`, JSONPath paths, or nested calls. This module parses a call
//! and checks the function name, the number of arguments and the literal argument types
//! ([`parse`]); [`eval`] runs a checked call, one module per family of functions.

use std::fmt;

use serde_json::Value;

use crate::expr::jsonpath::Path;

mod eval;
mod parse;

pub(crate) use eval::evaluate;
pub use parse::parse;

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
