//! Grading: a selection of options → the fraction of a question's points it earns, from
//! the question or from the key embedded in the page (the browser grades from keys).

use super::{Choice, Kind, Mark, Question};

/// The fraction (0..=1) a selection of option indices earns on a question.
pub fn grade(q: &Question, selected: &[usize]) -> f64 {
    let w = q.weights();
    let f = match q.kind {
        Kind::Single | Kind::TrueFalse => match selected {
            [one] => w.get(*one).copied().unwrap_or(0.0),
            _ => 0.0,
        },
        Kind::Multiple => {
            let mut uniq: Vec<usize> = selected.to_vec();
            uniq.sort_unstable();
            uniq.dedup();
            uniq.iter().filter_map(|i| w.get(*i)).sum()
        }
    };
    (f / 100.0).clamp(0.0, 1.0)
}

/// The grading key of a question, as embedded in the page: `kind;points;w1,w2,...`.
pub fn key(q: &Question) -> String {
    let w: Vec<String> = q
        .weights()
        .iter()
        .map(|x| crate::html::fixed(*x, 6, true))
        .collect();
    format!(
        "{};{};{}",
        q.kind.as_str(),
        crate::html::fixed(q.points, 6, true),
        w.join(",")
    )
}

/// Grades from a key (see [`key`]): returns (fraction, points earned, points possible), or
/// `None` for a malformed key.
pub fn grade_key(key: &str, selected: &[usize]) -> Option<(f64, f64, f64)> {
    let mut parts = key.split(';');
    let kind = match parts.next()? {
        "single" => Kind::Single,
        "multiple" => Kind::Multiple,
        "truefalse" => Kind::TrueFalse,
        _ => return None,
    };
    let points: f64 = parts.next()?.parse().ok()?;
    let weights: Vec<f64> = parts
        .next()?
        .split(',')
        .map(|w| w.parse().ok())
        .collect::<Option<_>>()?;
    let q = Question {
        id: String::new(),
        kind,
        text: String::new(),
        points,
        shuffle: false,
        choices: weights
            .iter()
            .map(|w| Choice {
                text: String::new(),
                mark: Mark::Weight(*w),
                feedback: String::new(),
                span: 0..0,
            })
            .collect(),
        explanation: String::new(),
        span: 0..0,
    };
    let f = grade(&q, selected);
    Some((f, f * points, points))
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
