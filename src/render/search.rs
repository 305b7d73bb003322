//! The search files of each language, written at build time with the toolkit's tokenizer
//! (the browser queries them with the same tokenizer compiled to wasm), and the search
//! page. Per language, under `search/`: `manifest.txt`, the term shards `t/N.txt` and one
//! chunk per page `d/N.txt` (see `playbook_kit::search`), so that a query downloads only
//! what it needs.
//!
//! Input: the model and each page's section texts, which indexing consumes (a page's text
//! is held once: moved into the writer's chunk). Output: paths and bytes for the store.
//! Must not: touch the file system.

use playbook_kit::search::{page_keys, IndexWriter, PageIn};
use rayon::prelude::*;

use crate::config::Config;
use crate::model::{encode_path, PageModel, Site};

/// Output folder of the search page and its files (under the language prefix).
pub const FOLDER: &str = "search/";

/// Pages tokenized in parallel at a time (their term frequencies exist only for a block).
const BLOCK: usize = 256;

/// The plain text of each parsed page by section (heading id, heading, text), in the
/// order of `Site::parsed`: taken out of the pages for the index, which consumes it.
pub type SectionTexts = Vec<std::sync::Arc<Vec<(String, String, String)>>>;

/// Takes the section texts out of every page of `site`.
pub fn take_sections(site: &mut Site) -> SectionTexts {
    site.parsed
        .iter_mut()
        .map(|p| std::mem::take(&mut p.sections))
        .collect()
}

/// Every search file of the site: for each language with pages, its manifest, shards and
/// page chunks, handed to `store` as (path from the site root, bytes) in batches as they
/// are made (see [`index`]). The one entry point that writes search; consumes the section
/// texts.
pub fn site_files(
    site: &Site,
    config: &Config,
    sections: &mut SectionTexts,
    store: &mut dyn FnMut(Vec<(String, Vec<u8>)>),
) {
    for li in (0..site.langs.len()).filter(|&li| !site.langs[li].pages.is_empty()) {
        let prefix = config
            .language(&site.langs[li].code)
            .map(|l| l.prefix.clone())
            .unwrap_or_default();
        let mut batch = |files: Vec<(String, Vec<u8>)>| {
            store(
                files
                    .into_iter()
                    .map(|(name, bytes)| (format!("{prefix}{FOLDER}{name}"), bytes))
                    .collect(),
            )
        };
        index(site, li, sections, &mut batch);
    }
}

/// The search files of language `li` (names relative to its `search/` folder), one
/// document per page section (split at `##` headings), handed to `store` in batches as
/// they are made: page chunks as soon as their group is finished, shards as they are cut,
/// the manifest last, so that neither the text of every page nor every shard is held
/// at once. Consumes the section texts of that language's pages.
pub fn index(
    site: &Site,
    li: usize,
    sections: &mut SectionTexts,
    store: &mut dyn FnMut(Vec<(String, Vec<u8>)>),
) {
    let lang = &site.langs[li];
    // A page shown in another language is found in that language's index, not here.
    let pages: Vec<_> = lang.pages.iter().filter(|p| !p.fallback).collect();
    let mut writer = IndexWriter::default();
    for block in pages.chunks(BLOCK) {
        let taken: Vec<_> = block
            .iter()
            .map(|p| (*p, std::mem::take(&mut sections[p.parsed])))
            .collect();
        let block: Vec<PageIn> = taken
            .into_par_iter()
            .map(|(p, s)| {
                // The only holder in a build (no parse cache): taken, not copied.
                let s = std::sync::Arc::try_unwrap(s).unwrap_or_else(|a| (*a).clone());
                page_in(site, p, s)
            })
            .collect();
        let freqs: Vec<_> = block.par_iter().map(page_keys).collect();
        for (page, f) in block.iter().zip(freqs) {
            writer.add_keyed(page, f);
        }
        drop(block);
        let ready = writer.take_ready();
        if !ready.is_empty() {
            store(ready);
        }
    }
    writer.finish_with(store);
}

/// Page `p` as the index takes it, from its section texts (see [`take_sections`]).
pub fn page_in(site: &Site, p: &PageModel, sections: Vec<(String, String, String)>) -> PageIn {
    let page = site.page(p);
    let mut secs = Vec::new();
    for (id, heading, text) in sections {
        let text = squeeze(text);
        let text = if id.is_empty() && text.is_empty() {
            page.front.description.clone()
        } else {
            text
        };
        if text.is_empty() && heading.is_empty() {
            continue;
        }
        secs.push((id, heading, text));
    }
    PageIn {
        url: encode_path(&p.url),
        title: page.front.title.clone(),
        sections: secs,
    }
}

/// `text` with its runs of white space made one space and none at either end (as
/// `split_whitespace` and `join(" ")` would make it), kept as it is when it is so already.
fn squeeze(text: String) -> String {
    let mut prev_space = true;
    let clean = text.chars().all(|c| {
        let ok = if c.is_whitespace() {
            c == ' ' && !prev_space
        } else {
            true
        };
        prev_space = c.is_whitespace();
        ok
    }) && !prev_space
        || text.is_empty();
    if clean {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::squeeze;

    #[test]
    fn squeeze_is_split_and_join() {
        for t in [
            "",
            " ",
            "a",
            "a b",
            " a b",
            "a b ",
            "a  b",
            "a\tb",
            "a\nb\n",
            "客户\u{3000}价值",
            "客户 价值",
            "\u{3000}",
            "a \u{a0}b",
        ] {
            let want = t.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(squeeze(t.to_string()), want, "{t:?}");
        }
    }
}
