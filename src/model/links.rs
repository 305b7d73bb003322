//! Internal links: each link of each page resolved to the target page's URL in the same
//! language (or a copied asset), with its anchor checked; dead links and anchors and
//! links to drafts are reported at the link.

use std::collections::HashSet;

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
    for li in 0..site.langs.len() {
        for pi in 0..site.langs[li].pages.len() {
            let page = &site.parsed[site.langs[li].pages[pi].parsed];
            let mut resolved = Vec::with_capacity(page.body.links.len());
            for link in &page.body.links {
                let r = resolve_one(
                    site, li, pi, &link.dest, assets, &languages, &default, draft_keys,
                );
                match r {
                    Ok(url) => resolved.push(Some(url)),
                    Err(_)
                        if broken.iter().any(|(_, k)| {
                            link_key(&page.key, &link.dest).as_deref() == Some(k)
                        }) =>
                    {
                        resolved.push(None);
                    }
                    Err((msg, hint)) => {
                        diags.push(
                            Diagnostic::error(&page.path, &page.text, link.span.clone(), msg)
                                .with_hint(hint),
                        );
                        resolved.push(None);
                    }
                }
            }
            site.langs[li].pages[pi].links = resolved;
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn resolve_one(
    site: &Site,
    li: usize,
    pi: usize,
    dest: &str,
    assets: &HashSet<String>,
    languages: &[String],
    default: &str,
    draft_keys: &HashSet<(String, String)>,
) -> Result<String, (String, String)> {
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
        if a.is_empty() || page.body.headings.iter().any(|h| h.id == a) {
            return Ok(format!("{}#{}", encode_path(&me.url), a));
        }
        return Err(dead_anchor(&a, "this page", page));
    }
    if let Some(abs) = path.strip_prefix('/') {
        let mut url = encode_path(abs);
        if let Some(a) = anchor {
            url = format!("{url}#{a}");
        }
        return Ok(url);
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
        return Err((
            format!("link to a missing file `{dest}` (looked for `content/{joined}`)"),
            "link to a page with its .md path, or put the file beside the page".into(),
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
        if draft_keys.iter().any(|(k, _)| k == &key) {
            return Err((
                format!("link to `{dest}`, which is a draft"),
                "publish the page (draft = false) or build with --drafts".into(),
            ));
        }
        let candidates: Vec<&str> = site.langs[li].by_key.keys().map(String::as_str).collect();
        let hint = match crate::diagnostics::did_you_mean(&key, &candidates) {
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
        if !a.is_empty() && !tp.body.headings.iter().any(|h| h.id == a) {
            return Err(dead_anchor(&a, &format!("`{}`", tp.path), tp));
        }
        url = format!("{url}#{a}");
    }
    Ok(url)
}

fn dead_anchor(anchor: &str, place: &str, target: &ParsedPage) -> (String, String) {
    let ids: Vec<&str> = target.body.headings.iter().map(|h| h.id.as_str()).collect();
    let hint = match crate::diagnostics::did_you_mean(anchor, &ids) {
        Some(c) => format!("did you mean `#{c}`?"),
        None if ids.is_empty() => "the target has no headings".to_string(),
        None => format!(
            "headings there: {}",
            ids.iter()
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
