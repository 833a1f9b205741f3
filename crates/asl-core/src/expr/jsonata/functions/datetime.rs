//! Date/time functions. `$now()` and `$millis()` read the environment's virtual clock, never the
//! real one.

use super::format::{analyse_integer_picture, format_int_with, parse_int_with, Case, IntFormat, Primary};
use super::{arg, err};
use crate::expr::jsonata::error::Result;
use crate::expr::jsonata::eval::{Env, Evaluator};
use crate::expr::jsonata::value::Value;

type R = Result<Value>;

// One calendar for the whole core: the same algorithms serve RFC 3339 in `time`.
pub use crate::run::time::{civil_from_days, days_from_civil, format_rfc3339 as format_millis_iso};

/// Parses an ISO 8601 timestamp (date, optional time, fraction and offset) to epoch millis.
pub fn parse_iso_millis(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let t = s.get(from..from + len)?;
        if t.bytes().all(|c| c.is_ascii_digit()) {
            t.parse().ok()
        } else {
            None
        }
    };
    let y = num(0, 4)?;
    let mut i = 4;
    let (mut mo, mut d) = (1, 1);
    if b.get(i) == Some(&b'-') {
        mo = num(i + 1, 2)?;
        i += 3;
        if b.get(i) == Some(&b'-') {
            d = num(i + 1, 2)?;
            i += 3;
        }
    }
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) {
        return None;
    }
    let (mut h, mut mi, mut sec, mut frac): (i64, i64, i64, f64) = (0, 0, 0, 0.0);
    let mut offset = 0i64;
    if matches!(b.get(i), Some(b'T') | Some(b' ')) {
        h = num(i + 1, 2)?;
        i += 3;
        if b.get(i) == Some(&b':') {
            mi = num(i + 1, 2)?;
            i += 3;
            if b.get(i) == Some(&b':') {
                sec = num(i + 1, 2)?;
                i += 3;
                if b.get(i) == Some(&b'.') {
                    let start = i;
                    i += 1;
                    while b.get(i).is_some_and(u8::is_ascii_digit) {
                        i += 1;
                    }
                    frac = s[start..i].parse().ok()?;
                }
            }
        }
        match b.get(i) {
            Some(b'Z') => i += 1,
            Some(c @ (b'+' | b'-')) => {
                let sign = if *c == b'-' { -1 } else { 1 };
                let oh = num(i + 1, 2)?;
                let mut j = i + 3;
                if b.get(j) == Some(&b':') {
                    j += 1;
                }
                let om = num(j, 2).unwrap_or(0);
                i = if num(j, 2).is_some() { j + 2 } else { j };
                offset = sign * (oh * 60 + om);
            }
            _ => {}
        }
    }
    if i != b.len() {
        return None;
    }
    let days = days_from_civil(y, mo, d);
    Some(days * 86_400_000 + (h * 3600 + mi * 60 + sec) * 1000 + (frac * 1000.0).round() as i64 - offset * 60_000)
}

pub fn now(ev: &mut Evaluator, args: Vec<Value>, input: &Value, env: &Env) -> R {
    let ms = ev.cfg.now_millis;
    if arg(&args, 0).is_undefined() && arg(&args, 1).is_undefined() {
        return Ok(Value::str(&format_millis_iso(ms)));
    }
    let mut a = vec![Value::Number(ms as f64)];
    a.extend(args);
    from_millis(ev, a, input, env)
}

pub fn millis(ev: &mut Evaluator, _: Vec<Value>, _: &Value, _: &Env) -> R {
    Ok(Value::Number(ev.cfg.now_millis as f64))
}

pub fn from_millis(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    let &Value::Number(ms) = arg(&args, 0) else { return Ok(Value::Undefined) };
    if !arg(&args, 1).is_undefined() || !arg(&args, 2).is_undefined() {
        return format_datetime(ms as i64, arg(&args, 1), arg(&args, 2));
    }
    Ok(Value::str(&format_millis_iso(ms as i64)))
}

pub fn to_millis(ev: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    let Value::String(s) = arg(&args, 0) else { return Ok(Value::Undefined) };
    if !arg(&args, 1).is_undefined() {
        return parse_datetime(s, arg(&args, 1).as_str().unwrap_or_default(), ev.cfg.now_millis);
    }
    if !iso_shape(s) {
        return Err(err("D3110"));
    }
    match parse_iso_millis(s) {
        Some(ms) => Ok(Value::Number(ms as f64)),
        None => Err(err("D3110")),
    }
}

