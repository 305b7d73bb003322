//! Writing the search files of one language at build time, one page at a time: a small
//! manifest, the term index split into shards (contiguous ranges of sorted terms, each
//! about [`SHARD_TARGET`] bytes), and one document chunk per page (its URL, title and
//! sections), so that a query downloads only the shards of its terms and the chunks of
//! the results it shows. The formats are described in the `files` module.
//!
//! Input: each page's sections, in the order of the site, with their term frequencies
//! ([`page_terms`], which callers may compute in parallel). Output: file names (relative to
//! the language's `search/` folder) and bytes. Must not: hold a page's text after writing
//! its chunk, or read a clock, a path or a thread.

use std::borrow::Cow;
use std::hash::Hash;

use rustc_hash::FxHashMap;

use super::files::{
    body_hash, fnv, group_check, manifest_file, set_header, CHUNK_GROUP, HEADER_LEN, LEVELS,
    MAX_WEIGHT,
};
use super::for_each_token;
use super::tokenize::for_each_term;

/// Title and heading tokens count this many times.
const TITLE_WEIGHT: u32 = 3;

/// Target size of a shard in bytes before compression (a shard holds at least one term,
/// so a very common term can make a larger one). About 10–15 KB gzipped.
pub const SHARD_TARGET: usize = 20 * 1024;

/// Whether a shard ends after the line of a term (`line` bytes long; `term_hash`, the
/// [`fnv`] hash of the term) that brings it to
/// `size` bytes, for shards of about `target` bytes: past twice the target always; past
/// half of it, when the term's hash falls under a threshold proportional to its line, so
/// that a cut comes about every half target of bytes. The cuts depend on the terms, not on
/// everything before them: an edit that adds or drops terms moves the cuts of its own
/// shard and perhaps the next, not of every shard after it (`serve` rewrites only the
/// shards whose bytes changed).
pub(super) fn cuts_after(term_hash: u32, line: usize, size: usize, target: usize) -> bool {
    size > 2 * target
        || (size > target / 2
            && u64::from(term_hash) * (target as u64 / 2).max(1) < (line as u64) << 32)
}

/// One page to index: its URL (relative to the site root, percent-encoded), title, and
/// sections (anchor, empty for the opening text; heading; plain text).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PageIn {
    /// URL of the page.
    pub url: String,
    /// Title of the page.
    pub title: String,
    /// Sections: (anchor, heading, text).
    pub sections: Vec<(String, String, String)>,
}

/// The weighted term frequencies of one section (terms borrowed from the page where they
/// can be).
pub type TermFreqs<'a> = Vec<(Cow<'a, str>, u32)>;

/// The weighted term frequencies of each section of `page` (the page title and the
/// section heading count `TITLE_WEIGHT` times): the per-page half of indexing, which
/// callers may run in parallel.
pub fn page_terms<'a>(page: &'a PageIn) -> Vec<TermFreqs<'a>> {
    count_page(page, |t| t)
}

/// What [`page_terms`] gives, with each term as a [`Term`]: what
/// [`IndexWriter::add_keyed`] takes, counted faster (most terms are one or two Chinese
/// characters, made numbers by the tokenizer itself and counted in a map of numbers).
pub fn page_keys(page: &PageIn) -> Vec<Vec<(Term<'_>, u32)>> {
    // The title counts in every section: tokenized once for the page.
    let mut title: Vec<Term> = Vec::new();
    for_each_term(&page.title, |t| title.push(t));
    let largest = page.sections.iter().map(|s| s.2.len()).max().unwrap_or(0);
    let mut tf = KeyCounts {
        short: FxHashMap::with_capacity_and_hasher(largest / 2 + title.len(), Default::default()),
        long: FxHashMap::default(),
    };
    page.sections
        .iter()
        .map(|(_, heading, text)| {
            for_each_term(text, |t| tf.add(t, 1));
            for t in &title {
                tf.add(t.clone(), TITLE_WEIGHT);
            }
            for_each_term(heading, |t| tf.add(t, TITLE_WEIGHT));
            let mut v = Vec::with_capacity(tf.short.len() + tf.long.len());
            v.extend(tf.short.drain().map(|(k, n)| (Term::Short(k), n)));
            v.extend(tf.long.drain().map(|(s, n)| (Term::Long(s), n)));
            v
        })
        .collect()
}

