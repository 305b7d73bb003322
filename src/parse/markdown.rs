//! Markdown body → owned pulldown-cmark events, headings with ids, and links to resolve.
//!
//! Input: the masked text of a file (front matter blanked, components replaced by
//! placeholders). Output: [`Body`]: the headings (with unique ids that keep Chinese
//! characters), the links that point inside the playbook (with their source spans), the
//! plain text by section (for search), and the masked text, from which the event list is
//! made again when the page is rendered (pulldown-cmark is fast; keeping every page's
//! events in memory until rendering is not). Must not: resolve links (the model stage knows the
//! pages) or render HTML (the render stage does).

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use super::cjk::{self, Fix};

/// A heading of a page.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Heading {
    /// 1..=6.
    pub level: u8,
    /// Unique id on the page.
    pub id: String,
    /// Plain text.
    pub text: String,
    /// Whether the id was written explicitly with `{#id}`.
    #[serde(skip)]
    pub explicit: bool,
    /// Span of the heading in the file.
    #[serde(skip)]
    pub span: Range<usize>,
}

/// A link or image whose target must be resolved against the playbook.
#[derive(Clone, Debug)]
pub struct LinkRef {
    /// Index of its `Start(Tag::Link | Tag::Image)` event.
    pub event: usize,
    /// The destination as written.
    pub dest: String,
    /// Span of the link in the file.
    pub span: Range<usize>,
}

/// The parsed body of a page.
#[derive(Clone, Debug, Default)]
pub struct Body {
    /// The masked text the body was parsed from, with the CJK-friendly stand-ins
    /// (same byte offsets): [`Body::events`] parses it again.
    masked: Arc<str>,
    /// The characters the stand-ins replaced, put back into the text events.
    fixes: Arc<[Fix]>,
    /// Headings in order.
    pub headings: Vec<Heading>,
    /// Internal links and relative images.
    pub links: Vec<LinkRef>,
    /// Raw HTML for the safety check (see `crate::media::safety`): spans of HTML blocks
    /// and inline tags; spans of links and images whose destination has a scheme
    /// (`javascript:`, `https:`), with the destination and whether it is an image; spans
    /// of images without alt text.
    pub raw: RawParts,
    /// Paths of this site named in raw HTML (`src`, `href`, `poster`, `srcset`), with
    /// their spans in the file: raw HTML is not rewritten, so the model checks them
    /// against the page's URL (`crate::model`'s `html_paths`).
    pub html_paths: Vec<(Range<usize>, String)>,
    /// (event index, block index, is end placeholder) of each component placeholder.
    pub components: Vec<(usize, usize, bool)>,
    /// Plain text split at level-2 headings: (heading id, heading text, text); the first
    /// entry, with an empty id, is the text before the first heading. Moved to
    /// `ParsedPage::sections` once the page is parsed.
    pub sections: Vec<(String, String, String)>,
}

/// What the safety and media checks read from a body (spans in the parsed text; the
/// parse stage maps them to the file's).
#[derive(Clone, Debug, Default)]
pub struct RawParts {
    /// HTML blocks and inline HTML.
    pub html: Vec<Range<usize>>,
    /// Links and images with a scheme: (span, destination, is an image).
    pub external: Vec<(Range<usize>, String, bool)>,
    /// Images with an empty alt text.
    pub no_alt: Vec<Range<usize>>,
}

/// The Markdown extensions Playbook enables (with GitHub's `> [!NOTE]` alerts).
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// The id a heading gets from its text: lower-cased letters and digits of any script
/// (so Chinese is kept), `_`, and single `-` for runs of spaces and dashes; other
/// punctuation is dropped.
pub fn slugify(text: &str) -> String {
    let mut s = String::new();
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' {
            if dash && !s.is_empty() {
                s.push('-');
            }
            dash = false;
            s.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' {
            dash = true;
        }
    }
    if s.is_empty() {
        "section".to_string()
    } else {
        s
    }
}

/// Whether a link destination leaves the site (has a scheme or is protocol-relative).
pub fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
                && !dest[..i].contains('/')
        }
        None => false,
    }
}

