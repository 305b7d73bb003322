use super::snippet::width;
use super::*;

#[test]
fn line_col_counts_characters_not_bytes() {
    let t = "第一行\n标题 = 1\n";
    assert_eq!(line_col(t, 0), (1, 1));
    let off = t.find('=').unwrap();
    assert_eq!(line_col(t, off), (2, 4));
}

#[test]
fn caret_is_placed_under_wide_characters() {
    let src: Arc<str> = Arc::from("标题 = x\n");
    let d = Diagnostic::error("a.md", &src, 7..8, "bad").with_hint("fix it");
    let r = d.render();
    assert_eq!(
        r,
        "a.md:1:4: error: bad\n  |\n1 | 标题 = x\n  |      ^\n  = hint: fix it\n"
    );
}

/// The snippet line and the caret line of a rendered diagnostic.
fn snippet(r: &str) -> (&str, &str) {
    let lines: Vec<&str> = r.lines().collect();
    let text = lines[2].split_once(" | ").unwrap().1;
    let caret = lines[3].split_once(" | ").unwrap().1;
    (text, caret)
}

/// Display column (0-based) of byte `at` of `s`.
fn column(s: &str, at: usize) -> usize {
    width(&s[..at])
}

#[test]
fn a_long_line_is_shown_as_a_window_with_the_caret_under_the_span() {
    // 300 CJK characters (600 columns), the span on the 200th and 201st.
    let line = "标".repeat(199) + "错误" + &"题".repeat(99);
    let src: Arc<str> = Arc::from(format!("a\n{line}\nb\n"));
    let at = src.find("错误").unwrap();
    let d = Diagnostic::error("a.md", &src, at..at + "错误".len(), "bad");
    let r = d.render();
    assert!(r.starts_with("a.md:2:200: error: bad\n"), "{r}");
    let (text, caret) = snippet(&r);
    assert!(width(text) <= SNIPPET_COLUMNS, "{text}");
    assert!(text.starts_with('…') && text.ends_with('…'), "{text}");
    let lead = caret.len() - caret.trim_start().len();
    assert_eq!(&caret[lead..], "^^^^");
    // The caret is under 错误, counting the wide characters before it.
    let under = text.find("错误").unwrap();
    assert_eq!(lead, column(text, under));
    assert_eq!(lead, 1 + CONTEXT_BEFORE);
}

#[test]
fn near_either_end_of_a_long_line_the_window_keeps_that_end() {
    let line = "x".repeat(10_000);
    let src: Arc<str> = Arc::from(line.as_str());
    let r = Diagnostic::error("a.md", &src, 3..5, "bad").render();
    let (text, caret) = snippet(&r);
    assert!(!text.starts_with('…') && text.ends_with('…'), "{text}");
    assert_eq!(width(text), SNIPPET_COLUMNS - 1);
    assert_eq!(caret, "   ^^");
    let end = src.len() - 1;
    let r = Diagnostic::error("a.md", &src, end..end + 1, "bad").render();
    let (text, caret) = snippet(&r);
    assert!(text.starts_with('…') && !text.ends_with('…'), "{text}");
    assert_eq!(width(text), SNIPPET_COLUMNS - 1);
    assert_eq!(caret.len(), SNIPPET_COLUMNS - 1);
    assert!(caret.ends_with(" ^"));
}

#[test]
fn a_span_longer_than_the_window_is_cut_with_it() {
    let src: Arc<str> = Arc::from("![".repeat(5_000) + &"](x.png)".repeat(5_000));
    let r = Diagnostic::error("a.md", &src, 0..src.len(), "bad").render();
    let (text, caret) = snippet(&r);
    assert_eq!(width(text), SNIPPET_COLUMNS - 1);
    assert_eq!(caret, "^".repeat(SNIPPET_COLUMNS - 2));
    assert!(r.len() < 600, "{}", r.len());
}

#[test]
fn lines_that_fit_are_shown_whole() {
    let line = "标".repeat(SNIPPET_COLUMNS / 2);
    let src: Arc<str> = Arc::from(line.as_str());
    let r = Diagnostic::error("a.md", &src, 3..6, "bad").render();
    let (text, _) = snippet(&r);
    assert_eq!(text, line);
}

#[test]
fn long_messages_and_hints_are_cut() {
    let src: Arc<str> = Arc::from("x\n");
    let d = Diagnostic::error("a.md", &src, 0..1, "m".repeat(5_000)).with_hint("h".repeat(5_000));
    let r = d.render();
    assert!(r.len() < 2 * MESSAGE_CHARS + 100, "{}", r.len());
    assert!(r.contains(&format!("{}…\n", "m".repeat(MESSAGE_CHARS))));
}

