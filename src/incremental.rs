//! Incremental rebuilds for `serve`: the same stages as `build`, with two caches.
//!
//! Input: the files of the last good build ([`SiteCache`]: bytes, hash and, for pages and
//! handouts, the fingerprint of what they were rendered from) and the parsed pages of the
//! last run (`crate::ParseCache`: reparsed only when a file's text changed). Output: an
//! [`IncrementalStore`] that rendering fills like any store, but that keeps a page or a
//! handout whose fingerprint (`render::deps`) did not change instead of having it rendered
//! again; then [`SiteCache::commit`] says which files changed, for the write stage.
//!
//! Everything else (load, model with every link and anchor check, the search index, the
//! special pages, the offline lists, the service worker) runs as in `build`, so a rebuild
//! reports exactly the diagnostics a build would. A global input (configuration, theme,
//! GIFT files, options) changes every fingerprint ([`global_digest`]): a full render.
//! [`Rebuilder`] runs one rebuild this way and hands the changes to the write stage; it is
//! what `serve` calls on every change, and what the tests drive. Must not: write files
//! itself, or keep anything of a failed build (a build that fails leaves the cache, and the
//! output folder, as the last good build left them).

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rustc_hash::FxHasher;

use crate::diagnostics::Diagnostics;
use crate::model::Site;
use crate::render::store::{hash, lock, Listed, Memo, Store};
use crate::write::WriteError;
use crate::{compile, BuildOptions, Compiled, ParseCache};

/// Rebuilds a playbook into a folder again and again, each time doing only what changed.
pub struct Rebuilder {
    opts: BuildOptions,
    output: PathBuf,
    parsed: ParseCache,
    site: SiteCache,
}

/// A successful rebuild.
pub struct Rebuilt {
    /// What was built.
    pub compiled: Compiled,
    /// What changed in the output folder.
    pub changes: Changes,
}

/// Why a rebuild did not replace the site.
pub enum RebuildError {
    /// The playbook has errors: the last good site stays.
    Build(Diagnostics),
    /// The output folder could not be written.
    Write(WriteError),
}

impl Rebuilder {
    /// A rebuilder of `opts.root` into `output` (a folder it may fill as it likes).
    pub fn new(opts: BuildOptions, output: &Path) -> Rebuilder {
        Rebuilder {
            opts,
            output: output.to_path_buf(),
            parsed: ParseCache::default(),
            site: SiteCache::default(),
        }
    }

    /// Builds again: reparses changed files, renders again what they change, writes the
    /// files whose bytes changed and removes those that are gone. With `defer_search`, the
    /// search index is left as it was (a quick first pass that puts the edited pages on
    /// screen): [`Rebuilder::rebuild`] without it must follow to complete the site.
    pub fn rebuild_with(&mut self, defer_search: bool) -> Result<Rebuilt, RebuildError> {
        let store = self.site.store(defer_search);
        let compiled = match compile(&self.opts, Some(&mut self.parsed), &store) {
            Ok(c) => c,
            Err(d) => return Err(RebuildError::Build(d)),
        };
        let t = std::time::Instant::now();
        let rendered = store.finish();
        let changes = self.site.commit(rendered);
        crate::debug_span("commit", t);
        let t = std::time::Instant::now();
        let written = crate::write::write_changes(&self.output, &self.site, &changes);
        crate::debug_span("write", t);
        match written {
            Ok(_) => Ok(Rebuilt { compiled, changes }),
            Err(e) => {
                // What is on disk is no longer known: the next rebuild writes it all.
                self.site = SiteCache::default();
                Err(RebuildError::Write(e))
            }
        }
    }

    /// Says which paths the watcher saw change: they are read again by the next rebuild
    /// whatever their size and times (the others are read again when those changed).
    pub fn changed(&mut self, paths: &[PathBuf]) {
        // The watcher reports absolute paths; the files were read under the root given.
        let abs = std::path::absolute(&self.opts.root).unwrap_or_default();
        let ours: Vec<PathBuf> = paths
            .iter()
            .filter_map(|p| p.strip_prefix(&abs).ok())
            .map(|rel| self.opts.root.join(rel))
            .collect();
        self.parsed.forget(&ours);
    }

    /// What the last rebuild that made the search files redid there, per language code
    /// (pages indexed again, shards rebuilt and in all, ...).
    pub fn search_updates(&self) -> Vec<(String, playbook_kit::search::Updated)> {
        lock(&self.site.memo.search).last.clone()
    }

    /// A complete rebuild (see [`Rebuilder::rebuild_with`]).
    pub fn rebuild(&mut self) -> Result<Rebuilt, RebuildError> {
        self.rebuild_with(false)
    }
}

/// One file of the last good build.
struct Cached {
    bytes: Vec<u8>,
    hash: u64,
    fingerprint: Option<u64>,
}

