//! `::: note`: a call-out box (tip, warning, info) around Markdown. The simplest component,
//! and the one that exercises the container path of the component syntax.

use std::sync::Arc;

use super::attrs::{AttrKind, AttrSpec, Attrs};
use crate::diagnostics::Diagnostic;
use crate::parse::blocks::Block;

const KINDS: &[&str] = &["info", "tip", "warning"];
const SPEC: &[AttrSpec] = &[
    AttrSpec {
        name: "kind",
        kind: AttrKind::OneOf(KINDS),
        required: false,
    },
    AttrSpec {
        name: "title",
        kind: AttrKind::Text,
        required: false,
    },
];

/// A validated note.
#[derive(Clone, Debug)]
pub struct Note {
    /// `info`, `tip` or `warning`.
    pub kind: String,
    /// Optional title.
    pub title: Option<String>,
}

impl Note {
    /// Checks the block's attributes.
    pub fn validate(path: &str, text: &Arc<str>, block: &Block) -> Result<Note, Vec<Diagnostic>> {
        let a = Attrs::check(path, text, block, SPEC)?;
        Ok(Note {
            kind: a.text("kind").unwrap_or("info").to_string(),
            title: a.text("title").map(str::to_string),
        })
    }

    /// Opening HTML.
    pub fn render_open(&self, lang: &str) -> String {
        let label = match (self.kind.as_str(), lang.starts_with("zh")) {
            ("tip", true) => "提示",
            ("warning", true) => "注意",
            (_, true) => "说明",
            ("tip", false) => "Tip",
            ("warning", false) => "Warning",
            (_, false) => "Note",
        };
        let title = self.title.as_deref().unwrap_or(label);
        format!(
            "<aside class=\"note note-{}\" aria-label=\"{}\">\n<p class=\"note-title\">{}</p>\n",
            self.kind,
            crate::render::escape(label),
            crate::render::escape(title)
        )
    }
}
