//! Property tests (the fuzzing of issue 9): no input panics the front matter, component,
//! quiz or GIFT parsers or the pipeline after them; every diagnostic points inside its
//! file, on character boundaries, and renders; quiz text never renders as live markup;
//! a valid GIFT bank imports to a valid quiz.
//!
//! Each property runs a bounded number of cases so that `cargo test` stays quick (the
//! whole set takes 10–15 s in debug on two cores); raise it for a long local run with
//! `PROPTEST_CASES=20000 cargo test --locked --lib proptests`. A failing case is kept
//! below as a regression test.

mod strategies;

use std::collections::HashSet;
use std::sync::Arc;

use proptest::prelude::*;

use crate::components::{Component, GiftSources};
use crate::config::{self, Config};
use crate::diagnostics::Diagnostic;
use crate::load::Source;
use strategies::{
    components, front_matter, gift_bank, quiz_body, valid_components, valid_gift, valid_quiz, words,
};

/// `n` cases, or `PROPTEST_CASES` when it is set.
fn cases(n: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(n);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

/// Text made mostly of the characters that matter to the parsers.
fn syntaxy() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "+++",
        "\n",
        "title = \"标题\"",
        "weight = ",
        "\"",
        "[",
        "]",
        "=",
        "#",
        ":::",
        " ",
        "::: note",
        "::: quiz id=\"q\"",
        "::: man-scorer money=yes",
        "::: value-calculator retention=\"120\"",
        "kind=tip",
        "? 问题",
        "- [x] 对",
        "- [ ] 错",
        "- [50%] 半",
        "  > 反馈",
        "= 解释",
        "{multiple}",
        "{truefalse}",
        "```",
        "## 目标",
        "[链接](a.md#x)",
        "\r\n",
        "\u{feff}",
        "｛",
        "？",
        "\t",
        "1",
        "x",
        "中",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

fn config() -> Config {
    config::parse("playbook.toml", "title = \"T\"\n").unwrap()
}

/// Asserts that a diagnostic points inside its text, on character boundaries, and
/// renders with its path.
fn check_diagnostic(d: &Diagnostic) {
    if let Some(text) = &d.source {
        let s = &d.span;
        assert!(s.start <= s.end && s.end <= text.len(), "{d:?}");
        assert!(
            text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
            "span not on a char boundary: {d:?}"
        );
    }
    let r = d.render();
    let path = crate::diagnostics::display_path(&d.path);
    assert!(r.starts_with(&format!("{path}:")), "{r}");
}

/// Every tag name of an HTML text (escaped text holds no `<`).
fn tags(html: &str) -> Vec<String> {
    html.split('<')
        .skip(1)
        .map(|t| {
            t.chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '/')
                .collect::<String>()
                .to_ascii_lowercase()
        })
        .collect()
}

/// Asserts that HTML made from quiz text holds nothing that could run a script.
fn assert_inert(html: &str) {
    for t in tags(html) {
        let t = t.trim_start_matches('/');
        assert!(
            !["script", "img", "svg", "iframe", "object", "embed", "style"].contains(&t),
            "<{t}> in quiz HTML:\n{html}"
        );
    }
    for part in html.split('<').skip(1) {
        let tag = &part[..part.find('>').unwrap_or(part.len())];
        let lower = tag.to_ascii_lowercase();
        assert!(
            !lower
                .split(|c: char| c.is_whitespace() || c == '/')
                .skip(1)
                .any(|a| a.starts_with("on")),
            "event handler in <{tag}>"
        );
        assert!(!lower.contains("javascript:"), "javascript URL in <{tag}>");
    }
}

