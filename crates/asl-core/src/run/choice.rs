//! Evaluating Choice rules (JSONPath form) against a state's effective input.

use std::borrow::Cow;

use serde_json::Value;

use crate::model::{Comparison, Condition, Operand};
use crate::run::dataflow::{FieldError, Scope};
use crate::run::time::parse_rfc3339;

/// Said when a run meets JSONata, until the core has a JSONata evaluator.
pub(crate) const JSONATA_NOT_YET: &str =
    "JSONata expressions are not supported by the simulator yet; this state uses QueryLanguage JSONata";

/// Whether `condition` holds. A missing `Variable` fails the run (`States.Runtime`) unless the
/// operator is `IsPresent`, as in AWS.
pub fn evaluate(condition: &Condition, scope: &Scope) -> Result<bool, FieldError> {
    match condition {
        Condition::And(all) => {
            for c in all {
                if !evaluate(c, scope)? {
                    return Ok(false);
                }
            }
            Ok(true)
        }
        Condition::Or(any) => {
            for c in any {
                if evaluate(c, scope)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        Condition::Not(inner) => Ok(!evaluate(inner, scope)?),
        Condition::Jsonata(_) => Err(FieldError { error: "States.Runtime", message: JSONATA_NOT_YET.to_string() }),
        Condition::Compare { variable, op, operand } => {
            let actual = scope.lookup(variable.query())?;
            let expected = match operand {
                Operand::Literal(v) => Some(Cow::Borrowed(v)),
                Operand::Path(p) => scope.lookup(p.query())?.map(Cow::Owned),
            };
            if *op == Comparison::IsPresent {
                return Ok(actual.is_some() == (expected.as_deref() == Some(&Value::Bool(true))));
            }
            let Some(actual) = actual else {
                return Err(FieldError {
                    error: "States.Runtime",
                    message: format!(
                        "Invalid path '{variable}': The choice state's condition path references an invalid value."
                    ),
                });
            };
            Ok(compare(*op, &actual, expected.as_deref()))
        }
    }
}

fn compare(op: Comparison, actual: &Value, expected: Option<&Value>) -> bool {
    use std::cmp::Ordering::*;
    use Comparison::*;
    let Some(expected) = expected else { return false };
    let test = |want: bool| expected.as_bool() == Some(want);
    let ordering = |want: &[std::cmp::Ordering]| -> bool {
        let ord = match op.name() {
            n if n.starts_with("String") => match (actual.as_str(), expected.as_str()) {
                (Some(a), Some(b)) => Some(a.cmp(b)),
                _ => None,
            },
            n if n.starts_with("Numeric") => match (actual.as_f64(), expected.as_f64()) {
                (Some(a), Some(b)) => a.partial_cmp(&b),
                _ => None,
            },
            _ => match (actual.as_str().and_then(parse_rfc3339), expected.as_str().and_then(parse_rfc3339)) {
                (Some(a), Some(b)) => Some(a.cmp(&b)),
                _ => None,
            },
        };
        ord.is_some_and(|o| want.contains(&o))
    };
    match op {
        StringEquals | NumericEquals | TimestampEquals => ordering(&[Equal]),
        StringLessThan | NumericLessThan | TimestampLessThan => ordering(&[Less]),
        StringGreaterThan | NumericGreaterThan | TimestampGreaterThan => ordering(&[Greater]),
        StringLessThanEquals | NumericLessThanEquals | TimestampLessThanEquals => ordering(&[Less, Equal]),
        StringGreaterThanEquals | NumericGreaterThanEquals | TimestampGreaterThanEquals => ordering(&[Greater, Equal]),
        StringMatches => match (actual.as_str(), expected.as_str()) {
            (Some(a), Some(pattern)) => wildcard_match(pattern, a),
            _ => false,
        },
        BooleanEquals => actual.is_boolean() && Some(actual) == Some(expected),
        IsNull => test(actual.is_null()),
        IsNumeric => test(actual.is_number()),
        IsString => test(actual.is_string()),
        IsBoolean => test(actual.is_boolean()),
        IsTimestamp => test(actual.as_str().and_then(parse_rfc3339).is_some()),
        IsPresent => unreachable!("handled by evaluate"),
    }
}

/// `StringMatches`: `*` matches any run of characters; `\*` and `\\` are literal.
pub fn wildcard_match(pattern: &str, text: &str) -> bool {
    enum Tok {
        Star,
        Char(char),
    }
    let mut toks = Vec::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => toks.push(Tok::Char(chars.next().unwrap_or('\\'))),
            '*' => toks.push(Tok::Star),
            c => toks.push(Tok::Char(c)),
        }
    }
    let text: Vec<char> = text.chars().collect();
    // Greedy matching with backtracking to the last star: linear in practice, never exponential.
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match toks.get(p) {
            Some(Tok::Char(c)) if *c == text[t] => {
                p += 1;
                t += 1;
            }
            Some(Tok::Star) => {
                star = Some((p, t));
                p += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    p = sp + 1;
                    t = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    toks[p..].iter().all(|t| matches!(t, Tok::Star))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards() {
        assert!(wildcard_match("log-*.txt", "log-2024.txt"));
        assert!(wildcard_match("*", ""));
        assert!(!wildcard_match("a\\*", "ab"));
        assert!(wildcard_match("a\\*", "a*"));
        assert!(wildcard_match("*b*b", "abcbb"));
        assert!(!wildcard_match("*.txt", "x.txt.bak"));
    }
}
