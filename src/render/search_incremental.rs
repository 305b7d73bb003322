//! `serve`'s search files, updated rather than written afresh: the same files as
//! [`search::site_files`], byte for byte, from a
//! [`SearchCache`] kept between rebuilds.
//!
//! Input: the model, each page's section texts (read, not consumed) and the cache of the
//! last rebuild. Each page is named by a signature of what its index entry is made from
//! (URL, title, description, section texts); only pages with a new signature are
//! tokenized, then `playbook_kit::search::IndexCache` redoes what they change. Output: the
//! search files of every language, and per language what was redone
//! ([`SearchCache::last`]). Must not: touch the file system, or differ from a clean
//! build's search files (the serve tests compare them after every kind of edit).

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};

use playbook_kit::search::{page_terms, IndexCache, PageIn, Updated};
use rayon::prelude::*;
use rustc_hash::FxHasher;

use super::search::{self, SectionTexts, FOLDER};
use crate::config::Config;
use crate::model::{PageModel, Site};

/// The search index of every language, kept from one rebuild to the next.
#[derive(Default)]
pub struct SearchCache {
    langs: BTreeMap<String, IndexCache>,
    /// What the last update redid, per language code.
    pub last: Vec<(String, Updated)>,
}

/// Everything a page's entry in the index is made from.
fn signature(site: &Site, p: &PageModel, sections: &[(String, String, String)]) -> u64 {
    let page = site.page(p);
    let mut h = FxHasher::default();
    (&p.url, &page.front.title, &page.front.description, sections).hash(&mut h);
    h.finish()
}

/// Every search file of the site (as [`search::site_files`] makes them), updated from
/// `cache`, which then holds this build's index.
pub fn site_files(
    site: &Site,
    config: &Config,
    sections: &mut SectionTexts,
    cache: &mut SearchCache,
) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut langs = BTreeMap::new();
    cache.last.clear();
    for li in (0..site.langs.len()).filter(|&li| !site.langs[li].pages.is_empty()) {
        let lang = &site.langs[li];
        let prefix = config
            .language(&lang.code)
            .map(|l| l.prefix.clone())
            .unwrap_or_default();
        let key = format!("{}\t{prefix}", lang.code);
        let mut index = cache.langs.remove(&key).unwrap_or_default();
        // A page shown in another language is found in that language's index, not here.
        let pages: Vec<&PageModel> = lang.pages.iter().filter(|p| !p.fallback).collect();
        let t = std::time::Instant::now();
        let sigs: Vec<u64> = pages
            .par_iter()
            .map(|p| signature(site, p, &sections[p.parsed]))
            .collect();
        let fresh: Vec<(u64, PageIn)> = pages
            .iter()
            .zip(&sigs)
            .filter(|(_, s)| !index.knows(**s))
            .map(|(p, &s)| (s, search::page_in(site, p, sections[p.parsed].clone())))
            .collect();
        crate::debug_span("search sigs", t);
        let t = std::time::Instant::now();
        let freqs: Vec<_> = fresh.par_iter().map(|(_, p)| page_terms(p)).collect();
        for ((s, p), f) in fresh.iter().zip(freqs) {
            index.add_page(*s, p, f);
        }
        crate::debug_span("search tokens", t);
        let t = std::time::Instant::now();
        let updated = index.update(&sigs);
        crate::debug_span("search update", t);
        let files = match updated {
            Some((files, stats)) => {
                cache.last.push((lang.code.clone(), stats));
                files
            }
            // Two pages with one signature (one URL: an error the model reported).
            None => search::index(site, li, sections),
        };
        for (name, bytes) in files {
            out.push((format!("{prefix}{FOLDER}{name}"), bytes));
        }
        langs.insert(key, index);
    }
    cache.langs = langs;
    out
}
