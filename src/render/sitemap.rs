//! `sitemap.xml`: every page of every language with its absolute URL and its versions in
//! the other languages (`hreflang`). Pages shown untranslated are left out: they are no
//! versions of their own.

use super::{absolute, escape};
use crate::config::Config;
use crate::model::Site;

/// The sitemap of the whole site.
pub fn sitemap(site: &Site, config: &Config) -> String {
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
    for lang in &site.langs {
        // Pages shown in another language are no versions of their own.
        for p in lang.pages.iter().filter(|p| !p.fallback) {
            let key = &site.page(p).key;
            s.push_str(&format!(
                "  <url>\n    <loc>{}</loc>\n",
                escape(&absolute(config, &p.url))
            ));
            for other in &site.langs {
                if let Some(&i) = other.by_key.get(key).filter(|&&i| !other.pages[i].fallback) {
                    s.push_str(&format!(
                        "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                        other.code,
                        escape(&absolute(config, &other.pages[i].url))
                    ));
                }
            }
            s.push_str("  </url>\n");
        }
    }
    s.push_str("</urlset>\n");
    s
}
