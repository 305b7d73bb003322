//! Search: the tokenizer ([`tokenize`]) is shared by the index, written at build time
//! ([`IndexWriter`]), and the query in the browser, so that the two can never disagree.
//!
//! The index is split so that a query downloads little of it: a manifest, shards of
//! terms (a query loads the shards of its terms, [`Index::shards_for`]) and one chunk per
//! page (loaded for the results shown, [`Index::missing_pages`]). Ranking works with
//! whatever has arrived, so results show as soon as the first shard does. Ranking is BM25
//! (the term-frequency part stored per posting as one of a few levels), title and heading
//! matches boosted, and each section gets a share of its page's score.

mod files;
mod fold;
mod html;
#[cfg(test)]
mod tests;
mod tokenize;
mod update;
mod write;

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

pub use files::{body_hash, fnv, Manifest, PageDocs, Posting, HEADER_LEN, LEVELS, TOKENIZER};
use files::{BARE, MAX_WEIGHT};
pub use html::{results_html, snippet, SECTIONS_PER_PAGE};
use tokenize::is_han;
pub use tokenize::{for_each_token, tokenize, Token};
pub use update::{IndexCache, SearchFile, Updated};
pub use write::{page_keys, page_terms, IndexWriter, PageIn, Term, TermFreqs, SHARD_TARGET};

/// One searchable document (a page, or a section of a page under a heading).
#[derive(Clone, Debug, PartialEq)]
pub struct Doc {
    /// URL relative to the site root, with an anchor for sections.
    pub url: String,
    /// Page title.
    pub title: String,
    /// Section heading (empty for the page's opening text).
    pub heading: String,
    /// Plain text.
    pub text: String,
}

/// Why a search file was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoadError {
    /// Written by another build of the site (its check differs from the manifest's).
    Stale,
    /// Truncated or damaged (its hash does not match), or not a search file.
    Corrupt,
    /// Written for another format or tokenizer.
    Format,
}

impl LoadError {
    /// A short code for the browser: `stale`, `corrupt`, `format`.
    pub fn code(self) -> &'static str {
        match self {
            LoadError::Stale => "stale",
            LoadError::Corrupt => "corrupt",
            LoadError::Format => "format",
        }
    }
}

/// The index as far as it has been loaded: the manifest, the shards and the page chunks
/// that have arrived.
#[derive(Clone, Debug, Default)]
pub struct Index {
    manifest: Manifest,
    loaded: Vec<bool>,
    terms: BTreeMap<String, Vec<Posting>>,
    pages: FxHashMap<u32, PageDocs>,
}

/// A query as the index reads it: its terms and, while a Latin word is being typed (the
/// query does not end in a space), that last word as a prefix.
struct Query {
    terms: Vec<String>,
    prefix: Option<String>,
}

/// Shortest Latin word matched as a prefix.
const MIN_PREFIX: usize = 3;
/// Most index terms one prefix expands to.
const MAX_EXPANSIONS: usize = 64;
/// Most shards one prefix loads.
const MAX_PREFIX_SHARDS: usize = 3;

impl Query {
    fn new(query: &str) -> Query {
        let tokens = tokenize(query);
        let prefix = tokens
            .last()
            .filter(|t| {
                t.end == query.len()
                    && t.term.len() >= MIN_PREFIX
                    && t.term.bytes().all(|b| b.is_ascii_lowercase())
            })
            .map(|t| t.term.clone());
        let mut terms: Vec<String> = tokens.into_iter().map(|t| t.term).collect();
        terms.sort();
        terms.dedup();
        // A Chinese run of two or more characters is matched by its pairs alone.
        let han_pairs = terms
            .iter()
            .any(|t| t.chars().count() == 2 && t.chars().all(is_han));
        if han_pairs {
            terms.retain(|t| !(t.chars().count() == 1 && t.chars().all(is_han)));
        }
        Query { terms, prefix }
    }

    /// Whether an index term answers the query.
    fn matches(&self, term: &str) -> bool {
        self.terms.iter().any(|t| t == term)
            || self.prefix.as_deref().is_some_and(|p| term.starts_with(p))
    }
}

/// The weight a level stands for (the middle of its range).
fn weight(q: u8) -> f64 {
    (f64::from(q & !BARE) - 0.5) / f64::from(LEVELS) * MAX_WEIGHT
}

impl Index {
    /// An index with its manifest loaded and nothing else yet.
    pub fn open(manifest: &str) -> Result<Index, LoadError> {
        let manifest = files::manifest(manifest)?;
        Ok(Index {
            loaded: vec![false; manifest.bounds.len() + 1],
            manifest,
            ..Index::default()
        })
    }

