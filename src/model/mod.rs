//! Stage 4: parsed pages → the [`Site`] model.
//!
//! Input: parsed pages, the configuration, the asset paths and whether drafts count.
//! Output: per language, the pages in reading order with their URL paths, parents,
//! children, previous/next and translations (a page missing in a language is placed there
//! from its original, see `translations.rs`), and every internal link resolved to a
//! site-relative URL. Diagnostics: a missing or stale translation, a page outside any
//! part, two files writing the same URL, a dead link, a dead anchor, a link to a draft.
//! Must not: render HTML or touch the file system.

use std::collections::{HashMap, HashSet};

mod html_paths;
mod links;
mod media_files;
mod paths;
mod root_links;
mod translations;

use links::resolve_links;
pub use paths::{decode_percent, encode_path, join_relative};
use paths::{parent_key, url_of};
pub use translations::{lint_structure, quiz_keys, scenario_graphs, version_path};

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::parse::ParsedPage;

/// What kind of page this is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// `content/_index.md`.
    Home,
    /// A part: a folder's `_index.md`.
    Section,
    /// A chapter or other page.
    Page,
}

/// A page placed in the site.
#[derive(Clone, Debug)]
pub struct PageModel {
    /// Index into [`Site::parsed`].
    pub parsed: usize,
    /// Kind.
    pub kind: Kind,
    /// URL path from the site root, with the language prefix: `en/value/x/` (`` for home).
    pub url: String,
    /// Index of the parent section in the same language (none for home).
    pub parent: Option<usize>,
    /// Children in order (sections: pages and sub-parts by weight, then name).
    pub children: Vec<usize>,
    /// Previous and next page in reading order.
    pub prev: Option<usize>,
    /// Next page in reading order.
    pub next: Option<usize>,
    /// Resolved target of each link of the body (site-relative URL with anchor), aligned
    /// with `body.links`; `None` where the link is dead (already reported).
    pub links: Vec<Option<String>>,
    /// Whether this page stands in for a missing translation: the parsed page is in
    /// another language than the site it is placed in.
    pub fallback: bool,
    /// Whether this translation was made from an earlier version of its original.
    pub stale: bool,
}

/// The pages of one language.
#[derive(Clone, Debug)]
pub struct LangSite {
    /// Language code.
    pub code: String,
    /// Pages in reading order; index 0 is the home page.
    pub pages: Vec<PageModel>,
    /// Page index by key.
    pub by_key: HashMap<String, usize>,
    /// Whether any page has a quiz or a scenario (worked out once, on first use).
    pub has_quizzes: std::sync::OnceLock<bool>,
}

/// The whole site.
#[derive(Debug)]
pub struct Site {
    /// Parsed pages (drafts removed unless requested).
    pub parsed: Vec<ParsedPage>,
    /// One entry per configured language, default first.
    pub langs: Vec<LangSite>,
    /// Width and height of the images among the assets, by output path (filled from the
    /// files' bytes before rendering, see `media::image`).
    pub image_sizes: HashMap<String, (u32, u32)>,
    /// Per parsed page, a hash of its source and of everything global, filled in only for
    /// `serve`'s incremental rebuilds (see `crate::incremental`; empty otherwise).
    pub digests: Vec<u64>,
}

impl Site {
    /// The parsed page behind a model page.
    pub fn page(&self, p: &PageModel) -> &ParsedPage {
        &self.parsed[p.parsed]
    }

    /// Number of pages over all languages.
    pub fn page_count(&self) -> usize {
        self.langs.iter().map(|l| l.pages.len()).sum()
    }

    /// The page a fallback stands in for: the same key in the language of its content.
    pub fn original_of(&self, p: &PageModel) -> Option<&PageModel> {
        let page = self.page(p);
        let lang = self.langs.iter().find(|l| l.code == page.lang)?;
        lang.by_key.get(&page.key).map(|&i| &lang.pages[i])
    }

    /// Per language: (code, pages in their own language, all pages).
    pub fn coverage(&self) -> Vec<(String, usize, usize)> {
        self.langs
            .iter()
            .map(|l| {
                let own = l.pages.iter().filter(|p| !p.fallback).count();
                (l.code.clone(), own, l.pages.len())
            })
            .collect()
    }
}

