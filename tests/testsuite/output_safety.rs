//! Issue 9, parts 1 and 2: `build` never deletes what Playbook did not write, the swap of
//! the new site is atomic (a build killed at any point leaves a complete site), and no
//! file from outside the playbook's source folders is published through a symbolic link.

use std::fs;
use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::Path;
use std::process::Command;

use crate::helpers::{Fixture, Run};

/// `playbook ARGS` run in `cwd` with extra environment variables.
fn run_in(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut c = Command::new(env!("CARGO_BIN_EXE_playbook"));
    c.args(args).current_dir(cwd).env_remove("PLAYBOOK_LOG");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().unwrap().into()
}

/// Every file under `dir` (hidden ones too) with its bytes, sorted.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            (rel.display().to_string(), fs::read(e.path()).unwrap())
        })
        .collect();
    v.sort();
    v
}

/// Names in `dir` that start with a dot: where an interrupted build would leave its folders.
fn hidden(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    v.sort();
    v
}

#[test]
fn a_folder_not_written_by_playbook_is_never_replaced_without_force() {
    let f = Fixture::new("minimal");
    let outside = tempfile::tempdir().unwrap();
    let docs = outside.path().join("Documents");
    fs::create_dir_all(docs.join("2026")).unwrap();
    fs::write(docs.join("2026/budget.xlsx"), b"numbers").unwrap();
    let before = files(&docs);

    let r = f.run(&["build", "--output", docs.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("refusing to replace"), "{}", r.stderr);
    assert!(r.stderr.contains("Documents"), "{}", r.stderr);
    assert!(r.stderr.contains("--force"), "{}", r.stderr);
    assert_eq!(files(&docs), before, "the folder was changed");
    assert!(
        hidden(outside.path()).is_empty(),
        "{:?}",
        hidden(outside.path())
    );

    // An empty folder is fine, and then it carries the marker.
    let empty = outside.path().join("empty");
    fs::create_dir(&empty).unwrap();
    f.build_ok(&["--output", empty.to_str().unwrap()]);
    assert!(empty.join("index.html").is_file());
    assert!(empty.join(".playbook-site").is_file());
    // A folder Playbook wrote is replaced by the next build without asking.
    f.build_ok(&["--output", empty.to_str().unwrap()]);

    // --force replaces it, and says nothing untrue.
    let r = f.run(&["build", "--force", "--output", docs.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(docs.join("index.html").is_file());
    assert!(!docs.join("2026").exists());
}

#[test]
fn sources_parents_home_and_root_are_refused_even_with_force() {
    let f = Fixture::new("minimal");
    f.write("static/logo.txt", "logo");
    f.write("themes/default/templates/x.html", "x");
    let home = tempfile::tempdir().unwrap();
    fs::create_dir(home.path().join(".ssh")).unwrap();
    fs::write(home.path().join(".ssh/id_ed25519"), b"key").unwrap();
    // The playbook inside the home folder, as it usually is.
    let book = home.path().join("books/course");
    crate::helpers::copy_dir(f.root(), &book);
    let before_book = files(&book);
    let before_home = files(home.path());
    let home_s = home.path().to_str().unwrap();
    let cases = [
        (".", "it is the playbook folder"),
        ("content", "inside the playbook's source folder `content/`"),
        (
            "content/part",
            "inside the playbook's source folder `content/`",
        ),
        ("static", "inside the playbook's source folder `static/`"),
        ("themes", "inside the playbook's source folder `themes/`"),
        (
            "themes/default",
            "inside the playbook's source folder `themes/`",
        ),
        ("..", "it contains the playbook folder"),
        ("/", "it is the root of the file system"),
    ];
    for (out, why) in cases {
        for force in [false, true] {
            let mut args = vec!["build", "--output", out];
            if force {
                args.push("--force");
            }
            let r = run_in(&book, &args, &[("HOME", home_s)]);
            assert_eq!(r.code, 1, "--output {out}: {}", r.stderr);
            assert!(r.stderr.contains(why), "--output {out}: {}", r.stderr);
        }
    }
    // The home folder (it contains the playbook here, so also try one that does not).
    let elsewhere = tempfile::tempdir().unwrap();
    fs::write(elsewhere.path().join("notes.txt"), b"mine").unwrap();
    let r = run_in(
        &book,
        &[
            "build",
            "--force",
            "--output",
            elsewhere.path().to_str().unwrap(),
        ],
        &[("HOME", elsewhere.path().to_str().unwrap())],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("your home folder"), "{}", r.stderr);
    assert!(elsewhere.path().join("notes.txt").exists());

    let mut after_home = files(home.path());
    after_home.retain(|(p, _)| !p.starts_with("books/"));
    let mut expected_home = before_home;
    expected_home.retain(|(p, _)| !p.starts_with("books/"));
    assert_eq!(after_home, expected_home);
    assert_eq!(files(&book), before_book, "the playbook was changed");
}

#[test]
fn a_symlink_or_a_file_as_output_is_refused() {
    let f = Fixture::new("minimal");
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("www");
    fs::create_dir(&target).unwrap();
    fs::write(target.join("keep.txt"), b"keep").unwrap();
    symlink(&target, f.root().join("public")).unwrap();
    let r = f.run(&["build", "--force"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("is a symbolic link"), "{}", r.stderr);
    assert!(target.join("keep.txt").exists());
    assert!(fs::symlink_metadata(f.root().join("public"))
        .unwrap()
        .file_type()
        .is_symlink());

    fs::write(outside.path().join("site"), b"a file").unwrap();
    let out = outside.path().join("site");
    let r = f.run(&["build", "--force", "--output", out.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("is a file"), "{}", r.stderr);
    assert_eq!(fs::read(&out).unwrap(), b"a file");
}

#[test]
fn output_dot_builds_in_place_and_leaves_nothing_hidden_beside_it() {
    let f = Fixture::new("minimal");
    let outside = tempfile::tempdir().unwrap();
    let site = outside.path().join("site");
    fs::create_dir(&site).unwrap();
    let root = f.root().to_str().unwrap();
    for _ in 0..2 {
        let r = run_in(&site, &["build", "--root", root, "--output", "."], &[]);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    assert!(site.join("index.html").is_file());
    assert!(
        hidden(outside.path()).is_empty(),
        "{:?}",
        hidden(outside.path())
    );
}

/// A complete site: every file a fresh build writes is there with the same bytes.
fn assert_complete(public: &Path, reference: &[(String, Vec<u8>)]) {
    assert_eq!(
        files(public).len(),
        reference.len(),
        "{} is not a complete site",
        public.display()
    );
    assert_eq!(files(public), reference);
}

#[test]
fn a_build_killed_at_any_step_of_the_swap_leaves_a_complete_site() {
    let f = Fixture::new("minimal");
    f.build_ok(&[]);
    let old = files(&f.root().join("public"));
    // The next build's site differs from the old one.
    let page = f.root().join("content/part/page.md");
    let text = fs::read_to_string(&page).unwrap();
    fs::write(&page, format!("{text}\n新增的一段。\n")).unwrap();
    let reference = {
        let g = Fixture::new("minimal");
        fs::write(
            g.root().join("content/part/page.md"),
            format!("{text}\n新增的一段。\n"),
        )
        .unwrap();
        g.build_ok(&[]);
        files(&g.root().join("public"))
    };
    assert_ne!(old, reference);
    let public = f.root().join("public");

    // Killed before the swap: the previous site, whole; its temporary folder is removed
    // by the next build.
    let r = run_in(
        f.root(),
        &["build"],
        &[("PLAYBOOK_FAILPOINT", "before-swap")],
    );
    assert_ne!(r.code, 0, "the failpoint did not fire");
    assert_complete(&public, &old);
    assert_eq!(hidden(f.root()).len(), 1, "{:?}", hidden(f.root()));

    // Killed right after the atomic exchange: the new site, whole.
    let r = run_in(
        f.root(),
        &["build"],
        &[("PLAYBOOK_FAILPOINT", "after-swap")],
    );
    assert_ne!(r.code, 0);
    assert_complete(&public, &reference);
    assert_eq!(hidden(f.root()).len(), 1, "the old site is left to remove");

    // The next build removes what the killed ones left.
    let r = f.build_ok(&[]);
    assert!(
        r.stderr.contains("left by an interrupted build"),
        "{}",
        r.stderr
    );
    assert!(hidden(f.root()).is_empty(), "{:?}", hidden(f.root()));
    assert_complete(&public, &reference);
}

#[test]
fn without_an_atomic_exchange_a_kill_between_the_renames_is_repaired_by_the_next_run() {
    let f = Fixture::new("minimal");
    f.build_ok(&[]);
    let old = files(&f.root().join("public"));
    let public = f.root().join("public");
    let fallback = ("PLAYBOOK_SWAP", "rename");
    // The fallback works on its own.
    let r = run_in(f.root(), &["build"], &[fallback]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_complete(&public, &old);
    assert!(hidden(f.root()).is_empty());

    let r = run_in(
        f.root(),
        &["build"],
        &[fallback, ("PLAYBOOK_FAILPOINT", "mid-swap")],
    );
    assert_ne!(r.code, 0);
    assert!(!public.exists(), "the failpoint is between the two renames");
    // The next run puts the previous site back before anything else, even when that run
    // fails on a content error.
    f.write("content/part/page.md", "+++\ntitle = \n+++\n");
    let r = f.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("restored the previous site"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("was left as it was"), "{}", r.stderr);
    assert_complete(&public, &old);
    assert!(hidden(f.root()).is_empty(), "{:?}", hidden(f.root()));
}

#[test]
fn only_marked_leftovers_of_finished_processes_are_removed() {
    let f = Fixture::new("minimal");
    f.build_ok(&[]);
    // A process that has ended: its pid is free.
    let mut child = Command::new("true").spawn().unwrap();
    child.wait().unwrap();
    let dead = child.id();
    let ours = f.root().join(format!(".public.new-{dead}"));
    fs::create_dir_all(ours.join("sub")).unwrap();
    fs::write(ours.join(".playbook-site"), "x").unwrap();
    fs::write(ours.join("sub/index.html"), "big").unwrap();
    // Same name pattern, but not marked as ours: left alone.
    let theirs = f.root().join(format!(".public.old-{dead}"));
    fs::create_dir(&theirs).unwrap();
    fs::write(theirs.join("diary.txt"), "private").unwrap();
    // Marked, but its process is still running (this test): left alone.
    let live = f.root().join(format!(".public.new-{}", std::process::id()));
    fs::create_dir(&live).unwrap();
    fs::write(live.join(".playbook-site"), "x").unwrap();

    let r = f.build_ok(&[]);
    assert!(!ours.exists(), "{}", r.stderr);
    assert!(theirs.join("diary.txt").exists());
    assert!(live.exists());
}

#[test]
fn a_read_only_site_is_replaced_and_the_message_says_so() {
    let f = Fixture::new("minimal");
    f.build_ok(&[]);
    let public = f.root().join("public");
    fs::set_permissions(&public, fs::Permissions::from_mode(0o555)).unwrap();
    let r = f.run(&["build"]);
    // Renaming a folder needs its parent writable, not the folder: the new site goes in.
    // If the previous one cannot be removed (not as root), that is a warning, not a
    // "left as it was".
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("left as it was"), "{}", r.stderr);
    assert!(public.join("index.html").is_file());
    for entry in fs::read_dir(f.root()).unwrap().flatten() {
        let _ = fs::set_permissions(entry.path(), fs::Permissions::from_mode(0o755));
    }
}

#[test]
fn symlinks_out_of_the_playbook_are_refused_and_never_published() {
    let f = Fixture::new("minimal");
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.env"), b"TOKEN=1").unwrap();
    fs::create_dir_all(f.root().join("static/d")).unwrap();
    symlink("/etc", f.root().join("static/etc")).unwrap();
    symlink(
        outside.path().join("secret.env"),
        f.root().join("static/s.env"),
    )
    .unwrap();
    symlink("..", f.root().join("static/up")).unwrap();
    symlink("../../playbook.toml", f.root().join("static/d/config.toml")).unwrap();
    symlink(outside.path(), f.root().join("content/part/more")).unwrap();
    let r = f.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    for (path, target) in [
        ("static/etc", "/etc"),
        ("static/s.env", "secret.env"),
        (
            "static/up",
            f.root().canonicalize().unwrap().to_str().unwrap(),
        ),
        ("static/d/config.toml", "playbook.toml"),
        ("content/part/more", ""),
    ] {
        let line = r
            .stderr
            .lines()
            .find(|l| l.starts_with(&format!("{path}:")))
            .unwrap_or_else(|| panic!("no error at {path}:\n{}", r.stderr));
        assert!(line.contains("outside the playbook's"), "{line}");
        assert!(line.contains(target), "{line}");
    }
    assert!(!f.root().join("public").exists());
    // The same with follow_symlinks = true: links that leave are refused all the same.
    let config = fs::read_to_string(f.root().join("playbook.toml")).unwrap();
    f.write("playbook.toml", format!("follow_symlinks = true\n{config}"));
    let r = f.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        r.stderr.matches("outside the playbook's").count(),
        5,
        "{}",
        r.stderr
    );
    assert!(!f.root().join("public").exists());
}

#[test]
fn links_inside_are_followed_only_when_asked_and_loops_are_caught() {
    let f = Fixture::new("minimal");
    f.write("static/img/logo.txt", "logo");
    fs::create_dir_all(f.root().join("static/loop")).unwrap();
    symlink("img", f.root().join("static/pictures")).unwrap();
    symlink("img/logo.txt", f.root().join("static/logo.txt")).unwrap();
    let r = f.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("static/pictures:1:1: error: `static/pictures` is a symbolic link (to `img`) and links are not followed"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("follow_symlinks = true"), "{}", r.stderr);

    let config = fs::read_to_string(f.root().join("playbook.toml")).unwrap();
    f.write("playbook.toml", format!("follow_symlinks = true\n{config}"));
    f.build_ok(&[]);
    assert_eq!(f.out("pictures/logo.txt"), "logo");
    assert_eq!(f.out("logo.txt"), "logo");

    // A direct loop, and one through two links (content → static → content).
    symlink("..", f.root().join("static/loop/back")).unwrap();
    symlink("../../static", f.root().join("content/part/assets")).unwrap();
    symlink("../../content/part", f.root().join("static/img/again")).unwrap();
    let r = f.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("static/loop/back:1:1: error: `static/loop/back` links to `..`, a folder that contains the link: a loop"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("content/part/assets/img/again/assets:1:1: error:"),
        "{}",
        r.stderr
    );
}

#[test]
fn names_windows_cannot_hold_and_case_clashes_are_warned_about() {
    let f = Fixture::new("minimal");
    f.write("static/aux.png", "a")
        .write("static/Logo.png", "b")
        .write("static/logo.png", "c")
        .write("static/what?.txt", "d");
    let r = f.build_ok(&[]);
    assert!(
        r.stderr.contains(
            "static/aux.png:1:1: warning: `aux.png` is a reserved device name on Windows"
        ),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(
            "warning: `static/logo.png` and `static/Logo.png` differ only in letter case"
        ),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("`what?.txt` has a character Windows does not allow"),
        "{}",
        r.stderr
    );
}
