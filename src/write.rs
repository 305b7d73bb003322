//! Stage 6: rendered files → the output folder, atomically.
//!
//! Input: the files the render stage hands to a [`DiskStore`] (or, for `serve`, the
//! rendered [`Output`] map) and the output folder. Output: the folder holding exactly
//! those files. For `build`, each file is written into a temporary folder beside the
//! output as soon as it is rendered, and the folder is swapped in with two renames, so a
//! failed or interrupted build leaves the previous site exactly as it was and a removed
//! page leaves no stale file. Must not: render, or
//! delete a folder that looks like a playbook source.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::render::store::{hash, lock, HashStore, Store};
use crate::render::Output;

/// Why writing failed.
#[derive(Debug)]
pub struct WriteError(pub String);

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn ctx<T>(r: io::Result<T>, what: &str, path: &Path) -> Result<T, WriteError> {
    r.map_err(|e| WriteError(format!("failed to {what} `{}`: {e}", path.display())))
}

/// Refuses output folders that would destroy sources: the playbook root itself, or any
/// folder holding a `playbook.toml` or a `content/` folder.
pub fn check_output_dir(root: &Path, output: &Path) -> Result<(), WriteError> {
    let abs = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    if output.exists() && abs(output) == abs(root) {
        return Err(WriteError(format!(
            "refusing to use the playbook folder `{}` as output",
            output.display()
        )));
    }
    if output.join("playbook.toml").exists() || output.join("content").is_dir() {
        return Err(WriteError(format!(
            "refusing to replace `{}`: it looks like a playbook (has playbook.toml or content/)",
            output.display()
        )));
    }
    Ok(())
}

fn sibling(output: &Path, tag: &str) -> PathBuf {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "public".into());
    output.with_file_name(format!(".{name}.{tag}-{}", std::process::id()))
}

/// Writes each file into a folder as it is stored (from many threads at once), keeping
/// only its path and hash; the first error is kept and ends the build.
pub struct DiskStore {
    dir: PathBuf,
    files: HashStore,
    dirs: Mutex<HashSet<PathBuf>>,
    error: Mutex<Option<WriteError>>,
}

impl DiskStore {
    fn new(dir: PathBuf) -> DiskStore {
        DiskStore {
            dir,
            files: HashStore::default(),
            dirs: Mutex::default(),
            error: Mutex::default(),
        }
    }

    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), WriteError> {
        let full = self.dir.join(path);
        if let Some(parent) = full.parent() {
            if !lock(&self.dirs).contains(parent) {
                ctx(fs::create_dir_all(parent), "create", parent)?;
                lock(&self.dirs).insert(parent.to_path_buf());
            }
        }
        ctx(fs::write(&full, bytes), "write", &full)
    }
}

impl Store for DiskStore {
    fn put(&self, path: String, bytes: Vec<u8>) -> bool {
        if !self.files.claim(path.clone(), hash(&bytes)) {
            return false;
        }
        if lock(&self.error).is_none() {
            if let Err(e) = self.write(&path, &bytes) {
                lock(&self.error).get_or_insert(e);
            }
        }
        true
    }
    fn listing(&self) -> Vec<(String, u64)> {
        self.files.listing()
    }
}

/// Lets `fill` write a new site into a fresh folder beside `output`, then, if `fill`
/// reports success (the `bool` it returns) and every write succeeded, swaps that folder in
/// for `output`. Otherwise the folder is removed and `output` is left exactly as it was.
/// Returns what `fill` returned.
pub fn write_atomic_with<T>(
    output: &Path,
    fill: impl FnOnce(&DiskStore) -> (T, bool),
) -> Result<T, WriteError> {
    if let Some(parent) = output.parent().filter(|p| !p.as_os_str().is_empty()) {
        ctx(fs::create_dir_all(parent), "create", parent)?;
    }
    let tmp = sibling(output, "new");
    if tmp.exists() {
        ctx(fs::remove_dir_all(&tmp), "remove", &tmp)?;
    }
    ctx(fs::create_dir_all(&tmp), "create", &tmp)?;
    let store = DiskStore::new(tmp.clone());
    let (value, ok) = fill(&store);
    let error = store.error.into_inner().unwrap_or_else(|e| e.into_inner());
    if !ok || error.is_some() {
        let _ = fs::remove_dir_all(&tmp);
        return match error {
            Some(e) if ok => Err(e),
            _ => Ok(value),
        };
    }
    swap_in(output, &tmp)?;
    Ok(value)
}

/// Replaces `output` with `tmp` by two renames; the previous site is removed afterwards.
fn swap_in(output: &Path, tmp: &Path) -> Result<(), WriteError> {
    let old = sibling(output, "old");
    let had_old = output.exists();
    if had_old {
        if old.exists() {
            ctx(fs::remove_dir_all(&old), "remove", &old)?;
        }
        ctx(fs::rename(output, &old), "move aside", output)?;
    }
    if let Err(e) = fs::rename(tmp, output) {
        // Put the previous site back.
        if had_old {
            let _ = fs::rename(&old, output);
        }
        let _ = fs::remove_dir_all(tmp);
        return Err(WriteError(format!(
            "failed to move the new site into `{}`: {e}",
            output.display()
        )));
    }
    if had_old {
        ctx(fs::remove_dir_all(&old), "remove", &old)?;
    }
    Ok(())
}

/// Brings `output` in line with `files`, writing only files whose bytes changed and
/// removing files that are gone; used by `serve` between rebuilds, where `previous` is what
/// the last successful write put there.
pub fn write_incremental(
    output: &Path,
    files: &Output,
    previous: &Output,
) -> Result<usize, WriteError> {
    let mut written = 0;
    for (p, bytes) in files {
        if previous.get(p) != Some(bytes) {
            let path = output.join(p);
            if let Some(d) = path.parent() {
                ctx(fs::create_dir_all(d), "create", d)?;
            }
            ctx(fs::write(&path, bytes), "write", &path)?;
            written += 1;
        }
    }
    for p in previous.keys().filter(|p| !files.contains_key(*p)) {
        let path = output.join(p);
        let _ = fs::remove_file(&path);
    }
    Ok(written)
}
