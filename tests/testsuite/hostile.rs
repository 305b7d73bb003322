//! Small inputs with huge costs (issue 9, part 4): hostile pages, quizzes and GIFT banks,
//! smaller than those of `scripts/bench-hostile.sh` but still hostile. What is asserted is
//! the size of what is printed (and, on Linux, the peak memory of the run), never a
//! duration: the script prints the times.

use std::fs::File;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::helpers::{Fixture, Run};

/// What stderr may hold for any of these inputs: 50 diagnostics of a few hundred bytes.
const STDERR_BUDGET: usize = 64 * 1024;

/// A row of `units` images nested `depth` deep on one line, then the same line again.
fn nested_images(units: usize, depth: usize) -> String {
    let unit = "![".repeat(depth) + "a" + &"](x.png)".repeat(depth) + " ";
    let line = unit.repeat(units);
    format!("{line}\n\n{line}\n")
}

/// Replaces the fixture's page (keeping the heading other pages link to); `body` starts
/// on line 7.
fn page(f: &Fixture, body: &str) {
    f.write(
        "content/part/page.md",
        format!("+++\ntitle = \"页面\"\n+++\n\n## 目标\n\n{body}"),
    );
}

/// Checks the parts of a report that hold whatever its size: the true total in the
/// summary, the `… and N more` line for `path`, the budget.
fn assert_capped(r: &Run, path: &str, errors: usize) {
    assert_eq!(r.code, 1, "{}", &r.stderr[..r.stderr.len().min(2000)]);
    assert!(
        r.stderr.len() < STDERR_BUDGET,
        "{} bytes of stderr",
        r.stderr.len()
    );
    let headers = r.stderr.lines().filter(|l| l.contains(": error: ")).count();
    assert_eq!(headers, 50, "diagnostics printed for one file");
    let more = format!("\n… and {} more errors in {path}\n", errors - 50);
    assert!(r.stderr.contains(&more), "no `{more}` in\n{}", r.stderr);
    let summary = format!("\n{errors} errors, 0 warnings\n");
    assert!(r.stderr.contains(&summary), "no `{summary}`");
}

#[test]
fn a_page_of_nested_images_prints_a_bounded_report_with_true_counts() {
    let f = Fixture::new("minimal");
    // 100 KB, two lines of 50 KB, 5,000 images (every one a missing file).
    page(&f, &nested_images(125, 20));
    let r = f.run(&["check"]);
    assert_capped(&r, "content/part/page.md", 2 * 125 * 20);
    // Long lines are shown as windows around the span, marked with `…`.
    let snippets: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.starts_with("7 | ") || l.starts_with("9 | "))
        .collect();
    assert_eq!(snippets.len(), 50);
    for s in &snippets {
        let shown = &s[4..];
        assert!(shown.chars().count() <= 120, "{s}");
        assert!(shown.ends_with('…'), "{s}");
    }
    assert!(snippets.iter().any(|s| s.starts_with("7 | …")));
    let r = f.run(&["build"]);
    assert_capped(&r, "content/part/page.md", 2 * 125 * 20);
}

#[test]
fn dead_links_are_counted_past_the_ones_printed() {
    let f = Fixture::new("minimal");
    let links = "[a](nope.md) [b](#nope) ".repeat(2_500);
    page(&f, &format!("{links}\n"));
    let r = f.run(&["check"]);
    assert_capped(&r, "content/part/page.md", 5_000);
    // The first ones still get their hints.
    assert!(r.stderr.contains("= hint: did you mean `page.md`?"));
    assert!(r.stderr.contains("= hint: headings there: #目标"));
}

