//! Front matter: the TOML block between two `+++` lines at the top of a Markdown file.
//!
//! Input: the whole (normalised) text of a file. Output: the typed [`FrontMatter`] and the
//! byte offset where the body starts, or located diagnostics (no front matter, unclosed
//! block, invalid TOML, unknown key with a did-you-mean hint, wrong type, missing or empty
//! title). Must not: guess. A file whose front matter is wrong is not rendered.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::config::toml_diagnostic;
use crate::diagnostics::Diagnostic;

/// Keys a page's front matter may have.
pub const KEYS: &[&str] = &[
    "title",
    "description",
    "weight",
    "draft",
    "objectives",
    "duration",
    "sources",
    "translation_of",
];

/// The typed front matter of a page or part.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// Title (required, not empty).
    pub title: String,
    /// One-sentence summary.
    #[serde(default)]
    pub description: String,
    /// Order within the part (ascending).
    #[serde(default)]
    pub weight: i64,
    /// Skipped unless drafts are requested.
    #[serde(default)]
    pub draft: bool,
    /// Learning objectives.
    #[serde(default)]
    pub objectives: Vec<String>,
    /// Minutes the chapter takes.
    #[serde(default)]
    pub duration: Option<u32>,
    /// Seed documents the chapter draws on.
    #[serde(default)]
    pub sources: Vec<String>,
    /// In a translation: the [`source_hash`] of the original it was translated from
    /// (written by `playbook translations --mark`).
    #[serde(default)]
    pub translation_of: Option<String>,
}

/// A short, stable hash of a page's source text (front matter and body): what a
/// translation records in `translation_of` to notice later changes of its original.
/// FNV-1a over the bytes, 64 bits, shown as 12 hex digits; the same on every platform
/// and in every version.
pub fn source_hash(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:012x}", h >> 16)
}

/// Splits and parses the front matter. Returns the front matter and the byte offset of the
/// body (the line after the closing `+++`).
pub fn parse(path: &str, text: &Arc<str>) -> Result<(FrontMatter, usize), Diagnostic> {
    if text.trim().is_empty() {
        return Err(Diagnostic::error(path, text, 0..0, "empty file").with_hint(
            "a page starts with front matter: +++ on a line, title = \"...\", then +++",
        ));
    }
    let first_line_end = text.find('\n').unwrap_or(text.len());
    if text[..first_line_end].trim_end() != "+++" {
        return Err(Diagnostic::error(
            path,
            text,
            0..first_line_end,
            "missing front matter: the file must start with a `+++` line",
        )
        .with_hint("add +++, title = \"...\" and +++ as the first three lines"));
    }
    let toml_start = (first_line_end + 1).min(text.len());
    let Some((toml_end, body_start)) = closing_line(text, toml_start) else {
        return Err(Diagnostic::error(
            path,
            text,
            0..3,
            "unclosed front matter: no closing `+++` line",
        )
        .with_hint("end the front matter with a line containing only +++"));
    };
    let toml_text = &text[toml_start..toml_end];
    let fm: FrontMatter = toml::from_str(toml_text).map_err(|e| {
        let mut d = toml_diagnostic(path, text, toml_start, &e, &[("", KEYS)], "front matter");
        if d.message == "missing required front matter key `title`" {
            d.span = 0..3;
            d = d.with_hint("add a line such as title = \"客户价值\" to the front matter");
        }
        d
    })?;
    if fm.title.trim().is_empty() {
        let span = find_value(text, toml_start, toml_end, "title");
        return Err(
            Diagnostic::error(path, text, span, "`title` must not be empty")
                .with_hint("give the page a title; it is shown in navigation and search"),
        );
    }
    Ok((fm, body_start))
}

/// Where the body starts (the line after the closing `+++`) when the file opens with a
/// closed front matter block, whatever the block holds: a front matter error must not
/// hide the body's own errors.
pub fn body_start(text: &str) -> Option<usize> {
    let first_line_end = text.find('\n')?;
    if text[..first_line_end].trim_end() != "+++" {
        return None;
    }
    closing_line(text, first_line_end + 1).map(|(_, body)| body)
}

/// The start and end of the closing `+++` line, searched from `from`.
fn closing_line(text: &str, from: usize) -> Option<(usize, usize)> {
    let mut offset = from;
    for line in text[from..].split_inclusive('\n') {
        if line.trim_end() == "+++" {
            return Some((offset, offset + line.len()));
        }
        offset += line.len();
    }
    None
}

/// Span of the line defining `key` inside the front matter, for value-level errors.
pub(crate) fn find_value(
    text: &str,
    start: usize,
    end: usize,
    key: &str,
) -> std::ops::Range<usize> {
    let mut off = start;
    for line in text[start..end].split_inclusive('\n') {
        let t = line.trim_start();
        if t.starts_with(key) && t[key.len()..].trim_start().starts_with('=') {
            let lead = line.len() - t.len();
            return off + lead..off + line.trim_end().len();
        }
        off += line.len();
    }
    start..start
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Result<(FrontMatter, usize), String> {
        let t: Arc<str> = Arc::from(s);
        parse("a.md", &t).map_err(|d| d.render())
    }

    #[test]
    fn the_source_hash_is_stable() {
        // FNV-1a: the offset basis for no input, then fixed values: a stored
        // `translation_of` must keep its meaning across versions and platforms.
        assert_eq!(source_hash(""), "cbf29ce48422");
        assert_eq!(source_hash("a"), "af63dc4c8601");
        assert_ne!(
            source_hash("+++\ntitle = \"A\"\n+++\n"),
            source_hash("+++\ntitle = \"B\"\n+++\n")
        );
    }

    #[test]
    fn parses_all_keys() {
        let (fm, body) = p("+++\ntitle = \"标题\"\nweight = 3\nobjectives = [\"a\"]\nduration = 20\nsources = [\"000.txt\"]\n+++\n正文\n").unwrap();
        assert_eq!(fm.title, "标题");
        assert_eq!(fm.weight, 3);
        assert_eq!(fm.duration, Some(20));
        assert_eq!(body, "+++\ntitle = \"标题\"\nweight = 3\nobjectives = [\"a\"]\nduration = 20\nsources = [\"000.txt\"]\n+++\n".len());
    }

    #[test]
    fn unknown_key_points_at_the_key() {
        let e = p("+++\ntitle = \"x\"\nwieght = 3\n+++\n").unwrap_err();
        assert!(
            e.starts_with("a.md:3:1: error: unknown front matter key `wieght`"),
            "{e}"
        );
        assert!(e.contains("did you mean `weight`?"), "{e}");
    }

    #[test]
    fn wrong_type_points_at_the_value() {
        let e = p("+++\ntitle = \"x\"\nweight = \"high\"\n+++\n").unwrap_err();
        assert!(
            e.starts_with("a.md:3:10: error: invalid front matter:"),
            "{e}"
        );
    }

    #[test]
    fn missing_title_and_unclosed_and_empty() {
        assert!(p("+++\nweight = 1\n+++\n")
            .unwrap_err()
            .starts_with("a.md:1:1: error: missing required front matter key `title`"));
        assert!(p("+++\ntitle = \"x\"\n")
            .unwrap_err()
            .starts_with("a.md:1:1: error: unclosed front matter"));
        assert!(p("\n \n")
            .unwrap_err()
            .starts_with("a.md:1:1: error: empty file"));
        assert!(p("# hi\n")
            .unwrap_err()
            .starts_with("a.md:1:1: error: missing front matter"));
        assert!(p("+++\ntitle = \" \"\n+++\n")
            .unwrap_err()
            .starts_with("a.md:2:1: error: `title` must not be empty"));
    }
}
