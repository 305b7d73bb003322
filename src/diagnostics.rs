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

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use unicode_width::UnicodeWidthChar;

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

/// A message or hint cut after [`MESSAGE_CHARS`] characters.
fn cut(s: &str) -> Cow<'_, str> {
    match s.char_indices().nth(MESSAGE_CHARS) {
        Some((i, _)) => Cow::Owned(format!("{}…", &s[..i])),
        None => Cow::Borrowed(s),
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Display columns of a character in a snippet (a tab counts 4).
fn char_width(c: char) -> usize {
    if c == '\t' {
        4
    } else {
        c.width().unwrap_or(0)
    }
}

/// Columns a character takes from a window's budget: at least one, so that a line of
/// zero-width characters is cut too.
fn budget_width(c: char) -> usize {
    char_width(c).max(1)
}

fn width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

/// What of `line` is shown for the span `at..to` (byte offsets in `line`): the text, the
/// columns before the caret and the number of carets. A line that fits in
/// [`SNIPPET_COLUMNS`] is shown whole; a wider one as a window that starts up to
/// `CONTEXT_BEFORE` columns before the span, with `…` at each cut. The cost is bounded by
/// the window, not by the length of the line.
fn window(line: &str, at: usize, to: usize) -> (Cow<'_, str>, usize, usize) {
    let mut budget = 0;
    let fits = line.chars().all(|c| {
        budget += budget_width(c);
        budget <= SNIPPET_COLUMNS
    });
    if fits {
        let carets = width(&line[at..to]).max(1);
        return (Cow::Borrowed(line), width(&line[..at]), carets);
    }
    // Two columns are kept for the `…` marks.
    let room = SNIPPET_COLUMNS - 2;
    let mut left = at;
    let mut used = 0;
    let grow_left = |left: &mut usize, used: &mut usize, limit: usize| {
        for (i, c) in line[..*left].char_indices().rev() {
            let w = budget_width(c);
            if *used + w > limit {
                break;
            }
            *used += w;
            *left = i;
        }
    };
    grow_left(&mut left, &mut used, CONTEXT_BEFORE);
    let mut right = at;
    for (i, c) in line[at..].char_indices() {
        let w = budget_width(c);
        if used + w > room {
            break;
        }
        used += w;
        right = at + i + c.len_utf8();
    }
    if right == line.len() {
        // Near the end of the line: spend what is left on the left.
        grow_left(&mut left, &mut used, room);
    }
    let mut shown = String::with_capacity(right - left + 6);
    if left > 0 {
        shown.push('…');
    }
    shown.push_str(&line[left..right]);
    if right < line.len() {
        shown.push('…');
    }
    let lead = usize::from(left > 0) + width(&line[left..at]);
    let carets = width(&line[at..to.min(right)]).max(1);
    (Cow::Owned(shown), lead, carets)
}

/// 1-based line and character column of byte `offset` in `text`. Scans the text up to
/// `offset`: to locate many offsets of one text, use a [`LineIndex`].
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = text[line_start..offset].chars().count() + 1;
    (line, col)
}

/// The line starts of one text, found once, to locate many offsets in it: each costs a
/// binary search, plus counting the characters from the line start, or from the offset
/// located just before when it is on the same line (so offsets in increasing order cost
/// one pass over the text in all, even on a single very long line).
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// The last offset located, its 0-based line and column.
    last: Option<(usize, usize, usize)>,
}

