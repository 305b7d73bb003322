//! Quizzes: the Markdown-native quiz syntax and its validation; grading is in [`grade`]
//! (also run in the browser from the page's keys), writing back to Markdown in
//! `markdown` (for the GIFT import).
//!
//! ```text
//! ? 顾客让渡价值等于什么？ {points=2}
//! - [x] 顾客总价值减去顾客总成本
//!   > 正确：……
//! - [ ] 产品价格减去生产成本
//!   > 不对：……
//! = 让渡价值从顾客的角度衡量一份报价。
//! ```
//!
//! Markers are ASCII at the start of a line (`?`, `-`, `>`, `=`, `{…}` at the end of a
//! question line); full-width punctuation is always text. Grading: single choice and
//! true/false score the chosen option's weight (right = 100%); multiple choice adds the
//! weights of every chosen option, clamped to 0..100%. In multiple choice, `[x]` options
//! share 100% equally and `[ ]` options default to −100% ÷ (number of right options), so
//! ticking everything scores nothing; explicit weights (`[50%]`, `[-100%]`) override.

pub mod compare;
pub mod draw;
mod grade;
pub mod lint;
mod markdown;
mod syntax;
pub mod types;
mod validate;

use std::collections::HashSet;
use std::ops::Range;

pub use grade::{grade, grade_key, key, resolve_key};
pub use types::{Blank, Extra, Interval};

pub use markdown::to_markdown;
use syntax::{lookalike, parse_mark, split_flags};

/// The kind of a question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// One right option.
    Single,
    /// Several options may be right.
    Multiple,
    /// Two options, one right.
    TrueFalse,
    /// A typed number, graded against intervals.
    Numeric,
    /// A typed word or phrase, graded against accepted answers.
    Short,
    /// Left items each matched with a right item.
    Matching,
    /// Items put in order.
    Ordering,
    /// Blanks inside the question text, each typed or chosen.
    Blanks,
    /// Text between questions: not graded.
    Description,
}

impl Kind {
    /// `single`, `multiple`, `truefalse`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Single => "single",
            Kind::Multiple => "multiple",
            Kind::TrueFalse => "truefalse",
            Kind::Numeric => "numeric",
            Kind::Short => "short",
            Kind::Matching => "matching",
            Kind::Ordering => "ordering",
            Kind::Blanks => "blanks",
            Kind::Description => "description",
        }
    }

    /// The kind named `name` (see [`Kind::as_str`]).
    pub fn from_name(name: &str) -> Option<Kind> {
        KINDS.iter().copied().find(|k| k.as_str() == name)
    }

    /// Whether the learner picks among written options (single, multiple, true/false).
    pub fn is_choice(self) -> bool {
        matches!(self, Kind::Single | Kind::Multiple | Kind::TrueFalse)
    }
}

/// Every kind.
pub const KINDS: [Kind; 9] = [
    Kind::Single,
    Kind::Multiple,
    Kind::TrueFalse,
    Kind::Numeric,
    Kind::Short,
    Kind::Matching,
    Kind::Ordering,
    Kind::Blanks,
    Kind::Description,
];

/// How an option was marked.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Mark {
    /// `[x]`.
    Right,
    /// `[ ]`.
    Wrong,
    /// `[50%]`: an explicit weight in percent.
    Weight(f64),
}

/// One option.
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    /// The option text (inline Markdown).
    pub text: String,
    /// As written.
    pub mark: Mark,
    /// Feedback shown for this option (Markdown), possibly empty.
    pub feedback: String,
    /// Span of the option line in the quiz body.
    pub span: Range<usize>,
}

/// One question.
#[derive(Clone, Debug, PartialEq)]
pub struct Question {
    /// Id, unique in the quiz (`q1`, `q2`... unless given).
    pub id: String,
    /// Kind.
    pub kind: Kind,
    /// Question text (inline Markdown).
    pub text: String,
    /// Points (default 1).
    pub points: f64,
    /// Shuffle this question's options (matching: the right column; ordering: the items)
    /// per attempt: on unless `shuffle=false`; true/false and typed answers never move.
    pub shuffle: bool,
    /// Options in written order (numeric and short: accepted answers; matching: the
    /// `left -> right` lines; ordering: the items in the right order).
    pub choices: Vec<Choice>,
    /// What the newer kinds read from their lines (see [`types`]).
    pub extra: Extra,
    /// Lint rules silenced for this question (`{nolint=position,absolute}`).
    pub nolint: Vec<String>,
    /// Explanation (Markdown), possibly empty.
    pub explanation: String,
    /// Span of the question line.
    pub span: Range<usize>,
}

