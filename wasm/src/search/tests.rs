//! Tests of ranking, grouping, snippets and the split index, on small indexes written
//! and loaded the way a site's are.

use super::html::title_html;
use std::collections::BTreeMap;

use super::*;

fn sample() -> Index {
    Index::build(vec![
        Doc {
            url: "visits/man/".into(),
            title: "找到关键人：MAN 原则".into(),
            heading: String::new(),
            text: "MAN 原则帮助判断有望客户：钱、权、需。M+A+N 是理想的销售对象。".into(),
        },
        Doc {
            url: "value/clv/".into(),
            title: "客户终生价值".into(),
            heading: String::new(),
            text: "客户终生价值是客户未来带来的利润之和。保留率提高 5% 能显著提高利润。".into(),
        },
        Doc {
            url: "visits/6w2h/".into(),
            title: "用 6W2H 设定目标".into(),
            heading: String::new(),
            text: "6W2H 把模糊的愿望变成具体的目标。".into(),
        },
    ])
}

#[test]
fn queries_find_their_page_first() {
    let i = sample();
    for (q, url) in [
        ("关键人", "visits/man/"),
        ("终生价值", "value/clv/"),
        ("6w2h", "visits/6w2h/"),
        ("M+A+N", "visits/man/"),
        ("保留率", "value/clv/"),
        ("价值", "value/clv/"),
    ] {
        let hits = i.search(q);
        assert!(!hits.is_empty(), "{q}");
        assert_eq!(i.doc(hits[0].0).unwrap().url, url, "{q}");
    }
    assert!(i.search("完全无关的词").is_empty() || i.search("完全无关的词").len() <= 3);
    assert!(i.search("").is_empty());
}

#[test]
fn a_page_about_the_query_outranks_a_lone_section_named_after_it() {
    let doc = |url: &str, title: &str, heading: &str, text: &str| Doc {
        url: url.into(),
        title: title.into(),
        heading: heading.into(),
        text: text.into(),
    };
    let docs = vec![
        doc(
            "man/#revisit",
            "MAN 原则",
            "回访间隔",
            "工具给出一个回访间隔的起点。",
        ),
        doc("man/#table", "MAN 原则", "八种组合", "钱、权、需三个条件。"),
        doc("prospects/", "准客户分类", "", "先分类，再定回访间隔。"),
        doc(
            "prospects/#interval",
            "准客户分类",
            "按成交时间定间隔",
            "回访间隔分四档：20、40、60、80 天以内。回访间隔是上限。",
        ),
        doc(
            "prospects/#plans",
            "准客户分类",
            "计划",
            "到期的回访间隔排进周计划。",
        ),
    ];
    let i = Index::build(docs.clone());
    let hits = i.search("回访间隔");
    assert_eq!(i.doc(hits[0].0).unwrap().url, "prospects/#interval");
    // Without its sibling sections, the page loses first place to the heading match.
    let i = Index::build(vec![docs[0].clone(), docs[1].clone(), docs[3].clone()]);
    let hits = i.search("回访间隔");
    assert_eq!(i.doc(hits[0].0).unwrap().url, "man/#revisit");
}

/// The files of `docs` as an index writer writes them.
fn files(docs: Vec<Doc>, shard_target: usize) -> BTreeMap<String, String> {
    let mut w = IndexWriter::new(shard_target);
    let mut page = PageIn::default();
    let mut pages = Vec::new();
    for d in docs {
        let (url, anchor) = d.url.split_once('#').unwrap_or((&d.url, ""));
        if page.url != url && !page.url.is_empty() {
            pages.push(std::mem::take(&mut page));
        }
        page.url = url.into();
        page.title = d.title;
        page.sections.push((anchor.into(), d.heading, d.text));
    }
    pages.push(page);
    for p in &pages {
        w.add(p, page_terms(p));
    }
    let f: BTreeMap<String, String> = w
        .finish()
        .into_iter()
        .map(|(n, b)| (n, String::from_utf8(b).unwrap()))
        .collect();
    f
}

