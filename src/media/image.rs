//! Image dimensions, read from the file's first bytes (PNG, JPEG, GIF, WebP, AVIF through
//! `imagesize`; SVG from its `width`/`height` or `viewBox`), so that every `<img>` gets
//! `width` and `height` and the page does not jump while images load.

use std::collections::HashMap;

use crate::load::Asset;

/// File name endings of images, lower case.
pub const EXTENSIONS: &[&str] = &["png", "jpg", "jpeg", "gif", "webp", "avif", "svg"];

/// Whether a path names an image by its extension.
pub fn is_image(path: &str) -> bool {
    path.rsplit_once('.')
        .is_some_and(|(_, e)| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Width and height in CSS pixels of the image `bytes` named `path`; `None` when the
/// file is not an image or its header cannot be read.
pub fn dimensions(path: &str, bytes: &[u8]) -> Option<(u32, u32)> {
    if path.to_ascii_lowercase().ends_with(".svg") {
        return svg_dimensions(std::str::from_utf8(bytes).ok()?);
    }
    let s = imagesize::blob_size(bytes).ok()?;
    let w = u32::try_from(s.width).ok()?;
    let h = u32::try_from(s.height).ok()?;
    (w > 0 && h > 0).then_some((w, h))
}

/// The dimensions of every image among the assets, by output path.
pub fn sizes(assets: &[Asset]) -> HashMap<String, (u32, u32)> {
    assets
        .iter()
        .filter(|a| is_image(&a.out_path))
        .filter_map(|a| Some((a.out_path.clone(), dimensions(&a.out_path, &a.bytes)?)))
        .collect()
}

fn svg_dimensions(text: &str) -> Option<(u32, u32)> {
    let start = text.find("<svg")?;
    let tag = super::html_scan::tags(&text[start..]).into_iter().next()?;
    let attr = |n: &str| {
        tag.attrs
            .iter()
            .find(|a| a.name == n)
            .map(|a| a.value.trim().to_string())
    };
    let px = |v: Option<String>| -> Option<f64> {
        let v = v?;
        let n = v.strip_suffix("px").unwrap_or(&v).trim();
        n.parse::<f64>().ok().filter(|x| x.is_finite() && *x > 0.0)
    };
    let (w, h) = match (px(attr("width")), px(attr("height"))) {
        (Some(w), Some(h)) => (w, h),
        _ => {
            let vb: Vec<f64> = attr("viewbox")?
                .split(|c: char| c.is_whitespace() || c == ',')
                .filter(|s| !s.is_empty())
                .filter_map(|s| s.parse().ok())
                .collect();
            match vb[..] {
                [_, _, w, h] if w > 0.0 && h > 0.0 => (w, h),
                _ => return None,
            }
        }
    };
    Some((w.round().max(1.0) as u32, h.round().max(1.0) as u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 3×2 PNG: the signature, then an IHDR chunk (CRC not checked by readers of size).
    fn png(w: u32, h: u32) -> Vec<u8> {
        let mut v = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        v.extend(w.to_be_bytes());
        v.extend(h.to_be_bytes());
        v.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
        v
    }

    #[test]
    fn raster_headers() {
        assert_eq!(dimensions("a.png", &png(3, 2)), Some((3, 2)));
        // GIF89a, logical screen 640×480 (little-endian).
        let gif = b"GIF89a\x80\x02\xe0\x01\0\0\0";
        assert_eq!(dimensions("a.gif", gif), Some((640, 480)));
        assert_eq!(dimensions("a.png", b"not an image"), None);
    }

    #[test]
    fn svg_from_attributes_or_viewbox() {
        let a = br#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="120px" height="80">"#;
        assert_eq!(dimensions("a.svg", a), Some((120, 80)));
        let b = br#"<svg viewBox="0 0 300.4 150" width="100%">"#;
        assert_eq!(dimensions("b.SVG", b), Some((300, 150)));
        assert_eq!(dimensions("c.svg", b"<svg>"), None);
    }

    #[test]
    fn only_images_are_measured() {
        assert!(is_image("x/Logo.PNG"));
        assert!(!is_image("x/clip.mp4"));
        let assets = vec![
            Asset {
                out_path: "a.png".into(),
                bytes: png(5, 7),
            },
            Asset {
                out_path: "b.txt".into(),
                bytes: png(5, 7),
            },
        ];
        let s = sizes(&assets);
        assert_eq!(s.len(), 1);
        assert_eq!(s["a.png"], (5, 7));
    }
}
