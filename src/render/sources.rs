//! The "Sources" block of a chapter: the seed files named in its `sources` front matter,
//! each linked to its entry on the playbook's sources page.
//!
//! Input: the site model, the page's language and the page's relative root. Output: one
//! [`SourceCtx`] per listed source, in front-matter order. A source is linked only when
//! the sources page (`sources.md`, in the page's language) has a heading whose id is the
//! file name without its extension (`000_4adb.txt` → `#000_4adb`); otherwise it is listed
//! as plain text, so a playbook without a sources page gets no dead link. Must not: touch
//! the file system.

use serde::Serialize;

use crate::model::{encode_path, LangSite, Site};

/// The key of the sources page.
pub const SOURCES_PAGE: &str = "sources.md";

/// One listed source.
#[derive(Serialize, Debug, PartialEq)]
pub struct SourceCtx {
    /// The file name as written in the front matter.
    pub name: String,
    /// The heading of its entry on the sources page (the document's title), if any.
    pub title: Option<String>,
    /// Its entry on the sources page, relative to the page, if there is one.
    pub url: Option<String>,
}

/// The id of a source's entry on the sources page: the file name without its extension.
pub fn anchor(name: &str) -> &str {
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

/// The sources of a page, linked to the sources page of `lang` where it has an entry.
pub fn sources(site: &Site, lang: &LangSite, root: &str, names: &[String]) -> Vec<SourceCtx> {
    let page = lang.by_key.get(SOURCES_PAGE).map(|&i| &lang.pages[i]);
    names
        .iter()
        .map(|name| {
            let id = anchor(name);
            let entry = page.and_then(|p| {
                let h = site.page(p).body.headings.iter().find(|h| h.id == id)?;
                Some((
                    h.text.clone(),
                    format!("{root}{}#{id}", encode_path(&p.url)),
                ))
            });
            let (title, url) = entry.unzip();
            SourceCtx {
                name: name.clone(),
                title,
                url,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::anchor;

    #[test]
    fn the_anchor_is_the_file_name_without_extension() {
        assert_eq!(anchor("000_4adb7f459aa30577.txt"), "000_4adb7f459aa30577");
        assert_eq!(anchor("notes"), "notes");
        assert_eq!(anchor("a.b.txt"), "a.b");
    }
}
