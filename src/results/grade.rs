//! Grading hand-in codes: each pasted line → a trainee's scores per quiz, graded from the
//! course's answer key with the toolkit's grading (the browser's, partial credit included),
//! plus what the trainer must know about the line (another course version, changed or
//! unknown quizzes, duplicates).
//!
//! Input: the [`Course`] and the lines with their labels (`codes.txt:7`); output:
//! [`Submission`]s and the lines that could not be read. Must not guess: an answer counts
//! only for a question whose fingerprint matches; a quiz the course lacks is reported.
//! A question pool (`draw=N`) is graded over the questions the trainee's attempt drew;
//! the others are neither counted nor shown as answered.

use playbook_kit::handin::{self, HandIn};
use playbook_kit::progress::Status;
use playbook_kit::quiz;

use super::course::{Course, CourseLang};

/// One quiz of a submission, graded.
#[derive(Clone, Debug, PartialEq)]
pub struct QuizScore {
    /// Points earned on the graded questions.
    pub earned: f64,
    /// Points possible on the graded questions.
    pub possible: f64,
    /// Questions graded.
    pub graded: usize,
    /// Questions of the quiz in the course (of a pool: the questions drawn).
    pub questions: usize,
}

impl QuizScore {
    /// The percentage as the browser shows it (rounded to a whole number, halves up).
    pub fn percent(&self) -> i64 {
        percent(self.earned, self.possible)
    }
}

/// `earned / possible` in whole percent, halves up (JavaScript's `Math.round`).
pub fn percent(earned: f64, possible: f64) -> i64 {
    if possible > 0.0 {
        (earned / possible * 100.0 + 0.5).floor() as i64
    } else {
        0
    }
}

/// One line that held a readable code.
pub struct Submission {
    /// Where it came from, `codes.txt:7`.
    pub label: String,
    /// What the code carries.
    pub handin: HandIn,
    /// Index of its language in [`Course::langs`].
    pub lang: usize,
    /// Per course quiz (catalog order): the score, if the trainee took it.
    pub scores: Vec<Option<QuizScore>>,
    /// Per course quiz and question: the options chosen, if the answer was graded.
    pub answers: Vec<Vec<Option<Vec<usize>>>>,
    /// Per course scenario (catalog order): the last finished run, if graded.
    pub runs: Vec<Option<super::scenarios::RunScore>>,
    /// What the trainer should know about this line.
    pub notes: Vec<String>,
    /// `Some(label)` when this line repeats another (identical code, or an earlier code
    /// of the same trainee): it is listed but left out of statistics and the Moodle file.
    pub superseded_by: Option<String>,
}

impl Submission {
    /// Quizzes taken.
    pub fn taken(&self) -> usize {
        self.scores.iter().flatten().count()
    }

    /// Points earned and possible over the quizzes in `only` (every quiz of the course's
    /// language when empty); quizzes not taken count as zero of their points.
    pub fn total(&self, course: &Course, only: &[usize]) -> (f64, f64) {
        let lang = &course.langs[self.lang];
        let mut e = 0.0;
        let mut p = 0.0;
        for (i, q) in lang.quizzes.iter().enumerate() {
            if !only.is_empty() && !only.contains(&i) {
                continue;
            }
            match &self.scores[i] {
                Some(s) => {
                    e += s.earned;
                    p += s.possible;
                }
                None => p += possible_points(q),
            }
        }
        (e, p)
    }
}

/// The points a quiz is worth: all its questions', or for a pool of N of M questions N/M
/// of them (a draw's expected worth; the questions may have different points).
fn possible_points(q: &super::course::CourseQuiz) -> f64 {
    let all: f64 = q.quiz.questions.iter().map(|q| q.points).sum();
    match q.spec.draw {
        Some(n) if !q.quiz.questions.is_empty() => all * n as f64 / q.quiz.questions.len() as f64,
        _ => all,
    }
}

/// A line that could not be graded: `codes.txt:7: checksum mismatch`.
pub struct LineError {
    /// `codes.txt:7`.
    pub label: String,
    /// What is wrong.
    pub message: String,
}