/// Parses `text` as `content/_index.md` and checks its diagnostics and its quizzes'
/// HTML; with `pipeline`, a page without errors then goes through the model and render
/// stages into memory, and its `<main>` must hold no `<script` (the generated page text
/// outside quizzes has no raw HTML). `gift` is the text of `bank.gift` beside it.
/// Returns whether the page was rendered.
fn check_page(text: &str, gift: Option<&str>, pipeline: bool) -> bool {
    let config = config();
    let text: Arc<str> = Arc::from(text.replace("\r\n", "\n"));
    let source = Source {
        path: "content/_index.md".into(),
        content_path: "_index.md".into(),
        text: Arc::clone(&text),
    };
    let mut sources = GiftSources::new();
    if let Some(g) = gift {
        sources.insert(
            "bank.gift".into(),
            crate::components::GiftBank::new(Arc::from(g)),
        );
    }
    let (page, diags) = super::parse_one(&source, &config, &sources);
    for d in &diags {
        check_diagnostic(d);
    }
    let Some(page) = page else { return false };
    for c in page.components.iter().flatten() {
        if let Component::Quiz(q) = c {
            let zh = crate::strings::resolve("zh", &Default::default()).expect("no overrides");
            let en = crate::strings::resolve("en", &Default::default()).expect("no overrides");
            assert_inert(&q.render("zh", &zh));
            assert_inert(&q.answer_key("en", &en));
        }
    }
    if !pipeline
        || diags
            .iter()
            .any(|d| d.severity == crate::diagnostics::Severity::Error)
    {
        return false;
    }
    let has_quiz = page
        .components
        .iter()
        .any(|c| matches!(c, Some(Component::Quiz(_))));
    let (mut site, model_diags) =
        crate::model::build(vec![page], &config, &HashSet::new(), &HashSet::new(), false);
    for d in model_diags.sorted() {
        check_diagnostic(d);
    }
    if model_diags.has_errors() {
        return false;
    }
    let theme = crate::theme::Theme::merge(&config.theme, &[]);
    let store = crate::render::store::MemoryStore::default();
    let sections = crate::render::search::take_sections(&mut site);
    let render_diags = crate::render::render(&site, &config, &theme, &[], &store, sections);
    assert!(!render_diags.has_errors(), "{}", render_diags.render());
    let out = store.into_output();
    let mut pages = vec!["index.html"];
    if has_quiz {
        pages.extend(["answer-key/index.html", "print/index.html"]);
    }
    for p in pages {
        let html = String::from_utf8_lossy(out.get(p).unwrap_or_else(|| panic!("no {p}")));
        let main = &html[html.find("<main").unwrap()..html.find("</main>").unwrap()];
        assert!(!main.contains("<script"), "{p}:\n{main}");
    }
    true
}

fn check_one(text: String) {
    check_page(&text, None, false);
}

/// Checks a GIFT bank on its own: no panic, located errors, and when it is valid, the
/// Markdown the import writes parses back to the same questions.
fn check_gift(bank: &str) {
    let text: Arc<str> = Arc::from(bank);
    match playbook_kit::gift::parse(bank) {
        Err(errors) => {
            for e in errors {
                check_diagnostic(&Diagnostic::error(
                    "content/bank.gift",
                    &text,
                    e.span,
                    e.message,
                ));
            }
        }
        Ok(quiz) => {
            let md = playbook_kit::quiz::to_markdown(&quiz);
            let back = playbook_kit::quiz::parse(&md)
                .unwrap_or_else(|e| panic!("import wrote an invalid quiz: {e:?}\n{md}"));
            assert_eq!(back.questions.len(), quiz.questions.len(), "{md}");
            for (a, b) in back.questions.iter().zip(&quiz.questions) {
                assert_eq!((a.kind, a.weights()), (b.kind, b.weights()), "{md}");
            }
        }
    }
}

proptest! {
    #![proptest_config(cases(2000))]

    #[test]
    fn syntax_shaped_input_never_panics(s in syntaxy()) {
        check_one(s);
    }

    #[test]
    fn arbitrary_input_never_panics(s in any::<String>()) {
        check_one(s);
    }

    #[test]
    fn front_matter_with_arbitrary_toml_never_panics(body in any::<String>()) {
        check_one(format!("+++\n{body}\n+++\n正文\n"));
    }

    #[test]
    fn structured_front_matter_never_panics(s in front_matter()) {
        check_one(s);
    }

    #[test]
    fn quiz_bodies_never_panic(body in syntaxy()) {
        let _ = playbook_kit::quiz::parse(&body);
        check_one(format!("+++\ntitle = \"t\"\n+++\n::: quiz id=\"q\"\n{body}\n:::\n"));
    }

    #[test]
    fn near_valid_quizzes_are_located_and_inert(body in quiz_body()) {
        if let Err(errors) = playbook_kit::quiz::parse(&body) {
            let text: Arc<str> = Arc::from(body.as_str());
            for e in errors {
                check_diagnostic(&Diagnostic::error("q", &text, e.span, e.message));
            }
        }
        check_page(&format!("+++\ntitle = \"t\"\n+++\n::: quiz id=\"q\"\n{body}\n:::\n"), None, false);
    }

    #[test]
    fn components_nested_and_unclosed_never_panic(body in components()) {
        check_one(format!("+++\ntitle = \"t\"\n+++\n{body}"));
    }

    #[test]
    fn gift_banks_are_located_and_import_to_valid_quizzes(bank in gift_bank()) {
        check_gift(&bank);
        check_page("+++\ntitle = \"t\"\n+++\n::: quiz id=\"g\" src=\"bank.gift\"\n:::\n", Some(&bank), false);
    }
}

