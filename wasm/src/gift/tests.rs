use super::*;
use crate::quiz;

fn one(s: &str) -> Question {
    let q = parse(s).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(q.questions.len(), 1);
    q.questions.into_iter().next().unwrap()
}

fn round_trip(q: &Quiz) {
    let md = quiz::to_markdown(q);
    let back = quiz::parse(&md).unwrap_or_else(|e| panic!("{e:?}\n{md}"));
    assert_eq!(back.questions.len(), q.questions.len());
    for (a, b) in back.questions.iter().zip(&q.questions) {
        assert_eq!(a.kind, b.kind);
        assert_eq!(a.weights(), b.weights(), "{md}");
    }
}

#[test]
fn repeated_titles_get_the_same_ids_as_before() {
    let bank = "::A:: x {=a ~b}\n\n::A:: x {=a ~b}\n\n::A 2:: x {=a ~b}\n\n::A:: x {=a ~b}\n\n::Q6:: x {=a ~b}\n\nx {=a ~b}\n";
    let ids: Vec<String> = parse(bank)
        .unwrap()
        .questions
        .into_iter()
        .map(|q| q.id)
        .collect();
    assert_eq!(ids, ["a", "a-2", "a-2-2", "a-3", "q6", "q6-2"]);
}

#[test]
fn many_equal_titles_are_numbered_in_one_pass() {
    let bank = "::Same:: x {=a ~b}\n\n".repeat(20_000);
    let q = parse(&bank).unwrap();
    assert_eq!(q.questions[19_999].id, "same-20000");
}

#[test]
fn single_choice_with_feedback_and_general_feedback() {
    let q = one("::Q1:: Who decides? {=the manager#Right. ~the driver#No, he uses it. ####The buyer holds authority.}");
    assert_eq!(q.id, "q1");
    assert_eq!(q.kind, Kind::Single);
    assert_eq!(q.text, "Who decides?");
    assert_eq!(q.choices[0].mark, Mark::Right);
    assert_eq!(q.choices[0].feedback, "Right.");
    assert_eq!(q.choices[1].feedback, "No, he uses it.");
    assert_eq!(q.explanation, "The buyer holds authority.");
}

#[test]
fn true_false_with_wrong_then_right_feedback() {
    let q =
        one("Keeping a customer costs more than winning one. {F#No: the other way round.#Right.}");
    assert_eq!(q.kind, Kind::TrueFalse);
    assert_eq!(q.right(), vec![1]);
    assert_eq!(q.choices[0].feedback, "No: the other way round.");
    assert_eq!(q.choices[1].feedback, "Right.");
    assert_eq!(one("x {TRUE}").right(), vec![0]);
}

#[test]
fn weights_make_multiple_choice() {
    let q = one("Which are costs? {~%50%money ~%50%time ~%-100%image}");
    assert_eq!(q.kind, Kind::Multiple);
    assert_eq!(q.weights(), vec![50.0, 50.0, -100.0]);
    let q = one("Partial {=best ~%50%half ~no}");
    assert_eq!(q.kind, Kind::Single);
    assert_eq!(q.choices[1].mark, Mark::Weight(50.0));
}

#[test]
fn comments_titles_formats_escapes_and_missing_words() {
    let q = one("// a comment\n::Price objections:: [markdown] The customer {=pushes ~likes} for a lower price \\{often\\}.\n");
    assert_eq!(q.id, "price-objections");
    assert_eq!(
        q.text,
        "The customer [[[x] pushes|[ ] likes]] for a lower price {often}."
    );
    assert_eq!(q.kind, Kind::Blanks);
    let q = one("Escapes {=a \\= b \\~ c \\# d ~x\\:y}");
    assert_eq!(q.choices[0].text, "a = b ~ c # d");
    assert_eq!(q.choices[1].text, "x:y");
}

