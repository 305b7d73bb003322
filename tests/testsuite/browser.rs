//! What only a browser can show, in Debian's headless Chromium driven by playwright-core
//! (`tests/browser/`): the built site is served by a small std-only HTTP server on
//! 127.0.0.1 and each script runs its checks against it.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::helpers::{repo, Fixture};

/// Serves `dir` on 127.0.0.1 (a free port) for the life of the process; returns the base URL.
pub fn serve_dir(dir: PathBuf) -> String {
    serve_dir_with(dir, true, true)
}

/// Like [`serve_dir`]; with `folder_index` false, a folder does not resolve to its
/// `index.html` (as an LMS serves a package: files only); without the
/// Content-Security-Policy header when `csp` is false (a host that does not send it, where
/// injected markup would run).
pub fn serve_dir_with(dir: PathBuf, folder_index: bool, csp: bool) -> String {
    serve(dir, folder_index, csp, false)
}

/// Like [`serve_dir`], compressing every response with gzip (level 6) for a client that
/// accepts it, as static hosts and CDNs do: what the byte budgets of search are measured on.
pub fn serve_dir_gzip(dir: PathBuf) -> String {
    serve(dir, true, true, true)
}

fn serve(dir: PathBuf, folder_index: bool, csp: bool, gzip: bool) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let dir = dir.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                if reader.read_line(&mut line).is_err() {
                    return;
                }
                let mut accepts_gzip = false;
                loop {
                    let mut h = String::new();
                    if reader.read_line(&mut h).map_or(true, |n| n == 0) || h == "\r\n" {
                        break;
                    }
                    let h = h.to_ascii_lowercase();
                    accepts_gzip |= h.starts_with("accept-encoding:") && h.contains("gzip");
                }
                let path = line
                    .split(' ')
                    .nth(1)
                    .unwrap_or("/")
                    .split('?')
                    .next()
                    .unwrap_or("/");
                let decoded = percent_decode(path);
                let mut file = dir.join(decoded.trim_start_matches('/'));
                if decoded.contains("..") {
                    file = dir.join("404.html");
                }
                if file.is_dir() && folder_index {
                    file = file.join("index.html");
                }
                let (status, body) = match std::fs::read(&file) {
                    Ok(b) => ("200 OK", b),
                    Err(_) => (
                        "404 Not Found",
                        std::fs::read(dir.join("404.html")).unwrap_or_default(),
                    ),
                };
                let ctype = content_type(&file);
                let mut s = stream;
                // Every response carries the strict policy the site must work under (the
                // one the generator states, `media::STRICT_CSP`).
                let csp = if csp {
                    format!(
                        "Content-Security-Policy: {}\r\n",
                        playbook::media::STRICT_CSP
                    )
                } else {
                    String::new()
                };
                let (body, encoding) = if gzip && accepts_gzip {
                    let mut e =
                        flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
                    let _ = e.write_all(&body);
                    (e.finish().unwrap_or_default(), "Content-Encoding: gzip\r\n")
                } else {
                    (body, "")
                };
                let _ = write!(s, "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\n{csp}{encoding}Content-Length: {}\r\nConnection: close\r\n\r\n", body.len());
                let _ = s.write_all(&body);
            });
        }
    });
    format!("http://{addr}/")
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn content_type(p: &Path) -> &'static str {
    match p.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css",
        "js" => "text/javascript",
        "wasm" => "application/wasm",
        "json" | "webmanifest" => "application/json",
        "txt" => "text/plain; charset=utf-8",
        "xml" => "application/xml",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        "vtt" => "text/vtt",
        "mp4" => "video/mp4",
        "mp3" => "audio/mpeg",
        _ => "application/octet-stream",
    }
}

/// Runs `tests/browser/<script>` against `base`, failing with its output.
pub fn run_script(script: &str, base: &str) {
    run_script_with(script, base, &[]);
}

/// Like [`run_script`], with more arguments for the script; returns what it printed.
pub fn run_script_with(script: &str, base: &str, extra: &[&str]) -> String {
    let dir = repo().join("tests/browser");
    assert!(
        dir.join("node_modules/playwright-core").exists(),
        "tests/browser/node_modules is missing: run `bash scripts/setup.sh --browser` (it runs npm ci there)"
    );
    let out = Command::new("node")
        .arg(dir.join(script))
        .arg(base)
        .args(extra)
        .output()
        .expect("node is needed for the browser tests");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    assert!(out.status.success(), "{script} failed:\n{stdout}\n{stderr}");
    stdout.into_owned()
}

