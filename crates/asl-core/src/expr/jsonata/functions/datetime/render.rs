//! `$fromMillis` with a picture: each marker's component rendered by its presentation.

use super::calendar::{civil, fragment, Civil, Frag, DAYS, MONTHS};
use super::picture::{analyse_picture, Marker, Part};
use super::R;
use crate::expr::jsonata::error::Result;
use crate::expr::jsonata::functions::case::uppercase;
use crate::expr::jsonata::functions::err;
use crate::expr::jsonata::functions::format::{format_int_with, Case};
use crate::expr::jsonata::value::Value;

fn apply_case(s: &str, case: Option<Case>) -> String {
    match case {
        Some(Case::Upper) => uppercase(s),
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
        'Z' | 'z' => format_offset(m, oh, om),
        'P' => {
            let Frag::Name(n) = frag else { return Ok(String::new()) };
            Ok(if m.names == Some(Case::Upper) { uppercase(n) } else { n.to_string() })
        }
        _ => match frag {
            Frag::Name(n) => Ok(n.to_string()),
            _ => Ok(String::new()),
        },
    }
}

/// `Z` (`+01:00`) and `z` (`GMT+01:00`): the offset by the marker's integer picture.
fn format_offset(m: &Marker, oh: i64, om: i64) -> Result<String> {
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
    if m.component == 'z' {
        s.insert_str(0, "GMT");
    }
    if offset == 0 && m.presentation2 == Some('t') {
        s = "Z".into();
    }
    Ok(s)
}
