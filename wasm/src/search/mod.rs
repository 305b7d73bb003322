//! Search: the tokenizer ([`tokenize`]) is shared by the index, built at build time
//! (the `format` module), and the query in the browser, so that the two can never disagree.
//! Ranking is BM25 with title matches boosted, and each section gets a share of its
//! page's score; results come with a highlighted snippet.

mod fold;
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

impl Index {
    /// The postings of a query term: the term's own, or for the word being typed, those
    /// of every term it begins (term frequencies added).
    fn postings(&self, term: &str, prefix: bool) -> Vec<(u32, u32)> {
        if !prefix {
            return self.terms.get(term).cloned().unwrap_or_default();
        }
        let mut tf = vec![0u32; self.docs.len()];
        for (_, posts) in self
            .terms
            .iter()
            .filter(|(t, _)| t.starts_with(term))
            .take(MAX_EXPANSIONS)
        {
            for (d, n) in posts {
                if let Some(x) = tf.get_mut(*d as usize) {
                    *x += n;
                }
            }
        }
        (0..).zip(tf).filter(|(_, n)| *n > 0).collect()
    }

    /// Ranked document indices for a query, best first. Every query term must match (for
    /// Chinese, every character pair; a Latin word still being typed matches the words it
    /// begins); when nothing matches them all, documents matching most terms are
    /// returned. Sections without text of their own (a quiz, a tool) come after every
    /// section with teaching text.
    pub fn search(&self, query: &str) -> Vec<(usize, f64)> {
        let q = Query::new(query);
        if q.terms.is_empty() || self.docs.is_empty() {
            return Vec::new();
        }
        let n = self.docs.len() as f64;
        let avg = self.lengths.iter().map(|l| *l as f64).sum::<f64>() / n;
        let mut score: BTreeMap<u32, (f64, usize)> = BTreeMap::new();
        for term in &q.terms {
            let posts = self.postings(term, q.prefix.as_ref() == Some(term));
            if posts.is_empty() {
                continue;
            }
            let idf = ((n - posts.len() as f64 + 0.5) / (posts.len() as f64 + 0.5) + 1.0).ln();
            for (d, tf) in posts {
                let len = *self.lengths.get(d as usize).unwrap_or(&1) as f64;
                let tf = tf as f64;
                let s = idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * len / avg.max(1.0)));
                let e = score.entry(d).or_default();
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
        let bare = |d: usize| self.docs[d].text.is_empty();
        v.sort_by(|a, b| {
            bare(a.0)
                .cmp(&bare(b.0))
                .then(b.1.total_cmp(&a.1))
                .then(a.0.cmp(&b.0))
        });
        v
    }

    /// The results of [`Index::search`] grouped by page: pages in the order of their best
    /// section, each page's sections best first.
    pub fn search_pages(&self, query: &str) -> Vec<Vec<(usize, f64)>> {
        let mut groups: Vec<Vec<(usize, f64)>> = Vec::new();
        for hit in self.search(query) {
            let page = page_of(&self.docs[hit.0].url);
            match groups
                .iter_mut()
                .find(|g| page_of(&self.docs[g[0].0].url) == page)
            {
                Some(g) => g.push(hit),
                None => groups.push(vec![hit]),
            }
        }
        groups
    }
}

/// How much of the rest of its page's score a section gets.
const PAGE_SHARE: f64 = 0.25;

/// Sections shown per page in the results (the best one and the next ones).
pub const SECTIONS_PER_PAGE: usize = 3;

/// Longest title shown whole, in characters; longer ones are cut at the end.
const TITLE_WIDTH: usize = 60;

/// The page a document belongs to: its URL without the anchor.
fn page_of(url: &str) -> &str {
    url.split('#').next().unwrap_or(url)
}

/// A snippet of `text` around the first match of the query, with matches in `<mark>`;
/// when the text fits in `width` characters it is shown whole.
pub fn snippet(text: &str, query: &str, width: usize) -> String {
    let q = Query::new(query);
    let hits: Vec<Token> = tokenize(text)
        .into_iter()
        .filter(|t| q.matches(&t.term))
        .collect();
    let first = hits.first().map_or(0, |t| t.start);
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let pos = chars.iter().position(|(i, _)| *i >= first).unwrap_or(0);
    // Start a third of the width before the match, but never leave room unused at the end.
    let from = pos
        .saturating_sub(width / 3)
        .min(chars.len().saturating_sub(width));
    marked(text, &hits, &chars, from, width)
}

/// `text` from its start, cut at the end after `width` characters, matches marked.
fn title_html(text: &str, query: &str, width: usize) -> String {
    let q = Query::new(query);
    let hits: Vec<Token> = tokenize(text)
        .into_iter()
        .filter(|t| q.matches(&t.term))
        .collect();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    marked(text, &hits, &chars, 0, width)
}

