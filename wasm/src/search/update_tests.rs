//! The incremental index against the writer: after every kind of edit, the same files.

use std::hash::{Hash, Hasher};

use super::*;
use crate::search::{page_terms, IndexWriter};

/// A small deterministic generator (xorshift), so that the pages are varied but fixed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, words: &[&'a str]) -> &'a str {
        words[(self.next() % words.len() as u64) as usize]
    }
}

const WORDS: [&str; 16] = [
    "客户", "价值", "拜访", "目标", "需求", "异议", "成交", "关系", "sales", "value", "MAN",
    "6W2H", "预算", "决策", "信任", "跟进",
];

fn text(rng: &mut Rng, words: usize) -> String {
    (0..words)
        .map(|_| rng.pick(&WORDS))
        .collect::<Vec<_>>()
        .join(" ")
}

fn page(rng: &mut Rng, n: usize) -> PageIn {
    let sections = 1 + (rng.next() % 4) as usize;
    PageIn {
        url: format!("p{n}/"),
        title: format!("第 {n} 页 {}", rng.pick(&WORDS)),
        sections: (0..sections)
            .map(|s| {
                let words = (rng.next() % 40) as usize;
                let heading = if s == 0 { String::new() } else { text(rng, 2) };
                (format!("h{s}"), heading, text(rng, words))
            })
            .collect(),
    }
}

fn sig(p: &PageIn) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    p.hash_fields(&mut h);
    h.finish()
}

trait HashFields {
    fn hash_fields(&self, h: &mut rustc_hash::FxHasher);
}

impl HashFields for PageIn {
    fn hash_fields(&self, h: &mut rustc_hash::FxHasher) {
        (&self.url, &self.title, &self.sections).hash(h);
    }
}

const TARGET: usize = 300;

thread_local! {
    /// The files of the last update in this test, with their fingerprints.
    static LAST: std::cell::RefCell<std::collections::BTreeMap<String, (u64, Vec<u8>)>> =
        Default::default();
}

fn clean(pages: &[PageIn]) -> Vec<(String, Vec<u8>)> {
    let mut w = IndexWriter::new(TARGET);
    for p in pages {
        w.add(p, page_terms(p));
    }
    w.finish()
}

fn incremental(cache: &mut IndexCache, pages: &[PageIn]) -> Updated {
    let sigs: Vec<u64> = pages.iter().map(sig).collect();
    for (p, &s) in pages.iter().zip(&sigs) {
        if !cache.knows(s) {
            cache.add_page(s, p, page_terms(p));
        }
    }
    let stats = cache.update(&sigs).expect("every page known");
    let files = cache.all_files();
    // From one update to the next, a file keeps its fingerprint exactly when it keeps its
    // bytes (`serve` keeps the bytes it has for an unchanged fingerprint).
    let fps = cache.files();
    LAST.with(|last| {
        let mut last = last.borrow_mut();
        for (f, (name, bytes)) in fps.iter().zip(&files) {
            assert_eq!(&f.name, name);
            if let Some((fp, old)) = last.get(name) {
                assert_eq!(*fp == f.fingerprint, old == bytes, "{name}");
            }
        }
        *last = fps
            .iter()
            .zip(&files)
            .map(|(f, (name, bytes))| (name.clone(), (f.fingerprint, bytes.clone())))
            .collect();
    });
    let want = clean(pages);
    assert_eq!(files.len(), want.len());
    for (got, want) in files.iter().zip(&want) {
        assert_eq!(got.0, want.0);
        assert!(
            got.1 == want.1,
            "{} differs:\n{}\n---\n{}",
            got.0,
            String::from_utf8_lossy(&got.1),
            String::from_utf8_lossy(&want.1)
        );
    }
    stats
}

