//! `quiz export`: the quizzes of pages (or of the whole playbook) as GIFT or Moodle XML on
//! stdout, for moving a course's questions into Moodle; and the quiz-quality lint of
//! `check` (`playbook_kit::quiz::lint`). Input: page files; output: the text, and on
//! stderr a warning per question that lost something (see `playbook_kit::gift::export`)
//! or that the lint flags. Must not write files; a quiz with errors is reported at its
//! line and nothing is printed.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use playbook_kit::quiz::Quiz;

use super::site::{fail, report_errors};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// Export formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Moodle's GIFT text format.
    Gift,
    /// Moodle XML.
    MoodleXml,
}

fn pages(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(read) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = read.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            pages(&p, out);
        } else if p.extension().is_some_and(|e| e == "md") {
            out.push(p);
        }
    }
}

/// The inline quizzes of one page, for the lint: (body offset, quiz's shuffle, quiz).
struct PageQuizzes {
    path: String,
    text: Arc<str>,
    lang: String,
    quizzes: Vec<(usize, bool, Quiz)>,
}

/// A question and where it is: (page index, quiz body offset).
type Located<'a> = ((usize, usize), &'a playbook_kit::quiz::Question);

/// The quiz-quality warnings of a playbook (`check`): per quiz, then the same stems
/// across the pages of each language. Quizzes from GIFT files are not linted.
pub(super) fn lint_playbook(root: &Path) -> Diagnostics {
    let mut files = Vec::new();
    pages(&root.join("content"), &mut files);
    let mut diags = Diagnostics::new();
    let mut found: Vec<PageQuizzes> = Vec::new();
    for path in files {
        let shown = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .display()
            .to_string();
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let text: Arc<str> = text.into();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let lang = match name.strip_suffix(".md").and_then(|n| n.rsplit_once('.')) {
            Some((_, l))
                if l.len() <= 5 && l.chars().all(|c| c.is_ascii_alphabetic() || c == '-') =>
            {
                l.to_string()
            }
            _ => String::new(),
        };
        let (scanned, _) = crate::parse::blocks::scan(&shown, &text, 0, |_| false);
        let mut quizzes = Vec::new();
        for b in scanned.blocks.iter().filter(|b| b.name == "quiz") {
            if b.attrs.iter().any(|a| a.key == "src") {
                continue;
            }
            let shuffled = !b
                .attrs
                .iter()
                .any(|a| a.key == "shuffle" && a.value == "false");
            if let Ok(q) = playbook_kit::quiz::parse(&b.body) {
                quizzes.push((b.body_offset, shuffled, q));
            }
        }
        found.push(PageQuizzes {
            path: shown,
            text,
            lang,
            quizzes,
        });
    }
    // Per language (`page.en.md` is English, others the default language): questions with
    // where they are (file, quiz body offset), for `same-stem`.
    let mut by_lang: std::collections::BTreeMap<&str, Vec<Located>> = Default::default();
    for (fi, page) in found.iter().enumerate() {
        for (base, shuffled, quiz) in &page.quizzes {
            for l in playbook_kit::quiz::lint::lint(quiz, *shuffled) {
                diags.push(
                    Diagnostic::error(
                        &page.path,
                        &page.text,
                        base + l.span.start..base + l.span.end,
                        format!("{} [{}]", l.message, l.rule),
                    )
                    .with_hint(l.hint)
                    .warning(),
                );
            }
            for q in &quiz.questions {
                by_lang
                    .entry(page.lang.as_str())
                    .or_default()
                    .push(((fi, *base), q));
            }
        }
    }
    for located in by_lang.values() {
        for ((fi, base), l, (first, _)) in playbook_kit::quiz::lint::same_stems(located) {
            let page = &found[fi];
            diags.push(
                Diagnostic::error(
                    &page.path,
                    &page.text,
                    base + l.span.start..base + l.span.end,
                    format!("{} [{}]", l.message, l.rule),
                )
                .with_hint(format!(
                    "the other is in `{}`: {}",
                    found[first].path, l.hint
                ))
                .warning(),
            );
        }
    }
    diags
}

