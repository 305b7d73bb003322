use super::*;
use crate::progress::{
    decode_all, encode_format, from_text_format, pack, to_text, unpack, QuizSpec,
};
use crate::scenario::{encode, graph_hash, parse, tests::SAMPLE};

/// The sample scenario's graph text (best score 5: open → compare → signed).
fn graph() -> String {
    encode(&parse(SAMPLE).unwrap(), 5)
}

fn catalog() -> Catalog {
    let q = crate::quiz::parse("? a\n- [x] r\n- [ ] w\n").unwrap();
    Catalog {
        quizzes: vec![QuizSpec::new("zh", "price", &q).unwrap()],
        scenarios: vec![ScenarioSpec::new("zh", "price", &graph()).unwrap()],
    }
}

/// A record as scenario.js keeps it after two finished runs, the last on the recovery
/// path (open → compare → open again → compare → signed).
fn run_record(hash: &str, run: &str) -> String {
    format!(
        r#"{{"kind":"scenario","id":"price","lang":"zh","hash":"{hash}","title":"压价","url":"/x/","path":[],"last":100,"best":100,"attempts":2,"date":"2026-11-30","done":false,"ending":"signed","score":5,"run":{run}}}"#
    )
}

#[test]
fn the_catalog_line_names_steps_and_targets_and_round_trips() {
    let c = catalog();
    let hash = graph_hash(&graph());
    let line = c.scenarios[0].to_line();
    assert_eq!(
        line,
        format!("~ zh price {hash} open:1.2 compare:3.0 cut:1.4 signed: lost:")
    );
    let text = c.to_text();
    assert!(text.ends_with(&format!("{line}\n")), "{text}");
    assert_eq!(Catalog::parse(&text).unwrap(), c);
    // The quiz and the scenario may share an id: they are looked up apart.
    assert_eq!(
        (c.find("zh", "price"), c.find_scenario("zh", "price")),
        (Some(0), Some(0))
    );
    for (bad, msg) in [
        ("~ zh price 1234 open:1", "catalog line 3: bad fingerprint"),
        (
            "~ zh price 0000abcd open:1.x",
            "catalog line 3: bad step `open:1.x`",
        ),
        (
            "~ zh price 0000abcd open:7 end:",
            "catalog line 3: scenario `price`: bad steps",
        ),
    ] {
        let t = format!("playbook-catalog 1\nzh q 0001 s2:00\n{bad}\n");
        assert_eq!(Catalog::parse(&t).unwrap_err().message, msg);
    }
}

#[test]
fn a_path_walks_the_targets_to_an_ending() {
    let s = &catalog().scenarios[0];
    assert_eq!(s.walk(&[0, 0]), Some(3));
    assert_eq!(s.walk(&[1, 1]), Some(4));
    assert_eq!(s.walk(&[0, 1, 0, 0]), Some(3), "the recovery loop");
    assert_eq!(s.walk(&[0]), None, "stops before an ending");
    assert_eq!(s.walk(&[2]), None, "no third choice at the start");
    assert_eq!(s.walk(&[0, 0, 0]), None, "nothing after an ending");
}

