//! Function signatures (`<s-nn?:s>`): argument validation and context substitution.
//!
//! As in the reference, each argument is reduced to a one-letter type symbol and the string of
//! symbols is matched against the signature's parameters, each a set of symbols taken once, at
//! most once (`?`, `-`) or at least once (`+`). The reference builds a regular expression of
//! them; matching them directly, greedily with backtracking as that regular expression does,
//! gives the same captures without compiling anything.

use super::error::{Error, Result};
use super::value::Value;

#[derive(Debug, Clone, Default)]
struct Param {
    /// The symbols it accepts (always including `m`, undefined, except for `f`).
    set: String,
    optional: bool,
    many: bool,
    kind: String,
    context: bool,
    subtype: Option<String>,
}

impl Param {
    fn accepts(&self, symbol: u8) -> bool {
        self.set.as_bytes().contains(&symbol)
    }
}

#[derive(Debug)]
pub struct Signature {
    params: Vec<Param>,
    pub definition: String,
}

/// Matches `params` against `symbols` from `at`, greedily with backtracking; `spans` gets each
/// parameter's end. With `whole`, the match must reach the end of `symbols`.
fn match_params(params: &[Param], symbols: &[u8], at: usize, whole: bool, spans: &mut Vec<usize>) -> bool {
    let Some((p, rest)) = params.split_first() else { return !whole || at == symbols.len() };
    let run = symbols[at..].iter().take_while(|&&c| p.accepts(c)).count();
    let most = if p.many { run } else { run.min(1) };
    let least = usize::from(!p.optional);
    for n in (least..=most).rev() {
        spans.push(at + n);
        if match_params(rest, symbols, at + n, whole, spans) {
            return true;
        }
        spans.pop();
    }
    false
}

fn symbol(v: &Value) -> char {
    match v {
        Value::Undefined => 'm',
        Value::Null => 'l',
        Value::Bool(_) => 'b',
        Value::Number(_) => 'n',
        Value::String(_) => 's',
        Value::Array(_) => 'a',
        Value::Object(_) => 'o',
        Value::Function(_) => 'f',
    }
}

fn closing(sig: &[char], start: usize, open: char, close: char) -> usize {
    let mut depth = 1;
    let mut pos = start;
    while pos + 1 < sig.len() {
        pos += 1;
        if sig[pos] == open {
            depth += 1;
        } else if sig[pos] == close {
            depth -= 1;
            if depth == 0 {
                break;
            }
        }
    }
    pos
}

impl Signature {
    pub fn parse(signature: &str) -> Result<Signature> {
        let sig: Vec<char> = signature.chars().collect();
        let mut params: Vec<Param> = Vec::new();
        let mut position = 1;
        while position < sig.len() {
            let c = sig[position];
            if c == ':' {
                break;
            }
            let mut push = |set: String, kind: String| params.push(Param { set, kind, ..Param::default() });
            match c {
                's' | 'n' | 'b' | 'l' | 'o' => push(format!("{c}m"), c.to_string()),
                'a' | 'x' => push("asnblfom".into(), c.to_string()),
                'f' => push("f".into(), "f".into()),
                'j' => push("asnblom".into(), "j".into()),
                '-' => {
                    if let Some(prev) = params.last_mut() {
                        prev.context = true;
                        prev.optional = true;
                    }
                }
                '?' | '+' => {
                    if let Some(prev) = params.last_mut() {
                        if c == '?' {
                            prev.optional = true;
                        } else {
                            prev.many = true;
                        }
                    }
                }
                '(' => {
                    let end = closing(&sig, position, '(', ')');
                    let choice: String = sig[position + 1..end].iter().collect();
                    if choice.contains('<') {
                        return Err(Error::new("S0402", position));
                    }
                    push(format!("{choice}m"), format!("({choice})"));
                    position = end;
                }
                '<' => {
                    let prev_kind = params.last().map(|p| p.kind.clone()).unwrap_or_default();
                    if prev_kind == "a" || prev_kind == "f" {
                        let end = closing(&sig, position, '<', '>');
                        let sub: String = sig[position + 1..end].iter().collect();
                        if let Some(prev) = params.last_mut() {
                            prev.subtype = Some(sub);
                        }
                        position = end;
                    } else {
                        return Err(Error::new("S0401", position));
                    }
                }
                _ => {}
            }
            position += 1;
        }
        Ok(Signature { params, definition: signature.to_string() })
    }

    /// Validates `args` (with `context`, the input, standing in for a missing `-` argument) and
    /// returns the arguments as the function receives them.
    pub fn validate(&self, args: &[Value], context: &Value) -> Result<Vec<Value>> {
        let supplied: String = args.iter().map(symbol).collect();
        let mut spans = Vec::with_capacity(self.params.len());
        if !match_params(&self.params, supplied.as_bytes(), 0, true, &mut spans) {
            return Err(self.validation_error(&supplied));
        }
        let mut validated = Vec::with_capacity(self.params.len());
        let mut arg_index = 0;
        let mut start = 0;
        for (param, &end) in self.params.iter().zip(&spans) {
            let matched = &supplied[start..end];
            start = end;
            if matched.is_empty() {
                if param.context {
                    if param.accepts(symbol(context) as u8) {
                        validated.push(context.clone());
                    } else {
                        return Err(Error::new("T0411", super::eval::UNSET).with_message(format!(
                            "Context value is not a compatible type with argument {} of function",
                            arg_index + 1
                        )));
                    }
                } else {
                    validated.push(args.get(arg_index).cloned().unwrap_or_default());
                    arg_index += 1;
                }
                continue;
            }
            for single in matched.chars() {
                let arg = args.get(arg_index).cloned().unwrap_or_default();
                if param.kind == "a" {
                    if single == 'm' {
                        validated.push(Value::Undefined);
                    } else {
                        let mut ok = true;
                        if let Some(sub) = &param.subtype {
                            if single != 'a' && matched != sub {
                                ok = false;
                            } else if single == 'a' {
                                if let Value::Array(a) = &arg {
                                    if let Some(first) = a.items.first() {
                                        let item_type = symbol(first);
                                        ok = sub.starts_with(item_type)
                                            && a.items.iter().all(|v| symbol(v) == item_type);
                                    }
                                }
                            }
                        }
                        if !ok {
                            return Err(Error::new("T0412", super::eval::UNSET).with_message(format!(
                                "Argument {} of function must be an array of {}",
                                arg_index + 1,
                                type_word(param.subtype.as_deref().unwrap_or(""))
                            )));
                        }
                        validated.push(if single == 'a' { arg } else { Value::array(vec![arg]) });
                    }
                } else {
                    validated.push(arg);
                }
                arg_index += 1;
            }
        }
        Ok(validated)
    }

    /// T0410 naming the first argument the parameters cannot match (as the reference finds it,
    /// by matching ever longer prefixes of the signature).
    fn validation_error(&self, supplied: &str) -> Error {
        let mut good_to = 0;
        for k in 1..=self.params.len() {
            let mut spans = Vec::new();
            if !match_params(&self.params[..k], supplied.as_bytes(), 0, false, &mut spans) {
                break;
            }
            good_to = spans.last().copied().unwrap_or(0);
        }
        Error::new("T0410", super::eval::UNSET)
            .with_message(format!("Argument {} of function does not match function signature", good_to + 1))
    }
}

fn type_word(sub: &str) -> &'static str {
    match sub {
        "a" => "arrays",
        "b" => "booleans",
        "f" => "functions",
        "n" => "numbers",
        "o" => "objects",
        "s" => "strings",
        _ => "values",
    }
}
