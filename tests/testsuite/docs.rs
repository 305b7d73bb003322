//! docs/AUTHORING.md keeps up with the code: every variable a template receives and every
//! UI string key is documented. The variables are not listed by hand: the default playbook
//! (plus a page shown untranslated, so the fallback fields are filled) is built with every
//! template replaced by one that prints Tera's whole context (`__tera_context`), and the
//! keys found there must appear in the guide's table for that template.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::sync::OnceLock;

use crate::helpers::{copy_dir, repo};

/// Template name → the contexts it was rendered with (one per output page).
type Dumps = BTreeMap<String, Vec<serde_json::Value>>;

fn dumps() -> &'static Dumps {
    static DUMPS: OnceLock<Dumps> = OnceLock::new();
    DUMPS.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        copy_dir(&repo().join("content"), &root.join("content"));
        let toml = fs::read_to_string(repo().join("playbook.toml")).unwrap();
        let toml: String = toml
            .lines()
            .filter(|l| !l.starts_with("strict_translations"))
            .map(|l| format!("{l}\n"))
            .collect();
        fs::write(root.join("playbook.toml"), toml).unwrap();
        fs::write(
            root.join("content/value/zh-only-docs.md"),
            "+++\ntitle = \"只有中文\"\n+++\n\n正文。\n",
        )
        .unwrap();
        for name in templates() {
            let p = root.join("themes/default/templates").join(&name);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, format!("TEMPLATE {name}\n{{{{ __tera_context }}}}")).unwrap();
        }
        let r = std::process::Command::new(env!("CARGO_BIN_EXE_playbook"))
            .args(["build"])
            .current_dir(root)
            .output()
            .unwrap();
        assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
        let mut out = Dumps::new();
        for e in walkdir::WalkDir::new(root.join("public")) {
            let e = e.unwrap();
            if e.path().extension().is_none_or(|x| x != "html") {
                continue;
            }
            let text = fs::read_to_string(e.path()).unwrap();
            let Some(rest) = text.strip_prefix("TEMPLATE ") else {
                continue;
            };
            let (name, json) = rest.split_once('\n').unwrap();
            let value: serde_json::Value = serde_json::from_str(json)
                .unwrap_or_else(|err| panic!("{}: {err}", e.path().display()));
            out.entry(name.to_string()).or_default().push(value);
        }
        out
    })
}

/// The built-in templates that pages are rendered with (all but `base.html`).
fn templates() -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(repo().join("themes/default/templates"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "base.html")
        .collect();
    v.sort();
    v
}

/// Every key path of a context: `page.title`, `nav[].url`, `page.toc[].id`. The menu's
/// nested `children` have the shape of `nav[]`; the UI strings are documented apart.
fn keys(v: &serde_json::Value, path: &str, out: &mut BTreeSet<String>) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, x) in map {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                out.insert(p.clone());
                if p != "lang.strings" {
                    keys(x, &p, out);
                }
            }
        }
        serde_json::Value::Array(items) => {
            let p = if path.starts_with("nav[]") {
                "nav[]".to_string()
            } else {
                format!("{path}[]")
            };
            for x in items {
                keys(x, &p, out);
            }
        }
        _ => {}
    }
}

/// The guide's sections under `### Template variables`: heading → text.
fn doc_sections(doc: &str) -> Vec<(String, String)> {
    let start = doc
        .find("### Template variables")
        .expect("docs/AUTHORING.md has `### Template variables`");
    let rest = &doc[start..];
    let end = rest[4..].find("\n## ").map_or(rest.len(), |i| i + 4);
    let mut out = Vec::new();
    for part in rest[..end].split("\n#### ").skip(1) {
        let (heading, body) = part.split_once('\n').unwrap_or((part, ""));
        out.push((heading.to_string(), body.to_string()));
    }
    out
}

fn documented(table: &str, key: &str) -> bool {
    table.contains(&format!("| `{key}` |"))
}

