//! CJK-friendly emphasis for pulldown-cmark, done in the parser's input.
//!
//! CommonMark does not take `**你记档案，是为了公司。**总有一天` as bold: the closing `**`
//! is preceded by punctuation (`。`) and followed by a letter (`总`), so it is not
//! right-flanking. The CJK-friendly amendments (tats-u/markdown-cjk-friendly, also in
//! markdown-it and goldmark) change the flanking rules of delimiter runs so that
//! (a) CJK punctuation counts as a letter and (b) other punctuation next to a run
//! counts as flanking when the other side of the run is a CJK character.
//!
//! Input: the masked text of a page. Output: the same text with, next to `*` runs only,
//! some characters replaced by stand-ins of the **same byte length** for which plain
//! CommonMark gives the amended answer — a CJK punctuation mark by a private-use
//! character (a letter to the parser), or, for rule (b), the CJK character by a
//! punctuation mark — and the list of replacements, from which [`restore`] puts the
//! original characters back into the text events. Byte offsets (for diagnostics, links,
//! headings) do not move. Must not: touch code spans, code blocks, HTML, link
//! destinations or anything but plain text (only characters that are plain text in a
//! first parse are replaced), or `_`/`~` runs (their rules are left as CommonMark has
//! them: a character next to one of them is never replaced).

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd};

/// A replaced character: its byte offset and the original character.
pub type Fix = (usize, char);

/// Whether `c` is a CJK character in the sense of the amendments (East Asian Width W, F
/// or H, or Hangul), as a compact table of the blocks that matter for text.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xA960..=0xA97F
        | 0xAC00..=0xD7FF
        | 0xF900..=0xFAFF
        | 0xFE10..=0xFE19
        | 0xFE30..=0xFE6F
        | 0xFF00..=0xFFDC
        | 0xFFE0..=0xFFE6
        | 0x16FE0..=0x18AFF
        | 0x1B000..=0x1B16F
        | 0x20000..=0x2FFFD
        | 0x30000..=0x3FFFD)
}

thread_local! {
    static PUNCT: RefCell<HashMap<char, bool>> = RefCell::new(HashMap::new());
}

/// Whether pulldown-cmark takes `c` for punctuation (its Unicode table is private, so it
/// is asked: `x*c y*` is emphasis exactly when `c` is neither punctuation nor space).
fn is_punct(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation();
    }
    if c.is_whitespace() {
        return false;
    }
    PUNCT.with(|m| {
        *m.borrow_mut().entry(c).or_insert_with(|| {
            let probe = format!("x*{c}y*");
            !Parser::new(&probe).any(|e| matches!(e, Event::Start(Tag::Emphasis)))
        })
    })
}

/// What a delimiter run sees on one side.
#[derive(Clone, Copy, PartialEq)]
enum Side {
    /// Whitespace or the edge of the line.
    Space,
    /// Punctuation that is not CJK.
    Punct,
    /// A CJK character: punctuation (`true`) or not.
    Cjk(bool),
    /// Anything else (letters, digits, symbols the parser does not count).
    Other,
}

fn side(c: Option<char>) -> Side {
    match c {
        None => Side::Space,
        Some(c) if c.is_whitespace() => Side::Space,
        Some(c) if is_cjk(c) => Side::Cjk(is_punct(c)),
        Some(c) if is_punct(c) => Side::Punct,
        Some(_) => Side::Other,
    }
}

/// A stand-in the parser reads as a letter (private use), of `len` bytes.
fn letter_standin(len: usize) -> Option<char> {
    match len {
        3 => Some('\u{E000}'),
        4 => Some('\u{F0000}'),
        _ => None,
    }
}

/// A stand-in the parser reads as punctuation, of `len` bytes.
fn punct_standin(len: usize) -> Option<char> {
    match len {
        3 => Some('\u{3001}'),
        4 => Some('\u{10100}'),
        _ => None,
    }
}

/// Byte ranges of `text` that are plain text (`1`) or must not be touched (`2`).
fn kinds(text: &str) -> Vec<u8> {
    let mut kinds = Kinds::new(text.len());
    for (ev, r) in Parser::new_ext(text, super::markdown::options()).into_offset_iter() {
        kinds.see(text, &ev, &r);
    }
    kinds.kind
}

/// What `kinds` gives (which bytes are plain text), made from events as they stream by.
pub struct Kinds {
    kind: Vec<u8>,
    in_code_block: bool,
}

