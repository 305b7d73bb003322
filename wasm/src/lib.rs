//! `playbook-kit`: the pure toolkit logic of Playbook.
//!
//! Everything here takes text or typed values and returns values or HTML strings: no file
//! system, clock, threads or DOM. The generator uses it natively (build-time validation,
//! the static no-JavaScript markup of each widget, the `playbook score` command line) and
//! the browser runs the very same code compiled to wasm32 through thin wasm-bindgen layers
//! (`bindings.rs` for the quiz module, `widget_bindings.rs` for the three widget modules,
//! one cargo feature each), so the build-time validator and the runtime cannot drift.

pub mod api;
pub mod csv;
pub mod gift;
pub mod handin;
pub mod html;
pub mod i18n;
pub mod json;
pub mod loyalty;
pub mod man;
pub mod markup;
pub mod num;
pub mod progress;
pub mod qr;
pub mod quiz;
pub mod scenario;
pub mod search;
pub mod value;

/// Exports of the quiz module, `playbook_quiz` (feature `quiz`).
#[cfg(all(target_arch = "wasm32", feature = "quiz"))]
pub mod bindings;
/// Exports of the widget modules, `playbook_man`, `playbook_value` and `playbook_loyalty`
/// (features `man`, `value`, `loyalty`).
#[cfg(all(
    target_arch = "wasm32",
    any(feature = "man", feature = "value", feature = "loyalty")
))]
pub mod widget_bindings;

pub use i18n::Lang;
