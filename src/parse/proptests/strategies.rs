//! Generators for the property tests: structured, near-valid inputs (front matter,
//! component blocks, quiz bodies, GIFT banks) built from the pieces the parsers care
//! about, with the mistakes authors make mixed in (unclosed blocks and marks, bad
//! values, stray markers, full-width punctuation, CRLF, injection payloads).

use proptest::prelude::*;

/// Text that quiz, GIFT and page authors write, including markup that must stay text.
pub fn words() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "顾客让渡价值",
        "价格<成本 & 利润>0",
        "写 &lt;b&gt;",
        "&amp;lt;",
        "**粗体**",
        "`code <b>`",
        "[页面](../part/)",
        "[x](javascript:alert(1))",
        "<javascript:alert(1)>",
        "![p](javascript:alert(1))",
        "<script>alert(1)</script>",
        "</script><script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "\"><svg onload=alert(1)>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<!-- c -->",
        "{#id .c onclick=alert(1)}",
        "# 标题",
        "- 项",
        "？",
        "｛注意｝",
        "✔",
        "a",
        "1",
        " ",
        "\t",
        "é",
        "\u{200b}",
        "\u{feff}",
    ]);
    prop::collection::vec(pieces, 1..6).prop_map(|v| v.concat())
}

/// Text that may hold any character (for values and free lines).
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => words(),
        1 => "[^\n]{0,12}",
    ]
}

/// One `key = value` line of front matter, mostly right, sometimes not.
fn front_matter_line() -> impl Strategy<Value = String> {
    // Every key the front matter knows, a misspelling, a table header and nothing.
    let key = prop::sample::select(
        crate::parse::front_matter::KEYS
            .iter()
            .copied()
            .chain(["titel", "[extra]", ""])
            .collect::<Vec<_>>(),
    );
    let value = prop_oneof![
        any_text().prop_map(|s| format!("{s:?}")),
        any_text().prop_map(|s| format!("\"{s}")),
        any::<i64>().prop_map(|n| n.to_string()),
        Just("-1".to_string()),
        Just("1e999".to_string()),
        Just("true".to_string()),
        Just("[\"目标一\", \"目标二\"]".to_string()),
        Just("[1, \"x\"]".to_string()),
        Just("{ a = 1 }".to_string()),
        Just("\"\"\"\n多行\n\"\"\"".to_string()),
        Just(String::new()),
    ];
    (key, value).prop_map(|(k, v)| format!("{k} = {v}"))
}

/// A front matter block (sometimes unclosed or missing its title) and a body.
pub fn front_matter() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(front_matter_line(), 0..6),
        any::<bool>(),
        any::<bool>(),
        words(),
    )
        .prop_map(|(lines, title, close, body)| {
            let mut s = String::from("+++\n");
            if title {
                s.push_str("title = \"标题\"\n");
            }
            for l in lines {
                s.push_str(&l);
                s.push('\n');
            }
            if close {
                s.push_str("+++\n");
            }
            s.push_str(&body);
            s
        })
}

/// A component attribute: a known name (or a typo) with a value in any of the forms.
fn attribute() -> impl Strategy<Value = String> {
    let name = prop::sample::select(vec![
        "id",
        "title",
        "shuffle",
        "draw",
        "src",
        "kind",
        "money",
        "authority",
        "need",
        "present-at",
        "absent-at",
        "show",
        "retention",
        "tittle",
        "ID",
        "中",
    ]);
    let value = prop_oneof![
        prop::sample::select(vec![
            "yes",
            "no",
            "unknown",
            "tip",
            "warning",
            "true",
            "false",
            "delivered,lifetime",
            "120",
            "-5",
            "NaN",
            "q-1",
            "bank.gift",
            "../bank.gift",
            "Bad Id",
        ])
        .prop_map(str::to_string),
        any_text(),
    ];
    (name, value, 0..4u8).prop_map(|(n, v, form)| match form {
        0 => format!("{n}=\"{v}\""),
        1 => format!("{n}={}", v.replace(' ', "")),
        2 => n.to_string(),
        _ => format!("{n}=\"{v}"),
    })
}

