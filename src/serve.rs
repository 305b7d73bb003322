//! `playbook serve`: build, serve on localhost, watch, rebuild, reload.
//!
//! The site is written to a private folder and served from there. A rebuild reparses only
//! the files whose text changed and rewrites only the output files whose bytes changed.
//! A failed rebuild keeps the last good site in place; its diagnostics are printed in the
//! terminal and shown as an overlay in open pages. Requests never leave the site folder.

use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use crate::render::Output;
use crate::{compile, BuildOptions, ParseCache};

const RELOAD_JS: &str = include_str!("serve_reload.js");

/// What open pages poll.
#[derive(Default)]
struct State {
    version: u64,
    error: Option<String>,
}

/// Resolves a request path to a file inside `site`, or `None` when it would leave it
/// (`..`, encoded `%2e%2e`, backslashes, absolute paths, NUL bytes, symlinks out).
pub fn resolve(site: &Path, url_path: &str) -> Option<PathBuf> {
    let path = url_path.split(['?', '#']).next().unwrap_or("");
    let decoded = crate::model::decode_percent(path);
    if decoded.contains('\0') || decoded.contains('\\') {
        return None;
    }
    let mut out = site.to_path_buf();
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => return None,
            s => {
                let p = Path::new(s);
                if p.components().any(|c| !matches!(c, Component::Normal(_))) {
                    return None;
                }
                out.push(s);
            }
        }
    }
    if out.is_dir() {
        out.push("index.html");
    }
    let canon_site = site.canonicalize().ok()?;
    let canon = out.canonicalize().ok()?;
    canon.starts_with(&canon_site).then_some(canon)
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "webmanifest" => "application/json",
        "wasm" => "application/wasm",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn header(k: &str, v: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()).expect("valid header")
}

fn respond(site: &Path, state: &Mutex<State>, req: tiny_http::Request) {
    let url = req.url().to_string();
    let (status, body, ctype): (u16, Vec<u8>, &str) = if url.starts_with("/__playbook/status") {
        let s = state.lock().unwrap_or_else(|e| e.into_inner());
        let json = serde_json::json!({ "version": s.version, "error": s.error });
        (200, json.to_string().into_bytes(), "application/json")
    } else if url.starts_with("/__playbook/reload.js") {
        (
            200,
            RELOAD_JS.as_bytes().to_vec(),
            "text/javascript; charset=utf-8",
        )
    } else {
        match resolve(site, &url).and_then(|p| std::fs::read(&p).ok().map(|b| (p, b))) {
            Some((p, b)) => (200, inject(&p, b), content_type(&p)),
            None => {
                let p = site.join("404.html");
                let b = std::fs::read(&p).unwrap_or_else(|_| b"not found".to_vec());
                (404, inject(&p, b), "text/html; charset=utf-8")
            }
        }
    };
    let resp = tiny_http::Response::from_data(body)
        .with_status_code(status)
        .with_header(header("Content-Type", ctype))
        .with_header(header("Cache-Control", "no-store"));
    let _ = req.respond(resp);
}

/// Adds the reload script to HTML pages (only in `serve`; never in built output).
fn inject(path: &Path, body: Vec<u8>) -> Vec<u8> {
    if path.extension().and_then(|e| e.to_str()) != Some("html") {
        return body;
    }
    let html = String::from_utf8_lossy(&body);
    let tag = "<script src=\"/__playbook/reload.js\" defer></script>";
    match html.rfind("</body>") {
        Some(i) => format!("{}{tag}{}", &html[..i], &html[i..]).into_bytes(),
        None => format!("{html}{tag}").into_bytes(),
    }
}

/// Runs the server until the process is stopped.
pub fn run(root: PathBuf, bind: &str, port: u16, drafts: bool) -> ExitCode {
    let server = match tiny_http::Server::http((bind, port)) {
        Ok(s) => Arc::new(s),
        Err(e) => {
            eprintln!("error: cannot listen on {bind}:{port}: {e}");
            return ExitCode::from(1);
        }
    };
    let addr = server
        .server_addr()
        .to_ip()
        .map(|a| a.to_string())
        .unwrap_or_else(|| format!("{bind}:{port}"));
    let site = std::env::temp_dir().join(format!("playbook-serve-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&site);
    if let Err(e) = std::fs::create_dir_all(&site) {
        eprintln!("error: cannot create `{}`: {e}", site.display());
        return ExitCode::from(1);
    }
    let opts = BuildOptions {
        root: root.clone(),
        base_url: Some(format!("http://{addr}/")),
        drafts,
    };
    // Watch before the first build and before the address is announced, so
    // that no change made after the announcement can be missed.
    let (tx, rx) = mpsc::channel();
    let _watcher = match watch(&root, tx) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: cannot watch files: {e}");
            return ExitCode::from(1);
        }
    };
    let state = Arc::new(Mutex::new(State::default()));
    let mut cache = ParseCache::default();
    let mut last = Output::new();
    rebuild(&opts, &site, &mut cache, &mut last, &state);
    println!(
        "Serving {} at http://{addr}/ (Ctrl-C to stop)",
        root.display()
    );
    for _ in 0..4 {
        let (server, site, state) = (Arc::clone(&server), site.clone(), Arc::clone(&state));
        std::thread::spawn(move || {
            while let Ok(req) = server.recv() {
                respond(&site, &state, req);
            }
        });
    }
    let output_dir = root.join("public");
    while let Ok(paths) = rx.recv() {
        let mut changed = paths;
        // Debounce: editors write several events per save.
        while let Ok(more) = rx.recv_timeout(Duration::from_millis(150)) {
            changed.extend(more);
        }
        if changed.iter().all(|p| p.starts_with(&output_dir)) {
            continue;
        }
        if changed.iter().any(|p| p.ends_with("playbook.toml")) {
            cache = ParseCache::default();
        }
        rebuild(&opts, &site, &mut cache, &mut last, &state);
    }
    ExitCode::SUCCESS
}

