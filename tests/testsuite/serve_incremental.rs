//! `serve`'s incremental rebuilds (issue 13): after every kind of edit, the folder `serve`
//! keeps up to date holds exactly what a clean build of the same sources writes, byte for
//! byte, and only the pages an edit touches were rendered again.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::Duration;

use playbook::incremental::{RebuildError, Rebuilder, Rebuilt};
use playbook::render::store::MemoryStore;
use playbook::BuildOptions;

use crate::cli::serve_with;
use crate::helpers::Fixture;

const BASE: &str = "http://127.0.0.1:1111/";

/// Every file under `dir`: relative path → bytes.
fn files_of(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            (
                rel.to_string_lossy().replace('\\', "/"),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// The paths that differ between two sites (missing, extra or other bytes).
fn differences(got: &BTreeMap<String, Vec<u8>>, want: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut out = Vec::new();
    for (p, b) in want {
        match got.get(p) {
            None => out.push(format!("missing {p}")),
            Some(g) if g != b => out.push(format!("differs {p}")),
            Some(_) => {}
        }
    }
    out.extend(
        got.keys()
            .filter(|p| !want.contains_key(*p))
            .map(|p| format!("extra {p}")),
    );
    out
}

fn options(root: &Path) -> BuildOptions {
    BuildOptions {
        root: root.to_path_buf(),
        base_url: Some(BASE.into()),
        drafts: false,
        strict_translations: false,
    }
}

/// What a clean build (no cache) of the playbook renders.
fn clean(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let store = MemoryStore::default();
    if let Err(d) = playbook::compile(&options(root), None, &store) {
        panic!("clean build failed:\n{}", d.render());
    }
    store.into_output()
}

fn unwrap(what: &str, r: Result<Rebuilt, RebuildError>) -> Rebuilt {
    match r {
        Ok(r) => r,
        Err(RebuildError::Build(d)) => panic!("{what}: rebuild failed:\n{}", d.render()),
        Err(RebuildError::Write(e)) => panic!("{what}: {e}"),
    }
}

struct Session {
    f: Fixture,
    out: tempfile::TempDir,
    rebuilder: Rebuilder,
}

impl Session {
    fn new() -> Session {
        let f = Fixture::new("incremental");
        let out = tempfile::tempdir().unwrap();
        let rebuilder = Rebuilder::new(options(f.root()), out.path());
        let mut s = Session { f, out, rebuilder };
        let n = s.step("first build");
        assert_eq!(n, 20, "every page and handout rendered the first time");
        s
    }

    /// Rebuilds as `serve` does (one pass, search files included), checks the folder
    /// against a clean build, returns how many pages and handouts were rendered again.
    fn step(&mut self, what: &str) -> usize {
        let want = clean(self.f.root());
        let r = unwrap(what, self.rebuilder.rebuild());
        let diff = differences(&files_of(self.out.path()), &want);
        assert!(
            diff.is_empty(),
            "{what}: not as a clean build:\n{}",
            diff.join("\n")
        );
        r.changes.rendered
    }

    /// What the last rebuild's search update redid in language `code`: (pages indexed
    /// again, shards rebuilt, shards, chunks hashed again).
    fn search(&self, code: &str) -> (usize, usize, usize, usize) {
        let all = self.rebuilder.search_updates();
        let u = all
            .iter()
            .find(|(c, _)| c == code)
            .unwrap_or_else(|| panic!("no search update for {code}: {all:?}"))
            .1;
        (u.pages, u.shards_rebuilt, u.shards, u.chunks_rehashed)
    }

    fn edit(&self, rel: &str, from: &str, to: &str) {
        let p = self.f.root().join(rel);
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.contains(from), "{rel} has no {from:?}");
        std::fs::write(p, text.replacen(from, to, 1)).unwrap();
    }
}

#[test]
fn every_kind_of_edit_gives_what_a_clean_build_gives() {
    let mut s = Session::new();
    // The output of an unchanged playbook is kept whole.
    assert_eq!(s.step("nothing changed"), 0);
    // A body edit: the page itself, its part's handout and the whole-course handout.
    s.edit("content/one/c2.md", "练习内容。", "新的练习内容。");
    assert_eq!(s.step("body"), 3);
    // A title: the page, its neighbours, its part (menu, list), its siblings' menus
    // and both handouts, but not the other part's pages nor the other language.
    s.edit("content/one/c2.md", "第 2 章", "第二章");
    let n = s.step("title");
    assert!((6..=7).contains(&n), "title: {n} rendered");
    s.edit("content/one/c3.md", "weight = 3", "weight = 0");
    s.step("weight");
    s.f.write(
        "content/one/c4.md",
        "+++\ntitle = \"第 4 章\"\nweight = 4\n+++\n\n## 要点\n\n新的一章。\n",
    );
    s.step("new page");
    s.f.remove("content/one/c4.md");
    s.step("deleted page");
    s.f.remove("content/one/c3.en.md");
    s.step("translation removed (the English site shows the original)");
    s.f.write(
        "content/one/c3.en.md",
        "+++\ntitle = \"Chapter 3\"\nweight = 3\n+++\n\n## Key points\n\nBack.\n",
    );
    s.step("translation added");
    s.edit(
        "content/one/c1.md",
        "weight = 1",
        "weight = 1\ndraft = true",
    );
    s.step("draft");
    s.edit("content/one/c1.md", "draft = true", "draft = false");
    s.step("draft again published");
    s.edit("playbook.toml", "增量手册", "增量重建手册");
    s.step("configuration");
    s.f.write("static/robots.txt", "User-agent: *\n");
    s.step("static file");
}

/// The search files after edits that change what is searched, and that only what the
/// edit touched was indexed again (the English index not at all for Chinese edits).
#[test]
fn search_files_are_updated_from_the_last_index_as_a_clean_build_writes_them() {
    let mut s = Session::new();
    let (pages, ..) = s.search("zh");
    assert_eq!(pages, 7, "the first build indexes every Chinese page");
    let search_files = |s: &Session| {
        files_of(s.out.path())
            .into_iter()
            .filter(|(p, _)| p.contains("search/") && p.ends_with(".txt"))
            .collect::<BTreeMap<_, _>>()
    };
    let before = search_files(&s);

    assert_eq!(s.step("nothing changed"), 0);
    assert_eq!(s.search("zh"), (0, 0, 1, 0), "nothing redone");
    assert_eq!(search_files(&s), before);

    s.edit(
        "content/one/c2.md",
        "练习内容。",
        "练习内容，增加一个词：异议处理。",
    );
    s.step("a body word");
    assert_eq!(
        s.search("zh"),
        (1, 1, 1, 1),
        "one page indexed, its chunk hashed"
    );
    assert_eq!(s.search("en"), (0, 0, 1, 0), "the English index untouched");
    let after = search_files(&s);
    assert_ne!(after, before, "the search files changed");
    assert!(
        String::from_utf8_lossy(&after["search/t/0.txt"]).contains("异议"),
        "the new word is in the shard"
    );

    s.edit(
        "content/two/plan.md",
        "## 目标",
        "## 目标 {#目标}\n\n## 新的小节",
    );
    s.step("a heading added");
    assert_eq!(s.search("zh").0, 1);
    s.edit("content/two/plan.md", "## 新的小节", "## 改名的小节");
    s.step("a heading renamed");
    assert_eq!(s.search("zh").0, 1);

    s.f.write(
        "content/one/c4.md",
        "+++\ntitle = \"第 4 章\"\nweight = 4\n+++\n\n## 要点\n\n独一无二的新词汇。\n",
    );
    s.step("a page added");
    let (indexed, ..) = s.search("zh");
    assert!(indexed >= 1, "the new page is indexed");
    s.f.remove("content/one/c4.md");
    s.step("the page removed");
    assert!(
        !search_files(&s)
            .values()
            .any(|b| String::from_utf8_lossy(b).contains("独一无二")),
        "the removed page's words are gone"
    );
}

#[test]
fn a_renamed_heading_breaks_the_pages_that_link_to_it_until_it_is_fixed() {
    let mut s = Session::new();
    let before = files_of(s.out.path());
    s.edit("content/two/plan.md", "## 目标", "## 目的");
    let d = match s.rebuilder.rebuild_with(true) {
        Err(RebuildError::Build(d)) => d.render(),
        Ok(_) => panic!("a dead anchor must fail the rebuild"),
        Err(RebuildError::Write(e)) => panic!("{e}"),
    };
    // Every page that links to the old id, and only those, gets the error.
    for linking in [
        "content/_index.md:",
        "content/one/c1.md:",
        "content/one/c2.md:",
    ] {
        assert!(d.contains(linking), "{linking} not reported:\n{d}");
    }
    assert!(d.contains("目标"), "{d}");
    assert!(!d.contains("content/_index.en.md:"), "{d}");
    // The last good site stays as it was.
    assert!(differences(&files_of(s.out.path()), &before).is_empty());
    // Fixed by pointing one link at the new id and renaming the heading back.
    s.edit("content/two/plan.md", "## 目的", "## 目标");
    s.step("heading renamed back");
    s.edit(
        "content/two/plan.md",
        "## 目标",
        "## 目标 {#目标}\n\n## 目的",
    );
    s.step("a new heading");
}

/// The `playbook-serve-*` folder `serve` builds into, under `tmp`.
fn site_folder(tmp: &Path) -> PathBuf {
    std::fs::read_dir(tmp)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("playbook-serve-"))
        })
        .expect("serve's site folder")
}

