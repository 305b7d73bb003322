//! Tests of the index writer: term counting, term keys, levels, decimal gaps, and the
//! files it hands over.

use std::collections::BTreeMap;

use super::*;
use crate::search::{files, tokenize};

#[test]
fn weights_follow_bm25_term_frequency_saturation() {
    // tf 1 in a document of average length: 2.2 / 2.2 = 1.0, 1 / 2.2 of the range: level
    // 12 of 26 (11.8 rounded up).
    assert_eq!(level(1, 100, 100.0), 12);
    // Saturation: more occurrences weigh more, never past the top level.
    assert!(level(3, 100, 100.0) > level(1, 100, 100.0));
    assert_eq!(level(1000, 100, 100.0), 26);
    // A longer document weighs less for the same count.
    assert!(level(2, 400, 100.0) < level(2, 50, 100.0));
    assert_eq!(level(1, 100_000, 1.0), 1, "never zero");
}

#[test]
fn decimal_gaps_are_written_as_to_string_writes_them() {
    for n in [0, 1, 9, 10, 99, 100, 12_345, 1_000_000, u32::MAX] {
        let mut out = b"x".to_vec();
        push_decimal(&mut out, n);
        assert_eq!(out, format!("x{n}").into_bytes());
    }
}

#[test]
fn page_terms_count_each_section_with_the_title_and_its_heading() {
    let page = PageIn {
        url: "a/".into(),
        title: "客户價值 MAN".into(),
        sections: vec![
            (
                String::new(),
                String::new(),
                "客户价值是 value，values 与 6W2H。".into(),
            ),
            ("x".into(), "回访间隔".into(), "回访 客户 客户".into()),
            ("y".into(), "空".into(), String::new()),
        ],
    };
    // Counted the plain way: a term of the text once per occurrence, of the title and
    // heading three times.
    let naive = |heading: &str, text: &str| {
        let mut m: BTreeMap<String, u32> = BTreeMap::new();
        for (s, w) in [(text, 1), (page.title.as_str(), 3), (heading, 3)] {
            for t in tokenize(s) {
                *m.entry(t.term).or_default() += w;
            }
        }
        m
    };
    let got = page_terms(&page);
    assert_eq!(got.len(), 3);
    for ((_, heading, text), tf) in page.sections.iter().zip(got) {
        let counted: BTreeMap<String, u32> =
            tf.into_iter().map(|(t, n)| (t.into_owned(), n)).collect();
        assert_eq!(counted, naive(heading, text), "{heading}");
    }
    // Twice in the text, once in the title.
    assert_eq!(naive("", "客户 客户")["客户"], 2 + 3);
    assert_eq!(naive("回访间隔", "")["价值"], 3);
}

#[test]
fn terms_as_keys_are_equal_exactly_when_their_texts_are() {
    use std::borrow::Cow;
    let texts = [
        "客",
        "客户",
        "户价",
        "价值观",
        "a",
        "ab",
        "abc",
        "6w2h",
        "1:1",
        "80%",
        "é",
        "éé",
        "𠀀",
        "𠀀客",
        "",
    ];
    let keys: Vec<Term> = texts.iter().map(|t| Term::of(Cow::Borrowed(*t))).collect();
    for (i, k) in keys.iter().enumerate() {
        assert_eq!(k.text(), texts[i], "the text comes back");
        for (j, other) in keys.iter().enumerate() {
            assert_eq!(k == other, i == j, "{} / {}", texts[i], texts[j]);
        }
    }
    assert!(matches!(keys[1], Term::Short(_)) && matches!(keys[3], Term::Long(_)));
    // The keyed count of a page is its count by text.
    let page = PageIn {
        url: "p/".into(),
        title: "銷售拜訪 6W2H".into(),
        sections: vec![
            (
                String::new(),
                String::new(),
                "拜访客户前，先想 6W2H 与 80/20。".into(),
            ),
            ("x".into(), "关系".into(), "關係 关系 MAN M+A+N".into()),
            // Han next to Latin, traditional first and last, four-byte characters, a pair
            // of which only the second folds, full-width letters.
            (
                "y".into(),
                "戶A".into(),
                "A關係B客戶𠀀𠀁客 ABC-1 x關 价價 ＭＡＮ原则 80%的".into(),
            ),
        ],
    };
    assert_eq!(page_keys(&page).len(), 3);
    for (keyed, by_text) in page_keys(&page).into_iter().zip(page_terms(&page)) {
        let mut keyed: Vec<(String, u32)> = keyed.iter().map(|(k, n)| (k.text(), *n)).collect();
        let mut by_text: Vec<(String, u32)> = by_text
            .into_iter()
            .map(|(t, n)| (t.into_owned(), n))
            .collect();
        keyed.sort();
        by_text.sort();
        assert_eq!(keyed, by_text);
    }
}

