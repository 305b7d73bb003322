//! Worked examples of the newer question types: parsing, the answer space, grading from
//! the question and from the page's key, and every malformed question's error.

use super::types::{fold, interval, matches, number, Interval};
use super::*;

/// Grades typed responses through the page key, as the browser does; also checks that
/// the question itself grades the resolved indices the same.
fn answer(q: &Question, responses: &[&str]) -> Result<(Vec<usize>, f64), Vec<usize>> {
    let k = key(q);
    let sel = resolve_key(&k, &responses.join("\u{1f}")).expect("well-formed key")?;
    let (f, earned, possible) = grade_key(&k, &sel).expect("well-formed key");
    assert_eq!(f, grade(q, &sel), "key and question grade alike: {k}");
    assert_eq!((earned, possible), (f * q.points, q.points));
    Ok((sel, f))
}

fn one(body: &str) -> Question {
    let quiz = parse(body).unwrap_or_else(|e| panic!("{body}: {e:?}"));
    quiz.questions.into_iter().next().unwrap()
}

fn errors(body: &str) -> Vec<(String, String, String)> {
    parse(body)
        .unwrap_err()
        .into_iter()
        .map(|e| (body[e.span.clone()].to_string(), e.message, e.hint))
        .collect()
}

#[test]
fn numbers_as_people_type_them() {
    assert_eq!(number("１，２００．５"), Some(1200.5));
    assert_eq!(number("1,200"), Some(1200.0));
    assert_eq!(number("－３"), Some(-3.0));
    for bad in ["", "abc", "1.2.3", "inf", "NaN", "十二", "--"] {
        assert_eq!(number(bad), None, "{bad}");
    }
    assert_eq!(
        interval("850 ± 5"),
        Ok(Interval {
            lo: 845.0,
            hi: 855.0
        })
    );
    assert_eq!(interval("3.14 +- 0.01").map(|i| i.hi), Ok(3.15));
    assert_eq!(
        interval("840..860"),
        Ok(Interval {
            lo: 840.0,
            hi: 860.0
        })
    );
    assert_eq!(
        interval("１，０００"),
        Ok(Interval {
            lo: 1000.0,
            hi: 1000.0
        })
    );
}

const NUMERIC: &str = "? 报价 1000 元打八五折，成交价是多少？ {numeric unit=元 points=2}\n- [x] 850\n- [50%] 800..900\n  > 接近了，再算一遍折扣。\n- [ ] 1150\n  > 这是加价，不是折扣。\n";

#[test]
fn numeric_with_unit_ranges_and_partial_credit() {
    let q = one(NUMERIC);
    assert_eq!(q.kind, Kind::Numeric);
    assert_eq!(q.points, 2.0);
    assert_eq!(q.options(), 4, "three answers and `other`");
    assert_eq!(answer(&q, &["850"]), Ok((vec![0], 1.0)));
    assert_eq!(
        answer(&q, &["８５０元"]),
        Ok((vec![0], 1.0)),
        "full width, unit"
    );
    assert_eq!(answer(&q, &["850 元"]), Ok((vec![0], 1.0)));
    assert_eq!(answer(&q, &["820"]), Ok((vec![1], 0.5)));
    assert_eq!(answer(&q, &["1，150"]), Ok((vec![2], 0.0)));
    assert_eq!(
        answer(&q, &["42"]),
        Ok((vec![3], 0.0)),
        "answered, matching nothing"
    );
    assert_eq!(answer(&q, &[""]), Ok((vec![], 0.0)), "no answer");
    assert_eq!(answer(&q, &["八百五"]), Err(vec![0]), "not a number");
    assert_eq!(answer(&q, &["850 美元"]), Err(vec![0]), "another unit");
    assert_eq!(q.right(), vec![0]);
    let q = one("? π 取两位小数？ {numeric}\n- [x] 3.14 ± 0.01\n");
    assert_eq!(answer(&q, &["3.149"]).unwrap().1, 1.0);
    assert_eq!(answer(&q, &["3.13"]).unwrap().1, 1.0, "the edge is inside");
    assert_eq!(answer(&q, &["3.16"]).unwrap().1, 0.0);
}

