//! Issue 14, the quiz-quality lint through `playbook check`: the minimal playbook with
//! `tests/fixtures/quiz-lint/` laid over it, a quiz page made to trip every rule (and a
//! second page, and English pages with quizzes of their own, for `same-stem`). Beside each tripping
//! question is a twin that silences its rule with `{nolint=RULE}`. `check` prints exactly
//! the warnings of `expected.txt` and exits 0, with `--strict` too (the lint warns; it
//! never fails a check); without the switches every twin is flagged by its rule.

use crate::helpers::{assert_matches_file, repo, Fixture};

fn fixture() -> Fixture {
    let f = Fixture::new("minimal");
    f.overlay("quiz-lint");
    f
}

/// The lint's warning headers of a `check` run: `path:line:col [rule]` (the English pages'
/// quizzes have their own ids, since they are not translations of the Chinese ones — a
/// translated quiz must keep its original's answer key — so `check` also warns that the
/// translations lack the originals' quizzes: those carry no rule).
fn flagged(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter(|l| l.contains(": warning: ") && l.ends_with(']'))
        .map(|l| {
            let at = &l[..l.find(": warning: ").unwrap()];
            let rule = &l[l.rfind('[').unwrap()..];
            format!("{at} {rule}")
        })
        .collect()
}

#[test]
fn check_reports_every_lint_rule_at_its_question_with_the_exact_text() {
    let f = fixture();
    let r = f.run(&["check"]);
    assert_eq!(r.code, 0, "warnings do not fail a check:\n{}", r.stderr);
    assert_matches_file(
        &r.stderr,
        &repo().join("tests/fixtures/quiz-lint/expected.txt"),
    );
    // Every rule is tripped at least once.
    let rules: std::collections::BTreeSet<String> = flagged(&r.stderr)
        .iter()
        .map(|l| l[l.rfind('[').unwrap() + 1..l.len() - 1].to_string())
        .collect();
    assert_eq!(
        rules.into_iter().collect::<Vec<_>>(),
        [
            "absolute",
            "long-option",
            "one-wrong",
            "position",
            "same-stem",
            "truefalse-key"
        ]
    );
    assert!(
        r.stderr.ends_with("0 errors, 13 warnings\n"),
        "{}",
        r.stderr
    );
}

#[test]
fn check_strict_keeps_lint_findings_warnings_like_the_rest_of_check() {
    let f = fixture();
    let plain = f.run(&["check"]);
    let strict = f.run(&["check", "--strict"]);
    assert_eq!(strict.code, 0, "{}", strict.stderr);
    assert_eq!(strict.stderr, plain.stderr);
}

#[test]
fn each_nolint_switch_silences_its_rule_for_its_question_only() {
    let f = fixture();
    let with = flagged(&f.run(&["check"]).stderr);
    // The twins that silence a rule, by line; without their switch each is flagged by it.
    let twins = [
        ("content/part/lint.md:20:1", "position"),
        ("content/part/lint.md:34:1", "absolute"),
        ("content/part/lint.md:42:1", "truefalse-key"),
        ("content/part/lint.md:52:1", "long-option"),
        ("content/part/lint.md:63:1", "one-wrong"),
        ("content/part/stems.md:14:1", "same-stem"),
    ];
    for (at, rule) in twins {
        assert!(
            !with.contains(&format!("{at} [{rule}]")),
            "{at} silences {rule}: {with:#?}"
        );
    }
    for page in ["lint.md", "stems.md"] {
        let path = f.root().join("content/part").join(page);
        let text = std::fs::read_to_string(&path).unwrap();
        let bare = text
            .replace(" {nolint=same-stem}", "")
            .replace(" nolint=position", "")
            .replace(" {nolint=position}", "")
            .replace(" nolint=absolute", "")
            .replace(" nolint=truefalse-key", "")
            .replace(" nolint=long-option", "")
            .replace(" nolint=one-wrong", "");
        assert_ne!(bare, text, "{page} has switches");
        f.write(&format!("content/part/{page}"), bare);
    }
    let without = flagged(&f.run(&["check"]).stderr);
    for (at, rule) in twins {
        assert!(
            without.contains(&format!("{at} [{rule}]")),
            "without its switch, {at} is flagged by {rule}: {without:#?}"
        );
    }
    // Nothing else changed: the warnings with the switches are all still there.
    for w in &with {
        assert!(without.contains(w), "{w} is gone: {without:#?}");
    }
    assert_eq!(without.len(), with.len() + twins.len());
}
