//! Scenarios (issue 15): `check -v` prints each scenario's summary; the page carries the
//! worksheet and the graph the player plays, and loads `scenario.js` only where there is
//! a scenario; the handouts print the worksheet without outcomes and the trainer key; the
//! progress page and the answer key list the scenarios; the default course's scenarios
//! meet the course rules and play in a real browser. The errors are in
//! `tests/fixtures/invalid/scenario-*`.

use std::process::Command;

use crate::browser::{run_script_with, serve_dir};
use crate::default_playbook::built;
use crate::helpers::{repo, Fixture};

fn fixture() -> Fixture {
    let f = Fixture::new("minimal");
    f.overlay("scenario");
    f
}

#[test]
fn check_verbose_prints_the_summary_of_each_scenario() {
    let f = fixture();
    let r = f.run(&["check", "-v"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stderr, "");
    // The paths are worked out by hand in `playbook_kit::scenario::tests`.
    let summary =
        "5 steps, 2 endings, 5 paths of 2–5 choices, score -7 to 5 (best ending `signed`)";
    assert!(
        r.stdout.contains(&format!(
            "content/part/visit.md:8: scenario `price`: {summary}\n"
        )),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains(&format!(
        "content/part/visit.en.md:7: scenario `price`: {summary}\n"
    )));
    // Without -v, no summary.
    assert!(!f.run(&["check"]).stdout.contains("scenario `price`"));
}

#[test]
fn the_page_carries_the_worksheet_and_the_graph_and_the_handouts_the_key() {
    let f = fixture();
    f.build_ok(&[]);
    let page = f.out("part/visit/index.html");
    let graph = "best=5\nopen|0|compare,2,p,asked,|cut,-2,n,,\ncompare|0|signed,3,p,,|open,-1,a,,\ncut|0|compare,1,n,asked,!asked|lost,-3,a,,\nsigned|1\nlost|1";
    let hash = playbook_kit::scenario::graph_hash(graph);
    // The graph text, as the toolkit's unit tests spell it out, and its hash.
    assert!(
        page.contains(&format!("data-graph=\"{graph}\" data-hash=\"{hash}\"")),
        "{page}"
    );
    assert!(page.contains("<script type=\"module\" src=\"../../assets/scenario.js\"></script>"));
    // Feedback, reactions and debriefs stay in templates (neither displayed nor printed).
    assert!(page.contains("<template data-reaction=\"pleased\" data-label=\"☺ 客户满意\" data-points=\"2\"><p>先弄清比较的基础。</p>\n</template>"), "{page}");
    assert!(page.contains("<template data-debrief><p>你用价值赢得了订单。</p>\n</template>"));
    // A page without a scenario does not load the player.
    assert!(!f.out("part/page/index.html").contains("scenario.js"));
    // The handout: the worksheet with boxes to tick, no outcomes; the trainer key table.
    let print = f.out("part/print/index.html");
    assert!(print.contains("<span class=\"tick\" aria-hidden=\"true\">☐</span> <span class=\"choice-text\">先问对方拿什么比较</span>"));
    assert!(
        !print.contains("data-reaction"),
        "outcomes in the worksheet"
    );
    assert!(!print.contains("data-debrief"));
    assert!(print.contains("<tr><td>1. 客户开口压价</td><td>A. 先问对方拿什么比较</td><td>+2</td><td>☺ 客户满意</td><td>2. 比较的基础</td></tr>"), "{print}");
    assert!(print.contains("<tr><td>3. 让价之后</td><td>A. 回头问清对方的比较 <small>（仅当未 asked）</small></td><td>+1</td><td>😐 客户不置可否</td><td>2. 比较的基础</td></tr>"));
    assert!(print.contains("最高 5 分，最低 -7 分；路径 2–5 步。"));
    // The answer key page has the trainer key; the progress page a row to fill in.
    let key = f.out("en/answer-key/index.html");
    assert!(key.contains("<tr><td>3. After the cut</td><td>A. Go back and ask what they compare <small>（only if not asked）</small></td><td>+1</td><td>😐 The customer is neutral</td><td>2. The basis of comparison</td></tr>"), "{key}");
    let progress = f.out("progress/index.html");
    assert!(progress.contains("<tr data-scenario-id=\"price\"><th scope=\"row\"><a href=\"../part/visit/#scenario-price\">价格异议</a>"), "{progress}");
}

/// The default course's scenarios: at least 8 steps and 3 endings each (the course rule of
/// issue 15), read from `check -v`.
#[test]
fn the_default_course_has_three_scenarios_that_meet_the_course_rules() {
    let r = Command::new(env!("CARGO_BIN_EXE_playbook"))
        .args(["check", "-v", "--root"])
        .arg(repo())
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&r.stdout);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    for (page, id) in [
        ("case-xiao-wang", "visit-xiao-wang"),
        ("key-person-man", "visit-key-person"),
        ("competition-price", "visit-price-objection"),
    ] {
        for file in [format!("{page}.md"), format!("{page}.en.md")] {
            let line = out
                .lines()
                .find(|l| {
                    l.starts_with(&format!("content/visits/{file}:"))
                        && l.contains(&format!("scenario `{id}`"))
                })
                .unwrap_or_else(|| panic!("no summary of {id} in {file}:\n{out}"));
            let n = |word: &str| -> usize {
                let before = line.split(&format!(" {word}")).next().unwrap();
                before
                    .rsplit(|c: char| !c.is_ascii_digit())
                    .next()
                    .unwrap()
                    .parse()
                    .unwrap()
            };
            let (steps, endings) = (n("steps"), n("endings"));
            assert!(steps - endings >= 8 && endings >= 3, "{line}");
        }
    }
}

