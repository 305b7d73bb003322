//! The command line: exit codes, `new`, `serve`.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::helpers::Fixture;

#[test]
fn usage_errors_exit_2() {
    let f = Fixture::new("minimal");
    assert_eq!(f.run(&["build", "--no-such-flag"]).code, 2);
    assert_eq!(f.run(&["frobnicate"]).code, 2);
    assert_eq!(f.run(&[]).code, 2);
}

#[test]
fn missing_playbook_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_playbook"))
        .args(["build"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("failed to read `playbook.toml`"), "{err}");
}

#[test]
fn a_playbook_without_a_home_page_is_an_error_not_a_panic() {
    let f = Fixture::new("minimal");
    f.remove("content/_index.md").remove("content/_index.en.md");
    let r = f.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("content/_index.md:1:1: error: the playbook has no home page"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("panicked"));
}

#[test]
fn refuses_to_overwrite_the_playbook_itself() {
    let f = Fixture::new("minimal");
    let r = f.run(&["build", "--output", "."]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("refusing"), "{}", r.stderr);
    assert!(f.root().join("content/_index.md").exists());
}

#[test]
fn new_playbook_builds_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("mine");
    let bin = env!("CARGO_BIN_EXE_playbook");
    let out = Command::new(bin).arg("new").arg(&target).output().unwrap();
    assert!(out.status.success());
    let out = Command::new(bin)
        .args(["build", "--root"])
        .arg(&target)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(target
        .join("public/en/basics/first-chapter/index.html")
        .exists());
    assert!(target.join("themes/default").is_dir());
    // Refuses a non-empty folder.
    let out = Command::new(bin).arg("new").arg(&target).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
}

pub(crate) struct Server {
    pub(crate) child: Child,
    pub(crate) addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) fn serve(f: &Fixture) -> Server {
    serve_with(f, &[])
}

