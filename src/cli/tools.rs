//! The trainer's tools on the command line: `score man|value` (the widgets' rules) and
//! `quiz import` (Moodle GIFT → the quiz syntax).

use std::process::ExitCode;

use super::site::{fail, report_errors};
use super::ScoreCommand;

pub(super) fn score(what: ScoreCommand) -> ExitCode {
    use playbook_kit::man::Thresholds;
    use playbook_kit::Lang;
    match what {
        ScoreCommand::Man {
            file,
            output,
            money,
            authority,
            need,
            present_at,
            absent_at,
            lang,
            json,
        } => {
            // Thresholds are rates in percent: the one rule of `num::rate`.
            let pct = |flag: &str, v: &str| {
                playbook_kit::num::rate(flag, v, playbook_kit::num::RateUnit::Percent, Lang::En)
                    .map(|f| f * 100.0)
                    .map_err(|e| format!("--{flag}: {}", e.message))
            };
            let (present_at, absent_at) =
                match (pct("present-at", &present_at), pct("absent-at", &absent_at)) {
                    (Ok(p), Ok(a)) => (p, a),
                    (Err(e), _) | (_, Err(e)) => return fail(e),
                };
            let thresholds = match Thresholds::new(present_at, absent_at) {
                Ok(t) => t,
                Err(e) => return fail(format!("--absent-at/--present-at: {e}")),
            };
            let lang = Lang::from_code(&lang);
            match file {
                Some(path) => score_man_file(&path, output.as_deref(), &thresholds, lang),
                None => {
                    let args = crate::score::ManArgs {
                        money: &money,
                        authority: &authority,
                        need: &need,
                        lang,
                        json,
                        thresholds,
                    };
                    match crate::score::man_one(&args) {
                        Ok(s) => {
                            println!("{s}");
                            ExitCode::SUCCESS
                        }
                        Err(e) => fail(e),
                    }
                }
            }
        }
        ScoreCommand::Value {
            margin,
            retention,
            discount,
            years,
            acquisition_cost,
            value,
            cost,
            competitor_value,
            competitor_cost,
            our_sales,
            total_purchases,
            json,
        } => {
            let args = crate::score::ValueArgs {
                margin: margin.as_deref(),
                retention: retention.as_deref(),
                discount: discount.as_deref(),
                years: years.as_deref(),
                acquisition_cost: acquisition_cost.as_deref(),
                value: value.as_deref(),
                cost: cost.as_deref(),
                competitor_value: competitor_value.as_deref(),
                competitor_cost: competitor_cost.as_deref(),
                our_sales: our_sales.as_deref(),
                total_purchases: total_purchases.as_deref(),
                json,
                lang: Lang::En,
            };
            match crate::score::value(&args) {
                Ok(s) => {
                    println!("{s}");
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
    }
}

/// `playbook score man FILE [--output OUT]`: reads, scores, writes (see
/// [`crate::score::man_file`] and [`crate::in_place`]).
fn score_man_file(
    path: &std::path::Path,
    output: Option<&std::path::Path>,
    thresholds: &playbook_kit::man::Thresholds,
    lang: playbook_kit::Lang,
) -> ExitCode {
    let shown = path.display();
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return fail(format!("failed to read `{shown}`: {e}")),
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let (line, col) =
                crate::score::end_line_col(std::str::from_utf8(valid).unwrap_or_default());
            eprintln!(
                "{shown}:{line}:{col}: error: the file is not valid UTF-8 (save it as UTF-8, not GBK or UTF-16)"
            );
            return fail(format!("`{shown}` was left as it was"));
        }
    };
    let scored = match crate::score::man_file(path, &text, thresholds, lang) {
        Ok(s) => s,
        Err(errs) => {
            for e in &errs {
                eprintln!("{e}");
            }
            return fail(format!("`{shown}` was left as it was"));
        }
    };
    if let Some(c) = &scored.clash {
        eprintln!(
            "note: `{}` is one of your columns, so the results go to new columns {}",
            c.trim(),
            scored.columns.join(", ")
        );
    }
    let n = match scored.contacts {
        1 => "1 contact".to_string(),
        n => format!("{n} contacts"),
    };
    match output {
        Some(out) if out.as_os_str() == "-" => {
            use std::io::Write;
            let mut stdout = std::io::stdout().lock();
            if let Err(e) = stdout
                .write_all(scored.text.as_bytes())
                .and_then(|()| stdout.flush())
            {
                return fail(format!("failed to write to standard output: {e}"));
            }
            eprintln!("Scored {n}");
        }
        Some(out) => {
            if let Err(e) = crate::in_place::write(out, scored.text.as_bytes()) {
                return fail(e);
            }
            println!("Scored {n} → {}", out.display());
        }
        None if scored.contacts == 0 => {
            eprintln!(
                "warning: `{shown}` has a header but no contacts: nothing to score, the file was left as it was"
            );
        }
        None if scored.text == text => {
            println!("Scored {n} → {shown} (already up to date)");
        }
        None => {
            if let Err(e) = crate::in_place::write(path, scored.text.as_bytes()) {
                return fail(e);
            }
            println!("Scored {n} → {shown}");
        }
    }
    ExitCode::SUCCESS
}

pub(super) fn quiz_import(
    path: &std::path::Path,
    strict: bool,
    id: Option<&str>,
    lang: Option<String>,
) -> ExitCode {
    let shown = path.display().to_string();
    let text = match std::fs::read(path) {
        Ok(b) => match crate::load::decode(&shown, b) {
            Ok(t) => t,
            Err(d) => {
                eprint!("{}", d.render());
                return ExitCode::from(1);
            }
        },
        Err(e) => return fail(format!("failed to read `{shown}`: {e}")),
    };
    if let Some(id) = id {
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return fail(format!(
                "invalid quiz id `{id}`: ids use ASCII letters, digits, `-` and `_`"
            ));
        }
    }
    // The playbook's language, when run in a playbook folder.
    let lang = lang.unwrap_or_else(|| {
        std::fs::read_to_string("playbook.toml")
            .ok()
            .and_then(|t| crate::config::parse("playbook.toml", &t).ok())
            .map_or_else(|| "zh".to_string(), |c| c.default_language().code.clone())
    });
    let got = playbook_kit::gift::import(&text, lang.starts_with("zh"));
    if !got.quiz.questions.is_empty() {
        let md = playbook_kit::quiz::to_markdown(&got.quiz);
        match id {
            Some(id) => print!("::: quiz id=\"{id}\"\n{md}:::\n"),
            None => print!("{md}"),
        }
    }
    let mut diags = crate::diagnostics::Diagnostics::new();
    for (e, warn) in got
        .errors
        .iter()
        .map(|e| (e, false))
        .chain(got.warnings.iter().map(|w| (w, true)))
    {
        let d =
            crate::diagnostics::Diagnostic::error(&shown, &text, e.span.clone(), e.message.clone())
                .with_hint(e.hint.clone());
        diags.push(if warn { d.warning() } else { d });
    }
    if !diags.is_empty() {
        report_errors(&diags);
    }
    let failed = !got.errors.is_empty() || (strict && !got.warnings.is_empty());
    if got.quiz.questions.is_empty() || (strict && failed) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
