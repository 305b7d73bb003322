//! Whether a translation's quiz keeps its original's answer key. Both languages of a
//! course share one record per quiz (the chosen option of every question, by index), one
//! packed entry in hand-in codes and one set of LMS interactions, so a translation may
//! change the words only: the questions' order, ids, kinds, points and shuffling, the
//! number of options and which of them are right (or their weights), the accepted numbers,
//! the matching's distractors and the blanks' count and weights must be the original's.
//! The texts of accepted short answers may differ (they are in the other language).
//!
//! Input: the two parsed quizzes; output: where the translation first differs (a span in
//! its quiz body) and what differs. Must not: look at the words.

use std::ops::Range;

use super::{Choice, Extra, Mark, Question, Quiz};

/// Where `translation` first differs from `original` in what grading depends on, as
/// (span in the translation's quiz body, what differs); `None` when they agree.
pub fn compare(original: &Quiz, translation: &Quiz) -> Option<(Range<usize>, String)> {
    let (o, t) = (&original.questions, &translation.questions);
    for (i, (a, b)) in o.iter().zip(t).enumerate() {
        if let Some(d) = question(i + 1, a, b) {
            return Some(d);
        }
    }
    match (o.len(), t.len()) {
        (n, m) if m > n => Some((
            t[n].span.clone(),
            format!(
                "question {} has no counterpart in the original ({n} questions)",
                n + 1
            ),
        )),
        (n, m) if m < n => Some((
            t.last().map_or(0..0, |q| q.span.clone()),
            format!("the translation has {m} questions, the original {n}"),
        )),
        _ => None,
    }
}

fn question(n: usize, a: &Question, b: &Question) -> Option<(Range<usize>, String)> {
    let at = || b.span.clone();
    if a.kind != b.kind {
        return Some((
            at(),
            format!(
                "question {n} is `{}` here but `{}` in the original",
                b.kind.as_str(),
                a.kind.as_str()
            ),
        ));
    }
    if a.id != b.id {
        return Some((
            at(),
            format!(
                "question {n} has the id `{}` here but `{}` in the original",
                b.id, a.id
            ),
        ));
    }
    if a.points != b.points {
        return Some((
            at(),
            format!(
                "question {n} is worth {} points here but {} in the original",
                b.points, a.points
            ),
        ));
    }
    if a.shuffle != b.shuffle {
        return Some((
            at(),
            format!(
                "question {n} {} its options here but {} in the original",
                if b.shuffle {
                    "shuffles"
                } else {
                    "keeps the order of"
                },
                if a.shuffle {
                    "shuffles them"
                } else {
                    "keeps their order"
                }
            ),
        ));
    }
    if a.choices.len() != b.choices.len() {
        return Some((
            at(),
            format!(
                "question {n} has {} options or answers here but {} in the original",
                b.choices.len(),
                a.choices.len()
            ),
        ));
    }
    for (j, (x, y)) in a.choices.iter().zip(&b.choices).enumerate() {
        if !same_mark(x, y) {
            return Some((
                y.span.clone(),
                format!(
                    "option {} of question {n} is {} here but {} in the original",
                    j + 1,
                    mark(y),
                    mark(x)
                ),
            ));
        }
    }
    let differs = match (&a.extra, &b.extra) {
        (Extra::None, Extra::None) => None,
        (
            Extra::Numeric {
                intervals: p,
                unit: _,
            },
            Extra::Numeric {
                intervals: q,
                unit: _,
            },
        ) => (p != q).then(|| "accepts other numbers".to_string()),
        (Extra::Matching(p), Extra::Matching(q)) => {
            let distractors = |v: &[(String, String)]| -> Vec<bool> {
                v.iter().map(|(l, _)| l.trim().is_empty()).collect()
            };
            (distractors(p) != distractors(q))
                .then(|| "has its pairs and distractors in another order".to_string())
        }
        (Extra::Blanks(p), Extra::Blanks(q)) => {
            if p.len() != q.len() {
                Some(format!("has {} blanks (the original {})", q.len(), p.len()))
            } else {
                p.iter()
                    .zip(q)
                    .position(|(x, y)| {
                        x.choice != y.choice
                            || x.answers.len() != y.answers.len()
                            || x.answers.iter().zip(&y.answers).any(|(u, v)| u.1 != v.1)
                    })
                    .map(|k| {
                        format!(
                            "has another blank {}: its kind, number of alternatives or weights",
                            k + 1
                        )
                    })
            }
        }
        _ => Some("is written differently".to_string()),
    };
    differs.map(|d| (at(), format!("question {n} {d} than in the original")))
}

