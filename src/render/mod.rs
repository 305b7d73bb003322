//! Stage 5: the [`Site`] model → output files.
//!
//! Input: the site model, the configuration and the merged theme. Output: files, by output
//! path (`value/x/index.html`, `sitemap.xml`, `assets/style.css`), handed to a
//! [`store::Store`] as soon as each is rendered (pages in parallel); every file's bytes
//! depend only on the input, so the output is deterministic. Every URL in a page is
//! relative to that page (or, on the 404 page, absolute from the base path), so the site
//! works under any subpath. Must not: touch the file system (the store may).

mod body;
mod deps;
mod handout;
mod look;
mod not_found;
pub mod offline;
mod page;
pub mod search;
pub mod search_incremental;
mod sitemap;
pub mod special;
pub use special::{catalog, course_catalog};
pub mod sources;
pub mod store;
pub mod templates;

use std::collections::{BTreeMap, HashMap, HashSet};

use rayon::prelude::*;
use serde::Serialize;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::Asset;
use crate::model::{encode_path, LangSite, Site};
use crate::theme::Theme;
use store::Trouble;

pub use playbook_kit::html::esc as escape;

/// Output path → bytes.
pub type Output = BTreeMap<String, Vec<u8>>;

#[derive(Serialize)]
struct LinkCtx {
    title: String,
    url: String,
}

#[derive(Serialize)]
struct NavItem {
    title: String,
    /// The language of the title when it is not the reader's (a page shown untranslated).
    lang: Option<String>,
    url: String,
    current: bool,
    active: bool,
    children: Vec<NavItem>,
}

#[derive(Serialize)]
struct TranslationCtx {
    code: String,
    /// The BCP 47 tag for `lang` attributes (`zh-CN`).
    tag: String,
    title: String,
    url: Option<String>,
    absolute: Option<String>,
    current: bool,
    /// The heading ids of that language's version of the page, in order, space-separated:
    /// the language switch maps the section being read to the same section there (by id,
    /// else by position), since ids may differ between languages.
    anchors: String,
}

#[derive(Serialize)]
struct LangCtx<'a> {
    code: &'a str,
    /// The BCP 47 tag of `<html lang>` (`zh-CN`); `code` stays in URLs and file names.
    tag: &'a str,
    title: &'a str,
    description: &'a str,
    strings: &'a crate::strings::UiStrings,
    home: String,
}

/// The template context of a generated page (search, progress, answer key, handouts):
/// everything `base.html` needs. `page` holds at least `title`, `canonical` and `widgets`;
/// `counterpart(oi)` gives the site-relative URL of the same page in language `oi`, if any;
/// `current` is the page to mark in the sidebar.
fn generated_context(
    site: &Site,
    config: &Config,
    li: usize,
    url: &str,
    page: serde_json::Value,
    counterpart: impl Fn(usize) -> Option<String>,
    current: Option<usize>,
) -> tera::Context {
    let root = root_of(url);
    let lang = &site.langs[li];
    let translations: Vec<TranslationCtx> = site
        .langs
        .iter()
        .enumerate()
        .map(|(oi, l)| {
            let olc = config
                .language(&l.code)
                .unwrap_or(config.default_language());
            let target = counterpart(oi);
            TranslationCtx {
                code: l.code.clone(),
                tag: olc.locale.clone(),
                title: olc.title.clone(),
                url: target.as_ref().map(|t| format!("{root}{}", encode_path(t))),
                absolute: target.as_ref().map(|t| absolute(config, t)),
                current: oi == li,
                anchors: String::new(),
            }
        })
        .collect();
    let ancestors: HashSet<usize> = current.into_iter().collect();
    let mut ctx = tera::Context::new();
    ctx.insert("page", &page);
    ctx.insert("lang", &LangCtx::of(config, &lang.code, &root));
    ctx.insert("translations", &translations);
    ctx.insert(
        "nav",
        &nav(
            site,
            lang,
            0,
            current.unwrap_or(usize::MAX),
            &ancestors,
            &root,
        ),
    );
    ctx.insert("root", &root);
    ctx.insert("assets", &format!("{root}assets/"));
    ctx.insert("links", &special::links(site, config, li, &root));
    ctx.insert("site", &look::site(config, &root));
    ctx
}

/// The absolute form of a site-relative URL: with the base URL when it is absolute, with
/// the base path otherwise.
pub fn absolute(config: &Config, url: &str) -> String {
    format!("{}{}", config.base_url, encode_path(url))
}

/// Relative path from a page at `url` (a folder path such as `en/value/x/`) to the root.
pub fn root_of(url: &str) -> String {
    "../".repeat(url.matches('/').count())
}

/// Above this many entries in a folder, the sidebar lists only the entries on the way to
/// the current page (the part's own page lists them all): a sidebar of hundreds of parts
/// helps no one on a phone, and it would make every page of a large site heavy.
const NAV_LIMIT: usize = 60;

