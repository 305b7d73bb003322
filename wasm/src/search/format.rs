//! The index file: a small line format (no JSON parser in the wasm module),
//! `D<TAB>url<TAB>title<TAB>heading<TAB>text` per document, then
//! `T<TAB>term<TAB>doc[:tf],…` per term (document numbers as gaps, `:1` omitted). Built
//! one document at a time at build time; read back in the browser.

use std::borrow::Cow;
use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use super::{for_each_token, Doc, Index};

/// Title and heading tokens count this many times.
const TITLE_WEIGHT: u32 = 3;

/// Builds an index one document's [`term_freqs`] at a time, so that a caller never holds
/// the frequencies of every document at once. Postings are kept in their serialized form
/// (a few bytes each rather than eight), since what a build needs is the index file.
#[derive(Default)]
pub struct IndexBuilder {
    terms: FxHashMap<String, Postings>,
    docs: u32,
}

/// One term's postings in the line format (`gap[:tf],…`) and the last document in it.
#[derive(Default)]
struct Postings {
    last: u32,
    text: String,
}

impl Postings {
    /// Appends document `doc` (after any earlier one) with term frequency `tf`.
    fn push(&mut self, doc: u32, tf: u32) {
        if !self.text.is_empty() {
            self.text.push(',');
        }
        push_u32(&mut self.text, doc - self.last);
        if tf != 1 {
            self.text.push(':');
            push_u32(&mut self.text, tf);
        }
        self.last = doc;
    }
}

impl IndexBuilder {
    /// Adds the next document's term frequencies.
    pub fn add(&mut self, tf: TermFreqs<'_>) {
        let doc = self.docs;
        self.docs += 1;
        for (term, n) in tf {
            match self.terms.get_mut(&*term) {
                Some(p) => p.push(doc, n),
                None => self
                    .terms
                    .entry(term.into_owned())
                    .or_default()
                    .push(doc, n),
            }
        }
    }

    /// The index file of `docs`, which must be the documents added, in the same order
    /// (the same text as [`Index::serialize`]). Each document and term is freed as soon as
    /// it is written, into a buffer allocated once at its final size.
    pub fn finish_serialized(self, docs: Vec<Doc>) -> String {
        let mut terms: Vec<(String, String)> =
            self.terms.into_iter().map(|(t, p)| (t, p.text)).collect();
        terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        write_index(index_len(&docs, &terms), docs, terms)
    }

    /// The index of `docs` (see [`IndexBuilder::finish_serialized`]).
    pub fn finish(self, docs: Vec<Doc>) -> Index {
        Index::parse(&self.finish_serialized(docs))
    }
}

fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

/// Appends `n` in decimal (without the formatting machinery: this runs once per posting).
fn push_u32(s: &mut String, mut n: u32) {
    let mut buf = [0u8; 10];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &b in &buf[i..] {
        s.push(b as char);
    }
}

/// The length of a document's `D` line.
fn doc_len(d: &Doc) -> usize {
    6 + d.url.len() + d.title.len() + d.heading.len() + d.text.len()
}

/// A `D` line (tabs and line breaks in fields become spaces: same length).
fn write_doc(s: &mut String, d: &Doc) {
    for (i, field) in [&d.url, &d.title, &d.heading, &d.text]
        .into_iter()
        .enumerate()
    {
        s.push_str(if i == 0 { "D\t" } else { "\t" });
        if field.contains(['\t', '\n', '\r']) {
            s.push_str(&clean(field));
        } else {
            s.push_str(field);
        }
    }
    s.push('\n');
}

/// The exact length of the index file of `docs` and `terms` (term, encoded postings).
fn index_len(docs: &[Doc], terms: &[(impl AsRef<str>, String)]) -> usize {
    docs.iter().map(doc_len).sum::<usize>()
        + terms
            .iter()
            .map(|(t, p)| 4 + t.as_ref().len() + p.len())
            .sum::<usize>()
}