#[test]
fn the_total_printed_is_capped_across_files() {
    let f = Fixture::new("minimal");
    // A missing translation is an error here, as it was before it could be a warning.
    let toml = std::fs::read_to_string(f.root().join("playbook.toml")).unwrap();
    f.write(
        "playbook.toml",
        toml.replace("base_url", "strict_translations = true\nbase_url"),
    );
    for i in 0..20 {
        let links = "[a](nope.md)\n".repeat(40);
        f.write(
            &format!("content/part/p{i:02}.md"),
            format!("+++\ntitle = \"P{i}\"\n+++\n\n{links}"),
        );
    }
    let r = f.run(&["check"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.len() < 4 * STDERR_BUDGET, "{}", r.stderr.len());
    let headers = r.stderr.lines().filter(|l| l.contains(": error: ")).count();
    assert_eq!(headers, 500);
    // 41 errors per file (40 dead links, a missing translation): 12 files and 8 errors of
    // the 13th are printed, 320 are left.
    assert!(
        r.stderr
            .ends_with("\n… and 320 more errors\n\n820 errors, 0 warnings\n"),
        "{}",
        &r.stderr[r.stderr.len() - 300..]
    );
    assert!(!r.stderr.contains("in content/part/p"), "files are not cut");
}

#[test]
fn a_quiz_with_thousands_of_errors_prints_a_bounded_report() {
    let f = Fixture::new("minimal");
    let questions = "? question {id=same}\n- [ ] wrong\n\n".repeat(4_000);
    page(&f, &format!("::: quiz id=\"big\"\n{questions}:::\n"));
    let r = f.run(&["check"]);
    // Each question has no right answer, and all but the first repeat the id.
    assert_capped(&r, "content/part/page.md", 4_000 + 3_999);
}

#[test]
fn a_gift_bank_with_thousands_of_errors_prints_a_bounded_report() {
    let dir = tempfile::tempdir().unwrap();
    let bank = "::Q:: No right answer? {~a ~b}\n\n".repeat(10_000);
    std::fs::write(dir.path().join("bank.gift"), bank).unwrap();
    let r: Run = Command::new(env!("CARGO_BIN_EXE_playbook"))
        .args(["quiz", "import", "bank.gift"])
        .current_dir(dir.path())
        .output()
        .unwrap()
        .into();
    assert_capped(&r, "bank.gift", 10_000);
}

#[test]
fn many_equal_headings_and_questions_build() {
    let f = Fixture::new("minimal");
    let headings = "## x\n\n".repeat(3_000);
    let questions = "? q\n- [x] a\n- [ ] b\n\n".repeat(3_000);
    page(
        &f,
        &format!("{headings}[last](#x-2999)\n\n::: quiz id=\"q\"\n{questions}:::\n"),
    );
    f.build_ok(&[]);
    let html = f.out("part/page/index.html");
    assert!(html.contains("id=\"x-2999\""));
    assert!(html.contains("href=\"#x-2999\""));
}

/// Runs `playbook ARGS` in `dir` with stderr to a file, and returns the exit code and the
/// peak resident memory of that process alone, in bytes (from `wait4`).
#[cfg(target_os = "linux")]
fn run_measured(dir: &Path, args: &[&str]) -> (i32, u64, String) {
    let err = dir.join("stderr.txt");
    let child = Command::new(env!("CARGO_BIN_EXE_playbook"))
        .args(args)
        .current_dir(dir)
        .env_remove("PLAYBOOK_LOG")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(File::create(&err).unwrap())
        .spawn()
        .unwrap();
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: `rusage` is plain data that wait4 fills in; the child is ours and is reaped
    // here (the `Child` is never waited on).
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let got = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(got, pid);
    drop(child);
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    let stderr = std::fs::read_to_string(err).unwrap();
    (code, usage.ru_maxrss as u64 * 1024, stderr)
}

#[cfg(target_os = "linux")]
#[test]
fn the_nested_images_page_of_the_issue_runs_in_bounded_memory() {
    // 180 KB as in the issue: two lines of 90 KB, 17,840 images nested 40 deep. Before,
    // printing it took 2.4 GB of stderr and 4.7 GB of memory; now about 40 MB.
    let f = Fixture::new("minimal");
    page(&f, &nested_images(223, 40));
    let (code, peak, stderr) = run_measured(f.root(), &["check"]);
    assert_eq!(code, 1);
    assert!(stderr.len() < STDERR_BUDGET, "{}", stderr.len());
    assert!(stderr.ends_with("\n17840 errors, 0 warnings\n"), "{stderr}");
    assert!(peak < 256 << 20, "peak memory {} MB", peak >> 20);
}
