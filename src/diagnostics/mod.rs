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
//! Bounded cost, whatever the input: a line wider than [`SNIPPET_COLUMNS`] is shown as a
//! window around the span, cut with `…`; messages and hints are cut after
//! [`MESSAGE_CHARS`] characters; at most [`Limits::per_file`] diagnostics are printed per
//! file and [`Limits::total`] in all, each cut marked by an `… and N more errors` line,
//! while the counts stay true. A collection keeps the details of only the first
//! [`PER_FILE`] diagnostics of each file (in printing order) and counts the rest, and it
//! is printed by streaming to a writer, one diagnostic at a time; lines and columns of one
//! file are found from its line starts, computed once.
//!
//! Must not: stop at the first problem. Stages push into a [`Diagnostics`] collection and
//! the caller decides, once every stage that can run has run, whether the build fails.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

mod lines;
mod snippet;

pub use lines::{line_col, LineIndex};
use snippet::{cut, floor_char_boundary, window};

/// Display columns of a source line printed under a header: a wider line is shown as a
/// window of at most this many columns around the span, with `…` where it was cut.
pub const SNIPPET_COLUMNS: usize = 120;

/// Columns of a long line kept before the span when it is windowed (more when the span is
/// near the end of the line).
const CONTEXT_BEFORE: usize = 40;

/// Characters of a message or a hint printed; the rest is replaced by `…`.
pub const MESSAGE_CHARS: usize = 1000;

/// Diagnostics printed per file by default, and kept in detail by a [`Diagnostics`].
pub const PER_FILE: usize = 50;

/// Diagnostics printed in all by default.
pub const TOTAL: usize = 500;

/// How many diagnostics are printed before the rest is only counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Per file (at most [`PER_FILE`]: a collection keeps no more).
    pub per_file: usize,
    /// In all.
    pub total: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            per_file: PER_FILE,
            total: TOTAL,
        }
    }
}

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
        let mut out = String::new();
        // Only the text up to the end of the span's line is needed.
        let mut index = self.source.as_deref().map(|src| {
            let start = floor_char_boundary(src, self.span.start.min(src.len()));
            let end = src[start..].find('\n').map_or(src.len(), |i| start + i);
            LineIndex::new(&src[..end])
        });
        self.render_into(&mut out, index.as_mut());
        out
    }

    /// Appends the rendered diagnostic to `out`, locating it with `index`, the line index
    /// of its source (shared by the diagnostics of one file).
    fn render_into(&self, out: &mut String, index: Option<&mut LineIndex<'_>>) {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let (src, index) = match (&self.source, index) {
            (Some(src), Some(index)) => (src, index),
            _ => {
                let _ = writeln!(
                    out,
                    "{}:1:1: {kind}: {}",
                    display_path(&self.path),
                    cut(&self.message)
                );
                self.hint_into(out);
                return;
            }
        };
        let (line, col) = index.line_col(self.span.start);
        let _ = writeln!(
            out,
            "{}:{line}:{col}: {kind}: {}",
            display_path(&self.path),
            cut(&self.message)
        );
        let start = floor_char_boundary(src, self.span.start.min(src.len()));
        let lines = index.line_range(line - 1);
        let end = floor_char_boundary(src, self.span.end.clamp(start, lines.end));
        let text = src[lines.clone()].trim_end_matches('\r');
        // A span in the stripped `\r` keeps its place at the end of the text.
        let at = (start - lines.start).min(text.len());
        let to = (end - lines.start).clamp(at, text.len());
        let (shown, lead, carets) = window(text, at, to);
        let gutter = line.to_string().len();
        let pad = " ".repeat(gutter);
        let _ = writeln!(out, "{pad} |");
        let _ = writeln!(out, "{line} | {shown}");
        let _ = writeln!(out, "{pad} | {}{}", " ".repeat(lead), "^".repeat(carets));
        self.hint_into(out);
    }

    fn hint_into(&self, out: &mut String) {
        if let Some(hint) = &self.hint {
            let _ = writeln!(out, "  = hint: {}", cut(hint));
        }
    }

    /// The key diagnostics are printed (and kept) in: path, position, severity, message.
    fn order_key(&self) -> (&Path, usize, Severity, &str) {
        (&self.path, self.span.start, self.severity, &self.message)
    }
}

