//! Every fixture under `tests/fixtures/invalid/` is the minimal playbook with one (or,
//! for `many-errors`, several) problems laid over it. `playbook check` and `playbook build`
//! must both exit 1 with exactly the diagnostics of `expected.txt`, and a failed build must
//! leave the previous output byte for byte as it was.

use crate::helpers::{assert_matches_file, repo, Fixture};

fn cases() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(repo().join("tests/fixtures/invalid"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn each_invalid_fixture_reports_its_exact_diagnostics() {
    let cases = cases();
    assert!(cases.len() >= 15, "fixtures: {cases:?}");
    for case in cases {
        let f = Fixture::new("minimal");
        f.overlay(&format!("invalid/{case}"));
        let r = f.run(&["check"]);
        assert_eq!(r.code, 1, "{case}: check must fail\n{}", r.stderr);
        let expected = repo()
            .join("tests/fixtures/invalid")
            .join(&case)
            .join("expected.txt");
        assert_matches_file(&r.stderr, &expected);
    }
}

#[test]
fn a_failed_build_leaves_the_previous_output_intact() {
    for case in ["dead-link", "invalid-toml", "broken-template", "bad-config"] {
        let f = Fixture::new("minimal");
        f.build_ok(&[]);
        let before = f.snapshot();
        assert!(!before.is_empty());
        f.overlay(&format!("invalid/{case}"));
        let r = f.run(&["build"]);
        assert_eq!(r.code, 1, "{case}");
        assert!(r.stderr.contains("error"), "{case}: {}", r.stderr);
        assert_eq!(
            f.snapshot(),
            before,
            "{case}: output changed after a failed build"
        );
        // No temporary folder is left behind.
        let leftovers: Vec<_> = std::fs::read_dir(f.root())
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().starts_with(".public."))
            .collect();
        assert!(leftovers.is_empty(), "{case}: {leftovers:?}");
    }
}

#[test]
fn many_errors_are_all_reported_in_one_run() {
    let f = Fixture::new("minimal");
    f.overlay("invalid/many-errors");
    let r = f.run(&["build"]);
    assert_eq!(r.code, 1);
    let headers = r.stderr.lines().filter(|l| l.contains(": error: ")).count();
    assert!(
        headers >= 5,
        "expected at least 5 errors, got {headers}:\n{}",
        r.stderr
    );
}