fn status(addr: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET /__playbook/status HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut resp = String::new();
    let _ = s.read_to_string(&mut resp);
    resp
}

fn version(addr: &str) -> u64 {
    let resp = status(addr);
    let i = resp.find("\"version\":").expect("a status") + 10;
    resp[i..]
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn the_real_serve_keeps_its_folder_equal_to_a_clean_build() {
    let f = Fixture::new("incremental");
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_str().unwrap().to_string();
    let server = serve_with(&f, &[("TMPDIR", &dir)]);
    let site = site_folder(tmp.path());
    let addr = server.addr.clone();
    let check = |what: &str| {
        let built = tempfile::tempdir().unwrap();
        let out = built.path().join("site");
        let r = f.run(&[
            "build",
            "--base-url",
            &format!("http://{addr}/"),
            "--output",
            out.to_str().unwrap(),
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let mut want = files_of(&out);
        // The mark of a folder `build` owns; serve's folder is its own.
        want.remove(".playbook-site");
        // The search index follows the pages in a second pass: wait for it.
        let mut diff = Vec::new();
        let settled = (0..300).any(|_| {
            diff = differences(&files_of(&site), &want);
            diff.is_empty() || {
                std::thread::sleep(Duration::from_millis(100));
                false
            }
        });
        assert!(
            settled,
            "{what}: serve's folder is not as a clean build:\n{}",
            diff.join("\n")
        );
    };
    check("first build");
    let mut seen = version(&addr);
    let mut edit = |what: &str, rel: &str, from: &str, to: &str| {
        let p = f.root().join(rel);
        let text = std::fs::read_to_string(&p).unwrap();
        std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
        crate::helpers::wait_until(what, Duration::from_secs(30), || version(&addr) > seen);
        seen = version(&addr);
        check(what);
    };
    edit("body", "content/one/c2.md", "练习内容。", "新的练习内容。");
    edit("title", "content/one/c2.md", "第 2 章", "第二章");
    edit("weight", "content/one/c3.md", "weight = 3", "weight = 0");
    // A dead anchor: the error reaches the status, the folder stays.
    std::fs::write(
        f.root().join("content/two/plan.md"),
        std::fs::read_to_string(f.root().join("content/two/plan.md"))
            .unwrap()
            .replace("## 目标", "## 目的"),
    )
    .unwrap();
    crate::helpers::wait_until("the dead anchor", Duration::from_secs(30), || {
        status(&addr).contains("content/one/c1.md")
    });
    edit("fixed", "content/two/plan.md", "## 目的", "## 目标");
}

/// Issue 13: an edit rewrites the search files it changes, not all of them. On a part of
/// 80 pages (two groups of page chunks), new words in page 3's body rewrite that
/// page's HTML, its group's chunks, the shards of its changed terms and the manifest: the
/// other group's chunks and the other shards keep their bytes and are not written.
#[test]
fn an_edit_rewrites_only_the_search_files_it_changes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |rel: &str, text: &str| {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write(
        "playbook.toml",
        "title = \"大手册\"\nbase_url = \"https://example.com/\"\n",
    );
    write(
        "content/_index.md",
        "+++\ntitle = \"首页\"\n+++\n\n欢迎。\n",
    );
    write(
        "content/part/_index.md",
        "+++\ntitle = \"部分\"\n+++\n\n本部分。\n",
    );
    // 300 characters of each page drawn from 400: enough terms for several shards.
    let text = |i: usize| -> String {
        let mut x = i as u64 * 2_654_435_761 + 1;
        (0..300)
            .map(|_| {
                x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                char::from_u32(0x4E00 + ((x >> 33) % 400) as u32).unwrap()
            })
            .collect()
    };
    // `start` in place of as many characters at the start of the text (as many tokens:
    // the average section length, and with it every posting's weight, stays).
    let page = |i: usize, start: &str| {
        let rest: String = text(i).chars().skip(start.chars().count()).collect();
        format!("+++\ntitle = \"第 {i} 课\"\nweight = {i}\n+++\n\n## 要点\n\n{start}{rest}。\n")
    };
    for i in 0..80 {
        write(&format!("content/part/p{i:02}.md"), &page(i, ""));
    }
    let out = tempfile::tempdir().unwrap();
    let mut rebuilder = Rebuilder::new(options(root), out.path());
    unwrap("first build", rebuilder.rebuild());
    let before = files_of(out.path());
    let chunks = before.keys().filter(|p| p.starts_with("search/d/")).count();
    let shards = before.keys().filter(|p| p.starts_with("search/t/")).count();
    assert!(chunks > 64, "two chunk groups: {chunks} chunks");
    assert!(shards > 1, "several shards: {shards}");

    write("content/part/p03.md", &page(3, "忠诚度与回访"));
    let r = unwrap("a body edit", rebuilder.rebuild());
    let after = files_of(out.path());
    assert!(
        differences(&after, &clean(root)).is_empty(),
        "as a clean build"
    );
    let written: Vec<&str> = r.changes.written.iter().map(String::as_str).collect();
    let changed: Vec<&String> = after
        .iter()
        .filter(|(p, b)| before.get(*p) != Some(*b))
        .map(|(p, _)| p)
        .collect();
    // Written exactly when the bytes changed.
    assert_eq!(
        written
            .iter()
            .copied()
            .collect::<std::collections::BTreeSet<_>>(),
        changed.iter().map(|p| p.as_str()).collect(),
    );
    let n = |prefix: &str| written.iter().filter(|p| p.starts_with(prefix)).count();
    // Page 3's chunk group (pages 0–63 of the index, the home and part pages first).
    assert_eq!(n("search/d/"), 64, "{written:?}");
    assert!(written.contains(&"search/manifest.txt"));
    assert!(
        (1..shards).contains(&n("search/t/")),
        "some shards, not all of {shards}: {written:?}"
    );
    assert!(written.contains(&"part/p03/index.html"));
}
