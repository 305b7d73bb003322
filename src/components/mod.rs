//! Components: what a `::: name` block means, validated at build time.
//!
//! Input: a [`Block`] found by the parse stage. Output: a typed [`Component`] (attributes
//! checked against the component's specification, with did-you-mean hints), or located
//! diagnostics; and, at render time, the component's static HTML. Must not: read files or
//! know about other pages.

mod attrs;
mod note;

use std::sync::Arc;

use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::parse::blocks::Block;

pub use attrs::{AttrKind, AttrSpec, Attrs};
pub use note::Note;

/// A validated component.
#[derive(Clone, Debug)]
pub enum Component {
    /// A call-out box around Markdown (`::: note kind=tip`).
    Note(Note),
}

/// Component names known to the generator.
pub const NAMES: &[&str] = &["note"];

/// Whether the component's body is Markdown rendered in place (a container).
pub fn is_container(name: &str) -> bool {
    name == "note"
}

/// Validates a block into a component.
pub fn validate(path: &str, text: &Arc<str>, block: &Block) -> Result<Component, Vec<Diagnostic>> {
    match block.name.as_str() {
        "note" => Note::validate(path, text, block).map(Component::Note),
        other => {
            let d = Diagnostic::error(
                path,
                text,
                block.name_span.clone(),
                format!("unknown component `{other}`"),
            );
            Err(vec![match did_you_mean(other, NAMES) {
                Some(n) => d.with_hint(format!("did you mean `{n}`?")),
                None => d.with_hint(format!("known components: {}", NAMES.join(", "))),
            }])
        }
    }
}

impl Component {
    /// HTML placed where the block starts (for containers, before the body).
    pub fn render_open(&self, lang: &str) -> String {
        match self {
            Component::Note(n) => n.render_open(lang),
        }
    }

    /// HTML placed after a container's body.
    pub fn render_close(&self) -> String {
        match self {
            Component::Note(_) => "</aside>\n".to_string(),
        }
    }
}
