//! The text formats of a GIFT question (`[html]`, `[moodle]`, `[plain]`, `[markdown]`)
//! turned into Playbook's Markdown. Input: a piece of question text, an answer or a
//! feedback, already unescaped from GIFT; output: Markdown, and the names of the HTML tags
//! it could not convert. Must not produce live markup: a tag it does not know is kept as
//! text (its `<` escaped) and named, never dropped.
//!
//! | in | out |
//! |---|---|
//! | `<p>`, `<br>` | a paragraph break, a line break (a space where the text is one line) |
//! | `<b>`, `<strong>` / `<i>`, `<em>` | `**bold**` / `*italic*` |
//! | `<code>` | `` `code` `` |
//! | `<a href="URL">text</a>` | `[text](URL)` |
//! | `<ul>`/`<ol>` with `<li>` | `- item` / `1. item` lines (`item; item` where the text is one line) |
//! | `&amp;`, `&lt;`, `&nbsp;`, `&#233;`, `&#xE9;` … | the character (escaped where Markdown would read it) |
//! | any other tag | kept as text, `\<tag …>`, and named |

use crate::quiz::{Extra, Kind, Question};

/// A GIFT question's text format (`[html]` before its text).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// No prefix, or `[markdown]`: the text is Markdown already.
    Markdown,
    /// `[html]` and `[moodle]` (Moodle's auto-format, HTML with line breaks): converted.
    Html,
    /// `[plain]`: plain text; characters Markdown would read are escaped.
    Plain,
}

impl Format {
    /// The format a prefix names, and the prefix's length in bytes.
    pub fn prefix(s: &str) -> Option<(Format, usize)> {
        [
            ("[markdown]", Format::Markdown),
            ("[html]", Format::Html),
            ("[moodle]", Format::Html),
            ("[plain]", Format::Plain),
        ]
        .into_iter()
        .find(|(p, _)| s.starts_with(p))
        .map(|(p, f)| (f, p.len()))
    }
}

/// Escapes the characters Markdown (and the quiz syntax) would read as markup.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '*' | '_' | '`' | '[' | ']' | '<') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The converted text: Markdown, and the tags kept as text (each name once, in order).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Converted {
    /// The Markdown.
    pub text: String,
    /// The names of the tags that were not converted (`span`, `img`).
    pub unknown: Vec<String>,
}

/// Converts `text` of format `f`. `one_line`: the text must stay on one line (a question
/// or an option); paragraphs and line breaks become spaces and list items are separated by
/// `; `.
pub fn convert(text: &str, f: Format, one_line: bool) -> Converted {
    match f {
        Format::Markdown => Converted {
            text: text.to_string(),
            unknown: Vec::new(),
        },
        Format::Plain => Converted {
            text: escape(text),
            unknown: Vec::new(),
        },
        Format::Html => html(text, one_line),
    }
}

/// One tag: its lower-case name, whether it closes, its attributes' source, its length.
struct Tag<'a> {
    name: String,
    closing: bool,
    attrs: &'a str,
    len: usize,
}

/// Reads a tag at the start of `s` (which starts with `<`); `None` when it is not one
/// (`a < b`), so the `<` is text.
fn tag(s: &str) -> Option<Tag<'_>> {
    let rest = &s[1..];
    let (closing, rest) = match rest.strip_prefix('/') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let name_len = rest
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(rest.len());
    if name_len == 0 || !rest.as_bytes()[0].is_ascii_alphabetic() {
        return None;
    }
    let end = rest.find('>')?;
    if end < name_len {
        return None;
    }
    let attrs = rest[name_len..end].trim().trim_end_matches('/').trim();
    Some(Tag {
        name: rest[..name_len].to_ascii_lowercase(),
        closing,
        attrs,
        len: s.len() - rest.len() + end + 1,
    })
}

/// The value of attribute `name` in a tag's attribute source (quoted or not).
fn attr(attrs: &str, name: &str) -> Option<String> {
    let lower = attrs.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(name) {
        let at = from + i;
        from = at + name.len();
        let before_ok = at == 0 || attrs.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = attrs[at + name.len()..].trim_start();
        let Some(v) = rest.strip_prefix('=').filter(|_| before_ok) else {
            continue;
        };
        let v = v.trim_start();
        let value = match v.chars().next() {
            Some(q @ ('"' | '\'')) => v[1..].split(q).next().unwrap_or(""),
            _ => v.split(char::is_whitespace).next().unwrap_or(""),
        };
        return Some(entities(value));
    }
    None
}

