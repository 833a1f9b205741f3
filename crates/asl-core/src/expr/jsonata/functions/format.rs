//! Number formatting by picture strings: `$formatNumber`, `$formatInteger`, `$parseInteger`.

use super::{arg, err};
use crate::expr::jsonata::error::Result;
use crate::expr::jsonata::eval::{Env, Evaluator};
use crate::expr::jsonata::value::Value;

type R = Result<Value>;

// ---------------------------------------------------------------------------------------------
// Integers (XPath `format-integer`)

const FEW: [&str; 20] = [
    "Zero",
    "One",
    "Two",
    "Three",
    "Four",
    "Five",
    "Six",
    "Seven",
    "Eight",
    "Nine",
    "Ten",
    "Eleven",
    "Twelve",
    "Thirteen",
    "Fourteen",
    "Fifteen",
    "Sixteen",
    "Seventeen",
    "Eighteen",
    "Nineteen",
];
const ORDINALS: [&str; 20] = [
    "Zeroth",
    "First",
    "Second",
    "Third",
    "Fourth",
    "Fifth",
    "Sixth",
    "Seventh",
    "Eighth",
    "Ninth",
    "Tenth",
    "Eleventh",
    "Twelfth",
    "Thirteenth",
    "Fourteenth",
    "Fifteenth",
    "Sixteenth",
    "Seventeenth",
    "Eighteenth",
    "Nineteenth",
];
const DECADES: [&str; 9] = ["Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety", "Hundred"];
const MAGNITUDES: [&str; 4] = ["Thousand", "Million", "Billion", "Trillion"];

fn words_lookup(num: f64, prev: bool, ord: bool) -> String {
    let mut words;
    if num <= 19.0 {
        let n = num as usize;
        words = format!("{}{}", if prev { " and " } else { "" }, if ord { ORDINALS[n] } else { FEW[n] });
    } else if num < 100.0 {
        let (tens, rem) = ((num / 10.0).floor(), super::super::value::js_rem(num, 10.0));
        words = format!("{}{}", if prev { " and " } else { "" }, DECADES[tens as usize - 2]);
        if rem > 0.0 {
            words.push('-');
            words.push_str(&words_lookup(rem, false, ord));
        } else if ord {
            words.pop();
            words.push_str("ieth");
        }
    } else if num < 1000.0 {
        let (hundreds, rem) = ((num / 100.0).floor(), super::super::value::js_rem(num, 100.0));
        words = format!("{}{} Hundred", if prev { ", " } else { "" }, FEW[hundreds as usize]);
        if rem > 0.0 {
            words.push_str(&words_lookup(rem, true, ord));
        } else if ord {
            words.push_str("th");
        }
    } else {
        // floor(log10(num) / 3), from the number of digits of the integer part.
        let mut mag = ((num as u64).to_string().len() - 1) / 3;
        if mag > MAGNITUDES.len() {
            mag = MAGNITUDES.len();
        }
        let factor = 10f64.powi(mag as i32 * 3);
        let mant = (num / factor).floor();
        let rem = num - mant * factor;
        words = format!("{}{} {}", if prev { ", " } else { "" }, words_lookup(mant, false, false), MAGNITUDES[mag - 1]);
        if rem > 0.0 {
            words.push_str(&words_lookup(rem, true, ord));
        } else if ord {
            words.push_str("th");
        }
    }
    words
}

pub fn number_to_words(n: f64, ordinal: bool) -> String {
    words_lookup(n, false, ordinal)
}

fn word_value(w: &str) -> Option<u64> {
    for (i, x) in FEW.iter().enumerate() {
        if x.to_lowercase() == w {
            return Some(i as u64);
        }
    }
    for (i, x) in ORDINALS.iter().enumerate() {
        if x.to_lowercase() == w {
            return Some(i as u64);
        }
    }
    for (i, x) in DECADES.iter().enumerate() {
        let l = x.to_lowercase();
        let ieth = format!("{}ieth", &l[..l.len() - 1]);
        if l == w || ieth == w {
            return Some((i as u64 + 2) * 10);
        }
    }
    if w == "hundredth" {
        return Some(100);
    }
    for (i, x) in MAGNITUDES.iter().enumerate() {
        let l = x.to_lowercase();
        if l == w || format!("{l}th") == w {
            return Some(10u64.pow((i as u32 + 1) * 3));
        }
    }
    None
}

