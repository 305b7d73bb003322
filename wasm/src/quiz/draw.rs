//! Question pools: a quiz with `draw=N` shows N of its M questions per attempt.
//!
//! Input: the `draw` attribute's text and the parsed quiz (for [`check`]); an attempt's
//! seed and the counts (for [`draw`]). Output: the validated draw count with its problems,
//! or the indices (source order) of the questions an attempt draws. Must not depend on
//! anything but its arguments: the browser (through the wasm module) and every reader of
//! a stored attempt draw the same questions from the same seed.
//!
//! A quiz with `draw` may not contain descriptions: a description usually introduces the
//! questions after it, and drawing those without it (or it without them) would change
//! what they mean. Every question of a pool is graded, so the drawn indices are question
//! indices.

use super::{Kind, Question, Quiz};

/// A problem with a `draw` attribute.
#[derive(Clone, Debug, PartialEq)]
pub struct PoolIssue {
    /// A warning (the quiz still builds) rather than an error.
    pub warning: bool,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
    /// The question it is about (its index), when not the `draw` attribute itself.
    pub question: Option<usize>,
}

fn issue(warning: bool, message: String, hint: impl Into<String>) -> PoolIssue {
    PoolIssue {
        warning,
        message,
        hint: hint.into(),
        question: None,
    }
}

/// Checks `draw=VALUE` against the quiz. Returns the number of questions each attempt
/// draws (`None` when the value cannot be used) and every problem found.
pub fn check(value: &str, quiz: &Quiz) -> (Option<usize>, Vec<PoolIssue>) {
    let mut issues = Vec::new();
    let graded = quiz
        .questions
        .iter()
        .filter(|q| q.kind != Kind::Description)
        .count();
    for (i, q) in quiz.questions.iter().enumerate() {
        if q.kind == Kind::Description {
            issues.push(PoolIssue {
                question: Some(i),
                ..issue(
                    false,
                    "a quiz with `draw` cannot have descriptions".to_string(),
                    "a description would be drawn apart from the questions that use it: put the case into each question's text, or remove `draw`",
                )
            });
        }
    }
    let n = match value.trim().parse::<usize>() {
        Ok(n) if n > 0 => n,
        _ => {
            issues.push(issue(
                false,
                format!("`draw` must be a positive whole number, not `{value}`"),
                format!("write how many of the quiz's {graded} questions each attempt shows, e.g. draw=\"{}\"", graded.saturating_sub(1).max(1)),
            ));
            return (None, issues);
        }
    };
    if n > graded {
        issues.push(issue(
            false,
            format!(
                "a pool larger than the quiz: draw={n} but the quiz has {graded} question{}",
                if graded == 1 { "" } else { "s" }
            ),
            format!("draw at most {graded}, or add questions"),
        ));
        return (None, issues);
    }
    if n == graded {
        issues.push(issue(
            true,
            format!("draw={n} draws every question of the quiz: nothing is drawn"),
            "remove `draw`, or add questions to the pool",
        ));
    }
    (Some(n), issues)
}

/// The seeded generator (mulberry32) behind every draw: a 32-bit seed, numbers in [0, 1).
fn rng(seed: u32) -> impl FnMut() -> f64 {
    let mut a = seed;
    move || {
        a = a.wrapping_add(0x6d2b_79f5);
        let mut t = (a ^ (a >> 15)).wrapping_mul(a | 1);
        t ^= t.wrapping_add((t ^ (t >> 7)).wrapping_mul(t | 61));
        f64::from(t ^ (t >> 14)) / 4_294_967_296.0
    }
}

/// The indices, ascending, of the `n` questions (of `m`) that the attempt with `seed`
/// draws: the first `n` of a seeded Fisher–Yates shuffle. Every index in `0..m` when `n`
/// is not below `m`.
pub fn draw(seed: u32, m: usize, n: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..m).collect();
    if n < m {
        let mut rand = rng(seed);
        for i in 0..n {
            let j = i + ((rand() * (m - i) as f64) as usize).min(m - i - 1);
            order.swap(i, j);
        }
        order.truncate(n);
        order.sort_unstable();
    }
    order
}

