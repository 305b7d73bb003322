//! `playbook translations`: which translations are missing or stale, and `--mark` to
//! record which version of its original a translation was made from.
//!
//! Input: a playbook folder (read through the config, load and parse stages). Output: the
//! work list, and with `--mark` the translations' front matter given a `translation_of`
//! line (the [`source_hash`] of the original). Must not: change anything else in a file:
//! the edit replaces or inserts that one line, keeps the BOM and the line endings, and
//! goes through [`crate::in_place::write`] (atomic).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::model::version_path;
use crate::parse::front_matter::source_hash;
use crate::parse::ParsedPage;
use crate::{config, load, parse};

/// The state of a playbook's translations.
#[derive(Debug, Default)]
pub struct Report {
    /// (version that does not exist, the file it would translate).
    pub missing: Vec<(String, String)>,
    /// (translation, its original that changed since).
    pub stale: Vec<(String, String)>,
    /// Translations that record no `translation_of` yet.
    pub unmarked: Vec<String>,
    /// Per language other than the default one: (code, pages in that language, pages in
    /// any language), as `build` counts them.
    pub coverage: Vec<(String, usize, usize)>,
}

/// One translation with its original: (translation path, original's hash, recorded hash).
type Pair = (String, String, Option<String>);

/// Reads and parses the playbook at `root`: the configuration and every page that parses
/// (the errors of the others are returned: run `playbook check` to see them all).
fn read(root: &Path) -> Result<(Config, Vec<ParsedPage>, Diagnostics), Diagnostics> {
    let mut diags = Diagnostics::new();
    let config = match load::read_text(root, "playbook.toml")
        .map_err(|d| vec![d])
        .and_then(|text| config::parse("playbook.toml", &text))
    {
        Ok(c) => c,
        Err(d) => {
            diags.extend(d);
            return Err(diags);
        }
    };
    let (loaded, d) = load::load(root, &config.theme, config.follow_symlinks);
    diags.append(d);
    let sources: Vec<load::Source> = loaded
        .sources
        .into_iter()
        .filter(|s| parse::unconfigured_language(&s.content_path, &config).is_none())
        .collect();
    let (pages, d) = parse::parse_all(&sources, &config);
    diags.append(d);
    Ok((config, pages, diags))
}

/// The translations of each original: by key, the original and its versions.
fn pairs(config: &Config, pages: &[ParsedPage]) -> (Report, Vec<Pair>) {
    let mut by_key: BTreeMap<&str, BTreeMap<&str, &ParsedPage>> = BTreeMap::new();
    for p in pages {
        by_key.entry(&p.key).or_default().insert(&p.lang, p);
    }
    let mut report = Report::default();
    let mut pairs = Vec::new();
    let default = config.default_language().code.as_str();
    for lang in &config.languages[1..] {
        let own = by_key
            .values()
            .filter(|v| v.contains_key(lang.code.as_str()))
            .count();
        for (key, versions) in &by_key {
            let Some(original) = versions.get(default) else {
                continue;
            };
            match versions.get(lang.code.as_str()) {
                Some(t) => {
                    let hash = source_hash(&original.text);
                    match &t.front.translation_of {
                        None => report.unmarked.push(t.path.clone()),
                        Some(h) if *h != hash => {
                            report.stale.push((t.path.clone(), original.path.clone()))
                        }
                        Some(_) => {}
                    }
                    pairs.push((t.path.clone(), hash, t.front.translation_of.clone()));
                }
                None => report
                    .missing
                    .push((version_path(key, &lang.code, config), original.path.clone())),
            }
        }
        report.coverage.push((lang.code.clone(), own, by_key.len()));
    }
    // Pages that exist only in another language have no original to translate from.
    for (key, versions) in &by_key {
        if !versions.contains_key(default) {
            if let Some(p) = versions.values().next() {
                report
                    .missing
                    .push((version_path(key, default, config), p.path.clone()));
            }
        }
    }
    (report, pairs)
}

/// The work list of the playbook at `root`, and the diagnostics of files that could not
/// be parsed (their translations are not known).
pub fn report(root: &Path) -> Result<(Report, Diagnostics), Diagnostics> {
    let (config, pages, diags) = read(root)?;
    Ok((pairs(&config, &pages).0, diags))
}

