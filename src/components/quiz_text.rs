//! Quiz text (questions, options, feedback, explanations) → HTML.
//!
//! Input: one piece of quiz text, written in Markdown (from a quiz body or a GIFT file).
//! Output: HTML rendered with the same Markdown options as page text, so bold, code,
//! entities and links read the same, but never live markup from the text itself: raw
//! HTML (`<script>`, `<img onerror=…>`, `<iframe>`…) becomes literal text, links and
//! images whose URL has a scheme other than `http`, `https`, `mailto` or `tel` (such as
//! `javascript:`) keep their text and lose the URL, and heading attributes
//! (`{#id .class key=value}`) are dropped. The same HTML is used on the quiz page, the
//! answer key and the handouts, and the browser shows feedback by copying it. Must not:
//! resolve links or know about pages.

use pulldown_cmark::{html, Event, Parser, Tag, TagEnd};

/// Markdown → HTML, as blocks (paragraphs, lists).
pub fn block(md: &str) -> String {
    // For each open link or image: whether it was dropped (so is its end).
    let mut dropped: Vec<bool> = Vec::new();
    // Emphasis follows the same CJK-friendly rules as page text.
    let (text, fixes) = crate::parse::cjk::prepare(md).unwrap_or_default();
    let text = if fixes.is_empty() { md } else { &text };
    let events = Parser::new_ext(text, crate::parse::markdown::options())
        .into_offset_iter()
        .map(|(ev, r)| crate::parse::cjk::restore(ev, &r, &fixes))
        .filter_map(|ev| {
            Some(match ev {
                Event::Html(s) | Event::InlineHtml(s) => Event::Text(s),
                Event::Start(Tag::HtmlBlock) => Event::Start(Tag::Paragraph),
                Event::End(TagEnd::HtmlBlock) => Event::End(TagEnd::Paragraph),
                Event::Start(Tag::Link { ref dest_url, .. } | Tag::Image { ref dest_url, .. }) => {
                    let unsafe_url = !safe_url(dest_url);
                    dropped.push(unsafe_url);
                    if unsafe_url {
                        return None;
                    }
                    ev
                }
                Event::End(TagEnd::Link | TagEnd::Image) => {
                    if dropped.pop().unwrap_or(false) {
                        return None;
                    }
                    ev
                }
                Event::Start(Tag::Heading { level, .. }) => Event::Start(Tag::Heading {
                    level,
                    id: None,
                    classes: Vec::new(),
                    attrs: Vec::new(),
                }),
                ev => ev,
            })
        });
    let mut s = String::new();
    html::push_html(&mut s, events);
    s
}

/// Markdown → HTML without the surrounding paragraph (for a question or an option).
pub fn inline(md: &str) -> String {
    let html = block(md);
    let t = html.trim();
    t.strip_prefix("<p>")
        .and_then(|x| x.strip_suffix("</p>"))
        .filter(|x| !x.contains("<p>"))
        .unwrap_or(t)
        .to_string()
}