#[test]
fn runs_pack_beside_quizzes_and_come_back_as_records() {
    let c = catalog();
    let hash = graph_hash(&graph());
    let quiz = r#"{"id":"price","lang":"zh","last":100,"best":100,"attempts":1,"date":"2026-11-29","answers":{"q1":[0]}}"#;
    let recs = format!("[{quiz},{}]", run_record(&hash, "[0,1,0,0]"));
    let packed = pack(&c, &recs).unwrap();
    assert!(packed.starts_with('2'), "{packed}");
    let u = unpack(&c, &packed).unwrap();
    assert_eq!(
        u.records,
        format!(
            r#"[{quiz},{{"kind":"scenario","id":"price","lang":"zh","hash":"{hash}","last":100,"best":100,"attempts":2,"date":"2026-11-30","done":true,"ending":"signed","path":[0,1,0,0],"run":[0,1,0,0]}}]"#
        )
    );
    assert!(u.changed.is_empty() && u.unknown.is_empty());
    // A record of an earlier version keeps its finished path in `path` while `done`.
    let older = format!(
        r#"[{{"kind":"scenario","id":"price","lang":"zh","hash":"{hash}","path":[1,1],"last":0,"best":40,"attempts":1,"date":"2026-11-30","done":true,"ending":"lost"}}]"#
    );
    let (_, bytes) = from_text_format(&pack(&c, &older).unwrap()).unwrap();
    let (_, runs) = decode_all(&bytes, &c, 2).unwrap();
    assert_eq!(
        (runs[0].ending, runs[0].path.clone(), runs[0].best),
        (Some(4), Some(vec![1, 1]), 40)
    );
    // A run never finished is not packed.
    let started = r#"[{"kind":"scenario","id":"price","lang":"zh","path":[0],"done":false}]"#;
    assert_eq!(entries(&c, started).unwrap(), Vec::new());
}

#[test]
fn a_run_of_another_graph_or_a_path_that_does_not_fit_is_changed() {
    let c = catalog();
    let hash = graph_hash(&graph());
    // Made on an older graph: packed as it is, reported as changed.
    let other = run_record("0badcafe", "[0,0]");
    let u = unpack(&c, &pack(&c, &format!("[{other}]")).unwrap()).unwrap();
    assert_eq!(
        (u.records.as_str(), u.changed.clone()),
        ("[]", vec!["zh:price".to_string()])
    );
    // The same hash, but the packed path leads elsewhere than the ending it names.
    let mut e = entries(&c, &format!("[{}]", run_record(&hash, "[0,0]"))).unwrap();
    assert_eq!(e[0].status(&c), Status::Current(0));
    e[0].path = Some(vec![1, 1]);
    assert_eq!(e[0].status(&c), Status::Changed(0));
    e[0].path = Some(vec![0, 5]);
    assert_eq!(e[0].status(&c), Status::Changed(0));
    // A scenario the catalog lacks.
    let none = Catalog {
        scenarios: Vec::new(),
        ..c.clone()
    };
    e[0].path = Some(vec![0, 0]);
    assert_eq!(e[0].status(&none), Status::Unknown);
}

#[test]
fn format_1_texts_are_still_read_without_runs() {
    let c = catalog();
    let recs = r#"[{"id":"price","lang":"zh","last":100,"best":100,"attempts":1,"date":"2026-11-29","answers":{"q1":[0]}}]"#;
    let quiz = crate::progress::entries(&c, recs).unwrap();
    let old = format!("1{}", &to_text(&encode_format(&quiz, &[], false, 1))[1..]);
    let u = unpack(&c, &old).unwrap();
    assert_eq!(
        u.records,
        r#"[{"id":"price","lang":"zh","last":100,"best":100,"attempts":1,"date":"2026-11-29","answers":{"q1":[0]}}]"#
    );
    // Read as format 2 instead, the missing section is an error, not a guess.
    let (_, bytes) = from_text_format(&old).unwrap();
    assert!(decode_all(&bytes, &c, 2).is_err());
}

#[test]
fn long_paths_are_left_out_and_damaged_sections_never_panic() {
    let c = catalog();
    let hash = graph_hash(&graph());
    let long = format!("[{}]", ["0,1"; 40].join(","));
    let e = entries(&c, &format!("[{}]", run_record(&hash, &long))).unwrap();
    assert_eq!((e[0].path.clone(), e[0].ending), (None, None));
    let recs = format!("[{}]", run_record(&hash, "[0,1,0,0]"));
    let bytes = from_text_format(&pack(&c, &recs).unwrap()).unwrap().1;
    for i in 0..bytes.len() - 2 {
        for bit in 0..8 {
            let mut b = bytes[..bytes.len() - 2].to_vec();
            b[i] ^= 1 << bit;
            let mut r = BitReader::new(&b);
            let _ = get(&mut r);
        }
    }
}