#[test]
fn default_scenarios_play_to_their_best_and_worst_endings_in_a_real_browser() {
    // The default playbook as the other tests of it build it, once per test run.
    let base = serve_dir(built().to_path_buf());
    let shots =
        std::env::temp_dir().join(format!("playbook-scenario-shots-{}", std::process::id()));
    run_script_with("scenario.mjs", &base, &[shots.to_str().unwrap()]);
    println!("screenshots: {}", shots.display());
}

/// The full example of docs/AUTHORING.md checks clean, with no warning.
#[test]
fn the_authoring_guide_example_checks_clean() {
    let guide = std::fs::read_to_string(repo().join("docs/AUTHORING.md")).unwrap();
    let start = guide
        .find("::: scenario id=\"price-objection\"")
        .expect("the example in the guide");
    let end = start + guide[start..].find("\n:::\n").unwrap() + 5;
    let example = &guide[start..end];
    let f = Fixture::new("minimal");
    f.write(
        "content/part/page.md",
        format!("+++\ntitle = \"页面\"\nweight = 1\n+++\n\n## 目标\n\n{example}"),
    );
    f.write(
        "content/part/page.en.md",
        format!("+++\ntitle = \"Page\"\n+++\n\n## Goals {{#goals}}\n\n{example}"),
    );
    let r = f.run(&["check", "-v"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    assert!(r.stdout.contains("content/part/page.md:8: scenario `price-objection`: 5 steps, 2 endings, 5 paths of 2–5 choices, score -7 to 5 (best ending `signed`)"), "{}", r.stdout);
}

/// The fixture as an LMS package, beside the test LMS page (see `package.rs`).
fn scenario_in_test_lms(format: &str) {
    let f = fixture();
    let tmp = tempfile::tempdir().unwrap();
    let zip = tmp.path().join("course.zip");
    let r = f.run(&[
        "package",
        "--format",
        format,
        "--output",
        zip.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let site = tmp.path().join("site");
    let mut z = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap()).unwrap();
    z.extract(site.join("pkg")).unwrap();
    crate::helpers::copy_dir(&repo().join("tests/browser/lms"), &site.join("harness"));
    std::fs::copy(
        repo().join("tests/browser/node_modules/scorm-again/dist/scorm-again.js"),
        site.join("harness/scorm-again.js"),
    )
    .expect("scorm-again is installed by `bash scripts/setup.sh --browser`");
    let base = crate::browser::serve_dir_with(site, false, true);
    run_script_with(
        "scenario_lms.mjs",
        &base,
        &[format, "part/visit/index.html"],
    );
}

#[test]
fn a_scenario_run_reaches_scorm12_as_a_performance_interaction() {
    scenario_in_test_lms("scorm12");
}

#[test]
fn a_scenario_run_reaches_scorm2004_as_a_performance_interaction() {
    scenario_in_test_lms("scorm2004");
}