#[test]
fn crlf_multiline_chinese_bank_round_trips() {
    let bank = "$CATEGORY: $course$/CRM\r\n\r\n// 第一题\r\n::让渡价值::顾客让渡价值等于什么？{\r\n=总价值减去总成本#正确。\r\n~价格减去成本#不对：这是毛利。\r\n####科特勒的定义。\r\n}\r\n\r\n::忠诚:: 哪些是基本指标？ {\r\n~%50%重复购买\r\n~%50%推荐他人\r\n~%-100%价格敏感\r\n}\r\n\r\n开发新客户比维系老客户便宜。{F#不对。#正确。}\r\n\r\nMAN 中的 A 代表 {=决定权 ~金钱 ~需求} 。\r\n\r\n::Q5:: 谁是关键人？{=有决定权的人 ~前台}\r\n";
    let q = parse(bank).unwrap();
    assert_eq!(q.questions.len(), 5);
    assert_eq!(q.questions[0].explanation, "科特勒的定义。");
    assert_eq!(q.questions[0].id, "q1");
    assert_eq!(q.questions[1].kind, Kind::Multiple);
    assert_eq!(q.questions[2].kind, Kind::TrueFalse);
    assert_eq!(
        q.questions[3].text,
        "MAN 中的 A 代表 [[[x] 决定权|[ ] 金钱|[ ] 需求]] 。"
    );
    assert_eq!(
        q.questions[2].choices[0].text, "对",
        "labels in the playbook's language"
    );
    assert_eq!(q.questions[4].id, "q5");
    round_trip(&q);
}

fn errs(s: &str) -> Vec<(String, usize)> {
    parse(s)
        .unwrap_err()
        .into_iter()
        .map(|e| (e.message, e.span.start))
        .collect()
}

#[test]
fn each_error_is_located() {
    assert_eq!(
        errs("Q {=a ~b\n"),
        [("unclosed answer block: `{` without `}`".to_string(), 2)]
    );
    assert_eq!(
        errs("Q {#3.5..x}"),
        [(
            "numeric answer `3.5..x` is not a number or a range".to_string(),
            2
        )]
    );
    assert_eq!(
        errs("Q {#3.5:-1}"),
        [("tolerance `-1` is below zero".to_string(), 2)]
    );
    assert_eq!(
        errs("Q {=a -> 1 =b}"),
        [("a matching pair without `->`: `b`".to_string(), 2)]
    );
    assert_eq!(
        errs("Q {=a -> 1}"),
        [("a matching question needs at least 2 pairs".to_string(), 2)]
    );
    assert_eq!(
        errs("Q {~a ~b}"),
        [(
            "no right answer: mark it with `=` (or `~%100%`)".to_string(),
            2
        )]
    );
    assert_eq!(
        errs("Q {~%50%a ~%20%b}"),
        [(
            "the right answers' weights add up to 70%, not 100%".to_string(),
            2
        )]
    );
    assert_eq!(
        errs("Q {~%abc%a =b}"),
        [("invalid weight `%abc%`".to_string(), 3)]
    );
    assert_eq!(
        errs("Q {#fb =a ~b}"),
        [("numeric answer `fb =a ~b` is not a number".to_string(), 2)]
    );
    assert_eq!(
        errs("Q {x =a ~b}"),
        [("feedback or text before the first answer".to_string(), 3)]
    );
    assert_eq!(errs("Q {= ~b}"), [("empty answer".to_string(), 3)]);
    assert_eq!(
        one("Just text").kind,
        Kind::Description,
        "Moodle's description"
    );
    assert_eq!(
        errs("::T Q {=a ~b}"),
        [("unclosed question title `::`".to_string(), 0)]
    );
    assert_eq!(
        errs("// only a comment\n"),
        [("the GIFT file has no questions".to_string(), 0)]
    );
    // Every problem of a file, in one run, located in the right block.
    let e = errs("A {=x ~y}\n\nB {=x\n\nC {~x ~y}\n");
    assert_eq!(e.len(), 2);
    assert_eq!(e[0].1, 13);
}

