//! `playbook serve` under load and abuse: slow and idle clients, oversized heads, foreign
//! `Host` names, deleted source folders, its temporary folder, and huge error reports
//! (issue 9).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::cli::{serve_with, Server};
use crate::helpers::{copy_dir, repo, Fixture};

/// A running `playbook serve` (killed when dropped) with its own temporary directory.
struct Serve {
    server: Server,
    /// The temporary directory `serve` puts its site folder in.
    tmp: tempfile::TempDir,
}

impl std::ops::Deref for Serve {
    type Target = Server;
    fn deref(&self) -> &Server {
        &self.server
    }
}

impl std::ops::DerefMut for Serve {
    fn deref_mut(&mut self) -> &mut Server {
        &mut self.server
    }
}

fn start(f: &Fixture, env: &[(&str, &str)]) -> Serve {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_str().unwrap().to_string();
    let mut env = env.to_vec();
    env.push(("TMPDIR", &dir));
    let server = serve_with(f, &env);
    Serve { server, tmp }
}

/// Sends `head` as the whole request and reads the whole response (10 s at most).
fn raw(addr: &str, head: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let _ = s.write_all(head.as_bytes());
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

fn get(addr: &str, path: &str) -> (u16, String) {
    raw(
        addr,
        &format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
    )
}

fn body(resp: &str) -> &str {
    resp.split_once("\r\n\r\n").map_or("", |(_, b)| b)
}

fn wait_for(what: &str, cond: impl FnMut() -> bool) {
    crate::helpers::wait_until(what, Duration::from_secs(30), cond);
}

#[test]
fn clients_that_do_not_read_a_large_file_hold_up_nobody() {
    let f = Fixture::new("minimal");
    f.write("static/big.bin", vec![7u8; 32 << 20]);
    let s = start(&f, &[]);
    let (code, head) = raw(
        &s.addr,
        &format!("HEAD /big.bin HTTP/1.1\r\nHost: {}\r\n\r\n", s.addr),
    );
    assert_eq!(code, 200);
    assert!(head.contains("Content-Length: 33554432"), "{head}");
    // Eight clients ask for 32 MiB each and never read a byte of it.
    let stalled: Vec<TcpStream> = (0..8)
        .map(|_| {
            let mut c = TcpStream::connect(&s.addr).unwrap();
            write!(c, "GET /big.bin HTTP/1.1\r\nHost: {}\r\n\r\n", s.addr).unwrap();
            c
        })
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    let (code, status) = get(&s.addr, "/__playbook/status");
    assert_eq!(code, 200, "{status}");
    assert!(body(&status).starts_with("{\"version\":1,"), "{status}");
    let (code, page) = get(&s.addr, "/part/page/");
    assert_eq!(code, 200);
    assert!(page.contains("<h1>页面</h1>"));
    // And a client that does read gets the whole file.
    let (code, big) = get(&s.addr, "/big.bin");
    assert_eq!(code, 200);
    assert_eq!(body(&big).len(), 32 << 20);
    drop(stalled);
}

#[test]
fn an_oversized_request_head_is_refused_and_the_server_goes_on() {
    let f = Fixture::new("minimal");
    let s = start(&f, &[]);
    let filler = "a".repeat(100 * 1024);
    let (code, resp) = raw(
        &s.addr,
        &format!(
            "GET /part/page/ HTTP/1.1\r\nHost: {}\r\nX-Filler: {filler}\r\n\r\n",
            s.addr
        ),
    );
    assert_eq!(code, 431, "{resp:.200}");
    // Just under the 16 KiB limit is still answered.
    let filler = "a".repeat(15 * 1024);
    let (code, _) = raw(
        &s.addr,
        &format!(
            "GET /part/page/ HTTP/1.1\r\nHost: {}\r\nX-Filler: {filler}\r\n\r\n",
            s.addr
        ),
    );
    assert_eq!(code, 200);
    // A head that never ends is cut at the limit, without waiting for the rest.
    let mut c = TcpStream::connect(&s.addr).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(c, "GET / HTTP/1.1\r\nX-Endless: {}", "b".repeat(20 * 1024)).unwrap();
    let mut resp = String::new();
    let _ = c.read_to_string(&mut resp);
    assert!(resp.starts_with("HTTP/1.1 431 "), "{resp:.200}");
    assert_eq!(get(&s.addr, "/part/page/").0, 200);
}

/// Threads of process `pid`.
#[cfg(target_os = "linux")]
fn threads(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/task"))
        .unwrap()
        .count()
}

#[cfg(target_os = "linux")]
#[test]
fn idle_connections_cost_no_threads_and_do_not_lock_pages_out() {
    let f = Fixture::new("minimal");
    let s = start(&f, &[]);
    assert_eq!(get(&s.addr, "/part/page/").0, 200);
    let before = threads(s.child.id());
    // 300 connections that send nothing, and 50 that send half a request.
    let mut idle: Vec<TcpStream> = (0..300)
        .map(|_| TcpStream::connect(&s.addr).unwrap())
        .collect();
    for _ in 0..50 {
        let mut c = TcpStream::connect(&s.addr).unwrap();
        c.write_all(b"GET /part/page/ HTTP/1.1\r\nHost: loc")
            .unwrap();
        idle.push(c);
    }
    std::thread::sleep(Duration::from_millis(500));
    let during = threads(s.child.id());
    assert!(
        during <= before + 1,
        "{before} threads before, {during} with 350 idle connections"
    );
    // More connections than the server keeps: the oldest idle ones make room.
    let (code, status) = get(&s.addr, "/__playbook/status");
    assert_eq!(code, 200, "{status}");
    assert_eq!(get(&s.addr, "/part/page/").0, 200);
    drop(idle);
}

#[test]
fn only_local_host_names_are_answered() {
    let f = Fixture::new("minimal");
    let s = start(&f, &[]);
    let port = s.addr.rsplit(':').next().unwrap().to_string();
    let ask = |host: &str| {
        raw(
            &s.addr,
            &format!("GET /part/page/ HTTP/1.1\r\nHost: {host}\r\n\r\n"),
        )
    };
    for host in [
        format!("localhost:{port}"),
        "localhost".to_string(),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
        format!("playbook.localhost:{port}"),
    ] {
        let (code, page) = ask(&host);
        assert_eq!(code, 200, "{host}");
        assert!(page.contains("<h1>页面</h1>"), "{host}");
    }
    for host in [
        format!("evil.example:{port}"),
        "evil.example".to_string(),
        format!("localhost.evil.example:{port}"),
        "localhost:1:2".to_string(),
    ] {
        let (code, resp) = ask(&host);
        assert_eq!(code, 403, "{host}: {resp}");
        assert!(!resp.contains("页面"), "{host}");
        assert!(body(&resp).contains("only answers to localhost"), "{resp}");
    }
    let (code, _) = raw(&s.addr, "GET /part/page/ HTTP/1.1\r\n\r\n");
    assert_eq!(code, 400, "no Host");
    let (code, resp) = raw(
        &s.addr,
        &format!("POST /part/page/ HTTP/1.1\r\nHost: {}\r\n\r\n", s.addr),
    );
    assert_eq!(code, 405);
    assert!(resp.contains("Allow: GET, HEAD"));
}

fn deleted_and_restored_folders_are_watched_again(env: &[(&str, &str)]) {
    let f = Fixture::new("minimal");
    let s = start(&f, env);
    assert!(get(&s.addr, "/part/page/").1.contains("<h1>页面</h1>"));
    let content = f.root().join("content");
    std::fs::remove_dir_all(&content).unwrap();
    wait_for("the missing folder to be reported", || {
        get(&s.addr, "/__playbook/status")
            .1
            .contains("no `content/` folder")
    });
    copy_dir(&repo().join("tests/fixtures/minimal/content"), &content);
    wait_for("the restored folder to build", || {
        get(&s.addr, "/__playbook/status")
            .1
            .contains("\"error\":null")
    });
    f.write(
        "content/part/page.md",
        "+++\ntitle = \"恢复后\"\nweight = 1\n+++\n\n## 目标\n\n正文。\n",
    );
    wait_for("an edit after the restore", || {
        get(&s.addr, "/part/page/").1.contains("恢复后")
    });
    // A source folder created after `serve` started is watched too.
    f.write("static/late.txt", "first");
    wait_for("the new folder", || {
        get(&s.addr, "/late.txt").1.ends_with("first")
    });
    f.write("static/late.txt", "second");
    wait_for("an edit in the new folder", || {
        get(&s.addr, "/late.txt").1.ends_with("second")
    });
}

#[test]
fn watching_survives_a_deleted_and_restored_content_folder() {
    deleted_and_restored_folders_are_watched_again(&[]);
}

#[test]
fn polling_survives_a_deleted_and_restored_content_folder() {
    deleted_and_restored_folders_are_watched_again(&[("PLAYBOOK_WATCH", "poll")]);
}

fn site_folders(tmp: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(tmp)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("playbook-serve-")
        })
        .collect()
}

