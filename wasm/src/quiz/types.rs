//! The question types beyond choices: numeric, short answer, matching, ordering,
//! fill-in-the-blank and description. Input: a question's answer lines (already split by
//! the parser) or its text with `[[…]]` blanks; output: the parsed [`Extra`] part and the
//! question's *answer space*.
//!
//! Every kind is graded over one answer space so that results, progress codes, hand-in
//! codes and LMS interactions carry option indices for all of them: the space is cut into
//! groups and a response picks at most one index per group (multiple choice: any number).
//!
//! | kind | groups | index in a group |
//! |---|---|---|
//! | single, true/false | one | the option |
//! | multiple | one (sum of picks) | the option |
//! | numeric, short | one | the accepted answer the response matched |
//! | matching | one per left item | the right item chosen (written order) |
//! | ordering | one per item | the position chosen |
//! | blanks | one per blank | the option (choice blank) or accepted answer matched |
//! | description | none | — |
//!
//! Must not read files or keep state; never panics on any input.

use std::ops::Range;

use super::{error, Kind, Mark, QuizError};

/// A numeric answer: the interval a response must fall in (`850`, `850 ± 5`, `840..860`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Interval {
    /// Lowest accepted value.
    pub lo: f64,
    /// Highest accepted value.
    pub hi: f64,
}

/// One blank of a fill-in-the-blank question.
#[derive(Clone, Debug, PartialEq)]
pub struct Blank {
    /// A choice (a drop-down list) rather than a typed answer: some alternative is `[ ]`.
    pub choice: bool,
    /// Alternatives as written (text, weight in percent).
    pub answers: Vec<(String, f64)>,
}

/// What a question has beyond its options.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Extra {
    /// Nothing (choices, short answer, ordering, description).
    #[default]
    None,
    /// Numeric: the interval of each answer line, and the unit a response may carry.
    Numeric {
        /// One per answer line.
        intervals: Vec<Interval>,
        /// `unit=元`: accepted (not required) after the number.
        unit: String,
    },
    /// Matching: (left, right) per line; an empty left is a distractor on the right.
    Matching(Vec<(String, String)>),
    /// Fill-in-the-blank: the blanks in order.
    Blanks(Vec<Blank>),
}

/// Parses a number as a learner or an author writes it: full-width digits, `，`/`,`
/// thousands separators, full-width point and minus. `None` when it is not one finite
/// number.
pub fn number(text: &str) -> Option<f64> {
    let t = crate::num::normalise(text);
    if t.is_empty() || !t.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse::<f64>().ok().filter(|x| x.is_finite())
}

/// Reads a numeric answer line: `850`, `850 ± 5` (or `+-`), `840..860`.
pub fn interval(text: &str) -> Result<Interval, (String, String)> {
    let hint = "write a number (`850`), a tolerance (`850 ± 5`) or a range (`840..860`)";
    let bad = |what: String| Err((what, hint.to_string()));
    let t = text.trim();
    if let Some((a, b)) = t.split_once("..") {
        return match (number(a), number(b)) {
            (Some(lo), Some(hi)) if lo <= hi => Ok(Interval { lo, hi }),
            (Some(lo), Some(hi)) => Err((
                format!("range `{t}` runs backwards ({lo} > {hi})"),
                format!("write the smaller number first: `{hi}..{lo}`"),
            )),
            _ => bad(format!("numeric answer `{t}` is not a number or a range")),
        };
    }
    let split = t
        .split_once('±')
        .or_else(|| t.split_once("+-"))
        .or_else(|| t.split_once("+/-"));
    if let Some((a, b)) = split {
        return match (number(a), number(b)) {
            (Some(_), Some(tol)) if tol < 0.0 => Err((
                format!("tolerance `{}` is below zero", b.trim()),
                format!("write it `{} ± {}`", a.trim(), -tol),
            )),
            (Some(x), Some(tol)) => Ok(Interval {
                lo: x - tol,
                hi: x + tol,
            }),
            _ => bad(format!(
                "numeric answer `{t}` is not a number with a tolerance"
            )),
        };
    }
    match number(t) {
        Some(x) => Ok(Interval { lo: x, hi: x }),
        None => bad(format!("numeric answer `{t}` is not a number")),
    }
}

