//! Packed quiz progress: the browser's quiz records (scores, attempts, date and the chosen
//! options of every question) in a short ASCII text, read back against a [`Catalog`]. One
//! format for the LMS runtime's `cmi.suspend_data` and, inside it, for the hand-in code.
//!
//! Input: a catalog and the records as JSON (the values the browser keeps under
//! `playbook:quiz:<id>`), or a packed text; output: the packed text, or the records
//! again. Must not guess: a quiz whose fingerprint differs from the catalog's is reported
//! as changed and its answers are matched question by question only by fingerprint; a
//! quiz the catalog does not have is reported as unknown.
//!
//! The text is `2` (the format version; `1`, without scenario runs, is still read)
//! followed by Crockford base32 (digits and capital
//! letters: safe in SCORM data, URLs, JSON and QR alphanumeric mode). The bits:
//!
//! ```text
//! flags:2 (bit 0: per-question fingerprints and option counts, for grading elsewhere;
//!          bit 1: entries carry their drawn questions, written only when one has them)
//! languages: count, names       ids: count, names sorted, each as (shared prefix, rest)
//! entries: count, then per quiz taken:
//!   language index, id index, quiz fingerprint:16, last:7, best:7, attempts,
//!   date:16 (days since 1999-12-31, 0 = none), question count,
//!   with bit 1: drawn:1, then if 1 a bit per question (drawn by the attempt's pool)
//!   detailed: per question fingerprint:8, option count, chosen options as a bit mask
//!   compact:  body length in bits, then per question the bit mask (option counts from
//!             the packing catalog, so a changed quiz is skipped whole)
//! scenario runs (format 2): see [`scenarios`]
//! check:16 (FNV-1a of the bytes before it, folded)
//! ```

pub mod bits;
mod catalog;
mod records;
pub mod scenarios;

pub use catalog::{Catalog, QuestionSpec, QuizSpec};
pub use records::{entries, pack, unpack, Unpacked};
pub use scenarios::{ScenarioEntry, ScenarioSpec};

use bits::{BitReader, BitWriter};

/// Sorts entries by their catalog index, keeping the order of equal ones: an insertion
/// sort (a course has tens of quizzes), so that the standard library's stable sort is not
/// compiled into the progress wasm module (about 5 KB).
pub(crate) fn sort_by_index<T>(v: &mut [(usize, T)]) {
    for k in 1..v.len() {
        let mut j = k;
        while j > 0 && v[j - 1].0 > v[j].0 {
            v.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// Version character of the packed text.
pub const FORMAT: char = '2';

/// A problem reading packed progress or a catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// What is wrong, in one line.
    pub message: String,
}

impl Error {
    pub(crate) fn new(message: impl Into<String>) -> Error {
        Error {
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// One question's answer as packed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    /// The question's fingerprint when the packing carried it.
    pub fingerprint: Option<u8>,
    /// Number of options when packed.
    pub options: usize,
    /// Chosen option indices, ascending.
    pub selected: Vec<usize>,
}

/// One quiz taken, as packed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Language code.
    pub lang: String,
    /// Quiz id.
    pub id: String,
    /// The quiz's fingerprint when packed.
    pub fingerprint: u16,
    /// Last score in percent.
    pub last: u8,
    /// Best score in percent.
    pub best: u8,
    /// Number of attempts.
    pub attempts: u32,
    /// Date of the last attempt, `yyyy-mm-dd`.
    pub date: Option<String>,
    /// Answers in the quiz's question order when packed; `None` for a compact entry the
    /// reading catalog cannot lay out (its quiz changed or is unknown).
    pub answers: Option<Vec<Answer>>,
    /// A question pool's last attempt: the indices (question order when packed) of the
    /// questions it drew; `None` when every question was shown (codes made before pools).
    pub drawn: Option<Vec<usize>>,
}

/// How a packed quiz relates to a catalog.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Same quiz (fingerprint equal): catalog index.
    Current(usize),
    /// The catalog has a quiz with this language and id but it changed.
    Changed(usize),
    /// The catalog has no quiz with this language and id.
    Unknown,
}

impl Entry {
    /// Where this entry stands against `catalog`.
    pub fn status(&self, catalog: &Catalog) -> Status {
        match catalog.find(&self.lang, &self.id) {
            Some(i) if catalog.quizzes[i].fingerprint == self.fingerprint => Status::Current(i),
            Some(i) => Status::Changed(i),
            None => Status::Unknown,
        }
    }

    /// For each packed answer, the index of the catalog question it answers, if any. A
    /// current quiz maps one to one; a changed quiz maps a packed question to the first
    /// unused catalog question with the same fingerprint and option count (same position
    /// first), so reordered questions still count and edited ones do not.
    pub fn question_map(&self, spec: &QuizSpec) -> Vec<Option<usize>> {
        let Some(answers) = &self.answers else {
            return Vec::new();
        };
        if spec.fingerprint == self.fingerprint && answers.len() == spec.questions.len() {
            return (0..answers.len()).map(Some).collect();
        }
        let mut used = vec![false; spec.questions.len()];
        answers
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let fits = |j: usize| {
                    let q = &spec.questions[j];
                    !used[j] && a.fingerprint == Some(q.fingerprint) && a.options == q.options
                };
                let j = if i < used.len() && fits(i) {
                    Some(i)
                } else {
                    (0..used.len()).find(|j| fits(*j))
                };
                if let Some(j) = j {
                    used[j] = true;
                }
                j
            })
            .collect()
    }
}

