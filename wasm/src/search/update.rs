//! Updating the search files of one language after an edit, for `serve`: the files
//! [`IndexWriter`](super::IndexWriter) writes for the same pages, byte for byte (the tests
//! compare them after every kind of change), made by redoing only what the edit touched.
//!
//! Input: on each update, the pages of the language in order, each named by a signature
//! (a hash of what it is indexed from, chosen by the caller); a page whose signature the
//! cache does not know is first handed in with [`IndexCache::add_page`] with its term
//! frequencies. Kept between updates: per page its term frequencies (as term numbers),
//! section lengths and chunk; per term its postings, its encoded line and the range of
//! average section lengths over which its weight levels stay the same; the shards.
//! An update removes the postings of the pages that left their place and adds those of
//! the pages that came, encodes again only the terms whose postings changed or whose
//! levels may have moved with the average length, rebuilds only the shards holding a
//! changed line (or whose terms moved), and hashes again only the chunks that changed.
//! Output: every search file's name and a fingerprint of its bytes (a store that holds
//! the bytes of that fingerprint keeps them; [`IndexCache::bytes`] makes the others) and
//! what was redone ([`Updated`]). Must not: read a clock, a path or a thread; differ from
//! [`IndexWriter`](super::IndexWriter) by a byte.

use rustc_hash::{FxHashMap, FxHashSet};

use super::files::{fnv, fold, group_checks, hash64, manifest_file, Hasher64};
mod lines;
mod moves;
mod output;
pub use output::SearchFile;

#[cfg(test)]
use super::write::level;
use super::write::{cuts_after, push_page_entry, PageIn, TermFreqs, SHARD_TARGET};
#[cfg(test)]
use lines::holds;
use lines::{encode, splice, Levels};

/// Search files: (name relative to the language's `search/` folder, bytes).
pub type Files = Vec<(String, Vec<u8>)>;

/// What one update redid.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Updated {
    /// Pages whose postings were added again (edited, new, moved or renumbered).
    pub pages: usize,
    /// Term lines encoded again.
    pub lines: usize,
    /// Of those, lines encoded again only because the average section length left the
    /// range over which their weight levels hold.
    pub lines_moved: usize,
    /// Postings encoded again.
    pub postings: usize,
    /// Shards whose body was rebuilt.
    pub shards_rebuilt: usize,
    /// Shards in all.
    pub shards: usize,
    /// Page chunks hashed again.
    pub chunks_rehashed: usize,
}

/// One page as the index holds it.
#[derive(Clone)]
struct PageState {
    sig: u64,
    /// Per section: (term number, weighted frequency).
    terms: Vec<Vec<(u32, u32)>>,
    /// Per section: weighted length, and whether it has no text of its own.
    lengths: Vec<u32>,
    bare: Vec<bool>,
    /// The chunk's body after the page number (`\turl\ttitle\n…`).
    tail: Vec<u8>,
    /// The page number the chunk was last hashed for, that hash and the chunk body's
    /// fingerprint.
    hashed: Option<(u32, u32, u64)>,
}

/// One term.
#[derive(Default)]
struct TermState {
    /// (document, weighted frequency), by document; frequency 0 marks a hole left by a
    /// page that went, during an update.
    docs: Vec<(u32, u32)>,
    holes: usize,
    /// The encoded postings (the shard line without the term and the tabs).
    line: Vec<u8>,
    /// The open range of average lengths over which `line` stays what it is.
    lo: f64,
    hi: f64,
    /// Postings changed since the line was encoded, at documents `first..=last` (in the
    /// old numbering for those that went, the new for those that came).
    dirty: bool,
    first: u32,
    last: u32,
    /// The line changed in this update.
    changed: bool,
    /// The hash of the term's name (where shards are cut).
    name_hash: u32,
}

impl TermState {
    /// Removes the posting at document `doc` (leaving a hole: the page that comes in its
    /// place mostly has the same terms, which then fill it).
    fn remove(&mut self, doc: u32) {
        if let Ok(k) = self.docs.binary_search_by_key(&doc, |d| d.0) {
            if self.docs[k].1 != 0 {
                self.docs[k].1 = 0;
                self.holes += 1;
            }
        }
        self.touch(doc);
    }

    /// Sets the posting at document `doc` to frequency `n`.
    fn add(&mut self, doc: u32, n: u32) {
        match self.docs.binary_search_by_key(&doc, |d| d.0) {
            Ok(k) => {
                self.holes -= usize::from(self.docs[k].1 == 0);
                self.docs[k].1 = n;
            }
            Err(k) => self.docs.insert(k, (doc, n)),
        }
        self.touch(doc);
    }