impl Question {
    /// The effective weight of each option in percent.
    pub fn weights(&self) -> Vec<f64> {
        let right = self
            .choices
            .iter()
            .filter(|c| c.mark == Mark::Right)
            .count();
        let (explicit_pos, explicit_count) = self
            .choices
            .iter()
            .filter_map(|c| match c.mark {
                Mark::Weight(w) if w > 0.0 => Some(w),
                _ => None,
            })
            .fold((0.0, 0), |(sum, n), w| (sum + w, n + 1));
        // Counted once, not once per wrong option: a question may have many options.
        let positives = right + explicit_count;
        self.choices
            .iter()
            .map(|c| match (c.mark, self.kind) {
                (Mark::Weight(w), _) => w,
                (Mark::Right, Kind::Multiple) => {
                    if right == 0 {
                        0.0
                    } else {
                        (100.0 - explicit_pos) / right as f64
                    }
                }
                (Mark::Right, _) => 100.0,
                (Mark::Wrong, Kind::Multiple) => {
                    if positives == 0 {
                        0.0
                    } else {
                        -100.0 / positives as f64
                    }
                }
                (Mark::Wrong, _) => 0.0,
            })
            .collect()
    }

    /// Indices of the answer space (see [`types`]) that count as right: weight > 0 in
    /// multiple choice, the group's full weight in the others.
    pub fn right(&self) -> Vec<usize> {
        let (w, groups) = types::space(self);
        if self.kind == Kind::Multiple {
            return (0..w.len()).filter(|i| w[*i] > 0.0).collect();
        }
        let mut out = Vec::new();
        let mut at = 0;
        for g in groups {
            let top = w[at..at + g].iter().copied().fold(0.0, f64::max);
            out.extend((at..at + g).filter(|i| top > 0.0 && (w[*i] - top).abs() < 1e-9));
            at += g;
        }
        out
    }

    /// Whether the browser shuffles this question per attempt.
    pub fn shuffled(&self) -> bool {
        self.shuffle
            && matches!(
                self.kind,
                Kind::Single | Kind::Multiple | Kind::Matching | Kind::Ordering
            )
    }

    /// The size of the answer space (see [`types`]): what packed progress carries.
    pub fn options(&self) -> usize {
        types::space(self).0.len()
    }

    /// A short label for index `o` of the answer space: the option, the accepted answer,
    /// `left → right` or `item → position`.
    pub fn option_label(&self, o: usize) -> String {
        let (_, groups) = types::space(self);
        let (mut g, mut at) = (0, o);
        while g < groups.len() && at >= groups[g] {
            at -= groups[g];
            g += 1;
        }
        match (&self.extra, self.kind) {
            (Extra::Matching(pairs), _) => {
                let left = pairs.iter().filter(|p| !p.0.is_empty()).nth(g);
                match (left, pairs.get(at)) {
                    (Some(l), Some(r)) => format!("{} → {}", l.0, r.1),
                    _ => String::new(),
                }
            }
            (_, Kind::Ordering) => match self.choices.get(g) {
                Some(c) => format!("{} → {}", c.text, at + 1),
                None => String::new(),
            },
            (Extra::Blanks(bl), _) => match bl.get(g).and_then(|b| b.answers.get(at)) {
                Some(a) => format!("{} → {}", g + 1, a.0),
                None => format!("{} → ?", g + 1),
            },
            _ => self
                .choices
                .get(o)
                .map_or_else(|| "?".to_string(), |c| c.text.clone()),
        }
    }
}

/// A parsed quiz body.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Quiz {
    /// Questions in order.
    pub questions: Vec<Question>,
}

