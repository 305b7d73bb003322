//! The 404 page of each language (the root one also in the other languages).

use std::collections::HashSet;

use serde::Serialize;

use super::{nav, special, templates, LangCtx, TranslationCtx};
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
    ctx.insert("site", &super::look::site(config, &root));
    templates::render_bytes(tera, "404.html", &ctx, 16 << 10)
        .map_err(|e| templates::diagnostic(theme, &e))
}
