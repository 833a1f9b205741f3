//! Function signatures (`<s-nn?:s>`): argument validation and context substitution.
//!
//! As in the reference, each argument is reduced to a one-letter type symbol and the string of
//! symbols is matched against a regular expression built from the signature.

use super::error::{Error, Result};
use super::value::Value;

#[derive(Debug, Clone)]
struct Param {
    regex: String,
    kind: String,
    context: bool,
    context_regex: Option<String>,
    subtype: Option<String>,
}

#[derive(Debug)]
pub struct Signature {
    params: Vec<Param>,
    regex: regex_lite::Regex,
    pub definition: String,
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
        let mut param = Param { regex: String::new(), kind: String::new(), context: false, context_regex: None, subtype: None };
        let mut position = 1;
        while position < sig.len() {
            let c = sig[position];
            if c == ':' {
                break;
            }
            let mut push = |param: &mut Param, regex: String, kind: String| {
                param.regex = regex;
                param.kind = kind;
                params.push(param.clone());
                *param = Param { regex: String::new(), kind: String::new(), context: false, context_regex: None, subtype: None };
            };
            match c {
                's' | 'n' | 'b' | 'l' | 'o' => push(&mut param, format!("[{c}m]"), c.to_string()),
                'a' => push(&mut param, "[asnblfom]".into(), "a".into()),
                'f' => push(&mut param, "f".into(), "f".into()),
                'j' => push(&mut param, "[asnblom]".into(), "j".into()),
                'x' => push(&mut param, "[asnblfom]".into(), "x".into()),
                '-' => {
                    if let Some(prev) = params.last_mut() {
                        prev.context = true;
                        prev.context_regex = Some(prev.regex.clone());
                        prev.regex.push('?');
                    }
                }
                '?' | '+' => {
                    if let Some(prev) = params.last_mut() {
                        prev.regex.push(c);
                    }
                }
                '(' => {
                    let end = closing(&sig, position, '(', ')');
                    let choice: String = sig[position + 1..end].iter().collect();
                    if choice.contains('<') {
                        return Err(Error::new("S0402", position));
                    }
                    push(&mut param, format!("[{choice}m]"), format!("({choice})"));
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
        let regex_str = format!("^{}$", params.iter().map(|p| format!("({})", p.regex)).collect::<String>());
        let regex = regex_lite::Regex::new(&regex_str).map_err(|_| Error::new("S0401", 0))?;
        Ok(Signature { params, regex, definition: signature.to_string() })
    }

    /// Validates `args` (with `context`, the input, standing in for a missing `-` argument) and
    /// returns the arguments as the function receives them.
    pub fn validate(&self, args: &[Value], context: &Value) -> Result<Vec<Value>> {
        let supplied: String = args.iter().map(symbol).collect();
        let Some(caps) = self.regex.captures(&supplied) else {
            return Err(self.validation_error(args, &supplied));
        };
        let mut validated = Vec::new();
        let mut arg_index = 0;
        for (index, param) in self.params.iter().enumerate() {
            let matched = caps.get(index + 1).map(|m| m.as_str()).unwrap_or("");
            if matched.is_empty() {
                if param.context {
                    let ok = param
                        .context_regex
                        .as_ref()
                        .and_then(|r| regex_lite::Regex::new(&format!("^{r}$")).ok())
                        .is_some_and(|r| r.is_match(&symbol(context).to_string()));
                    if ok {
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

    fn validation_error(&self, args: &[Value], supplied: &str) -> Error {
        let mut partial = String::from("^");
        let mut good_to = 0;
        for p in &self.params {
            partial.push_str(&p.regex);
            match regex_lite::Regex::new(&partial).ok().and_then(|r| r.find(supplied).map(|m| m.end())) {
                Some(end) => good_to = end,
                None => break,
            }
        }
        let _ = args;
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