proptest! {
    // The whole pipeline is slower: fewer cases.
    #![proptest_config(cases(100))]

    #[test]
    fn one_page_playbooks_build_and_quiz_text_stays_inert(
        body in valid_components(),
        quiz in valid_quiz(),
        intro in words(),
        bank in valid_gift(),
    ) {
        // Page text without raw HTML, so that any `<script` in the output came from a quiz.
        let intro = strategies::page_text(&intro);
        let page = format!("+++\ntitle = \"首页\"\n+++\n{intro}\n\n{body}\n::: quiz id=\"fuzz\"\n{quiz}\n:::\n\n::: quiz id=\"bank\" src=\"bank.gift\"\n:::\n");
        assert!(check_page(&page, Some(&bank), true), "the page did not build:\n{page}\n{bank}");
    }
}

/// Runs `f` on another thread and fails if it takes more than 20 s (a hang found by the
/// fuzzer must fail the test, not stall the run).
fn within_time(f: impl FnOnce() + Send + 'static) {
    let (tx, rx) = std::sync::mpsc::channel();
    let handle = std::thread::spawn(move || {
        f();
        let _ = tx.send(());
    });
    match rx.recv_timeout(std::time::Duration::from_secs(20)) {
        Ok(()) => handle.join().unwrap(),
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            if let Err(e) = handle.join() {
                std::panic::resume_unwind(e)
            }
        }
        Err(e) => panic!("did not finish: {e}"),
    }
}

/// Found by the fuzzer: a form feed or a lone carriage return in a component header made
/// the attribute loop spin forever, pushing an "invalid attribute" diagnostic each turn
/// until memory ran out.
#[test]
fn regression_component_header_with_a_form_feed_or_a_carriage_return() {
    for ws in ["\x0c", "\r"] {
        within_time(move || {
            let text = format!(
                "+++\ntitle = \"t\"\n+++\n::: note kind=tip{ws}title=\"提示\"{ws}\n正文\n:::\n"
            );
            let source = Source {
                path: "content/_index.md".into(),
                content_path: "_index.md".into(),
                text: Arc::from(text),
            };
            let (page, diags) = super::parse_one(&source, &config(), &GiftSources::new());
            assert!(diags.is_empty(), "{diags:?}");
            let page = page.unwrap();
            assert!(matches!(page.components[..], [Some(Component::Note(_))]));
        });
    }
}

/// Found by the fuzzer: a GIFT question with no text (`{T}` alone) was accepted, and the
/// import wrote `?  {truefalse}`, which the quiz syntax rejects.
#[test]
fn regression_gift_question_without_text() {
    let e = playbook_kit::gift::parse("  {T}").unwrap_err();
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].message, "question has no text");
    assert_eq!(e[0].span, 2..5);
    check_gift("  {T}");
    check_gift("::标题:: {=a ~b}");
}

/// Found by the fuzzer: a GIFT title alone in its block was reported with a span that
/// ended before it started (7..6).
#[test]
fn regression_gift_title_alone() {
    let bank = "::Q1::\n\n {\n  \n}";
    let e = playbook_kit::gift::parse(bank).unwrap_err();
    assert_eq!(e[0].message, "question has no answer block `{…}`");
    assert_eq!(e[0].span, 0..6);
    check_gift(bank);
}

/// Found by the fuzzer: a GIFT question whose text ends in braces (`\{often\}`) was
/// written as `? … {often}`, which the quiz syntax reads as flags.
#[test]
fn regression_gift_text_ending_in_braces() {
    for bank in [
        "\\{\\} {\n  =顾客价值\n  ~顾客价值\n}",
        "Price \\{often\\} {=a ~b}",
    ] {
        check_gift(bank);
    }
    let q = playbook_kit::gift::parse("Price \\{often\\} {=a ~b}").unwrap();
    let md = playbook_kit::quiz::to_markdown(&q);
    assert_eq!(md, "? Price {often} {}\n- [x] a\n- [ ] b\n");
    assert_eq!(
        playbook_kit::quiz::parse(&md).unwrap().questions[0].text,
        "Price {often}"
    );
}
