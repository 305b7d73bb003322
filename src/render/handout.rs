//! Printable handouts: one page per part and one for the whole playbook, each with a table
//! of contents, every chapter in full (widgets as blank worksheets, quizzes as worksheets)
//! and the answer key at the end. Ids are prefixed per chapter so the page stays valid.

use rayon::prelude::*;
use serde::Serialize;

use super::deps::Deps;
use super::store::Store;
use super::store::Trouble;
use super::{absolute, body, generated_context, root_of, templates};
use crate::components::Component;
use crate::config::Config;
use crate::model::{Kind, Site};
use crate::theme::Theme;

/// Above this many pages in a language there is no whole-playbook handout (it would be a
/// page of tens of megabytes that no one prints); the handout of each part remains.
pub const WHOLE_LIMIT: usize = 300;

/// Folder of a handout, under the part (`value/print/`) or the language root (`print/`).
pub const FOLDER: &str = "print/";

#[derive(Serialize)]
struct Chapter {
    anchor: String,
    title: String,
    objectives: Vec<String>,
    duration: Option<u32>,
    toc: Vec<(String, String)>,
    content: String,
    keys: Vec<String>,
}

#[derive(Serialize)]
struct Part {
    anchor: String,
    title: String,
    intro: String,
    chapters: Vec<Chapter>,
}

/// The url of the handout of part `pi` (`value/print/`), or of the whole language.
pub fn url_of(site: &Site, li: usize, pi: Option<usize>, prefix: &str) -> String {
    match pi {
        Some(pi) => format!("{}{FOLDER}", site.langs[li].pages[pi].url),
        None => format!("{prefix}{FOLDER}"),
    }
}

/// Renders the handouts of language `li`, each handed to `store` as soon as it is made
/// (at 10,000 pages they weigh about 43 MB together); what went wrong comes back in the
/// order of the parts.
pub fn render(
    site: &Site,
    config: &Config,
    theme: &Theme,
    tera: &tera::Tera,
    li: usize,
    store: &dyn Store,
    deps: Option<&Deps>,
) -> Vec<Trouble> {
    let lang = &site.langs[li];
    let lc = config
        .language(&lang.code)
        .unwrap_or(config.default_language());
    let parts: Vec<usize> = lang.pages[0]
        .children
        .iter()
        .copied()
        .filter(|&c| lang.pages[c].kind == Kind::Section)
        .collect();
    let mut targets: Vec<(Option<usize>, Vec<usize>)> =
        parts.iter().map(|&p| (Some(p), vec![p])).collect();
    if lang.pages.len() <= WHOLE_LIMIT {
        targets.push((None, lang.pages[0].children.clone()));
    }
    // A handout the store still has from an earlier build (`serve`) is not made again.
    let targets: Vec<_> = targets
        .into_iter()
        .filter(|(target, sections)| {
            deps.is_none_or(|d| {
                let path = format!("{}index.html", url_of(site, li, *target, &lc.prefix));
                !store.reuse(&path, d.handout(li, *target, sections))
            })
        })
        .collect();
    let troubles: Vec<Option<Trouble>> = targets.into_par_iter().map(|(target, sections)| {
        let url = url_of(site, li, target, &lc.prefix);
        let root = root_of(&url);
        let mut rendered_parts = Vec::new();
        for &sec in &sections {
            let secm = &lang.pages[sec];
            let secp = site.page(secm);
            let members: Vec<usize> = if secm.kind == Kind::Section {
                secm.children.clone()
            } else {
                vec![sec]
            };
            let chapters = members
                .par_iter()
                .map(|&ci| {
                    let m = &lang.pages[ci];
                    let p = site.page(m);
                    let prefix = format!("c{ci}-");
                    let keys = p
                        .components
                        .iter()
                        .flatten()
                        .filter_map(|c| match c {
                            Component::Quiz(q) => Some(q.answer_key(&lang.code, &lc.strings)),
                            Component::Scenario(s) => Some(s.trainer_key(&lang.code)),
                            _ => None,
                        })
                        .collect();
                    Chapter {
                        anchor: format!("c{ci}"),
                        title: p.front.title.clone(),
                        objectives: p.front.objectives.clone(),
                        duration: p.front.duration,
                        toc: p
                            .body
                            .headings
                            .iter()
                            .filter(|h| h.level == 2)
                            .map(|h| (format!("{prefix}{}", h.id), h.text.clone()))
                            .collect(),
                        content: body::render(site, config, m, &root, &prefix, true),
                        keys,
                    }
                })
                .collect();
            rendered_parts.push(Part {
                anchor: format!("p{sec}"),
                title: secp.front.title.clone(),
                intro: if secm.kind == Kind::Section {
                    body::render(site, config, secm, &root, &format!("p{sec}-"), true)
                } else {
                    String::new()
                },
                chapters,
            });
        }
        let title = match target {
            Some(p) => format!(
                "{} · {}",
                site.page(&lang.pages[p]).front.title,
                lc.strings["print"]
            ),
            None => format!("{} · {}", lc.title, lc.strings["print"]),
        };
        let page = serde_json::json!({ "title": title, "canonical": absolute(config, &url), "widgets": false });
        let counterpart = |oi: usize| {
            let olc = config.language(&site.langs[oi].code).unwrap_or(config.default_language());
            match target {
                Some(p) => site.langs[oi]
                    .by_key
                    .get(&site.page(&lang.pages[p]).key)
                    .map(|&o| url_of(site, oi, Some(o), &olc.prefix)),
                None => Some(url_of(site, oi, None, &olc.prefix)),
            }
        };
        let mut ctx = generated_context(site, config, li, &url, page, counterpart, target);
        ctx.insert("parts", &rendered_parts);
        ctx.insert("whole", &target.is_none());
        match templates::render_bytes(tera, "handout.html", &ctx, 64 << 10) {
            Ok(html) => super::store::put(store, format!("{url}index.html"), html, "content"),
            Err(e) => Some(Trouble::Template(templates::diagnostic(theme, &e))),
        }
    }).collect();
    troubles.into_iter().flatten().collect()
}
