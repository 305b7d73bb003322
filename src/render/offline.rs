//! Offline support that respects a phone: a web app manifest, a service worker, and the
//! lists of files a reader can save for offline reading.
//!
//! Input: the listing of every file of the site (path, hash, length) and the configuration.
//! Output: `sw.js`, `manifest.webmanifest`, and `offline/`: `index.json` (per part and per
//! language: how many files and bytes), one list of files per part (`offline/N.json`) and
//! per language (`offline/all-CODE.json`).
//!
//! The service worker caches at install only the shell (stylesheet, scripts, wasm, icon,
//! the home page of each language, the 404 page), never more than [`SHELL_BUDGET`] bytes;
//! then each page as it is read. A part or the whole course is saved only when the reader
//! asks, on a button that shows its size. An offline page that was never saved says so.
//! All URLs are relative to the service worker, so it works under any subpath; its scope is
//! the site root; a new build is a new cache version.
//!
//! Must not: precache print handouts, the search files or pages nobody asked for.

use std::collections::BTreeMap;
use std::hash::Hasher;

use crate::config::Config;
use crate::model::encode_path;
use crate::render::store::Listed;

/// The most the service worker caches without being asked (the shell), in bytes.
pub const SHELL_BUDGET: u64 = 1_000_000;

/// Never saved for offline reading: print handouts (desktop, large), the sitemap, the
/// service worker itself, the offline lists, and video and audio files (large; the player
/// streams them, and offline shows its poster and download link instead).
fn saveable(path: &str) -> bool {
    !(path.ends_with("print/index.html")
        || crate::components::video::is_media_file(path)
        || path == "sitemap.xml"
        || path == "sw.js"
        || path.starts_with("offline/"))
}

/// The URL the service worker caches a file under: a page by its folder.
fn url(path: &str) -> String {
    match path.strip_suffix("index.html") {
        Some("") => "./".to_string(),
        Some(dir) => encode_path(dir),
        None => encode_path(path),
    }
}

/// Files every language needs: theme assets, the web app manifest, the 404 page, the
/// playbook's own stylesheets and logo (`extra_css`, `logo`).
fn shared(config: &Config, path: &str) -> bool {
    path.starts_with("assets/")
        || path == "manifest.webmanifest"
        || path == "404.html"
        || own_look(config, path)
}

/// Whether `path` is one of the playbook's `extra_css` files or its logo: part of every
/// page's look, so part of the shell.
fn own_look(config: &Config, path: &str) -> bool {
    config
        .extra_css
        .iter()
        .chain(config.logo.iter())
        .any(|r| r.path == path)
}

/// The language (index into `config.languages`) a file belongs to, by its prefix.
fn language_of(config: &Config, path: &str) -> usize {
    config
        .languages
        .iter()
        .position(|l| !l.prefix.is_empty() && path.starts_with(&l.prefix))
        .unwrap_or(0)
}

/// The part folder (`value/`, `en/value/`) a file belongs to, if any.
fn part_of(config: &Config, path: &str) -> Option<String> {
    if shared(config, path) {
        return None;
    }
    let prefix = &config.languages[language_of(config, path)].prefix;
    let rest = &path[prefix.len()..];
    let (first, _) = rest.split_once('/')?;
    Some(format!("{prefix}{first}/"))
}

/// The shell: what the service worker caches at install.
fn in_shell(config: &Config, path: &str) -> bool {
    let asset = path.starts_with("assets/")
        && [".css", ".js", ".wasm", ".svg"]
            .iter()
            .any(|e| path.ends_with(e));
    asset
        || own_look(config, path)
        || path == "manifest.webmanifest"
        || path == "404.html"
        || config
            .languages
            .iter()
            .any(|l| path == format!("{}index.html", l.prefix))
}

/// A stable hash of the whole output: every path and the hash of its bytes, in order.
fn version(listing: &[Listed]) -> String {
    let mut h = rustc_hash::FxHasher::default();
    for f in listing {
        h.write(f.path.as_bytes());
        h.write(&[0]);
        h.write(&f.hash.to_le_bytes());
    }
    format!("{:016x}", h.finish())
}

fn list_json(files: &[&Listed]) -> Vec<u8> {
    let urls: Vec<String> = files.iter().map(|f| url(&f.path)).collect();
    let bytes: u64 = files.iter().map(|f| f.len).sum();
    serde_json::to_vec(&serde_json::json!({ "bytes": bytes, "files": urls }))
        .expect("a JSON value serialises")
}

