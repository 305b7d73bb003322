//! `extra_css` and `logo` in `playbook.toml`: files of the site's `static/` folder that the
//! theme links. Their form (a relative path of the right type, never a URL) is checked with
//! the rest of the configuration; whether the files exist, once the load stage has listed
//! the site's files ([`check_static_refs`]). Must not: read files.

use std::sync::Arc;

use super::{find_key, Config};
use crate::diagnostics::{did_you_mean, Diagnostic};

/// A file under `static/` named in `playbook.toml` (`extra_css`, `logo`), with the span of
/// its value there. `path` is relative to `static/`, as in the site (`css/brand.css`).
#[derive(Clone, Debug)]
pub struct StaticRef {
    /// Path under `static/` = path in the site.
    pub path: String,
    /// Where the value is written in `playbook.toml`.
    pub span: std::ops::Range<usize>,
}

/// Image types a logo may have.
const LOGO_TYPES: &[&str] = &[".svg", ".png", ".jpg", ".jpeg", ".webp", ".gif", ".avif"];

type Refs<T> = Result<T, Vec<Diagnostic>>;

/// Checks the form of `extra_css` and `logo` (a relative path of the right type, no URL);
/// whether the files exist is [`check_static_refs`]'s job, after loading.
pub(super) fn static_refs(
    path: &str,
    source: &Arc<str>,
    extra_css: &[String],
    logo: Option<&str>,
) -> (Refs<Vec<StaticRef>>, Refs<Option<StaticRef>>) {
    let one =
        |key: &str, value: &str, types: &[&str], what: &str| -> Result<StaticRef, Diagnostic> {
            let span = value_span(source, key, value);
            let err = |msg: String, hint: &str| {
                Err(Diagnostic::error(path, source, span.clone(), msg).with_hint(hint.to_string()))
            };
            let v = value.trim();
            if v.contains("://") || v.starts_with("//") || v.starts_with("data:") {
                return err(
                    format!("`{key}` must be a file under static/, not a URL: `{v}`"),
                    "the site loads nothing from other origins (strict CSP, offline reading): \
                 copy the file into static/ and name it here, e.g. \"brand.css\"",
                );
            }
            let ok_path = !v.is_empty()
                && !v.starts_with('/')
                && !v.contains('\\')
                && v.split('/').all(|s| !s.is_empty() && s != "." && s != "..");
            if !ok_path {
                return err(
                    format!("`{key}` must be a path under static/, got `{v}`"),
                    "write it relative to static/, without a leading / or `..`: \
                 static/css/brand.css is \"css/brand.css\"",
                );
            }
            let lower = v.to_ascii_lowercase();
            if !types.iter().any(|t| lower.ends_with(t)) {
                return err(
                    format!("`{key}` must name {what}, got `{v}`"),
                    &format!("allowed file types: {}", types.join(", ")),
                );
            }
            Ok(StaticRef {
                path: v.to_string(),
                span,
            })
        };
    let mut css = Vec::new();
    let mut css_errors = Vec::new();
    for v in extra_css {
        match one("extra_css", v, &[".css"], "a stylesheet (.css)") {
            Ok(r) => css.push(r),
            Err(d) => css_errors.push(d),
        }
    }
    let css = if css_errors.is_empty() {
        Ok(css)
    } else {
        Err(css_errors)
    };
    let logo = match logo.map(|l| one("logo", l, LOGO_TYPES, "an image")) {
        None => Ok(None),
        Some(Ok(r)) => Ok(Some(r)),
        Some(Err(d)) => Err(vec![d]),
    };
    (css, logo)
}

/// Span of `"value"` after the line of `key` (or of the key itself).
fn value_span(text: &str, key: &str, value: &str) -> std::ops::Range<usize> {
    let Some(k) = find_key(text, key) else {
        return 0..0;
    };
    let quoted = [format!("\"{value}\""), format!("'{value}'")];
    quoted
        .iter()
        .filter_map(|q| text[k.start..].find(q.as_str()))
        .min()
        .map(|i| k.start + i + 1..k.start + i + 1 + value.len())
        .unwrap_or(k)
}

