//! The quiz catalog of a course: its quizzes in reading order, each with its language, id,
//! a fingerprint and, per question, the kind, the number of options, the id (when it is not
//! the default `qN`) and a fingerprint. Packed progress and hand-in codes carry only option
//! indices; the catalog says what they refer to and whether the quiz changed since.
//!
//! Input: parsed quizzes (from the generator) or the catalog's text form (in the browser);
//! output: the [`Catalog`] and its text form. Must not read files: the generator builds it
//! from the same quiz model it renders.
//!
//! Text form, one quiz a line after a header line:
//!
//! ```text
//! playbook-catalog 1
//! zh value-why-customers 3fa2 s4:a3 m5:17 t2:ff:agree
//! ```
//!
//! `s4:a3` is a single-choice question with 4 options and fingerprint `a3`; `m` multiple
//! choice, `t` true/false, `n` numeric, `a` short answer, `p` matching (pairs), `o`
//! ordering, `b` fill-in-the-blank, `d` description; the count is the size of the
//! question's answer space (`crate::quiz::types`); a third field is the question's id
//! when it is not `q<N>`. A question pool (`::: quiz draw=5`) has `draw=5` after the
//! quiz's fingerprint, and the draw count is part of that fingerprint.
//!
//! Scenario lines (`~ …`) follow the quiz lines: see [`super::scenarios`].
//!
//! Fingerprints hash what a trainee's answer depends on: question text, option texts and
//! order, kind, points and the option weights (the answer key). Wording fixes therefore
//! count as changes: a code made before them is flagged, never graded against a question
//! that may now mean something else.

use crate::quiz::{self, Kind, Quiz};

use super::bits::is_name;
use super::{Error, ScenarioSpec};

/// One question of a catalog quiz.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuestionSpec {
    /// Kind.
    pub kind: Kind,
    /// Number of options.
    pub options: usize,
    /// Question id (`q1`, `q2`... unless given).
    pub id: String,
    /// 8-bit fingerprint of the question.
    pub fingerprint: u8,
}

/// One quiz of a catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuizSpec {
    /// Language code of the page it is on.
    pub lang: String,
    /// Quiz id (unique per language).
    pub id: String,
    /// 16-bit fingerprint of the whole quiz.
    pub fingerprint: u16,
    /// Questions in written order.
    pub questions: Vec<QuestionSpec>,
    /// A question pool: each attempt draws this many of the questions.
    pub draw: Option<usize>,
}

/// The ordered quizzes of a course (one or several languages).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Catalog {
    /// Quizzes in reading order, language by language.
    pub quizzes: Vec<QuizSpec>,
    /// Scenarios in reading order, language by language.
    pub scenarios: Vec<ScenarioSpec>,
}

const HEADER: &str = "playbook-catalog 1";

/// FNV-1a, 32 bits.
pub(crate) fn fnv(data: &[u8]) -> u32 {
    data.iter().fold(0x811c_9dc5u32, |h, b| {
        (h ^ u32::from(*b)).wrapping_mul(0x0100_0193)
    })
}

fn fold16(h: u32) -> u16 {
    ((h >> 16) ^ (h & 0xffff)) as u16
}

fn fold8(h: u32) -> u8 {
    h.to_be_bytes().iter().fold(0, |a, b| a ^ b)
}

/// Whitespace runs as one space, trimmed: re-wrapping a line is no change.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn question_text(q: &quiz::Question) -> String {
    let mut s = format!("{}\u{1}{}", quiz::key(q), squash(&q.text));
    for c in &q.choices {
        s.push('\u{1}');
        s.push_str(&squash(&c.text));
    }
    s
}

impl QuizSpec {
    /// The catalog entry of a parsed quiz. Fails when the language or an id has characters
    /// that packed progress cannot carry (ids are ASCII letters, digits, `-` and `_`).
    pub fn new(lang: &str, id: &str, quiz: &Quiz) -> Result<QuizSpec, Error> {
        for name in [lang, id]
            .into_iter()
            .chain(quiz.questions.iter().map(|q| q.id.as_str()))
        {
            if name.is_empty() || !is_name(name) {
                return Err(Error::new(format!(
                    "`{name}` cannot be used as an id in progress codes"
                )));
            }
        }
        let mut whole = String::new();
        let questions = quiz
            .questions
            .iter()
            .map(|q| {
                let text = question_text(q);
                whole.push_str(&q.id);
                whole.push('\u{2}');
                whole.push_str(&text);
                whole.push('\u{2}');
                QuestionSpec {
                    kind: q.kind,
                    options: q.options(),
                    id: q.id.clone(),
                    fingerprint: fold8(fnv(text.as_bytes())),
                }
            })
            .collect();
        Ok(QuizSpec {
            lang: lang.to_string(),
            id: id.to_string(),
            fingerprint: fold16(fnv(whole.as_bytes())),
            questions,
            draw: None,
        })
    }

    /// The same quiz as a question pool drawing `draw` questions per attempt (unchanged
    /// for `None`): the draw is part of the fingerprint, since a trainee's score depends
    /// on it.
    pub fn with_draw(mut self, draw: Option<usize>) -> QuizSpec {
        if let Some(n) = draw {
            let mixed = format!("{:04x}\u{2}draw={n}", self.fingerprint);
            self.fingerprint = fold16(fnv(mixed.as_bytes()));
            self.draw = Some(n);
        }
        self
    }
}