#[test]
fn text_folding_for_chinese_and_english() {
    assert_eq!(fold("「顾客总成本。」"), "顾客总成本");
    assert_eq!(fold("  ＣＵＳＴＯＭＥＲ　Value! "), "customer value");
    assert_eq!(fold("顾客 总成本"), "顾客总成本");
    assert_eq!(fold("A  B"), "a b");
    assert!(matches("customer * cost", "Customer total cost."));
    assert!(matches("*成本", "顾客总成本"));
    assert!(matches("顾客*", "顾客"));
    assert!(!matches("顾客*成本", "顾客价值"));
    assert!(!matches("a*b*c", "acb"));
    assert!(
        matches("a.b", "a.b"),
        "no regular expressions: `.` is a dot"
    );
    assert!(!matches("a.b", "axb"));
}

const SHORT: &str =
    "? 让渡价值 = 顾客总价值 − ？ {short}\n- [x] 顾客总成本\n- [50%] 成本\n- [x] customer * cost\n";

#[test]
fn short_answer_with_wildcard_and_partial_credit() {
    let q = one(SHORT);
    assert_eq!(answer(&q, &["顾客总成本"]).unwrap().1, 1.0);
    assert_eq!(answer(&q, &["「顾客 总成本」。"]).unwrap().1, 1.0);
    assert_eq!(
        answer(&q, &["ＣＵＳＴＯＭＥＲ　TOTAL cost"]).unwrap().1,
        1.0
    );
    assert_eq!(answer(&q, &["成本"]), Ok((vec![1], 0.5)));
    assert_eq!(answer(&q, &["价格"]), Ok((vec![3], 0.0)));
    assert_eq!(answer(&q, &["  "]), Ok((vec![], 0.0)));
}

const MATCHING: &str = "? 把概念和定义配对 {matching}\n- 顾客总价值 -> 顾客得到的全部利益\n- 顾客总成本 -> 顾客付出的全部代价\n- 让渡价值 -> 两者之差\n- -> 产品的生产成本\n";

#[test]
fn matching_with_a_distractor() {
    let q = one(MATCHING);
    assert_eq!(q.kind, Kind::Matching);
    assert_eq!(q.options(), 12, "3 left items × 4 right items");
    assert_eq!(answer(&q, &["0", "1", "2"]).unwrap().1, 1.0);
    let (sel, f) = answer(&q, &["0", "2", "1"]).unwrap();
    assert_eq!(sel, vec![0, 6, 9]);
    assert_eq!(f, 0.333333);
    assert_eq!(answer(&q, &["3", "3", ""]).unwrap().1, 0.0);
    assert_eq!(q.right(), vec![0, 5, 10]);
    assert_eq!(q.option_label(6), "顾客总成本 → 两者之差");
    // Two picks in one group earn that group nothing; out of range earns nothing.
    assert_eq!(grade(&q, &[0, 1, 5, 10]), 0.666667);
    assert_eq!(grade(&q, &[0, 5, 10, 12]), 0.0);
}

#[test]
fn ordering_by_position() {
    let q =
        one("? 把销售步骤排好顺序 {ordering}\n- 接近顾客\n- 了解需求\n- 介绍产品\n- 促成交易\n");
    assert_eq!(q.options(), 16);
    assert_eq!(answer(&q, &["0", "1", "2", "3"]).unwrap().1, 1.0);
    assert_eq!(answer(&q, &["1", "0", "2", "3"]).unwrap().1, 0.5);
    assert_eq!(answer(&q, &["3", "2", "1", "0"]).unwrap().1, 0.0);
    assert_eq!(answer(&q, &["0", "1", "", ""]).unwrap().1, 0.5);
    assert_eq!(q.option_label(5), "了解需求 → 2");
}

const BLANKS: &str = "? 顾客让渡价值 = [[顾客总价值|总价值]] − [[[x] 顾客总成本|[ ] 顾客总收入|[50%] 成本]]。 {blanks}\n";

#[test]
fn blanks_typed_and_chosen() {
    let q = one(BLANKS);
    let Extra::Blanks(bl) = &q.extra else {
        panic!("{:?}", q.extra)
    };
    assert_eq!(bl.len(), 2);
    assert!(!bl[0].choice && bl[1].choice);
    assert_eq!(
        q.options(),
        3 + 3,
        "two answers and `other`, then three options"
    );
    assert_eq!(answer(&q, &["总价值", "0"]).unwrap().1, 1.0);
    assert_eq!(answer(&q, &["顾客总价值", "2"]).unwrap().1, 0.75);
    assert_eq!(answer(&q, &["价格", "0"]), Ok((vec![2, 3], 0.5)));
    assert_eq!(answer(&q, &["", ""]), Ok((vec![], 0.0)));
    assert_eq!(q.right(), vec![0, 1, 3]);
}

