//! Generated pages that no content file writes: the progress page (every quiz of the
//! language, with the best score kept in the browser) and the answer key (every quiz's
//! right answers and explanations, for trainers and printed worksheets).

use playbook_kit::progress::{Catalog, QuizSpec, ScenarioSpec};
use serde::Serialize;

use super::deps::Deps;
use super::store::{Store, Trouble};
use super::{absolute, generated_context, root_of, templates};
use crate::components::{Component, QuizBlock, ScenarioBlock};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::model::{encode_path, Site};
use crate::theme::Theme;

/// Output folder names of the generated pages.
pub const PROGRESS: &str = "progress/";
/// See [`PROGRESS`].
pub const ANSWER_KEY: &str = "answer-key/";

/// Links to the generated pages, relative to the page being rendered.
#[derive(Serialize, Default)]
pub struct Links {
    progress: Option<String>,
    answer_key: Option<String>,
}

#[derive(Serialize)]
struct QuizCtx {
    id: String,
    title: String,
    chapter: String,
    part: String,
    url: String,
    questions: usize,
    key: String,
}

/// A scenario on the progress page (a row) and the answer key (its trainer key).
#[derive(Serialize)]
struct ScenarioCtx {
    id: String,
    title: String,
    chapter: String,
    url: String,
    key: String,
}

/// Every scenario of language `li` in reading order; with `key`, its trainer key.
fn scenarios(site: &Site, li: usize, root: &str, key: bool) -> Vec<ScenarioCtx> {
    let lang = &site.langs[li];
    let mut out = Vec::new();
    for p in &lang.pages {
        let page = site.page(p);
        for c in page.components.iter().flatten() {
            if let Component::Scenario(s) = c {
                out.push(ScenarioCtx {
                    id: s.id.clone(),
                    title: s.title.clone().unwrap_or_else(|| page.front.title.clone()),
                    chapter: page.front.title.clone(),
                    url: format!("{root}{}#scenario-{}", encode_path(&p.url), s.id),
                    key: if key {
                        s.trainer_key(&lang.code)
                    } else {
                        String::new()
                    },
                });
            }
        }
    }
    out
}

/// Every quiz of a language in reading order, with the index of its page.
pub fn quizzes(site: &Site, li: usize) -> Vec<(usize, &QuizBlock)> {
    let lang = &site.langs[li];
    lang.pages
        .iter()
        .enumerate()
        .flat_map(|(i, p)| {
            site.page(p)
                .components
                .iter()
                .flatten()
                .filter_map(move |c| match c {
                    Component::Quiz(q) => Some((i, q)),
                    _ => None,
                })
        })
        .collect()
}

/// The quiz catalog of language `li` (see [`playbook_kit::progress::Catalog`]): what packed
/// progress and hand-in codes refer to. The progress page carries it in `data-catalog`.
pub fn catalog(site: &Site, li: usize) -> Catalog {
    let code = &site.langs[li].code;
    Catalog {
        quizzes: quizzes(site, li)
            .into_iter()
            .map(|(_, q)| {
                QuizSpec::new(code, &q.id, &q.quiz)
                    .expect("language codes, quiz ids and question ids are validated as names")
                    .with_draw(q.draw)
            })
            .collect(),
        scenarios: scenario_blocks(site, li)
            .into_iter()
            .map(|s| {
                ScenarioSpec::new(code, &s.id, &s.graph)
                    .expect("scenario ids are validated as names and graph texts are the toolkit's")
            })
            .collect(),
    }
}

/// Every scenario of a language in reading order.
fn scenario_blocks(site: &Site, li: usize) -> Vec<&ScenarioBlock> {
    site.langs[li]
        .pages
        .iter()
        .flat_map(|p| {
            site.page(p)
                .components
                .iter()
                .flatten()
                .filter_map(|c| match c {
                    Component::Scenario(s) => Some(s),
                    _ => None,
                })
        })
        .collect()
}

/// Whether language `li` has graded items (quizzes or scenarios): then it has a progress
/// page and an answer key.
pub fn graded(site: &Site, li: usize) -> bool {
    !quizzes(site, li).is_empty() || !scenario_blocks(site, li).is_empty()
}

/// The quiz catalog of every language, in language order.
pub fn course_catalog(site: &Site) -> Catalog {
    let all: Vec<Catalog> = (0..site.langs.len()).map(|li| catalog(site, li)).collect();
    Catalog {
        quizzes: all.iter().flat_map(|c| c.quizzes.clone()).collect(),
        scenarios: all.iter().flat_map(|c| c.scenarios.clone()).collect(),
    }
}

