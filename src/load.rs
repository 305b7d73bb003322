//! Stage 2: the playbook folder → [`Loaded`] sources in memory.
//!
//! Input: the playbook root. Output: the text of `playbook.toml`, every Markdown file under
//! `content/` (BOM stripped, CRLF normalised to LF), the bytes of assets under `content/`
//! and `static/`, and the theme override files under `themes/<theme>/`.
//! Must not: interpret anything. This is the only module that reads the playbook's files,
//! so every read error names its path here, and a file that is not UTF-8 is reported at
//! the line and column of its first bad byte.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Diagnostics};

/// One Markdown file of `content/`.
#[derive(Clone, Debug)]
pub struct Source {
    /// Path relative to the playbook root (`content/value/x.md`), `/`-separated.
    pub path: String,
    /// Path relative to `content/` (`value/x.md`).
    pub content_path: String,
    /// The text, BOM removed and line endings normalised to `\n`.
    pub text: Arc<str>,
}

/// A file copied as is into the site.
#[derive(Clone, Debug)]
pub struct Asset {
    /// Path in the output folder, `/`-separated.
    pub out_path: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

/// Everything read from a playbook folder.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Markdown (and GIFT) sources in path order.
    pub sources: Vec<Source>,
    /// Assets from `content/` (non-Markdown files) and `static/`.
    pub assets: Vec<Asset>,
    /// Theme override files, path relative to the theme folder → bytes.
    pub theme_files: Vec<(String, Vec<u8>)>,
}

/// Reads a file to a string, with an error that names the path.
pub fn read_text(root: &Path, rel: &str) -> Result<String, Diagnostic> {
    let bytes = fs::read(root.join(rel))
        .map_err(|e| Diagnostic::file_error(rel, format!("failed to read `{rel}`: {e}")))?;
    decode(rel, bytes).map(|s| s.to_string())
}

/// Decodes bytes as UTF-8: strips a BOM, normalises CRLF and lone CR to LF. A file that is
/// not UTF-8 is an error located at its first invalid byte.
pub fn decode(rel: &str, bytes: Vec<u8>) -> Result<Arc<str>, Diagnostic> {
    let bytes = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .map(<[u8]>::to_vec)
        .unwrap_or(bytes);
    match String::from_utf8(bytes) {
        Ok(s) => {
            let s = if s.contains('\r') {
                s.replace("\r\n", "\n").replace('\r', "\n")
            } else {
                s
            };
            Ok(Arc::from(s))
        }
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let lossy: Arc<str> = Arc::from(String::from_utf8_lossy(e.as_bytes()).as_ref());
            // The lossy text has the same content up to `at`, so the offset is valid there.
            Err(
                Diagnostic::error(rel, &lossy, at..at + 1, "file is not valid UTF-8")
                    .with_hint("save the file with UTF-8 encoding (not GBK or UTF-16)"),
            )
        }
    }
}

fn rel_string(base: &Path, path: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

fn is_hidden(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || name.starts_with('#')
}

/// Walks `dir` in a deterministic order, skipping hidden and editor backup files.
fn walk(dir: &Path) -> impl Iterator<Item = walkdir::Result<walkdir::DirEntry>> {
    WalkDir::new(dir)
        .sort_by_file_name()
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(&e.file_name().to_string_lossy()))
}

/// Reads the content, assets and theme overrides of the playbook at `root`.
pub fn load(root: &Path, theme: &str) -> (Loaded, Diagnostics) {
    let mut out = Loaded::default();
    let mut diags = Diagnostics::new();
    let content = root.join("content");
    if !content.is_dir() {
        diags.push(
            Diagnostic::file_error("content", "the playbook has no `content/` folder")
                .with_hint("create content/_index.md, or run `playbook new DIR` for a skeleton"),
        );
        return (out, diags);
    }
    for entry in walk(&content) {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let p = e.path().map(|p| rel_string(root, p)).unwrap_or_default();
                diags.push(Diagnostic::file_error(
                    p.clone(),
                    format!("failed to read `{p}`: {e}"),
                ));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = rel_string(root, entry.path());
        let content_path = rel_string(&content, entry.path());
        let bytes = match fs::read(entry.path()) {
            Ok(b) => b,
            Err(e) => {
                diags.push(Diagnostic::file_error(
                    rel.clone(),
                    format!("failed to read `{rel}`: {e}"),
                ));
                continue;
            }
        };
        let is_text = content_path.ends_with(".md") || content_path.ends_with(".gift");
        if is_text {
            match decode(&rel, bytes) {
                Ok(text) => out.sources.push(Source {
                    path: rel,
                    content_path,
                    text,
                }),
                Err(d) => diags.push(d),
            }
        } else {
            out.assets.push(Asset {
                out_path: content_path,
                bytes,
            });
        }
    }
    for (dir, target) in [(root.join("static"), &mut out.assets)] {
        if !dir.is_dir() {
            continue;
        }
        for entry in walk(&dir).flatten() {
            if entry.file_type().is_file() {
                let rel = rel_string(root, entry.path());
                match fs::read(entry.path()) {
                    Ok(bytes) => target.push(Asset {
                        out_path: rel_string(&dir, entry.path()),
                        bytes,
                    }),
                    Err(e) => diags.push(Diagnostic::file_error(
                        rel.clone(),
                        format!("failed to read `{rel}`: {e}"),
                    )),
                }
            }
        }
    }
    let theme_dir = root.join("themes").join(theme);
    if theme_dir.is_dir() {
        for entry in walk(&theme_dir).flatten() {
            if entry.file_type().is_file() {
                let rel = rel_string(&theme_dir, entry.path());
                match fs::read(entry.path()) {
                    Ok(bytes) => out.theme_files.push((rel, bytes)),
                    Err(e) => diags.push(Diagnostic::file_error(
                        rel_string(root, entry.path()),
                        format!("failed to read theme file: {e}"),
                    )),
                }
            }
        }
    }
    (out, diags)
}

/// The paths a watcher should observe for a playbook at `root`.
pub fn watched_paths(root: &Path) -> Vec<PathBuf> {
    ["playbook.toml", "content", "static", "themes"]
        .iter()
        .map(|p| root.join(p))
        .filter(|p| p.exists())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_crlf_are_normalised() {
        let t = decode(
            "a.md",
            b"\xEF\xBB\xBF+++\r\ntitle = \"x\"\r\n+++\r\n".to_vec(),
        )
        .unwrap();
        assert_eq!(&*t, "+++\ntitle = \"x\"\n+++\n");
    }

    #[test]
    fn invalid_utf8_is_located() {
        let d = decode("a.md", b"ok\nab\xFFc\n".to_vec()).unwrap_err();
        assert_eq!(d.line_col(), (2, 3));
        assert!(d
            .render()
            .starts_with("a.md:2:3: error: file is not valid UTF-8"));
    }
}
