//! Hand-in codes: a trainee's quiz answers for one course language, with the course
//! version, their name, an optional class code and the time, as one line of text that
//! needs no server (`PB2-` and Crockford base32, a CRC-32 at the end), made in the browser
//! and graded by `playbook results`.
//!
//! Input: a catalog, the browser's quiz records, the name, class and time (the toolkit has
//! no clock); or a pasted line. Output: the code, or what it carries. Must not carry
//! scores that count: the answers travel, and the trainer grades them from the answer key
//! (the self-reported last/best scores are kept only as information).
//!
//! Bytes: total length (16 bits) and its own check (8, so that a damaged length is not
//! mistaken for a cut code) · course version (16) · minutes since 2020-01-01 UTC (26)
//! · UTC offset in quarter hours + 64 (7) · name · class · [`crate::progress`] detailed
//! entries (with their own check) · CRC-32 (ISO-HDLC, as in zip and PNG). `PB2-` codes
//! carry scenario runs after the quiz entries (the packed format 2); `PB1-` codes, made
//! before, are still read.

use crate::progress::bits::{base32, unbase32, BitReader, BitWriter};
use crate::progress::{self, Catalog, Entry, Error, ScenarioEntry};

/// What comes before the base32 text (the `2` is the format).
pub const PREFIX: &str = "PB2-";

/// Longest name and class code, in characters (the form's `maxlength`).
pub const MAX_NAME: usize = 100;

const CRC: crc::Crc<u32, crc::NoTable> = crc::Crc::<u32, crc::NoTable>::new(&crc::CRC_32_ISO_HDLC);

/// 2020-01-01T00:00Z in minutes since 1970-01-01T00:00Z.
const EPOCH_MINUTES: u64 = 26_297_280;

/// What a hand-in code carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HandIn {
    /// [`Catalog::version`] of the language's catalog when the code was made.
    pub version: u16,
    /// Minutes since 1970-01-01T00:00Z.
    pub minutes: u64,
    /// The trainee's UTC offset when the code was made, in minutes (e.g. 480 for UTC+8).
    pub offset: i32,
    /// The trainee's name (or e-mail address) as typed, trimmed.
    pub name: String,
    /// The class code, possibly empty.
    pub class: String,
    /// The quizzes taken, with the answers.
    pub entries: Vec<Entry>,
    /// The scenario runs, with the last finished path (none in a `PB1-` code).
    pub scenarios: Vec<ScenarioEntry>,
}

impl HandIn {
    /// `2026-11-30 13:05 +08:00`: the trainee's local time.
    pub fn local_time(&self) -> String {
        let local = self.minutes as i64 + i64::from(self.offset);
        let days = local.div_euclid(1440);
        let m = local.rem_euclid(1440);
        let sign = if self.offset < 0 { '-' } else { '+' };
        let off = self.offset.unsigned_abs();
        format!(
            "{} {:02}:{:02} {sign}{:02}:{:02}",
            progress::civil(days),
            m / 60,
            m % 60,
            off / 60,
            off % 60
        )
    }
}

fn clean(label: &str, s: &str, required: bool) -> Result<String, Error> {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if required && s.is_empty() {
        return Err(Error::new(format!("enter a {label}")));
    }
    if s.chars().count() > MAX_NAME {
        return Err(Error::new(format!(
            "the {label} is too long (at most {MAX_NAME} characters)"
        )));
    }
    Ok(s)
}

/// Makes the code of `records` (the browser's JSON array) against a language's catalog.
pub fn make(
    catalog: &Catalog,
    records_json: &str,
    name: &str,
    class: &str,
    minutes: u64,
    offset: i32,
) -> Result<String, Error> {
    let entries = progress::entries(catalog, records_json)?;
    let scenarios = progress::scenarios::entries(catalog, records_json)?;
    let h = HandIn {
        version: catalog.version(),
        minutes,
        offset,
        name: clean("name", name, true)?,
        class: clean("class code", class, false)?,
        entries,
        scenarios,
    };
    Ok(encode(&h))
}

/// The code of a [`HandIn`].
pub fn encode(h: &HandIn) -> String {
    encode_format(h, 2)
}

/// The code of a [`HandIn`] in `format` 1 (`PB1-`, without the scenario runs: what
/// earlier versions made, for tests) or 2.
pub fn encode_format(h: &HandIn, format: u8) -> String {
    let mut w = BitWriter::default();
    w.put(u32::from(h.version), 16);
    let m = h.minutes.saturating_sub(EPOCH_MINUTES).min((1 << 26) - 1);
    w.put(m as u32, 26);
    w.put(((h.offset / 15).clamp(-64, 63) + 64) as u32, 7);
    w.text(&h.name);
    w.text(&h.class);
    let head = w.finish();
    let body = progress::encode_format(&h.entries, &h.scenarios, true, format);
    let total = 3 + head.len() + body.len() + 4;
    let mut bytes = Vec::with_capacity(total);
    let len = (total.min(0xffff) as u16).to_be_bytes();
    bytes.extend_from_slice(&len);
    bytes.push(length_check(len));
    bytes.extend_from_slice(&head);
    bytes.extend_from_slice(&body);
    let crc = CRC.checksum(&bytes);
    bytes.extend_from_slice(&crc.to_be_bytes());
    format!("PB{format}-{}", base32(&bytes))
}

