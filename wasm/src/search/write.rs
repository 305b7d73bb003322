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
use std::hash::Hasher;

use rustc_hash::FxHashMap;

use super::files::{fnv, page_counts, HEADER_LEN, LEVELS, MAX_WEIGHT, SIGNATURE, TOKENIZER};
use super::for_each_token;

/// Title and heading tokens count this many times.
const TITLE_WEIGHT: u32 = 3;

/// Target size of a shard in bytes before compression (a shard holds at least one term,
/// so a very common term can make a larger one). About 10–15 KB gzipped.
pub const SHARD_TARGET: usize = 20 * 1024;

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
    page.sections
        .iter()
        .map(|(_, heading, text)| {
            let mut tf: FxHashMap<Cow<'a, str>, u32> = FxHashMap::default();
            let mut count = |term: Cow<'a, str>, weight: u32| {
                *tf.entry(term).or_default() += weight;
            };
            for_each_token(text, |t, _, _| count(t, 1));
            for_each_token(&page.title, |t, _, _| count(t, TITLE_WEIGHT));
            for_each_token(heading, |t, _, _| count(t, TITLE_WEIGHT));
            // In any order: postings are ordered by document, terms when the files are
            // written.
            tf.into_iter().collect()
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

/// Builds the search files of one language, page by page.
pub struct IndexWriter {
    /// Shard size target in bytes.
    shard_target: usize,
    terms: FxHashMap<String, Postings>,
    /// Weighted length of each document (section).
    lengths: Vec<u32>,
    /// Whether each document has no text of its own (a quiz, a tool).
    bare: Vec<bool>,
    /// Sections of each page.
    counts: Vec<u32>,
    /// Each page's chunk, a header's room first.
    chunks: Vec<Vec<u8>>,
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
            terms: FxHashMap::default(),
            lengths: Vec::new(),
            bare: Vec::new(),
            counts: Vec::new(),
            chunks: Vec::new(),
        }
    }

    /// Adds the next page and the term frequencies of its sections ([`page_terms`]).
    /// The page's text is copied into its chunk; the caller drops the page afterwards.
    pub fn add(&mut self, page: &PageIn, freqs: Vec<TermFreqs<'_>>) {
        for ((_, _, text), tf) in page.sections.iter().zip(freqs) {
            let doc = self.lengths.len() as u32;
            let mut len = 0;
            for (term, n) in tf {
                len += n;
                let p = match self.terms.get_mut(&*term) {
                    Some(p) => p,
                    None => self.terms.entry(term.into_owned()).or_default(),
                };
                push_varint(&mut p.bytes, doc + 1 - p.last);
                push_varint(&mut p.bytes, n);
                p.last = doc + 1;
            }
            self.lengths.push(len);
            self.bare.push(text.trim().is_empty());
        }
        self.counts.push(page.sections.len() as u32);
        let mut c = vec![b' '; HEADER_LEN];
        c.extend((self.counts.len() - 1).to_string().bytes());
        c.push(b'\t');
        push_field(&mut c, &page.url);
        c.push(b'\t');
        push_field(&mut c, &page.title);
        c.push(b'\n');
        for (anchor, heading, text) in &page.sections {
            push_field(&mut c, anchor);
            c.push(b'\t');
            push_field(&mut c, heading);
            c.push(b'\t');
            push_field(&mut c, text);
            c.push(b'\n');
        }
        self.chunks.push(c);
    }

    /// The search files: `manifest.txt`, `t/N.txt` (shards), `d/N.txt` (page N's chunk),
    /// each starting with the index version and the hash of its body.
    pub fn finish(self) -> Vec<(String, Vec<u8>)> {
        let n = self.lengths.len();
        let avg = (self.lengths.iter().map(|&l| l as f64).sum::<f64>() / n.max(1) as f64).max(1.0);
        let mut terms: Vec<(String, Postings)> = self.terms.into_iter().collect();
        terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut shards: Vec<Vec<u8>> = Vec::new();
        let mut bounds: Vec<String> = Vec::new();
        let mut cur = vec![b' '; HEADER_LEN];
        for (term, p) in terms {
            if cur.len() > HEADER_LEN + self.shard_target {
                shards.push(std::mem::replace(&mut cur, vec![b' '; HEADER_LEN]));
                bounds.push(term.clone());
            }
            cur.extend_from_slice(term.as_bytes());
            cur.push(b'\t');
            encode_postings(&mut cur, &p.bytes, &self.lengths, &self.bare, avg);
            cur.push(b'\n');
        }
        shards.push(cur);
        // The manifest body; the version covers every file's body.
        let mut m = vec![b' '; HEADER_LEN];
        m.extend(
            format!(
                "{SIGNATURE}\ndocs\t{n}\nlevels\t{LEVELS}\ntokenizer\t{TOKENIZER}\npages\t{}\nshards\t{}\n",
                page_counts(&self.counts),
                bounds.join("\t")
            )
            .bytes(),
        );
        let mut version = rustc_hash::FxHasher::default();
        let mut files: Vec<(String, Vec<u8>)> =
            Vec::with_capacity(1 + shards.len() + self.chunks.len());
        files.push(("manifest.txt".into(), m));
        files.extend(
            shards
                .into_iter()
                .enumerate()
                .map(|(i, s)| (format!("t/{i}.txt"), s)),
        );
        files.extend(
            self.chunks
                .into_iter()
                .enumerate()
                .map(|(i, c)| (format!("d/{i}.txt"), c)),
        );
        let hashes: Vec<u32> = files.iter().map(|(_, b)| fnv(&b[HEADER_LEN..])).collect();
        for h in &hashes {
            version.write_u32(*h);
        }
        let version = version.finish();
        for ((_, b), h) in files.iter_mut().zip(hashes) {
            let head = format!("{version:016x}\t{h:08x}\n");
            debug_assert_eq!(head.len(), HEADER_LEN);
            b[..HEADER_LEN].copy_from_slice(head.as_bytes());
        }
        files
    }
}

/// A term's postings in the shard format: for each document, the gap from the previous
/// one plus one (left out when 1), then its weight as a letter (`a`… for a section with
/// text, `A`… for one without).
fn encode_postings(out: &mut Vec<u8>, bytes: &[u8], lengths: &[u32], bare: &[bool], avg: f64) {
    let (mut at, mut doc, mut prev) = (0, 0u32, 0u32);
    while at < bytes.len() {
        doc += read_varint(bytes, &mut at);
        let tf = read_varint(bytes, &mut at);
        let d = doc - 1;
        let gap = doc - prev;
        prev = doc;
        if gap != 1 {
            out.extend(gap.to_string().bytes());
        }
        let q = level(tf, lengths[d as usize], avg);
        out.push(if bare[d as usize] { b'A' } else { b'a' } + q - 1);
    }
}

/// The BM25 term-frequency part of a document's score (between 0 and
/// [`MAX_WEIGHT`]; k1 = 1.2, b = 0.75 with a floor), as one of [`LEVELS`] levels, 1 to
/// `LEVELS`: the shard stores it so that the browser needs no document lengths.
pub(super) fn level(tf: u32, len: u32, avg: f64) -> u8 {
    let tf = f64::from(tf);
    let v = tf * MAX_WEIGHT / (tf + 1.2 * (0.25 + 0.75 * f64::from(len) / avg));
    ((v / MAX_WEIGHT * f64::from(LEVELS)).ceil() as u8).clamp(1, LEVELS)
}