/// The first of `base`, `base-1`, `base-2`... that is not `taken`. `next` remembers, per
/// base, the suffix to try next, so that n headings with the same text cost n probes in
/// all rather than n²/2 (ids, once taken, stay taken).
fn unique_id(
    base: String,
    next: &mut HashMap<String, usize>,
    taken: impl Fn(&str) -> bool,
) -> String {
    let n = next.get(&base).copied().unwrap_or(0);
    let (id, used) = if n == 0 && !taken(&base) {
        (base.clone(), 0)
    } else {
        let mut n = n.max(1);
        loop {
            let id = format!("{base}-{n}");
            if !taken(&id) {
                break (id, n);
            }
            n += 1;
        }
    };
    next.insert(base, used + 1);
    id
}

fn level_num(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

impl Body {
    /// The events of the body (heading ids filled in), ready to render once links and
    /// components are resolved; event indices match those in `links` and `components`.
    ///
    /// Parsing found the ids already: the events are made again with the ids of
    /// [`Body::headings`], in order, without deriving the headings, links and section
    /// texts a second time (a page is rendered twice: its own page and its handout).
    pub fn events(&self) -> Vec<Event<'_>> {
        let parser = Parser::new_ext(&self.masked, options()).into_offset_iter();
        let mut events: Vec<Event> = Vec::with_capacity(self.masked.len() / 8);
        let mut ids = self.headings.iter();
        for (ev, range) in parser {
            let ev = match ev {
                Event::Start(Tag::Heading {
                    level,
                    classes,
                    attrs,
                    ..
                }) => match ids.next() {
                    Some(h) => Event::Start(Tag::Heading {
                        level,
                        id: Some(CowStr::Borrowed(&h.id)),
                        classes,
                        attrs,
                    }),
                    // Headings changed since parsing (never in a build): derive again.
                    None => return parse_events(&self.masked, &self.fixes).1,
                },
                ev if self.fixes.is_empty() => ev,
                ev => cjk::restore(ev, &range, &self.fixes),
            };
            events.push(ev);
        }
        if ids.next().is_some() {
            return parse_events(&self.masked, &self.fixes).1;
        }
        events
    }

    /// Length in bytes of the Markdown the body came from.
    pub fn source_len(&self) -> usize {
        self.masked.len()
    }
}

/// Parses the masked text. Duplicate explicit ids are returned as spans for the caller to
/// report.
/// Emphasis follows the CJK-friendly rules (see [`super::cjk`]).
pub fn parse(masked: &str) -> (Body, Vec<(Range<usize>, String)>) {
    // The stand-ins are made without parsing the text first (one parse rather than two)
    // when the parse of the prepared text shows that a first parse would have found the
    // same (see `cjk::prepare_unchecked`).
    let (text, fixes) = match cjk::prepare_unchecked(masked) {
        None => (Arc::from(masked), Arc::from(Vec::new())),
        Some(u) => {
            let mut kinds = cjk::Kinds::new(u.text.len());
            let (body, _, dups) = parse_events_with(&u.text, &u.fixes, Some(&mut kinds), false);
            if u.holds(&kinds) {
                return with_text(body, Arc::from(u.text), Arc::from(u.fixes), dups);
            }
            match cjk::prepare(masked) {
                Some((text, fixes)) => (Arc::from(text), Arc::from(fixes)),
                None => (Arc::from(masked), Arc::from(Vec::new())),
            }
        }
    };
    let (body, _, dups) = parse_events_with(&text, &fixes, None, false);
    with_text(body, text, fixes, dups)
}

/// `body` holding the text it was parsed from.
fn with_text(
    mut body: Body,
    text: Arc<str>,
    fixes: Arc<[Fix]>,
    dups: Vec<(Range<usize>, String)>,
) -> (Body, Vec<(Range<usize>, String)>) {
    body.masked = text;
    body.fixes = fixes;
    (body, dups)
}

/// The body and its events, which borrow from `masked`.
#[allow(clippy::type_complexity)]
fn parse_events<'a>(
    masked: &'a str,
    fixes: &[Fix],
) -> (Body, Vec<Event<'a>>, Vec<(Range<usize>, String)>) {
    parse_events_with(masked, fixes, None, true)
}

