//! What `serve` read of each file last time, so that a rebuild reads again only the files
//! that changed.
//!
//! Input: a file's path and its metadata now. Output: its text or bytes, from the cache
//! when the file's size, modification and change times, inode and device are what they
//! were when it was read (read otherwise). As git's index does, a file whose change time
//! is too close to the moment it was read is not cached: a second write in the same tick
//! of the file system's clock, keeping the size, would otherwise go unseen. How close is
//! [`RACY_FINE`] when the file system keeps fractions of a second (its clock ticks at most
//! every 10 ms: a Linux jiffy), [`RACY`] when it keeps whole seconds (FAT keeps two).
//! (The watcher's events make `serve` read an edited file again anyway: this rule is for a
//! write whose event was lost.) Must not:
//! return anything but what reading the file now would give (the serve tests compare
//! every rebuild with a clean build).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use rustc_hash::FxHashMap;

use crate::diagnostics::{Diagnostic, Diagnostics};

/// How recent a change may be for the file to be read again next time anyway, on a file
/// system that keeps whole seconds.
const RACY: Duration = Duration::from_secs(2);
/// The same on a file system that keeps fractions of a second: ten of the coarsest clock
/// ticks Linux stamps files with (HZ = 100). A corpus written a moment ago (a checkout,
/// a generated playbook) is then read again for a tenth of a second, not for two.
const RACY_FINE: Duration = Duration::from_millis(100);

/// What was read of each file, by path.
#[derive(Default)]
pub struct FileCache {
    pub(super) files: FxHashMap<PathBuf, (Stamp, Content)>,
}

impl FileCache {
    /// Forgets the files at or under these paths (the watcher saw them change).
    pub fn forget(&mut self, paths: &[PathBuf]) {
        if paths.is_empty() {
            return;
        }
        self.files
            .retain(|p, _| !paths.iter().any(|c| p.starts_with(c)));
    }
}

/// A file's text (Markdown, GIFT) or bytes (anything else).
#[derive(Clone)]
pub(super) enum Content {
    Text(Arc<str>),
    Bytes(Vec<u8>),
}

/// Size, times and identity of a file: any write changes the change time.
#[derive(Clone, PartialEq, Eq)]
pub(super) struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    changed: (i64, i64),
    inode: (u64, u64),
}

#[cfg(unix)]
fn stamp(path: &Path) -> Option<Stamp> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(path).ok()?;
    Some(Stamp {
        len: m.len(),
        modified: m.modified().ok(),
        changed: (m.ctime(), m.ctime_nsec()),
        inode: (m.dev(), m.ino()),
    })
}

/// Without a change time and an inode, a file is always read.
#[cfg(not(unix))]
fn stamp(_path: &Path) -> Option<Stamp> {
    None
}

impl Stamp {
    /// Whether the file changed so shortly before `now` that another write in the same
    /// clock tick could follow unseen. A change time without a fraction of a second is
    /// taken as a file system that keeps whole seconds (on one that keeps more, one
    /// stamp in a billion is such, and is only read again for longer).
    fn racy(&self, now: SystemTime) -> bool {
        let window = if self.changed.1 == 0 { RACY } else { RACY_FINE };
        self.changed_at() + window > now
    }

    /// The change time.
    fn changed_at(&self) -> SystemTime {
        SystemTime::UNIX_EPOCH
            + Duration::from_secs(self.changed.0.max(0) as u64)
            + Duration::from_nanos(self.changed.1.max(0) as u64)
    }
}

/// Reads the files of one load, through the cache of the last one.
pub(super) struct Reader<'a> {
    last: Option<&'a FileCache>,
    /// What this load read (the next cache), only when there is a cache.
    pub(super) fresh: FxHashMap<PathBuf, (Stamp, Content)>,
    now: SystemTime,
}

/// What reading one file gave: its content (`None` when it could not be read, the error
/// in the diagnostic), and what the next cache keeps of it.
pub(super) struct Read {
    pub(super) content: Option<Content>,
    keep: Option<(Stamp, Content)>,
    pub(super) error: Option<Diagnostic>,
}

