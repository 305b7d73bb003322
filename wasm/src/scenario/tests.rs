use super::*;

/// Five steps, three endings, a flag and a recovery jump back to `open`.
pub(crate) const SAMPLE: &str = "\
## 客户开口压价 {#open}
> 你们比别家贵了 15%。
你已经拜访过两次。

- 先问对方拿什么比较 {+2 pleased -> compare set=asked}
  > 先弄清比较的基础。
- 马上让价 10% {-2 neutral -> cut}
  > 一开口就降价。

## 比较的基础 {#compare}
> 别家不含安装。

- 逐项对比总成本 {+3 pleased -> signed}
- 说对手的坏话 {-1 annoyed -> open}
  > 客户不爱听：回到开头重新来。

## 让价之后 {#cut}
> 那再让 5% 吧。

- 回头问清对方的比较 {+1 neutral -> compare if=!asked set=asked}
- 再让 5% {-3 annoyed -> lost}

## 签约 {#signed ending}
你用价值赢得了订单。

## 丢单 {#lost ending}
一味让价，利润和信任都丢了。
";

fn errs(body: &str) -> Vec<String> {
    match parse(body) {
        Err(e) => e.into_iter().map(|e| e.message).collect(),
        Ok(s) => analyse(&s).1.into_iter().map(|e| e.message).collect(),
    }
}

#[test]
fn parses_steps_choices_and_feedback() {
    let s = parse(SAMPLE).unwrap();
    assert_eq!(s.steps.len(), 5);
    let open = &s.steps[0];
    assert_eq!(
        (open.name.as_str(), open.title.as_str()),
        ("open", "客户开口压价")
    );
    assert_eq!(open.say, "你们比别家贵了 15%。");
    assert_eq!(open.context, "你已经拜访过两次。");
    let c = &open.choices[0];
    assert_eq!(
        (c.points, c.reaction, c.next.as_str()),
        (2, Reaction::Pleased, "compare")
    );
    assert_eq!(c.set, vec!["asked".to_string()]);
    assert_eq!(c.feedback, "先弄清比较的基础。");
    assert_eq!(
        s.steps[2].choices[0].when,
        Some(Condition {
            flag: "asked".into(),
            set: false
        })
    );
    assert!(s.steps[3].ending && s.steps[3].context == "你用价值赢得了订单。");
    // The span of a choice is its line.
    assert!(SAMPLE[c.span.clone()].starts_with("- 先问对方"));
}

#[test]
fn summary_of_the_sample() {
    let s = parse(SAMPLE).unwrap();
    let (sum, diags) = analyse(&s);
    assert!(diags.is_empty(), "{diags:?}");
    // Paths (flags in brackets): open→compare→signed (+5); open→compare→open[asked]→cut
    // →compare? no: `if=!asked` hides it, so →lost (+2-1-2-3 = -4); open[asked]→compare
    // would repeat the state; open→cut→compare[asked]→signed (-2+1+3 = +2);
    // open→cut→compare[asked]→open[asked]→cut[asked]→lost (-2+1-1-2-3 = -7);
    // open→cut→lost (-5); open→compare→open[asked]→compare: repeats, not a path.
    let sum = sum.unwrap();
    assert_eq!(
        (
            sum.steps,
            sum.endings,
            sum.paths,
            sum.shortest,
            sum.longest,
            sum.best,
            sum.worst
        ),
        (5, 2, 5, 2, 5, 5, -7)
    );
    assert_eq!(sum.best_ending, "signed");
    assert_eq!(
        sum.to_string(),
        "5 steps, 2 endings, 5 paths of 2–5 choices, score -7 to 5 (best ending `signed`)"
    );
}