/// Errors for `extra_css` and `logo` files that are not in the site: `files` holds the
/// output paths of the site's own files (`static/` and `content/` assets).
pub fn check_static_refs(
    config: &Config,
    source: &str,
    files: &std::collections::HashSet<String>,
) -> Vec<Diagnostic> {
    let source: Arc<str> = Arc::from(source);
    let refs = config
        .extra_css
        .iter()
        .map(|r| ("extra_css", r))
        .chain(config.logo.iter().map(|r| ("logo", r)));
    let mut out = Vec::new();
    for (key, r) in refs {
        if files.contains(&r.path) {
            continue;
        }
        let d = Diagnostic::error(
            "playbook.toml",
            &source,
            r.span.clone(),
            format!("`{key}`: `static/{}` does not exist", r.path),
        );
        let stripped = r
            .path
            .strip_prefix("static/")
            .filter(|p| files.contains(*p));
        let ext = r.path.rsplit('.').next().unwrap_or("");
        let same_type: Vec<&str> = files
            .iter()
            .map(String::as_str)
            .filter(|f| f.rsplit('.').next() == Some(ext))
            .collect();
        let d = match (stripped, did_you_mean(&r.path, &same_type)) {
            (Some(p), _) => d.with_hint(format!("paths are relative to static/: write \"{p}\"")),
            (None, Some(p)) => d.with_hint(format!("did you mean \"{p}\"?")),
            (None, None) => d.with_hint(format!(
                "put the file at static/{} or correct the path",
                r.path
            )),
        };
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::super::parse;
    use super::*;

    fn errors(toml: &str) -> Vec<String> {
        parse("playbook.toml", toml)
            .unwrap_err()
            .iter()
            .map(|d| {
                let r = d.render();
                let hint = r.lines().find(|l| l.contains("= hint:")).unwrap_or("");
                format!("{} | {}", r.lines().next().unwrap(), hint.trim())
            })
            .collect()
    }

    #[test]
    fn paths_are_kept_with_their_spans() {
        let text = "title = \"T\"\nextra_css = [\"brand.css\", \"css/print.css\"]\nlogo = \"img/logo.svg\"\n";
        let c = parse("playbook.toml", text).unwrap();
        let css: Vec<(&str, &str)> = c
            .extra_css
            .iter()
            .map(|r| (r.path.as_str(), &text[r.span.clone()]))
            .collect();
        assert_eq!(
            css,
            [
                ("brand.css", "brand.css"),
                ("css/print.css", "css/print.css")
            ]
        );
        let logo = c.logo.unwrap();
        assert_eq!(&text[logo.span.clone()], "img/logo.svg");
        let none = parse("playbook.toml", "title = \"T\"\n").unwrap();
        assert!(none.extra_css.is_empty() && none.logo.is_none());
    }

    #[test]
    fn urls_bad_paths_and_types_are_errors_at_the_value() {
        let e = errors(
            "title = \"T\"\nextra_css = [\"https://cdn.example.com/x.css\", \"../up.css\", \"brand.scss\"]\nlogo = \"/logo.svg\"\n",
        );
        assert_eq!(
            e,
            [
                "playbook.toml:2:15: error: `extra_css` must be a file under static/, not a URL: `https://cdn.example.com/x.css` | = hint: the site loads nothing from other origins (strict CSP, offline reading): copy the file into static/ and name it here, e.g. \"brand.css\"",
                "playbook.toml:2:48: error: `extra_css` must be a path under static/, got `../up.css` | = hint: write it relative to static/, without a leading / or `..`: static/css/brand.css is \"css/brand.css\"",
                "playbook.toml:2:61: error: `extra_css` must name a stylesheet (.css), got `brand.scss` | = hint: allowed file types: .css",
                "playbook.toml:3:9: error: `logo` must be a path under static/, got `/logo.svg` | = hint: write it relative to static/, without a leading / or `..`: static/css/brand.css is \"css/brand.css\"",
            ]
        );
        let e = errors("title = \"T\"\nlogo = \"logo.pdf\"\n");
        assert_eq!(e.len(), 1);
        assert!(e[0].starts_with("playbook.toml:2:9: error: `logo` must name an image, got `logo.pdf` | = hint: allowed file types: .svg, .png"), "{e:?}");
    }

    #[test]
    fn missing_files_are_located_with_a_hint() {
        let text = "title = \"T\"\nextra_css = [\"static/brand.css\", \"bran.css\", \"ok.css\"]\nlogo = \"nope.svg\"\n";
        let c = parse("playbook.toml", text).unwrap();
        let files: HashSet<String> = ["brand.css", "ok.css", "index.txt"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let d: Vec<String> = check_static_refs(&c, text, &files)
            .iter()
            .map(|d| {
                let r = d.render();
                let hint = r.lines().find(|l| l.contains("= hint:")).unwrap_or("");
                format!("{} | {}", r.lines().next().unwrap(), hint.trim())
            })
            .collect();
        assert_eq!(
            d,
            [
                "playbook.toml:2:15: error: `extra_css`: `static/static/brand.css` does not exist | = hint: paths are relative to static/: write \"brand.css\"",
                "playbook.toml:2:35: error: `extra_css`: `static/bran.css` does not exist | = hint: did you mean \"brand.css\"?",
                "playbook.toml:3:9: error: `logo`: `static/nope.svg` does not exist | = hint: put the file at static/nope.svg or correct the path",
            ]
        );
    }
}
