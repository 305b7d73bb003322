//! A page body's events → HTML: resolved link targets, component markup, heading
//! self-links, scrollable tables, images with their size (and a `<figure>` when a
//! paragraph holds only an image with a title), and GitHub alerts as callouts.

use pulldown_cmark::{html, CowStr, Event, Tag, TagEnd};

use crate::components::{note, Component};
use crate::config::Config;
use crate::model::{decode_percent, encode_path, PageModel, Site};
use crate::strings::UiStrings;
use playbook_kit::html::esc as escape;

/// Renders the body of `model`'s page. `root` is the relative path from the page to the
/// site root; `id_prefix` is put before every id the body defines (headings, widgets,
/// footnotes), so that several bodies can share one page (the print handouts);
/// `worksheet` renders the widgets as blank worksheets and images without lazy loading
/// (the print handouts).
pub fn render(
    site: &Site,
    config: &Config,
    model: &PageModel,
    root: &str,
    id_prefix: &str,
    worksheet: bool,
) -> String {
    let events = site.page(model).body.events();
    render_events(site, config, model, &events, root, id_prefix, worksheet)
}

/// [`render`] from the body's events ([`Body::events`](crate::parse::markdown::Body::events)),
/// made once for the page and its handout.
pub fn render_events(
    site: &Site,
    config: &Config,
    model: &PageModel,
    events: &[Event],
    root: &str,
    id_prefix: &str,
    worksheet: bool,
) -> String {
    let page = site.page(model);
    let strings: &UiStrings = &config
        .language(&page.lang)
        .unwrap_or(config.default_language())
        .strings;
    let base_path = config.base_path();
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
    // Events up to this index were rendered already (an image and its alt text).
    let mut done_until = 0;
    // The end of a paragraph that became a figure.
    let mut figure_end = None;
    for (i, ev) in events.iter().enumerate() {
        if i < done_until {
            continue;
        }
        if let Some((block, end)) = comp_at[i] {
            if let Some(Some(c)) = page.components.get(block) {
                let html = match c {
                    _ if end => c.render_close(),
                    Component::Video(v) => {
                        let path = |p: &str| crate::media::site_path(&page.key, p, &base_path);
                        let size = v
                            .poster
                            .as_ref()
                            .and_then(|p| site.image_sizes.get(&path(&p.path)?).copied());
                        v.render(
                            |p| format!("{root}{}", encode_path(&path(p).unwrap_or_default())),
                            size,
                            strings,
                            &page.lang,
                        )
                    }
                    _ => c.render_open(
                        &format!("{id_prefix}w{}", block + 1),
                        &page.lang,
                        strings,
                        worksheet,
                    ),
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
                    link_type: *link_type,
                    dest_url: CowStr::from(join(root, link_at[i].unwrap_or_default())),
                    title: title.clone(),
                    id: id.clone(),
                }));
            }
            Event::Start(Tag::Paragraph) if figure_at(events, i).is_some() => {
                figure_end = figure_at(events, i);
            }
            Event::End(TagEnd::Paragraph) if figure_end == Some(i) => {
                figure_end = None;
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let end = image_end(events, i);
                let alt: String = events[i + 1..end]
                    .iter()
                    .filter_map(|e| match e {
                        Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                        _ => None,
                    })
                    .collect();
                let (src, size) = match link_at[i] {
                    Some(url) => (
                        join(root, url),
                        site.image_sizes.get(&decode_percent(url)).copied(),
                    ),
                    None => (dest_url.to_string(), None),
                };
                let figure = figure_end.is_some_and(|f| f == end + 1);
                let mut img = format!("<img src=\"{}\" alt=\"{}\"", escape(&src), escape(&alt));
                if let Some((w, h)) = size {
                    img.push_str(&format!(" width=\"{w}\" height=\"{h}\""));
                }
                if !worksheet {
                    img.push_str(" loading=\"lazy\"");
                }
                img.push_str(" decoding=\"async\"");
                if !figure && !title.is_empty() {
                    img.push_str(&format!(" title=\"{}\"", escape(title)));
                }
                img.push('>');
                if figure {
                    img = format!(
                        "<figure>\n{img}\n<figcaption>{}</figcaption>\n</figure>\n",
                        escape(title)
                    );
                }
                out.push(Event::Html(CowStr::from(img)));
                done_until = end + 1;
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let html = note::open(note::alert_kind(*kind), None, strings);
                out.push(Event::Html(CowStr::from(html)));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                out.push(Event::Html(CowStr::Borrowed("</div>\n")));
            }
            Event::Start(Tag::Heading {
                id,
                level,
                classes,
                attrs,
            }) => {
                heading_id = id.as_ref().map(|s| format!("{id_prefix}{s}"));
                out.push(Event::Start(Tag::Heading {
                    level: *level,
                    id: heading_id.clone().map(CowStr::from),
                    classes: classes.clone(),
                    attrs: attrs.clone(),
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
                out.push(ev.clone());
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
                out.push(ev.clone());
            }
            Event::End(TagEnd::Table | TagEnd::CodeBlock) => {
                out.push(ev.clone());
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
            _ => out.push(ev.clone()),
        }
    }
    let mut s = String::with_capacity(page.body.source_len() * 2);
    html::push_html(&mut s, out.into_iter());
    s
}

/// The index of the `End(Image)` of the image starting at `start` (images in alt text
/// nest).
fn image_end(events: &[Event], start: usize) -> usize {
    let mut depth = 0;
    for (j, e) in events.iter().enumerate().skip(start) {
        match e {
            Event::Start(Tag::Image { .. }) => depth += 1,
            Event::End(TagEnd::Image) => {
                depth -= 1;
                if depth == 0 {
                    return j;
                }
            }
            _ => {}
        }
    }
    events.len() - 1
}

/// When the paragraph starting at `start` holds nothing but one image with a title
/// (`![alt](a.png "caption")`), the index of its `End(Paragraph)`: it becomes a figure.
fn figure_at(events: &[Event], start: usize) -> Option<usize> {
    match events.get(start + 1)? {
        Event::Start(Tag::Image { title, .. }) if !title.trim().is_empty() => {}
        _ => return None,
    }
    let end = image_end(events, start + 1) + 1;
    matches!(events.get(end)?, Event::End(TagEnd::Paragraph)).then_some(end)
}

/// Joins the relative root and a site-relative URL; a same-page anchor stays an anchor.
fn join(root: &str, url: &str) -> String {
    format!("{root}{url}")
}