#[test]
fn a_query_loads_only_the_shards_of_its_terms_and_the_pages_it_shows() {
    // Enough distinct text for several shards.
    let mut docs = Vec::new();
    for p in 0..400 {
        docs.push(doc(
            &format!("p{p}/"),
            &format!(
                "第{p}页 zeta{}{}",
                char::from(b'a' + (p / 26) as u8),
                char::from(b'a' + (p % 26) as u8)
            ),
            "",
            &format!(
                "段落{p}：word{p} 客户价值 {}",
                "这是一段简单的测试文本".repeat(1 + p % 3)
            ),
        ));
    }
    let f = files(docs.clone(), 2000);
    let full = Index::build(docs);
    let mut i = Index::open(&f["manifest.txt"]).unwrap();
    assert!(i.shard_count() > 3, "{} shards", i.shard_count());
    assert_eq!(i.page_count(), 400);
    let need = i.shards_for("word17 客户");
    assert_eq!(need.len(), 2, "{need:?}");
    assert!(
        i.search("word17 客户").is_empty(),
        "nothing loaded, nothing found"
    );
    // Progressive: the first shard alone already gives results.
    i.add_shard(need[1], &f[&format!("t/{}.txt", need[1])])
        .unwrap();
    let partial = i.search("word17 客户");
    assert!(!partial.is_empty());
    i.add_shard(need[0], &f[&format!("t/{}.txt", need[0])])
        .unwrap();
    assert!(i.shards_for("word17 客户").is_empty());
    assert_eq!(i.search("word17 客户"), full.search("word17 客户"));
    // Only the pages shown need their chunks; until then they are pending.
    let missing = i.missing_pages("word17 客户", 10);
    assert_eq!(missing, [17]);
    let html = results_html(&i, "word17 客户", "", true, 10, &[]);
    assert!(html.contains("search-pending"), "{html}");
    let failed = results_html(&i, "word17 客户", "", true, 10, &[17]);
    assert!(failed.contains("这条结果无法加载"), "{failed}");
    i.add_page(17, &f["d/17.txt"]).unwrap();
    assert!(i.missing_pages("word17 客户", 10).is_empty());
    assert_eq!(
        results_html(&i, "word17 客户", "", true, 10, &[]),
        results_html(&full, "word17 客户", "", true, 10, &[])
    );
    // A substring of Chinese text is found by its character pairs.
    let hits = full.search("段简");
    assert_eq!(hits.len(), 400);
    // A prefix being typed loads the shards where its words are.
    let mut j = Index::open(&f["manifest.txt"]).unwrap();
    for n in j.shards_for("zetab") {
        j.add_shard(n, &f[&format!("t/{n}.txt")]).unwrap();
    }
    assert_eq!(j.search("zetab"), full.search("zetab"));
    assert_eq!(full.search("zetab").len(), 26, "zetaba … zetabz");
    // A finished word matches whole (and its plural: page 44's `zetabs`).
    let whole: Vec<String> = j
        .search("zetab ")
        .iter()
        .map(|h| j.page_of(h.0).to_string())
        .collect();
    assert_eq!(whole, ["44"]);
}

#[test]
fn damaged_stale_and_foreign_files_are_refused() {
    let docs = vec![
        doc("a/", "客户", "", "客户价值"),
        doc("b/", "价值", "", "终生价值"),
    ];
    let f = files(docs.clone(), SHARD_TARGET);
    let mut i = Index::open(&f["manifest.txt"]).unwrap();
    let shard = &f["t/0.txt"];
    assert_eq!(
        i.add_shard(0, &shard[..shard.len() - 4]),
        Err(LoadError::Corrupt)
    );
    // One weight letter changed: the body no longer matches its hash.
    let mut damaged = shard.clone().into_bytes();
    let at = damaged.len() - 2;
    damaged[at] = if damaged[at] == b'a' { b'b' } else { b'a' };
    let damaged = String::from_utf8(damaged).unwrap();
    assert_eq!(i.add_shard(0, &damaged), Err(LoadError::Corrupt));
    assert_eq!(i.add_shard(0, ""), Err(LoadError::Corrupt));
    assert_eq!(i.add_shard(1, shard), Err(LoadError::Corrupt), "no shard 1");
    assert_eq!(
        i.add_page(0, &f["d/1.txt"]),
        Err(LoadError::Corrupt),
        "wrong page"
    );
    // Another build of the site: the same files with other text have another version.
    let other = files(
        vec![doc("a/", "客户", "", "客户关系"), docs[1].clone()],
        SHARD_TARGET,
    );
    assert_ne!(other["manifest.txt"][..16], f["manifest.txt"][..16]);
    assert_eq!(i.add_shard(0, &other["t/0.txt"]), Err(LoadError::Stale));
    assert_eq!(i.add_page(1, &other["d/1.txt"]), Err(LoadError::Stale));
    i.add_shard(0, shard).unwrap();
    i.add_page(0, &f["d/0.txt"]).unwrap();
    assert_eq!(i.doc(0).unwrap().url, "a/");
    assert!(i.doc(1).is_none(), "page 1 not loaded");
    // A manifest for another tokenizer is refused.
    let m = &f["manifest.txt"];
    let body = m[HEADER_LEN..].replace(TOKENIZER, "han:1,2,3");
    let foreign = format!("{}\t{:08x}\n{body}", &m[..16], body_hash(body.as_bytes()));
    assert_eq!(Index::open(&foreign).err(), Some(LoadError::Format));
    assert_eq!(Index::open("").err(), Some(LoadError::Corrupt));
}

