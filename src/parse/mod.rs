//! Stage 3: sources → [`ParsedPage`]s.
//!
//! Input: the loaded Markdown sources and the configuration (for the language codes).
//! Output: one parsed page per file (front matter, Markdown events, headings, links,
//! validated components) and every diagnostic found, all files parsed in parallel.
//! Must not: resolve links between pages (the model stage does) or render HTML.

pub mod blocks;
pub mod cjk;
pub mod front_matter;
pub mod markdown;

use std::sync::Arc;

use rayon::prelude::*;

use crate::components::{self, Component};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::Source;

pub use front_matter::FrontMatter;
pub use markdown::{Body, Heading, LinkRef};

/// One parsed Markdown file.
#[derive(Clone, Debug)]
pub struct ParsedPage {
    /// Path relative to the playbook root (`content/value/x.en.md`).
    pub path: String,
    /// Path relative to `content/` of the default-language file (`value/x.md`): the key
    /// that links use and that joins translations.
    pub key: String,
    /// Language code.
    pub lang: String,
    /// Whether this is a part index (`_index.md`).
    pub is_section: bool,
    /// The normalised text.
    pub text: Arc<str>,
    /// Front matter.
    pub front: FrontMatter,
    /// Markdown body (shared: `serve`'s parse cache hands the same page to each rebuild).
    pub body: Arc<Body>,
    /// Components by block index (`None` where the block had errors).
    pub components: Arc<Vec<Option<Component>>>,
    /// Plain text split at level-2 headings, moved out of the body: (heading id, heading
    /// text, text); the first entry, with an empty id, is the text before the first
    /// heading. The search index takes it (`render::search::take_sections`).
    pub sections: Arc<Vec<(String, String, String)>>,
}

/// Splits `value/x.en.md` into (`value/x.md`, `en`) when `en` is a configured language;
/// otherwise the file is in the default language.
pub fn key_and_lang(content_path: &str, config: &Config) -> (String, String) {
    let stem = content_path.strip_suffix(".md").unwrap_or(content_path);
    if let Some((base, code)) = stem.rsplit_once('.') {
        if config.languages[1..].iter().any(|l| l.code == code) {
            return (format!("{base}.md"), code.to_string());
        }
    }
    (
        content_path.to_string(),
        config.default_language().code.clone(),
    )
}

/// The language code of `value/x.fr.md` when `fr` looks like a language code (two
/// lowercase letters, optionally with a region: `pt-BR`; not `x.old.md`) and is not one
/// of the playbook's languages. Such a file is left out of the site: it must not become a page
/// of the default language.
pub fn unconfigured_language<'a>(content_path: &'a str, config: &Config) -> Option<&'a str> {
    let stem = content_path.strip_suffix(".md")?;
    let (base, code) = stem.rsplit_once('.')?;
    if base.is_empty() || base.ends_with('/') || config.language(code).is_some() {
        return None;
    }
    let mut parts = code.split('-');
    let primary = parts.next()?;
    let looks = primary.len() == 2
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && parts
            .all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    looks.then_some(code)
}

/// Parses one file. Returns the page when its front matter is valid (even if components or
/// headings had problems, so that later checks still run), and the problems found.
pub fn parse_one(
    source: &Source,
    config: &Config,
    gift: &components::GiftSources,
) -> (Option<ParsedPage>, Vec<Diagnostic>) {
    let path = source.path.as_str();
    let text = &source.text;
    let (front, body_start) = match front_matter::parse(path, text) {
        Ok(x) => x,
        Err(d) => {
            // The page is not rendered, but the body's own errors are shown with it.
            let mut diags = vec![d];
            if let Some(start) = front_matter::body_start(text) {
                diags.extend(parse_body(source, config, gift, start).1);
            }
            return (None, diags);
        }
    };
    let ((mut body, components), diags) = parse_body(source, config, gift, body_start);
    let (key, lang) = key_and_lang(&source.content_path, config);
    let is_section = key.rsplit('/').next() == Some("_index.md");
    (
        Some(ParsedPage {
            path: source.path.clone(),
            key,
            lang,
            is_section,
            text: Arc::clone(text),
            front,
            sections: Arc::new(std::mem::take(&mut body.sections)),
            body: Arc::new(body),
            components: Arc::new(components),
        }),
        diags,
    )
}