impl Kinds {
    /// For a text of `len` bytes.
    pub fn new(len: usize) -> Kinds {
        Kinds {
            kind: vec![0; len],
            in_code_block: false,
        }
    }

    /// Takes in the next event parsed from `text` and its range.
    pub fn see(&mut self, text: &str, ev: &Event, r: &Range<usize>) {
        let k = match ev {
            Event::Start(Tag::CodeBlock(_)) => {
                self.in_code_block = true;
                return;
            }
            Event::End(TagEnd::CodeBlock) => {
                self.in_code_block = false;
                return;
            }
            Event::Text(t) if !self.in_code_block && **t == text[r.clone()] => 1,
            Event::Text(_)
            | Event::Code(_)
            | Event::Html(_)
            | Event::InlineHtml(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_) => 2,
            _ => return,
        };
        for b in &mut self.kind[r.clone()] {
            *b = (*b).max(k);
        }
    }
}

/// The input for pulldown-cmark: `text` with stand-ins next to `*` runs where the
/// CJK-friendly rules say more than CommonMark, and the replacements (sorted). `None`
/// when nothing needs replacing (the common case for text without CJK emphasis).
///
/// Which characters are plain text is known only from a parse of `text` (a first one,
/// before the parse of the prepared text); [`prepare_unchecked`] saves it.
pub fn prepare(text: &str) -> Option<(String, Vec<Fix>)> {
    let runs = runs(text);
    if runs.is_empty() {
        return None;
    }
    let kind = kinds(text);
    replace(text, &runs, Some(&kind))
}

/// What [`prepare`] gives when every `*` run with a CJK neighbour and every character to
/// be replaced is plain text, without parsing `text` first: `None` when nothing would
/// be replaced even then, else the prepared text, its replacements and the runs. The
/// caller parses the prepared text, takes its events into a [`Kinds`] (before
/// [`restore`]) and keeps the result only if [`Unchecked::holds`]; else it calls
/// [`prepare`]. The stand-ins change no code span, HTML, escape or link of the text
/// (they are characters without a meaning in Markdown, of the same byte length), only
/// which `*` runs are flanking, so the prepared text's kinds are the text's at the runs
/// and the replaced characters.
pub fn prepare_unchecked(text: &str) -> Option<Unchecked> {
    let runs = runs(text);
    if runs.is_empty() {
        return None;
    }
    let (prepared, fixes) = replace(text, &runs, None)?;
    Some(Unchecked {
        text: prepared,
        fixes,
        runs,
    })
}

/// A text prepared by [`prepare_unchecked`].
pub struct Unchecked {
    /// The prepared text.
    pub text: String,
    /// Its replacements, sorted.
    pub fixes: Vec<Fix>,
    /// The `*` runs with a CJK neighbour.
    runs: Vec<Range<usize>>,
}

impl Unchecked {
    /// Whether [`prepare`] gives the same text: no run is inside code, HTML or an
    /// escape, and every replaced character is plain text (`kinds`, of the prepared text).
    pub fn holds(&self, kinds: &Kinds) -> bool {
        let k = &kinds.kind;
        self.runs.iter().all(|r| !k[r.clone()].contains(&2))
            && self
                .fixes
                .iter()
                .all(|&(at, c)| k[at..at + c.len_utf8()].iter().all(|&x| x == 1))
    }
}

/// Runs of `*` with a CJK neighbour, found without parsing.
fn runs(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut runs: Vec<Range<usize>> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'*' {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i] == b'*' {
            i += 1;
        }
        let before = text[..start].chars().next_back();
        let after = text[i..].chars().next();
        if before.is_some_and(is_cjk) || after.is_some_and(is_cjk) {
            runs.push(start..i);
        }
    }
    runs
}

