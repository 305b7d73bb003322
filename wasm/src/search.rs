//! Search: one tokenizer for the index (built at build time) and the query (in the
//! browser), so that the two can never disagree.
//!
//! Tokens: Chinese (Han) runs give every character and every pair of adjacent characters
//! (unigrams and bigrams: no dictionary, no drift); Latin words are lower-cased with a
//! light plural rule; terms such as `6W2H`, `4P`, `1:1`, `80/20`, `M+A+N`, `80%` are kept
//! whole (and their parts indexed too). Full-width ASCII is folded to ASCII.
//!
//! The index is a small line format (no JSON parser in the wasm module):
//! `D<TAB>url<TAB>title<TAB>heading<TAB>text` per document, then
//! `T<TAB>term<TAB>doc[:tf],…` per term (document numbers as gaps, `:1` omitted).
//! Ranking is BM25 with title matches boosted.

use std::borrow::Cow;
use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use crate::html::esc;

/// A token and its byte range in the text it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    /// The normalised term.
    pub term: String,
    /// Start byte.
    pub start: usize,
    /// End byte.
    pub end: usize,
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

fn fold(c: char) -> char {
    match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

fn stem(word: &str) -> String {
    let w = word.to_lowercase();
    if w.chars().any(|c| c.is_ascii_digit()) || w.len() <= 3 {
        return w;
    }
    if let Some(s) = w.strip_suffix("ies") {
        return format!("{s}y");
    }
    if w.ends_with("ss") || w.ends_with("us") || w.ends_with("is") {
        return w;
    }
    w.strip_suffix('s').map(str::to_string).unwrap_or(w)
}

/// Splits text into search tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    for_each_token(text, |term, start, end| {
        out.push(Token {
            term: term.into_owned(),
            start,
            end,
        })
    });
    out
}

/// Calls `f(term, start, end)` for each search token of `text`, in order, without
/// allocating for Chinese tokens (they are slices of `text`: folding leaves Han alone).
pub fn for_each_token<'a>(text: &'a str, mut f: impl FnMut(Cow<'a, str>, usize, usize)) {
    // Han runs are handled as they stream by; other stretches (Latin words, numbers,
    // compounds such as `6W2H` or `1:1`) are collected and tokenized as a whole.
    let mut prev_han: Option<usize> = None;
    let mut other_start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if is_han(c) {
            if let Some(s) = other_start.take() {
                tokenize_other(text, s, i, &mut f);
            }
            let end = i + c.len_utf8();
            if let Some(p) = prev_han {
                f(Cow::Borrowed(&text[p..end]), p, end);
            }
            f(Cow::Borrowed(&text[i..end]), i, end);
            prev_han = Some(i);
        } else {
            prev_han = None;
            other_start.get_or_insert(i);
        }
    }
    if let Some(s) = other_start {
        tokenize_other(text, s, text.len(), &mut f);
    }
}

/// Tokens of `text[from..to]`, a stretch without Han characters.
fn tokenize_other<'a>(
    text: &'a str,
    from: usize,
    to: usize,
    f: &mut impl FnMut(Cow<'a, str>, usize, usize),
) {
    let chars: Vec<(usize, char)> = text[from..to]
        .char_indices()
        .map(|(i, c)| (from + i, fold(c)))
        .collect();
    let end_of = |k: usize| chars.get(k + 1).map_or(to, |x| x.0);
    let mut k = 0;
    while k < chars.len() {
        let (start, c) = chars[k];
        if c.is_alphanumeric() {
            // A compound: alphanumeric runs joined by one of : / + . - between them, and a
            // trailing %.
            let mut j = k;
            let mut parts: Vec<(usize, usize)> = Vec::new();
            loop {
                let ps = j;
                while j < chars.len() && chars[j].1.is_alphanumeric() {
                    j += 1;
                }
                parts.push((ps, j));
                if j + 1 < chars.len()
                    && matches!(chars[j].1, ':' | '/' | '+' | '.' | '-')
                    && chars[j + 1].1.is_alphanumeric()
                {
                    j += 1;
                    continue;
                }
                break;
            }
            if j < chars.len() && chars[j].1 == '%' {
                j += 1;
            }
            let s: String = chars[k..j].iter().map(|x| x.1).collect();
            let whole = stem(&s);
            f(Cow::Owned(whole.clone()), start, end_of(j - 1));
            if parts.len() > 1 || s.ends_with('%') {
                let mut seen = vec![whole];
                for (a, b) in parts {
                    let p: String = chars[a..b].iter().map(|x| x.1).collect();
                    let t = stem(&p);
                    if !seen.contains(&t) && !t.is_empty() {
                        f(Cow::Owned(t.clone()), chars[a].0, end_of(b - 1));
                        seen.push(t);
                    }
                }
            }
            k = j;
        } else {
            k += 1;
        }
    }
}

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

