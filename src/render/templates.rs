//! Tera set-up from the merged theme, and template errors turned into diagnostics that
//! name the template file and, where Tera gives one, the line.

use std::error::Error as _;
use std::sync::Arc;

use tera::Tera;

use crate::diagnostics::Diagnostic;
use crate::theme::Theme;

/// Builds the Tera instance (autoescaping on for `.html`).
pub fn load(theme: &Theme) -> Result<Tera, Vec<Diagnostic>> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    // Tera escapes `/` by default, which bloats every URL; `/` is safe in HTML text and
    // quoted attributes.
    tera.set_escape_fn(super::escape);
    let mut diags = Vec::new();
    let mut list = Vec::new();
    for (name, file) in theme.templates() {
        match std::str::from_utf8(&file.bytes) {
            Ok(s) => list.push((name.to_string(), s.to_string())),
            Err(_) => diags.push(Diagnostic::file_error(
                &file.origin,
                "template is not valid UTF-8",
            )),
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    if let Err(e) = tera.add_raw_templates(list) {
        return Err(vec![diagnostic(theme, &e)]);
    }
    Ok(tera)
}

/// The templates of the last build, compiled (`serve`): Tera parses every template again
/// otherwise, on every rebuild.
#[derive(Default)]
pub struct TemplateCache {
    /// The templates (name, text) the instance was compiled from.
    key: Vec<(String, Vec<u8>)>,
    tera: Option<Arc<Tera>>,
}

/// [`load`], or the instance in `cache` when it was compiled from the same templates (the
/// same names and bytes); the cache then holds this theme's.
pub fn load_cached(
    theme: &Theme,
    cache: Option<&std::sync::Mutex<TemplateCache>>,
) -> Result<Arc<Tera>, Vec<Diagnostic>> {
    let Some(cache) = cache else {
        return load(theme).map(Arc::new);
    };
    let mut cache = super::store::lock(cache);
    let same = cache.key.len() == theme.templates().count()
        && cache
            .key
            .iter()
            .zip(theme.templates())
            .all(|((n, b), (name, file))| n == name && *b == file.bytes);
    if let (true, Some(tera)) = (same, &cache.tera) {
        return Ok(Arc::clone(tera));
    }
    cache.tera = None;
    let tera = Arc::new(load(theme)?);
    cache.key = theme
        .templates()
        .map(|(n, f)| (n.to_string(), f.bytes.clone()))
        .collect();
    cache.tera = Some(Arc::clone(&tera));
    Ok(tera)
}

/// Renders template `name` into bytes, what the store takes: [`Tera::render`] renders into
/// bytes too, then checks they are UTF-8 and copies them into a `String` (a tenth of the
/// time of rendering a page). `capacity` is a guess of the size, to grow the buffer less.
pub fn render_bytes(
    tera: &Tera,
    name: &str,
    ctx: &tera::Context,
    capacity: usize,
) -> tera::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(capacity);
    tera.render_to(name, ctx, &mut out)?;
    Ok(out)
}

/// The full message chain of a Tera error.
fn chain(e: &tera::Error) -> Vec<String> {
    let mut v = vec![e.to_string()];
    let mut src = e.source();
    while let Some(s) = src {
        v.push(s.to_string());
        src = s.source();
    }
    v
}

