//! What `playbook results` prints: the per-trainee table, the same as CSV, the CSV that
//! Moodle's gradebook import reads, and the per-question view.
//!
//! Input: the course and graded submissions; output: text. Must not grade: every number
//! comes from [`super::grade`].

use playbook_kit::quiz::{self, Kind};
use unicode_width::UnicodeWidthStr;

use super::course::Course;
use super::grade::{percent, Submission};
use super::scenarios;

/// Options that shape the reports.
pub struct Shape<'a> {
    /// Pass mark in percent of the total.
    pub mastery: f64,
    /// Quiz ids the total is made of (all when empty).
    pub only: &'a [String],
}

/// The quiz indices of `lang` that count for the total.
fn counted(course: &Course, lang: usize, shape: &Shape) -> Vec<usize> {
    if shape.only.is_empty() {
        return Vec::new();
    }
    course.langs[lang]
        .quizzes
        .iter()
        .enumerate()
        .filter(|(_, q)| shape.only.contains(&q.spec.id))
        .map(|(i, _)| i)
        .collect()
}

fn total_percent(course: &Course, s: &Submission, shape: &Shape) -> (f64, f64, bool) {
    let (e, p) = s.total(course, &counted(course, s.lang, shape));
    let passed = p > 0.0 && e / p * 100.0 + 1e-9 >= shape.mastery;
    (e, p, passed)
}

fn pad(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(s.width())))
}

/// The per-trainee table for a terminal.
pub fn table(course: &Course, subs: &[Submission], shape: &Shape) -> String {
    let mut out = String::new();
    for (li, lang) in course.langs.iter().enumerate() {
        let rows: Vec<&Submission> = subs.iter().filter(|s| s.lang == li).collect();
        if rows.is_empty() {
            continue;
        }
        let ns = lang.scenarios.len();
        out.push_str(&format!(
            "{} ({}, version {:04x}): {} quiz{}{}, pass mark {}%\n\n",
            lang.title,
            lang.code,
            lang.catalog.version(),
            lang.quizzes.len(),
            if lang.quizzes.len() == 1 { "" } else { "zes" },
            match ns {
                0 => String::new(),
                1 => " and 1 scenario (not in the total)".into(),
                n => format!(" and {n} scenarios (not in the total)"),
            },
            shape.mastery
        ));
        let mut cells = vec![[
            "Line",
            "Name",
            "Class",
            "Submitted",
            "Taken",
            "Total",
            "Passed",
            "Scores (%)",
        ]
        .map(String::from)
        .to_vec()];
        for s in &rows {
            let (e, p, passed) = total_percent(course, s, shape);
            let mut scores: Vec<String> = s
                .scores
                .iter()
                .enumerate()
                .filter_map(|(i, sc)| sc.as_ref().map(|sc| format!("Q{} {}", i + 1, sc.percent())))
                .collect();
            scores.extend(scenarios::table_scores(s));
            cells.push(vec![
                s.label.clone(),
                s.handin.name.clone(),
                s.handin.class.clone(),
                s.handin.local_time(),
                format!("{}/{}", s.taken(), lang.quizzes.len()),
                format!("{}%", percent(e, p)),
                if s.superseded_by.is_some() {
                    "(repeat)".into()
                } else if passed {
                    "yes".into()
                } else {
                    "no".into()
                },
                scores.join(", "),
            ]);
        }
        let widths: Vec<usize> = (0..cells[0].len())
            .map(|c| cells.iter().map(|r| r[c].width()).max().unwrap_or(0))
            .collect();
        for r in &cells {
            let line: Vec<String> = r
                .iter()
                .zip(&widths)
                .enumerate()
                .map(|(c, (v, w))| {
                    if c + 1 == r.len() {
                        v.clone()
                    } else {
                        pad(v, *w)
                    }
                })
                .collect();
            out.push_str(line.join("  ").trim_end());
            out.push('\n');
        }
        out.push_str("\nQuizzes:\n");
        for (i, q) in lang.quizzes.iter().enumerate() {
            out.push_str(&format!("  Q{:<3} {}  {}\n", i + 1, q.spec.id, q.title));
        }
        out.push_str(&scenarios::legend(lang));
        out.push('\n');
    }
    let notes: Vec<String> = subs
        .iter()
        .flat_map(|s| {
            s.notes
                .iter()
                .map(move |n| format!("{}: {}: {n}", s.label, s.handin.name))
        })
        .collect();
    if !notes.is_empty() {
        out.push_str("Notes:\n");
        for n in notes {
            out.push_str(&format!("  {n}\n"));
        }
    }
    out
}