/// Folds text for comparison: full-width ASCII and the ideographic space to half width,
/// lower case, white space runs to one space (none between two non-ASCII characters), and
/// punctuation around the whole trimmed (`「总成本。」` → `总成本`). `*` is kept.
pub fn fold(text: &str) -> String {
    let mut chars: Vec<char> = Vec::new();
    let mut space = false;
    for c in text.chars() {
        let c = match c {
            '\u{3000}' => ' ',
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            c => c,
        };
        if c.is_whitespace() {
            space = !chars.is_empty();
            continue;
        }
        if space {
            let prev = chars.last().copied().unwrap_or(' ');
            if prev.is_ascii() || c.is_ascii() {
                chars.push(' ');
            }
            space = false;
        }
        chars.extend(c.to_lowercase());
    }
    let punct = |c: &char| *c != '*' && (c.is_ascii_punctuation() || is_cjk_punct(*c));
    let start = chars.iter().position(|c| !punct(c)).unwrap_or(chars.len());
    let end = chars
        .iter()
        .rposition(|c| !punct(c))
        .map_or(start, |e| e + 1);
    chars[start..end.max(start)].iter().collect()
}

fn is_cjk_punct(c: char) -> bool {
    matches!(c, '\u{3001}'..='\u{3003}' | '\u{3008}'..='\u{3011}' | '\u{3014}'..='\u{301f}' | '\u{2010}'..='\u{2027}' | '\u{ff61}'..='\u{ff65}' | '·')
}

/// Whether folded `text` matches folded `pattern`, where `*` stands for any run of
/// characters (no other wildcard: no regular expressions).
pub fn matches(pattern: &str, text: &str) -> bool {
    let p = fold(pattern);
    let t = fold(text);
    if !p.contains('*') {
        return p == t;
    }
    let parts: Vec<&str> = p.split('*').collect();
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !t.starts_with(first) || t.len() < first.len() + last.len() || !t.ends_with(last) {
        return false;
    }
    let mut rest = &t[first.len()..t.len() - last.len()];
    for mid in &parts[1..parts.len() - 1] {
        match rest.find(mid) {
            Some(i) => rest = &rest[i + mid.len()..],
            None => return false,
        }
    }
    true
}

/// Splits a blank's text `总成本 | [50%] 成本` into alternatives and reads their marks.
fn blank(inner: &str) -> Result<Blank, (String, String)> {
    let mut answers = Vec::new();
    let mut choice = false;
    for alt in inner.split('|') {
        let alt = alt.trim();
        let (mark, text) = match alt.strip_prefix('[').and_then(|r| r.split_once(']')) {
            Some((m, t)) => match super::parse_mark(m) {
                Some(mark) => (mark, t.trim()),
                None => {
                    return Err((
                        format!("invalid mark `[{m}]` in a blank"),
                        "use [x], [ ] or a weight such as [50%]".into(),
                    ))
                }
            },
            None => (Mark::Right, alt),
        };
        if text.is_empty() {
            continue;
        }
        let w = match mark {
            Mark::Right => 100.0,
            Mark::Wrong => {
                choice = true;
                0.0
            }
            Mark::Weight(w) => w,
        };
        answers.push((text.to_string(), w));
    }
    let example =
        "write the accepted answers `[[总成本|成本]]` or a choice `[[[x] 总成本|[ ] 总价值]]`";
    if answers.is_empty() {
        return Err(("a blank with no answer".into(), example.into()));
    }
    if !answers.iter().any(|(_, w)| (*w - 100.0).abs() < 1e-9) {
        return Err(("a blank with no right answer".into(), example.into()));
    }
    if answers.iter().any(|(_, w)| *w < 0.0) {
        return Err((
            "negative weights only make sense in multiple choice".into(),
            "use [ ] for a wrong alternative".into(),
        ));
    }
    Ok(Blank { choice, answers })
}

/// The blanks of a question text (`[[…]]`), and the text between them. Errors are located
/// by `span` (the question line).
pub fn blanks(text: &str, span: &Range<usize>) -> Result<(Vec<String>, Vec<Blank>), QuizError> {
    let mut parts = Vec::new();
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("[[") {
        parts.push(rest[..open].to_string());
        let after = &rest[open + 2..];
        // `[[[x] a|[ ] b]]`: the first `]]` that closes the blank is after any mark.
        let close = find_close(after).ok_or_else(|| {
            error(
                span.clone(),
                "unclosed blank `[[`",
                "close the blank with `]]`, e.g. `[[总成本]]`",
            )
        })?;
        out.push(blank(&after[..close]).map_err(|(m, h)| error(span.clone(), m, h))?);
        rest = &after[close + 2..];
    }
    parts.push(rest.to_string());
    Ok((parts, out))
}

