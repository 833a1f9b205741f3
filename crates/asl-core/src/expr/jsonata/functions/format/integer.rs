//! Integer pictures (XPath `format-integer`): analysed once, then used to format or parse.

use super::numerals::{from_letters, from_roman, number_to_words, to_letters, to_roman, words_to_number};
use super::R;
use crate::expr::jsonata::error::Result;
use crate::expr::jsonata::eval::{Env, Evaluator};
use crate::expr::jsonata::functions::case::uppercase;
use crate::expr::jsonata::functions::{arg, err};
use crate::expr::jsonata::value::Value;

#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Primary {
    Decimal,
    Letters,
    Roman,
    Words,
    Sequence,
}

#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Case {
    Upper,
    Lower,
    Title,
}

#[derive(Clone, Debug)]
pub struct IntFormat {
    pub primary: Primary,
    pub case: Case,
    pub ordinal: bool,
    pub zero_code: u32,
    pub mandatory_digits: usize,
    pub regular: Option<(usize, char)>,
    pub separators: Vec<(usize, char)>,
    pub token: String,
}

const DECIMAL_GROUPS: [u32; 37] = [
    0x30, 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66, 0x0DE6,
    0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40,
    0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
];

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

pub(super) fn regular_factor(positions: &[usize]) -> usize {
    if positions.is_empty() {
        return 0;
    }
    let factor = positions.iter().copied().reduce(gcd).unwrap_or(0);
    if factor == 0 {
        return 0;
    }
    for i in 1..=positions.len() {
        if !positions.contains(&(i * factor)) {
            return 0;
        }
    }
    factor
}

pub fn analyse_integer_picture(picture: &str) -> Result<IntFormat> {
    let mut f = IntFormat {
        primary: Primary::Decimal,
        case: Case::Lower,
        ordinal: false,
        zero_code: 0x30,
        mandatory_digits: 0,
        regular: None,
        separators: Vec::new(),
        token: String::new(),
    };
    let primary = match picture.rfind(';') {
        Some(i) => {
            if picture[i + 1..].starts_with('o') {
                f.ordinal = true;
            }
            &picture[..i]
        }
        None => picture,
    };
    match primary {
        "A" => (f.case, f.primary) = (Case::Upper, Primary::Letters),
        "a" => f.primary = Primary::Letters,
        "I" => (f.case, f.primary) = (Case::Upper, Primary::Roman),
        "i" => f.primary = Primary::Roman,
        "W" => (f.case, f.primary) = (Case::Upper, Primary::Words),
        "Ww" => (f.case, f.primary) = (Case::Title, Primary::Words),
        "w" => f.primary = Primary::Words,
        _ => {
            let mut zero: Option<u32> = None;
            let mut mandatory = 0;
            let mut position = 0;
            let mut separators = Vec::new();
            for c in primary.chars().rev() {
                let cp = c as u32;
                if let Some(g) = DECIMAL_GROUPS.iter().find(|&&g| cp >= g && cp <= g + 9) {
                    mandatory += 1;
                    position += 1;
                    match zero {
                        None => zero = Some(*g),
                        Some(z) if z != *g => return Err(err("D3131")),
                        _ => {}
                    }
                } else if c == '#' {
                    position += 1;
                } else {
                    separators.push((position, c));
                }
            }
            if mandatory > 0 {
                f.zero_code = zero.unwrap_or(0x30);
                f.mandatory_digits = mandatory;
                let positions: Vec<usize> = separators.iter().map(|s| s.0).collect();
                let same_char = separators.iter().all(|s| s.1 == separators[0].1);
                let factor = if same_char { regular_factor(&positions) } else { 0 };
                if factor > 0 {
                    f.regular = Some((factor, separators[0].1));
                }
                f.separators = separators;
            } else {
                f.primary = Primary::Sequence;
                f.token = primary.to_string();
            }
        }
    }
    Ok(f)
}