/// Runs `quiz export`.
pub(super) fn quiz_export(files: &[PathBuf], all: bool, format: Format) -> ExitCode {
    let mut list = files.to_vec();
    if all {
        pages(Path::new("content"), &mut list);
        if list.is_empty() {
            return fail("no pages under `content/`: run it in a playbook folder");
        }
    }
    if list.is_empty() {
        return fail("name the pages to export, or --all for the whole playbook");
    }
    let mut diags = Diagnostics::new();
    // Id, questions and a pool's `draw` as written.
    let mut quizzes: Vec<(String, Quiz, Option<String>)> = Vec::new();
    for path in &list {
        let shown = path.display().to_string();
        let text: Arc<str> = match std::fs::read_to_string(path) {
            Ok(t) => t.into(),
            Err(e) => return fail(format!("failed to read `{shown}`: {e}")),
        };
        let (scanned, problems) = crate::parse::blocks::scan(&shown, &text, 0, |_| false);
        for d in problems {
            diags.push(d);
        }
        for b in scanned.blocks.iter().filter(|b| b.name == "quiz") {
            let id = b
                .attrs
                .iter()
                .find(|a| a.key == "id")
                .map_or_else(|| format!("quiz{}", quizzes.len() + 1), |a| a.value.clone());
            let parsed = match b.attrs.iter().find(|a| a.key == "src") {
                Some(src) => {
                    let gift = path.parent().unwrap_or(Path::new(".")).join(&src.value);
                    match std::fs::read_to_string(&gift) {
                        Ok(g) => playbook_kit::gift::parse(&g)
                            .map_err(|e| (gift.display().to_string(), Arc::<str>::from(g), e)),
                        Err(e) => return fail(format!("failed to read `{}`: {e}", gift.display())),
                    }
                }
                None => playbook_kit::quiz::parse(&b.body).map_err(|e| {
                    let shifted = e
                        .into_iter()
                        .map(|mut e| {
                            e.span = if e.span == (0..0) {
                                b.open_span.clone()
                            } else {
                                b.body_offset + e.span.start..b.body_offset + e.span.end
                            };
                            e
                        })
                        .collect();
                    (shown.clone(), Arc::clone(&text), shifted)
                }),
            };
            match parsed {
                Ok(q) => {
                    let draw = b.attrs.iter().find(|a| a.key == "draw");
                    quizzes.push((id, q, draw.map(|a| a.value.clone())));
                }
                Err((p, t, errs)) => {
                    for e in errs {
                        diags.push(Diagnostic::error(&p, &t, e.span, e.message).with_hint(e.hint));
                    }
                }
            }
        }
    }
    if !diags.is_empty() {
        report_errors(&diags);
        return ExitCode::from(1);
    }
    let mut out = String::new();
    if format == Format::MoodleXml {
        out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>\n");
    }
    for (id, mut quiz, draw) in quizzes {
        for q in &mut quiz.questions {
            q.id = format!("{id}-{}", q.id);
        }
        let (text, notes) = match format {
            Format::Gift => {
                let (t, n) = playbook_kit::gift::to_gift(&quiz);
                (format!("$CATEGORY: $course$/playbook/{id}\n\n{t}"), n)
            }
            Format::MoodleXml => {
                let (t, n) = playbook_kit::gift::to_moodle_xml(&quiz);
                let body = t
                    .trim_start_matches("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>\n")
                    .trim_end_matches("</quiz>\n");
                (
                    format!("  <question type=\"category\"><category><text>$course$/playbook/{}</text></category></question>\n{body}", playbook_kit::html::esc(&id)),
                    n,
                )
            }
        };
        out.push_str(&text);
        for n in notes {
            eprintln!("warning: {n}");
        }
        if let Some(n) = draw {
            // Moodle draws in the quiz, not in the question file.
            eprintln!(
                "note: quiz `{id}` draws {n} of its {} questions per attempt (draw={n}); a Moodle question file cannot say so: all are exported to the category $course$/playbook/{id}; in the Moodle quiz, add {n} random questions from that category",
                quiz.questions.len()
            );
        }
    }
    if format == Format::MoodleXml {
        out.push_str("</quiz>\n");
    }
    print!("{out}");
    ExitCode::SUCCESS
}
