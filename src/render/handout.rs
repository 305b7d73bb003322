//! Printable handouts: one page per part and one for the whole playbook, each with a table
//! of contents, every chapter in full (widgets as blank worksheets, quizzes as worksheets)
//! and the answer key at the end. Ids are prefixed per chapter so the page stays valid.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use rayon::prelude::*;
use serde::Serialize;

use super::deps::Deps;
use super::store::Trouble;
use super::store::{lock, Store};
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

/// The parts of language `li` that have a handout each (their pages' indexes, in order).
fn part_targets(site: &Site, li: usize) -> Vec<usize> {
    let lang = &site.langs[li];
    lang.pages[0]
        .children
        .iter()
        .copied()
        .filter(|&c| lang.pages[c].kind == Kind::Section)
        .collect()
}

/// Renders the handouts of language `li`, each handed to `store` as soon as it is made
/// (at 10,000 pages they weigh about 43 MB together); what went wrong comes back in the
/// order of the parts. Without `parts`, only the whole-playbook handout (the parts'
/// were made beside the pages: [`Slots`]).
#[allow(clippy::too_many_arguments)]
pub fn render(
    site: &Site,
    config: &Config,
    theme: &Theme,
    tera: &tera::Tera,
    li: usize,
    store: &dyn Store,
    deps: Option<&Deps>,
    parts: bool,
) -> Vec<Trouble> {
    let lang = &site.langs[li];
    let lc = config
        .language(&lang.code)
        .unwrap_or(config.default_language());
    let mut targets: Vec<(Option<usize>, Vec<usize>)> = if parts {
        part_targets(site, li)
            .into_iter()
            .map(|p| (Some(p), vec![p]))
            .collect()
    } else {
        Vec::new()
    };
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
    let content = |pi: usize, root: &str, prefix: &str| {
        body::render(site, config, &lang.pages[pi], root, prefix, true)
    };
    let troubles: Vec<Option<Trouble>> = targets
        .into_par_iter()
        .map(|(target, sections)| {
            make(
                site, config, theme, tera, li, target, &sections, store, &content,
            )
        })
        .collect();
    troubles.into_iter().flatten().collect()
}

/// Makes and stores the handout of part `target` (or of the whole language) from the
/// parts `sections`, each body's worksheet HTML given by `content(page, root, id prefix)`.
#[allow(clippy::too_many_arguments)]
fn make(
    site: &Site,
    config: &Config,
    theme: &Theme,
    tera: &tera::Tera,
    li: usize,
    target: Option<usize>,
    sections: &[usize],
    store: &dyn Store,
    content: &(dyn Fn(usize, &str, &str) -> String + Sync),
) -> Option<Trouble> {
    let lang = &site.langs[li];
    let lc = config
        .language(&lang.code)
        .unwrap_or(config.default_language());
    let url = url_of(site, li, target, &lc.prefix);
    let root = root_of(&url);
    let mut rendered_parts = Vec::new();
    for &sec in sections {
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
                    content: content(ci, &root, &prefix),
                    keys,
                }
            })
            .collect();
        rendered_parts.push(Part {
            anchor: format!("p{sec}"),
            title: secp.front.title.clone(),
            intro: if secm.kind == Kind::Section {
                content(sec, &root, &format!("p{sec}-"))
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
        let olc = config
            .language(&site.langs[oi].code)
            .unwrap_or(config.default_language());
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
}

/// The worksheet HTML of each page of a part handout, made beside the page itself from
/// the same parse of its body in a clean build: each part's handout is made and stored as
/// soon as its last page is rendered (so that the bodies are parsed once, not once for
/// the page and once for its handout, and only the parts being rendered are held).
pub struct Slots {
    slots: Vec<Slot>,
    /// (language, page) → (slot, `None` for the part's introduction or its chapter's
    /// position).
    of: rustc_hash::FxHashMap<(usize, usize), (usize, Option<usize>)>,
}

struct Slot {
    li: usize,
    part: usize,
    root: String,
    remaining: AtomicUsize,
    intro: Mutex<Option<String>>,
    chapters: Mutex<Vec<Option<String>>>,
    trouble: Mutex<Option<Trouble>>,
}

impl Slots {
    /// The part handouts of every language of `site`.
    pub fn new(site: &Site) -> Slots {
        let mut slots = Vec::new();
        let mut of = rustc_hash::FxHashMap::default();
        for li in (0..site.langs.len()).filter(|&li| !site.langs[li].pages.is_empty()) {
            let lang = &site.langs[li];
            for part in part_targets(site, li) {
                let i = slots.len();
                let members = &lang.pages[part].children;
                of.insert((li, part), (i, None));
                for (k, &ci) in members.iter().enumerate() {
                    of.entry((li, ci)).or_insert((i, Some(k)));
                }
                slots.push(Slot {
                    li,
                    part,
                    root: root_of(&url_of(site, li, Some(part), "")),
                    remaining: AtomicUsize::new(members.len() + 1),
                    intro: Mutex::new(None),
                    chapters: Mutex::new(vec![None; members.len()]),
                    trouble: Mutex::new(None),
                });
            }
        }
        Slots { slots, of }
    }

    /// The root and id prefix with which page `pi` of language `li` is to be rendered as a
    /// worksheet for its part handout, if it is in one.
    pub fn wants(&self, li: usize, pi: usize) -> Option<(&str, String)> {
        let &(i, at) = self.of.get(&(li, pi))?;
        let prefix = match at {
            None => format!("p{pi}-"),
            Some(_) => format!("c{pi}-"),
        };
        Some((&self.slots[i].root, prefix))
    }

    /// Takes the worksheet HTML of page `pi` of language `li` ([`Slots::wants`]); the
    /// last of a part makes and stores the part's handout.
    #[allow(clippy::too_many_arguments)]
    pub fn deliver(
        &self,
        site: &Site,
        config: &Config,
        theme: &Theme,
        tera: &tera::Tera,
        store: &dyn Store,
        li: usize,
        pi: usize,
        html: String,
    ) {
        let Some(&(i, at)) = self.of.get(&(li, pi)) else {
            return;
        };
        let slot = &self.slots[i];
        match at {
            None => *lock(&slot.intro) = Some(html),
            Some(k) => lock(&slot.chapters)[k] = Some(html),
        }
        if slot.remaining.fetch_sub(1, Ordering::AcqRel) != 1 {
            return;
        }
        // Each body is asked for once, and taken.
        let content = |p: usize, _: &str, _: &str| -> String {
            match self.of.get(&(li, p)) {
                Some(&(j, None)) if j == i => lock(&slot.intro).take(),
                Some(&(j, Some(k))) if j == i => lock(&slot.chapters)[k].take(),
                _ => None,
            }
            .unwrap_or_default()
        };
        let trouble = make(
            site,
            config,
            theme,
            tera,
            slot.li,
            Some(slot.part),
            &[slot.part],
            store,
            &content,
        );
        *lock(&slot.trouble) = trouble;
    }

    /// What went wrong making the part handouts, with the language, in the order of the
    /// languages and parts.
    pub fn troubles(self) -> Vec<(usize, Trouble)> {
        self.slots
            .into_iter()
            .filter_map(|s| {
                let t = s.trouble.into_inner().unwrap_or_else(|e| e.into_inner());
                t.map(|t| (s.li, t))
            })
            .collect()
    }
}
