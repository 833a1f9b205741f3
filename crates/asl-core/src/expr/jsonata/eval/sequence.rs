//! Sequence and truthiness helpers the evaluator shares with the builtins (`$append`, `$lookup`,
//! `$boolean`), and the small constructors for sequences.

use crate::expr::jsonata::value::{Arr, Value};

pub(super) fn seq(items: Vec<Value>) -> Arr {
    Arr { items, sequence: true, ..Arr::default() }
}

pub(super) fn as_items(v: &Value) -> Vec<Value> {
    match v {
        Value::Array(a) => a.items.clone(),
        v => vec![v.clone()],
    }
}

/// `fn.append`: concatenation into a plain (non-sequence) array.
pub fn append(a: Value, b: Value) -> Value {
    if a.is_undefined() {
        return b;
    }
    if b.is_undefined() {
        return a;
    }
    let mut items = as_items(&a);
    items.extend(as_items(&b));
    Value::array(items)
}

pub fn flatten_into(v: &Value, out: &mut Vec<Value>) {
    match v {
        Value::Array(a) => a.items.iter().for_each(|i| flatten_into(i, out)),
        v => out.push(v.clone()),
    }
}

/// `fn.lookup`: a field of an object, mapped over arrays.
pub fn lookup_field(input: &Value, key: &str) -> Value {
    match input {
        Value::Array(a) => {
            let mut out = Vec::new();
            for item in &a.items {
                match lookup_field(item, key) {
                    Value::Undefined => {}
                    Value::Array(r) => out.extend(r.items.iter().cloned()),
                    v => out.push(v),
                }
            }
            Value::from_arr(seq(out))
        }
        Value::Object(o) => o.borrow().get(key).cloned().unwrap_or(Value::Undefined),
        _ => Value::Undefined,
    }
}

/// `fn.boolean`: JSONata truthiness (`None` for undefined).
pub fn to_boolean(v: &Value) -> Option<bool> {
    Some(match v {
        Value::Undefined => return None,
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => *n != 0.0,
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => match a.items.len() {
            0 => false,
            1 => to_boolean(&a.items[0]).unwrap_or(false),
            _ => a.items.iter().any(|i| to_boolean(i) == Some(true)),
        },
        Value::Object(o) => !o.borrow().is_empty(),
        Value::Function(_) => false,
    })
}
