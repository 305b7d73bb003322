//! Internal links: each link of each page resolved to the target page's URL in the same
//! language (or a copied asset), with its anchor checked; dead links and anchors and
//! links to drafts are reported at the link.

use std::collections::{HashMap, HashSet};

use crate::diagnostics::PER_FILE;

use super::paths::{decode_percent, dir_of, join_relative, link_key, relative_to};
use super::*;

pub(super) fn resolve_links(
    site: &mut Site,
    config: &Config,
    assets: &HashSet<String>,
    draft_keys: &HashSet<(String, String)>,
    broken: &HashSet<(String, String)>,
    diags: &mut Diagnostics,
) {
    let languages: Vec<String> = config.languages.iter().map(|l| l.code.clone()).collect();
    let default = languages[0].clone();
    // Sets built once, so that each link costs a few lookups whatever the size of the site.
    let anchors: Vec<HashSet<&str>> = site
        .parsed
        .iter()
        .map(|p| p.body.headings.iter().map(|h| h.id.as_str()).collect())
        .collect();
    let urls = site
        .langs
        .iter()
        .enumerate()
        .flat_map(|(li, l)| {
            l.pages
                .iter()
                .enumerate()
                .map(move |(pi, p)| (p.url.clone(), (li, pi)))
        })
        .collect();
    let ctx = Context {
        assets,
        languages: &languages,
        default: &default,
        drafts: draft_keys.iter().map(|(k, _)| k.as_str()).collect(),
        anchors,
        urls,
        base_path: config.base_path(),
    };
    let broken_keys: HashSet<&str> = broken.iter().map(|(_, k)| k.as_str()).collect();
    let jobs: Vec<(usize, usize)> = (0..site.langs.len())
        .flat_map(|li| (0..site.langs[li].pages.len()).map(move |pi| (li, pi)))
        .collect();
    // Each page's links on any core; their diagnostics kept in page order.
    let all: Vec<PageLinks> = {
        use rayon::prelude::*;
        let (site, ctx, broken_keys) = (&*site, &ctx, &broken_keys);
        jobs.par_iter()
            .map(|&(li, pi)| {
                let me = &site.langs[li].pages[pi];
                let page = &site.parsed[me.parsed];
                // A fallback page's links are checked in its own language; here they only
                // follow the reader's language where they can.
                let quiet = me.fallback;
                let mut resolved = Vec::with_capacity(page.body.links.len());
                let mut found = Vec::new();
                for link in &page.body.links {
                    // Only the first diagnostics of a file are printed (in position order,
                    // and links come in that order): past those, skip the search for a
                    // suggestion.
                    let suggest = found.len() < PER_FILE;
                    match resolve_one(site, li, pi, &link.dest, ctx, suggest) {
                        Ok(url) => resolved.push(Some(url)),
                        Err(_) if quiet => {
                            resolved.push(fallback_link(site, li, pi, &link.dest, ctx));
                        }
                        Err(_)
                            if link_key(&page.key, &link.dest)
                                .is_some_and(|k| broken_keys.contains(k.as_str())) =>
                        {
                            resolved.push(None);
                        }
                        Err((msg, hint)) => {
                            found.push(
                                Diagnostic::error(&page.path, &page.text, link.span.clone(), msg)
                                    .with_hint(hint),
                            );
                            resolved.push(None);
                        }
                    }
                }
                (li, pi, resolved, found)
            })
            .collect()
    };
    let all: Vec<(usize, usize, Vec<Option<String>>)> = all
        .into_iter()
        .map(|(li, pi, resolved, found)| {
            for d in found {
                diags.push(d);
            }
            (li, pi, resolved)
        })
        .collect();
    super::html_paths::check(site, &ctx, diags);
    drop(ctx);
    for (li, pi, resolved) in all {
        site.langs[li].pages[pi].links = resolved;
    }
}

/// A link of a fallback page that does not resolve in the reader's language (an anchor of
/// the original that the translation names differently): the same page in the reader's
/// language without the anchor, else the target in the page's own language, where the
/// link was checked.
fn fallback_link(
    site: &Site,
    li: usize,
    pi: usize,
    dest: &str,
    ctx: &Context<'_>,
) -> Option<String> {
    let bare = dest.split('#').next().unwrap_or(dest);
    if !bare.is_empty() {
        if let Ok(url) = resolve_one(site, li, pi, bare, ctx, false) {
            return Some(url);
        }
    }
    let page = &site.parsed[site.langs[li].pages[pi].parsed];
    let own = site.langs.iter().position(|l| l.code == page.lang)?;
    let opi = *site.langs[own].by_key.get(&page.key)?;
    resolve_one(site, own, opi, dest, ctx, false).ok()
}

/// A page's links resolved (language, page, each link's URL) and its dead links.
type PageLinks = (usize, usize, Vec<Option<String>>, Vec<Diagnostic>);

