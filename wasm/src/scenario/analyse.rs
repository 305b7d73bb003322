//! The graph checks of a parsed scenario and its summary: every choice leads to a step,
//! every step is reached from the start, every reachable state offers a choice and can
//! still reach an ending, flags tested are set somewhere; the summary (paths, scores)
//! and the warning when the best choices miss the best ending; and the comparison of a
//! translation's graph with its original's.
//!
//! The graph is walked over states (step, flags set), so a step reached with different
//! flags is checked for each. A *path* runs from the start to an ending and never passes
//! the same state twice. The *best choices* at a state are the offered choices with the
//! most points there; the warning is given when following only best choices can never
//! end at the ending of the best-scoring path.

use std::collections::{HashMap, HashSet, VecDeque};

use super::{error, Scenario, ScenarioError};

/// Most flags a scenario may use.
pub const MAX_FLAGS: usize = 16;
/// Most complete paths the summary enumerates.
pub const MAX_PATHS: usize = 100_000;

/// What `check -v` prints about a scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    /// Number of steps, endings included.
    pub steps: usize,
    /// Number of endings.
    pub endings: usize,
    /// Number of distinct paths from the start to an ending.
    pub paths: usize,
    /// Fewest choices on a path.
    pub shortest: usize,
    /// Most choices on a path.
    pub longest: usize,
    /// Most points a path earns.
    pub best: i32,
    /// Fewest points a path earns.
    pub worst: i32,
    /// Name of the ending of the first best-scoring path.
    pub best_ending: String,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} steps, {} endings, {} paths of {}–{} choices, score {} to {} (best ending `{}`)",
            self.steps,
            self.endings,
            self.paths,
            self.shortest,
            self.longest,
            self.worst,
            self.best,
            self.best_ending
        )
    }
}

type State = (usize, u32);

/// The flag numbering and the transitions of a scenario whose targets all exist.
pub(crate) struct Graph<'a> {
    s: &'a Scenario,
    flags: HashMap<&'a str, u32>,
    next: Vec<Vec<usize>>,
}

