//! Reading numbers typed by people: validation with messages that name the field.
//!
//! Accepts ASCII and full-width digits (`１００`, from Chinese input methods), thousands
//! separators (`1,000`, `1，000`) and, for rates, a trailing `%` (`％`). Never returns NaN
//! or an infinity. Rates follow one rule everywhere ([`RateUnit`]).

use crate::i18n::Lang;

/// Why a field's value was refused.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldError {
    /// The field's name (`margin`, `retention`, ...).
    pub field: String,
    /// A message for people, in the page's language.
    pub message: String,
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for FieldError {}

/// What a bare number (one written without `%`) means in a rate field: the one rule for
/// rates, shared by the command line, the widget fields and the build-time check of presets.
///
/// - `85%` (or `８５％`) is 85% everywhere.
/// - A bare number is read in the field's unit, but only where that reading is
///   unambiguous; otherwise the value is refused with a message saying how it was read
///   and what to write instead, so nothing is computed from a guess:
///
/// | written | [`RateUnit::Percent`] (a field labelled %) | [`RateUnit::Fraction`] (the command line) |
/// |---|---|---|
/// | `85` | 85% | refused: "85 → 8500%? did you mean 85%?" |
/// | `0.85` | refused: "0.85 → 0.85%? did you mean 85%?" | 85% |
/// | `0.85%` | 0.85% | 0.85% |
/// | `0`, `0%` | 0% | 0% |
/// | `1` | 1% | 100% |
/// | `100` | 100% | refused (10000%) |
/// | `150`, `150%` | refused: above 100% | refused: above 100% |
/// | `-5` | refused: negative | refused: negative |
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RateUnit {
    /// The field is labelled "%": `85` means 85%; a bare value strictly between 0 and 1
    /// is ambiguous (0.85% or 85%?) and refused with the question.
    Percent,
    /// A fraction: `0.85` means 85%; a bare value above 1 is refused with the question.
    Fraction,
}

/// Folds full-width digits, points and signs to ASCII and drops thousands separators and
/// spaces (`１，２００．５` → `1200.5`).
pub(crate) fn normalise(text: &str) -> String {
    text.trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' | '。' => '.',
            '－' | '−' => '-',
            '％' => '%',
            c => c,
        })
        .filter(|c| !matches!(c, ',' | '，' | ' ' | '_'))
        .collect()
}

fn err(field: &str, lang: Lang, zh: &str, en: &str) -> FieldError {
    FieldError {
        field: field.to_string(),
        message: lang.pick(zh, en).to_string(),
    }
}

/// Parses a number ≥ 0 (amounts, values, costs).
pub fn amount(field: &str, text: &str, lang: Lang) -> Result<f64, FieldError> {
    let t = normalise(text);
    if t.is_empty() {
        return Err(err(field, lang, "请填写一个数字。", "Enter a number."));
    }
    let x: f64 = t.parse().map_err(|_| {
        err(
            field,
            lang,
            "这不是一个数字，请只填写数字，例如 1200。",
            "This is not a number; enter digits only, e.g. 1200.",
        )
    })?;
    if !x.is_finite() {
        return Err(err(field, lang, "数字太大了。", "The number is too large."));
    }
    if x < 0.0 {
        return Err(err(field, lang, "不能为负数。", "Cannot be negative."));
    }
    if x > 1e15 {
        return Err(err(field, lang, "数字太大了。", "The number is too large."));
    }
    Ok(x)
}

/// A percentage for messages: `85`, `0.85`, `8500`.
fn pct(x: f64) -> String {
    crate::html::fixed(x, 6, true)
}

