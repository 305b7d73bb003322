//! `serve`'s search files, updated rather than written afresh: the same files as
//! [`search::site_files`], byte for byte, from a
//! [`SearchCache`] kept between rebuilds.
//!
//! Input: the model, each page's section texts (read, not consumed) and the cache of the
//! last rebuild. Each page is named by a signature of what its index entry is made from
//! (URL, title, description, section texts); only pages with a new signature are
//! tokenized, then `playbook_kit::search::IndexCache` redoes what they change. Output: the
//! search files of every language, into the store (only those whose bytes changed are
//! made: the others are kept from the last build), and per language what was redone
//! ([`SearchCache::last`]). Must not: touch the file system, or differ from a clean
//! build's search files (the serve tests compare them after every kind of edit).

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};

use playbook_kit::search::{page_terms, IndexCache, PageIn, Updated};
use rayon::prelude::*;
use rustc_hash::FxHasher;

use super::search::{self, SectionTexts, FOLDER};
use super::store::Store;
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

/// Stores every search file of the site (as [`search::site_files`] makes them), updated
/// from `cache`, which then holds this build's index: a file whose fingerprint the store
/// still holds from the last build is kept ([`Store::reuse`]), the others are made and
/// stored. Returns the paths that were taken already.
pub fn store_files(
    site: &Site,
    config: &Config,
    sections: &mut SectionTexts,
    cache: &mut SearchCache,
    store: &dyn Store,
) -> Vec<String> {
    let mut clashes = Vec::new();
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
            .map(|(p, &s)| (s, search::page_in(site, p, (*sections[p.parsed]).clone())))
            .collect();
        crate::debug_span("search sigs", t);
        let t = std::time::Instant::now();
        let freqs: Vec<_> = fresh.par_iter().map(|(_, p)| page_terms(p)).collect();
        for ((s, p), f) in fresh.iter().zip(freqs) {
            index.add_page(*s, p, f);
        }
        crate::debug_span("search tokens", t);
        let t = std::time::Instant::now();
        match index.update(&sigs) {
            Some(stats) => {
                cache.last.push((lang.code.clone(), stats));
                crate::debug_span("search update", t);
                if crate::debug_log() {
                    eprintln!(
                        "[debug] search update: {} lines encoded ({} as the average moved, {} postings), {} chunks hashed",
                        stats.lines, stats.lines_moved, stats.postings, stats.chunks_rehashed
                    );
                }
                let t = std::time::Instant::now();
                for f in index.files() {
                    let path = format!("{prefix}{FOLDER}{}", f.name);
                    if !store.reuse(&path, f.fingerprint)
                        && !store.put(path.clone(), index.bytes(&f))
                    {
                        clashes.push(path);
                    }
                }
                crate::debug_span("search store", t);
            }
            // Two pages with one signature (one URL: an error the model reported).
            None => {
                let mut put = |files: Vec<(String, Vec<u8>)>| {
                    for (name, bytes) in files {
                        let path = format!("{prefix}{FOLDER}{name}");
                        if !store.put(path.clone(), bytes) {
                            clashes.push(path);
                        }
                    }
                };
                search::index(site, li, sections, &mut put);
            }
        }
        langs.insert(key, index);
    }
    cache.langs = langs;
    clashes
}
