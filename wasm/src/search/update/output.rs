//! The files of the last update: their names and fingerprints (what a store compares
//! with the files it holds), and the bytes of those it asks for.

use std::hash::Hasher;

use super::super::files::{set_header, CHUNK_GROUP, HEADER_LEN};
use super::{hash64, Files, IndexCache};

/// One search file of the last update: its name (relative to the language's `search/`
/// folder) and a fingerprint of its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchFile {
    /// `manifest.txt`, `t/N.txt` or `d/N.txt`.
    pub name: String,
    /// The same for the same bytes (a 64-bit hash of what they are made of).
    pub fingerprint: u64,
    part: Part,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    Manifest,
    Shard(usize),
    Chunk(usize),
}

impl IndexCache {
    /// The search files of the last update, each named with a fingerprint of its bytes
    /// (the same bytes, the same fingerprint), in the writer's order; [`IndexCache::bytes`]
    /// makes the bytes of those a store does not have.
    pub fn files(&self) -> Vec<SearchFile> {
        let mut out = Vec::with_capacity(1 + self.shards.len() + self.pages.len());
        out.push(SearchFile {
            name: "manifest.txt".into(),
            fingerprint: hash64(&self.manifest),
            part: Part::Manifest,
        });
        for (i, s) in self.shards.iter().enumerate() {
            out.push(SearchFile {
                name: format!("t/{i}.txt"),
                fingerprint: s.fingerprint,
                part: Part::Shard(i),
            });
        }
        for (n, p) in self.pages.iter().enumerate() {
            let (_, _, body) = p.hashed.expect("every chunk is hashed by the update");
            let mut h = rustc_hash::FxHasher::default();
            h.write_u64(body);
            h.write_u32(self.groups[n / CHUNK_GROUP]);
            out.push(SearchFile {
                name: format!("d/{n}.txt"),
                fingerprint: h.finish(),
                part: Part::Chunk(n),
            });
        }
        out
    }

    /// The bytes of one of the last update's files.
    pub fn bytes(&self, file: &SearchFile) -> Vec<u8> {
        let with_header = |check: u32, hash: u32, parts: &[&[u8]]| {
            let mut b = vec![b' '; HEADER_LEN];
            set_header(&mut b, check, hash);
            for p in parts {
                b.extend_from_slice(p);
            }
            b
        };
        match file.part {
            Part::Manifest => self.manifest.clone(),
            Part::Shard(i) => {
                let s = &self.shards[i];
                let mut b = with_header(s.hash, s.hash, &[]);
                b.reserve_exact(s.len);
                self.shard_body(&s.terms, &mut |piece| b.extend_from_slice(piece));
                b
            }
            Part::Chunk(n) => {
                let p = &self.pages[n];
                let (_, hash, _) = p.hashed.expect("every chunk is hashed by the update");
                let num = n.to_string();
                with_header(
                    self.groups[n / CHUNK_GROUP],
                    hash,
                    &[num.as_bytes(), &p.tail],
                )
            }
        }
    }

    /// Every search file of the last update, with its bytes.
    pub fn all_files(&self) -> Files {
        self.files()
            .into_iter()
            .map(|f| {
                let bytes = self.bytes(&f);
                (f.name, bytes)
            })
            .collect()
    }
}
