//! Stage 6: rendered files → the output folder, atomically and only where it is ours.
//!
//! Input: the files the render stage hands to a [`DiskStore`] (or, for `serve`, the
//! files a rebuild changed, see `crate::incremental`) and the output folder. Output: the folder holding exactly
//! those files plus the marker file [`MARKER`] that says Playbook wrote it.
//!
//! For `build`, [`prepare_output`] first decides whether the output folder may be
//! replaced: it may when it does not exist, is empty, or carries the marker; a folder of
//! someone else's is refused unless `--force`, and the playbook root, its parents, its
//! source folders (`content/`, `static/`, `themes/`) and anything inside them, the home
//! folder and `/` are refused always. Each file is then written into a temporary folder
//! beside the output as soon as it is rendered, and the folder is swapped in with one
//! atomic `renameat2(RENAME_EXCHANGE)` on Linux. Where the file system or OS has no
//! exchange, two renames are used; a crash between them leaves the previous site under
//! `.NAME.old-PID` and the next build puts it back before doing anything else.
//! Temporary folders of earlier interrupted builds (marked, their process gone) are
//! removed at the start of every build.
//!
//! Must not: render; delete or replace a folder it did not write.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::render::store::{lock, HashStore, Listed, Store};

/// The file that marks a folder as written by Playbook; `build` replaces only folders
/// that carry it (or are empty), unless told `--force`.
pub const MARKER: &str = ".playbook-site";
const MARKER_TEXT: &str =
    "This folder was written by `playbook build`; the next build replaces it whole.\n";

/// Why writing failed.
#[derive(Debug)]
pub struct WriteError {
    /// What went wrong, naming the path.
    pub message: String,
    /// Whether the output folder is still as it was before the build (false only when a
    /// failed swap could not put the previous site back: the message then says where it is).
    pub output_intact: bool,
}

impl WriteError {
    fn new(message: String) -> WriteError {
        WriteError {
            message,
            output_intact: true,
        }
    }
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

fn ctx<T>(r: io::Result<T>, what: &str, path: &Path) -> Result<T, WriteError> {
    r.map_err(|e| WriteError::new(format!("failed to {what} `{}`: {e}", path.display())))
}

fn refuse(output: &Path, why: impl std::fmt::Display) -> WriteError {
    WriteError::new(format!(
        "refusing to write the site into `{}`: {why}",
        output.display()
    ))
}

/// The absolute form of `p` with its existing part resolved (symbolic links, `..`), and
/// the part that does not exist yet appended as written.
fn resolve(p: &Path) -> Result<PathBuf, WriteError> {
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        ctx(std::env::current_dir(), "read", Path::new("."))?.join(p)
    };
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    while fs::symlink_metadata(existing).is_err() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut out = ctx(existing.canonicalize(), "resolve", existing)?;
    out.extend(rest.iter().rev());
    Ok(out)
}

/// Decides whether `build` may write its site to `output` and returns the folder as an
/// absolute path. Never allowed: `/`, the playbook root or a folder that contains it, a
/// folder inside `content/`, `static/` or `themes/`, the home folder or one that contains
/// it, a symbolic link, a file, a folder that looks like a playbook. Allowed: a new or empty
/// folder, one marked as written by Playbook ([`MARKER`]), and with `force` any other.
pub fn prepare_output(root: &Path, output: &Path, force: bool) -> Result<PathBuf, WriteError> {
    if fs::symlink_metadata(output).is_ok_and(|m| m.file_type().is_symlink()) {
        let target = fs::read_link(output).unwrap_or_default();
        return Err(refuse(
            output,
            format!(
                "it is a symbolic link (to `{}`); pass the folder itself as --output",
                target.display()
            ),
        ));
    }
    let out = resolve(output)?;
    if out.parent().is_none() {
        return Err(refuse(&out, "it is the root of the file system"));
    }
    let root = resolve(root)?;
    if root.starts_with(&out) {
        let what = if root == out { "it is" } else { "it contains" };
        return Err(refuse(
            &out,
            format!("{what} the playbook folder `{}`", root.display()),
        ));
    }
    for dir in ["content", "static", "themes"] {
        let source = root.join(dir);
        let real = source.canonicalize().unwrap_or_else(|_| source.clone());
        if out.starts_with(&source) || out.starts_with(&real) {
            return Err(refuse(
                &out,
                format!("it is inside the playbook's source folder `{dir}/`; choose a folder outside it, e.g. `public/`"),
            ));
        }
    }
    if let Some(home) = std::env::var_os("HOME").filter(|h| !h.is_empty()) {
        let home = PathBuf::from(home);
        let home = home.canonicalize().unwrap_or(home);
        if home.starts_with(&out) {
            return Err(refuse(&out, "it is your home folder or contains it"));
        }
    }
    let meta = match fs::metadata(&out) {
        Ok(m) => m,
        Err(_) => return Ok(out),
    };
    if !meta.is_dir() {
        return Err(refuse(&out, "it is a file, not a folder"));
    }
    if out.join("playbook.toml").exists() || out.join("content").is_dir() {
        return Err(refuse(
            &out,
            "it looks like a playbook (has playbook.toml or content/)",
        ));
    }
    let empty = ctx(fs::read_dir(&out), "read", &out)?.next().is_none();
    if empty || out.join(MARKER).is_file() || force {
        return Ok(out);
    }
    Err(WriteError::new(format!(
        "refusing to replace `{}`: the folder is not empty and was not written by Playbook \
         (it has no `{MARKER}` file)\n  = hint: choose a new or empty folder, or pass --force \
         to replace it and everything in it",
        out.display()
    )))
}

