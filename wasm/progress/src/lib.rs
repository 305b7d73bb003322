//! The thin wasm-bindgen layer of Playbook's second wasm module, `playbook_progress`: what
//! only the progress page and the LMS runtime need (packing quiz progress, hand-in codes
//! and their QR codes). It is a module of its own so that the quiz and widget pages do not
//! download it. Each function converts nothing and delegates to [`playbook_kit::api`],
//! which holds the logic and its tests.

#[cfg(target_arch = "wasm32")]
mod bindings {
    use playbook_kit::api;
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    pub fn progress_pack(catalog: &str, records: &str) -> String {
        api::progress_pack(catalog, records)
    }

    #[wasm_bindgen]
    pub fn progress_unpack(catalog: &str, packed: &str) -> String {
        api::progress_unpack(catalog, packed)
    }

    #[wasm_bindgen]
    pub fn handin_make(
        catalog: &str,
        records: &str,
        name: &str,
        class: &str,
        now_ms: f64,
        offset_min: f64,
        lang: &str,
    ) -> String {
        api::handin_make(catalog, records, name, class, now_ms, offset_min, lang)
    }
}
