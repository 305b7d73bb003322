//! `playbook serve`: build, serve on localhost, watch, rebuild, reload.
//!
//! Input: a playbook root and where to listen. Output: the site, built into a private
//! temporary folder (0700 on unix, removed on exit and on Ctrl-C or SIGTERM) and served
//! from there, with a reload script in every page. A rebuild reparses only the files whose
//! text changed, renders again only the pages and handouts whose inputs changed (see
//! `crate::incremental`), updates the search files from the last build's index (only the
//! edited pages are indexed again) and rewrites only the output files whose bytes
//! changed; files not edited since the last rebuild are not read again. A failed rebuild
//! keeps the last good site in place; its diagnostics are printed in the terminal and, cut
//! to 64 KiB, shown as an overlay in open pages. Must not: write into the playbook, serve a
//! file outside the site folder, answer a non-local `Host`, or let one client hold up the
//! others.
//!
//! - `http`: the event-loop server (connections, limits, timeouts);
//! - `request`: what each request is answered with (routes, `Host` check, paths);
//! - `status`: the live-reload status and the cap on the error text;
//! - `watch`: the file watcher that survives deleted and re-created folders.

mod http;
mod request;
mod status;
mod watch;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::incremental::{RebuildError, Rebuilder};
use crate::BuildOptions;

pub use request::resolve;
use status::Status;

/// What the rebuild loop waits for.
enum Event {
    /// Paths changed on disk.
    Changed(Vec<PathBuf>),
    /// Ctrl-C, SIGTERM or SIGHUP: clean up and exit.
    Stop,
}

/// Runs the server until Ctrl-C (or SIGTERM); then removes its temporary folder.
pub fn run(root: PathBuf, bind: &str, port: u16, drafts: bool) -> ExitCode {
    let listener = match std::net::TcpListener::bind((bind, port)) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: cannot listen on {bind}:{port}: {e}");
            return ExitCode::from(1);
        }
    };
    let addr = match listener.local_addr() {
        Ok(a) => a.to_string(),
        Err(_) => format!("{bind}:{port}"),
    };
    let site = match private_temp_dir() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: cannot create a temporary folder: {e}");
            return ExitCode::from(1);
        }
    };
    let (tx, rx) = mpsc::channel();
    let stop = tx.clone();
    if let Err(e) = ctrlc::set_handler(move || {
        let _ = stop.send(Event::Stop);
    }) {
        eprintln!("warning: cannot handle Ctrl-C ({e}); the temporary folder may be left behind");
    }
    let opts = BuildOptions {
        root: root.clone(),
        base_url: Some(format!("http://{addr}/")),
        drafts,
        strict_translations: false,
    };
    // Watch before the first build and before the address is announced, so
    // that no change made after the announcement can be missed.
    let mut watcher = match watch::Watch::start(&root, tx) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: cannot watch files: {e}");
            return ExitCode::from(1);
        }
    };
    let status = Arc::new(Status::default());
    let mut rebuilder = Rebuilder::new(opts, site.path());
    rebuild(&mut rebuilder, &status);
    let served = request::Site {
        dir: site.path().to_path_buf(),
        bind_host: named_host(bind),
    };
    let http_status = Arc::clone(&status);
    let spawned = std::thread::Builder::new()
        .name("serve-http".into())
        .spawn(move || http::serve(listener, served, http_status));
    if let Err(e) = spawned {
        eprintln!("error: cannot start the HTTP server: {e}");
        return ExitCode::from(1);
    }
    println!(
        "Serving {} at http://{addr}/ (Ctrl-C to stop)",
        root.display()
    );
    if let Some(hook) = crate::ON_SERVE.get() {
        hook();
    }
    while let Ok(Event::Changed(paths)) = rx.recv() {
        let mut changed = paths;
        // Debounce: editors write several events per save.
        loop {
            match rx.recv_timeout(Duration::from_millis(150)) {
                Ok(Event::Changed(more)) => changed.extend(more),
                Ok(Event::Stop) => return stop_serving(site),
                Err(_) => break,
            }
        }
        if !changed.iter().any(|p| watcher.is_source(p)) {
            continue;
        }
        if changed.iter().any(|p| watcher.is_source_folder(p)) {
            watcher.refresh();
        }
        rebuilder.changed(&changed);
        // One pass: the search files are updated with the pages (a few milliseconds).
        rebuild(&mut rebuilder, &status);
    }
    stop_serving(site)
}

fn stop_serving(site: tempfile::TempDir) -> ExitCode {
    let path = site.path().to_path_buf();
    if let Err(e) = site.close() {
        eprintln!("warning: cannot remove `{}`: {e}", path.display());
        return ExitCode::from(1);
    }
    println!("Stopped.");
    ExitCode::SUCCESS
}

/// A new folder for the built site, readable by this user only (it holds drafts).
fn private_temp_dir() -> std::io::Result<tempfile::TempDir> {
    let mut b = tempfile::Builder::new();
    b.prefix("playbook-serve-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(std::fs::Permissions::from_mode(0o700));
    }
    b.tempdir()
}

/// The `--bind` host when it names one host, not every address (`0.0.0.0`, `::`).
fn named_host(bind: &str) -> Option<String> {
    let host = bind.trim_start_matches('[').trim_end_matches(']');
    match host.parse::<std::net::IpAddr>() {
        Ok(ip) if ip.is_unspecified() => None,
        _ => Some(host.to_ascii_lowercase()),
    }
}

/// Rebuilds and reports it: the time, what changed, what the search update redid.
fn rebuild(rebuilder: &mut Rebuilder, status: &Status) {
    let t = Instant::now();
    match rebuilder.rebuild() {
        Ok(r) => {
            let ms = t.elapsed().as_millis();
            let search = rebuilder.search_updates();
            let indexed: usize = search.iter().map(|(_, u)| u.pages).sum();
            let rebuilt: usize = search.iter().map(|(_, u)| u.shards_rebuilt).sum();
            let shards: usize = search.iter().map(|(_, u)| u.shards).sum();
            println!(
                "Rebuilt {} in {ms} ms ({} files changed, {} pages re-rendered, search: {indexed} \
                 pages indexed, {rebuilt} of {shards} shards rebuilt)",
                r.compiled.summary(),
                r.changes.written.len(),
                r.changes.rendered,
            );
            crate::cli::print_timings(&r.compiled.timings);
            status.built();
        }
        Err(e) => report(e, status),
    }
}

fn report(e: RebuildError, status: &Status) {
    match e {
        RebuildError::Write(e) => eprintln!("error: {e}"),
        RebuildError::Build(diags) => {
            eprint!("{}", diags.render());
            eprintln!("build failed: still serving the last good site");
            status.failed(&status::overlay_text(&diags, status::ERROR_CAP));
        }
    }
}