/// The prepared text and its replacements for `runs`; `kind` (from [`kinds`]) skips the
/// runs and characters that are not plain text, `None` takes all to be.
fn replace(text: &str, runs: &[Range<usize>], kind: Option<&[u8]>) -> Option<(String, Vec<Fix>)> {
    let plain = |r: Range<usize>| kind.is_none_or(|k| k[r].iter().all(|&x| x == 1));
    // Position → (original, stand-in); `None` once two runs disagree.
    let mut wanted: HashMap<usize, Option<(char, char)>> = HashMap::new();
    for run in runs {
        if kind.is_some_and(|k| k[run.clone()].contains(&2)) {
            continue;
        }
        let before = text[..run.start].chars().next_back();
        let after = text[run.end..].chars().next();
        let (l, r) = (side(before), side(after));
        let mut want = |at: usize, c: char, punct: bool| {
            let len = c.len_utf8();
            let stand = if punct {
                punct_standin(len)
            } else {
                letter_standin(len)
            };
            let Some(stand) = stand else { return };
            if !plain(at..at + len) {
                return;
            }
            // The character's other neighbour must not be an `_` or `~` run, whose rules
            // stay CommonMark's.
            let other = [
                text[..at].chars().next_back(),
                text[at + len..].chars().next(),
            ];
            if other.iter().flatten().any(|c| matches!(c, '_' | '~')) {
                return;
            }
            let entry = wanted.entry(at).or_insert(Some((c, stand)));
            if *entry != Some((c, stand)) {
                *entry = None;
            }
        };
        match (l, r) {
            // Rule (b): punctuation on one side, CJK on the other: the CJK character
            // acts as punctuation, which makes the run both left- and right-flanking.
            (Side::Punct, Side::Cjk(_)) => want(run.end, after.unwrap_or(' '), true),
            (Side::Cjk(_), Side::Punct) => {
                let c = before.unwrap_or(' ');
                want(run.start - c.len_utf8(), c, true)
            }
            // Rule (a): CJK punctuation acts as a letter.
            _ => {
                if l == Side::Cjk(true) {
                    let c = before.unwrap_or(' ');
                    want(run.start - c.len_utf8(), c, false);
                }
                if r == Side::Cjk(true) {
                    want(run.end, after.unwrap_or(' '), false);
                }
            }
        }
    }
    let mut fixes: Vec<(usize, char, char)> = wanted
        .into_iter()
        .filter_map(|(at, w)| w.map(|(c, s)| (at, c, s)))
        .collect();
    if fixes.is_empty() {
        return None;
    }
    fixes.sort_unstable();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (pos, c, stand) in &fixes {
        out.push_str(&text[at..*pos]);
        out.push(*stand);
        at = pos + c.len_utf8();
    }
    out.push_str(&text[at..]);
    debug_assert_eq!(out.len(), text.len());
    Some((out, fixes.into_iter().map(|(p, c, _)| (p, c)).collect()))
}

