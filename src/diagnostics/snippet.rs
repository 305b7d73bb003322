//! How a diagnostic shows its source line: a window of at most [`SNIPPET_COLUMNS`] display
//! columns around the span (CJK characters count two), with `…` where it is cut, and
//! messages cut after [`MESSAGE_CHARS`] characters. Must not: cost more than the window,
//! whatever the length of the line.

use std::borrow::Cow;

use unicode_width::UnicodeWidthChar;

use super::{CONTEXT_BEFORE, MESSAGE_CHARS, SNIPPET_COLUMNS};

/// A message or hint cut after [`MESSAGE_CHARS`] characters.
pub(super) fn cut(s: &str) -> Cow<'_, str> {
    match s.char_indices().nth(MESSAGE_CHARS) {
        Some((i, _)) => Cow::Owned(format!("{}…", &s[..i])),
        None => Cow::Borrowed(s),
    }
}

pub(super) fn floor_char_boundary(s: &str, mut i: usize) -> usize {
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

pub(super) fn width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

/// What of `line` is shown for the span `at..to` (byte offsets in `line`): the text, the
/// columns before the caret and the number of carets. A line that fits in
/// [`SNIPPET_COLUMNS`] is shown whole; a wider one as a window that starts up to
/// `CONTEXT_BEFORE` columns before the span, with `…` at each cut. The cost is bounded by
/// the window, not by the length of the line.
pub(super) fn window(line: &str, at: usize, to: usize) -> (Cow<'_, str>, usize, usize) {
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
