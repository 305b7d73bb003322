//! What each rendered page and handout reads, as one fingerprint: `serve`'s incremental
//! store keeps a file whose fingerprint did not change instead of rendering it again.
//!
//! Input: the site model, whose [`Site::digests`] hold a hash of every parsed page's path
//! and text mixed with everything global (configuration, theme, GIFT files, options: see
//! `crate::incremental::digests`). Output: a 64-bit hash per output file that changes
//! whenever anything the file shows may have changed: the page itself, its resolved links,
//! the titles and URLs of its parents, neighbours and children, the menu levels it shows,
//! its translations' URLs and heading ids, whether the language has quizzes. Must not:
//! leave out an input of `page::render` or `handout::render` (the serve tests compare every
//! file with a clean build after each kind of edit), or cost more than hashing a few small
//! strings per page.

use std::hash::{Hash, Hasher};

use rustc_hash::FxHasher;

use super::handout;
use crate::model::{Kind, LangSite, PageModel, Site};

/// Per language, per page: the hash of the menu level under that page (its children's
/// titles, URLs and whether they have children), or 0 for a page without children.
pub struct Deps<'a> {
    site: &'a Site,
    levels: Vec<Vec<u64>>,
}

impl<'a> Deps<'a> {
    /// Hashes the menu levels of every language.
    pub fn new(site: &'a Site) -> Deps<'a> {
        let levels = site
            .langs
            .iter()
            .map(|lang| {
                lang.pages
                    .iter()
                    .map(|p| {
                        if p.children.is_empty() {
                            return 0;
                        }
                        let mut h = FxHasher::default();
                        for &c in &p.children {
                            let cp = &lang.pages[c];
                            let page = site.page(cp);
                            page.front.title.hash(&mut h);
                            cp.fallback.then_some(&page.lang).hash(&mut h);
                            cp.url.hash(&mut h);
                            cp.children.is_empty().hash(&mut h);
                        }
                        h.finish()
                    })
                    .collect()
            })
            .collect();
        Deps { site, levels }
    }

    /// The page itself: its source (and everything global), where it sits, its links.
    fn core(&self, lang: &LangSite, pi: usize, h: &mut FxHasher) {
        let m = &lang.pages[pi];
        self.site.digests.get(m.parsed).hash(h);
        m.url.hash(h);
        (m.kind as u8).hash(h);
        m.fallback.hash(h);
        m.stale.hash(h);
        m.links.hash(h);
    }

    /// Title and URL of a page another page links to.
    fn link(&self, lang: &LangSite, i: usize, h: &mut FxHasher) {
        let p = &lang.pages[i];
        self.site.page(p).front.title.hash(h);
        p.url.hash(h);
    }

    /// The menu of a page whose current entry is `current` with these ancestors.
    fn nav(&self, li: usize, current: Option<usize>, ancestors: &[usize], h: &mut FxHasher) {
        let lang = &self.site.langs[li];
        let levels = &self.levels[li];
        levels.first().hash(h);
        for &a in ancestors.iter().chain(current.iter()) {
            lang.pages[a].url.hash(h);
            levels[a].hash(h);
        }
        // The links to the progress page and the answer key.
        let has = *lang
            .has_quizzes
            .get_or_init(|| super::special::graded(self.site, li));
        has.hash(h);
    }

    /// The URLs of the page of `key` in every language (and their heading ids).
    fn translations(&self, key: &str, h: &mut FxHasher) {
        for l in &self.site.langs {
            l.code.hash(h);
            match l.by_key.get(key).map(|&i| &l.pages[i]) {
                Some(t) => {
                    t.url.hash(h);
                    t.fallback.hash(h);
                    for heading in &self.site.page(t).body.headings {
                        heading.id.hash(h);
                    }
                }
                None => 0u8.hash(h),
            }
        }
    }

    /// The fingerprint of page `pi` of language `li` (`page::render`).
    pub fn page(&self, li: usize, pi: usize) -> u64 {
        let site = self.site;
        let lang = &site.langs[li];
        let m = &lang.pages[pi];
        let mut h = FxHasher::default();
        "page".hash(&mut h);
        self.core(lang, pi, &mut h);
        let mut ancestors = Vec::new();
        let mut up = m.parent;
        while let Some(a) = up {
            ancestors.push(a);
            self.link(lang, a, &mut h);
            up = lang.pages[a].parent;
        }
        for n in [m.prev, m.next] {
            n.is_some().hash(&mut h);
            if let Some(n) = n {
                self.link(lang, n, &mut h);
            }
        }
        for &c in &m.children {
            self.link(lang, c, &mut h);
            let p = site.page(&lang.pages[c]);
            p.front.description.hash(&mut h);
            p.front.duration.hash(&mut h);
        }
        self.translations(&site.page(m).key, &mut h);
        site.original_of(m).map(|o| &o.url).hash(&mut h);
        let key = &site.page(m).key;
        site.langs[0]
            .by_key
            .get(key)
            .map(|&i| &site.langs[0].pages[i].url)
            .hash(&mut h);
        (m.kind == Kind::Home && lang.pages.len() <= handout::WHOLE_LIMIT).hash(&mut h);
        self.nav(li, Some(pi), &ancestors, &mut h);
        h.finish()
    }

    /// The fingerprint of the handout of part `target` (or of the whole language) whose
    /// chapters come from `sections` (`handout::render`).
    pub fn handout(&self, li: usize, target: Option<usize>, sections: &[usize]) -> u64 {
        let site = self.site;
        let lang = &site.langs[li];
        let mut h = FxHasher::default();
        "handout".hash(&mut h);
        target.hash(&mut h);
        match target {
            Some(t) => {
                self.core(lang, t, &mut h);
                self.translations(&site.page(&lang.pages[t]).key, &mut h);
            }
            None => site.langs.len().hash(&mut h),
        }
        // Chapters' anchors and ids are numbered by their place in the reading order.
        for &sec in sections {
            let secm: &PageModel = &lang.pages[sec];
            sec.hash(&mut h);
            self.core(lang, sec, &mut h);
            if secm.kind == Kind::Section {
                for &ci in &secm.children {
                    ci.hash(&mut h);
                    self.core(lang, ci, &mut h);
                }
            }
        }
        self.nav(li, target, &[], &mut h);
        h.finish()
    }
}
