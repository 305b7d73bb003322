//! A term's line of postings in the shard format, encoded from its documents or spliced:
//! the weight level of each posting and the range of average section lengths over which
//! it holds ([`Levels`]), the whole line ([`encode`]), and a line whose postings changed
//! only within a stretch of documents ([`splice`]). Must produce exactly the bytes the
//! writer's encoding produces (the update tests compare them).

use super::super::files::LEVELS;
use super::super::write::{level, push_decimal};

/// Frequencies up to this many have their level and range kept per document during an
/// update (most postings have a frequency of 1 to 4: a title or heading token counts 3).
const MEMO_TF: u32 = 4;

/// The level of a posting and the range of averages over which it holds
/// ([`level`], [`holds`]), computed once per document and frequency in an update: the
/// long posting lists of common terms visit every document, so an update that encodes a
/// few hundred lines again computes each of these once instead of once per line.
pub(super) struct Levels<'a> {
    lengths: &'a [u32],
    bare: &'a [bool],
    avg: f64,
    /// Per document and frequency 1..=MEMO_TF: (letter, lo, hi); letter 0 = not yet.
    memo: Vec<(u8, f64, f64)>,
}

impl<'a> Levels<'a> {
    pub(super) fn new(lengths: &'a [u32], bare: &'a [bool], avg: f64) -> Levels<'a> {
        Levels {
            lengths,
            bare,
            avg,
            memo: vec![(0, 0.0, 0.0); lengths.len() * MEMO_TF as usize],
        }
    }

    /// The weight letter of a posting of frequency `tf` in document `d`, and its range.
    fn get(&mut self, d: u32, tf: u32) -> (u8, f64, f64) {
        let compute = |s: &Self| {
            let len = s.lengths[d as usize];
            let q = level(tf, len, s.avg);
            let letter = if s.bare[d as usize] { b'A' } else { b'a' } + q - 1;
            let (lo, hi) = holds(tf, len, q);
            (letter, lo, hi)
        };
        if tf == 0 || tf > MEMO_TF {
            return compute(self);
        }
        let at = d as usize * MEMO_TF as usize + (tf - 1) as usize;
        if self.memo[at].0 == 0 {
            self.memo[at] = compute(self);
        }
        self.memo[at]
    }
}

/// A term's postings in the shard format (as the writer encodes them), and the open range
/// of average lengths within which every weight level in it stays the same; `prev` is the
/// document before the first (plus one; 0 at the start of a line).
pub(super) fn encode(
    docs: &[(u32, u32)],
    prev: u32,
    levels: &mut Levels<'_>,
) -> (Vec<u8>, f64, f64) {
    let mut out = Vec::with_capacity(docs.len() * 2);
    let (lo, hi) = encode_into(&mut out, docs, prev, levels);
    (out, lo, hi)
}

/// [`encode`], appending to `out`.
fn encode_into(
    out: &mut Vec<u8>,
    docs: &[(u32, u32)],
    mut prev: u32,
    levels: &mut Levels<'_>,
) -> (f64, f64) {
    let (mut lo, mut hi) = (0.0f64, f64::INFINITY);
    for &(d, tf) in docs {
        let doc = d + 1;
        let gap = doc - prev;
        prev = doc;
        if gap != 1 {
            push_decimal(out, gap);
        }
        let (letter, l, h) = levels.get(d, tf);
        out.push(letter);
        lo = lo.max(l);
        hi = hi.min(h);
    }
    (lo, hi)
}

/// A term's line after the postings at documents `first..=last` changed, the others
/// keeping their levels, spliced in place: the stretch is encoded from `docs` (with the
/// gap of the first posting after it) into `scratch` and replaces the bytes it had in
/// `line`, if they differ. Returns whether the line changed, the range of averages over
/// which the encoded postings hold (to be narrowed by the old line's) and the number of
/// postings encoded.
///
/// The postings outside the stretch are the same in the line and in `docs`, so the
/// stretch is found in the line by counting postings (one weight letter each), not by
/// reading gaps; the bytes before and after it stay where they are.
pub(super) fn splice(
    line: &mut Vec<u8>,
    docs: &[(u32, u32)],
    first: u32,
    last: u32,
    levels: &mut Levels<'_>,
    scratch: &mut Vec<u8>,
) -> (bool, f64, f64, usize) {
    let i0 = seek(docs, first);
    let i1 = seek_after(docs, i0, last + 1);
    // The stretch starts after the posting before it (document plus one), or at the start.
    let start = if i0 == 0 { 0 } else { after_letter(line, i0) };
    let before = if i0 == 0 { 0 } else { docs[i0 - 1].0 + 1 };
    scratch.clear();
    let (lo, hi) = encode_into(scratch, &docs[i0..i1], before, levels);
    // The first posting after the stretch: its gap is written again, its letter and the
    // rest of the line kept.
    let end = match docs.get(i1) {
        Some(&(doc, _)) => {
            let prev = docs[..i1].last().map_or(0, |d| d.0 + 1);
            if doc + 1 - prev != 1 {
                push_decimal(scratch, doc + 1 - prev);
            }
            letter_from_end(line, docs.len() - i1)
        }
        None => line.len(),
    };
    let changed = line[start..end] != scratch[..];
    if changed {
        line.splice(start..end, scratch.iter().copied());
    }
    (changed, lo, hi, i1 - i0)
}