#[cfg(unix)]
#[test]
fn the_site_folder_is_private_and_removed_on_ctrl_c_and_sigterm() {
    use std::os::unix::fs::PermissionsExt;
    for signal in [libc::SIGINT, libc::SIGTERM] {
        let f = Fixture::new("minimal");
        f.write(
            "content/part/draft.md",
            "+++\ntitle = \"草稿\"\ndraft = true\n+++\n",
        );
        let mut s = start(&f, &[]);
        let folders = site_folders(s.tmp.path());
        assert_eq!(folders.len(), 1, "{folders:?}");
        let mode = std::fs::metadata(&folders[0]).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700, "{mode:o}");
        assert!(folders[0].join("part/page/index.html").is_file());
        // SAFETY: `kill` with the id of a child process we own and have not reaped.
        assert_eq!(unsafe { libc::kill(s.child.id() as i32, signal) }, 0);
        let start = Instant::now();
        let status = loop {
            if let Some(st) = s.child.try_wait().unwrap() {
                break st;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "serve did not stop"
            );
            std::thread::sleep(Duration::from_millis(50));
        };
        assert!(status.success(), "signal {signal}: {status:?}");
        assert!(
            !folders[0].exists(),
            "signal {signal}: site folder left behind"
        );
        assert!(site_folders(s.tmp.path()).is_empty());
    }
}