/// The reference's ISO 8601 shape check before parsing without a picture.
fn iso_shape(s: &str) -> bool {
    super::super::regex::Pattern::new(
        r"^\d{4}(-[01]\d)*(-[0-3]\d)*(T[0-2]\d:[0-5]\d:[0-5]\d)*(\.\d+)?([+-][0-2]\d:?[0-5]\d|Z)?$",
        false,
        false,
    )
    .is_ok_and(|r| r.is_match(s).unwrap_or(false))
}

const DAYS: [&str; 8] = ["", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAY_MS: i64 = 86_400_000;

#[derive(Clone, Debug)]
enum Part {
    Literal(String),
    Marker(Marker),
}

#[derive(Clone, Debug)]
struct Marker {
    component: char,
    presentation1: String,
    presentation2: Option<char>,
    names: Option<Case>,
    width: Option<(Option<usize>, Option<usize>)>,
    int_format: Option<IntFormat>,
    /// Digits of the year to show (-1: all).
    n: i64,
    parse_width: Option<usize>,
}

fn default_presentation(c: char) -> Option<&'static str> {
    Some(match c {
        'Y' | 'M' | 'D' | 'd' | 'W' | 'w' | 'X' | 'x' | 'H' | 'h' | 'f' => "1",
        'F' | 'P' | 'C' | 'E' => "n",
        'm' | 's' => "01",
        'Z' | 'z' => "01:01",
        _ => return None,
    })
}

fn analyse_picture(picture: &str) -> Result<Vec<Part>> {
    let chars: Vec<char> = picture.chars().collect();
    let mut spec: Vec<Part> = Vec::new();
    let add_literal = |spec: &mut Vec<Part>, start: usize, end: usize| {
        if end > start {
            let lit: String = chars[start..end].iter().collect();
            spec.push(Part::Literal(lit.replace("]]", "]")));
        }
    };
    let (mut start, mut pos) = (0, 0);
    while pos < chars.len() {
        if chars[pos] == '[' {
            if chars.get(pos + 1) == Some(&'[') {
                add_literal(&mut spec, start, pos);
                spec.push(Part::Literal("[".into()));
                pos += 2;
                start = pos;
                continue;
            }
            add_literal(&mut spec, start, pos);
            start = pos;
            let Some(close) = chars[start..].iter().position(|&c| c == ']').map(|i| i + start) else {
                return Err(err("D3135"));
            };
            pos = close;
            let marker: String = chars[start + 1..pos].iter().filter(|c| !c.is_whitespace()).collect();
            let mchars: Vec<char> = marker.chars().collect();
            let component = mchars.first().copied().unwrap_or(' ');
            let mut m = Marker {
                component,
                presentation1: String::new(),
                presentation2: None,
                names: None,
                width: None,
                int_format: None,
                n: -1,
                parse_width: None,
            };
            let pres_mod: String = match mchars.iter().rposition(|&c| c == ',') {
                Some(comma) => {
                    let wm: String = mchars[comma + 1..].iter().collect();
                    let parse_w = |w: &str| if w == "*" || w.is_empty() { None } else { w.parse::<usize>().ok() };
                    m.width = Some(match wm.find('-') {
                        None => (parse_w(&wm), None),
                        Some(d) => (parse_w(&wm[..d]), parse_w(&wm[d + 1..])),
                    });
                    mchars[1..comma].iter().collect()
                }
                None => mchars.iter().skip(1).collect(),
            };
            let pm: Vec<char> = pres_mod.chars().collect();
            if pm.len() == 1 {
                m.presentation1 = pres_mod.clone();
            } else if pm.len() > 1 {
                let last = pm[pm.len() - 1];
                if "atco".contains(last) {
                    m.presentation2 = Some(last);
                    m.presentation1 = pm[..pm.len() - 1].iter().collect();
                } else {
                    m.presentation1 = pres_mod.clone();
                }
            } else {
                m.presentation1 = default_presentation(component).unwrap_or_default().to_string();
            }
            if default_presentation(component).is_none() {
                return Err(err("D3132")
                    .with_message(format!("Unknown component specifier {component} in date/time picture string")));
            }
            let p1: Vec<char> = m.presentation1.chars().collect();
            if p1.first() == Some(&'n') {
                m.names = Some(Case::Lower);
            } else if p1.first() == Some(&'N') {
                m.names = Some(if p1.get(1) == Some(&'n') { Case::Title } else { Case::Upper });
            }
            if "YMDdFWwXxHhmsf".contains(component) {
                let mut pattern = m.presentation1.clone();
                if let Some(p2) = m.presentation2 {
                    pattern.push(';');
                    pattern.push(p2);
                }
                let mut f = analyse_integer_picture(&pattern)?;
                if let Some((Some(min), _)) = m.width {
                    if f.mandatory_digits < min {
                        f.mandatory_digits = min;
                    }
                }
                if component == 'Y' {
                    m.n = -1;
                    if let Some((_, Some(max))) = m.width {
                        m.n = max as i64;
                        f.mandatory_digits = max;
                    } else {
                        let optional = m.presentation1.chars().filter(|&c| c == '#').count();
                        let w = f.mandatory_digits + optional;
                        if w >= 2 {
                            m.n = w as i64;
                        }
                    }
                }
                if let Some(Part::Marker(prev)) = spec.last_mut() {
                    if let Some(pf) = &prev.int_format {
                        prev.parse_width = Some(pf.mandatory_digits);
                    }
                }
                m.int_format = Some(f);
            }
            if component == 'Z' || component == 'z' {
                m.int_format = Some(analyse_integer_picture(&m.presentation1)?);
            }
            spec.push(Part::Marker(m));
            start = pos + 1;
        }
        pos += 1;
    }
    add_literal(&mut spec, start, pos.min(chars.len()));
    Ok(spec)
}