/// The body from `body_start` on: Markdown, headings, links and components, with the
/// problems found.
fn parse_body(
    source: &Source,
    config: &Config,
    gift: &components::GiftSources,
    body_start: usize,
) -> ((Body, Vec<Option<Component>>), Vec<Diagnostic>) {
    let path = source.path.as_str();
    let text = &source.text;
    let (scanned, mut diags) = blocks::scan(path, text, body_start, components::is_container);
    let (mut body, dups) = markdown::parse(&scanned.masked);
    for link in &mut body.links {
        link.span = scanned.to_original(link.span.start)..scanned.to_original(link.span.end);
    }
    for h in &mut body.headings {
        h.span = scanned.to_original(h.span.start)..scanned.to_original(h.span.end);
    }
    let rules = crate::media::safety::Rules {
        policy: config.html,
        strict: config.strict,
    };
    diags.extend(crate::media::safety::check(
        path,
        text,
        &scanned.masked,
        &body.raw,
        |m| scanned.to_original(m),
        rules,
    ));
    body.html_paths = body
        .raw
        .html
        .iter()
        .filter_map(|r| Some((r.start, scanned.masked.get(r.clone())?)))
        .flat_map(|(at, html)| {
            crate::media::html_scan::local_paths(html)
                .into_iter()
                .map(move |(s, v)| (at + s.start..at + s.end, v))
        })
        .map(|(s, v)| (scanned.to_original(s.start)..scanned.to_original(s.end), v))
        .collect();
    // Only the checks above read these spans.
    body.raw = Default::default();
    for (span, id) in dups {
        let s = scanned.to_original(span.start)..scanned.to_original(span.end);
        diags.push(
            Diagnostic::error(
                path,
                text,
                s,
                format!("heading id `{id}` is used twice on this page"),
            )
            .with_hint("give each heading a unique {#id}"),
        );
    }
    let page_dir = source
        .content_path
        .rfind('/')
        .map_or("", |i| &source.content_path[..i + 1]);
    let cx = components::Context { page_dir, gift };
    let components = scanned
        .blocks
        .iter()
        .map(|b| match components::validate(path, text, b, &cx) {
            Ok(c) => {
                diags.extend(c.warnings().iter().cloned());
                Some(c)
            }
            Err(mut e) => {
                diags.append(&mut e);
                None
            }
        })
        .collect();
    ((body, components), diags)
}

/// The GIFT files among the sources, by path relative to `content/`.
pub fn gift_sources(sources: &[Source]) -> components::GiftSources {
    sources
        .iter()
        .filter(|s| s.path.ends_with(".gift"))
        .map(|s| {
            let bank = components::GiftBank::new(Arc::clone(&s.text));
            (s.content_path.clone(), bank)
        })
        .collect()
}

/// Parses every Markdown source in parallel; the result keeps the sources' order.
pub fn parse_all(sources: &[Source], config: &Config) -> (Vec<ParsedPage>, Diagnostics) {
    let gift = gift_sources(sources);
    let results: Vec<(Option<ParsedPage>, Vec<Diagnostic>)> = sources
        .par_iter()
        .filter(|s| s.path.ends_with(".md"))
        .map(|s| parse_one(s, config, &gift))
        .collect();
    let mut pages = Vec::with_capacity(results.len());
    let mut diags = Diagnostics::new();
    for (page, d) in results {
        pages.extend(page);
        diags.extend(d);
    }
    (pages, diags)
}

#[cfg(test)]
mod proptests;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::components::Component;

    fn source(path: &str, text: &str) -> Source {
        Source {
            path: format!("content/{path}"),
            content_path: path.into(),
            text: Arc::from(text),
        }
    }

    #[test]
    fn files_of_unconfigured_languages_are_recognised() {
        let one = crate::config::parse("playbook.toml", "title = \"T\"\n").unwrap();
        let two = crate::config::parse(
            "playbook.toml",
            "title = \"T\"\n[languages.en]\ntitle = \"E\"\n",
        )
        .unwrap();
        assert_eq!(unconfigured_language("a/x.en.md", &one), Some("en"));
        assert_eq!(
            unconfigured_language("_index.pt-BR.md", &one),
            Some("pt-BR")
        );
        assert_eq!(unconfigured_language("a/x.en.md", &two), None);
        assert_eq!(unconfigured_language("a/x.fr.md", &two), Some("fr"));
        for not_a_code in [
            "x.md",
            "x.v2.md",
            "x.old.md",
            "x.draft.md",
            "x.EN.md",
            "a/.en.md",
            "x.zh.md",
        ] {
            assert_eq!(
                unconfigured_language(not_a_code, &one),
                None,
                "{not_a_code}"
            );
        }
    }

    #[test]
    fn a_front_matter_error_does_not_hide_the_body_errors() {
        let config = crate::config::parse("playbook.toml", "title = \"T\"\n").unwrap();
        let s = source(
            "a.md",
            "+++\ntitle = 3\n+++\n\n::: widget\n:::\n\n## A {#a}\n\n## B {#a}\n",
        );
        let (page, diags) = parse_one(&s, &config, &gift_sources(&[]));
        assert!(page.is_none());
        let messages: Vec<String> = diags.iter().map(|d| d.message.clone()).collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(
            messages[0].starts_with("invalid front matter"),
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m == "unknown component `widget`"),
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m.contains("heading id `a`")),
            "{messages:?}"
        );
    }

    #[test]
    fn quizzes_of_one_gift_file_share_one_parse() {
        let config = crate::config::parse("playbook.toml", "title = \"T\"\n").unwrap();
        let blocks: String = (0..3)
            .map(|i| format!("::: quiz id=\"q{i}\" src=\"bank.gift\"\n:::\n\n"))
            .collect();
        let sources = [
            source("bank.gift", "::A:: Who? {=me ~you}\n"),
            source("a.md", &format!("+++\ntitle = \"A\"\n+++\n\n{blocks}")),
        ];
        let gift = gift_sources(&sources);
        let (page, diags) = parse_one(&sources[1], &config, &gift);
        assert!(diags.is_empty(), "{diags:?}");
        let quizzes: Vec<_> = page
            .unwrap()
            .components
            .iter()
            .flatten()
            .filter_map(|c| match c {
                Component::Quiz(q) => Some(Arc::clone(&q.quiz)),
                _ => None,
            })
            .collect();
        assert_eq!(quizzes.len(), 3);
        assert!(quizzes.iter().all(|q| Arc::ptr_eq(q, &quizzes[0])));
    }
}
