//! The files of the whole site that are no page of it: the 404 page of each language and
//! the sitemap.

use std::collections::HashSet;

use serde::Serialize;

use super::{absolute, escape, nav, special, templates, LangCtx, TranslationCtx};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::model::{encode_path, Site};
use crate::theme::Theme;

/// The "page not found" text of one language, for the root 404 page's other languages.
#[derive(Serialize)]
struct NotFoundCtx<'a> {
    tag: &'a str,
    title: &'a str,
    text: &'a str,
    home: String,
    home_label: &'a str,
}

pub(super) fn render_404(
    site: &Site,
    config: &Config,
    theme: &Theme,
    tera: &tera::Tera,
    li: usize,
) -> Result<Vec<u8>, Diagnostic> {
    let root = config.base_path();
    let lang = &site.langs[li];
    let others: Vec<NotFoundCtx> = if li == 0 {
        site.langs
            .iter()
            .skip(1)
            .filter(|l| !l.pages.is_empty())
            .filter_map(|l| config.language(&l.code))
            .map(|l| NotFoundCtx {
                tag: &l.locale,
                title: &l.strings["not_found_title"],
                text: &l.strings["not_found_text"],
                home: format!("{root}{}", encode_path(&l.prefix)),
                home_label: &l.strings["home"],
            })
            .collect()
    } else {
        Vec::new()
    };
    let mut ctx = tera::Context::new();
    ctx.insert("lang", &LangCtx::of(config, &lang.code, &root));
    ctx.insert(
        "nav",
        &nav(site, lang, 0, usize::MAX, &HashSet::new(), &root),
    );
    ctx.insert("root", &root);
    ctx.insert("assets", &format!("{root}assets/"));
    ctx.insert("translations", &Vec::<TranslationCtx>::new());
    ctx.insert("links", &special::links(site, config, li, &root));
    ctx.insert("others", &others);
    tera.render("404.html", &ctx)
        .map(String::into_bytes)
        .map_err(|e| templates::diagnostic(theme, &e))
}

pub(super) fn sitemap(site: &Site, config: &Config) -> String {
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
