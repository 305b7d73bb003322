//! Scenario runs as graded items (issue 15, item 5): hand-in codes made with the toolkit
//! from the catalog the built progress page carries (as the browser does) with run
//! records as scenario.js keeps them, graded by `playbook results` (table, CSV, Moodle's
//! CSV, the per-scenario view); a `PB1-` code of the format before is still read; a code
//! whose scenario changed since is flagged, not graded; a playbook with a scenario and no
//! quiz gets a progress page.

use playbook_kit::handin;
use playbook_kit::progress::Catalog;

use crate::default_playbook::page_catalog;
use crate::helpers::Fixture;

/// 2026-11-30T05:47Z, in minutes since 1970.
const NOW: u64 = 29_933_627;

fn fixture() -> Fixture {
    let f = Fixture::new("minimal");
    f.overlay("scenario");
    f
}

/// Builds and reads the Chinese catalog from the progress page, as the browser does.
fn catalog(f: &Fixture) -> Catalog {
    f.build_ok(&[]);
    page_catalog(&f.out("progress/index.html"))
}

/// The scenario's run record as scenario.js keeps it after a finished run.
fn run(c: &Catalog, hash: Option<&str>, path: &str, last: u32, best: u32, runs: u32) -> String {
    let hash = hash
        .map(str::to_string)
        .unwrap_or_else(|| format!("{:08x}", c.scenarios[0].fingerprint));
    format!(
        r#"{{"kind":"scenario","id":"price","lang":"zh","hash":"{hash}","title":"价格异议","url":"/part/visit/","path":{path},"run":{path},"done":true,"last":{last},"best":{best},"attempts":{runs},"date":"2026-11-30","ending":"signed"}}"#
    )
}

/// The quiz's record as the quiz player keeps it.
fn quiz(chosen: usize) -> String {
    format!(
        r#"{{"id":"visit","lang":"zh","title":"t","url":"/part/visit/","last":0,"best":0,"attempts":1,"date":"2026-11-30","answers":{{"q1":[{chosen}]}}}}"#
    )
}

fn code(c: &Catalog, records: &[String], name: &str, minutes: u64) -> String {
    handin::make(
        c,
        &format!("[{}]", records.join(",")),
        name,
        "KA",
        minutes,
        480,
    )
    .unwrap()
}

/// Ann: the best path (open → compare → signed: 2 + 3 = 5 of 5 points, 100%).
/// Bob: the price cut, then the recovery (−2 + 1 + 3 = 2 of 5, 40%); his browser's record
/// says 90%: the path counts and the difference is said.
/// Cai: a `PB1-` code of the format before (quizzes only), still read.
fn codes(c: &Catalog) -> String {
    let ann = code(
        c,
        &[quiz(0), run(c, None, "[0,0]", 100, 100, 1)],
        "ann@example.com",
        NOW,
    );
    let bob = code(
        c,
        &[quiz(1), run(c, None, "[1,0,0]", 90, 90, 3)],
        "bob@example.com",
        NOW + 1,
    );
    let old = handin::decode(&code(c, &[quiz(0)], "cai@example.com", NOW + 2)).unwrap();
    let cai = handin::encode_format(&old, 1);
    assert!(cai.starts_with("PB1-") && ann.starts_with("PB2-"));
    format!("{ann}\n{bob}\n{cai}\n")
}

fn results(f: &Fixture, codes: &str, args: &[&str]) -> crate::helpers::Run {
    f.write("codes.txt", codes);
    let mut a = vec!["results", "codes.txt"];
    a.extend_from_slice(args);
    f.run(&a)
}

#[test]
fn the_catalog_keys_runs_to_the_hash_the_player_uses() {
    let f = fixture();
    let c = catalog(&f);
    let page = f.out("part/visit/index.html");
    let hash = format!("data-hash=\"{:08x}\"", c.scenarios[0].fingerprint);
    assert!(page.contains(&hash), "{hash} not on the page");
    let line = c.to_text().lines().last().unwrap().to_string();
    assert!(
        line.ends_with(" open:1.2 compare:3.0 cut:1.4 signed: lost:"),
        "{line}"
    );
}