impl<'a> Graph<'a> {
    /// `None` when a flag count is over [`MAX_FLAGS`] or a target is missing (reported by
    /// [`analyse`]).
    pub(crate) fn new(s: &'a Scenario) -> Option<Graph<'a>> {
        let mut flags = HashMap::new();
        for c in s.steps.iter().flat_map(|st| &st.choices) {
            for f in c.set.iter().chain(c.when.as_ref().map(|w| &w.flag)) {
                let n = flags.len() as u32;
                flags.entry(f.as_str()).or_insert(n);
            }
        }
        if flags.len() > MAX_FLAGS {
            return None;
        }
        let next = s
            .steps
            .iter()
            .map(|st| st.choices.iter().map(|c| s.index(&c.next)).collect())
            .collect::<Option<Vec<Vec<usize>>>>()?;
        Some(Graph { s, flags, next })
    }

    /// The choices offered at a state, with the state each leads to.
    pub(crate) fn moves(&self, (step, flags): State) -> Vec<(usize, State)> {
        let st = &self.s.steps[step];
        st.choices
            .iter()
            .enumerate()
            .filter(|(_, c)| match &c.when {
                None => true,
                Some(w) => (flags & (1 << self.flags[w.flag.as_str()]) != 0) == w.set,
            })
            .map(|(i, c)| {
                let mut f = flags;
                for s in &c.set {
                    f |= 1 << self.flags[s.as_str()];
                }
                (i, (self.next[step][i], f))
            })
            .collect()
    }
}

/// Checks the graph; returns the summary when there is no error, and every error and
/// warning found.
pub fn analyse(s: &Scenario) -> (Option<Summary>, Vec<ScenarioError>) {
    let mut errs = Vec::new();
    let names: Vec<&str> = s.steps.iter().map(|st| st.name.as_str()).collect();
    let set: HashSet<&str> = s
        .steps
        .iter()
        .flat_map(|st| &st.choices)
        .flat_map(|c| c.set.iter().map(String::as_str))
        .collect();
    let mut all_flags: HashSet<&str> = set.clone();
    for st in &s.steps {
        for c in &st.choices {
            if s.index(&c.next).is_none() {
                let hint = match crate_did_you_mean(&c.next, &names) {
                    Some(n) => format!("did you mean `{n}`?"),
                    None => format!("the steps of this scenario are: {}", list(&names)),
                };
                errs.push(error(
                    c.span.clone(),
                    format!(
                        "the choice leads to step `{}`, which does not exist",
                        c.next
                    ),
                    hint,
                ));
            }
            if let Some(w) = &c.when {
                all_flags.insert(&w.flag);
                if !set.contains(w.flag.as_str()) {
                    errs.push(error(
                        c.span.clone(),
                        format!("the choice tests flag `{}`, which no choice sets", w.flag),
                        format!(
                            "set it with `set={}` on an earlier choice, or fix its spelling",
                            w.flag
                        ),
                    ));
                }
            }
        }
    }
    if all_flags.len() > MAX_FLAGS {
        errs.push(error(
            s.steps[0].span.clone(),
            format!(
                "the scenario uses {} flags; at most {MAX_FLAGS} are allowed",
                all_flags.len()
            ),
            "split the scenario in two",
        ));
    }
    if !errs.is_empty() {
        return (None, errs);
    }
    let g = Graph::new(s).expect("targets and flag count checked");
    // States reachable from the start, and the transitions between them.
    let start: State = (0, 0);
    let mut seen: HashSet<State> = HashSet::from([start]);
    let mut back: HashMap<State, Vec<State>> = HashMap::new();
    let mut queue = VecDeque::from([start]);
    let mut dead: Vec<usize> = Vec::new();
    while let Some(st) = queue.pop_front() {
        let moves = g.moves(st);
        if moves.is_empty() && !s.steps[st.0].ending && !dead.contains(&st.0) {
            dead.push(st.0);
        }
        for (_, to) in moves {
            back.entry(to).or_default().push(st);
            if seen.insert(to) {
                queue.push_back(to);
            }
        }
    }
    let reached: HashSet<usize> = seen.iter().map(|st| st.0).collect();
    for (i, st) in s.steps.iter().enumerate() {
        if !reached.contains(&i) {
            errs.push(error(
                st.span.clone(),
                format!("no path from the start reaches step `{}`", st.name),
                "let a choice lead to it (`-> name`), or remove the step",
            ));
        }
    }
    for i in dead {
        errs.push(error(
            s.steps[i].span.clone(),
            format!("step `{}` can be reached with none of its choices offered", s.steps[i].name),
            "every `if=` choice of the step is hidden by the flags set on the way: add a choice without `if=`",
        ));
    }
    // States that can still reach an ending: walk back from the endings.
    let mut alive: HashSet<State> = seen
        .iter()
        .copied()
        .filter(|st| s.steps[st.0].ending)
        .collect();
    let mut queue: VecDeque<State> = alive.iter().copied().collect();
    while let Some(st) = queue.pop_front() {
        for from in back.get(&st).into_iter().flatten() {
            if alive.insert(*from) {
                queue.push_back(*from);
            }
        }
    }
    // Reported where the loop is (a state that leads back to itself), not on every step
    // that leads into it, nor where the trap is a missing way on (reported above).
    let on_loop = |st: State| {
        let mut seen_here = HashSet::new();
        let mut queue: VecDeque<State> = g.moves(st).into_iter().map(|m| m.1).collect();
        while let Some(x) = queue.pop_front() {
            if x == st {
                return true;
            }
            if seen_here.insert(x) {
                queue.extend(g.moves(x).into_iter().map(|m| m.1));
            }
        }
        false
    };
    let mut trapped: Vec<usize> = seen
        .iter()
        .filter(|st| !alive.contains(st) && on_loop(**st))
        .map(|st| st.0)
        .collect::<HashSet<_>>()
        .into_iter()
        .filter(|i| !s.steps[*i].ending)
        .collect();
    trapped.sort_unstable();
    for i in trapped {
        let st = &s.steps[i];
        if st.choices.is_empty() {
            continue;
        }
        errs.push(error(
            st.span.clone(),
            format!("no path from step `{}` reaches an ending", st.name),
            "its choices only lead round in a loop: give the loop a way out to a step that reaches an ending",
        ));
    }
    if !errs.is_empty() {
        return (None, errs);
    }
    let summary = match paths(&g) {
        Some(sum) => sum,
        None => {
            errs.push(error(
                s.steps[0].span.clone(),
                format!("the scenario has more than {MAX_PATHS} paths, too many to score"),
                "split it into smaller scenarios",
            ));
            return (None, errs);
        }
    };
    if summary.best <= 0 {
        errs.push(error(
            s.steps[0].span.clone(),
            "no path through the scenario earns any points",
            "give the good choices positive points: percentages and ratings are taken from the best score",
        ));
        return (None, errs);
    }
    let greedy = greedy_endings(&g);
    let best_at = s
        .index(&summary.best_ending)
        .expect("an ending of the scenario");
    if !greedy.contains(&best_at) {
        let mut w = error(
            s.steps[best_at].span.clone(),
            format!(
                "taking the best choice at every step never leads to `{}`, the ending of the best score ({} points)",
                summary.best_ending, summary.best
            ),
            "the points mislead: give the choices on the way to this ending the most points of their step",
        );
        w.warning = true;
        errs.push(w);
    }
    (Some(summary), errs)
}

/// Enumerates the paths; `None` past [`MAX_PATHS`].
fn paths(g: &Graph) -> Option<Summary> {
    struct Walk<'g, 'a> {
        g: &'g Graph<'a>,
        on: HashSet<State>,
        sum: Summary,
        first: bool,
        steps: usize,
    }
    fn go(w: &mut Walk, st: State, len: usize, score: i32) -> bool {
        w.steps += 1;
        if w.steps > MAX_PATHS * 20 {
            return false;
        }
        let step = &w.g.s.steps[st.0];
        if step.ending {
            let s = &mut w.sum;
            s.paths += 1;
            if s.paths > MAX_PATHS {
                return false;
            }
            if w.first || score > s.best {
                s.best = score;
                s.best_ending = step.name.clone();
            }
            if w.first {
                (s.worst, s.shortest, s.longest) = (score, len, len);
            }
            s.worst = s.worst.min(score);
            s.shortest = s.shortest.min(len);
            s.longest = s.longest.max(len);
            w.first = false;
            return true;
        }
        w.on.insert(st);
        for (i, to) in w.g.moves(st) {
            if w.on.contains(&to) {
                continue;
            }
            let p = step.choices[i].points;
            if !go(w, to, len + 1, score + p) {
                return false;
            }
        }
        w.on.remove(&st);
        true
    }
    let s = g.s;
    let mut w = Walk {
        g,
        on: HashSet::new(),
        sum: Summary {
            steps: s.steps.len(),
            endings: s.steps.iter().filter(|st| st.ending).count(),
            paths: 0,
            shortest: 0,
            longest: 0,
            best: 0,
            worst: 0,
            best_ending: String::new(),
        },
        first: true,
        steps: 0,
    };
    go(&mut w, (0, 0), 0, 0).then_some(w.sum)
}

/// The endings reached when every choice made is a best choice of its state.
fn greedy_endings(g: &Graph) -> HashSet<usize> {
    let mut seen = HashSet::from([(0usize, 0u32)]);
    let mut queue = VecDeque::from([(0usize, 0u32)]);
    let mut out = HashSet::new();
    while let Some(st) = queue.pop_front() {
        if g.s.steps[st.0].ending {
            out.insert(st.0);
            continue;
        }
        let moves = g.moves(st);
        let top = moves
            .iter()
            .map(|(i, _)| g.s.steps[st.0].choices[*i].points)
            .max();
        for (i, to) in moves {
            if Some(g.s.steps[st.0].choices[i].points) == top && seen.insert(to) {
                queue.push_back(to);
            }
        }
    }
    out
}

fn list(names: &[&str]) -> String {
    let mut v: Vec<String> = names.iter().take(12).map(|n| format!("`{n}`")).collect();
    if names.len() > 12 {
        v.push("…".into());
    }
    v.join(", ")
}

/// The closest name by edit distance (at most a third of the word), if any.
fn crate_did_you_mean<'n>(word: &str, names: &[&'n str]) -> Option<&'n str> {
    let dist = |a: &str, b: &str| -> usize {
        let b: Vec<char> = b.chars().collect();
        let mut row: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.chars().enumerate() {
            let mut prev = row[0];
            row[0] = i + 1;
            for j in 0..b.len() {
                let cur = row[j + 1];
                row[j + 1] = (prev + usize::from(ca != b[j]))
                    .min(row[j] + 1)
                    .min(cur + 1);
                prev = cur;
            }
        }
        row[b.len()]
    };
    names
        .iter()
        .map(|n| (dist(word, n), *n))
        .filter(|(d, _)| *d <= (word.chars().count() / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| n)
}

