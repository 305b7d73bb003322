//! Playbook: a static-site generator for sales-training playbooks.
//!
//! The pipeline, one module per stage:
//! [`config`] → [`load`] → [`parse`] → [`model`] → [`render`] → [`write`](mod@write).
//! Diagnostics from every stage are collected ([`diagnostics`]); the build fails, leaving
//! the previous output untouched, when any stage reported an error.

pub mod cli;
pub mod components;
pub mod config;
pub mod diagnostics;
pub mod in_place;
pub mod incremental;
pub mod load;
pub mod media;
pub mod model;
pub mod package;
pub mod parse;
pub mod render;
pub mod results;
pub mod scaffold;
pub mod score;
pub mod serve;
pub mod strings;
pub mod theme;
pub mod translations;
pub mod write;

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use diagnostics::Diagnostics;
use parse::ParsedPage;

/// Called once rendering starts, each build: the binary tunes its allocator here (see
/// `main.rs`), since what rendering frees it allocates again at once, where the stages
/// before it hold the most memory. Unset in the library's tests.
pub static ON_RENDER: std::sync::OnceLock<fn()> = std::sync::OnceLock::new();

/// Called once by `serve` after its first build, before it waits for edits: the binary
/// lets the allocator keep freed memory longer there (see `main.rs`). Unset in the
/// library's tests.
pub static ON_SERVE: std::sync::OnceLock<fn()> = std::sync::OnceLock::new();

/// What to build and how.
#[derive(Clone, Debug)]
pub struct BuildOptions {
    /// The playbook folder (holding `playbook.toml`).
    pub root: PathBuf,
    /// Overrides `base_url` of the configuration.
    pub base_url: Option<String>,
    /// Include pages marked `draft = true`.
    pub drafts: bool,
    /// `check --strict`: treat a missing translation as an error even when
    /// `playbook.toml` does not set `strict_translations`, and remote images, video and
    /// audio as errors.
    pub strict_translations: bool,
}

/// A successful compilation: what was built (the files went to the store).
pub struct Compiled {
    /// Pages per language code, in configuration order.
    pub pages: Vec<(String, usize)>,
    /// The course as an LMS package describes it: per language, its title and quizzes.
    pub course: Vec<CourseLanguage>,
    /// The quiz catalog of every language, in its text form (what packed progress refers
    /// to; see `playbook_kit::progress`).
    pub catalog: String,
    /// Per language: (code, pages in their own language, all pages): the pages that
    /// stand in for a missing translation are the difference.
    pub coverage: Vec<(String, usize, usize)>,
    /// The Content-Security-Policy the host must send when `[html]` allows something that
    /// the strict policy blocks (`None` when the strict policy is enough).
    pub csp: Option<String>,
    /// Warnings (never errors).
    pub diagnostics: Diagnostics,
    /// One line per scenario: where it is and its summary (`check -v`).
    pub scenarios: Vec<String>,
    /// Time spent per stage.
    pub timings: Vec<(&'static str, Duration)>,
}

impl Compiled {
    /// Total number of pages over all languages.
    pub fn page_count(&self) -> usize {
        self.pages.iter().map(|p| p.1).sum()
    }

    /// `en: 31/32 pages translated` for each language with a page shown in another
    /// language.
    pub fn coverage_lines(&self) -> Vec<String> {
        self.coverage
            .iter()
            .filter(|(_, own, all)| own < all)
            .map(|(code, own, all)| format!("{code}: {own}/{all} pages translated"))
            .collect()
    }

    /// The lines printed before the summary: the coverage lines and, when `[html]`
    /// loosens it, the Content-Security-Policy the host must send.
    pub fn notes(&self) -> Vec<String> {
        let mut v = self.coverage_lines();
        if let Some(csp) = &self.csp {
            v.push(format!(
                "[html] allows more than the strict policy: the host must send \
                 Content-Security-Policy: {csp}"
            ));
        }
        v
    }

