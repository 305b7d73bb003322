//! A small scanner for the raw HTML of a page: tags and their attributes, with byte
//! offsets, enough to find what [`super::safety`] reports. Not a full HTML parser: it
//! never rewrites anything, it only looks (comments are skipped, text between tags is not
//! read).

use std::ops::Range;

/// One attribute of a tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attr {
    /// Lower-cased name.
    pub name: String,
    /// Span of the name.
    pub name_span: Range<usize>,
    /// The value as written (without quotes), empty when absent.
    pub value: String,
    /// Span of the value (of the name when there is no value).
    pub value_span: Range<usize>,
}

/// One opening tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagRef {
    /// Lower-cased name.
    pub name: String,
    /// Span of `<name`.
    pub span: Range<usize>,
    /// Attributes in order.
    pub attrs: Vec<Attr>,
}

/// Every opening tag in `html`, spans relative to it.
pub fn tags(html: &str) -> Vec<TagRef> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        let start = i + off;
        i = start + 1;
        if html[start..].starts_with("<!--") {
            i = html[start + 4..]
                .find("-->")
                .map_or(b.len(), |e| start + 4 + e + 3);
            continue;
        }
        let name_end = scan(b, i, |c| c.is_ascii_alphanumeric() || c == b'-');
        if name_end == i || !b[i].is_ascii_alphabetic() {
            continue;
        }
        let mut tag = TagRef {
            name: html[i..name_end].to_ascii_lowercase(),
            span: start..name_end,
            attrs: Vec::new(),
        };
        i = name_end;
        loop {
            i = scan(b, i, |c| c.is_ascii_whitespace() || c == b'/');
            if i >= b.len() || b[i] == b'>' || b[i] == b'<' {
                break;
            }
            let ns = i;
            i = scan(b, i, |c| {
                !(c.is_ascii_whitespace() || c == b'=' || c == b'>' || c == b'/' || c == b'<')
            });
            if i == ns {
                // A stray `=`: step over it.
                i += 1;
                continue;
            }
            let name = html[ns..i].to_ascii_lowercase();
            let after = scan(b, i, |c| c.is_ascii_whitespace());
            let (value, value_span) = if after < b.len() && b[after] == b'=' {
                let vs = scan(b, after + 1, |c| c.is_ascii_whitespace());
                match b.get(vs) {
                    Some(&q) if q == b'"' || q == b'\'' => {
                        let end = html[vs + 1..]
                            .find(q as char)
                            .map_or(b.len(), |e| vs + 1 + e);
                        i = (end + 1).min(b.len());
                        (html[vs + 1..end].to_string(), vs + 1..end)
                    }
                    _ => {
                        i = scan(b, vs, |c| !(c.is_ascii_whitespace() || c == b'>'));
                        (html[vs..i].to_string(), vs..i)
                    }
                }
            } else {
                (String::new(), ns..i)
            };
            tag.attrs.push(Attr {
                name_span: ns..ns + name.len(),
                name,
                value,
                value_span,
            });
        }
        out.push(tag);
    }
    out
}

fn scan(b: &[u8], mut i: usize, keep: impl Fn(u8) -> bool) -> usize {
    while i < b.len() && keep(b[i]) {
        i += 1;
    }
    i
}

/// Whether a URL, as a browser reads it (leading spaces and control characters, tabs and
/// line breaks inside ignored, any case), is a `javascript:` URL.
pub fn is_javascript_url(url: &str) -> bool {
    let cleaned: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(11)
        .collect();
    cleaned.eq_ignore_ascii_case("javascript:")
}