    /// Marks the posting at document `doc` as changed.
    fn touch(&mut self, doc: u32) {
        if self.dirty {
            self.first = self.first.min(doc);
            self.last = self.last.max(doc);
        } else {
            (self.dirty, self.first, self.last) = (true, doc, doc);
        }
    }
}

struct Shard {
    terms: Vec<u32>,
    /// The body's length in bytes.
    len: usize,
    hash: u32,
    fingerprint: u64,
}

/// The search index of one language, kept from one update to the next.
pub struct IndexCache {
    shard_target: usize,
    names: Vec<String>,
    ids: FxHashMap<String, u32>,
    terms: Vec<TermState>,
    /// Live terms (with postings) in byte order of their names.
    sorted: Vec<u32>,
    pages: Vec<PageState>,
    /// The signatures of `pages`.
    known: FxHashSet<u64>,
    /// Pages handed in for the next update.
    spare: FxHashMap<u64, PageState>,
    shards: Vec<Shard>,
    /// The checks of the chunk groups and the manifest, of the last update.
    groups: Vec<u32>,
    manifest: Vec<u8>,
}

impl Default for IndexCache {
    fn default() -> Self {
        IndexCache::new(SHARD_TARGET)
    }
}

impl IndexCache {
    /// An empty cache whose shards hold about `shard_target` bytes.
    pub fn new(shard_target: usize) -> IndexCache {
        IndexCache {
            shard_target,
            names: Vec::new(),
            ids: FxHashMap::default(),
            terms: Vec::new(),
            sorted: Vec::new(),
            pages: Vec::new(),
            known: FxHashSet::default(),
            spare: FxHashMap::default(),
            shards: Vec::new(),
            groups: Vec::new(),
            manifest: Vec::new(),
        }
    }

    /// Whether a page with this signature is known (no need to add it again).
    pub fn knows(&self, sig: u64) -> bool {
        self.spare.contains_key(&sig) || self.known.contains(&sig)
    }

    /// Hands in a page the next update will list under `sig`, with the term frequencies
    /// of its sections ([`page_terms`](super::page_terms)).
    pub fn add_page(&mut self, sig: u64, page: &PageIn, freqs: Vec<TermFreqs<'_>>) {
        let mut terms = Vec::with_capacity(freqs.len());
        let mut lengths = Vec::with_capacity(freqs.len());
        for tf in freqs {
            let mut v = Vec::with_capacity(tf.len());
            let mut len = 0;
            for (term, n) in tf {
                len += n;
                let id = match self.ids.get(&*term) {
                    Some(&id) => id,
                    None => {
                        let id = self.names.len() as u32;
                        self.names.push(term.to_string());
                        self.terms.push(TermState {
                            name_hash: fnv(term.as_bytes()),
                            ..TermState::default()
                        });
                        self.ids.insert(term.into_owned(), id);
                        id
                    }
                };
                v.push((id, n));
            }
            terms.push(v);
            lengths.push(len);
        }
        let mut tail = Vec::new();
        push_page_entry(&mut tail, page);
        let bare = page
            .sections
            .iter()
            .map(|s| s.2.trim().is_empty())
            .collect();
        let state = PageState {
            sig,
            terms,
            lengths,
            bare,
            tail,
            hashed: None,
        };
        self.spare.insert(sig, state);
    }

