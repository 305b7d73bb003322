//! `playbook theme eject [FILE…]`: copies files of the built-in theme into the playbook's
//! theme folder (`themes/<theme>/`, where the build looks for overrides) to start a theme
//! change from.
//!
//! Input: the playbook folder, the names asked for (none: every file) and `--force`.
//! Output: the copied files, `themes/<theme>/.playbook-ejected` (the hash of each file as
//! ejected) and one line per file. Must not: overwrite a file that is not byte for byte
//! what Playbook ejected there: a trainer's edits are never replaced. `--force` replaces
//! only files that are still exactly as ejected by an older Playbook, so they can follow
//! the new built-in version; every problem is listed before anything is written.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::site::{fail, report_errors};
use crate::theme::DEFAULT_THEME;

/// The record of ejected files, in the theme folder (hidden files are not theme files).
pub const RECORD: &str = ".playbook-ejected";

/// What eject does with one file.
#[derive(Debug, PartialEq, Eq)]
enum Action {
    /// Not there yet: written.
    Write,
    /// Already the built-in version: left alone.
    Same,
    /// Exactly as an older Playbook ejected it, and `--force`: replaced.
    Update,
}

/// The theme files, by path in the theme (`templates/base.html`).
fn builtin() -> BTreeMap<&'static str, &'static [u8]> {
    DEFAULT_THEME.iter().copied().collect()
}

/// FNV-1a over bytes, 64 bits as 16 hex digits: stable across versions and platforms.
fn hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// The names asked for → theme paths. A name is a theme path (`templates/base.html`),
/// the same under `themes/NAME/`, or a bare file name when only one file has it
/// (`base.html`). Unknown names are errors listing the valid ones.
fn resolve(asked: &[String], theme: &str) -> Result<Vec<&'static str>, String> {
    let files = builtin();
    if asked.is_empty() {
        return Ok(files.keys().copied().collect());
    }
    let mut out = Vec::new();
    let mut unknown = Vec::new();
    for name in asked {
        let n = name.replace('\\', "/");
        let n = n.trim_start_matches("./");
        let n = n
            .strip_prefix(&format!("themes/{theme}/"))
            .unwrap_or(n)
            .to_string();
        let found = files
            .get_key_value(n.as_str())
            .map(|(k, _)| *k)
            .or_else(|| {
                let by_name: Vec<&str> = files
                    .keys()
                    .copied()
                    .filter(|k| k.rsplit('/').next() == Some(n.as_str()))
                    .collect();
                (by_name.len() == 1).then(|| by_name[0])
            });
        match found {
            Some(p) if !out.contains(&p) => out.push(p),
            Some(_) => {}
            None => unknown.push(format!("`{name}`")),
        }
    }
    if !unknown.is_empty() {
        let valid: Vec<&str> = files.keys().copied().collect();
        return Err(format!(
            "unknown theme file{} {}; the built-in theme has: {}",
            if unknown.len() == 1 { "" } else { "s" },
            unknown.join(", "),
            valid.join(", ")
        ));
    }
    Ok(out)
}

/// Reads the record: theme path → hash of the file as ejected.
fn read_record(dir: &Path) -> BTreeMap<String, String> {
    fs::read_to_string(dir.join(RECORD))
        .unwrap_or_default()
        .lines()
        .filter_map(|l| {
            let (h, p) = l.split_once("  ")?;
            Some((p.trim().to_string(), h.trim().to_string()))
        })
        .collect()
}

fn write_record(dir: &Path, record: &BTreeMap<String, String>) -> Result<(), String> {
    let mut text = String::from(
        "# Files `playbook theme eject` wrote, with the hash of each as written.\n\
         # `playbook theme eject --force` replaces only files that still have that hash.\n",
    );
    for (p, h) in record {
        text.push_str(&format!("{h}  {p}\n"));
    }
    write_replacing(&dir.join(RECORD), text.as_bytes())
}

/// Writes through a temporary file beside `path`, renamed over it.
fn write_replacing(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .map_err(|e| format!("failed to write in `{}`: {e}", dir.display()))?;
    tmp.write_all(bytes)
        .map_err(|e| format!("failed to write `{}`: {e}", path.display()))?;
    tmp.persist(path)
        .map_err(|e| format!("failed to write `{}`: {}", path.display(), e.error))?;
    Ok(())
}

