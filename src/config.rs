//! Stage 1: `playbook.toml` → [`Config`].
//!
//! Input: the text of `playbook.toml` and the command-line overrides. Output: a validated
//! configuration (languages, base URL, theme, UI strings) or located diagnostics.
//! Must not: read any other file, or accept a key it does not know (a typo in a config
//! key would otherwise silently do nothing).

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Deserialize;

use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::media::HtmlPolicy;
use crate::strings::{self, UiStrings};

/// Keys allowed at the top level of `playbook.toml`.
const TOP_KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "default_language",
    "theme",
    "strings",
    "languages",
    "follow_symlinks",
    "strict_translations",
    "locale",
    "html",
];
/// Keys allowed in a `[languages.xx]` table.
const LANGUAGE_KEYS: &[&str] = &["title", "description", "strings", "locale"];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default = "default_base_url")]
    base_url: String,
    #[serde(default = "default_language")]
    default_language: String,
    #[serde(default = "default_theme")]
    theme: String,
    #[serde(default)]
    strings: BTreeMap<String, String>,
    #[serde(default)]
    languages: BTreeMap<String, RawLanguage>,
    #[serde(default)]
    follow_symlinks: bool,
    #[serde(default)]
    strict_translations: bool,
    #[serde(default)]
    locale: Option<String>,
    #[serde(default)]
    html: HtmlPolicy,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    strings: BTreeMap<String, String>,
    #[serde(default)]
    locale: Option<String>,
}

fn default_base_url() -> String {
    "/".into()
}
fn default_language() -> String {
    "zh".into()
}
fn default_theme() -> String {
    "default".into()
}

/// One language of the site.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Language {
    /// BCP 47 code, e.g. `zh` or `en`.
    pub code: String,
    /// Site title in this language.
    pub title: String,
    /// Site description in this language.
    pub description: String,
    /// Output prefix: empty for the default language, `en/` for English.
    pub prefix: String,
    /// The BCP 47 tag of `<html lang>` (`locale` in the config; by default `zh-CN` for
    /// `zh`, the code itself otherwise). URLs and file names keep `code`.
    pub locale: String,
    /// UI strings (navigation labels and the like).
    pub strings: UiStrings,
}

/// The validated configuration of a playbook.
#[derive(Clone, Debug)]
pub struct Config {
    /// Absolute base URL, always ending in `/` (or just `/` when unset).
    pub base_url: String,
    /// Theme folder name under `themes/`.
    pub theme: String,
    /// Languages, the default one first, then the others by code.
    pub languages: Vec<Language>,
    /// Whether symbolic links under `content/`, `static/` and `themes/` that stay inside
    /// those folders are followed (links that leave them are refused either way).
    pub follow_symlinks: bool,
    /// Whether a missing translation is an error (else a warning, and the page is shown
    /// in its original language with a notice).
    pub strict_translations: bool,
    /// The kinds of risky raw HTML the playbook accepts (`[html]`).
    pub html: HtmlPolicy,
    /// `check --strict`: images, video and audio from other sites are errors.
    pub strict: bool,
}

impl Config {
    /// The default language.
    pub fn default_language(&self) -> &Language {
        &self.languages[0]
    }

    /// A language by code.
    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    /// The path part of the base URL (`/team/playbook/`).
    pub fn base_path(&self) -> String {
        base_path_of(&self.base_url)
    }
}

/// The path part of a URL: `https://h/a/b/` → `/a/b/`; `/x/` → `/x/`.
pub fn base_path_of(url: &str) -> String {
    let rest = match url.find("://") {
        Some(i) => {
            let after = &url[i + 3..];
            after.find('/').map_or("/", |j| &after[j..])
        }
        None => url,
    };
    let mut p = rest.to_string();
    if !p.starts_with('/') {
        p.insert(0, '/');
    }
    if !p.ends_with('/') {
        p.push('/');
    }
    p
}

/// Normalises a base URL so that it ends in exactly one `/`.
pub fn normalise_base_url(url: &str) -> String {
    let mut u = url.trim().to_string();
    if !u.ends_with('/') {
        u.push('/');
    }
    u
}