fn find_close(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'[' => depth += 1,
            b']' if depth > 0 => depth -= 1,
            b']' if b.get(i + 1) == Some(&b']') => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

/// The answer space of a question: weight of every index (percent) and the group sizes.
pub fn space(q: &super::Question) -> (Vec<f64>, Vec<usize>) {
    let n = q.choices.len();
    match (q.kind, &q.extra) {
        (Kind::Matching, Extra::Matching(pairs)) => {
            let lefts: Vec<usize> = (0..pairs.len())
                .filter(|i| !pairs[*i].0.is_empty())
                .collect();
            let m = pairs.len();
            let share = if lefts.is_empty() {
                0.0
            } else {
                100.0 / lefts.len() as f64
            };
            let mut w = Vec::new();
            for &i in &lefts {
                w.extend((0..m).map(|j| if pairs[j].1 == pairs[i].1 { share } else { 0.0 }));
            }
            (w, vec![m; lefts.len()])
        }
        (Kind::Ordering, _) => {
            let share = if n == 0 { 0.0 } else { 100.0 / n as f64 };
            let mut w = Vec::new();
            for i in 0..n {
                w.extend((0..n).map(|p| if p == i { share } else { 0.0 }));
            }
            (w, vec![n; n])
        }
        (Kind::Blanks, Extra::Blanks(bl)) => {
            let share = if bl.is_empty() {
                0.0
            } else {
                1.0 / bl.len() as f64
            };
            let mut w = Vec::new();
            let mut groups = Vec::new();
            for b in bl {
                w.extend(b.answers.iter().map(|a| a.1 * share));
                if !b.choice {
                    // Typed, but matching no accepted answer.
                    w.push(0.0);
                }
                groups.push(b.answers.len() + usize::from(!b.choice));
            }
            (w, groups)
        }
        (Kind::Description, _) => (Vec::new(), Vec::new()),
        (Kind::Numeric | Kind::Short, _) => {
            let mut w = q.weights();
            // Typed, but matching no accepted answer.
            w.push(0.0);
            (w, vec![n + 1])
        }
        _ => (q.weights(), vec![n]),
    }
}

/// A response that cannot be read (a numeric answer that is not a number).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unreadable;

/// What a learner gave for one group, resolved to an index of the group: `Ok(None)` for
/// no answer.
pub type Resolved = Result<Option<usize>, Unreadable>;

/// Resolves a typed response against a numeric question's intervals: the first accepted
/// answer with the highest weight whose interval holds the number. The unit may follow.
pub fn resolve_numeric(
    intervals: &[Interval],
    weights: &[f64],
    unit: &str,
    text: &str,
) -> Resolved {
    let mut t = text.trim().to_string();
    if t.is_empty() {
        return Ok(None);
    }
    if !unit.is_empty() {
        let (fu, ft) = (fold(unit), fold(&t));
        if let Some(stripped) = ft.strip_suffix(&fu) {
            t = stripped.to_string();
        }
    }
    let x = number(&t).ok_or(Unreadable)?;
    Ok(best(weights, intervals.len(), |i| {
        let iv = intervals[i];
        let eps = 1e-9 * x.abs().max(1.0);
        x >= iv.lo - eps && x <= iv.hi + eps
    }))
}

/// Resolves a typed response against accepted answers (wildcards allowed).
pub fn resolve_text(answers: &[&str], weights: &[f64], text: &str) -> Resolved {
    if fold(text).is_empty() {
        return Ok(None);
    }
    Ok(best(weights, answers.len(), |i| matches(answers[i], text)))
}

/// The matching answer with the highest weight; else `other` (the group's last index).
fn best(weights: &[f64], other: usize, ok: impl Fn(usize) -> bool) -> Option<usize> {
    let mut found: Option<usize> = None;
    for i in 0..other {
        if ok(i) && found.is_none_or(|f| weights[i] > weights[f]) {
            found = Some(i);
        }
    }
    Some(found.unwrap_or(other))
}