/// `.NAME.TAG-PID` beside `output`.
fn sibling(output: &Path, tag: &str) -> PathBuf {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "public".into());
    output.with_file_name(format!(".{name}.{tag}-{}", std::process::id()))
}

/// Aborts the process when `PLAYBOOK_FAILPOINT` names this point: how the tests stand in
/// for a build killed at that moment.
fn failpoint(name: &str) {
    if std::env::var("PLAYBOOK_FAILPOINT").is_ok_and(|v| v == name) {
        std::process::abort();
    }
}

/// Whether process `pid` is still running (a folder of a live build is left alone).
#[cfg(unix)]
fn alive(pid: u32, _dir: &Path) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 sends nothing; it only asks whether the process exists.
    let r = unsafe { libc::kill(pid, 0) };
    r == 0 || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// Without a way to ask, a folder changed in the last hour counts as a live build's.
#[cfg(not(unix))]
fn alive(_pid: u32, dir: &Path) -> bool {
    fs::metadata(dir)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_none_or(|age| age.as_secs() < 3600)
}

/// Temporary folders beside `output` left by builds that were interrupted: marked as
/// Playbook's, named after `output`, their process gone. `(tag, path)`, oldest first.
fn leftovers(output: &Path) -> Vec<(String, PathBuf)> {
    let (Some(parent), Some(name)) = (output.parent(), output.file_name()) else {
        return Vec::new();
    };
    let prefix = format!(".{}.", name.to_string_lossy());
    let Ok(entries) = fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut found: Vec<(std::time::SystemTime, String, PathBuf)> = entries
        .flatten()
        .filter_map(|e| {
            let file = e.file_name().to_string_lossy().to_string();
            let (tag, pid) = file.strip_prefix(&prefix)?.split_once('-')?;
            let pid: u32 = pid.parse().ok()?;
            let path = e.path();
            let ours = (tag == "new" || tag == "old")
                && pid != std::process::id()
                && !fs::symlink_metadata(&path).ok()?.file_type().is_symlink()
                && path.join(MARKER).is_file();
            (ours && !alive(pid, &path)).then(|| {
                let time = fs::metadata(&path).and_then(|m| m.modified()).ok()?;
                Some((time, tag.to_string(), path))
            })?
        })
        .collect();
    found.sort();
    found.into_iter().map(|(_, t, p)| (t, p)).collect()
}

/// Puts back the previous site if an interrupted swap left `output` missing, then removes
/// the other leftovers of interrupted builds. Returns what it did, for the user.
fn recover(output: &Path) -> Vec<String> {
    let mut notes = Vec::new();
    let mut left = leftovers(output);
    if fs::symlink_metadata(output).is_err() {
        if let Some(i) = left.iter().rposition(|(tag, _)| tag == "old") {
            let (_, old) = left.remove(i);
            match fs::rename(&old, output) {
                Ok(()) => notes.push(format!(
                    "restored the previous site into `{}` from `{}` (an earlier build was interrupted while swapping)",
                    output.display(),
                    old.display()
                )),
                Err(e) => notes.push(format!(
                    "could not restore the previous site from `{}`: {e}",
                    old.display()
                )),
            }
        }
    }
    for (_, dir) in left {
        match fs::remove_dir_all(&dir) {
            Ok(()) => notes.push(format!(
                "removed `{}`, left by an interrupted build",
                dir.display()
            )),
            Err(e) => notes.push(format!(
                "could not remove `{}`, left by an interrupted build: {e}",
                dir.display()
            )),
        }
    }
    notes
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
        if !self.files.claim(path.clone(), &bytes) {
            return false;
        }
        if lock(&self.error).is_none() {
            if let Err(e) = self.write(&path, &bytes) {
                lock(&self.error).get_or_insert(e);
            }
        }
        true
    }
    fn listing(&self) -> Vec<Listed> {
        self.files.listing()
    }
}

/// What [`write_atomic_with`] returns: the value of `fill` and notes for the user on what
/// else happened (an interrupted build cleaned up, a previous site that could not be
/// removed).
pub struct Written<T> {
    /// What `fill` returned.
    pub value: T,
    /// One line each, to print as warnings.
    pub notes: Vec<String>,
}

