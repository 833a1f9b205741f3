//! Scalars: YAML 1.2's core schema for plain ones, and the tags it defines.

use std::borrow::Cow;

use serde_json::Number;

use crate::syntax::json::Kind;

/// Tags the reader itself knows: the core schema's and the non-specific `!`.
pub(super) fn is_core(tag: &str) -> bool {
    tag == "!"
        || matches!(
            tag.strip_prefix("tag:yaml.org,2002:"),
            Some("str" | "null" | "bool" | "int" | "float" | "map" | "seq")
        )
}

/// The value of a scalar: YAML 1.2's core schema for plain scalars, tags where written.
pub(super) fn scalar(value: &str, tag: Option<&str>, plain: bool) -> Result<Kind<'static>, String> {
    let string = || Kind::String(Cow::Owned(value.to_string()));
    match tag {
        None if !plain => Ok(string()),
        None => Ok(resolve(value).unwrap_or_else(string)),
        Some("!" | "tag:yaml.org,2002:str") => Ok(string()),
        Some("tag:yaml.org,2002:null") => match resolve(value) {
            Some(Kind::Null) => Ok(Kind::Null),
            _ => Err(format!("YAML: !!null cannot be {value:?}")),
        },
        Some("tag:yaml.org,2002:bool") => match resolve(value) {
            Some(b @ Kind::Bool(_)) => Ok(b),
            _ => Err(format!("YAML: !!bool cannot be {value:?}")),
        },
        Some("tag:yaml.org,2002:int" | "tag:yaml.org,2002:float") => match resolve(value) {
            Some(n @ Kind::Number(_)) => Ok(n),
            _ => Err(format!("YAML: {value:?} is not a number")),
        },
        Some(other) => Err(format!("YAML: the tag {other} does not fit a scalar")),
    }
}

/// A plain scalar that is not a string, as the core schema reads it.
pub(super) fn resolve(value: &str) -> Option<Kind<'static>> {
    match value {
        "" | "~" | "null" | "Null" | "NULL" => return Some(Kind::Null),
        "true" | "True" | "TRUE" => return Some(Kind::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Kind::Bool(false)),
        _ => {}
    }
    let radix = |digits: &str, radix: u32| i64::from_str_radix(digits, radix).ok().map(|n| Kind::Number(n.into()));
    if let Some(hex) = value.strip_prefix("0x") {
        return radix(hex, 16);
    }
    if let Some(oct) = value.strip_prefix("0o") {
        return radix(oct, 8);
    }
    let unsigned = value.strip_prefix(['-', '+']).unwrap_or(value);
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(i) => (&unsigned[..i], Some(&unsigned[i + 1..])),
        None => (unsigned, None),
    };
    let (int, frac) = mantissa.split_once('.').map_or((mantissa, None), |(i, f)| (i, Some(f)));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let number_like = (digits(int) || (int.is_empty() && frac.is_some_and(digits)))
        && frac.is_none_or(|f| f.is_empty() || digits(f))
        && exponent.is_none_or(|e| digits(e.strip_prefix(['-', '+']).unwrap_or(e)));
    if !number_like {
        return None;
    }
    let negative = value.starts_with('-');
    if frac.is_none() && exponent.is_none() {
        let n = int.trim_start_matches('0');
        let n = if n.is_empty() { "0" } else { n };
        let text = if negative { format!("-{n}") } else { n.to_string() };
        if let Ok(n) = text.parse::<i64>() {
            return Some(Kind::Number(n.into()));
        }
        if let Ok(n) = text.parse::<u64>() {
            return Some(Kind::Number(n.into()));
        }
    }
    let f: f64 = value.trim_start_matches('+').parse().ok().or_else(|| {
        // Rust reads neither "1." nor ".5" with a sign in every form; spell it out.
        let sign = if negative { "-" } else { "" };
        let int = if int.is_empty() { "0" } else { int };
        let frac = frac.filter(|f| !f.is_empty()).unwrap_or("0");
        let exp = exponent.map_or(String::new(), |e| format!("e{e}"));
        format!("{sign}{int}.{frac}{exp}").parse().ok()
    })?;
    Number::from_f64(f).map(Kind::Number)
}
