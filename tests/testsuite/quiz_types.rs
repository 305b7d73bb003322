//! Issue 14, item 1: the question types beyond choices (fixture `quiz-types` over
//! `minimal`): their worksheet markup, their answer key, and grading in a real browser.

use crate::browser::{run_script_with, serve_dir};
use crate::helpers::Fixture;

fn built() -> Fixture {
    let f = Fixture::new("minimal");
    f.overlay("quiz-types");
    f.build_ok(&[]);
    f
}

#[test]
fn every_question_type_prints_a_worksheet_and_an_answer_key() {
    let f = built();
    let page = f.out("en/part/page/index.html");
    // A description is text between questions, not a numbered question.
    assert!(page.contains(
        "<div class=\"quiz-description\" data-q=\"q1\"><p>The next two questions use one case"
    ));
    assert!(page.contains("<span class=\"q-number\">1.</span> What is the price after 15% off?"));
    // Numeric: a labelled field with its unit and the message beside it.
    assert!(page.contains("<label for=\"quiz-types-q2-a0\">Answer (a number)</label> <input type=\"text\" id=\"quiz-types-q2-a0\" data-answer data-group=\"0\" inputmode=\"decimal\" autocomplete=\"off\" spellcheck=\"false\" aria-describedby=\"quiz-types-q2-m0\"> <span class=\"q-unit\">yuan</span> <span class=\"q-msg\" id=\"quiz-types-q2-m0\" data-role=\"msg\" aria-live=\"polite\"></span>"));
    assert!(page.contains("data-key=\"numeric;2;100,50,0;n~yuan~850:850~800:900\""));
    // Matching: the right column is printed lettered, never in the written order.
    let right = page
        .split("<ol class=\"q-match-right\" type=\"A\" aria-label=\"Right column\">")
        .nth(1)
        .and_then(|s| s.split("</ol>").next())
        .expect("the right column");
    let written = "<li>everything the customer gains</li><li>everything the customer gives up</li><li>the difference of the two</li><li>the product's production cost</li>";
    assert_ne!(right, written);
    for item in written.split("</li>").filter(|s| !s.is_empty()) {
        assert!(right.contains(item), "{item}");
    }
    assert_eq!(
        page.matches("<select id=\"quiz-types-q4-a").count(),
        3,
        "one per left item"
    );
    // Ordering: one position field per item, items not in the right order.
    assert_eq!(page.matches("aria-label=\"Position: ").count(), 4);
    let first = page.find(">Approach the customer</label>").unwrap();
    let second = page.find(">Find out the needs</label>").unwrap();
    let third = page.find(">Present the product</label>").unwrap();
    let fourth = page.find(">Close the sale</label>").unwrap();
    assert!(!(first < second && second < third && third < fourth));
    // Blanks: numbered gaps in the text, a field per gap.
    assert!(page.contains("Delivered value = <span class=\"q-gap\">（1）＿＿＿＿</span> − <span class=\"q-gap\">（2）＿＿＿＿</span>."));
    assert!(page.contains("aria-label=\"Blank 1\""));
    assert!(page.contains(
        "<select id=\"quiz-types-q6-a1\" data-answer data-group=\"1\" aria-label=\"Blank 2\">"
    ));
    // The answer key.
    let key = f.out("en/answer-key/index.html");
    for line in [
        "<li class=\"right\">✔ <strong>Right:</strong> 850 yuan</li><li>◐ <strong>Partly right:</strong> 800..900 yuan (50% credit)</li>",
        "<li class=\"right\">✔ <strong>Right:</strong> customer * cost</li>",
        "<li class=\"right\">Total customer value → everything the customer gains</li>",
        "<ol class=\"right\"><li>Approach the customer</li><li>Find out the needs</li><li>Present the product</li><li>Close the sale</li></ol>",
        "Delivered value = <strong class=\"q-gap\">total customer value</strong> − <strong class=\"q-gap\">total customer cost</strong>.",
        "<li class=\"right\">（2）total customer cost</li>",
    ] {
        assert!(key.contains(line), "answer key lacks {line}");
    }
    assert!(
        !key.contains("The next two questions"),
        "descriptions are not in the key"
    );
    let zh = f.out("answer-key/index.html");
    assert!(zh.contains("◐ <strong>部分得分：</strong>800..900 元（得 50% 分）"));
}

/// Each type answered right, partly and wrong; a numeric answer that is not a number;
/// retry wrong; reload. Phone screenshots go to a temporary folder, printed at the end.
#[test]
fn every_question_type_is_graded_in_a_real_browser() {
    let f = built();
    let base = serve_dir(f.root().join("public"));
    let shots = std::env::temp_dir().join(format!(
        "playbook-quiz-types-390x844-{}",
        std::process::id()
    ));
    run_script_with("quiz_types.mjs", &base, &[shots.to_str().unwrap()]);
    println!("screenshots: {}", shots.display());
}