fn same_mark(x: &Choice, y: &Choice) -> bool {
    match (x.mark, y.mark) {
        (Mark::Right, Mark::Right) | (Mark::Wrong, Mark::Wrong) => true,
        (Mark::Weight(p), Mark::Weight(q)) => p == q,
        _ => false,
    }
}

fn mark(c: &Choice) -> String {
    match c.mark {
        Mark::Right => "`[x]` (right)".into(),
        Mark::Wrong => "`[ ]` (wrong)".into(),
        Mark::Weight(w) => format!("`[{w}%]`"),
    }
}

#[cfg(test)]
mod tests {
    use super::compare;
    use crate::quiz::parse;

    const ZH: &str = "? 顾客让渡价值等于什么？\n- [ ] 总价值加总成本\n- [x] 总价值减总成本\n\n? 留住老客户比开发新客户便宜。 {truefalse}\n- [x] 对\n- [ ] 错\n\n? 终生价值是多少元？ {numeric}\n- [x] 266.67 ± 0.01\n";
    const EN: &str = "? What is customer delivered value?\n- [ ] Total value plus total cost\n- [x] Total value minus total cost\n\n? Keeping a customer costs less than winning one. {truefalse}\n- [x] True\n- [ ] False\n\n? What is the lifetime value in yuan? {numeric}\n- [x] 266.67 ± 0.01\n";

    fn q(s: &str) -> crate::quiz::Quiz {
        parse(s).unwrap_or_else(|e| panic!("{e:?}"))
    }

    #[test]
    fn a_faithful_translation_agrees() {
        assert_eq!(compare(&q(ZH), &q(EN)), None);
    }

    #[test]
    fn each_difference_is_found_at_the_translation() {
        let en = q(EN);
        let cases = [
            (
                EN.replace("- [ ] Total value plus", "- [x] Total value plus")
                    .replace("- [x] Total value minus", "- [ ] Total value minus"),
                "option 1 of question 1 is `[x]` (right) here but `[ ]` (wrong) in the original",
            ),
            (
                EN.replace("- [x] True\n- [ ] False", "- [ ] True\n- [x] False"),
                "option 1 of question 2 is `[ ]` (wrong) here but `[x]` (right) in the original",
            ),
            (
                EN.replace("266.67 ± 0.01", "266.7 ± 0.1"),
                "question 3 accepts other numbers than in the original",
            ),
            (
                EN.replace("{truefalse}", "{truefalse points=2}"),
                "question 2 is worth 2 points here but 1 in the original",
            ),
            (
                EN.replace(
                    "- [x] Total value minus total cost\n",
                    "- [x] Total value minus total cost\n- [ ] Neither\n",
                ),
                "question 1 has 3 options or answers here but 2 in the original",
            ),
            (
                format!("{EN}\n? One more? {{truefalse}}\n- [x] Yes\n- [ ] No\n"),
                "question 4 has no counterpart in the original (3 questions)",
            ),
            (
                EN.replace(
                    "? What is customer delivered value?",
                    "? What is customer delivered value? {shuffle=false}",
                ),
                "question 1 keeps the order of its options here but shuffles them in the original",
            ),
        ];
        for (text, want) in cases {
            let t = q(&text);
            assert_ne!(t, en);
            let (span, got) =
                compare(&q(ZH), &t).unwrap_or_else(|| panic!("no difference found for {want}"));
            assert_eq!(got, want);
            assert!(span.end <= text.len() && span.start < span.end, "{span:?}");
        }
        // Fewer questions: at the translation's last one.
        let short = EN
            .split("\n\n? What is the lifetime")
            .next()
            .unwrap()
            .to_string()
            + "\n";
        assert_eq!(
            compare(&q(ZH), &q(&short)).map(|d| d.1).as_deref(),
            Some("the translation has 2 questions, the original 3")
        );
    }
}