impl Catalog {
    /// The index of quiz `id` of language `lang`.
    pub fn find(&self, lang: &str, id: &str) -> Option<usize> {
        self.quizzes
            .iter()
            .position(|q| q.lang == lang && q.id == id)
    }

    /// The index of scenario `id` of language `lang`.
    pub fn find_scenario(&self, lang: &str, id: &str) -> Option<usize> {
        self.scenarios
            .iter()
            .position(|s| s.lang == lang && s.id == id)
    }

    /// The quizzes of one language, as a catalog of their own.
    pub fn language(&self, lang: &str) -> Catalog {
        Catalog {
            quizzes: self
                .quizzes
                .iter()
                .filter(|q| q.lang == lang)
                .cloned()
                .collect(),
            scenarios: self
                .scenarios
                .iter()
                .filter(|s| s.lang == lang)
                .cloned()
                .collect(),
        }
    }

    /// The version of the course's quizzes: a 16-bit fingerprint of the whole catalog, so
    /// that any change to any quiz gives another version.
    pub fn version(&self) -> u16 {
        fold16(fnv(self.to_text().as_bytes()))
    }

    /// The text form (see the module documentation).
    pub fn to_text(&self) -> String {
        let mut out = String::from(HEADER);
        for q in &self.quizzes {
            out.push_str(&format!("\n{} {} {:04x}", q.lang, q.id, q.fingerprint));
            if let Some(n) = q.draw {
                out.push_str(&format!(" draw={n}"));
            }
            for (i, qs) in q.questions.iter().enumerate() {
                let kind = match qs.kind {
                    Kind::Single => 's',
                    Kind::Multiple => 'm',
                    Kind::TrueFalse => 't',
                    Kind::Numeric => 'n',
                    Kind::Short => 'a',
                    Kind::Matching => 'p',
                    Kind::Ordering => 'o',
                    Kind::Blanks => 'b',
                    Kind::Description => 'd',
                };
                out.push_str(&format!(" {kind}{}:{:02x}", qs.options, qs.fingerprint));
                if qs.id != format!("q{}", i + 1) {
                    out.push(':');
                    out.push_str(&qs.id);
                }
            }
        }
        for s in &self.scenarios {
            out.push('\n');
            out.push_str(&s.to_line());
        }
        out.push('\n');
        out
    }

    /// Reads the text form; errors name the line.
    pub fn parse(text: &str) -> Result<Catalog, Error> {
        let mut lines = text.lines().enumerate();
        match lines.next() {
            Some((_, h)) if h.trim() == HEADER => {}
            _ => return Err(Error::new(format!("catalog line 1: expected `{HEADER}`"))),
        }
        let mut quizzes = Vec::new();
        let mut scenarios = Vec::new();
        for (n, line) in lines {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            let bad = |what: &str| Error::new(format!("catalog line {}: {what}", n + 1));
            if line.starts_with("~ ") {
                scenarios.push(ScenarioSpec::parse_line(line).map_err(|e| bad(&e))?);
                continue;
            }
            let mut words = line.split(' ');
            let lang = words
                .next()
                .filter(|s| is_name(s))
                .ok_or_else(|| bad("bad language"))?;
            let id = words
                .next()
                .filter(|s| !s.is_empty() && is_name(s))
                .ok_or_else(|| bad("bad quiz id"))?;
            let fingerprint = words
                .next()
                .and_then(|f| u16::from_str_radix(f, 16).ok())
                .ok_or_else(|| bad("bad fingerprint"))?;
            let mut questions = Vec::new();
            let mut words = words.peekable();
            let draw = match words.peek().and_then(|w| w.strip_prefix("draw=")) {
                Some(n) => {
                    let n = n.parse().map_err(|_| bad("bad draw"))?;
                    words.next();
                    Some(n)
                }
                None => None,
            };
            for (i, w) in words.enumerate() {
                let mut parts = w.split(':');
                let spec = parts.next().unwrap_or_default();
                let kind = match spec.chars().next() {
                    Some('s') => Kind::Single,
                    Some('m') => Kind::Multiple,
                    Some('t') => Kind::TrueFalse,
                    Some('n') => Kind::Numeric,
                    Some('a') => Kind::Short,
                    Some('p') => Kind::Matching,
                    Some('o') => Kind::Ordering,
                    Some('b') => Kind::Blanks,
                    Some('d') => Kind::Description,
                    _ => return Err(bad(&format!("bad question `{w}`"))),
                };
                let options = spec[1..]
                    .parse()
                    .map_err(|_| bad(&format!("bad question `{w}`")))?;
                let fingerprint = parts
                    .next()
                    .and_then(|f| u8::from_str_radix(f, 16).ok())
                    .ok_or_else(|| bad(&format!("bad question `{w}`")))?;
                let id = match parts.next() {
                    Some(id) if !id.is_empty() && is_name(id) => id.to_string(),
                    Some(_) => return Err(bad(&format!("bad question `{w}`"))),
                    None => format!("q{}", i + 1),
                };
                questions.push(QuestionSpec {
                    kind,
                    options,
                    id,
                    fingerprint,
                });
            }
            quizzes.push(QuizSpec {
                lang: lang.to_string(),
                id: id.to_string(),
                fingerprint,
                questions,
                draw,
            });
        }
        Ok(Catalog { quizzes, scenarios })
    }
}
