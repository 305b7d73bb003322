//! A page body's events → HTML: resolved link targets, component markup, heading
//! self-links and scrollable tables.

use pulldown_cmark::{html, CowStr, Event, Tag, TagEnd};

use crate::model::PageModel;
use crate::parse::ParsedPage;
use playbook_kit::html::esc as escape;

/// Renders the body of `page`. `root` is the relative path from the page to the site root;
/// `id_prefix` is put before every id the body defines (headings, widgets, footnotes), so
/// that several bodies can share one page (the print handouts); `worksheet` renders the
/// widgets as blank worksheets (the print handouts).
pub fn render(
    page: &ParsedPage,
    model: &PageModel,
    root: &str,
    id_prefix: &str,
    worksheet: bool,
) -> String {
    let events = page.body.events();
    let mut link_at = vec![None; events.len()];
    for (i, l) in page.body.links.iter().enumerate() {
        if let Some(Some(url)) = model.links.get(i) {
            link_at[l.event] = Some(url.as_str());
        }
    }
    let mut comp_at: Vec<Option<(usize, bool)>> = vec![None; events.len()];
    for &(ev, block, end) in &page.body.components {
        comp_at[ev] = Some((block, end));
    }
    let mut out: Vec<Event> = Vec::with_capacity(events.len() + 16);
    let mut heading_id: Option<String> = None;
    for (i, ev) in events.into_iter().enumerate() {
        if let Some((block, end)) = comp_at[i] {
            if let Some(Some(c)) = page.components.get(block) {
                let html = if end {
                    c.render_close()
                } else {
                    c.render_open(&format!("{id_prefix}w{}", block + 1), &page.lang, worksheet)
                };
                out.push(Event::Html(CowStr::from(html)));
            }
            continue;
        }
        match ev {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if link_at[i].is_some() => {
                let _ = dest_url;
                out.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: CowStr::from(join(root, link_at[i].unwrap_or_default())),
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                title,
                id,
                ..
            }) if link_at[i].is_some() => {
                out.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url: CowStr::from(join(root, link_at[i].unwrap_or_default())),
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Heading {
                id,
                level,
                classes,
                attrs,
            }) => {
                heading_id = id.as_ref().map(|s| format!("{id_prefix}{s}"));
                out.push(Event::Start(Tag::Heading {
                    level,
                    id: match (&heading_id, id_prefix.is_empty()) {
                        (Some(_), true) => id,
                        (h, _) => h.clone().map(CowStr::from),
                    },
                    classes,
                    attrs,
                }));
                if let Some(id) = &heading_id {
                    out.push(Event::Html(CowStr::from(format!(
                        "<a class=\"header\" href=\"#{}\">",
                        escape(id)
                    ))));
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if heading_id.take().is_some() {
                    out.push(Event::Html(CowStr::Borrowed("</a>")));
                }
                out.push(ev);
            }
            // Wide tables and code (formulas, examples) scroll in a container that a
            // keyboard can reach.
            Event::Start(Tag::Table(_) | Tag::CodeBlock(_)) => {
                out.push(Event::Html(CowStr::Borrowed(
                    if matches!(ev, Event::Start(Tag::Table(_))) {
                        "<div class=\"table-wrap\" tabindex=\"0\">"
                    } else {
                        "<div class=\"code-wrap\" tabindex=\"0\">"
                    },
                )));
                out.push(ev);
            }
            Event::End(TagEnd::Table | TagEnd::CodeBlock) => {
                out.push(ev);
                out.push(Event::Html(CowStr::Borrowed("</div>")));
            }
            Event::FootnoteReference(label) if !id_prefix.is_empty() => {
                out.push(Event::FootnoteReference(CowStr::from(format!(
                    "{id_prefix}{label}"
                ))));
            }
            Event::Start(Tag::FootnoteDefinition(label)) if !id_prefix.is_empty() => {
                out.push(Event::Start(Tag::FootnoteDefinition(CowStr::from(
                    format!("{id_prefix}{label}"),
                ))));
            }
            ev => out.push(ev),
        }
    }
    let mut s = String::with_capacity(page.body.source_len() * 2);
    html::push_html(&mut s, out.into_iter());
    s
}

/// Joins the relative root and a site-relative URL; a same-page anchor stays an anchor.
fn join(root: &str, url: &str) -> String {
    format!("{root}{url}")
}