#[test]
fn every_kind_of_edit_gives_the_writers_files() {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut pages: Vec<PageIn> = (0..60).map(|n| page(&mut rng, n)).collect();
    let mut cache = IndexCache::new(TARGET);
    let first = incremental(&mut cache, &pages);
    assert_eq!(first.pages, 60);
    assert!(first.shards > 3, "{first:?}");

    // Nothing changed: nothing redone.
    let same = incremental(&mut cache, &pages);
    assert_eq!((same.pages, same.lines, same.shards_rebuilt), (0, 0, 0));
    assert_eq!(same.chunks_rehashed, 0);

    // A word added to one page's text: that page only, and fewer shards than all.
    pages[20].sections[0].2.push_str(" 信任");
    let body = incremental(&mut cache, &pages);
    assert_eq!((body.pages, body.chunks_rehashed), (1, 1));
    assert!(body.shards_rebuilt < body.shards, "{body:?}");

    // A heading renamed; a title changed.
    let last = pages[7].sections.len() - 1;
    pages[7].sections[last].1 = "新的标题 budget".into();
    incremental(&mut cache, &pages);
    pages[33].title = "全新的题目".into();
    assert_eq!(incremental(&mut cache, &pages).pages, 1);

    // A section added (every later page is renumbered), then removed.
    pages[10]
        .sections
        .push(("extra".into(), "补充".into(), "跟进 预算".into()));
    let grown = incremental(&mut cache, &pages);
    assert_eq!(grown.pages, 50);
    pages[10].sections.pop();
    incremental(&mut cache, &pages);

    // A page added, moved, removed; a term that no page has any more.
    let mut added = page(&mut rng, 99);
    added.sections[0].2 = "独一无二的词 xyzzy".into();
    pages.insert(5, added);
    incremental(&mut cache, &pages);
    let moved = pages.remove(40);
    pages.insert(2, moved);
    incremental(&mut cache, &pages);
    pages.remove(6);
    incremental(&mut cache, &pages);
    pages.remove(0);
    pages.pop();
    incremental(&mut cache, &pages);

    // Many random edits, each compared with the writer.
    for round in 0..40 {
        let i = (rng.next() % pages.len() as u64) as usize;
        match round % 4 {
            0 => pages[i].sections[0].2 = text(&mut rng, 30),
            1 => pages[i] = page(&mut rng, 1000 + round),
            2 => {
                let p = pages.remove(i);
                pages.insert((rng.next() % pages.len() as u64) as usize, p);
            }
            _ => pages[i].sections[0].2.push_str(" 客户"),
        }
        incremental(&mut cache, &pages);
    }
    // Down to no page at all, and back.
    incremental(&mut cache, &[]);
    incremental(&mut cache, &pages);
}

/// Pages that move keep their postings, which are renumbered term by term over the
/// stretch where pages changed: pages swapped across one that keeps its place, a page
/// moved past the old end while another comes, and many changes in one update.
#[test]
fn pages_that_move_take_their_postings_along() {
    let mut rng = Rng(0x51_7cc1_b727_220a);
    let mut pages: Vec<PageIn> = (0..30).map(|n| page(&mut rng, n)).collect();
    let mut cache = IndexCache::new(TARGET);
    incremental(&mut cache, &pages);

    // Two pages of as many sections swapped across page 11, which keeps its documents.
    let two = |p: &mut PageIn| p.sections.truncate(1);
    two(&mut pages[10]);
    two(&mut pages[12]);
    incremental(&mut cache, &pages);
    pages.swap(10, 12);
    let swapped = incremental(&mut cache, &pages);
    assert_eq!(swapped.pages, 2, "{swapped:?}");

    // The first page moves to the end while a new page of its size takes its place: the
    // moved page's documents lie past every document of the last update.
    let first = pages.remove(0);
    let mut fresh = page(&mut rng, 500);
    fresh.sections.truncate(first.sections.len());
    while fresh.sections.len() < first.sections.len() {
        fresh
            .sections
            .push(("x".into(), "补".into(), "预算 跟进".into()));
    }
    pages.insert(0, fresh);
    pages.push(first);
    incremental(&mut cache, &pages);

    // Several changes at once, many times: moves, a page gone, one come, one edited.
    for _ in 0..30 {
        for _ in 0..3 {
            let i = (rng.next() % pages.len() as u64) as usize;
            let p = pages.remove(i);
            let j = (rng.next() % (pages.len() as u64 + 1)) as usize;
            pages.insert(j, p);
        }
        let i = (rng.next() % pages.len() as u64) as usize;
        match rng.next() % 3 {
            0 => {
                pages.remove(i);
            }
            1 => pages.insert(i, page(&mut rng, 2000 + i)),
            _ => pages[i].sections[0].2.push_str(" 信任 xyzzy"),
        }
        incremental(&mut cache, &pages);
    }
}

