//! XPath numerals: English words, Roman numerals and letter sequences, both ways.

use crate::expr::jsonata::value::js_rem;

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
        let (tens, rem) = ((num / 10.0).floor(), js_rem(num, 10.0));
        words = format!("{}{}", if prev { " and " } else { "" }, DECADES[tens as usize - 2]);
        if rem > 0.0 {
            words.push('-');
            words.push_str(&words_lookup(rem, false, ord));
        } else if ord {
            words.pop();
            words.push_str("ieth");
        }
    } else if num < 1000.0 {
        let (hundreds, rem) = ((num / 100.0).floor(), js_rem(num, 100.0));
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

pub(super) fn from_roman(s: &str) -> f64 {
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

pub(super) fn from_letters(s: &str, a: char) -> f64 {
    let mut dec = 0.0;
    for (i, c) in s.chars().rev().enumerate() {
        dec += (c as u32 as f64 - a as u32 as f64 + 1.0) * 26f64.powi(i as i32);
    }
    dec
}