#[test]
fn a_huge_error_report_reaches_pages_capped_and_only_once() {
    let f = Fixture::new("minimal");
    let s = start(&f, &[]);
    // 2,000 dead links on one 37 KB line: about 110 MB of diagnostics in the terminal.
    let line: Vec<String> = (0..2000).map(|i| format!("[x](@/nope{i}.md)")).collect();
    f.write(
        "content/part/broken.md",
        format!(
            "+++\ntitle = \"坏\"\nweight = 2\n+++\n\n{}\n",
            line.join(" ")
        ),
    );
    let mut status = String::new();
    wait_for("the error", || {
        status = get(&s.addr, "/__playbook/status").1;
        status.contains("dead link")
    });
    let json = body(&status);
    assert!(json.len() <= 64 * 1024 + 100, "{} bytes", json.len());
    assert!(
        json.contains("more problems; see the terminal for the full report."),
        "{json:.300}"
    );
    // A page that already shows this error gets a few bytes, not the text again.
    let id: String = json
        .split("\"error_id\":")
        .nth(1)
        .unwrap()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let again = get(&s.addr, &format!("/__playbook/status?seen={id}")).1;
    assert_eq!(
        body(&again),
        format!("{{\"version\":1,\"error_id\":{id},\"unchanged\":true}}")
    );
}
