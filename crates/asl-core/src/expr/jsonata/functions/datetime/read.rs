//! `$toMillis` with a picture: the picture becomes a regular expression, each captured
//! component is read back, and the missing ones are filled in.

use super::calendar::{civil, fragment, utc, Frag, DAYS, MONTHS};
use super::picture::{analyse_picture, Marker, Part};
use super::R;
use crate::expr::jsonata::error::Result;
use crate::expr::jsonata::functions::err;
use crate::expr::jsonata::functions::format::{parse_int_with, word_alternation, Case, IntFormat, Primary};
use crate::expr::jsonata::regex::Pattern;
use crate::expr::jsonata::value::Value;

/// `$toMillis` with a picture: matches the timestamp against the picture and fills components
/// missing before the most significant one from `now`, after the least significant with zero.
pub fn parse_datetime(timestamp: &str, picture: &str, now: i64) -> R {
    let spec = analyse_picture(picture)?;
    let (regex, markers) = picture_regex(&spec)?;
    let Ok(re) = Pattern::new(&regex, true, false) else { return Err(err("D3136")) };
    let Some(caps) = re.captures_at(timestamp, 0)? else { return Ok(Value::Undefined) };
    let mut comps = Comps::default();
    let mut pm: Option<bool> = None;
    for (i, m) in markers.iter().enumerate() {
        let Some(text) = caps.get(i + 1).copied().flatten().map(|(a, b)| &timestamp[a..b]) else { continue };
        read_component(m, text, &mut comps, &mut pm)?;
    }
    if markers.is_empty() {
        return Ok(Value::Undefined);
    }
    compose(comps, pm, now)
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
        Primary::Words => format!("(?:{}|and|[\\-, ])+", word_alternation()),
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

/// The whole picture as an anchored regular expression, one group per marker (returned in order).
fn picture_regex(spec: &[Part]) -> Result<(String, Vec<&Marker>)> {
    let mut regex = String::from("^");
    let mut markers: Vec<&Marker> = Vec::new();
    for part in spec {
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
    Ok((regex, markers))
}

/// Reads one captured component into `comps` (and `pm` for an am/pm marker).
fn read_component(m: &Marker, text: &str, comps: &mut Comps, pm: &mut Option<bool>) -> Result<()> {
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
        read_name(m, text, comps, pm);
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
    Ok(())
}

/// A month, a day of the week or am/pm given by name (perhaps cut to the marker's width).
fn read_name(m: &Marker, text: &str, comps: &mut Comps, pm: &mut Option<bool>) {
    let c = m.component;
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
            *pm = Some(lower == "pm");
            comps.insert('P', if lower == "pm" { 1 } else { 0 });
        }
        _ => {}
    }
}

/// The timestamp from the components read, the missing ones filled in.
fn compose(mut comps: Comps, pm: Option<bool>, now: i64) -> R {
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
    fill_missing(&mut comps, &format!("{date_comps}{time_comps}"), now)?;
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

/// Components before the first one given come from `now`, after the last one given are the
/// lowest (1 for month and day, else 0); a gap between given ones is an error.
fn fill_missing(comps: &mut Comps, parts: &str, now: i64) -> Result<()> {
    let now_date = civil(now);
    let mut started = false;
    let mut ended = false;
    for part in parts.chars() {
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
    Ok(())
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