    /// `62 pages (zh 31, en 31)`.
    pub fn summary(&self) -> String {
        let per: Vec<String> = self.pages.iter().map(|(l, n)| format!("{l} {n}")).collect();
        format!("{} pages ({})", self.page_count(), per.join(", "))
    }
}

/// One language of the built course, for LMS packages (`playbook package`).
#[derive(Clone, Debug)]
pub struct CourseLanguage {
    /// Language code (`zh`).
    pub code: String,
    /// Site title in this language.
    pub title: String,
    /// Output prefix (empty for the default language, `en/`).
    pub prefix: String,
    /// The chapter quizzes in reading order.
    pub quizzes: Vec<CourseQuiz>,
}

/// One quiz of the course.
#[derive(Clone, Debug)]
pub struct CourseQuiz {
    /// The quiz id (the same in every language).
    pub id: String,
    /// Title of the page that holds it.
    pub chapter: String,
    /// Number of questions.
    pub questions: usize,
}

/// What parsing one file gave: its text, the page (if its front matter was valid) and
/// its diagnostics.
type ParseResult = (Arc<str>, Option<ParsedPage>, Vec<diagnostics::Diagnostic>);

/// Parsed pages of earlier builds, reused when a file's text has not changed (`serve`).
#[derive(Default)]
pub struct ParseCache {
    entries: rustc_hash::FxHashMap<String, ParseResult>,
    gift: Vec<(String, Arc<str>)>,
    /// The configuration the entries were parsed with (its text and the options).
    config: u64,
    /// What was read of each file (`load`).
    files: load::FileCache,
}

impl ParseCache {
    /// Forgets what was read of the files at or under `paths` (the watcher saw them
    /// change): they are read again even if their size and times did not change.
    pub fn forget(&mut self, paths: &[PathBuf]) {
        self.files.forget(paths);
    }
}

/// Reads, checks and renders the playbook into `store`. Returns every diagnostic when any
/// stage found an error (what the store got is then incomplete: throw it away).
pub fn compile(
    opts: &BuildOptions,
    mut cache: Option<&mut ParseCache>,
    store: &dyn render::store::Store,
) -> Result<Compiled, Diagnostics> {
    let mut timings = Vec::new();
    let mut t = Instant::now();
    let mut lap = |name: &'static str, t: &mut Instant| {
        timings.push((name, t.elapsed()));
        *t = Instant::now();
    };
    let mut diags = Diagnostics::new();
    let config_text = match load::read_text(&opts.root, "playbook.toml") {
        Ok(t) => t,
        Err(d) => {
            diags.push(d.with_hint("run `playbook new DIR` to create a playbook, or pass --root"));
            return Err(diags);
        }
    };
    let mut config = match config::parse("playbook.toml", &config_text) {
        Ok(c) => c,
        Err(d) => {
            diags.extend(d);
            return Err(diags);
        }
    };
    if let Some(url) = &opts.base_url {
        config.base_url = config::normalise_base_url(url);
    }
    config.strict_translations |= opts.strict_translations;
    config.strict = opts.strict_translations;
    lap("config", &mut t);
    let files = cache.as_deref_mut().map(|c| &mut c.files);
    let (mut loaded, d) = load::load_with(&opts.root, &config.theme, config.follow_symlinks, files);
    skip_unconfigured_languages(&mut loaded.sources, &config, &mut diags);
    // Files that could not be read (not UTF-8) are known to exist.
    let unreadable: Vec<(String, String)> = d
        .sorted()
        .iter()
        .filter_map(|d| {
            let p = diagnostics::display_path(&d.path);
            let rel = p.strip_prefix("content/")?.to_string();
            rel.ends_with(".md").then(|| {
                let (k, l) = parse::key_and_lang(&rel, &config);
                (l, k)
            })
        })
        .collect();
    diags.append(d);
    lap("load", &mut t);
    let pages = match cache {
        Some(cache) => {
            // Parsing depends on the configuration (languages, strings): a new one
            // parses everything again.
            let digest = incremental::global_digest(&config_text, &[], &[], opts);
            if cache.config != digest {
                *cache = ParseCache {
                    config: digest,
                    files: std::mem::take(&mut cache.files),
                    ..ParseCache::default()
                };
            }
            parse_cached(&loaded.sources, &config, cache, &mut diags)
        }
        None => {
            let (pages, d) = parse::parse_all(&loaded.sources, &config);
            diags.append(d);
            pages
        }
    };
    lap("parse", &mut t);
    let asset_paths: HashSet<String> = loaded.assets.iter().map(|a| a.out_path.clone()).collect();
    diags.extend(config::check_static_refs(
        &config,
        &config_text,
        &asset_paths,
    ));
    let parsed_keys: HashSet<(&str, &str)> = pages
        .iter()
        .map(|p| (p.lang.as_str(), p.key.as_str()))
        .collect();
    let broken: HashSet<(String, String)> = loaded
        .sources
        .iter()
        .filter(|s| s.path.ends_with(".md"))
        .map(|s| parse::key_and_lang(&s.content_path, &config))
        .map(|(k, l)| (l, k))
        .chain(unreadable.iter().cloned())
        .filter(|(l, k)| !parsed_keys.contains(&(l.as_str(), k.as_str())))
        .collect();
    drop(parsed_keys);
    let (mut site, d) = model::build(pages, &config, &asset_paths, &broken, opts.drafts);
    diags.append(d);
    diags.append(model::scenario_graphs(&site, &config));
    diags.append(model::quiz_keys(&site, &config));
    if !diags.has_errors() {
        diags.append(model::lint_structure(&site, &config));
    }
    let scenarios = scenario_summaries(&site);
    lap("model", &mut t);
    site.image_sizes = media::image::sizes(&loaded.assets);
    if store.reuses() {
        let global =
            incremental::global_digest(&config_text, &loaded.theme_files, &loaded.sources, opts);
        incremental::digests(&mut site, global);
    }
    let theme = theme::Theme::merge(&config.theme, &loaded.theme_files);
    // Drop the parsed sources before rendering: only the model is needed from here on.
    let assets = loaded.assets;
    drop(loaded.sources);
    drop(loaded.theme_files);
    // Every check that quotes the source is done: keep only what rendering needs. The
    // section texts go to the search index, which consumes them.
    for p in &mut site.parsed {
        p.text = Arc::from("");
    }
    let sections = render::search::take_sections(&mut site);
    if let Some(hook) = ON_RENDER.get() {
        hook();
    }
    lap("prepare", &mut t);
    diags.append(render::render(
        &site, &config, &theme, &assets, store, sections,
    ));
    lap("render", &mut t);
    if diags.has_errors() {
        return Err(diags);
    }
    let course = site
        .langs
        .iter()
        .enumerate()
        .map(|(li, l)| {
            let lang = config.language(&l.code);
            CourseLanguage {
                code: l.code.clone(),
                title: lang.map(|x| x.title.clone()).unwrap_or_default(),
                prefix: lang.map(|x| x.prefix.clone()).unwrap_or_default(),
                quizzes: render::special::quizzes(&site, li)
                    .into_iter()
                    .map(|(pi, q)| CourseQuiz {
                        id: q.id.clone(),
                        chapter: site.page(&l.pages[pi]).front.title.clone(),
                        questions: q.quiz.questions.len(),
                    })
                    .collect(),
            }
        })
        .collect();
    let coverage = site.coverage();
    let catalog = render::course_catalog(&site).to_text();
    let pages = site
        .langs
        .iter()
        .map(|l| (l.code.clone(), l.pages.len()))
        .collect();
    drop(site);
    lap("summary", &mut t);
    Ok(Compiled {
        scenarios,
        coverage,
        csp: (config.html.csp() != media::STRICT_CSP).then(|| config.html.csp()),
        catalog,
        course,
        pages,
        diagnostics: diags,
        timings,
    })
}

