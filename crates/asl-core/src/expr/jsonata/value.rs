//! The JSONata value model: JSON plus `undefined`, sequences (arrays with flags) and functions.
//!
//! Objects are shared and interior-mutable (`Rc<RefCell<..>>`) because the transform operator
//! updates matched objects of a deep copy in place, as the reference implementation does.

use std::cell::RefCell;
use std::rc::Rc;

use super::eval::Func;

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

/// JavaScript's `Number.prototype.toString()` for finite numbers.
pub fn js_number_string(n: f64) -> String {
    if n.is_nan() {
        return "NaN".into();
    }
    if n.is_infinite() {
        return if n > 0.0 { "Infinity".into() } else { "-Infinity".into() };
    }
    if n == 0.0 {
        return "0".into();
    }
    // Rust's `{}` gives the shortest round-trip digits, as JavaScript does (in positional
    // notation: `{:e}` would link a second copy of the float formatting).
    let (digits, e) = shortest_digits(n.abs());
    let k = digits.len() as i32;
    let mut out = String::new();
    if n < 0.0 {
        out.push('-');
    }
    if k <= e && e <= 21 {
        out.push_str(&digits);
        out.extend(std::iter::repeat_n('0', (e - k) as usize));
    } else if 0 < e && e <= 21 {
        out.push_str(&digits[..e as usize]);
        out.push('.');
        out.push_str(&digits[e as usize..]);
    } else if -6 < e && e <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-e) as usize));
        out.push_str(&digits);
    } else {
        out.push_str(&digits[..1]);
        if k > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push('e');
        out.push(if e >= 1 { '+' } else { '-' });
        out.push_str(&(e - 1).abs().to_string());
    }
    out
}

/// `Number(n.toPrecision(15))`: the reference rounds numbers to 15 significant digits when
/// rendering them as strings, to hide binary floating-point noise.
pub fn round15(n: f64) -> f64 {
    if !n.is_finite() || n == 0.0 || n.fract() == 0.0 {
        return n;
    }
    // `{:.14e}` without the exponential formatting: the position of the decimal point gives the
    // number of places that keeps 15 significant digits. Near a power of ten where the shortest
    // digits round up to it, one digit more or less rounds to the same number.
    let e = shortest_digits(n.abs()).1;
    if e > 15 {
        // |n| < 2^53 since it has a fraction: round the integer part to tens (no ties possible).
        let t = n.abs().trunc() as u64;
        let r = t % 10;
        let q = (t - r + if r >= 5 { 10 } else { 0 }) as f64;
        return if n < 0.0 { -q } else { q };
    }
    format!("{:.*}", (15 - e) as usize, n).parse().unwrap_or(n)
}

/// The shortest round-trip digits of a finite positive number (no trailing zeros) and the
/// position of the decimal point relative to them (`0.d1d2… × 10^e`).
fn shortest_digits(n: f64) -> (String, i32) {
    let s = n.to_string();
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let (mut digits, e) = if int == "0" {
        let t = frac.trim_start_matches('0');
        (t.to_string(), t.len() as i32 - frac.len() as i32)
    } else {
        (format!("{int}{frac}"), int.len() as i32)
    };
    while digits.ends_with('0') {
        digits.pop();
    }
    (digits, e)
}

/// JavaScript's `%` (C's `fmod`), exact, on the bits: Rust's `%` calls the platform's `fmod`,
/// whose wasm version brings 128-bit division along.
pub fn js_rem(x: f64, y: f64) -> f64 {
    let (mut ux, mut uy) = (x.to_bits(), y.to_bits());
    let mut ex = ((ux >> 52) & 0x7ff) as i64;
    let mut ey = ((uy >> 52) & 0x7ff) as i64;
    let sx = ux >> 63;
    if uy << 1 == 0 || y.is_nan() || ex == 0x7ff {
        return f64::NAN; // fmod of ±∞, by 0 or with NaN
    }
    if ux << 1 <= uy << 1 {
        return if ux << 1 == uy << 1 { 0.0 * x } else { x };
    }
    // Normalise both significands (subnormals included).
    fn norm(u: u64, e: &mut i64) -> u64 {
        if *e == 0 {
            let mut i = u << 12;
            while i >> 63 == 0 {
                *e -= 1;
                i <<= 1;
            }
            u << (1 - *e)
        } else {
            (u & (u64::MAX >> 12)) | 1 << 52
        }
    }
    ux = norm(ux, &mut ex);
    uy = norm(uy, &mut ey);
    loop {
        let i = ux.wrapping_sub(uy);
        if i >> 63 == 0 {
            if i == 0 {
                return 0.0 * x;
            }
            ux = i;
        }
        if ex <= ey {
            break;
        }
        ux <<= 1;
        ex -= 1;
    }
    while ux >> 52 == 0 {
        ux <<= 1;
        ex -= 1;
    }
    if ex > 0 {
        ux = (ux - (1 << 52)) | (ex as u64) << 52;
    } else {
        ux >>= 1 - ex;
    }
    f64::from_bits(ux | sx << 63)
}

