use super::*;
use crate::json::{self, Value};
use crate::quiz::{parse, Kind};

const QUIZ_A: &str = "? 顾客让渡价值等于什么？\n- [x] 总价值减总成本\n- [ ] 价格减成本\n- [ ] 毛利\n\n? 哪些属于总成本？ {multiple points=2}\n- [x] 货币成本\n- [x] 时间成本\n- [ ] 形象价值\n- [ ] 产品价值\n\n? 维系老客户比开发新客户更贵。 {truefalse id=keep-cost}\n- [ ] 对\n- [x] 错\n";
const QUIZ_B: &str = "? Which visit comes first?\n- [ ] Closing\n- [x] Planning\n";

pub(super) fn catalog() -> Catalog {
    let a = parse(QUIZ_A).unwrap();
    let b = parse(QUIZ_B).unwrap();
    Catalog {
        quizzes: vec![
            QuizSpec::new("zh", "value-delivered", &a).unwrap(),
            QuizSpec::new("zh", "visit-plan", &b).unwrap(),
            QuizSpec::new("en", "value-delivered", &a).unwrap(),
        ],
        ..Default::default()
    }
}

/// Records as `hydrateQuiz` stores them (JSON.stringify of its record object).
pub(super) const RECORDS: &str = r#"[
 {"id":"value-delivered","lang":"zh","title":"客户价值 · 课程","url":"/zh/value/","last":67,"best":100,"attempts":3,"date":"2026-11-29","answers":{"q1":[0],"q2":[0,3],"keep-cost":[1]}},
 {"id":"value-delivered","lang":"en","title":"Value","url":"/en/value/","last":0,"best":50,"attempts":1,"date":"2026-02-28","answers":{"q1":[],"q2":[1,2,0],"keep-cost":[]}}
]"#;

fn records(json_text: &str) -> Vec<Value> {
    match json::parse(json_text).unwrap() {
        Value::Array(v) => v,
        other => panic!("not an array: {other:?}"),
    }
}

#[test]
fn catalog_text_round_trips_with_every_question_kind() {
    let c = catalog();
    let text = c.to_text();
    assert!(text.starts_with("playbook-catalog 1\nzh value-delivered "));
    let line = text.lines().nth(1).unwrap();
    let words: Vec<&str> = line.split(' ').collect();
    assert_eq!(words.len(), 6);
    assert!(words[3].starts_with("s3:"), "{line}");
    assert!(words[4].starts_with("m4:"), "{line}");
    assert!(
        words[5].starts_with("t2:") && words[5].ends_with(":keep-cost"),
        "{line}"
    );
    let back = Catalog::parse(&text).unwrap();
    assert_eq!(back, c);
    assert_eq!(back.quizzes[0].questions[2].kind, Kind::TrueFalse);
    assert_eq!(back.version(), c.version());
    assert_eq!(
        Catalog::parse("playbook-catalog 1\nzh q 12zz s2:00\n")
            .unwrap_err()
            .message,
        "catalog line 2: bad fingerprint"
    );
    assert!(Catalog::parse("nonsense").is_err());
}