/// `content/x.md:12: scenario `id`: 9 steps, …` for each scenario, in source order.
fn scenario_summaries(site: &model::Site) -> Vec<String> {
    let mut out = Vec::new();
    for p in &site.parsed {
        for c in p.components.iter().flatten() {
            if let components::Component::Scenario(s) = c {
                let line = diagnostics::line_col(&p.text, s.id_span.start).0;
                out.push(format!(
                    "{}:{line}: scenario `{}`: {}",
                    p.path, s.id, s.summary
                ));
            }
        }
    }
    out
}

/// Leaves out the Markdown files of languages the playbook does not configure
/// (`x.en.md` without `[languages.en]`), with one warning that lists them.
fn skip_unconfigured_languages(
    sources: &mut Vec<load::Source>,
    config: &config::Config,
    diags: &mut Diagnostics,
) {
    let mut skipped = Vec::new();
    sources.retain(
        |s| match parse::unconfigured_language(&s.content_path, config) {
            Some(code) => {
                skipped.push((s.path.clone(), code.to_string()));
                false
            }
            None => true,
        },
    );
    if skipped.is_empty() {
        return;
    }
    let mut codes: Vec<&str> = skipped.iter().map(|(_, c)| c.as_str()).collect();
    codes.sort_unstable();
    codes.dedup();
    let list: Vec<String> = skipped.iter().map(|(p, _)| format!("`{p}`")).collect();
    let tables: Vec<String> = codes.iter().map(|c| format!("[languages.{c}]")).collect();
    diags.push(
        diagnostics::Diagnostic::file_error(
            "content",
            format!(
                "{} file{} of a language that is not configured ({}) left out of the site: {}",
                skipped.len(),
                if skipped.len() == 1 { "" } else { "s" },
                codes.join(", "),
                list.join(", ")
            ),
        )
        .with_hint(format!(
            "add {} to playbook.toml to publish them, or delete them",
            tables.join(" and ")
        ))
        .warning(),
    );
}

