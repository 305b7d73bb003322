//! The command line: exit codes, `new`, `serve`.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::helpers::Fixture;

#[test]
fn usage_errors_exit_2() {
    let f = Fixture::new("minimal");
    assert_eq!(f.run(&["build", "--no-such-flag"]).code, 2);
    assert_eq!(f.run(&["frobnicate"]).code, 2);
    assert_eq!(f.run(&[]).code, 2);
}

#[test]
fn missing_playbook_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_playbook"))
        .args(["build"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("failed to read `playbook.toml`"), "{err}");
}

#[test]
fn a_playbook_without_a_home_page_is_an_error_not_a_panic() {
    let f = Fixture::new("minimal");
    f.remove("content/_index.md").remove("content/_index.en.md");
    let r = f.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("content/_index.md:1:1: error: the playbook has no home page"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("panicked"));
}

#[test]
fn refuses_to_overwrite_the_playbook_itself() {
    let f = Fixture::new("minimal");
    let r = f.run(&["build", "--output", "."]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("refusing"), "{}", r.stderr);
    assert!(f.root().join("content/_index.md").exists());
}

#[test]
fn new_playbook_builds_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("mine");
    let bin = env!("CARGO_BIN_EXE_playbook");
    let out = Command::new(bin).arg("new").arg(&target).output().unwrap();
    assert!(out.status.success());
    let out = Command::new(bin)
        .args(["build", "--root"])
        .arg(&target)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(target
        .join("public/en/basics/first-chapter/index.html")
        .exists());
    assert!(target.join("themes/default").is_dir());
    // Refuses a non-empty folder.
    let out = Command::new(bin).arg("new").arg(&target).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
}

struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(f: &Fixture) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_playbook"))
        .args(["serve", "--port", "0"])
        .current_dir(f.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut seen = String::new();
    let mut buf = [0u8; 256];
    let start = Instant::now();
    while !seen.contains("(Ctrl-C") && start.elapsed() < Duration::from_secs(30) {
        let n = stdout.read(&mut buf).unwrap();
        if n == 0 {
            break;
        }
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    std::thread::spawn(move || {
        let mut sink = Vec::new();
        let _ = stdout.read_to_end(&mut sink);
    });
    let i = seen.find("http://").expect("serve prints its address") + 7;
    let addr = seen[i..].split('/').next().unwrap().to_string();
    Server { child, addr }
}

/// A raw GET, so that paths are sent exactly as written.
fn get(addr: &str, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut resp = Vec::new();
    let _ = s.read_to_end(&mut resp);
    let text = String::from_utf8_lossy(&resp).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, text)
}

fn wait_for(what: &str, mut cond: impl FnMut() -> bool) {
    let start = Instant::now();
    while !cond() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn serve_rebuilds_reports_errors_and_keeps_the_last_good_site() {
    let f = Fixture::new("minimal");
    std::fs::write(f.root().join("secret.txt"), "secret").unwrap();
    let s = serve(&f);
    let (code, page) = get(&s.addr, "/part/page/");
    assert_eq!(code, 200);
    assert!(page.contains("<h1>页面</h1>"));
    assert!(
        page.contains("/__playbook/reload.js"),
        "reload script injected"
    );
    let (_, status) = get(&s.addr, "/__playbook/status");
    assert!(status.contains("\"version\":1"), "{status}");
    assert!(status.contains("\"error\":null"));

    // Paths that try to leave the site folder.
    for bad in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/part/%2E%2E/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
    ] {
        let (code, body) = get(&s.addr, bad);
        assert_eq!(code, 404, "{bad}");
        assert!(
            !body.contains("secret\n") && !body.ends_with("secret"),
            "{bad}"
        );
    }

    // A change is picked up.
    f.write(
        "content/part/page.md",
        "+++\ntitle = \"改过的页面\"\nweight = 1\n+++\n\n## 目标\n\n新正文。\n",
    );
    wait_for("rebuild", || {
        get(&s.addr, "/part/page/").1.contains("改过的页面")
    });
    assert!(get(&s.addr, "/__playbook/status")
        .1
        .contains("\"version\":2"));

    // A broken file: the error is reported, the last good page is still served.
    f.write(
        "content/part/page.md",
        "+++\ntitle = \"坏\"\nweight = \"x\"\n+++\n",
    );
    wait_for("error", || {
        get(&s.addr, "/__playbook/status")
            .1
            .contains("invalid front matter")
    });
    assert!(get(&s.addr, "/part/page/").1.contains("改过的页面"));
    assert_eq!(get(&s.addr, "/no/such/page/").0, 404);
}