#[test]
fn keyed_and_text_frequencies_write_the_same_files() {
    let mut pages = Vec::new();
    for p in 0..60 {
        pages.push(PageIn {
            url: format!("p{p}/"),
            title: format!("第{p}页 客户價值"),
            sections: vec![
                (
                    String::new(),
                    String::new(),
                    format!("客户{p} 回访间隔 value{p} 拜訪"),
                ),
                (
                    format!("s{p}"),
                    "跟进".into(),
                    "客户关系 M+A+N 80%".repeat(p % 4 + 1),
                ),
            ],
        });
    }
    let (mut a, mut b) = (IndexWriter::new(300), IndexWriter::new(300));
    for p in &pages {
        a.add(p, page_terms(p));
        b.add_keyed(p, page_keys(p));
    }
    let (a, b) = (a.finish(), b.finish());
    assert!(a.len() > 60 + 3, "several shards: {}", a.len());
    assert_eq!(a, b);
}

#[test]
fn files_handed_over_as_they_are_made_are_the_files_finish_gives() {
    // 150 pages: two whole groups of chunks and part of a third, several shards.
    let pages: Vec<PageIn> = (0..150)
        .map(|p| PageIn {
            url: format!("p{p}/"),
            title: format!("第{p}页"),
            sections: vec![(
                String::new(),
                String::new(),
                format!("客户{p} 拜访{} value{p}", p % 7),
            )],
        })
        .collect();
    let mut whole = IndexWriter::new(200);
    let mut streamed = IndexWriter::new(200);
    let mut got: Vec<(String, Vec<u8>)> = Vec::new();
    let mut ready_after = Vec::new();
    for p in &pages {
        whole.add(p, page_terms(p));
        streamed.add(p, page_terms(p));
        let ready = streamed.take_ready();
        if !ready.is_empty() {
            ready_after.push((streamed_pages(&got, &ready), ready.len()));
        }
        got.extend(ready);
    }
    // A group's chunks are ready once its 64th page is added, not before.
    assert_eq!(ready_after, vec![(0, 64), (64, 64)]);
    let mut batches = 0;
    streamed.finish_with(&mut |batch| {
        batches += 1;
        got.extend(batch)
    });
    let whole = whole.finish();
    assert!(
        batches >= 3,
        "shards, the last chunks and the manifest: {batches}"
    );
    assert_eq!(got.last().map(|f| f.0.as_str()), Some("manifest.txt"));
    assert_eq!(whole[0].0, "manifest.txt");
    assert!(whole.iter().filter(|f| f.0.starts_with("t/")).count() > 3);
    let sorted = |mut v: Vec<(String, Vec<u8>)>| {
        v.sort();
        v
    };
    assert_eq!(sorted(got), sorted(whole));
}

/// The number of chunks in `got` before `ready` (checks that `ready` starts there).
fn streamed_pages(got: &[(String, Vec<u8>)], ready: &[(String, Vec<u8>)]) -> usize {
    let n = got.iter().filter(|f| f.0.starts_with("d/")).count();
    assert_eq!(ready[0].0, format!("d/{n}.txt"));
    n
}

#[test]
fn a_level_is_the_bm25_formula_rounded_up() {
    // The formula as first written, with `ceil`.
    let reference = |tf: u32, len: u32, avg: f64| {
        let tf = f64::from(tf);
        let v = tf * files::MAX_WEIGHT / (tf + 1.2 * (0.25 + 0.75 * f64::from(len) / avg));
        ((v / files::MAX_WEIGHT * f64::from(files::LEVELS)).ceil() as u8).clamp(1, files::LEVELS)
    };
    let mut seed = 7u64;
    let mut next = |m: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % m
    };
    for _ in 0..200_000 {
        let (tf, len) = (next(60) as u32, next(5000) as u32);
        let avg = 1.0 + next(100_000) as f64 / 37.0;
        assert_eq!(
            level(tf, len, avg),
            reference(tf, len, avg),
            "{tf} {len} {avg}"
        );
    }
    for (tf, len, avg) in [
        (0, 0, 1.0),
        (1, 0, 1.0),
        (u32::MAX, 1, 1.0),
        (1, u32::MAX, 1.0),
    ] {
        assert_eq!(level(tf, len, avg), reference(tf, len, avg));
    }
}