#[test]
fn every_template_variable_is_documented() {
    let doc = fs::read_to_string(repo().join("docs/AUTHORING.md")).unwrap();
    let sections = doc_sections(&doc);
    let every = sections
        .iter()
        .find(|(h, _)| h == "Every template")
        .map(|(_, b)| b.as_str())
        .expect("a `#### Every template` table");
    let dumps = dumps();
    let mut missing = Vec::new();
    for name in templates() {
        let contexts = dumps
            .get(&name)
            .unwrap_or_else(|| panic!("no page was rendered with {name}"));
        let own = sections
            .iter()
            .find(|(h, _)| h.contains(&format!("`{name}`")))
            .map(|(_, b)| b.as_str())
            .unwrap_or_else(|| panic!("no `#### … `{name}` …` section in the guide"));
        let mut found = BTreeSet::new();
        for c in contexts {
            keys(c, "", &mut found);
        }
        for key in found {
            if !documented(every, &key) && !documented(own, &key) {
                missing.push(format!("{name}: {key}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "template variables missing from docs/AUTHORING.md (add a row `| `name` | type | meaning |`):\n{}",
        missing.join("\n")
    );
    // The walk sees what it must: a sample of nested and fallback-only keys.
    let mut page = BTreeSet::new();
    for c in &dumps["page.html"] {
        keys(c, "", &mut page);
    }
    for key in [
        "page.toc[].id",
        "page.original.url",
        "nav[].children",
        "site.logo",
        "translations[].anchors",
    ] {
        assert!(page.contains(key), "{key} not seen in page.html's contexts");
    }
}

#[test]
fn every_ui_string_is_documented() {
    let doc = fs::read_to_string(repo().join("docs/AUTHORING.md")).unwrap();
    let start = doc
        .find("\n## UI strings")
        .expect("a `## UI strings` section");
    let rest = &doc[start + 1..];
    let section = &rest[..rest[3..].find("\n## ").map_or(rest.len(), |i| i + 3)];
    let strings = dumps()["page.html"][0]["lang"]["strings"]
        .as_object()
        .expect("lang.strings is a map");
    assert!(strings.len() >= 30, "{}", strings.len());
    let missing: Vec<&String> = strings.keys().filter(|k| !documented(section, k)).collect();
    assert!(
        missing.is_empty(),
        "UI strings missing from the `## UI strings` table of docs/AUTHORING.md: {missing:?}"
    );
}

/// Every attribute a widget accepts, as the build's own "allowed attributes" hint lists
/// them, is in the guide's table of presets.
#[test]
fn every_widget_preset_is_documented() {
    let doc = fs::read_to_string(repo().join("docs/AUTHORING.md")).unwrap();
    let start = doc
        .find("### Widget presets and their units")
        .expect("a `### Widget presets and their units` section");
    let section = &doc[start..start + doc[start..].find("\n## ").unwrap()];
    let f = crate::helpers::Fixture::new("minimal");
    let page = fs::read_to_string(f.root().join("content/part/page.md")).unwrap();
    f.write(
        "content/part/page.md",
        format!(
            "{page}\n::: man-scorer unknown-x=1\n:::\n\n::: value-calculator unknown-x=1\n:::\n"
        ),
    );
    let r = f.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let mut seen = 0;
    let mut missing = Vec::new();
    for widget in ["man-scorer", "value-calculator"] {
        let at = r
            .stderr
            .find(&format!(
                "unknown attribute `unknown-x` for component `{widget}`"
            ))
            .unwrap_or_else(|| panic!("{widget}: {}", r.stderr));
        let hint = &r.stderr[at..];
        let list = hint
            .split_once("= hint: allowed attributes: ")
            .unwrap()
            .1
            .lines()
            .next()
            .unwrap();
        for attr in list.split(", ") {
            seen += 1;
            if !section.contains(&format!("`{attr}`")) {
                missing.push(format!("{widget}: {attr}"));
            }
        }
    }
    assert!(seen >= 30, "{seen} attributes");
    assert!(
        missing.is_empty(),
        "presets missing from the guide: {missing:?}"
    );
}
