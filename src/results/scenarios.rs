//! Scenario runs in `playbook results`: each run a code carries is played again on the
//! course's graph with the toolkit's `scenario::play` (what the browser's player computes),
//! and its percentage is the scenario's grade; and the per-scenario view (endings reached,
//! the choices taken at each step).
//!
//! Input: the [`Course`] and decoded codes; output: scores, notes and text. Must not trust
//! the percentage a code carries (it is compared with the replay, and a difference is
//! said), nor grade a run made on another version of the scenario (its fingerprint or its
//! path does not fit the course's graph: flagged as changed).

use playbook_kit::handin::HandIn;
use playbook_kit::progress::Status;
use playbook_kit::scenario;

use super::course::{Course, CourseLang};
use super::grade::Submission;

/// One scenario run of a submission, graded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunScore {
    /// The percentage of the last finished run, played again on the course's graph.
    pub pct: u32,
    /// The best percentage the trainee's browser recorded (information only).
    pub best: u8,
    /// Runs finished.
    pub runs: u32,
    /// The ending reached (step index).
    pub ending: usize,
    /// The choice indices of the run.
    pub path: Vec<usize>,
}

/// Grades the scenario runs of `h` against language `cl`: one slot per course scenario,
/// with notes for what is not graded or does not match.
pub fn grade(cl: &CourseLang, h: &HandIn, notes: &mut Vec<String>) -> Vec<Option<RunScore>> {
    let mut out = vec![None; cl.scenarios.len()];
    for e in &h.scenarios {
        if e.lang != cl.code {
            notes.push(format!(
                "scenario `{}` is in another language ({}): not graded",
                e.id, e.lang
            ));
            continue;
        }
        let si = match e.status(&cl.catalog) {
            Status::Unknown => {
                notes.push(format!(
                    "scenario `{}` is not in this course: not graded",
                    e.id
                ));
                continue;
            }
            Status::Changed(_) => {
                notes.push(format!(
                    "scenario `{}` changed since the code was made: its run is not graded",
                    e.id
                ));
                continue;
            }
            Status::Current(i) => i,
        };
        let cs = &cl.scenarios[si];
        let Some(path) = &e.path else {
            notes.push(format!(
                "scenario `{}`: the code carries no path (too long): not graded",
                e.id
            ));
            continue;
        };
        match scenario::play(&cs.scenario, cs.best, path) {
            Ok(run) if run.ending => {
                if run.pct != u32::from(e.last) {
                    notes.push(format!(
                        "scenario `{}`: the code says {}%, its path grades {}% (the path counts)",
                        e.id, e.last, run.pct
                    ));
                }
                out[si] = Some(RunScore {
                    pct: run.pct,
                    best: e.best,
                    runs: e.runs,
                    ending: run.step,
                    path: path.clone(),
                });
            }
            _ => notes.push(format!(
                "scenario `{}` changed since the code was made: its run is not graded",
                e.id
            )),
        }
    }
    out
}

/// Scenario ids of the languages the submissions use, in course order, each once.
pub fn columns(course: &Course, subs: &[Submission]) -> Vec<(String, String)> {
    let mut cols: Vec<(String, String)> = Vec::new();
    for (li, lang) in course.langs.iter().enumerate() {
        if !subs.iter().any(|s| s.lang == li) {
            continue;
        }
        for cs in &lang.scenarios {
            if !cols.iter().any(|(id, _)| *id == cs.spec.id) {
                cols.push((cs.spec.id.clone(), cs.title.clone()));
            }
        }
    }
    cols
}

/// The graded percentage of scenario `id` in a submission.
pub fn score_of(course: &Course, s: &Submission, id: &str) -> Option<u32> {
    let lang = &course.langs[s.lang];
    let i = lang.scenarios.iter().position(|c| c.spec.id == id)?;
    s.runs[i].as_ref().map(|r| r.pct)
}

/// `S1 80, S3 100`: the table's scores of the scenarios run.
pub fn table_scores(s: &Submission) -> Vec<String> {
    s.runs
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.as_ref().map(|r| format!("S{} {}", i + 1, r.pct)))
        .collect()
}

/// The table's list of scenarios (`S1   id  title`), empty when there are none.
pub fn legend(lang: &CourseLang) -> String {
    if lang.scenarios.is_empty() {
        return String::new();
    }
    let mut out = String::from("Scenarios:\n");
    for (i, cs) in lang.scenarios.iter().enumerate() {
        out.push_str(&format!("  S{:<3} {}  {}\n", i + 1, cs.spec.id, cs.title));
    }
    out
}

fn short(s: &str, n: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= n {
        s
    } else {
        format!("{}…", s.chars().take(n - 1).collect::<String>())
    }
}

/// The per-scenario view: per scenario run by the class, the trainees, their average, the
/// endings reached (most reached first) and, per step, how often each choice was taken
/// on the runs graded. Repeated codes are left out.
pub fn view(course: &Course, subs: &[Submission]) -> String {
    let mut out = String::new();
    for (li, lang) in course.langs.iter().enumerate() {
        for (si, cs) in lang.scenarios.iter().enumerate() {
            let runs: Vec<&super::scenarios::RunScore> = subs
                .iter()
                .filter(|s| s.lang == li && s.superseded_by.is_none())
                .filter_map(|s| s.runs[si].as_ref())
                .collect();
            if runs.is_empty() {
                continue;
            }
            let steps = &cs.scenario.steps;
            let mean = runs.iter().map(|r| f64::from(r.pct)).sum::<f64>() / runs.len() as f64;
            out.push_str(&format!(
                "{} ({}) — {}: {} trainee{}, average {}%\n",
                cs.spec.id,
                lang.code,
                cs.title,
                runs.len(),
                if runs.len() == 1 { "" } else { "s" },
                (mean + 0.5).floor()
            ));
            let mut endings: Vec<(usize, usize)> = Vec::new();
            for r in &runs {
                match endings.iter_mut().find(|(e, _)| *e == r.ending) {
                    Some((_, n)) => *n += 1,
                    None => endings.push((r.ending, 1)),
                }
            }
            endings.sort_by_key(|(e, n)| (std::cmp::Reverse(*n), *e));
            out.push_str("  Endings reached:\n");
            for (e, n) in endings {
                out.push_str(&format!(
                    "    {:<3} {} ({})\n",
                    n, steps[e].title, steps[e].name
                ));
            }
            out.push_str("  Choices taken:\n");
            // Per step, per choice: how often it was taken (a recovery loop counts each pass).
            let mut taken: Vec<Vec<usize>> =
                steps.iter().map(|s| vec![0; s.choices.len()]).collect();
            for r in &runs {
                if let Ok(run) = scenario::play(&cs.scenario, cs.best, &r.path) {
                    for (n, c) in r.path.iter().enumerate() {
                        taken[run.visited[n]][*c] += 1;
                    }
                }
            }
            for (st, counts) in steps.iter().zip(&taken) {
                if counts.iter().all(|n| *n == 0) {
                    continue;
                }
                out.push_str(&format!("    {} ({})\n", st.title, st.name));
                for (c, n) in counts.iter().enumerate() {
                    if *n > 0 {
                        out.push_str(&format!(
                            "      {}  {:<3} “{}” ({:+})\n",
                            letter(c),
                            n,
                            short(&st.choices[c].text, 40),
                            st.choices[c].points
                        ));
                    }
                }
            }
        }
    }
    out
}

fn letter(i: usize) -> char {
    char::from_u32('A' as u32 + i as u32).unwrap_or('?')
}