struct Civil {
    year: i64,
    month: i64, // 0-based
    day: i64,
    hours: i64,
    minutes: i64,
    seconds: i64,
    millis: i64,
    weekday: i64, // 0 = Sunday
    time: i64,
}

fn civil(ms: i64) -> Civil {
    let days = ms.div_euclid(DAY_MS);
    let rem = ms.rem_euclid(DAY_MS);
    let (y, m, d) = civil_from_days(days);
    Civil {
        year: y,
        month: m - 1,
        day: d,
        hours: rem / 3_600_000,
        minutes: rem / 60_000 % 60,
        seconds: rem / 1000 % 60,
        millis: rem % 1000,
        weekday: (days + 4).rem_euclid(7),
        time: ms,
    }
}

fn utc(y: i64, m0: i64, d: i64) -> i64 {
    let y = y + m0.div_euclid(12);
    let m0 = m0.rem_euclid(12);
    (days_from_civil(y, m0 + 1, 1) + d - 1) * DAY_MS
}

fn start_of_first_week(year: i64, month0: i64) -> i64 {
    let jan1 = utc(year, month0, 1);
    let mut dow = civil(jan1).weekday;
    if dow == 0 {
        dow = 7;
    }
    if dow > 4 {
        jan1 + (8 - dow) * DAY_MS
    } else {
        jan1 - (dow - 1) * DAY_MS
    }
}

fn delta_weeks(start: i64, end: i64) -> f64 {
    (end - start) as f64 / (DAY_MS * 7) as f64 + 1.0
}

