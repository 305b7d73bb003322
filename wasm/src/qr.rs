//! QR codes as inline SVG: drawn on the page with no network, canvas or style attribute
//! (presentation attributes only, so a strict CSP allows it).
//!
//! Input: the text (upper-case base32 hand-in codes use QR's denser alphanumeric mode,
//! which the encoder picks by itself); output: an `<svg>` element. Must not hand-encode:
//! the encoder is Project Nayuki's `qrcodegen`.

use qrcodegen::{QrCode, QrCodeEcc};

/// An SVG QR code of `text`, or `None` when it does not fit in a QR code at all. `label`
/// is the accessible name. The smallest symbol wins (fewer, larger modules scan best off
/// a phone screen, which is never smudged): the version is chosen for low error
/// correction, which the encoder then raises as far as that version allows.
pub fn svg(text: &str, label: &str) -> Option<String> {
    let qr = QrCode::encode_text(text, QrCodeEcc::Low).ok()?;
    let n = qr.size();
    let quiet = 4;
    let mut path = String::new();
    for y in 0..n {
        let mut x = 0;
        while x < n {
            if qr.get_module(x, y) {
                let start = x;
                while x < n && qr.get_module(x, y) {
                    x += 1;
                }
                path.push_str(&format!(
                    "M{} {}h{}v1h-{}z",
                    start + quiet,
                    y + quiet,
                    x - start,
                    x - start
                ));
            } else {
                x += 1;
            }
        }
    }
    let side = n + 2 * quiet;
    let label = crate::html::esc(label);
    Some(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" viewBox=\"0 0 {side} {side}\" role=\"img\" aria-labelledby=\"qr-title\" shape-rendering=\"crispEdges\" data-modules=\"{n}\"><title id=\"qr-title\">{label}</title><rect width=\"{side}\" height=\"{side}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_a_qr_code_with_its_label_and_no_style() {
        let s = svg("PB1-0123456789ABCDEFGHJKMNPQRSTVWXYZ", "Hand-in code <Ann>").unwrap();
        assert!(s.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(s.contains("<title id=\"qr-title\">Hand-in code &lt;Ann&gt;</title>"));
        assert!(!s.contains("style"));
        // 35 alphanumeric characters fit version 2 (25 modules); in byte mode they would
        // need version 3.
        assert!(s.contains("data-modules=\"25\""), "{}", &s[..200]);
        // The finder pattern's top row: 7 dark modules from the quiet zone's corner.
        assert!(s.contains("M4 4h7v1h-7z"));
    }

    #[test]
    fn too_long_for_any_qr_code() {
        assert_eq!(svg(&"A".repeat(5000), "x"), None);
    }
}