/// The origin of a remote URL (`https://cdn.example.com/x.png` → `https://cdn.example.com`;
/// `//cdn.example.com/x` → `//cdn.example.com`), `None` for a URL of this site.
pub fn remote_origin(url: &str) -> Option<String> {
    let u = url.trim();
    let lower = u.to_ascii_lowercase();
    let rest_at = if lower.starts_with("http://") {
        7
    } else if lower.starts_with("https://") {
        8
    } else if u.starts_with("//") {
        2
    } else {
        return None;
    };
    let host_end = u[rest_at..]
        .find(['/', '?', '#'])
        .map_or(u.len(), |e| rest_at + e);
    Some(u[..host_end].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_attributes_with_spans() {
        let h = "<p>x</p><img SRC='a.png' onError=alert(1) alt>";
        let t = tags(h);
        assert_eq!(t.len(), 2);
        assert_eq!(t[1].name, "img");
        assert_eq!(&h[t[1].span.clone()], "<img");
        let names: Vec<&str> = t[1].attrs.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["src", "onerror", "alt"]);
        assert_eq!(&h[t[1].attrs[0].value_span.clone()], "a.png");
        assert_eq!(&h[t[1].attrs[1].name_span.clone()], "onError");
        assert_eq!(t[1].attrs[1].value, "alert(1)");
    }

    #[test]
    fn comments_closing_tags_and_broken_markup() {
        assert!(tags("<!-- <script> --></div> a < b").is_empty());
        let t = tags("<iframe\n  src=\"https://x\"");
        assert_eq!(t[0].name, "iframe");
        assert_eq!(t[0].attrs[0].value, "https://x");
        // An unclosed quote runs to the end; nothing panics.
        assert_eq!(tags("<a href=\"x")[0].attrs[0].value, "x");
        assert_eq!(tags("<a =x>")[0].attrs.len(), 1);
    }

    #[test]
    fn javascript_urls_as_browsers_read_them() {
        assert!(is_javascript_url("javascript:alert(1)"));
        assert!(is_javascript_url("  JavaScript:x"));
        assert!(is_javascript_url("java\tscript:x"));
        assert!(!is_javascript_url("javascript-guide.md"));
        assert!(!is_javascript_url("https://a/javascript:"));
    }

    #[test]
    fn origins() {
        assert_eq!(
            remote_origin("https://cdn.example.com/a/b.png?x").as_deref(),
            Some("https://cdn.example.com")
        );
        assert_eq!(
            remote_origin("HTTP://h:8080").as_deref(),
            Some("HTTP://h:8080")
        );
        assert_eq!(remote_origin("//cdn.x/y").as_deref(), Some("//cdn.x"));
        assert_eq!(remote_origin("/images/a.png"), None);
        assert_eq!(remote_origin("a.png"), None);
    }
}

/// The attributes whose value is a path the browser loads or follows (`data` of `<object>`).
const PATH_ATTRS: &[&str] = &["src", "href", "poster", "srcset", "data"];

/// The paths of this site that a piece of raw HTML names (`src`, `href`, `poster`,
/// `<object data>` and each candidate of `srcset`), with their spans in `html`: what is neither remote (a scheme or
/// `//`) nor empty. A bare `#anchor` is kept (it names a heading of the page).
pub fn local_paths(html: &str) -> Vec<(Range<usize>, String)> {
    let mut out = Vec::new();
    for tag in tags(html) {
        for a in &tag.attrs {
            if !PATH_ATTRS.contains(&a.name.as_str()) || (a.name == "data" && tag.name != "object")
            {
                continue;
            }
            if a.name == "srcset" {
                // `a.png 1x, b.png 2x`: each candidate's URL is its first word.
                let mut at = a.value_span.start;
                for cand in a.value.split(',') {
                    let lead = cand.len() - cand.trim_start().len();
                    let url = cand.split_whitespace().next().unwrap_or("");
                    if is_local(url) {
                        let s = at + lead;
                        out.push((s..s + url.len(), url.to_string()));
                    }
                    at += cand.len() + 1;
                }
            } else if is_local(&a.value) {
                out.push((a.value_span.clone(), a.value.clone()));
            }
        }
    }
    out
}

/// Whether a URL names something of this site: not empty, no scheme (`https:`,
/// `mailto:`, `data:`…), not protocol-relative.
fn is_local(url: &str) -> bool {
    let u = url.trim();
    if u.is_empty() || u.starts_with("//") {
        return false;
    }
    // A scheme: letters, digits, `+.-`, then `:` before any `/`, `?` or `#`.
    let head = u.split(['/', '?', '#']).next().unwrap_or("");
    !head.contains(':')
}

#[cfg(test)]
mod path_tests {
    use super::local_paths;

    #[test]
    fn local_paths_of_raw_html() {
        let html = r##"<img src="a.png" srcset="a.png 1x, /img/b.png 2x"><a href="https://x.org/">x</a><a href='#top'>t</a><a href="mailto:a@b.c">m</a><video poster="p.jpg"></video><object data="d.pdf"></object><div data="no"><a href="">e</a><a href="//cdn.x/y">c</a>"##;
        let got: Vec<(&str, String)> = local_paths(html)
            .into_iter()
            .map(|(r, v)| (&html[r], v))
            .collect();
        let want = ["a.png", "a.png", "/img/b.png", "#top", "p.jpg", "d.pdf"];
        assert_eq!(got.len(), want.len(), "{got:?}");
        for ((span, v), w) in got.iter().zip(want) {
            assert_eq!(*span, w);
            assert_eq!(v, w);
        }
    }
}