/// Parses and validates `playbook.toml`. `path` is used in diagnostics.
pub fn parse(path: &str, text: &str) -> Result<Config, Vec<Diagnostic>> {
    let source: Arc<str> = Arc::from(text);
    let raw: RawConfig = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            return Err(vec![toml_diagnostic(
                path,
                &source,
                0,
                &e,
                &[
                    ("", TOP_KEYS),
                    ("languages", LANGUAGE_KEYS),
                    ("html", crate::media::policy::KEYS),
                ],
                "configuration",
            )])
        }
    };
    let mut errors = Vec::new();
    let key_span = |key: &str| find_key(text, key).unwrap_or(0..0);
    let lang_ok =
        |c: &str| !c.is_empty() && c.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-');
    if !lang_ok(&raw.default_language) {
        errors.push(Diagnostic::error(
            path,
            &source,
            key_span("default_language"),
            format!("invalid language code `{}`", raw.default_language),
        ));
    }
    let base_url = normalise_base_url(&raw.base_url);
    if !(base_url.starts_with('/')
        || base_url.starts_with("http://")
        || base_url.starts_with("https://"))
    {
        errors.push(
            Diagnostic::error(
                path,
                &source,
                key_span("base_url"),
                format!(
                    "`base_url` must be an http(s) URL or a path, got `{}`",
                    raw.base_url
                ),
            )
            .with_hint("for example base_url = \"https://example.com/team/playbook/\""),
        );
    }
    let mut languages = Vec::new();
    match strings::resolve(&raw.default_language, &raw.strings) {
        Ok(s) => languages.push(Language {
            code: raw.default_language.clone(),
            title: raw.title.clone(),
            description: raw.description.clone(),
            prefix: String::new(),
            locale: locale_of(&raw.default_language, raw.locale.as_deref()),
            strings: s,
        }),
        Err(bad) => errors.push(unknown_string(path, &source, text, &bad)),
    }
    for (code, lang) in &raw.languages {
        if code == &raw.default_language {
            errors.push(
                Diagnostic::error(
                    path,
                    &source,
                    key_span(&format!("languages.{code}")),
                    format!(
                        "`{code}` is the default language and cannot be listed under [languages]"
                    ),
                )
                .with_hint("[languages] lists the other languages only"),
            );
            continue;
        }
        if !lang_ok(code) {
            errors.push(Diagnostic::error(
                path,
                &source,
                key_span(&format!("languages.{code}")),
                format!("invalid language code `{code}`"),
            ));
            continue;
        }
        match strings::resolve(code, &lang.strings) {
            Ok(s) => languages.push(Language {
                code: code.clone(),
                title: lang.title.clone(),
                description: lang.description.clone(),
                prefix: format!("{code}/"),
                locale: locale_of(code, lang.locale.as_deref()),
                strings: s,
            }),
            Err(bad) => errors.push(unknown_string(path, &source, text, &bad)),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Config {
        base_url,
        theme: raw.theme,
        languages,
        follow_symlinks: raw.follow_symlinks,
        strict_translations: raw.strict_translations,
        html: raw.html,
        strict: false,
    })
}

/// The `<html lang>` tag of language `code`: the configured `locale`, else `zh-CN` for
/// `zh` (screen readers and fonts pick simplified Chinese), else the code.
fn locale_of(code: &str, locale: Option<&str>) -> String {
    match locale {
        Some(l) if !l.trim().is_empty() => l.trim().to_string(),
        _ if code == "zh" => "zh-CN".to_string(),
        _ => code.to_string(),
    }
}

fn unknown_string(path: &str, source: &Arc<str>, text: &str, key: &str) -> Diagnostic {
    let span = find_key(text, key).unwrap_or(0..0);
    let d = Diagnostic::error(path, source, span, format!("unknown UI string `{key}`"));
    match did_you_mean(key, strings::KEYS) {
        Some(k) => d.with_hint(format!("did you mean `{k}`?")),
        None => d.with_hint(format!("known strings: {}", strings::KEYS.join(", "))),
    }
}

/// Span of the first line that defines `key` (a bare key, or a `[table]` header).
fn find_key(text: &str, key: &str) -> Option<std::ops::Range<usize>> {
    let last = key.rsplit('.').next().unwrap_or(key);
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        let lead = line.len() - t.len();
        if t.starts_with(&format!("[{key}]")) {
            return Some(offset + lead + 1..offset + lead + 1 + key.len());
        }
        if let Some(rest) = t.strip_prefix(last) {
            if rest.trim_start().starts_with('=') {
                return Some(offset + lead..offset + lead + last.len());
            }
        }
        offset += line.len();
    }
    None
}

