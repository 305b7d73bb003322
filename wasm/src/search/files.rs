//! The search files and their line formats (no JSON parser in the wasm module). Every file
//! starts with a header line, `CHECK<TAB>HASH` (16 and 8 hex digits): HASH is the hash
//! of the file's own body ([`body_hash`]: a truncated or damaged file is corrupt), CHECK
//! what the manifest lists for the file (a file whose CHECK differs belongs to another build of the
//! site: it is stale). A shard's CHECK is its own HASH; a page chunk's is the check of its
//! group of `CHUNK_GROUP` chunks (the FNV-1a hash of their HASHes); the manifest's is
//! its own HASH, the version of the index. So an edit changes the header of the files it
//! changes, the other chunks of their groups and the manifest, not every file.
//!
//! - `manifest.txt`: `playbook-search 4`, then `docs<TAB>N`, `levels<TAB>L`,
//!   `tokenizer<TAB>…` (the tokenizer's parameters), `pages<TAB>…` (the number of sections
//!   of each page, one character each: `0`–`9`, `a`–`z`, or `{N}`), `shards<TAB>…` (the
//!   first term of every shard but the first), `checks<TAB>…` (each shard's CHECK, 8 hex
//!   digits each, no separator), `groups<TAB>…` (each chunk group's CHECK, likewise).
//! - `t/N.txt`: `term<TAB>postings` per term, in byte order; postings are, per document,
//!   the gap from the previous one (the first: its number plus one), left out when 1, and a
//!   weight letter (`a`… for a section with text, `A`… for a section without).
//! - `d/N.txt`: page N: `N<TAB>url<TAB>title`, then `anchor<TAB>heading<TAB>text` per section.

use super::LoadError;

/// First line of a manifest body: the format and its version.
pub const SIGNATURE: &str = "playbook-search 4";

/// The tokenizer's parameters, written in the manifest: a reader that tokenizes
/// differently refuses the index instead of missing terms.
pub const TOKENIZER: &str = "han:1,2;latin:lower,plural;compound:+-./:%;fold:ts333;prefix:3";

/// Weight levels of a posting.
pub const LEVELS: u8 = 26;

/// The largest term-frequency weight (BM25's k1 + 1).
pub const MAX_WEIGHT: f64 = 2.2;

/// Length of the header line: 16 hex digits, a tab, 8 hex digits, a line break.
pub const HEADER_LEN: usize = 26;

/// Page chunks per group: a chunk's header carries its group's check (see the module
/// header), so an edited page's chunk changes the headers of the other chunks of its group.
pub const CHUNK_GROUP: usize = 64;

/// The hash of a file's body: 64 bits, read eight bytes at a time (FNV-1a, a byte at a
/// time, was a quarter of `serve`'s search update when every shard changes).
/// The length goes in first; each word is mixed in by xor and splitmix64's steps (odd
/// multiplier, shift, odd multiplier: a bijection, so bodies of one length that differ in
/// one word always differ here, and a bit changed spreads over the state, so that a
/// change in the next word does not undo it); last murmur3's finaliser. Four times as
/// fast as FNV-1a here (2.4 MB: 0.96 against 3.3 ms). `serve` also tells files apart
/// by it.
pub fn hash64(b: &[u8]) -> u64 {
    let mut h = Hasher64::new(b.len());
    h.write(b);
    h.finish()
}

/// [`hash64`] of a body handed in piece by piece (its length known first): the same
/// value, without putting the pieces together.
pub(super) struct Hasher64 {
    h: u64,
    /// Bytes of the word being filled.
    pending: [u8; 8],
    filled: usize,
}

const K: u64 = 0x9e37_79b9_7f4a_7c15;

impl Hasher64 {
    /// A hasher of a body of `len` bytes.
    pub(super) fn new(len: usize) -> Hasher64 {
        Hasher64 {
            h: (len as u64 ^ 0x5bd1_e995).wrapping_mul(K),
            pending: [0; 8],
            filled: 0,
        }
    }