/// The weighted frequencies of one section's [`Term`]s, short and long ones apart (one
/// map for the page, emptied after each section).
struct KeyCounts<'a> {
    short: FxHashMap<u64, u32>,
    long: FxHashMap<Cow<'a, str>, u32>,
}

impl<'a> KeyCounts<'a> {
    fn add(&mut self, t: Term<'a>, n: u32) {
        match t {
            Term::Short(k) => *self.short.entry(k).or_default() += n,
            Term::Long(s) => *self.long.entry(s).or_default() += n,
        }
    }
}

/// A term while indexing: one or two characters packed into a number (the Chinese
/// unigrams and bigrams that make up most terms), or the text of a longer term. Two
/// terms are equal exactly when their texts are.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Term<'a> {
    /// One character `c` as `c`; two as `1 << 63 | c1 << 32 | c2`.
    Short(u64),
    /// Three characters or more (or none).
    Long(Cow<'a, str>),
}

impl<'a> Term<'a> {
    /// The term of a token's text.
    pub fn of(term: Cow<'a, str>) -> Term<'a> {
        if term.len() <= 8 {
            let mut chars = term.chars();
            match (chars.next(), chars.next(), chars.next()) {
                (Some(a), None, _) => return Term::Short(u64::from(a)),
                (Some(a), Some(b), None) => {
                    return Term::Short(1 << 63 | u64::from(a) << 32 | u64::from(b))
                }
                _ => {}
            }
        }
        Term::Long(term)
    }

    /// The term's text.
    pub fn text(&self) -> String {
        let char_at = |shift: u32, k: u64| char::from_u32(((k >> shift) & 0x7FFF_FFFF) as u32);
        match self {
            Term::Short(k) if k >> 63 == 0 => char_at(0, *k).into_iter().collect(),
            Term::Short(k) => [char_at(32, *k), char_at(0, *k)]
                .into_iter()
                .flatten()
                .collect(),
            Term::Long(s) => s.to_string(),
        }
    }
}

/// The weighted frequencies of each section's terms, each term made a key by `key`.
fn count_page<'a, K: Clone + Eq + Hash>(
    page: &'a PageIn,
    key: impl Fn(Cow<'a, str>) -> K,
) -> Vec<Vec<(K, u32)>> {
    // The title counts in every section: tokenized once for the page.
    let mut title: Vec<K> = Vec::new();
    for_each_token(&page.title, |t, _, _| title.push(key(t)));
    // One map for the page, emptied after each section: it grows once, to the size its
    // largest section needs (at most about two terms per Chinese character of three bytes).
    let largest = page.sections.iter().map(|s| s.2.len()).max().unwrap_or(0);
    let mut tf: FxHashMap<K, u32> =
        FxHashMap::with_capacity_and_hasher(largest / 2 + title.len(), Default::default());
    page.sections
        .iter()
        .map(|(_, heading, text)| {
            for_each_token(text, |t, _, _| *tf.entry(key(t)).or_default() += 1);
            for t in &title {
                *tf.entry(t.clone()).or_default() += TITLE_WEIGHT;
            }
            for_each_token(heading, |t, _, _| {
                *tf.entry(key(t)).or_default() += TITLE_WEIGHT;
            });
            // In any order: postings are ordered by document, terms when the files are
            // written.
            tf.drain().collect()
        })
        .collect()
}

/// One term's postings while indexing: `(document gap, term frequency)` pairs as
/// variable-length bytes (a few bytes each rather than eight), and the last document.
#[derive(Default)]
struct Postings {
    last: u32,
    bytes: Vec<u8>,
}

fn push_varint(v: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        v.push((n as u8) | 0x80);
        n >>= 7;
    }
    v.push(n as u8);
}

fn read_varint(b: &[u8], at: &mut usize) -> u32 {
    let mut n = 0u32;
    let mut shift = 0;
    while let Some(&x) = b.get(*at) {
        *at += 1;
        n |= u32::from(x & 0x7F) << shift;
        if x < 0x80 {
            break;
        }
        shift += 7;
    }
    n
}