fn nav(
    site: &Site,
    lang: &LangSite,
    section: usize,
    current: usize,
    ancestors: &HashSet<usize>,
    root: &str,
) -> Vec<NavItem> {
    let children = &lang.pages[section].children;
    let large = children.len() > NAV_LIMIT;
    children
        .iter()
        .filter(|&&c| !large || c == current || ancestors.contains(&c))
        .map(|&c| {
            let p = &lang.pages[c];
            let expand = (ancestors.contains(&c) || c == current) && !p.children.is_empty();
            let page = site.page(p);
            NavItem {
                title: page.front.title.clone(),
                lang: p.fallback.then(|| page.lang.clone()),
                url: format!("{root}{}", encode_path(&p.url)),
                current: c == current,
                active: ancestors.contains(&c),
                children: if expand {
                    nav(site, lang, c, current, ancestors, root)
                } else {
                    Vec::new()
                },
            }
        })
        .collect()
}

/// The ids of the headings of a page, in order, space-separated (ids hold no spaces).
fn anchors(site: &Site, page: &crate::model::PageModel) -> String {
    let headings = &site.page(page).body.headings;
    let ids: Vec<&str> = headings.iter().map(|h| h.id.as_str()).collect();
    ids.join(" ")
}

/// Renders every page, the 404 page, the sitemap, and copies theme and content assets,
/// into `store`; `sections` (see [`search::take_sections`]) become the search indexes.
pub fn render(
    site: &Site,
    config: &Config,
    theme: &Theme,
    assets: &[Asset],
    store: &dyn store::Store,
    mut sections: search::SectionTexts,
) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let tera = match templates::load_cached(theme, store.memo().map(|m| &m.templates)) {
        Ok(t) => t,
        Err(d) => {
            diags.extend(d);
            return diags;
        }
    };
    let jobs: Vec<(usize, usize)> = site
        .langs
        .iter()
        .enumerate()
        .flat_map(|(li, l)| (0..l.pages.len()).map(move |pi| (li, pi)))
        .collect();
    let bases = base_contexts(site, config, &jobs);
    let t = std::time::Instant::now();
    // Only for a store that keeps files of earlier builds (`serve`).
    let deps = store.reuses().then(|| deps::Deps::new(site));
    // A clean build makes each part's handout beside its pages, from the same parse of
    // each body (`serve` makes them afterwards, only those whose pages changed).
    let slots = deps.is_none().then(|| handout::Slots::new(site));
    // Pages and the search indexes at once: writing pages waits on the disk, indexing
    // does not. Each page goes to the store as soon as it is rendered. Two pages with one
    // URL were reported by the model stage: the second is dropped.
    let ((errors, generated), search_clashes): ((Vec<Diagnostic>, Vec<Trouble>), Vec<String>) =
        rayon::join(
            || {
                let errors = jobs
                    .par_iter()
                    .filter_map(|&(li, pi)| {
                        if let Some(deps) = &deps {
                            let path = format!("{}index.html", site.langs[li].pages[pi].url);
                            if store.reuse(&path, deps.page(li, pi)) {
                                return None;
                            }
                        }
                        let base = &bases[&(li, root_of(&site.langs[li].pages[pi].url).len())];
                        let model = &site.langs[li].pages[pi];
                        let events = site.page(model).body.events();
                        let page = page::render(site, config, theme, &tera, base, li, pi, &events);
                        if let Some((slots, (root, prefix))) =
                            slots.as_ref().and_then(|s| Some((s, s.wants(li, pi)?)))
                        {
                            let html = body::render_events(
                                site, config, model, &events, root, &prefix, true,
                            );
                            drop(events);
                            slots.deliver(site, config, theme, &tera, store, li, pi, html);
                        }
                        match page {
                            Ok((path, bytes)) => {
                                store.put(path, bytes);
                                None
                            }
                            Err(d) => Some(d),
                        }
                    })
                    .collect();
                crate::debug_span("pages", t);
                // The generated pages and the handouts follow at once, while the search index
                // may still be building on the other thread. They never write a search file.
                (
                    errors,
                    special::render_all(site, config, theme, &tera, store, deps.as_ref(), slots),
                )
            },
            || {
                let t = std::time::Instant::now();
                // `serve` writes the search files in a second pass, after the pages reload.
                if store.defers_search() {
                    return Vec::new();
                }
                if let Some(memo) = store.memo() {
                    let cache = &mut store::lock(&memo.search);
                    let clashes =
                        search_incremental::store_files(site, config, &mut sections, cache, store);
                    crate::debug_span("search index", t);
                    return clashes;
                }
                // Written in parallel as they come (page chunks while the index is being
                // built), while pages may still be rendering: no page writes a path under
                // `search/` other than its `index.html`, which the index never writes. Each
                // file is freed once stored. The paths already taken come back.
                let mut clashes = Vec::new();
                search::site_files(site, config, &mut sections, &mut |files| {
                    clashes.par_extend(files.into_par_iter().filter_map(|(path, bytes)| {
                        (!store.put(path.clone(), bytes)).then_some(path)
                    }))
                });
                crate::debug_span("search index", t);
                clashes
            },
        );
    // A template error shows once, not once per page or per child template.
    let mut seen = HashSet::new();
    let mut once = move |diags: &mut Diagnostics, d: Diagnostic| {
        if seen.insert((d.path.clone(), d.span.start, d.message.clone())) {
            diags.push(d);
        }
    };
    for d in errors {
        once(&mut diags, d);
    }
    crate::debug_span("pages, index", t);
    let insert = |diags: &mut Diagnostics, path: String, bytes: Vec<u8>, origin: &str| {
        if let Some(Trouble::Clash(d)) = store::put(store, path, bytes, origin) {
            diags.push(d);
        }
    };
    for path in search_clashes {
        diags.push(
            Diagnostic::file_error(
                "search index",
                format!("two outputs would be written to `{path}`"),
            )
            .with_hint("rename the file so that it does not clash with a page or a theme asset"),
        );
    }
    for trouble in generated {
        match trouble {
            Trouble::Clash(d) => diags.push(d),
            Trouble::Template(d) => once(&mut diags, d),
        }
    }
    // The 404 pages use absolute paths: they are served at any depth. One per language
    // (`404.html`, `en/404.html`) for hosts that pick the error page by folder; the root
    // one, which most hosts serve for every path, also says it in the other languages.
    for li in (0..site.langs.len()).filter(|&li| !site.langs[li].pages.is_empty()) {
        let prefix = config
            .language(&site.langs[li].code)
            .map(|l| l.prefix.clone())
            .unwrap_or_default();
        match not_found::render_404(site, config, theme, &tera, li) {
            Ok(bytes) => insert(&mut diags, format!("{prefix}404.html"), bytes, "404.html"),
            Err(d) => once(&mut diags, d),
        }
    }
    insert(
        &mut diags,
        "sitemap.xml".into(),
        sitemap::sitemap(site, config).into_bytes(),
        "sitemap.xml",
    );
    for (name, bytes) in crate::theme::WASM_ASSETS {
        insert(&mut diags, format!("assets/{name}"), bytes.to_vec(), name);
    }
    for (path, file) in theme.statics() {
        insert(
            &mut diags,
            format!("assets/{path}"),
            file.bytes.clone(),
            &file.origin,
        );
    }
    for a in assets {
        insert(&mut diags, a.out_path.clone(), a.bytes.clone(), &a.out_path);
    }
    let manifest = offline::manifest(config).into_bytes();
    insert(
        &mut diags,
        "manifest.webmanifest".into(),
        manifest,
        "manifest.webmanifest",
    );
    let t = std::time::Instant::now();
    for (path, bytes) in offline::lists(&store.listing(), config) {
        insert(&mut diags, path, bytes, "offline lists");
    }
    let sw = offline::service_worker(&store.listing(), config).into_bytes();
    crate::debug_span("service worker", t);
    insert(&mut diags, "sw.js".into(), sw, "sw.js");
    diags
}

