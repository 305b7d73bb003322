//! The default course's quizzes measure understanding, not test-taking (issue 16): answer
//! keys spread over the positions, true/false balanced, multiple-answer questions with
//! real distractors, no question asked twice, 6–8 questions per chapter, and every
//! cross-reference a real link. The quizzes are read with the project's own quiz parser
//! (`playbook_kit::quiz`) from the blocks the generator's scanner finds, so what is checked
//! is what the site shows. Each test collects every failure before it fails, and prints
//! the figures (`cargo test --test testsuite course_quality -- --nocapture`).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

use playbook_kit::quiz::{self, Kind, Question};

use crate::helpers::repo;

/// One quiz block of a content file.
struct QuizBlock {
    /// `value/why-customers.md`, relative to `content/`.
    file: String,
    /// Line of the `::: quiz` line.
    line: usize,
    questions: Vec<Question>,
}

/// A content file: path relative to `content/`, and its text.
fn content_files(root: &Path) -> Vec<(String, String)> {
    let content = root.join("content");
    let mut v: Vec<(String, String)> = walkdir::WalkDir::new(&content)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| {
            let rel = e.path().strip_prefix(&content).unwrap();
            let rel = rel.to_string_lossy().replace('\\', "/");
            (rel, std::fs::read_to_string(e.path()).unwrap())
        })
        .collect();
    v.sort();
    v
}

/// Whether `file` is an English translation.
fn is_en(file: &str) -> bool {
    file.ends_with(".en.md")
}

/// Whether `file` is a chapter (in a part folder, not a part index).
fn is_chapter(file: &str) -> bool {
    file.contains('/') && !file.rsplit('/').next().unwrap().starts_with("_index")
}

/// Which helper's half of the course a file belongs to (issue 16's split), for figures.
fn half(file: &str) -> &'static str {
    if file.starts_with("relationship/") || file.starts_with("visits/") {
        "relationship+visits"
    } else {
        "value+planning"
    }
}

/// Every quiz of the playbook at `root`, parsed by the project's parser.
fn quizzes(root: &Path) -> Vec<QuizBlock> {
    let mut out = Vec::new();
    for (file, text) in content_files(root) {
        let text: Arc<str> = Arc::from(text.as_str());
        let start = playbook::parse::front_matter::body_start(&text).unwrap_or(0);
        let (scanned, diags) =
            playbook::parse::blocks::scan(&file, &text, start, playbook::components::is_container);
        assert!(
            diags.is_empty(),
            "{file}: the block scanner reports problems"
        );
        for b in scanned.blocks.iter().filter(|b| b.name == "quiz") {
            let parsed = quiz::parse(&b.body)
                .unwrap_or_else(|e| panic!("{file}: quiz does not parse: {}", e[0].message));
            out.push(QuizBlock {
                line: text[..b.open_span.start].matches('\n').count() + 1,
                file: file.clone(),
                questions: parsed.questions,
            });
        }
    }
    assert!(out.len() >= 40, "only {} quizzes found", out.len());
    out
}

/// Whether a true/false question's key is "true"; `None` when its options are not the
/// usual 对/错, True/False.
fn keyed_true(q: &Question) -> Option<bool> {
    let right = &q.choices[*q.right().first()?].text;
    match right.trim() {
        "对" | "正确" | "是" | "True" | "true" | "Yes" => Some(true),
        "错" | "错误" | "否" | "False" | "false" | "No" => Some(false),
        _ => None,
    }
}

/// Single choice: no answer position holds more than 40% of a quiz's keys.
fn key_position_failures(quizzes: &[QuizBlock]) -> (Vec<String>, BTreeMap<&'static str, f64>) {
    let mut failures = Vec::new();
    let mut worst: BTreeMap<&'static str, f64> = BTreeMap::new();
    for q in quizzes {
        let mut positions: BTreeMap<usize, usize> = BTreeMap::new();
        let singles = q.questions.iter().filter(|x| x.kind == Kind::Single);
        let mut n = 0;
        for s in singles {
            n += 1;
            *positions.entry(s.right()[0] + 1).or_default() += 1;
        }
        if n == 0 {
            continue;
        }
        let (pos, max) = positions.iter().max_by_key(|(_, c)| **c).unwrap();
        let share = *max as f64 / n as f64;
        let w = worst.entry(half(&q.file)).or_default();
        *w = w.max(share);
        if share > 0.4 {
            failures.push(format!(
                "{}:{}: option {pos} is the key of {max} of {n} single-choice questions ({:.0}%)",
                q.file,
                q.line,
                share * 100.0
            ));
        }
    }
    (failures, worst)
}