/// A path shown to users: relative, with forward slashes on every platform.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Errors and warnings counted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Counts {
    errors: usize,
    warnings: usize,
}

impl Counts {
    fn add(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
        }
    }

    fn merge(&mut self, other: Counts) {
        self.errors += other.errors;
        self.warnings += other.warnings;
    }

    fn minus(self, other: Counts) -> Counts {
        Counts {
            errors: self.errors - other.errors,
            warnings: self.warnings - other.warnings,
        }
    }

    fn is_zero(self) -> bool {
        self.errors == 0 && self.warnings == 0
    }

    /// `… and 3 more errors and 1 more warning`.
    fn more(self) -> String {
        let part =
            |n: usize, what: &str| format!("{n} more {what}{}", if n == 1 { "" } else { "s" });
        let parts: Vec<String> = [(self.errors, "error"), (self.warnings, "warning")]
            .into_iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, what)| part(n, what))
            .collect();
        format!("… and {}", parts.join(" and "))
    }
}

/// Kept diagnostics beyond which the collection is pruned (then twice what it kept).
const PRUNE_FROM: usize = 4096;

/// A collection of diagnostics gathered across stages. Every diagnostic is counted; the
/// details are kept for the first [`PER_FILE`] of each file in printing order, which is
/// all that is ever printed, so that a file with 100,000 problems costs 50 diagnostics of
/// memory, not 100,000.
#[derive(Debug)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    /// Every diagnostic pushed, kept or not, by file.
    counts: HashMap<PathBuf, Counts>,
    total: Counts,
    /// `items.len()` at which the next pruning happens.
    prune_at: usize,
}

impl Default for Diagnostics {
    fn default() -> Self {
        Diagnostics {
            items: Vec::new(),
            counts: HashMap::new(),
            total: Counts::default(),
            prune_at: PRUNE_FROM,
        }
    }
}

impl Diagnostics {
    /// An empty collection.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one diagnostic.
    pub fn push(&mut self, d: Diagnostic) {
        self.count(&d.path, d.severity);
        self.items.push(d);
        self.maybe_prune();
    }

    fn count(&mut self, path: &Path, severity: Severity) {
        self.total.add(severity);
        match self.counts.get_mut(path) {
            Some(c) => c.add(severity),
            None => {
                let mut c = Counts::default();
                c.add(severity);
                self.counts.insert(path.to_path_buf(), c);
            }
        }
    }