/// The index file: `D` lines, then `T` lines, into a buffer of its final size `len`; each
/// document and term is dropped as soon as it is written when they are passed by value.
fn write_index<D: std::borrow::Borrow<Doc>, T: AsRef<str>>(
    len: usize,
    docs: impl IntoIterator<Item = D>,
    terms: impl IntoIterator<Item = (T, String)>,
) -> String {
    let mut s = String::with_capacity(len);
    for d in docs {
        write_doc(&mut s, d.borrow());
    }
    for (t, p) in terms {
        s.push_str("T\t");
        s.push_str(t.as_ref());
        s.push('\t');
        s.push_str(&p);
        s.push('\n');
    }
    debug_assert_eq!(s.len(), len, "the index length is computed exactly");
    s
}

/// The weighted term frequencies of one document (terms borrowed from it where they can
/// be).
pub type TermFreqs<'a> = Vec<(Cow<'a, str>, u32)>;

/// The weighted term frequencies of one document (title and heading count three times):
/// the per-document half of indexing, which callers may run in parallel. (Document
/// lengths are the sums of these, recomputed when the index file is read.)
pub fn term_freqs<'a>(d: &'a Doc) -> TermFreqs<'a> {
    let mut tf: FxHashMap<Cow<'a, str>, u32> = FxHashMap::default();
    let mut count = |term: Cow<'a, str>, weight: u32| {
        *tf.entry(term).or_default() += weight;
    };
    for_each_token(&d.text, |t, _, _| count(t, 1));
    for_each_token(&d.title, |t, _, _| count(t, TITLE_WEIGHT));
    for_each_token(&d.heading, |t, _, _| count(t, TITLE_WEIGHT));
    tf.into_iter().collect()
}

impl Index {
    /// Builds the index of `docs`.
    pub fn build(docs: Vec<Doc>) -> Index {
        let mut b = IndexBuilder::default();
        for d in &docs {
            b.add(term_freqs(d));
        }
        b.finish(docs)
    }

    /// The index in its line format. Postings are `doc[:tf]` with document numbers as
    /// differences from the previous one and `:1` left out.
    pub fn serialize(&self) -> String {
        let terms = self.encoded_terms();
        write_index(index_len(&self.docs, &terms), &self.docs, terms)
    }

    /// Each term with its postings in the line format.
    fn encoded_terms(&self) -> Vec<(&str, String)> {
        self.terms
            .iter()
            .map(|(t, posts)| {
                let mut p = Postings::default();
                for (d, n) in posts {
                    p.push(*d, *n);
                }
                (t.as_str(), p.text)
            })
            .collect()
    }

    /// The exact length of the serialized index.
    #[cfg(test)]
    pub(super) fn serialized_len(&self) -> usize {
        index_len(&self.docs, &self.encoded_terms())
    }

    /// Reads the line format back; malformed lines are skipped.
    pub fn parse(text: &str) -> Index {
        let mut docs = Vec::new();
        let mut terms = BTreeMap::new();
        for line in text.lines() {
            let mut f = line.split('\t');
            match f.next() {
                Some("D") => {
                    let (Some(url), Some(title), Some(heading), Some(text)) =
                        (f.next(), f.next(), f.next(), f.next())
                    else {
                        continue;
                    };
                    docs.push(Doc {
                        url: url.into(),
                        title: title.into(),
                        heading: heading.into(),
                        text: text.into(),
                    });
                }
                Some("T") => {
                    let (Some(term), Some(posts)) = (f.next(), f.next()) else {
                        continue;
                    };
                    let mut prev = 0u32;
                    let p: Vec<(u32, u32)> = posts
                        .split(',')
                        .filter_map(|x| {
                            let (d, n) = x.split_once(':').unwrap_or((x, "1"));
                            let d = prev.checked_add(d.parse().ok()?)?;
                            prev = d;
                            Some((d, n.parse().ok()?))
                        })
                        .collect();
                    terms.insert(term.to_string(), p);
                }
                _ => {}
            }
        }
        let mut lengths = vec![0u32; docs.len()];
        for posts in terms.values() {
            for (d, n) in posts {
                if let Some(l) = lengths.get_mut(*d as usize) {
                    *l += n;
                }
            }
        }
        Index {
            docs,
            terms,
            lengths,
        }
    }
}