#[test]
fn playing_paths_scores_and_rates() {
    let s = parse(SAMPLE).unwrap();
    let best = analyse(&s).0.unwrap().best;
    let g = encode(&s, best);
    let (d, b) = decode(&g).unwrap();
    assert_eq!(b, 5);
    // Best path: 5 of 5 points.
    let r = play(&d, b, &[0, 0]).unwrap();
    assert_eq!(
        (r.step, r.ending, r.score, r.pct, r.rating),
        (3, true, 5, 100, "excellent")
    );
    assert_eq!(r.visited, vec![0, 1, 3]);
    // Recovery: cut, then back to compare, then signed: 2 of 5 = 40%.
    let r = play(&d, b, &[1, 0, 0]).unwrap();
    assert_eq!((r.score, r.pct, r.rating), (2, 40, "poor"));
    // 3 points would be 60%: fair. (+2 then -1 back to open, then +2 is hidden? no:
    // the first choice at `open` has no condition.)
    let r = play(&d, b, &[0, 1, 0]).unwrap();
    assert_eq!((r.step, r.score), (1, 3));
    assert_eq!((r.pct, r.rating), (60, "fair"));
    // At `cut` with `asked` set, the `if=!asked` choice is not offered.
    let r = play(&d, b, &[0, 1, 1]).unwrap();
    assert_eq!((r.step, r.offered.clone()), (2, vec![1]));
    assert_eq!(play(&d, b, &[0, 1, 1, 0]), Err(3));
    // Negative totals are 0%; a choice past an ending, or out of range, is refused.
    let r = play(&d, b, &[1, 1]).unwrap();
    assert_eq!((r.score, r.pct, r.ending), (-5, 0, true));
    assert_eq!(play(&d, b, &[1, 1, 0]), Err(2));
    assert_eq!(play(&d, b, &[7]), Err(0));
}

#[test]
fn graph_text_and_hash() {
    let s = parse(SAMPLE).unwrap();
    let g = encode(&s, 5);
    assert_eq!(
        g.lines().nth(3).unwrap(),
        "cut|0|compare,1,n,asked,!asked|lost,-3,a,,"
    );
    assert_eq!(graph_hash(""), "811c9dc5");
    assert_eq!(graph_hash("a"), "e40c292c");
    let other = SAMPLE.replace("{-3 annoyed -> lost}", "{-2 annoyed -> lost}");
    assert_ne!(
        graph_hash(&g),
        graph_hash(&encode(&parse(&other).unwrap(), 5))
    );
    assert!(decode("best=x\na|1").is_none());
    assert!(decode("best=1\na|0|b,1,q,,").is_none());
}

#[test]
fn syntax_errors_all_at_once() {
    let body = "intro\n## A {#a}\n> hi\n- one {+x pleased -> b}\n- two {+1 happy -> b}\n- three {+1 pleased}\n- five {+1 -> b}\n- four {+1 pleased -> b set=Bad}\n## B {#a}\n> again\n- x {1 neutral -> a}\n- y {1 neutral -> a}\n";
    assert_eq!(
        errs(body),
        vec![
            "text before the first step of the scenario",
            "malformed points `+x`",
            "unknown word `happy` in a choice",
            "a choice without a next step (`-> name`)",
            "a choice without the customer's reaction (pleased, neutral or annoyed)",
            "malformed flag `set=Bad`",
            "step `a` is already defined on line 2 of the scenario",
        ]
    );
}

#[test]
fn step_shape_errors() {
    let body = "## A {#a}\n> hi\n- one {+1 pleased -> b}\n## B {#b}\n> only one\n- x {+1 pleased -> end}\n## C {#c}\n> nothing to say\n## End {#end ending}\n";
    assert_eq!(
        errs(body),
        vec![
            "step `a` has 1 choice; a step offers 2 to 5",
            "step `b` has 1 choice; a step offers 2 to 5",
            "step `c` has no choices and is not an ending",
            "the ending `end` has no debrief",
        ]
    );
    assert_eq!(
        errs("## T {#t ending}\nDone.\n- a {+1 pleased -> t}\n"),
        vec!["the ending `t` has a choice"]
    );
    assert_eq!(errs("## T\n"), vec!["a step heading without a name"]);
    assert_eq!(errs("## {#t}\n"), vec!["step `t` has no title"]);
}

