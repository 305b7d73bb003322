//! Scenario runs in packed progress and hand-in codes (format `2`): the catalog's line per
//! scenario, the browser's run records ↔ packed entries, and the checks that keep a run
//! of another version of a scenario from being graded.
//!
//! Input: a scenario's graph text (`crate::scenario::encode`, the text the page plays) for
//! the catalog; the records scenario.js keeps under `playbook:scenario:<id>` (marked
//! `"kind":"scenario"` in the array the page hands over) for packing. Output: catalog
//! lines, packed entries, and records again. Must not grade: a path is kept as choice
//! indices, and whoever grades plays it again with the toolkit's `scenario::play`. A run
//! whose fingerprint differs from the catalog's, or whose path does not walk the
//! catalog's graph to an ending, is reported as changed, never laid out as current.
//!
//! Catalog line (after the quiz lines):
//!
//! ```text
//! ~ zh price-objection 1a2b3c4d opening:1.2 compare:3.2 cut:3.2 signed:
//! ```
//!
//! `~`, language, id, the graph's hash (FNV-1a of the graph text: the `data-hash` that
//! scenario.js keys stored runs to), then per step in written order its name and the
//! step index each choice leads to (an ending has none). Flags are not in the line: the
//! hash covers them, and grading plays the path on the real graph.
//!
//! Bits (after the quiz entries): count, languages (count, names), ids (count, names
//! sorted, each as shared prefix and rest), then per run: language index, id index,
//! fingerprint:32, last:7, best:7, runs finished, date:16 (as quizzes), ending step + 1
//! (0 = none), path length (0 = none kept), each choice index.

use crate::json::{self, Value};

use super::bits::{is_name, BitReader, BitWriter};
use super::{day_number, day_text, Catalog, Error, Status};

/// Longest path kept in a packed run (choices); a longer one is left out (the scores stay).
pub const MAX_PATH: usize = 64;

/// One step of a catalog scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepSpec {
    /// Step name (`{#name}`).
    pub name: String,
    /// Index of the step each choice leads to, in written order; empty for an ending.
    pub next: Vec<usize>,
}

impl StepSpec {
    /// Whether this step is an ending.
    pub fn ending(&self) -> bool {
        self.next.is_empty()
    }
}

/// One scenario of a catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioSpec {
    /// Language code of the page it is on.
    pub lang: String,
    /// Scenario id (unique per language).
    pub id: String,
    /// FNV-1a of the graph text ([`crate::scenario::graph_hash`]).
    pub fingerprint: u32,
    /// Steps in written order; the first is the start.
    pub steps: Vec<StepSpec>,
}