/// A CSV field, quoted when needed (RFC 4180).
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn row(cells: &[String]) -> String {
    let v: Vec<String> = cells.iter().map(|c| field(c)).collect();
    format!("{}\r\n", v.join(","))
}

/// Quiz ids of the languages the submissions use, in course order, each once (the same
/// id in two languages is one column: one grade item).
fn columns(course: &Course, subs: &[Submission]) -> Vec<(String, String)> {
    let mut cols: Vec<(String, String)> = Vec::new();
    for (li, lang) in course.langs.iter().enumerate() {
        if !subs.iter().any(|s| s.lang == li) {
            continue;
        }
        for q in &lang.quizzes {
            if !cols.iter().any(|(id, _)| *id == q.spec.id) {
                cols.push((q.spec.id.clone(), q.title.clone()));
            }
        }
    }
    cols
}

fn score_of(course: &Course, s: &Submission, id: &str) -> Option<i64> {
    let lang = &course.langs[s.lang];
    let i = lang.quizzes.iter().position(|q| q.spec.id == id)?;
    s.scores[i].as_ref().map(|sc| sc.percent())
}

/// The per-trainee table as CSV (UTF-8 with a byte-order mark, for spreadsheets).
pub fn csv(course: &Course, subs: &[Submission], shape: &Shape) -> String {
    let cols = columns(course, subs);
    let scols = scenarios::columns(course, subs);
    let mut head: Vec<String> = [
        "source",
        "name",
        "class",
        "submitted",
        "language",
        "version",
        "quizzes_taken",
    ]
    .map(String::from)
    .to_vec();
    head.extend(cols.iter().map(|(id, _)| id.clone()));
    head.extend(scols.iter().map(|(id, _)| format!("scenario:{id}")));
    head.extend(["points", "possible", "total_percent", "passed", "notes"].map(String::from));
    let mut out = String::from("\u{feff}");
    out.push_str(&row(&head));
    for s in subs {
        let (e, p, passed) = total_percent(course, s, shape);
        let lang = &course.langs[s.lang];
        let mut r = vec![
            s.label.clone(),
            s.handin.name.clone(),
            s.handin.class.clone(),
            s.handin.local_time(),
            lang.code.clone(),
            format!("{:04x}", s.handin.version),
            s.taken().to_string(),
        ];
        r.extend(cols.iter().map(|(id, _)| {
            score_of(course, s, id)
                .map(|v| v.to_string())
                .unwrap_or_default()
        }));
        r.extend(scols.iter().map(|(id, _)| {
            scenarios::score_of(course, s, id)
                .map(|v| v.to_string())
                .unwrap_or_default()
        }));
        r.push(num(e));
        r.push(num(p));
        r.push(percent(e, p).to_string());
        r.push(if passed { "yes" } else { "no" }.into());
        r.push(s.notes.join("; "));
        out.push_str(&row(&r));
    }
    out
}

fn num(x: f64) -> String {
    playbook_kit::html::fixed(x, 2, true)
}

/// Whether a name is an e-mail address Moodle can identify a user by.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.contains(char::is_whitespace)
        && !domain.contains('@')
}