    fn word(&mut self, w: u64) {
        let h = (self.h ^ w).wrapping_mul(K);
        self.h = (h ^ (h >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    }

    /// The next bytes of the body.
    pub(super) fn write(&mut self, mut b: &[u8]) {
        if self.filled > 0 {
            let n = b.len().min(8 - self.filled);
            self.pending[self.filled..self.filled + n].copy_from_slice(&b[..n]);
            self.filled += n;
            b = &b[n..];
            if self.filled < 8 {
                return;
            }
            self.word(u64::from_le_bytes(self.pending));
            self.filled = 0;
        }
        let mut words = b.chunks_exact(8);
        for w in &mut words {
            self.word(u64::from_le_bytes(w.try_into().expect("eight bytes")));
        }
        let rest = words.remainder();
        self.pending[..rest.len()].copy_from_slice(rest);
        self.filled = rest.len();
    }

    /// The hash: the last (partial, zero-padded) word, then murmur3's finaliser.
    pub(super) fn finish(self) -> u64 {
        let mut last = [0u8; 8];
        last[..self.filled].copy_from_slice(&self.pending[..self.filled]);
        let mut h = (self.h ^ u64::from_le_bytes(last)).wrapping_mul(K);
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

/// The HASH of a file's header: `hash64` of its body, folded to 32 bits.
pub fn body_hash(b: &[u8]) -> u32 {
    fold(hash64(b))
}

/// A [`hash64`] folded to 32 bits.
pub(super) fn fold(h: u64) -> u32 {
    (h ^ (h >> 32)) as u32
}

/// FNV-1a, 32 bits (where a shard is cut, a chunk group's check).
pub fn fnv(b: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &x in b {
        h ^= u32::from(x);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// The `pages` line: each page's number of sections.
pub fn page_counts(counts: &[u32]) -> String {
    let mut s = String::with_capacity(counts.len());
    for &c in counts {
        match char::from_digit(c, 36) {
            Some(ch) => s.push(ch),
            None => s.push_str(&format!("{{{c}}}")),
        }
    }
    s
}

/// Writes a file's header (its check and the hash of its body) into its first
/// [`HEADER_LEN`] bytes.
pub(super) fn set_header(file: &mut [u8], check: u32, hash: u32) {
    let head = format!("{check:016x}\t{hash:08x}\n");
    debug_assert_eq!(head.len(), HEADER_LEN);
    file[..HEADER_LEN].copy_from_slice(head.as_bytes());
}

/// The check of each group of `CHUNK_GROUP` page chunks, from the chunks' hashes.
pub(super) fn group_checks(chunk_hashes: &[u32]) -> Vec<u32> {
    chunk_hashes.chunks(CHUNK_GROUP).map(group_check).collect()
}

/// The check of one group of page chunks (at most `CHUNK_GROUP`), from their hashes.
pub(super) fn group_check(hashes: &[u32]) -> u32 {
    fnv(&hashes
        .iter()
        .flat_map(|h| h.to_le_bytes())
        .collect::<Vec<u8>>())
}

/// The manifest file, header included: `docs` documents, each page's number of sections,
/// the first term of every shard but the first, the shards' hashes and the chunk groups'
/// checks.
pub(super) fn manifest_file(
    docs: u32,
    counts: &[u32],
    bounds: &[&str],
    shard_hashes: &[u32],
    groups: &[u32],
) -> Vec<u8> {
    use std::fmt::Write as _;
    let mut m = " ".repeat(HEADER_LEN);
    let _ = write!(
        m,
        "{SIGNATURE}\ndocs\t{docs}\nlevels\t{LEVELS}\ntokenizer\t{TOKENIZER}\npages\t{}\nshards\t{}\nchecks\t",
        page_counts(counts),
        bounds.join("\t")
    );
    for h in shard_hashes {
        let _ = write!(m, "{h:08x}");
    }
    m.push_str("\ngroups\t");
    for h in groups {
        let _ = write!(m, "{h:08x}");
    }
    m.push('\n');
    let mut m = m.into_bytes();
    let hash = body_hash(&m[HEADER_LEN..]);
    set_header(&mut m, hash, hash);
    m
}

/// Reads a line of checks: 8 hex digits each.
fn read_checks(s: &str) -> Option<Vec<u32>> {
    if s.len() % 8 != 0 || !s.is_ascii() {
        return None;
    }
    (0..s.len())
        .step_by(8)
        .map(|i| u32::from_str_radix(&s[i..i + 8], 16).ok())
        .collect()
}

/// Reads the `pages` line back.
fn read_counts(s: &str) -> Option<Vec<u32>> {
    let mut out = Vec::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '{' {
            let n: String = chars.by_ref().take_while(|&c| c != '}').collect();
            out.push(n.parse().ok()?);
        } else {
            out.push(c.to_digit(36)?);
        }
    }
    Some(out)
}

/// The check and body of a search file, after checking the body's hash.
pub fn split(text: &str) -> Result<(&str, &str), LoadError> {
    let (head, body) = text.split_once('\n').ok_or(LoadError::Corrupt)?;
    let (check, hash) = head.split_once('\t').ok_or(LoadError::Corrupt)?;
    let hash = u32::from_str_radix(hash, 16).map_err(|_| LoadError::Corrupt)?;
    if body_hash(body.as_bytes()) != hash {
        return Err(LoadError::Corrupt);
    }
    Ok((check, body))
}

/// Whether a file's check (as [`split`] returns it) is `expected`.
pub(super) fn check_is(check: &str, expected: u32) -> bool {
    check.len() == 16 && u64::from_str_radix(check, 16) == Ok(u64::from(expected))
}

/// What the manifest says.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Manifest {
    /// Version of the index (the manifest's check).
    pub version: String,
    /// Number of documents (sections).
    pub docs: u32,
    /// First document of each page, and the number of documents at the end.
    pub page_start: Vec<u32>,
    /// First term of every shard but the first.
    pub bounds: Vec<String>,
    /// Each shard's check.
    pub shard_checks: Vec<u32>,
    /// Each group of `CHUNK_GROUP` page chunks' check.
    pub group_checks: Vec<u32>,
}

/// Reads a manifest; an index written for another tokenizer or format is refused.
pub fn manifest(text: &str) -> Result<Manifest, LoadError> {
    let (version, body) = split(text)?;
    let mut lines = body.lines();
    if lines.next() != Some(SIGNATURE) {
        return Err(LoadError::Format);
    }
    let mut m = Manifest {
        version: version.to_string(),
        ..Manifest::default()
    };
    let mut counts = None;
    for line in lines {
        let (key, value) = line.split_once('\t').unwrap_or((line, ""));
        match key {
            "docs" => m.docs = value.parse().map_err(|_| LoadError::Corrupt)?,
            "levels" if value != LEVELS.to_string() => return Err(LoadError::Format),
            "tokenizer" if value != TOKENIZER => return Err(LoadError::Format),
            "pages" => counts = Some(read_counts(value).ok_or(LoadError::Corrupt)?),
            "shards" => {
                m.bounds = value
                    .split('\t')
                    .filter(|b| !b.is_empty())
                    .map(str::to_string)
                    .collect()
            }
            "checks" => m.shard_checks = read_checks(value).ok_or(LoadError::Corrupt)?,
            "groups" => m.group_checks = read_checks(value).ok_or(LoadError::Corrupt)?,
            _ => {}
        }
    }
    let counts = counts.ok_or(LoadError::Corrupt)?;
    if m.shard_checks.len() != m.bounds.len() + 1
        || m.group_checks.len() != counts.len().div_ceil(CHUNK_GROUP)
    {
        return Err(LoadError::Corrupt);
    }
    let mut at = 0u32;
    m.page_start.push(0);
    for c in counts {
        at = at.checked_add(c).ok_or(LoadError::Corrupt)?;
        m.page_start.push(at);
    }
    if at != m.docs {
        return Err(LoadError::Corrupt);
    }
    Ok(m)
}

/// One posting: a document and its weight level, with the high bit set for a section
/// without text.
pub type Posting = (u32, u8);

/// Bit of a posting's weight byte set for a section without text of its own.
pub const BARE: u8 = 0x80;

/// The terms of a shard body and their postings (documents below `docs`).
pub fn shard(body: &str, docs: u32) -> Result<Vec<(String, Vec<Posting>)>, LoadError> {
    let mut out = Vec::new();
    for line in body.lines() {
        let (term, posts) = line.split_once('\t').ok_or(LoadError::Corrupt)?;
        let mut v = Vec::new();
        let (mut doc, mut gap) = (0u32, 0u32);
        for b in posts.bytes() {
            match b {
                b'0'..=b'9' => {
                    gap = gap
                        .checked_mul(10)
                        .and_then(|g| g.checked_add(u32::from(b - b'0')))
                        .ok_or(LoadError::Corrupt)?
                }
                b'a'..=b'z' | b'A'..=b'Z' => {
                    doc = doc.checked_add(gap.max(1)).ok_or(LoadError::Corrupt)?;
                    gap = 0;
                    let (q, bare) = if b.is_ascii_lowercase() {
                        (b - b'a' + 1, 0)
                    } else {
                        (b - b'A' + 1, BARE)
                    };
                    if q > LEVELS || doc > docs {
                        return Err(LoadError::Corrupt);
                    }
                    v.push((doc - 1, q | bare));
                }
                _ => return Err(LoadError::Corrupt),
            }
        }
        if gap != 0 || v.is_empty() {
            return Err(LoadError::Corrupt);
        }
        out.push((term.to_string(), v));
    }
    Ok(out)
}

/// One page of results as its chunk holds it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PageDocs {
    /// URL of the page (relative to the site root).
    pub url: String,
    /// Title.
    pub title: String,
    /// Sections: (anchor, heading, text).
    pub sections: Vec<(String, String, String)>,
}

/// Reads the body of page `n`'s chunk, with `sections` sections.
pub fn chunk(body: &str, n: u32, sections: usize) -> Result<PageDocs, LoadError> {
    let mut lines = body.lines();
    let mut first = lines.next().unwrap_or("").splitn(3, '\t');
    let (Some(page), Some(url), Some(title)) = (first.next(), first.next(), first.next()) else {
        return Err(LoadError::Corrupt);
    };
    if page != n.to_string() {
        return Err(LoadError::Corrupt);
    }
    let mut p = PageDocs {
        url: url.into(),
        title: title.into(),
        sections: Vec::with_capacity(sections),
    };
    for line in lines {
        let mut f = line.splitn(3, '\t');
        let (Some(a), Some(h), Some(t)) = (f.next(), f.next(), f.next()) else {
            return Err(LoadError::Corrupt);
        };
        p.sections.push((a.into(), h.into(), t.into()));
    }
    if p.sections.len() != sections {
        return Err(LoadError::Corrupt);
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_matches_its_reference_values() {
        assert_eq!(fnv(b""), 0x811c_9dc5);
        assert_eq!(fnv(b"a"), 0xe40c_292c);
        assert_eq!(fnv(b"foobar"), 0xbf9c_f968);
    }

    /// The body hash tells apart every body of one length that differs in one byte, and
    /// bodies cut short; its 32 bits spread (no bit stuck) and match the byte-wise rule.
    #[test]
    fn a_body_hash_changes_with_any_byte_and_with_the_length() {
        let body: Vec<u8> = (0..200u32).map(|i| (i * 7 % 251) as u8).collect();
        let h = hash64(&body);
        let mut seen = std::collections::HashSet::new();
        for i in 0..body.len() {
            for bit in 0..8 {
                let mut b = body.clone();
                b[i] ^= 1 << bit;
                assert_ne!(hash64(&b), h, "byte {i} bit {bit}");
                assert!(
                    seen.insert(body_hash(&b)),
                    "a 32-bit collision at {i}.{bit}"
                );
            }
        }
        for n in 0..body.len() {
            assert_ne!(hash64(&body[..n]), h, "cut at {n}");
        }
        // Two bits changed, anywhere in 64 bytes: 130,816 bodies, no two alike.
        let short = &body[..64];
        let mut twice = std::collections::HashSet::new();
        for a in 0..512 {
            for b in a + 1..512 {
                let mut v = short.to_vec();
                v[a / 8] ^= 1 << (a % 8);
                v[b / 8] ^= 1 << (b % 8);
                assert!(twice.insert(hash64(&v)), "bits {a} and {b}");
            }
        }
        // Handed in piece by piece, cut anywhere: the same hash.
        for cuts in [
            vec![],
            vec![0],
            vec![1, 2],
            vec![7, 8, 9],
            vec![3, 11, 64, 65, 199],
        ] {
            let mut hasher = Hasher64::new(body.len());
            let mut at = 0;
            for c in cuts.into_iter().chain([body.len()]) {
                hasher.write(&body[at..c]);
                at = c;
            }
            assert_eq!(hasher.finish(), h);
        }
        // A trailing zero byte is not the same as no byte.
        assert_ne!(hash64(b"abc"), hash64(b"abc\0"));
        // Every bit of the folded hash is set by some body and clear in another.
        let (mut ones, mut zeros) = (0u32, 0u32);
        for n in 0..64u32 {
            let h = body_hash(&n.to_le_bytes());
            (ones, zeros) = (ones | h, zeros | !h);
        }
        assert_eq!((ones, zeros), (u32::MAX, u32::MAX));
        assert_eq!(body_hash(&body), fold(h));
    }

    #[test]
    fn page_counts_round_trip() {
        let c = [1, 0, 9, 10, 35, 36, 400];
        assert_eq!(page_counts(&c), "109az{36}{400}");
        assert_eq!(read_counts(&page_counts(&c)).unwrap(), c);
        assert!(read_counts("1{x}").is_none());
        assert!(read_counts("1-").is_none());
    }

    #[test]
    fn postings_decode_gaps_and_weights() {
        // Documents 0 (weight 3), 1 (weight 1), 5 (weight 16), 6 (bare, weight 2).
        let body = "客户\tca4pB\n";
        let t = shard(body, 7).unwrap();
        assert_eq!(
            t,
            [(
                "客户".to_string(),
                vec![(0, 3), (1, 1), (5, 16), (6, 2 | BARE)]
            )]
        );
        assert_eq!(
            shard(body, 6),
            Err(LoadError::Corrupt),
            "a document past the end"
        );
        assert_eq!(shard("x\ta?\n", 7), Err(LoadError::Corrupt));
        assert_eq!(
            shard("x\t3\n", 7),
            Err(LoadError::Corrupt),
            "a gap without a document"
        );
    }

    #[test]
    fn a_damaged_body_is_refused() {
        let body = "playbook-search 4\ndocs\t0\npages\t\nchecks\t0000abcd\ngroups\t\n";
        let file = format!("{:016x}\t{:08x}\n{body}", 7, body_hash(body.as_bytes()));
        assert_eq!(split(&file).unwrap(), ("0000000000000007", body));
        assert!(manifest(&file).is_ok());
        assert_eq!(split(&file[..file.len() - 3]), Err(LoadError::Corrupt));
        assert_eq!(
            split(&file.replace("docs", "dics")),
            Err(LoadError::Corrupt)
        );
        assert_eq!(split("no header"), Err(LoadError::Corrupt));
        // A check per shard (here one) and per chunk group (here none).
        for bad in [
            "checks\t0000abcd0000abcd\n",
            "checks\t0000abc\n",
            "checks\t\n",
        ] {
            let body = body.replace("checks\t0000abcd\n", bad);
            let file = format!("{:016x}\t{:08x}\n{body}", 7, body_hash(body.as_bytes()));
            assert_eq!(manifest(&file), Err(LoadError::Corrupt), "{bad}");
        }
    }

    #[test]
    fn a_manifest_lists_each_shards_hash_and_each_chunk_groups_check() {
        let counts = vec![1; CHUNK_GROUP + 1];
        let chunks: Vec<u32> = (0..CHUNK_GROUP as u32 + 1).collect();
        let groups = group_checks(&chunks);
        assert_eq!(groups.len(), 2, "65 chunks make two groups");
        let bytes: Vec<u8> = chunks[..CHUNK_GROUP]
            .iter()
            .flat_map(|h| h.to_le_bytes())
            .collect();
        assert_eq!(groups[0], fnv(&bytes));
        assert_eq!(groups[1], fnv(&CHUNK_GROUP.to_le_bytes()[..4]));
        let m = manifest_file(65, &counts, &["b"], &[0xdead_beef, 1], &groups);
        let text = String::from_utf8(m).unwrap();
        let read = manifest(&text).unwrap();
        assert_eq!(read.shard_checks, [0xdead_beef, 1]);
        assert_eq!(read.group_checks, groups);
        let (check, body) = split(&text).unwrap();
        assert!(
            check_is(check, body_hash(body.as_bytes())),
            "the manifest's check is its hash"
        );
        assert_eq!(read.version, check);
        assert!(body.contains("\nchecks\tdeadbeef00000001\n"), "{body}");
        assert!(!check_is("00000000deadbeef0", 0xdead_beef));
        assert!(check_is("00000000deadbeef", 0xdead_beef));
    }
}