/// The files of the last good build, by output path, and the [`Memo`] of the last build
/// (the search index and the compiled templates: a failed build may leave it ahead of the
/// files, which does not matter, as each part makes the files of whatever it is given).
#[derive(Default)]
pub struct SiteCache {
    files: BTreeMap<String, Cached>,
    memo: Memo,
}

/// What a rebuild changed: files to write (new or different bytes) and files to remove.
#[derive(Debug, Default)]
pub struct Changes {
    /// Output paths whose bytes are new or changed.
    pub written: Vec<String>,
    /// Output paths the new build no longer has.
    pub removed: Vec<String>,
    /// Pages and handouts rendered again (the others were kept; search files, kept by
    /// fingerprint as well, are not counted).
    pub rendered: usize,
    /// Pages and handouts kept from the last build.
    pub kept: usize,
}

enum Slot {
    /// Kept from the last build (fingerprint unchanged).
    Kept,
    /// Search data of the last build, kept while the search index is deferred (a file
    /// this build makes at the same path replaces it).
    Carried,
    /// Made by this build.
    Fresh(Cached),
}

/// A store for one rebuild, over the cache of the last good one.
pub struct IncrementalStore<'a> {
    last: &'a SiteCache,
    state: Mutex<State>,
    defer_search: bool,
}

/// What a rebuild's store holds once rendering is over, for [`SiteCache::commit`].
pub struct Rendered(State);

impl IncrementalStore<'_> {
    /// The files of this rebuild (made or kept).
    pub fn finish(self) -> Rendered {
        Rendered(self.state.into_inner().unwrap_or_else(|e| e.into_inner()))
    }
}

#[derive(Default)]
struct State {
    files: BTreeMap<String, Slot>,
    /// The fingerprint of a file that [`Store::reuse`] could not keep, for its `put`.
    wanted: BTreeMap<String, u64>,
}

impl SiteCache {
    /// A store for the next rebuild; with `defer_search`, the search index is not made
    /// and the last one is kept.
    pub fn store(&self, defer_search: bool) -> IncrementalStore<'_> {
        let mut state = State::default();
        if defer_search {
            for p in self.files.keys().filter(|p| is_search_data(p)) {
                state.files.insert(p.clone(), Slot::Carried);
            }
        }
        IncrementalStore {
            last: self,
            state: Mutex::new(state),
            defer_search,
        }
    }

    /// The bytes of the file at `path` of the last good build.
    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(|c| c.bytes.as_slice())
    }

    /// Every output path of the last good build.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    /// Takes in the files of a successful rebuild; returns what changed.
    pub fn commit(&mut self, rendered: Rendered) -> Changes {
        let state = rendered.0;
        let mut changes = Changes::default();
        let mut files = BTreeMap::new();
        let mut last = std::mem::take(&mut self.files);
        for (path, slot) in state.files {
            match slot {
                Slot::Carried => {
                    if let Some(c) = last.remove(&path) {
                        files.insert(path, c);
                    }
                }
                Slot::Kept => {
                    // Search files are kept by fingerprint too; they are no pages.
                    changes.kept += usize::from(!is_search_data(&path));
                    if let Some(c) = last.remove(&path) {
                        files.insert(path, c);
                    }
                }
                Slot::Fresh(c) => {
                    changes.rendered +=
                        usize::from(c.fingerprint.is_some() && !is_search_data(&path));
                    let same = last
                        .remove(&path)
                        .is_some_and(|old| old.hash == c.hash && old.bytes == c.bytes);
                    if !same {
                        changes.written.push(path.clone());
                    }
                    files.insert(path, c);
                }
            }
        }
        changes.removed = last.into_keys().collect();
        self.files = files;
        changes
    }
}

impl Store for IncrementalStore<'_> {
    fn put(&self, path: String, bytes: Vec<u8>) -> bool {
        let h = hash(&bytes);
        let mut s = lock(&self.state);
        let fingerprint = s.wanted.remove(&path);
        let fresh = Slot::Fresh(Cached {
            bytes,
            hash: h,
            fingerprint,
        });
        match s.files.entry(path) {
            std::collections::btree_map::Entry::Vacant(e) => {
                e.insert(fresh);
                true
            }
            std::collections::btree_map::Entry::Occupied(mut e) => {
                let carried = matches!(e.get(), Slot::Carried);
                if carried {
                    e.insert(fresh);
                }
                carried
            }
        }
    }

    fn listing(&self) -> Vec<Listed> {
        lock(&self.state)
            .files
            .iter()
            .filter_map(|(p, slot)| {
                let c = match slot {
                    Slot::Fresh(c) => c,
                    Slot::Kept | Slot::Carried => self.last.files.get(p)?,
                };
                Some(Listed {
                    path: p.clone(),
                    hash: c.hash,
                    len: c.bytes.len() as u64,
                })
            })
            .collect()
    }

    fn reuses(&self) -> bool {
        true
    }

    fn defers_search(&self) -> bool {
        self.defer_search
    }

    fn memo(&self) -> Option<&Memo> {
        Some(&self.last.memo)
    }

    fn reuse(&self, path: &str, fingerprint: u64) -> bool {
        let mut s = lock(&self.state);
        let keep = !matches!(s.files.get(path), Some(Slot::Kept | Slot::Fresh(_)))
            && self
                .last
                .files
                .get(path)
                .is_some_and(|c| c.fingerprint == Some(fingerprint));
        if keep {
            s.files.insert(path.to_string(), Slot::Kept);
        } else {
            s.wanted.insert(path.to_string(), fingerprint);
        }
        keep
    }
}

