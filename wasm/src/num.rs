//! Reading numbers typed by people: validation with messages that name the field.
//!
//! Accepts ASCII and full-width digits (`１００`, from Chinese input methods), thousands
//! separators (`1,000`, `1，000`) and, for rates, a trailing `%`. Never returns NaN or
//! an infinity.

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

/// How a rate is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RateUnit {
    /// `80` means 80% (`80%` too): form fields labelled "(%)".
    Percent,
    /// `0.8` means 80% (`80%` too): the command line.
    Fraction,
}

fn normalise(text: &str) -> String {
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

/// Parses a rate between 0% and 100% and returns it as a fraction (0.8 for 80%).
pub fn rate(field: &str, text: &str, unit: RateUnit, lang: Lang) -> Result<f64, FieldError> {
    let t = normalise(text);
    let (digits, has_pct) = match t.strip_suffix('%') {
        Some(d) => (d.to_string(), true),
        None => (t.clone(), false),
    };
    if digits.is_empty() {
        return Err(err(
            field,
            lang,
            "请填写一个百分比。",
            "Enter a percentage.",
        ));
    }
    let x: f64 = digits.parse().map_err(|_| {
        err(
            field,
            lang,
            "这不是一个数字，请填写百分比，例如 80。",
            "This is not a number; enter a percentage, e.g. 80.",
        )
    })?;
    if !x.is_finite() {
        return Err(err(field, lang, "数字太大了。", "The number is too large."));
    }
    if x < 0.0 {
        return Err(err(field, lang, "不能为负数。", "Cannot be negative."));
    }
    let fraction = if has_pct || unit == RateUnit::Percent {
        x / 100.0
    } else {
        x
    };
    if fraction > 1.0 {
        return Err(match unit {
            RateUnit::Percent => err(
                field,
                lang,
                "比率不能超过 100%。",
                "A rate cannot be above 100%.",
            ),
            RateUnit::Fraction => err(
                field,
                lang,
                "比率不能超过 100%：请写 0.8 或 80%。",
                "A rate cannot be above 100%: write 0.8 or 80%.",
            ),
        });
    }
    Ok(fraction)
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

    #[test]
    fn rates() {
        assert_eq!(rate("r", "80", RateUnit::Percent, En), Ok(0.8));
        assert_eq!(rate("r", "80%", RateUnit::Fraction, En), Ok(0.8));
        assert_eq!(rate("r", "0.8", RateUnit::Fraction, En), Ok(0.8));
        assert_eq!(rate("r", "８０％", RateUnit::Percent, En), Ok(0.8));
        assert_eq!(rate("r", "100", RateUnit::Percent, En), Ok(1.0));
        assert_eq!(
            rate("r", "120", RateUnit::Percent, En).unwrap_err().message,
            "A rate cannot be above 100%."
        );
        assert_eq!(
            rate("r", "80", RateUnit::Fraction, En).unwrap_err().message,
            "A rate cannot be above 100%: write 0.8 or 80%."
        );
        assert_eq!(
            rate("r", "-1", RateUnit::Percent, En).unwrap_err().message,
            "Cannot be negative."
        );
        assert_eq!(
            rate("r", "", RateUnit::Percent, En).unwrap_err().message,
            "Enter a percentage."
        );
        assert!(rate("r", "x", RateUnit::Percent, En).is_err());
    }

    #[test]
    fn year_counts() {
        assert_eq!(years("t", "5", En), Ok(5));
        assert!(years("t", "0", En).is_err());
        assert!(years("t", "2.5", En).is_err());
        assert!(years("t", "101", En).is_err());
    }
}