    /// Makes the search files for the pages `order` names (each known: see
    /// [`IndexCache::knows`]; then [`IndexCache::files`]), and says what was redone;
    /// `None` when a signature is unknown (the cache is then emptied: the next update
    /// starts afresh).
    pub fn update(&mut self, order: &[u64]) -> Option<Updated> {
        let mut stats = Updated::default();
        let mut seen = FxHashSet::default();
        let known = order.iter().all(|&sig| {
            seen.insert(sig) && (self.spare.contains_key(&sig) || self.known.contains(&sig))
        });
        if !known {
            *self = IndexCache::new(self.shard_target);
            return None;
        }
        let old = std::mem::take(&mut self.pages);
        let old_at: FxHashMap<u64, usize> =
            old.iter().enumerate().map(|(i, p)| (p.sig, i)).collect();
        let mut new_start = Vec::with_capacity(order.len());
        let mut at = 0u32;
        for sig in order {
            new_start.push(at);
            let n = match old_at.get(sig) {
                Some(&i) => old[i].lengths.len(),
                None => self.spare.get(sig).map_or(0, |p| p.lengths.len()),
            };
            at += n as u32;
        }
        let docs = at;
        let mut old_start = Vec::with_capacity(old.len());
        let mut at = 0u32;
        for p in &old {
            old_start.push(at);
            at += p.lengths.len() as u32;
        }
        // A page keeps its postings when it is the same page at the same documents.
        let kept: Vec<bool> = (0..old.len())
            .map(|i| order.get(i) == Some(&old[i].sig) && new_start[i] == old_start[i])
            .collect();
        // An edited page (a new signature in the place of one that goes, at the same
        // documents, with as many sections) is compared with the page it replaces, section
        // by section: only its changed postings are redone.
        let replaced: Vec<bool> = (0..old.len())
            .map(|i| {
                !kept[i]
                    && !seen.contains(&old[i].sig)
                    && order.get(i).is_some_and(|s| {
                        self.spare
                            .get(s)
                            .is_some_and(|p| p.lengths.len() == old[i].lengths.len())
                    })
                    && new_start[i] == old_start[i]
            })
            .collect();
        // A page that stays but at other documents (moved, or renumbered by a page before
        // it) keeps its postings, which move with it; a page that went loses its postings.
        // Both are done per term, over the stretch of documents where pages changed: one
        // pass over that stretch of each term's list instead of a search per posting.
        let moved: Vec<bool> = (0..old.len())
            .map(|i| !kept[i] && seen.contains(&old[i].sig))
            .collect();
        let going: Vec<bool> = (0..old.len())
            .map(|i| !kept[i] && !replaced[i] && !moved[i])
            .collect();
        let new_at: FxHashMap<u64, u32> = order
            .iter()
            .zip(&new_start)
            .map(|(&s, &at)| (s, at))
            .collect();
        self.move_postings(&old, &old_start, &new_at, &moved, &going);
        let mut old: Vec<Option<PageState>> = old.into_iter().map(Some).collect();
        let mut pages = Vec::with_capacity(order.len());
        for (j, &sig) in order.iter().enumerate() {
            if kept.get(j) == Some(&true) {
                pages.push(old[j].take().expect("a kept page is taken once"));
                continue;
            }
            if replaced.get(j) == Some(&true) {
                let page = self
                    .spare
                    .remove(&sig)
                    .expect("a replacing page is handed in");
                let before = old[j].take().expect("a replaced page is taken once");
                stats.pages += 1;
                for (s, (new, was)) in page.terms.iter().zip(&before.terms).enumerate() {
                    let doc = new_start[j] + s as u32;
                    if page.lengths[s] != before.lengths[s] || page.bare[s] != before.bare[s] {
                        // Another length: every posting of the section may weigh
                        // differently.
                        for &(t, _) in was {
                            self.terms[t as usize].remove(doc);
                        }
                        for &(t, n) in new {
                            self.terms[t as usize].add(doc, n);
                        }
                        continue;
                    }
                    let (mut new, mut was) = (new.clone(), was.clone());
                    new.sort_unstable();
                    was.sort_unstable();
                    let (mut a, mut b) = (0, 0);
                    while a < new.len() || b < was.len() {
                        match (new.get(a), was.get(b)) {
                            (Some(x), Some(y)) if x == y => (a, b) = (a + 1, b + 1),
                            (Some(&(t, n)), Some(&(u, _))) if t <= u => {
                                self.terms[t as usize].add(doc, n);
                                a += 1;
                                b += usize::from(t == u);
                            }
                            (Some(&(t, n)), None) => {
                                self.terms[t as usize].add(doc, n);
                                a += 1;
                            }
                            (_, Some(&(u, _))) => {
                                self.terms[u as usize].remove(doc);
                                b += 1;
                            }
                            (None, None) => unreachable!("the loop ends first"),
                        }
                    }
                }
                pages.push(page);
                continue;
            }
            stats.pages += 1;
            // Signatures are distinct: each old page is taken at most once. A moved page's
            // postings have moved with it already.
            if let Some(page) = old_at.get(&sig).and_then(|&i| old[i].take()) {
                pages.push(page);
                continue;
            }
            let page = self.spare.remove(&sig).expect("every signature is known");
            for (s, terms) in page.terms.iter().enumerate() {
                let doc = new_start[j] + s as u32;
                for &(t, n) in terms {
                    self.terms[t as usize].add(doc, n);
                }
            }
            pages.push(page);
        }
        self.spare.clear();
        self.pages = pages;
        self.known = seen;
        let mut lengths = Vec::with_capacity(docs as usize);
        let mut bare = Vec::with_capacity(docs as usize);
        for p in &self.pages {
            lengths.extend_from_slice(&p.lengths);
            bare.extend_from_slice(&p.bare);
        }
        // As `IndexWriter::finish` computes it: the integer lengths sum exactly.
        let total: u64 = lengths.iter().map(|&l| u64::from(l)).sum();
        let avg = (total as f64 / docs.max(1) as f64).max(1.0);
        let mut membership = false;
        let mut levels = Levels::new(&lengths, &bare, avg);
        let mut scratch = Vec::new();
        for ts in &mut self.terms {
            ts.changed = false;
            if ts.holes > 0 {
                ts.docs.retain(|d| d.1 != 0);
                ts.holes = 0;
            }
            if ts.docs.is_empty() {
                if !ts.line.is_empty() {
                    ts.line.clear();
                    membership = true;
                }
                ts.dirty = false;
                continue;
            }
            if ts.line.is_empty() {
                membership = true;
            }
            let holds = ts.lo < avg && avg < ts.hi;
            if ts.dirty || !holds {
                // Levels that still hold: only the changed stretch of the line is encoded
                // again (a common term's line is long, and one page changes little of it).
                let (changed, lo, hi, n) = if ts.dirty && holds && !ts.line.is_empty() {
                    let (changed, lo, hi, n) = splice(
                        &mut ts.line,
                        &ts.docs,
                        ts.first,
                        ts.last,
                        &mut levels,
                        &mut scratch,
                    );
                    (changed, lo.max(ts.lo), hi.min(ts.hi), n)
                } else {
                    let (line, lo, hi) = encode(&ts.docs, 0, &mut levels);
                    let changed = line != ts.line;
                    ts.line = line;
                    (changed, lo, hi, ts.docs.len())
                };
                stats.lines += 1;
                stats.lines_moved += usize::from(!holds);
                stats.postings += n;
                ts.changed = changed;
                ts.lo = lo;
                ts.hi = hi;
                ts.dirty = false;
            }
        }
        if membership {
            let names = &self.names;
            let mut live: Vec<u32> = (0..self.terms.len() as u32)
                .filter(|&t| !self.terms[t as usize].docs.is_empty())
                .collect();
            live.sort_unstable_by(|&a, &b| names[a as usize].cmp(&names[b as usize]));
            self.sorted = live;
        }
        // Shards: the same cuts as the writer's; each shard's terms and body length.
        let mut layout: Vec<(Vec<u32>, usize)> = vec![(Vec::new(), 0)];
        let mut cut = false;
        let mut bounds: Vec<&str> = Vec::new();
        for &t in &self.sorted {
            let name = &self.names[t as usize];
            if cut {
                layout.push((Vec::new(), 0));
                bounds.push(name);
            }
            let ts = &self.terms[t as usize];
            let line = name.len() + ts.line.len() + 2;
            let (terms, len) = layout.last_mut().expect("one shard at least");
            *len += line;
            cut = cuts_after(ts.name_hash, line, *len, self.shard_target);
            terms.push(t);
        }
        let mut old_shards = std::mem::take(&mut self.shards).into_iter();
        let mut shards = Vec::with_capacity(layout.len());
        for (terms, len) in layout {
            let last = old_shards.next();
            let same = last.as_ref().is_some_and(|s| {
                s.terms == terms && terms.iter().all(|&t| !self.terms[t as usize].changed)
            });
            if let (true, Some(s)) = (same, last) {
                shards.push(s);
                continue;
            }
            stats.shards_rebuilt += 1;
            // Hashed from the lines as they are (the body is put together only when its
            // bytes are asked for: `bytes`).
            let mut hasher = Hasher64::new(len);
            self.shard_body(&terms, &mut |piece| hasher.write(piece));
            let fingerprint = hasher.finish();
            shards.push(Shard {
                terms,
                len,
                hash: fold(fingerprint),
                fingerprint,
            });
        }
        stats.shards = shards.len();
        self.shards = shards;
        let mut chunk_hashes = Vec::with_capacity(self.pages.len());
        for (n, p) in self.pages.iter_mut().enumerate() {
            let n = n as u32;
            let h = match p.hashed {
                Some((m, h, _)) if m == n => h,
                _ => {
                    stats.chunks_rehashed += 1;
                    let mut body = n.to_string().into_bytes();
                    body.extend_from_slice(&p.tail);
                    let fingerprint = hash64(&body);
                    let h = fold(fingerprint);
                    p.hashed = Some((n, h, fingerprint));
                    h
                }
            };
            chunk_hashes.push(h);
        }
        self.groups = group_checks(&chunk_hashes);
        let counts: Vec<u32> = self.pages.iter().map(|p| p.lengths.len() as u32).collect();
        let hashes: Vec<u32> = self.shards.iter().map(|s| s.hash).collect();
        self.manifest = manifest_file(docs, &counts, &bounds, &hashes, &self.groups);
        Some(stats)
    }

    /// Hands the body of a shard holding `terms` to `piece`, piece by piece: per term its
    /// name, a tab, its line and a line break.
    fn shard_body(&self, terms: &[u32], piece: &mut dyn FnMut(&[u8])) {
        for &t in terms {
            piece(self.names[t as usize].as_bytes());
            piece(b"\t");
            piece(&self.terms[t as usize].line);
            piece(b"\n");
        }
    }
}

#[cfg(test)]
#[path = "update_tests.rs"]
mod tests;
