//! JavaScript's numbers: how they print (`Number.prototype.toString`, 15-digit rounding) and `%`.

/// JavaScript's `Number.prototype.toString()` for finite numbers.
pub fn js_number_string(n: f64) -> String {
    if n.is_nan() {
        return "NaN".into();
    }
    if n.is_infinite() {
        return if n > 0.0 { "Infinity".into() } else { "-Infinity".into() };
    }
    if n == 0.0 {
        return "0".into();
    }
    // Rust's `{}` gives the shortest round-trip digits, as JavaScript does (in positional
    // notation: `{:e}` would link a second copy of the float formatting).
    let (digits, e) = shortest_digits(n.abs());
    let k = digits.len() as i32;
    let mut out = String::new();
    if n < 0.0 {
        out.push('-');
    }
    if k <= e && e <= 21 {
        out.push_str(&digits);
        out.extend(std::iter::repeat_n('0', (e - k) as usize));
    } else if 0 < e && e <= 21 {
        out.push_str(&digits[..e as usize]);
        out.push('.');
        out.push_str(&digits[e as usize..]);
    } else if -6 < e && e <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-e) as usize));
        out.push_str(&digits);
    } else {
        out.push_str(&digits[..1]);
        if k > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push('e');
        out.push(if e >= 1 { '+' } else { '-' });
        out.push_str(&(e - 1).abs().to_string());
    }
    out
}

/// `Number(n.toPrecision(15))`: the reference rounds numbers to 15 significant digits when
/// rendering them as strings, to hide binary floating-point noise.
pub fn round15(n: f64) -> f64 {
    if !n.is_finite() || n == 0.0 || n.fract() == 0.0 {
        return n;
    }
    // `{:.14e}` without the exponential formatting: the position of the decimal point gives the
    // number of places that keeps 15 significant digits. Near a power of ten where the shortest
    // digits round up to it, one digit more or less rounds to the same number.
    let e = shortest_digits(n.abs()).1;
    if e > 15 {
        // |n| < 2^53 since it has a fraction: round the integer part to tens (no ties possible).
        let t = n.abs().trunc() as u64;
        let r = t % 10;
        let q = (t - r + if r >= 5 { 10 } else { 0 }) as f64;
        return if n < 0.0 { -q } else { q };
    }
    format!("{:.*}", (15 - e) as usize, n).parse().unwrap_or(n)
}

/// The shortest round-trip digits of a finite positive number (no trailing zeros) and the
/// position of the decimal point relative to them (`0.d1d2… × 10^e`).
fn shortest_digits(n: f64) -> (String, i32) {
    let s = n.to_string();
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let (mut digits, e) = if int == "0" {
        let t = frac.trim_start_matches('0');
        (t.to_string(), t.len() as i32 - frac.len() as i32)
    } else {
        (format!("{int}{frac}"), int.len() as i32)
    };
    while digits.ends_with('0') {
        digits.pop();
    }
    (digits, e)
}

/// JavaScript's `%` (C's `fmod`), exact, on the bits: Rust's `%` calls the platform's `fmod`,
/// whose wasm version brings 128-bit division along.
pub fn js_rem(x: f64, y: f64) -> f64 {
    let (mut ux, mut uy) = (x.to_bits(), y.to_bits());
    let mut ex = ((ux >> 52) & 0x7ff) as i64;
    let mut ey = ((uy >> 52) & 0x7ff) as i64;
    let sx = ux >> 63;
    if uy << 1 == 0 || y.is_nan() || ex == 0x7ff {
        return f64::NAN; // fmod of ±∞, by 0 or with NaN
    }
    if ux << 1 <= uy << 1 {
        return if ux << 1 == uy << 1 { 0.0 * x } else { x };
    }
    // Normalise both significands (subnormals included).
    fn norm(u: u64, e: &mut i64) -> u64 {
        if *e == 0 {
            let mut i = u << 12;
            while i >> 63 == 0 {
                *e -= 1;
                i <<= 1;
            }
            u << (1 - *e)
        } else {
            (u & (u64::MAX >> 12)) | 1 << 52
        }
    }
    ux = norm(ux, &mut ex);
    uy = norm(uy, &mut ey);
    loop {
        let i = ux.wrapping_sub(uy);
        if i >> 63 == 0 {
            if i == 0 {
                return 0.0 * x;
            }
            ux = i;
        }
        if ex <= ey {
            break;
        }
        ux <<= 1;
        ex -= 1;
    }
    while ux >> 52 == 0 {
        ux <<= 1;
        ex -= 1;
    }
    if ex > 0 {
        ux = (ux - (1 << 52)) | (ex as u64) << 52;
    } else {
        ux >>= 1 - ex;
    }
    f64::from_bits(ux | sx << 63)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_as_javascript_does() {
        assert_eq!(js_number_string(1.0), "1");
        assert_eq!(js_number_string(-0.5), "-0.5");
        assert_eq!(js_number_string(1e21), "1e+21");
        assert_eq!(js_number_string(1.5e-7), "1.5e-7");
        assert_eq!(js_number_string(123456.789), "123456.789");
        assert_eq!(js_number_string(0.000001), "0.000001");
        assert_eq!(js_number_string(round15(0.1 + 0.2)), "0.3");
    }

    /// A small xorshift stream of doubles: random bit patterns and decimal-looking values.
    fn samples() -> Vec<f64> {
        let mut x: u64 = 0x9e3779b97f4a7c15;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut out =
            vec![0.1, 0.001, 1e15 + 0.5, 4.5e15 + 0.5, 1e-300, 5e-324, 1.7976931348623157e308, 1e21, 1e-7, 123.456];
        for _ in 0..200_000 {
            let r = next();
            out.push(f64::from_bits(r));
            out.push((r % 10_000_000) as f64 / 10f64.powi((r >> 40) as i32 % 12));
            out.push(((r >> 8) as f64 / (1u64 << 56) as f64) * 10f64.powi((r >> 58) as i32 - 30));
        }
        out
    }

    #[test]
    fn rem_is_fmod() {
        let s = samples();
        for w in s.windows(2) {
            let (a, b) = (w[0], w[1]);
            for (a, b) in [(a, b), (b, a), (a, 10.0), (a, 100.0), (a, -3.0), (-a, 0.7), (a, 0.0), (a, f64::INFINITY)] {
                let (got, want) = (js_rem(a, b), a % b);
                assert!(got.to_bits() == want.to_bits() || got.is_nan() && want.is_nan(), "{a} % {b}: {got} vs {want}");
            }
        }
    }

    #[test]
    fn number_strings_and_rounding_match_the_exponential_forms() {
        for n in samples() {
            if !n.is_finite() || n == 0.0 {
                continue;
            }
            let sci = format!("{:e}", n.abs());
            let (mant, exp) = sci.split_once('e').unwrap();
            let digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
            assert_eq!(shortest_digits(n.abs()), (digits, exp.parse::<i32>().unwrap() + 1), "{n}");
            let want = if n.fract() == 0.0 { n } else { format!("{:.14e}", n).parse().unwrap() };
            assert_eq!(round15(n).to_bits(), want.to_bits(), "{n}");
        }
    }
}
