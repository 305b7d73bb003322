//! `playbook results`: grades hand-in codes pasted from chat or e-mail against the
//! playbook's answer key and prints a per-trainee table (or CSV, or Moodle's gradebook
//! CSV) or a per-question view; scenario runs are graded items beside the quizzes.
//!
//! Input: the playbook folder and files (or standard input) with one code a line; output:
//! the report on standard output, unreadable lines on standard error as `FILE:LINE:
//! message`. Must not stop at a bad line: every other line is still graded. Exit codes:
//! 0 every code was graded (notes such as another course version are not failures), 1
//! some lines could not be graded or left out of the Moodle file, or the playbook has
//! errors, 2 usage errors.

pub mod course;
pub mod grade;
pub mod report;
pub mod scenarios;

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

/// What to print.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// The per-trainee table.
    Table,
    /// The per-trainee table as CSV.
    Csv,
    /// Moodle's gradebook import CSV.
    Moodle,
}

/// The arguments of `playbook results`.
pub struct Options {
    /// The playbook folder.
    pub root: PathBuf,
    /// Files with codes; `-` is standard input.
    pub inputs: Vec<PathBuf>,
    /// What to print.
    pub format: Format,
    /// Per question instead of per trainee.
    pub by_question: bool,
    /// Pass mark in percent.
    pub mastery: f64,
    /// Quiz ids the total is made of (all when empty).
    pub only: Vec<String>,
}

/// Reads the inputs into labelled lines (`codes.txt:7`).
fn read_inputs(inputs: &[PathBuf]) -> Result<Vec<(String, String)>, String> {
    let mut lines = Vec::new();
    for p in inputs {
        let (name, text) = if p.as_os_str() == "-" {
            let mut t = String::new();
            std::io::stdin()
                .read_to_string(&mut t)
                .map_err(|e| format!("failed to read standard input: {e}"))?;
            ("stdin".to_string(), t)
        } else {
            let bytes =
                std::fs::read(p).map_err(|e| format!("failed to read `{}`: {e}", p.display()))?;
            (
                p.display().to_string(),
                String::from_utf8_lossy(&bytes).into_owned(),
            )
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        for (i, line) in text.lines().enumerate() {
            lines.push((format!("{name}:{}", i + 1), line.to_string()));
        }
    }
    Ok(lines)
}

/// Runs the command.
pub fn run(opts: &Options) -> ExitCode {
    if !(0.0..=100.0).contains(&opts.mastery) {
        eprintln!("error: --mastery is a percentage from 0 to 100");
        return ExitCode::from(2);
    }
    let course = match course::load(&opts.root) {
        Ok(c) => c,
        Err(diags) => {
            eprint!("{}", diags.render());
            eprintln!(
                "error: the playbook has errors; fix them (see `playbook check`) before grading"
            );
            return ExitCode::from(1);
        }
    };
    if course.langs.is_empty() {
        eprintln!("error: the playbook has no quizzes or scenarios to grade against");
        return ExitCode::from(1);
    }
    for id in &opts.only {
        if !course
            .langs
            .iter()
            .any(|l| l.quizzes.iter().any(|q| q.spec.id == *id))
        {
            eprintln!("error: --quiz {id}: the playbook has no quiz with this id");
            return ExitCode::from(2);
        }
    }
    let lines = match read_inputs(&opts.inputs) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    let (subs, errors) = grade::grade_lines(&course, &lines);
    let shape = report::Shape {
        mastery: opts.mastery,
        only: &opts.only,
    };
    let mut failed = !errors.is_empty();
    let out = match (opts.by_question, opts.format) {
        (true, Format::Table) => report::by_question(&course, &subs),
        (true, _) => report::by_question_csv(&course, &subs),
        (false, Format::Table) => report::table(&course, &subs, &shape),
        (false, Format::Csv) => report::csv(&course, &subs, &shape),
        (false, Format::Moodle) => {
            let (csv, left_out) = report::moodle_csv(&course, &subs, &shape);
            for i in left_out {
                failed = true;
                eprintln!(
                    "{}: {}: left out of the Moodle file: the name is not an e-mail address (Moodle finds trainees by e-mail)",
                    subs[i].label, subs[i].handin.name
                );
            }
            csv
        }
    };
    print!("{out}");
    for e in &errors {
        eprintln!("{}: {}", e.label, e.message);
    }
    if subs.is_empty() && errors.is_empty() {
        eprintln!("warning: no hand-in codes found (they start with PB2-)");
    }
    if failed {
        eprintln!(
            "{} of {} codes graded; fix or ask again for the lines above",
            subs.len(),
            subs.len() + errors.len()
        );
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
