//! The GIFT text formats, against worked examples.

use super::html::{answer, convert, entities, escape, Format};
use super::*;

fn md(s: &str) -> String {
    let c = convert(s, Format::Html, false);
    assert!(c.unknown.is_empty(), "{:?}", c.unknown);
    c.text
}

#[test]
fn the_common_tags_become_markdown() {
    assert_eq!(md("<p>甲</p><p>乙</p>"), "甲\n\n乙");
    assert_eq!(md("一<br>二<br/>三<BR />四"), "一\n二\n三\n四");
    assert_eq!(
        md("<b>粗</b>、<strong>粗</strong>、<i>斜</i>、<em>斜</em>"),
        "**粗**、**粗**、*斜*、*斜*"
    );
    assert_eq!(md("<b>bold </b>text"), "**bold** text");
    assert_eq!(md("run <code>a*b_c</code> now"), "run `a*b_c` now");
    assert_eq!(
        md(r#"see <a href="https://example.com/a?b=1&amp;c=2">the page</a>."#),
        "see [the page](https://example.com/a?b=1&c=2)."
    );
    assert_eq!(md("<a href='x y.html'>x</a>"), "[x](<x y.html>)");
    assert_eq!(md("<a name=top>top</a>"), "top");
    assert_eq!(md("<p>Steps:</p><ol><li>ask</li><li>listen</li></ol><ul><li>a<ul><li>b</li></ul></li></ul>"), "Steps:\n\n1. ask\n2. listen\n\n- a\n  - b");
}

#[test]
fn one_line_texts_keep_their_words_in_order() {
    let c = convert(
        "<p>Which are costs?</p><ul><li>money</li><li>time</li></ul>",
        Format::Html,
        true,
    );
    assert_eq!(c.text, "Which are costs? money; time");
    let c = convert("第一行<br>第二行", Format::Html, true);
    assert_eq!(c.text, "第一行 第二行");
    let c = convert("<ol><li>甲</li><li>乙</li></ol>", Format::Html, true);
    assert_eq!(c.text, "1. 甲; 2. 乙");
}

#[test]
fn entities_are_decoded_and_markdown_characters_escaped() {
    assert_eq!(
        entities("a&amp;b &lt;c&gt; &quot;d&quot; &#233;&#xE9; &nbsp;x &hellip; &bogus; & y"),
        "a&b <c> \"d\" éé  x … &bogus; & y"
    );
    assert_eq!(md("2*3 = 6 &lt;b&gt; [x] a_b"), r"2\*3 = 6 \<b> \[x\] a\_b");
    assert_eq!(md("a < b"), r"a \< b");
    assert_eq!(escape(r"a\b"), r"a\\b");
}

#[test]
fn other_tags_are_kept_as_text_and_named() {
    let c = convert(
        r#"<span style="color:red">红</span> <img src="a.png"> <b>b</b>"#,
        Format::Html,
        true,
    );
    assert_eq!(
        c.text,
        r#"\<span style="color:red">红\</span> \<img src="a.png"> **b**"#
    );
    assert_eq!(c.unknown, ["span", "img"]);
}

#[test]
fn plain_is_escaped_markdown_is_kept_and_typed_answers_are_never_escaped() {
    assert_eq!(convert("*a* <b>", Format::Plain, true).text, r"\*a\* \<b>");
    assert_eq!(convert("*a* <b>", Format::Markdown, true).text, "*a* <b>");
    let a = answer("R&amp;D *", Format::Html);
    assert_eq!((a.text.as_str(), a.unknown.len()), ("R&D *", 0));
    assert_eq!(answer("<b>x</b>", Format::Html).unknown, ["b"]);
    assert_eq!(answer("a&amp;b", Format::Plain).text, "a&amp;b");
}

#[test]
fn an_html_question_imports_as_markdown_with_a_warning_for_what_stays_text() {
    let text = "::h:: [html] <p>What does <b>MAN</b> mean?</p> {\n=<i>Money</i>, authority, need#<p>Right.</p><p>See <a href\\=\"https://example.com\">the card</a>.</p>\n~<span>Man</span>#No.\n####<ul><li>M: money</li><li>A: authority</li></ul>}\n";
    let got = import(text, false);
    assert!(got.errors.is_empty(), "{:?}", got.errors);
    let q = &got.quiz.questions[0];
    assert_eq!(q.text, "What does **MAN** mean?");
    assert_eq!(q.choices[0].text, "*Money*, authority, need");
    assert_eq!(
        q.choices[0].feedback,
        "Right.\n\nSee [the card](https://example.com)."
    );
    assert_eq!(q.choices[1].text, r"\<span>Man\</span>");
    assert_eq!(q.explanation, "- M: money\n- A: authority");
    assert_eq!(got.warnings.len(), 1);
    let w = &got.warnings[0];
    assert_eq!(w.message, "HTML kept as text: `<span>`");
    assert_eq!(&text[w.span.clone()], "<span>");
}

#[test]
fn feedback_in_a_missing_word_blank_is_named_in_a_warning() {
    let text = "The customer {=pushes#Right. ~likes#No: they push.} for a lower price.";
    let got = import(text, false);
    assert!(got.errors.is_empty(), "{:?}", got.errors);
    assert_eq!(
        got.quiz.questions[0].text,
        "The customer [[[x] pushes|[ ] likes]] for a lower price."
    );
    assert_eq!(got.warnings.len(), 1);
    let w = &got.warnings[0];
    assert_eq!(
        w.message,
        "feedback dropped: a blank in a sentence has no place for per-answer feedback: `pushes` #Right., `likes` #No: they push."
    );
    assert_eq!(&text[w.span.clone()], "=pushes#Right. ");
    // Without feedback, no warning.
    assert!(
        import("The customer {=pushes ~likes} for a lower price.", false)
            .warnings
            .is_empty()
    );
}

#[test]
fn an_escaped_newline_is_a_line_break_and_other_white_space_folds() {
    let got = import(
        "Q  one\\ntwo {=a#first\\n  second  line ~b\n####x\\n\\ny}",
        false,
    );
    let q = &got.quiz.questions[0];
    assert_eq!(q.text, "Q one\ntwo");
    assert_eq!(q.choices[0].feedback, "first\nsecond line");
    assert_eq!(q.explanation, "x\n\ny");
    // The Markdown keeps a question on one line, feedback and explanation on several.
    assert_eq!(
        crate::quiz::to_markdown(&got.quiz),
        "? Q one two\n- [x] a\n  > first\n  > second line\n- [ ] b\n= x\n= y\n"
    );
}
