//! The search files and their line formats (no JSON parser in the wasm module). Every file
//! starts with a header line, `VERSION<TAB>HASH`: the version of the whole index (a hash
//! of every file's body; a file of another build is stale) and the FNV-1a hash of the
//! file's own body (a truncated or damaged file is corrupt).
//!
//! - `manifest.txt`: `playbook-search 2`, then `docs<TAB>N`, `levels<TAB>L`,
//!   `tokenizer<TAB>…` (the tokenizer's parameters), `pages<TAB>…` (the number of sections
//!   of each page, one character each: `0`–`9`, `a`–`z`, or `{N}`), `shards<TAB>…` (the
//!   first term of every shard but the first).
//! - `t/N.txt`: `term<TAB>postings` per term, in byte order; postings are, per document,
//!   the gap from the previous one (the first: its number plus one), left out when 1, and a
//!   weight letter (`a`… for a section with text, `A`… for a section without).
//! - `d/N.txt`: page N: `N<TAB>url<TAB>title`, then `anchor<TAB>heading<TAB>text` per section.

use super::LoadError;

/// First line of a manifest body: the format and its version.
pub const SIGNATURE: &str = "playbook-search 2";

/// The tokenizer's parameters, written in the manifest: a reader that tokenizes
/// differently refuses the index instead of missing terms.
pub const TOKENIZER: &str = "han:1,2;latin:lower,plural;compound:+-./:%;fold:ts333;prefix:3";

/// Weight levels of a posting.
pub const LEVELS: u8 = 26;

/// The largest term-frequency weight (BM25's k1 + 1).
pub const MAX_WEIGHT: f64 = 2.2;

/// Length of the header line: 16 hex digits, a tab, 8 hex digits, a line break.
pub const HEADER_LEN: usize = 26;

/// FNV-1a, 32 bits.
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

/// The version and body of a search file, after checking the body's hash.
pub fn split(text: &str) -> Result<(&str, &str), LoadError> {
    let (head, body) = text.split_once('\n').ok_or(LoadError::Corrupt)?;
    let (version, hash) = head.split_once('\t').ok_or(LoadError::Corrupt)?;
    let hash = u32::from_str_radix(hash, 16).map_err(|_| LoadError::Corrupt)?;
    if fnv(body.as_bytes()) != hash {
        return Err(LoadError::Corrupt);
    }
    Ok((version, body))
}

/// What the manifest says.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Manifest {
    /// Version of the index.
    pub version: String,
    /// Number of documents (sections).
    pub docs: u32,
    /// First document of each page, and the number of documents at the end.
    pub page_start: Vec<u32>,
    /// First term of every shard but the first.
    pub bounds: Vec<String>,
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
            _ => {}
        }
    }
    let counts = counts.ok_or(LoadError::Corrupt)?;
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
        let body = "playbook-search 2\ndocs\t0\npages\t\n";
        let file = format!("{:016x}\t{:08x}\n{body}", 7, fnv(body.as_bytes()));
        assert_eq!(split(&file).unwrap(), ("0000000000000007", body));
        assert!(manifest(&file).is_ok());
        assert_eq!(split(&file[..file.len() - 3]), Err(LoadError::Corrupt));
        assert_eq!(
            split(&file.replace("docs", "dics")),
            Err(LoadError::Corrupt)
        );
        assert_eq!(split("no header"), Err(LoadError::Corrupt));
    }
}