impl<'a> LangCtx<'a> {
    fn of(config: &'a Config, code: &str, root: &str) -> LangCtx<'a> {
        let l = config.language(code).unwrap_or(config.default_language());
        LangCtx {
            code: &l.code,
            tag: &l.locale,
            title: &l.title,
            description: &l.description,
            strings: &l.strings,
            home: format!("{root}{}", encode_path(&l.prefix)),
        }
    }
}

/// What a page's template context holds that depends only on its language and its depth
/// in the site (its root prefix): `lang` (with its interface strings), `root`, `assets`,
/// `links` and `site`, made once per language and depth and cloned for each page, which
/// costs less than making it again (about 60 strings). Keyed by language and the length
/// of the root prefix (three bytes a level).
fn base_contexts(
    site: &Site,
    config: &Config,
    jobs: &[(usize, usize)],
) -> HashMap<(usize, usize), tera::Context> {
    let mut bases = HashMap::new();
    for &(li, pi) in jobs {
        let root = root_of(&site.langs[li].pages[pi].url);
        bases.entry((li, root.len())).or_insert_with(|| {
            let mut ctx = tera::Context::new();
            ctx.insert("lang", &LangCtx::of(config, &site.langs[li].code, &root));
            ctx.insert("root", &root);
            ctx.insert("assets", &format!("{root}assets/"));
            ctx.insert("links", &special::links(site, config, li, &root));
            ctx.insert("site", &look::site(config, &root));
            ctx
        });
    }
    bases
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_depth() {
        assert_eq!(root_of(""), "");
        assert_eq!(root_of("value/"), "../");
        assert_eq!(root_of("en/value/x/"), "../../../");
    }
}