/// Whether a link or image URL may stay: relative, or with a scheme that only navigates
/// or loads (`http`, `https`, `mailto`, `tel`). Read the way a browser reads it: tabs and
/// line breaks anywhere and leading spaces and control characters are ignored, the scheme
/// is case-insensitive.
pub fn safe_url(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let t = cleaned.trim_start_matches(|c: char| c <= ' ');
    match t.find([':', '/', '?', '#']) {
        Some(i) if t[i..].starts_with(':') => {
            let scheme = t[..i].to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "mailto" | "tel")
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// No element or attribute that could run a script, whatever the text.
    fn inert(html: &str) {
        for bad in [
            "<script",
            "<img",
            "<svg",
            "<iframe",
            "onerror=\"",
            "javascript:",
            "<h1 ",
        ] {
            assert!(!html.contains(bad), "{bad} in {html}");
        }
    }

    #[test]
    fn emphasis_follows_the_cjk_friendly_rules_as_on_pages() {
        assert_eq!(
            inline("**先记档案。**再拜访"),
            "<strong>先记档案。</strong>再拜访"
        );
        assert_eq!(inline("`**代码。**后`"), "<code>**代码。**后</code>");
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        let h = inline("<script>alert(1)</script>");
        assert_eq!(h, "&lt;script&gt;alert(1)&lt;/script&gt;");
        let h = inline("see <img src=x onerror=alert(1)> here");
        assert_eq!(h, "see &lt;img src=x onerror=alert(1)&gt; here");
        let h = block("<iframe src=\"https://evil.example\"></iframe>\n\nnext");
        assert_eq!(
            h,
            "<p>&lt;iframe src=\"https://evil.example\"&gt;&lt;/iframe&gt;\n</p>\n<p>next</p>\n"
        );
        inert(&h);
        let h = inline("\"><svg onload=alert(1)>");
        // In element content a quote is inert; it is never put in an attribute.
        assert_eq!(h, "\"&gt;&lt;svg onload=alert(1)&gt;");
        let h = inline("</script><script>alert(1)</script>");
        assert_eq!(h, "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    #[test]
    fn unsafe_links_keep_their_text_only() {
        assert_eq!(inline("[x](javascript:alert(1))"), "x");
        assert_eq!(inline("[x](JavaScript:alert(1))"), "x");
        assert_eq!(inline("[x](<java\tscript:alert(1)>)"), "x");
        assert_eq!(inline("[x](&#106;avascript:alert(1))"), "x");
        assert_eq!(inline("<javascript:alert(1)>"), "javascript:alert(1)");
        assert_eq!(inline("![pic](javascript:alert(1))"), "pic");
        assert_eq!(inline("[x](data:text/html,<script>)"), "x");
        assert_eq!(inline("[x](vbscript:msgbox)"), "x");
        assert_eq!(
            inline("[![a](javascript:x)](https://e.example)"),
            "<a href=\"https://e.example\">a</a>"
        );
    }

    #[test]
    fn ordinary_markdown_still_works() {
        assert_eq!(
            inline("**粗** `a<b` [页](../value/) [站](https://e.example/x?a=1&b=2) <https://e.example>"),
            "<strong>粗</strong> <code>a&lt;b</code> <a href=\"../value/\">页</a> <a href=\"https://e.example/x?a=1&amp;b=2\">站</a> <a href=\"https://e.example\">https://e.example</a>"
        );
        assert_eq!(
            inline("[mail](mailto:a@e.example)"),
            "<a href=\"mailto:a@e.example\">mail</a>"
        );
        assert_eq!(
            block("- 一\n- 二"),
            "<ul>\n<li>一</li>\n<li>二</li>\n</ul>\n"
        );
    }

    #[test]
    fn entities_are_not_escaped_twice() {
        assert_eq!(inline("写 &lt;b&gt; 表示粗体"), "写 &lt;b&gt; 表示粗体");
        assert_eq!(inline("&amp;lt;"), "&amp;lt;");
        assert_eq!(
            inline("价格<成本 & 利润>0 时？"),
            "价格&lt;成本 &amp; 利润&gt;0 时？"
        );
    }

    #[test]
    fn heading_attributes_are_dropped() {
        let h = block("# 标题 {#x .y onclick=alert(1)}");
        assert_eq!(h, "<h1>标题</h1>\n");
    }

    #[test]
    fn urls_are_read_like_a_browser_reads_them() {
        for ok in [
            "a.md",
            "../x/",
            "#top",
            "/abs",
            "?q=1",
            "x/y:z",
            "https://e.example",
            "HTTP://e.example",
            "mailto:a@b",
            "tel:+1",
        ] {
            assert!(safe_url(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            " javascript:x",
            "\u{1}javascript:x",
            "jav\nascript:x",
            "data:text/html,x",
            "vbscript:x",
            "file:///etc/passwd",
        ] {
            assert!(!safe_url(bad), "{bad:?}");
        }
    }
}