/// The offline lists: `offline/index.json` and one list per part and per language.
pub fn lists(listing: &[Listed], config: &Config) -> Vec<(String, Vec<u8>)> {
    let files: Vec<&Listed> = listing.iter().filter(|f| saveable(&f.path)).collect();
    let mut parts: BTreeMap<String, Vec<&Listed>> = BTreeMap::new();
    for f in &files {
        if let Some(p) = part_of(config, &f.path) {
            parts.entry(p).or_default().push(f);
        }
    }
    let mut out = Vec::new();
    let mut index_parts = serde_json::Map::new();
    for (n, (part, list)) in parts.iter().enumerate() {
        index_parts.insert(
            part.clone(),
            serde_json::json!({
                "list": format!("offline/{n}.json"),
                "files": list.len(),
                "bytes": list.iter().map(|f| f.len).sum::<u64>(),
            }),
        );
        out.push((format!("offline/{n}.json"), list_json(list)));
    }
    let mut index_all = serde_json::Map::new();
    for (li, l) in config.languages.iter().enumerate() {
        let list: Vec<&Listed> = files
            .iter()
            .copied()
            .filter(|f| shared(config, &f.path) || language_of(config, &f.path) == li)
            .collect();
        let name = format!("offline/all-{}.json", l.code);
        index_all.insert(
            l.code.clone(),
            serde_json::json!({
                "list": name,
                "files": list.len(),
                "bytes": list.iter().map(|f| f.len).sum::<u64>(),
            }),
        );
        out.push((name, list_json(&list)));
    }
    let index = serde_json::json!({ "parts": index_parts, "all": index_all });
    out.push((
        "offline/index.json".into(),
        serde_json::to_vec(&index).expect("a JSON value serialises"),
    ));
    out
}

/// Bytes of the shell of this listing.
pub fn shell_bytes(listing: &[Listed], config: &Config) -> u64 {
    listing
        .iter()
        .filter(|f| in_shell(config, &f.path))
        .map(|f| f.len)
        .sum()
}

/// The service worker for the files of `listing`: call it last, when every other file
/// is in.
pub fn service_worker(listing: &[Listed], config: &Config) -> String {
    let shell: Vec<String> = listing
        .iter()
        .filter(|f| in_shell(config, &f.path))
        .map(|f| format!("{:?}", url(&f.path)))
        .collect();
    // Longest prefix first: the default language (empty prefix) matches last.
    let mut langs: Vec<&crate::config::Language> = config.languages.iter().collect();
    langs.sort_by_key(|l| std::cmp::Reverse(l.prefix.len()));
    let langs: Vec<serde_json::Value> = langs
        .iter()
        .map(|l| {
            let s = |k: &str| l.strings.get(k).cloned().unwrap_or_default();
            serde_json::json!({
                "prefix": l.prefix,
                "code": l.code,
                "tag": l.locale,
                "title": s("offline_title"),
                "text": s("offline_text"),
                "home": s("home"),
            })
        })
        .collect();
    include_str!("sw.js")
        .replace("\"__VERSION__\"", &format!("{:?}", version(listing)))
        .replace(
            "[/*__FILES__*/]",
            &format!("[\n  {}\n]", shell.join(",\n  ")),
        )
        .replace(
            "[/*__LANGS__*/]",
            &serde_json::to_string(&langs).expect("a JSON value serialises"),
        )
}

