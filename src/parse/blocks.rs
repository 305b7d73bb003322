//! Component blocks: `::: name key="value"` … `:::` in a Markdown body.
//!
//! Input: the file text and the offset where the body starts. Output: the list of
//! [`Block`]s (name, typed-later attributes with their spans, raw body with its offset)
//! and a copy of the text in which front matter and blocks are masked (replaced by blank
//! lines and a `<!--pb:N-->` placeholder), so that Markdown positions keep their line
//! numbers. Must not: interpret a block's meaning (that is [`crate::components`]), or treat
//! `:::` inside a fenced code block as syntax.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::Arc;

use crate::diagnostics::Diagnostic;

/// One attribute of a component block.
#[derive(Clone, Debug, PartialEq)]
pub struct Attr {
    /// Attribute name.
    pub key: String,
    /// Value (`"true"` for a bare key).
    pub value: String,
    /// Span of the whole `key=value` text in the file.
    pub span: Range<usize>,
    /// Span of the value (of the key for a bare key).
    pub value_span: Range<usize>,
}

/// A component block found in a body.
#[derive(Clone, Debug)]
pub struct Block {
    /// Component name (`quiz`, `man-scorer`, ...).
    pub name: String,
    /// Span of the name on the opening line.
    pub name_span: Range<usize>,
    /// Span of the whole opening line.
    pub open_span: Range<usize>,
    /// Attributes in source order.
    pub attrs: Vec<Attr>,
    /// Raw text between the opening and closing lines.
    pub body: String,
    /// Offset of `body` in the file.
    pub body_offset: usize,
}

/// Text prepared for the Markdown parser and the blocks taken out of it.
#[derive(Default)]
pub struct Scanned {
    /// The file text with front matter blanked and blocks replaced by placeholders; line
    /// structure is identical to the original.
    pub masked: String,
    /// Blocks in order; block `i` is at the `<!--pb:i-->` placeholder.
    pub blocks: Vec<Block>,
    /// Segments of `masked`: (start in masked, start in the original, copied verbatim).
    segments: Vec<(usize, usize, bool)>,
}

impl Scanned {
    /// Appends original text found at `orig` verbatim.
    fn copy(&mut self, orig: usize, s: &str) {
        self.segments.push((self.masked.len(), orig, true));
        self.masked.push_str(s);
    }

    /// Appends synthesized text that stands for the original text at `orig`.
    fn synth(&mut self, orig: usize, s: &str) {
        self.segments.push((self.masked.len(), orig, false));
        self.masked.push_str(s);
    }

    /// Maps an offset in `masked` back to the original text (synthesized text maps to the
    /// start of what it replaced).
    pub fn to_original(&self, m: usize) -> usize {
        let i = self.segments.partition_point(|s| s.0 <= m);
        match i.checked_sub(1).map(|i| self.segments[i]) {
            Some((ms, os, true)) => os + (m - ms),
            Some((_, os, false)) => os,
            None => m,
        }
    }
}

/// The placeholder inserted for block `i`.
pub fn placeholder(i: usize) -> String {
    format!("<!--pb:{i}-->")
}

/// The placeholder inserted for the end of container block `i`.
pub fn end_placeholder(i: usize) -> String {
    format!("<!--pb:{i}:end-->")
}

/// Reads a placeholder HTML event back: the block index, and whether it is the end of a
/// container block.
pub fn placeholder_index(html: &str) -> Option<(usize, bool)> {
    let inner = html.trim().strip_prefix("<!--pb:")?.strip_suffix("-->")?;
    match inner.strip_suffix(":end") {
        Some(i) => Some((i.parse().ok()?, true)),
        None => Some((inner.parse().ok()?, false)),
    }
}

fn fence_of(line: &str) -> Option<(char, usize)> {
    let t = line.trim_start_matches(' ');
    if line.len() - t.len() > 3 {
        return None;
    }
    let c = t.chars().next()?;
    if c != '`' && c != '~' {
        return None;
    }
    let n = t.chars().take_while(|&x| x == c).count();
    (n >= 3).then_some((c, n))
}

