//! The thin wasm-bindgen layer of Playbook's search module, `playbook_search`: the index
//! reader, the tokenizer and the ranking, loaded only by the search page (the widget pages
//! do not download them). Each function converts nothing and delegates to
//! [`playbook_kit::api`], which holds the logic and its tests.

#[cfg(target_arch = "wasm32")]
mod bindings {
    use playbook_kit::api;
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    pub fn search_load(text: &str) -> u32 {
        api::search_load(text)
    }

    #[wasm_bindgen]
    pub fn search_html(query: &str, root: &str, lang: &str, pages: u32) -> String {
        api::search_html(query, root, lang, pages)
    }
}