/// The web app manifest.
pub fn manifest(config: &Config) -> String {
    let l = config.default_language();
    serde_json::to_string_pretty(&serde_json::json!({
        "name": l.title,
        "short_name": l.title,
        "description": l.description,
        "lang": l.locale,
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

    fn config() -> Config {
        crate::config::parse(
            "playbook.toml",
            "title = \"课程\"\n[languages.en]\ntitle = \"Course\"\n",
        )
        .unwrap_or_else(|_| panic!("valid config"))
    }

    fn listing(files: &[(&str, &str)]) -> Vec<Listed> {
        let mut v: Vec<Listed> = files
            .iter()
            .map(|(p, b)| Listed {
                path: p.to_string(),
                hash: crate::render::store::hash(b.as_bytes()),
                len: b.len() as u64,
            })
            .collect();
        v.sort_by(|a, b| a.path.cmp(&b.path));
        v
    }

    const SITE: &[(&str, &str)] = &[
        ("index.html", "home"),
        ("en/index.html", "home-en"),
        ("value/index.html", "part"),
        ("value/x/index.html", "chapter"),
        ("value/chart.png", "picture"),
        ("value/clip.mp4", "a recording far bigger than the course"),
        ("value/print/index.html", "handout"),
        ("en/value/x/index.html", "chapter-en"),
        ("search/manifest.txt", "manifest"),
        ("search/t/0.txt", "a shard"),
        ("assets/style.css", "css"),
        ("assets/playbook_quiz_bg.wasm", "wasm"),
        ("404.html", "404"),
        ("sitemap.xml", "map"),
    ];

    #[test]
    fn the_shell_is_small_and_pages_are_saved_by_part_and_language() {
        let config = config();
        let l = listing(SITE);
        let sw = service_worker(&l, &config);
        for shell in ["\"./\"", "\"en/\"", "\"assets/style.css\"", "\"404.html\""] {
            assert!(sw.contains(shell), "{shell} in the shell");
        }
        for not in ["value/x/", "search/", "print", "sitemap", "value/clip.mp4"] {
            assert!(!sw.contains(&format!("\"{not}")), "{not} is not precached");
        }
        assert!(sw.contains("\"prefix\":\"en/\""));
        assert_eq!(shell_bytes(&l, &config), 4 + 7 + 3 + 4 + 3);

        let lists: BTreeMap<String, serde_json::Value> = lists(&l, &config)
            .into_iter()
            .map(|(p, b)| (p, serde_json::from_slice(&b).unwrap()))
            .collect();
        let index = &lists["offline/index.json"];
        let value = &index["parts"]["value/"];
        assert_eq!(
            value["files"], 3,
            "part page, chapter and picture; no handout, no video"
        );
        assert_eq!(value["bytes"], 4 + 7 + 7);
        let list = &lists[value["list"].as_str().unwrap()];
        assert_eq!(
            list["files"],
            serde_json::json!(["value/chart.png", "value/", "value/x/"])
        );
        assert!(index["parts"]["en/value/"].is_object());
        assert!(index["parts"].get("assets/").is_none());
        let zh = &lists[index["all"]["zh"]["list"].as_str().unwrap()];
        let files: Vec<&str> = zh["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap())
            .collect();
        assert!(
            files.contains(&"search/t/0.txt") && files.contains(&"search/manifest.txt"),
            "the whole course includes search"
        );
        assert!(files.contains(&"assets/style.css"));
        assert!(!files.iter().any(|f| f.starts_with("en/")), "{files:?}");
        let en = &lists[index["all"]["en"]["list"].as_str().unwrap()];
        assert!(en["files"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!("en/value/x/")));
    }

    /// `extra_css` and `logo` are part of every page: in the shell and in every
    /// language's list, never a "part" of their own; other static files are not.
    #[test]
    fn own_stylesheets_and_logo_are_in_the_shell() {
        let config = crate::config::parse(
            "playbook.toml",
            "title = \"课程\"\nextra_css = [\"css/brand.css\"]\nlogo = \"logo.png\"\n[languages.en]\ntitle = \"Course\"\n",
        )
        .unwrap_or_else(|_| panic!("valid config"));
        let mut site = SITE.to_vec();
        site.extend([
            ("css/brand.css", "brand"),
            ("logo.png", "logo"),
            ("css/other.css", "other"),
        ]);
        let l = listing(&site);
        let sw = service_worker(&l, &config);
        assert!(sw.contains("\"css/brand.css\""), "{sw}");
        assert!(sw.contains("\"logo.png\""), "{sw}");
        assert!(!sw.contains("\"css/other.css\""), "{sw}");
        assert_eq!(shell_bytes(&l, &config), 4 + 7 + 3 + 4 + 3 + 5 + 4);
        let lists: BTreeMap<String, serde_json::Value> = lists(&l, &config)
            .into_iter()
            .map(|(p, b)| (p, serde_json::from_slice(&b).unwrap()))
            .collect();
        let index = &lists["offline/index.json"];
        assert_eq!(index["parts"]["css/"]["files"], 1, "only css/other.css");
        let en = &lists[index["all"]["en"]["list"].as_str().unwrap()];
        for f in ["css/brand.css", "logo.png"] {
            assert!(en["files"]
                .as_array()
                .unwrap()
                .contains(&serde_json::json!(f)));
        }
    }

    #[test]
    fn the_version_changes_with_content() {
        let mut l = listing(SITE);
        let v1 = version(&l);
        l[0].hash ^= 1;
        assert_ne!(v1, version(&l));
    }
}
