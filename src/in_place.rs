//! Rewriting a file the user owns without losing what the file system knows about it.
//!
//! Input: a path — a regular file, a symbolic link to one, one of several hard links, or
//! a path where no file is yet — and the complete new content, already in memory.
//! Output: that content at that path, with:
//! - a symbolic link followed: the link stays a link and its target gets the content;
//! - a file with one link replaced atomically: the content goes to a temporary file with
//!   a unique name, created exclusively in the same folder (so an existing `FILE.tmp`, or
//!   any other file, is never touched), given the original's permissions (and owner, where
//!   allowed), synced, then renamed over the file; readers see the old or the new file,
//!   never a mix;
//! - a file with several hard links rewritten through its inode (written from the start,
//!   cut to the new length, synced), so that every link still shows it. This is the one
//!   case that is not atomic — a crash in the middle of the write can leave the file half
//!   old, half new — but renaming would silently detach the other links, which keep the
//!   old content forever; we take the short window over the certain surprise;
//! - a new file created with the usual permissions (0666 less the umask), also by rename.
//!
//! Must not: render or validate anything, leave a temporary file behind, or change the
//! target when an error is returned (except a write error part-way through the hard-link
//! case above).

use std::fs::{self, File, Metadata, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// How the file was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Written {
    /// Replaced atomically (the file existed, with one link).
    Replaced,
    /// Rewritten through its inode, shared by this many hard links.
    ThroughLinks(u64),
    /// Created (no file was there).
    Created,
}

/// Writes `bytes` to `path` as described in the module header. Errors name the path.
pub fn write(path: &Path, bytes: &[u8]) -> Result<Written, String> {
    let shown = path.display();
    let target: PathBuf = match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => fs::canonicalize(path)
            .map_err(|e| format!("cannot follow the symbolic link `{shown}`: {e}"))?,
        Ok(_) => path.to_path_buf(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            replace(path, bytes, None).map_err(|e| format!("failed to write `{shown}`: {e}"))?;
            return Ok(Written::Created);
        }
        Err(e) => return Err(format!("failed to read `{shown}`: {e}")),
    };
    let meta = fs::metadata(&target).map_err(|e| format!("failed to read `{shown}`: {e}"))?;
    if !meta.is_file() {
        return Err(format!("`{shown}` is not a regular file"));
    }
    let links = link_count(&meta);
    let result = if links > 1 {
        through_inode(&target, bytes).map(|()| Written::ThroughLinks(links))
    } else {
        replace(&target, bytes, Some(&meta)).map(|()| Written::Replaced)
    };
    result.map_err(|e| format!("failed to write `{shown}`: {e}"))
}

#[cfg(unix)]
fn link_count(meta: &Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    meta.nlink()
}

#[cfg(not(unix))]
fn link_count(_: &Metadata) -> u64 {
    1
}

/// Writes a unique temporary file beside `target` and renames it over `target`.
fn replace(target: &Path, bytes: &[u8], original: Option<&Metadata>) -> io::Result<()> {
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".playbook-tmp");
    #[cfg(unix)]
    if original.is_none() {
        use std::os::unix::fs::PermissionsExt;
        // As `File::create` would: the umask applies.
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    if let Some(meta) = original {
        keep_owner(tmp.as_file(), meta);
        tmp.as_file().set_permissions(meta.permissions())?;
    }
    tmp.as_file().sync_all()?;
    // On failure the temporary file is removed when `PersistError` drops it.
    tmp.persist(target).map_err(|e| e.error)?;
    sync_dir(dir);
    Ok(())
}

/// Rewrites the file's own inode, for files with several hard links.
fn through_inode(target: &Path, bytes: &[u8]) -> io::Result<()> {
    // No truncation on open: the old content stays whole until the new one is written
    // over it, and is cut only at the end if the new content is shorter.
    let mut f = OpenOptions::new().write(true).open(target)?;
    f.write_all(bytes)?;
    f.set_len(bytes.len() as u64)?;
    f.sync_all()
}

/// Gives the new file the original's owner and group: allowed to the owner for the group
/// it belongs to, and to root for both. Where not allowed, the file is the writer's, as
/// with any editor that saves by rename.
#[cfg(unix)]
fn keep_owner(file: &File, meta: &Metadata) {
    use std::os::unix::fs::fchown;
    use std::os::unix::fs::MetadataExt;
    if fchown(file, Some(meta.uid()), Some(meta.gid())).is_err() {
        let _ = fchown(file, None, Some(meta.gid()));
    }
}

#[cfg(not(unix))]
fn keep_owner(_: &File, _: &Metadata) {}

/// Makes the rename durable. Best effort: the rename already happened.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}