    /// An index with every file loaded, each read by `read` (a name such as `t/0.txt`):
    /// for checks and tools outside the browser.
    pub fn open_all(
        manifest: &str,
        mut read: impl FnMut(&str) -> Option<String>,
    ) -> Result<Index, LoadError> {
        let mut index = Index::open(manifest)?;
        for n in 0..index.shard_count() {
            let text = read(&format!("t/{n}.txt")).ok_or(LoadError::Corrupt)?;
            index.add_shard(n, &text)?;
        }
        for p in 0..index.page_count() as u32 {
            let text = read(&format!("d/{p}.txt")).ok_or(LoadError::Corrupt)?;
            index.add_page(p, &text)?;
        }
        Ok(index)
    }

    /// Writes the search files of `docs` and loads them all: the same path as a site's
    /// index, for tests and examples. Consecutive documents with the same URL before `#`
    /// are the sections of one page.
    pub fn build(docs: Vec<Doc>) -> Index {
        let mut pages: Vec<PageIn> = Vec::new();
        for d in docs {
            let (url, anchor) = d.url.split_once('#').unwrap_or((&d.url, ""));
            if pages.last().is_none_or(|p| p.url != url) {
                pages.push(PageIn {
                    url: url.to_string(),
                    title: d.title.clone(),
                    sections: Vec::new(),
                });
            }
            if let Some(p) = pages.last_mut() {
                p.sections.push((anchor.to_string(), d.heading, d.text));
            }
        }
        let mut w = IndexWriter::default();
        for p in &pages {
            w.add(p, page_terms(p));
        }
        let files: BTreeMap<String, Vec<u8>> = w.finish().into_iter().collect();
        let text = |name: &str| {
            files
                .get(name)
                .map(|b| String::from_utf8_lossy(b).into_owned())
        };
        Index::open_all(&text("manifest.txt").unwrap_or_default(), text)
            .expect("a freshly written index loads")
    }

    /// The version of the index (the manifest's check: it changes with any file).
    pub fn version(&self) -> &str {
        &self.manifest.version
    }

    /// Number of shards.
    pub fn shard_count(&self) -> usize {
        self.loaded.len()
    }

    /// Number of pages.
    pub fn page_count(&self) -> usize {
        self.manifest.page_start.len().saturating_sub(1)
    }

    /// Number of documents (sections).
    pub fn doc_count(&self) -> usize {
        self.manifest.docs as usize
    }

    /// The shard that holds `term` (or would).
    pub fn shard_of(&self, term: &str) -> usize {
        self.manifest.bounds.partition_point(|b| b.as_str() <= term)
    }

    /// The shards a query needs that have not been loaded, in the order of its terms.
    pub fn shards_for(&self, query: &str) -> Vec<usize> {
        let q = Query::new(query);
        let mut v = Vec::new();
        for t in &q.terms {
            if q.prefix.as_ref() == Some(t) {
                // Every shard whose range meets the terms that begin with the prefix.
                let last = self.shard_of(&format!("{t}\u{10FFFF}"));
                let first = self.shard_of(t);
                v.extend(first..=last.min(first + MAX_PREFIX_SHARDS - 1));
            } else {
                v.push(self.shard_of(t));
            }
        }
        let mut seen = Vec::new();
        v.retain(|&s| {
            !self.loaded[s] && !seen.contains(&s) && {
                seen.push(s);
                true
            }
        });
        v
    }

    /// Loads shard `n` (the text of `t/N.txt`).
    pub fn add_shard(&mut self, n: usize, text: &str) -> Result<(), LoadError> {
        if n >= self.loaded.len() {
            return Err(LoadError::Corrupt);
        }
        let (check, body) = files::split(text)?;
        if !files::check_is(check, self.manifest.shard_checks[n]) {
            return Err(LoadError::Stale);
        }
        let terms = files::shard(body, self.manifest.docs)?;
        if terms.iter().any(|(t, _)| self.shard_of(t) != n) {
            return Err(LoadError::Corrupt);
        }
        self.terms.extend(terms);
        self.loaded[n] = true;
        Ok(())
    }

    /// The page document `doc` belongs to.
    pub fn page_of(&self, doc: usize) -> u32 {
        let starts = &self.manifest.page_start;
        (starts.partition_point(|&s| s as usize <= doc).max(1) - 1) as u32
    }

    /// Loads page `n`'s chunk (the text of `d/N.txt`).
    pub fn add_page(&mut self, n: u32, text: &str) -> Result<(), LoadError> {
        let starts = &self.manifest.page_start;
        let Some(&end) = starts.get(n as usize + 1) else {
            return Err(LoadError::Corrupt);
        };
        let (check, body) = files::split(text)?;
        let group = self.manifest.group_checks[n as usize / files::CHUNK_GROUP];
        if !files::check_is(check, group) {
            return Err(LoadError::Stale);
        }
        let page = files::chunk(body, n, (end - starts[n as usize]) as usize)?;
        self.pages.insert(n, page);
        Ok(())
    }

