//! Decimal pictures (XPath `format-number`), in three steps: parse the picture into its
//! sub-pictures and their parts, validate each (the D308x codes), render the number by one.

use super::integer::regular_factor;
use super::R;
use crate::expr::jsonata::error::Result;
use crate::expr::jsonata::eval::{Env, Evaluator};
use crate::expr::jsonata::functions::numbers::round_half_even;
use crate::expr::jsonata::functions::{arg, err};
use crate::expr::jsonata::value::Value;

pub fn format_number(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    let &Value::Number(value) = arg(&args, 0) else { return Ok(Value::Undefined) };
    let picture: Vec<char> = arg(&args, 1).as_str().unwrap_or_default().chars().collect();
    let sy = Symbols::new(arg(&args, 2));
    let pics = parse_picture(&picture, &sy)?;
    let pic = if value >= 0.0 { &pics[0] } else { &pics[1] };
    Ok(Value::str(&render(value, pic, &sy)))
}

// ---------------------------------------------------------------------------------------------
// The decimal format: the picture's special characters, overridable by the third argument.

struct Symbols {
    decimal_sep: char,
    grouping_sep: char,
    exp_sep: char,
    minus: String,
    percent: char,
    permille: char,
    zero: char,
    digit: char,
    pattern_sep: char,
    /// The ten digits from `zero` up.
    family: Vec<char>,
    /// The characters of the active part: digits and separators.
    active: Vec<char>,
}

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

impl Symbols {
    fn new(options: &Value) -> Symbols {
        let mut props: Vec<(&str, String)> = DEFAULTS.iter().map(|&(k, v)| (k, v.to_string())).collect();
        if let Value::Object(o) = options {
            for (k, v) in o.borrow().iter() {
                if let (Some(slot), Some(s)) = (props.iter_mut().find(|p| p.0 == k), v.as_str()) {
                    slot.1 = s.to_string();
                }
            }
        }
        let prop = |k: &str| props.iter().find(|p| p.0 == k).map_or("", |p| p.1.as_str());
        let ch = |k: &str| prop(k).chars().next().unwrap_or('\0');
        let zero = ch("zero-digit");
        let family: Vec<char> = (0..10).filter_map(|i| char::from_u32(zero as u32 + i)).collect();
        let mut sy = Symbols {
            decimal_sep: ch("decimal-separator"),
            grouping_sep: ch("grouping-separator"),
            exp_sep: ch("exponent-separator"),
            minus: prop("minus-sign").to_string(),
            percent: ch("percent"),
            permille: ch("per-mille"),
            zero,
            digit: ch("digit"),
            pattern_sep: ch("pattern-separator"),
            active: family.clone(),
            family,
        };
        sy.active.extend([sy.decimal_sep, sy.exp_sep, sy.grouping_sep, sy.digit, sy.pattern_sep]);
        sy
    }

    fn is_digit(&self, c: char) -> bool {
        self.family.contains(&c)
    }

    /// Active and not the exponent separator: what bounds the prefix and the suffix.
    fn is_active(&self, c: char) -> bool {
        self.active.contains(&c) && c != self.exp_sep
    }