/// Characters `from..from + width` of `text` (its `chars`), escaped, with the `hits`
/// inside in `<mark>` and `…` where the text goes on.
fn marked(
    text: &str,
    hits: &[Token],
    chars: &[(usize, char)],
    from: usize,
    width: usize,
) -> String {
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

/// The result list as HTML (links relative to the site root, prefixed with `root`): the
/// first `pages` pages that match, each with up to [`SECTIONS_PER_PAGE`] sections, and a
/// "more results" button when more pages match.
pub fn results_html(index: &Index, query: &str, root: &str, zh: bool, pages: usize) -> String {
    let groups = index.search_pages(query);
    if groups.is_empty() {
        return format!(
            "<p class=\"search-empty\">{}</p>",
            if zh {
                "没有找到匹配的内容。"
            } else {
                "No matching pages."
            }
        );
    }
    let n: usize = groups.iter().map(Vec::len).sum();
    let p = groups.len();
    let mut s = format!(
        "<p class=\"search-count\">{}</p><ol class=\"search-list\">",
        if zh {
            format!("找到 {p} 页，共 {n} 处")
        } else {
            format!(
                "{n} result{} on {p} page{}",
                if n == 1 { "" } else { "s" },
                if p == 1 { "" } else { "s" }
            )
        }
    );
    let link = |d: &Doc| format!("{}{}", esc(root), esc(&d.url));
    for group in groups.iter().take(pages) {
        let doc = &index.docs[group[0].0];
        let title = title_html(&doc.title, query, TITLE_WIDTH);
        let title = if doc.heading.is_empty() {
            title
        } else {
            format!("{title} › {}", title_html(&doc.heading, query, TITLE_WIDTH))
        };
        s.push_str(&format!(
            "<li class=\"search-page\"><a href=\"{}\">{title}</a><p>{}</p>",
            link(doc),
            snippet(&doc.text, query, 80)
        ));
        let more: Vec<&(usize, f64)> = group.iter().skip(1).take(SECTIONS_PER_PAGE - 1).collect();
        if !more.is_empty() {
            s.push_str("<ul class=\"search-sections\">");
            for (d, _) in more {
                let doc = &index.docs[*d];
                let heading = if doc.heading.is_empty() {
                    &doc.title
                } else {
                    &doc.heading
                };
                s.push_str(&format!(
                    "<li><a href=\"{}\">{}</a><p>{}</p></li>",
                    link(doc),
                    title_html(heading, query, TITLE_WIDTH),
                    snippet(&doc.text, query, 60)
                ));
            }
            s.push_str("</ul>");
        }
        s.push_str("</li>");
    }
    s.push_str("</ol>");
    if p > pages {
        let rest = p - pages;
        s.push_str(&format!(
            "<p class=\"search-more\"><button type=\"button\" data-action=\"more\">{}</button></p>",
            if zh {
                format!("更多结果（还有 {rest} 页）")
            } else {
                format!(
                    "More results ({rest} more page{})",
                    if rest == 1 { "" } else { "s" }
                )
            }
        ));
    }
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

    fn doc(url: &str, title: &str, heading: &str, text: &str) -> Doc {
        Doc {
            url: url.into(),
            title: title.into(),
            heading: heading.into(),
            text: text.into(),
        }
    }

    #[test]
    fn a_word_being_typed_matches_the_words_it_begins() {
        let i = Index::build(vec![
            doc("a/", "Loyalty", "", "Loyalty grows with retention."),
            doc("b/", "Loyal customers", "", "A loyal customer buys again."),
            doc("c/", "Price", "", "Retention is not price."),
        ]);
        let urls = |q: &str| -> Vec<&str> {
            let mut v: Vec<&str> = i
                .search(q)
                .iter()
                .map(|h| i.docs[h.0].url.as_str())
                .collect();
            v.sort();
            v
        };
        assert_eq!(urls("loyal"), ["a/", "b/"]);
        assert_eq!(urls("retent"), ["a/", "c/"]);
        assert_eq!(urls("loyalty retent"), ["a/"]);
        // A finished word (followed by a space) and short prefixes match exactly.
        assert_eq!(urls("loyal "), ["b/"]);
        assert!(urls("retent ").is_empty());
        assert!(urls("lo").is_empty());
        // Only the last word is a prefix: `retent` here matches nothing, `loyal` both.
        assert_eq!(urls("retent loyal"), ["a/", "b/"]);
        // The words it begins are highlighted.
        let s = snippet("Loyalty grows with retention.", "loyal", 80);
        assert!(s.contains("<mark>Loyalty</mark>"), "{s}");
    }

    #[test]
    fn traditional_and_simplified_find_each_other() {
        let i = Index::build(vec![
            doc("profile/", "客户档案", "", "建立客户档案，记录每次拜访。"),
            doc("cost/", "轉移成本", "", "客戶離開時要付出的代價。"),
        ]);
        assert_eq!(i.docs[i.search("客戶檔案")[0].0].url, "profile/");
        assert_eq!(i.docs[i.search("转移成本")[0].0].url, "cost/");
        let s = snippet("客戶離開時要付出的代價。", "客户", 80);
        assert!(s.contains("<mark>客戶</mark>"), "{s}");
    }

    #[test]
    fn quiz_sections_come_after_teaching_text() {
        let i = Index::build(vec![
            doc(
                "loyalty/#what",
                "衡量客户忠诚",
                "什么是忠诚",
                "忠诚是一种行为倾向，客户会重复购买。",
            ),
            doc("loyalty/#quiz", "衡量客户忠诚", "自测", ""),
            doc(
                "levels/#trust",
                "关系层次",
                "信任",
                "客户的忠诚来自长期的信任。",
            ),
        ]);
        let hits = i.search("忠诚");
        let urls: Vec<&str> = hits.iter().map(|h| i.docs[h.0].url.as_str()).collect();
        assert_eq!(urls.last(), Some(&"loyalty/#quiz"), "{urls:?}");
        // Without the rule, the short quiz section would outrank teaching text on its title.
        assert!(hits.last().unwrap().1 > hits[1].1, "{hits:?}");
    }

    #[test]
    fn results_are_grouped_by_page_with_more_on_request() {
        let mut docs = Vec::new();
        for p in 0..12 {
            for s in 0..5 {
                docs.push(doc(
                    &format!("p{p}/#s{s}"),
                    &format!("第{p}章"),
                    &format!("第{s}节"),
                    &"客户价值。".repeat(1 + (p * 5 + s) % 7),
                ));
            }
        }
        let i = Index::build(docs);
        let groups = i.search_pages("客户价值");
        assert_eq!(groups.len(), 12);
        for g in &groups {
            let page = page_of(&i.docs[g[0].0].url);
            assert!(g.iter().all(|h| page_of(&i.docs[h.0].url) == page));
            assert!(g.windows(2).all(|w| w[0].1 >= w[1].1), "best section first");
        }
        assert!(
            groups.windows(2).all(|w| w[0][0].1 >= w[1][0].1),
            "best page first"
        );
        let html = results_html(&i, "客户价值", "", true, 10);
        assert_eq!(html.matches("<li class=\"search-page\">").count(), 10);
        // Each page: its best section and two more.
        assert_eq!(html.matches("<ul class=\"search-sections\">").count(), 10);
        assert_eq!(html.matches("</a>").count(), 30);
        assert!(html.contains("找到 12 页，共 60 处"), "{html}");
        assert!(
            html.contains("data-action=\"more\">更多结果（还有 2 页）"),
            "{html}"
        );
        let all = results_html(&i, "客户价值", "", false, 20);
        assert!(!all.contains("data-action=\"more\""));
        assert!(all.contains("60 results on 12 pages"));
    }

    #[test]
    fn titles_are_shown_from_their_start_and_cut_at_the_end() {
        let title = "一个很长的章节标题：先讲清楚背景再讲关键人 MAN 原则";
        let i = Index::build(vec![doc("man/", title, "", "正文")]);
        let html = results_html(&i, "MAN", "", true, 10);
        assert!(
            html.contains("一个很长的章节标题：先讲清楚背景再讲关键人 <mark>MAN</mark> 原则</a>"),
            "{html}"
        );
        let long = "客户".repeat(40);
        assert_eq!(
            title_html(&long, "价值", 60),
            format!("{}…", "客户".repeat(30))
        );
        // Snippets fill their width instead of leaving room unused at the end.
        let s = snippet("012345678 关键", "关键", 12);
        assert_eq!(s, "012345678 <mark>关键</mark>");
    }

    #[test]
    fn snippets_highlight_matches_and_escape() {
        let s = snippet("前言。MAN 原则帮助判断 <有望客户>。", "有望客户", 40);
        assert!(s.contains("<mark>有望客户</mark>"), "{s}");
        assert!(s.contains("&lt;"));
        let html = results_html(&sample(), "关键人", "../", true, 10);
        assert!(html.contains("href=\"../visits/man/\""));
        assert!(!html.contains("data-action=\"more\""));
        assert!(html.contains("<mark>"), "{html}");
        assert!(results_html(&sample(), "zzzz", "", false, 10).contains("No matching pages."));
    }
}