/// Lets `fill` write a new site into a fresh folder beside `output` (which
/// [`prepare_output`] allowed), then, if `fill` reports success (the `bool` it returns) and
/// every write succeeded, swaps that folder in for `output`. Otherwise the folder is
/// removed and `output` is left exactly as it was.
pub fn write_atomic_with<T>(
    output: &Path,
    fill: impl FnOnce(&DiskStore) -> (T, bool),
) -> Result<Written<T>, WriteError> {
    if let Some(parent) = output.parent().filter(|p| !p.as_os_str().is_empty()) {
        ctx(fs::create_dir_all(parent), "create", parent)?;
    }
    let mut notes = recover(output);
    let tmp = sibling(output, "new");
    if tmp.join(MARKER).is_file() {
        ctx(fs::remove_dir_all(&tmp), "remove", &tmp)?;
    }
    ctx(fs::create_dir(&tmp), "create", &tmp)?;
    ctx(
        fs::write(tmp.join(MARKER), MARKER_TEXT),
        "write",
        &tmp.join(MARKER),
    )?;
    let store = DiskStore::new(tmp.clone());
    let (value, ok) = fill(&store);
    let error = store.error.into_inner().unwrap_or_else(|e| e.into_inner());
    if !ok || error.is_some() {
        let _ = fs::remove_dir_all(&tmp);
        return match error {
            Some(e) if ok => Err(e),
            _ => Ok(Written { value, notes }),
        };
    }
    failpoint("before-swap");
    notes.extend(swap_in(output, &tmp)?);
    Ok(Written { value, notes })
}

/// Exchanges two paths in one atomic step (Linux 3.15+, on file systems that support it).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    if std::env::var("PLAYBOOK_SWAP").is_ok_and(|v| v == "rename") {
        return Err(io::ErrorKind::Unsupported.into());
    }
    let c = |p: &Path| CString::new(p.as_os_str().as_bytes()).map_err(io::Error::other);
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both are valid NUL-terminated paths; the syscall only reads them.
    let r = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

/// Puts the finished site `tmp` in place of `output` and removes the previous site. On
/// Linux one atomic exchange; elsewhere two renames, with the previous site put back if
/// the second fails (and by the next build's [`recover`] if the process dies between
/// them). Returns notes on what could not be cleaned up.
fn swap_in(output: &Path, tmp: &Path) -> Result<Vec<String>, WriteError> {
    let previous = if fs::symlink_metadata(output).is_err() {
        ctx(fs::rename(tmp, output), "move the new site into", output)?;
        return Ok(Vec::new());
    } else if exchange(tmp, output).is_ok() {
        failpoint("after-swap");
        tmp.to_path_buf()
    } else {
        let old = sibling(output, "old");
        if let Err(e) = fs::rename(output, &old) {
            let _ = fs::remove_dir_all(tmp);
            return Err(WriteError::new(format!(
                "failed to move the previous site `{}` aside: {e}",
                output.display()
            )));
        }
        failpoint("mid-swap");
        if let Err(e) = fs::rename(tmp, output) {
            let back = fs::rename(&old, output);
            let _ = fs::remove_dir_all(tmp);
            return Err(match back {
                Ok(()) => WriteError::new(format!(
                    "failed to move the new site into `{}`: {e}",
                    output.display()
                )),
                Err(b) => WriteError {
                    message: format!(
                        "failed to move the new site into `{}`: {e}; the previous site is in \
                         `{}` (putting it back failed: {b}); the next build puts it back",
                        output.display(),
                        old.display()
                    ),
                    output_intact: false,
                },
            });
        }
        failpoint("after-swap");
        old
    };
    Ok(match fs::remove_dir_all(&previous) {
        Ok(()) => Vec::new(),
        Err(e) => vec![format!(
            "the new site is in place, but the previous one could not be removed from `{}`: {e} \
             (the next build tries again)",
            previous.display()
        )],
    })
}

/// Brings `output` in line with the last good build in `site` after a rebuild that made
/// `changes`: writes the files whose bytes changed and removes the files that are gone.
/// Used by `serve` between rebuilds. Returns the number of files written.
pub fn write_changes(
    output: &Path,
    site: &crate::incremental::SiteCache,
    changes: &crate::incremental::Changes,
) -> Result<usize, WriteError> {
    use rayon::prelude::*;
    // Each folder once (an edit rewrites every search file of a language: a thousand
    // files in a few folders), then the files on every core.
    let folders: std::collections::BTreeSet<&str> = changes
        .written
        .iter()
        .filter_map(|p| p.rsplit_once('/').map(|(d, _)| d))
        .collect();
    for d in folders {
        let d = output.join(d);
        ctx(fs::create_dir_all(&d), "create", &d)?;
    }
    changes.written.par_iter().try_for_each(|p| {
        let Some(bytes) = site.get(p) else {
            return Ok(());
        };
        let path = output.join(p);
        ctx(fs::write(&path, bytes), "write", &path)
    })?;
    for p in &changes.removed {
        let _ = fs::remove_file(output.join(p));
    }
    Ok(changes.written.len())
}