/// All number words, longest first, as a regex alternation (for parsing).
pub fn word_alternation() -> String {
    let mut words: Vec<String> = Vec::new();
    words.extend(FEW.iter().chain(ORDINALS.iter()).map(|w| w.to_lowercase()));
    for d in DECADES {
        let l = d.to_lowercase();
        words.push(format!("{}ieth", &l[..l.len() - 1]));
        words.push(l);
    }
    words.push("hundredth".into());
    for m in MAGNITUDES {
        let l = m.to_lowercase();
        words.push(format!("{l}th"));
        words.push(l);
    }
    // Longest first, stably, by length buckets: a sort here would add a whole sort
    // implementation to the wasm for 70 words.
    let longest = words.iter().map(String::len).max().unwrap_or(0);
    let mut out = String::new();
    for len in (1..=longest).rev() {
        for w in words.iter().filter(|w| w.len() == len) {
            if !out.is_empty() {
                out.push('|');
            }
            out.push_str(w);
        }
    }
    out
}

pub fn words_to_number(text: &str) -> f64 {
    let text = text.replace(", ", " ").replace(" and ", " ");
    let mut segs: Vec<f64> = vec![0.0];
    for part in text.split([' ', '-']).filter(|p| !p.is_empty()) {
        let Some(value) = word_value(part) else { return f64::NAN };
        let value = value as f64;
        if value < 100.0 {
            let mut top = segs.pop().unwrap_or(0.0);
            if top >= 1000.0 {
                segs.push(top);
                top = 0.0;
            }
            segs.push(top + value);
        } else {
            let top = segs.pop().unwrap_or(0.0);
            segs.push(top * value);
        }
    }
    segs.iter().sum()
}

const ROMAN: [(u64, &str); 13] = [
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
];

pub fn to_roman(mut v: u64) -> String {
    let mut out = String::new();
    for (n, s) in ROMAN {
        while v >= n {
            out.push_str(s);
            v -= n;
        }
    }
    out
}

fn from_roman(s: &str) -> f64 {
    let (mut dec, mut max) = (0i64, 1i64);
    for c in s.chars().rev() {
        let v = match c.to_ascii_uppercase() {
            'M' => 1000,
            'D' => 500,
            'C' => 100,
            'L' => 50,
            'X' => 10,
            'V' => 5,
            'I' => 1,
            _ => return f64::NAN,
        };
        if v < max {
            dec -= v;
        } else {
            max = v;
            dec += v;
        }
    }
    dec as f64
}

pub fn to_letters(mut v: u64, a: char) -> String {
    let mut out = Vec::new();
    while v > 0 {
        out.push(char::from_u32((v - 1) as u32 % 26 + a as u32).unwrap_or('?'));
        v = (v - 1) / 26;
    }
    out.iter().rev().collect()
}

fn from_letters(s: &str, a: char) -> f64 {
    let mut dec = 0.0;
    for (i, c) in s.chars().rev().enumerate() {
        dec += (c as u32 as f64 - a as u32 as f64 + 1.0) * 26f64.powi(i as i32);
    }
    dec
}

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