/// A problem in a quiz, located in the quiz body.
#[derive(Clone, Debug, PartialEq)]
pub struct QuizError {
    /// Byte range in the body.
    pub span: Range<usize>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

/// A [`QuizError`] (also used by the GIFT importer).
pub(crate) fn error(
    span: Range<usize>,
    message: impl Into<String>,
    hint: impl Into<String>,
) -> QuizError {
    QuizError {
        span,
        message: message.into(),
        hint: hint.into(),
    }
}

/// Reads what a question's kind keeps in its lines and validates it: for questions built
/// elsewhere (the GIFT import). Errors carry the options' spans.
pub(crate) fn check(q: &mut Question) -> Vec<QuizError> {
    let mut errors = Vec::new();
    if validate::finish(q, &mut errors) {
        validate::validate_question(q, &mut errors);
    }
    errors
}

/// Parses and validates a quiz body. Collects every problem.
pub fn parse(body: &str) -> Result<Quiz, Vec<QuizError>> {
    let mut errors = Vec::new();
    let mut questions: Vec<Question> = Vec::new();
    let mut offset = 0;
    // What a following `>` line attaches to: an option (true) or nothing.
    let mut last_is_choice = false;
    let mut in_question_text = false;
    // Questions with an option line that could not be read: their other checks would only
    // repeat the problem.
    let mut broken: HashSet<usize> = HashSet::new();
    for raw in body.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let trimmed = line.trim_start();
        let lead = line.len() - trimmed.len();
        let span = start + lead..start + line.len();
        if trimmed.is_empty() {
            in_question_text = false;
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix('?') {
            let (text, flags) = split_flags(rest);
            let mut q = Question {
                id: format!("q{}", questions.len() + 1),
                kind: Kind::Single,
                text: text.trim().to_string(),
                points: 1.0,
                shuffle: true,
                choices: Vec::new(),
                extra: Extra::None,
                nolint: Vec::new(),
                explanation: String::new(),
                span: span.clone(),
            };
            let mut unit = String::new();
            if let Some((flags, at)) = flags {
                let base = start + lead + 1 + at;
                let mut pos = 0;
                for word in flags.split(' ') {
                    let wspan = base + pos..base + pos + word.len();
                    pos += word.len() + 1;
                    if word.is_empty() {
                        continue;
                    }
                    match word.split_once('=') {
                        None if Kind::from_name(word).is_some() => {
                            q.kind = Kind::from_name(word).unwrap_or(Kind::Single)
                        }
                        None if word == "shuffle" => q.shuffle = true,
                        Some(("shuffle", "false")) => q.shuffle = false,
                        Some(("shuffle", "true")) => q.shuffle = true,
                        Some(("unit", v)) if !v.is_empty() => unit = v.to_string(),
                        Some(("nolint", v)) => {
                            for rule in v.split(',') {
                                if lint::RULES.contains(&rule) {
                                    q.nolint.push(rule.to_string());
                                } else {
                                    errors.push(error(
                                        wspan.clone(),
                                        format!("unknown lint rule `{rule}`"),
                                        format!("the rules are {}", lint::RULES.join(", ")),
                                    ));
                                }
                            }
                        }
                        Some(("points", v)) => match v.parse::<f64>() {
                            Ok(p) if p.is_finite() && p > 0.0 && p <= 1000.0 => q.points = p,
                            _ => errors.push(error(
                                wspan,
                                format!("invalid points `{v}`"),
                                "points are a positive number, e.g. {points=2}",
                            )),
                        },
                        Some(("id", v))
                            if !v.is_empty()
                                && v.chars()
                                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') =>
                        {
                            q.id = v.to_string()
                        }
                        Some(("id", v)) => errors.push(error(
                            wspan,
                            format!("invalid question id `{v}`"),
                            "ids use ASCII letters, digits, `-` and `_`",
                        )),
                        _ => errors.push(error(
                            wspan,
                            format!("unknown question flag `{word}`"),
                            "flags are a kind (single, multiple, truefalse, numeric, short, matching, ordering, blanks, description), shuffle=false, points=N, id=NAME, unit=TEXT and nolint=RULE,...",
                        )),
                    }
                }
            }
            if flags.is_none() {
                if let Some(open) = text.rfind('｛').filter(|_| text.ends_with('｝')) {
                    let inner = &text[open + '｛'.len_utf8()..text.len() - '｝'.len_utf8()];
                    errors.push(error(
                        span.clone(),
                        "question flags in full-width braces `｛…｝`",
                        format!("write it `? {} {{{inner}}}`", text[..open].trim()),
                    ));
                    q.text = text[..open].trim().to_string();
                    // Its kind is unknown: the key's checks would only guess.
                    broken.insert(questions.len());
                }
            }
            if q.text.is_empty() {
                errors.push(error(
                    span.clone(),
                    "question has no text",
                    "write the question after `? `",
                ));
            }
            if q.kind == Kind::Numeric {
                q.extra = Extra::Numeric {
                    intervals: Vec::new(),
                    unit,
                };
            } else if !unit.is_empty() {
                errors.push(error(
                    span.clone(),
                    "`unit` is for numeric questions",
                    "add {numeric} to the question line, or remove unit=",
                ));
            }
            if q.kind == Kind::Description {
                q.points = 0.0;
            }
            questions.push(q);
            last_is_choice = false;
            in_question_text = true;
            continue;
        }
        let items = questions
            .last()
            .is_some_and(|q| matches!(q.kind, Kind::Matching | Kind::Ordering));
        if let Some(text) = trimmed.strip_prefix("- ").filter(|_| items) {
            in_question_text = false;
            last_is_choice = false;
            if let Some(q) = questions.last_mut() {
                q.choices.push(Choice {
                    text: text.trim().to_string(),
                    mark: Mark::Right,
                    feedback: String::new(),
                    span,
                });
            }
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix("- [") {
            in_question_text = false;
            let Some(close) = rest.find(']') else {
                errors.push(error(
                    span,
                    "option mark is not closed",
                    "write `- [x] text` or `- [ ] text`",
                ));
                continue;
            };
            let inner = &rest[..close];
            let text = rest[close + 1..].trim();
            let Some(q) = questions.last_mut() else {
                errors.push(error(
                    span,
                    "option before any question",
                    "start a question with `? ` first",
                ));
                continue;
            };
            let Some(mark) = parse_mark(inner) else {
                errors.push(error(
                    span,
                    format!("invalid option mark `[{inner}]`"),
                    "use [x] (right), [ ] (wrong) or a weight from -100% to 100% such as [50%]",
                ));
                broken.insert(questions.len() - 1);
                continue;
            };
            if text.is_empty() {
                errors.push(error(
                    span.clone(),
                    "empty option",
                    "write the option's text after the mark",
                ));
            }
            q.choices.push(Choice {
                text: text.to_string(),
                mark,
                feedback: String::new(),
                span,
            });
            last_is_choice = true;
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix('>') {
            in_question_text = false;
            let text = rest.trim();
            match questions.last_mut().and_then(|q| q.choices.last_mut()) {
                Some(c) if last_is_choice => {
                    if !c.feedback.is_empty() {
                        c.feedback.push('\n');
                    }
                    c.feedback.push_str(text);
                }
                _ => errors.push(error(
                    span,
                    "feedback attached to nothing",
                    "put `> feedback` on the line after an option",
                )),
            }
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix('=') {
            in_question_text = false;
            last_is_choice = false;
            match questions.last_mut() {
                Some(q) => {
                    if !q.explanation.is_empty() {
                        q.explanation.push('\n');
                    }
                    q.explanation.push_str(rest.trim());
                }
                None => errors.push(error(
                    span,
                    "explanation attached to nothing",
                    "put `= explanation` after a question's options",
                )),
            }
            continue;
        }
        if let Some((message, fixed)) = lookalike(trimmed) {
            // Read as question text, it would silently change the question and its key.
            errors.push(error(span, message, format!("write it `{fixed}`")));
            if !questions.is_empty() {
                broken.insert(questions.len() - 1);
            }
            continue;
        }
        if in_question_text {
            if let Some(q) = questions.last_mut() {
                q.text.push(' ');
                q.text.push_str(trimmed);
                continue;
            }
        }
        errors.push(error(span, "unexpected line in a quiz", "quiz lines start with `? ` (question), `- [x]` / `- [ ]` (option), `> ` (feedback) or `= ` (explanation)"));
    }
    if questions.is_empty() && errors.is_empty() {
        errors.push(error(
            0..0,
            "quiz has no questions",
            "add a question: `? text`, then options `- [x] right` and `- [ ] wrong`",
        ));
    }
    for (i, q) in questions.iter_mut().enumerate() {
        if !broken.contains(&i) && !validate::finish(q, &mut errors) {
            broken.insert(i);
        }
    }
    let mut seen: HashSet<&str> = HashSet::new();
    for (i, q) in questions.iter().enumerate() {
        if !seen.insert(q.id.as_str()) {
            errors.push(error(
                q.span.clone(),
                format!("duplicate question id `{}`", q.id),
                "give each question its own {id=...}",
            ));
        }
        if !broken.contains(&i) {
            validate::validate_question(q, &mut errors);
        }
    }
    if errors.is_empty() {
        Ok(Quiz { questions })
    } else {
        errors.sort_by_key(|e| e.span.start);
        Err(errors)
    }
}

#[cfg(test)]
mod lint_tests;
#[cfg(test)]
pub(super) mod tests;
#[cfg(test)]
mod types_tests;