/// `JSON.stringify` with the reference's number rounding; `indent` > 0 pretty-prints.
pub fn stringify(v: &Value, indent: usize) -> String {
    let mut out = String::new();
    write_json(v, indent, 0, &mut out);
    out
}

fn write_json(v: &Value, indent: usize, level: usize, out: &mut String) {
    match v {
        Value::Undefined | Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            if n.is_finite() {
                out.push_str(&js_number_string(round15(*n)))
            } else {
                out.push_str("null")
            }
        }
        Value::String(s) => write_json_string(s, out),
        Value::Function(_) => out.push_str("\"\""),
        Value::Array(a) => {
            if a.items.is_empty() {
                out.push_str("[]");
                return;
            }
            out.push('[');
            for (i, item) in a.items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(indent, level + 1, out);
                write_json(item, indent, level + 1, out);
            }
            newline(indent, level, out);
            out.push(']');
        }
        Value::Object(o) => {
            let o = o.borrow();
            let entries: Vec<_> = o.iter().filter(|(_, v)| !v.is_undefined()).collect();
            if entries.is_empty() {
                out.push_str("{}");
                return;
            }
            out.push('{');
            for (i, (k, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(indent, level + 1, out);
                write_json_string(k, out);
                out.push(':');
                if indent > 0 {
                    out.push(' ');
                }
                write_json(item, indent, level + 1, out);
            }
            newline(indent, level, out);
            out.push('}');
        }
    }
}

fn newline(indent: usize, level: usize, out: &mut String) {
    if indent > 0 {
        out.push('\n');
        out.extend(std::iter::repeat_n(' ', indent * level));
    }
}

pub fn write_json_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            // Control characters, and lone surrogates (their stand-ins) as JSON.stringify writes them.
            c => match crate::syntax::json::stand_in_surrogate(c) {
                Some(code) => out.push_str(&format!("\\u{code:04x}")),
                None if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
                None => out.push(c),
            },
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_as_javascript_does() {
        assert_eq!(js_number_string(1.0), "1");
        assert_eq!(js_number_string(-0.5), "-0.5");
        assert_eq!(js_number_string(1e21), "1e+21");
        assert_eq!(js_number_string(1.5e-7), "1.5e-7");
        assert_eq!(js_number_string(123456.789), "123456.789");
        assert_eq!(js_number_string(0.000001), "0.000001");
        assert_eq!(js_number_string(round15(0.1 + 0.2)), "0.3");
    }

    /// A small xorshift stream of doubles: random bit patterns and decimal-looking values.
    fn samples() -> Vec<f64> {
        let mut x: u64 = 0x9e3779b97f4a7c15;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut out =
            vec![0.1, 0.001, 1e15 + 0.5, 4.5e15 + 0.5, 1e-300, 5e-324, 1.7976931348623157e308, 1e21, 1e-7, 123.456];
        for _ in 0..200_000 {
            let r = next();
            out.push(f64::from_bits(r));
            out.push((r % 10_000_000) as f64 / 10f64.powi((r >> 40) as i32 % 12));
            out.push(((r >> 8) as f64 / (1u64 << 56) as f64) * 10f64.powi((r >> 58) as i32 - 30));
        }
        out
    }

    #[test]
    fn rem_is_fmod() {
        let s = samples();
        for w in s.windows(2) {
            let (a, b) = (w[0], w[1]);
            for (a, b) in [(a, b), (b, a), (a, 10.0), (a, 100.0), (a, -3.0), (-a, 0.7), (a, 0.0), (a, f64::INFINITY)] {
                let (got, want) = (js_rem(a, b), a % b);
                assert!(got.to_bits() == want.to_bits() || got.is_nan() && want.is_nan(), "{a} % {b}: {got} vs {want}");
            }
        }
    }

    #[test]
    fn number_strings_and_rounding_match_the_exponential_forms() {
        for n in samples() {
            if !n.is_finite() || n == 0.0 {
                continue;
            }
            let sci = format!("{:e}", n.abs());
            let (mant, exp) = sci.split_once('e').unwrap();
            let digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
            assert_eq!(shortest_digits(n.abs()), (digits, exp.parse::<i32>().unwrap() + 1), "{n}");
            let want = if n.fract() == 0.0 { n } else { format!("{:.14e}", n).parse().unwrap() };
            assert_eq!(round15(n).to_bits(), want.to_bits(), "{n}");
        }
    }
}
