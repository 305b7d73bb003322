//! Components: what a `::: name` block means, validated at build time.
//!
//! Input: a [`Block`] found by the parse stage. Output: a typed [`Component`] (attributes
//! checked against the component's specification, with did-you-mean hints), or located
//! diagnostics; and, at render time, the component's static HTML. Must not: read files or
//! know about other pages.

mod attrs;
pub mod note;
mod quiz;
mod quiz_text;
mod quiz_types;
mod scenario;
pub mod video;
mod widgets;

use std::sync::Arc;

use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::parse::blocks::Block;
use crate::strings::UiStrings;

pub use attrs::{AttrKind, AttrSpec, Attrs};
pub use note::Note;
pub use quiz::{GiftBank, GiftSources, QuizBlock};
pub use scenario::ScenarioBlock;
pub use video::Video;
pub use widgets::{ManScorer, ValueCalculator};

/// A validated component.
#[derive(Clone, Debug)]
pub enum Component {
    /// A call-out box around Markdown (`::: note kind=tip`).
    Note(Note),
    /// A self-hosted video or audio file (`::: video src="clip.mp4"`).
    Video(Video),
    /// The MAN lead-qualification scorer.
    ManScorer(ManScorer),
    /// The customer value calculator.
    ValueCalculator(ValueCalculator),
    /// The loyalty checklist.
    LoyaltyChecklist,
    /// A self-assessment quiz.
    Quiz(QuizBlock),
    /// A branching visit scenario.
    Scenario(ScenarioBlock),
}

/// Component names known to the generator.
pub const NAMES: &[&str] = &[
    "note",
    "video",
    "man-scorer",
    "value-calculator",
    "loyalty-checklist",
    "quiz",
    "scenario",
];

/// What validation may look up besides the block itself.
pub struct Context<'a> {
    /// Folder of the page, relative to `content/` (`value/`).
    pub page_dir: &'a str,
    /// GIFT files of the content tree.
    pub gift: &'a GiftSources,
}

/// Whether the component's body is Markdown rendered in place (a container).
pub fn is_container(name: &str) -> bool {
    name == "note"
}

/// Validates a block into a component. Messages are in English (they are for the terminal),
/// whatever the page's language.
pub fn validate(
    path: &str,
    text: &Arc<str>,
    block: &Block,
    cx: &Context,
) -> Result<Component, Vec<Diagnostic>> {
    match block.name.as_str() {
        "quiz" => QuizBlock::validate(path, text, block, cx.page_dir, cx.gift).map(Component::Quiz),
        "scenario" => ScenarioBlock::validate(path, text, block).map(Component::Scenario),
        "note" => Note::validate(path, text, block).map(Component::Note),
        "video" => Video::validate(path, text, block).map(Component::Video),
        "man-scorer" => ManScorer::validate(path, text, block).map(Component::ManScorer),
        "value-calculator" => {
            ValueCalculator::validate(path, text, block).map(Component::ValueCalculator)
        }
        "loyalty-checklist" => {
            widgets::validate_loyalty(path, text, block).map(|_| Component::LoyaltyChecklist)
        }
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
    /// HTML placed where the block starts (for containers, before the body). `id` is unique
    /// on the page; `strings` are the UI strings of the page's language. As a `worksheet`
    /// (the print handouts) a widget is blank: empty fields, nothing checked, and lines
    /// where results go. A video is rendered by the body (it needs its files' URLs).
    pub fn render_open(
        &self,
        id: &str,
        lang: &str,
        strings: &UiStrings,
        worksheet: bool,
    ) -> String {
        match self {
            Component::Note(n) => n.render_open(strings),
            Component::Video(_) => String::new(),
            Component::ManScorer(m) => m.render(id, lang, worksheet),
            Component::ValueCalculator(v) => v.render(id, lang, worksheet),
            Component::LoyaltyChecklist => widgets::render_loyalty(id, lang, worksheet),
            Component::Quiz(q) => q.render(lang, strings),
            Component::Scenario(s) => s.render(lang, strings, worksheet),
        }
    }

    /// HTML placed after a container's body.
    pub fn render_close(&self) -> String {
        match self {
            Component::Note(_) => "</div>\n".to_string(),
            _ => String::new(),
        }
    }

    /// Whether the component needs the widget runtime (`widgets.js`).
    pub fn is_widget(&self) -> bool {
        !matches!(
            self,
            Component::Note(_) | Component::Video(_) | Component::Scenario(_)
        )
    }

    /// Warnings of a valid component (reported by the parse stage).
    pub fn warnings(&self) -> &[Diagnostic] {
        match self {
            Component::Scenario(s) => &s.warnings,
            Component::Quiz(q) => &q.warnings,
            _ => &[],
        }
    }
}