#[test]
fn realistic_records_round_trip() {
    let c = catalog();
    let packed = pack(&c, RECORDS).unwrap();
    assert!(packed.starts_with('2'));
    assert!(packed[1..]
        .chars()
        .all(|ch| ch.is_ascii_digit() || ch.is_ascii_uppercase()));
    let back = unpack(&c, &packed).unwrap();
    assert!(back.changed.is_empty() && back.unknown.is_empty());
    let got = records(&back.records);
    let want = records(RECORDS);
    assert_eq!(got.len(), 2);
    // Catalog order: zh first, then en.
    for (g, w) in got.iter().zip(&want) {
        for k in ["id", "lang", "last", "best", "attempts", "date"] {
            assert_eq!(g.get(k), w.get(k), "field {k}");
        }
        assert_eq!(g.get("title"), None, "title is not packed");
    }
    let a = |i: usize, q: &str| -> Vec<f64> {
        match got[i].get("answers").and_then(|a| a.get(q)) {
            Some(Value::Array(v)) => v.iter().filter_map(Value::as_f64).collect(),
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(a(0, "q1"), [0.0]);
    assert_eq!(a(0, "q2"), [0.0, 3.0]);
    assert_eq!(a(0, "keep-cost"), [1.0]);
    assert_eq!(a(1, "q1"), Vec::<f64>::new());
    assert_eq!(a(1, "q2"), [0.0, 1.0, 2.0], "sorted, as a set");
    assert_eq!(a(1, "keep-cost"), Vec::<f64>::new());
}

#[test]
fn nothing_taken_packs_to_a_few_characters() {
    let c = catalog();
    let packed = pack(&c, "[]").unwrap();
    assert!(packed.len() < 10, "{packed}");
    assert_eq!(unpack(&c, &packed).unwrap().records, "[]");
}

#[test]
fn what_the_catalog_does_not_describe_is_dropped() {
    let c = catalog();
    let recs = r#"[{"id":"gone","lang":"zh","last":10,"best":10,"attempts":1,"date":"2026-01-01","answers":{}},
      {"id":"visit-plan","lang":"zh","last":100,"best":100,"attempts":1,"date":"x","answers":{"q1":[1,7,-1,0.5],"q9":[0]}}, null]"#;
    let back = unpack(&c, &pack(&c, recs).unwrap()).unwrap();
    let got = records(&back.records);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].get("date"), Some(&Value::Null));
    assert_eq!(
        json::array(&[]),
        "[]",
        "sanity: the writer writes empty arrays as []"
    );
    assert_eq!(
        got[0].get("answers"),
        Some(&Value::Object(vec![(
            "q1".into(),
            Value::Array(vec![Value::Number(1.0)])
        )]))
    );
}

#[test]
fn a_changed_quiz_is_detected_by_its_fingerprint() {
    let c = catalog();
    let packed = pack(&c, RECORDS).unwrap();
    // The right answer of question 1 moved: same shape, another key.
    let edited = QUIZ_A.replacen(
        "- [x] 总价值减总成本\n- [ ] 价格减成本",
        "- [ ] 总价值减总成本\n- [x] 价格减成本",
        1,
    );
    let mut c2 = c.clone();
    c2.quizzes[0] = QuizSpec::new("zh", "value-delivered", &parse(&edited).unwrap()).unwrap();
    assert_ne!(c2.quizzes[0].fingerprint, c.quizzes[0].fingerprint);
    assert_ne!(
        c2.quizzes[0].questions[0].fingerprint,
        c.quizzes[0].questions[0].fingerprint
    );
    assert_eq!(c2.quizzes[0].questions[1], c.quizzes[0].questions[1]);
    assert_ne!(c2.version(), c.version());
    let back = unpack(&c2, &packed).unwrap();
    assert_eq!(back.changed, ["zh:value-delivered"]);
    assert_eq!(
        records(&back.records).len(),
        1,
        "the unchanged en quiz is kept"
    );
    // Removed from the course.
    let mut c3 = c.clone();
    c3.quizzes.remove(2);
    assert_eq!(
        unpack(&c3, &packed).unwrap().unknown,
        ["en:value-delivered"]
    );
    // Whitespace is not a change.
    let rewrapped = QUIZ_A.replace("? 顾客让渡价值等于什么？", "?   顾客让渡价值等于什么？  ");
    let spec = QuizSpec::new("zh", "value-delivered", &parse(&rewrapped).unwrap()).unwrap();
    assert_eq!(spec.fingerprint, c.quizzes[0].fingerprint);
}

