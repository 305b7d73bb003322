//! The thin wasm-bindgen layers of the three widget modules, one cargo feature each:
//! `man` → `playbook_man` (the MAN scorer and prospect list), `value` → `playbook_value`
//! (the value calculator), `loyalty` → `playbook_loyalty` (the loyalty checklist). A page
//! loads only the module of the widget it embeds (quiz grading is in [`crate::bindings`],
//! module `playbook_quiz`). Each function converts nothing and delegates to
//! [`crate::api`], which holds the logic and its tests.

/// The MAN scorer and the prospect list (module `playbook_man`).
#[cfg(feature = "man")]
mod man {
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
}

/// The value calculator (module `playbook_value`).
#[cfg(feature = "value")]
mod value {
    use wasm_bindgen::prelude::*;

    use crate::api;

    #[wasm_bindgen]
    pub fn value_eval(section: &str, params: &str, lang: &str) -> String {
        api::value_eval(section, params, lang)
    }
}

/// The loyalty checklist (module `playbook_loyalty`).
#[cfg(feature = "loyalty")]
mod loyalty {
    use wasm_bindgen::prelude::*;

    use crate::api;

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
}
