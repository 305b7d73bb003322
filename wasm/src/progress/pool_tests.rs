//! Question pools in packed progress: the catalog's `draw`, the drawn questions of each
//! entry, and codes of format 1 made before pools.

use super::tests::{catalog, RECORDS};
use super::*;
use crate::json::{self, Value};
use crate::quiz::parse;

const POOL: &str = "? 甲\n- [x] 对\n- [ ] 错\n\n? 乙\n- [x] 对\n- [ ] 错\n\n? 丙\n- [x] 对\n- [ ] 错\n\n? 丁 {id=last}\n- [x] 对\n- [ ] 错\n";

fn pool_catalog() -> Catalog {
    let q = parse(POOL).unwrap();
    Catalog {
        quizzes: vec![QuizSpec::new("zh", "review", &q)
            .unwrap()
            .with_draw(Some(2))],
        scenarios: vec![],
    }
}

#[test]
fn the_draw_is_in_the_catalog_line_and_the_fingerprint() {
    let q = parse(POOL).unwrap();
    let plain = QuizSpec::new("zh", "review", &q).unwrap();
    let pool = plain.clone().with_draw(Some(2));
    assert_ne!(pool.fingerprint, plain.fingerprint);
    assert_ne!(
        pool.fingerprint,
        plain.clone().with_draw(Some(3)).fingerprint
    );
    assert_eq!(plain.clone().with_draw(None), plain, "no draw: unchanged");
    let c = pool_catalog();
    let text = c.to_text();
    let line = text.lines().nth(1).unwrap();
    assert_eq!(
        line,
        format!(
            "zh review {:04x} draw=2 s2:{:02x} s2:{:02x} s2:{:02x} s2:{:02x}:last",
            pool.fingerprint,
            pool.questions[0].fingerprint,
            pool.questions[1].fingerprint,
            pool.questions[2].fingerprint,
            pool.questions[3].fingerprint
        )
    );
    assert_eq!(Catalog::parse(&text).unwrap(), c);
    assert_eq!(
        Catalog::parse("playbook-catalog 1\nzh q 12ab draw=x s2:00\n")
            .unwrap_err()
            .message,
        "catalog line 2: bad draw"
    );
}

#[test]
fn a_pool_record_keeps_its_drawn_questions_through_packing() {
    let c = pool_catalog();
    let rec = r#"[{"id":"review","lang":"zh","last":50,"best":50,"attempts":1,"date":"2026-11-30","answers":{"q2":[0],"last":[1]},"drawn":[3,1,9,1]}]"#;
    let packed = pack(&c, rec).unwrap();
    let back = unpack(&c, &packed).unwrap();
    let got = match json::parse(&back.records).unwrap() {
        Value::Array(v) => v,
        other => panic!("{other:?}"),
    };
    let drawn: Vec<f64> = match got[0].get("drawn") {
        Some(Value::Array(v)) => v.iter().filter_map(Value::as_f64).collect(),
        other => panic!("{other:?}"),
    };
    // Sorted, out-of-range and repeated indices dropped.
    assert_eq!(drawn, [1.0, 3.0]);
    // Detailed (hand-in) packing carries it too.
    let e = entries(&c, rec).unwrap();
    let d = decode(&encode(&e, true), &Catalog::default()).unwrap();
    assert_eq!(d[0].drawn, Some(vec![1, 3]));
    assert_eq!(d, e);
    // A record of a quiz that is not a pool: no drawn set is kept.
    let plain = catalog();
    let e = entries(
        &plain,
        &RECORDS.replace("\"answers\"", "\"drawn\":[0],\"answers\""),
    )
    .unwrap();
    assert!(e.iter().all(|x| x.drawn.is_none()));
}

#[test]
fn codes_of_format_1_made_before_pools_still_read() {
    let c = catalog();
    // `pack(&catalog(), RECORDS)` as written before pools existed (format 1, flags 0, no
    // drawn bits): still read, with no drawn set, and to the same records as today's
    // packing (format 2, since scenario runs) reads back.
    let now = pack(&c, RECORDS).unwrap();
    assert!(now.starts_with('2'), "{now}");
    let back = unpack(&c, BEFORE_POOLS).unwrap();
    assert!(back.changed.is_empty() && back.unknown.is_empty());
    assert!(!back.records.contains("drawn"));
    assert_eq!(back.records, unpack(&c, &now).unwrap().records);
    let e = decode(&from_text(BEFORE_POOLS).unwrap(), &c).unwrap();
    assert_eq!(e.len(), 2);
    assert!(e.iter().all(|x| x.drawn.is_none() && x.answers.is_some()));
}

/// Written by the packer of commit 18fed00 (before pools) for `catalog()` and `RECORDS`.
const BEFORE_POOLS: &str = "12423A68WGF4N02TG941H1CGN248G6H0C098F4C9K6D54M0C0901J49AMD4701GNW";
