//! Media and raw HTML: the `[html]` policy and the Content-Security-Policy it implies
//! ([`policy`]), the safety check of a page's raw HTML and remote media ([`safety`],
//! over a small tag scanner, [`html_scan`]), and image dimensions ([`image`]).
//!
//! Used by the parse stage (checks) and the render stage (figures, `width`/`height`).
//! Must not: read files (the load stage has the bytes) or rewrite raw HTML.

pub mod html_scan;
pub mod image;
pub mod policy;
pub mod safety;

pub use policy::{HtmlPolicy, STRICT_CSP};

/// The path in the site of a file a page names (`clip.mp4` beside `value/x.md` →
/// `value/clip.mp4`; `/media/clip.mp4` → `media/clip.mp4`, also when written with the
/// path of `base_url` in front): what the load stage calls an asset's output path.
/// `None` when the path climbs above the root.
pub fn site_path(page_key: &str, written: &str, base_path: &str) -> Option<String> {
    let bare = written.split(['#', '?']).next().unwrap_or(written);
    let decoded = crate::model::decode_percent(bare);
    match decoded.strip_prefix('/') {
        Some(abs) => {
            let abs = match format!("/{abs}").strip_prefix(base_path) {
                Some(rest) if base_path.len() > 1 => rest.to_string(),
                _ => abs.to_string(),
            };
            crate::model::join_relative("", &abs)
        }
        None => {
            let dir = page_key.rfind('/').map_or("", |i| &page_key[..i + 1]);
            crate::model::join_relative(dir, &decoded)
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn site_paths_of_relative_and_root_style_files() {
        let p = |k, w, b| super::site_path(k, w, b);
        assert_eq!(
            p("value/x.md", "clip.mp4", "/").as_deref(),
            Some("value/clip.mp4")
        );
        assert_eq!(
            p("value/x.md", "../a%20b.png", "/").as_deref(),
            Some("a b.png")
        );
        assert_eq!(
            p("value/x.md", "/media/c.vtt", "/").as_deref(),
            Some("media/c.vtt")
        );
        assert_eq!(
            p("value/x.md", "/team/pb/media/c.vtt", "/team/pb/").as_deref(),
            Some("media/c.vtt")
        );
        assert_eq!(p("x.md", "../../c.vtt", "/"), None);
    }
}