/// Parses a rate between 0% and 100% by the rule of [`RateUnit`] and returns it as a
/// fraction (0.85 for 85%).
pub fn rate(field: &str, text: &str, unit: RateUnit, lang: Lang) -> Result<f64, FieldError> {
    let t = normalise(text);
    let (digits, has_pct) = match t.strip_suffix('%') {
        Some(d) => (d, true),
        None => (t.as_str(), false),
    };
    if digits.is_empty() {
        return Err(err(
            field,
            lang,
            "请填写一个百分比，例如 85%。",
            "Enter a percentage, e.g. 85%.",
        ));
    }
    let x: f64 = match decimal(digits) {
        Some(x) => x,
        None => {
            return Err(err(
                field,
                lang,
                "这不是一个数字，请填写百分比，例如 85%。",
                "This is not a number; enter a percentage, e.g. 85%.",
            ))
        }
    };
    if x < 0.0 {
        return Err(err(field, lang, "不能为负数。", "Cannot be negative."));
    }
    let ask = |read: f64, meant: f64, write: String| FieldError {
        field: field.to_string(),
        message: match lang {
            Lang::Zh => format!(
                "{digits} → {}%？是想填 {}% 吗？请写 {write}。",
                pct(read),
                pct(meant)
            ),
            Lang::En => format!(
                "{digits} → {}%? Did you mean {}%? Write {write}.",
                pct(read),
                pct(meant)
            ),
        },
    };
    let percent = if has_pct {
        x
    } else {
        match unit {
            RateUnit::Percent if x > 0.0 && x < 1.0 => {
                let or = lang.pick("或", "or");
                return Err(ask(
                    x,
                    x * 100.0,
                    format!("{}% {or} {}%", pct(x * 100.0), pct(x)),
                ));
            }
            RateUnit::Percent => x,
            RateUnit::Fraction if x > 1.0 && x <= 100.0 => {
                let or = lang.pick("或", "or");
                return Err(ask(
                    x * 100.0,
                    x,
                    format!("{}% {or} {}", pct(x), pct(x / 100.0)),
                ));
            }
            RateUnit::Fraction => x * 100.0,
        }
    };
    if percent > 100.0 {
        return Err(err(
            field,
            lang,
            "比率不能超过 100%。",
            "A rate cannot be above 100%.",
        ));
    }
    Ok(percent / 100.0)
}

/// Parses a whole number of years between 1 and 100.
pub fn years(field: &str, text: &str, lang: Lang) -> Result<u32, FieldError> {
    let t = normalise(text);
    if t.is_empty() {
        return Err(err(field, lang, "请填写年数。", "Enter a number of years."));
    }
    match t.parse::<u32>() {
        Ok(n) if (1..=100).contains(&n) => Ok(n),
        Ok(_) => Err(err(
            field,
            lang,
            "年数应在 1 到 100 之间。",
            "Years must be between 1 and 100.",
        )),
        Err(_) => Err(err(
            field,
            lang,
            "请填写 1 到 100 之间的整数年数，或留空表示不限年限。",
            "Enter whole years from 1 to 100, or leave empty for no limit.",
        )),
    }
}

/// Exact powers of ten as `f64` (every one up to 10²² is).
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// Reads a plain decimal, `-?D*(.D*)?` with a digit on at least one side of the point, as
/// `str::parse::<f64>` reads it, but without the general algorithm: its tables and code
/// (about 16 KB of wasm) would be in every browser module that reads a rate, the MAN
/// scorer's included. Exact, that is the same `f64` as `str::parse`, when the digits
/// without leading zeros are below 2⁵³ and the point is at most 22 places from the end
/// (every rate a person types); otherwise within a few units in the last place, from 19
/// significant digits on the rest are cut.
pub fn decimal(text: &str) -> Option<f64> {
    let (negative, t) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (int, frac) = t.split_once('.').unwrap_or((t, ""));
    if (int.is_empty() && frac.is_empty())
        || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
    {
        return None;
    }
    // value = mantissa × 10^exp, from at most 19 significant digits.
    let (mut mantissa, mut kept, mut exp) = (0u64, 0u32, 0i32);
    for (i, b) in int.bytes().chain(frac.bytes()).enumerate() {
        let after_point = i >= int.len();
        if kept < 19 {
            mantissa = mantissa * 10 + u64::from(b - b'0');
            kept += u32::from(mantissa > 0);
            exp -= i32::from(after_point);
        } else if !after_point {
            exp += 1;
        }
    }
    let mut x = mantissa as f64;
    let mut e = exp;
    while e > 22 {
        x *= POW10[22];
        e -= 22;
    }
    while e < -22 {
        x /= POW10[22];
        e += 22;
    }
    x = if e >= 0 {
        x * POW10[e as usize]
    } else {
        x / POW10[(-e) as usize]
    };
    Some(if negative { -x } else { x })
}

