//! Line syntax shared by the quiz parser: flags at the end of a question line, option
//! marks, and the look-alike lines (full-width or wrong markers) reported with their fix.
//! Input: one line; output: its parts. Must not allocate errors itself.

use super::Mark;

/// Splits `text {flags}` into the text and the flags when the line ends with ASCII braces.
pub(super) fn split_flags(line: &str) -> (&str, Option<(&str, usize)>) {
    let t = line.trim_end();
    if t.ends_with('}') {
        if let Some(open) = t.rfind('{') {
            return (
                t[..open].trim_end(),
                Some((&t[open + 1..t.len() - 1], open + 1)),
            );
        }
    }
    (t, None)
}

pub(super) fn parse_mark(inner: &str) -> Option<Mark> {
    match inner {
        "x" | "X" => Some(Mark::Right),
        " " | "" => Some(Mark::Wrong),
        w => {
            let n: f64 = w.trim().strip_suffix('%')?.trim().parse().ok()?;
            (n.is_finite() && (-100.0..=100.0).contains(&n)).then_some(Mark::Weight(n))
        }
    }
}

/// A line that looks like an option or a question but does not use the ASCII markers
/// (`-[x] a`, `* [x] a`, `【x】a`, `- ［ ］a`, `？ 问题`): what is wrong and the line as it
/// should be written. `None` for any other line.
pub(super) fn lookalike(line: &str) -> Option<(String, String)> {
    if let Some(rest) = line.strip_prefix('？') {
        let fixed = match split_flags(rest.trim()) {
            (text, Some((flags, _))) => format!("? {text} {{{flags}}}"),
            (text, None) => format!("? {text}"),
        };
        return Some((
            "a question starts with an ASCII `?`, not a full-width `？`".into(),
            fixed,
        ));
    }
    let (bullet, rest) = match line.chars().next()? {
        c @ ('-' | '*' | '+' | '－' | '＊' | '・' | '•') => (Some(c), &line[c.len_utf8()..]),
        _ => (None, line),
    };
    let spaced = rest.starts_with([' ', '\t', '\u{3000}']);
    let rest = rest.trim_start_matches([' ', '\t', '\u{3000}']);
    let open = rest.chars().next()?;
    let close = match open {
        '[' => ']',
        '【' => '】',
        '［' => '］',
        '〔' => '〕',
        _ => return None,
    };
    let after = &rest[open.len_utf8()..];
    let end = after.find(close)?;
    let inner: String = after[..end]
        .chars()
        .map(|c| match c {
            'ｘ' => 'x',
            'Ｘ' => 'X',
            '\u{3000}' => ' ',
            '％' => '%',
            c => c,
        })
        .collect();
    parse_mark(&inner)?;
    let text = after[end + close.len_utf8()..].trim();
    let exact = bullet == Some('-') && spaced && open == '[';
    if exact {
        return None;
    }
    let what = match (bullet, spaced, open) {
        (None, ..) => "an option line starts with `- `".to_string(),
        (Some('-'), false, '[') => "an option needs a space between `-` and `[`".to_string(),
        (Some(b), _, '[') if b != '-' => format!("an option starts with `- `, not `{b} `"),
        _ => format!("an option mark is written with ASCII brackets `[ ]`, not `{open}{close}`"),
    };
    let mark = if inner.is_empty() {
        " "
    } else {
        inner.as_str()
    };
    Some((
        format!("{what}: this line would be read as question text"),
        format!("- [{mark}] {text}"),
    ))
}
