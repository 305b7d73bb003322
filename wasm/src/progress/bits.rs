//! Bit-level writer and reader for the packed progress and the hand-in code, with the two
//! number encodings they use (fixed width and variable length in small chunks), short
//! ASCII names in a 6-bit alphabet, and Crockford base32 for the text form.
//!
//! Input: numbers, names and bytes; output: bytes or text. Must not allocate per bit or
//! panic on any input: the reader returns `None` when the data runs out.

/// Appends values bit by bit, most significant bit first.
#[derive(Default)]
pub struct BitWriter {
    bytes: Vec<u8>,
    /// Bits used in the last byte (0 = the last byte is full or there is none).
    used: u8,
}

impl BitWriter {
    /// Writes the low `width` bits of `value` (`width` ≤ 32).
    pub fn put(&mut self, value: u32, width: u8) {
        for i in (0..width).rev() {
            let bit = ((value >> i) & 1) as u8;
            if self.used == 0 {
                self.bytes.push(0);
            }
            let last = self.bytes.len() - 1;
            self.bytes[last] |= bit << (7 - self.used);
            self.used = (self.used + 1) % 8;
        }
    }

    /// Writes `value` in chunks of `chunk` bits, each followed by a continuation bit.
    pub fn var(&mut self, mut value: u32, chunk: u8) {
        loop {
            self.put(value & ((1 << chunk) - 1), chunk);
            value >>= chunk;
            self.put(u32::from(value != 0), 1);
            if value == 0 {
                break;
            }
        }
    }

    /// Writes a name in the 6-bit alphabet (see [`NAME_ALPHABET`]): its length, then its
    /// characters. Characters outside the alphabet are the caller's to reject.
    pub fn name(&mut self, s: &str) {
        let codes: Vec<u32> = s.bytes().filter_map(name_code).collect();
        self.var(codes.len() as u32, 3);
        for c in codes {
            self.put(c, 6);
        }
    }

    /// Writes a UTF-8 text: its length in bytes, then the bytes.
    pub fn text(&mut self, s: &str) {
        self.var(s.len() as u32, 4);
        for b in s.bytes() {
            self.put(u32::from(b), 8);
        }
    }

    /// The bytes written so far, the last one padded with zero bits.
    pub fn finish(self) -> Vec<u8> {
        self.bytes
    }
}

/// Reads what a [`BitWriter`] wrote.
pub struct BitReader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> BitReader<'a> {
    /// A reader at the first bit of `bytes`.
    pub fn new(bytes: &'a [u8]) -> Self {
        BitReader { bytes, pos: 0 }
    }

    /// Reads `width` bits (≤ 32), or `None` past the end.
    pub fn get(&mut self, width: u8) -> Option<u32> {
        let mut v: u32 = 0;
        for _ in 0..width {
            let byte = *self.bytes.get(self.pos / 8)?;
            let bit = (byte >> (7 - (self.pos % 8))) & 1;
            v = (v << 1) | u32::from(bit);
            self.pos += 1;
        }
        Some(v)
    }

    /// Reads a [`BitWriter::var`] number; `None` past the end or beyond 32 bits.
    pub fn var(&mut self, chunk: u8) -> Option<u32> {
        let mut v: u64 = 0;
        let mut shift = 0u32;
        loop {
            let part = u64::from(self.get(chunk)?);
            v |= part << shift;
            shift += u32::from(chunk);
            if self.get(1)? == 0 {
                break;
            }
            if shift >= 32 {
                return None;
            }
        }
        u32::try_from(v).ok()
    }

    /// Reads a [`BitWriter::name`].
    pub fn name(&mut self) -> Option<String> {
        let len = self.var(3)? as usize;
        let mut s = String::with_capacity(len.min(64));
        for _ in 0..len {
            s.push(char::from(NAME_ALPHABET[self.get(6)? as usize]));
        }
        Some(s)
    }

    /// Reads a [`BitWriter::text`]; `None` when it is not UTF-8.
    pub fn text(&mut self) -> Option<String> {
        let len = self.var(4)? as usize;
        if len > self.remaining() / 8 {
            return None;
        }
        let bytes: Option<Vec<u8>> = (0..len).map(|_| self.get(8).map(|b| b as u8)).collect();
        String::from_utf8(bytes?).ok()
    }

    /// Bits not read yet (including the padding of the last byte).
    pub fn remaining(&self) -> usize {
        (self.bytes.len() * 8).saturating_sub(self.pos)
    }
}

/// The characters a name (quiz id, question id, language code) may use, by code.
pub const NAME_ALPHABET: &[u8; 64] =
    b"abcdefghijklmnopqrstuvwxyz0123456789-_ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/// The 6-bit code of a name character.
pub fn name_code(b: u8) -> Option<u32> {
    NAME_ALPHABET.iter().position(|c| *c == b).map(|i| i as u32)
}

/// Whether every character of `s` can be written by [`BitWriter::name`].
pub fn is_name(s: &str) -> bool {
    s.bytes().all(|b| name_code(b).is_some())
}

/// Crockford's base32 alphabet: digits and upper-case letters without I, L, O and U.
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Bytes → Crockford base32 (upper case, no padding).
pub fn base32(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 8 / 5 + 1);
    let mut r = BitReader::new(bytes);
    let total = bytes.len() * 8;
    let mut done = 0;
    while done < total {
        let take = (total - done).min(5) as u8;
        let v = r.get(take).unwrap_or(0) << (5 - take);
        out.push(char::from(CROCKFORD[v as usize]));
        done += usize::from(take);
    }
    out
}

