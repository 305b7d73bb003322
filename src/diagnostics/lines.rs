//! Byte offsets → 1-based lines and character columns: one offset by a scan
//! ([`line_col`]), many offsets of one text by an index of its line starts ([`LineIndex`]).

use std::ops::Range;

use super::snippet::floor_char_boundary;

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
    pub(super) fn line_range(&self, line: usize) -> Range<usize> {
        let start = self.starts[line];
        let end = self
            .starts
            .get(line + 1)
            .map_or(self.text.len(), |next| next - 1);
        start..end
    }
}
