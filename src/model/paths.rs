//! Keys, URL paths and relative links: a page's key (`value/x.md`) → its URL path
//! (`value/x/`), its parent part, and the key a relative link from it points to.

/// Percent-encodes what cannot stand in a URL path as written (spaces, quotes, `#`, `?`,
/// `%`, control characters); keeps non-ASCII characters such as Chinese as they are.
pub fn encode_path(p: &str) -> String {
    let mut out = String::with_capacity(p.len());
    for c in p.chars() {
        match c {
            ' ' | '"' | '#' | '?' | '%' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}' => {
                out.push_str(&format!("%{:02X}", c as u32))
            }
            c if c.is_control() => {
                let mut b = [0; 4];
                for byte in c.encode_utf8(&mut b).bytes() {
                    out.push_str(&format!("%{byte:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// Decodes `%XX` escapes (invalid escapes are kept as written).
pub fn decode_percent(s: &str) -> String {
    fn hex(b: u8) -> Option<u8> {
        (b as char).to_digit(16).map(|d| d as u8)
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Joins a relative path to a folder (`value/` + `../visits/a.md` → `visits/a.md`).
/// Returns `None` when the path climbs above the root.
pub fn join_relative(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// The key a link points at (`../a.md#x` from `value/b.md` → `a.md`), language suffix
/// removed; `None` for links that are not to pages.
pub(super) fn link_key(from: &str, dest: &str) -> Option<String> {
    let path = dest.split(['#', '?']).next()?;
    let joined = join_relative(dir_of(from), &decode_percent(path))?;
    let stem = joined.strip_suffix(".md")?;
    Some(match stem.rsplit_once('.') {
        Some((base, code)) if code.len() <= 3 && !base.ends_with('/') => format!("{base}.md"),
        _ => joined,
    })
}

/// A relative path from the folder `from_dir` to `key` (`value/` → `visits/a.md` gives
/// `../visits/a.md`).
pub(super) fn relative_to(from_dir: &str, key: &str) -> String {
    let from: Vec<&str> = from_dir.split('/').filter(|s| !s.is_empty()).collect();
    let to: Vec<&str> = key.split('/').collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; from.len() - common];
    parts.extend(&to[common..]);
    parts.join("/")
}

pub(super) fn dir_of(key: &str) -> &str {
    key.rfind('/').map_or("", |i| &key[..i + 1])
}

/// The URL path of a key, without language prefix.
pub(super) fn url_of(key: &str) -> String {
    let stem = key.strip_suffix(".md").unwrap_or(key);
    if stem == "_index" {
        return String::new();
    }
    match stem.strip_suffix("/_index") {
        Some(dir) => format!("{dir}/"),
        None => format!("{stem}/"),
    }
}

/// The section key a page belongs to (`value/x.md` → `value/_index.md`,
/// `value/_index.md` → `_index.md`).
pub(super) fn parent_key(key: &str) -> Option<String> {
    if key == "_index.md" {
        return None;
    }
    let base = key.strip_suffix("/_index.md").unwrap_or(key);
    Some(match base.rfind('/') {
        Some(i) => format!("{}/_index.md", &base[..i]),
        None => "_index.md".to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_parents() {
        assert_eq!(url_of("_index.md"), "");
        assert_eq!(url_of("value/_index.md"), "value/");
        assert_eq!(url_of("value/x.md"), "value/x/");
        assert_eq!(parent_key("value/x.md").as_deref(), Some("value/_index.md"));
        assert_eq!(parent_key("value/_index.md").as_deref(), Some("_index.md"));
        assert_eq!(parent_key("a.md").as_deref(), Some("_index.md"));
        assert_eq!(parent_key("_index.md"), None);
    }

    #[test]
    fn relative_paths_and_link_keys() {
        assert_eq!(relative_to("value/", "visits/a.md"), "../visits/a.md");
        assert_eq!(relative_to("value/", "value/a.md"), "a.md");
        assert_eq!(relative_to("", "a/_index.md"), "a/_index.md");
        assert_eq!(
            link_key("value/b.md", "../a.en.md#x").as_deref(),
            Some("a.md")
        );
        assert_eq!(
            link_key("value/b.md", "c.md").as_deref(),
            Some("value/c.md")
        );
        assert_eq!(link_key("value/b.md", "c.png"), None);
    }

    #[test]
    fn relative_join() {
        assert_eq!(
            join_relative("value/", "../visits/a.md").as_deref(),
            Some("visits/a.md")
        );
        assert_eq!(join_relative("", "./a.md").as_deref(), Some("a.md"));
        assert_eq!(join_relative("", "../a.md"), None);
    }

    #[test]
    fn encoding_keeps_chinese() {
        assert_eq!(encode_path("a b/计划/"), "a%20b/计划/");
        assert_eq!(decode_percent("a%20b%E8%AE%A1"), "a b计");
        assert_eq!(decode_percent("100%"), "100%");
    }
}