/// Named entities beyond the five of XML that Moodle's editor writes.
const NAMED: [(&str, char); 17] = [
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("nbsp", '\u{a0}'),
    ("hellip", '…'),
    ("mdash", '—'),
    ("ndash", '–'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("times", '×'),
    ("divide", '÷'),
    ("yen", '¥'),
    ("copy", '©'),
];

/// Decodes character references; an unknown or malformed one stays as written.
pub fn entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .map(|e| e + 1);
        let decoded = end.filter(|e| rest[*e..].starts_with(';')).and_then(|e| {
            let name = &rest[1..e];
            let c = if let Some(n) = name.strip_prefix("#x").or(name.strip_prefix("#X")) {
                u32::from_str_radix(n, 16).ok().and_then(char::from_u32)
            } else if let Some(n) = name.strip_prefix('#') {
                n.parse::<u32>().ok().and_then(char::from_u32)
            } else {
                NAMED.iter().find(|(k, _)| *k == name).map(|(_, c)| *c)
            };
            c.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(if c == '\u{a0}' { ' ' } else { c });
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// An open list: ordered or not, and the number of the next item.
struct List {
    ordered: bool,
    next: usize,
}

fn html(text: &str, one_line: bool) -> Converted {
    let mut out = String::new();
    let mut unknown: Vec<String> = Vec::new();
    let mut lists: Vec<List> = Vec::new();
    // Open links: the href of each `<a>` (None: no href, kept as its text).
    let mut links: Vec<Option<String>> = Vec::new();
    let mut code = 0usize;
    let mut rest = text;
    // Ends the line (n = 1) or the paragraph (n = 2); never at the start.
    let newline = |out: &mut String, n: usize| {
        let have = out.len() - out.trim_end_matches('\n').len();
        let trimmed = out.trim_end_matches([' ', '\n']).len();
        out.truncate(trimmed);
        if trimmed > 0 {
            out.push_str(&"\n".repeat(n.max(have)));
        }
    };
    while !rest.is_empty() {
        let Some(i) = rest.find('<') else {
            push_text(&mut out, rest, code > 0);
            break;
        };
        push_text(&mut out, &rest[..i], code > 0);
        rest = &rest[i..];
        let Some(t) = tag(rest) else {
            push_text(&mut out, "<", code > 0);
            rest = &rest[1..];
            continue;
        };
        rest = &rest[t.len..];
        match (t.name.as_str(), t.closing) {
            ("p", _) => newline(&mut out, 2),
            ("br", false) => newline(&mut out, 1),
            ("b" | "strong", _) => emphasis(&mut out, "**", t.closing),
            ("i" | "em", _) => emphasis(&mut out, "*", t.closing),
            ("code", false) => {
                code += 1;
                out.push('`');
            }
            ("code", true) => {
                code = code.saturating_sub(1);
                out.push('`');
            }
            ("a", false) => {
                let href = attr(t.attrs, "href").filter(|h| !h.trim().is_empty());
                if href.is_some() {
                    out.push('[');
                }
                links.push(href);
            }
            ("a", true) => {
                if let Some(Some(href)) = links.pop() {
                    let href = href.trim();
                    if href.contains([' ', '(', ')']) {
                        out.push_str(&format!("](<{}>)", href.replace('>', "%3E")));
                    } else {
                        out.push_str(&format!("]({href})"));
                    }
                }
            }
            ("ul" | "ol", false) => {
                lists.push(List {
                    ordered: t.name == "ol",
                    next: 1,
                });
                newline(&mut out, 1);
            }
            ("ul" | "ol", true) => {
                lists.pop();
                newline(&mut out, 2);
            }
            ("li", false) => {
                newline(&mut out, 1);
                let depth = lists.len().saturating_sub(1);
                let marker = match lists.last_mut() {
                    Some(l) if l.ordered => {
                        l.next += 1;
                        format!("{}. ", l.next - 1)
                    }
                    _ => "- ".to_string(),
                };
                out.push_str(&INDENT.to_string().repeat(2 * depth));
                out.push_str(&marker);
            }
            ("li", true) => {}
            _ => {
                if !unknown.contains(&t.name) {
                    unknown.push(t.name.clone());
                }
                out.push_str(&escape(&entities(&rest_of(text, rest, t.len))));
            }
        }
    }
    let mut text = tidy(&out);
    if one_line {
        text = one(&text);
    }
    Converted { text, unknown }
}

/// Marks the indentation of a nested list item (white space at a line's start is
/// otherwise the HTML's, and removed).
const INDENT: char = '\u{1}';

/// Opens or closes emphasis; a closing marker goes before the white space that ends the
/// emphasised text (`**bold **` would not be bold).
fn emphasis(out: &mut String, marker: &str, closing: bool) {
    if closing {
        let trimmed = out.trim_end_matches(' ').len();
        let spaces = out.len() - trimmed;
        out.truncate(trimmed);
        out.push_str(marker);
        out.push_str(&" ".repeat(spaces));
    } else {
        out.push_str(marker);
    }
}

/// The source of the tag just read: the `len` bytes before `rest` in `all`.
fn rest_of(all: &str, rest: &str, len: usize) -> String {
    let end = all.len() - rest.len();
    all[end - len..end].to_string()
}

/// Text between tags: entities decoded, Markdown escaped (not inside code).
fn push_text(out: &mut String, s: &str, in_code: bool) {
    let t = entities(s);
    if in_code {
        out.push_str(&t);
    } else {
        out.push_str(&escape(&t));
    }
}

/// Lines trimmed, no more than one blank line in a row, none at the ends.
fn tidy(s: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for l in s.lines() {
        let l = l.trim_matches(' ');
        if l.is_empty() && out.last().is_none_or(|p| p.is_empty()) {
            continue;
        }
        out.push(l);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out.join("\n").replace(INDENT, " ")
}

/// Joins the lines of a text on one line: list items after the first with `; `.
fn one(s: &str) -> String {
    let mut out = String::new();
    let mut in_list = false;
    for l in s.lines().map(str::trim).filter(|l| !l.is_empty()) {
        // `- item` and `1. item`: items of a list.
        let item = l.strip_prefix("- ").or_else(|| {
            l.split_once(". ")
                .filter(|(n, _)| n.parse::<u32>().is_ok())
                .map(|_| l)
        });
        if !out.is_empty() {
            out.push_str(if in_list && item.is_some() { "; " } else { " " });
        }
        in_list = item.is_some();
        out.push_str(item.unwrap_or(l));
    }
    out
}

/// A typed answer (short answer, a blank's alternative): compared with what the learner
/// types, so never Markdown-escaped; in HTML its entities are decoded and a tag in it is
/// kept as text and named.
pub fn answer(text: &str, f: Format) -> Converted {
    if f != Format::Html {
        return Converted {
            text: text.to_string(),
            unknown: Vec::new(),
        };
    }
    let mut unknown = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find('<') {
        rest = &rest[i..];
        match tag(rest) {
            Some(t) => {
                if !unknown.contains(&t.name) {
                    unknown.push(t.name);
                }
                rest = &rest[t.len..];
            }
            None => rest = &rest[1..],
        }
    }
    Converted {
        text: entities(text),
        unknown,
    }
}

/// Converts every text of an imported question from its format: question text and
/// options (one line), feedback and explanation; typed answers with [`answer`]; matching
/// pairs on both sides. True/false labels (Playbook's own) and numbers stay. Returns the
/// tags kept as text. Fill-in-the-blank text is converted before its blanks are built.
pub fn apply(q: &mut Question, f: Format) -> Vec<String> {
    let mut unknown: Vec<String> = Vec::new();
    if f == Format::Markdown {
        return unknown;
    }
    let mut take = |c: Converted| -> String {
        for t in c.unknown {
            if !unknown.contains(&t) {
                unknown.push(t);
            }
        }
        c.text
    };
    if q.kind != Kind::Blanks {
        q.text = take(convert(&q.text, f, true));
    }
    q.explanation = take(convert(&q.explanation, f, false));
    for c in &mut q.choices {
        c.feedback = take(convert(&c.feedback, f, false));
        c.text = match q.kind {
            Kind::TrueFalse | Kind::Numeric | Kind::Blanks | Kind::Description => {
                continue;
            }
            Kind::Short => take(answer(&c.text, f)),
            Kind::Matching | Kind::Ordering => {
                // `left -> right`, or `-> right` (an extra item on the right).
                let (l, r) = match c.text.strip_prefix("-> ") {
                    Some(r) => ("", r),
                    None => c.text.split_once(" -> ").unwrap_or((c.text.as_str(), "")),
                };
                let (l, r) = (take(convert(l, f, true)), take(convert(r, f, true)));
                match (l.is_empty(), r.is_empty()) {
                    (_, true) => l,
                    (true, false) => format!("-> {r}"),
                    (false, false) => format!("{l} -> {r}"),
                }
            }
            Kind::Single | Kind::Multiple => take(convert(&c.text, f, true)),
        };
    }
    if let Extra::Matching(pairs) = &mut q.extra {
        for (l, r) in pairs.iter_mut() {
            *l = take(convert(l, f, true));
            *r = take(convert(r, f, true));
        }
    }
    unknown
}
