//! The command line: arguments parsed by clap, then dispatched to the pipeline.
//!
//! Exit codes: 0 success, 1 build or content errors, 2 usage errors (clap's own).

mod quiz;
mod site;
mod theme;
pub(crate) use site::print_timings;
mod tools;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::BuildOptions;
use site::{build, check, package, translations};
use tools::{quiz_import, score};

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
        /// Replace the output folder even if it is not empty and was not written by
        /// Playbook (everything in it is lost). Never allowed for the playbook folder, its
        /// parents, its source folders or the home folder.
        #[arg(long)]
        force: bool,
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
        /// A missing translation is an error, as with `strict_translations = true` in
        /// playbook.toml; so are images, video and audio from other sites.
        #[arg(long)]
        strict: bool,
        /// Also print a summary of each scenario (steps, endings, paths, scores).
        #[arg(short, long)]
        verbose: bool,
    },
    /// List the missing and stale translations; with --mark, record in translations
    /// which version of their original they match (`translation_of` in the front matter).
    Translations {
        /// The playbook folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Record that these translations (default: all) are up to date with their
        /// originals. Only the `translation_of` line of each file is written.
        #[arg(long)]
        mark: bool,
        /// Translation files (content/x.en.md) for --mark.
        #[arg(requires = "mark")]
        files: Vec<PathBuf>,
    },
    /// Create a new playbook that builds at once: a starter that shows each feature once.
    New {
        /// Folder to create (must not exist or be empty).
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Theme tools.
    Theme {
        #[command(subcommand)]
        what: ThemeCommand,
    },
    /// Run the widgets' rules on the command line.
    Score {
        #[command(subcommand)]
        what: ScoreCommand,
    },
    /// Quiz tools.
    Quiz {
        #[command(subcommand)]
        what: QuizCommand,
    },
    /// Grade hand-in codes (from the progress page) against the playbook's answer key.
    ///
    /// Reads one code a line, as pasted from chat or e-mail (words around a code, lower case
    /// and extra dashes are fine; blank lines and lines without a code are skipped). Prints
    /// one row per trainee: name, class, when the code was made, quizzes taken, score per
    /// quiz (%) and the total against the pass mark. A line that cannot be read is reported
    /// as FILE:LINE: message and the others are still graded. Codes made for another
    /// version of the course are graded on the questions that still match and flagged; a
    /// repeated code counts once and an older code of the same trainee (same name and
    /// class) gives way to the newest. Exit status: 0 all codes graded, 1 some lines could
    /// not be graded (or left out of the Moodle file), 2 usage errors.
    #[command(verbatim_doc_comment)]
    Results {
        /// Files with one hand-in code a line; `-` reads standard input.
        #[arg(required = true, value_name = "FILE_OR_-")]
        inputs: Vec<PathBuf>,
        /// The playbook folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Print CSV (UTF-8 with a byte-order mark, for spreadsheets).
        #[arg(long, conflicts_with = "moodle_csv")]
        csv: bool,
        /// Print the CSV Moodle's gradebook import reads (Grades › Import › CSV file; map
        /// from "Email address" to "Email address"). Only trainees whose name is an e-mail
        /// address can be written.
        #[arg(long, conflicts_with = "by_question")]
        moodle_csv: bool,
        /// Per question: share right and most chosen wrong option, hardest first.
        #[arg(long)]
        by_question: bool,
        /// Pass mark: percent of the total points.
        #[arg(long, default_value_t = 80.0, value_name = "N")]
        mastery: f64,
        /// Count only this quiz in the total (repeatable): the quizzes set as homework.
        #[arg(long = "quiz", value_name = "ID")]
        only: Vec<String>,
    },
    /// Write the course as one LMS package (a zip to upload to Moodle or any LMS): one
    /// SCO / AU that reports the score, pass/fail, completion and every answer, and keeps
    /// the learner's progress between sessions.
    Package {
        /// SCORM 1.2 (Moodle, most LMSs), SCORM 2004 4th Edition, or cmi5.
        #[arg(long, value_enum)]
        format: crate::package::Format,
        /// The playbook folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The zip to write (default: playbook-FORMAT-LANG.zip in the playbook folder).
        #[arg(long)]
        output: Option<PathBuf>,
        /// The language the course opens in (default: the playbook's default language).
        #[arg(long)]
        lang: Option<String>,
        /// Percent of the course score needed to pass.
        #[arg(long, default_value_t = 80, value_parser = clap::value_parser!(u8).range(0..=100))]
        mastery: u8,
        /// Replace the output file even if it is not a package Playbook wrote.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Subcommand, Debug)]
enum ScoreCommand {
    /// MAN principle: one contact from flags, or a CSV list (columns name, money,
    /// authority, need) scored in place.
    ///
    /// With FILE, every cell, the BOM, line ends and blank lines are kept, and the results
    /// go to new columns combination, verdict, action, revisit_days, score after the last
    /// column. If your header already has one of those names, your column is left alone
    /// and the results go to playbook_combination … playbook_score instead. Columns with
    /// those names at the end of the header are Playbook's own (from an earlier run or the
    /// browser's export) and are refreshed, so running twice changes nothing. The file is
    /// rewritten atomically (a unique temporary file beside it, renamed over it) keeping
    /// its permissions; a symbolic link stays a link, and a file with several hard links
    /// is rewritten through its inode so every link sees the result. Any bad row stops the
    /// command with every problem located as FILE:LINE:COL, and the file left as it was.
    #[command(verbatim_doc_comment)]
    Man {
        /// A CSV file to score (adds combination, verdict, action, revisit_days, score).
        file: Option<PathBuf>,
        /// Write the scored list to this file instead (`-`: standard output); FILE is
        /// left untouched.
        #[arg(long, short, value_name = "OUT", requires = "file")]
        output: Option<PathBuf>,
        /// Can they afford it: yes, no, unknown, or a confidence such as 75% (or 75; 0.75 is
        /// refused with a question: write 75%).
        #[arg(long, default_value = "unknown")]
        money: String,
        /// Can they decide, recommend or veto: yes, no, unknown, or a confidence.
        #[arg(long, default_value = "unknown")]
        authority: String,
        /// Do they need it: yes, no, unknown, or a confidence.
        #[arg(long, default_value = "unknown")]
        need: String,
        /// Confidence at or above which a letter counts as present: 60 or 60% (a percent;
        /// 0.6 is refused with a question).
        #[arg(long, default_value = "60")]
        present_at: String,
        /// Confidence at or below which a letter counts as absent: 40 or 40%.
        #[arg(long, default_value = "40")]
        absent_at: String,
        /// Language of the verdict and action.
        #[arg(long, value_parser = ["zh", "en"], default_value = "en")]
        lang: String,
        /// Print JSON (keys combination, verdict, action, revisit_days, provisional, ask_next).
        #[arg(long)]
        json: bool,
    },
    /// Customer value: lifetime value, delivered value, share of wallet.
    Value {
        /// Yearly margin m.
        #[arg(long, allow_hyphen_values = true)]
        margin: Option<String>,
        /// Retention rate r: 0.85 or 85% (a bare 85 is refused with a question: write 85%).
        #[arg(long, allow_hyphen_values = true)]
        retention: Option<String>,
        /// Discount rate i: 0.1 or 10% (a bare 10 is refused with a question: write 10%).
        #[arg(long, allow_hyphen_values = true)]
        discount: Option<String>,
        /// Horizon T in years (default: unlimited).
        #[arg(long, allow_hyphen_values = true)]
        years: Option<String>,
        /// Acquisition cost AC.
        #[arg(long, allow_hyphen_values = true)]
        acquisition_cost: Option<String>,
        /// Our offer's product, service, personnel and image value: four numbers, a,b,c,d.
        #[arg(long, allow_hyphen_values = true)]
        value: Option<String>,
        /// Our offer's money, time, mental and physical cost: a,b,c,d.
        #[arg(long, allow_hyphen_values = true)]
        cost: Option<String>,
        /// The competitor's four values.
        #[arg(long, allow_hyphen_values = true)]
        competitor_value: Option<String>,
        /// The competitor's four costs.
        #[arg(long, allow_hyphen_values = true)]
        competitor_cost: Option<String>,
        /// Our sales to the customer.
        #[arg(long, allow_hyphen_values = true)]
        our_sales: Option<String>,
        /// The customer's total purchases of the category.
        #[arg(long, allow_hyphen_values = true)]
        total_purchases: Option<String>,
        /// Print JSON (keys clv, clv_retention_plus_5, delivered, competitor_delivered, share_of_wallet).
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
enum ThemeCommand {
    /// Copy files of the built-in theme into the playbook (`themes/<theme>/`, where the
    /// build looks for overrides) to start a theme change from, and list what was written.
    ///
    /// Without FILE, every file. An existing file is never overwritten when it differs
    /// from the built-in version (your edits stay; nothing is written then). `--force`
    /// only replaces files that are still exactly as an older Playbook ejected them
    /// (recorded in `themes/<theme>/.playbook-ejected`), to follow a new built-in version.
    #[command(verbatim_doc_comment)]
    Eject {
        /// The playbook folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Replace files left unchanged since an earlier eject with today's version.
        #[arg(long)]
        force: bool,
        /// Theme files: `templates/base.html`, `static/style.css`, or a file name alone
        /// (`base.html`).
        files: Vec<String>,
    },
}

#[derive(Subcommand, Debug)]
enum QuizCommand {
    /// Convert a GIFT file (Moodle's question format) to Playbook's quiz syntax on stdout.
    ///
    /// Every question that converts is written; the others are reported on stderr at their
    /// line (exit 0, or 1 with --strict). What converts with a loss (an essay becomes a
    /// description) is a warning.
    Import {
        /// The GIFT file.
        file: PathBuf,
        /// Exit 1 when a question could not be converted or converted with a loss.
        #[arg(long)]
        strict: bool,
        /// Write a complete `::: quiz id="ID"` block, ready to paste into a page.
        #[arg(long, value_name = "ID")]
        id: Option<String>,
        /// Language of the true/false labels (default: the default language of
        /// ./playbook.toml, else zh).
        #[arg(long)]
        lang: Option<String>,
    },
    /// Write the quizzes of pages (or of the whole playbook) as GIFT or Moodle XML on
    /// stdout, to import into Moodle.
    Export {
        /// Page files (`content/part/page.md`).
        pages: Vec<PathBuf>,
        /// Every page under ./content.
        #[arg(long)]
        all: bool,
        /// Output format.
        #[arg(long, value_enum, default_value = "gift")]
        format: quiz::Format,
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
            force,
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
                    strict_translations: false,
                },
                output,
                force,
            )
        }
        Command::Check {
            root,
            drafts,
            strict,
            verbose,
        } => check(
            BuildOptions {
                root,
                base_url: None,
                drafts,
                strict_translations: strict,
            },
            verbose,
        ),
        Command::Serve {
            root,
            port,
            bind,
            drafts,
        } => crate::serve::run(root, &bind, port, drafts),
        Command::Score { what } => score(what),
        Command::Translations { root, mark, files } => translations(&root, mark, &files),
        Command::Package {
            format,
            root,
            output,
            lang,
            mastery,
            force,
        } => {
            let output = output.unwrap_or_else(|| {
                let code = lang.clone().unwrap_or_else(|| "default".into());
                root.join(format!("playbook-{}-{code}.zip", format.as_str()))
            });
            package(crate::package::PackageOptions {
                build: BuildOptions {
                    root,
                    base_url: None,
                    drafts: false,
                    strict_translations: false,
                },
                format,
                output,
                lang,
                mastery,
                force,
            })
        }
        Command::Quiz {
            what:
                QuizCommand::Import {
                    file,
                    strict,
                    id,
                    lang,
                },
        } => quiz_import(&file, strict, id.as_deref(), lang),
        Command::Quiz {
            what: QuizCommand::Export { pages, all, format },
        } => quiz::quiz_export(&pages, all, format),
        Command::Results {
            inputs,
            root,
            csv,
            moodle_csv,
            by_question,
            mastery,
            only,
        } => crate::results::run(&crate::results::Options {
            root,
            inputs,
            format: if moodle_csv {
                crate::results::Format::Moodle
            } else if csv {
                crate::results::Format::Csv
            } else {
                crate::results::Format::Table
            },
            by_question,
            mastery,
            only,
        }),
        Command::Theme {
            what: ThemeCommand::Eject { root, force, files },
        } => theme::eject(&root, &files, force),
        Command::New { dir } => match crate::scaffold::create(&dir) {
            Ok(files) => {
                for f in files {
                    println!("wrote {}", dir.join(f).display());
                }
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