/// Whether an output path holds search data (`search/index.txt`, `en/search/…`): what
/// the search index writes under a language's search folder, apart from the search page.
fn is_search_data(path: &str) -> bool {
    let folder = crate::render::search::FOLDER;
    let rest = path.strip_prefix(folder).or_else(|| {
        path.split_once('/')
            .and_then(|(_, r)| r.strip_prefix(folder))
    });
    rest.is_some_and(|r| r != "index.html")
}

/// A hash of everything every page depends on: the configuration's text, the theme's
/// override files, the GIFT files, and the build options.
pub fn global_digest(
    config_text: &str,
    theme_files: &[(String, Vec<u8>)],
    sources: &[crate::load::Source],
    opts: &crate::BuildOptions,
) -> u64 {
    let mut h = FxHasher::default();
    config_text.hash(&mut h);
    theme_files.hash(&mut h);
    for s in sources.iter().filter(|s| !s.path.ends_with(".md")) {
        s.path.hash(&mut h);
        s.text.hash(&mut h);
    }
    opts.base_url.hash(&mut h);
    opts.drafts.hash(&mut h);
    opts.strict_translations.hash(&mut h);
    h.finish()
}

/// Fills [`Site::digests`]: per parsed page, a hash of `global`, its path and its text.
/// `global` is extended with what every page may read from elsewhere in the site: the
/// images' sizes (written on every `<img>`) and the headings of each language's sources
/// page (a chapter's sources block links to them). Must run before the texts are dropped.
pub fn digests(site: &mut Site, global: u64) {
    let mut g = FxHasher::default();
    global.hash(&mut g);
    let mut sizes: Vec<_> = site.image_sizes.iter().collect();
    sizes.sort();
    sizes.hash(&mut g);
    for lang in &site.langs {
        if let Some(&i) = lang.by_key.get(crate::render::sources::SOURCES_PAGE) {
            for h in &site.page(&lang.pages[i]).body.headings {
                (&h.id, &h.text).hash(&mut g);
            }
        }
    }
    let global = g.finish();
    site.digests = site
        .parsed
        .iter()
        .map(|p| {
            let mut h = FxHasher::default();
            global.hash(&mut h);
            p.path.hash(&mut h);
            p.text.hash(&mut h);
            h.finish()
        })
        .collect();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_data_is_what_the_index_writes_beside_the_search_page() {
        for p in [
            "search/index.txt",
            "en/search/index.txt",
            "search/shards/a.txt",
        ] {
            assert!(is_search_data(p), "{p}");
        }
        for p in [
            "search/index.html",
            "en/search/index.html",
            "research/x.txt",
            "a/b/search/x",
        ] {
            assert!(!is_search_data(p), "{p}");
        }
    }

    #[test]
    fn a_file_is_kept_only_while_its_fingerprint_holds() {
        let mut cache = SiteCache::default();
        let store = cache.store(false);
        assert!(!store.reuse("a/index.html", 1));
        assert!(store.put("a/index.html".into(), b"one".to_vec()));
        assert!(store.put("search/index.txt".into(), b"idx".to_vec()));
        let first = cache.commit(store.finish());
        assert_eq!((first.rendered, first.written.len()), (1, 2));

        // Same fingerprint: kept, nothing written. Deferred search: the index stays.
        let store = cache.store(true);
        assert!(store.reuse("a/index.html", 1));
        assert!(!store.put("a/index.html".into(), b"other".to_vec()));
        assert_eq!(store.listing().len(), 2);
        let second = cache.commit(store.finish());
        assert_eq!((second.kept, second.written.len()), (1, 0));
        assert!(second.removed.is_empty());
        assert_eq!(cache.get("a/index.html"), Some(&b"one"[..]));

        // Another fingerprint: rendered again; the same bytes are not written again; a
        // file the build no longer makes is removed.
        let store = cache.store(false);
        assert!(!store.reuse("a/index.html", 2));
        assert!(store.put("a/index.html".into(), b"one".to_vec()));
        let third = cache.commit(store.finish());
        assert_eq!(third.rendered, 1);
        assert!(third.written.is_empty());
        assert_eq!(third.removed, vec!["search/index.txt".to_string()]);
    }
}
