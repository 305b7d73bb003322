//! Callouts: `::: note kind=tip` around Markdown, and GitHub's `> [!TIP]` alerts, rendered
//! the same way: a `<div role="note">` (not a landmark: a page has many) with a localised title (UI strings `callout_*`, overridable
//! under `[strings]`). The simplest component, and the one that exercises the container
//! path of the component syntax.

use std::sync::Arc;

use pulldown_cmark::BlockQuoteKind;

use super::attrs::{AttrKind, AttrSpec, Attrs};
use crate::diagnostics::Diagnostic;
use crate::parse::blocks::Block;
use crate::strings::UiStrings;

/// Callout kinds, each with the UI string of its default title. `info` (the default) and
/// `note` look the same; `caution` is GitHub's name for a danger.
pub const KINDS: &[(&str, &str)] = &[
    ("info", "callout_note"),
    ("note", "callout_note"),
    ("tip", "callout_tip"),
    ("important", "callout_important"),
    ("warning", "callout_warning"),
    ("caution", "callout_caution"),
    ("danger", "callout_danger"),
    ("example", "callout_example"),
];

const KIND_NAMES: &[&str] = &[
    "info",
    "note",
    "tip",
    "important",
    "warning",
    "caution",
    "danger",
    "example",
];

const SPEC: &[AttrSpec] = &[
    AttrSpec {
        name: "kind",
        kind: AttrKind::OneOf(KIND_NAMES),
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
    /// One of [`KINDS`].
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

    /// Opening HTML, titled in the page's language.
    pub fn render_open(&self, strings: &UiStrings) -> String {
        open(&self.kind, self.title.as_deref(), strings)
    }
}

/// The callout kind of a GitHub alert (`> [!CAUTION]` → `caution`).
pub fn alert_kind(k: BlockQuoteKind) -> &'static str {
    match k {
        BlockQuoteKind::Note => "note",
        BlockQuoteKind::Tip => "tip",
        BlockQuoteKind::Important => "important",
        BlockQuoteKind::Warning => "warning",
        BlockQuoteKind::Caution => "caution",
    }
}

/// The opening HTML of a callout of `kind`; closed by `</div>`.
pub fn open(kind: &str, title: Option<&str>, strings: &UiStrings) -> String {
    let key = KINDS
        .iter()
        .find(|k| k.0 == kind)
        .map_or("callout_note", |k| k.1);
    let label = strings.get(key).map_or(kind, String::as_str);
    let title = title.unwrap_or(label);
    format!(
        "<div class=\"note note-{kind}\" role=\"note\" aria-label=\"{}\">\n<p class=\"note-title\">{}</p>\n",
        crate::render::escape(label),
        crate::render::escape(title)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_title_in_both_languages() {
        let zh = crate::strings::resolve("zh", &Default::default()).unwrap();
        let en = crate::strings::resolve("en", &Default::default()).unwrap();
        let titles: Vec<(&str, &str)> = KINDS
            .iter()
            .map(|(k, key)| (*k, zh[*key].as_str()))
            .collect();
        assert_eq!(
            titles,
            [
                ("info", "说明"),
                ("note", "说明"),
                ("tip", "提示"),
                ("important", "重要"),
                ("warning", "注意"),
                ("caution", "当心"),
                ("danger", "危险"),
                ("example", "示例"),
            ]
        );
        assert_eq!(
            open("danger", None, &en),
            "<div class=\"note note-danger\" role=\"note\" aria-label=\"Danger\">\n<p class=\"note-title\">Danger</p>\n"
        );
        // A title of the author's, escaped; the label stays the kind's.
        assert_eq!(
            open("tip", Some("先听<后说>"), &zh),
            "<div class=\"note note-tip\" role=\"note\" aria-label=\"提示\">\n<p class=\"note-title\">先听&lt;后说&gt;</p>\n"
        );
        let names: Vec<&str> = KINDS.iter().map(|k| k.0).collect();
        assert_eq!(names, KIND_NAMES);
        assert_eq!(alert_kind(BlockQuoteKind::Caution), "caution");
    }
}