#[test]
fn the_newer_kinds_convert() {
    let q = one("::pi:: π? {#3.14:0.01}");
    assert_eq!(
        (q.kind, q.choices[0].text.as_str()),
        (Kind::Numeric, "3.14 ± 0.01")
    );
    let q = one("Range {#1..2}");
    assert_eq!(q.choices[0].text, "1..2");
    let q = one("Several {#=850#right =%50%800:50#close ~1150#markup}");
    let texts: Vec<(&str, Mark, &str)> = q
        .choices
        .iter()
        .map(|c| (c.text.as_str(), c.mark, c.feedback.as_str()))
        .collect();
    assert_eq!(
        texts,
        [
            ("850", Mark::Right, "right"),
            ("800 ± 50", Mark::Weight(50.0), "close"),
            ("1150", Mark::Wrong, "markup")
        ]
    );
    let q = one("Match {=a -> 1 =b -> 2 = -> 3}");
    assert_eq!(q.kind, Kind::Matching);
    assert_eq!(q.options(), 6);
    let q = one("Name it {=顾客总成本 =%50%成本#half}");
    assert_eq!(q.kind, Kind::Short);
    assert_eq!(q.choices[1].mark, Mark::Weight(50.0));
    let q = one("Typed {=pushes =%50%asks} in.");
    assert_eq!(
        (q.kind, q.text.as_str()),
        (Kind::Blanks, "Typed [[pushes|[50%] asks]] in.")
    );
}

#[test]
fn partial_imports_report_each_question_and_keep_the_rest() {
    let got = import("A {=x ~y}\n\nB {=x\n\nEssay {}\n\nD {T}\n", false);
    assert_eq!(got.quiz.questions.len(), 3);
    assert_eq!(got.quiz.questions[1].kind, Kind::Description);
    assert_eq!(got.quiz.questions[2].choices[0].text, "True");
    let e: Vec<(&str, usize)> = got
        .errors
        .iter()
        .map(|e| (e.message.as_str(), e.span.start))
        .collect();
    assert_eq!(e, [("unclosed answer block: `{` without `}`", 13)]);
    let w: Vec<(&str, usize)> = got
        .warnings
        .iter()
        .map(|e| (e.message.as_str(), e.span.start))
        .collect();
    assert_eq!(
        w,
        [(
            "essay question imported as a description: Playbook has no essay answers",
            24
        )]
    );
}

const FULL: &str = include_str!("../../../tests/fixtures/gift/full.gift");

/// What a question means: kind, text, points, options with their weights and feedback,
/// the parts of the newer kinds, explanation.
fn meaning(q: &Question) -> String {
    format!(
        "{:?}|{}|{}|{:?}|{:?}|{:?}|{}",
        q.kind,
        q.text,
        q.points,
        q.choices
            .iter()
            .map(|c| (c.text.clone(), c.feedback.clone()))
            .collect::<Vec<_>>(),
        q.weights(),
        q.extra,
        q.explanation
    )
}

#[test]
fn a_bank_using_every_feature_round_trips_gift_playbook_gift() {
    let first = import(FULL, true);
    assert_eq!(first.errors, []);
    assert_eq!(first.warnings.len(), 1, "the essay");
    let kinds: Vec<Kind> = first.quiz.questions.iter().map(|q| q.kind).collect();
    use Kind::*;
    assert_eq!(
        kinds,
        [
            Single,
            Multiple,
            TrueFalse,
            Numeric,
            Numeric,
            Short,
            Matching,
            Blanks,
            Blanks,
            Description,
            Single
        ]
    );
    // Through Playbook's syntax and back to GIFT, every question means the same.
    let md = quiz::to_markdown(&first.quiz);
    let playbook = quiz::parse(&md).unwrap_or_else(|e| panic!("{e:?}\n{md}"));
    let (gift, notes) = to_gift(&playbook);
    assert_eq!(notes, Vec::<String>::new());
    let again = import(&gift, true);
    assert_eq!(again.errors, [], "{gift}");
    assert_eq!(again.quiz.questions.len(), first.quiz.questions.len());
    for (a, b) in first.quiz.questions.iter().zip(&again.quiz.questions) {
        assert_eq!(a.id, b.id);
        assert_eq!(meaning(a), meaning(b), "{gift}");
    }
    // And once more: the export is stable.
    assert_eq!(to_gift(&again.quiz).0, gift);
}
