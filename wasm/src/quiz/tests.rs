use super::*;

#[test]
fn lines_that_look_like_options_are_errors_with_the_fix() {
    let cases = [
        ("-[x] 甲", "- [x] 甲", "space between `-` and `[`"),
        ("* [x] 甲", "- [x] 甲", "not `* `"),
        ("+ [ ] 乙", "- [ ] 乙", "not `+ `"),
        ("【x】甲", "- [x] 甲", "starts with `- `"),
        ("- 【x】 甲", "- [x] 甲", "not `【】`"),
        ("- ［ ］ 乙", "- [ ] 乙", "not `［］`"),
        ("-【50％】 甲", "- [50%] 甲", "not `【】`"),
        ("[x] 甲", "- [x] 甲", "starts with `- `"),
        ("？ 问题 {multiple}", "? 问题 {multiple}", "full-width `？`"),
    ];
    for (line, fixed, what) in cases {
        let body = format!("? 问题\n{line}\n- [x] 对\n- [ ] 错\n");
        let errs = parse(&body).unwrap_err();
        assert_eq!(errs.len(), 1, "{line}: {errs:?}");
        assert!(
            errs[0].message.contains(what),
            "{line}: {}",
            errs[0].message
        );
        assert_eq!(errs[0].hint, format!("write it `{fixed}`"), "{line}");
        assert_eq!(&body[errs[0].span.clone()], line);
    }
    // Text that only starts with brackets, and valid options, are not touched.
    for ok in ["[注] 这是题干的一部分", "【注意】题干", "- [x] 对"] {
        assert_eq!(lookalike(ok), None, "{ok}");
    }
}

#[test]
fn full_width_flag_braces_are_errors_with_the_fix() {
    let errs = parse("? 哪些对？ ｛multiple｝\n- [x] 甲\n- [x] 乙\n").unwrap_err();
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(errs[0].hint, "write it `? 哪些对？ {multiple}`");
}

pub(super) const SAMPLE: &str = "? 顾客让渡价值等于什么？\n- [x] 总价值减总成本\n  > 对。\n- [ ] 价格减成本\n  > 不对：这是毛利。\n= 科特勒的定义。\n\n? 哪些属于总成本？ {multiple points=2}\n- [x] 货币成本\n- [x] 时间成本\n- [ ] 形象价值\n  > 属于总价值。\n- [ ] 产品价值\n\n? 维系老客户比开发新客户更贵。 {truefalse}\n- [ ] 对\n- [x] 错\n";

#[test]
fn parses_the_sample() {
    let q = parse(SAMPLE).unwrap();
    assert_eq!(q.questions.len(), 3);
    let q1 = &q.questions[0];
    assert_eq!(q1.kind, Kind::Single);
    assert_eq!(q1.text, "顾客让渡价值等于什么？");
    assert_eq!(q1.choices[1].feedback, "不对：这是毛利。");
    assert_eq!(q1.explanation, "科特勒的定义。");
    assert_eq!(q.questions[1].kind, Kind::Multiple);
    assert_eq!(q.questions[1].points, 2.0);
    assert_eq!(q.questions[1].id, "q2");
    assert_eq!(q.questions[2].kind, Kind::TrueFalse);
    assert_eq!(q.questions[2].right(), vec![1]);
}

#[test]
fn full_width_punctuation_is_text() {
    let q = parse("? 下列说法正确吗？｛注意｝：是的\n- [x] 对\n- [ ] 错\n").unwrap();
    assert_eq!(q.questions[0].text, "下列说法正确吗？｛注意｝：是的");
    assert_eq!(q.questions[0].kind, Kind::Single);
}

fn errs(body: &str) -> Vec<String> {
    parse(body)
        .unwrap_err()
        .into_iter()
        .map(|e| format!("{}@{}", e.message, e.span.start))
        .collect()
}

#[test]
fn each_invalid_case_is_reported_with_its_position() {
    assert_eq!(
        errs("? q\n- [ ] a\n- [ ] b\n"),
        ["single-choice question has no right answer@0"]
    );
    assert_eq!(
        errs("? q\n- [x] a\n- [x] b\n"),
        ["single-choice question has 2 right answers@0"]
    );
    assert_eq!(errs("? q\n- [x]\n- [ ] b\n"), ["empty option@4"]);
    assert_eq!(
        errs("? a {id=x}\n- [x] a\n? b {id=x}\n- [x] b\n"),
        ["duplicate question id `x`@19"]
    );
    assert_eq!(
        errs("? q {multiple}\n- [50%] a\n- [20%] b\n"),
        ["the right options' weights add up to 70%, not 100%@0"]
    );
    assert_eq!(
        errs("> hi\n? q\n- [x] a\n"),
        ["feedback attached to nothing@0"]
    );
    assert_eq!(
        errs("? q\n> hi\n- [x] a\n"),
        ["feedback attached to nothing@4"]
    );
    assert_eq!(
        errs("= why\n? q\n- [x] a\n"),
        ["explanation attached to nothing@0"]
    );
    assert_eq!(
        errs("? q {truefalse}\n- [x] a\n"),
        ["a true/false question needs exactly 2 options, found 1@0"]
    );
    assert_eq!(
        errs("? q {bogus}\n- [x] a\n"),
        ["unknown question flag `bogus`@5"]
    );
    assert_eq!(errs("? q\n- [y] a\n"), ["invalid option mark `[y]`@4"]);
    assert_eq!(errs("? q\n"), ["question has no options@0"]);
    assert_eq!(errs(""), ["quiz has no questions@0"]);
    assert_eq!(
        errs("? q\n- [x] a\nstray\n"),
        ["unexpected line in a quiz@12"]
    );
    assert_eq!(
        errs("? q {multiple}\n- [ ] a\n"),
        ["multiple-choice question has no right answer@0"]
    );
}

#[test]
fn question_text_may_continue_on_the_next_line() {
    let q = parse("? 第一行\n第二行\n- [x] a\n").unwrap();
    assert_eq!(q.questions[0].text, "第一行 第二行");
}
