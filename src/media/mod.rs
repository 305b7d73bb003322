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