/// The links for a page whose root prefix is `root`.
pub fn links(site: &Site, config: &Config, li: usize, root: &str) -> Links {
    // Every page asks: look through the pages once per language, not once per page.
    let has = *site.langs[li].has_quizzes.get_or_init(|| graded(site, li));
    if !has {
        return Links::default();
    }
    let prefix = config
        .language(&site.langs[li].code)
        .map(|l| l.prefix.clone())
        .unwrap_or_default();
    Links {
        progress: Some(format!("{root}{}{PROGRESS}", encode_path(&prefix))),
        answer_key: Some(format!("{root}{}{ANSWER_KEY}", encode_path(&prefix))),
    }
}

/// Renders the progress page and the answer key of language `li`, if it has quizzes.
pub fn render(
    site: &Site,
    config: &Config,
    theme: &Theme,
    tera: &tera::Tera,
    li: usize,
) -> Vec<Result<(String, Vec<u8>), Diagnostic>> {
    let list = quizzes(site, li);
    let lang = &site.langs[li];
    let lc = config
        .language(&lang.code)
        .unwrap_or(config.default_language());
    let mut out = Vec::new();
    let mut pages = vec![(
        super::search::FOLDER,
        "search.html",
        lc.strings["search"].clone(),
    )];
    if graded(site, li) {
        pages.push((PROGRESS, "progress.html", lc.strings["progress"].clone()));
        pages.push((
            ANSWER_KEY,
            "answer-key.html",
            lc.strings["answer_key"].clone(),
        ));
    }
    for (folder, template, title) in pages {
        let url = format!("{}{folder}", lc.prefix);
        let root = root_of(&url);
        let items: Vec<QuizCtx> = list
            .iter()
            .map(|(pi, q)| {
                let p = &lang.pages[*pi];
                let page = site.page(p);
                let part = p
                    .parent
                    .map(|a| site.page(&lang.pages[a]).front.title.clone())
                    .unwrap_or_default();
                QuizCtx {
                    id: q.id.clone(),
                    title: q.title.clone().unwrap_or_else(|| page.front.title.clone()),
                    chapter: page.front.title.clone(),
                    part,
                    url: format!("{root}{}#quiz-{}", encode_path(&p.url), q.id),
                    questions: q.quiz.questions.len(),
                    key: if template == "answer-key.html" {
                        q.answer_key(&lang.code, &lc.strings)
                    } else {
                        String::new()
                    },
                }
            })
            .collect();
        let page = serde_json::json!({ "title": title, "canonical": absolute(config, &url), "widgets": true });
        let counterpart = |oi: usize| {
            let has = folder == super::search::FOLDER || graded(site, oi);
            let olc = config
                .language(&site.langs[oi].code)
                .unwrap_or(config.default_language());
            has.then(|| format!("{}{folder}", olc.prefix))
        };
        let mut ctx = generated_context(site, config, li, &url, page, counterpart, None);
        ctx.insert("quizzes", &items);
        ctx.insert(
            "scenarios",
            &scenarios(site, li, &root, template == "answer-key.html"),
        );
        if template == "progress.html" {
            let catalog = catalog(site, li);
            ctx.insert("catalog", &catalog.to_text());
            ctx.insert("catalog_version", &format!("{:04x}", catalog.version()));
        }
        out.push(
            templates::render_bytes(tera, template, &ctx, 16 << 10)
                .map(|html| (format!("{url}index.html"), html))
                .map_err(|e| templates::diagnostic(theme, &e)),
        );
    }
    out
}

/// The generated pages (search, progress, answer key) and the handouts of every language
/// with pages (one without a home page was already reported), stored as they are made.
pub fn render_all(
    site: &Site,
    config: &Config,
    theme: &Theme,
    tera: &tera::Tera,
    store: &dyn Store,
    deps: Option<&Deps>,
    slots: Option<super::handout::Slots>,
) -> Vec<Trouble> {
    let mut troubles = Vec::new();
    // The part handouts made beside the pages, if they were.
    let parts = slots.is_none();
    let mut made = slots
        .map(|s| s.troubles())
        .unwrap_or_default()
        .into_iter()
        .peekable();
    for li in (0..site.langs.len()).filter(|&li| !site.langs[li].pages.is_empty()) {
        let t = std::time::Instant::now();
        for r in render(site, config, theme, tera, li) {
            troubles.extend(match r {
                Ok((path, bytes)) => super::store::put(store, path, bytes, "content"),
                Err(d) => Some(Trouble::Template(d)),
            });
        }
        while let Some((_, t)) = made.next_if(|(l, _)| *l == li) {
            troubles.push(t);
        }
        troubles.extend(super::handout::render(
            site, config, theme, tera, li, store, deps, parts,
        ));
        crate::debug_span("special, print", t);
    }
    troubles
}