/// Component blocks, nested and sometimes unclosed, around page text and quiz bodies.
pub fn components() -> impl Strategy<Value = String> {
    let name = prop::sample::select(vec![
        "note",
        "quiz",
        "man-scorer",
        "value-calculator",
        "loyalty-checklist",
        "note-",
        "Quiz",
        "",
    ]);
    let leaf = (
        name,
        prop::collection::vec(attribute(), 0..4),
        prop_oneof![quiz_body(), words(), Just(String::new())],
        0..5u8,
    )
        .prop_map(|(n, attrs, body, close)| {
            let colons = if close == 4 { "::::" } else { ":::" };
            let mut s = format!("{colons} {n} {}\n{body}\n", attrs.join(" "));
            match close {
                0 => {}
                1 => s.push_str("```\n:::\n"),
                _ => {
                    s.push_str(colons);
                    s.push('\n');
                }
            }
            s
        });
    leaf.prop_recursive(3, 12, 3, |inner| {
        (prop::collection::vec(inner, 1..3), attribute())
            .prop_map(|(kids, a)| format!("::: note {a}\n段落。\n\n{}\n:::\n", kids.join("\n")))
    })
}

/// Quiz bodies that are mostly valid: questions with flags, marked options, feedback,
/// explanations, continuation lines, and now and then a broken or stray line.
pub fn quiz_body() -> impl Strategy<Value = String> {
    let flag = prop::sample::select(vec![
        "multiple",
        "truefalse",
        "single",
        "shuffle",
        "points=2",
        "points=0",
        "points=1e400",
        "id=q-a",
        "id=q-a",
        "id=中",
        "bogus",
        "",
    ]);
    let question = (words(), prop::collection::vec(flag, 0..3), any::<bool>()).prop_map(
        |(t, flags, braces)| {
            if braces {
                format!("? {t} {{{}}}", flags.join(" "))
            } else {
                format!("? {t}")
            }
        },
    );
    let mark = prop::sample::select(vec![
        "[x]", "[X]", "[ ]", "[]", "[50%]", "[-100%]", "[150%]", "[y]", "[", "[33.3%]",
    ]);
    let option = (mark, words()).prop_map(|(m, t)| format!("- {m} {t}"));
    let line = prop_oneof![
        6 => option,
        3 => words().prop_map(|t| format!("  > {t}")),
        2 => words().prop_map(|t| format!("= {t}")),
        1 => words(),
        1 => Just(String::new()),
        1 => Just("?".to_string()),
        1 => Just("- [x]".to_string()),
        1 => Just("\r".to_string()),
    ];
    let block = (question, prop::collection::vec(line, 0..7)).prop_map(|(q, lines)| {
        let mut s = q;
        for l in lines {
            s.push('\n');
            s.push_str(&l);
        }
        s
    });
    prop::collection::vec(block, 0..4).prop_map(|v| v.join("\n\n"))
}

/// GIFT banks that are mostly valid: titled questions with format prefixes, answer
/// blocks with right, wrong, weighted and true/false answers, feedback, escapes, and
/// the odd unclosed block or unsupported question type.
pub fn gift_bank() -> impl Strategy<Value = String> {
    let answer = (
        prop::sample::select(vec![
            "=",
            "~",
            "~%50%",
            "~%-100%",
            "=%100%",
            "~%33.33333%",
            "~%abc%",
            "=%",
        ]),
        gift_words(),
        prop::option::of(gift_words()),
    )
        .prop_map(|(m, t, fb)| match fb {
            Some(f) => format!("{m}{t} #{f}"),
            None => format!("{m}{t}"),
        });
    let block = prop_oneof![
        4 => (prop::collection::vec(answer, 0..5), prop::option::of(gift_words()))
            .prop_map(|(a, ex)| format!("{{\n  {}\n{}}}", a.join("\n  "), ex.map(|e| format!("  ####{e}\n")).unwrap_or_default())),
        1 => prop::sample::select(vec!["{T}", "{F}", "{TRUE#不对#对}", "{FALSE}", "{#3:1}", "{}", "{=a -> b}", "{", "}"]).prop_map(str::to_string),
    ];
    let question = (
        prop::option::of(prop::sample::select(vec!["Q1", "价格", "a b", "", ":"])),
        prop::sample::select(vec!["", "[html]", "[markdown]", "[plain]", "[moodle]"]),
        gift_words(),
        block,
        prop::option::of(gift_words()),
    )
        .prop_map(|(title, fmt, text, block, after)| {
            let title = title.map(|t| format!("::{t}::")).unwrap_or_default();
            let after = after.map(|a| format!(" {a}")).unwrap_or_default();
            format!("{title}{fmt}{text} {block}{after}")
        });
    let item = prop_oneof![
        8 => question,
        1 => Just("// 注释".to_string()),
        1 => Just("$CATEGORY: 价值".to_string()),
        1 => gift_words(),
    ];
    prop::collection::vec(item, 0..5).prop_map(|v| v.join("\n\n"))
}