    /// `v` with `dp` decimals, in this format's digits (the point stays `.`).
    fn digits(&self, v: f64, dp: usize) -> Vec<char> {
        let s = format!("{:.*}", dp, v.abs());
        s.chars().map(|c| if c.is_ascii_digit() { self.family[(c as u32 - 48) as usize] } else { c }).collect()
    }
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

// ---------------------------------------------------------------------------------------------
// Step 1: parse the picture. One sub-picture, or a positive and a negative one.

/// A sub-picture cut into its parts.
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

/// A validated sub-picture, as rendering needs it.
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

/// The positive and the negative sub-picture (the negative one made from the positive when the
/// picture has only one).
fn parse_picture(picture: &[char], sy: &Symbols) -> Result<Vec<Pic>> {
    let subs: Vec<Vec<char>> = picture.split(|&c| c == sy.pattern_sep).map(|s| s.to_vec()).collect();
    if subs.len() > 2 {
        return Err(err("D3080"));
    }
    if subs.iter().any(|sub| !sub.iter().any(|&c| sy.is_active(c))) {
        // A sub-picture of passive characters only.
        return Err(err("D3086"));
    }
    let parts: Vec<Parts> = subs.iter().map(|sub| split_parts(sub, sy)).collect();
    for p in &parts {
        validate(p, sy)?;
    }
    let mut pics: Vec<Pic> = parts.iter().map(|p| analyse(p, sy)).collect();
    if pics.len() == 1 {
        let mut neg = analyse(&parts[0], sy);
        neg.prefix = format!("{}{}", sy.minus, neg.prefix);
        pics.push(neg);
    }
    Ok(pics)
}

fn split_parts(sub: &[char], sy: &Symbols) -> Parts {
    let prefix_len = sub.iter().position(|&c| sy.is_active(c)).unwrap_or(sub.len());
    let suffix_start = sub.iter().rposition(|&c| sy.is_active(c)).map(|i| i + 1).unwrap_or(sub.len());
    let prefix = sub[..prefix_len].to_vec();
    let suffix = sub[suffix_start.max(prefix_len)..].to_vec();
    let active_part = sub[prefix_len..sub.len() - suffix.len()].to_vec();
    let exp_pos = index_from(sub, sy.exp_sep, prefix_len);
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
    let (integer, fractional) = match index_of(&mantissa, sy.decimal_sep) {
        None => (mantissa.clone(), suffix.clone()),
        Some(d) => (mantissa[..d].to_vec(), mantissa[d + 1..].to_vec()),
    };
    Parts { prefix, suffix, active: active_part, mantissa, exponent, integer, fractional, sub: sub.to_vec() }
}

// ---------------------------------------------------------------------------------------------
// Step 2: validate. Every rule is checked and the last one broken is reported, as jsonata-js does.

fn validate(p: &Parts, sy: &Symbols) -> Result<()> {
    let sub = &p.sub;
    let mut code = None;
    let dpos = index_of(sub, sy.decimal_sep);
    if dpos != last_index_of(sub, sy.decimal_sep) {
        code = Some("D3081");
    }
    if index_of(sub, sy.percent) != last_index_of(sub, sy.percent) {
        code = Some("D3082");
    }
    if index_of(sub, sy.permille) != last_index_of(sub, sy.permille) {
        code = Some("D3083");
    }
    if index_of(sub, sy.percent).is_some() && index_of(sub, sy.permille).is_some() {
        code = Some("D3084");
    }
    if !p.mantissa.iter().any(|&c| sy.is_digit(c) || c == sy.digit) {
        code = Some("D3085");
    }
    if p.active.iter().any(|c| !sy.active.contains(c)) {
        code = Some("D3086");
    }
    match dpos {
        Some(d) => {
            if (d > 0 && sub.get(d - 1) == Some(&sy.grouping_sep)) || sub.get(d + 1) == Some(&sy.grouping_sep) {
                code = Some("D3087");
            }
        }
        None => {
            if p.integer.last() == Some(&sy.grouping_sep) {
                code = Some("D3088");
            }
        }
    }
    if sub.windows(2).any(|w| w[0] == sy.grouping_sep && w[1] == sy.grouping_sep) {
        code = Some("D3089");
    }
    if let Some(o) = index_of(&p.integer, sy.digit) {
        if p.integer[..o].iter().any(|&c| sy.is_digit(c)) {
            code = Some("D3090");
        }
    }
    if let Some(o) = last_index_of(&p.fractional, sy.digit) {
        if p.fractional[o..].iter().any(|&c| sy.is_digit(c)) {
            code = Some("D3091");
        }
    }
    if let Some(e) = &p.exponent {
        if !e.is_empty() && (index_of(sub, sy.percent).is_some() || index_of(sub, sy.permille).is_some()) {
            code = Some("D3092");
        }
        if e.is_empty() || e.iter().any(|&c| !sy.is_digit(c)) {
            code = Some("D3093");
        }
    }
    match code {
        Some(c) => Err(err(c)),
        None => Ok(()),
    }
}

/// How many digits lie right (or, `to_left`, left) of each grouping separator in `part`.
fn grouping(part: &[char], p: &Parts, to_left: bool, sy: &Symbols) -> Vec<usize> {
    let mut positions = Vec::new();
    let mut gp = index_of(part, sy.grouping_sep);
    while let Some(g) = gp {
        let slice = if to_left { &part[..g] } else { &part[g..] };
        positions.push(slice.iter().filter(|&&c| sy.is_digit(c) || c == sy.digit).count());
        // The next separator is looked for in the integer part even for the fractional part,
        // as jsonata-js does.
        gp = index_from(&p.integer, sy.grouping_sep, g + 1);
    }
    positions
}

fn analyse(p: &Parts, sy: &Symbols) -> Pic {
    let int_grouping = grouping(&p.integer, p, false, sy);
    let regular_grouping = regular_factor(&int_grouping);
    let frac_grouping = grouping(&p.fractional, p, true, sy);
    let mut min_int = p.integer.iter().filter(|&&c| sy.is_digit(c)).count();
    let scaling = min_int;
    let mut min_frac = p.fractional.iter().filter(|&&c| sy.is_digit(c)).count();
    let mut max_frac = p.fractional.iter().filter(|&&c| sy.is_digit(c) || c == sy.digit).count();
    let exp_present = p.exponent.is_some();
    if min_int == 0 && max_frac == 0 {
        if exp_present {
            min_frac = 1;
            max_frac = 1;
        } else {
            min_int = 1;
        }
    }
    if exp_present && min_int == 0 && index_of(&p.integer, sy.digit).is_some() {
        min_int = 1;
    }
    if min_int == 0 && min_frac == 0 {
        min_frac = 1;
    }
    let min_exp = p.exponent.as_ref().map(|e| e.iter().filter(|&&c| sy.is_digit(c)).count()).unwrap_or(0);
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
}

// ---------------------------------------------------------------------------------------------
// Step 3: render the number by the sub-picture for its sign.

fn render(value: f64, pic: &Pic, sy: &Symbols) -> String {
    let adjusted = if index_of(&pic.picture, sy.percent).is_some() {
        value * 100.0
    } else if index_of(&pic.picture, sy.permille).is_some() {
        value * 1000.0
    } else {
        value
    };
    let (mantissa, exponent) = scale(adjusted, pic);
    let mut sv = padded_digits(mantissa, pic, sy);
    insert_grouping(&mut sv, pic, sy);
    let dpos = index_of(&sv, sy.decimal_sep);
    if dpos == Some(sv.len() - 1) {
        sv.pop();
    }
    let mut out: String = sv.into_iter().collect();
    if let Some(e) = exponent {
        let mut se: String = sy.digits(e as f64, 0).into_iter().collect();
        let pad = pic.min_exp as isize - se.chars().count() as isize;
        if pad > 0 {
            se = format!("{}{se}", sy.zero.to_string().repeat(pad as usize));
        }
        out = format!("{out}{}{}{se}", sy.exp_sep, if e < 0 { sy.minus.as_str() } else { "" });
    }
    format!("{}{out}{}", pic.prefix, pic.suffix)
}

/// The mantissa and, when the picture has an exponent, the exponent.
fn scale(adjusted: f64, pic: &Pic) -> (f64, Option<i32>) {
    if pic.min_exp == 0 {
        return (adjusted, None);
    }
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
}

/// The rounded mantissa's digits around the decimal separator, padded with zeros to the
/// picture's minimum integer and fraction digits.
fn padded_digits(mantissa: f64, pic: &Pic, sy: &Symbols) -> Vec<char> {
    let rounded = round_half_even(mantissa, pic.max_frac as i32);
    let mut sv = sy.digits(rounded, pic.max_frac);
    match index_of(&sv, '.') {
        None => sv.push(sy.decimal_sep),
        Some(i) => sv[i] = sy.decimal_sep,
    }
    while sv.first() == Some(&sy.zero) {
        sv.remove(0);
    }
    while sv.last() == Some(&sy.zero) {
        sv.pop();
    }
    let dpos = index_of(&sv, sy.decimal_sep).unwrap_or(sv.len());
    let pad_left = pic.min_int as isize - dpos as isize;
    let pad_right = pic.min_frac as isize - (sv.len() as isize - dpos as isize - 1);
    if pad_left > 0 {
        for _ in 0..pad_left {
            sv.insert(0, sy.zero);
        }
    }
    if pad_right > 0 {
        sv.extend(std::iter::repeat_n(sy.zero, pad_right as usize));
    }
    sv
}

fn insert_grouping(sv: &mut Vec<char>, pic: &Pic, sy: &Symbols) {
    let mut dpos = index_of(sv, sy.decimal_sep).unwrap_or(sv.len());
    if let Some(count) = dpos.saturating_sub(1).checked_div(pic.regular_grouping) {
        for group in 1..=count {
            sv.insert(dpos - group * pic.regular_grouping, sy.grouping_sep);
        }
    } else {
        for pos in &pic.int_grouping {
            if *pos <= dpos {
                sv.insert(dpos - pos, sy.grouping_sep);
                dpos += 1;
            }
        }
    }
    let dpos = index_of(sv, sy.decimal_sep).unwrap_or(sv.len());
    for pos in &pic.frac_grouping {
        let at = pos + dpos + 1;
        if at <= sv.len() {
            sv.insert(at, sy.grouping_sep);
        }
    }
}