    /// Adds diagnostics one by one (to add a whole collection, [`Diagnostics::append`]
    /// keeps its counts).
    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        for d in other {
            self.push(d);
        }
    }

    /// Adds all of another collection, with the diagnostics it only counted.
    pub fn append(&mut self, other: Diagnostics) {
        self.total.merge(other.total);
        for (path, c) in other.counts {
            self.counts.entry(path).or_default().merge(c);
        }
        self.items.extend(other.items);
        self.maybe_prune();
    }

    /// Keeps the first [`PER_FILE`] diagnostics of each file, in printing order, when the
    /// collection has grown enough since it was last pruned (amortised: n log n in all).
    fn maybe_prune(&mut self) {
        if self.items.len() < self.prune_at {
            return;
        }
        self.items.sort_by(|a, b| a.order_key().cmp(&b.order_key()));
        let mut kept: Vec<Diagnostic> = Vec::new();
        let mut in_file = 0;
        for d in std::mem::take(&mut self.items) {
            match kept.last() {
                Some(last) if last.path == d.path => in_file += 1,
                _ => in_file = 1,
            }
            if in_file <= PER_FILE {
                kept.push(d);
            }
        }
        self.items = kept;
        self.prune_at = (2 * self.items.len()).max(PRUNE_FROM);
    }

    /// Whether any error (not only warnings) was collected.
    pub fn has_errors(&self) -> bool {
        self.total.errors > 0
    }

    /// Number of errors (all of them, printed or not).
    pub fn error_count(&self) -> usize {
        self.total.errors
    }

    /// Number of warnings (all of them, printed or not).
    pub fn warning_count(&self) -> usize {
        self.total.warnings
    }

    /// Whether nothing was collected.
    pub fn is_empty(&self) -> bool {
        self.total.is_zero()
    }

    /// The kept diagnostics (at least the first [`PER_FILE`] of each file) in a stable
    /// order: by path, then position, then message.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut v: Vec<&Diagnostic> = self.items.iter().collect();
        v.sort_by(|a, b| a.order_key().cmp(&b.order_key()));
        v
    }

    /// Prints the diagnostics, sorted and separated by blank lines, to `out`, one at a
    /// time: at most `limits.per_file` per file and `limits.total` in all, each cut
    /// followed by an `… and N more errors` line.
    pub fn write(&self, out: &mut dyn std::io::Write, limits: Limits) -> std::io::Result<()> {
        let mut buf = String::new();
        let mut first = true;
        self.each_part(limits, |part| {
            buf.clear();
            if !first {
                buf.push('\n');
            }
            first = false;
            part(&mut buf);
            out.write_all(buf.as_bytes())
        })
    }

    /// The diagnostics as [`Diagnostics::write`] prints them, in a string (the limits keep
    /// it small).
    pub fn render_with(&self, limits: Limits) -> String {
        let mut out = String::new();
        let mut first = true;
        let _ = self.each_part::<std::convert::Infallible>(limits, |part| {
            if !first {
                out.push('\n');
            }
            first = false;
            part(&mut out);
            Ok(())
        });
        out
    }

    /// All diagnostics rendered with the default [`Limits`].
    pub fn render(&self) -> String {
        self.render_with(Limits::default())
    }

    /// `N errors, M warnings` (the true totals).
    pub fn summary(&self) -> String {
        let (e, w) = (self.total.errors, self.total.warnings);
        format!(
            "{e} error{}, {w} warning{}",
            if e == 1 { "" } else { "s" },
            if w == 1 { "" } else { "s" }
        )
    }

    /// Calls `emit` with each part of the output in order: a diagnostic or an `… and N
    /// more` line, as a function that appends it to a string.
    fn each_part<E>(
        &self,
        limits: Limits,
        mut emit: impl FnMut(&mut dyn FnMut(&mut String)) -> Result<(), E>,
    ) -> Result<(), E> {
        let limits = Limits {
            per_file: limits.per_file.min(PER_FILE),
            total: limits.total,
        };
        let mut printed = Counts::default();
        let mut in_file = Counts::default();
        let mut index: Option<(*const u8, LineIndex<'_>)> = None;
        let sorted = self.sorted();
        // The `… and N more … in path` line after the last diagnostic printed of a file.
        let rest_of_file = |path: &Path, in_file: Counts| {
            let all = self.counts.get(path).copied().unwrap_or_default();
            let rest = all.minus(in_file);
            (!rest.is_zero()).then(|| format!("{} in {}\n", rest.more(), display_path(path)))
        };
        for (i, d) in sorted.iter().enumerate() {
            if printed.errors + printed.warnings >= limits.total {
                let line = format!("{}\n", self.total.minus(printed).more());
                return emit(&mut |s| s.push_str(&line));
            }
            if i > 0 && sorted[i - 1].path != d.path {
                if let Some(line) = rest_of_file(&sorted[i - 1].path, in_file) {
                    emit(&mut |s| s.push_str(&line))?;
                }
                in_file = Counts::default();
            }
            if in_file.errors + in_file.warnings >= limits.per_file {
                continue;
            }
            in_file.add(d.severity);
            printed.add(d.severity);
            let mut located = d.source.as_deref().map(|src| {
                let key = src.as_ptr();
                if index.as_ref().is_none_or(|(k, _)| *k != key) {
                    index = Some((key, LineIndex::new(src)));
                }
                &mut index.as_mut().expect("just set").1
            });
            emit(&mut |s| d.render_into(s, located.as_deref_mut()))?;
        }
        match sorted
            .last()
            .and_then(|last| rest_of_file(&last.path, in_file))
        {
            Some(line) => emit(&mut |s| s.push_str(&line)),
            None => Ok(()),
        }
    }
}

/// Longest word (in bytes) compared by [`did_you_mean`]: the comparison costs the product
/// of the lengths, and typos are made in names, not in paragraphs.
const SUGGEST_BYTES: usize = 200;

/// The closest candidate to `word`, if one is close enough to be a plausible typo.
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    if word.len() > SUGGEST_BYTES {
        return None;
    }
    candidates
        .iter()
        .filter(|c| c.len() <= SUGGEST_BYTES)
        .map(|c| (strsim::jaro_winkler(word, c), *c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests;