impl ScenarioSpec {
    /// The catalog entry of a scenario from its graph text.
    pub fn new(lang: &str, id: &str, graph: &str) -> Result<ScenarioSpec, Error> {
        for name in [lang, id] {
            if name.is_empty() || !is_name(name) {
                return Err(Error::new(format!(
                    "`{name}` cannot be used as an id in progress codes"
                )));
            }
        }
        let (s, _) = crate::scenario::decode(graph)
            .ok_or_else(|| Error::new(format!("scenario `{id}`: not a graph text")))?;
        let steps = s
            .steps
            .iter()
            .map(|st| {
                let next = st
                    .choices
                    .iter()
                    .map(|c| s.index(&c.next))
                    .collect::<Option<Vec<usize>>>()
                    .ok_or_else(|| Error::new(format!("scenario `{id}`: a choice leads nowhere")));
                next.map(|next| StepSpec {
                    name: st.name.clone(),
                    next,
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(ScenarioSpec {
            lang: lang.to_string(),
            id: id.to_string(),
            fingerprint: fingerprint(&crate::scenario::graph_hash(graph)).unwrap_or(0),
            steps,
        })
    }

    /// The ending a path of choice indices reaches from the start, walking the steps'
    /// targets; `None` when a choice does not exist where it is made or the path stops
    /// before an ending. (Flag conditions are checked by `scenario::play` on the graph.)
    pub fn walk(&self, path: &[usize]) -> Option<usize> {
        let mut at = 0usize;
        for &c in path {
            at = *self.steps.get(at)?.next.get(c)?;
        }
        self.steps.get(at).filter(|s| s.ending()).map(|_| at)
    }

    /// The catalog line (see the module documentation).
    pub fn to_line(&self) -> String {
        let mut out = format!("~ {} {} {:08x}", self.lang, self.id, self.fingerprint);
        for st in &self.steps {
            let next: Vec<String> = st.next.iter().map(|n| n.to_string()).collect();
            out.push_str(&format!(" {}:{}", st.name, next.join(".")));
        }
        out
    }

    /// Reads a catalog line (without its line number: the caller adds it).
    pub fn parse_line(line: &str) -> Result<ScenarioSpec, String> {
        let mut words = line.split(' ');
        if words.next() != Some("~") {
            return Err("not a scenario line".into());
        }
        let lang = words
            .next()
            .filter(|s| !s.is_empty() && is_name(s))
            .ok_or("bad language")?;
        let id = words
            .next()
            .filter(|s| !s.is_empty() && is_name(s))
            .ok_or("bad scenario id")?;
        let fp = words
            .next()
            .and_then(fingerprint)
            .ok_or("bad fingerprint")?;
        let mut steps = Vec::new();
        for w in words {
            let bad = || format!("bad step `{w}`");
            let (name, next) = w.split_once(':').ok_or_else(bad)?;
            if name.is_empty() || !is_name(name) {
                return Err(bad());
            }
            let next = if next.is_empty() {
                Vec::new()
            } else {
                next.split('.')
                    .map(|n| n.parse::<usize>().map_err(|_| bad()))
                    .collect::<Result<_, _>>()?
            };
            steps.push(StepSpec {
                name: name.to_string(),
                next,
            });
        }
        if steps.is_empty()
            || steps
                .iter()
                .flat_map(|s| &s.next)
                .any(|n| *n >= steps.len())
        {
            return Err(format!("scenario `{id}`: bad steps"));
        }
        Ok(ScenarioSpec {
            lang: lang.to_string(),
            id: id.to_string(),
            fingerprint: fp,
            steps,
        })
    }
}

/// A graph hash (8 hex digits) as a number.
pub fn fingerprint(hex: &str) -> Option<u32> {
    (hex.len() == 8)
        .then(|| u32::from_str_radix(hex, 16).ok())
        .flatten()
}

/// One scenario run as packed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioEntry {
    /// Language code.
    pub lang: String,
    /// Scenario id.
    pub id: String,
    /// The graph hash the run was made on (the record's `hash`).
    pub fingerprint: u32,
    /// Percentage of the last finished run.
    pub last: u8,
    /// Best percentage.
    pub best: u8,
    /// Runs finished.
    pub runs: u32,
    /// Date of the last finished run, `yyyy-mm-dd`.
    pub date: Option<String>,
    /// Index of the ending the last run reached, in the graph it was made on.
    pub ending: Option<usize>,
    /// The last finished run's choice indices, one per step taken (`None` when not kept).
    pub path: Option<Vec<usize>>,
}

impl ScenarioEntry {
    /// Where this run stands against `catalog`: current only when the fingerprint is the
    /// catalog's and its path (if kept) walks the catalog's graph to the ending it names.
    pub fn status(&self, catalog: &Catalog) -> Status {
        let Some(i) = catalog.find_scenario(&self.lang, &self.id) else {
            return Status::Unknown;
        };
        let spec = &catalog.scenarios[i];
        let fits = match &self.path {
            Some(p) => spec.walk(p).is_some() && spec.walk(p) == self.ending,
            None => self
                .ending
                .is_none_or(|e| spec.steps.get(e).is_some_and(StepSpec::ending)),
        };
        if spec.fingerprint == self.fingerprint && fits {
            Status::Current(i)
        } else {
            Status::Changed(i)
        }
    }
}

fn percent(v: Option<&Value>) -> u8 {
    v.and_then(Value::as_f64)
        .filter(|x| x.is_finite())
        .map(|x| x.round().clamp(0.0, 100.0) as u8)
        .unwrap_or(0)
}

fn indices(v: Option<&Value>) -> Option<Vec<usize>> {
    match v {
        Some(Value::Array(items)) => items
            .iter()
            .map(|x| {
                x.as_f64()
                    .filter(|x| x.fract() == 0.0 && (0.0..64.0).contains(x))
                    .map(|x| x as usize)
            })
            .collect(),
        _ => None,
    }
}

/// The runs of the scenario records (`"kind":"scenario"`) in `records_json` that
/// `catalog` has, in catalog order, each with at least one finished run. The path kept is
/// the last finished one (`run`; records of earlier versions keep it in `path` while
/// `done`), and only when it reaches an ending of the graph the run was made on.
pub fn entries(catalog: &Catalog, records_json: &str) -> Result<Vec<ScenarioEntry>, Error> {
    let value = json::parse(records_json)
        .map_err(|at| Error::new(format!("records are not JSON (at byte {at})")))?;
    let Value::Array(items) = value else {
        return Err(Error::new("records are not a JSON array"));
    };
    let mut found: Vec<(usize, ScenarioEntry)> = Vec::new();
    for rec in &items {
        if rec.get("kind").and_then(Value::as_str) != Some("scenario") {
            continue;
        }
        let (Some(lang), Some(id)) = (
            rec.get("lang").and_then(Value::as_str),
            rec.get("id").and_then(Value::as_str),
        ) else {
            continue;
        };
        let Some(si) = catalog.find_scenario(lang, id) else {
            continue;
        };
        let runs = rec
            .get("attempts")
            .and_then(Value::as_f64)
            .filter(|x| x.is_finite() && *x >= 1.0)
            .map(|x| x.min(f64::from(u32::MAX)) as u32);
        let Some(runs) = runs else { continue };
        if found.iter().any(|(i, _)| *i == si) {
            continue;
        }
        let spec = &catalog.scenarios[si];
        let fp = rec
            .get("hash")
            .and_then(Value::as_str)
            .and_then(fingerprint)
            .unwrap_or(spec.fingerprint);
        let done = matches!(rec.get("done"), Some(Value::Bool(true)));
        let path = indices(rec.get("run"))
            .or_else(|| done.then(|| indices(rec.get("path"))).flatten())
            .filter(|p| p.len() <= MAX_PATH);
        // On the catalog's graph the ending follows from the path; on another graph the
        // path is kept as it is and the grader reports the run as changed.
        let (ending, path) = if fp == spec.fingerprint {
            match path.as_deref().and_then(|p| spec.walk(p)) {
                Some(e) => (Some(e), path),
                None => (None, None),
            }
        } else {
            (None, path)
        };
        found.push((
            si,
            ScenarioEntry {
                lang: lang.to_string(),
                id: id.to_string(),
                fingerprint: fp,
                last: percent(rec.get("last")),
                best: percent(rec.get("best")),
                runs,
                date: rec.get("date").and_then(Value::as_str).map(str::to_string),
                ending,
                path,
            },
        ));
    }
    super::sort_by_index(&mut found);
    Ok(found.into_iter().map(|(_, e)| e).collect())
}

/// Writes the runs (the section after the quiz entries).
pub fn put(w: &mut BitWriter, runs: &[ScenarioEntry]) {
    w.var(runs.len() as u32, 2);
    if runs.is_empty() {
        return;
    }
    let (langs, ids) = super::bits::put_names(
        w,
        runs.iter().map(|e| e.lang.as_str()),
        runs.iter().map(|e| e.id.as_str()),
        2,
    );
    for e in runs {
        w.var(langs.binary_search(&e.lang.as_str()).unwrap_or(0) as u32, 2);
        w.var(ids.binary_search(&e.id.as_str()).unwrap_or(0) as u32, 3);
        w.put(e.fingerprint, 32);
        w.put(u32::from(e.last.min(100)), 7);
        w.put(u32::from(e.best.min(100)), 7);
        w.var(e.runs, 3);
        w.put(e.date.as_deref().and_then(day_number).unwrap_or(0), 16);
        w.var(e.ending.map_or(0, |i| i as u32 + 1), 3);
        let path = e.path.as_deref().filter(|p| p.len() <= MAX_PATH);
        w.var(path.map_or(0, |p| p.len() as u32), 3);
        for c in path.unwrap_or_default() {
            w.var(*c as u32, 2);
        }
    }
}

/// Reads what [`put`] wrote.
pub fn get(r: &mut BitReader) -> Result<Vec<ScenarioEntry>, Error> {
    let truncated = || Error::new("truncated (the code is incomplete)");
    let count = |r: &mut BitReader, chunk| super::bits::count(r, chunk).ok_or_else(truncated);
    let n = count(r, 2)?;
    if n == 0 {
        return Ok(Vec::new());
    }
    let (langs, ids) = super::bits::get_names(r, 2).map_err(|ended| {
        if ended {
            truncated()
        } else {
            Error::new("corrupt scenario id list")
        }
    })?;
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let lang = langs
            .get(r.var(2).ok_or_else(truncated)? as usize)
            .ok_or_else(|| Error::new("corrupt language index"))?
            .clone();
        let id = ids
            .get(r.var(3).ok_or_else(truncated)? as usize)
            .ok_or_else(|| Error::new("corrupt scenario index"))?
            .clone();
        let fingerprint = r.get(32).ok_or_else(truncated)?;
        let last = (r.get(7).ok_or_else(truncated)? as u8).min(100);
        let best = (r.get(7).ok_or_else(truncated)? as u8).min(100);
        let runs = r.var(3).ok_or_else(truncated)?;
        let day = r.get(16).ok_or_else(truncated)?;
        let ending = r.var(3).ok_or_else(truncated)? as usize;
        let len = count(r, 3)?;
        if len > MAX_PATH {
            return Err(Error::new("corrupt scenario path"));
        }
        let path: Vec<usize> = (0..len)
            .map(|_| r.var(2).map(|c| c as usize).ok_or_else(truncated))
            .collect::<Result<_, _>>()?;
        out.push(ScenarioEntry {
            lang,
            id,
            fingerprint,
            last,
            best,
            runs,
            date: (day > 0).then(|| day_text(day)),
            ending: ending.checked_sub(1),
            path: (len > 0).then_some(path),
        });
    }
    Ok(out)
}

/// A run as scenario.js stores it (without title and url, which the page knows), for a
/// run that is current in the catalog: finished, its path as both the current (`path`,
/// `done`) and the last finished run (`run`).
pub fn record(spec: &ScenarioSpec, e: &ScenarioEntry) -> String {
    let nums = |v: &[usize]| json::array(&v.iter().map(|n| n.to_string()).collect::<Vec<_>>());
    let path = e.path.as_deref().unwrap_or_default();
    let ending = e
        .ending
        .and_then(|i| spec.steps.get(i))
        .map(|s| json::string(&s.name))
        .unwrap_or("null".into());
    json::object(&[
        ("kind", json::string("scenario")),
        ("id", json::string(&e.id)),
        ("lang", json::string(&e.lang)),
        ("hash", json::string(&format!("{:08x}", e.fingerprint))),
        ("last", e.last.to_string()),
        ("best", e.best.to_string()),
        ("attempts", e.runs.to_string()),
        (
            "date",
            e.date.as_deref().map(json::string).unwrap_or("null".into()),
        ),
        ("done", (e.path.is_some()).to_string()),
        ("ending", ending),
        ("path", nums(path)),
        ("run", nums(path)),
    ])
}

#[cfg(test)]
mod tests;
