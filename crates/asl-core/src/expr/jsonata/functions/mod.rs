//! The function library: the JSONata standard functions and those AWS Step Functions adds.

mod arrays;
mod aws;
pub mod case;
mod datetime;
mod format;
mod numbers;
mod strings;

use super::error::{Error, Result};
use super::eval::{Env, Evaluator, Func, UNSET};
use super::parser::Regex;
use super::value::{round15, stringify, ObjMap, Value};

/// The implementation receives the validated arguments, the context value and the caller's scope.
pub type Imp = fn(&mut Evaluator, Vec<Value>, &Value, &Env) -> Result<Value>;

#[derive(Debug)]
pub struct Builtin {
    /// The name followed by the signature (`sum<a<n>:n>`): one string per entry, so that the
    /// table is 16 bytes of wasm data per function rather than 24.
    spec: &'static str,
    /// How many arguments higher-order functions pass (the reference's `function.length`).
    pub arity: u8,
    pub imp: Imp,
}

impl Builtin {
    fn name_len(&self) -> usize {
        self.spec.find('<').unwrap_or(self.spec.len())
    }
    pub fn signature(&self) -> &'static str {
        &self.spec[self.name_len()..]
    }
}

macro_rules! b {
    ($name:literal, $sig:literal, $arity:literal, $imp:path) => {
        Builtin { spec: concat!($name, $sig), arity: $arity, imp: $imp }
    };
}

static BUILTINS: &[Builtin] = &[
    // aggregation
    b!("sum", "<a<n>:n>", 1, numbers::sum),
    b!("count", "<a:n>", 1, arrays::count),
    b!("max", "<a<n>:n>", 1, numbers::max),
    b!("min", "<a<n>:n>", 1, numbers::min),
    b!("average", "<a<n>:n>", 1, numbers::average),
    // strings
    b!("string", "<x-b?:s>", 1, strings::string),
    b!("substring", "<s-nn?:s>", 3, strings::substring),
    b!("substringBefore", "<s-s:s>", 2, strings::substring_before),
    b!("substringAfter", "<s-s:s>", 2, strings::substring_after),
    b!("lowercase", "<s-:s>", 1, strings::lowercase),
    b!("uppercase", "<s-:s>", 1, strings::uppercase),
    b!("length", "<s-:n>", 1, strings::length),
    b!("trim", "<s-:s>", 1, strings::trim),
    b!("pad", "<s-ns?:s>", 3, strings::pad),
    b!("match", "<s-f<s:o>n?:a<o>>", 3, strings::match_),
    b!("contains", "<s-(sf):b>", 2, strings::contains),
    b!("replace", "<s-(sf)(sf)n?:s>", 4, strings::replace),
    b!("split", "<s-(sf)n?:a<s>>", 3, strings::split),
    b!("join", "<a<s>s?:s>", 2, strings::join),
    b!("base64encode", "<s-:s>", 1, strings::base64encode),
    b!("base64decode", "<s-:s>", 1, strings::base64decode),
    b!("encodeUrlComponent", "<s-:s>", 1, strings::encode_url_component),
    b!("encodeUrl", "<s-:s>", 1, strings::encode_url),
    b!("decodeUrlComponent", "<s-:s>", 1, strings::decode_url_component),
    b!("decodeUrl", "<s-:s>", 1, strings::decode_url),
    // numbers
    b!("number", "<(nsb)-:n>", 1, numbers::number),
    b!("floor", "<n-:n>", 1, numbers::floor),
    b!("ceil", "<n-:n>", 1, numbers::ceil),
    b!("round", "<n-n?:n>", 2, numbers::round),
    b!("abs", "<n-:n>", 1, numbers::abs),
    b!("sqrt", "<n-:n>", 1, numbers::sqrt),
    b!("power", "<n-n:n>", 2, numbers::power),
    b!("random", "<n?:n>", 0, aws::random),
    b!("formatNumber", "<n-so?:s>", 3, format::format_number),
    b!("formatBase", "<n-n?:s>", 2, numbers::format_base),
    b!("formatInteger", "<n-s:s>", 2, format::format_integer),
    b!("parseInteger", "<s-s:n>", 2, format::parse_integer),
    // booleans
    b!("boolean", "<x-:b>", 1, arrays::boolean),
    b!("not", "<x-:b>", 1, arrays::not),
    b!("exists", "<x:b>", 1, arrays::exists),
    // higher order
    b!("map", "<af>", 2, arrays::map),
    b!("zip", "<a+>", 1, arrays::zip),
    b!("filter", "<af>", 2, arrays::filter),
    b!("single", "<af?>", 2, arrays::single),
    b!("reduce", "<afj?:j>", 3, arrays::reduce),
    b!("sift", "<o-f?:o>", 2, arrays::sift),
    b!("each", "<o-f:a>", 2, arrays::each),
    // objects and arrays
    b!("keys", "<x-:a<s>>", 1, arrays::keys),
    b!("lookup", "<x-s:x>", 2, arrays::lookup),
    b!("append", "<xx:a>", 2, arrays::append),
    b!("spread", "<x-:a<o>>", 1, arrays::spread),
    b!("merge", "<a<o>:o>", 1, arrays::merge),
    b!("reverse", "<a:a>", 1, arrays::reverse),
    b!("sort", "<af?:a>", 2, arrays::sort),
    b!("shuffle", "<a:a>", 1, arrays::shuffle),
    b!("distinct", "<x:x>", 1, arrays::distinct),
    b!("error", "<s?:x>", 1, arrays::error),
    b!("assert", "<bs?:x>", 2, arrays::assert),
    b!("type", "<x:s>", 1, arrays::type_of),
    b!("clone", "<(oa)-:o>", 1, arrays::clone),
    b!("eval", "<sx?:x>", 2, arrays::eval),
    // date/time
    b!("now", "<s?s?:s>", 2, datetime::now),
    b!("millis", "<:n>", 0, datetime::millis),
    b!("fromMillis", "<n-s?s?:s>", 3, datetime::from_millis),
    b!("toMillis", "<s-s?:n>", 2, datetime::to_millis),
    // AWS Step Functions
    b!("partition", "<an:a>", 2, aws::partition),
    b!("range", "<nnn?:a>", 3, aws::range),
    b!("hash", "<ss?:s>", 2, aws::hash),
    b!("uuid", "<:s>", 0, aws::uuid),
    b!("parse", "<s-:x>", 1, aws::parse),
];