#[cfg(test)]
mod tests {
    use super::*;
    use Lang::En;

    #[test]
    fn amounts() {
        assert_eq!(amount("m", "1,200", En), Ok(1200.0));
        assert_eq!(amount("m", "１２００．５", En), Ok(1200.5));
        assert_eq!(amount("m", " 0 ", En), Ok(0.0));
        assert_eq!(amount("m", "", En).unwrap_err().message, "Enter a number.");
        assert!(amount("m", "abc", En)
            .unwrap_err()
            .message
            .starts_with("This is not a number"));
        assert_eq!(
            amount("m", "-5", En).unwrap_err().message,
            "Cannot be negative."
        );
        assert_eq!(
            amount("m", "1e400", En).unwrap_err().message,
            "The number is too large."
        );
        assert!(amount("m", "NaN", En).is_err());
        assert!(amount("m", "inf", En).is_err());
        assert_eq!(amount("m", "", Lang::Zh).unwrap_err().field, "m");
    }

    /// The rate rule's table (see [`RateUnit`]), row by row, in both units.
    #[test]
    fn rates() {
        use RateUnit::{Fraction, Percent};
        let ok = |t: &str, u| rate("r", t, u, En).unwrap();
        let no = |t: &str, u| rate("r", t, u, En).unwrap_err().message;
        // 85%: 85% everywhere, full-width digits and sign too.
        assert_eq!(ok("85%", Percent), 0.85);
        assert_eq!(ok("85%", Fraction), 0.85);
        assert_eq!(ok("８５％", Percent), 0.85);
        assert_eq!(ok("８５％", Fraction), 0.85);
        assert_eq!(ok(" 85 % ", Fraction), 0.85);
        // 85: 85% in a field labelled %; a question on the command line.
        assert_eq!(ok("85", Percent), 0.85);
        assert_eq!(ok("８５", Percent), 0.85);
        assert_eq!(
            no("85", Fraction),
            "85 → 8500%? Did you mean 85%? Write 85% or 0.85."
        );
        // 0.85: 85% as a fraction; a question in a field labelled %.
        assert_eq!(ok("0.85", Fraction), 0.85);
        assert_eq!(ok("０．８５", Fraction), 0.85);
        assert_eq!(
            no("0.85", Percent),
            "0.85 → 0.85%? Did you mean 85%? Write 85% or 0.85%."
        );
        assert_eq!(
            rate("r", "0.85", Percent, Lang::Zh).unwrap_err().message,
            "0.85 → 0.85%？是想填 85% 吗？请写 85% 或 0.85%。"
        );
        // 0.85%: 0.85%, written so, everywhere.
        assert_eq!(ok("0.85%", Percent), 0.0085);
        assert_eq!(ok("0.85%", Fraction), 0.0085);
        // 0 and 1: 0 is 0% in both; 1 is 1% in percent, 100% as a fraction.
        assert_eq!(ok("0", Percent), 0.0);
        assert_eq!(ok("0", Fraction), 0.0);
        assert_eq!(ok("0%", Fraction), 0.0);
        assert_eq!(ok("1", Percent), 0.01);
        assert_eq!(ok("1", Fraction), 1.0);
        // 100: the top of the scale in percent; a question as a fraction.
        assert_eq!(ok("100", Percent), 1.0);
        assert_eq!(ok("100%", Fraction), 1.0);
        assert_eq!(
            no("100", Fraction),
            "100 → 10000%? Did you mean 100%? Write 100% or 1."
        );
        // 150: above 100% whichever way it is written.
        for (t, u) in [("150", Percent), ("150%", Percent), ("150%", Fraction)] {
            assert_eq!(no(t, u), "A rate cannot be above 100%.", "{t}");
        }
        assert_eq!(no("150", Fraction), "A rate cannot be above 100%.");
        assert_eq!(
            no("1.5", Fraction),
            "1.5 → 150%? Did you mean 1.5%? Write 1.5% or 0.015."
        );
        // -5: negative, in every form.
        for t in ["-5", "-5%", "－５", "−0.5"] {
            assert_eq!(no(t, Percent), "Cannot be negative.", "{t}");
            assert_eq!(no(t, Fraction), "Cannot be negative.", "{t}");
        }
        // Not numbers.
        for t in ["abc", "%", "85%%", "NaN", "inf", "1e2", "0x10"] {
            let m = rate("r", t, Percent, En).map_err(|e| e.message);
            assert!(m.is_err(), "{t} was read as {m:?}");
        }
        assert_eq!(
            no("abc", Percent),
            "This is not a number; enter a percentage, e.g. 85%."
        );
        assert_eq!(no("", Percent), "Enter a percentage, e.g. 85%.");
        assert_eq!(
            rate("retention", "x", Percent, En).unwrap_err().field,
            "retention"
        );
    }