fn regular_factor(positions: &[usize]) -> usize {
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
                super::case::uppercase(&r)
            } else {
                r
            }
        }
        Primary::Words => {
            let w = number_to_words(value.abs().floor(), f.ordinal);
            match f.case {
                Case::Upper => super::case::uppercase(&w),
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

// ---------------------------------------------------------------------------------------------
// Decimal numbers (XPath `format-number`)

struct Parts {
    prefix: Vec<char>,
    suffix: Vec<char>,
    active: Vec<char>,
    mantissa: Vec<char>,
    exponent: Option<Vec<char>>,
    integer: Vec<char>,
    fractional: Vec<char>,
    sub: Vec<char>,
}

struct Pic {
    int_grouping: Vec<usize>,
    regular_grouping: usize,
    min_int: usize,
    scaling: usize,
    prefix: String,
    frac_grouping: Vec<usize>,
    min_frac: usize,
    max_frac: usize,
    min_exp: usize,
    suffix: String,
    picture: Vec<char>,
}

fn index_of(v: &[char], c: char) -> Option<usize> {
    v.iter().position(|&x| x == c)
}

fn last_index_of(v: &[char], c: char) -> Option<usize> {
    v.iter().rposition(|&x| x == c)
}

fn index_from(v: &[char], c: char, from: usize) -> Option<usize> {
    v.iter().skip(from).position(|&x| x == c).map(|i| i + from)
}

pub fn format_number(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    let &Value::Number(value) = arg(&args, 0) else { return Ok(Value::Undefined) };
    let picture: Vec<char> = arg(&args, 1).as_str().unwrap_or_default().chars().collect();
    const DEFAULTS: [(&str, &str); 11] = [
        ("decimal-separator", "."),
        ("grouping-separator", ","),
        ("exponent-separator", "e"),
        ("infinity", "Infinity"),
        ("minus-sign", "-"),
        ("NaN", "NaN"),
        ("percent", "%"),
        ("per-mille", "\u{2030}"),
        ("zero-digit", "0"),
        ("digit", "#"),
        ("pattern-separator", ";"),
    ];
    let mut props: Vec<(&str, String)> = DEFAULTS.iter().map(|&(k, v)| (k, v.to_string())).collect();
    if let Value::Object(o) = arg(&args, 2) {
        for (k, v) in o.borrow().iter() {
            if let (Some(slot), Some(s)) = (props.iter_mut().find(|p| p.0 == k), v.as_str()) {
                slot.1 = s.to_string();
            }
        }
    }
    let prop = |k: &str| props.iter().find(|p| p.0 == k).map_or("", |p| p.1.as_str());
    let ch = |k: &str| prop(k).chars().next().unwrap_or('\0');
    let (decimal_sep, grouping_sep, exp_sep, minus, percent, permille, zero, digit, pattern_sep) = (
        ch("decimal-separator"),
        ch("grouping-separator"),
        ch("exponent-separator"),
        prop("minus-sign"),
        ch("percent"),
        ch("per-mille"),
        ch("zero-digit"),
        ch("digit"),
        ch("pattern-separator"),
    );
    let family: Vec<char> = (0..10).filter_map(|i| char::from_u32(zero as u32 + i)).collect();
    let is_digit = |c: char| family.contains(&c);
    let mut active: Vec<char> = family.clone();
    active.extend([decimal_sep, exp_sep, grouping_sep, digit, pattern_sep]);
    let subs: Vec<Vec<char>> = picture.split(|&c| c == pattern_sep).map(|s| s.to_vec()).collect();
    if subs.len() > 2 {
        return Err(err("D3080"));
    }
    let split_parts = |sub: &Vec<char>| -> Parts {
        let is_active = |c: char| active.contains(&c) && c != exp_sep;
        let prefix_len = sub.iter().position(|&c| is_active(c)).unwrap_or(sub.len());
        let suffix_start = sub.iter().rposition(|&c| is_active(c)).map(|i| i + 1).unwrap_or(sub.len());
        let prefix = sub[..prefix_len].to_vec();
        let suffix = sub[suffix_start.max(prefix_len)..].to_vec();
        let active_part = sub[prefix_len..sub.len() - suffix.len()].to_vec();
        let exp_pos = index_from(sub, exp_sep, prefix_len);
        let (mantissa, exponent) = match exp_pos {
            Some(p) if p <= sub.len() - suffix.len() => {
                let rel = p - prefix_len;
                (
                    active_part[..rel.min(active_part.len())].to_vec(),
                    Some(active_part[(rel + 1).min(active_part.len())..].to_vec()),
                )
            }
            _ => (active_part.clone(), None),
        };
        let (integer, fractional) = match index_of(&mantissa, decimal_sep) {
            None => (mantissa.clone(), suffix.clone()),
            Some(d) => (mantissa[..d].to_vec(), mantissa[d + 1..].to_vec()),
        };
        Parts { prefix, suffix, active: active_part, mantissa, exponent, integer, fractional, sub: sub.clone() }
    };
    if subs.iter().any(|sub| !sub.iter().any(|&c| active.contains(&c) && c != exp_sep)) {
        // A sub-picture of passive characters only.
        return Err(err("D3086"));
    }
    let parts: Vec<Parts> = subs.iter().map(split_parts).collect();
    for p in &parts {
        let sub = &p.sub;
        let mut code = None;
        let dpos = index_of(sub, decimal_sep);
        if dpos != last_index_of(sub, decimal_sep) {
            code = Some("D3081");
        }
        if index_of(sub, percent) != last_index_of(sub, percent) {
            code = Some("D3082");
        }
        if index_of(sub, permille) != last_index_of(sub, permille) {
            code = Some("D3083");
        }
        if index_of(sub, percent).is_some() && index_of(sub, permille).is_some() {
            code = Some("D3084");
        }
        if !p.mantissa.iter().any(|&c| is_digit(c) || c == digit) {
            code = Some("D3085");
        }
        if p.active.iter().any(|c| !active.contains(c)) {
            code = Some("D3086");
        }
        match dpos {
            Some(d) => {
                if (d > 0 && sub.get(d - 1) == Some(&grouping_sep)) || sub.get(d + 1) == Some(&grouping_sep) {
                    code = Some("D3087");
                }
            }
            None => {
                if p.integer.last() == Some(&grouping_sep) {
                    code = Some("D3088");
                }
            }
        }
        if sub.windows(2).any(|w| w[0] == grouping_sep && w[1] == grouping_sep) {
            code = Some("D3089");
        }
        if let Some(o) = index_of(&p.integer, digit) {
            if p.integer[..o].iter().any(|&c| is_digit(c)) {
                code = Some("D3090");
            }
        }
        if let Some(o) = last_index_of(&p.fractional, digit) {
            if p.fractional[o..].iter().any(|&c| is_digit(c)) {
                code = Some("D3091");
            }
        }
        if let Some(e) = &p.exponent {
            if !e.is_empty() && (index_of(sub, percent).is_some() || index_of(sub, permille).is_some()) {
                code = Some("D3092");
            }
            if e.is_empty() || e.iter().any(|&c| !is_digit(c)) {
                code = Some("D3093");
            }
        }
        if let Some(c) = code {
            return Err(err(c));
        }
    }
    let analyse = |p: &Parts| -> Pic {
        let grouping = |part: &[char], to_left: bool| -> Vec<usize> {
            let mut positions = Vec::new();
            let mut gp = index_of(part, grouping_sep);
            while let Some(g) = gp {
                let slice = if to_left { &part[..g] } else { &part[g..] };
                positions.push(slice.iter().filter(|&&c| is_digit(c) || c == digit).count());
                gp = index_from(&p.integer, grouping_sep, g + 1);
            }
            positions
        };
        let int_grouping = grouping(&p.integer, false);
        let regular_grouping = regular_factor(&int_grouping);
        let frac_grouping = grouping(&p.fractional, true);
        let mut min_int = p.integer.iter().filter(|&&c| is_digit(c)).count();
        let scaling = min_int;
        let mut min_frac = p.fractional.iter().filter(|&&c| is_digit(c)).count();
        let mut max_frac = p.fractional.iter().filter(|&&c| is_digit(c) || c == digit).count();
        let exp_present = p.exponent.is_some();
        if min_int == 0 && max_frac == 0 {
            if exp_present {
                min_frac = 1;
                max_frac = 1;
            } else {
                min_int = 1;
            }
        }
        if exp_present && min_int == 0 && index_of(&p.integer, digit).is_some() {
            min_int = 1;
        }
        if min_int == 0 && min_frac == 0 {
            min_frac = 1;
        }
        let min_exp = p.exponent.as_ref().map(|e| e.iter().filter(|&&c| is_digit(c)).count()).unwrap_or(0);
        Pic {
            int_grouping,
            regular_grouping,
            min_int,
            scaling,
            prefix: p.prefix.iter().collect(),
            frac_grouping,
            min_frac,
            max_frac,
            min_exp,
            suffix: p.suffix.iter().collect(),
            picture: p.sub.clone(),
        }
    };
    let mut pics: Vec<Pic> = parts.iter().map(analyse).collect();
    if pics.len() == 1 {
        let mut neg = analyse(&parts[0]);
        neg.prefix = format!("{minus}{}", neg.prefix);
        pics.push(neg);
    }
    let pic = if value >= 0.0 { &pics[0] } else { &pics[1] };
    let adjusted = if index_of(&pic.picture, percent).is_some() {
        value * 100.0
    } else if index_of(&pic.picture, permille).is_some() {
        value * 1000.0
    } else {
        value
    };
    let (mantissa, exponent) = if pic.min_exp == 0 {
        (adjusted, None)
    } else {
        let max_m = 10f64.powi(pic.scaling as i32);
        let min_m = 10f64.powi(pic.scaling as i32 - 1);
        // The sign is in the prefix; zero has no exponent to find.
        let (mut m, mut e) = (adjusted.abs(), 0i32);
        while m != 0.0 && m < min_m {
            m *= 10.0;
            e -= 1;
        }
        while m > max_m {
            m /= 10.0;
            e += 1;
        }
        (m, Some(e))
    };
    let rounded = super::numbers::round_half_even(mantissa, pic.max_frac as i32);
    let make_string = |v: f64, dp: usize| -> Vec<char> {
        let s = format!("{:.*}", dp, v.abs());
        s.chars().map(|c| if c.is_ascii_digit() { family[(c as u32 - 48) as usize] } else { c }).collect()
    };
    let mut sv = make_string(rounded, pic.max_frac);
    match index_of(&sv, '.') {
        None => sv.push(decimal_sep),
        Some(i) => sv[i] = decimal_sep,
    }
    while sv.first() == Some(&zero) {
        sv.remove(0);
    }
    while sv.last() == Some(&zero) {
        sv.pop();
    }
    let dpos = index_of(&sv, decimal_sep).unwrap_or(sv.len());
    let pad_left = pic.min_int as isize - dpos as isize;
    let pad_right = pic.min_frac as isize - (sv.len() as isize - dpos as isize - 1);
    if pad_left > 0 {
        for _ in 0..pad_left {
            sv.insert(0, zero);
        }
    }
    if pad_right > 0 {
        sv.extend(std::iter::repeat_n(zero, pad_right as usize));
    }
    let mut dpos = index_of(&sv, decimal_sep).unwrap_or(sv.len());
    if let Some(count) = dpos.saturating_sub(1).checked_div(pic.regular_grouping) {
        for group in 1..=count {
            sv.insert(dpos - group * pic.regular_grouping, grouping_sep);
        }
    } else {
        for pos in &pic.int_grouping {
            if *pos <= dpos {
                sv.insert(dpos - pos, grouping_sep);
                dpos += 1;
            }
        }
    }
    let dpos = index_of(&sv, decimal_sep).unwrap_or(sv.len());
    for pos in &pic.frac_grouping {
        let at = pos + dpos + 1;
        if at <= sv.len() {
            sv.insert(at, grouping_sep);
        }
    }
    let dpos = index_of(&sv, decimal_sep);
    if dpos == Some(sv.len() - 1) {
        sv.pop();
    }
    let mut out: String = sv.into_iter().collect();
    if let Some(e) = exponent {
        let mut se: String = make_string(e as f64, 0).into_iter().collect();
        let pad = pic.min_exp as isize - se.chars().count() as isize;
        if pad > 0 {
            se = format!("{}{se}", zero.to_string().repeat(pad as usize));
        }
        out = format!("{out}{exp_sep}{}{se}", if e < 0 { minus } else { "" });
    }
    Ok(Value::str(&format!("{}{out}{}", pic.prefix, pic.suffix)))
}