pub fn format_int_with(value: f64, f: &IntFormat) -> Result<String> {
    let negative = value < 0.0;
    let v = value.abs() as u64;
    let mut s = match f.primary {
        Primary::Letters => to_letters(v, if f.case == Case::Upper { 'A' } else { 'a' }),
        Primary::Roman => {
            let r = to_roman(v);
            if f.case == Case::Upper {
                uppercase(&r)
            } else {
                r
            }
        }
        Primary::Words => {
            let w = number_to_words(value.abs().floor(), f.ordinal);
            match f.case {
                Case::Upper => uppercase(&w),
                Case::Lower => w.to_lowercase(),
                Case::Title => w,
            }
        }
        Primary::Decimal => {
            let mut digits: Vec<char> = format!("{:0>width$}", v, width = f.mandatory_digits).chars().collect();
            if f.zero_code != 0x30 {
                digits = digits.iter().map(|c| char::from_u32(*c as u32 + f.zero_code - 0x30).unwrap_or(*c)).collect();
            }
            if let Some((every, ch)) = f.regular {
                let n = (digits.len() - 1) / every;
                for ii in (1..=n).rev() {
                    let pos = digits.len() - ii * every;
                    digits.insert(pos, ch);
                }
            } else {
                for (pos, ch) in f.separators.iter().rev() {
                    let at = digits.len().saturating_sub(*pos);
                    digits.insert(at, *ch);
                }
            }
            let mut s: String = digits.into_iter().collect();
            if f.ordinal {
                let b: Vec<char> = s.chars().collect();
                let last = b.last().copied().unwrap_or('0');
                let mut suffix = match last {
                    '1' => "st",
                    '2' => "nd",
                    '3' => "rd",
                    _ => "th",
                };
                if b.len() > 1 && b[b.len() - 2] == '1' {
                    suffix = "th";
                }
                s.push_str(suffix);
            }
            s
        }
        Primary::Sequence => {
            return Err(err("D3130").with_message(format!(
                "Formatting an integer as a sequence starting with {} is not supported",
                f.token
            )))
        }
    };
    if negative {
        s.insert(0, '-');
    }
    Ok(s)
}

pub fn format_integer(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    let Value::Number(v) = arg(&args, 0) else { return Ok(Value::Undefined) };
    let picture = arg(&args, 1).as_str().unwrap_or_default();
    let f = analyse_integer_picture(picture)?;
    Ok(Value::str(&format_int_with(v.floor(), &f)?))
}

/// Parses `value` formatted per `f`; also returns how many bytes were consumed.
pub fn parse_int_with(value: &str, f: &IntFormat) -> Result<f64> {
    Ok(match f.primary {
        Primary::Letters => from_letters(value, if f.case == Case::Upper { 'A' } else { 'a' }),
        Primary::Roman => from_roman(value),
        Primary::Words => words_to_number(&value.to_lowercase()),
        Primary::Decimal => {
            let mut digits: String = value.to_string();
            if f.ordinal && digits.len() >= 2 {
                digits.truncate(digits.len() - 2);
            }
            if f.regular.is_some() {
                digits = digits.replace(',', "");
            } else {
                for (_, c) in &f.separators {
                    digits = digits.replace(*c, "");
                }
            }
            if f.zero_code != 0x30 {
                digits = digits
                    .chars()
                    .map(|c| char::from_u32((c as u32).wrapping_sub(f.zero_code) + 0x30).unwrap_or(c))
                    .collect();
            }
            let d: String = digits.chars().take_while(|c| c.is_ascii_digit()).collect();
            d.parse::<f64>().unwrap_or(f64::NAN)
        }
        Primary::Sequence => return Err(err("D3130")),
    })
}

pub fn parse_integer(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    let Value::String(s) = arg(&args, 0) else { return Ok(Value::Undefined) };
    let picture = arg(&args, 1).as_str().unwrap_or_default();
    let f = analyse_integer_picture(picture)?;
    let n = parse_int_with(s, &f)?;
    Ok(if n.is_nan() { Value::Undefined } else { Value::Number(n) })
}