    #[test]
    fn year_counts() {
        assert_eq!(years("t", "5", En), Ok(5));
        assert!(years("t", "0", En).is_err());
        assert!(years("t", "2.5", En).is_err());
        assert!(years("t", "101", En).is_err());
    }

    /// [`decimal`] against `str::parse` on strings of digits, points and minus signs: the
    /// same strings are refused, the same `f64` comes out where it promises exactness, and
    /// within 4 units in the last place elsewhere.
    #[test]
    fn decimals_read_as_the_standard_parser_reads_them() {
        for (t, want) in [
            ("85", Some(85.0)),
            ("0.85", Some(0.85)),
            ("59.9", Some(59.9)),
            (".5", Some(0.5)),
            ("5.", Some(5.0)),
            ("007.50", Some(7.5)),
            ("-0.5", Some(-0.5)),
            ("0.1", Some(0.1)),
            ("", None),
            (".", None),
            ("-", None),
            ("-.", None),
            ("--5", None),
            ("5-", None),
            ("1.2.3", None),
            ("+5", None),
            ("1e2", None),
        ] {
            assert_eq!(decimal(t), want, "{t}");
        }
        assert!(decimal("-0").unwrap().is_sign_negative());
        let alphabet = b"0123456789012345678901234567890123456789.-";
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut exact = 0;
        for _ in 0..200_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 28) as usize;
            let t: String = (0..len)
                .map(|k| {
                    alphabet[((seed >> (k % 8 * 8)) as usize + k * 7) % alphabet.len()] as char
                })
                .collect();
            let std = t.parse::<f64>().ok();
            let ours = decimal(&t);
            assert_eq!(ours.is_some(), std.is_some(), "{t:?}: {ours:?} vs {std:?}");
            let (Some(a), Some(b)) = (ours, std) else {
                continue;
            };
            let digits = t.trim_start_matches('-').replace('.', "");
            let significant = digits.trim_start_matches('0');
            let places = t.split_once('.').map_or(0, |(_, f)| f.len());
            if significant.len() <= 15 && places <= 22 {
                assert_eq!(a.to_bits(), b.to_bits(), "{t:?}");
                exact += 1;
            } else {
                assert!(
                    (a - b).abs() <= 4.0 * f64::EPSILON * b.abs(),
                    "{t:?}: {a} vs {b}"
                );
            }
        }
        assert!(exact > 10_000, "only {exact} strings on the exact path");
    }
}
