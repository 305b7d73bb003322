//! Search that scales (issue 13): the split index read natively with the toolkit (the code
//! the browser runs as wasm), and in headless Chromium on the generated 10,000-page corpus
//! (`benches/gen_corpus.py`), served gzip-compressed like a static host: the bytes a first
//! and a further query transfer, and shards that fail to load.

use std::path::Path;
use std::process::Command;

use playbook_kit::search::Index;

use crate::browser::{run_script_with, serve_dir_gzip};
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