#[test]
fn an_unknown_page_is_refused_and_the_next_update_starts_afresh() {
    let mut rng = Rng(7);
    let pages: Vec<PageIn> = (0..5).map(|n| page(&mut rng, n)).collect();
    let mut cache = IndexCache::new(TARGET);
    incremental(&mut cache, &pages);
    assert!(cache.update(&[1, 2, 3]).is_none());
    assert!(!cache.knows(sig(&pages[0])));
    assert_eq!(incremental(&mut cache, &pages).pages, 5);
    let twice = [sig(&pages[0]), sig(&pages[0])];
    assert!(cache.update(&twice).is_none(), "a page listed twice");
}

#[test]
fn a_weight_keeps_its_level_inside_the_range_found_for_it() {
    for tf in [1, 2, 3, 7, 30] {
        for len in [1, 5, 40, 300, 5000] {
            for avg in [1.37, 3.51, 41.3, 212.7, 4003.9] {
                let q = level(tf, len, avg);
                let (lo, hi) = holds(tf, len, q);
                // None of these averages lies on a boundary: each is inside its range.
                assert!(
                    lo < avg && avg < hi,
                    "tf {tf} len {len} avg {avg}: {lo}..{hi}"
                );
                // Inside the range, the level holds; just outside, it has moved.
                for a in [
                    lo * 1.000_001,
                    (lo + hi.min(lo * 4.0 + 1.0)) / 2.0,
                    hi * 0.999_999,
                ] {
                    if a.is_finite() && lo < a && a < hi {
                        assert_eq!(level(tf, len, a), q, "tf {tf} len {len} avg {a}");
                    }
                }
                if lo > 0.0 && lo.is_finite() {
                    assert!(
                        level(tf, len, lo * 0.999) < q,
                        "tf {tf} len {len} below {lo}"
                    );
                }
                // (Past 1e9 the level creeps up too slowly for a 0.1 % step to show it.)
                if hi < 1e9 {
                    assert!(
                        level(tf, len, hi * 1.001) > q,
                        "tf {tf} len {len} above {hi}"
                    );
                }
            }
        }
    }
}

/// Splicing the changed stretch of a line gives the line a full encoding gives, for
/// stretches at the start, in the middle, at the end, emptied, grown, and gaps of every
/// width around them.
#[test]
fn a_spliced_line_is_the_line_encoded_afresh() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let docs_in_all = 400u32;
    let lengths: Vec<u32> = (0..docs_in_all)
        .map(|_| (rng.next() % 300) as u32)
        .collect();
    let bare: Vec<bool> = (0..docs_in_all).map(|_| rng.next() % 9 == 0).collect();
    let mut levels = Levels::new(&lengths, &bare, 120.0);
    let list = |rng: &mut Rng, density: u64| -> Vec<(u32, u32)> {
        let mut v = Vec::new();
        for d in 0..docs_in_all {
            if rng.next() % density == 0 {
                v.push((d, 1 + (rng.next() % 7) as u32));
            }
        }
        v
    };
    for case in 0..2000 {
        let old_docs = list(&mut rng, 1 + case % 13);
        let (old, ..) = encode(&old_docs, 0, &mut levels);
        let first = (rng.next() % u64::from(docs_in_all)) as u32;
        let last = (first + (rng.next() % 40) as u32).min(docs_in_all - 1);
        // Outside first..=last the postings stay; inside, any change.
        let density = 1 + rng.next() % 5;
        let fresh = list(&mut rng, density);
        let new_docs: Vec<(u32, u32)> = old_docs
            .iter()
            .filter(|d| d.0 < first || d.0 > last)
            .chain(fresh.iter().filter(|d| d.0 >= first && d.0 <= last))
            .copied()
            .collect::<std::collections::BTreeMap<u32, u32>>()
            .into_iter()
            .collect();
        let (want, lo, hi) = encode(&new_docs, 0, &mut levels);
        let mut got = old.clone();
        let (changed, slo, shi, n) = splice(
            &mut got,
            &new_docs,
            first,
            last,
            &mut levels,
            &mut Vec::new(),
        );
        assert_eq!(changed, got != old, "case {case}: a change is said");
        assert_eq!(
            String::from_utf8_lossy(&got),
            String::from_utf8_lossy(&want),
            "case {case}: {first}..={last}"
        );
        assert!(
            slo <= lo && shi >= hi,
            "the stretch's range holds the line's"
        );
        assert_eq!(
            n,
            new_docs
                .iter()
                .filter(|d| (first..=last).contains(&d.0))
                .count()
        );
    }
}