/// Bytes of shards handed over at a time by [`IndexWriter::finish_with`].
const SHARD_BATCH: usize = 1 << 20;

/// Builds the search files of one language, page by page.
pub struct IndexWriter {
    /// Shard size target in bytes.
    shard_target: usize,
    /// Term number of each short and long term ([`Term`]).
    short: FxHashMap<u64, u32>,
    long: FxHashMap<String, u32>,
    /// Text and postings of each term, by number.
    names: Vec<String>,
    postings: Vec<Postings>,
    /// Weighted length of each document (section).
    lengths: Vec<u32>,
    /// Whether each document has no text of its own (a quiz, a tool).
    bare: Vec<bool>,
    /// Sections of each page.
    counts: Vec<u32>,
    /// The chunks of the group of [`CHUNK_GROUP`] pages being added, a header's room
    /// first: a group's chunks are finished (headers set) once its last page is added.
    pending: Vec<Vec<u8>>,
    /// The hash of each page's chunk, and the check of each finished group.
    chunk_hashes: Vec<u32>,
    groups: Vec<u32>,
    /// Finished chunks not yet taken ([`IndexWriter::take_ready`]).
    ready: Vec<(String, Vec<u8>)>,
    /// The numbers and frequencies of a section's terms (a buffer).
    ids: Vec<(u32, u32)>,
}

/// A page's entry in its chunk after the page number: `\tURL\tTITLE\n`, then a line
/// `ANCHOR\tHEADING\tTEXT` per section. The writer and the incremental update
/// (`update.rs`) both write it.
pub(super) fn push_page_entry(out: &mut Vec<u8>, page: &PageIn) {
    out.push(b'\t');
    push_field(out, &page.url);
    out.push(b'\t');
    push_field(out, &page.title);
    out.push(b'\n');
    for (anchor, heading, text) in &page.sections {
        push_field(out, anchor);
        out.push(b'\t');
        push_field(out, heading);
        out.push(b'\t');
        push_field(out, text);
        out.push(b'\n');
    }
}

/// Tabs and line breaks inside a field become spaces (the formats are line based).
pub(super) fn push_field(out: &mut Vec<u8>, s: &str) {
    if s.contains(['\t', '\n', '\r']) {
        out.extend(s.replace(['\t', '\n', '\r'], " ").bytes());
    } else {
        out.extend_from_slice(s.as_bytes());
    }
}

impl Default for IndexWriter {
    fn default() -> Self {
        IndexWriter::new(SHARD_TARGET)
    }
}

impl IndexWriter {
    /// A writer whose shards hold about `shard_target` bytes.
    pub fn new(shard_target: usize) -> IndexWriter {
        IndexWriter {
            shard_target,
            short: FxHashMap::default(),
            long: FxHashMap::default(),
            names: Vec::new(),
            postings: Vec::new(),
            lengths: Vec::new(),
            bare: Vec::new(),
            counts: Vec::new(),
            pending: Vec::new(),
            chunk_hashes: Vec::new(),
            groups: Vec::new(),
            ready: Vec::new(),
            ids: Vec::new(),
        }
    }

    /// Adds the next page and the term frequencies of its sections ([`page_terms`]).
    /// The page's text is copied into its chunk; the caller drops the page afterwards.
    pub fn add(&mut self, page: &PageIn, freqs: Vec<TermFreqs<'_>>) {
        let keyed = freqs
            .into_iter()
            .map(|tf| tf.into_iter().map(|(t, n)| (Term::of(t), n)).collect())
            .collect();
        self.add_keyed(page, keyed);
    }

    /// The number of `term`, given to it when first seen.
    fn number(&mut self, term: Term<'_>) -> u32 {
        let next = self.names.len() as u32;
        let id = match &term {
            Term::Short(k) => *self.short.entry(*k).or_insert(next),
            Term::Long(s) => match self.long.get(&**s) {
                Some(&id) => id,
                None => {
                    self.long.insert(s.to_string(), next);
                    next
                }
            },
        };
        if id == next {
            self.names.push(term.text());
            self.postings.push(Postings::default());
        }
        id
    }

