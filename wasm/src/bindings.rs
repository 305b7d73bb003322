//! The thin wasm-bindgen layer of the quiz module, `playbook_quiz` (feature `quiz`): what
//! every page with a quiz needs, and nothing else, since quiz pages are most of a course.
//! The widgets' exports are in `widget_bindings.rs` (one module per widget), progress
//! and search have crates of their own (`wasm/progress/`, `wasm/search/`).
//! Each function converts nothing and delegates to [`crate::api`], which holds the logic
//! and its tests.

use wasm_bindgen::prelude::*;

use crate::api;

#[wasm_bindgen]
pub fn quiz_grade(key: &str, selected: &str) -> String {
    api::quiz_grade(key, selected)
}

#[wasm_bindgen]
pub fn scenario_play(graph: &str, path: &str) -> String {
    api::scenario_play(graph, path)
}

/// See [`api::quiz_answer`].
#[wasm_bindgen]
pub fn quiz_answer(key: &str, responses: &str) -> String {
    api::quiz_answer(key, responses)
}

/// See [`api::quiz_draw`].
#[wasm_bindgen]
pub fn quiz_draw(seed: u32, m: u32, n: u32) -> String {
    api::quiz_draw(seed, m, n)
}
