//! The browser's quiz records (JSON) ↔ packed entries.
//!
//! Input: a JSON array of the records kept under `playbook:quiz:<id>`:
//! `{id, lang, title, url, last, best, attempts, date, answers: {"<question id>": [option
//! indices]}, drawn: [question indices]}` (`drawn` only for a question pool); output: the
//! same records without `title` and `url` (which the page that reads them knows). Must not keep what the catalog does not describe: records of quizzes
//! it lacks, answers to questions it lacks and option indices out of range are dropped.
//! Scenario runs (records marked `"kind":"scenario"`) travel beside them: see
//! [`super::scenarios`].

use crate::json::{self, Value};

use super::{
    decode_all, encode_all, from_text_format, scenarios, to_text, Answer, Catalog, Entry, Error,
    Status,
};

/// Packed progress read back against a catalog.
#[derive(Clone, Debug, PartialEq)]
pub struct Unpacked {
    /// The records of the quizzes (and scenario runs) that are the same in the catalog, as
    /// a JSON array.
    pub records: String,
    /// `lang:id` of quizzes and scenarios that changed since packing (their records are
    /// left out).
    pub changed: Vec<String>,
    /// `lang:id` of quizzes the catalog does not have.
    pub unknown: Vec<String>,
}

fn percent(v: Option<&Value>) -> u8 {
    v.and_then(Value::as_f64)
        .filter(|x| x.is_finite())
        .map(|x| x.round().clamp(0.0, 100.0) as u8)
        .unwrap_or(0)
}

/// The entries of the records that `catalog` describes, in catalog order, with
/// per-question fingerprints from the catalog.
pub fn entries(catalog: &Catalog, records_json: &str) -> Result<Vec<Entry>, Error> {
    let value = json::parse(records_json)
        .map_err(|at| Error::new(format!("records are not JSON (at byte {at})")))?;
    let Value::Array(items) = value else {
        return Err(Error::new("records are not a JSON array"));
    };
    let mut found: Vec<(usize, Entry)> = Vec::new();
    for rec in &items {
        let (Some(lang), Some(id)) = (
            rec.get("lang").and_then(Value::as_str),
            rec.get("id").and_then(Value::as_str),
        ) else {
            continue;
        };
        if rec.get("kind").and_then(Value::as_str) == Some("scenario") {
            continue;
        }
        let Some(qi) = catalog.find(lang, id) else {
            continue;
        };
        if found.iter().any(|(i, _)| *i == qi) {
            continue;
        }
        let spec = &catalog.quizzes[qi];
        let answers = spec
            .questions
            .iter()
            .map(|q| {
                let mut selected: Vec<usize> = match rec.get("answers").and_then(|a| a.get(&q.id)) {
                    Some(Value::Array(v)) => v
                        .iter()
                        .filter_map(Value::as_f64)
                        .filter(|x| x.fract() == 0.0 && *x >= 0.0 && (*x as usize) < q.options)
                        .map(|x| x as usize)
                        .collect(),
                    _ => Vec::new(),
                };
                selected.sort_unstable();
                selected.dedup();
                Answer {
                    fingerprint: Some(q.fingerprint),
                    options: q.options,
                    selected,
                }
            })
            .collect();
        let attempts = rec
            .get("attempts")
            .and_then(Value::as_f64)
            .filter(|x| x.is_finite() && *x >= 0.0)
            .map(|x| x.min(f64::from(u32::MAX)) as u32)
            .unwrap_or(0);
        // A pool's drawn questions: only for a quiz that is one (`draw` in the catalog).
        let drawn = match (spec.draw, rec.get("drawn")) {
            (Some(_), Some(Value::Array(v))) => {
                let mut d: Vec<usize> = v
                    .iter()
                    .filter_map(Value::as_f64)
                    .filter(|x| {
                        x.fract() == 0.0 && *x >= 0.0 && (*x as usize) < spec.questions.len()
                    })
                    .map(|x| x as usize)
                    .collect();
                d.sort_unstable();
                d.dedup();
                Some(d)
            }
            _ => None,
        };
        found.push((
            qi,
            Entry {
                lang: lang.to_string(),
                id: id.to_string(),
                fingerprint: spec.fingerprint,
                last: percent(rec.get("last")),
                best: percent(rec.get("best")),
                attempts,
                date: rec.get("date").and_then(Value::as_str).map(str::to_string),
                answers: Some(answers),
                drawn,
            },
        ));
    }
    super::sort_by_index(&mut found);
    Ok(found.into_iter().map(|(_, e)| e).collect())
}

/// Packs the records (a JSON array) that `catalog` describes, compactly: option counts
/// come from the catalog, so a quiz that changed before unpacking is dropped whole.
pub fn pack(catalog: &Catalog, records_json: &str) -> Result<String, Error> {
    let runs = scenarios::entries(catalog, records_json)?;
    Ok(to_text(&encode_all(
        &entries(catalog, records_json)?,
        &runs,
        false,
    )))
}

/// Reads packed progress back into records of the quizzes that are unchanged in `catalog`.
pub fn unpack(catalog: &Catalog, packed: &str) -> Result<Unpacked, Error> {
    let (format, bytes) = from_text_format(packed)?;
    let (entries, runs) = decode_all(&bytes, catalog, format)?;
    let mut out = Unpacked {
        records: String::new(),
        changed: Vec::new(),
        unknown: Vec::new(),
    };
    let mut records = Vec::new();
    for e in entries {
        let name = format!("{}:{}", e.lang, e.id);
        match (e.status(catalog), &e.answers) {
            (Status::Current(i), Some(answers)) => records.push(record(catalog, i, &e, answers)),
            (Status::Current(_) | Status::Changed(_), _) => out.changed.push(name),
            (Status::Unknown, _) => out.unknown.push(name),
        }
    }
    for e in runs {
        let name = format!("{}:{}", e.lang, e.id);
        match e.status(catalog) {
            Status::Current(i) => records.push(scenarios::record(&catalog.scenarios[i], &e)),
            Status::Changed(_) => out.changed.push(name),
            Status::Unknown => out.unknown.push(name),
        }
    }
    out.records = json::array(&records);
    Ok(out)
}

/// One record as the browser stores it (without title and url).
fn record(catalog: &Catalog, qi: usize, e: &Entry, answers: &[Answer]) -> String {
    let spec = &catalog.quizzes[qi];
    let fields: Vec<(&str, String)> = spec
        .questions
        .iter()
        .zip(answers)
        .map(|(q, a)| {
            let sel: Vec<String> = a.selected.iter().map(|i| i.to_string()).collect();
            (q.id.as_str(), json::array(&sel))
        })
        .collect();
    let mut out = vec![
        ("id", json::string(&e.id)),
        ("lang", json::string(&e.lang)),
        ("last", e.last.to_string()),
        ("best", e.best.to_string()),
        ("attempts", e.attempts.to_string()),
        (
            "date",
            e.date.as_deref().map(json::string).unwrap_or("null".into()),
        ),
        ("answers", json::object(&fields)),
    ];
    if let Some(d) = &e.drawn {
        let d: Vec<String> = d.iter().map(usize::to_string).collect();
        out.push(("drawn", json::array(&d)));
    }
    json::object(&out)
}
