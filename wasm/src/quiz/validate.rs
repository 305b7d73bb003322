//! Validation of a parsed question: a key that can be graded (one right answer, weights
//! adding up), and the parts of the newer kinds read from their lines (numeric intervals,
//! matching pairs, blanks). Input: a question as the line parser built it; output: the
//! question's [`Extra`] and the errors, at the question's or the option's line.

use super::types::{self, Extra};
use super::{error, Kind, Mark, Question, QuizError};

/// Reads what the newer kinds keep in their lines into [`Question::extra`]. Returns
/// false when a line could not be read (its question's other checks would only repeat it).
pub(super) fn finish(q: &mut Question, errors: &mut Vec<QuizError>) -> bool {
    let before = errors.len();
    match q.kind {
        Kind::Numeric => {
            let mut intervals = Vec::new();
            for c in &q.choices {
                match types::interval(&c.text) {
                    Ok(iv) => intervals.push(iv),
                    Err((m, h)) => errors.push(error(c.span.clone(), m, h)),
                }
            }
            if let Extra::Numeric { intervals: iv, .. } = &mut q.extra {
                *iv = intervals;
            }
        }
        Kind::Matching => {
            let mut pairs = Vec::new();
            for c in &q.choices {
                match c.text.split_once("->") {
                    Some((l, r)) if !r.trim().is_empty() => {
                        pairs.push((l.trim().to_string(), r.trim().to_string()))
                    }
                    Some(_) => errors.push(error(
                        c.span.clone(),
                        "a matching pair with nothing after `->`",
                        "write the right item after `->`: `- 左项 -> 右项`",
                    )),
                    None => {
                        let fixed = ["→", "－>", "—>", "=>", "－＞"]
                            .iter()
                            .find_map(|a| c.text.split_once(a))
                            .map(|(l, r)| format!("write it `- {} -> {}`", l.trim(), r.trim()));
                        errors.push(error(
                            c.span.clone(),
                            "a matching pair without `->`",
                            fixed.unwrap_or_else(|| {
                                "write `- 左项 -> 右项` (or `- -> 右项` for an extra right item)"
                                    .into()
                            }),
                        ))
                    }
                }
            }
            q.extra = Extra::Matching(pairs);
        }
        Kind::Blanks => match types::blanks(&q.text, &q.span) {
            Ok((_, bl)) => q.extra = Extra::Blanks(bl),
            Err(e) => errors.push(e),
        },
        _ => {}
    }
    errors.len() == before
}

pub(super) fn validate_question(q: &Question, errors: &mut Vec<QuizError>) {
    let span = q.span.clone();
    let first_option = || q.choices.first().map_or(span.clone(), |c| c.span.clone());
    match q.kind {
        Kind::Description => {
            if !q.choices.is_empty() {
                errors.push(error(
                    first_option(),
                    "a description takes no options",
                    "remove the option lines, or give the question another kind",
                ));
            }
            return;
        }
        Kind::Blanks => {
            if !q.choices.is_empty() {
                errors.push(error(
                    first_option(),
                    "a fill-in-the-blank question keeps its answers inside `[[…]]`, not in options",
                    "write the answers in the text: `顾客让渡价值 = 顾客总价值 − [[顾客总成本]]`",
                ));
            } else if matches!(&q.extra, Extra::Blanks(b) if b.is_empty()) {
                errors.push(error(
                    span,
                    "a fill-in-the-blank question has no blank",
                    "mark each blank in the text with its answers: `顾客让渡价值 = 顾客总价值 − [[顾客总成本]]`",
                ));
            }
            return;
        }
        Kind::Matching | Kind::Ordering => {
            let n = match &q.extra {
                Extra::Matching(p) => p.iter().filter(|p| !p.0.is_empty()).count(),
                _ => q.choices.len(),
            };
            if n < 2 {
                let (what, hint) = if q.kind == Kind::Matching {
                    (
                        "a matching question needs at least 2 pairs",
                        "write one `- 左项 -> 右项` line per pair",
                    )
                } else {
                    (
                        "an ordering question needs at least 2 items",
                        "write one `- item` line per item, in the right order",
                    )
                };
                errors.push(error(span, what, hint));
            }
            return;
        }
        Kind::Numeric | Kind::Short => {
            let w = q.weights();
            if q.choices.is_empty() || !w.iter().any(|x| (*x - 100.0).abs() < 1e-9) {
                errors.push(error(
                    span,
                    "the question has no answer marked [x]",
                    if q.kind == Kind::Numeric {
                        "add the right answer: `- [x] 850` (or `- [x] 850 ± 5`, `- [x] 840..860`)"
                    } else {
                        "add the accepted answers: `- [x] 总成本` (`*` stands for any characters)"
                    },
                ));
            } else if let Some(c) = q
                .choices
                .iter()
                .find(|c| matches!(c.mark, Mark::Weight(x) if x < 0.0))
            {
                errors.push(error(
                    c.span.clone(),
                    "negative weights only make sense in multiple choice",
                    "use [ ] for an answer that earns nothing",
                ));
            }
            return;
        }
        _ => {}
    }
    if q.choices.is_empty() {
        errors.push(error(
            span,
            "question has no options",
            "add options: `- [x] right` and `- [ ] wrong`",
        ));
        return;
    }
    let w = q.weights();
    let full = w.iter().filter(|x| (**x - 100.0).abs() < 1e-9).count();
    match q.kind {
        Kind::Single | Kind::TrueFalse => {
            if q.kind == Kind::TrueFalse && q.choices.len() != 2 {
                errors.push(error(
                    span.clone(),
                    format!(
                        "a true/false question needs exactly 2 options, found {}",
                        q.choices.len()
                    ),
                    "write one `- [x]` and one `- [ ]` option",
                ));
            }
            if full == 0 {
                errors.push(error(
                    span,
                    "single-choice question has no right answer",
                    "mark the right option with [x]",
                ));
            } else if full > 1 {
                errors.push(error(
                    span,
                    format!("single-choice question has {full} right answers"),
                    "keep one [x], or add {multiple} to the question line",
                ));
            } else if let Some(c) = q
                .choices
                .iter()
                .find(|c| matches!(c.mark, Mark::Weight(x) if x < 0.0))
            {
                errors.push(error(
                    c.span.clone(),
                    "negative weights only make sense in multiple choice",
                    "use [ ] for a wrong option",
                ));
            }
        }
        Kind::Multiple => {
            let pos: f64 = w.iter().filter(|x| **x > 0.0).sum();
            if q.choices.iter().all(|c| matches!(c.mark, Mark::Wrong)) {
                errors.push(error(
                    span,
                    "multiple-choice question has no right answer",
                    "mark the right options with [x]",
                ));
            } else if (pos - 100.0).abs() > 0.01 {
                errors.push(error(
                    span,
                    format!(
                        "the right options' weights add up to {}%, not 100%",
                        crate::html::fixed(pos, 2, true)
                    ),
                    "make the positive weights add up to 100%, or use [x] to share 100% equally",
                ));
            }
        }
        _ => {}
    }
}
