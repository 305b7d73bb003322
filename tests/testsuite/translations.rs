//! Translations (issue 11): a missing version is built from its original with a notice,
//! in both directions; warnings and the coverage line; `strict_translations` and
//! `check --strict`; staleness and `playbook translations [--mark]`; the structural lint;
//! single-language playbooks; drafts. Each `tests/fixtures/translations/<case>/` is laid
//! over the minimal playbook; `check` must pass with exactly the warnings of its
//! `expected.txt`.

use crate::helpers::{assert_matches_file, main_of, repo, Fixture};

const CASES: [&str; 5] = ["draft", "fallback", "single-language", "stale", "structure"];

fn fixture(case: &str) -> Fixture {
    let f = Fixture::new("minimal");
    f.overlay(&format!("translations/{case}"));
    f
}

#[test]
fn each_translations_fixture_reports_its_exact_warnings() {
    for case in CASES {
        let r = fixture(case).run(&["check"]);
        assert_eq!(r.code, 0, "{case}: check must pass\n{}", r.stderr);
        let expected = repo()
            .join("tests/fixtures/translations")
            .join(case)
            .join("expected.txt");
        assert_matches_file(&r.stderr, &expected);
    }
}

#[test]
fn a_missing_translation_is_built_from_the_original_with_a_notice() {
    let f = fixture("fallback");
    let r = f.build_ok(&[]);
    assert!(
        r.stdout
            .starts_with("zh: 4/5 pages translated\nen: 4/5 pages translated\nBuilt 10 pages"),
        "{}",
        r.stdout
    );
    // Chinese original in the English site, at the English URL.
    let html = f.out("en/part/extra/index.html");
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("<link rel=\"canonical\" href=\"https://example.com/part/extra/\">"));
    assert!(!html.contains("hreflang=\"en\" href=\"https://example.com/en/part/extra/\""));
    let main = main_of(&html);
    assert!(
        main.contains("<p class=\"page-notice\" role=\"note\">This page has not been translated yet; showing the Chinese original. <a href=\"../../../part/extra/\">Read the original</a></p>\n<article data-read=\"chapter\" lang=\"zh\">"),
        "{main}"
    );
    assert!(main.contains("<h1>额外</h1>"));
    // Its link follows the reader's language (the Chinese anchor is not a heading of the
    // English page: the link goes to that page's top).
    assert!(
        main.contains("<a href=\"../../../en/part/page/\">页面</a>"),
        "{main}"
    );
    // English original in the Chinese site.
    let html = f.out("part/only/index.html");
    assert!(html.contains("<html lang=\"zh-CN\">"));
    assert!(html.contains("<link rel=\"canonical\" href=\"https://example.com/en/part/only/\">"));
    let main = main_of(&html);
    assert!(
        main.contains("role=\"note\">本页尚无中文版，以下是英文原文。 <a href=\"../../en/part/only/\">查看原文</a></p>\n<article data-read=\"chapter\" lang=\"en\">"),
        "{main}"
    );
    // Menus and the language switch keep working.
    assert!(
        f.out("en/part/index.html")
            .contains("href=\"../../en/part/extra/\"")
            || f.out("en/part/index.html").contains("href=\"extra/\"")
    );
    assert!(f
        .out("part/page/index.html")
        .contains("<a href=\"../../en/part/page/\" hreflang=\"en\""));
    // A page with its own version has no notice.
    assert!(!f.out("en/part/page/index.html").contains("page-notice"));
    // Fallbacks are not in that language's search index, nor in the sitemap.
    let urls = |dir: &str| {
        let index = crate::search::open_index(&f.root().join("public").join(dir));
        (0..index.doc_count())
            .map(|d| index.doc(d).unwrap().url)
            .collect::<Vec<_>>()
            .join(" ")
    };
    let en_index = urls("en/search");
    assert!(!en_index.contains("en/part/extra/"), "{en_index}");
    assert!(en_index.contains("en/part/only/"));
    let zh_index = urls("search");
    assert!(!zh_index.contains("part/only/"), "{zh_index}");
    let sitemap = f.out("sitemap.xml");
    assert!(!sitemap.contains("<loc>https://example.com/en/part/extra/</loc>"));
    assert!(!sitemap.contains("<loc>https://example.com/part/only/</loc>"));
}

#[test]
fn strict_translations_and_check_strict_make_a_missing_version_an_error() {
    let f = fixture("fallback");
    let r = f.run(&["check", "--strict"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains(
        "content/part/extra.md:1:1: error: missing `en` translation: `content/part/extra.en.md` does not exist"
    ));
    assert!(r.stderr.contains(
        "content/part/only.en.md:1:1: error: no `zh` original: `content/part/only.md` does not exist"
    ));
    assert!(r.stderr.ends_with("2 errors, 0 warnings\n"), "{}", r.stderr);
    // The same from playbook.toml; the build then fails.
    let toml = std::fs::read_to_string(f.root().join("playbook.toml")).unwrap();
    f.write(
        "playbook.toml",
        toml.replace("base_url", "strict_translations = true\nbase_url"),
    );
    let r = f.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("2 errors, 0 warnings"), "{}", r.stderr);
}