/// The CSV Moodle's gradebook import reads (Grades › Import › CSV file): a header row,
/// then one row per trainee. "Email address" is the column to map from (map to "Email
/// address"); each quiz is a column of percentages (0–100, to map to a grade item with
/// maximum grade 100, or to "New grade item"), empty when not taken (Moodle reads an
/// empty cell as no grade); "Total" likewise. Moodle stops the whole import at a row whose
/// user it cannot find, so only trainees whose name is an e-mail address are written;
/// the others are returned to be reported. Repeated codes are left out (the latest of a
/// trainee counts).
pub fn moodle_csv(course: &Course, subs: &[Submission], shape: &Shape) -> (String, Vec<usize>) {
    let cols = columns(course, subs);
    let scols = scenarios::columns(course, subs);
    let mut head = vec!["Email address".to_string()];
    head.extend(cols.iter().map(|(_, title)| title.clone()));
    head.extend(scols.iter().map(|(_, title)| title.clone()));
    head.push("Total".into());
    let mut out = row(&head);
    let mut left_out = Vec::new();
    for (i, s) in subs.iter().enumerate() {
        if s.superseded_by.is_some() {
            continue;
        }
        if !is_email(&s.handin.name) {
            left_out.push(i);
            continue;
        }
        let lang = &course.langs[s.lang];
        // As typed: Moodle compares e-mail addresses as its database does, which may be
        // case-sensitive.
        let mut r = vec![s.handin.name.clone()];
        for (id, _) in &cols {
            let cell = lang
                .quizzes
                .iter()
                .position(|q| q.spec.id == *id)
                .and_then(|qi| s.scores[qi].as_ref())
                .map(|sc| num(sc.earned / sc.possible * 100.0))
                .unwrap_or_default();
            r.push(cell);
        }
        for (id, _) in &scols {
            let pct = scenarios::score_of(course, s, id);
            r.push(pct.map(|v| num(f64::from(v))).unwrap_or_default());
        }
        let (e, p, _) = total_percent(course, s, shape);
        r.push(if p > 0.0 {
            num(e / p * 100.0)
        } else {
            String::new()
        });
        out.push_str(&row(&r));
    }
    (out, left_out)
}

/// Option letter: A, B, C...
fn letter(i: usize) -> String {
    char::from_u32('A' as u32 + i as u32)
        .map(String::from)
        .unwrap_or_else(|| format!("#{}", i + 1))
}

fn short(s: &str, n: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= n {
        s
    } else {
        format!("{}…", s.chars().take(n - 1).collect::<String>())
    }
}

/// One question's statistics.
pub struct QuestionStat {
    /// Language index, quiz index, question index.
    pub at: (usize, usize, usize),
    /// Trainees whose answer was graded.
    pub answered: usize,
    /// Of them, fully right.
    pub right: usize,
    /// The most chosen wrong option and how often it was chosen.
    pub wrong: Option<(usize, usize)>,
}

impl QuestionStat {
    /// Share fully right, in whole percent.
    pub fn share(&self) -> i64 {
        percent(self.right as f64, self.answered as f64)
    }
}

/// Statistics of every question that at least one counted submission answered.
pub fn question_stats(course: &Course, subs: &[Submission]) -> Vec<QuestionStat> {
    let mut out = Vec::new();
    for (li, lang) in course.langs.iter().enumerate() {
        let counted: Vec<&Submission> = subs
            .iter()
            .filter(|s| s.lang == li && s.superseded_by.is_none())
            .collect();
        for (qi, cq) in lang.quizzes.iter().enumerate() {
            for (j, q) in cq.quiz.questions.iter().enumerate() {
                let weights = q.weights();
                let right = q.right();
                let wrong_option = |o: usize| match q.kind {
                    Kind::Multiple => weights.get(o).is_some_and(|w| *w <= 0.0),
                    _ => o < q.options() && !right.contains(&o),
                };
                let mut stat = QuestionStat {
                    at: (li, qi, j),
                    answered: 0,
                    right: 0,
                    wrong: None,
                };
                let mut counts = vec![0usize; q.options()];
                for s in &counted {
                    let Some(sel) = &s.answers[qi][j] else {
                        continue;
                    };
                    stat.answered += 1;
                    if quiz::grade(q, sel) >= 0.999 {
                        stat.right += 1;
                    }
                    for o in sel {
                        if *o < counts.len() && wrong_option(*o) {
                            counts[*o] += 1;
                        }
                    }
                }
                stat.wrong = counts
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| **c > 0)
                    .max_by_key(|(o, c)| (**c, std::cmp::Reverse(*o)))
                    .map(|(o, c)| (o, *c));
                if stat.answered > 0 {
                    out.push(stat);
                }
            }
        }
    }
    out
}

