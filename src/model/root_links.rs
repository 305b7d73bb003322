//! Root-style links (`/value/x/`, `/images/a.png`, `/value/x.md`) and the hints for a
//! link to a missing file: the site-root counterpart of the relative resolution in
//! `links.rs`. A root-style path is read from the site root, which is `base_url`'s path
//! when the site is hosted in a subfolder (`/team/playbook/value/x/` is accepted as well);
//! the link is written relative to the page, so it works under any subpath.

use super::links::{dead_anchor, resolve_one, Context};
use super::paths::{decode_percent, dir_of, encode_path, join_relative, relative_to};
use super::Site;

/// Pages every language gets besides the content's (search, progress, answer key, the
/// whole-course handout) and the files written at a language's root.
const GENERATED: &[&str] = &[
    "search/",
    "progress/",
    "answer-key/",
    "print/",
    "404.html",
    "sitemap.xml",
];

/// The site-relative URL of the root-style path `abs` (after its `/`), or the message and
/// hint of a dead link.
pub(super) fn resolve(
    site: &Site,
    li: usize,
    pi: usize,
    abs: &str,
    anchor: Option<String>,
    ctx: &Context<'_>,
    suggest: bool,
) -> Result<String, (String, String)> {
    let shown = format!("/{abs}");
    let decoded = decode_percent(abs);
    let mut p = decoded.as_str();
    if ctx.base_path.len() > 1 {
        if let Some(rest) = format!("/{p}").strip_prefix(ctx.base_path.as_str()) {
            p = &decoded[decoded.len() - rest.len()..];
        }
    }
    let with_anchor = |url: String| match &anchor {
        Some(a) => format!("{url}#{a}"),
        None => url,
    };
    let Some(p) = join_relative("", p) else {
        return Err((
            format!("link `{shown}` points outside the site"),
            "root-style links start at the site root".into(),
        ));
    };
    // A file name: a page's Markdown file (resolved as the relative link it stands for),
    // or a file of content/ or static/.
    if p.ends_with(".md") {
        let page = &site.parsed[site.langs[li].pages[pi].parsed];
        let mut rel = relative_to(dir_of(&page.key), &p);
        if let Some(a) = &anchor {
            rel = format!("{rel}#{a}");
        }
        return resolve_one(site, li, pi, &rel, ctx, suggest);
    }
    if ctx.assets.contains(&p) {
        return Ok(with_anchor(encode_path(&p)));
    }
    let folder = match p.strip_suffix("index.html") {
        Some(f) if f.is_empty() || f.ends_with('/') => f.to_string(),
        _ if p.is_empty() || p.ends_with('/') => p.clone(),
        _ => format!("{p}/"),
    };
    if let Some(&(tl, ti)) = ctx.urls.get(&folder) {
        let target = &site.langs[tl].pages[ti];
        let mut url = encode_path(&target.url);
        if let Some(a) = anchor {
            if !a.is_empty() && !ctx.anchors[target.parsed].contains(a.as_str()) {
                let tp = &site.parsed[target.parsed];
                return Err(dead_anchor(&a, &format!("`{}`", tp.path), tp, suggest));
            }
            url = format!("{url}#{a}");
        }
        return Ok(url);
    }
    if is_generated(&folder, &p, ctx) {
        let file = p.rsplit('/').next().is_some_and(|n| n.contains('.'));
        return Ok(with_anchor(encode_path(if file { &p } else { &folder })));
    }
    let suggestion = suggest
        .then(|| {
            let mut candidates: Vec<&str> = ctx.urls.keys().map(String::as_str).collect();
            candidates.extend(ctx.assets.iter().map(String::as_str));
            let target = if p.contains('.') { &p } else { &folder };
            nearest(target, &candidates).map(str::to_string)
        })
        .flatten();
    let hint = match suggestion {
        Some(c) => format!("did you mean `/{c}`?"),
        None => "a root-style link names a page by its URL (`/value/why-customers/` for \
                 content/value/why-customers.md) or a file by its path in the site \
                 (`/images/a.png` for static/images/a.png)"
            .into(),
    };
    Err((
        format!("dead link: `{shown}` is not a page or file of the site"),
        hint,
    ))
}