/// An edit changes the files it touches, the other chunks of their group and the
/// manifest: a file the edit left alone, cached from the build before, still loads; one
/// it changed is stale.
#[test]
fn files_an_edit_did_not_touch_load_from_the_build_before() {
    use super::files::CHUNK_GROUP;
    let page = |i: usize, topic: &str| {
        doc(
            &format!("p{i}/"),
            &format!("第{i}页"),
            "",
            &format!("{topic}关系第{i}课"),
        )
    };
    let n = CHUNK_GROUP + 3;
    let before: Vec<Doc> = (0..n).map(|i| page(i, "客户")).collect();
    let mut after = before.clone();
    // As many tokens as before: the average section length, and so the weights, stay.
    after[1] = page(1, "忠诚");
    let (old, new) = (files(before, 64), files(after, 64));
    assert!(
        new.keys().filter(|k| k.starts_with("t/")).count() > 3,
        "several shards"
    );
    let mut i = Index::open(&new["manifest.txt"]).unwrap();
    assert_ne!(old["manifest.txt"], new["manifest.txt"]);
    // Page 1's group: every chunk's header changed; the next group's did not.
    for p in [0, 1, CHUNK_GROUP - 1] {
        let name = format!("d/{p}.txt");
        assert_ne!(old[&name], new[&name], "{name}");
        assert_eq!(
            i.add_page(p as u32, &old[&name]),
            Err(LoadError::Stale),
            "{name}"
        );
        i.add_page(p as u32, &new[&name]).unwrap();
    }
    for p in CHUNK_GROUP..n {
        let name = format!("d/{p}.txt");
        assert_eq!(old[&name], new[&name], "{name}");
        i.add_page(p as u32, &old[&name]).unwrap();
    }
    // Shards: those holding page 1's new terms changed, the others load from before.
    let (mut same, mut changed) = (0, 0);
    for s in 0..i.shard_count() {
        let name = format!("t/{s}.txt");
        if old.get(&name) == Some(&new[&name]) {
            i.add_shard(s, &old[&name]).unwrap();
            same += 1;
        } else {
            if let Some(o) = old.get(&name) {
                assert_eq!(i.add_shard(s, o), Err(LoadError::Stale), "{name}");
            }
            i.add_shard(s, &new[&name]).unwrap();
            changed += 1;
        }
    }
    assert!(same > 0 && changed > 0, "{same} kept, {changed} changed");
    let top = i.search("忠诚")[0].0;
    assert_eq!(i.doc(top).unwrap().url, "p1/");
}

fn doc(url: &str, title: &str, heading: &str, text: &str) -> Doc {
    Doc {
        url: url.into(),
        title: title.into(),
        heading: heading.into(),
        text: text.into(),
    }
}

#[test]
fn a_word_being_typed_matches_the_words_it_begins() {
    let i = Index::build(vec![
        doc("a/", "Loyalty", "", "Loyalty grows with retention."),
        doc("b/", "Loyal customers", "", "A loyal customer buys again."),
        doc("c/", "Price", "", "Retention is not price."),
    ]);
    let urls = |q: &str| -> Vec<String> {
        let mut v: Vec<String> = i
            .search(q)
            .iter()
            .map(|h| i.doc(h.0).unwrap().url)
            .collect();
        v.sort();
        v
    };
    assert_eq!(urls("loyal"), ["a/", "b/"]);
    assert_eq!(urls("retent"), ["a/", "c/"]);
    assert_eq!(urls("loyalty retent"), ["a/"]);
    // A finished word (followed by a space) and short prefixes match exactly.
    assert_eq!(urls("loyal "), ["b/"]);
    assert!(urls("retent ").is_empty());
    assert!(urls("lo").is_empty());
    // Only the last word is a prefix: `retent` here matches nothing, `loyal` both.
    assert_eq!(urls("retent loyal"), ["a/", "b/"]);
    // The words it begins are highlighted.
    let s = snippet("Loyalty grows with retention.", "loyal", 80);
    assert!(s.contains("<mark>Loyalty</mark>"), "{s}");
}

