//! Themes: `playbook theme eject`, `extra_css` and `logo`.

use std::fs;

use crate::helpers::{repo, Fixture};

/// Every file of the built-in theme (`templates/base.html` …), from the repository.
fn builtin_files() -> Vec<String> {
    let base = repo().join("themes/default");
    let mut v: Vec<String> = walkdir::WalkDir::new(&base)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(&base)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .filter(|p| !p.split('/').any(|s| s.starts_with('.')))
        .collect();
    v.sort();
    v
}

fn builtin(rel: &str) -> Vec<u8> {
    fs::read(repo().join("themes/default").join(rel)).unwrap()
}

/// FNV-1a 64 as the eject record writes it.
fn fnv(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

#[test]
fn eject_all_copies_every_file_and_the_site_is_unchanged() {
    let f = Fixture::new("minimal");
    f.build_ok(&[]);
    let before = f.snapshot();
    let r = f.run(&["theme", "eject"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let files = builtin_files();
    assert!(files.len() >= 10, "{files:?}");
    for p in &files {
        assert!(
            r.stdout
                .contains(&format!("wrote      themes/default/{p}\n")),
            "{p} not listed:\n{}",
            r.stdout
        );
        assert!(
            fs::read(f.root().join("themes/default").join(p)).unwrap() == builtin(p),
            "{p} differs from the built-in file"
        );
    }
    assert!(
        r.stdout
            .contains(&format!("{} files written to themes/default/", files.len())),
        "{}",
        r.stdout
    );
    // The record: one line per file, with the hash of what was written.
    let record = fs::read_to_string(f.root().join("themes/default/.playbook-ejected")).unwrap();
    for p in &files {
        assert!(
            record.contains(&format!("{}  {p}\n", fnv(&builtin(p)))),
            "{p}: {record}"
        );
    }
    // The overrides are the built-in files: the same site, byte for byte.
    f.build_ok(&[]);
    assert!(before == f.snapshot(), "the ejected theme changed the site");
    // Ejecting again changes nothing and says so.
    let r = f.run(&["theme", "eject", "base.html"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .starts_with("unchanged  themes/default/templates/base.html (already the built-in version)\n0 files written"),
        "{}",
        r.stdout
    );
}

#[test]
fn eject_one_file_by_name_into_the_configured_theme() {
    let f = Fixture::new("minimal");
    let toml = fs::read_to_string(f.root().join("playbook.toml")).unwrap();
    f.write("playbook.toml", format!("theme = \"brand\"\n{toml}"));
    let r = f.run(&[
        "theme",
        "eject",
        "--root",
        ".",
        "page.html",
        "static/style.css",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout.lines().take(2).collect::<Vec<_>>(),
        [
            "wrote      themes/brand/templates/page.html",
            "wrote      themes/brand/static/style.css"
        ]
    );
    let written: Vec<String> = walkdir::WalkDir::new(f.root().join("themes"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let mut written = written;
    written.sort();
    assert_eq!(written, [".playbook-ejected", "page.html", "style.css"]);
    // The override is used: a change to it shows in the site.
    let css = fs::read_to_string(f.root().join("themes/brand/static/style.css")).unwrap();
    f.write(
        "themes/brand/static/style.css",
        format!("{css}\n.brand-marker {{}}\n"),
    );
    f.build_ok(&[]);
    assert!(f.out("assets/style.css").contains(".brand-marker"));
}

#[test]
fn eject_never_overwrites_an_edited_file_and_writes_nothing_then() {
    let f = Fixture::new("minimal");
    assert_eq!(f.run(&["theme", "eject", "base.html"]).code, 0);
    f.write("themes/default/templates/base.html", "my own base");
    for args in [
        &["theme", "eject"][..],
        &["theme", "eject", "--force"][..],
        &["theme", "eject", "--force", "base.html", "page.html"][..],
    ] {
        let r = f.run(args);
        assert_eq!(r.code, 1, "{args:?}: {}", r.stdout);
        assert!(
            r.stderr.contains(
                "error: `themes/default/templates/base.html` already exists and differs from \
                 the built-in version: it is never overwritten (not even with --force)"
            ),
            "{args:?}: {}",
            r.stderr
        );
        assert!(
            r.stderr
                .ends_with("error: nothing was written (1 file refused)\n"),
            "{}",
            r.stderr
        );
        assert_eq!(r.stdout, "");
        assert_eq!(
            fs::read_to_string(f.root().join("themes/default/templates/base.html")).unwrap(),
            "my own base"
        );
        assert!(!f.root().join("themes/default/templates/page.html").exists());
    }
    // A file Playbook did not eject is the trainer's too.
    f.write("themes/default/static/style.css", "body{}");
    let r = f.run(&["theme", "eject", "--force", "style.css"]);
    assert_eq!(r.code, 1);
    assert!(r
        .stderr
        .contains("`themes/default/static/style.css` already exists"));
    assert_eq!(
        fs::read_to_string(f.root().join("themes/default/static/style.css")).unwrap(),
        "body{}"
    );
}

#[test]
fn force_replaces_only_a_file_unchanged_since_an_older_eject() {
    let f = Fixture::new("minimal");
    // What an older Playbook ejected, recorded with its hash and never edited.
    let old = b"<!-- page.html of an older Playbook -->";
    f.write("themes/default/templates/page.html", old);
    f.write(
        "themes/default/.playbook-ejected",
        format!("# record\n{}  templates/page.html\n", fnv(old)),
    );
    let r = f.run(&["theme", "eject", "page.html"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains(
            "`themes/default/templates/page.html` is the file an older Playbook ejected, \
             unchanged since, and differs from today's built-in version: pass --force"
        ),
        "{}",
        r.stderr
    );
    assert_eq!(
        fs::read(f.root().join("themes/default/templates/page.html")).unwrap(),
        old
    );
    let r = f.run(&["theme", "eject", "--force", "page.html"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r
        .stdout
        .starts_with("updated    themes/default/templates/page.html"));
    assert!(
        fs::read(f.root().join("themes/default/templates/page.html")).unwrap()
            == builtin("templates/page.html")
    );
    let record = fs::read_to_string(f.root().join("themes/default/.playbook-ejected")).unwrap();
    assert!(record.contains(&format!(
        "{}  templates/page.html\n",
        fnv(&builtin("templates/page.html"))
    )));
}

#[test]
fn eject_unknown_file_lists_the_valid_names() {
    let f = Fixture::new("minimal");
    let r = f.run(&["theme", "eject", "bsae.html"]);
    assert_eq!(r.code, 1);
    let want = format!(
        "error: unknown theme file `bsae.html`; the built-in theme has: {}\n",
        builtin_files().join(", ")
    );
    assert_eq!(r.stderr, want);
    assert!(!f.root().join("themes").exists());
    // Not a playbook: said so.
    let empty = tempfile::tempdir().unwrap();
    let r = f.run(&["theme", "eject", "--root", empty.path().to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("failed to read `playbook.toml`"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("pass --root"), "{}", r.stderr);
}

/// The minimal playbook with its own stylesheets and logo.
fn with_look() -> Fixture {
    let f = Fixture::new("minimal");
    let toml = fs::read_to_string(f.root().join("playbook.toml")).unwrap();
    f.write(
        "playbook.toml",
        format!("extra_css = [\"css/brand.css\", \"more.css\"]\nlogo = \"img/logo.svg\"\n{toml}"),
    );
    f.write("static/css/brand.css", ".site-title { color: #b00; }\n");
    f.write("static/more.css", "p { margin: 0; }\n");
    f.write(
        "static/img/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"32\" height=\"32\"><circle cx=\"16\" cy=\"16\" r=\"14\" fill=\"#0b5cad\"/></svg>\n",
    );
    f
}

#[test]
fn extra_css_and_logo_are_linked_under_a_subpath_and_kept_offline() {
    let f = with_look();
    f.build_ok(&["--base-url", "https://host/team/playbook/"]);
    let page = f.out("en/part/page/index.html");
    let theme = page
        .find("<link rel=\"stylesheet\" href=\"../../../assets/style.css\">\n")
        .expect("theme stylesheet");
    let brand = page
        .find("<link rel=\"stylesheet\" href=\"../../../css/brand.css\">\n<link rel=\"stylesheet\" href=\"../../../more.css\">\n")
        .expect("own stylesheets, in order");
    assert!(theme < brand, "the playbook's CSS comes after the theme's");
    assert!(
        page.contains(
            "<a class=\"site-title\" href=\"../../../en/\"><img class=\"site-logo\" src=\"../../../img/logo.svg\" alt=\"Test playbook\" height=\"32\"><span class=\"site-title-text\" aria-hidden=\"true\">Test playbook</span></a>"
        ),
        "{page}"
    );
    let home = f.out("index.html");
    assert!(home.contains("<link rel=\"stylesheet\" href=\"css/brand.css\">"));
    assert!(home.contains("src=\"img/logo.svg\" alt=\"测试手册\""));
    // Generated pages too: search, handouts.
    assert!(f
        .out("search/index.html")
        .contains("href=\"../css/brand.css\""));
    assert!(f
        .out("part/print/index.html")
        .contains("href=\"../../css/brand.css\""));
    // The 404 page is served at any depth: absolute from the base path.
    let nf = f.out("404.html");
    assert!(
        nf.contains("<link rel=\"stylesheet\" href=\"/team/playbook/css/brand.css\">"),
        "{nf}"
    );
    assert!(nf.contains("src=\"/team/playbook/img/logo.svg\""));
    // The offline shell holds them: the site looks the same offline.
    let sw = f.out("sw.js");
    for file in ["\"css/brand.css\"", "\"more.css\"", "\"img/logo.svg\""] {
        assert!(sw.contains(file), "{file} not in the shell");
    }
    // Without the settings nothing of it appears.
    let plain = Fixture::new("minimal");
    plain.build_ok(&[]);
    let page = plain.out("part/page/index.html");
    assert!(!page.contains("site-logo") && page.matches("rel=\"stylesheet\"").count() == 1);
}

#[test]
fn missing_extra_css_and_logo_fail_the_build_and_keep_the_site() {
    let f = with_look();
    f.build_ok(&[]);
    let before = f.snapshot();
    f.remove("static/img/logo.svg");
    f.remove("static/more.css");
    let r = f.run(&["build"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("playbook.toml:1:32: error: `extra_css`: `static/more.css` does not exist"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("playbook.toml:2:9: error: `logo`: `static/img/logo.svg` does not exist"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("2 errors"), "{}", r.stderr);
    assert!(before == f.snapshot(), "a failed build changed the site");
}
