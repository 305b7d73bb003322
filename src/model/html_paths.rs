//! Paths in raw HTML (`<img src>`, `<a href>`, `<video poster>`, `srcset`). Raw HTML is
//! written out as it is, never rewritten like Markdown links and images, so the browser
//! reads its paths against the page's URL (`value/x/` for `content/value/x.md`,
//! `en/value/x/` for its translation), not against the Markdown file. Each must name a
//! page, a heading or a file of the site from there, and a root-style path must include
//! the path of `base_url` (the host's root is not the site's when the site lives in a
//! subfolder). A dead one is an error at the attribute's value, with the path that works
//! from the page's URL when the author wrote it as if relative to the file (the usual
//! mistake), or the Markdown form that is rewritten for every language and subfolder.
//! Must not: change the HTML.

use super::links::{resolve_one, Context};
use super::paths::{decode_percent, join_relative, relative_to};
use super::root_links;
use super::*;

const MARKDOWN_IS_REWRITTEN: &str =
    "use Markdown (`![alt](…)`, `[text](….md)`), which is rewritten for every language and subfolder";

pub(super) fn check(site: &Site, ctx: &Context<'_>, diags: &mut Diagnostics) {
    for li in 0..site.langs.len() {
        for pi in 0..site.langs[li].pages.len() {
            let me = &site.langs[li].pages[pi];
            // A page standing in for a missing translation is checked in its own language.
            if me.fallback {
                continue;
            }
            let page = &site.parsed[me.parsed];
            for (span, value) in &page.body.html_paths {
                if let Err((msg, hint)) = check_one(site, li, pi, value, ctx) {
                    diags.push(
                        Diagnostic::error(&page.path, &page.text, span.clone(), msg)
                            .with_hint(hint),
                    );
                }
            }
        }
    }
}

fn check_one(
    site: &Site,
    li: usize,
    pi: usize,
    value: &str,
    ctx: &Context<'_>,
) -> Result<(), (String, String)> {
    let me = &site.langs[li].pages[pi];
    let (path, anchor) = match value.split_once('#') {
        Some((p, a)) => (p, Some(decode_percent(a))),
        None => (value, None),
    };
    let path = path.split('?').next().unwrap_or("");
    if path.is_empty() {
        // `#heading` of this page.
        return resolve_one(site, li, pi, value, ctx, true).map(drop);
    }
    let here = format!("{}{}", ctx.base_path, me.url);
    let from_here = |url: &str| relative_to(&me.url, url);
    let decoded = decode_percent(path);
    if decoded.ends_with(".md") {
        let hint = match resolve_one(site, li, pi, value, ctx, false) {
            Ok(url) => format!(
                "raw HTML is not rewritten: link to the page's URL, `{}` from this page, or {MARKDOWN_IS_REWRITTEN}",
                from_here(&url)
            ),
            Err(_) => format!("raw HTML is not rewritten: link to the page's URL (`name/` for `name.md`), or {MARKDOWN_IS_REWRITTEN}"),
        };
        return Err((
            format!(
                "raw HTML links to the Markdown file `{value}`, which the site does not publish"
            ),
            hint,
        ));
    }
    if let Some(abs) = path.strip_prefix('/') {
        let url = root_links::resolve(site, li, pi, abs, anchor, ctx, true)?;
        if ctx.base_path.len() > 1 && !path.starts_with(ctx.base_path.as_str()) {
            return Err((
                format!(
                    "`{value}` in raw HTML is read from the host's root, but the site lives under `{}` (base_url)",
                    ctx.base_path
                ),
                format!(
                    "write `{}` (relative to this page's URL `{here}`) or `{}{}`",
                    from_here(&url),
                    ctx.base_path,
                    url
                ),
            ));
        }
        return Ok(());
    }
    let Some(joined) = join_relative(&me.url, &decoded) else {
        return Err((
            format!("`{value}` in raw HTML climbs above the site's root from this page's URL `{here}`"),
            format!("raw HTML paths are read from the page's URL, not from the Markdown file: check the path, or {MARKDOWN_IS_REWRITTEN}"),
        ));
    };
    match root_links::resolve(site, li, pi, &joined, anchor, ctx, false) {
        Ok(_) => Ok(()),
        Err(_) => {
            let msg = format!(
                "dead path in raw HTML: `{value}` is read from this page's URL `{here}` as `{}{joined}`, which is not a page or file of the site",
                ctx.base_path
            );
            let hint = match resolve_one(site, li, pi, value, ctx, false) {
                // Written relative to the Markdown file, as a Markdown link would be.
                Ok(url) => format!(
                    "raw HTML is not rewritten: from `{here}` write `{}`, or {MARKDOWN_IS_REWRITTEN}",
                    from_here(&url)
                ),
                Err(_) => format!(
                    "no such file from the page's URL nor beside the Markdown file: check the name, or {MARKDOWN_IS_REWRITTEN}"
                ),
            };
            Err((msg, hint))
        }
    }
}