/// The inverted index.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Index {
    /// Documents.
    pub docs: Vec<Doc>,
    /// Term → (document, weighted term frequency).
    pub terms: BTreeMap<String, Vec<(u32, u32)>>,
    lengths: Vec<u32>,
}

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
    fn serialized_len(&self) -> usize {
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

    /// Ranked document indices for a query, best first. Every query term must match (for
    /// Chinese, every character pair); when nothing matches them all, documents matching
    /// most terms are returned.
    pub fn search(&self, query: &str) -> Vec<(usize, f64)> {
        let mut q: Vec<String> = tokenize(query).into_iter().map(|t| t.term).collect();
        q.sort();
        q.dedup();
        // A Chinese run of two or more characters is matched by its pairs alone.
        let han_pairs = q
            .iter()
            .any(|t| t.chars().count() == 2 && t.chars().all(is_han));
        if han_pairs {
            q.retain(|t| !(t.chars().count() == 1 && t.chars().all(is_han)));
        }
        if q.is_empty() || self.docs.is_empty() {
            return Vec::new();
        }
        let n = self.docs.len() as f64;
        let avg = self.lengths.iter().map(|l| *l as f64).sum::<f64>() / n;
        let mut score: BTreeMap<u32, (f64, usize)> = BTreeMap::new();
        for term in &q {
            let Some(posts) = self.terms.get(term) else {
                continue;
            };
            let idf = ((n - posts.len() as f64 + 0.5) / (posts.len() as f64 + 0.5) + 1.0).ln();
            for (d, tf) in posts {
                let len = *self.lengths.get(*d as usize).unwrap_or(&1) as f64;
                let tf = *tf as f64;
                let s = idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * len / avg.max(1.0)));
                let e = score.entry(*d).or_default();
                e.0 += s;
                e.1 += 1;
            }
        }
        let best = score.values().map(|v| v.1).max().unwrap_or(0);
        score.retain(|_, (_, hits)| *hits == best);
        // A section of a page that is about the query as a whole outranks a lone
        // section that merely mentions it: each section gets a share of its page's total.
        let mut pages: BTreeMap<&str, f64> = BTreeMap::new();
        for (d, (s, _)) in &score {
            *pages
                .entry(page_of(&self.docs[*d as usize].url))
                .or_default() += s;
        }
        let mut v: Vec<(usize, f64)> = score
            .iter()
            .map(|(d, (s, _))| {
                let page = pages[page_of(&self.docs[*d as usize].url)];
                (*d as usize, s + PAGE_SHARE * (page - s))
            })
            .collect();
        v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        v
    }
}

/// How much of the rest of its page's score a section gets.
const PAGE_SHARE: f64 = 0.25;

/// The page a document belongs to: its URL without the anchor.
fn page_of(url: &str) -> &str {
    url.split('#').next().unwrap_or(url)
}

