//! The search index of each language, built at build time with the toolkit's tokenizer
//! (the browser queries it with the same tokenizer compiled to wasm), and the search page.

use playbook_kit::search::{term_freqs, Doc, IndexBuilder};
use rayon::prelude::*;

use crate::model::{encode_path, Site};

/// Output folder of the search page (under the language prefix).
pub const FOLDER: &str = "search/";

/// The plain text of each parsed page by section (heading id, heading, text), in the
/// order of `Site::parsed`: taken out of the pages for the index, which consumes it.
pub type SectionTexts = Vec<Vec<(String, String, String)>>;

/// Takes the section texts out of every page of `site`.
pub fn take_sections(site: &mut Site) -> SectionTexts {
    site.parsed
        .iter_mut()
        .map(|p| std::mem::take(&mut p.body.sections))
        .collect()
}

/// The index file of language `li`: one document per page section (split at `##`
/// headings). Consumes the section texts of that language's pages.
pub fn index(site: &Site, li: usize, sections: &mut SectionTexts) -> String {
    let lang = &site.langs[li];
    let mut docs = Vec::new();
    // A page shown in another language is found in that language's index, not here.
    for p in lang.pages.iter().filter(|p| !p.fallback) {
        let page = site.page(p);
        for (id, heading, text) in std::mem::take(&mut sections[p.parsed]) {
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            if text.is_empty() && heading.is_empty() && !docs.is_empty() {
                continue;
            }
            let url = if id.is_empty() {
                encode_path(&p.url)
            } else {
                format!("{}#{}", encode_path(&p.url), id)
            };
            let text = if id.is_empty() && text.is_empty() {
                page.front.description.clone()
            } else {
                text
            };
            docs.push(Doc {
                url,
                title: page.front.title.clone(),
                heading,
                text,
            });
        }
    }
    // In blocks, so that the term frequencies of only one block exist at a time.
    let mut builder = IndexBuilder::default();
    for block in docs.chunks(512) {
        let freqs: Vec<_> = block.par_iter().map(term_freqs).collect();
        for f in freqs {
            builder.add(f);
        }
    }
    builder.finish_serialized(docs)
}