/// The built-in function bound to `$name`, if any.
pub fn lookup(name: &str) -> Option<&'static Builtin> {
    // The name is the part before the signature's `<` (no name holds one).
    if name.contains('<') {
        return None;
    }
    BUILTINS.iter().find(|b| b.spec.strip_prefix(name).is_some_and(|sig| sig.starts_with('<')))
}

/// Argument `i`, undefined when missing (borrowed: a copy at each of some 80 call sites would
/// bring a clone and a drop along).
fn arg(args: &[Value], i: usize) -> &Value {
    args.get(i).unwrap_or(&Value::Undefined)
}

fn err(code: &'static str) -> Error {
    Error::new(code, UNSET)
}

/// `$string`: strings as they are, other values as (rounded) JSON, functions as "".
pub fn string_of(v: &Value, prettify: bool) -> Result<String> {
    Ok(match v {
        Value::String(s) => s.to_string(),
        Value::Function(_) => String::new(),
        Value::Number(n) if !n.is_finite() => return Err(err("D3001")),
        Value::Number(n) => super::value::js_number_string(round15(*n)),
        v => {
            let v = match v {
                Value::Array(a) if a.outer_wrapper && !a.items.is_empty() => &a.items[0],
                v => v,
            };
            // A nested infinite number is out of range (the reference's replacer checks it).
            if has_infinite(v) {
                return Err(err("D1001"));
            }
            stringify(v, if prettify { 2 } else { 0 })
        }
    })
}

/// A regex match in the shape the reference's matcher closures return.
pub struct RegexMatch {
    pub matched: String,
    /// Byte offsets.
    pub start: usize,
    pub end: usize,
    pub groups: Vec<Value>,
}

/// All matches of `r` in `s`, as the reference iterates them (`D1004` for an empty match after
/// the first).
pub fn regex_matches(r: &Regex, s: &str, limit: Option<usize>) -> Result<Vec<RegexMatch>> {
    let mut out = Vec::new();
    let mut from = 0;
    loop {
        if limit.is_some_and(|l| out.len() >= l) {
            break;
        }
        let Some(caps) = r.regex.captures_at(s, from)? else { break };
        let Some((start, end)) = caps[0] else { break };
        if !out.is_empty() && start == end {
            return Err(err("D1004"));
        }
        out.push(RegexMatch { matched: s[start..end].to_string(), start, end, groups: groups_of(&caps, s) });
        // JavaScript's lastIndex does not move past an empty match, so the next search finds
        // the same empty match (D1004 above).
        if end >= s.len() {
            break;
        }
        from = end;
    }
    Ok(out)
}

/// UTF-16 offset of a byte offset (JavaScript string indices).
pub fn utf16_index(s: &str, byte: usize) -> usize {
    s[..byte.min(s.len())].encode_utf16().count()
}

/// The captured groups, undefined where a group took no part in the match.
fn groups_of(caps: &super::regex::Captures, s: &str) -> Vec<Value> {
    caps[1..].iter().map(|g| g.map_or(Value::Undefined, |(a, b)| Value::str(&s[a..b]))).collect()
}

/// The object `regex(str)` returns when a regex is applied as a function.
pub fn regex_match_object(r: &Regex, s: &str, from: usize) -> Result<Value> {
    let Some(caps) = r.regex.captures_at(s, from)? else { return Ok(Value::Undefined) };
    let Some((start, end)) = caps[0] else { return Ok(Value::Undefined) };
    let mut o = ObjMap::new();
    o.insert("match", Value::str(&s[start..end]));
    o.insert("start", Value::Number(utf16_index(s, start) as f64));
    o.insert("end", Value::Number(utf16_index(s, end) as f64));
    o.insert("groups", Value::array(groups_of(&caps, s)));
    Ok(Value::object(o))
}

fn regex_of(v: &Value) -> Option<std::rc::Rc<Regex>> {
    match v {
        Value::Function(f) => match &**f {
            Func::Regex(r) => Some(r.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// Arguments passed to a callback of arity `n`: value, index, whole.
fn hof_args(ev: &Evaluator, func: &Value, a: Value, b: Value, c: Value) -> Vec<Value> {
    let _ = ev;
    let arity = match func {
        Value::Function(f) => f.arity(),
        _ => 1,
    };
    let mut args = vec![a];
    if arity >= 2 {
        args.push(b);
    }
    if arity >= 3 {
        args.push(c);
    }
    args
}

fn has_infinite(v: &Value) -> bool {
    match v {
        Value::Number(n) => !n.is_finite(),
        Value::Array(a) => a.items.iter().any(has_infinite),
        Value::Object(o) => o.borrow().iter().any(|(_, v)| has_infinite(v)),
        _ => false,
    }
}