/// Days since 1999-12-31 of a `yyyy-mm-dd` date from 2000 to about mid-2179 (16 bits).
fn day_number(date: &str) -> Option<u32> {
    let mut it = date.splitn(3, '-');
    let y: i64 = it.next()?.parse().ok()?;
    let m: i64 = it.next()?.parse().ok()?;
    let d: i64 = it.next()?.parse().ok()?;
    if !(2000..2180).contains(&y) || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y2 = if m <= 2 { y - 1 } else { y };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468; // since 1970-01-01
                                              // 2000-01-01 is 10,957 days after 1970-01-01 and day number 1.
    let n = days - 10_956;
    u32::try_from(n).ok().filter(|n| *n < 1 << 16)
}

/// The `yyyy-mm-dd` of a [`day_number`].
fn day_text(n: u32) -> String {
    civil(i64::from(n) + 10_956)
}

/// `yyyy-mm-dd` of a day number since 1970-01-01 (the proleptic Gregorian calendar).
pub(crate) fn civil(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

fn check16(bytes: &[u8]) -> u16 {
    let h = catalog::fnv(bytes);
    ((h >> 16) ^ (h & 0xffff)) as u16
}

/// Writes entries to bytes (format 2, no scenario runs); see [`encode_all`].
pub fn encode(entries: &[Entry], detailed: bool) -> Vec<u8> {
    encode_all(entries, &[], detailed)
}

/// Writes quiz entries and scenario runs to bytes (format 2). `detailed` adds per-question
/// fingerprints and option counts; without it, a reader lays answers out by its catalog
/// (see [`decode`]).
pub fn encode_all(entries: &[Entry], runs: &[ScenarioEntry], detailed: bool) -> Vec<u8> {
    encode_format(entries, runs, detailed, 2)
}

/// [`encode_all`] in an older `format` too (1: the scenario runs are left out), so that
/// tests can make what earlier versions made.
pub fn encode_format(
    entries: &[Entry],
    runs: &[ScenarioEntry],
    detailed: bool,
    format: u8,
) -> Vec<u8> {
    let mut w = BitWriter::default();
    // Codes without pools keep the bits they had before pools existed.
    let pools = entries.iter().any(|e| e.drawn.is_some());
    w.put(u32::from(detailed) | (u32::from(pools) << 1), 2);
    let (langs, ids) = bits::put_names(
        &mut w,
        entries.iter().map(|e| e.lang.as_str()),
        entries.iter().map(|e| e.id.as_str()),
        3,
    );
    w.var(entries.len() as u32, 3);
    for e in entries {
        w.var(langs.binary_search(&e.lang.as_str()).unwrap_or(0) as u32, 2);
        w.var(ids.binary_search(&e.id.as_str()).unwrap_or(0) as u32, 3);
        w.put(u32::from(e.fingerprint), 16);
        w.put(u32::from(e.last.min(100)), 7);
        w.put(u32::from(e.best.min(100)), 7);
        w.var(e.attempts, 3);
        w.put(e.date.as_deref().and_then(day_number).unwrap_or(0), 16);
        let answers = e.answers.as_deref().unwrap_or_default();
        w.var(answers.len() as u32, 3);
        if pools {
            w.put(u32::from(e.drawn.is_some()), 1);
            if let Some(drawn) = &e.drawn {
                for i in 0..answers.len() {
                    w.put(u32::from(drawn.contains(&i)), 1);
                }
            }
        }
        let mask = |w: &mut BitWriter, a: &Answer| {
            for o in 0..a.options {
                w.put(u32::from(a.selected.contains(&o)), 1);
            }
        };
        if detailed {
            for a in answers {
                w.put(u32::from(a.fingerprint.unwrap_or(0)), 8);
                w.var(a.options as u32, 3);
                mask(&mut w, a);
            }
        } else {
            let total: usize = answers.iter().map(|a| a.options).sum();
            w.var(total as u32, 4);
            for a in answers {
                mask(&mut w, a);
            }
        }
    }
    if format >= 2 {
        scenarios::put(&mut w, runs);
    }
    let mut bytes = w.finish();
    let check = check16(&bytes);
    bytes.extend_from_slice(&check.to_be_bytes());
    bytes
}

/// Reads what [`encode`] wrote (format 2), the quiz entries only.
pub fn decode(bytes: &[u8], catalog: &Catalog) -> Result<Vec<Entry>, Error> {
    decode_all(bytes, catalog, 2).map(|(entries, _)| entries)
}

/// Reads what [`encode_all`] wrote in `format` (`1`: no scenario section). Compact entries
/// are laid out by `catalog`; those it cannot lay out keep their scores and get
/// `answers: None`.
pub fn decode_all(
    bytes: &[u8],
    catalog: &Catalog,
    format: u8,
) -> Result<(Vec<Entry>, Vec<ScenarioEntry>), Error> {
    let truncated = || Error::new("truncated (the code is incomplete)");
    if bytes.len() < 3 {
        return Err(truncated());
    }
    let (body, check) = bytes.split_at(bytes.len() - 2);
    if check16(body).to_be_bytes() != check {
        return Err(Error::new(
            "checksum mismatch (the code was changed or cut)",
        ));
    }
    let mut r = BitReader::new(body);
    let flags = r.get(2).ok_or_else(truncated)?;
    let detailed = flags & 1 == 1;
    let pools = flags & 2 == 2;
    let count = |r: &mut BitReader, chunk| bits::count(r, chunk).ok_or_else(truncated);
    let (langs, ids) = bits::get_names(&mut r, 3).map_err(|ended| {
        if ended {
            truncated()
        } else {
            Error::new("corrupt id list")
        }
    })?;
    let n = count(&mut r, 3)?;
    let mut entries = Vec::with_capacity(n);
    for _ in 0..n {
        let lang = langs
            .get(r.var(2).ok_or_else(truncated)? as usize)
            .ok_or_else(|| Error::new("corrupt language index"))?
            .clone();
        let id = ids
            .get(r.var(3).ok_or_else(truncated)? as usize)
            .ok_or_else(|| Error::new("corrupt quiz index"))?
            .clone();
        let fingerprint = r.get(16).ok_or_else(truncated)? as u16;
        let last = r.get(7).ok_or_else(truncated)? as u8;
        let best = r.get(7).ok_or_else(truncated)? as u8;
        let attempts = r.var(3).ok_or_else(truncated)?;
        let day = r.get(16).ok_or_else(truncated)?;
        let questions = count(&mut r, 3)?;
        let mut entry = Entry {
            lang,
            id,
            fingerprint,
            last: last.min(100),
            best: best.min(100),
            attempts,
            date: (day > 0).then(|| day_text(day)),
            answers: None,
            drawn: None,
        };
        if pools && r.get(1).ok_or_else(truncated)? == 1 {
            let mut drawn = Vec::new();
            for i in 0..questions {
                if r.get(1).ok_or_else(truncated)? == 1 {
                    drawn.push(i);
                }
            }
            entry.drawn = Some(drawn);
        }
        let read_mask = |r: &mut BitReader, options: usize| -> Result<Vec<usize>, Error> {
            let mut sel = Vec::new();
            for o in 0..options {
                if r.get(1).ok_or_else(truncated)? == 1 {
                    sel.push(o);
                }
            }
            Ok(sel)
        };
        if detailed {
            let mut answers = Vec::with_capacity(questions);
            for _ in 0..questions {
                let fp = r.get(8).ok_or_else(truncated)? as u8;
                let options = count(&mut r, 3)?;
                answers.push(Answer {
                    fingerprint: Some(fp),
                    options,
                    selected: read_mask(&mut r, options)?,
                });
            }
            entry.answers = Some(answers);
        } else {
            let total = count(&mut r, 4)?;
            match entry.status(catalog) {
                Status::Current(i)
                    if catalog.quizzes[i].questions.len() == questions
                        && catalog.quizzes[i]
                            .questions
                            .iter()
                            .map(|q| q.options)
                            .sum::<usize>()
                            == total =>
                {
                    let mut answers = Vec::with_capacity(questions);
                    for q in &catalog.quizzes[i].questions {
                        answers.push(Answer {
                            fingerprint: None,
                            options: q.options,
                            selected: read_mask(&mut r, q.options)?,
                        });
                    }
                    entry.answers = Some(answers);
                }
                _ => {
                    for _ in 0..total {
                        r.get(1).ok_or_else(truncated)?;
                    }
                }
            }
        }
        entries.push(entry);
    }
    let runs = if format >= 2 {
        scenarios::get(&mut r)?
    } else {
        Vec::new()
    };
    if r.remaining() >= 8 {
        return Err(Error::new("unexpected data after the end"));
    }
    Ok((entries, runs))
}

/// The text form of encoded bytes: [`FORMAT`] and Crockford base32.
pub fn to_text(bytes: &[u8]) -> String {
    format!("{FORMAT}{}", bits::base32(bytes))
}

/// Bytes from [`to_text`] (or a format 1 text: see [`from_text_format`]).
pub fn from_text(text: &str) -> Result<Vec<u8>, Error> {
    from_text_format(text).map(|(_, bytes)| bytes)
}

/// The format (1 or 2) and the bytes of a packed text.
pub fn from_text_format(text: &str) -> Result<(u8, Vec<u8>), Error> {
    let text = text.trim();
    let mut chars = text.chars();
    match chars.next() {
        None => Err(Error::new("empty")),
        Some(c @ ('1' | FORMAT)) => bits::unbase32(chars.as_str())
            .map(|b| (c as u8 - b'0', b))
            .map_err(|c| Error::new(format!("unexpected character `{c}`"))),
        Some(c) => Err(Error::new(format!(
            "unknown format `{c}` (made by another Playbook version)"
        ))),
    }
}

#[cfg(test)]
mod pool_tests;
#[cfg(test)]
#[test]
fn sort_by_index_is_stable() {
    let mut v = vec![(3, 'a'), (1, 'b'), (3, 'c'), (0, 'd'), (1, 'e')];
    sort_by_index(&mut v);
    assert_eq!(v, [(0, 'd'), (1, 'b'), (1, 'e'), (3, 'a'), (3, 'c')]);
}

#[cfg(test)]
mod tests;