/// Converts a TOML error into a located diagnostic. `offset` is where the TOML text starts
/// in `source`; `tables` lists, per table name, the keys known there, for the did-you-mean
/// hint on unknown keys.
pub fn toml_diagnostic(
    path: &str,
    source: &Arc<str>,
    offset: usize,
    err: &toml::de::Error,
    tables: &[(&str, &[&str])],
    what: &str,
) -> Diagnostic {
    let span = err
        .span()
        .map(|s| s.start + offset..s.end + offset)
        .unwrap_or(offset..offset);
    let msg = err.message().trim().to_string();
    if let Some(field) = between(&msg, "unknown field `", "`") {
        let keys: Vec<&str> = tables.iter().flat_map(|(_, k)| k.iter().copied()).collect();
        let d = Diagnostic::error(path, source, span, format!("unknown {what} key `{field}`"));
        return match did_you_mean(field, &keys) {
            Some(k) => d.with_hint(format!("did you mean `{k}`?")),
            None => d.with_hint(format!(
                "allowed keys: {}",
                tables.first().map(|t| t.1.join(", ")).unwrap_or_default()
            )),
        };
    }
    if let Some(field) = between(&msg, "missing field `", "`") {
        return Diagnostic::error(
            path,
            source,
            span,
            format!("missing required {what} key `{field}`"),
        )
        .with_hint(format!("add a line such as `{field} = \"...\"`"));
    }
    let first = msg.lines().next().unwrap_or("").to_string();
    Diagnostic::error(path, source, span, format!("invalid {what}: {first}"))
        .with_hint("the block must be valid TOML: key = \"value\", one per line")
}

fn between<'a>(s: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let i = s.find(start)? + start.len();
    let j = s[i..].find(end)? + i;
    Some(&s[i..j])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimal_config_gets_defaults() {
        let c = parse("playbook.toml", "title = \"T\"\n").unwrap();
        assert_eq!(c.base_url, "/");
        assert_eq!(c.default_language().code, "zh");
        assert_eq!(c.languages.len(), 1);
    }

    /// Issue 12: `<html lang>` carries a full BCP 47 tag; URLs keep the short code.
    #[test]
    fn locale_defaults_to_zh_cn_and_can_be_set() {
        let c = parse(
            "playbook.toml",
            "title = \"T\"\n[languages.en]\ntitle = \"E\"\n[languages.de]\ntitle = \"D\"\nlocale = \"de-CH\"\n",
        )
        .unwrap();
        let tags: Vec<(&str, &str, &str)> = c
            .languages
            .iter()
            .map(|l| (l.code.as_str(), l.locale.as_str(), l.prefix.as_str()))
            .collect();
        assert_eq!(
            tags,
            [
                ("zh", "zh-CN", ""),
                ("de", "de-CH", "de/"),
                ("en", "en", "en/")
            ]
        );
        let c = parse("playbook.toml", "title = \"T\"\nlocale = \"zh-TW\"\n").unwrap();
        assert_eq!(c.default_language().locale, "zh-TW");
    }

    #[test]
    fn languages_and_base_path() {
        let c = parse(
            "playbook.toml",
            "title = \"T\"\nbase_url = \"https://h/team/playbook\"\n[languages.en]\ntitle = \"E\"\n",
        )
        .unwrap();
        assert_eq!(c.base_url, "https://h/team/playbook/");
        assert_eq!(c.base_path(), "/team/playbook/");
        assert_eq!(c.languages[1].prefix, "en/");
    }

    #[test]
    fn unknown_key_is_located_with_hint() {
        let e = parse("playbook.toml", "title = \"T\"\ntheem = \"x\"\n").unwrap_err();
        let r = e[0].render();
        assert!(
            r.starts_with("playbook.toml:2:1: error: unknown configuration key `theem`"),
            "{r}"
        );
        assert!(r.contains("did you mean `theme`?"), "{r}");
    }

    #[test]
    fn unknown_ui_string_is_reported() {
        let e = parse(
            "playbook.toml",
            "title = \"T\"\n[strings]\nnxet = \"下一章\"\n",
        )
        .unwrap_err();
        assert!(e[0].render().contains("did you mean `next`?"));
    }
}