#[test]
fn traditional_and_simplified_find_each_other() {
    let i = Index::build(vec![
        doc("profile/", "客户档案", "", "建立客户档案，记录每次拜访。"),
        doc("cost/", "轉移成本", "", "客戶離開時要付出的代價。"),
    ]);
    assert_eq!(i.doc(i.search("客戶檔案")[0].0).unwrap().url, "profile/");
    assert_eq!(i.doc(i.search("转移成本")[0].0).unwrap().url, "cost/");
    let s = snippet("客戶離開時要付出的代價。", "客户", 80);
    assert!(s.contains("<mark>客戶</mark>"), "{s}");
}

#[test]
fn quiz_sections_come_after_teaching_text() {
    let i = Index::build(vec![
        doc(
            "loyalty/#what",
            "衡量客户忠诚",
            "什么是忠诚",
            "忠诚是一种行为倾向，客户会重复购买。",
        ),
        doc("loyalty/#quiz", "衡量客户忠诚", "自测", ""),
        doc(
            "levels/#trust",
            "关系层次",
            "信任",
            "客户的忠诚来自长期的信任。",
        ),
    ]);
    let hits = i.search("忠诚");
    let urls: Vec<String> = hits.iter().map(|h| i.doc(h.0).unwrap().url).collect();
    assert_eq!(
        urls.last().map(String::as_str),
        Some("loyalty/#quiz"),
        "{urls:?}"
    );
    // Without the rule, the short quiz section would outrank teaching text on its title.
    assert!(hits.last().unwrap().1 > hits[1].1, "{hits:?}");
}

#[test]
fn results_are_grouped_by_page_with_more_on_request() {
    let mut docs = Vec::new();
    for p in 0..12 {
        for s in 0..5 {
            docs.push(doc(
                &format!("p{p}/#s{s}"),
                &format!("第{p}章"),
                &format!("第{s}节"),
                &"客户价值。".repeat(1 + (p * 5 + s) % 7),
            ));
        }
    }
    let i = Index::build(docs);
    let groups = i.search_pages("客户价值");
    assert_eq!(groups.len(), 12);
    for g in &groups {
        let page = i.page_of(g[0].0);
        assert!(g.iter().all(|h| i.page_of(h.0) == page));
        assert!(g.windows(2).all(|w| w[0].1 >= w[1].1), "best section first");
    }
    assert!(
        groups.windows(2).all(|w| w[0][0].1 >= w[1][0].1),
        "best page first"
    );
    let html = results_html(&i, "客户价值", "", true, 10, &[]);
    assert_eq!(html.matches("<li class=\"search-page\">").count(), 10);
    // Each page: its best section and two more.
    assert_eq!(html.matches("<ul class=\"search-sections\">").count(), 10);
    assert_eq!(html.matches("</a>").count(), 30);
    assert!(html.contains("找到 12 页，共 60 处"), "{html}");
    assert!(
        html.contains("data-action=\"more\">更多结果（还有 2 页）"),
        "{html}"
    );
    let all = results_html(&i, "客户价值", "", false, 20, &[]);
    assert!(!all.contains("data-action=\"more\""));
    assert!(all.contains("60 results on 12 pages"));
}

#[test]
fn titles_are_shown_from_their_start_and_cut_at_the_end() {
    let title = "一个很长的章节标题：先讲清楚背景再讲关键人 MAN 原则";
    let i = Index::build(vec![doc("man/", title, "", "正文")]);
    let html = results_html(&i, "MAN", "", true, 10, &[]);
    assert!(
        html.contains("一个很长的章节标题：先讲清楚背景再讲关键人 <mark>MAN</mark> 原则</a>"),
        "{html}"
    );
    let long = "客户".repeat(40);
    assert_eq!(
        title_html(&long, "价值", 60),
        format!("{}…", "客户".repeat(30))
    );
    // Snippets fill their width instead of leaving room unused at the end.
    let s = snippet("012345678 关键", "关键", 12);
    assert_eq!(s, "012345678 <mark>关键</mark>");
}

#[test]
fn snippets_highlight_matches_and_escape() {
    let s = snippet("前言。MAN 原则帮助判断 <有望客户>。", "有望客户", 40);
    assert!(s.contains("<mark>有望客户</mark>"), "{s}");
    assert!(s.contains("&lt;"));
    let html = results_html(&sample(), "关键人", "../", true, 10, &[]);
    assert!(html.contains("href=\"../visits/man/\""));
    assert!(!html.contains("data-action=\"more\""));
    assert!(html.contains("<mark>"), "{html}");
    assert!(results_html(&sample(), "zzzz", "", false, 10, &[]).contains("No matching pages."));
}
