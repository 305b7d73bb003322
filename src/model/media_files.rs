//! The files a `video` component names (sources, poster, captions) must exist among the
//! playbook's files, beside the page or under `static/`: a missing one is an error at its
//! attribute, with the nearest existing file as a hint.

use std::collections::HashSet;

use super::paths::{dir_of, relative_to};
use super::Site;
use crate::components::Component;
use crate::config::Config;
use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics};

pub(super) fn check(
    site: &Site,
    config: &Config,
    assets: &HashSet<String>,
    diags: &mut Diagnostics,
) {
    let base = config.base_path();
    let mut candidates: Option<Vec<&str>> = None;
    for page in &site.parsed {
        for c in page.components.iter().flatten() {
            let Component::Video(v) = c else { continue };
            for f in v.files() {
                let found = crate::media::site_path(&page.key, &f.path, &base);
                if found.as_ref().is_some_and(|p| assets.contains(p)) {
                    continue;
                }
                let looked = match &found {
                    Some(p) if f.path.starts_with('/') => format!("`static/{p}` or `content/{p}`"),
                    Some(p) => format!("`content/{p}`"),
                    None => "outside the site".to_string(),
                };
                let list =
                    candidates.get_or_insert_with(|| assets.iter().map(String::as_str).collect());
                let hint = match found.as_deref().and_then(|p| did_you_mean(p, list)) {
                    Some(c) if f.path.starts_with('/') => format!("did you mean `/{c}`?"),
                    Some(c) => format!(
                        "did you mean `{}`? (paths are relative to this file)",
                        relative_to(dir_of(&page.key), c)
                    ),
                    None => "put the file beside the page, or under static/ and write its path \
                             from there with a leading `/`"
                        .to_string(),
                };
                diags.push(
                    Diagnostic::error(
                        &page.path,
                        &page.text,
                        f.span.clone(),
                        format!("missing file `{}` (looked for {looked})", f.path),
                    )
                    .with_hint(hint),
                );
            }
        }
    }
}