#[test]
fn single_choice_keys_are_spread_over_the_positions() {
    let (failures, worst) = key_position_failures(&quizzes(&repo()));
    for (h, w) in &worst {
        eprintln!(
            "{h}: highest share of one key position in a quiz: {:.0}%",
            w * 100.0
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// True/false: 40–60% keyed "true" over the course (each language), at most 70% the same
/// key within a quiz of two or more.
fn true_false_failures(quizzes: &[QuizBlock]) -> (Vec<String>, BTreeMap<String, (usize, usize)>) {
    let mut failures = Vec::new();
    let mut totals: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for q in quizzes {
        let (mut t, mut n) = (0, 0);
        for x in q.questions.iter().filter(|x| x.kind == Kind::TrueFalse) {
            match keyed_true(x) {
                Some(v) => {
                    n += 1;
                    t += usize::from(v);
                }
                None => failures.push(format!(
                    "{}: “{}”: cannot tell which option means true",
                    q.file, x.text
                )),
            }
        }
        let lang = if is_en(&q.file) { "en" } else { "zh" };
        for key in [lang.to_string(), format!("{lang} {}", half(&q.file))] {
            let e = totals.entry(key).or_default();
            e.0 += t;
            e.1 += n;
        }
        if n >= 2 && t.max(n - t) as f64 > 0.7 * n as f64 {
            failures.push(format!(
                "{}:{}: {t} of {n} true/false questions keyed true",
                q.file, q.line
            ));
        }
    }
    for lang in ["zh", "en"] {
        let (t, n) = totals.get(lang).copied().unwrap_or_default();
        let share = t as f64 / n.max(1) as f64;
        if !(0.4..=0.6).contains(&share) {
            failures.push(format!(
                "{lang}: {t} of {n} true/false questions keyed true ({:.0}%, want 40–60%)",
                share * 100.0
            ));
        }
    }
    (failures, totals)
}

#[test]
fn true_false_keys_are_balanced() {
    let (failures, totals) = true_false_failures(&quizzes(&repo()));
    for (k, (t, n)) in &totals {
        eprintln!("{k}: {t} of {n} true/false keyed true");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn multiple_answer_questions_have_at_least_two_wrong_options() {
    let mut failures = Vec::new();
    for q in quizzes(&repo()) {
        for x in q.questions.iter().filter(|x| x.kind == Kind::Multiple) {
            let wrong = x.choices.len() - x.right().len();
            if wrong < 2 {
                failures.push(format!("{}: “{}”: {wrong} wrong option(s)", q.file, x.text));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A stem reduced to its letters and digits, lower case: punctuation and spacing do not
/// make two questions different.
fn normalised(stem: &str) -> String {
    stem.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[test]
fn no_question_is_asked_twice_in_the_playbook() {
    let mut seen: HashMap<String, String> = HashMap::new();
    let mut failures = Vec::new();
    for q in quizzes(&repo()) {
        for x in &q.questions {
            let at = format!("{}:{}", q.file, q.line);
            if let Some(first) = seen.insert(normalised(&x.text), at.clone()) {
                failures.push(format!("{at}: “{}” is also asked at {first}", x.text));
            }
        }
    }
    assert_eq!(normalised("客户说：“太贵了。” Then?"), "客户说太贵了then");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn each_chapter_has_six_to_eight_questions() {
    let mut failures = Vec::new();
    let mut per_file: BTreeMap<String, usize> = BTreeMap::new();
    for q in quizzes(&repo()) {
        *per_file.entry(q.file.clone()).or_default() += q.questions.len();
    }
    for (file, _) in content_files(&repo()) {
        if !is_chapter(&file) {
            continue;
        }
        let n = per_file.get(&file).copied().unwrap_or(0);
        if !(6..=8).contains(&n) {
            failures.push(format!("{file}: {n} questions"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Plain-text cross-references: a sentence (or table cell) that sends the reader elsewhere
/// ("参见……", "详见……", "(see …)", ", see …") without a link in it.
fn unlinked_references(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (i, line) in text.lines().enumerate() {
        for sentence in line.split(['。', '！', '？', '；', '|']).flat_map(|s| {
            s.split_inclusive(". ")
                .flat_map(|t| t.split_inclusive("? "))
                .collect::<Vec<_>>()
        }) {
            let s = sentence.trim();
            let zh = ["参见", "详见"].iter().any(|m| s.contains(m) && s != *m);
            let en = ["(see ", ", see ", ": see ", "; see ", "(See "]
                .iter()
                .any(|m| s.contains(m))
                || s.starts_with("See ");
            if (zh || en) && !s.contains("](") {
                found.push((i + 1, s.to_string()));
            }
        }
    }
    found
}

#[test]
fn cross_references_are_links() {
    let mut failures = Vec::new();
    for (file, text) in content_files(&repo()) {
        for (line, s) in unlinked_references(&text) {
            failures.push(format!("{file}:{line}: “{s}”"));
        }
    }
    // The check itself: it finds a bare reference and accepts a linked one.
    assert_eq!(unlinked_references("见下文（参见顾客让渡价值）。").len(), 1);
    assert_eq!(
        unlinked_references("A cycle (see purchase stages and CRM). Go to see them.").len(),
        1
    );
    assert!(unlinked_references("（参见[顾客让渡价值](delivered-value.md)）。").is_empty());
    assert!(unlinked_references("| 步骤 | 详见 |").is_empty());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Part 5 of issue 16: a chapter shows the sources of its front matter, each linked to its
/// entry on the sources page, in both languages.
#[test]
fn a_built_chapter_shows_its_sources_linked_to_the_sources_page() {
    let out = std::env::temp_dir().join(format!("playbook-course-quality-{}", std::process::id()));
    let r = std::process::Command::new(env!("CARGO_BIN_EXE_playbook"))
        .args(["build", "--root"])
        .arg(repo())
        .arg("--output")
        .arg(&out)
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    for (page, sources_page, href) in [
        (
            "planning/opportunity-assessment/index.html",
            "sources/index.html",
            "../../sources/#002_ac56800a5dcca00e",
        ),
        (
            "en/planning/opportunity-assessment/index.html",
            "en/sources/index.html",
            "../../../en/sources/#002_ac56800a5dcca00e",
        ),
    ] {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        let block = html
            .split_once(r#"<aside class="chapter-sources""#)
            .unwrap_or_else(|| panic!("{page}: no sources block"))
            .1;
        let block = block.split_once("</aside>").unwrap().0;
        // opportunity-assessment draws on 002 only.
        assert!(
            block.contains(&format!(r#"<a href="{href}">"#)),
            "{page}: {block}"
        );
        assert!(
            block.contains("<code>002_ac56800a5dcca00e.txt</code>"),
            "{block}"
        );
        assert_eq!(block.matches("<li>").count(), 1, "{block}");
        let target = std::fs::read_to_string(out.join(sources_page)).unwrap();
        assert!(
            target.contains(r#"id="002_ac56800a5dcca00e""#),
            "{sources_page} has no entry for 002"
        );
    }
    let zh =
        std::fs::read_to_string(out.join("planning/opportunity-assessment/index.html")).unwrap();
    assert!(
        zh.contains("《客户规划和管理》</a>"),
        "the entry's title is shown"
    );
    // Every chapter of the default course names sources the sources page has an entry for.
    let mut chapters = 0;
    for e in walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "index.html")
    {
        let html = std::fs::read_to_string(e.path()).unwrap();
        if let Some((_, block)) = html.split_once(r#"<aside class="chapter-sources""#) {
            chapters += 1;
            let block = block.split_once("</aside>").unwrap().0;
            assert_eq!(
                block.matches("<li>").count(),
                block.matches("<li><a href=").count(),
                "{}: a source without an entry on the sources page: {block}",
                e.path().display()
            );
        }
    }
    assert_eq!(
        chapters, 50,
        "25 chapters in two languages show their sources"
    );
    // A page whose front matter lists no sources has no block.
    let glossary = std::fs::read_to_string(out.join("glossary/index.html")).unwrap();
    assert!(!glossary.contains("chapter-sources"));
    std::fs::remove_dir_all(&out).ok();
}