#[test]
fn a_single_language_playbook_builds_no_page_from_leftover_translations() {
    let f = fixture("single-language");
    let r = f.build_ok(&[]);
    assert!(r.stdout.starts_with("Built 3 pages (zh 3)"), "{}", r.stdout);
    let files: Vec<String> = f.snapshot().into_iter().map(|(p, _)| p).collect();
    assert!(
        !files
            .iter()
            .any(|p| p.starts_with("en/") || p.contains(".en")),
        "{files:?}"
    );
    let home = f.out("index.html");
    assert!(
        !home.contains("Page") && !home.contains("Test playbook"),
        "{home}"
    );
    assert!(!home.contains("lang-switch"));
}

#[test]
fn a_draft_original_makes_its_translation_a_draft() {
    let f = fixture("draft");
    f.build_ok(&[]);
    assert!(!f.root().join("public/part/draft").exists());
    assert!(!f.root().join("public/en/part/draft").exists());
    f.build_ok(&["--drafts"]);
    assert!(f.out("part/draft/index.html").contains("<h1>草稿</h1>"));
    assert!(f.out("en/part/draft/index.html").contains("<h1>Draft</h1>"));
}

#[test]
fn a_stale_translation_shows_a_banner() {
    let f = fixture("stale");
    f.build_ok(&[]);
    let main = main_of(&f.out("en/part/page/index.html")).to_string();
    assert!(
        main.contains("<p class=\"page-notice\" role=\"note\">The original has changed since this translation was made. <a href=\"../../../part/page/\">Read the original</a></p>\n<article data-read=\"chapter\">"),
        "{main}"
    );
    assert!(!f.out("part/page/index.html").contains("page-notice"));
}

#[test]
fn translations_lists_missing_and_stale_and_mark_records_the_original() {
    let f = fixture("fallback");
    f.overlay("translations/stale");
    let r = f.run(&["translations"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "missing  content/part/extra.en.md  (from content/part/extra.md)\n\
         missing  content/part/only.md  (from content/part/only.en.md)\n\
         stale    content/part/page.en.md  (content/part/page.md has changed since)\n\
         en: 4/5 pages translated\n\
         2 translations record no version of the original: run `playbook translations --mark FILE` once a translation is up to date\n"
    );
    // --mark FILE writes that file's translation_of line and nothing else.
    let before = std::fs::read_to_string(f.root().join("content/part/page.en.md")).unwrap();
    let index_before = std::fs::read(f.root().join("content/part/_index.en.md")).unwrap();
    let r = f.run(&["translations", "--mark", "content/part/page.en.md"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "marked content/part/page.en.md\n1 translation marked as up to date\n"
    );
    let after = std::fs::read_to_string(f.root().join("content/part/page.en.md")).unwrap();
    let hash = after
        .lines()
        .find_map(|l| l.strip_prefix("translation_of = \""))
        .unwrap()
        .trim_end_matches('"')
        .to_string();
    assert_eq!(hash.len(), 12);
    assert_eq!(after, before.replace("000000000000", &hash));
    assert_eq!(
        std::fs::read(f.root().join("content/part/_index.en.md")).unwrap(),
        index_before
    );
    let r = f.run(&["check"]);
    assert!(!r.stderr.contains("has changed"), "{}", r.stderr);
    // A later change of the original makes it stale again.
    let page = std::fs::read_to_string(f.root().join("content/part/page.md")).unwrap();
    f.write("content/part/page.md", format!("{page}\n更多内容。\n"));
    let r = f.run(&["check"]);
    assert!(r.stderr.contains(
        "content/part/page.en.md:4:1: warning: `content/part/page.md` has changed since this translation was made"
    ), "{}", r.stderr);
    // --mark without files marks every translation, inserting the line where missing.
    let r = f.run(&["translations", "--mark"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.ends_with("3 translations marked as up to date\n"),
        "{}",
        r.stdout
    );
    let index = std::fs::read_to_string(f.root().join("content/part/_index.en.md")).unwrap();
    assert!(index.contains("\ntranslation_of = \""), "{index}");
    let r = f.run(&["translations", "--mark"]);
    assert!(
        r.stdout.ends_with("0 translations marked as up to date\n"),
        "{}",
        r.stdout
    );
    let r = f.run(&["translations", "--mark", "content/part/page.md"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("is not a translation with an original"),
        "{}",
        r.stderr
    );
}