pub(crate) fn serve_with(f: &Fixture, env: &[(&str, &str)]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_playbook"))
        .args(["serve", "--port", "0"])
        .envs(env.iter().copied())
        .current_dir(f.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut seen = String::new();
    let mut buf = [0u8; 256];
    let start = Instant::now();
    while !seen.contains("(Ctrl-C") && start.elapsed() < Duration::from_secs(30) {
        let n = stdout.read(&mut buf).unwrap();
        if n == 0 {
            break;
        }
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    std::thread::spawn(move || {
        let mut sink = Vec::new();
        let _ = stdout.read_to_end(&mut sink);
    });
    let i = seen.find("http://").expect("serve prints its address") + 7;
    let addr = seen[i..].split('/').next().unwrap().to_string();
    Server { child, addr }
}

/// A raw GET, so that paths are sent exactly as written.
fn get(addr: &str, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut resp = Vec::new();
    let _ = s.read_to_end(&mut resp);
    let text = String::from_utf8_lossy(&resp).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, text)
}

fn wait_for(what: &str, cond: impl FnMut() -> bool) {
    crate::helpers::wait_until(what, Duration::from_secs(20), cond);
}

#[test]
fn serve_rebuilds_reports_errors_and_keeps_the_last_good_site() {
    let f = Fixture::new("minimal");
    std::fs::write(f.root().join("secret.txt"), "secret").unwrap();
    let s = serve(&f);
    let (code, page) = get(&s.addr, "/part/page/");
    assert_eq!(code, 200);
    assert!(page.contains("<h1>页面</h1>"));
    assert!(
        page.contains("/__playbook/reload.js"),
        "reload script injected"
    );
    let (_, status) = get(&s.addr, "/__playbook/status");
    assert!(status.contains("\"version\":1"), "{status}");
    assert!(status.contains("\"error\":null"));

    // Paths that try to leave the site folder.
    for bad in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/part/%2E%2E/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
    ] {
        let (code, body) = get(&s.addr, bad);
        assert_eq!(code, 404, "{bad}");
        assert!(
            !body.contains("secret\n") && !body.ends_with("secret"),
            "{bad}"
        );
    }

    // A change is picked up.
    f.write(
        "content/part/page.md",
        "+++\ntitle = \"改过的页面\"\nweight = 1\n+++\n\n## 目标\n\n新正文。\n",
    );
    wait_for("rebuild", || {
        get(&s.addr, "/part/page/").1.contains("改过的页面")
    });
    // A rebuild counts up the version (on a busy machine the write's events may come in
    // two bursts, and so two rebuilds).
    let status = get(&s.addr, "/__playbook/status").1;
    let version: u64 = status
        .split("\"version\":")
        .nth(1)
        .and_then(|v| v.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    assert!(version >= 2, "{status}");

    // A broken file: the error is reported, the last good page is still served.
    f.write(
        "content/part/page.md",
        "+++\ntitle = \"坏\"\nweight = \"x\"\n+++\n",
    );
    wait_for("error", || {
        get(&s.addr, "/__playbook/status")
            .1
            .contains("invalid front matter")
    });
    assert!(get(&s.addr, "/part/page/").1.contains("改过的页面"));
    assert_eq!(get(&s.addr, "/no/such/page/").0, 404);
}

#[test]
fn serve_falls_back_to_polling_and_still_picks_up_changes() {
    let f = Fixture::new("minimal");
    let s = serve_with(&f, &[("PLAYBOOK_WATCH", "poll")]);
    assert!(get(&s.addr, "/part/page/").1.contains("<h1>页面</h1>"));
    f.write(
        "content/part/page.md",
        "+++\ntitle = \"轮询\"\nweight = 1\n+++\n\n## 目标\n\n正文。\n",
    );
    wait_for("rebuild", || get(&s.addr, "/part/page/").1.contains("轮询"));
}

fn playbook(args: &[&str]) -> crate::helpers::Run {
    Command::new(env!("CARGO_BIN_EXE_playbook"))
        .args(args)
        .output()
        .unwrap()
        .into()
}

#[test]
fn score_man_prints_the_row_of_the_table() {
    let r = playbook(&[
        "score",
        "man",
        "--money",
        "yes",
        "--authority",
        "yes",
        "--need",
        "yes",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "M+A+N  Prospect\nIdeal target: pursue now.\nRevisit within 20 days\n"
    );
    let r = playbook(&[
        "score",
        "man",
        "--money",
        "no",
        "--authority",
        "75%",
        "--need",
        "unknown",
        "--json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("{\"combination\":\"m+A+n\",\"verdict\":\"approachable\",\"action\":\"Observe and nurture long-term.\",\"revisit_days\":80,\"provisional\":true,\"ask_next\":[\"Need (N):"), "{}", r.stdout);
    let r = playbook(&[
        "score",
        "man",
        "--money",
        "no",
        "--authority",
        "no",
        "--need",
        "no",
        "--lang",
        "zh",
    ]);
    assert!(
        r.stdout.starts_with("m+a+n  非客户\n停止接触。"),
        "{}",
        r.stdout
    );
}

#[test]
fn score_man_rejects_bad_values_naming_the_field() {
    let r = playbook(&["score", "man", "--money", "maybe"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        "error: --money: Use yes, no or unknown, or a confidence from 0 to 100 (e.g. 75%).\n"
    );
    assert_eq!(playbook(&["score", "man", "--lang", "fr"]).code, 2);
}

/// Issue 12, item 4: confidences and thresholds are rates in percent, read by the one rule.
#[test]
fn score_man_reads_confidences_and_thresholds_by_the_rate_rule() {
    let run = |args: &[&str]| {
        let mut all = vec![
            "score",
            "man",
            "--authority",
            "yes",
            "--need",
            "yes",
            "--json",
        ];
        all.extend(args);
        playbook(&all)
    };
    for money in ["75", "75%", "７５％"] {
        let r = run(&["--money", money]);
        assert!(
            r.stdout.starts_with("{\"combination\":\"M+A+N\""),
            "{money}: {}",
            r.stdout
        );
    }
    let r = run(&["--money", "0.75"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        "error: --money: 0.75 → 0.75%? Did you mean 75%? Write 75% or 0.75%.\n"
    );
    let r = run(&["--money", "70", "--present-at", "80%", "--absent-at", "20"]);
    assert!(
        r.stdout.starts_with("{\"combination\":\"m+A+N\""),
        "{}",
        r.stdout
    );
    let r = run(&["--money", "70", "--present-at", "0.6"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        "error: --present-at: 0.6 → 0.6%? Did you mean 60%? Write 60% or 0.6%.\n"
    );
}

#[test]
fn score_value_computes_the_worked_examples() {
    let r = playbook(&[
        "score",
        "value",
        "--margin",
        "100",
        "--retention",
        "0.8",
        "--discount",
        "0.1",
        "--json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "{\"clv\":266.666667,\"clv_retention_plus_5\":340}\n"
    );
    let r = playbook(&[
        "score",
        "value",
        "--margin",
        "100",
        "--retention",
        "80%",
        "--discount",
        "10%",
        "--years",
        "3",
    ]);
    assert_eq!(
        r.stdout,
        "CLV: 164.09\nCLV with retention +5 points (85.0%): 183.12\n"
    );
    let r = playbook(&[
        "score",
        "value",
        "--value",
        "80,30,20,10",
        "--cost",
        "90,10,5,5",
        "--competitor-value",
        "70,20,15,15",
        "--competitor-cost",
        "80,15,10,5",
        "--our-sales",
        "200000",
        "--total-purchases",
        "220000",
        "--json",
    ]);
    assert_eq!(
        r.stdout,
        "{\"delivered\":30,\"competitor_delivered\":10,\"share_of_wallet\":0.909091}\n"
    );
}

/// Issue 12, item 4: one rule for rates. On the command line 0.85, 85% and ８５％ are 85%;
/// 0.85% is 0.85%; a bare 85 is refused with the question (see the table of `RateUnit`).
#[test]
fn score_value_reads_rates_by_the_one_rule() {
    let clv = |retention: &str| {
        let r = playbook(&[
            "score",
            "value",
            "--margin",
            "100",
            "--retention",
            retention,
            "--discount",
            "10%",
            "--json",
        ]);
        assert_eq!(r.code, 0, "{retention}: {}", r.stderr);
        r.stdout
    };
    // 100·0.85/(1.1−0.85) = 340; 100·0.0085/(1.1−0.0085) = 0.778742.
    for r in ["0.85", "85%", "８５％", "０．８５"] {
        assert_eq!(
            clv(r),
            "{\"clv\":340,\"clv_retention_plus_5\":450}\n",
            "{r}"
        );
    }
    assert_eq!(
        clv("0.85%"),
        "{\"clv\":0.778745,\"clv_retention_plus_5\":5.616899}\n"
    );
}

#[test]
fn score_value_rejects_bad_values_naming_the_field() {
    for (args, msg) in [
        (vec!["--margin", "abc", "--retention", "0.8", "--discount", "0.1"], "error: --margin: This is not a number; enter digits only, e.g. 1200.\n"),
        (vec!["--margin", "-5", "--retention", "0.8", "--discount", "0.1"], "error: --margin: Cannot be negative.\n"),
        (vec!["--margin", "100", "--retention", "85", "--discount", "0.1"], "error: --retention: 85 → 8500%? Did you mean 85%? Write 85% or 0.85.\n"),
        (vec!["--margin", "100", "--retention", "150%", "--discount", "0.1"], "error: --retention: A rate cannot be above 100%.\n"),
        (vec!["--margin", "100", "--retention", "-5", "--discount", "0.1"], "error: --retention: Cannot be negative.\n"),
        (vec!["--margin", "100", "--retention", "abc", "--discount", "0.1"], "error: --retention: This is not a number; enter a percentage, e.g. 85%.\n"),
        (vec!["--margin", "100", "--retention", "1", "--discount", "0"], "error: --retention: With no horizon, retention must be below 1 + the discount rate, or the lifetime value has no limit: lower the retention, raise the discount rate, or enter a number of years.\n"),
        (vec!["--margin", "100", "--retention", "0.8"], "error: --discount is needed to compute the lifetime value\n"),
        (vec!["--our-sales", "5", "--total-purchases", "0"], "error: --total-purchases: The customer's total purchases must be above 0.\n"),
        (vec!["--value", "1,2,3", "--cost", "1,2,3,4"], "error: --value: give four numbers separated by commas, e.g. 80,30,20,10\n"),
        (vec![], "error: nothing to compute: give --margin, --retention and --discount (and optionally --years, --acquisition-cost), or --value and --cost, or --our-sales and --total-purchases\n"),
    ] {
        let mut all = vec!["score", "value"];
        all.extend(args);
        let r = playbook(&all);
        assert_eq!(r.code, 1, "{all:?}");
        assert_eq!(r.stderr, msg, "{all:?}");
        assert!(!r.stdout.contains("NaN") && !r.stdout.contains("inf"));
    }
}

#[test]
fn quiz_import_converts_gift_to_the_markdown_syntax() {
    let gift = crate::helpers::repo().join("tests/fixtures/gift/bank.gift");
    let r = playbook(&["quiz", "import", gift.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let expected = std::fs::read_to_string(
        crate::helpers::repo().join("tests/fixtures/gift/bank.expected.md"),
    )
    .unwrap();
    assert_eq!(r.stdout, expected);
    // The output is valid quiz syntax: a page built from it grades the same questions.
    let f = Fixture::new("minimal");
    let page = format!(
        "+++\ntitle = \"题库\"\nweight = 3\n+++\n\n::: quiz id=\"bank-md\"\n{}:::\n",
        r.stdout
    );
    f.write("content/part/bank.md", page);
    f.write("content/part/bank.en.md", "+++\ntitle = \"Bank\"\nweight = 3\n+++\n\n::: quiz id=\"bank-gift\" src=\"bank.gift\"\n:::\n");
    std::fs::copy(&gift, f.root().join("content/part/bank.gift")).unwrap();
    f.build_ok(&[]);
    let zh = f.out("part/bank/index.html");
    let en = f.out("en/part/bank/index.html");
    for html in [&zh, &en] {
        assert_eq!(html.matches("class=\"quiz-question\"").count(), 3);
        assert!(html.contains("data-key=\"multiple;1;50,50,-100\""));
    }
}

#[test]
fn quiz_import_reports_every_problem_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.gift");
    std::fs::write(&file, "Q1 {=a ~b\n\nQ2 {~a ~b}\n").unwrap();
    let r = playbook(&["quiz", "import", file.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("bad.gift:1:4: error: unclosed answer block: `{` without `}`"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("bad.gift:3:4: error: no right answer"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.is_empty());
}