/// Also issue 12, items 3-5 (neutral start, the rate rule, undo and confirm steps, blank
/// worksheets); phone screenshots (390×844) of each widget go to a temporary folder,
/// printed at the end.
#[test]
fn widgets_and_quizzes_work_in_a_real_browser() {
    let f = Fixture::new("widgets");
    f.build_ok(&[]);
    let base = serve_dir(f.root().join("public"));
    let shots =
        std::env::temp_dir().join(format!("playbook-widgets-390x844-{}", std::process::id()));
    run_script_with("widgets.mjs", &base, &[shots.to_str().unwrap()]);
    println!("screenshots: {}", shots.display());
}

#[test]
fn quiz_text_stays_text_in_the_browser_without_a_csp() {
    let f = Fixture::new("minimal");
    f.overlay("hostile-quiz");
    f.build_ok(&[]);
    let base = serve_dir_with(f.root().join("public"), true, false);
    run_script("quiz_text.mjs", &base);
}

#[test]
fn the_site_reads_and_navigates_from_disk() {
    let f = Fixture::new("widgets");
    f.build_ok(&[]);
    let base = format!("file://{}/", f.root().join("public").display());
    run_script("file.mjs", &base);
}

#[test]
fn serve_shows_build_errors_over_the_page_and_reloads_on_a_fix() {
    let f = Fixture::new("minimal");
    let server = crate::cli::serve(&f);
    let base = format!("http://{}/", server.addr);
    run_script_with("serve.mjs", &base, &[f.root().to_str().unwrap()]);
}

/// Issue 10's round trip: answers given in Chromium → hand-in code on the progress page →
/// `playbook results --csv` gives the score the page showed.
#[test]
fn a_hand_in_code_made_in_the_browser_grades_to_the_score_the_page_showed() {
    let f = Fixture::new("widgets");
    f.build_ok(&[]);
    let base = serve_dir(f.root().join("public"));
    let shot = std::env::temp_dir().join(format!(
        "playbook-progress-390x844-{}.png",
        std::process::id()
    ));
    let out = run_script_with("handin.mjs", &base, &[shot.to_str().unwrap()]);
    println!("screenshot: {}", shot.display());
    let json = out
        .lines()
        .find_map(|l| l.strip_prefix("RESULT "))
        .expect("the script prints its result");
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    let code = v["code"].as_str().expect("a hand-in code");
    f.write("codes.txt", format!("{code}\n"));
    let r = f.run(&["results", "codes.txt", "--csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows: Vec<Vec<&str>> = r
        .stdout
        .trim_start_matches('\u{feff}')
        .lines()
        .map(|l| l.split(',').collect())
        .collect();
    let col = |name: &str| rows[0].iter().position(|c| *c == name).unwrap();
    let row = &rows[1];
    assert_eq!(row[col("name")], "Ann Lee");
    assert_eq!(row[col("class")], "KA-7");
    assert_eq!(row[col("language")], "en");
    assert_eq!(row[col("quizzes_taken")], "1");
    assert_eq!(
        row[col("tools-quiz")],
        v["percent"].to_string(),
        "the percentage the page showed"
    );
    assert_eq!(
        row[col("points")],
        v["earned"].to_string(),
        "the points the page showed"
    );
    assert_eq!(row[col("possible")], v["possible"].to_string());
}

/// Issue 11, part 2: figures, video with captions, callouts and alerts at 390×844 and on
/// a desktop, under the strict CSP; phone screenshots (light and dark) go to a temporary
/// folder, printed at the end.
#[test]
fn media_and_callouts_render_in_a_real_browser() {
    let f = Fixture::new("media");
    f.build_ok(&[]);
    let base = serve_dir(f.root().join("public"));
    let shots = std::env::temp_dir().join(format!("playbook-media-390x844-{}", std::process::id()));
    std::fs::create_dir_all(&shots).unwrap();
    run_script_with("media.mjs", &base, &[shots.to_str().unwrap()]);
    println!("screenshots: {}", shots.display());
}

#[test]
fn untranslated_and_stale_pages_show_their_notice_in_a_real_browser() {
    let f = Fixture::new("minimal");
    f.overlay("translations/fallback");
    f.overlay("translations/stale");
    f.build_ok(&[]);
    let base = serve_dir(f.root().join("public"));
    run_script("translations.mjs", &base);
}