/// Builds the site model. `assets` are the output paths of copied files (for checking
/// links to them).
/// `broken` holds (language, key) of files that exist but failed to parse: their own
/// errors are reported, so links to them and their translations raise nothing more.
pub fn build(
    parsed: Vec<ParsedPage>,
    config: &Config,
    assets: &HashSet<String>,
    broken: &HashSet<(String, String)>,
    drafts: bool,
) -> (Site, Diagnostics) {
    let mut diags = Diagnostics::new();
    let draft_keys: HashSet<(String, String)> = parsed
        .iter()
        .filter(|p| p.front.draft)
        .map(|p| (p.key.clone(), p.lang.clone()))
        .collect();
    // A draft original makes its translations drafts too.
    let draft_originals: HashSet<String> = draft_keys
        .iter()
        .filter(|(_, l)| *l == config.default_language().code)
        .map(|(k, _)| k.clone())
        .collect();
    let parsed: Vec<ParsedPage> = parsed
        .into_iter()
        .filter(|p| drafts || !(p.front.draft || draft_originals.contains(&p.key)))
        .collect();
    let default = config.default_language().code.clone();
    let mut translations = translations::check(&parsed, config, &draft_keys, broken, &mut diags);

    let mut langs = Vec::new();
    let mut seen_urls: HashMap<String, usize> = HashMap::new();
    for lang in &config.languages {
        let mut idx: Vec<usize> = parsed
            .iter()
            .enumerate()
            .filter(|(_, p)| p.lang == lang.code)
            .map(|(i, _)| i)
            .collect();
        idx.extend(
            translations
                .fallbacks
                .remove(&lang.code)
                .unwrap_or_default(),
        );
        idx.sort_by(|a, b| parsed[*a].key.cmp(&parsed[*b].key));
        let keys: HashMap<&str, usize> = idx.iter().map(|&i| (parsed[i].key.as_str(), i)).collect();
        if !keys.contains_key("_index.md") {
            if lang.code == default {
                diags.push(
                    Diagnostic::file_error("content/_index.md", "the playbook has no home page")
                        .with_hint("create content/_index.md with a title in its front matter"),
                );
            }
            langs.push(LangSite {
                code: lang.code.clone(),
                pages: Vec::new(),
                by_key: HashMap::new(),
                has_quizzes: Default::default(),
            });
            continue;
        }
        // Children of each section, sorted by weight then file name.
        let mut children: HashMap<String, Vec<usize>> = HashMap::new();
        for &i in &idx {
            let p = &parsed[i];
            let Some(parent) = parent_key(&p.key) else {
                continue;
            };
            if !keys.contains_key(parent.as_str()) {
                if lang.code == default {
                    let folder = parent.trim_end_matches("_index.md");
                    diags.push(
                        Diagnostic::error(
                            &p.path,
                            &p.text,
                            0..3,
                            format!(
                                "page is in folder `content/{folder}`, which has no `_index.md`"
                            ),
                        )
                        .with_hint(format!(
                            "create `content/{folder}_index.md` to make the folder a part"
                        )),
                    );
                }
                continue;
            }
            children.entry(parent).or_default().push(i);
        }
        for list in children.values_mut() {
            list.sort_by(|a, b| {
                let (pa, pb) = (&parsed[*a], &parsed[*b]);
                (pa.front.weight, &pa.key).cmp(&(pb.front.weight, &pb.key))
            });
        }
        // Reading order: depth-first from home.
        let mut order = Vec::new();
        let mut stack = vec![keys["_index.md"]];
        while let Some(i) = stack.pop() {
            order.push(i);
            if parsed[i].is_section {
                if let Some(ch) = children.get(&parsed[i].key) {
                    stack.extend(ch.iter().rev());
                }
            }
        }
        let pos: HashMap<usize, usize> = order.iter().enumerate().map(|(n, &i)| (i, n)).collect();
        let mut pages: Vec<PageModel> = order
            .iter()
            .map(|&i| {
                let p = &parsed[i];
                PageModel {
                    parsed: i,
                    kind: if p.key == "_index.md" {
                        Kind::Home
                    } else if p.is_section {
                        Kind::Section
                    } else {
                        Kind::Page
                    },
                    url: format!("{}{}", lang.prefix, url_of(&p.key)),
                    parent: parent_key(&p.key).and_then(|k| keys.get(k.as_str()).map(|i| pos[i])),
                    children: children
                        .get(&p.key)
                        .map(|c| c.iter().map(|i| pos[i]).collect())
                        .unwrap_or_default(),
                    prev: None,
                    next: None,
                    links: Vec::new(),
                    fallback: p.lang != lang.code,
                    stale: translations.stale.contains(&i),
                }
            })
            .collect();
        let n = pages.len();
        for (k, page) in pages.iter_mut().enumerate() {
            page.prev = k.checked_sub(1);
            page.next = (k + 1 < n).then_some(k + 1);
        }
        // Two files writing the same URL (across languages too: `content/en/x.md`).
        for page in &pages {
            if let Some(&other) = seen_urls.get(page.url.as_str()) {
                let p = &parsed[page.parsed];
                diags.push(
                    Diagnostic::error(
                        &p.path,
                        &p.text,
                        0..3,
                        format!(
                            "`{}` and `{}` would both be written to `/{}`",
                            parsed[other].path, p.path, page.url
                        ),
                    )
                    .with_hint("rename or move one of the two files"),
                );
            } else {
                seen_urls.insert(page.url.clone(), page.parsed);
            }
        }
        let by_key = pages
            .iter()
            .enumerate()
            .map(|(n, p)| (parsed[p.parsed].key.clone(), n))
            .collect();
        langs.push(LangSite {
            code: lang.code.clone(),
            pages,
            by_key,
            has_quizzes: Default::default(),
        });
    }

    let mut site = Site {
        parsed,
        langs,
        image_sizes: HashMap::new(),
        digests: Vec::new(),
    };
    resolve_links(&mut site, config, assets, &draft_keys, broken, &mut diags);
    media_files::check(&site, config, assets, &mut diags);
    check_quiz_ids(&site, &mut diags);
    check_scenario_ids(&site, &mut diags);
    (site, diags)
}

