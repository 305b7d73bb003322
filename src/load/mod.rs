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

mod cache;
pub use cache::FileCache;
use cache::{Content, Reader};

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

/// The source folders whose files may be published; symbolic links must stay inside them.
const SOURCE_DIRS: [&str; 3] = ["content", "static", "themes"];
/// How many symbolic links to folders may be followed inside one another.
const MAX_LINK_DEPTH: usize = 16;

/// Walks the source folders of a playbook: files in a deterministic order, hidden and
/// editor backup files skipped, symbolic links checked before anything behind them is
/// read. A link is followed only when the playbook opts in (`follow_symlinks = true`) and
/// its target lies inside `content/`, `static/` or `themes/` and is not a folder that
/// contains the link (a loop); every other link is an error at the link's path, so a
/// playbook can never publish `/etc`, a secret beside it, or its own configuration.
struct Walker<'a> {
    root: &'a Path,
    /// The source folders, under the real (canonical) playbook root.
    allowed: Vec<PathBuf>,
    follow: bool,
}

impl<'a> Walker<'a> {
    fn new(root: &'a Path, follow: bool) -> Walker<'a> {
        let real = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        Walker {
            root,
            allowed: SOURCE_DIRS.iter().map(|d| real.join(d)).collect(),
            follow,
        }
    }

    /// Every regular file under `dir` (a source folder or a folder inside one), in order.
    fn files(&self, dir: &Path, diags: &mut Diagnostics) -> Vec<PathBuf> {
        let mut out = Vec::new();
        if fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink()) {
            // A source folder that is itself a link: the same rule as any other link.
            match self.check_link(dir, &[]) {
                Ok(target) if target.is_dir() => self.walk(dir, &mut vec![target], &mut out, diags),
                Ok(_) => {}
                Err(d) => diags.push(d),
            }
        } else if dir.is_dir() {
            self.walk(dir, &mut Vec::new(), &mut out, diags);
        }
        out
    }

    fn walk(
        &self,
        dir: &Path,
        stack: &mut Vec<PathBuf>,
        out: &mut Vec<PathBuf>,
        diags: &mut Diagnostics,
    ) {
        let entries = WalkDir::new(dir)
            .sort_by_file_name()
            .follow_links(false)
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_hidden(&e.file_name().to_string_lossy()));
        for entry in entries {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let p = e
                        .path()
                        .map(|p| rel_string(self.root, p))
                        .unwrap_or_default();
                    diags.push(Diagnostic::file_error(
                        p.clone(),
                        format!("failed to read `{p}`: {e}"),
                    ));
                    continue;
                }
            };
            if entry.depth() > 0 && entry.path_is_symlink() {
                match self.check_link(entry.path(), stack) {
                    Ok(target) if target.is_dir() => {
                        stack.push(target);
                        self.walk(entry.path(), stack, out, diags);
                        stack.pop();
                    }
                    Ok(_) => out.push(entry.into_path()),
                    Err(d) => diags.push(d),
                }
            } else if entry.file_type().is_file() {
                out.push(entry.into_path());
            }
        }
    }

    /// The real target of the link at `path` if it may be followed, else the error.
    fn check_link(&self, path: &Path, stack: &[PathBuf]) -> Result<PathBuf, Diagnostic> {
        let rel = rel_string(self.root, path);
        let shown = fs::read_link(path)
            .map(|t| t.display().to_string())
            .unwrap_or_default();
        let err =
            |msg: String, hint: &str| Diagnostic::file_error(rel.clone(), msg).with_hint(hint);
        let target = path.canonicalize().map_err(|e| {
            err(
                format!("`{rel}` is a symbolic link to `{shown}`, which cannot be read: {e}"),
                "remove the link or make it point at an existing file",
            )
        })?;
        if !self.allowed.iter().any(|a| target.starts_with(a)) {
            return Err(err(
                format!(
                    "`{rel}` is a symbolic link to `{}`, outside the playbook's content/, static/ \
                     and themes/ folders: Playbook does not publish files from there",
                    target.display()
                ),
                "copy the files you want to publish into the playbook instead of linking to them",
            ));
        }
        if !self.follow {
            return Err(err(
                format!("`{rel}` is a symbolic link (to `{shown}`) and links are not followed"),
                "set `follow_symlinks = true` in playbook.toml to publish links that stay \
                 inside content/, static/ and themes/, or replace the link by the files",
            ));
        }
        let at = path
            .parent()
            .and_then(|p| p.canonicalize().ok())
            .unwrap_or_default();
        if target.is_dir()
            && (at.starts_with(&target) || stack.iter().any(|s| s.starts_with(&target)))
        {
            return Err(err(
                format!("`{rel}` links to `{shown}`, a folder that contains the link: a loop"),
                "point the link at a folder that does not contain it",
            ));
        }
        if stack.len() >= MAX_LINK_DEPTH {
            return Err(err(
                format!("`{rel}`: more than {MAX_LINK_DEPTH} symbolic links inside one another"),
                "link to the folder directly",
            ));
        }
        Ok(target)
    }
}

