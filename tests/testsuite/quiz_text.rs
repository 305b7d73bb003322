//! Quiz text never becomes live markup: injection payloads written in a quiz's questions,
//! options, feedback and explanations (and in a GIFT `[html]` bank) reach the quiz page,
//! the answer key and the printed handouts as literal text, while ordinary Markdown in
//! the same quiz still renders. Fixture: `minimal` with `hostile-quiz` over it (one
//! question per payload, the payload in each of the four places, tagged Q/O/F/E + n).

use crate::helpers::{main_of, Fixture};

/// Each payload as written, and as its text must appear in the HTML.
const PAYLOADS: &[(&str, &str)] = &[
    (
        "<script>alert(1)</script>",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
    ),
    (
        "<img src=x onerror=alert(1)>",
        "&lt;img src=x onerror=alert(1)&gt;",
    ),
    // The link keeps its text and loses its `javascript:` target.
    ("[x](javascript:alert(1))", "x"),
    (
        "\"><svg onload=alert(1)>",
        "\"&gt;&lt;svg onload=alert(1)&gt;",
    ),
    (
        "</script><script>alert(1)</script>",
        "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;",
    ),
    (
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "&lt;iframe src=\"javascript:alert(1)\"&gt;&lt;/iframe&gt;",
    ),
    // An entity is decoded once and escaped once: the reader sees `<b>`.
    ("写 &lt;b&gt; 表示粗体", "写 &lt;b&gt; 表示粗体"),
    (
        "价格<成本 & 利润>0 时？",
        "价格&lt;成本 &amp; 利润&gt;0 时？",
    ),
];

/// Every tag of an HTML text: (name, the rest of the tag up to `>`). Text that was
/// escaped holds no `<`, so these are exactly the elements a browser would build.
fn tags(html: &str) -> Vec<(String, String)> {
    let mut v = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let end = rest.find('>').expect("unclosed tag");
        let tag = &rest[..end];
        let name_end = tag
            .char_indices()
            .find(|&(i, c)| !(c.is_ascii_alphanumeric() || i == 0 && matches!(c, '/' | '!')))
            .map_or(tag.len(), |(i, _)| i);
        v.push((
            tag[..name_end].to_ascii_lowercase(),
            tag[name_end..].to_string(),
        ));
        rest = &rest[end..];
    }
    v
}

/// No script, no event handler, no `javascript:` URL, no embedded document or image.
fn assert_inert(what: &str, html: &str) {
    for (name, attrs) in tags(html) {
        assert!(
            !["script", "img", "svg", "iframe", "object", "embed", "style"]
                .contains(&name.trim_start_matches('/')),
            "{what}: <{name}{attrs}>"
        );
        let lower = attrs.to_ascii_lowercase();
        assert!(
            !lower
                .split(|c: char| c.is_whitespace() || c == '/')
                .any(|a| a.starts_with("on")),
            "{what}: event handler in <{name}{attrs}>"
        );
        assert!(
            !lower.contains("javascript:"),
            "{what}: javascript URL in <{name}{attrs}>"
        );
    }
}

fn count(html: &str, needle: &str) -> usize {
    html.matches(needle).count()
}

#[test]
fn quiz_text_is_escaped_on_the_page_the_answer_key_and_the_handouts() {
    let f = Fixture::new("minimal");
    f.overlay("hostile-quiz");
    f.build_ok(&[]);
    for prefix in ["", "en/"] {
        let page = f.out(&format!("{prefix}part/page/index.html"));
        let key = f.out(&format!("{prefix}answer-key/index.html"));
        let handouts = [
            f.out(&format!("{prefix}part/print/index.html")),
            f.out(&format!("{prefix}print/index.html")),
        ];
        let (page, key) = (main_of(&page), main_of(&key));
        assert_inert("page", page);
        assert_inert("answer key", key);
        for (n, (written, shown)) in PAYLOADS.iter().enumerate() {
            let n = n + 1;
            // The page has all four texts; the answer key has no per-option feedback.
            for (place, on_page, in_key) in [("Q", 1, 1), ("O", 1, 1), ("F", 1, 0), ("E", 1, 1)] {
                let text = format!("{shown} {place}{n}");
                assert_eq!(count(page, &text), on_page, "{written} in {place}: page");
                assert_eq!(
                    count(key, &text),
                    in_key,
                    "{written} in {place}: answer key"
                );
                for h in &handouts {
                    // The worksheet, then the answer key at the end.
                    assert_eq!(
                        count(main_of(h), &text),
                        on_page + in_key,
                        "{written} in {place}: handout"
                    );
                }
            }
        }
        // The quiz title (an attribute, plain text) is escaped too.
        assert!(page.contains("<h3 class=\"widget-title\" id=\"quiz-hostile-title\">&lt;img src=x onerror=alert(1)&gt; T</h3>"));
        // Ordinary Markdown in the same quiz still renders.
        assert!(page.contains("<strong>普通</strong> <code>选项</code> 1"));
        assert!(!page.contains("&amp;lt;"), "an entity escaped twice");
        for h in &handouts {
            assert_inert("handout", main_of(h));
        }
        // GIFT `[html]` text is shown as text too: the GIFT quiz is on the same pages.
        for html in [page, key] {
            assert!(html.contains("&lt;img src=x onerror=alert(1)&gt; G1"));
            assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; GR"));
            assert!(html.contains("&lt;iframe src=\"javascript:alert(1)\"&gt;&lt;/iframe&gt; GE"));
        }
        // `<b>` is one of the tags the GIFT import converts (to Markdown bold); the rest of
        // the bank's HTML above stays text.
        assert!(page.contains("<strong>wrong</strong> GW"), "{page}");
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; GF"));
    }
}

#[test]
fn the_tag_scanner_sees_live_markup() {
    // The assertions above are only as good as this scanner.
    assert_eq!(
        tags("<p>a &lt;b&gt;</p><IMG src=x onerror=alert(1)>"),
        [
            ("p".to_string(), String::new()),
            ("/p".to_string(), String::new()),
            ("img".to_string(), " src=x onerror=alert(1)".to_string())
        ]
    );
    for live in [
        "<script>alert(1)</script>",
        "<p onclick=\"x\">",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<svg/onload=alert(1)>",
    ] {
        assert!(
            std::panic::catch_unwind(|| assert_inert("t", live)).is_err(),
            "{live}"
        );
    }
}
