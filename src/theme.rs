//! The theme: the built-in default theme, embedded in the binary by `build.rs`, with the
//! playbook's own `themes/<name>/` files layered over it file by file.
//!
//! Input: the override files read by the load stage. Output: the merged file set
//! (templates for Tera, static files for the site), each remembering where it came from so
//! a template error can name the right file. Must not: read files itself.

use std::collections::BTreeMap;

include!(concat!(env!("OUT_DIR"), "/theme_files.rs"));
include!(concat!(env!("OUT_DIR"), "/wasm_files.rs"));

/// One theme file and its origin.
#[derive(Clone, Debug)]
pub struct ThemeFile {
    /// Contents.
    pub bytes: Vec<u8>,
    /// Path to show in diagnostics: `themes/x/templates/page.html` or
    /// `(built-in theme)/templates/page.html`.
    pub origin: String,
}

/// The merged theme.
#[derive(Clone, Debug, Default)]
pub struct Theme {
    /// Path in the theme (`templates/page.html`, `static/style.css`) → file.
    pub files: BTreeMap<String, ThemeFile>,
}

impl Theme {
    /// The default theme with `overrides` (paths relative to `themes/<name>/`) on top.
    pub fn merge(name: &str, overrides: &[(String, Vec<u8>)]) -> Theme {
        let mut files: BTreeMap<String, ThemeFile> = DEFAULT_THEME
            .iter()
            .map(|(p, b)| {
                (
                    p.to_string(),
                    ThemeFile {
                        bytes: b.to_vec(),
                        origin: format!("(built-in theme)/{p}"),
                    },
                )
            })
            .collect();
        for (p, b) in overrides {
            files.insert(
                p.clone(),
                ThemeFile {
                    bytes: b.clone(),
                    origin: format!("themes/{name}/{p}"),
                },
            );
        }
        Theme { files }
    }

    /// Templates: name (relative to `templates/`) → (source, origin).
    pub fn templates(&self) -> impl Iterator<Item = (&str, &ThemeFile)> {
        self.files
            .iter()
            .filter_map(|(p, f)| p.strip_prefix("templates/").map(|n| (n, f)))
    }

    /// Static files: output path under `assets/` → bytes.
    pub fn statics(&self) -> impl Iterator<Item = (&str, &ThemeFile)> {
        self.files
            .iter()
            .filter_map(|(p, f)| p.strip_prefix("static/").map(|n| (n, f)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_theme_is_embedded() {
        let t = Theme::merge("default", &[]);
        assert!(t.files.contains_key("templates/base.html"));
        assert!(t.files.contains_key("static/style.css"));
    }

    #[test]
    fn override_replaces_one_file_only() {
        let t = Theme::merge("mine", &[("templates/page.html".into(), b"X".to_vec())]);
        assert_eq!(t.files["templates/page.html"].bytes, b"X");
        assert_eq!(
            t.files["templates/page.html"].origin,
            "themes/mine/templates/page.html"
        );
        assert!(t.files["templates/base.html"]
            .origin
            .starts_with("(built-in theme)"));
    }
}