/// Puts the original characters back into a text event parsed from the prepared input
/// (`range` is its source range there).
pub fn restore<'a>(ev: Event<'a>, range: &Range<usize>, fixes: &[Fix]) -> Event<'a> {
    let Event::Text(t) = &ev else {
        return ev;
    };
    let from = fixes.partition_point(|(p, _)| *p < range.start);
    let inside = fixes[from..].iter().take_while(|(p, _)| *p < range.end);
    // A text event is a slice of the input with the same range; only then can the
    // replacements be located in it.
    if inside.clone().next().is_none() || t.len() != range.len() {
        return ev;
    }
    let mut s = t.to_string();
    for (p, c) in inside {
        let at = p - range.start;
        let len = c.len_utf8();
        if s.is_char_boundary(at) && s.is_char_boundary(at + len) {
            s.replace_range(at..at + len, c.encode_utf8(&mut [0; 4]));
        }
    }
    Event::Text(CowStr::from(s))
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::html;

    /// The HTML of `md` with the CJK-friendly rules (as `Body` parses it).
    fn render(md: &str) -> String {
        let (text, fixes) = prepare(md).unwrap_or_else(|| (md.to_string(), Vec::new()));
        let events: Vec<Event> = Parser::new_ext(&text, super::super::markdown::options())
            .into_offset_iter()
            .map(|(e, r)| restore(e, &r, &fixes))
            .collect();
        let mut out = String::new();
        html::push_html(&mut out, events.into_iter());
        out.trim_end().to_string()
    }

    #[test]
    fn the_parser_is_asked_what_punctuation_is() {
        for c in [
            '。',
            '，',
            '」',
            '「',
            '！',
            '（',
            '“',
            '—',
            '\u{3001}',
            '\u{10100}',
        ] {
            assert!(is_punct(c), "{c}");
        }
        for c in ['中', 'é', '\u{E000}', '\u{F0000}', 'ア'] {
            assert!(!is_punct(c), "{c}");
        }
    }

    #[test]
    fn closing_after_cjk_punctuation_before_a_letter() {
        // The issue's case: the key sentence of the customer-records chapter.
        assert_eq!(
            render("**你记档案，是为了公司，而不是为了你自己。**总有一天"),
            "<p><strong>你记档案，是为了公司，而不是为了你自己。</strong>总有一天</p>"
        );
        assert_eq!(
            render("他说：*「先看数字」*文字"),
            "<p>他说：<em>「先看数字」</em>文字</p>"
        );
        assert_eq!(
            render("**このアスタリスクは強調記号として認識されず。**この文"),
            "<p><strong>このアスタリスクは強調記号として認識されず。</strong>この文</p>"
        );
        assert_eq!(
            render("패키지를 발행하려면 **`npm publish`**를 실행하십시오."),
            "<p>패키지를 발행하려면 <strong><code>npm publish</code></strong>를 실행하십시오.</p>"
        );
    }

    #[test]
    fn opening_after_a_letter_before_cjk_punctuation() {
        assert_eq!(
            render("这是**「关键」**一句"),
            "<p>这是<strong>「关键」</strong>一句</p>"
        );
        assert_eq!(
            render("先说**（括号里）**的话"),
            "<p>先说<strong>（括号里）</strong>的话</p>"
        );
    }

    #[test]
    fn other_punctuation_next_to_cjk() {
        // Rule (b): non-CJK punctuation inside, a CJK character outside.
        assert_eq!(
            render("**[客户档案](x.md)**很重要"),
            "<p><strong><a href=\"x.md\">客户档案</a></strong>很重要</p>"
        );
        assert_eq!(
            render("这叫**“忠诚”**吧"),
            "<p>这叫<strong>“忠诚”</strong>吧</p>"
        );
        assert_eq!(
            render("中文**(ASCII)**中文"),
            "<p>中文<strong>(ASCII)</strong>中文</p>"
        );
    }

    #[test]
    fn commonmark_is_unchanged_without_cjk() {
        assert_eq!(render("**foo.**bar"), "<p>**foo.**bar</p>");
        assert_eq!(render("a**\"b\"**c"), "<p>a**\"b\"**c</p>");
        assert_eq!(render("**foo** bar"), "<p><strong>foo</strong> bar</p>");
        assert!(prepare("**foo.**bar *x*").is_none());
        // Runs with whitespace on the inside stay literal in both rule sets.
        assert_eq!(render("中文 ** 中文"), "<p>中文 ** 中文</p>");
        // `_` keeps its CommonMark rules (the amendments do not make this strong either).
        assert_eq!(render("__中文。__后文"), "<p>__中文。__后文</p>");
    }

    #[test]
    fn code_html_and_urls_are_untouched() {
        assert_eq!(
            render("`**中文。**后` 与 **好。**的"),
            "<p><code>**中文。**后</code> 与 <strong>好。</strong>的</p>"
        );
        assert_eq!(
            render("```\n**代码。**后\n```\n"),
            "<pre><code>**代码。**后\n</code></pre>"
        );
        assert_eq!(
            render("[链接](a*。*b.md) 和 <span>**x。**后</span>"),
            "<p><a href=\"a*%E3%80%82*b.md\">链接</a> 和 <span><strong>x。</strong>后</span></p>"
        );
    }

    #[test]
    fn stand_ins_never_reach_the_output() {
        for md in [
            "| 列 | 说明 |\n|---|---|\n| **重点。**后文 | *注意」*文字 |\n",
            "## **标题。**后文 {#t}\n",
            "**重点。**后文  \n下一行**「引」**后\n",
            "> **引用。**后文\n懒惰续行**（括号）**的\n",
            "- **一。**二\n  - *三。*四\n",
            "脚注[^1]。\n\n[^1]: **注释。**后文\n",
            "[**链接里。**后文](x.md) ![**图。**后](y.png)\n",
            "**粗体。**后文 & **&amp;。**后 \\***转义。**后\n",
        ] {
            let html = render(md);
            assert!(
                !html.contains(['\u{E000}', '\u{F0000}', '\u{10100}']),
                "{md:?} → {html}"
            );
            assert_eq!(
                html.matches('\u{3001}').count(),
                md.matches('\u{3001}').count(),
                "{md:?} → {html}"
            );
            assert!(html.contains("<strong>") || html.contains("<em>"), "{html}");
        }
    }

    #[test]
    fn offsets_do_not_move() {
        let src = "**重点。**后文 [链接](target.md)\n";
        let (text, fixes) = prepare(src).unwrap();
        assert_eq!(text.len(), src.len());
        assert_eq!(fixes, [(src.find('。').unwrap(), '。')]);
        let link = Parser::new_ext(&text, super::super::markdown::options())
            .into_offset_iter()
            .find(|(e, _)| matches!(e, Event::Start(Tag::Link { .. })))
            .unwrap()
            .1;
        assert_eq!(&src[link], "[链接](target.md)");
    }
}
