//! `playbook results`: hand-in codes made with the toolkit from the catalog the built
//! progress page carries (as the browser does), graded on the command line: the table,
//! CSV, Moodle's CSV, the per-question view, and every kind of bad line.

use playbook_kit::handin;
use playbook_kit::progress::Catalog;

use crate::default_playbook::page_catalog;
use crate::helpers::{Fixture, Run};

/// A second chapter with a quiz: a 2-point question with its own id, and a single choice.
const MORE: &str = "+++\ntitle = \"拜访\"\nweight = 3\n+++\n\n## 目标\n\n正文。\n\n::: quiz id=\"more-quiz\"\n? 拜访前先做什么？ {points=2 id=plan}\n- [ ] 直接上门\n- [x] 制定拜访计划\n- [ ] 先报价\n\n? 6W2H 里的 2H 指什么？ {multiple}\n- [x] 怎么做\n- [x] 花多少\n- [ ] 何时\n:::\n";

/// Its English translation (the same structure).
const MORE_EN: &str = "+++\ntitle = \"Visits\"\nweight = 3\n+++\n\n## Goal\n\nText.\n\n::: quiz id=\"more-quiz\"\n? What comes first? {points=2 id=plan}\n- [ ] Just drop in\n- [x] A visit plan\n- [ ] A quote\n\n? What are the 2H of 6W2H? {multiple}\n- [x] How\n- [x] How much\n- [ ] When\n:::\n";

/// 2026-11-30T05:47Z, in minutes since 1970.
const NOW: u64 = 29_933_627;

/// The widgets fixture with a second quiz, built; and its Chinese catalog as the browser
/// reads it from the progress page.
fn course() -> (Fixture, Catalog) {
    let f = Fixture::new("widgets");
    f.write("content/part/more.md", MORE);
    f.write("content/part/more.en.md", MORE_EN);
    f.build_ok(&[]);
    let catalog = page_catalog(&f.out("progress/index.html"));
    (f, catalog)
}

/// A record as `hydrateQuiz` stores it.
fn record(id: &str, answers: &str) -> String {
    format!(
        "{{\"id\":\"{id}\",\"lang\":\"zh\",\"title\":\"t\",\"url\":\"/part/x/\",\"last\":0,\"best\":0,\"attempts\":1,\"date\":\"2026-11-30\",\"answers\":{{{answers}}}}}"
    )
}

fn code(c: &Catalog, records: &[String], name: &str, class: &str, minutes: u64) -> String {
    handin::make(
        c,
        &format!("[{}]", records.join(",")),
        name,
        class,
        minutes,
        480,
    )
    .unwrap()
}

/// Ann: tools-quiz all right (3/3); more-quiz q1 right (2), q2 half (0.5) → 2.5/3.
/// Bob: tools-quiz q1 wrong, q2 one right + one wrong (0), q3 right → 1/3; no more-quiz.
fn two_trainees(c: &Catalog) -> (String, String) {
    let ann = code(
        c,
        &[
            record("tools-quiz", "\"q1\":[0],\"q2\":[0,1],\"q3\":[1]"),
            record("more-quiz", "\"plan\":[1],\"q2\":[0]"),
        ],
        "ann@example.com",
        "KA-1",
        NOW,
    );
    let bob = code(
        c,
        &[record("tools-quiz", "\"q1\":[1],\"q2\":[0,2],\"q3\":[1]")],
        "鲍勃",
        "KA-1",
        NOW + 3,
    );
    (ann, bob)
}

fn results(f: &Fixture, codes: &str, args: &[&str]) -> Run {
    f.write("codes.txt", codes);
    let mut a = vec!["results", "codes.txt"];
    a.extend_from_slice(args);
    f.run(&a)
}

