//! The commands that compile the playbook: `build`, `check`, `package`, `translations`,
//! and how they print diagnostics, timings and progress.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use crate::diagnostics::Diagnostics;
use crate::{compile, debug_log, write, BuildOptions};

/// Prints the time of each stage (`PLAYBOOK_LOG=debug`).
pub(crate) fn print_timings(timings: &[(&str, std::time::Duration)]) {
    if debug_log() {
        for (stage, d) in timings {
            eprintln!("[debug] {stage:>8}: {:.1} ms", d.as_secs_f64() * 1000.0);
        }
    }
}

/// Prints the diagnostics (as many as the default limits allow) and the true totals.
pub(super) fn report_errors(diags: &crate::diagnostics::Diagnostics) {
    print_diagnostics(diags);
    eprintln!("\n{}", diags.summary());
}

/// Streams the diagnostics to stderr, one at a time, within the default limits.
pub(super) fn print_diagnostics(diags: &crate::diagnostics::Diagnostics) {
    use std::io::Write as _;
    let mut err = std::io::BufWriter::new(std::io::stderr().lock());
    let _ = diags.write(&mut err, crate::diagnostics::Limits::default());
    let _ = err.flush();
}

fn progress(label: &str) -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let pb = indicatif::ProgressBar::new_spinner();
    pb.set_message(label.to_string());
    pb.enable_steady_tick(std::time::Duration::from_millis(120));
    Some(pb)
}

pub(super) fn build(opts: BuildOptions, output: PathBuf, force: bool) -> ExitCode {
    let start = Instant::now();
    let target = match write::prepare_output(&opts.root, &output, force) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    let pb = progress("building…");
    // Pages are written into a fresh folder beside the output as they are rendered; the
    // folder replaces the output only when the whole build succeeded.
    let result = write::write_atomic_with(&target, |store| {
        let r = compile(&opts, None, store);
        let ok = r.is_ok();
        ((r, Instant::now()), ok)
    });
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    let result = result.map(|w| {
        for note in &w.notes {
            eprintln!("warning: {note}");
        }
        w.value
    });
    let (c, write_time) = match result {
        Ok((Ok(c), t)) => (c, t.elapsed()),
        Ok((Err(diags), _)) => {
            report_errors(&diags);
            eprintln!(
                "error: build failed; `{}` was left as it was",
                output.display()
            );
            return ExitCode::from(1);
        }
        Err(e) => {
            eprintln!("error: {e}");
            if e.output_intact {
                eprintln!(
                    "error: build failed; `{}` was left as it was",
                    output.display()
                );
            }
            return ExitCode::from(1);
        }
    };
    if !c.diagnostics.is_empty() {
        print_diagnostics(&c.diagnostics);
    }
    let mut timings = c.timings.clone();
    timings.push(("swap", write_time));
    print_timings(&timings);
    for line in c.notes() {
        println!("{line}");
    }
    println!(
        "Built {} in {} ms → {}",
        c.summary(),
        start.elapsed().as_millis(),
        output.display()
    );
    ExitCode::SUCCESS
}

pub(super) fn package(opts: crate::package::PackageOptions) -> ExitCode {
    let start = Instant::now();
    let pb = progress("packaging…");
    let result = crate::package::package(&opts);
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    match result {
        Ok(p) => {
            if !p.diagnostics.is_empty() {
                eprint!("{}", p.diagnostics.render());
            }
            println!(
                "Packaged {} files ({} KB of site, zip {} KB) as {} in {} ms → {}",
                p.files,
                p.site_bytes / 1024,
                p.zip_bytes / 1024,
                opts.format.as_str(),
                start.elapsed().as_millis(),
                opts.output.display()
            );
            ExitCode::SUCCESS
        }
        Err(crate::package::PackageError::Build(diags)) => {
            report_errors(&diags);
            eprintln!("error: packaging failed; no package was written");
            ExitCode::from(1)
        }
        Err(crate::package::PackageError::Other(e)) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

pub(super) fn check(opts: BuildOptions, verbose: bool) -> ExitCode {
    let start = Instant::now();
    let store = crate::render::store::HashStore::default();
    match compile(&opts, None, &store) {
        Ok(mut c) => {
            print_timings(&c.timings);
            let mut diags = std::mem::replace(&mut c.diagnostics, Diagnostics::new());
            diags.append(super::quiz::lint_playbook(&opts.root));
            if !diags.is_empty() {
                report_errors(&diags);
            }
            for line in c.notes() {
                println!("{line}");
            }
            if verbose {
                for line in &c.scenarios {
                    println!("{line}");
                }
            }
            println!(
                "Checked {} in {} ms: no errors",
                c.summary(),
                start.elapsed().as_millis()
            );
            ExitCode::SUCCESS
        }
        Err(diags) => {
            report_errors(&diags);
            ExitCode::from(1)
        }
    }
}

pub(super) fn translations(root: &std::path::Path, mark: bool, files: &[PathBuf]) -> ExitCode {
    if mark {
        return match crate::translations::mark(root, files) {
            Ok((written, diags)) => {
                if !diags.is_empty() {
                    report_errors(&diags);
                }
                for w in &written {
                    println!("marked {w}");
                }
                println!(
                    "{} translation{} marked as up to date",
                    written.len(),
                    if written.len() == 1 { "" } else { "s" }
                );
                ExitCode::SUCCESS
            }
            Err(e) => fail(e),
        };
    }
    match crate::translations::report(root) {
        Ok((r, diags)) => {
            if !diags.is_empty() {
                report_errors(&diags);
            }
            for (path, original) in &r.missing {
                println!("missing  {path}  (from {original})");
            }
            for (path, original) in &r.stale {
                println!("stale    {path}  ({original} has changed since)");
            }
            for (code, own, all) in &r.coverage {
                println!("{code}: {own}/{all} pages translated");
            }
            if !r.unmarked.is_empty() {
                println!(
                    "{} translation{} record no version of the original: run `playbook \
                     translations --mark FILE` once a translation is up to date",
                    r.unmarked.len(),
                    if r.unmarked.len() == 1 { "" } else { "s" }
                );
            }
            ExitCode::SUCCESS
        }
        Err(diags) => {
            report_errors(&diags);
            ExitCode::from(1)
        }
    }
}

/// Prints `error: MSG` and gives exit code 1.
pub(super) fn fail(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {msg}");
    ExitCode::from(1)
}
