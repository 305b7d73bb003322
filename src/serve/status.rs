//! The live-reload status that open pages poll: the number of good builds and the last
//! build error, capped.
//!
//! Input: the outcome of each rebuild (success, or its diagnostics). Output: the JSON of
//! `/__playbook/status`. Must not: send more than [`ERROR_CAP`] bytes of error text, or
//! send the same error text again to a page that says it already has it (`?seen=ID`).

use std::sync::Mutex;

use crate::diagnostics::Diagnostics;

/// The most error text one status answer carries, measured as escaped in the JSON.
pub(super) const ERROR_CAP: usize = 64 * 1024;

/// What open pages poll. Shared by the rebuild loop and the HTTP thread.
#[derive(Default)]
pub(super) struct Status {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    /// Good builds so far: a change tells pages to reload.
    version: u64,
    /// The last build error, already capped and serialized as a JSON string.
    error: Option<String>,
    /// Changes whenever `error` changes, so that pages can skip text they already show.
    error_id: u64,
}

impl Status {
    /// A build succeeded: pages reload and drop their error overlay.
    pub fn built(&self) {
        let mut s = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        s.version += 1;
        if s.error.take().is_some() {
            s.error_id += 1;
        }
    }

    /// A build failed: pages show `text` (already capped) over the last good page.
    pub fn failed(&self, text: &str) {
        let json = serde_json::Value::from(text).to_string();
        let mut s = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if s.error.as_deref() != Some(json.as_str()) {
            s.error = Some(json);
            s.error_id += 1;
        }
    }

    /// The answer to `/__playbook/status?seen=ID`: the error text only when the page
    /// does not already have error `ID`, so an unchanged error costs a few bytes per poll.
    pub fn json(&self, seen: Option<u64>) -> String {
        let s = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let (v, id) = (s.version, s.error_id);
        match &s.error {
            _ if seen == Some(id) => {
                format!("{{\"version\":{v},\"error_id\":{id},\"unchanged\":true}}")
            }
            Some(e) => format!("{{\"version\":{v},\"error_id\":{id},\"error\":{e}}}"),
            None => format!("{{\"version\":{v},\"error_id\":{id},\"error\":null}}"),
        }
    }
}

/// The error text for open pages: whole diagnostics while they fit in `cap` bytes (as
/// escaped in JSON), then a line saying how many more the terminal shows. A single
/// diagnostic larger than the cap is cut.
pub(super) fn overlay_text(diags: &Diagnostics, cap: usize) -> String {
    const TRAILER_ROOM: usize = 200;
    let budget = cap.saturating_sub(TRAILER_ROOM);
    let items = diags.sorted();
    let mut out = String::new();
    let mut used = 0;
    let mut shown = 0;
    for d in &items {
        let text = d.render();
        let sep = if shown > 0 { "\n" } else { "" };
        let len = json_len(sep) + json_len(&text);
        if used + len > budget {
            if shown == 0 {
                for c in text.chars() {
                    used += json_len_char(c);
                    if used > budget {
                        break;
                    }
                    out.push(c);
                }
                out.push_str(" …\n");
                shown = 1;
            }
            break;
        }
        out.push_str(sep);
        out.push_str(&text);
        used += len;
        shown += 1;
    }
    // The true total: the collection keeps the details of only the first diagnostics.
    let rest = diags.error_count() + diags.warning_count() - shown;
    if rest > 0 {
        let noun = if rest == 1 { "problem" } else { "problems" };
        out.push_str(&format!(
            "\n… and {rest} more {noun}; see the terminal for the full report.\n"
        ));
    }
    out
}

fn json_len(s: &str) -> usize {
    s.chars().map(json_len_char).sum()
}

/// Bytes of `c` in a JSON string (serde_json's escaping).
fn json_len_char(c: char) -> usize {
    match c {
        '"' | '\\' | '\n' | '\r' | '\t' | '\u{8}' | '\u{c}' => 2,
        c if (c as u32) < 0x20 => 6,
        c => c.len_utf8(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostic;

    /// `n` diagnostics, one per file, each with a long line and a long message full of
    /// characters that JSON escapes.
    fn many(n: usize, line: &str) -> Diagnostics {
        let mut d = Diagnostics::new();
        for i in 0..n {
            let src: std::sync::Arc<str> = format!("+++\n+++\n{line}\n").into();
            d.push(Diagnostic::error(
                format!("content/a{i:03}.md"),
                &src,
                8..9,
                format!("bad {i} {}", line.chars().take(900).collect::<String>()),
            ));
        }
        d
    }

    #[test]
    fn the_error_text_is_capped_and_says_how_much_is_left_out() {
        let line = "\"x\\\u{1}".repeat(5_000);
        let d = many(300, &line);
        let full: usize = d.sorted().iter().map(|x| json_len(&x.render())).sum();
        assert!(full > 4 * ERROR_CAP, "{full}");
        let text = overlay_text(&d, ERROR_CAP);
        let json = serde_json::Value::from(text.as_str()).to_string();
        assert!(json.len() <= ERROR_CAP, "{}", json.len());
        assert!(text.ends_with("more problems; see the terminal for the full report.\n"));
        assert!(
            text.starts_with("content/a000.md:3:1: error: bad"),
            "{text:.80}"
        );
        // The count left out is the true one, though the collection keeps the details
        // of only the first diagnostics of a file.
        let mut one_file = Diagnostics::new();
        let src: std::sync::Arc<str> = format!("+++\n+++\n{line}\n").into();
        for i in 0..300 {
            one_file.push(Diagnostic::error(
                "content/a.md",
                &src,
                8..9,
                format!("bad {i}"),
            ));
        }
        let text = overlay_text(&one_file, ERROR_CAP);
        let shown = text.matches("error: bad").count();
        assert!(
            text.contains(&format!("… and {} more problems", 300 - shown)),
            "{shown} shown:\n{}",
            &text[text.len().saturating_sub(200)..]
        );

        let small = many(3, "short");
        assert_eq!(overlay_text(&small, ERROR_CAP), small.render());
    }

    #[test]
    fn json_len_matches_serde_json() {
        let s = "a\"b\\c\nd\te\u{1}f\u{7f}é漢";
        assert_eq!(
            json_len(s) + 2,
            serde_json::Value::from(s).to_string().len()
        );
    }

    #[test]
    fn an_unchanged_error_is_not_sent_again() {
        let s = Status::default();
        s.built();
        assert_eq!(s.json(None), r#"{"version":1,"error_id":0,"error":null}"#);
        s.failed("boom");
        assert_eq!(s.json(None), r#"{"version":1,"error_id":1,"error":"boom"}"#);
        assert_eq!(
            s.json(Some(0)),
            r#"{"version":1,"error_id":1,"error":"boom"}"#
        );
        assert_eq!(
            s.json(Some(1)),
            r#"{"version":1,"error_id":1,"unchanged":true}"#
        );
        s.failed("boom");
        assert_eq!(
            s.json(Some(1)),
            r#"{"version":1,"error_id":1,"unchanged":true}"#
        );
        s.built();
        assert_eq!(
            s.json(Some(1)),
            r#"{"version":2,"error_id":2,"error":null}"#
        );
    }
}
