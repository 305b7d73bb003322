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
    let message = format!("template error: {}", detail.join(": "));
    let Some(name) = name else {
        return Diagnostic::file_error("(theme)", message);
    };
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
        let i = joined.find("Variable `")? + 10;
        let j = joined[i..].find('`')? + i;
        text.find(&joined[i..j])
    };
    let offset = pos.map_or_else(|| named().unwrap_or(0), |(l, c)| offset_of(&text, l, c));
    Diagnostic::error(&file.origin, &text, offset..offset, message)
        .with_hint("fix the template, or delete the override to use the built-in one")
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
