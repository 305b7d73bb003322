//! Search: the default playbook's index read natively with the toolkit (the code the
//! browser runs as wasm), recall and grouping; and search that scales (issue 13), in
//! headless Chromium on the generated 10,000-page corpus (`benches/gen_corpus.py`), served
//! gzip-compressed like a static host: the bytes a first and a further query transfer, and
//! shards that fail to load.

use std::path::Path;
use std::process::Command;

use playbook_kit::search::Index;

use crate::browser::{run_script_with, serve_dir_gzip};
use crate::default_playbook::built;
use crate::helpers::repo;

/// The search index in `dir` (a language's `search/` folder), every file loaded.
pub fn open_index(dir: &Path) -> Index {
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).ok();
    let manifest =
        read("manifest.txt").unwrap_or_else(|| panic!("{}: no manifest.txt", dir.display()));
    Index::open_all(&manifest, read).unwrap_or_else(|e| panic!("{}: {e:?}", dir.display()))
}

/// The 10,000-page corpus, built once per test run (by `PLAYBOOK_BIN` when set, such as a
/// release binary, else by this build's binary); the built site's folder.
fn corpus_site() -> &'static Path {
    static SITE: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    SITE.get_or_init(|| {
        let tmp = std::env::temp_dir().join(format!("playbook-search-10k-{}", std::process::id()));
        let out = Command::new("python3")
            .arg(repo().join("benches/gen_corpus.py"))
            .args(["-n", "10000", "--layouts", "playbook", "--force", "-o"])
            .arg(&tmp)
            .output()
            .expect("python3 runs the corpus generator");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let bin =
            std::env::var("PLAYBOOK_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_playbook").into());
        let site = tmp.join("public");
        let r = Command::new(bin)
            .args(["build", "--root"])
            .arg(tmp.join("playbook"))
            .arg("--output")
            .arg(&site)
            .output()
            .unwrap();
        assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
        // The corpus itself is not needed any more, only its site.
        let _ = std::fs::remove_dir_all(tmp.join("playbook"));
        site
    })
}

/// Issue 13: on 10,000 pages a first query transfers at most 300 KB gzipped in all (page,
/// styles, scripts, wasm, manifest, shards, result chunks) and each further query at most
/// 100 KB; results show as soon as a shard arrives; a shard that is missing (404) or cut
/// short gives a message beside the results of the other shards; a file of another build
/// is fetched again past the caches.
#[test]
fn a_query_on_ten_thousand_pages_stays_within_its_byte_budgets() {
    let site = corpus_site();
    let index = open_index(&site.join("search"));
    assert_eq!(
        index.page_count(),
        10_000 + 505 + 1,
        "pages, parts and the home page"
    );
    assert!(index.shard_count() > 100, "{} shards", index.shard_count());
    // The same ranking natively: a substring of a word finds its pages.
    let hits = index.search_pages("户画");
    assert!(!hits.is_empty());
    let best = index.doc(hits[0][0].0).unwrap();
    assert!(
        [&best.title, &best.heading, &best.text]
            .iter()
            .any(|t| t.contains("户画")),
        "{best:?}"
    );
    let base = serve_dir_gzip(site.to_path_buf());
    let out = run_script_with("search_scale.mjs", &base, &[]);
    assert!(out.contains("first query:"), "{out}");
}

// The default playbook's index, read natively: recall and grouping.

#[test]
fn search_finds_each_recall_query_first() {
    let site = built();
    let list = std::fs::read_to_string(repo().join("tests/search_recall.txt")).unwrap();
    let mut failures = Vec::new();
    let mut n = 0;
    for line in list
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let f: Vec<&str> = line.split('\t').collect();
        let (lang, query, want) = (f[0], f[1], f[2]);
        let index = if lang == "zh" {
            open_index(&site.join("search"))
        } else {
            open_index(&site.join(format!("{lang}/search")))
        };
        let hits = index.search(query);
        let first = hits
            .first()
            .map(|(d, _)| index.doc(*d).unwrap().url)
            .unwrap_or_default();
        let first = playbook::model::decode_percent(&first);
        if first.ends_with("#quiz") {
            failures.push(format!(
                "{lang} `{query}`: first hit is a quiz section `{first}`"
            ));
        }
        if !first.starts_with(want) {
            failures.push(format!(
                "{lang} `{query}`: first hit `{first}`, want `{want}`"
            ));
        }
        n += 1;
    }
    assert!(n >= 20);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Issue 12: results come grouped by page (one chapter no longer fills the list), more
/// on request, and a Latin word being typed finds what the whole word finds.
#[test]
fn search_results_are_grouped_by_page_and_prefixes_match_as_you_type() {
    let site = built();
    let (zh, en) = (
        open_index(&site.join("search")),
        open_index(&site.join("en/search")),
    );
    let groups = zh.search_pages("客户");
    assert!(groups.len() > 10, "{} pages", groups.len());
    let mut pages: Vec<String> = groups
        .iter()
        .map(|g| {
            zh.doc(g[0].0)
                .unwrap()
                .url
                .split('#')
                .next()
                .unwrap()
                .to_string()
        })
        .collect();
    let n = pages.len();
    pages.sort();
    pages.dedup();
    assert_eq!(pages.len(), n, "each page once");
    let html = playbook_kit::search::results_html(&zh, "客户", "", true, 10, &[]);
    assert_eq!(html.matches("<li class=\"search-page\">").count(), 10);
    assert!(
        html.contains("data-action=\"more\""),
        "more results on request"
    );
    let more = playbook_kit::search::results_html(&zh, "客户", "", true, 20, &[]);
    assert_eq!(
        more.matches("<li class=\"search-page\">").count(),
        groups.len().min(20)
    );
    for (typed, word) in [
        ("loyal", "loyalty"),
        ("retent", "retention"),
        ("custom", "customer"),
    ] {
        let (a, b) = (en.search(typed).len(), en.search(word).len());
        assert!(a >= b, "`{typed}` finds {a} sections, `{word}` {b}");
    }
    assert!(
        en.search("retent ").is_empty(),
        "a finished word is matched whole"
    );
}