impl<'a> LineIndex<'a> {
    /// Finds the line starts of `text`.
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex {
            text,
            starts,
            last: None,
        }
    }

    /// 1-based line and character column of byte `offset`, as [`line_col`] gives them.
    pub fn line_col(&mut self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let (from, col) = match self.last {
            Some((o, l, c)) if l == line && o <= offset => (o, c),
            _ => (self.starts[line], 0),
        };
        let col = col + self.text[from..offset].chars().count();
        self.last = Some((offset, line, col));
        (line + 1, col + 1)
    }

    /// Byte range of 0-based line `line`, without its `\n`.
    fn line_range(&self, line: usize) -> Range<usize> {
        let start = self.starts[line];
        let end = self
            .starts
            .get(line + 1)
            .map_or(self.text.len(), |next| next - 1);
        start..end
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

    /// The snippet line and the caret line of a rendered diagnostic.
    fn snippet(r: &str) -> (&str, &str) {
        let lines: Vec<&str> = r.lines().collect();
        let text = lines[2].split_once(" | ").unwrap().1;
        let caret = lines[3].split_once(" | ").unwrap().1;
        (text, caret)
    }

    /// Display column (0-based) of byte `at` of `s`.
    fn column(s: &str, at: usize) -> usize {
        width(&s[..at])
    }

    #[test]
    fn a_long_line_is_shown_as_a_window_with_the_caret_under_the_span() {
        // 300 CJK characters (600 columns), the span on the 200th and 201st.
        let line = "标".repeat(199) + "错误" + &"题".repeat(99);
        let src: Arc<str> = Arc::from(format!("a\n{line}\nb\n"));
        let at = src.find("错误").unwrap();
        let d = Diagnostic::error("a.md", &src, at..at + "错误".len(), "bad");
        let r = d.render();
        assert!(r.starts_with("a.md:2:200: error: bad\n"), "{r}");
        let (text, caret) = snippet(&r);
        assert!(width(text) <= SNIPPET_COLUMNS, "{text}");
        assert!(text.starts_with('…') && text.ends_with('…'), "{text}");
        let lead = caret.len() - caret.trim_start().len();
        assert_eq!(&caret[lead..], "^^^^");
        // The caret is under 错误, counting the wide characters before it.
        let under = text.find("错误").unwrap();
        assert_eq!(lead, column(text, under));
        assert_eq!(lead, 1 + CONTEXT_BEFORE);
    }

    #[test]
    fn near_either_end_of_a_long_line_the_window_keeps_that_end() {
        let line = "x".repeat(10_000);
        let src: Arc<str> = Arc::from(line.as_str());
        let r = Diagnostic::error("a.md", &src, 3..5, "bad").render();
        let (text, caret) = snippet(&r);
        assert!(!text.starts_with('…') && text.ends_with('…'), "{text}");
        assert_eq!(width(text), SNIPPET_COLUMNS - 1);
        assert_eq!(caret, "   ^^");
        let end = src.len() - 1;
        let r = Diagnostic::error("a.md", &src, end..end + 1, "bad").render();
        let (text, caret) = snippet(&r);
        assert!(text.starts_with('…') && !text.ends_with('…'), "{text}");
        assert_eq!(width(text), SNIPPET_COLUMNS - 1);
        assert_eq!(caret.len(), SNIPPET_COLUMNS - 1);
        assert!(caret.ends_with(" ^"));
    }

    #[test]
    fn a_span_longer_than_the_window_is_cut_with_it() {
        let src: Arc<str> = Arc::from("![".repeat(5_000) + &"](x.png)".repeat(5_000));
        let r = Diagnostic::error("a.md", &src, 0..src.len(), "bad").render();
        let (text, caret) = snippet(&r);
        assert_eq!(width(text), SNIPPET_COLUMNS - 1);
        assert_eq!(caret, "^".repeat(SNIPPET_COLUMNS - 2));
        assert!(r.len() < 600, "{}", r.len());
    }

    #[test]
    fn lines_that_fit_are_shown_whole() {
        let line = "标".repeat(SNIPPET_COLUMNS / 2);
        let src: Arc<str> = Arc::from(line.as_str());
        let r = Diagnostic::error("a.md", &src, 3..6, "bad").render();
        let (text, _) = snippet(&r);
        assert_eq!(text, line);
    }

    #[test]
    fn long_messages_and_hints_are_cut() {
        let src: Arc<str> = Arc::from("x\n");
        let d =
            Diagnostic::error("a.md", &src, 0..1, "m".repeat(5_000)).with_hint("h".repeat(5_000));
        let r = d.render();
        assert!(r.len() < 2 * MESSAGE_CHARS + 100, "{}", r.len());
        assert!(r.contains(&format!("{}…\n", "m".repeat(MESSAGE_CHARS))));
    }

    #[test]
    fn a_line_index_locates_like_line_col() {
        let text = "第一行\n\n标题 = 1\r\nx\n".repeat(50);
        let mut index = LineIndex::new(&text);
        let offsets: Vec<usize> = (0..=text.len()).collect();
        for &o in &offsets {
            assert_eq!(index.line_col(o), line_col(&text, o), "at {o}");
        }
        // Backwards too (each lookup starts from its line start then).
        for &o in offsets.iter().rev() {
            assert_eq!(index.line_col(o), line_col(&text, o), "at {o}");
        }
    }

    #[test]
    fn many_diagnostics_on_one_long_line_are_located_in_one_pass() {
        // 200,000 offsets on one line of 1.2 MB: counting each column from the line start
        // would be 10^11 steps; going on from the previous offset is one pass.
        let text = "标题x".repeat(200_000);
        let mut index = LineIndex::new(&text);
        for k in 0..200_000 {
            assert_eq!(index.line_col(k * 7), (1, 3 * k + 1));
        }
    }

    fn many(n: usize, path: &str, src: &Arc<str>) -> Vec<Diagnostic> {
        (0..n)
            .map(|i| Diagnostic::error(path, src, i..i + 1, format!("problem {i}")))
            .collect()
    }

    #[test]
    fn printing_is_capped_per_file_and_in_all_with_true_counts() {
        let src: Arc<str> = Arc::from("x".repeat(20_000));
        let mut diags = Diagnostics::new();
        diags.extend(many(10_000, "b.md", &src));
        diags.push(Diagnostic::error("b.md", &src, 15_000..15_001, "late").warning());
        for f in 0..20 {
            diags.extend(many(30, &format!("c{f:02}.md"), &src));
        }
        diags.push(Diagnostic::file_error("a.md", "unreadable"));
        assert_eq!(diags.error_count(), 10_000 + 600 + 1);
        assert_eq!(diags.warning_count(), 1);
        assert_eq!(diags.summary(), "10601 errors, 1 warning");
        // Details are kept for the first of each file only.
        assert!(diags.items.len() <= 1 + PER_FILE + 20 * 30 + PRUNE_FROM);
        let r = diags.render();
        let headers = r.lines().filter(|l| l.contains(": error: ")).count();
        let warnings = r.lines().filter(|l| l.contains(": warning: ")).count();
        assert_eq!(headers + warnings, TOTAL);
        assert!(r.starts_with("a.md:1:1: error: unreadable\n"), "{r}");
        assert!(r.contains(
            "\n\n… and 9950 more errors and 1 more warning in b.md\n\nc00.md:1:1: error: problem 0\n"
        ));
        // 1 + 50 from a.md and b.md, then 14 files of 30 and 29 of the 15th.
        assert!(r.contains("c14.md:1:29: error: problem 28\n"), "{r}");
        assert!(!r.contains("c14.md:1:30:"));
        assert!(r.ends_with("\n\nc14.md:1:29: error: problem 28\n  |\n1 | xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…\n  |                             ^\n\n… and 10101 more errors and 1 more warning\n"), "{r}");
        // A caller may print fewer.
        let small = diags.render_with(Limits {
            per_file: 2,
            total: 3,
        });
        assert_eq!(small.lines().filter(|l| l.contains(": error: ")).count(), 3);
        // The total is reached inside b.md: one line counts the rest of every file.
        assert!(!small.contains("in b.md"), "{small}");
        assert!(
            small.ends_with("… and 10598 more errors and 1 more warning\n"),
            "{small}"
        );
    }

    #[test]
    fn appended_collections_keep_their_counts_and_order() {
        let src: Arc<str> = Arc::from("x".repeat(10_000));
        let mut a = Diagnostics::new();
        a.extend(many(6_000, "p.md", &src));
        let mut b = Diagnostics::new();
        b.extend(many(6_000, "p.md", &src).into_iter().rev());
        a.append(b);
        assert_eq!(a.error_count(), 12_000);
        let sorted = a.sorted();
        assert_eq!(sorted[0].message, "problem 0");
        assert_eq!(sorted[1].message, "problem 0");
        assert_eq!(sorted[2].message, "problem 1");
        let r = a.render();
        assert!(r.ends_with("… and 11950 more errors in p.md\n"), "{r}");
    }

    #[test]
    fn streaming_prints_what_render_returns() {
        let src: Arc<str> = Arc::from("x\ny\n");
        let mut diags = Diagnostics::new();
        diags.extend(many(3, "p.md", &src));
        let mut out = Vec::new();
        diags.write(&mut out, Limits::default()).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), diags.render());
        assert!(!diags.render().contains("more"));
    }

    #[test]
    fn did_you_mean_finds_typos_only() {
        let keys = ["title", "weight", "draft"];
        assert_eq!(did_you_mean("titel", &keys), Some("title"));
        assert_eq!(did_you_mean("zzzz", &keys), None);
        let long = "x".repeat(100_000);
        assert_eq!(did_you_mean(&long, &[long.as_str()]), None);
    }
}