/// A snippet of `text` around the first match of the query, with matches in `<mark>`.
pub fn snippet(text: &str, query: &str, width: usize) -> String {
    let q: Vec<String> = tokenize(query).into_iter().map(|t| t.term).collect();
    let hits: Vec<Token> = tokenize(text)
        .into_iter()
        .filter(|t| q.contains(&t.term))
        .collect();
    let first = hits.first().map_or(0, |t| t.start);
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let pos = chars.iter().position(|(i, _)| *i >= first).unwrap_or(0);
    let from = pos.saturating_sub(width / 3);
    let to = (from + width).min(chars.len());
    let start_b = chars.get(from).map_or(0, |x| x.0);
    let end_b = chars.get(to).map_or(text.len(), |x| x.0);
    // Merge overlapping hit ranges inside the window.
    let mut ranges: Vec<(usize, usize)> = hits
        .iter()
        .filter(|t| t.start >= start_b && t.end <= end_b)
        .map(|t| (t.start, t.end))
        .collect();
    ranges.sort();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.0 <= last.1 => last.1 = last.1.max(r.1),
            _ => merged.push(r),
        }
    }
    let mut s = String::new();
    if from > 0 {
        s.push('…');
    }
    let mut at = start_b;
    for (a, b) in merged {
        s.push_str(&esc(&text[at..a]));
        s.push_str(&format!("<mark>{}</mark>", esc(&text[a..b])));
        at = b;
    }
    s.push_str(&esc(&text[at..end_b]));
    if to < chars.len() {
        s.push('…');
    }
    s
}