fn length_check(len: [u8; 2]) -> u8 {
    CRC.checksum(&len).to_be_bytes()[3]
}

/// Characters of base32 text for `n` bytes.
fn chars(n: usize) -> usize {
    (n * 8).div_ceil(5)
}

/// The code in a pasted line: from `PB<digit>-` (any case) to the end of the run of
/// letters, digits and dashes (a code is one word: words around it are not part of it);
/// `None` when the line has no `PB<digit>-`.
pub fn find(line: &str) -> Option<&str> {
    let b = line.as_bytes();
    let start = (0..b.len().saturating_sub(3)).find(|&i| {
        b[i].eq_ignore_ascii_case(&b'P')
            && b[i + 1].eq_ignore_ascii_case(&b'B')
            && b[i + 2].is_ascii_digit()
            && b[i + 3] == b'-'
    })?;
    let rest = &line[start + 4..];
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .unwrap_or(rest.len());
    Some(&line[start..start + 4 + rest[..end].trim_end_matches('-').len()])
}

/// Reads a code (see [`find`] for what may surround it).
pub fn decode(line: &str) -> Result<HandIn, Error> {
    let code = find(line)
        .ok_or_else(|| Error::new("no hand-in code on this line (codes start with PB2-)"))?;
    let format = &code[2..3];
    if format != "1" && format != "2" {
        return Err(Error::new(format!(
            "made by another Playbook version (format {format}); update Playbook"
        )));
    }
    let bytes =
        unbase32(&code[4..]).map_err(|c| Error::new(format!("unexpected character `{c}`")))?;
    if bytes.len() < 3 {
        return Err(Error::new("truncated: the code is incomplete"));
    }
    if length_check([bytes[0], bytes[1]]) != bytes[2] {
        return Err(Error::new("checksum mismatch"));
    }
    let total = usize::from(u16::from_be_bytes([bytes[0], bytes[1]]));
    if total < 8 {
        return Err(Error::new("corrupt code"));
    }
    let given = code[4..].chars().filter(|c| *c != ' ' && *c != '-').count();
    if bytes.len() < total {
        return Err(Error::new(format!(
            "truncated: {} characters missing",
            chars(total).saturating_sub(given).max(1)
        )));
    }
    if bytes.len() > total {
        return Err(Error::new(format!(
            "{} extra characters after the code",
            given.saturating_sub(chars(total)).max(1)
        )));
    }
    let (data, crc) = bytes.split_at(total - 4);
    if CRC.checksum(data).to_be_bytes() != crc {
        return Err(Error::new("checksum mismatch"));
    }
    let mut r = BitReader::new(&data[3..]);
    let corrupt = || Error::new("corrupt code");
    let version = r.get(16).ok_or_else(corrupt)? as u16;
    let minutes = u64::from(r.get(26).ok_or_else(corrupt)?) + EPOCH_MINUTES;
    let offset = (r.get(7).ok_or_else(corrupt)? as i32 - 64) * 15;
    let name = r.text().ok_or_else(corrupt)?;
    let class = r.text().ok_or_else(corrupt)?;
    let head = (data.len() - 3) * 8 - r.remaining();
    let body = &data[3 + head.div_ceil(8)..];
    // Detailed entries need no catalog.
    let (entries, scenarios) =
        progress::decode_all(body, &Catalog::default(), format.as_bytes()[0] - b'0')?;
    Ok(HandIn {
        version,
        minutes,
        offset,
        name,
        class,
        entries,
        scenarios,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::QuizSpec;
    use crate::quiz::parse;

    fn catalog() -> Catalog {
        let q = parse("? a\n- [x] r\n- [ ] w\n- [ ] w2\n\n? b {multiple}\n- [x] r\n- [x] r2\n- [ ] w\n\n? c {truefalse}\n- [x] t\n- [ ] f\n").unwrap();
        Catalog {
            quizzes: vec![
                QuizSpec::new("zh", "one", &q).unwrap(),
                QuizSpec::new("zh", "two", &q).unwrap(),
            ],
            scenarios: Vec::new(),
        }
    }

    const RECORDS: &str = r#"[{"id":"one","lang":"zh","title":"x","url":"/","last":50,"best":83,"attempts":2,"date":"2026-11-30","answers":{"q1":[1],"q2":[0,1],"q3":[0]}}]"#;
    /// 2026-11-30T05:47Z.
    const NOW: u64 = 29_933_627;

    #[test]
    fn a_code_round_trips_with_everything_it_carries() {
        let c = catalog();
        let code = make(&c, RECORDS, "  张 三 ", "KA-2026", NOW, 480).unwrap();
        assert!(code.starts_with("PB2-"));
        assert!(code[4..]
            .chars()
            .all(|ch| ch.is_ascii_digit() || ch.is_ascii_uppercase()));
        let h = decode(&code).unwrap();
        assert_eq!(h.version, c.version());
        assert_eq!(h.name, "张 三");
        assert_eq!(h.class, "KA-2026");
        assert_eq!(h.minutes, NOW);
        assert_eq!(h.local_time(), "2026-11-30 13:47 +08:00");
        assert_eq!(h.entries.len(), 1);
        let e = &h.entries[0];
        assert_eq!(
            (e.id.as_str(), e.last, e.best, e.attempts),
            ("one", 50, 83, 2)
        );
        let sel: Vec<&[usize]> = e
            .answers
            .as_ref()
            .unwrap()
            .iter()
            .map(|a| a.selected.as_slice())
            .collect();
        assert_eq!(sel, [&[1][..], &[0, 1], &[0]]);
        // Pasted back: lower case, extra dashes, words around it.
        let messy = format!(
            "Ann: {}-- (sent from my phone)",
            code.to_lowercase().replacen("pb2-", "pb2--", 1)
        );
        assert_eq!(decode(&messy).unwrap(), h);
        let long = "张".repeat(MAX_NAME);
        assert_eq!(
            decode(&make(&c, RECORDS, &long, "", NOW, 0).unwrap())
                .unwrap()
                .name,
            long
        );
        assert_eq!(
            make(&c, RECORDS, &format!("{long}三"), "", NOW, 0)
                .unwrap_err()
                .message,
            "the name is too long (at most 100 characters)"
        );
        assert!(
            make(&c, RECORDS, "  ", "", NOW, 0).is_err(),
            "a name is required"
        );
    }

    #[test]
    fn negative_offsets_and_minutes() {
        let h = HandIn {
            version: 7,
            minutes: EPOCH_MINUTES + 30,
            offset: -150,
            name: "a@b.org".into(),
            class: String::new(),
            entries: Vec::new(),
            scenarios: Vec::new(),
        };
        assert_eq!(h.local_time(), "2019-12-31 22:00 -02:30");
        assert_eq!(decode(&encode(&h)).unwrap(), h);
    }

    #[test]
    fn damaged_codes_say_what_is_wrong() {
        let c = catalog();
        let code = make(&c, RECORDS, "Ann", "", NOW, 0).unwrap();
        let err = |s: &str| decode(s).unwrap_err().message;
        assert_eq!(
            err(&code[..code.len() - 7]),
            "truncated: 7 characters missing"
        );
        assert_eq!(err(&code[..6]), "truncated: the code is incomplete");
        assert_eq!(
            err(&format!("{code}QQQQ")),
            "4 extra characters after the code"
        );
        for i in [6, code.len() / 2, code.len() - 1] {
            let mut bad = code.clone();
            let repl = if &code[i..=i] == "7" { "8" } else { "7" };
            bad.replace_range(i..=i, repl);
            assert_eq!(err(&bad), "checksum mismatch", "change at {i}");
        }
        assert_eq!(
            err("hello"),
            "no hand-in code on this line (codes start with PB2-)"
        );
        assert_eq!(
            err(&code.replacen("PB2-", "PB3-", 1)),
            "made by another Playbook version (format 3); update Playbook"
        );
        assert_eq!(
            err(&format!("{}U{}", &code[..10], &code[11..])),
            "unexpected character `U`"
        );
    }

    #[test]
    fn damaged_codes_with_valid_checks_never_panic() {
        let c = catalog();
        let code = make(&c, RECORDS, "Ann", "KA", NOW, 0).unwrap();
        let good = unbase32(&code[4..]).unwrap();
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..3000 {
            let mut b = good[..good.len() - 4].to_vec();
            for _ in 0..1 + next() % 4 {
                let i = 3 + (next() as usize) % (b.len() - 3);
                b[i] ^= 1 << (next() % 8);
            }
            // Re-seal: a right length, length check and CRC, so the body itself is read.
            let total = (b.len() + 4) as u16;
            b[..2].copy_from_slice(&total.to_be_bytes());
            b[2] = length_check(total.to_be_bytes());
            let crc = CRC.checksum(&b);
            b.extend_from_slice(&crc.to_be_bytes());
            let _ = decode(&format!("{PREFIX}{}", base32(&b)));
        }
    }
}