/// A template error as a diagnostic: the template's path in the theme, the line and column
/// when Tera reports them (`--> 3:5`), and the message chain.
pub fn diagnostic(theme: &Theme, e: &tera::Error) -> Diagnostic {
    let msgs = chain(e);
    let joined = msgs.join("\n");
    let name = msgs.iter().find_map(|m| {
        let i = m.find('\'')? + 1;
        let j = m[i..].find('\'')? + i;
        let n = &m[i..j];
        theme
            .files
            .contains_key(&format!("templates/{n}"))
            .then(|| n.to_string())
    });
    // Pest's parse errors span several lines; keep only their `= explanation` line.
    let detail: Vec<String> = msgs
        .iter()
        .filter_map(|m| {
            if m.contains("-->") {
                m.lines()
                    .map(str::trim)
                    .find_map(|l| l.strip_prefix("= "))
                    .map(str::to_string)
            } else {
                Some(m.trim().to_string())
            }
        })
        .collect();
    let variable = joined.find("Variable `").and_then(|i| {
        let i = i + 10;
        let j = joined[i..].find('`')? + i;
        Some(&joined[i..j])
    });
    let filter = joined.find("Filter call '").and_then(|i| {
        let i = i + 13;
        let j = joined[i..].find('\'')? + i;
        Some(&joined[i..j])
    });
    let Some(name) = name else {
        let message = format!("template error: {}", detail.join(": "));
        return Diagnostic::file_error("(theme)", message);
    };
    // An error in a parent template (`base.html`) is reported by Tera against the child
    // that was rendered; it belongs to the parent, once, whichever child was rendered.
    let source = |n: &str| {
        String::from_utf8_lossy(&theme.files[&format!("templates/{n}")].bytes).into_owned()
    };
    let in_child = match (variable, filter) {
        (Some(v), _) => source(&name).contains(v),
        (None, Some(f)) => find_filter(&source(&name), f).is_some(),
        (None, None) => true,
    };
    let (name, detail) = if joined.contains("error happened in a parent template") || !in_child {
        let owner = owner(theme, &name, variable, filter).to_string();
        let detail = detail
            .iter()
            .filter(|m| !m.starts_with("Failed to render"))
            .map(|m| match m.find(" while rendering '") {
                Some(i) => m[..i].to_string(),
                None => m.clone(),
            })
            .collect();
        (owner, detail)
    } else {
        (name, detail)
    };
    let message = format!("template error: {}", detail.join(": "));
    let file = &theme.files[&format!("templates/{name}")];
    let text: Arc<str> = Arc::from(String::from_utf8_lossy(&file.bytes).as_ref());
    let pos = joined.find("--> ").and_then(|i| {
        let rest = &joined[i + 4..];
        let end = rest
            .find(|c: char| !c.is_ascii_digit() && c != ':')
            .unwrap_or(rest.len());
        let (l, c) = rest[..end].split_once(':')?;
        Some((l.parse::<usize>().ok()?, c.parse::<usize>().ok()?))
    });
    // Render errors carry no position; a variable they name (`page.nope`) locates them.
    let named = || {
        variable
            .and_then(|v| text.find(v))
            .or_else(|| find_filter(&text, filter?))
    };
    let offset = pos.map_or_else(|| named().unwrap_or(0), |(l, c)| offset_of(&text, l, c));
    Diagnostic::error(&file.origin, &text, offset..offset, message)
        .with_hint("fix the template, or delete the override to use the built-in one")
}

/// The template of `name`'s `{% extends %}` chain (itself, its parent, …) where a
/// render error that Tera blames on a parent lies: the one that names `variable` or uses
/// `filter`, else the first of the playbook's own templates, else the first parent.
fn owner<'a>(
    theme: &'a Theme,
    name: &'a str,
    variable: Option<&str>,
    filter: Option<&str>,
) -> &'a str {
    let mut chain = vec![name];
    while let Some(parent) = theme
        .files
        .get(&format!("templates/{}", chain[chain.len() - 1]))
        .and_then(|f| extends(&f.bytes))
        .and_then(|p| theme.files.get_key_value(&format!("templates/{p}")))
        .and_then(|(k, _)| k.strip_prefix("templates/"))
    {
        if chain.contains(&parent) || chain.len() > 16 {
            break;
        }
        chain.push(parent);
    }
    let source = |n: &str| {
        String::from_utf8_lossy(&theme.files[&format!("templates/{n}")].bytes).into_owned()
    };
    let parents = &chain[1..];
    variable
        .and_then(|v| parents.iter().find(|n| source(n).contains(v)))
        .or_else(|| {
            let f = filter?;
            parents
                .iter()
                .find(|n| find_filter(&source(n), f).is_some())
        })
        .or_else(|| {
            parents.iter().find(|n| {
                !theme.files[&format!("templates/{n}")]
                    .origin
                    .starts_with('(')
            })
        })
        .or(parents.first())
        .copied()
        .unwrap_or(name)
}

/// Where `| filter` is used in a template.
fn find_filter(text: &str, filter: &str) -> Option<usize> {
    [format!("| {filter}"), format!("|{filter}")]
        .iter()
        .filter_map(|p| text.find(p.as_str()))
        .min()
}

/// The template a template extends (`{% extends "base.html" %}`).
fn extends(bytes: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(bytes).ok()?;
    let i = text.find("{% extends")? + 10;
    let rest = text[i..].trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let end = rest[1..].find(quote)? + 1;
    Some(rest[1..end].to_string())
}

fn offset_of(text: &str, line: usize, col: usize) -> usize {
    let mut off = 0;
    for (n, l) in text.split_inclusive('\n').enumerate() {
        if n + 1 == line {
            return off
                + l.char_indices()
                    .nth(col.saturating_sub(1))
                    .map_or(0, |(i, _)| i);
        }
        off += l.len();
    }
    off
}
