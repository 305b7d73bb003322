//! The command line: arguments parsed by clap, then dispatched to the pipeline.
//!
//! Exit codes: 0 success, 1 build or content errors, 2 usage errors (clap's own).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

use crate::{compile, debug_log, write, BuildOptions};

/// Playbook: builds a sales-training playbook into a static website.
#[derive(Parser, Debug)]
#[command(name = "playbook", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Build the site into the output folder (atomically: a failed build changes nothing).
    Build {
        /// The playbook folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder (default: `public/` inside the playbook folder).
        #[arg(long)]
        output: Option<PathBuf>,
        /// Base URL the site is hosted at, e.g. https://host/team/playbook/
        #[arg(long)]
        base_url: Option<String>,
        /// Include pages marked draft = true.
        #[arg(long)]
        drafts: bool,
    },
    /// Build, serve on localhost, rebuild on changes and reload open pages.
    Serve {
        /// The playbook folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Port (0 picks a free one).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to bind.
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Include pages marked draft = true.
        #[arg(long)]
        drafts: bool,
    },
    /// Run every check of `build` without writing anything.
    Check {
        /// The playbook folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Check pages marked draft = true too.
        #[arg(long)]
        drafts: bool,
    },
    /// Create a new playbook that builds at once.
    New {
        /// Folder to create (must not exist or be empty).
        dir: PathBuf,
    },
}

/// Parses the arguments and runs the command.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
        } => {
            let output = output.unwrap_or_else(|| {
                if root == std::path::Path::new(".") {
                    PathBuf::from("public")
                } else {
                    root.join("public")
                }
            });
            build(
                BuildOptions {
                    root,
                    base_url,
                    drafts,
                },
                output,
            )
        }
        Command::Check { root, drafts } => check(BuildOptions {
            root,
            base_url: None,
            drafts,
        }),
        Command::Serve {
            root,
            port,
            bind,
            drafts,
        } => crate::serve::run(root, &bind, port, drafts),
        Command::New { dir } => match crate::scaffold::create(&dir) {
            Ok(()) => {
                println!(
                    "Created a new playbook in {}. Try: playbook serve --root {}",
                    dir.display(),
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(1)
            }
        },
    }
}

fn print_timings(timings: &[(&str, std::time::Duration)]) {
    if debug_log() {
        for (stage, d) in timings {
            eprintln!("[debug] {stage:>8}: {:.1} ms", d.as_secs_f64() * 1000.0);
        }
    }
}

fn report_errors(diags: &crate::diagnostics::Diagnostics) {
    eprint!("{}", diags.render());
    eprintln!(
        "\n{} error{}, {} warning{}",
        diags.error_count(),
        if diags.error_count() == 1 { "" } else { "s" },
        diags.warning_count(),
        if diags.warning_count() == 1 { "" } else { "s" },
    );
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

fn build(opts: BuildOptions, output: PathBuf) -> ExitCode {
    let start = Instant::now();
    if let Err(e) = write::check_output_dir(&opts.root, &output) {
        eprintln!("error: {e}");
        return ExitCode::from(1);
    }
    let pb = progress("building…");
    let result = compile(&opts, None);
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    match result {
        Ok(c) => {
            if !c.diagnostics.is_empty() {
                eprint!("{}", c.diagnostics.render());
            }
            let t = Instant::now();
            if let Err(e) = write::write_atomic(&output, &c.output) {
                eprintln!("error: {e}");
                return ExitCode::from(1);
            }
            let mut timings = c.timings.clone();
            timings.push(("write", t.elapsed()));
            print_timings(&timings);
            println!(
                "Built {} in {} ms → {}",
                c.summary(),
                start.elapsed().as_millis(),
                output.display()
            );
            ExitCode::SUCCESS
        }
        Err(diags) => {
            report_errors(&diags);
            eprintln!(
                "error: build failed; `{}` was left as it was",
                output.display()
            );
            ExitCode::from(1)
        }
    }
}

fn check(opts: BuildOptions) -> ExitCode {
    let start = Instant::now();
    match compile(&opts, None) {
        Ok(c) => {
            print_timings(&c.timings);
            if !c.diagnostics.is_empty() {
                report_errors(&c.diagnostics);
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