/// Whether `line` closes the fence `(c, n)`: the same character at least `n` times, and
/// nothing else (CommonMark).
fn closes_fence(line: &str, (c, n): (char, usize)) -> bool {
    matches!(fence_of(line), Some((c2, n2)) if c2 == c && n2 >= n)
        && line.trim().chars().all(|x| x == c)
}

/// Scans `text` (body starting at `body_start`) for component blocks. Blocks for which
/// `container` returns true keep their body in the masked text (it is Markdown), between
/// an opening and an end placeholder.
pub fn scan(
    path: &str,
    text: &Arc<str>,
    body_start: usize,
    container: impl Fn(&str) -> bool,
) -> (Scanned, Vec<Diagnostic>) {
    let mut out = Scanned {
        masked: String::with_capacity(text.len()),
        ..Scanned::default()
    };
    let newlines = text[..body_start].matches('\n').count();
    out.synth(0, &"\n".repeat(newlines));
    let mut blocks = Vec::new();
    let mut diags = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    let mut lines = text[body_start..].split_inclusive('\n').peekable();
    let mut offset = body_start;
    // 1-based number of the next line.
    let mut next_line_no = newlines + 1;
    // Set once a search for a closing line reached the end of the file: every later search
    // would too (the fence rules are those of the main loop, and openings are only seen
    // outside fences), so it is not repeated: n unclosed blocks cost one pass, not n.
    let mut no_close_after = false;
    while let Some(line) = lines.next() {
        let start = offset;
        offset += line.len();
        let line_no = next_line_no;
        next_line_no += 1;
        if let Some(f) = fence {
            if closes_fence(line, f) {
                fence = None;
            }
            out.copy(start, line);
            continue;
        }
        if let Some(f) = fence_of(line) {
            fence = Some(f);
            out.copy(start, line);
            continue;
        }
        if !line.starts_with(":::") {
            out.copy(start, line);
            continue;
        }
        let open_end = start + line.trim_end().len();
        if line.trim() == ":::" {
            diags.push(
                Diagnostic::error(path, text, start..open_end, "`:::` closes no component")
                    .with_hint("a component starts with `::: name` on its own line"),
            );
            out.synth(start, "\n");
            continue;
        }
        let header = &text[start + 3..open_end];
        let (name, name_span, attrs, mut errs) =
            parse_header(path, text, start + 3, header, line_no);
        diags.append(&mut errs);
        // Find the closing line.
        let body_offset = offset;
        let mut body_end = None;
        let mut consumed = 1;
        let mut scan_off = offset;
        let mut inner_fence: Option<(char, usize)> = None;
        for l in lines.clone().take_while(|_| !no_close_after) {
            consumed += 1;
            if let Some(f) = inner_fence {
                if closes_fence(l, f) {
                    inner_fence = None;
                }
            } else if let Some(f) = fence_of(l) {
                inner_fence = Some(f);
            } else if l.trim_end() == ":::" {
                body_end = Some((scan_off, scan_off + l.len()));
                break;
            }
            scan_off += l.len();
        }
        let Some((body_end, after)) = body_end else {
            no_close_after = true;
            diags.push(
                Diagnostic::error(
                    path,
                    text,
                    start..open_end,
                    format!("unclosed component `{name}`"),
                )
                .with_hint("end the block with a line containing only `:::`"),
            );
            // Treat the rest of the file as plain text so other problems still show.
            out.synth(start, "\n");
            continue;
        };
        for _ in 1..consumed {
            lines.next();
        }
        next_line_no += consumed - 1;
        offset = after;
        let index = blocks.len();
        let is_container = container(&name);
        blocks.push(Block {
            name,
            name_span,
            open_span: start..open_end,
            attrs,
            body: text[body_offset..body_end].to_string(),
            body_offset,
        });
        // Placeholder on the opening line; then either the body and an end placeholder
        // (containers), or blank lines.
        out.synth(start, &format!("{}\n", placeholder(index)));
        if is_container {
            out.copy(body_offset, &text[body_offset..body_end]);
            let nl = if text[body_end..after].ends_with('\n') {
                "\n"
            } else {
                ""
            };
            out.synth(body_end, &format!("{}{nl}", end_placeholder(index)));
        } else {
            let newlines = text[body_offset..after].matches('\n').count();
            out.synth(body_offset, &"\n".repeat(newlines));
        }
    }
    out.blocks = blocks;
    (out, diags)
}

