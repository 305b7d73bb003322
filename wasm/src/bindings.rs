//! The thin wasm-bindgen layer: each function converts nothing and delegates to
//! [`crate::api`], which holds the logic and its tests.

use wasm_bindgen::prelude::*;

use crate::api;

#[wasm_bindgen]
pub fn man_result(m: &str, a: &str, n: &str, lang: &str) -> String {
    api::man_result(m, a, n, lang)
}

#[wasm_bindgen]
pub fn man_table(m: &str, a: &str, n: &str, lang: &str) -> String {
    api::man_table(m, a, n, lang)
}

#[wasm_bindgen]
pub fn man_list_html(csv: &str, lang: &str) -> String {
    api::man_list_html(csv, lang)
}

#[wasm_bindgen]
pub fn man_list_add(csv: &str, name: &str, m: &str, a: &str, n: &str) -> String {
    api::man_list_add(csv, name, m, a, n)
}

#[wasm_bindgen]
pub fn man_list_remove(csv: &str, name: &str) -> String {
    api::man_list_remove(csv, name)
}

#[wasm_bindgen]
pub fn man_list_import(
    csv: &str,
    imported: &str,
    present_at: f64,
    absent_at: f64,
    lang: &str,
) -> String {
    api::man_list_import(csv, imported, present_at, absent_at, lang)
}

#[wasm_bindgen]
pub fn man_export(csv: &str, lang: &str) -> String {
    api::man_export(csv, lang)
}

#[wasm_bindgen]
pub fn value_eval(section: &str, params: &str, lang: &str) -> String {
    api::value_eval(section, params, lang)
}

#[wasm_bindgen]
pub fn loyalty_result(checked: &str, lang: &str) -> String {
    api::loyalty_result(checked, lang)
}

#[wasm_bindgen]
pub fn loyalty_history(customer: &str, lines: &str, lang: &str) -> String {
    api::loyalty_history(customer, lines, lang)
}

#[wasm_bindgen]
pub fn loyalty_export(lines: &str) -> String {
    api::loyalty_export(lines)
}

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