#[test]
fn graph_errors() {
    // A missing target (with a did-you-mean), a flag tested and never set.
    let body = "## A {#a}\n> hi\n- one {+1 pleased -> ends}\n- two {+1 pleased -> end if=x}\n## End {#end ending}\nOk.\n";
    let s = parse(body).unwrap();
    let e = analyse(&s).1;
    assert_eq!(
        e[0].message,
        "the choice leads to step `ends`, which does not exist"
    );
    assert_eq!(e[0].hint, "did you mean `end`?");
    assert_eq!(
        e[1].message,
        "the choice tests flag `x`, which no choice sets"
    );
    // Unreachable step; a loop without exit (b <-> c); a step reached with every choice hidden.
    let body = "## A {#a}\n> hi\n- one {+1 pleased -> b}\n- two {+1 pleased -> d set=f}\n## B {#b}\n> b\n- x {0 neutral -> c}\n- y {0 neutral -> c}\n## C {#c}\n> c\n- x {0 neutral -> b}\n- y {0 neutral -> b}\n## D {#d}\n> d\n- x {0 neutral -> end if=!f}\n- y {0 neutral -> end if=!f}\n## Lonely {#lonely}\n> l\n- x {0 neutral -> end}\n- y {0 neutral -> end}\n## End {#end ending}\nOk.\n";
    assert_eq!(
        errs(body),
        vec![
            "no path from the start reaches step `lonely`",
            "no path from the start reaches step `end`",
            "step `d` can be reached with none of its choices offered",
            "no path from step `b` reaches an ending",
            "no path from step `c` reaches an ending",
        ]
    );
}

#[test]
fn warning_when_best_choices_miss_the_best_ending() {
    // The greedy player takes +3 to `trap` and ends at `meh` (3 + 0); the patient one
    // takes +1 then +5 and ends at `great` (6).
    let body = "## A {#a}\n> hi\n- quick {+3 pleased -> trap}\n- patient {+1 neutral -> slow}\n## Trap {#trap}\n> t\n- x {0 neutral -> meh}\n- y {-1 annoyed -> meh}\n## Slow {#slow}\n> s\n- x {+5 pleased -> great}\n- y {0 neutral -> meh}\n## Meh {#meh ending}\nSo so.\n## Great {#great ending}\nWell done.\n";
    let s = parse(body).unwrap();
    let (sum, e) = analyse(&s);
    assert_eq!(sum.unwrap().best, 6);
    assert_eq!(e.len(), 1);
    assert!(e[0].warning);
    assert_eq!(
        e[0].message,
        "taking the best choice at every step never leads to `great`, the ending of the best score (6 points)"
    );
    // The sample's best choices do lead to its best ending: no warning.
    assert!(analyse(&parse(SAMPLE).unwrap()).1.is_empty());
}

#[test]
fn translations_compare_graphs() {
    let o = parse(SAMPLE).unwrap();
    let en = SAMPLE
        .replace("客户开口压价", "The customer pushes on price")
        .replace("你们比别家贵了 15%。", "You are 15% dearer.");
    assert_eq!(compare(&o, &parse(&en).unwrap()), None);
    let moved = SAMPLE.replace("{-1 annoyed -> open}", "{-1 annoyed -> cut}");
    let (span, msg) = compare(&o, &parse(&moved).unwrap()).unwrap();
    assert_eq!(
        msg,
        "choice 2 of step `compare` leads to `cut` here but to `open` in the original"
    );
    assert!(moved[span].starts_with("- 说对手的坏话"));
    let renamed = SAMPLE
        .replace("{#lost ending}", "{#gone ending}")
        .replace("-> lost", "-> gone");
    assert_eq!(
        compare(&o, &parse(&renamed).unwrap()).unwrap().1,
        "choice 2 of step `cut` leads to `gone` here but to `lost` in the original"
    );
    let points = SAMPLE.replace("{+3 pleased -> signed}", "{+2 pleased -> signed}");
    assert_eq!(
        compare(&o, &parse(&points).unwrap()).unwrap().1,
        "choice 1 of step `compare` scores 2 pleased here but 3 pleased in the original"
    );
}
