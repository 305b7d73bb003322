//! Watching the playbook's sources for `serve`.
//!
//! Input: the playbook root. Output: batches of changed paths on a channel, only for the
//! files a build reads (`playbook.toml`, `content/`, `static/`, `themes/`). Must not: stop
//! reporting changes when a watched folder is deleted and created again (or created after
//! `serve` started), or report changes in the output folder or elsewhere in the root.
//!
//! The root itself is watched non-recursively: its events say when one of the source
//! folders appears, and [`Watch::refresh`] then watches it (again) recursively. Watching
//! the whole root recursively would also watch `public/`, `.git/` and whatever else lives
//! there, which costs watches and wakes the rebuild loop for nothing.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::{RecursiveMode, Watcher};

use super::Event;

/// What a build reads, relative to the root (the same list as `load::watched_paths`,
/// kept here because a folder that does not exist yet must still be recognised).
const SOURCES: [&str; 4] = ["playbook.toml", "content", "static", "themes"];

/// The live watcher. Dropping it stops watching.
pub(super) struct Watch {
    watcher: Box<dyn Watcher + Send>,
    root: PathBuf,
}

impl Watch {
    /// Starts watching. The native watcher (inotify, FSEvents, ...) is used where it can
    /// watch every path; where it cannot (no more inotify watches, a network file
    /// system), a polling watcher takes over, so that serving never silently stops
    /// picking up changes. `PLAYBOOK_WATCH=poll` forces polling (for file systems that
    /// report no events, and to test the fallback).
    pub fn start(root: &Path, tx: mpsc::Sender<Event>) -> notify::Result<Watch> {
        let handler = move |ev: notify::Result<notify::Event>| {
            if let Ok(ev) = ev {
                if !matches!(ev.kind, notify::EventKind::Access(_)) {
                    let _ = tx.send(Event::Changed(ev.paths));
                }
            }
        };
        let native = if std::env::var_os("PLAYBOOK_WATCH").is_some_and(|v| v == "poll") {
            Err(notify::Error::generic("PLAYBOOK_WATCH=poll"))
        } else {
            notify::recommended_watcher(handler.clone()).and_then(|w| {
                let mut w = Watch::new(Box::new(w), root);
                w.add_all()?;
                Ok(w)
            })
        };
        match native {
            Ok(w) => Ok(w),
            Err(e) => {
                eprintln!(
                    "warning: native file watching failed ({e}); polling every 500 ms instead"
                );
                // Contents, not only times: the poller keeps modification times to
                // the second, which would miss a second save within a second.
                let config = notify::Config::default()
                    .with_poll_interval(Duration::from_millis(500))
                    .with_compare_contents(true);
                let w = notify::PollWatcher::new(handler, config)?;
                let mut w = Watch::new(Box::new(w), root);
                w.add_all()?;
                Ok(w)
            }
        }
    }

    fn new(watcher: Box<dyn Watcher + Send>, root: &Path) -> Watch {
        // Absolute, because the paths the watchers report are (`./content` is reported
        // as `/cwd/./content`; `Path::starts_with` ignores the inner `.`).
        let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
        Watch { watcher, root }
    }

    fn add_all(&mut self) -> notify::Result<()> {
        self.watcher
            .watch(&self.root, RecursiveMode::NonRecursive)?;
        for p in crate::load::watched_paths(&self.root) {
            if p.is_dir() {
                self.watcher.watch(&p, RecursiveMode::Recursive)?;
            }
        }
        Ok(())
    }

    /// Whether a changed path is one a build reads.
    pub fn is_source(&self, path: &Path) -> bool {
        SOURCES.iter().any(|s| path.starts_with(self.root.join(s)))
    }

    /// Whether a changed path is a source folder itself (created, deleted, renamed):
    /// then [`Watch::refresh`] must run before the rebuild.
    pub fn is_source_folder(&self, path: &Path) -> bool {
        SOURCES[1..].iter().any(|s| path == self.root.join(s))
    }

    /// Watches every source folder that exists now, again: a folder deleted and created
    /// anew is a new directory the old watch does not see. Called before the rebuild, so
    /// that whatever was written before the watch took hold is read by that rebuild.
    pub fn refresh(&mut self) {
        for p in crate::load::watched_paths(&self.root) {
            if p.is_dir() {
                if let Err(e) = self.watcher.watch(&p, RecursiveMode::Recursive) {
                    eprintln!("warning: cannot watch `{}`: {e}", p.display());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_what_load_watches() {
        let dir = tempfile::tempdir().unwrap();
        for s in SOURCES {
            std::fs::create_dir(dir.path().join(s)).unwrap();
        }
        let loaded: Vec<PathBuf> = crate::load::watched_paths(dir.path());
        let ours: Vec<PathBuf> = SOURCES.iter().map(|s| dir.path().join(s)).collect();
        assert_eq!(loaded, ours);
    }
}
