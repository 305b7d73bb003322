//! Issue 14, item 3: GIFT import of every feature (partial imports reported per question,
//! `--strict`, `--id`, true/false labels in the playbook's language) and export as GIFT
//! and Moodle XML, on the bank `tests/fixtures/gift/full.gift`.

use std::process::Command;

use crate::helpers::{assert_matches_file, repo, Fixture};

fn full() -> std::path::PathBuf {
    repo().join("tests/fixtures/gift/full.gift")
}

/// A quiz in Markdown without its question ids (export names them `<quiz>-<question>`).
fn strip_ids(s: &str) -> String {
    s.lines()
        .map(|l| {
            match l
                .rfind(" {")
                .filter(|_| l.starts_with("? ") && l.ends_with('}'))
            {
                Some(open) => {
                    let flags: Vec<&str> = l[open + 2..l.len() - 1]
                        .split(' ')
                        .filter(|w| !w.starts_with("id="))
                        .collect();
                    if flags.is_empty() {
                        l[..open].to_string()
                    } else {
                        format!("{} {{{}}}", &l[..open], flags.join(" "))
                    }
                }
                None => l.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_bank_using_every_feature_imports_to_the_exact_markdown_with_its_warning() {
    // Run in a playbook folder: its default language (zh) names the true/false options.
    let f = Fixture::new("minimal");
    let r = f.run(&["quiz", "import", full().to_str().unwrap(), "--id", "bank"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let expected =
        std::fs::read_to_string(repo().join("tests/fixtures/gift/full.expected.md")).unwrap();
    assert_eq!(r.stdout, expected);
    let warning = format!(
        "{}:38:34: warning: essay question imported as a description: Playbook has no essay answers",
        full().display()
    );
    assert!(r.stderr.contains(&warning), "{}", r.stderr);
    // --strict: the same output, exit 1 for the loss.
    let strict = f.run(&[
        "quiz",
        "import",
        full().to_str().unwrap(),
        "--id",
        "bank",
        "--strict",
    ]);
    assert_eq!(
        (strict.code, strict.stdout.as_str()),
        (1, expected.as_str())
    );
    // The block is ready to paste: a page built from it has every question.
    f.write(
        "content/part/bank.md",
        format!("+++\ntitle = \"题库\"\nweight = 3\n+++\n\n{}", r.stdout),
    );
    f.build_ok(&[]);
    let html = f.out("part/bank/index.html");
    assert_eq!(html.matches("class=\"quiz-question\"").count(), 10);
    assert_eq!(html.matches("class=\"quiz-description\"").count(), 1);
    // English labels on request.
    let en = f.run(&["quiz", "import", full().to_str().unwrap(), "--lang", "en"]);
    assert!(
        en.stdout
            .contains("- [ ] True\n  > 恰恰相反。\n- [x] False\n"),
        "{}",
        en.stdout
    );
}

#[test]
fn a_partial_import_writes_what_converts_and_reports_the_rest_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("part.gift");
    std::fs::write(&file, "Good {=a ~b}\n\nBad {~a ~b}\n\nAlso good {#1..2}\n").unwrap();
    let run = |extra: &[&str]| -> crate::helpers::Run {
        Command::new(env!("CARGO_BIN_EXE_playbook"))
            .args(["quiz", "import", file.to_str().unwrap()])
            .args(extra)
            .output()
            .unwrap()
            .into()
    };
    let r = run(&["--lang", "en"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "? Good\n- [x] a\n- [ ] b\n\n? Also good {numeric}\n- [x] 1..2\n"
    );
    assert!(r.stderr.contains(&format!(
        "{}:3:5: error: no right answer: mark it with `=` (or `~%100%`)",
        file.display()
    )));
    assert_eq!(run(&["--strict"]).code, 1);
}

#[test]
fn quizzes_export_to_gift_that_imports_back_and_to_well_formed_moodle_xml() {
    let f = Fixture::new("minimal");
    f.write(
        "content/part/bank.md",
        format!(
            "+++\ntitle = \"题库\"\nweight = 3\n+++\n\n{}",
            std::fs::read_to_string(repo().join("tests/fixtures/gift/full.expected.md")).unwrap()
        ),
    );
    let gift = f.run(&["quiz", "export", "content/part/bank.md"]);
    assert_eq!(gift.code, 0, "{}", gift.stderr);
    assert!(gift.stdout.starts_with(
        "$CATEGORY: $course$/playbook/bank\n\n::bank-q1:: 顾客让渡价值等于什么？ {\n"
    ));
    assert!(gift
        .stdout
        .contains("::bank-q5:: π 取两位小数是多少？ {\n#\n  =3.14:0.01\n}"));
    assert!(gift
        .stdout
        .contains("  =顾客总价值 -> 顾客得到的全部利益\n"));
    // Round trip: the exported GIFT imports to the same questions.
    f.write("back.gift", &gift.stdout);
    let back = f.run(&["quiz", "import", "back.gift", "--id", "bank"]);
    assert_eq!(back.code, 0, "{}", back.stderr);
    // Exported names are `<quiz>-<question>`: compare without the ids.
    let expected =
        std::fs::read_to_string(repo().join("tests/fixtures/gift/full.expected.md")).unwrap();
    assert_eq!(strip_ids(&back.stdout), strip_ids(&expected));
    // Moodle XML: well-formed, with the elements Moodle's importer reads.
    let xml = f.run(&["quiz", "export", "--all", "--format", "moodle-xml"]);
    assert_eq!(xml.code, 0, "{}", xml.stderr);
    f.write("bank.xml", &xml.stdout);
    let lint = Command::new("xmllint")
        .args(["--noout", "bank.xml"])
        .current_dir(f.root())
        .output()
        .expect("xmllint is installed by scripts/setup.sh");
    assert!(
        lint.status.success(),
        "{}",
        String::from_utf8_lossy(&lint.stderr)
    );
    for element in [
        "<question type=\"category\"><category><text>$course$/playbook/bank</text></category></question>",
        "<question type=\"multichoice\">",
        "<name><text>bank-q1</text></name>",
        "<questiontext format=\"markdown\"><text>顾客让渡价值等于什么？</text></questiontext>",
        "<generalfeedback format=\"markdown\"><text>让渡价值从顾客的角度衡量一份报价。</text></generalfeedback>",
        "<defaultgrade>1</defaultgrade>",
        "<single>true</single>",
        "<answer fraction=\"50\" format=\"markdown\"><text>顾客得到的利益</text><feedback format=\"markdown\"><text>只说对了一半。</text></feedback></answer>",
        "<question type=\"truefalse\">",
        "<answer fraction=\"0\" format=\"markdown\"><text>true</text>",
        "<question type=\"numerical\">",
        "<answer fraction=\"100\" format=\"markdown\"><text>3.14</text><tolerance>0.01</tolerance>",
        "<question type=\"shortanswer\">",
        "<usecase>0</usecase>",
        "<question type=\"matching\">",
        "<subquestion format=\"markdown\"><text>顾客总价值</text><answer><text>顾客得到的全部利益</text></answer></subquestion>",
        "<question type=\"cloze\">",
        "{1:MULTICHOICE:=决定权~%0%金钱~%0%需求}",
        "<question type=\"description\">",
    ] {
        assert!(xml.stdout.contains(element), "Moodle XML lacks {element}\n{}", xml.stdout);
    }
}

/// `tests/fixtures/gift/formats.gift`: `[html]`, `[moodle]`, `[plain]`, `[markdown]` and a
/// missing word with per-answer feedback.
#[test]
fn text_formats_import_to_the_exact_markdown_with_exact_warnings_and_round_trip() {
    let dir = repo().join("tests/fixtures/gift");
    let f = Fixture::new("minimal");
    // Beside the playbook, so that the diagnostics name it by a relative path.
    f.write(
        "formats.gift",
        std::fs::read(dir.join("formats.gift")).unwrap(),
    );
    let r = f.run(&["quiz", "import", "formats.gift", "--id", "formats"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_matches_file(&r.stdout, &dir.join("formats.expected.md"));
    assert_matches_file(&r.stderr, &dir.join("formats.expected.txt"));
    // Nothing converted with a loss goes unsaid: --strict fails on the warnings.
    let strict = f.run(&["quiz", "import", "formats.gift", "--strict"]);
    assert_eq!(strict.code, 1);
    // The Markdown is a valid quiz; what stayed text shows as text, never as markup.
    f.write(
        "content/part/formats.md",
        format!("+++\ntitle = \"格式\"\nweight = 3\n+++\n\n{}", r.stdout),
    );
    f.build_ok(&[]);
    let html = f.out("part/formats/index.html");
    assert_eq!(html.matches("class=\"quiz-question\"").count(), 7);
    assert!(html.contains("<strong>让渡价值</strong>"), "{html}");
    assert!(html.contains("&lt;img src="), "{html}");
    assert!(!html.contains("<img src=\"chart.png\""), "{html}");
    assert!(!html.contains("<span style"), "{html}");
    // gift → playbook → gift → playbook: the same questions.
    let gift = f.run(&["quiz", "export", "content/part/formats.md"]);
    assert_eq!(gift.code, 0, "{}", gift.stderr);
    f.write("back.gift", &gift.stdout);
    let back = f.run(&["quiz", "import", "back.gift", "--id", "formats"]);
    assert_eq!(back.code, 0, "{}", back.stderr);
    assert_eq!(back.stderr, "", "nothing more is lost on the way back");
    assert_eq!(strip_ids(&back.stdout), strip_ids(&r.stdout));
}
