//! Tiny HTML helpers for the widgets' markup.

/// Escapes text for element content and quoted attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Formats `x` with at most `decimals` decimals (all of them unless `trim`), without
/// the standard library's float formatting: the browser module stays ~15 KB smaller.
/// `-0` is shown as `0`; magnitudes beyond ±10^30 saturate (the toolkit's inputs are
/// validated far below that).
pub fn fixed(x: f64, decimals: u32, trim: bool) -> String {
    let scale = 10u128.pow(decimals);
    let n = (x * scale as f64).round() as i128;
    let (neg, n) = (n < 0, n.unsigned_abs());
    let mut s = String::new();
    if neg {
        s.push('-');
    }
    s.push_str(&(n / scale).to_string());
    if decimals > 0 {
        let frac = (n % scale).to_string();
        let mut digits = "0".repeat(decimals as usize - frac.len());
        digits.push_str(&frac);
        let digits = if trim {
            digits.trim_end_matches('0')
        } else {
            &digits
        };
        if !digits.is_empty() {
            s.push('.');
            s.push_str(digits);
        }
    }
    s
}

/// The minus sign of displayed numbers (U+2212), not the hyphen.
pub const MINUS: char = '\u{2212}';

/// Formats an amount for display, by the one rounding rule of the widgets: rounded half
/// away from zero to exactly two decimals, thousands separated, a true minus sign (−), and
/// `-0` shown as `0.00`.
pub fn fmt_num(x: f64) -> String {
    let s = fixed(x, 2, false);
    let (sign, s) = match s.strip_prefix('-') {
        Some(rest) => (MINUS.to_string(), rest),
        None => (String::new(), s.as_str()),
    };
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let mut out = sign;
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// Formats a fraction as a percentage with exactly one decimal and a true minus sign
/// (`0.275` → `27.5%`, `0.8` → `80.0%`, `-0.05` → `−5.0%`).
pub fn fmt_pct(x: f64) -> String {
    fixed(x * 100.0, 1, false).replace('-', &MINUS.to_string()) + "%"
}

/// A change: `+` or `−` and the percentage.
pub fn fmt_change(x: f64) -> String {
    let p = fmt_pct(x);
    if p.starts_with(MINUS) || p == "0.0%" {
        p
    } else {
        format!("+{p}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_formatted_for_people() {
        // Issue 12, item 5: one rounding rule, fixed decimals, a true minus sign.
        assert_eq!(fmt_num(266.666_666), "266.67");
        assert_eq!(fmt_num(1234567.0), "1,234,567.00");
        assert_eq!(fmt_num(-1500.5), "\u{2212}1,500.50");
        assert_eq!(fmt_num(-27.2727), "\u{2212}27.27");
        assert_eq!(fmt_num(-0.001), "0.00");
        assert_eq!(fmt_pct(0.275), "27.5%");
        assert_eq!(fmt_pct(0.8), "80.0%");
        assert_eq!(fmt_pct(0.0), "0.0%");
        assert_eq!(fmt_pct(-0.0004), "0.0%");
        assert_eq!(fmt_pct(-0.05), "\u{2212}5.0%");
        assert_eq!(fmt_change(0.275), "+27.5%");
        assert_eq!(fmt_change(-0.1), "\u{2212}10.0%");
        assert_eq!(fmt_change(0.0), "0.0%");
        assert_eq!(fixed(0.62092132, 4, false), "0.6209");
        assert_eq!(fixed(0.5, 4, false), "0.5000");
        assert_eq!(fixed(0.05, 6, true), "0.05");
        assert_eq!(fixed(12.0, 6, true), "12");
        assert_eq!(fixed(-2.5, 1, true), "-2.5");
        assert_eq!(fixed(1e15, 2, true), "1000000000000000");
        assert_eq!(fmt_num(0.005), "0.01");
        assert_eq!(fmt_num(999.999), "1,000.00");
    }

    #[test]
    fn escaping() {
        assert_eq!(
            esc("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