/// Watches the playbook's content, themes and config. The native watcher
/// (inotify, FSEvents, ...) is used where it can watch every path; where it
/// cannot (no more inotify watches, a network file system), a polling watcher
/// takes over, so that serving never silently stops picking up changes.
fn watch(root: &Path, tx: mpsc::Sender<Vec<PathBuf>>) -> notify::Result<Box<dyn Watcher + Send>> {
    let handler = move |ev: notify::Result<notify::Event>| {
        if let Ok(ev) = ev {
            if !matches!(ev.kind, notify::EventKind::Access(_)) {
                let _ = tx.send(ev.paths);
            }
        }
    };
    let paths = crate::load::watched_paths(root);
    let add = |w: &mut dyn Watcher| -> notify::Result<()> {
        for p in &paths {
            let mode = if p.is_dir() {
                RecursiveMode::Recursive
            } else {
                RecursiveMode::NonRecursive
            };
            w.watch(p, mode)?;
        }
        Ok(())
    };
    // `PLAYBOOK_WATCH=poll` forces polling (for file systems that report no
    // events, and to test the fallback).
    let native = if std::env::var_os("PLAYBOOK_WATCH").is_some_and(|v| v == "poll") {
        Err(notify::Error::generic("PLAYBOOK_WATCH=poll"))
    } else {
        notify::recommended_watcher(handler.clone()).and_then(|mut w| {
            add(&mut w)?;
            Ok(w)
        })
    };
    match native {
        Ok(w) => Ok(Box::new(w)),
        Err(e) => {
            eprintln!("warning: native file watching failed ({e}); polling every 500 ms instead");
            // Contents, not only times: the poller keeps modification times
            // to the second, which would miss a second save within a second.
            let config = notify::Config::default()
                .with_poll_interval(Duration::from_millis(500))
                .with_compare_contents(true);
            let mut w = notify::PollWatcher::new(handler, config)?;
            add(&mut w)?;
            Ok(Box::new(w))
        }
    }
}

fn rebuild(
    opts: &BuildOptions,
    site: &Path,
    cache: &mut ParseCache,
    last: &mut Output,
    state: &Mutex<State>,
) {
    let t = Instant::now();
    let store = crate::render::store::MemoryStore::default();
    match compile(opts, Some(cache), &store) {
        Ok(c) => {
            let output = store.into_output();
            match crate::write::write_incremental(site, &output, last) {
                Ok(n) => {
                    println!(
                        "Rebuilt {} in {} ms ({n} files changed)",
                        c.summary(),
                        t.elapsed().as_millis()
                    );
                    *last = output;
                    let mut s = state.lock().unwrap_or_else(|e| e.into_inner());
                    s.version += 1;
                    s.error = None;
                }
                Err(e) => eprintln!("error: {e}"),
            }
        }
        Err(diags) => {
            let text = diags.render();
            eprint!("{text}");
            eprintln!("build failed: still serving the last good site");
            let mut s = state.lock().unwrap_or_else(|e| e.into_inner());
            s.error = Some(text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_cannot_leave_the_site() {
        let dir = std::env::temp_dir().join(format!("pb-serve-test-{}", std::process::id()));
        let site = dir.join("site");
        std::fs::create_dir_all(site.join("a")).unwrap();
        std::fs::write(site.join("a/index.html"), "x").unwrap();
        std::fs::write(dir.join("secret.txt"), "s").unwrap();
        assert!(resolve(&site, "/a/").is_some());
        assert!(resolve(&site, "/a/index.html?x=1").is_some());
        for bad in [
            "/../secret.txt",
            "/a/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E/secret.txt",
            "/a/%2e%2e/%2e%2e/secret.txt",
            "/..%2fsecret.txt",
            "/..%5csecret.txt",
            "//etc/passwd",
            "/%2fetc%2fpasswd",
            "/a%00",
        ] {
            assert!(resolve(&site, bad).is_none(), "{bad} must be refused");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