fn parse_cached(
    sources: &[load::Source],
    config: &config::Config,
    cache: &mut ParseCache,
    diags: &mut Diagnostics,
) -> Vec<ParsedPage> {
    use rayon::prelude::*;
    let gift = parse::gift_sources(sources);
    // A changed GIFT file can change any page that uses it: reparse everything then.
    let gift_sig: Vec<(String, Arc<str>)> = {
        let mut v: Vec<(String, Arc<str>)> = gift
            .iter()
            .map(|(k, v)| (k.clone(), Arc::clone(&v.text)))
            .collect();
        v.sort();
        v
    };
    if cache.gift != gift_sig {
        cache.entries.clear();
        cache.gift = gift_sig;
    }
    let fresh: Vec<(String, ParseResult)> = sources
        .par_iter()
        .filter(|s| s.path.ends_with(".md"))
        .filter(|s| {
            // The same text read again is often the very same string (load's cache).
            !matches!(cache.entries.get(&s.path),
                Some((t, _, _)) if Arc::ptr_eq(t, &s.text) || **t == *s.text)
        })
        .map(|s| {
            let (p, d) = parse::parse_one(s, config, &gift);
            (s.path.clone(), (Arc::clone(&s.text), p, d))
        })
        .collect();
    cache.entries.extend(fresh);
    let live: rustc_hash::FxHashSet<&str> = sources.iter().map(|s| s.path.as_str()).collect();
    cache.entries.retain(|k, _| live.contains(k.as_str()));
    let mut pages = Vec::new();
    for s in sources.iter().filter(|s| s.path.ends_with(".md")) {
        if let Some((text, page, d)) = cache.entries.get_mut(&s.path) {
            // The same text read again into another string (a file changed a moment ago
            // is read on every rebuild until it settles): keep the string load's cache now
            // holds, so that the next rebuild finds it the same without comparing.
            if !Arc::ptr_eq(text, &s.text) {
                *text = Arc::clone(&s.text);
            }
            pages.extend(page.clone());
            diags.extend(d.iter().cloned());
        }
    }
    pages
}

/// Whether stage timings should be printed (`PLAYBOOK_LOG=debug`).
pub fn debug_log() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| std::env::var("PLAYBOOK_LOG").is_ok_and(|v| v.eq_ignore_ascii_case("debug")))
}

/// Prints the time a part of a stage took since `start` (`PLAYBOOK_LOG=debug`).
pub fn debug_span(name: &str, start: std::time::Instant) {
    if debug_log() {
        eprintln!(
            "[debug]   {name:>14}: {:.1} ms",
            start.elapsed().as_secs_f64() * 1000.0
        );
    }
}