    /// Document `d`, when its page's chunk has been loaded.
    pub fn doc(&self, d: usize) -> Option<Doc> {
        let page = self.page_of(d);
        let p = self.pages.get(&page)?;
        let (anchor, heading, text) = p
            .sections
            .get(d - self.manifest.page_start[page as usize] as usize)?;
        Some(Doc {
            url: if anchor.is_empty() {
                p.url.clone()
            } else {
                format!("{}#{anchor}", p.url)
            },
            title: p.title.clone(),
            heading: heading.clone(),
            text: text.clone(),
        })
    }

    /// The pages among the first `pages` of a query's results whose chunks are not
    /// loaded, in rank order.
    pub fn missing_pages(&self, query: &str, pages: usize) -> Vec<u32> {
        self.search_pages(query)
            .iter()
            .take(pages)
            .map(|g| self.page_of(g[0].0))
            .filter(|p| !self.pages.contains_key(p))
            .collect()
    }

    /// The postings of a loaded query term as (document, weight, without text): the
    /// term's own, or for the word being typed, those of every term it begins (weights
    /// added, up to the largest).
    fn postings(&self, term: &str, prefix: bool) -> Vec<(u32, f64, bool)> {
        let one = |p: &Posting| (p.0, weight(p.1), p.1 & BARE != 0);
        if !prefix {
            return self
                .terms
                .get(term)
                .map(|v| v.iter().map(one).collect())
                .unwrap_or_default();
        }
        let mut all: FxHashMap<u32, (f64, bool)> = FxHashMap::default();
        for (_, posts) in self
            .terms
            .range::<str, _>((std::ops::Bound::Included(term), std::ops::Bound::Unbounded))
            .take_while(|(t, _)| t.starts_with(term))
            .take(MAX_EXPANSIONS)
        {
            for p in posts {
                let (d, w, bare) = one(p);
                let e = all.entry(d).or_insert((0.0, bare));
                e.0 = (e.0 + w).min(MAX_WEIGHT);
            }
        }
        let mut v: Vec<(u32, f64, bool)> = all.into_iter().map(|(d, (w, b))| (d, w, b)).collect();
        v.sort_unstable_by_key(|x| x.0);
        v
    }

    /// Ranked document indices for a query, best first, from the shards loaded so far.
    /// Every query term must match (for Chinese, every character pair; a Latin word still
    /// being typed matches the words it begins); when nothing matches them all, documents
    /// matching most terms are returned. Sections without text of their own (a quiz, a
    /// tool) come after every section with teaching text.
    pub fn search(&self, query: &str) -> Vec<(usize, f64)> {
        let q = Query::new(query);
        if q.terms.is_empty() || self.manifest.docs == 0 {
            return Vec::new();
        }
        let n = f64::from(self.manifest.docs);
        let mut score: FxHashMap<u32, (f64, usize, bool)> = FxHashMap::default();
        for term in &q.terms {
            let posts = self.postings(term, q.prefix.as_ref() == Some(term));
            if posts.is_empty() {
                continue;
            }
            let df = posts.len() as f64;
            let idf = ((n - df + 0.5) / (df + 0.5) + 1.0).ln();
            for (d, w, bare) in posts {
                let e = score.entry(d).or_default();
                e.0 += idf * w;
                e.1 += 1;
                e.2 = bare;
            }
        }
        let best = score.values().map(|v| v.1).max().unwrap_or(0);
        score.retain(|_, (_, hits, _)| *hits == best);
        // A section of a page that is about the query as a whole outranks a lone
        // section that merely mentions it: each section gets a share of its page's total.
        let mut pages: FxHashMap<u32, f64> = FxHashMap::default();
        for (d, (s, _, _)) in &score {
            *pages.entry(self.page_of(*d as usize)).or_default() += s;
        }
        let mut v: Vec<(usize, f64, bool)> = score
            .iter()
            .map(|(d, (s, _, bare))| {
                let page = pages[&self.page_of(*d as usize)];
                (*d as usize, s + PAGE_SHARE * (page - s), *bare)
            })
            .collect();
        v.sort_by(|a, b| a.2.cmp(&b.2).then(b.1.total_cmp(&a.1)).then(a.0.cmp(&b.0)));
        v.into_iter().map(|(d, s, _)| (d, s)).collect()
    }

    /// The results of [`Index::search`] grouped by page: pages in the order of their best
    /// section, each page's sections best first.
    pub fn search_pages(&self, query: &str) -> Vec<Vec<(usize, f64)>> {
        let mut groups: Vec<Vec<(usize, f64)>> = Vec::new();
        let mut at: FxHashMap<u32, usize> = FxHashMap::default();
        for hit in self.search(query) {
            let page = self.page_of(hit.0);
            match at.get(&page) {
                Some(&g) => groups[g].push(hit),
                None => {
                    at.insert(page, groups.len());
                    groups.push(vec![hit]);
                }
            }
        }
        groups
    }
}

/// How much of the rest of its page's score a section gets.
const PAGE_SHARE: f64 = 0.25;