/// What resolving a link needs besides the site.
pub(super) struct Context<'a> {
    pub(super) assets: &'a HashSet<String>,
    pub(super) languages: &'a [String],
    default: &'a str,
    /// Keys of draft pages.
    drafts: HashSet<&'a str>,
    /// Heading ids of each parsed page.
    pub(super) anchors: Vec<HashSet<&'a str>>,
    /// (language, page) by URL path (`en/value/x/`), for root-style links.
    pub(super) urls: HashMap<String, (usize, usize)>,
    /// The path of `base_url` (`/team/playbook/`).
    pub(super) base_path: String,
}

/// The URL of a link, or the message and hint of a dead one (with a "did you mean" when
/// `suggest`).
pub(super) fn resolve_one(
    site: &Site,
    li: usize,
    pi: usize,
    dest: &str,
    ctx: &Context<'_>,
    suggest: bool,
) -> Result<String, (String, String)> {
    let (assets, languages, default) = (ctx.assets, ctx.languages, ctx.default);
    let lang = &site.langs[li];
    let me = &lang.pages[pi];
    let page = &site.parsed[me.parsed];
    let (path, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p, Some(decode_percent(a))),
        None => (dest, None),
    };
    let path = path.split('?').next().unwrap_or("");
    if path.is_empty() {
        let a = anchor.unwrap_or_default();
        if a.is_empty() || ctx.anchors[me.parsed].contains(a.as_str()) {
            return Ok(format!("{}#{}", encode_path(&me.url), a));
        }
        return Err(dead_anchor(&a, "this page", page, suggest));
    }
    if let Some(abs) = path.strip_prefix('/') {
        return super::root_links::resolve(site, li, pi, abs, anchor, ctx, suggest);
    }
    let decoded = decode_percent(path);
    let Some(joined) = join_relative(dir_of(&page.key), &decoded) else {
        return Err((
            format!("link `{dest}` points outside the content folder"),
            "internal links are relative paths between files of content/".into(),
        ));
    };
    if !joined.ends_with(".md") {
        if assets.contains(&joined) {
            return Ok(encode_path(&joined));
        }
        let hint = suggest
            .then(|| super::root_links::missing_file_hint(site, li, &page.key, &joined, ctx))
            .flatten()
            .unwrap_or_else(|| {
                "link to a page with its .md path, or put the file beside the page \
                 (or under static/ and link to it as `/name`)"
                    .into()
            });
        return Err((
            format!("link to a missing file `{dest}` (looked for `content/{joined}`)"),
            hint,
        ));
    }
    // `x.en.md` names a language explicitly; `x.md` follows the page's language.
    let (key, target_lang) = {
        let stem = &joined[..joined.len() - 3];
        match stem.rsplit_once('.') {
            Some((base, code)) if languages[1..].iter().any(|l| l == code) => {
                (format!("{base}.md"), code.to_string())
            }
            _ => (joined.clone(), lang.code.clone()),
        }
    };
    let target_li = site
        .langs
        .iter()
        .position(|l| l.code == target_lang)
        .unwrap_or(li);
    let found = site.langs[target_li]
        .by_key
        .get(&key)
        .map(|&i| (target_li, i))
        .or_else(|| {
            let d = site.langs.iter().position(|l| l.code == default)?;
            site.langs[d].by_key.get(&key).map(|&i| (d, i))
        });
    let Some((tl, ti)) = found else {
        if ctx.drafts.contains(key.as_str()) {
            return Err((
                format!("link to `{dest}`, which is a draft"),
                "publish the page (draft = false) or build with --drafts".into(),
            ));
        }
        let suggestion = suggest
            .then(|| {
                let candidates: Vec<&str> =
                    site.langs[li].by_key.keys().map(String::as_str).collect();
                crate::diagnostics::did_you_mean(&key, &candidates)
            })
            .flatten();
        let hint = match suggestion {
            Some(c) => format!(
                "did you mean `{}`? (paths are relative to this file)",
                relative_to(dir_of(&page.key), c)
            ),
            None => format!("no page `content/{key}`; paths are relative to this file"),
        };
        return Err((format!("dead link: `{dest}` does not exist"), hint));
    };
    let target = &site.langs[tl].pages[ti];
    let tp = &site.parsed[target.parsed];
    let mut url = encode_path(&target.url);
    if let Some(a) = anchor {
        if !a.is_empty() && !ctx.anchors[target.parsed].contains(a.as_str()) {
            return Err(dead_anchor(&a, &format!("`{}`", tp.path), tp, suggest));
        }
        url = format!("{url}#{a}");
    }
    Ok(url)
}

pub(super) fn dead_anchor(
    anchor: &str,
    place: &str,
    target: &ParsedPage,
    suggest: bool,
) -> (String, String) {
    let ids = || target.body.headings.iter().map(|h| h.id.as_str());
    let suggestion = if suggest {
        crate::diagnostics::did_you_mean(anchor, &ids().collect::<Vec<_>>())
    } else {
        None
    };
    let hint = match suggestion {
        Some(c) => format!("did you mean `#{c}`?"),
        None if target.body.headings.is_empty() => "the target has no headings".to_string(),
        None => format!(
            "headings there: {}",
            ids()
                .take(8)
                .map(|i| format!("#{i}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    (
        format!("dead anchor: `#{anchor}` is not a heading of {place}"),
        hint,
    )
}
