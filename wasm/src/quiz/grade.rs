//! Grading: a selection of options → the fraction of a question's points it earns, from
//! the question or from the key embedded in the page (the browser grades from keys).

use super::types::{self, Extra, Interval};
use super::{Kind, Question};

/// The fraction (0..=1) a selection of answer-space indices (see [`types`]) earns.
pub fn grade(q: &Question, selected: &[usize]) -> f64 {
    let (w, groups) = types::space(q);
    grade_space(q.kind, &w, &groups, selected)
}

/// Multiple choice adds every pick's weight; the others take the weight of the one pick in
/// each group (two picks in a group, or an index outside the space, earn that group
/// nothing). Clamped to 0..=1, to 6 decimals.
fn grade_space(kind: Kind, w: &[f64], groups: &[usize], selected: &[usize]) -> f64 {
    let mut uniq: Vec<usize> = selected.to_vec();
    uniq.sort_unstable();
    uniq.dedup();
    let f: f64 = if kind == Kind::Multiple {
        uniq.iter().filter_map(|i| w.get(*i)).sum()
    } else {
        let mut sum = 0.0;
        let mut at = 0;
        for g in groups {
            let picks: Vec<&usize> = uniq.iter().filter(|i| (at..at + g).contains(*i)).collect();
            if let [one] = picks[..] {
                sum += w[*one];
            }
            at += g;
        }
        if uniq.iter().any(|i| *i >= at) {
            0.0
        } else {
            sum
        }
    };
    // Keys carry weights to 6 decimals: round so that the page and the question agree.
    ((f / 100.0).clamp(0.0, 1.0) * 1e6).round() / 1e6
}

