//! The calendar arithmetic of pictures: a timestamp's civil fields and each component's value
//! (ISO weeks and week-numbering years and months included).

use super::days_from_civil;
use crate::run::time::civil_from_days;

pub(super) const DAYS: [&str; 8] = ["", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
pub(super) const MONTHS: [&str; 12] = [
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
pub(super) const DAY_MS: i64 = 86_400_000;

pub(super) struct Civil {
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

pub(super) fn civil(ms: i64) -> Civil {
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

pub(super) fn utc(y: i64, m0: i64, d: i64) -> i64 {
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
pub(super) enum Frag {
    Num(i64),
    Name(&'static str),
    None,
}

pub(super) fn fragment(d: &Civil, c: char) -> Frag {
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
        'W' => week_of_year(d),
        'w' => week_of_month(d),
        'X' => week_year(d),
        'x' => week_month(d),
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

/// `W`: the ISO week of the year.
fn week_of_year(d: &Civil) -> i64 {
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

/// `w`: the week of the month, weeks counted as ISO weeks are in a year.
fn week_of_month(d: &Civil) -> i64 {
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

/// `X`: the year the ISO week belongs to.
fn week_year(d: &Civil) -> i64 {
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

/// `x`: the month the week of the month belongs to.
fn week_month(d: &Civil) -> i64 {
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