#[test]
fn a_line_index_locates_like_line_col() {
    let text = "第一行\n\n标题 = 1\r\nx\n".repeat(50);
    let mut index = LineIndex::new(&text);
    let offsets: Vec<usize> = (0..=text.len()).collect();
    for &o in &offsets {
        assert_eq!(index.line_col(o), line_col(&text, o), "at {o}");
    }
    // Backwards too (each lookup starts from its line start then).
    for &o in offsets.iter().rev() {
        assert_eq!(index.line_col(o), line_col(&text, o), "at {o}");
    }
}

#[test]
fn many_diagnostics_on_one_long_line_are_located_in_one_pass() {
    // 200,000 offsets on one line of 1.2 MB: counting each column from the line start
    // would be 10^11 steps; going on from the previous offset is one pass.
    let text = "标题x".repeat(200_000);
    let mut index = LineIndex::new(&text);
    for k in 0..200_000 {
        assert_eq!(index.line_col(k * 7), (1, 3 * k + 1));
    }
}

fn many(n: usize, path: &str, src: &Arc<str>) -> Vec<Diagnostic> {
    (0..n)
        .map(|i| Diagnostic::error(path, src, i..i + 1, format!("problem {i}")))
        .collect()
}

#[test]
fn printing_is_capped_per_file_and_in_all_with_true_counts() {
    let src: Arc<str> = Arc::from("x".repeat(20_000));
    let mut diags = Diagnostics::new();
    diags.extend(many(10_000, "b.md", &src));
    diags.push(Diagnostic::error("b.md", &src, 15_000..15_001, "late").warning());
    for f in 0..20 {
        diags.extend(many(30, &format!("c{f:02}.md"), &src));
    }
    diags.push(Diagnostic::file_error("a.md", "unreadable"));
    assert_eq!(diags.error_count(), 10_000 + 600 + 1);
    assert_eq!(diags.warning_count(), 1);
    assert_eq!(diags.summary(), "10601 errors, 1 warning");
    // Details are kept for the first of each file only.
    assert!(diags.items.len() <= 1 + PER_FILE + 20 * 30 + PRUNE_FROM);
    let r = diags.render();
    let headers = r.lines().filter(|l| l.contains(": error: ")).count();
    let warnings = r.lines().filter(|l| l.contains(": warning: ")).count();
    assert_eq!(headers + warnings, TOTAL);
    assert!(r.starts_with("a.md:1:1: error: unreadable\n"), "{r}");
    assert!(r.contains(
        "\n\n… and 9950 more errors and 1 more warning in b.md\n\nc00.md:1:1: error: problem 0\n"
    ));
    // 1 + 50 from a.md and b.md, then 14 files of 30 and 29 of the 15th.
    assert!(r.contains("c14.md:1:29: error: problem 28\n"), "{r}");
    assert!(!r.contains("c14.md:1:30:"));
    assert!(r.ends_with("\n\nc14.md:1:29: error: problem 28\n  |\n1 | xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…\n  |                             ^\n\n… and 10101 more errors and 1 more warning\n"), "{r}");
    // A caller may print fewer.
    let small = diags.render_with(Limits {
        per_file: 2,
        total: 3,
    });
    assert_eq!(small.lines().filter(|l| l.contains(": error: ")).count(), 3);
    // The total is reached inside b.md: one line counts the rest of every file.
    assert!(!small.contains("in b.md"), "{small}");
    assert!(
        small.ends_with("… and 10598 more errors and 1 more warning\n"),
        "{small}"
    );
}

#[test]
fn appended_collections_keep_their_counts_and_order() {
    let src: Arc<str> = Arc::from("x".repeat(10_000));
    let mut a = Diagnostics::new();
    a.extend(many(6_000, "p.md", &src));
    let mut b = Diagnostics::new();
    b.extend(many(6_000, "p.md", &src).into_iter().rev());
    a.append(b);
    assert_eq!(a.error_count(), 12_000);
    let sorted = a.sorted();
    assert_eq!(sorted[0].message, "problem 0");
    assert_eq!(sorted[1].message, "problem 0");
    assert_eq!(sorted[2].message, "problem 1");
    let r = a.render();
    assert!(r.ends_with("… and 11950 more errors in p.md\n"), "{r}");
}

#[test]
fn streaming_prints_what_render_returns() {
    let src: Arc<str> = Arc::from("x\ny\n");
    let mut diags = Diagnostics::new();
    diags.extend(many(3, "p.md", &src));
    let mut out = Vec::new();
    diags.write(&mut out, Limits::default()).unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), diags.render());
    assert!(!diags.render().contains("more"));
}

#[test]
fn did_you_mean_finds_typos_only() {
    let keys = ["title", "weight", "draft"];
    assert_eq!(did_you_mean("titel", &keys), Some("title"));
    assert_eq!(did_you_mean("zzzz", &keys), None);
    let long = "x".repeat(100_000);
    assert_eq!(did_you_mean(&long, &[long.as_str()]), None);
}
