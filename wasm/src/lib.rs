//! `playbook-kit`: the pure toolkit logic of Playbook.
//!
//! Everything here takes text or typed values and returns values or HTML strings: no file
//! system, clock, threads or DOM. The generator uses it natively (build-time validation,
//! the static no-JavaScript markup of each widget, the `playbook score` command line) and
//! the browser runs the very same code compiled to wasm32 through the thin
//! [`bindings`] layer, so the build-time validator and the runtime cannot drift.

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

#[cfg(all(target_arch = "wasm32", feature = "bindings"))]
pub mod bindings;

pub use i18n::Lang;
