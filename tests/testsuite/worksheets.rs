//! Issue 12, item 5: widgets start neutral on the page, keep their presets there, and
//! print as truly blank worksheets in the handouts (`print/`): no answer checked, no
//! number in a field, lines where the results go.

use crate::helpers::Fixture;

const PAGE: &str = r#"+++
title = "Presets"
weight = 3
+++

## Tools {#tools}

::: man-scorer money="yes" authority="no" need="yes"
:::

::: value-calculator show="lifetime" margin="10000" retention="80%" discount="10" years="5" acquisition-cost="5000" currency="元"
:::

::: value-calculator show="delivered" ours-product="80" ours-service="30" ours-personnel="20" ours-image="10" ours-money="90" ours-time="10" ours-mental="5" ours-physical="5" theirs-product="70" theirs-service="20" theirs-personnel="15" theirs-image="15" theirs-money="80" theirs-time="15" theirs-mental="10" theirs-physical="5"
:::

::: loyalty-checklist
:::
"#;

#[test]
fn presets_show_on_the_page_and_the_handout_prints_blank_worksheets() {
    let f = Fixture::new("widgets");
    f.write("content/part/presets.md", PAGE);
    f.build_ok(&[]);
    let page = f.out("part/presets/index.html");
    // The page: presets checked and computed, amounts with the chapter's unit; the
    // course's worked example (content/value/lifetime-value.md): 16,241 元 rounded to the yuan.
    assert!(page.contains("value=\"yes\" checked"));
    assert!(page.contains("data-verdict=\"approachable\""));
    assert!(page.contains("<tr data-combination=\"M+a+N\" class=\"current\">"));
    assert!(
        page.contains("<strong data-out=\"clv\">16,240.97 元</strong>"),
        "the worked example with its unit"
    );
    assert!(
        page.contains("data-level=\"none\""),
        "loyalty starts neutral"
    );
    // The handout of the part: the same widgets, blank.
    let print = f.out("part/print/index.html");
    let start = print
        .find("Presets")
        .expect("the chapter is in the handout");
    let chapter = &print[start..];
    assert!(
        !chapter.contains(" checked"),
        "no answer is checked in print"
    );
    assert!(
        !chapter.contains("value=\"10000\""),
        "no preset number in print"
    );
    assert!(!chapter.contains("data-out=\"clv\""), "no result in print");
    assert!(
        !chapter.contains("class=\"current\""),
        "no table row marked in print"
    );
    assert!(!chapter.contains("data-verdict=\"approachable\""));
    assert!(chapter.matches("class=\"fill-in\"").count() >= 4 + 2 + 20 + 3);
    // A chapter without presets starts neutral on the page.
    let tools = f.out("en/part/tools/index.html");
    assert!(tools.contains("data-verdict=\"none\""));
    assert!(!tools.contains(" checked"));
    assert!(tools.contains("Fill in the numbers above to see the result."));
}