/// Escapes what separates the fields of a key (`%;,|~:` and control characters), and
/// what could look like markup in the page's attribute (`<>&"'=` and spaces).
fn enc(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if matches!(
            c,
            '%' | ';' | ',' | '|' | '~' | ':' | '<' | '>' | '&' | '"' | '\'' | '=' | ' '
        ) || c.is_control()
        {
            let mut b = [0u8; 4];
            for byte in c.encode_utf8(&mut b).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn dec(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The grading key of a question, as embedded in the page: `kind;points;w1,w2,...` for
/// the choice kinds; the newer kinds add `;groups`, one spec per group joined by `|`:
/// `iN` (N options, the response is an index), `n~unit~lo:hi~...` (a number) or
/// `t~answer~...` (text, `*` a wildcard). Texts are %-escaped.
pub fn key(q: &Question) -> String {
    let (weights, groups) = types::space(q);
    let w: Vec<String> = weights
        .iter()
        .map(|x| crate::html::fixed(*x, 6, true))
        .collect();
    let mut s = format!(
        "{};{};{}",
        q.kind.as_str(),
        crate::html::fixed(q.points, 6, true),
        w.join(",")
    );
    if q.kind.is_choice() {
        return s;
    }
    let texts = |list: &mut dyn Iterator<Item = &str>| {
        let mut t = String::from("t");
        for a in list {
            t.push('~');
            t.push_str(&enc(a));
        }
        t
    };
    let specs: Vec<String> = match (&q.extra, q.kind) {
        (Extra::Numeric { intervals, unit }, _) => {
            let mut t = format!("n~{}", enc(unit));
            for iv in intervals {
                t.push_str(&format!("~{}:{}", iv.lo, iv.hi));
            }
            vec![t]
        }
        (_, Kind::Short) => vec![texts(&mut q.choices.iter().map(|c| c.text.as_str()))],
        (Extra::Blanks(bl), _) => bl
            .iter()
            .map(|b| {
                if b.choice {
                    format!("i{}", b.answers.len())
                } else {
                    texts(&mut b.answers.iter().map(|a| a.0.as_str()))
                }
            })
            .collect(),
        _ => groups.iter().map(|g| format!("i{g}")).collect(),
    };
    s.push(';');
    s.push_str(&specs.join("|"));
    s
}

/// How one group of a key reads a response.
enum Group {
    Index(usize),
    Number(String, Vec<Interval>),
    Text(Vec<String>),
}

impl Group {
    fn size(&self) -> usize {
        match self {
            Group::Index(n) => *n,
            Group::Number(_, iv) => iv.len() + 1,
            Group::Text(t) => t.len() + 1,
        }
    }
}

struct ParsedKey {
    kind: Kind,
    points: f64,
    weights: Vec<f64>,
    groups: Vec<Group>,
}

fn parse_key(key: &str) -> Option<ParsedKey> {
    let mut parts = key.split(';');
    let kind = Kind::from_name(parts.next()?)?;
    let points: f64 = parts.next()?.parse().ok()?;
    let weights: Vec<f64> = match parts.next()? {
        "" => Vec::new(),
        w => w
            .split(',')
            .map(|w| w.parse().ok())
            .collect::<Option<_>>()?,
    };
    let groups = match parts.next() {
        None if kind.is_choice() => vec![Group::Index(weights.len())],
        None | Some("") => Vec::new(),
        Some(g) => g
            .split('|')
            .map(|spec| {
                let mut f = spec.split('~');
                let head = f.next()?;
                match head {
                    "n" => {
                        let unit = dec(f.next()?)?;
                        let iv = f
                            .map(|p| {
                                let (lo, hi) = p.split_once(':')?;
                                Some(Interval {
                                    lo: lo.parse().ok()?,
                                    hi: hi.parse().ok()?,
                                })
                            })
                            .collect::<Option<_>>()?;
                        Some(Group::Number(unit, iv))
                    }
                    "t" => Some(Group::Text(f.map(dec).collect::<Option<_>>()?)),
                    _ => Some(Group::Index(head.strip_prefix('i')?.parse().ok()?)),
                }
            })
            .collect::<Option<_>>()?,
    };
    if parts.next().is_some() || groups.iter().map(Group::size).sum::<usize>() != weights.len() {
        return None;
    }
    Some(ParsedKey {
        kind,
        points,
        weights,
        groups,
    })
}

/// Reads a learner's responses against a key (see [`key`]): one value per group, joined
/// by U+001F (an index for choices, matching and ordering; typed text for numbers and
/// words). Returns the answer-space indices, or the groups whose value cannot be read (a
/// numeric answer that is not a number). `None` for a malformed key.
pub fn resolve_key(key: &str, responses: &str) -> Option<Result<Vec<usize>, Vec<usize>>> {
    let k = parse_key(key)?;
    if k.kind.is_choice() {
        return Some(Ok(responses
            .split([',', '\u{1f}'])
            .filter_map(|x| x.trim().parse().ok())
            .collect()));
    }
    let values: Vec<&str> = responses.split('\u{1f}').collect();
    let (mut out, mut bad) = (Vec::new(), Vec::new());
    let mut at = 0;
    for (g, group) in k.groups.iter().enumerate() {
        let v = values.get(g).copied().unwrap_or("");
        let w = &k.weights[at..at + group.size()];
        let r = match group {
            Group::Index(n) => Ok(v.trim().parse::<usize>().ok().filter(|i| i < n)),
            Group::Number(unit, iv) => types::resolve_numeric(iv, w, unit, v),
            Group::Text(t) => {
                let t: Vec<&str> = t.iter().map(String::as_str).collect();
                types::resolve_text(&t, w, v)
            }
        };
        match r {
            Ok(Some(i)) => out.push(at + i),
            Ok(None) => {}
            Err(types::Unreadable) => bad.push(g),
        }
        at += group.size();
    }
    Some(if bad.is_empty() { Ok(out) } else { Err(bad) })
}

/// Grades from a key (see [`key`]): returns (fraction, points earned, points possible), or
/// `None` for a malformed key.
pub fn grade_key(key: &str, selected: &[usize]) -> Option<(f64, f64, f64)> {
    let k = parse_key(key)?;
    let sizes: Vec<usize> = k.groups.iter().map(Group::size).collect();
    let f = grade_space(k.kind, &k.weights, &sizes, selected);
    Some((f, f * k.points, k.points))
}

#[cfg(test)]
mod tests {
    use super::super::tests::SAMPLE;
    use super::super::*;

    #[test]
    fn grading_single_and_truefalse() {
        let q = &parse(SAMPLE).unwrap().questions;
        assert_eq!(grade(&q[0], &[0]), 1.0);
        assert_eq!(grade(&q[0], &[1]), 0.0);
        assert_eq!(grade(&q[0], &[]), 0.0);
        assert_eq!(
            grade(&q[0], &[0, 1]),
            0.0,
            "two picks on a single-choice question score nothing"
        );
        assert_eq!(grade(&q[2], &[1]), 1.0);
    }

    #[test]
    fn grading_multiple_with_default_and_explicit_weights() {
        let q = &parse(SAMPLE).unwrap().questions[1];
        assert_eq!(q.weights(), vec![50.0, 50.0, -50.0, -50.0]);
        assert_eq!(grade(q, &[0, 1]), 1.0);
        assert_eq!(grade(q, &[0]), 0.5);
        assert_eq!(grade(q, &[0, 2]), 0.0);
        assert_eq!(
            grade(q, &[0, 1, 2, 3]),
            0.0,
            "ticking everything earns nothing"
        );
        assert_eq!(grade(q, &[2]), 0.0, "never below zero");
        let q = &parse("? q {multiple}\n- [50%] a\n- [50%] b\n- [-100%] c\n- [ ] d\n")
            .unwrap()
            .questions[0];
        assert_eq!(q.weights(), vec![50.0, 50.0, -100.0, -50.0]);
        assert_eq!(grade(q, &[0, 2]), 0.0);
        assert_eq!(grade(q, &[1]), 0.5);
        assert_eq!(q.right(), vec![0, 1]);
    }

    #[test]
    fn partial_credit_in_single_choice() {
        let q = &parse("? q\n- [x] best\n- [50%] half\n- [ ] no\n")
            .unwrap()
            .questions[0];
        assert_eq!(grade(q, &[1]), 0.5);
        assert_eq!(q.right(), vec![0]);
    }

    #[test]
    fn keys_grade_like_questions() {
        let quiz = parse(SAMPLE).unwrap();
        for q in &quiz.questions {
            for sel in [vec![0], vec![1], vec![0, 1], vec![]] {
                let (f, earned, possible) = grade_key(&key(q), &sel).unwrap();
                assert_eq!(f, grade(q, &sel));
                assert_eq!(possible, q.points);
                assert_eq!(earned, f * q.points);
            }
        }
        assert_eq!(key(&quiz.questions[1]), "multiple;2;50,50,-50,-50");
        assert_eq!(grade_key("bogus", &[0]), None);
    }
}
