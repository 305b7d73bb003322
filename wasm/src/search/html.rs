//! Search results as HTML: pages in rank order, each with its best sections, titles
//! and snippets with the query's matches in `<mark>`. Results whose page chunk has not
//! arrived yet show as pending; those that could not be loaded say so.

use super::{tokenize, Doc, Index, Query, Token};
use crate::html::esc;

/// Sections shown per page in the results (the best one and the next ones).
pub const SECTIONS_PER_PAGE: usize = 3;

/// Longest title shown whole, in characters; longer ones are cut at the end.
const TITLE_WIDTH: usize = 60;

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
pub(super) fn title_html(text: &str, query: &str, width: usize) -> String {
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
///
/// A page whose chunk has not arrived is a pending item; one in `failed` says it could not
/// be loaded.
pub fn results_html(
    index: &Index,
    query: &str,
    root: &str,
    zh: bool,
    pages: usize,
    failed: &[u32],
) -> String {
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
        let Some(doc) = index.doc(group[0].0) else {
            let page = index.page_of(group[0].0);
            s.push_str(&if failed.contains(&page) {
                format!(
                    "<li class=\"search-page search-failed\">{}</li>",
                    if zh {
                        "这条结果无法加载（网络中断或文件损坏）。"
                    } else {
                        "This result could not be loaded (connection lost or damaged file)."
                    }
                )
            } else {
                format!(
                    "<li class=\"search-page search-pending\" aria-busy=\"true\">{}</li>",
                    if zh { "正在加载…" } else { "Loading…" }
                )
            });
            continue;
        };
        let doc = &doc;
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
                let Some(doc) = index.doc(*d) else { continue };
                let doc = &doc;
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