/// Decides, for each file, what to do; the errors name every file that is refused.
fn plan(
    dir: &Path,
    shown: &str,
    paths: &[&'static str],
    record: &BTreeMap<String, String>,
    force: bool,
) -> Result<Vec<(&'static str, Action)>, Vec<String>> {
    let files = builtin();
    let mut actions = Vec::new();
    let mut errors = Vec::new();
    for &p in paths {
        let target = dir.join(p);
        let meta = match fs::symlink_metadata(&target) {
            Ok(m) => m,
            Err(_) => {
                actions.push((p, Action::Write));
                continue;
            }
        };
        if !meta.is_file() {
            errors.push(format!(
                "`{shown}/{p}` exists and is not a plain file (a folder or a symbolic link): \
                 it is left alone"
            ));
            continue;
        }
        let current = match fs::read(&target) {
            Ok(b) => b,
            Err(e) => {
                errors.push(format!("failed to read `{shown}/{p}`: {e}"));
                continue;
            }
        };
        if current == files[p] {
            actions.push((p, Action::Same));
        } else if record.get(p) == Some(&hash(&current)) {
            if force {
                actions.push((p, Action::Update));
            } else {
                errors.push(format!(
                    "`{shown}/{p}` is the file an older Playbook ejected, unchanged since, and \
                     differs from today's built-in version: pass --force to replace it"
                ));
            }
        } else {
            errors.push(format!(
                "`{shown}/{p}` already exists and differs from the built-in version: it is \
                 never overwritten (not even with --force); rename it, eject again and \
                 carry your changes over"
            ));
        }
    }
    if errors.is_empty() {
        Ok(actions)
    } else {
        Err(errors)
    }
}

/// Runs `playbook theme eject`.
pub(super) fn eject(root: &Path, asked: &[String], force: bool) -> ExitCode {
    let config = match crate::load::read_text(root, "playbook.toml") {
        Ok(text) => match crate::config::parse("playbook.toml", &text) {
            Ok(c) => c,
            Err(d) => {
                let mut diags = crate::diagnostics::Diagnostics::new();
                diags.extend(d);
                report_errors(&diags);
                return ExitCode::from(1);
            }
        },
        Err(d) => {
            return fail(format!(
                "{} (is `{}` a playbook? pass --root)",
                d.message,
                root.display()
            ))
        }
    };
    let theme = &config.theme;
    if theme.is_empty()
        || theme.starts_with('.')
        || theme.contains(['/', '\\'])
        || theme.contains(':')
    {
        return fail(format!(
            "theme = \"{theme}\" in playbook.toml is not a folder name under themes/"
        ));
    }
    let paths = match resolve(asked, theme) {
        Ok(p) => p,
        Err(e) => return fail(e),
    };
    let dir: PathBuf = root.join("themes").join(theme);
    let shown = format!("themes/{theme}");
    if fs::symlink_metadata(&dir).is_ok_and(|m| !m.is_dir()) {
        return fail(format!("`{shown}` exists and is not a folder"));
    }
    let mut record = read_record(&dir);
    let actions = match plan(&dir, &shown, &paths, &record, force) {
        Ok(a) => a,
        Err(errors) => {
            for e in &errors {
                eprintln!("error: {e}");
            }
            eprintln!(
                "error: nothing was written ({} file{} refused)",
                errors.len(),
                if errors.len() == 1 { "" } else { "s" }
            );
            return ExitCode::from(1);
        }
    };
    let files = builtin();
    let mut written = 0;
    for (p, action) in &actions {
        let target = dir.join(p);
        let bytes = files[p];
        let result = match action {
            Action::Same => {
                println!("unchanged  {shown}/{p} (already the built-in version)");
                Ok(())
            }
            Action::Write => create_new(&target, bytes).map(|()| {
                written += 1;
                println!("wrote      {shown}/{p}");
            }),
            Action::Update => write_replacing(&target, bytes).map(|()| {
                written += 1;
                println!("updated    {shown}/{p} (it was unchanged since an older eject)");
            }),
        };
        if let Err(e) = result {
            // Keep the record of what was written so far.
            let _ = write_record(&dir, &record);
            return fail(e);
        }
        record.insert(p.to_string(), hash(bytes));
    }
    if let Err(e) = write_record(&dir, &record) {
        return fail(e);
    }
    println!(
        "{written} file{} written to {shown}/: the build uses them instead of the built-in \
         ones. Delete those you do not change, so they keep following Playbook's updates.",
        if written == 1 { "" } else { "s" }
    );
    ExitCode::SUCCESS
}

/// Creates `path` (and its folders); fails if it appeared meanwhile.
fn create_new(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)
            .map_err(|e| format!("failed to create `{}`: {e}", parent.display()))?;
    }
    let mut f = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| format!("failed to create `{}`: {e}", path.display()))?;
    f.write_all(bytes)
        .map_err(|e| format!("failed to write `{}`: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_resolve_by_path_and_unique_file_name() {
        assert_eq!(
            resolve(&["base.html".into()], "default").unwrap(),
            ["templates/base.html"]
        );
        assert_eq!(
            resolve(
                &[
                    "themes/mine/static/style.css".into(),
                    "templates/page.html".into()
                ],
                "mine"
            )
            .unwrap(),
            ["static/style.css", "templates/page.html"]
        );
        let e = resolve(&["bsae.html".into(), "x".into()], "default").unwrap_err();
        assert!(
            e.starts_with("unknown theme files `bsae.html`, `x`; the built-in theme has: "),
            "{e}"
        );
        assert!(e.contains("templates/base.html"), "{e}");
        assert_eq!(resolve(&[], "default").unwrap().len(), DEFAULT_THEME.len());
    }

    #[test]
    fn hash_is_fnv1a() {
        // FNV-1a 64 of "a" (a published test vector).
        assert_eq!(hash(b"a"), "af63dc4c8601ec8c");
        assert_eq!(hash(b""), "cbf29ce484222325");
    }
}
