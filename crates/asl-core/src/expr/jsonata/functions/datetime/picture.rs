//! Date/time pictures (XPath `format-dateTime`): literals and `[...]` markers, analysed once for
//! formatting and for parsing.

use crate::expr::jsonata::error::Result;
use crate::expr::jsonata::functions::err;
use crate::expr::jsonata::functions::format::{analyse_integer_picture, Case, IntFormat};

#[derive(Clone, Debug)]
pub(super) enum Part {
    Literal(String),
    Marker(Marker),
}

#[derive(Clone, Debug)]
pub(super) struct Marker {
    pub component: char,
    pub presentation1: String,
    pub presentation2: Option<char>,
    pub names: Option<Case>,
    pub width: Option<(Option<usize>, Option<usize>)>,
    pub int_format: Option<IntFormat>,
    /// Digits of the year to show (-1: all).
    pub n: i64,
    pub parse_width: Option<usize>,
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

pub(super) fn analyse_picture(picture: &str) -> Result<Vec<Part>> {
    let chars: Vec<char> = picture.chars().collect();
    let mut spec: Vec<Part> = Vec::new();
    let (mut start, mut pos) = (0, 0);
    while pos < chars.len() {
        if chars[pos] == '[' {
            if chars.get(pos + 1) == Some(&'[') {
                add_literal(&mut spec, &chars, start, pos);
                spec.push(Part::Literal("[".into()));
                pos += 2;
                start = pos;
                continue;
            }
            add_literal(&mut spec, &chars, start, pos);
            start = pos;
            let Some(close) = chars[start..].iter().position(|&c| c == ']').map(|i| i + start) else {
                return Err(err("D3135"));
            };
            pos = close;
            let marker: String = chars[start + 1..pos].iter().filter(|c| !c.is_whitespace()).collect();
            let m = parse_marker(&marker, spec.last_mut())?;
            spec.push(Part::Marker(m));
            start = pos + 1;
        }
        pos += 1;
    }
    add_literal(&mut spec, &chars, start, pos.min(chars.len()));
    Ok(spec)
}

fn add_literal(spec: &mut Vec<Part>, chars: &[char], start: usize, end: usize) {
    if end > start {
        let lit: String = chars[start..end].iter().collect();
        spec.push(Part::Literal(lit.replace("]]", "]")));
    }
}

/// One marker, whitespace removed: the component, its presentation modifiers and its width.
/// A numeric component fixes the parse width of a numeric marker right before it.
fn parse_marker(marker: &str, previous: Option<&mut Part>) -> Result<Marker> {
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
            // A marker that is only a comma (`[,2]`) has no component: reported below.
            mchars.get(1..comma).map_or_else(String::new, |p| p.iter().collect())
        }
        None => mchars.iter().skip(1).collect(),
    };
    set_presentation(&mut m, &pres_mod);
    if default_presentation(component).is_none() {
        return Err(
            err("D3132").with_message(format!("Unknown component specifier {component} in date/time picture string"))
        );
    }
    let p1: Vec<char> = m.presentation1.chars().collect();
    if p1.first() == Some(&'n') {
        m.names = Some(Case::Lower);
    } else if p1.first() == Some(&'N') {
        m.names = Some(if p1.get(1) == Some(&'n') { Case::Title } else { Case::Upper });
    }
    if "YMDdFWwXxHhmsf".contains(component) {
        let f = integer_format(&mut m)?;
        if let Some(Part::Marker(prev)) = previous {
            if let Some(pf) = &prev.int_format {
                prev.parse_width = Some(pf.mandatory_digits);
            }
        }
        m.int_format = Some(f);
    }
    if component == 'Z' || component == 'z' {
        m.int_format = Some(analyse_integer_picture(&m.presentation1)?);
    }
    Ok(m)
}

/// The first presentation modifier and the second (`a`, `t`, `c`, `o`), if any.
fn set_presentation(m: &mut Marker, pres_mod: &str) {
    let pm: Vec<char> = pres_mod.chars().collect();
    if pm.len() == 1 {
        m.presentation1 = pres_mod.to_string();
    } else if pm.len() > 1 {
        let last = pm[pm.len() - 1];
        if "atco".contains(last) {
            m.presentation2 = Some(last);
            m.presentation1 = pm[..pm.len() - 1].iter().collect();
        } else {
            m.presentation1 = pres_mod.to_string();
        }
    } else {
        m.presentation1 = default_presentation(m.component).unwrap_or_default().to_string();
    }
}

/// A numeric component's integer picture, widened to the marker's minimum width; sets how
/// many digits of the year to show.
fn integer_format(m: &mut Marker) -> Result<IntFormat> {
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
    if m.component == 'Y' {
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
    Ok(f)
}