#[test]
fn runs_are_graded_beside_quizzes_in_the_table_and_both_csvs() {
    let f = fixture();
    let c = catalog(&f);
    let r = results(&f, &codes(&c), &[]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    let v = c.version();
    assert_eq!(
        r.stdout,
        format!(
            "测试手册 (zh, version {v:04x}): 1 quiz and 1 scenario (not in the total), pass mark 80%\n\
\n\
Line         Name             Class  Submitted                Taken  Total  Passed  Scores (%)\n\
codes.txt:1  ann@example.com  KA     2026-11-30 13:47 +08:00  1/1    100%   yes     Q1 100, S1 100\n\
codes.txt:2  bob@example.com  KA     2026-11-30 13:48 +08:00  1/1    0%     no      Q1 0, S1 40\n\
codes.txt:3  cai@example.com  KA     2026-11-30 13:49 +08:00  1/1    100%   yes     Q1 100\n\
\n\
Quizzes:\n  Q1   visit  拜访练习\n\
Scenarios:\n  S1   price  价格异议\n\
\n\
Notes:\n  codes.txt:2: bob@example.com: scenario `price`: the code says 90%, its path grades 40% (the path counts)\n"
        )
    );
    let r = results(&f, &codes(&c), &["--csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows: Vec<&str> = r.stdout.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(
        rows[0],
        "source,name,class,submitted,language,version,quizzes_taken,visit,scenario:price,points,possible,total_percent,passed,notes"
    );
    assert!(rows[1].starts_with("codes.txt:1,ann@example.com,KA,"));
    assert!(rows[1].ends_with(",1,100,100,1,1,100,yes,"), "{}", rows[1]);
    assert!(rows[2].ends_with(",1,0,40,0,1,0,no,\"scenario `price`: the code says 90%, its path grades 40% (the path counts)\""), "{}", rows[2]);
    assert!(rows[3].ends_with(",1,100,,1,1,100,yes,"), "{}", rows[3]);
    let r = results(&f, &codes(&c), &["--moodle-csv"]);
    assert_eq!(
        r.stdout,
        "Email address,拜访练习,价格异议,Total\r\n\
ann@example.com,100,100,100\r\n\
bob@example.com,0,40,0\r\n\
cai@example.com,100,,100\r\n"
    );
}

#[test]
fn the_per_question_view_shows_endings_and_choices_per_step() {
    let f = fixture();
    let c = catalog(&f);
    let r = results(&f, &codes(&c), &["--by-question"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let view = &r.stdout[r.stdout.find("price (zh)").expect("a scenario view")..];
    assert_eq!(
        view,
        "price (zh) — 价格异议: 2 trainees, average 70%\n\
\x20 Endings reached:\n\
\x20   2   签约 (signed)\n\
\x20 Choices taken:\n\
\x20   客户开口压价 (open)\n\
\x20     A  1   “先问对方拿什么比较” (+2)\n\
\x20     B  1   “马上让价 10%” (-2)\n\
\x20   比较的基础 (compare)\n\
\x20     A  2   “逐项对比总成本” (+3)\n\
\x20   让价之后 (cut)\n\
\x20     A  1   “回头问清对方的比较” (+1)\n"
    );
}

#[test]
fn a_run_of_a_scenario_changed_since_is_flagged_not_graded() {
    let f = fixture();
    let c = catalog(&f);
    let ann = code(
        &c,
        &[quiz(0), run(&c, None, "[0,0]", 100, 100, 1)],
        "ann@example.com",
        NOW,
    );
    // The trainer changes the points of a choice in both languages after the code was made.
    for p in ["content/part/visit.md", "content/part/visit.en.md"] {
        let path = f.root().join(p);
        let text = std::fs::read_to_string(&path).unwrap();
        let edited = text.replacen("{+3 pleased -> signed}", "{+4 pleased -> signed}", 1);
        assert_ne!(text, edited, "{p}");
        std::fs::write(&path, edited).unwrap();
    }
    let r = results(&f, &format!("{ann}\n"), &["--csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let now = catalog(&f).version();
    let rows: Vec<&str> = r.stdout.trim_start_matches('\u{feff}').lines().collect();
    let old = c.version();
    assert_ne!(old, now);
    assert_eq!(
        rows[1],
        format!("codes.txt:1,ann@example.com,KA,2026-11-30 13:47 +08:00,zh,{old:04x},1,100,,1,1,100,yes,made for another version of the course ({old:04x}; this one is {now:04x}): graded on the questions that still match; scenario `price` changed since the code was made: its run is not graded")
    );
}

#[test]
fn a_playbook_with_a_scenario_and_no_quiz_has_a_progress_page() {
    let f = fixture();
    for p in ["content/part/visit.md", "content/part/visit.en.md"] {
        let path = f.root().join(p);
        let text = std::fs::read_to_string(&path).unwrap();
        let cut = text
            .find("\n## 自测")
            .or_else(|| text.find("\n## Self-check"))
            .unwrap_or(text.len());
        std::fs::write(&path, &text[..cut]).unwrap();
    }
    let c = catalog(&f);
    assert!(c.quizzes.is_empty());
    assert_eq!(c.scenarios.len(), 1);
    let page = f.out("progress/index.html");
    assert!(page.contains("data-scenario-id=\"price\""), "{page}");
    assert!(
        f.out("part/visit/index.html").contains("progress/"),
        "the page links to it"
    );
    let ann = code(
        &c,
        &[run(&c, None, "[0,0]", 100, 100, 1)],
        "ann@example.com",
        NOW,
    );
    let r = results(&f, &format!("{ann}\n"), &["--moodle-csv"]);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (
            0,
            "Email address,价格异议,Total\r\nann@example.com,100,\r\n"
        )
    );
}

/// The scenario fixture as a cmi5 package under the local LMS (`tests/browser/lrs.mjs`):
/// a finished run is an `answered` statement with its path, and comes back on relaunch.
#[test]
fn a_scenario_run_reaches_cmi5_as_an_answered_statement() {
    let f = fixture();
    let tmp = tempfile::tempdir().unwrap();
    let zip = tmp.path().join("course.zip");
    let r = f.run(&[
        "package",
        "--format",
        "cmi5",
        "--output",
        zip.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let dir = tmp.path().join("pkg");
    let mut z = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap()).unwrap();
    z.extract(&dir).unwrap();
    crate::browser::run_script_with(
        "scenario_cmi5.mjs",
        dir.to_str().unwrap(),
        &["part/visit/index.html"],
    );
}

/// Issue 15 in a real browser: a scenario page read online plays offline after a reload;
/// the progress page's CSV export has the run; its hand-in code, graded by `playbook
/// results`, gives the last finished run's percentage.
#[test]
fn a_run_played_offline_reaches_the_progress_page_and_grades_from_its_hand_in_code() {
    let f = fixture();
    f.build_ok(&[]);
    let base = crate::browser::serve_dir(f.root().join("public"));
    let shot = std::env::temp_dir().join(format!(
        "playbook-scenario-progress-390x844-{}.png",
        std::process::id()
    ));
    let out =
        crate::browser::run_script_with("scenario_progress.mjs", &base, &[shot.to_str().unwrap()]);
    println!("screenshot: {}", shot.display());
    let json = out
        .lines()
        .find_map(|l| l.strip_prefix("RESULT "))
        .expect("the script prints its result");
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    let code = v["code"].as_str().expect("a hand-in code");
    let r = results(&f, &format!("{code}\n"), &["--csv"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    let rows: Vec<Vec<&str>> = r
        .stdout
        .trim_start_matches('\u{feff}')
        .lines()
        .map(|l| l.split(',').collect())
        .collect();
    let col = |name: &str| rows[0].iter().position(|c| *c == name).unwrap();
    assert_eq!(rows[1][col("name")], "ann@example.com");
    assert_eq!(rows[1][col("language")], "en");
    assert_eq!(
        rows[1][col("scenario:price")],
        "40",
        "the last run, played again"
    );
    assert_eq!(rows[1][col("notes")], "");
}

/// Issue 15, item 6: the player's words are UI strings, carried to scenario.js in
/// `data-strings`; a language's `[strings]` replace them (what a third language needs).
#[test]
fn the_player_words_are_ui_strings_a_language_can_replace() {
    let f = fixture();
    let toml = std::fs::read_to_string(f.root().join("playbook.toml")).unwrap();
    f.write(
        "playbook.toml",
        format!("{toml}\n[languages.en.strings]\nscenario_back = \"Zurück\"\nscenario_excellent = \"Sehr gut\"\n"),
    );
    f.build_ok(&[]);
    let en = f.out("en/part/visit/index.html");
    assert!(en.contains("data-rating-excellent=\"Sehr gut\""), "{en}");
    assert!(
        en.contains("&quot;scenario_back&quot;:&quot;Zurück&quot;"),
        "{en}"
    );
    assert!(en.contains("&quot;scenario_you_said&quot;:&quot;You said: &quot;"));
    let zh = f.out("part/visit/index.html");
    assert!(zh.contains("data-rating-excellent=\"★★★ 优秀\""));
    assert!(zh.contains("&quot;scenario_back&quot;:&quot;退回一步&quot;"));
    assert!(zh.contains("&quot;colon&quot;:&quot;：&quot;"));
    // The progress page's scenario table too.
    let progress = f.out("en/progress/index.html");
    assert!(progress.contains("<h2>Visit simulations</h2>"));
    assert!(f
        .out("progress/index.html")
        .contains("<th scope=\"col\">完成次数</th>"));
}

/// The default course answered whole in both languages, with a run of each of its
/// scenarios in each language (the shortest path to an ending that the catalog's targets
/// allow): the packed progress stays far below SCORM 1.2's 4,096 characters, and the runs
/// come back.
#[test]
fn the_whole_course_with_scenario_runs_packs_far_below_the_scorm_limit() {
    use playbook_kit::progress::{pack, unpack};
    let site = crate::default_playbook::built();
    let mut course = Catalog::default();
    for page in ["progress/index.html", "en/progress/index.html"] {
        let c = page_catalog(&std::fs::read_to_string(site.join(page)).unwrap());
        course.quizzes.extend(c.quizzes);
        course.scenarios.extend(c.scenarios);
    }
    assert_eq!(
        course.scenarios.len(),
        6,
        "three scenarios in two languages"
    );
    let quizzes = crate::default_playbook::full_records(&course);
    let mut recs = vec![quizzes
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_string()];
    for s in &course.scenarios {
        // Breadth first from the start to the first ending.
        let mut from: Vec<Option<(usize, usize)>> = vec![None; s.steps.len()];
        let mut queue = std::collections::VecDeque::from([0usize]);
        let mut seen = vec![false; s.steps.len()];
        seen[0] = true;
        let mut end = None;
        while let Some(at) = queue.pop_front() {
            if s.steps[at].next.is_empty() {
                end = Some(at);
                break;
            }
            for (c, &to) in s.steps[at].next.iter().enumerate() {
                if !seen[to] {
                    seen[to] = true;
                    from[to] = Some((at, c));
                    queue.push_back(to);
                }
            }
        }
        let mut path = Vec::new();
        let mut at = end.expect("an ending is reachable");
        while let Some((prev, c)) = from[at] {
            path.push(c);
            at = prev;
        }
        path.reverse();
        let path = format!("{path:?}").replace(' ', "");
        recs.push(format!(
            r#"{{"kind":"scenario","id":"{}","lang":"{}","hash":"{:08x}","run":{path},"done":true,"last":60,"best":80,"attempts":3,"date":"2026-11-30"}}"#,
            s.id, s.lang, s.fingerprint
        ));
    }
    let all = format!("[{}]", recs.join(","));
    let packed = pack(&course, &all).unwrap();
    let without = pack(&course, &quizzes).unwrap();
    println!(
        "packed progress, whole course and six scenario runs: {} characters ({} without the runs)",
        packed.len(),
        without.len()
    );
    assert!(packed.len() <= 2_200, "{} characters", packed.len());
    let back = unpack(&course, &packed).unwrap();
    assert_eq!(back.records.matches("\"kind\":\"scenario\"").count(), 6);
    assert!(back.changed.is_empty() && back.unknown.is_empty());
}
