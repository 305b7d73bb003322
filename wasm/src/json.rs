//! A minimal JSON writer (the wasm module stays small without serde_json).

/// A JSON string literal.
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A JSON number; non-finite values (which the toolkit never produces) become `null`.
pub fn number(x: f64) -> String {
    if x.is_finite() {
        crate::html::fixed(x, 6, true)
    } else {
        "null".into()
    }
}

/// An object from already-encoded values, keys in the given order.
pub fn object(fields: &[(&str, String)]) -> String {
    let body: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("{}:{}", string(k), v))
        .collect();
    format!("{{{}}}", body.join(","))
}

/// An array of already-encoded values.
pub fn array(items: &[String]) -> String {
    format!("[{}]", items.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_valid_json() {
        let o = object(&[
            ("a", string("引号\"\n")),
            ("b", number(266.666_666_6)),
            ("c", array(&[number(1.0), "null".into()])),
        ]);
        assert_eq!(o, "{\"a\":\"引号\\\"\\n\",\"b\":266.666667,\"c\":[1,null]}");
        assert_eq!(number(f64::NAN), "null");
    }
}