/// Where a translation's graph differs from its original's: the span in the
/// translation's body and what differs. Titles, words and feedback may differ; step
/// names, endings, and each choice's points, reaction, next step and flags may not.
pub fn compare(
    original: &Scenario,
    translation: &Scenario,
) -> Option<(std::ops::Range<usize>, String)> {
    for (i, t) in translation.steps.iter().enumerate() {
        let Some(o) = original.steps.get(i) else {
            return Some((
                t.span.clone(),
                format!("step `{}` is not in the original", t.name),
            ));
        };
        if o.name != t.name {
            return Some((
                t.span.clone(),
                format!(
                    "step {} is `{}` here but `{}` in the original",
                    i + 1,
                    t.name,
                    o.name
                ),
            ));
        }
        if o.ending != t.ending {
            return Some((
                t.span.clone(),
                format!(
                    "step `{}` is {} here but {} in the original",
                    t.name,
                    if t.ending {
                        "an ending"
                    } else {
                        "not an ending"
                    },
                    if o.ending { "an ending" } else { "not one" }
                ),
            ));
        }
        if o.choices.len() != t.choices.len() {
            return Some((
                t.span.clone(),
                format!(
                    "step `{}` has {} choices here but {} in the original",
                    t.name,
                    t.choices.len(),
                    o.choices.len()
                ),
            ));
        }
        for (j, (oc, tc)) in o.choices.iter().zip(&t.choices).enumerate() {
            let what = if oc.next != tc.next {
                format!(
                    "leads to `{}` here but to `{}` in the original",
                    tc.next, oc.next
                )
            } else if oc.points != tc.points || oc.reaction != tc.reaction {
                format!(
                    "scores {} {} here but {} {} in the original",
                    tc.points,
                    tc.reaction.as_str(),
                    oc.points,
                    oc.reaction.as_str()
                )
            } else if oc.set != tc.set || oc.when != tc.when {
                "sets or tests other flags than in the original".to_string()
            } else {
                continue;
            };
            return Some((
                tc.span.clone(),
                format!("choice {} of step `{}` {what}", j + 1, t.name),
            ));
        }
    }
    original.steps.get(translation.steps.len()).map(|o| {
        let span = translation.steps.last().map_or(0..0, |t| t.span.clone());
        (
            span,
            format!("the translation lacks step `{}` of the original", o.name),
        )
    })
}