/// The result list as HTML (links relative to the site root, prefixed with `root`).
pub fn results_html(index: &Index, query: &str, root: &str, zh: bool, limit: usize) -> String {
    let hits = index.search(query);
    if hits.is_empty() {
        return format!(
            "<p class=\"search-empty\">{}</p>",
            if zh {
                "没有找到匹配的内容。"
            } else {
                "No matching pages."
            }
        );
    }
    let mut s = format!(
        "<p class=\"search-count\">{}</p><ol class=\"search-list\">",
        if zh {
            format!("找到 {} 条结果", hits.len())
        } else {
            format!("{} results", hits.len())
        }
    );
    for (d, _) in hits.iter().take(limit) {
        let doc = &index.docs[*d];
        let hl = |t: &str| snippet(t, query, t.chars().count());
        let title = if doc.heading.is_empty() {
            hl(&doc.title)
        } else {
            format!("{} › {}", hl(&doc.title), hl(&doc.heading))
        };
        s.push_str(&format!(
            "<li><a href=\"{}{}\">{title}</a><p>{}</p></li>",
            esc(root),
            esc(&doc.url),
            snippet(&doc.text, query, 80)
        ));
    }
    s.push_str("</ol>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(s: &str) -> Vec<String> {
        tokenize(s).into_iter().map(|t| t.term).collect()
    }

    #[test]
    fn chinese_gives_unigrams_and_bigrams() {
        assert_eq!(
            terms("客户价值"),
            ["客", "客户", "户", "户价", "价", "价值", "值"]
        );
        assert_eq!(terms("拜访。"), ["拜", "拜访", "访"]);
    }

    #[test]
    fn latin_terms_and_compounds() {
        assert_eq!(
            terms("Customers' Lifetime value"),
            ["customer", "lifetime", "value"]
        );
        assert_eq!(terms("6W2H"), ["6w2h"]);
        assert_eq!(terms("4P 与 4C"), ["4p", "与", "4c"]);
        assert_eq!(terms("1:1"), ["1:1", "1"]);
        assert_eq!(
            terms("80/20 法则"),
            ["80/20", "80", "20", "法", "法则", "则"]
        );
        assert_eq!(terms("80%"), ["80%", "80"]);
        assert_eq!(terms("M+A+N"), ["m+a+n", "m", "a", "n"]);
        assert_eq!(terms("ＭＡＮ原则"), ["man", "原", "原则", "则"]);
        assert_eq!(terms("business"), ["business"]);
        assert_eq!(terms("strategies"), ["strategy"]);
    }

    fn sample() -> Index {
        Index::build(vec![
            Doc {
                url: "visits/man/".into(),
                title: "找到关键人：MAN 原则".into(),
                heading: String::new(),
                text: "MAN 原则帮助判断有望客户：钱、权、需。M+A+N 是理想的销售对象。".into(),
            },
            Doc {
                url: "value/clv/".into(),
                title: "客户终生价值".into(),
                heading: String::new(),
                text: "客户终生价值是客户未来带来的利润之和。保留率提高 5% 能显著提高利润。".into(),
            },
            Doc {
                url: "visits/6w2h/".into(),
                title: "用 6W2H 设定目标".into(),
                heading: String::new(),
                text: "6W2H 把模糊的愿望变成具体的目标。".into(),
            },
        ])
    }

    #[test]
    fn queries_find_their_page_first() {
        let i = sample();
        for (q, url) in [
            ("关键人", "visits/man/"),
            ("终生价值", "value/clv/"),
            ("6w2h", "visits/6w2h/"),
            ("M+A+N", "visits/man/"),
            ("保留率", "value/clv/"),
            ("价值", "value/clv/"),
        ] {
            let hits = i.search(q);
            assert!(!hits.is_empty(), "{q}");
            assert_eq!(i.docs[hits[0].0].url, url, "{q}");
        }
        assert!(i.search("完全无关的词").is_empty() || i.search("完全无关的词").len() <= 3);
        assert!(i.search("").is_empty());
    }

    #[test]
    fn a_page_about_the_query_outranks_a_lone_section_named_after_it() {
        let doc = |url: &str, title: &str, heading: &str, text: &str| Doc {
            url: url.into(),
            title: title.into(),
            heading: heading.into(),
            text: text.into(),
        };
        let docs = vec![
            doc(
                "man/#revisit",
                "MAN 原则",
                "回访间隔",
                "工具给出一个回访间隔的起点。",
            ),
            doc("man/#table", "MAN 原则", "八种组合", "钱、权、需三个条件。"),
            doc("prospects/", "准客户分类", "", "先分类，再定回访间隔。"),
            doc(
                "prospects/#interval",
                "准客户分类",
                "按成交时间定间隔",
                "回访间隔分四档：20、40、60、80 天以内。回访间隔是上限。",
            ),
            doc(
                "prospects/#plans",
                "准客户分类",
                "计划",
                "到期的回访间隔排进周计划。",
            ),
        ];
        let i = Index::build(docs.clone());
        let hits = i.search("回访间隔");
        assert_eq!(i.docs[hits[0].0].url, "prospects/#interval");
        // Without its sibling sections, the page loses first place to the heading match.
        let i = Index::build(vec![docs[0].clone(), docs[1].clone(), docs[3].clone()]);
        let hits = i.search("回访间隔");
        assert_eq!(i.docs[hits[0].0].url, "man/#revisit");
    }

    #[test]
    fn serialization_round_trip_keeps_ranking() {
        let i = sample();
        let text = i.serialize();
        assert_eq!(
            text.len(),
            i.serialized_len(),
            "the length is computed exactly"
        );
        let back = Index::parse(&text);
        assert_eq!(back.docs, i.docs);
        assert_eq!(back.terms, i.terms);
        assert_eq!(back.search("终生价值"), i.search("终生价值"));
    }

    #[test]
    fn snippets_highlight_matches_and_escape() {
        let s = snippet("前言。MAN 原则帮助判断 <有望客户>。", "有望客户", 40);
        assert!(s.contains("<mark>有望客户</mark>"), "{s}");
        assert!(s.contains("&lt;"));
        let html = results_html(&sample(), "关键人", "../", true, 10);
        assert!(html.contains("href=\"../visits/man/\""));
        assert!(html.contains("<mark>"), "{html}");
        assert!(results_html(&sample(), "zzzz", "", false, 10).contains("No matching pages."));
    }
}