impl<'a> Reader<'a> {
    pub(super) fn new(last: Option<&'a FileCache>) -> Reader<'a> {
        Reader {
            last,
            fresh: FxHashMap::default(),
            now: SystemTime::now(),
        }
    }

    /// The content of the file at `path` (shown as `rel`), as text when `text`; `None`
    /// (and the error in `diags`) when it cannot be read or is not UTF-8.
    #[cfg(test)]
    pub(super) fn get(
        &mut self,
        path: &Path,
        rel: &str,
        text: bool,
        diags: &mut Diagnostics,
    ) -> Option<Content> {
        let r = self.read(path, rel, text);
        self.take(path, r, diags)
    }

    /// Reads one file (any number at once: see [`Reader::take`] for the rest).
    pub(super) fn read(&self, path: &Path, rel: &str, text: bool) -> Read {
        // Before reading: a write during the read changes the stamp for next time.
        let stamp = self.last.and_then(|_| stamp(path));
        if let (Some(last), Some(s)) = (self.last, &stamp) {
            if let Some((old, content)) = last.files.get(path) {
                if old == s && matches!(content, Content::Text(_)) == text {
                    return Read {
                        content: Some(content.clone()),
                        keep: Some((s.clone(), content.clone())),
                        error: None,
                    };
                }
            }
        }
        let failed = |error| Read {
            content: None,
            keep: None,
            error: Some(error),
        };
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                return failed(Diagnostic::file_error(
                    rel.to_string(),
                    format!("failed to read `{rel}`: {e}"),
                ))
            }
        };
        let content = if text {
            match super::decode(rel, bytes) {
                Ok(t) => Content::Text(t),
                Err(d) => return failed(d),
            }
        } else {
            Content::Bytes(bytes)
        };
        let keep = stamp
            .filter(|s| !s.racy(self.now))
            .map(|s| (s, content.clone()));
        Read {
            content: Some(content),
            keep,
            error: None,
        }
    }

    /// Takes in what [`Reader::read`] gave for the file at `path`: its error goes to
    /// `diags`, what the next cache keeps of it to the cache; returns its content.
    pub(super) fn take(
        &mut self,
        path: &Path,
        read: Read,
        diags: &mut Diagnostics,
    ) -> Option<Content> {
        if let Some(keep) = read.keep {
            self.fresh.insert(path.to_path_buf(), keep);
        }
        if let Some(d) = read.error {
            diags.push(d);
        }
        read.content
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_change_is_too_recent_for_a_tenth_of_a_second_or_two_seconds_on_whole_seconds() {
        let at = |secs: i64, nanos: i64| Stamp {
            len: 1,
            modified: None,
            changed: (secs, nanos),
            inode: (1, 1),
        };
        let t = |secs: u64, millis: u64| {
            SystemTime::UNIX_EPOCH + Duration::from_secs(secs) + Duration::from_millis(millis)
        };
        // Fractions of a second kept: a tenth of a second.
        let fine = at(1_000, 250_000_000);
        assert!(fine.racy(t(1_000, 250)));
        assert!(fine.racy(t(1_000, 349)));
        assert!(!fine.racy(t(1_000, 351)));
        assert!(!fine.racy(t(1_002, 0)));
        // Whole seconds only: two seconds.
        let whole = at(1_000, 0);
        assert!(whole.racy(t(1_000, 500)));
        assert!(whole.racy(t(1_001, 999)));
        assert!(!whole.racy(t(1_002, 1)));
    }

    fn age(path: &Path, secs: i64) {
        // Set the modification time back; the change time moves to now, so the file
        // stays racy: for the tests, `now` is moved forward instead.
        let t = SystemTime::now() - Duration::from_secs(secs as u64);
        let f = std::fs::File::options().write(true).open(path).unwrap();
        f.set_modified(t).unwrap();
    }

    #[test]
    fn a_file_is_read_again_only_when_it_changed_or_changed_too_recently() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.md");
        std::fs::write(&p, "one").unwrap();
        age(&p, 100);
        let mut cache = FileCache::default();
        let mut diags = Diagnostics::new();
        let text = |c: Option<Content>| match c {
            Some(Content::Text(t)) => t.to_string(),
            _ => panic!("no text"),
        };

        // Just changed: read, and not cached (read as if at the change time: a slow
        // machine may take longer than the window between the write and the read).
        let mut r = Reader::new(Some(&cache));
        r.now = stamp(&p).unwrap().changed_at();
        assert_eq!(text(r.get(&p, "a.md", true, &mut diags)), "one");
        assert!(r.fresh.is_empty(), "a file changed just now is not cached");

        // Read as if 10 s later: cached.
        let mut r = Reader::new(Some(&cache));
        r.now += Duration::from_secs(10);
        assert_eq!(text(r.get(&p, "a.md", true, &mut diags)), "one");
        cache.files = r.fresh;
        assert_eq!(cache.files.len(), 1);

        // Taken from the cache while the stamp holds: the cached text is what is
        // returned (planted here to see it), not the file's.
        let stamp = cache.files[&p].0.clone();
        cache
            .files
            .insert(p.clone(), (stamp, Content::Text(Arc::from("cached"))));
        let mut r = Reader::new(Some(&cache));
        r.now += Duration::from_secs(10);
        assert_eq!(text(r.get(&p, "a.md", true, &mut diags)), "cached");
        cache.files = r.fresh;

        // Rewritten with the same size: the change time moved, so it is read again.
        std::fs::write(&p, "two").unwrap();
        let mut r = Reader::new(Some(&cache));
        r.now += Duration::from_secs(10);
        assert_eq!(text(r.get(&p, "a.md", true, &mut diags)), "two");
        cache.files = r.fresh;

        // Forgotten (the watcher saw it): read again.
        cache.forget(std::slice::from_ref(&dir.path().to_path_buf()));
        assert!(cache.files.is_empty());
        assert!(!diags.has_errors());
    }
}