/// Points earned and possible on the drawn questions (all when `drawn` is `None`), from
/// the options chosen per question in source order (`None`: not answered).
pub fn score(
    questions: &[Question],
    drawn: Option<&[usize]>,
    selected: &[Option<Vec<usize>>],
) -> (f64, f64) {
    let mut earned = 0.0;
    let mut possible = 0.0;
    for (i, q) in questions.iter().enumerate() {
        if q.kind == Kind::Description || drawn.is_some_and(|d| !d.contains(&i)) {
            continue;
        }
        possible += q.points;
        if let Some(Some(sel)) = selected.get(i) {
            earned += super::grade(q, sel) * q.points;
        }
    }
    (earned, possible)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quiz::parse;

    fn pool(m: usize) -> Quiz {
        let body: String = (1..=m)
            .map(|i| format!("? 问题 {i} {{points={i}}}\n- [x] 对 {i}\n- [ ] 错 {i}\n\n"))
            .collect();
        parse(&body).unwrap()
    }

    #[test]
    fn a_draw_is_the_same_for_the_same_seed_and_has_n_distinct_questions() {
        for seed in [0, 1, 42, 0xdead_beef, u32::MAX] {
            let a = draw(seed, 8, 5);
            assert_eq!(a, draw(seed, 8, 5), "seed {seed}");
            assert_eq!(a.len(), 5);
            assert!(
                a.windows(2).all(|w| w[0] < w[1]),
                "ascending, distinct: {a:?}"
            );
            assert!(a.iter().all(|i| *i < 8));
        }
        // Worked example: the sequence of mulberry32 for seed 1 starts 0.6270739405881613
        // (as in JavaScript); j = 0 + floor(0.627 × 8) = 5 swaps 0 and 5, and so on.
        let mut r = rng(1);
        assert!((r() - 0.627_073_940_588_161_3).abs() < 1e-15);
        assert_eq!(draw(1, 8, 1), vec![5]);
        // Different seeds give different draws (not always, but over these some do).
        let draws: std::collections::HashSet<Vec<usize>> = (0..20).map(|s| draw(s, 8, 5)).collect();
        assert!(draws.len() > 10, "{draws:?}");
        // Nothing to draw: every question, in order.
        assert_eq!(draw(7, 4, 4), vec![0, 1, 2, 3]);
        assert_eq!(draw(7, 4, 9), vec![0, 1, 2, 3]);
        assert_eq!(draw(7, 0, 0), Vec::<usize>::new());
    }

    #[test]
    fn every_question_is_reachable_and_drawn_about_as_often() {
        let (m, n, seeds) = (7, 3, 7000u32);
        let mut counts = vec![0u32; m];
        for seed in 0..seeds {
            for i in draw(seed.wrapping_mul(2_654_435_761), m, n) {
                counts[i] += 1;
            }
        }
        // Each question is drawn n/m of the time: 3000 of 7000 attempts, within 10%.
        for (i, c) in counts.iter().enumerate() {
            assert!((2700..=3300).contains(c), "question {i} drawn {c} times");
        }
    }

    #[test]
    fn the_score_counts_only_the_drawn_questions() {
        let quiz = pool(4); // points 1, 2, 3, 4; option 0 is right.
        let right = Some(vec![0]);
        let wrong = Some(vec![1]);
        let answers = vec![right.clone(), None, wrong, right];
        // Drawn 0, 2, 3: 1 + 0 + 4 of 1 + 3 + 4.
        assert_eq!(
            score(&quiz.questions, Some(&[0, 2, 3]), &answers),
            (5.0, 8.0)
        );
        // Not a pool: every question, the unanswered one too.
        assert_eq!(score(&quiz.questions, None, &answers), (5.0, 10.0));
    }

    #[test]
    fn draw_values_are_checked_against_the_quiz() {
        let quiz = pool(4);
        assert_eq!(check("3", &quiz), (Some(3), vec![]));
        for bad in ["0", "-1", "2.5", "two", ""] {
            let (n, issues) = check(bad, &quiz);
            assert_eq!(n, None, "{bad}");
            assert_eq!(issues.len(), 1);
            assert!(!issues[0].warning);
            assert_eq!(
                issues[0].message,
                format!("`draw` must be a positive whole number, not `{bad}`")
            );
            assert_eq!(
                issues[0].hint,
                "write how many of the quiz's 4 questions each attempt shows, e.g. draw=\"3\""
            );
        }
        let (n, issues) = check("5", &quiz);
        assert_eq!(n, None);
        assert_eq!(
            issues[0].message,
            "a pool larger than the quiz: draw=5 but the quiz has 4 questions"
        );
        let (n, issues) = check("4", &quiz);
        assert_eq!(n, Some(4));
        assert!(issues[0].warning);
        assert_eq!(
            issues[0].message,
            "draw=4 draws every question of the quiz: nothing is drawn"
        );
        let with_case =
            parse("? 案例 {description}\n\n? 甲\n- [x] 对\n- [ ] 错\n\n? 乙\n- [x] 对\n- [ ] 错\n")
                .unwrap();
        let (n, issues) = check("1", &with_case);
        assert_eq!(n, Some(1));
        assert_eq!(
            issues[0].message,
            "a quiz with `draw` cannot have descriptions"
        );
        assert_eq!(issues[0].question, Some(0));
    }
}
