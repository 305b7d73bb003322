//! Property tests: no input panics the front matter, component or quiz parsers, and every
//! diagnostic they produce points inside the file and renders.

use std::sync::Arc;

use proptest::prelude::*;

use crate::config;
use crate::load::Source;

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

fn check_one(text: String) {
    let config = config::parse(
        "playbook.toml",
        "title = \"T\"\n[languages.en]\ntitle = \"E\"\n",
    )
    .unwrap();
    let text: Arc<str> = Arc::from(text.replace("\r\n", "\n"));
    let source = Source {
        path: "content/a.md".into(),
        content_path: "a.md".into(),
        text: Arc::clone(&text),
    };
    let (_, diags) = super::parse_one(&source, &config, &Default::default());
    for d in diags {
        assert!(
            d.span.start <= text.len() && d.span.end <= text.len(),
            "{d:?}"
        );
        let r = d.render();
        assert!(r.starts_with("content/a.md:"), "{r}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, .. ProptestConfig::default() })]

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
    fn quiz_bodies_never_panic(body in syntaxy()) {
        let _ = playbook_kit::quiz::parse(&body);
        check_one(format!("+++\ntitle = \"t\"\n+++\n::: quiz id=\"q\"\n{body}\n:::\n"));
    }
}