#[test]
fn description_is_not_graded() {
    let quiz =
        parse("? 下面三题都用同一个案例：张经理…… {description}\n\n? 题目\n- [x] 对\n- [ ] 错\n")
            .unwrap();
    let d = &quiz.questions[0];
    assert_eq!((d.kind, d.points, d.options()), (Kind::Description, 0.0, 0));
    assert_eq!(grade_key(&key(d), &[]), Some((0.0, 0.0, 0.0)));
}

#[test]
fn keys_carry_texts_safely() {
    let q = one("? q {short}\n- [x] a;b,c|d~e%f:g\n");
    assert_eq!(answer(&q, &["A;B,C|D~E%F:G"]).unwrap().1, 1.0);
    for bad in [
        "numeric;1;100,0",
        "numeric;1;100,0;n~%ZZ~1:1",
        "matching;1;50;i2",
        "nope;1;1",
    ] {
        assert!(resolve_key(bad, "1").is_none(), "{bad}");
        assert!(grade_key(bad, &[0]).is_none(), "{bad}");
    }
}

#[test]
fn markdown_round_trip_of_every_kind() {
    let body = [
        NUMERIC,
        SHORT,
        MATCHING,
        BLANKS,
        "? 排序 {ordering}\n- 甲\n- 乙\n",
        "? 说明 {description}\n",
    ]
    .join("\n");
    let quiz = parse(&body).unwrap();
    let back = parse(&to_markdown(&quiz)).unwrap();
    let keys = |q: &Quiz| q.questions.iter().map(key).collect::<Vec<_>>();
    assert_eq!(keys(&back), keys(&quiz));
}

#[test]
fn malformed_questions_are_errors_with_the_fix() {
    type Expected<'a> = &'a [(&'a str, &'a str, &'a str)];
    let cases: &[(&str, Expected)] = &[
        (
            "? 多少？ {numeric}\n- [x] 八百\n",
            &[("- [x] 八百", "numeric answer `八百` is not a number", "write a number (`850`), a tolerance (`850 ± 5`) or a range (`840..860`)")],
        ),
        (
            "? 多少？ {numeric}\n- [x] 850 ± -5\n",
            &[("- [x] 850 ± -5", "tolerance `-5` is below zero", "write it `850 ± 5`")],
        ),
        (
            "? 多少？ {numeric}\n- [x] 900..800\n",
            &[("- [x] 900..800", "range `900..800` runs backwards (900 > 800)", "write the smaller number first: `800..900`")],
        ),
        (
            "? 多少？ {numeric}\n- [50%] 800\n",
            &[("? 多少？ {numeric}", "the question has no answer marked [x]", "add the right answer: `- [x] 850` (or `- [x] 850 ± 5`, `- [x] 840..860`)")],
        ),
        (
            "? 配对 {matching}\n- 甲 → 乙\n- 丙 -> 丁\n",
            &[("- 甲 → 乙", "a matching pair without `->`", "write it `- 甲 -> 乙`")],
        ),
        (
            "? 配对 {matching}\n- 甲 -> 乙\n",
            &[("? 配对 {matching}", "a matching question needs at least 2 pairs", "write one `- 左项 -> 右项` line per pair")],
        ),
        (
            "? 价值 = [[总价值 − 成本 {blanks}\n",
            &[("? 价值 = [[总价值 − 成本 {blanks}", "unclosed blank `[[`", "close the blank with `]]`, e.g. `[[总成本]]`")],
        ),
        (
            "? 价值 = [[ | ]] − 成本 {blanks}\n",
            &[("? 价值 = [[ | ]] − 成本 {blanks}", "a blank with no answer", "write the accepted answers `[[总成本|成本]]` or a choice `[[[x] 总成本|[ ] 总价值]]`")],
        ),
        (
            "? 没有空 {blanks}\n",
            &[("? 没有空 {blanks}", "a fill-in-the-blank question has no blank", "mark each blank in the text with its answers: `顾客让渡价值 = 顾客总价值 − [[顾客总成本]]`")],
        ),
        (
            "? 案例 {description}\n- [x] 甲\n",
            &[("- [x] 甲", "a description takes no options", "remove the option lines, or give the question another kind")],
        ),
        (
            "? 多少？ {short unit=元}\n- [x] 甲\n",
            &[("? 多少？ {short unit=元}", "`unit` is for numeric questions", "add {numeric} to the question line, or remove unit=")],
        ),
    ];
    for (body, want) in cases {
        let got = errors(body);
        let want: Vec<(String, String, String)> = want
            .iter()
            .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
            .collect();
        assert_eq!(got, want, "{body}");
    }
}
