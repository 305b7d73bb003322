//! Where rendered files go. Rendering hands each file to a [`Store`] as soon as it is
//! made, so that `build` can write pages to disk while others are still rendering and
//! never hold the whole site in memory; `serve` keeps the site in memory
//! ([`MemoryStore`]) to compare it with the last build; `check` keeps only hashes
//! ([`HashStore`]). The disk store lives with the write stage (`crate::write::DiskStore`)
//! and keeps its listing in a [`HashStore`].

use std::collections::btree_map::Entry;
use std::collections::BTreeMap;
use std::hash::Hasher;
use std::sync::{Mutex, MutexGuard};

use super::Output;
use crate::diagnostics::Diagnostic;

/// A sink for rendered files, shared by the rendering threads.
pub trait Store: Sync {
    /// Takes the file at `path`; false (and the bytes dropped) when the path is taken.
    fn put(&self, path: String, bytes: Vec<u8>) -> bool;
    /// Every path stored so far with the hash and the length of its bytes ([`hash`]), in
    /// path order.
    fn listing(&self) -> Vec<Listed>;
    /// Whether rendering should ask [`Store::reuse`] before making a file (only
    /// `serve`'s incremental store says yes; the fingerprints are not computed otherwise).
    fn reuses(&self) -> bool {
        false
    }
    /// Whether the store still holds the file at `path` made from inputs with this
    /// `fingerprint` (see `render::deps`): then it keeps those bytes and the file is not
    /// rendered again. When it says no, the file that follows at `path` is recorded with
    /// this fingerprint. Stores without a memory of earlier builds always say no.
    fn reuse(&self, _path: &str, _fingerprint: u64) -> bool {
        false
    }
    /// Whether the search index is left out of this render (`serve`'s first pass after an
    /// edit: the store keeps the last one, and a second pass makes the new one).
    fn defers_search(&self) -> bool {
        false
    }
    /// What `serve`'s incremental store keeps from the last build besides files (the
    /// search index the search files are updated from, the compiled templates); `None`:
    /// everything is made afresh.
    fn memo(&self) -> Option<&Memo> {
        None
    }
}

/// What a build may reuse from the last one besides its files (`serve`).
#[derive(Default)]
pub struct Memo {
    /// The search index of every language.
    pub search: Mutex<super::search_incremental::SearchCache>,
    /// The templates, compiled.
    pub templates: Mutex<super::templates::TemplateCache>,
}

/// One stored file: its path, the hash of its bytes and their length.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    /// Path in the output folder.
    pub path: String,
    /// [`hash`] of the bytes.
    pub hash: u64,
    /// Number of bytes.
    pub len: u64,
}

/// A fast 64-bit hash of some bytes (rustc's Fx hash, eight bytes at a time): the same
/// for the same bytes with the same Playbook binary, which is all a cache version needs.
pub fn hash(bytes: &[u8]) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    h.write(bytes);
    h.write_usize(bytes.len());
    h.finish()
}

/// Locks a mutex, recovering the data if a thread panicked while holding it.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Inserts `value` at `path` unless the path is taken (one lookup); false when it is.
fn vacant_insert<V>(files: &mut BTreeMap<String, V>, path: String, value: V) -> bool {
    match files.entry(path) {
        Entry::Vacant(e) => {
            e.insert(value);
            true
        }
        Entry::Occupied(_) => false,
    }
}

/// Keeps every file in memory.
#[derive(Default)]
pub struct MemoryStore(Mutex<Output>);

impl MemoryStore {
    /// The files stored.
    pub fn into_output(self) -> Output {
        self.0.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Store for MemoryStore {
    fn put(&self, path: String, bytes: Vec<u8>) -> bool {
        vacant_insert(&mut lock(&self.0), path, bytes)
    }
    fn listing(&self) -> Vec<Listed> {
        lock(&self.0)
            .iter()
            .map(|(p, b)| Listed {
                path: p.clone(),
                hash: hash(b),
                len: b.len() as u64,
            })
            .collect()
    }
}

/// Keeps only each file's hash: for `check`, which validates without writing, and as
/// the listing of the disk store.
#[derive(Default)]
pub struct HashStore(Mutex<BTreeMap<String, (u64, u64)>>);

impl HashStore {
    /// Records `path` with the hash and length of its bytes; false when the path is taken.
    pub fn claim(&self, path: String, bytes: &[u8]) -> bool {
        vacant_insert(&mut lock(&self.0), path, (hash(bytes), bytes.len() as u64))
    }
}

impl Store for HashStore {
    fn put(&self, path: String, bytes: Vec<u8>) -> bool {
        self.claim(path, &bytes)
    }
    fn listing(&self) -> Vec<Listed> {
        lock(&self.0)
            .iter()
            .map(|(p, (h, len))| Listed {
                path: p.clone(),
                hash: *h,
                len: *len,
            })
            .collect()
    }
}

/// What went wrong with a generated page: its path was taken (reported as is), or its
/// template failed (reported once however many pages it fails).
pub enum Trouble {
    /// The path was taken.
    Clash(Diagnostic),
    /// The template failed.
    Template(Diagnostic),
}

/// Hands a file to the store; a path already taken is a clash, reported at `origin`.
pub fn put(store: &dyn Store, path: String, bytes: Vec<u8>, origin: &str) -> Option<Trouble> {
    (!store.put(path.clone(), bytes)).then(|| {
        Trouble::Clash(
            Diagnostic::file_error(origin, format!("two outputs would be written to `{path}`"))
                .with_hint(
                    "rename the file so that it does not clash with a page or a theme asset",
                ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stores_refuse_a_second_file_at_one_path_and_agree_on_hashes() {
        let m = MemoryStore::default();
        let h = HashStore::default();
        for s in [&m as &dyn Store, &h] {
            assert!(s.put("b/index.html".into(), b"two".to_vec()));
            assert!(s.put("a.txt".into(), b"one".to_vec()));
            assert!(!s.put("a.txt".into(), b"other".to_vec()));
        }
        assert_eq!(m.listing(), h.listing());
        assert_eq!(
            m.listing()[0],
            Listed {
                path: "a.txt".into(),
                hash: hash(b"one"),
                len: 3
            }
        );
        assert_eq!(m.into_output()["a.txt"], b"one");
    }
}