#[test]
fn detailed_entries_match_questions_one_by_one() {
    let c = catalog();
    let entries = records::entries(&c, RECORDS).unwrap();
    let bytes = encode(&entries, true);
    // The new version inserts a question before the others and edits the last one.
    let edited = format!(
        "? New first question\n- [x] a\n- [ ] b\n\n{}",
        QUIZ_A.replace("维系老客户", "留住老客户")
    );
    let mut c2 = c.clone();
    c2.quizzes[0] = QuizSpec::new("zh", "value-delivered", &parse(&edited).unwrap()).unwrap();
    let back = decode(&bytes, &c2).unwrap();
    assert_eq!(back[0].status(&c2), Status::Changed(0));
    assert_eq!(
        back[0].question_map(&c2.quizzes[0]),
        [Some(1), Some(2), None],
        "moved questions found by fingerprint, the edited one not matched"
    );
    assert_eq!(back[1].status(&c2), Status::Current(2));
    assert_eq!(
        back[1].question_map(&c2.quizzes[2]),
        [Some(0), Some(1), Some(2)]
    );
    assert_eq!(
        back,
        decode(&bytes, &c).unwrap(),
        "detailed data needs no catalog"
    );
}

#[test]
fn truncated_or_corrupted_input_is_an_error() {
    let c = catalog();
    let packed = pack(&c, RECORDS).unwrap();
    for cut in [1, 2, 5, packed.len() / 2, packed.len() - 1] {
        let err = unpack(&c, &packed[..cut]).unwrap_err();
        assert!(
            err.message.starts_with("truncated") || err.message.starts_with("checksum"),
            "cut at {cut}: {err}"
        );
    }
    // Every single-character change is caught.
    let alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    for i in 1..packed.len() {
        let orig = packed.as_bytes()[i] as char;
        let other = alphabet.chars().find(|c| *c != orig).unwrap();
        let mut bad = packed.clone();
        bad.replace_range(i..i + 1, &other.to_string());
        assert!(unpack(&c, &bad).is_err(), "change at {i} not caught");
    }
    assert_eq!(
        unpack(&c, &format!("9{}", &packed[1..]))
            .unwrap_err()
            .message,
        "unknown format `9` (made by another Playbook version)"
    );
    assert_eq!(
        unpack(&c, "1ABC!").unwrap_err().message,
        "unexpected character `!`"
    );
    assert!(pack(&c, "{not json").is_err());
}

#[test]
fn dates_convert_both_ways() {
    for d in [
        "2000-01-01",
        "2000-02-29",
        "2026-11-30",
        "2100-03-01",
        "2178-12-31",
    ] {
        assert_eq!(day_text(day_number(d).unwrap()), d);
    }
    assert_eq!(day_number("2000-01-01"), Some(1));
    assert_eq!(day_number("1999-12-31"), None);
    assert_eq!(day_number("2179-12-31"), None, "beyond 16 bits");
    assert_eq!(day_number("2026-13-01"), None);
    assert_eq!(day_number("today"), None);
}

/// A small deterministic generator (no dependency): xorshift64*.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

#[test]
fn damaged_data_with_a_valid_check_never_panics() {
    // Re-sealing each mutation with a correct check makes the decoder read the damaged
    // body itself: counts, indices and lengths out of range must be errors, not panics.
    let c = catalog();
    let entries = records::entries(&c, RECORDS).unwrap();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for detailed in [true, false] {
        let good = encode(&entries, detailed);
        let body = &good[..good.len() - 2];
        for _ in 0..3000 {
            let mut b = body.to_vec();
            for _ in 0..1 + rng.next() % 4 {
                let i = (rng.next() as usize) % b.len();
                b[i] ^= 1 << (rng.next() % 8);
            }
            if rng.next() % 4 == 0 {
                b.truncate((rng.next() as usize) % b.len());
            }
            let check = check16(&b);
            b.extend_from_slice(&check.to_be_bytes());
            let _ = decode(&b, &c);
        }
    }
    for len in 0..64 {
        let b: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        let _ = decode(&b, &c);
        let _ = from_text(&String::from_utf8_lossy(&b));
    }
}
