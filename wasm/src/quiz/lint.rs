//! The quiz-quality lint: questions that can be answered without knowing the answer.
//! Input: a parsed quiz (and, for [`same_stems`], every question of the playbook); output:
//! warnings at the question's line, each naming its rule. Must not change a question.
//!
//! | rule | warns when |
//! |---|---|
//! | `position` | the right option is at the same position in more than half of a quiz's single-choice questions (at least 3) that are not shuffled |
//! | `truefalse-key` | more than 70% of a quiz's true/false questions (at least 3) have the same key |
//! | `long-option` | an option is at least 12 characters and more than 1.8 × the mean length of the others (single and multiple choice, 3 options or more) |
//! | `absolute` | a true/false statement holds a give-away absolute (一定, 总是, 从不, 只要, 必须, 绝不, 不必, 永远, always, never, only, must, every, none) |
//! | `one-wrong` | a multiple-answer question has exactly one wrong option |
//! | `same-stem` | two questions of the playbook have the same stem (case, width, spaces and punctuation aside) |
//!
//! `{nolint=position,absolute}` on a question line silences those rules for it.

use std::ops::Range;

use super::types::fold;
use super::{Kind, Question, Quiz};

/// Every rule's name.
pub const RULES: [&str; 6] = [
    "position",
    "truefalse-key",
    "long-option",
    "absolute",
    "one-wrong",
    "same-stem",
];

/// Give-away absolutes in true/false statements. Chinese words match anywhere; English
/// ones as whole words.
pub const ABSOLUTES_ZH: [&str; 8] = [
    "一定", "总是", "从不", "只要", "必须", "绝不", "不必", "永远",
];
/// See [`ABSOLUTES_ZH`].
pub const ABSOLUTES_EN: [&str; 6] = ["always", "never", "only", "must", "every", "none"];

/// One warning.
#[derive(Clone, Debug, PartialEq)]
pub struct Lint {
    /// The rule (see [`RULES`]).
    pub rule: &'static str,
    /// The question line.
    pub span: Range<usize>,
    /// What is wrong.
    pub message: String,
    /// How to fix it, and how to silence it.
    pub hint: String,
}

fn silenced(q: &Question, rule: &str) -> bool {
    q.nolint.iter().any(|r| r == rule)
}

fn warn(q: &Question, rule: &'static str, message: String, fix: &str) -> Option<Lint> {
    (!silenced(q, rule)).then(|| Lint {
        rule,
        span: q.span.clone(),
        message,
        hint: format!("{fix}; or add {{nolint={rule}}} to the question line"),
    })
}

/// The per-quiz rules. `shuffled` is the quiz's own setting (`shuffle="false"` turns it off).
pub fn lint(quiz: &Quiz, shuffled: bool) -> Vec<Lint> {
    let mut out = Vec::new();
    // position
    let fixed: Vec<(&Question, usize)> = quiz
        .questions
        .iter()
        .filter(|q| q.kind == Kind::Single && !(shuffled && q.shuffled()))
        .filter_map(|q| q.right().first().map(|r| (q, *r)))
        .collect();
    if fixed.len() >= 3 {
        let most = (0..10)
            .map(|p| (fixed.iter().filter(|(_, r)| *r == p).count(), p))
            .max()
            .unwrap_or((0, 0));
        if most.0 * 2 > fixed.len() {
            for (q, _) in fixed.iter().filter(|(_, r)| *r == most.1) {
                out.extend(warn(
                    q,
                    "position",
                    format!(
                        "the right option is option {} in {} of this quiz's {} unshuffled single-choice questions",
                        most.1 + 1,
                        most.0,
                        fixed.len()
                    ),
                    "move the right option, or let the options shuffle (remove shuffle=false)",
                ));
            }
        }
    }
    // truefalse-key
    let tf: Vec<(&Question, usize)> = quiz
        .questions
        .iter()
        .filter(|q| q.kind == Kind::TrueFalse)
        .filter_map(|q| q.right().first().map(|r| (q, *r)))
        .collect();
    if tf.len() >= 3 {
        for key in 0..2 {
            let n = tf.iter().filter(|(_, r)| *r == key).count();
            if n * 10 > tf.len() * 7 {
                for (q, _) in tf.iter().filter(|(_, r)| *r == key) {
                    out.extend(warn(
                        q,
                        "truefalse-key",
                        format!(
                            "{n} of this quiz's {} true/false questions have the same key (option {})",
                            tf.len(),
                            key + 1
                        ),
                        "turn some statements around so that both keys are common",
                    ));
                }
            }
        }
    }
    for q in &quiz.questions {
        // long-option
        if matches!(q.kind, Kind::Single | Kind::Multiple) && q.choices.len() >= 3 {
            let lens: Vec<usize> = q.choices.iter().map(|c| c.text.chars().count()).collect();
            let total: usize = lens.iter().sum();
            for (i, len) in lens.iter().enumerate() {
                let mean = (total - len) as f64 / (lens.len() - 1) as f64;
                if *len >= 12 && *len as f64 > 1.8 * mean {
                    out.extend(warn(
                        q,
                        "long-option",
                        format!(
                            "option {} is {len} characters, {:.1} × the mean of the others",
                            i + 1,
                            *len as f64 / mean.max(1.0)
                        ),
                        "make the options about as long and as precise as each other",
                    ));
                }
            }
        }
        // absolute
        if q.kind == Kind::TrueFalse {
            let lower = q.text.to_lowercase();
            let words: Vec<&str> = lower
                .split(|c: char| !c.is_alphanumeric() || !c.is_ascii())
                .collect();
            let found: Vec<&str> = ABSOLUTES_ZH
                .iter()
                .filter(|w| q.text.contains(*w))
                .chain(ABSOLUTES_EN.iter().filter(|w| words.contains(w)))
                .copied()
                .collect();
            if !found.is_empty() {
                out.extend(warn(
                    q,
                    "absolute",
                    format!(
                        "the true/false statement holds the absolute {}: such statements are nearly always false",
                        found.iter().map(|w| format!("“{w}”")).collect::<Vec<_>>().join(", ")
                    ),
                    "state the claim without the absolute",
                ));
            }
        }
        // one-wrong
        if q.kind == Kind::Multiple {
            let wrong = q.weights().iter().filter(|w| **w <= 0.0).count();
            if wrong == 1 {
                out.extend(warn(
                    q,
                    "one-wrong",
                    format!(
                        "this multiple-answer question has {} options and only one wrong one",
                        q.choices.len()
                    ),
                    "add wrong options that a learner who guesses would pick",
                ));
            }
        }
    }
    out
}

/// The stem a question is compared by: its folded text.
pub fn stem(q: &Question) -> String {
    fold(&q.text)
}

/// `same-stem`: for questions of the whole playbook (any location type `L`), the
/// warnings for every question whose stem an earlier one already has, with the earlier
/// one's location.
pub fn same_stems<L: Clone>(questions: &[(L, &Question)]) -> Vec<(L, Lint, L)> {
    let mut seen: std::collections::HashMap<String, L> = std::collections::HashMap::new();
    let mut out = Vec::new();
    for (loc, q) in questions {
        if q.kind == Kind::Description {
            continue;
        }
        let s = stem(q);
        match seen.get(&s) {
            Some(first) => {
                if let Some(l) = warn(
                    q,
                    "same-stem",
                    "another question of the playbook has the same stem".into(),
                    "ask something else, or merge the two questions",
                ) {
                    out.push((loc.clone(), l, first.clone()));
                }
            }
            None => {
                seen.insert(s, loc.clone());
            }
        }
    }
    out
}