/// Names Windows cannot hold (the site must deploy from any OS).
fn windows_trouble(name: &str) -> Option<&'static str> {
    const RESERVED: [&str; 22] = [
        "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
        "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    ];
    let stem = name.split('.').next().unwrap_or(name).trim_end();
    if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(stem)) {
        Some("is a reserved device name on Windows")
    } else if name
        .chars()
        .any(|c| "<>:\"|?*\\".contains(c) || c.is_control())
    {
        Some("has a character Windows does not allow in file names (< > : \" | ? * \\)")
    } else if name.ends_with('.') || name.ends_with(' ') {
        Some("ends with a dot or a space, which Windows drops")
    } else {
        None
    }
}

/// Warns about published paths that would break on another OS: names Windows reserves or
/// forbids, and paths that differ only in case (one overwrites the other on Windows and
/// macOS). `paths` are `(shown path, path in the site)`.
fn portability_warnings(paths: &[(String, String)], diags: &mut Diagnostics) {
    let mut seen: std::collections::HashMap<String, &str> = std::collections::HashMap::new();
    for (shown, site) in paths {
        if let Some(why) = site
            .split('/')
            .find_map(|part| windows_trouble(part).map(|w| (part, w)))
        {
            diags.push(
                Diagnostic::file_error(shown.clone(), format!("`{}` {}", why.0, why.1))
                    .with_hint("rename it so that the site can be built and deployed from any OS")
                    .warning(),
            );
        }
        let key = site.to_lowercase();
        match seen.get(&key) {
            Some(first) if *first != shown => diags.push(
                Diagnostic::file_error(
                    shown.clone(),
                    format!(
                        "`{shown}` and `{first}` differ only in letter case: on Windows and macOS \
                         one replaces the other"
                    ),
                )
                .with_hint("rename one of them")
                .warning(),
            ),
            Some(_) => {}
            None => {
                seen.insert(key, shown);
            }
        }
    }
}

/// Reads the content, assets and theme overrides of the playbook at `root`. Symbolic links
/// are followed only as `Walker` allows, and only with `follow_symlinks`.
pub fn load(root: &Path, theme: &str, follow_symlinks: bool) -> (Loaded, Diagnostics) {
    load_with(root, theme, follow_symlinks, None)
}

/// [`load`], taking from `cache` what it read last time of every file whose size, times
/// and inode are still those it had then (`serve`; see [`FileCache`]); the cache then
/// holds what this load read.
pub fn load_with(
    root: &Path,
    theme: &str,
    follow_symlinks: bool,
    cache: Option<&mut FileCache>,
) -> (Loaded, Diagnostics) {
    let mut out = Loaded::default();
    let mut diags = Diagnostics::new();
    let content = root.join("content");
    let is_link = fs::symlink_metadata(&content).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link && !content.is_dir() {
        diags.push(
            Diagnostic::file_error("content", "the playbook has no `content/` folder")
                .with_hint("create content/_index.md, or run `playbook new DIR` for a skeleton"),
        );
        return (out, diags);
    }
    let walker = Walker::new(root, follow_symlinks);
    let mut reader = Reader::new(cache.as_deref());
    // The folders are walked in order, then their files read on every core (with a cache,
    // mostly a `stat` each), then taken in order.
    let static_dir = root.join("static");
    let theme_dir = root.join("themes").join(theme);
    // Each file with its path from the root and from its source folder, computed once.
    let mut files: Vec<(Kind, PathBuf, String, String)> = Vec::new();
    for (kind, dir) in [
        (Kind::Content, &content),
        (Kind::Static, &static_dir),
        (Kind::Theme, &theme_dir),
    ] {
        for path in walker.files(dir, &mut diags) {
            let (rel, inner) = (rel_string(root, &path), rel_string(dir, &path));
            files.push((kind, path, rel, inner));
        }
    }
    let is_text = |kind: Kind, inner: &str| {
        kind == Kind::Content && (inner.ends_with(".md") || inner.ends_with(".gift"))
    };
    let read: Vec<_> = {
        use rayon::prelude::*;
        let reader = &reader;
        files
            .par_iter()
            .map(|(kind, path, rel, inner)| reader.read(path, rel, is_text(*kind, inner)))
            .collect()
    };
    let mut published = Vec::new();
    for ((kind, path, rel, inner), r) in files.into_iter().zip(read) {
        let got = reader.take(&path, r, &mut diags);
        match kind {
            Kind::Content => {
                published.push((rel.clone(), inner.clone()));
                match got {
                    Some(Content::Text(text)) => out.sources.push(Source {
                        path: rel,
                        content_path: inner,
                        text,
                    }),
                    Some(Content::Bytes(bytes)) => out.assets.push(Asset {
                        out_path: inner,
                        bytes,
                    }),
                    None => {}
                }
            }
            Kind::Static => {
                published.push((rel, inner.clone()));
                if let Some(Content::Bytes(bytes)) = got {
                    out.assets.push(Asset {
                        out_path: inner,
                        bytes,
                    });
                }
            }
            Kind::Theme => {
                if let Some(Content::Bytes(bytes)) = got {
                    out.theme_files.push((inner, bytes));
                }
            }
        }
    }
    portability_warnings(&published, &mut diags);
    let fresh = reader.fresh;
    if let Some(cache) = cache {
        cache.files = fresh;
    }
    (out, diags)
}

/// Which source folder a file was found in.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Content,
    Static,
    Theme,
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
