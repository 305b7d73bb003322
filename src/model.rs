//! Stage 4: parsed pages → the [`Site`] model.
//!
//! Input: parsed pages, the configuration, the asset paths and whether drafts count.
//! Output: per language, the pages in reading order with their URL paths, parents,
//! children, previous/next and translations, and every internal link resolved to a
//! site-relative URL. Diagnostics: a missing translation, a translation without its
//! original, a page outside any part, two files writing the same URL, a dead link, a dead
//! anchor, a link to a draft. Must not: render HTML or touch the file system.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::parse::ParsedPage;

/// What kind of page this is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// `content/_index.md`.
    Home,
    /// A part: a folder's `_index.md`.
    Section,
    /// A chapter or other page.
    Page,
}

/// A page placed in the site.
#[derive(Clone, Debug)]
pub struct PageModel {
    /// Index into [`Site::parsed`].
    pub parsed: usize,
    /// Kind.
    pub kind: Kind,
    /// URL path from the site root, with the language prefix: `en/value/x/` (`` for home).
    pub url: String,
    /// Index of the parent section in the same language (none for home).
    pub parent: Option<usize>,
    /// Children in order (sections: pages and sub-parts by weight, then name).
    pub children: Vec<usize>,
    /// Previous and next page in reading order.
    pub prev: Option<usize>,
    /// Next page in reading order.
    pub next: Option<usize>,
    /// Resolved target of each link of the body (site-relative URL with anchor), aligned
    /// with `body.links`; `None` where the link is dead (already reported).
    pub links: Vec<Option<String>>,
}

/// The pages of one language.
#[derive(Clone, Debug)]
pub struct LangSite {
    /// Language code.
    pub code: String,
    /// Pages in reading order; index 0 is the home page.
    pub pages: Vec<PageModel>,
    /// Page index by key.
    pub by_key: HashMap<String, usize>,
    /// Whether any page has a quiz (worked out once, on first use).
    pub has_quizzes: std::sync::OnceLock<bool>,
}

/// The whole site.
#[derive(Debug)]
pub struct Site {
    /// Parsed pages (drafts removed unless requested).
    pub parsed: Vec<ParsedPage>,
    /// One entry per configured language, default first.
    pub langs: Vec<LangSite>,
}

impl Site {
    /// The parsed page behind a model page.
    pub fn page(&self, p: &PageModel) -> &ParsedPage {
        &self.parsed[p.parsed]
    }

    /// Number of pages over all languages.
    pub fn page_count(&self) -> usize {
        self.langs.iter().map(|l| l.pages.len()).sum()
    }
}

