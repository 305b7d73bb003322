//! Search: the tokenizer ([`tokenize`]) is shared by the index, built at build time
//! (the `format` module), and the query in the browser, so that the two can never disagree.
//! Ranking is BM25 with title matches boosted, and each section gets a share of its
//! page's score; results come with a highlighted snippet.

mod format;
mod tokenize;

use std::collections::BTreeMap;

use crate::html::esc;

pub use format::{term_freqs, IndexBuilder, TermFreqs};
use tokenize::is_han;
pub use tokenize::{for_each_token, tokenize, Token};

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

impl Index {
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
