//! One content page: its context for the page template (title, body HTML, table of
//! contents, breadcrumbs, pager, children, translations, navigation) and its HTML.
//!
//! Input: the site, the page's parsed body events (made once for the page and its
//! handout) and the context shared by pages of its language and depth. Output: the page's
//! path and bytes, or the template's error. Must not: write files.

use std::collections::HashSet;

use serde::Serialize;

use super::{
    absolute, anchors, body, handout, nav, root_of, sources, templates, LinkCtx, TranslationCtx,
};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::model::{encode_path, Kind, Site};
use crate::parse::Heading;
use crate::theme::Theme;

#[derive(Serialize)]
struct ChildCtx {
    title: String,
    url: String,
    description: String,
    duration: Option<u32>,
}

#[derive(Serialize)]
struct PageCtx<'a> {
    title: &'a str,
    description: &'a str,
    kind: Kind,
    content: String,
    objectives: &'a [String],
    duration: Option<u32>,
    sources: Vec<sources::SourceCtx>,
    toc: Vec<&'a Heading>,
    breadcrumbs: Vec<LinkCtx>,
    prev: Option<LinkCtx>,
    next: Option<LinkCtx>,
    children: Vec<ChildCtx>,
    canonical: String,
    path: String,
    widgets: bool,
    /// Whether the page holds a scenario (loads `scenario.js`).
    scenario: bool,
    print: Option<String>,
    /// The language of the content when it is not the reader's (a fallback page).
    content_lang: Option<&'a str>,
    /// A notice above the article, in the reader's language: the page is not translated
    /// yet, or its translation is older than the original.
    notice: Option<String>,
    /// Link to the original (fallback and stale pages).
    original: Option<LinkCtx>,
}

/// Renders page `pi` of language `li` from its body's `events` with the template its kind
/// asks for: (output path, bytes).
#[allow(clippy::too_many_arguments)]
pub(super) fn render(
    site: &Site,
    config: &Config,
    theme: &Theme,
    tera: &tera::Tera,
    base: &tera::Context,
    li: usize,
    pi: usize,
    events: &[pulldown_cmark::Event],
) -> Result<(String, Vec<u8>), Diagnostic> {
    let lang = &site.langs[li];
    let model = &lang.pages[pi];
    let page = site.page(model);
    let root = root_of(&model.url);
    let link = |i: usize| LinkCtx {
        title: site.page(&lang.pages[i]).front.title.clone(),
        url: format!("{root}{}", encode_path(&lang.pages[i].url)),
    };
    let mut ancestors = HashSet::new();
    let mut crumbs = Vec::new();
    let mut up = model.parent;
    while let Some(a) = up {
        ancestors.insert(a);
        crumbs.push(link(a));
        up = lang.pages[a].parent;
    }
    crumbs.reverse();
    let translations = site
        .langs
        .iter()
        .map(|l| {
            let target = l.by_key.get(&page.key).map(|&i| &l.pages[i]);
            let lc = config
                .language(&l.code)
                .unwrap_or(config.default_language());
            TranslationCtx {
                code: l.code.clone(),
                tag: lc.locale.clone(),
                title: lc.title.clone(),
                url: target.map(|t| format!("{root}{}", encode_path(&t.url))),
                // A page shown in another language is no alternate version (hreflang).
                absolute: target
                    .filter(|t| !t.fallback)
                    .map(|t| absolute(config, &t.url)),
                current: l.code == lang.code,
                anchors: target.map(|t| anchors(site, t)).unwrap_or_default(),
            }
        })
        .collect::<Vec<_>>();
    let strings = &config
        .language(&lang.code)
        .unwrap_or(config.default_language())
        .strings;
    let original = if model.fallback {
        site.original_of(model)
    } else if model.stale {
        site.langs[0]
            .by_key
            .get(&page.key)
            .map(|&i| &site.langs[0].pages[i])
    } else {
        None
    };
    let notice = if model.fallback {
        let name = crate::strings::language_name(&page.lang, &lang.code);
        Some(strings["untranslated"].replace("{lang}", &name))
    } else if model.stale {
        Some(strings["stale_translation"].clone())
    } else {
        None
    };
    let content = body::render_events(site, config, model, events, &root, "", false);
    let content_len = content.len();
    let ctx_page = PageCtx {
        title: &page.front.title,
        description: &page.front.description,
        kind: model.kind,
        content,
        objectives: &page.front.objectives,
        duration: page.front.duration,
        sources: sources::sources(site, lang, &root, &page.front.sources),
        toc: page.body.headings.iter().filter(|h| h.level == 2).collect(),
        breadcrumbs: crumbs,
        prev: model.prev.map(link),
        next: model.next.map(link),
        children: model
            .children
            .iter()
            .map(|&c| {
                let p = site.page(&lang.pages[c]);
                ChildCtx {
                    title: p.front.title.clone(),
                    url: format!("{root}{}", encode_path(&lang.pages[c].url)),
                    description: p.front.description.clone(),
                    duration: p.front.duration,
                }
            })
            .collect(),
        // A fallback page points search engines at the original it shows.
        canonical: absolute(
            config,
            &original.filter(|_| model.fallback).unwrap_or(model).url,
        ),
        path: model.url.clone(),
        widgets: page.components.iter().flatten().any(|c| c.is_widget()),
        scenario: page
            .components
            .iter()
            .flatten()
            .any(|c| matches!(c, crate::components::Component::Scenario(_))),
        print: (model.kind == Kind::Section
            || (model.kind == Kind::Home && lang.pages.len() <= handout::WHOLE_LIMIT))
            .then(|| format!("{root}{}{}", encode_path(&model.url), handout::FOLDER)),
        content_lang: model.fallback.then_some(page.lang.as_str()),
        notice,
        original: original.map(|o| LinkCtx {
            title: strings["read_original"].clone(),
            url: format!("{root}{}", encode_path(&o.url)),
        }),
    };
    let mut ctx = base.clone();
    ctx.insert("page", &ctx_page);
    ctx.insert("translations", &translations);
    ctx.insert("nav", &nav(site, lang, 0, pi, &ancestors, &root));
    // The page's folder in the site (`value/`, `en/value/`): what offline saving refers to.
    ctx.insert("page_path", &encode_path(&model.url));
    let template = match model.kind {
        Kind::Home => "index.html",
        Kind::Section => "section.html",
        Kind::Page => "page.html",
    };
    // The page around the body: navigation, header and footer take about 16 KB.
    let html = templates::render_bytes(tera, template, &ctx, content_len + (16 << 10))
        .map_err(|e| templates::diagnostic(theme, &e))?;
    Ok((format!("{}index.html", model.url), html))
}
