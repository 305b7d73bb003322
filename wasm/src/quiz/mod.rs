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

mod grade;
mod markdown;

use std::collections::HashSet;
use std::ops::Range;

pub use grade::{grade, grade_key, key};
pub use markdown::to_markdown;

/// The kind of a question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// One right option.
    Single,
    /// Several options may be right.
    Multiple,
    /// Two options, one right.
    TrueFalse,
}

impl Kind {
    /// `single`, `multiple`, `truefalse`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Single => "single",
            Kind::Multiple => "multiple",
            Kind::TrueFalse => "truefalse",
        }
    }
}

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
    /// Shuffle this question's options.
    pub shuffle: bool,
    /// Options in written order.
    pub choices: Vec<Choice>,
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

    /// Indices of the options that count as right (weight > 0 for multiple choice, 100%
    /// for the others).
    pub fn right(&self) -> Vec<usize> {
        self.weights()
            .iter()
            .enumerate()
            .filter(|(_, w)| match self.kind {
                Kind::Multiple => **w > 0.0,
                _ => (**w - 100.0).abs() < 1e-9,
            })
            .map(|(i, _)| i)
            .collect()
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

/// Splits `text {flags}` into the text and the flags when the line ends with ASCII braces.
fn split_flags(line: &str) -> (&str, Option<(&str, usize)>) {
    let t = line.trim_end();
    if t.ends_with('}') {
        if let Some(open) = t.rfind('{') {
            return (
                t[..open].trim_end(),
                Some((&t[open + 1..t.len() - 1], open + 1)),
            );
        }
    }
    (t, None)
}

fn parse_mark(inner: &str) -> Option<Mark> {
    match inner {
        "x" | "X" => Some(Mark::Right),
        " " | "" => Some(Mark::Wrong),
        w => {
            let n: f64 = w.trim().strip_suffix('%')?.trim().parse().ok()?;
            (n.is_finite() && (-100.0..=100.0).contains(&n)).then_some(Mark::Weight(n))
        }
    }
}

/// A line that looks like an option or a question but does not use the ASCII markers
/// (`-[x] a`, `* [x] a`, `【x】a`, `- ［ ］a`, `？ 问题`): what is wrong and the line as it
/// should be written. `None` for any other line.
fn lookalike(line: &str) -> Option<(String, String)> {
    if let Some(rest) = line.strip_prefix('？') {
        let fixed = match split_flags(rest.trim()) {
            (text, Some((flags, _))) => format!("? {text} {{{flags}}}"),
            (text, None) => format!("? {text}"),
        };
        return Some((
            "a question starts with an ASCII `?`, not a full-width `？`".into(),
            fixed,
        ));
    }
    let (bullet, rest) = match line.chars().next()? {
        c @ ('-' | '*' | '+' | '－' | '＊' | '・' | '•') => (Some(c), &line[c.len_utf8()..]),
        _ => (None, line),
    };
    let spaced = rest.starts_with([' ', '\t', '\u{3000}']);
    let rest = rest.trim_start_matches([' ', '\t', '\u{3000}']);
    let open = rest.chars().next()?;
    let close = match open {
        '[' => ']',
        '【' => '】',
        '［' => '］',
        '〔' => '〕',
        _ => return None,
    };
    let after = &rest[open.len_utf8()..];
    let end = after.find(close)?;
    let inner: String = after[..end]
        .chars()
        .map(|c| match c {
            'ｘ' => 'x',
            'Ｘ' => 'X',
            '\u{3000}' => ' ',
            '％' => '%',
            c => c,
        })
        .collect();
    parse_mark(&inner)?;
    let text = after[end + close.len_utf8()..].trim();
    let exact = bullet == Some('-') && spaced && open == '[';
    if exact {
        return None;
    }
    let what = match (bullet, spaced, open) {
        (None, ..) => "an option line starts with `- `".to_string(),
        (Some('-'), false, '[') => "an option needs a space between `-` and `[`".to_string(),
        (Some(b), _, '[') if b != '-' => format!("an option starts with `- `, not `{b} `"),
        _ => format!("an option mark is written with ASCII brackets `[ ]`, not `{open}{close}`"),
    };
    let mark = if inner.is_empty() {
        " "
    } else {
        inner.as_str()
    };
    Some((
        format!("{what}: this line would be read as question text"),
        format!("- [{mark}] {text}"),
    ))
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
                shuffle: false,
                choices: Vec::new(),
                explanation: String::new(),
                span: span.clone(),
            };
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
                        None if word == "multiple" => q.kind = Kind::Multiple,
                        None if word == "truefalse" => q.kind = Kind::TrueFalse,
                        None if word == "single" => q.kind = Kind::Single,
                        None if word == "shuffle" => q.shuffle = true,
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
                            "flags are multiple, truefalse, shuffle, points=N and id=NAME",
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
            questions.push(q);
            last_is_choice = false;
            in_question_text = true;
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
            validate_question(q, &mut errors);
        }
    }
    if errors.is_empty() {
        Ok(Quiz { questions })
    } else {
        errors.sort_by_key(|e| e.span.start);
        Err(errors)
    }
}

fn validate_question(q: &Question, errors: &mut Vec<QuizError>) {
    let span = q.span.clone();
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
    }
}

#[cfg(test)]
pub(super) mod tests;
