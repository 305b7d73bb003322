//! The playbook's own look, from `playbook.toml`: `extra_css` and `logo`, as the `site`
//! variable of every template (URLs relative to the page being rendered, so the site works
//! under any base path). Must not: check that the files exist (the config stage does).

use serde::Serialize;

use crate::config::Config;
use crate::model::encode_path;

/// The `site` variable of the templates.
#[derive(Serialize)]
pub struct SiteCtx {
    /// URLs of the playbook's stylesheets, linked after the theme's, in the given order.
    extra_css: Vec<String>,
    /// URL of the logo shown in the header, if any.
    logo: Option<String>,
}

/// The `site` variable for a page whose root prefix is `root` (`../../`, or the base path
/// on the 404 pages).
pub fn site(config: &Config, root: &str) -> SiteCtx {
    SiteCtx {
        extra_css: config
            .extra_css
            .iter()
            .map(|r| format!("{root}{}", encode_path(&r.path)))
            .collect(),
        logo: config
            .logo
            .as_ref()
            .map(|r| format!("{root}{}", encode_path(&r.path))),
    }
}
