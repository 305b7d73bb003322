//! Issue 14, item 3: question pools (`::: quiz draw=N`, fixture `quiz-pool` over
//! `minimal`): the page, its handout and the answer key show all M questions with the draw
//! line; hand-in codes are graded over the questions each attempt drew; a real browser
//! draws N per attempt, keeps them across a reload and draws again on "Retry all".

use playbook_kit::handin;

use crate::browser::{run_script_with, serve_dir};
use crate::default_playbook::page_catalog;
use crate::helpers::Fixture;

fn built() -> Fixture {
    let f = Fixture::new("minimal");
    f.overlay("quiz-pool");
    f.build_ok(&[]);
    f
}

#[test]
fn a_pool_prints_all_its_questions_with_the_draw_line() {
    let f = built();
    let zh = f.out("part/pool/index.html");
    assert!(zh.contains("data-quiz-id=\"review\" data-lang=\"zh\" data-draw=\"3\">"));
    assert!(zh.contains("<p class=\"quiz-draw\">每次作答从这 5 道题中随机抽取 3 道。</p>"));
    assert_eq!(zh.matches("<fieldset class=\"quiz-question\"").count(), 5);
    let en = f.out("en/part/pool/index.html");
    assert!(en.contains("<p class=\"quiz-draw\">Each attempt draws 3 of these 5 questions.</p>"));
    // The printed handout (a worksheet) and the answer key: all five, with the line.
    let print = f.out("en/print/index.html");
    assert!(print.contains("Each attempt draws 3 of these 5 questions."));
    assert_eq!(
        print.matches("<fieldset class=\"quiz-question\"").count(),
        5
    );
    let key = f.out("en/answer-key/index.html");
    assert!(key.contains("<p class=\"quiz-draw\">Each attempt draws 3 of these 5 questions.</p>\n<ol class=\"answer-key\">"));
    assert!(key.contains("What are the 2H of 6W2H?"));
    // The catalog names the draw (part of the quiz's fingerprint).
    let c = page_catalog(&f.out("progress/index.html"));
    assert_eq!(c.quizzes[0].draw, Some(3));
    assert!(c.to_text().contains(" draw=3 "));
}

/// A record as `hydrateQuiz` stores it for a pool: `drawn` holds source-order indices.
fn record(answers: &str, drawn: &str) -> String {
    format!(
        "[{{\"id\":\"review\",\"lang\":\"zh\",\"last\":0,\"best\":0,\"attempts\":1,\"date\":\"2026-11-30\",\"answers\":{{{answers}}},\"drawn\":[{drawn}]}}]"
    )
}

#[test]
fn a_pool_hand_in_code_is_graded_over_the_questions_it_drew() {
    let f = built();
    let c = page_catalog(&f.out("progress/index.html"));
    let code =
        |records: &str, name: &str| handin::make(&c, records, name, "", 29_933_627, 0).unwrap();
    // Ann drew q1, q3, q5: right, wrong, right → 2 of 3 = 67%. Her answer to q2 (which
    // she did not draw) is not counted.
    let ann = code(
        &record("\"q1\":[0],\"q2\":[0],\"q3\":[1],\"q5\":[0]", "0,2,4"),
        "Ann",
    );
    // Bob drew q2, q3, q4 and got them all right: 100%.
    let bob = code(&record("\"q2\":[0],\"q3\":[0],\"q4\":[0]", "1,2,3"), "Bob");
    f.write("codes.txt", format!("{ann}\n{bob}\n"));
    let r = f.run(&["results", "codes.txt", "--csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    let rows: Vec<Vec<&str>> = r
        .stdout
        .trim_start_matches('\u{feff}')
        .lines()
        .map(|l| l.split(',').collect())
        .collect();
    let score = |who: &str| -> String {
        let head = &rows[0];
        let row = rows.iter().find(|r| r.contains(&who)).expect(who);
        let col = head
            .iter()
            .position(|h| *h == "review")
            .expect("a review column");
        row[col].to_string()
    };
    assert_eq!(score("Ann"), "67");
    assert_eq!(score("Bob"), "100");
    // Per question: only the trainees who drew a question count for it.
    let r = f.run(&["results", "codes.txt", "--by-question", "--csv"]);
    let answered = |q: &str| -> String {
        r.stdout
            .lines()
            .find(|l| l.starts_with(&format!("zh,review,复习,{q},")))
            .map_or("none".to_string(), |l| {
                let c: Vec<&str> = l.split(',').collect();
                format!("{}/{}", c[6], c[5])
            })
    };
    assert_eq!(answered("Q1"), "1/1");
    assert_eq!(answered("Q2"), "1/1", "Ann's undrawn answer is not counted");
    assert_eq!(answered("Q3"), "1/2");
    assert_eq!(answered("Q4"), "1/1");
    assert_eq!(answered("Q5"), "1/1");
}

/// A pool in a real browser (`quiz_pool.mjs`): three of five questions shown, numbered 1-3;
/// all right is 100%; a reload shows the same ones with their answers; "Retry all" draws
/// again. Phone screenshots go to a temporary folder, printed at the end.
#[test]
fn a_pool_draws_its_questions_in_a_real_browser() {
    let f = built();
    let base = serve_dir(f.root().join("public"));
    let shots =
        std::env::temp_dir().join(format!("playbook-quiz-pool-390x844-{}", std::process::id()));
    run_script_with("quiz_pool.mjs", &base, &[shots.to_str().unwrap()]);
    println!("screenshots: {}", shots.display());
}

/// Moodle's question files have no draw: every question is exported, and a note on
/// standard error says where the draw goes in Moodle.
#[test]
fn a_pool_exports_all_its_questions_with_a_note_on_the_draw() {
    let f = built();
    for format in ["gift", "moodle-xml"] {
        let r = f.run(&[
            "quiz",
            "export",
            "--format",
            format,
            "content/part/pool.en.md",
        ]);
        assert_eq!(r.code, 0, "{format}: {}", r.stderr);
        for q in ["What comes before a visit?", "What are the 2H of 6W2H?"] {
            assert!(r.stdout.contains(q), "{format} lacks {q}");
        }
        assert_eq!(
            r.stderr,
            "note: quiz `review` draws 3 of its 5 questions per attempt (draw=3); a Moodle question file cannot say so: all are exported to the category $course$/playbook/review; in the Moodle quiz, add 3 random questions from that category\n",
            "{format}"
        );
    }
}

/// A pool in a SCORM 2004 package under scorm-again (`lms_pool.mjs`): one interaction per
/// drawn question, ids `review.<question number>`; a relaunch from suspend data alone
/// shows the same drawn questions with their answers.
#[test]
fn a_scorm_package_reports_only_the_drawn_questions() {
    use crate::helpers::{copy_dir, repo};
    use crate::package::{extract, package, unzip};
    let f = Fixture::new("minimal");
    f.overlay("quiz-pool");
    let tmp = tempfile::tempdir().unwrap();
    let zip = tmp.path().join("course.zip");
    let r = package(&f, "scorm2004", &zip);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let site = tmp.path().join("site");
    extract(&unzip(&zip), &site.join("pkg"));
    copy_dir(&repo().join("tests/browser/lms"), &site.join("harness"));
    std::fs::copy(
        repo().join("tests/browser/node_modules/scorm-again/dist/scorm-again.js"),
        site.join("harness/scorm-again.js"),
    )
    .expect("scorm-again is installed by `bash scripts/setup.sh --browser`");
    let base = crate::browser::serve_dir_with(site, false, true);
    run_script_with("lms_pool.mjs", &base, &["part/pool/index.html"]);
}
