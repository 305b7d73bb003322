//! GIFT questions that become the newer quiz kinds: numerical, matching, short answer and
//! missing word (a blank). Input: the question so far (text, id, general feedback) and
//! its answer block; output: the question, validated by the quiz model's own checks, or
//! one error located in the block.

use std::ops::Range;

use super::{split_unescaped, unescape, unescaped_str};
use crate::quiz::{check, error as err, Choice, Extra, Kind, Mark, Question, QuizError};

/// An answer as the choice parser read it: text, weight, feedback, span, `=` or `~`.
pub(super) type Answer = (String, f64, String, Range<usize>, char);

fn mark(w: f64) -> Mark {
    if (w - 100.0).abs() < 1e-9 {
        Mark::Right
    } else if w == 0.0 {
        Mark::Wrong
    } else {
        Mark::Weight(w)
    }
}

/// Runs the quiz model's checks; an error points at the answer block.
fn checked(mut q: Question, span: Range<usize>) -> Result<Option<Question>, QuizError> {
    match check(&mut q).into_iter().next() {
        None => Ok(Some(q)),
        Some(e) => Err(err(span, e.message, e.hint)),
    }
}

/// Splits an answer block at unescaped `=` and `~` (the marker kept first).
fn answers(block: &str) -> Vec<(char, String)> {
    let mut out: Vec<(char, String)> = Vec::new();
    let mut escape = false;
    for c in block.chars() {
        if escape {
            escape = false;
            if let Some(a) = out.last_mut() {
                a.1.push('\\');
                a.1.push(c);
            }
        } else if c == '\\' {
            escape = true;
        } else if c == '=' || c == '~' {
            out.push((c, String::new()));
        } else if let Some(a) = out.last_mut() {
            a.1.push(c);
        } else if !c.is_whitespace() {
            out.push(('=', c.to_string()));
        }
    }
    out
}

/// `%50%rest` → (Some(50), rest).
fn weight(raw: &str) -> Result<(Option<f64>, &str), String> {
    let t = raw.trim_start();
    let Some(w) = t.strip_prefix('%') else {
        return Ok((None, t));
    };
    let close = w
        .find('%')
        .ok_or("weight is not closed: write `=%50%answer`")?;
    match w[..close].trim().parse::<f64>() {
        Ok(x) if x.is_finite() && (-100.0..=100.0).contains(&x) => Ok((Some(x), &w[close + 1..])),
        _ => Err(format!("invalid weight `%{}%`", &w[..close])),
    }
}

/// `{#3.14:0.01}`, `{#1..2}`, `{#=850 =%50%800:50#close ~1150#no}`.
pub(super) fn numeric(
    mut q: Question,
    block: &str,
    span: Range<usize>,
) -> Result<Option<Question>, QuizError> {
    let body = block.trim_start().trim_start_matches('#');
    let list = if body.trim_start().starts_with(['=', '~']) {
        answers(body)
    } else {
        vec![('=', body.to_string())]
    };
    for (marker, raw) in list {
        let (w, rest) = weight(&raw).map_err(|m| {
            err(
                span.clone(),
                m,
                "weights are numbers from -100 to 100 between two `%`",
            )
        })?;
        let parts = split_unescaped(rest, '#');
        let value = unescape(&parts[0]);
        let text = match value.split_once(':') {
            Some((x, tol)) => format!("{} ± {}", x.trim(), tol.trim()),
            None => value.clone(),
        };
        q.choices.push(Choice {
            text,
            mark: mark(w.unwrap_or(if marker == '=' { 100.0 } else { 0.0 })),
            feedback: parts.get(1).map(|f| unescape(f)).unwrap_or_default(),
            span: 0..0,
        });
    }
    q.kind = Kind::Numeric;
    q.extra = Extra::Numeric {
        intervals: Vec::new(),
        unit: String::new(),
    };
    checked(q, span)
}

/// `{=a -> b =c -> d}`; `=-> b` or `= -> b` is an extra right item.
pub(super) fn matching(
    mut q: Question,
    block: &str,
    span: Range<usize>,
) -> Result<Option<Question>, QuizError> {
    for (_, raw) in answers(block) {
        let arrow = unescaped_str(&raw, "->");
        let Some(&a) = arrow.first() else {
            return Err(err(
                span,
                format!("a matching pair without `->`: `{}`", unescape(&raw)),
                "write each pair `=left -> right`",
            ));
        };
        let (l, r) = (unescape(&raw[..a]), unescape(&raw[a + 2..]));
        q.choices.push(Choice {
            text: format!("{l} -> {r}").trim_start().to_string(),
            mark: Mark::Right,
            feedback: String::new(),
            span: 0..0,
        });
    }
    q.kind = Kind::Matching;
    checked(q, span)
}

/// Only `=` answers: every one accepted, with its weight.
pub(super) fn short(
    mut q: Question,
    list: Vec<Answer>,
    span: Range<usize>,
) -> Result<Option<Question>, QuizError> {
    q.kind = Kind::Short;
    q.choices = list
        .into_iter()
        .map(|(text, w, feedback, _, _)| Choice {
            text,
            mark: mark(w),
            feedback,
            span: 0..0,
        })
        .collect();
    checked(q, span)
}

/// A block mid-sentence (missing word): the question text with a blank, typed when every
/// answer is `=`, else a choice. Per-answer feedback has no place in a blank: it is
/// dropped with a warning at the first answer that has some, naming each.
pub(super) fn blank(
    mut q: Question,
    before: &str,
    after: &str,
    list: &[Answer],
    span: Range<usize>,
    warnings: &mut Vec<QuizError>,
) -> Result<Option<Question>, QuizError> {
    let with_feedback: Vec<&Answer> = list.iter().filter(|a| !a.2.is_empty()).collect();
    if let Some(first) = with_feedback.first() {
        let dropped: Vec<String> = with_feedback
            .iter()
            .map(|a| format!("`{}` #{}", a.0, a.2))
            .collect();
        warnings.push(err(
            first.3.clone(),
            format!(
                "feedback dropped: a blank in a sentence has no place for per-answer feedback: {}",
                dropped.join(", ")
            ),
            "to keep it, move what matters into the general feedback `####…` (the explanation), or put the answer block after the sentence, with ___ where the word goes (a choice question keeps each answer's feedback)",
        ));
    }
    let choice = list.iter().any(|a| a.4 == '~' && a.1 <= 0.0);
    let alts: Vec<String> = list
        .iter()
        .map(|(text, w, ..)| {
            let m = match mark(*w) {
                Mark::Right if choice => "[x] ".to_string(),
                Mark::Right => String::new(),
                Mark::Wrong => "[ ] ".to_string(),
                Mark::Weight(w) => format!("[{}%] ", crate::html::fixed(w, 6, true)),
            };
            format!("{m}{}", text.replace('|', "/"))
        })
        .collect();
    q.text = format!("{before} [[{}]] {after}", alts.join("|"))
        .trim()
        .to_string();
    q.kind = Kind::Blanks;
    checked(q, span)
}
