//! `playbook new`: the starter shows each feature once and builds with exactly one
//! warning, that of its Chinese-only page.

use std::fs;
use std::process::Command;

use crate::helpers::Run;

fn playbook(dir: &std::path::Path, args: &[&str]) -> Run {
    Command::new(env!("CARGO_BIN_EXE_playbook"))
        .args(args)
        .current_dir(dir)
        .env_remove("PLAYBOOK_LOG")
        .output()
        .unwrap()
        .into()
}

#[test]
fn new_then_check_gives_only_the_fallback_warning() {
    let dir = tempfile::tempdir().unwrap();
    // No DIR: the current folder, which must be empty.
    let r = playbook(dir.path(), &["new"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("wrote ./content/basics/first-chapter.md\n"),
        "{}",
        r.stdout
    );
    assert!(dir.path().join("static/logo.svg").is_file());

    let r = playbook(dir.path(), &["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        "content/basics/zh-only.md:1:1: warning: missing `en` translation: \
         `content/basics/zh-only.en.md` does not exist\n  |\n1 | +++\n  | ^^^\n  = hint: until \
         `content/basics/zh-only.en.md` is published, the `en` site shows this page in `zh` \
         with a notice\n\n0 errors, 1 warning\n"
    );
    assert!(
        r.stdout
            .starts_with("en: 3/4 pages translated\nChecked 8 pages (zh 4, en 4)"),
        "{}",
        r.stdout
    );
    // Strict: that one warning becomes the one error.
    let r = playbook(dir.path(), &["check", "--strict"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.ends_with("\n1 error, 0 warnings\n"),
        "{}",
        r.stderr
    );

    let r = playbook(dir.path(), &["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = |rel: &str| fs::read_to_string(dir.path().join("public").join(rel)).unwrap();
    // Each feature once, in both languages.
    for (page, note, img) in [
        (
            "basics/first-chapter/index.html",
            "提示",
            "MAN 原则的三个条件",
        ),
        (
            "en/basics/first-chapter/index.html",
            "Tip",
            "The three conditions",
        ),
    ] {
        let html = out(page);
        assert!(
            html.contains(&format!(
                "<div class=\"note note-tip\" role=\"note\" aria-label=\"{note}\">"
            )),
            "{page}"
        );
        assert!(html.contains("basics/man.svg\" alt=\""), "{page}");
        assert!(html.contains("<figcaption>"), "{page}: the image's caption");
        assert!(html.contains(img), "{page}");
        assert!(html.contains("data-widget=\"man-scorer\""), "{page}");
        assert!(html.contains("id=\"quiz-basics-key-person\""), "{page}");
        assert!(html.contains("class=\"site-logo\""), "{page}");
        assert!(html.contains("custom.css\">"), "{page}");
    }
    assert!(dir.path().join("public/basics/man.svg").is_file());
    // Every stylesheet and image a page of the starter names exists (the logo and
    // custom.css from every depth, the chapter's image).
    let site = dir.path().join("public");
    let mut checked = 0;
    for e in walkdir::WalkDir::new(&site)
        .into_iter()
        .filter_map(Result::ok)
    {
        if e.file_name() != "index.html" {
            continue;
        }
        let html = fs::read_to_string(e.path()).unwrap();
        let folder = e.path().parent().unwrap();
        for u in crate::helpers::urls(&html) {
            if u.contains(':') || !(u.ends_with(".css") || u.ends_with(".svg")) {
                continue;
            }
            let target = folder.join(&u);
            assert!(
                target.is_file(),
                "{}: {u} does not exist",
                e.path().display()
            );
            checked += 1;
        }
    }
    assert!(checked >= 8 * 4, "{checked}");
    // The Chinese-only page in the English site: the original with the notice.
    let fallback = out("en/basics/zh-only/index.html");
    assert!(
        fallback.contains("This page has not been translated yet; showing the Chinese original.")
    );
    assert!(fallback.contains("只有中文的一页"));
    // Not into a folder with something in it.
    let r = playbook(dir.path(), &["new"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("exists and is not empty"), "{}", r.stderr);
}

/// The starter's pages (with its logo, its own stylesheet, a widget and a quiz) on a phone,
/// under the strict CSP: no sideways scroll, 44 px targets, no console error.
#[test]
fn the_starter_reads_on_a_phone() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(playbook(dir.path(), &["new"]).code, 0);
    let r = playbook(dir.path(), &["build", "--base-url", "/team/playbook/"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let site = dir.path().join("public");
    let mut pages: Vec<String> = walkdir::WalkDir::new(&site)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "index.html")
        .map(|e| {
            let rel = e.path().parent().unwrap().strip_prefix(&site).unwrap();
            let rel = rel.to_string_lossy().replace('\\', "/");
            if rel.is_empty() {
                rel
            } else {
                format!("{rel}/")
            }
        })
        .collect();
    pages.sort();
    assert!(pages.len() >= 8, "{pages:?}");
    let list = dir.path().join("pages.txt");
    fs::write(&list, pages.join("\n")).unwrap();
    let base = crate::browser::serve_dir(site);
    crate::browser::run_script_with("phone.mjs", &base, &[list.to_str().unwrap()]);
}
