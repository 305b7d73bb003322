//! Stage 6: output files in memory → the output folder, atomically.
//!
//! Input: the rendered [`Output`] map and the output folder. Output: the folder holding
//! exactly those files. Everything is written into a temporary folder beside the output,
//! then swapped in with two renames, so a failed or interrupted build leaves the previous
//! site exactly as it was and a removed page leaves no stale file. Must not: render, or
//! delete a folder that looks like a playbook source.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

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

/// Writes every file into `dir` (which must not exist yet).
fn write_tree(dir: &Path, files: &Output) -> Result<(), WriteError> {
    ctx(fs::create_dir_all(dir), "create", dir)?;
    let mut dirs: Vec<PathBuf> = files
        .keys()
        .filter_map(|p| Path::new(p).parent().map(|d| dir.join(d)))
        .collect();
    dirs.dedup();
    for d in &dirs {
        ctx(fs::create_dir_all(d), "create", d)?;
    }
    files.par_iter().try_for_each(|(p, bytes)| {
        let path = dir.join(p);
        ctx(fs::write(&path, bytes), "write", &path)
    })
}

/// Writes `files` as the new content of `output`, atomically.
pub fn write_atomic(output: &Path, files: &Output) -> Result<(), WriteError> {
    if let Some(parent) = output.parent().filter(|p| !p.as_os_str().is_empty()) {
        ctx(fs::create_dir_all(parent), "create", parent)?;
    }
    let tmp = sibling(output, "new");
    if tmp.exists() {
        ctx(fs::remove_dir_all(&tmp), "remove", &tmp)?;
    }
    if let Err(e) = write_tree(&tmp, files) {
        let _ = fs::remove_dir_all(&tmp);
        return Err(e);
    }
    let old = sibling(output, "old");
    let had_old = output.exists();
    if had_old {
        if old.exists() {
            ctx(fs::remove_dir_all(&old), "remove", &old)?;
        }
        ctx(fs::rename(output, &old), "move aside", output)?;
    }
    if let Err(e) = fs::rename(&tmp, output) {
        // Put the previous site back.
        if had_old {
            let _ = fs::rename(&old, output);
        }
        let _ = fs::remove_dir_all(&tmp);
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