/// CSV rows without the byte-order mark, split on commas (the test data has no quotes).
fn csv_rows(out: &str) -> Vec<Vec<String>> {
    out.trim_start_matches('\u{feff}')
        .lines()
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

#[test]
fn table_lists_each_trainee_with_scores_total_and_pass() {
    let (f, c) = course();
    let (ann, bob) = two_trainees(&c);
    let r = results(
        &f,
        &format!("{ann}\n\nBob says: {bob} thanks!\n"),
        &["--mastery", "60"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    assert!(r.stdout.starts_with(&format!(
        "测试手册 (zh, version {:04x}): 2 quizzes, pass mark 60%",
        c.version()
    )));
    let line = |who: &str| {
        r.stdout
            .lines()
            .find(|l| l.contains(who))
            .unwrap_or_else(|| panic!("no row for {who}:\n{}", r.stdout))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    // Ann: 3 + 2.5 of 6 points = 92%; Bob: 1 of 3 taken + 3 not taken = 1/6 = 17%.
    assert_eq!(
        line("ann@"),
        "codes.txt:1 ann@example.com KA-1 2026-11-30 13:47 +08:00 2/2 92% yes Q1 100, Q2 83"
    );
    assert_eq!(
        line("鲍勃"),
        "codes.txt:3 鲍勃 KA-1 2026-11-30 13:50 +08:00 1/2 17% no Q1 33"
    );
    assert!(r.stdout.contains("Q1   tools-quiz  工具"), "{}", r.stdout);
    assert!(r.stdout.contains("Q2   more-quiz  拜访"), "{}", r.stdout);
}

#[test]
fn csv_has_a_column_per_quiz_and_the_points() {
    let (f, c) = course();
    let (ann, bob) = two_trainees(&c);
    let r = results(&f, &format!("{ann}\n{bob}\n"), &["--csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with('\u{feff}'), "BOM for spreadsheets");
    let rows = csv_rows(&r.stdout);
    assert_eq!(
        rows[0].join(","),
        "source,name,class,submitted,language,version,quizzes_taken,tools-quiz,more-quiz,points,possible,total_percent,passed,notes"
    );
    let v = format!("{:04x}", c.version());
    assert_eq!(
        rows[1].join(","),
        format!("codes.txt:1,ann@example.com,KA-1,2026-11-30 13:47 +08:00,zh,{v},2,100,83,5.5,6,92,yes,")
    );
    assert_eq!(
        rows[2].join(","),
        format!("codes.txt:2,鲍勃,KA-1,2026-11-30 13:50 +08:00,zh,{v},1,33,,1,6,17,no,")
    );
    // --quiz: only the homework counts for the total.
    let r = results(
        &f,
        &format!("{ann}\n{bob}\n"),
        &["--csv", "--quiz", "tools-quiz"],
    );
    let rows = csv_rows(&r.stdout);
    assert_eq!(rows[2][9..13].join(","), "1,3,33,no");
    let r = results(&f, &ann, &["--quiz", "nope"]);
    assert_eq!(r.code, 2);
    assert!(r
        .stderr
        .contains("--quiz nope: the playbook has no quiz with this id"));
}

#[test]
fn moodle_csv_identifies_trainees_by_email() {
    let (f, c) = course();
    let (ann, bob) = two_trainees(&c);
    let r = results(&f, &format!("{ann}\n{bob}\n"), &["--moodle-csv"]);
    assert_eq!(
        r.stdout,
        "Email address,工具,拜访,Total\r\nann@example.com,100,83.33,91.67\r\n"
    );
    assert_eq!(r.code, 1, "a trainee was left out");
    assert!(r.stderr.contains(
        "codes.txt:2: 鲍勃: left out of the Moodle file: the name is not an e-mail address"
    ));
}

#[test]
fn by_question_shows_share_right_and_the_most_chosen_wrong_option() {
    let (f, c) = course();
    let (ann, bob) = two_trainees(&c);
    let carl = code(
        &c,
        &[record("tools-quiz", "\"q1\":[1],\"q2\":[0,1],\"q3\":[0]")],
        "Carl",
        "",
        NOW,
    );
    let r = results(&f, &format!("{ann}\n{bob}\n{carl}\n"), &["--by-question"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = r.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        out.contains(
            "tools-quiz Q1 33% right (1/3) most chosen wrong: B “产品价格减去生产成本” (2)"
        ),
        "{}",
        r.stdout
    );
    assert!(
        out.contains("tools-quiz (zh) — 工具: 3 trainees, average 56%"),
        "{}",
        r.stdout
    );
    assert!(
        out.contains(
            "Q3 67% right (2/3) 维系老客户的成本通常高于开发新客户。 most chosen wrong: A “对” (1)"
        ),
        "{}",
        r.stdout
    );
    assert!(
        out.contains("more-quiz (zh) — 拜访: 1 trainee, average 83%"),
        "{}",
        r.stdout
    );
    let r = results(
        &f,
        &format!("{ann}\n{bob}\n{carl}\n"),
        &["--by-question", "--csv"],
    );
    let rows = csv_rows(&r.stdout);
    assert_eq!(
        rows[0][..8].join(","),
        "language,quiz,title,question,text,answered,right,share_right"
    );
    assert_eq!(
        rows[1][..8].join(","),
        "zh,tools-quiz,工具,Q1,顾客让渡价值等于什么？,3,1,33"
    );
}

#[test]
fn corrupted_and_truncated_lines_are_reported_and_the_rest_graded() {
    let (f, c) = course();
    let (ann, bob) = two_trainees(&c);
    let mid = bob.len() / 2;
    let flipped = &bob[mid..=mid] == "7";
    let corrupted = format!(
        "{}{}{}",
        &bob[..mid],
        if flipped { "8" } else { "7" },
        &bob[mid + 1..]
    );
    let truncated = &bob[..bob.len() - 5];
    let r = results(
        &f,
        &format!("# class KA-1\n{ann}\n{corrupted}\n{truncated}\nPB2-\nLooks like a code: 7ZZZZZZZZZZZZZZZZZZZZZZZZZZZZ\n"),
        &["--csv"],
    );
    assert_eq!(r.code, 1);
    let errors: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(
        errors,
        [
            "codes.txt:3: checksum mismatch",
            "codes.txt:4: truncated: 5 characters missing",
            "codes.txt:5: truncated: the code is incomplete",
            "codes.txt:6: no hand-in code on this line (codes start with PB2-)",
            "1 of 5 codes graded; fix or ask again for the lines above",
        ]
    );
    let rows = csv_rows(&r.stdout);
    assert_eq!(rows.len(), 2, "Ann is still graded");
    assert_eq!(rows[1][1], "ann@example.com");
}

#[test]
fn a_code_for_another_version_is_graded_on_what_still_matches() {
    let (f, c) = course();
    let (ann, _) = two_trainees(&c);
    // The trainer rewrote question 2 of more-quiz and removed nothing else.
    f.write(
        "content/part/more.md",
        MORE.replace("6W2H 里的 2H 指什么？", "6W2H 中的 2H 是什么？"),
    );
    let r = results(&f, &format!("{ann}\n"), &["--csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows = csv_rows(&r.stdout);
    // tools-quiz unchanged (100); more-quiz graded on `plan` only: 2/2 = 100.
    assert_eq!(
        rows[1][7..13].join(","),
        "100,100,5,5,100,yes",
        "the rewritten question is left out of the points possible too"
    );
    let notes = r.stdout.lines().nth(1).unwrap();
    assert!(
        notes.contains("made for another version of the course"),
        "{notes}"
    );
    assert!(
        notes.contains(
            "quiz `more-quiz` changed since the code was made: graded on 1 of its 2 questions"
        ),
        "{notes}"
    );
}

#[test]
fn a_quiz_no_longer_in_the_course_is_reported_not_guessed() {
    let (f, c) = course();
    let (ann, _) = two_trainees(&c);
    f.remove("content/part/more.md");
    f.remove("content/part/more.en.md");
    let r = results(&f, &format!("{ann}\n"), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains(
            "codes.txt:1: ann@example.com: quiz `more-quiz` is not in this course: not graded"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("): 1 quiz, pass mark 80%"),
        "{}",
        r.stdout
    );
}

#[test]
fn duplicates_are_flagged_and_counted_once() {
    let (f, c) = course();
    let (ann, bob) = two_trainees(&c);
    let bob_later = code(
        &c,
        &[record("tools-quiz", "\"q1\":[0],\"q2\":[0,1],\"q3\":[1]")],
        " 鲍勃 ",
        "ka-1",
        NOW + 60,
    );
    let r = results(
        &f,
        &format!("{ann}\n{bob}\n{}\n{bob_later}\n", ann.to_lowercase()),
        &["--csv"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows = csv_rows(&r.stdout);
    assert_eq!(rows.len(), 5);
    assert_eq!(
        rows[2][13],
        "another code from the same trainee on codes.txt:4 is newer and counts"
    );
    assert_eq!(rows[3][13], "the same code as codes.txt:1 (counted once)");
    assert_eq!(rows[4][13], "");
    let r = results(
        &f,
        &format!("{ann}\n{bob}\n{ann}\n{bob_later}\n"),
        &["--by-question"],
    );
    assert!(
        r.stdout
            .contains("tools-quiz (zh) — 工具: 2 trainees, average 100%"),
        "repeats are left out of the statistics:\n{}",
        r.stdout
    );
}

#[test]
fn a_playbook_with_errors_is_not_graded() {
    let (f, c) = course();
    let (ann, _) = two_trainees(&c);
    f.write(
        "content/part/more.md",
        MORE.replace("- [x] 制定拜访计划", "- [y] 制定拜访计划"),
    );
    let r = results(&f, &ann, &[]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("invalid option mark"), "{}", r.stderr);
    assert!(r
        .stderr
        .contains("fix them (see `playbook check`) before grading"));
    assert!(r.stdout.is_empty());
}

#[test]
fn codes_can_come_from_standard_input() {
    use std::io::Write;
    let (f, c) = course();
    let (ann, _) = two_trainees(&c);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_playbook"))
        .args(["results", "-", "--csv"])
        .current_dir(f.root())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("\n{ann}\nPB1-XYZ\n").as_bytes())
        .unwrap();
    let r: Run = child.wait_with_output().unwrap().into();
    assert_eq!(r.code, 1);
    assert_eq!(csv_rows(&r.stdout)[1][0], "stdin:2");
    assert!(r.stderr.starts_with("stdin:3: truncated"), "{}", r.stderr);
}