/// Percent-encodes what cannot stand in a URL path as written (spaces, quotes, `#`, `?`,
/// `%`, control characters); keeps non-ASCII characters such as Chinese as they are.
pub fn encode_path(p: &str) -> String {
    let mut out = String::with_capacity(p.len());
    for c in p.chars() {
        match c {
            ' ' | '"' | '#' | '?' | '%' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}' => {
                out.push_str(&format!("%{:02X}", c as u32))
            }
            c if c.is_control() => {
                let mut b = [0; 4];
                for byte in c.encode_utf8(&mut b).bytes() {
                    out.push_str(&format!("%{byte:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// Decodes `%XX` escapes (invalid escapes are kept as written).
pub fn decode_percent(s: &str) -> String {
    fn hex(b: u8) -> Option<u8> {
        (b as char).to_digit(16).map(|d| d as u8)
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Joins a relative path to a folder (`value/` + `../visits/a.md` → `visits/a.md`).
/// Returns `None` when the path climbs above the root.
pub fn join_relative(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// The key a link points at (`../a.md#x` from `value/b.md` → `a.md`), language suffix
/// removed; `None` for links that are not to pages.
fn link_key(from: &str, dest: &str) -> Option<String> {
    let path = dest.split(['#', '?']).next()?;
    let joined = join_relative(dir_of(from), &decode_percent(path))?;
    let stem = joined.strip_suffix(".md")?;
    Some(match stem.rsplit_once('.') {
        Some((base, code)) if code.len() <= 3 && !base.ends_with('/') => format!("{base}.md"),
        _ => joined,
    })
}

/// A relative path from the folder `from_dir` to `key` (`value/` → `visits/a.md` gives
/// `../visits/a.md`).
fn relative_to(from_dir: &str, key: &str) -> String {
    let from: Vec<&str> = from_dir.split('/').filter(|s| !s.is_empty()).collect();
    let to: Vec<&str> = key.split('/').collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; from.len() - common];
    parts.extend(&to[common..]);
    parts.join("/")
}

fn dir_of(key: &str) -> &str {
    key.rfind('/').map_or("", |i| &key[..i + 1])
}

/// The URL path of a key, without language prefix.
fn url_of(key: &str) -> String {
    let stem = key.strip_suffix(".md").unwrap_or(key);
    if stem == "_index" {
        return String::new();
    }
    match stem.strip_suffix("/_index") {
        Some(dir) => format!("{dir}/"),
        None => format!("{stem}/"),
    }
}

/// The section key a page belongs to (`value/x.md` → `value/_index.md`,
/// `value/_index.md` → `_index.md`).
fn parent_key(key: &str) -> Option<String> {
    if key == "_index.md" {
        return None;
    }
    let base = key.strip_suffix("/_index.md").unwrap_or(key);
    Some(match base.rfind('/') {
        Some(i) => format!("{}/_index.md", &base[..i]),
        None => "_index.md".to_string(),
    })
}

/// Builds the site model. `assets` are the output paths of copied files (for checking
/// links to them).
/// `broken` holds (language, key) of files that exist but failed to parse: their own
/// errors are reported, so links to them and their translations raise nothing more.
pub fn build(
    parsed: Vec<ParsedPage>,
    config: &Config,
    assets: &HashSet<String>,
    broken: &HashSet<(String, String)>,
    drafts: bool,
) -> (Site, Diagnostics) {
    let mut diags = Diagnostics::new();
    let draft_keys: HashSet<(String, String)> = parsed
        .iter()
        .filter(|p| p.front.draft)
        .map(|p| (p.key.clone(), p.lang.clone()))
        .collect();
    let parsed: Vec<ParsedPage> = parsed
        .into_iter()
        .filter(|p| drafts || !p.front.draft)
        .collect();
    let default = config.default_language().code.clone();

    // Translations: every page in every language, and no orphan translation.
    let mut by_lang_key: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (i, p) in parsed.iter().enumerate() {
        by_lang_key.insert((p.lang.clone(), p.key.clone()), i);
    }
    for p in &parsed {
        if p.lang == default {
            for l in &config.languages[1..] {
                if !by_lang_key.contains_key(&(l.code.clone(), p.key.clone()))
                    && !draft_keys.contains(&(p.key.clone(), l.code.clone()))
                    && !broken.contains(&(l.code.clone(), p.key.clone()))
                {
                    let expected = translation_path(&p.path, &l.code);
                    diags.push(
                        Diagnostic::error(
                            &p.path,
                            &p.text,
                            0..3,
                            format!("missing `{}` translation: `{expected}` does not exist", l.code),
                        )
                        .with_hint(format!(
                            "create `{expected}` with the same structure, or mark this page draft = true"
                        )),
                    );
                }
            }
        } else if !by_lang_key.contains_key(&(default.clone(), p.key.clone()))
            && !broken.contains(&(default.clone(), p.key.clone()))
        {
            let original = format!("content/{}", p.key);
            diags.push(
                Diagnostic::error(
                    &p.path,
                    &p.text,
                    0..3,
                    format!("translation without an original: `{original}` does not exist"),
                )
                .with_hint(
                    "a translation NAME.en.md needs the default-language file NAME.md beside it",
                ),
            );
        }
    }

    let mut langs = Vec::new();
    let mut seen_urls: HashMap<String, usize> = HashMap::new();
    for lang in &config.languages {
        let mut idx: Vec<usize> = parsed
            .iter()
            .enumerate()
            .filter(|(_, p)| p.lang == lang.code)
            .map(|(i, _)| i)
            .collect();
        idx.sort_by(|a, b| parsed[*a].key.cmp(&parsed[*b].key));
        let keys: HashMap<&str, usize> = idx.iter().map(|&i| (parsed[i].key.as_str(), i)).collect();
        if !keys.contains_key("_index.md") {
            if lang.code == default {
                diags.push(
                    Diagnostic::file_error("content/_index.md", "the playbook has no home page")
                        .with_hint("create content/_index.md with a title in its front matter"),
                );
            }
            langs.push(LangSite {
                code: lang.code.clone(),
                pages: Vec::new(),
                by_key: HashMap::new(),
                has_quizzes: Default::default(),
            });
            continue;
        }
        // Children of each section, sorted by weight then file name.
        let mut children: HashMap<String, Vec<usize>> = HashMap::new();
        for &i in &idx {
            let p = &parsed[i];
            let Some(parent) = parent_key(&p.key) else {
                continue;
            };
            if !keys.contains_key(parent.as_str()) {
                if lang.code == default {
                    let folder = parent.trim_end_matches("_index.md");
                    diags.push(
                        Diagnostic::error(
                            &p.path,
                            &p.text,
                            0..3,
                            format!(
                                "page is in folder `content/{folder}`, which has no `_index.md`"
                            ),
                        )
                        .with_hint(format!(
                            "create `content/{folder}_index.md` to make the folder a part"
                        )),
                    );
                }
                continue;
            }
            children.entry(parent).or_default().push(i);
        }
        for list in children.values_mut() {
            list.sort_by(|a, b| {
                let (pa, pb) = (&parsed[*a], &parsed[*b]);
                (pa.front.weight, &pa.key).cmp(&(pb.front.weight, &pb.key))
            });
        }
        // Reading order: depth-first from home.
        let mut order = Vec::new();
        let mut stack = vec![keys["_index.md"]];
        while let Some(i) = stack.pop() {
            order.push(i);
            if parsed[i].is_section {
                if let Some(ch) = children.get(&parsed[i].key) {
                    stack.extend(ch.iter().rev());
                }
            }
        }
        let pos: HashMap<usize, usize> = order.iter().enumerate().map(|(n, &i)| (i, n)).collect();
        let mut pages: Vec<PageModel> = order
            .iter()
            .map(|&i| {
                let p = &parsed[i];
                PageModel {
                    parsed: i,
                    kind: if p.key == "_index.md" {
                        Kind::Home
                    } else if p.is_section {
                        Kind::Section
                    } else {
                        Kind::Page
                    },
                    url: format!("{}{}", lang.prefix, url_of(&p.key)),
                    parent: parent_key(&p.key).and_then(|k| keys.get(k.as_str()).map(|i| pos[i])),
                    children: children
                        .get(&p.key)
                        .map(|c| c.iter().map(|i| pos[i]).collect())
                        .unwrap_or_default(),
                    prev: None,
                    next: None,
                    links: Vec::new(),
                }
            })
            .collect();
        let n = pages.len();
        for (k, page) in pages.iter_mut().enumerate() {
            page.prev = k.checked_sub(1);
            page.next = (k + 1 < n).then_some(k + 1);
        }
        // Two files writing the same URL (across languages too: `content/en/x.md`).
        for page in &pages {
            if let Some(&other) = seen_urls.get(page.url.as_str()) {
                let p = &parsed[page.parsed];
                diags.push(
                    Diagnostic::error(
                        &p.path,
                        &p.text,
                        0..3,
                        format!(
                            "`{}` and `{}` would both be written to `/{}`",
                            parsed[other].path, p.path, page.url
                        ),
                    )
                    .with_hint("rename or move one of the two files"),
                );
            } else {
                seen_urls.insert(page.url.clone(), page.parsed);
            }
        }
        let by_key = pages
            .iter()
            .enumerate()
            .map(|(n, p)| (parsed[p.parsed].key.clone(), n))
            .collect();
        langs.push(LangSite {
            code: lang.code.clone(),
            pages,
            by_key,
            has_quizzes: Default::default(),
        });
    }

    let mut site = Site { parsed, langs };
    resolve_links(&mut site, config, assets, &draft_keys, broken, &mut diags);
    check_quiz_ids(&site, &mut diags);
    (site, diags)
}

/// Quiz ids key the progress kept in the browser: unique per language.
fn check_quiz_ids(site: &Site, diags: &mut Diagnostics) {
    for lang in &site.langs {
        let mut seen: HashMap<&str, &str> = HashMap::new();
        for p in &lang.pages {
            let page = site.page(p);
            for c in page.components.iter().flatten() {
                if let crate::components::Component::Quiz(q) = c {
                    match seen.get(q.id.as_str()) {
                        Some(first) => diags.push(
                            Diagnostic::error(&page.path, &page.text, q.id_span.clone(), format!("quiz id `{}` is already used in `{first}`", q.id))
                                .with_hint("quiz ids keep each quiz's progress apart: give this quiz its own id"),
                        ),
                        None => {
                            seen.insert(&q.id, &page.path);
                        }
                    }
                }
            }
        }
    }
}

fn translation_path(path: &str, code: &str) -> String {
    match path.strip_suffix(".md") {
        Some(stem) => format!("{stem}.{code}.md"),
        None => format!("{path}.{code}"),
    }
}

fn resolve_links(
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_parents() {
        assert_eq!(url_of("_index.md"), "");
        assert_eq!(url_of("value/_index.md"), "value/");
        assert_eq!(url_of("value/x.md"), "value/x/");
        assert_eq!(parent_key("value/x.md").as_deref(), Some("value/_index.md"));
        assert_eq!(parent_key("value/_index.md").as_deref(), Some("_index.md"));
        assert_eq!(parent_key("a.md").as_deref(), Some("_index.md"));
        assert_eq!(parent_key("_index.md"), None);
    }

    #[test]
    fn relative_paths_and_link_keys() {
        assert_eq!(relative_to("value/", "visits/a.md"), "../visits/a.md");
        assert_eq!(relative_to("value/", "value/a.md"), "a.md");
        assert_eq!(relative_to("", "a/_index.md"), "a/_index.md");
        assert_eq!(
            link_key("value/b.md", "../a.en.md#x").as_deref(),
            Some("a.md")
        );
        assert_eq!(
            link_key("value/b.md", "c.md").as_deref(),
            Some("value/c.md")
        );
        assert_eq!(link_key("value/b.md", "c.png"), None);
    }

    #[test]
    fn relative_join() {
        assert_eq!(
            join_relative("value/", "../visits/a.md").as_deref(),
            Some("visits/a.md")
        );
        assert_eq!(join_relative("", "./a.md").as_deref(), Some("a.md"));
        assert_eq!(join_relative("", "../a.md"), None);
    }

    #[test]
    fn encoding_keeps_chinese() {
        assert_eq!(encode_path("a b/计划/"), "a%20b/计划/");
        assert_eq!(decode_percent("a%20b%E8%AE%A1"), "a b计");
        assert_eq!(decode_percent("100%"), "100%");
    }
}
