//! Branching scenarios (the visit simulator): the Markdown scenario syntax ([`parse()`]),
//! the graph checks and the summary ([`analyse()`]), and the engine that plays a path of
//! choices ([`play()`]), run natively at build time and in the browser through the wasm
//! bindings, so the validator and the player cannot drift.
//!
//! ```text
//! ## 客户开口压价 {#opening}
//! > 客户：你们比别家贵了 15%，不降价就别谈了。
//! 你已经拜访过两次，对方采购部门正在比价。
//!
//! - 先问清楚对方拿什么比较 {+2 pleased -> compare set=asked}
//!   > 你没有急着让步，先弄清了比较的基础。
//! - 马上让价 10% {-2 neutral -> cut}
//!   > 一开口就降价，等于承认报价有水分。
//!
//! ## 守住价格，签下合同 {#signed ending}
//! 你用价值而不是折扣赢得了订单。
//! ```
//!
//! A step is a `##` heading whose braces name it (`{#name}`, lower-case ASCII letters,
//! digits and `-`) and mark endings (`{#name ending}`). Under it: `>` lines (at the start
//! of the line) are what the customer says, other lines before the choices are the
//! context (for an ending: the debrief). A choice is a `-` list item with the trainee's
//! words, then in braces: points (`+2`, `0`, `-1`; whole numbers), the customer's
//! reaction (`pleased`, `neutral`, `annoyed`), the next step (`-> name`), and optionally
//! `set=flag` (the choice sets a flag) and `if=flag` / `if=!flag` (the choice is offered
//! only when the flag is set / not set). Indented `  >` lines under a choice are its
//! feedback. The first step is the start. All markers are ASCII.
//!
//! Scoring: the score of a run is the sum of the points of its choices; the percentage
//! is the score over the best score of the scenario (the most points any path from the
//! start to an ending earns), clamped to 0–100; the rating is *excellent* from 80%,
//! *fair* from 50%, *needs work* below. A path never passes the same state (step and
//! flags) twice, so recovery loops count once.

pub mod analyse;
pub mod parse;
pub mod play;
#[cfg(test)]
pub(crate) mod tests;

use std::ops::Range;

pub use analyse::{analyse, compare, Summary};
pub use parse::parse;
pub use play::{decode, encode, graph_hash, play, Run};

/// The customer's reaction to a choice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reaction {
    /// The customer is pleased.
    Pleased,
    /// The customer is neither pleased nor annoyed.
    Neutral,
    /// The customer is annoyed.
    Annoyed,
}

impl Reaction {
    /// The word of the syntax.
    pub fn as_str(self) -> &'static str {
        match self {
            Reaction::Pleased => "pleased",
            Reaction::Neutral => "neutral",
            Reaction::Annoyed => "annoyed",
        }
    }

    /// From the word of the syntax.
    pub fn from_word(w: &str) -> Option<Reaction> {
        match w {
            "pleased" => Some(Reaction::Pleased),
            "neutral" => Some(Reaction::Neutral),
            "annoyed" => Some(Reaction::Annoyed),
            _ => None,
        }
    }

    /// Icon and words shown to the trainee (never colour alone).
    pub fn label(self, zh: bool) -> &'static str {
        match (self, zh) {
            (Reaction::Pleased, true) => "☺ 客户满意",
            (Reaction::Neutral, true) => "😐 客户不置可否",
            (Reaction::Annoyed, true) => "☹ 客户不满",
            (Reaction::Pleased, false) => "☺ The customer is pleased",
            (Reaction::Neutral, false) => "😐 The customer is neutral",
            (Reaction::Annoyed, false) => "☹ The customer is annoyed",
        }
    }
}

/// A condition on a flag: offered when the flag is set (`true`) or not set (`false`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Condition {
    /// The flag.
    pub flag: String,
    /// Whether it must be set.
    pub set: bool,
}

/// One choice of a step.
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    /// What the trainee says (inline Markdown).
    pub text: String,
    /// Points, may be negative.
    pub points: i32,
    /// The customer's reaction.
    pub reaction: Reaction,
    /// Name of the next step.
    pub next: String,
    /// Flags the choice sets.
    pub set: Vec<String>,
    /// When the choice is offered (always when `None`).
    pub when: Option<Condition>,
    /// Feedback shown after the choice (Markdown), possibly empty.
    pub feedback: String,
    /// Span of the choice line in the scenario body.
    pub span: Range<usize>,
}

/// One step (or ending).
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// Name (`{#name}`), unique in the scenario.
    pub name: String,
    /// Heading text.
    pub title: String,
    /// Whether this is an ending.
    pub ending: bool,
    /// What the customer says (Markdown), possibly empty.
    pub say: String,
    /// Context, or for an ending the debrief (Markdown), possibly empty.
    pub context: String,
    /// Choices in written order (none for an ending).
    pub choices: Vec<Choice>,
    /// Span of the heading line in the scenario body.
    pub span: Range<usize>,
}

/// A parsed scenario.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Scenario {
    /// Steps in written order; the first is the start.
    pub steps: Vec<Step>,
}

impl Scenario {
    /// Index of the step called `name`.
    pub fn index(&self, name: &str) -> Option<usize> {
        self.steps.iter().position(|s| s.name == name)
    }
}

/// A problem in a scenario, located in its body.
#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioError {
    /// Byte range in the body.
    pub span: Range<usize>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
    /// A warning rather than an error.
    pub warning: bool,
}

pub(crate) fn error(
    span: Range<usize>,
    message: impl Into<String>,
    hint: impl Into<String>,
) -> ScenarioError {
    ScenarioError {
        span,
        message: message.into(),
        hint: hint.into(),
        warning: false,
    }
}

/// The rating of a percentage: `excellent` from 80, `fair` from 50, else `poor`.
pub fn rating(pct: u32) -> &'static str {
    if pct >= 80 {
        "excellent"
    } else if pct >= 50 {
        "fair"
    } else {
        "poor"
    }
}

/// The words of a rating.
pub fn rating_label(rating: &str, zh: bool) -> &'static str {
    match (rating, zh) {
        ("excellent", true) => "★★★ 优秀",
        ("fair", true) => "★★ 合格",
        (_, true) => "★ 需改进",
        ("excellent", false) => "★★★ Excellent",
        ("fair", false) => "★★ Fair",
        (_, false) => "★ Needs work",
    }
}

/// Whether `s` is a valid step or flag name.
pub fn is_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 40
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
}
