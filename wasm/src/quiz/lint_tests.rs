//! The lint on a quiz made to trip every rule, with the exact warnings; and silenced.

use super::lint::{lint, same_stems};
use super::*;

const TRIPS: &str = "? 甲？ {shuffle=false}\n- [ ] a\n- [x] b\n- [ ] c\n\n? 乙？ {shuffle=false}\n- [ ] a\n- [x] b\n\n? 丙？ {shuffle=false}\n- [ ] a\n- [x] b\n- [ ] c\n\n? 丁？ {shuffle=false}\n- [x] a\n- [ ] b\n\n? 老客户一定比新客户更贵。 {truefalse}\n- [ ] 对\n- [x] 错\n\n? Customers always compare prices. {truefalse}\n- [ ] True\n- [x] False\n\n? 第三题。 {truefalse}\n- [ ] 对\n- [x] 错\n\n? 哪个对？\n- [x] 顾客总价值减去顾客总成本的差额\n- [ ] 价格\n- [ ] 成本\n\n? 哪些对？ {multiple}\n- [x] 甲\n- [x] 乙\n- [ ] 丙\n";

fn lines(body: &str, ls: &[lint::Lint]) -> Vec<String> {
    ls.iter()
        .map(|l| {
            let line = body[..l.span.start].matches('\n').count() + 1;
            format!("{line}: [{}] {} ({})", l.rule, l.message, l.hint)
        })
        .collect()
}

#[test]
fn a_quiz_made_to_trip_every_rule() {
    let quiz = parse(TRIPS).unwrap();
    assert_eq!(
        lines(TRIPS, &lint(&quiz, true)),
        [
            "1: [position] the right option is option 2 in 3 of this quiz's 4 unshuffled single-choice questions (move the right option, or let the options shuffle (remove shuffle=false); or add {nolint=position} to the question line)",
            "6: [position] the right option is option 2 in 3 of this quiz's 4 unshuffled single-choice questions (move the right option, or let the options shuffle (remove shuffle=false); or add {nolint=position} to the question line)",
            "10: [position] the right option is option 2 in 3 of this quiz's 4 unshuffled single-choice questions (move the right option, or let the options shuffle (remove shuffle=false); or add {nolint=position} to the question line)",
            "19: [truefalse-key] 3 of this quiz's 3 true/false questions have the same key (option 2) (turn some statements around so that both keys are common; or add {nolint=truefalse-key} to the question line)",
            "23: [truefalse-key] 3 of this quiz's 3 true/false questions have the same key (option 2) (turn some statements around so that both keys are common; or add {nolint=truefalse-key} to the question line)",
            "27: [truefalse-key] 3 of this quiz's 3 true/false questions have the same key (option 2) (turn some statements around so that both keys are common; or add {nolint=truefalse-key} to the question line)",
            "19: [absolute] the true/false statement holds the absolute “一定”: such statements are nearly always false (state the claim without the absolute; or add {nolint=absolute} to the question line)",
            "23: [absolute] the true/false statement holds the absolute “always”: such statements are nearly always false (state the claim without the absolute; or add {nolint=absolute} to the question line)",
            "31: [long-option] option 1 is 15 characters, 7.5 × the mean of the others (make the options about as long and as precise as each other; or add {nolint=long-option} to the question line)",
            "36: [one-wrong] this multiple-answer question has 3 options and only one wrong one (add wrong options that a learner who guesses would pick; or add {nolint=one-wrong} to the question line)",
        ]
    );
}

#[test]
fn rules_are_silenced_per_question_and_shuffling_clears_position() {
    let quiz = parse(TRIPS).unwrap();
    // Shuffled questions do not count for `position`.
    let shuffled = parse(&TRIPS.replace(" {shuffle=false}", "")).unwrap();
    assert!(lint(&shuffled, true).iter().all(|l| l.rule != "position"));
    assert!(
        lint(&shuffled, false).iter().any(|l| l.rule == "position"),
        "the quiz's shuffle=\"false\""
    );
    let silenced = TRIPS
        .replace("{truefalse}", "{truefalse nolint=truefalse-key,absolute}")
        .replace(
            "? 哪些对？ {multiple}",
            "? 哪些对？ {multiple nolint=one-wrong}",
        );
    let rules: Vec<&str> = lint(&parse(&silenced).unwrap(), true)
        .iter()
        .map(|l| l.rule)
        .collect();
    assert_eq!(rules, ["position", "position", "position", "long-option"]);
    assert_eq!(lint(&quiz, true).len(), 10);
    let errs = parse("? q {nolint=positon}\n- [x] a\n- [ ] b\n").unwrap_err();
    assert_eq!(errs[0].message, "unknown lint rule `positon`");
    assert_eq!(
        errs[0].hint,
        "the rules are position, truefalse-key, long-option, absolute, one-wrong, same-stem"
    );
}

#[test]
fn same_stems_across_quizzes() {
    let a = parse("? 顾客让渡价值等于什么？\n- [x] a\n- [ ] b\n").unwrap();
    let b =
        parse("? 顾客让渡价值 等于什么\n- [x] a\n- [ ] b\n\n? 别的？\n- [x] a\n- [ ] b\n").unwrap();
    let all = vec![
        ("a.md", &a.questions[0]),
        ("b.md", &b.questions[0]),
        ("b.md", &b.questions[1]),
    ];
    let found = same_stems(&all);
    assert_eq!(found.len(), 1);
    assert_eq!(
        (found[0].0, found[0].1.rule, found[0].2),
        ("b.md", "same-stem", "a.md")
    );
}