/// The number of postings of `docs` (sorted by document) before document `target`:
/// `docs.partition_point(|d| d.0 < target)`, found near where an even spread of the
/// documents would put it, then by steps that double. An update visits a few thousand
/// lists that are no longer in the cache: a binary search waits for a dozen memory reads
/// one after the other, this mostly for two or three on neighbouring lines.
pub(super) fn seek(docs: &[(u32, u32)], target: u32) -> usize {
    seek_from(docs, target, None)
}

/// [`seek`] from index `from` on (the answer is known to be there or after).
pub(super) fn seek_after(docs: &[(u32, u32)], from: usize, target: u32) -> usize {
    from + seek_from(&docs[from..], target, Some(0))
}

fn seek_from(docs: &[(u32, u32)], target: u32, guess: Option<usize>) -> usize {
    let n = docs.len();
    let (Some(first), Some(last)) = (docs.first(), docs.last()) else {
        return 0;
    };
    if target <= first.0 {
        return 0;
    }
    if target > last.0 {
        return n;
    }
    // docs[0] < target <= docs[n - 1]: the answer is in 1..n.
    let g = guess.unwrap_or_else(|| {
        let span = u64::from(last.0 - first.0).max(1);
        (u64::from(target - first.0) * (n as u64 - 1) / span) as usize
    });
    let g = g.clamp(1, n - 1);
    let (lo, hi) = if docs[g - 1].0 < target {
        // The answer is at g or after: step up until a document at or past the target.
        let mut step = 1;
        let mut lo = g;
        loop {
            let at = (lo + step).min(n - 1);
            if docs[at - 1].0 >= target || at == n - 1 {
                break (lo, at);
            }
            lo = at;
            step *= 2;
        }
    } else {
        // Before g: step down until a document before the target.
        let mut step = 1;
        let mut hi = g;
        loop {
            let at = hi.saturating_sub(step).max(1);
            if docs[at - 1].0 < target || at == 1 {
                break (at, hi);
            }
            hi = at;
            step *= 2;
        }
    };
    // docs[lo - 1] < target, and the answer is at most hi.
    lo + docs[lo..hi].partition_point(|d| d.0 < target)
}

/// A byte of a line is a weight letter (a posting's last byte) when its bit 6 is set:
/// letters are `A`–`Z` and `a`–`z`, gaps digits.
const LETTER_BITS: u64 = 0x4040_4040_4040_4040;

/// Of `words` (eight bytes each), how many in a row hold fewer than `k` weight letters in
/// all, and how many letters those hold.
fn skip<'a>(words: impl Iterator<Item = &'a [u8]>, k: usize) -> (usize, usize) {
    let (mut skipped, mut seen) = (0, 0);
    for w in words {
        let n = (u64::from_le_bytes(w.try_into().expect("eight bytes")) & LETTER_BITS).count_ones()
            as usize;
        if seen + n >= k {
            break;
        }
        seen += n;
        skipped += 1;
    }
    (skipped, seen)
}

/// The offset just after the `k`th weight letter of a line (`k` ≥ 1, at most as many as
/// the line has), counted eight bytes at a time.
fn after_letter(line: &[u8], k: usize) -> usize {
    let (skipped, mut seen) = skip(line.chunks_exact(8), k);
    let at = skipped * 8;
    for (i, &b) in line[at..].iter().enumerate() {
        if b & 0x40 != 0 {
            seen += 1;
            if seen == k {
                return at + i + 1;
            }
        }
    }
    unreachable!("the line has {k} postings")
}

/// The offset of the `k`th weight letter from the end of a line (`k` ≥ 1), counted eight
/// bytes at a time.
fn letter_from_end(line: &[u8], k: usize) -> usize {
    let (skipped, mut seen) = skip(line.rchunks_exact(8), k);
    let end = line.len() - skipped * 8;
    for i in (0..end).rev() {
        if line[i] & 0x40 != 0 {
            seen += 1;
            if seen == k {
                return i;
            }
        }
    }
    unreachable!("the line has {k} postings")
}

/// The average lengths over which a posting of frequency `tf` in a section of length
/// `len` keeps level `q`, narrowed by a margin far above rounding errors (a narrower range
/// only means encoding a line again when it would not have changed).
pub(super) fn holds(tf: u32, len: u32, q: u8) -> (f64, f64) {
    if len == 0 {
        return (0.0, f64::INFINITY);
    }
    // The level is ceil(L · tf / (tf + 1.2 · (0.25 + 0.75 · len / avg))), which grows
    // with avg; it reaches `c` at the average returned (None: never).
    let (tf, len, levels) = (f64::from(tf), f64::from(len), f64::from(LEVELS));
    let at = |c: f64| -> Option<f64> {
        let k = tf * (levels / c - 1.0);
        let d = k / 1.2 - 0.25;
        (d > 0.0).then(|| 0.75 * len / d)
    };
    const MARGIN: f64 = 1e-9;
    let lo = if q > 1 {
        match at(f64::from(q - 1)) {
            Some(a) => a * (1.0 + MARGIN),
            // Unreachable for a posting at level q: never skip it.
            None => f64::INFINITY,
        }
    } else {
        0.0
    };
    let hi = if q < LEVELS {
        at(f64::from(q)).map_or(f64::INFINITY, |a| a * (1.0 - MARGIN))
    } else {
        f64::INFINITY
    };
    (lo, hi)
}