/// Seeking a document in a list from where an even spread would put it finds what a
/// binary search finds, in lists even, clustered, short and long.
#[test]
fn a_seek_finds_what_a_binary_search_finds() {
    use super::lines::{seek, seek_after};
    let mut rng = Rng(0x0123_4567_89ab_cdef);
    for case in 0..3000u64 {
        let n = (rng.next() % [3, 40, 2000][(case % 3) as usize]) as usize;
        let mut docs: Vec<(u32, u32)> = (0..n)
            .map(|_| {
                // Some lists crowd into one end, others spread evenly.
                let d = if case % 5 == 0 {
                    (rng.next() % 64) as u32 + if rng.next() % 2 == 0 { 0 } else { 9000 }
                } else {
                    (rng.next() % 10_000) as u32
                };
                (d, 1)
            })
            .collect();
        docs.sort_unstable();
        docs.dedup_by_key(|d| d.0);
        for _ in 0..20 {
            let target = (rng.next() % 10_050) as u32;
            let want = docs.partition_point(|d| d.0 < target);
            assert_eq!(
                seek(&docs, target),
                want,
                "case {case}: {target} in {docs:?}"
            );
            let from = if want == 0 {
                0
            } else {
                (rng.next() as usize) % (want + 1)
            };
            assert_eq!(
                seek_after(&docs, from, target),
                want,
                "case {case}: from {from}"
            );
        }
    }
}

/// An edited page in its place is compared with the page it replaces section by
/// section: a section of the same length whose words changed, one whose length changed,
/// one left alone; only the changed postings are redone, and the files are the writer's.
#[test]
fn an_edited_page_redoes_only_its_changed_postings() {
    let mut rng = Rng(0x51ed_270b);
    let mut pages: Vec<PageIn> = (0..30).map(|n| page(&mut rng, n)).collect();
    let edited = PageIn {
        url: "p7/".into(),
        title: "第 7 页 客户".into(),
        sections: vec![
            (
                "h0".into(),
                String::new(),
                "客户 价值 拜访 目标 需求".into(),
            ),
            (
                "h1".into(),
                "异议 成交".into(),
                "关系 预算 决策 信任 跟进".into(),
            ),
            (
                "h2".into(),
                "sales value".into(),
                "MAN 6W2H 客户 价值".into(),
            ),
        ],
    };
    pages[7] = edited.clone();
    let mut cache = IndexCache::new(TARGET);
    incremental(&mut cache, &pages);
    let all = incremental(&mut cache, &pages);
    assert_eq!((all.pages, all.postings), (0, 0), "nothing redone");

    // Section 0: the same number of tokens, two words swapped for others; section 1
    // untouched; section 2: longer.
    let mut next = edited.clone();
    next.sections[0].2 = "客户 价值 拜访 信任 跟进".into();
    next.sections[2].2 = "MAN 6W2H 客户 价值 预算 决策".into();
    pages[7] = next;
    let u = incremental(&mut cache, &pages);
    assert_eq!(u.pages, 1);
    // Section 0: 目标, 需求 gone, 信任, 跟进 come (their unigrams and pairs with their
    // neighbours); section 2: every posting. Far fewer than the page's postings.
    let page_postings: usize = page_terms(&pages[7]).iter().map(Vec::len).sum();
    assert!(
        u.postings < page_postings + 12,
        "{} postings redone, the page has {page_postings}",
        u.postings
    );
    // Section 1 alone changed, with as many tokens: its terms and nothing else.
    let mut last = pages[7].clone();
    last.sections[1].2 = "关系 预算 决策 客户 跟进".into();
    pages[7] = last;
    let u = incremental(&mut cache, &pages);
    assert!(u.lines > 0 && u.lines < 12, "{} lines encoded", u.lines);
}