/// Whether `folder` (or the file `p`) is a page the site generates itself.
fn is_generated(folder: &str, p: &str, ctx: &Context<'_>) -> bool {
    let rest = |s: &str| -> String {
        match s.split_once('/') {
            Some((code, r)) if ctx.languages[1..].iter().any(|l| l == code) => r.to_string(),
            _ => s.to_string(),
        }
    };
    let (f, file) = (rest(folder), rest(p));
    if GENERATED.contains(&f.as_str()) || GENERATED.contains(&file.as_str()) {
        return true;
    }
    // A part's handout: `value/print/`.
    folder
        .strip_suffix("print/")
        .is_some_and(|part| !part.is_empty() && ctx.urls.contains_key(part))
}

/// The hint for a relative link to a file that does not exist (`joined`, relative to
/// content/): the page it probably means (`opening` → `opening.md`), else the nearest
/// existing file or page by edit distance.
pub(super) fn missing_file_hint(
    site: &Site,
    li: usize,
    key: &str,
    joined: &str,
    ctx: &Context<'_>,
) -> Option<String> {
    let dir = dir_of(key);
    let bare = joined.trim_end_matches('/');
    let page = format!("{}.md", bare.strip_suffix("/index.html").unwrap_or(bare));
    let index = format!("{bare}/_index.md");
    for cand in [&page, &index] {
        if site.langs[li].by_key.contains_key(cand.as_str()) {
            return Some(format!(
                "did you mean `{}`? (link to a page by its .md file)",
                relative_to(dir, cand)
            ));
        }
    }
    let mut candidates: Vec<&str> = ctx.assets.iter().map(String::as_str).collect();
    candidates.extend(site.langs[li].by_key.keys().map(String::as_str));
    let c = nearest(joined, &candidates)?;
    Some(format!(
        "did you mean `{}`? (paths are relative to this file)",
        relative_to(dir, c)
    ))
}

/// The candidate nearest to `target`, a path or URL path: by file name among those in the
/// same folder (so that a shared folder does not make every name look alike), else the
/// same name in a folder of a similar path. A name without extension is compared with pages'
/// names without `.md` (`opening` finds `opening.md` and `openings.md`).
fn nearest<'a>(target: &str, candidates: &[&'a str]) -> Option<&'a str> {
    fn split(p: &str) -> (&str, &str) {
        let t = p.strip_suffix('/').unwrap_or(p);
        t.rfind('/').map_or(("", t), |i| (&t[..i + 1], &t[i + 1..]))
    }
    let (dir, name) = split(target);
    let bare = !name.contains('.');
    let (same, other): (Vec<&'a str>, Vec<&'a str>) =
        candidates.iter().partition(|c| split(c).0 == dir);
    let names: Vec<&'a str> = same
        .iter()
        .map(|c| {
            let n = split(c).1;
            match n.strip_suffix(".md") {
                Some(stem) if bare => stem,
                _ => n,
            }
        })
        .collect();
    if let Some(n) = crate::diagnostics::did_you_mean(name, &names) {
        let i = names.iter().position(|x| std::ptr::eq(*x, n))?;
        return Some(same[i]);
    }
    // A typo in a folder name: the same file name elsewhere.
    let moved: Vec<&'a str> = other.into_iter().filter(|c| split(c).1 == name).collect();
    crate::diagnostics::did_you_mean(target, &moved)
}

#[cfg(test)]
mod tests {
    use super::nearest;

    #[test]
    fn nearest_compares_names_within_a_folder() {
        let c = [
            "value/_index.md",
            "value/opening.md",
            "value/chart.png",
            "visits/plan.md",
            "value/why-customers/",
        ];
        assert_eq!(nearest("value/openin", &c), Some("value/opening.md"));
        assert_eq!(nearest("value/chrat.png", &c), Some("value/chart.png"));
        assert_eq!(
            nearest("value/why-customer/", &c),
            Some("value/why-customers/")
        );
        assert_eq!(nearest("value/zzz", &c), None);
        assert_eq!(nearest("value/nothere/", &c), None);
        assert_eq!(nearest("visit/plan.md", &c), Some("visits/plan.md"));
    }
}
