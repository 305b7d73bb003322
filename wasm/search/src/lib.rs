//! The thin wasm-bindgen layer of Playbook's search module, `playbook_search`: the index
//! reader (manifest, shards and page chunks loaded as a query needs them), the tokenizer
//! and the ranking, loaded only by the search page (the widget pages do not download
//! them). Each function converts nothing and delegates to [`playbook_kit::api`], which
//! holds the logic and its tests.

#[cfg(target_arch = "wasm32")]
mod bindings {
    use playbook_kit::api;
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    pub fn search_open(manifest: &str) -> String {
        api::search_open(manifest)
    }

    #[wasm_bindgen]
    pub fn search_version() -> String {
        api::search_version()
    }

    #[wasm_bindgen]
    pub fn search_shards(query: &str) -> String {
        api::search_shards(query)
    }

    #[wasm_bindgen]
    pub fn search_add_shard(n: u32, text: &str) -> String {
        api::search_add_shard(n, text)
    }

    #[wasm_bindgen]
    pub fn search_missing(query: &str, pages: u32) -> String {
        api::search_missing(query, pages)
    }

    #[wasm_bindgen]
    pub fn search_add_page(n: u32, text: &str) -> String {
        api::search_add_page(n, text)
    }

    #[wasm_bindgen]
    pub fn search_html(query: &str, root: &str, lang: &str, pages: u32, failed: &str) -> String {
        api::search_html(query, root, lang, pages, failed)
    }
}