/// [`parse_events`], the parser's events (before the replaced characters are put back)
/// also taken into `kinds`; the events are returned only if `keep` (parsing a page needs
/// only the body: [`Body::events`] makes them again when the page is rendered).
#[allow(clippy::type_complexity)]
fn parse_events_with<'a>(
    masked: &'a str,
    fixes: &[Fix],
    mut kinds: Option<&mut cjk::Kinds>,
    keep: bool,
) -> (Body, Vec<Event<'a>>, Vec<(Range<usize>, String)>) {
    let mut body = Body::default();
    let mut events: Vec<Event> = Vec::new();
    let mut dup_explicit = Vec::new();
    let mut used: HashSet<String> = HashSet::new();
    // Per slug, the first suffix not yet known to be taken: `x`, `x-1`, `x-2`... are tried
    // in order, and a taken id stays taken, so each search goes on where the last ended.
    let mut next_suffix: HashMap<String, usize> = HashMap::new();
    // First pass: collect explicit ids so generated ones never take them.
    let parser = Parser::new_ext(masked, options()).into_offset_iter();
    // The open heading: its event's index, its span and its start event.
    let mut heading_start: Option<(usize, Range<usize>, Event)> = None;
    let mut heading_text = String::new();
    let mut explicit: HashSet<String> = HashSet::new();
    // The image being read: its span and whether its alt text has any character.
    let mut image: Option<(Range<usize>, bool)> = None;
    let raw: Vec<(Event, Range<usize>)> = if fixes.is_empty() {
        parser.collect()
    } else {
        parser
            .map(|(e, r)| {
                if let Some(k) = kinds.as_deref_mut() {
                    k.see(masked, &e, &r);
                }
                (cjk::restore(e, &r, fixes), r)
            })
            .collect()
    };
    for (ev, _) in &raw {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = ev {
            explicit.insert(id.to_string());
        }
    }
    body.sections
        .push((String::new(), String::new(), String::new()));
    for (idx, (ev, range)) in raw.into_iter().enumerate() {
        match &ev {
            Event::Start(Tag::Heading { .. }) => {
                heading_start = Some((idx, range.clone(), ev.clone()));
                heading_text.clear();
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((
                    start_idx,
                    span,
                    Event::Start(Tag::Heading {
                        level,
                        id,
                        classes,
                        attrs,
                    }),
                )) = heading_start.take()
                {
                    let text = heading_text.trim().to_string();
                    let (final_id, is_explicit) = match id {
                        Some(id) => {
                            if !used.insert(id.to_string()) {
                                dup_explicit.push((span.clone(), id.to_string()));
                            }
                            (id.to_string(), true)
                        }
                        None => {
                            let cand = unique_id(slugify(&text), &mut next_suffix, |c| {
                                used.contains(c) || explicit.contains(c)
                            });
                            used.insert(cand.clone());
                            (cand, false)
                        }
                    };
                    body.headings.push(Heading {
                        level: level_num(level),
                        id: final_id.clone(),
                        text,
                        explicit: is_explicit,
                        span,
                    });
                    if keep {
                        events[start_idx] = Event::Start(Tag::Heading {
                            level,
                            id: Some(CowStr::from(final_id)),
                            classes: classes.iter().map(|c| c.clone().into_static()).collect(),
                            attrs: attrs
                                .iter()
                                .map(|(k, v)| {
                                    (k.clone().into_static(), v.clone().map(|v| v.into_static()))
                                })
                                .collect(),
                        });
                    }
                }
            }
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. })
                if !is_external(dest_url) && !dest_url.is_empty() =>
            {
                body.links.push(LinkRef {
                    event: idx,
                    dest: dest_url.to_string(),
                    span: range.clone(),
                });
            }
            Event::Start(Tag::Link { dest_url, .. }) if is_external(dest_url) => {
                body.raw
                    .external
                    .push((range.clone(), dest_url.to_string(), false));
            }
            _ => {}
        }
        if let (Event::Text(t) | Event::Code(t), Some(img)) = (&ev, &mut image) {
            img.1 |= !t.trim().is_empty();
        }
        match &ev {
            Event::Start(Tag::Image { dest_url, .. }) => {
                if is_external(dest_url) {
                    body.raw
                        .external
                        .push((range.clone(), dest_url.to_string(), true));
                }
                image = Some((range.clone(), false));
            }
            Event::End(TagEnd::Image) => {
                if let Some((span, false)) = image.take() {
                    body.raw.no_alt.push(span);
                }
            }
            Event::Start(Tag::HtmlBlock) | Event::InlineHtml(_) => {
                body.raw.html.push(range.clone());
            }
            Event::Text(t) | Event::Code(t) if heading_start.is_some() => {
                heading_text.push_str(t);
            }
            Event::Html(h) => {
                if let Some((i, end)) = crate::parse::blocks::placeholder_index(h) {
                    body.components.push((idx, i, end));
                }
            }
            _ => {}
        }
        if let Event::End(TagEnd::Heading(level)) = ev {
            if level == HeadingLevel::H2 {
                if let Some(h) = body.headings.last() {
                    body.sections
                        .push((h.id.clone(), h.text.clone(), String::new()));
                }
            }
        }
        match &ev {
            Event::Text(t) | Event::Code(t) if heading_start.is_none() => {
                if let Some(sec) = body.sections.last_mut() {
                    sec.2.push_str(t);
                }
            }
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(TagEnd::Paragraph)
            | Event::End(TagEnd::Item)
            | Event::End(TagEnd::TableCell) => {
                if let Some(sec) = body.sections.last_mut() {
                    sec.2.push(' ');
                }
            }
            _ => {}
        }
        if keep {
            events.push(ev);
        }
    }
    // Every page stays in memory until the site is rendered: keep no spare capacity.
    for s in &mut body.sections {
        s.2.shrink_to_fit();
    }
    (body, events, dup_explicit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_keep_chinese_and_collapse_spaces() {
        assert_eq!(slugify("目标"), "目标");
        assert_eq!(slugify("On the job"), "on-the-job");
        assert_eq!(slugify("MAN 原则：找到关键人"), "man-原则找到关键人");
        assert_eq!(slugify("6W2H -- goals"), "6w2h-goals");
        assert_eq!(slugify("？！"), "section");
    }

    #[test]
    fn heading_ids_are_unique_and_explicit_ids_win() {
        let (b, dups) = parse("## 目标\n\n## 目标\n\n## 其他 {#目标-1}\n");
        let ids: Vec<&str> = b.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["目标", "目标-2", "目标-1"]);
        assert!(dups.is_empty());
        let (_, dups) = parse("## A {#x}\n\n## B {#x}\n");
        assert_eq!(dups.len(), 1);
    }

    #[test]
    fn duplicate_headings_are_numbered_as_before() {
        // The scheme is unchanged: the bare slug, then -1, -2... skipping ids taken by
        // explicit ids or by other headings, whatever their order.
        let src = "## x\n\n## x\n\n## y {#x-2}\n\n## x\n\n## x 1\n\n## x\n\n## x\n";
        let (b, _) = parse(src);
        let ids: Vec<&str> = b.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["x", "x-1", "x-2", "x-3", "x-1-1", "x-4", "x-5"]);
        let (b, _) = parse("## x 1\n\n## x\n\n## x\n\n## x\n");
        let ids: Vec<&str> = b.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["x-1", "x", "x-2", "x-3"]);
    }

    #[test]
    fn ten_thousand_equal_headings_get_ids_in_one_pass() {
        let src = "## x\n\n".repeat(10_000);
        let (b, _) = parse(&src);
        assert_eq!(b.headings[0].id, "x");
        assert_eq!(b.headings[9_999].id, "x-9999");
        let ids: HashSet<&str> = b.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids.len(), 10_000);
    }

    #[test]
    fn internal_links_are_collected_external_are_not() {
        let (b, _) =
            parse("[a](x.md#y) [b](https://e.com) [c](#top) [d](mailto:a@b) ![i](img.png)\n");
        let dests: Vec<&str> = b.links.iter().map(|l| l.dest.as_str()).collect();
        assert_eq!(dests, ["x.md#y", "#top", "img.png"]);
    }

    #[test]
    fn cjk_emphasis_keeps_text_ids_and_spans() {
        let src = "## **重点。**后文\n\n正文**关键。**后文 [链接](x.md)\n";
        let (b, _) = parse(src);
        assert_eq!(b.headings[0].text, "重点。后文");
        assert_eq!(b.headings[0].id, "重点后文");
        assert!(
            b.sections[1].2.contains("正文关键。后文 链接"),
            "{:?}",
            b.sections
        );
        assert_eq!(&src[b.links[0].span.clone()], "[链接](x.md)");
        let strong = b
            .events()
            .iter()
            .filter(|e| matches!(e, Event::Start(Tag::Strong)))
            .count();
        assert_eq!(strong, 2);
        assert_eq!(b.source_len(), src.len());
    }

    #[test]
    fn events_again_are_the_events_of_parsing() {
        for src in [
            "## x\n\n## x\n\n## y {#x-2}\n\n## x {.c data-a=b}\n\n# x 1\n\n### x\n",
            "## **重点。**后文\n\n正文**关键。**后文 [链接](x.md) ![图](a.png)\n\n| a | b |\n|---|---|\n| **甲。**乙 | 2 |\n",
            "前言[^1]\n\n[^1]: 注**释。**文\n\n- [ ] 任务\n- ~~删~~\n\n```\ncode\n```\n",
            "",
        ] {
            let (b, _) = parse(src);
            let (text, fixes) = match cjk::prepare(src) {
                Some((t, f)) => (t, f),
                None => (src.to_string(), Vec::new()),
            };
            let (kept, events, _) = parse_events(&text, &fixes);
            assert_eq!(b.events(), events, "{src}");
            // Parsing without keeping the events finds the same body.
            let (body, none, _) = parse_events_with(&text, &fixes, None, false);
            assert!(none.is_empty());
            assert_eq!(format!("{body:?}"), format!("{kept:?}"), "{src}");
        }
        // Headings that no longer match the text: the ids are derived again.
        let (mut b, _) = parse("## a\n\n## b\n");
        b.headings.pop();
        assert_eq!(b.events(), parse_events("## a\n\n## b\n", &[]).1);
    }

    #[test]
    fn one_parse_prepares_what_a_first_parse_would() {
        let cases = [
            "正文**关键。**后文，**提成规则**和**积分**。",
            "`**代码。**后` 正文**关键。**后文",
            "<b>**标签。**后</b> 与 **关键。**后文",
            "<div>\n**块。**后\n</div>\n\n**关键。**后文",
            "\\*\\*转义。\\*\\*后 **关键。**后文",
            "[链接](**目的。**后) **关键。**后文",
            "```\n**代码块。**后\n```\n\n**关键。**后文",
            "**甲。**乙**丙。**丁 `x**例。**y`",
            "<https://例子.com/**例。**后> **重点。**后",
            "$**公式。**后$ **重点。**后",
            "plain **bold** text",
            "",
        ];
        for src in cases {
            let (b, _) = parse(src);
            let (text, fixes) = cjk::prepare(src).unwrap_or_else(|| (src.to_string(), Vec::new()));
            assert_eq!(&*b.masked, text.as_str(), "{src}");
            assert_eq!(&*b.fixes, fixes.as_slice(), "{src}");
        }
        // The check after the one parse says when a first parse was needed after all.
        let holds = |src: &str| {
            let u = cjk::prepare_unchecked(src).unwrap();
            let mut kinds = cjk::Kinds::new(u.text.len());
            parse_events_with(&u.text, &u.fixes, Some(&mut kinds), false);
            u.holds(&kinds)
        };
        assert!(holds("正文**关键。**后文"));
        assert!(!holds("`**代码。**后` 正文**关键。**后文"));
        assert!(!holds("<div>\n**块。**后\n</div>\n\n**关键。**后文"));
    }

    #[test]
    fn external_detection() {
        assert!(is_external("https://a"));
        assert!(is_external("//cdn"));
        assert!(!is_external("../a.md"));
        assert!(!is_external("a/b:c.md"));
    }
}
