//! The JSONata value model: JSON plus `undefined`, sequences (arrays with flags) and functions.
//!
//! Objects are shared and interior-mutable (`Rc<RefCell<..>>`) because the transform operator
//! updates matched objects of a deep copy in place, as the reference implementation does.

mod json;
mod number;

use std::cell::RefCell;
use std::rc::Rc;

use super::eval::Func;

pub use json::stringify;
pub use number::{js_number_string, js_rem, round15};

/// An insertion-ordered string map (JSON objects keep their key order).
#[derive(Clone, Debug, Default)]
pub struct ObjMap {
    entries: Vec<(Rc<str>, Value)>,
}

impl ObjMap {
    pub fn new() -> Self {
        ObjMap { entries: Vec::new() }
    }
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.entries.iter().find(|(k, _)| &**k == key).map(|(_, v)| v)
    }
    pub fn contains_key(&self, key: &str) -> bool {
        self.entries.iter().any(|(k, _)| &**k == key)
    }
    pub fn insert(&mut self, key: &str, value: Value) {
        if let Some(slot) = self.entries.iter_mut().find(|(k, _)| &**k == key) {
            slot.1 = value;
        } else {
            self.entries.push((Rc::from(key), value));
        }
    }
    pub fn remove(&mut self, key: &str) {
        self.entries.retain(|(k, _)| &**k != key);
    }
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.entries.iter().map(|(k, v)| (&**k, v))
    }
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(k, _)| &**k)
    }
    pub fn len(&self) -> usize {
        self.entries.len()
    }
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// An array, with the flags the evaluator uses to tell sequences from constructed arrays.
#[derive(Clone, Debug, Default)]
pub struct Arr {
    pub items: Vec<Value>,
    /// A result sequence (flattened and unwrapped when singleton), not a JSON array.
    pub sequence: bool,
    /// Keep a singleton sequence as an array (`[]` suffix in the expression).
    pub keep_singleton: bool,
    /// Built by an array constructor: not flattened by path steps.
    pub cons: bool,
    /// The input document's array, wrapped so that it is treated as a single input.
    pub outer_wrapper: bool,
    /// A stream of tuples (objects with '@' and variable bindings).
    pub tuple_stream: bool,
}

#[derive(Clone, Debug, Default)]
pub enum Value {
    #[default]
    Undefined,
    Null,
    Bool(bool),
    Number(f64),
    String(Rc<str>),
    Array(Rc<Arr>),
    Object(Rc<RefCell<ObjMap>>),
    Function(Rc<Func>),
}