/// The per-question view for a terminal: per quiz, the class's average and each
/// question's share right and most chosen wrong option; the hardest questions first.
pub fn by_question(course: &Course, subs: &[Submission]) -> String {
    let stats = question_stats(course, subs);
    let mut out = String::new();
    let runs = scenarios::view(course, subs);
    if stats.is_empty() {
        return if runs.is_empty() {
            "No answers to show.\n".into()
        } else {
            runs
        };
    }
    let name = |st: &QuestionStat| {
        let (li, qi, j) = st.at;
        let cq = &course.langs[li].quizzes[qi];
        format!("{} Q{}", cq.spec.id, j + 1)
    };
    let wrong = |st: &QuestionStat| match st.wrong {
        Some((o, c)) => {
            let (li, qi, j) = st.at;
            let q = &course.langs[li].quizzes[qi].quiz.questions[j];
            format!(
                "most chosen wrong: {} “{}” ({c})",
                letter(o),
                short(&q.option_label(o), 40)
            )
        }
        None => String::new(),
    };
    let mut hardest: Vec<&QuestionStat> = stats.iter().filter(|s| s.right < s.answered).collect();
    hardest.sort_by_key(|s| (s.share(), std::cmp::Reverse(s.answered)));
    if !hardest.is_empty() {
        out.push_str("Most often got wrong:\n");
        for st in hardest.iter().take(5) {
            out.push_str(
                format!(
                    "  {:<32} {:>3}% right ({}/{})  {}\n",
                    name(st),
                    st.share(),
                    st.right,
                    st.answered,
                    wrong(st)
                )
                .trim_end(),
            );
            out.push('\n');
        }
        out.push('\n');
    }
    let mut current: Option<(usize, usize)> = None;
    for st in &stats {
        let (li, qi, j) = st.at;
        if current != Some((li, qi)) {
            current = Some((li, qi));
            let cq = &course.langs[li].quizzes[qi];
            let takers: Vec<&Submission> = subs
                .iter()
                .filter(|s| s.lang == li && s.superseded_by.is_none())
                .filter(|s| s.scores[qi].is_some())
                .collect();
            let (e, p) = takers.iter().fold((0.0, 0.0), |(e, p), s| {
                let sc = s.scores[qi].as_ref().expect("filtered on taken");
                (e + sc.earned, p + sc.possible)
            });
            out.push_str(&format!(
                "{} ({}) — {}: {} trainee{}, average {}%\n",
                cq.spec.id,
                course.langs[li].code,
                cq.title,
                takers.len(),
                if takers.len() == 1 { "" } else { "s" },
                percent(e, p)
            ));
        }
        let q = &course.langs[li].quizzes[qi].quiz.questions[j];
        out.push_str(
            format!(
                "  Q{:<3} {:>3}% right ({}/{})  {}  {}\n",
                j + 1,
                st.share(),
                st.right,
                st.answered,
                short(&q.text, 40),
                wrong(st)
            )
            .trim_end(),
        );
        out.push('\n');
    }
    if !runs.is_empty() {
        out.push('\n');
        out.push_str(&runs);
    }
    out
}

/// The per-question view as CSV.
pub fn by_question_csv(course: &Course, subs: &[Submission]) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(&row(&[
        "language",
        "quiz",
        "title",
        "question",
        "text",
        "answered",
        "right",
        "share_right",
        "most_chosen_wrong",
        "most_chosen_wrong_text",
        "chosen_by",
    ]
    .map(String::from)));
    for st in question_stats(course, subs) {
        let (li, qi, j) = st.at;
        let cq = &course.langs[li].quizzes[qi];
        let q = &cq.quiz.questions[j];
        let (wl, wt, wc) = match st.wrong {
            Some((o, c)) => (letter(o), q.option_label(o), c.to_string()),
            None => (String::new(), String::new(), String::new()),
        };
        out.push_str(&row(&[
            course.langs[li].code.clone(),
            cq.spec.id.clone(),
            cq.title.clone(),
            format!("Q{}", j + 1),
            q.text.clone(),
            st.answered.to_string(),
            st.right.to_string(),
            st.share().to_string(),
            wl,
            wt,
            wc,
        ]));
    }
    out
}