    /// [`IndexWriter::add`] with the frequencies of [`page_keys`].
    pub fn add_keyed(&mut self, page: &PageIn, freqs: Vec<Vec<(Term<'_>, u32)>>) {
        let mut ids = std::mem::take(&mut self.ids);
        for ((_, _, text), tf) in page.sections.iter().zip(freqs) {
            let doc = self.lengths.len() as u32;
            let mut len = 0;
            // Numbers first, then postings: two loops without a dependency between their
            // turns, so that the processor fetches the next terms' entries (cold in the
            // large maps and lists) while it waits for this one's.
            ids.clear();
            ids.extend(tf.into_iter().map(|(term, n)| {
                len += n;
                (self.number(term), n)
            }));
            for &(id, n) in &ids {
                let p = &mut self.postings[id as usize];
                push_varint(&mut p.bytes, doc + 1 - p.last);
                push_varint(&mut p.bytes, n);
                p.last = doc + 1;
            }
            self.lengths.push(len);
            self.bare.push(text.trim().is_empty());
        }
        self.ids = ids;
        self.counts.push(page.sections.len() as u32);
        // Exactly the chunk's size (a field's tabs and line breaks become one space each),
        // since a chunk is held until its group is finished.
        let number = (self.counts.len() - 1).to_string();
        let size = HEADER_LEN
            + number.len()
            + page.url.len()
            + page.title.len()
            + 3
            + page
                .sections
                .iter()
                .map(|(a, h, t)| a.len() + h.len() + t.len() + 3)
                .sum::<usize>();
        let mut c = Vec::with_capacity(size);
        c.resize(HEADER_LEN, b' ');
        c.extend_from_slice(number.as_bytes());
        push_page_entry(&mut c, page);
        debug_assert_eq!(c.len(), size);
        self.chunk_hashes.push(body_hash(&c[HEADER_LEN..]));
        self.pending.push(c);
        if self.pending.len() == CHUNK_GROUP {
            self.finish_group();
        }
    }

    /// Sets the headers of the pending group's chunks and makes them ready.
    fn finish_group(&mut self) {
        let first = self.chunk_hashes.len() - self.pending.len();
        let check = group_check(&self.chunk_hashes[first..]);
        self.groups.push(check);
        for (i, mut c) in (first..).zip(self.pending.drain(..)) {
            set_header(&mut c, check, self.chunk_hashes[i]);
            self.ready.push((format!("d/{i}.txt"), c));
        }
    }

    /// The page chunks finished since the last call (`d/N.txt`, as [`IndexWriter::finish`]
    /// would give them): a caller that stores them at once holds only the pages of the
    /// group being added rather than the text of every page until the end. Those not
    /// taken come with the other files from [`IndexWriter::finish`].
    pub fn take_ready(&mut self) -> Vec<(String, Vec<u8>)> {
        std::mem::take(&mut self.ready)
    }

    /// The search files: `manifest.txt`, `t/N.txt` (shards), `d/N.txt` (page N's chunk,
    /// those not taken already), each starting with its check and the hash of its body
    /// (see the `files` module).
    pub fn finish(self) -> Vec<(String, Vec<u8>)> {
        let mut files = Vec::new();
        self.finish_with(&mut |batch| files.extend(batch));
        // The manifest, written last, first.
        files.rotate_right(1);
        files
    }

    /// [`IndexWriter::finish`], the files handed to `emit` in batches as they are made:
    /// shards as they are cut (a caller that stores them at once never holds them all
    /// beside the postings not yet written), the chunks not taken, the manifest last.
    pub fn finish_with(mut self, emit: &mut dyn FnMut(Vec<(String, Vec<u8>)>)) {
        if !self.pending.is_empty() {
            self.finish_group();
        }
        let n = self.lengths.len();
        let avg = (self.lengths.iter().map(|&l| l as f64).sum::<f64>() / n.max(1) as f64).max(1.0);
        let norms: Vec<f64> = self.lengths.iter().map(|&l| norm(l, avg)).collect();
        let (names, mut postings) = (self.names, self.postings);
        let mut order: Vec<u32> = (0..names.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| names[a as usize].cmp(&names[b as usize]));
        let mut batch: Vec<(String, Vec<u8>)> = Vec::new();
        let mut batch_bytes = 0;
        let mut shard_hashes: Vec<u32> = Vec::new();
        let mut bounds: Vec<String> = Vec::new();
        // Each shard is written into one buffer, then copied out at its exact size.
        let mut cur = vec![b' '; HEADER_LEN];
        cur.reserve(self.shard_target * 2);
        let mut cut = false;
        let mut ship = |cur: &[u8], hashes: &mut Vec<u32>, last: bool| {
            let mut s = cur.to_vec();
            let h = body_hash(&s[HEADER_LEN..]);
            set_header(&mut s, h, h);
            batch_bytes += s.len();
            batch.push((format!("t/{}.txt", hashes.len()), s));
            hashes.push(h);
            if batch_bytes >= SHARD_BATCH || last {
                emit(std::mem::take(&mut batch));
                batch_bytes = 0;
            }
        };
        for id in order {
            let term = &names[id as usize];
            // Each term's postings are freed once written.
            let bytes = std::mem::take(&mut postings[id as usize].bytes);
            if cut {
                ship(&cur, &mut shard_hashes, false);
                cur.truncate(HEADER_LEN);
                bounds.push(term.clone());
            }
            let start = cur.len();
            cur.extend_from_slice(term.as_bytes());
            cur.push(b'\t');
            encode_postings(&mut cur, &bytes, &norms, &self.bare);
            cur.push(b'\n');
            cut = cuts_after(
                fnv(term.as_bytes()),
                cur.len() - start,
                cur.len() - HEADER_LEN,
                self.shard_target,
            );
        }
        ship(&cur, &mut shard_hashes, true);
        drop((cur, postings, names));
        emit(std::mem::take(&mut self.ready));
        let bounds: Vec<&str> = bounds.iter().map(String::as_str).collect();
        let m = manifest_file(n as u32, &self.counts, &bounds, &shard_hashes, &self.groups);
        emit(vec![("manifest.txt".into(), m)]);
    }
}

/// A term's postings in the shard format: for each document, the gap from the previous
/// one plus one (left out when 1), then its weight as a letter (`a`… for a section with
/// text, `A`… for one without).
fn encode_postings(out: &mut Vec<u8>, bytes: &[u8], norms: &[f64], bare: &[bool]) {
    let (mut at, mut doc, mut prev) = (0, 0u32, 0u32);
    while at < bytes.len() {
        doc += read_varint(bytes, &mut at);
        let tf = read_varint(bytes, &mut at);
        let d = doc - 1;
        let gap = doc - prev;
        prev = doc;
        if gap != 1 {
            push_decimal(out, gap);
        }
        let q = level_of(tf, norms[d as usize]);
        out.push(if bare[d as usize] { b'A' } else { b'a' } + q - 1);
    }
}

/// Appends `n` in decimal digits (as `n.to_string()` would, without allocating).
pub(super) fn push_decimal(out: &mut Vec<u8>, mut n: u32) {
    let mut digits = [0u8; 10];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
}

/// The BM25 term-frequency part of a document's score (between 0 and
/// [`MAX_WEIGHT`]; k1 = 1.2, b = 0.75 with a floor), as one of [`LEVELS`] levels, 1 to
/// `LEVELS`: the shard stores it so that the browser needs no document lengths.
pub(super) fn level(tf: u32, len: u32, avg: f64) -> u8 {
    level_of(tf, norm(len, avg))
}

/// The length part of [`level`] for a document of weighted length `len`: the same for
/// each of its terms, computed once.
pub(super) fn norm(len: u32, avg: f64) -> f64 {
    1.2 * (0.25 + 0.75 * f64::from(len) / avg)
}

/// [`level`] of `tf` in a document of [`norm`] `norm`.
pub(super) fn level_of(tf: u32, norm: f64) -> u8 {
    let tf = f64::from(tf);
    let v = tf * MAX_WEIGHT / (tf + norm);
    let x = v / MAX_WEIGHT * f64::from(LEVELS);
    // `x.ceil()` (a call into the C library on x86-64 without SSE 4.1): x is at least 0.
    let t = x as u32;
    let up = if f64::from(t) < x { t + 1 } else { t };
    (up.min(255) as u8).clamp(1, LEVELS)
}

#[cfg(test)]
#[path = "write_tests.rs"]
mod tests;