/// Crockford base32 → bytes. Lower case is read as upper case, `O` as 0 and `I`/`L` as 1;
/// spaces and dashes are skipped. Returns the offending character otherwise.
pub fn unbase32(text: &str) -> Result<Vec<u8>, char> {
    let mut w = BitWriter::default();
    let mut bits = 0usize;
    for c in text.chars() {
        let v = match c.to_ascii_uppercase() {
            ' ' | '-' | '\t' => continue,
            'O' => 0,
            'I' | 'L' => 1,
            u => match CROCKFORD.iter().position(|x| char::from(*x) == u) {
                Some(v) => v as u32,
                None => return Err(c),
            },
        };
        w.put(v, 5);
        bits += 5;
    }
    let mut bytes = w.finish();
    bytes.truncate(bits / 8);
    Ok(bytes)
}

/// The names table of a packed section: its languages and ids, each sorted and without
/// repeats, written as the languages' count (in `lang_chunk`-bit chunks) and names, then
/// the ids' count and each id as (the prefix it shares with the one before, the rest).
/// Returns the sorted tables, whose positions the entries then refer to.
pub fn put_names<'a>(
    w: &mut BitWriter,
    langs: impl Iterator<Item = &'a str>,
    ids: impl Iterator<Item = &'a str>,
    lang_chunk: u8,
) -> (Vec<&'a str>, Vec<&'a str>) {
    let mut langs: Vec<&str> = langs.collect();
    let mut ids: Vec<&str> = ids.collect();
    for v in [&mut langs, &mut ids] {
        v.sort_unstable();
        v.dedup();
    }
    w.var(langs.len() as u32, lang_chunk);
    for l in &langs {
        w.name(l);
    }
    w.var(ids.len() as u32, 3);
    let mut prev = "";
    for id in &ids {
        let shared = prev
            .bytes()
            .zip(id.bytes())
            .take_while(|(a, b)| a == b)
            .count();
        w.var(shared as u32, 3);
        w.name(&id[shared..]);
        prev = id;
    }
    (langs, ids)
}

/// A count read in `chunk`-bit chunks; `None` when the data ends first or the count is
/// larger than the bits left (every counted item takes at least one bit: corrupt data).
pub fn count(r: &mut BitReader, chunk: u8) -> Option<usize> {
    let n = r.var(chunk)? as usize;
    (n <= r.remaining()).then_some(n)
}

/// Reads what [`put_names`] wrote: (languages, ids); `Err(true)` when the data ends first,
/// `Err(false)` when an id's shared prefix is longer than the id before it.
pub fn get_names(r: &mut BitReader, lang_chunk: u8) -> Result<(Vec<String>, Vec<String>), bool> {
    let n = count(r, lang_chunk).ok_or(true)?;
    let langs: Vec<String> = (0..n)
        .map(|_| r.name().ok_or(true))
        .collect::<Result<_, _>>()?;
    let n = count(r, 3).ok_or(true)?;
    let mut ids: Vec<String> = Vec::with_capacity(n);
    for _ in 0..n {
        let shared = r.var(3).ok_or(true)? as usize;
        let rest = r.name().ok_or(true)?;
        let prev = ids.last().map(String::as_str).unwrap_or("");
        let head = prev.get(..shared).ok_or(false)?;
        ids.push(format!("{head}{rest}"));
    }
    Ok((langs, ids))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_names_and_texts_round_trip() {
        let mut w = BitWriter::default();
        w.put(5, 3);
        w.var(0, 3);
        w.var(7, 3);
        w.var(8, 3);
        w.var(u32::MAX, 4);
        w.name("value-why_Customers9");
        w.text("张三 <x>");
        w.put(0xBEEF, 16);
        let bytes = w.finish();
        let mut r = BitReader::new(&bytes);
        assert_eq!(r.get(3), Some(5));
        assert_eq!(r.var(3), Some(0));
        assert_eq!(r.var(3), Some(7));
        assert_eq!(r.var(3), Some(8));
        assert_eq!(r.var(4), Some(u32::MAX));
        assert_eq!(r.name().as_deref(), Some("value-why_Customers9"));
        assert_eq!(r.text().as_deref(), Some("张三 <x>"));
        assert_eq!(r.get(16), Some(0xBEEF));
        assert!(r.remaining() < 8);
        assert_eq!(r.get(8), None, "reading past the end is None, not a panic");
    }

    #[test]
    fn small_numbers_are_small() {
        let mut w = BitWriter::default();
        w.var(7, 3);
        assert_eq!(w.used, 4, "0..=7 in one chunk and a stop bit");
    }

    #[test]
    fn base32_is_crockford_and_forgiving() {
        assert_eq!(base32(b""), "");
        assert_eq!(base32(&[0xFF]), "ZW");
        assert_eq!(base32(b"hello"), "D1JPRV3F");
        for bytes in [
            vec![],
            vec![0],
            vec![1, 2, 3],
            (0..=255).collect::<Vec<u8>>(),
        ] {
            assert_eq!(unbase32(&base32(&bytes)).unwrap(), bytes);
        }
        assert_eq!(unbase32("d1jp-rv3f").unwrap(), b"hello");
        assert_eq!(unbase32("D1JP RV3F").unwrap(), b"hello");
        assert_eq!(unbase32("0O").unwrap(), unbase32("00").unwrap());
        assert_eq!(unbase32("1IL1").unwrap(), unbase32("1111").unwrap());
        assert_eq!(unbase32("D1JU"), Err('U'));
    }
}
