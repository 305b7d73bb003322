//! Located, collected diagnostics.
//!
//! Input: problems found by any stage, each with the playbook-relative path of the file,
//! a byte span into that file's (normalised) text, a message and an optional hint.
//! Output: text in the form `path:line:col: error: message`, followed by the source line,
//! a caret under the span and the hint. Carets account for the display width of CJK
//! characters (two columns each), which is why this renderer is ours rather than a
//! generic one: the header form is fixed by our tests and by editors that jump to
//! `path:line:col`.
//!
//! Must not: stop at the first problem. Stages push into a [`Diagnostics`] collection and
//! the caller decides, once every stage that can run has run, whether the build fails.

use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use unicode_width::UnicodeWidthChar;

/// How serious a diagnostic is. Only errors fail a build.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The build fails.
    Error,
    /// Reported, but the build goes on.
    Warning,
}

/// One problem, located in one file.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Path relative to the playbook root, with `/` separators.
    pub path: PathBuf,
    /// The file's text, used to print the offending line (absent for whole-file problems).
    pub source: Option<Arc<str>>,
    /// Byte range of the problem in `source`.
    pub span: Range<usize>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error at `span` in `source`.
    pub fn error(
        path: impl Into<PathBuf>,
        source: &Arc<str>,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            source: Some(Arc::clone(source)),
            span,
            message: message.into(),
            hint: None,
        }
    }

    /// An error about a whole file whose text is unavailable (unreadable, not UTF-8...).
    pub fn file_error(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            source: None,
            span: 0..0,
            message: message.into(),
            hint: None,
        }
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Turns the error into a warning.
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// 1-based line and column (in characters) of the start of the span.
    pub fn line_col(&self) -> (usize, usize) {
        match &self.source {
            Some(src) => line_col(src, self.span.start),
            None => (1, 1),
        }
    }

    /// Renders the diagnostic as plain text (header, snippet, caret, hint).
    pub fn render(&self) -> String {
        let (line, col) = self.line_col();
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{}:{}:{}: {}: {}",
            display_path(&self.path),
            line,
            col,
            kind,
            self.message
        );
        if let Some(src) = &self.source {
            let start = floor_char_boundary(src, self.span.start.min(src.len()));
            let line_start = src[..start].rfind('\n').map_or(0, |i| i + 1);
            let line_end = src[start..].find('\n').map_or(src.len(), |i| start + i);
            let text = src[line_start..line_end].trim_end_matches('\r');
            let gutter = line.to_string().len();
            let pad = " ".repeat(gutter);
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{line} | {text}");
            let lead = width(&src[line_start..start]);
            let end = floor_char_boundary(src, self.span.end.clamp(start, line_end));
            let carets = width(&src[start..end]).max(1);
            let _ = writeln!(out, "{pad} | {}{}", " ".repeat(lead), "^".repeat(carets));
        }
        if let Some(hint) = &self.hint {
            let _ = writeln!(out, "  = hint: {hint}");
        }
        out
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn width(s: &str) -> usize {
    s.chars()
        .map(|c| if c == '\t' { 4 } else { c.width().unwrap_or(0) })
        .sum()
}

/// 1-based line and character column of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = text[line_start..offset].chars().count() + 1;
    (line, col)
}

/// A path shown to users: relative, with forward slashes on every platform.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// A collection of diagnostics gathered across stages.
#[derive(Default, Debug)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty collection.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one diagnostic.
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// Adds all of another collection.
    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    /// Whether any error (not only warnings) was collected.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    /// Whether nothing was collected.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The diagnostics in a stable order: by path, then position, then message.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut v: Vec<&Diagnostic> = self.items.iter().collect();
        v.sort_by(|a, b| {
            (&a.path, a.span.start, a.severity, &a.message).cmp(&(
                &b.path,
                b.span.start,
                b.severity,
                &b.message,
            ))
        });
        v
    }

    /// All diagnostics rendered, sorted, separated by blank lines.
    pub fn render(&self) -> String {
        self.sorted()
            .iter()
            .map(|d| d.render())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// The closest candidate to `word`, if one is close enough to be a plausible typo.
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(word, c), *c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let t = "第一行\n标题 = 1\n";
        assert_eq!(line_col(t, 0), (1, 1));
        let off = t.find('=').unwrap();
        assert_eq!(line_col(t, off), (2, 4));
    }

    #[test]
    fn caret_is_placed_under_wide_characters() {
        let src: Arc<str> = Arc::from("标题 = x\n");
        let d = Diagnostic::error("a.md", &src, 7..8, "bad").with_hint("fix it");
        let r = d.render();
        assert_eq!(
            r,
            "a.md:1:4: error: bad\n  |\n1 | 标题 = x\n  |      ^\n  = hint: fix it\n"
        );
    }

    #[test]
    fn did_you_mean_finds_typos_only() {
        let keys = ["title", "weight", "draft"];
        assert_eq!(did_you_mean("titel", &keys), Some("title"));
        assert_eq!(did_you_mean("zzzz", &keys), None);
    }
}
