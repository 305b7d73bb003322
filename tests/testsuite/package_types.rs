//! Issue 14: the newer question types (numeric, short answer, matching, ordering, blanks)
//! under a real SCORM runtime. The `quiz-types` fixture is packaged for SCORM 1.2 and
//! 2004 and run in scorm-again's test LMS (`tests/browser/lms/`); `lms_types.mjs` answers
//! its quiz right, partly right and with over-long answers, and reads every interaction
//! back from the runtime's CMI: type, learner response in the standard's format, result,
//! correct-response pattern, each value accepted (GetLastError 0).

use std::fs;

use crate::browser::{run_script_with, serve_dir_with};
use crate::helpers::{copy_dir, repo, Fixture};

fn run_types_in_test_lms(format: &str) {
    let f = Fixture::new("minimal");
    f.overlay("quiz-types");
    let tmp = tempfile::tempdir().unwrap();
    let zip = tmp.path().join("course.zip");
    let r = f.run(&[
        "package",
        "--format",
        format,
        "--lang",
        "en",
        "--output",
        zip.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let site = tmp.path().join("site");
    let mut z = zip::ZipArchive::new(fs::File::open(&zip).unwrap()).unwrap();
    z.extract(site.join("pkg")).unwrap();
    copy_dir(&repo().join("tests/browser/lms"), &site.join("harness"));
    fs::copy(
        repo().join("tests/browser/node_modules/scorm-again/dist/scorm-again.js"),
        site.join("harness/scorm-again.js"),
    )
    .expect("scorm-again is installed by `bash scripts/setup.sh --browser`");
    let base = serve_dir_with(site, false, true);
    run_script_with("lms_types.mjs", &base, &[format]);
}

#[test]
fn scorm12_interactions_of_every_newer_type_are_accepted_by_scorm_again() {
    run_types_in_test_lms("scorm12");
}

#[test]
fn scorm2004_interactions_of_every_newer_type_are_accepted_by_scorm_again() {
    run_types_in_test_lms("scorm2004");
}
