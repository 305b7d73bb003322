//! Playing a scenario: the compact text form of its graph that the page carries (no
//! words, only names, points, reactions, flags and the best score), its hash (which keys
//! stored runs to a version of the graph), and the state after a path of choices.
//!
//! Graph text: a first line `best=<points>`, then one line per step, in order:
//! `name|e|choice|choice…` (`e` is `1` for an ending, else `0`), each choice
//! `next,points,reaction,set+set,condition` (reaction `p`, `n` or `a`; condition `flag`,
//! `!flag` or empty).

use super::analyse::Graph;
use super::{rating, Choice, Condition, Reaction, Scenario, Step};

/// The graph text of a valid scenario whose best score is `best`.
pub fn encode(s: &Scenario, best: i32) -> String {
    let mut out = format!("best={best}");
    for st in &s.steps {
        out.push('\n');
        out.push_str(&st.name);
        out.push_str(if st.ending { "|1" } else { "|0" });
        for c in &st.choices {
            let r = match c.reaction {
                Reaction::Pleased => 'p',
                Reaction::Neutral => 'n',
                Reaction::Annoyed => 'a',
            };
            let cond = match &c.when {
                None => String::new(),
                Some(w) if w.set => w.flag.clone(),
                Some(w) => format!("!{}", w.flag),
            };
            out.push_str(&format!(
                "|{},{},{r},{},{cond}",
                c.next,
                c.points,
                c.set.join("+")
            ));
        }
    }
    out
}

/// Reads a graph text back (the words are empty); `None` if it is not one.
pub fn decode(text: &str) -> Option<(Scenario, i32)> {
    let mut lines = text.lines();
    let best = lines.next()?.strip_prefix("best=")?.parse().ok()?;
    let mut steps = Vec::new();
    for line in lines {
        let mut parts = line.split('|');
        let name = parts.next()?.to_string();
        let ending = match parts.next()? {
            "1" => true,
            "0" => false,
            _ => return None,
        };
        let mut choices = Vec::new();
        for c in parts {
            let f: Vec<&str> = c.split(',').collect();
            let [next, points, r, set, cond] = f[..] else {
                return None;
            };
            choices.push(Choice {
                text: String::new(),
                points: points.parse().ok()?,
                reaction: match r {
                    "p" => Reaction::Pleased,
                    "n" => Reaction::Neutral,
                    "a" => Reaction::Annoyed,
                    _ => return None,
                },
                next: next.to_string(),
                set: set
                    .split('+')
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect(),
                when: (!cond.is_empty()).then(|| Condition {
                    flag: cond.trim_start_matches('!').to_string(),
                    set: !cond.starts_with('!'),
                }),
                feedback: String::new(),
                span: 0..0,
            });
        }
        steps.push(Step {
            name,
            title: String::new(),
            ending,
            say: String::new(),
            context: String::new(),
            choices,
            span: 0..0,
        });
    }
    (!steps.is_empty()).then_some((Scenario { steps }, best))
}

/// FNV-1a (32 bits) of the graph text, as 8 hex digits: stored runs carry it, and a run
/// of another version of the graph is discarded rather than replayed.
pub fn graph_hash(graph: &str) -> String {
    let mut h: u32 = 0x811c_9dc5;
    for b in graph.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    format!("{h:08x}")
}

/// Where a path of choices leads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    /// Index of the current step.
    pub step: usize,
    /// Whether it is an ending.
    pub ending: bool,
    /// Points so far.
    pub score: i32,
    /// Score over the best score, clamped to 0–100.
    pub pct: u32,
    /// `excellent`, `fair` or `poor` (meaningful at an ending).
    pub rating: &'static str,
    /// Indices (in written order) of the choices offered at the current step.
    pub offered: Vec<usize>,
    /// The steps visited, the current one last.
    pub visited: Vec<usize>,
}

/// Plays `path` (choice indices in written order, one per step) from the start. `Err(n)`
/// when the `n`-th choice (0-based) is not offered where it is made, or the graph is
/// not playable.
pub fn play(s: &Scenario, best: i32, path: &[usize]) -> Result<Run, usize> {
    let g = Graph::new(s).ok_or(0usize)?;
    let mut state = (0usize, 0u32);
    let mut score = 0i32;
    let mut visited = vec![0];
    for (n, &i) in path.iter().enumerate() {
        if s.steps[state.0].ending {
            return Err(n);
        }
        let (_, to) = g.moves(state).into_iter().find(|(c, _)| *c == i).ok_or(n)?;
        score += s.steps[state.0].choices[i].points;
        state = to;
        visited.push(state.0);
    }
    let pct = if best > 0 {
        (f64::from(score.max(0)) * 100.0 / f64::from(best))
            .round()
            .min(100.0) as u32
    } else {
        0
    };
    Ok(Run {
        step: state.0,
        ending: s.steps[state.0].ending,
        score,
        pct,
        rating: rating(pct),
        offered: g.moves(state).into_iter().map(|(i, _)| i).collect(),
        visited,
    })
}