impl Value {
    // Not inlined: it is called at some 40 places, each of which would copy the text inline.
    #[inline(never)]
    pub fn str(s: &str) -> Value {
        Value::String(Rc::from(s))
    }
    pub fn array(items: Vec<Value>) -> Value {
        Value::Array(Rc::new(Arr { items, ..Arr::default() }))
    }
    pub fn sequence(items: Vec<Value>) -> Value {
        Value::Array(Rc::new(Arr { items, sequence: true, ..Arr::default() }))
    }
    pub fn from_arr(arr: Arr) -> Value {
        Value::Array(Rc::new(arr))
    }
    pub fn object(map: ObjMap) -> Value {
        Value::Object(Rc::new(RefCell::new(map)))
    }
    pub fn is_undefined(&self) -> bool {
        matches!(self, Value::Undefined)
    }
    pub fn is_array(&self) -> bool {
        matches!(self, Value::Array(_))
    }
    pub fn is_function(&self) -> bool {
        matches!(self, Value::Function(_))
    }
    pub fn as_arr(&self) -> Option<&Arr> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }
    pub fn is_sequence(&self) -> bool {
        matches!(self, Value::Array(a) if a.sequence)
    }
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
    /// A finite number (the reference's `isNumeric`).
    pub fn is_numeric(&self) -> bool {
        matches!(self, Value::Number(n) if n.is_finite())
    }
    /// The items when an array, else the value itself as a one-item slice.
    pub fn items(&self) -> Vec<Value> {
        match self {
            Value::Array(a) => a.items.clone(),
            Value::Undefined => Vec::new(),
            v => vec![v.clone()],
        }
    }
    /// Object entries, if an object.
    pub fn get(&self, key: &str) -> Value {
        match self {
            Value::Object(o) => o.borrow().get(key).cloned().unwrap_or(Value::Undefined),
            _ => Value::Undefined,
        }
    }
    /// The JSONata type name (`$type`).
    pub fn type_name(&self) -> Option<&'static str> {
        Some(match self {
            Value::Undefined => return None,
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
            Value::Function(_) => "function",
        })
    }

    /// Converts from JSON. Arrays become plain (non-sequence) arrays.
    pub fn from_json(v: &serde_json::Value) -> Value {
        match v {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => Value::Number(n.as_f64().unwrap_or(f64::NAN)),
            serde_json::Value::String(s) => Value::str(s),
            serde_json::Value::Array(a) => Value::array(a.iter().map(Value::from_json).collect()),
            serde_json::Value::Object(o) => {
                let mut m = ObjMap::new();
                for (k, v) in o {
                    m.insert(k, Value::from_json(v));
                }
                Value::object(m)
            }
        }
    }

    /// Converts to JSON: `None` for undefined; functions become `""` (as `$string` renders
    /// them); undefined array members are dropped and undefined object members omitted.
    /// Non-finite numbers have no JSON form and become `null`.
    pub fn to_json(&self) -> Option<serde_json::Value> {
        Some(match self {
            Value::Undefined => return None,
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(n) => number_to_json(*n),
            Value::String(s) => serde_json::Value::String(s.to_string()),
            Value::Array(a) => serde_json::Value::Array(a.items.iter().filter_map(|v| v.to_json()).collect()),
            Value::Object(o) => {
                let mut m = serde_json::Map::new();
                for (k, v) in o.borrow().iter() {
                    if let Some(j) = v.to_json() {
                        m.insert(k.to_string(), j);
                    }
                }
                serde_json::Value::Object(m)
            }
            Value::Function(_) => serde_json::Value::String(String::new()),
        })
    }

    /// A deep copy (new object cells), for `$clone` and the transform operator.
    pub fn deep_clone(&self) -> Value {
        match self {
            Value::Array(a) => {
                Value::from_arr(Arr { items: a.items.iter().map(Value::deep_clone).collect(), ..(**a).clone() })
            }
            Value::Object(o) => {
                let mut m = ObjMap::new();
                for (k, v) in o.borrow().iter() {
                    m.insert(k, v.deep_clone());
                }
                Value::object(m)
            }
            v => v.clone(),
        }
    }
}

/// Integral numbers become JSON integers so that `1` prints as `1`, not `1.0`.
pub fn number_to_json(n: f64) -> serde_json::Value {
    if n.fract() == 0.0 && n.abs() < 9.007_199_254_740_992e15 {
        serde_json::Value::from(n as i64)
    } else {
        serde_json::Number::from_f64(n).map(serde_json::Value::Number).unwrap_or(serde_json::Value::Null)
    }
}

/// Deep equality as the reference's `isDeepEqual` (functions compare by identity).
pub fn deep_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Undefined, Value::Undefined) | (Value::Null, Value::Null) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Number(x), Value::Number(y)) => x == y,
        (Value::String(x), Value::String(y)) => x == y,
        (Value::Array(x), Value::Array(y)) => {
            x.items.len() == y.items.len() && x.items.iter().zip(y.items.iter()).all(|(p, q)| deep_equal(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            if Rc::ptr_eq(x, y) {
                return true;
            }
            let (x, y) = (x.borrow(), y.borrow());
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| deep_equal(v, w)))
        }
        (Value::Function(x), Value::Function(y)) => Rc::ptr_eq(x, y),
        _ => false,
    }
}
