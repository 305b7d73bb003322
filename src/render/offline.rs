//! Offline support: a web app manifest and a service worker whose precache lists the site's
//! own files, versioned by a hash of the whole output (a new build is a new cache, picked up
//! on the next visit). All URLs are relative to the service worker, so it works under any
//! subpath; its scope is the site root.

use std::hash::Hasher;

use super::Output;
use crate::config::Config;
use crate::model::encode_path;

/// Files not worth precaching: print handouts (desktop, large) and the sitemap.
fn precached(path: &str) -> bool {
    !(path.ends_with("print/index.html") || path == "sitemap.xml" || path == "sw.js")
}

/// A stable 64-bit FNV-1a hash of the output (paths and bytes, in order).
fn version(out: &Output) -> String {
    let mut h = Fnv(0xcbf2_9ce4_8422_2325);
    for (p, b) in out {
        h.write(p.as_bytes());
        h.write(&[0]);
        h.write(b);
    }
    format!("{:016x}", h.finish())
}

struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// The service worker for `out` (call it last, when every other file is in).
pub fn service_worker(out: &Output) -> String {
    let files: Vec<String> = out
        .keys()
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
        .replace("\"__VERSION__\"", &format!("{:?}", version(out)))
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
        let mut out = Output::new();
        out.insert("index.html".into(), b"a".to_vec());
        out.insert("value/x/index.html".into(), b"b".to_vec());
        out.insert("value/print/index.html".into(), b"c".to_vec());
        out.insert("assets/style.css".into(), b"d".to_vec());
        let sw = service_worker(&out);
        assert!(sw.contains("\"./\""));
        assert!(sw.contains("\"value/x/\""));
        assert!(!sw.contains("print"));
        assert!(sw.contains("\"assets/style.css\""));
        let v1 = version(&out);
        out.insert("assets/style.css".into(), b"e".to_vec());
        assert_ne!(v1, version(&out));
    }
}