/// Scenario ids key the runs kept in the browser: unique per language.
fn check_scenario_ids(site: &Site, diags: &mut Diagnostics) {
    // A page standing in for a missing translation is in two languages: reported once.
    let mut reported = HashSet::new();
    for lang in &site.langs {
        let mut seen: HashMap<&str, &str> = HashMap::new();
        for p in &lang.pages {
            let page = site.page(p);
            for c in page.components.iter().flatten() {
                if let crate::components::Component::Scenario(s) = c {
                    let first = seen.insert(&s.id, &page.path);
                    if let Some(first) =
                        first.filter(|_| reported.insert((&page.path, s.id_span.start)))
                    {
                        diags.push(
                            Diagnostic::error(&page.path, &page.text, s.id_span.clone(), format!("scenario id `{}` is already used in `{first}`", s.id))
                                .with_hint("scenario ids keep each scenario's runs apart: give this scenario its own id"),
                        );
                    }
                }
            }
        }
    }
}

/// Quiz ids key the progress kept in the browser: unique per language.
fn check_quiz_ids(site: &Site, diags: &mut Diagnostics) {
    for lang in &site.langs {
        let mut seen: HashMap<&str, &str> = HashMap::new();
        for p in &lang.pages {
            let page = site.page(p);
            for c in page.components.iter().flatten() {
                if let crate::components::Component::Quiz(q) = c {
                    match seen.get(q.id.as_str()) {
                        Some(first) => diags.push(
                            Diagnostic::error(&page.path, &page.text, q.id_span.clone(), format!("quiz id `{}` is already used in `{first}`", q.id))
                                .with_hint("quiz ids keep each quiz's progress apart: give this quiz its own id"),
                        ),
                        None => {
                            seen.insert(&q.id, &page.path);
                        }
                    }
                }
            }
        }
    }
}