/// Whether a line without a `PB<digit>-` prefix still looks like a damaged code (a long
/// run of code characters) rather than a line of chat around the codes.
fn looks_like_code(line: &str) -> bool {
    line.split_whitespace()
        .any(|w| w.len() >= 24 && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
}

/// Grades every line. Blank lines, `#` comments and lines with no code on them (chat
/// around the codes) are skipped.
pub fn grade_lines(
    course: &Course,
    lines: &[(String, String)],
) -> (Vec<Submission>, Vec<LineError>) {
    let mut subs: Vec<Submission> = Vec::new();
    let mut errors = Vec::new();
    let mut seen_codes: Vec<(String, usize)> = Vec::new();
    for (label, line) in lines {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let Some(code) = handin::find(t) else {
            if looks_like_code(t) {
                errors.push(LineError {
                    label: label.clone(),
                    message: "no hand-in code on this line (codes start with PB2-)".into(),
                });
            }
            continue;
        };
        let h = match handin::decode(code) {
            Ok(h) => h,
            Err(e) => {
                errors.push(LineError {
                    label: label.clone(),
                    message: e.message,
                });
                continue;
            }
        };
        let norm: String = code
            .chars()
            .filter(|c| *c != ' ' && *c != '-')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let mut sub = grade(course, label, h);
        if let Some((_, i)) = seen_codes.iter().find(|(c, _)| *c == norm) {
            sub.notes.push(format!(
                "the same code as {} (counted once)",
                subs[*i].label
            ));
            sub.superseded_by = Some(subs[*i].label.clone());
        } else {
            seen_codes.push((norm, subs.len()));
        }
        subs.push(sub);
    }
    mark_repeats(&mut subs);
    (subs, errors)
}

/// The key that says two submissions come from the same trainee.
fn who(s: &Submission) -> (String, String, usize) {
    let squash = |t: &str| {
        t.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    (squash(&s.handin.name), squash(&s.handin.class), s.lang)
}

/// Several different codes of one trainee (same name and class): the latest counts.
fn mark_repeats(subs: &mut [Submission]) {
    for i in 0..subs.len() {
        if subs[i].superseded_by.is_some() {
            continue;
        }
        let key = who(&subs[i]);
        let later = (0..subs.len())
            .filter(|&j| j != i && subs[j].superseded_by.is_none() && who(&subs[j]) == key)
            .max_by_key(|&j| (subs[j].handin.minutes, j));
        if let Some(j) = later {
            if (subs[j].handin.minutes, j) > (subs[i].handin.minutes, i) {
                let newer = subs[j].label.clone();
                subs[i].notes.push(format!(
                    "another code from the same trainee on {newer} is newer and counts"
                ));
                subs[i].superseded_by = Some(newer);
            }
        }
    }
}

/// The language a hand-in belongs to: that of its quizzes, else the one whose version it
/// carries, else the first.
fn language_of(course: &Course, h: &HandIn) -> usize {
    h.entries
        .first()
        .map(|e| &e.lang)
        .or_else(|| h.scenarios.first().map(|e| &e.lang))
        .and_then(|lang| course.langs.iter().position(|l| l.code == *lang))
        .or_else(|| {
            course
                .langs
                .iter()
                .position(|l| l.catalog.version() == h.version)
        })
        .unwrap_or(0)
}

/// Grades one decoded code.
pub fn grade(course: &Course, label: &str, h: HandIn) -> Submission {
    let lang = language_of(course, &h);
    let cl: &CourseLang = &course.langs[lang];
    let mut scores = vec![None; cl.quizzes.len()];
    let mut answers: Vec<Vec<Option<Vec<usize>>>> = cl
        .quizzes
        .iter()
        .map(|q| vec![None; q.quiz.questions.len()])
        .collect();
    let mut notes = Vec::new();
    if h.version != cl.catalog.version() {
        notes.push(format!(
            "made for another version of the course ({:04x}; this one is {:04x}): graded on the questions that still match",
            h.version,
            cl.catalog.version()
        ));
    }
    for e in &h.entries {
        if e.lang != cl.code {
            notes.push(format!(
                "quiz `{}` is in another language ({}): not graded",
                e.id, e.lang
            ));
            continue;
        }
        let qi = match e.status(&cl.catalog) {
            Status::Unknown => {
                notes.push(format!("quiz `{}` is not in this course: not graded", e.id));
                continue;
            }
            Status::Current(i) | Status::Changed(i) => i,
        };
        let cq = &cl.quizzes[qi];
        let Some(given) = &e.answers else { continue };
        let map = e.question_map(&cq.spec);
        // A pool's attempt answered only the questions it drew (packed indices).
        let drawn = |i: usize| e.drawn.as_ref().is_none_or(|d| d.contains(&i));
        let mut score = QuizScore {
            earned: 0.0,
            possible: 0.0,
            graded: 0,
            questions: match &e.drawn {
                Some(d) => d.len(),
                None => cq.quiz.questions.len(),
            },
        };
        for (i, (a, target)) in given.iter().zip(&map).enumerate() {
            let Some(j) = target.filter(|_| drawn(i)) else {
                continue;
            };
            let q = &cq.quiz.questions[j];
            score.earned += quiz::grade(q, &a.selected) * q.points;
            score.possible += q.points;
            score.graded += 1;
            answers[qi][j] = Some(a.selected.clone());
        }
        if score.graded < score.questions {
            notes.push(format!(
                "quiz `{}` changed since the code was made: graded on {} of its {} questions",
                e.id, score.graded, score.questions
            ));
        }
        if score.graded > 0 {
            scores[qi] = Some(score);
        }
    }
    let runs = super::scenarios::grade(cl, &h, &mut notes);
    Submission {
        label: label.to_string(),
        handin: h,
        lang,
        scores,
        answers,
        runs,
        notes,
        superseded_by: None,
    }
}
