//! Offline support: a web app manifest and a service worker whose precache lists the site's
//! own files, versioned by a hash of the whole output (a new build is a new cache, picked up
//! on the next visit). All URLs are relative to the service worker, so it works under any
//! subpath; its scope is the site root.

use std::hash::Hasher;

use crate::config::Config;
use crate::model::encode_path;

/// Files not worth precaching: print handouts (desktop, large) and the sitemap.
fn precached(path: &str) -> bool {
    !(path.ends_with("print/index.html") || path == "sitemap.xml" || path == "sw.js")
}

/// A stable hash of the whole output: every path and the hash of its bytes, in order.
fn version(listing: &[(String, u64)]) -> String {
    let mut h = rustc_hash::FxHasher::default();
    for (p, b) in listing {
        h.write(p.as_bytes());
        h.write(&[0]);
        h.write(&b.to_le_bytes());
    }
    format!("{:016x}", h.finish())
}

/// The service worker for the files of `listing` (path, hash): call it last, when every
/// other file is in.
pub fn service_worker(listing: &[(String, u64)]) -> String {
    let files: Vec<String> = listing
        .iter()
        .map(|(p, _)| p)
        .filter(|p| precached(p))
        .map(|p| {
            let url = match p.strip_suffix("index.html") {
                Some("") => "./".to_string(),
                Some(dir) => encode_path(dir),
                None => encode_path(p),
            };
            format!("{url:?}")
        })
        .collect();
    include_str!("sw.js")
        .replace("\"__VERSION__\"", &format!("{:?}", version(listing)))
        .replace(
            "[/*__FILES__*/]",
            &format!("[\n  {}\n]", files.join(",\n  ")),
        )
}

/// The web app manifest.
pub fn manifest(config: &Config) -> String {
    let l = config.default_language();
    serde_json::to_string_pretty(&serde_json::json!({
        "name": l.title,
        "short_name": l.title,
        "description": l.description,
        "lang": l.code,
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b5cad",
        "icons": [{ "src": "assets/favicon.svg", "sizes": "any", "type": "image/svg+xml" }]
    }))
    .expect("a JSON value serialises")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_pages_as_folders_and_changes_version_with_content() {
        let listing = |out: &crate::render::Output| -> Vec<(String, u64)> {
            out.iter()
                .map(|(p, b)| (p.clone(), crate::render::store::hash(b)))
                .collect()
        };
        let mut out = crate::render::Output::new();
        out.insert("index.html".into(), b"a".to_vec());
        out.insert("value/x/index.html".into(), b"b".to_vec());
        out.insert("value/print/index.html".into(), b"c".to_vec());
        out.insert("assets/style.css".into(), b"d".to_vec());
        let sw = service_worker(&listing(&out));
        assert!(sw.contains("\"./\""));
        assert!(sw.contains("\"value/x/\""));
        assert!(!sw.contains("print"));
        assert!(sw.contains("\"assets/style.css\""));
        let v1 = version(&listing(&out));
        out.insert("assets/style.css".into(), b"e".to_vec());
        assert_ne!(v1, version(&listing(&out)));
    }
}