/// A component's value: a number, or a name for `P`, `C`, `E`.
enum Frag {
    Num(i64),
    Name(&'static str),
    None,
}

fn fragment(d: &Civil, c: char) -> Frag {
    Frag::Num(match c {
        'Y' => d.year,
        'M' => d.month + 1,
        'D' => d.day,
        'd' => (utc(d.year, d.month, d.day) - utc(d.year, 0, 1)) / DAY_MS + 1,
        'F' => {
            if d.weekday == 0 {
                7
            } else {
                d.weekday
            }
        }
        'W' => {
            let start = start_of_first_week(d.year, 0);
            let today = utc(d.year, d.month, d.day);
            let mut week = delta_weeks(start, today);
            if week > 52.0 {
                if today >= start_of_first_week(d.year + 1, 0) {
                    week = 1.0;
                }
            } else if week < 1.0 {
                week = delta_weeks(start_of_first_week(d.year - 1, 0), today);
            }
            week.floor() as i64
        }
        'w' => {
            let start = start_of_first_week(d.year, d.month);
            let today = utc(d.year, d.month, d.day);
            let mut week = delta_weeks(start, today);
            if week > 4.0 {
                let (ny, nm) = if d.month == 11 { (d.year + 1, 0) } else { (d.year, d.month + 1) };
                if today >= start_of_first_week(ny, nm) {
                    week = 1.0;
                }
            } else if week < 1.0 {
                let (py, pm) = if d.month == 0 { (d.year - 1, 11) } else { (d.year, d.month - 1) };
                week = delta_weeks(start_of_first_week(py, pm), today);
            }
            week.floor() as i64
        }
        'X' => {
            let start = start_of_first_week(d.year, 0);
            let end = start_of_first_week(d.year + 1, 0);
            if d.time < start {
                d.year - 1
            } else if d.time >= end {
                d.year + 1
            } else {
                d.year
            }
        }
        'x' => {
            let start = start_of_first_week(d.year, d.month);
            let (ny, nm) = if d.month == 11 { (d.year + 1, 0) } else { (d.year, d.month + 1) };
            let end = start_of_first_week(ny, nm);
            if d.time < start {
                if d.month == 0 {
                    12
                } else {
                    d.month
                }
            } else if d.time >= end {
                nm + 1
            } else {
                d.month + 1
            }
        }
        'H' => d.hours,
        'h' => {
            let h = d.hours % 12;
            if h == 0 {
                12
            } else {
                h
            }
        }
        'P' => return Frag::Name(if d.hours >= 12 { "pm" } else { "am" }),
        'm' => d.minutes,
        's' => d.seconds,
        'f' => d.millis,
        'C' | 'E' => return Frag::Name("ISO"),
        _ => return Frag::None,
    })
}

fn apply_case(s: &str, case: Option<Case>) -> String {
    match case {
        Some(Case::Upper) => super::case::uppercase(s),
        Some(Case::Lower) => s.to_lowercase(),
        _ => s.to_string(),
    }
}

/// `$fromMillis` with a picture and/or a timezone (`±hhmm`).
pub fn format_datetime(ms: i64, picture: &Value, timezone: &Value) -> R {
    let (mut oh, mut om) = (0i64, 0i64);
    if let Value::String(tz) = timezone {
        let digits: String = tz.chars().take_while(|c| c.is_ascii_digit() || *c == '-' || *c == '+').collect();
        let offset: i64 = digits.parse().unwrap_or(0);
        // As the reference: Math.floor(offset / 100) and offset % 100 (sign of the dividend).
        oh = (offset as f64 / 100.0).floor() as i64;
        om = offset % 100;
    }
    let pic = match picture {
        Value::String(p) => p.to_string(),
        _ => "[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z01:01t]".to_string(),
    };
    let spec = analyse_picture(&pic)?;
    let date = civil(ms + (60 * oh + om) * 60_000);
    let mut out = String::new();
    for part in &spec {
        match part {
            Part::Literal(l) => out.push_str(l),
            Part::Marker(m) => out.push_str(&format_component(&date, m, oh, om)?),
        }
    }
    Ok(Value::str(&out))
}

fn format_component(date: &Civil, m: &Marker, oh: i64, om: i64) -> Result<String> {
    let c = m.component;
    let frag = fragment(date, c);
    if "YMDdFWwXxHhms".contains(c) {
        let Frag::Num(mut v) = frag else { return Ok(String::new()) };
        if c == 'Y' && m.n != -1 {
            v %= 10i64.pow(m.n as u32);
        }
        if m.names.is_some() {
            let name = match c {
                'M' | 'x' => MONTHS.get((v - 1) as usize).copied().unwrap_or(""),
                'F' => DAYS.get(v as usize).copied().unwrap_or(""),
                _ => return Err(err("D3133").with_message(format!("The 'name' modifier can only be applied to months and days in the date/time picture string, not {c}"))),
            };
            let mut name = apply_case(name, m.names);
            if let Some((_, Some(max))) = m.width {
                name = name.chars().take(max).collect();
            }
            return Ok(name);
        }
        return match &m.int_format {
            Some(f) => format_int_with(v as f64, f),
            None => Ok(v.to_string()),
        };
    }
    match c {
        'f' => {
            let Frag::Num(v) = frag else { return Ok(String::new()) };
            match &m.int_format {
                Some(f) => format_int_with(v as f64, f),
                None => Ok(v.to_string()),
            }
        }
        'Z' | 'z' => {
            let offset = oh * 100 + om;
            let Some(f) = &m.int_format else { return Ok(String::new()) };
            let mut s = if f.regular.is_some() {
                format_int_with(offset as f64, f)?
            } else {
                match f.mandatory_digits {
                    1 | 2 => {
                        let mut s = format_int_with(oh as f64, f)?;
                        if om != 0 {
                            s.push_str(&format!(":{:02}", om.abs()));
                        }
                        s
                    }
                    3 | 4 => format_int_with(offset as f64, f)?,
                    n => {
                        return Err(err("D3134").with_message(format!(
                            "The timezone integer format specifier cannot have more than four digits ({n})"
                        )))
                    }
                }
            };
            if offset >= 0 {
                s.insert(0, '+');
            }
            if c == 'z' {
                s.insert_str(0, "GMT");
            }
            if offset == 0 && m.presentation2 == Some('t') {
                s = "Z".into();
            }
            Ok(s)
        }
        'P' => {
            let Frag::Name(n) = frag else { return Ok(String::new()) };
            Ok(if m.names == Some(Case::Upper) { super::case::uppercase(n) } else { n.to_string() })
        }
        _ => match frag {
            Frag::Name(n) => Ok(n.to_string()),
            _ => Ok(String::new()),
        },
    }
}

fn escape_regex(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if ".*+?^${}()|[]\\".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn int_regex(f: &IntFormat, parse_width: Option<usize>) -> Result<String> {
    Ok(match f.primary {
        Primary::Letters => if f.case == Case::Upper { "[A-Z]+" } else { "[a-z]+" }.to_string(),
        Primary::Roman => if f.case == Case::Upper { "[MDCLXVI]+" } else { "[mdclxvi]+" }.to_string(),
        Primary::Words => format!("(?:{}|and|[\\-, ])+", super::format::word_alternation()),
        Primary::Decimal => {
            let mut r = match parse_width {
                Some(w) => format!("[0-9]{{{w}}}"),
                None => "[0-9]+".to_string(),
            };
            if f.ordinal {
                r.push_str("(?:th|st|nd|rd)");
            }
            r
        }
        Primary::Sequence => return Err(err("D3130")),
    })
}

/// `$toMillis` with a picture: matches the timestamp against the picture and fills components
/// missing before the most significant one from `now`, after the least significant with zero.
pub fn parse_datetime(timestamp: &str, picture: &str, now: i64) -> R {
    let spec = analyse_picture(picture)?;
    let mut regex = String::from("^");
    let mut markers: Vec<&Marker> = Vec::new();
    for part in &spec {
        match part {
            Part::Literal(l) => regex.push_str(&escape_regex(l)),
            Part::Marker(m) => {
                let r = if m.component == 'Z' || m.component == 'z' {
                    let sep = m.int_format.as_ref().and_then(|f| f.regular.map(|r| r.1));
                    let mut r = String::new();
                    if m.component == 'z' {
                        r.push_str("GMT");
                    }
                    r.push_str("[-+][0-9]+");
                    if let Some(s) = sep {
                        r.push_str(&escape_regex(&s.to_string()));
                        r.push_str("[0-9]+");
                    }
                    r
                } else if let (Some(f), None) = (&m.int_format, m.names) {
                    int_regex(f, m.parse_width)?
                } else {
                    if !"MxFP".contains(m.component) {
                        return Err(err("D3133"));
                    }
                    "[a-zA-Z]+".to_string()
                };
                regex.push('(');
                regex.push_str(&r);
                regex.push(')');
                markers.push(m);
            }
        }
    }
    regex.push('$');
    let Ok(re) = super::super::regex::Pattern::new(&regex, true, false) else { return Err(err("D3136")) };
    let Some(caps) = re.captures_at(timestamp, 0)? else { return Ok(Value::Undefined) };
    let mut comps = Comps::default();
    let mut pm: Option<bool> = None;
    for (i, m) in markers.iter().enumerate() {
        let Some(text) = caps.get(i + 1).copied().flatten().map(|(a, b)| &timestamp[a..b]) else { continue };
        let c = m.component;
        if c == 'Z' || c == 'z' {
            let v = if c == 'z' { &text[3.min(text.len())..] } else { text };
            let sep = m.int_format.as_ref().and_then(|f| f.regular.map(|r| r.1));
            let (h, mi) = match sep.and_then(|s| v.find(s)) {
                Some(i) => (v[..i].parse::<i64>().unwrap_or(0), v[i + 1..].parse::<i64>().unwrap_or(0)),
                None => {
                    if v.len() - 1 <= 2 {
                        (v.parse::<i64>().unwrap_or(0), 0)
                    } else {
                        (v[..3].parse::<i64>().unwrap_or(0), v[3..].parse::<i64>().unwrap_or(0))
                    }
                }
            };
            comps.insert('Z', h * 60 + if h < 0 { -mi } else { mi });
        } else if m.names.is_some() || m.int_format.is_none() {
            let lower = text.to_lowercase();
            let width = m.width.and_then(|w| w.1);
            let matches = |name: &str| {
                let n: String = match width {
                    Some(w) => name.chars().take(w).collect(),
                    None => name.to_string(),
                };
                n.to_lowercase() == lower
            };
            match c {
                'M' | 'x' => {
                    if let Some(i) = MONTHS.iter().position(|n| matches(n)) {
                        comps.insert(c, i as i64 + 1);
                    }
                }
                'F' => {
                    if let Some(i) = DAYS.iter().skip(1).position(|n| matches(n)) {
                        comps.insert(c, i as i64 + 1);
                    }
                }
                'P' => {
                    pm = Some(lower == "pm");
                    comps.insert('P', if lower == "pm" { 1 } else { 0 });
                }
                _ => {}
            }
        } else if let Some(f) = &m.int_format {
            // Fractional seconds are the leading digits of a fraction: '01987' is 19 ms.
            let owned;
            let text = if c == 'f' && f.primary == Primary::Decimal {
                owned = format!("{:0<3}", text.chars().take(3).collect::<String>());
                owned.as_str()
            } else {
                text
            };
            let v = parse_int_with(text, f)?;
            if !v.is_nan() {
                comps.insert(c, v as i64);
            }
        }
    }
    if markers.is_empty() {
        return Ok(Value::Undefined);
    }
    let mask = |set: &str| -> u32 {
        set.chars()
            .enumerate()
            .fold(0, |acc, (i, ch)| if comps.contains_key(&ch) { acc | (1 << (set.len() - 1 - i)) } else { acc })
    };
    let date_bits = mask("YXMxWwdD");
    let time_bits = mask("PHhmsf");
    let is_type = |bits: u32, m: u32| (!m & bits) == 0 && (bits & m) != 0;
    let date_comps = if is_type(date_bits, 161) {
        "YMD"
    } else if is_type(date_bits, 130) {
        "Yd"
    } else if is_type(date_bits, 84) || is_type(date_bits, 72) {
        return Err(err("D3136"));
    } else {
        "YMD"
    };
    let time_comps = if is_type(time_bits, 47) { "Phmsf" } else { "Hmsf" };
    let now_date = civil(now);
    let mut started = false;
    let mut ended = false;
    for part in format!("{date_comps}{time_comps}").chars() {
        if !comps.contains_key(&part) {
            if started {
                comps.insert(part, if "MDd".contains(part) { 1 } else { 0 });
                ended = true;
            } else {
                comps.insert(
                    part,
                    match fragment(&now_date, part) {
                        Frag::Num(n) => n,
                        Frag::Name(n) => i64::from(n == "pm"),
                        Frag::None => 0,
                    },
                );
            }
        } else {
            started = true;
            if ended {
                return Err(err("D3136"));
            }
        }
    }
    let get = |c: char| comps.get(&c).copied().unwrap_or(0);
    let month0 = (get('M') - 1).max(0);
    let mut hours = get('H');
    if time_comps == "Phmsf" {
        hours = if get('h') == 12 { 0 } else { get('h') };
        if pm == Some(true) || (pm.is_none() && get('P') == 1) {
            hours += 12;
        }
    }
    let day_ms = if date_comps == "Yd" { utc(get('Y'), 0, get('d')) } else { utc(get('Y'), month0, get('D')) };
    let mut millis = day_ms + hours * 3_600_000 + get('m') * 60_000 + get('s') * 1000 + get('f');
    if let Some(z) = comps.get(&'Z') {
        millis -= z * 60_000;
    }
    Ok(Value::Number(millis as f64))
}

/// The components read from a timestamp, by picture letter: a handful, so a list (a `HashMap`
/// here would add a hash table's code to the wasm for nothing).
#[derive(Default)]
struct Comps(Vec<(char, i64)>);

impl Comps {
    fn insert(&mut self, c: char, v: i64) {
        match self.0.iter_mut().find(|(k, _)| *k == c) {
            Some(slot) => slot.1 = v,
            None => self.0.push((c, v)),
        }
    }
    fn get(&self, c: &char) -> Option<&i64> {
        self.0.iter().find(|(k, _)| k == c).map(|(_, v)| v)
    }
    fn contains_key(&self, c: &char) -> bool {
        self.get(c).is_some()
    }
}