type Header = (String, Range<usize>, Vec<Attr>, Vec<Diagnostic>);

/// Parses `name key="v" k2=v2 flag` starting at file offset `base`, on line `line_no`.
fn parse_header(path: &str, text: &Arc<str>, base: usize, header: &str, line_no: usize) -> Header {
    let mut diags = Vec::new();
    let bytes = header.as_bytes();
    let mut i = 0;
    let skip_ws = |i: &mut usize| {
        while *i < bytes.len() && bytes[*i].is_ascii_whitespace() {
            *i += 1;
        }
    };
    skip_ws(&mut i);
    let name_start = i;
    while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
        i += 1;
    }
    let name = header[name_start..i].to_string();
    let name_span = base + name_start..base + i;
    if name.is_empty() {
        diags.push(
            Diagnostic::error(
                path,
                text,
                base - 3..base + header.len(),
                "component has no name",
            )
            .with_hint("write `::: name`, e.g. `::: quiz id=\"ch1\"`"),
        );
    } else if !name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        diags.push(
            Diagnostic::error(
                path,
                text,
                name_span.clone(),
                format!("invalid component name `{name}`"),
            )
            .with_hint("component names use lower-case ASCII letters, digits and `-`"),
        );
    }
    let mut attrs: Vec<Attr> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    loop {
        skip_ws(&mut i);
        if i >= bytes.len() {
            break;
        }
        let key_start = i;
        while i < bytes.len() && bytes[i] != b'=' && !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let key = header[key_start..i].to_string();
        let key_span = base + key_start..base + i;
        let (value, value_span) = if i < bytes.len() && bytes[i] == b'=' {
            i += 1;
            if i < bytes.len() && bytes[i] == b'"' {
                i += 1;
                let vstart = i;
                let mut value = String::new();
                let mut closed = false;
                while i < bytes.len() {
                    match bytes[i] {
                        b'\\' if i + 1 < bytes.len() => {
                            let next = header[i + 1..].chars().next().unwrap_or('\\');
                            value.push(next);
                            i += 1 + next.len_utf8();
                        }
                        b'"' => {
                            closed = true;
                            i += 1;
                            break;
                        }
                        _ => {
                            let c = header[i..].chars().next().unwrap_or(' ');
                            value.push(c);
                            i += c.len_utf8();
                        }
                    }
                }
                if !closed {
                    diags.push(
                        Diagnostic::error(
                            path,
                            text,
                            base + vstart - 1..base + i,
                            format!("unclosed quote in attribute `{key}`"),
                        )
                        .with_hint("close the value with `\"`"),
                    );
                }
                let vend = if closed { i - 1 } else { i };
                (value, base + vstart..base + vend)
            } else {
                let vstart = i;
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                (header[vstart..i].to_string(), base + vstart..base + i)
            }
        } else {
            ("true".to_string(), key_span.clone())
        };
        let span = key_span.start..value_span.end.max(key_span.end);
        if key.is_empty()
            || !key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            diags.push(
                Diagnostic::error(
                    path,
                    text,
                    span.clone(),
                    format!("invalid attribute `{}`", &text[span.clone()]),
                )
                .with_hint("attributes are written key=\"value\""),
            );
            continue;
        }
        if seen.contains(&key) {
            // The first is on the same opening line.
            let l = line_no;
            diags.push(
                Diagnostic::error(
                    path,
                    text,
                    key_span.clone(),
                    format!("attribute `{key}` given twice"),
                )
                .with_hint(format!("keep one `{key}` (the first is on line {l})")),
            );
            continue;
        }
        seen.insert(key.clone());
        attrs.push(Attr {
            key,
            value,
            span,
            value_span,
        });
    }
    (name, name_span, attrs, diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan_str(s: &str) -> (Scanned, Vec<String>) {
        let t: Arc<str> = Arc::from(s);
        let (sc, d) = scan("a.md", &t, 0, |n| n == "note");
        (sc, d.iter().map(|d| d.render()).collect())
    }

    #[test]
    fn finds_blocks_and_keeps_line_structure() {
        let src = "para\n\n::: note kind=tip title=\"小 \\\"提示\\\"\" open\n内容\n:::\nafter\n";
        let (sc, d) = scan_str(src);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(sc.blocks.len(), 1);
        let b = &sc.blocks[0];
        assert_eq!(b.name, "note");
        assert_eq!(b.attrs[0].value, "tip");
        assert_eq!(b.attrs[1].value, "小 \"提示\"");
        assert_eq!(b.attrs[2].value, "true");
        assert_eq!(b.body, "内容\n");
        assert_eq!(sc.masked.lines().count(), src.lines().count());
        assert_eq!(sc.masked.lines().nth(5), Some("after"));
        let m = sc.masked.find("after").unwrap();
        assert_eq!(sc.to_original(m), src.find("after").unwrap());
        let m = sc.masked.find("内容").unwrap();
        assert_eq!(sc.to_original(m), src.find("内容").unwrap());
        assert_eq!(
            placeholder_index(sc.masked.lines().nth(2).unwrap()),
            Some((0, false))
        );
        assert_eq!(sc.masked.lines().nth(3), Some("内容"));
        assert_eq!(
            placeholder_index(sc.masked.lines().nth(4).unwrap()),
            Some((0, true))
        );
    }

    #[test]
    fn fenced_code_is_not_syntax() {
        let (sc, d) = scan_str("```\n::: quiz\n:::\n```\n");
        assert_eq!(sc.masked, "```\n::: quiz\n:::\n```\n");
        assert!(d.is_empty());
        assert!(sc.blocks.is_empty());
    }

    #[test]
    fn unclosed_and_stray_close_are_located() {
        let (_, d) = scan_str("x\n::: note\nbody\n");
        assert!(
            d[0].starts_with("a.md:2:1: error: unclosed component `note`"),
            "{d:?}"
        );
        let (_, d) = scan_str("x\n:::\n");
        assert!(d[0].starts_with("a.md:2:1: error: `:::` closes no component"));
    }

    #[test]
    fn duplicate_attributes_name_their_line_after_other_blocks() {
        let t: Arc<str> = Arc::from(
            "+++\ntitle = \"x\"\n+++\n\n::: note\na\n:::\n\n::: note kind=a kind=b\n:::\n",
        );
        let body = t.find("\n\n").unwrap() + 1;
        let (_, d) = scan("a.md", &t, body, |_| false);
        let r = d[0].render();
        assert!(
            r.starts_with("a.md:9:17: error: attribute `kind` given twice"),
            "{r}"
        );
        assert!(r.contains("(the first is on line 9)"), "{r}");
    }

    #[test]
    fn many_unclosed_blocks_are_each_reported() {
        let t: Arc<str> = Arc::from("::: note\n".repeat(5_000) + "```\n::: note\n");
        let (_, d) = scan("a.md", &t, 0, |_| false);
        assert_eq!(d.len(), 5_000);
        let r = d[4_999].render();
        assert!(
            r.starts_with("a.md:5000:1: error: unclosed component"),
            "{r}"
        );
    }

    #[test]
    fn a_fence_line_with_an_info_string_does_not_close_a_fence() {
        // Inside a block as outside: "```rust" opens, it does not close.
        let (sc, d) = scan_str("::: note\n```\n```rust\n:::\n```\n:::\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(sc.blocks[0].body, "```\n```rust\n:::\n```\n");
    }

    #[test]
    fn duplicate_attribute_is_an_error() {
        let (_, d) = scan_str("::: note kind=a kind=b\n:::\n");
        assert!(
            d[0].starts_with("a.md:1:17: error: attribute `kind` given twice"),
            "{d:?}"
        );
    }
}
