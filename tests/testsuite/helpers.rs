//! A fixture playbook copied into a temporary folder, and ways to run `playbook` on it.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies a folder recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else {
            fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// A playbook in a temporary folder.
pub struct Fixture {
    dir: tempfile::TempDir,
}

/// The result of one run of the binary.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Self {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl Fixture {
    /// A copy of `tests/fixtures/<name>`.
    pub fn new(name: &str) -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&repo().join("tests/fixtures").join(name), dir.path());
        Fixture { dir }
    }

    /// The playbook folder.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Copies `tests/fixtures/<name>` over the playbook.
    pub fn overlay(&self, name: &str) -> &Self {
        copy_dir(&repo().join("tests/fixtures").join(name), self.root());
        let _ = fs::remove_file(self.root().join("expected.txt"));
        self
    }

    /// Writes a file of the playbook.
    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> &Self {
        let p = self.root().join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, bytes).unwrap();
        self
    }

    /// Removes a file of the playbook.
    pub fn remove(&self, rel: &str) -> &Self {
        fs::remove_file(self.root().join(rel)).unwrap();
        self
    }

    /// Runs `playbook ARGS` in the playbook folder.
    pub fn run(&self, args: &[&str]) -> Run {
        Command::new(env!("CARGO_BIN_EXE_playbook"))
            .args(args)
            .current_dir(self.root())
            .env_remove("PLAYBOOK_LOG")
            .output()
            .unwrap()
            .into()
    }

    /// `playbook build`, asserting success.
    pub fn build_ok(&self, extra: &[&str]) -> Run {
        let mut args = vec!["build"];
        args.extend_from_slice(extra);
        let r = self.run(&args);
        assert_eq!(r.code, 0, "build failed:\n{}", r.stderr);
        r
    }

    /// A file of the built site, as text.
    pub fn out(&self, rel: &str) -> String {
        let p = self.root().join("public").join(rel);
        fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    }

    /// Every file of the built site: relative path → bytes, sorted.
    pub fn snapshot(&self) -> Vec<(String, Vec<u8>)> {
        let base = self.root().join("public");
        let mut v: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(&base)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path()
                        .strip_prefix(&base)
                        .unwrap()
                        .to_string_lossy()
                        .into_owned(),
                    fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        v.sort();
        v
    }
}

/// The `<main>` region of a page.
pub fn main_of(html: &str) -> &str {
    let s = html.find("<main").expect("page has <main>");
    let e = html.find("</main>").expect("page has </main>");
    &html[s..e]
}

/// Every value of `href="..."` and `src="..."` in an HTML text.
pub fn urls(html: &str) -> Vec<String> {
    let mut v = Vec::new();
    for attr in ["href=\"", "src=\"", "action=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let end = rest.find('"').unwrap();
            v.push(rest[..end].to_string());
            rest = &rest[end..];
        }
    }
    v
}

/// Compares `actual` with the file `expected` (relative to the repository), or rewrites
/// it when `PLAYBOOK_BLESS=1`.
pub fn assert_matches_file(actual: &str, expected: &Path) {
    if std::env::var("PLAYBOOK_BLESS").as_deref() == Ok("1") {
        fs::write(expected, actual).unwrap();
        return;
    }
    let want = fs::read_to_string(expected).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run with PLAYBOOK_BLESS=1 to create)",
            expected.display()
        )
    });
    assert_eq!(actual, want, "output differs from {}", expected.display());
}

/// Polls `cond` every 100 ms until it holds; fails the test after `limit` (a safety net,
/// not a measurement).
pub fn wait_until(what: &str, limit: std::time::Duration, mut cond: impl FnMut() -> bool) {
    let start = std::time::Instant::now();
    while !cond() {
        assert!(start.elapsed() < limit, "timed out waiting for {what}");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}