/// Text for GIFT, with its escapes and special characters.
fn gift_words() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "顾客价值",
        "<b>粗</b>",
        "<script>alert(1)</script>",
        "<img src\\=x onerror\\=alert(1)>",
        "\\=",
        "\\~",
        "\\#",
        "\\{",
        "\\}",
        "\\:",
        "\\n",
        "\\\\",
        "\\",
        "#",
        ":",
        "%",
        "a",
        " ",
        "\n",
        "？",
    ]);
    prop::collection::vec(pieces, 1..5).prop_map(|v| v.concat())
}

/// Quiz text that is valid on its own line: [`words`] and a final word, so the line never
/// ends in `{…}` (which would be read as flags) and is never blank.
fn line_text() -> impl Strategy<Value = String> {
    words().prop_map(|w| format!("{w} 问"))
}

/// Valid quiz bodies (every question with the right number of right options) whose
/// texts hold markup and injection payloads: these get through to rendering.
pub fn valid_quiz() -> impl Strategy<Value = String> {
    let question = (
        0..3u8,
        line_text(),
        prop::collection::vec((line_text(), prop::option::of(line_text())), 1..4),
        prop::option::of(line_text()),
        any::<bool>(),
    )
        .prop_map(|(kind, text, wrong, explanation, shuffle)| {
            let flags = match (kind, shuffle) {
                (0, false) => String::new(),
                (0, true) => " {shuffle}".to_string(),
                (1, _) => " {multiple points=2}".to_string(),
                _ => " {truefalse}".to_string(),
            };
            let mut s = format!("? {text}{flags}\n- [x] {}\n", wrong[0].0);
            let others = if kind == 2 { &wrong[..1] } else { &wrong[..] };
            for (t, fb) in others {
                s.push_str(&format!("- [ ] {t}\n"));
                if let Some(f) = fb {
                    s.push_str(&format!("  > {f}\n"));
                }
            }
            if let Some(e) = explanation {
                s.push_str(&format!("= {e}\n"));
            }
            s
        });
    prop::collection::vec(question, 1..4).prop_map(|v| v.join("\n"))
}

/// Valid GIFT banks in the `[html]` format with payloads in every text.
pub fn valid_gift() -> impl Strategy<Value = String> {
    let text = prop::collection::vec(
        prop::sample::select(vec![
            "顾客价值",
            "<b>粗</b>",
            "<script>alert(1)</script>",
            "<img src\\=x onerror\\=alert(1)>",
            "\"><svg onload\\=alert(1)>",
            "\\{",
            "\\}",
            "\\#",
            "\\~",
            "\\:",
            "a",
        ]),
        1..4,
    )
    .prop_map(|v| format!("{} 问", v.concat()));
    let question = (text.clone(), text.clone(), text.clone(), text.clone(), text).prop_map(
        |(q, right, wrong, fb, ex)| {
            format!("[html]{q} {{\n  ={right}\n  ~{wrong} #{fb}\n  ####{ex}\n}}")
        },
    );
    prop::collection::vec(question, 1..3).prop_map(|v| v.join("\n\n"))
}

/// Valid components around page text without raw HTML.
pub fn valid_components() -> impl Strategy<Value = String> {
    let one = prop_oneof![
        words().prop_map(|w| format!("::: note kind=tip\n{}\n:::\n", page_text(&w))),
        Just("::: man-scorer\n:::\n".to_string()),
        Just("::: value-calculator\n:::\n".to_string()),
        Just("::: loyalty-checklist\n:::\n".to_string()),
        words().prop_map(|w| format!("## {} 节\n", page_text(&w))),
    ];
    prop::collection::vec(one, 0..4).prop_map(|v| v.join("\n"))
}

/// [`words`] made fit for page text in a one-page playbook: no raw HTML and no
/// `javascript:` URL (both errors in page text, see `media::safety`) and no link to a page
/// that does not exist.
pub fn page_text(w: &str) -> String {
    w.replace('<', "")
        .replace("javascript:", "https:")
        .replace("(../part/)", "(https://example.com/)")
}