/// Records in each translation (all, or those in `files`, paths relative to `root` or to
/// the current folder) the version of the original it now matches. Returns the paths
/// written and the diagnostics of files that could not be parsed.
pub fn mark(root: &Path, files: &[PathBuf]) -> Result<(Vec<String>, Diagnostics), String> {
    let (config, pages, diags) = read(root).map_err(|d| d.render())?;
    let (_, pairs) = pairs(&config, &pages);
    let wanted: Vec<String> = files
        .iter()
        .map(|f| relative_to_root(root, f))
        .collect::<Result<_, _>>()?;
    for w in &wanted {
        if !pairs.iter().any(|(p, _, _)| p == w) {
            return Err(format!(
                "`{w}` is not a translation with an original (a file NAME.{{lang}}.md beside \
                 NAME.md)"
            ));
        }
    }
    let mut written = Vec::new();
    for (path, hash, recorded) in pairs {
        if !wanted.is_empty() && !wanted.contains(&path) {
            continue;
        }
        if recorded.as_deref() == Some(hash.as_str()) {
            continue;
        }
        let full = root.join(&path);
        let bytes = std::fs::read(&full).map_err(|e| format!("failed to read `{path}`: {e}"))?;
        let text = String::from_utf8(bytes).map_err(|_| format!("`{path}` is not valid UTF-8"))?;
        let edited = set_translation_of(&text, &hash)
            .ok_or_else(|| format!("`{path}` has no front matter between `+++` lines"))?;
        crate::in_place::write(&full, edited.as_bytes())?;
        written.push(path);
    }
    Ok((written, diags))
}

/// `file` as a path relative to `root`, `/`-separated.
fn relative_to_root(root: &Path, file: &Path) -> Result<String, String> {
    let shown = file.display();
    let candidates = [root.join(file), file.to_path_buf()];
    let real_root = root
        .canonicalize()
        .map_err(|e| format!("cannot read `{}`: {e}", root.display()))?;
    for c in candidates {
        if let Ok(real) = c.canonicalize() {
            if let Ok(rel) = real.strip_prefix(&real_root) {
                return Ok(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    Err(format!("`{shown}` is not a file of the playbook"))
}

/// The text with `translation_of = "<hash>"` in its front matter: the existing line
/// replaced, or a new line before the closing `+++`. Everything else is kept byte for
/// byte (a BOM, CRLF line endings). `None` when the text has no closed front matter.
pub fn set_translation_of(text: &str, hash: &str) -> Option<String> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let bom = text.len() - body.len();
    let mut lines = body.split_inclusive('\n');
    let first = lines.next()?;
    if first.trim_end() != "+++" {
        return None;
    }
    let eol = if first.ends_with("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let new_line = format!("translation_of = \"{hash}\"");
    let mut offset = bom + first.len();
    for line in lines {
        let t = line.trim_start();
        let is_key = t
            .strip_prefix("translation_of")
            .is_some_and(|rest| rest.trim_start().starts_with('='));
        if is_key {
            let lead = line.len() - t.len();
            let end = line.trim_end_matches(['\n', '\r']).len();
            let mut out = String::with_capacity(text.len());
            out.push_str(&text[..offset + lead]);
            out.push_str(&new_line);
            out.push_str(&text[offset + end..]);
            return Some(out);
        }
        if line.trim_end() == "+++" {
            let mut out = String::with_capacity(text.len() + new_line.len() + 2);
            out.push_str(&text[..offset]);
            out.push_str(&new_line);
            out.push_str(eol);
            out.push_str(&text[offset..]);
            return Some(out);
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_line_goes_before_the_closing_marker() {
        let t = "+++\ntitle = \"A\"  # keep\n+++\nbody\n";
        assert_eq!(
            set_translation_of(t, "abc").unwrap(),
            "+++\ntitle = \"A\"  # keep\ntranslation_of = \"abc\"\n+++\nbody\n"
        );
    }

    #[test]
    fn an_existing_line_is_replaced_and_crlf_and_bom_kept() {
        let t = "\u{feff}+++\r\n  translation_of = \"old\"\r\ntitle = \"A\"\r\n+++\r\nbody\r\n";
        assert_eq!(
            set_translation_of(t, "new").unwrap(),
            "\u{feff}+++\r\n  translation_of = \"new\"\r\ntitle = \"A\"\r\n+++\r\nbody\r\n"
        );
        let t = "+++\r\ntitle = \"A\"\r\n+++\r\n";
        assert_eq!(
            set_translation_of(t, "h").unwrap(),
            "+++\r\ntitle = \"A\"\r\ntranslation_of = \"h\"\r\n+++\r\n"
        );
    }

    #[test]
    fn a_body_line_is_never_touched() {
        assert_eq!(set_translation_of("no front matter\n", "h"), None);
        assert_eq!(set_translation_of("+++\ntitle = \"A\"\n", "h"), None);
        let t = "+++\ntitle = \"A\"\n+++\ntranslation_of = \"x\"\n";
        assert_eq!(
            set_translation_of(t, "h").unwrap(),
            "+++\ntitle = \"A\"\ntranslation_of = \"h\"\n+++\ntranslation_of = \"x\"\n"
        );
    }
}
