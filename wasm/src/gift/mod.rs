//! GIFT, Moodle's plain-text question format, converted to the quiz model of [`crate::quiz`]
//! (and from there to Playbook's Markdown syntax with [`crate::quiz::to_markdown`]).
//!
//! Supported: `//` comment lines; questions separated by blank lines; `::title::`
//! (becomes the question id); `[markdown]`/`[html]`/`[plain]`/`[moodle]` prefixes; answer
//! blocks with `=right`, `~wrong`, `~%50%partial`, `~%-100%negative`, per-answer feedback
//! `#…`, general feedback `####…` (the explanation); `{T}`/`{F}`/`{TRUE}`/`{FALSE}` with
//! feedback for a wrong and for a right answer (`{T#wrong#right}`); several right answers
//! (multiple choice); text after the block (missing-word questions, `before ___ after`);
//! escapes `\~ \= \# \{ \} \: \\ \n`; answers over several lines; `$CATEGORY:` lines are
//! skipped. Numerical (`{#3.14:0.01}`, `{#1..2}`, several answers with weights), matching
//! (`=a -> b`), short answer (only `=` answers), missing word (a block mid-sentence
//! becomes a blank) and essay (`{}`: a description, with a warning) are converted too.
//!
//! [`import`] converts what it can and reports the rest per question at its line;
//! [`parse`] (a quiz's `src="bank.gift"`) accepts a file only when every question converts.

use std::collections::{HashMap, HashSet};

mod export;
pub mod html;
mod types;

pub use export::{to_gift, to_moodle_xml};

use crate::quiz::{error as err, Choice, Kind, Mark, Question, Quiz, QuizError};

/// A problem in a GIFT file, located by byte range in the GIFT text: the same shape as a
/// problem in a quiz body.
pub type GiftError = QuizError;

/// Removes GIFT escapes. Runs of white space become one space; an escaped `\n` is a line
/// break (kept in feedback and explanations; a question's text is one line).
fn unescape(s: &str) -> String {
    // A line break, kept apart from the white space of the source until that is folded.
    const BREAK: char = '\u{2}';
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars();
    while let Some(c) = it.next() {
        if c == '\\' {
            match it.next() {
                Some('n') => out.push(BREAK),
                Some(n) => out.push(n),
                None => out.push('\\'),
            }
        } else if c == BREAK {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    let mut one = String::with_capacity(out.len());
    for word in out.split_whitespace() {
        if !one.is_empty() {
            one.push(' ');
        }
        one.push_str(word);
    }
    if !one.contains(BREAK) {
        return one;
    }
    one.split(BREAK)
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

/// Byte offsets of unescaped occurrences of `target` in `s`.
fn unescaped(s: &str, target: char) -> Vec<usize> {
    let mut v = Vec::new();
    let mut escape = false;
    for (i, c) in s.char_indices() {
        if escape {
            escape = false;
        } else if c == '\\' {
            escape = true;
        } else if c == target {
            v.push(i);
        }
    }
    v
}

/// Splits the text into question blocks at blank lines (as Moodle does: an unclosed block
/// cannot swallow the next question), dropping comment lines. Returns (start offset, block
/// text with comments blanked).
fn blocks(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut cur_start = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let t = line.trim();
        if t.starts_with("//") {
            continue;
        }
        if t.is_empty() {
            if let Some(s) = cur_start.take() {
                out.push((s, std::mem::take(&mut cur)));
            }
            continue;
        }
        if cur_start.is_none() {
            cur_start = Some(start);
            cur.clear();
        } else {
            // Keep offsets: pad the gap left by skipped comment lines.
            let s = cur_start.unwrap_or(start);
            while s + cur.len() < start {
                cur.push(' ');
            }
        }
        cur.push_str(line);
    }
    if let Some(s) = cur_start {
        out.push((s, cur));
    }
    out
}

fn slug(title: &str) -> Option<String> {
    let mut s = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
    }
    let s = s.trim_matches('-').to_string();
    (!s.is_empty()).then_some(s)
}

/// Parses GIFT text into a quiz; collects every problem.
pub fn parse(text: &str) -> Result<Quiz, Vec<GiftError>> {
    let got = import(text, true);
    if got.errors.is_empty() {
        Ok(got.quiz)
    } else {
        Err(got.errors)
    }
}

/// What [`import`] made of a GIFT file.
#[derive(Clone, Debug, Default)]
pub struct Import {
    /// The questions converted.
    pub quiz: Quiz,
    /// The questions not converted, each at its line.
    pub errors: Vec<GiftError>,
    /// What was converted with a loss (an essay becomes a description), each at its line.
    pub warnings: Vec<GiftError>,
}

/// Converts every question it can; `zh` names true/false options 对/错 (else True/False).
pub fn import(text: &str, zh: bool) -> Import {
    let mut questions = Vec::new();
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let mut ids: HashSet<String> = HashSet::new();
    // Per wanted id, the suffix to try next: `t`, `t-2`, `t-3`... are tried in order and a
    // taken id stays taken, so each search goes on where the last one ended.
    let mut next_suffix: HashMap<String, usize> = HashMap::new();
    for (base, block) in blocks(text) {
        let trimmed = block.trim_start();
        if trimmed.starts_with("$CATEGORY:") {
            continue;
        }
        match question(base, &block, zh, &mut warnings) {
            Ok(Some(mut q)) => {
                let wanted = if q.id.is_empty() {
                    format!("q{}", questions.len() + 1)
                } else {
                    q.id.clone()
                };
                let mut n = next_suffix.get(&wanted).copied().unwrap_or(1);
                let mut id = if n == 1 {
                    wanted.clone()
                } else {
                    format!("{wanted}-{n}")
                };
                while ids.contains(&id) {
                    n += 1;
                    id = format!("{wanted}-{n}");
                }
                next_suffix.insert(wanted, n + 1);
                ids.insert(id.clone());
                q.id = id;
                questions.push(q);
            }
            Ok(None) => {}
            Err(e) => errors.push(e),
        }
    }
    if questions.is_empty() && errors.is_empty() {
        errors.push(err(
            0..0,
            "the GIFT file has no questions",
            "write questions such as `Who decides? {=the manager ~the driver}`",
        ));
    }
    Import {
        quiz: Quiz { questions },
        errors,
        warnings,
    }
}

fn question(
    base: usize,
    block: &str,
    zh: bool,
    warnings: &mut Vec<GiftError>,
) -> Result<Option<Question>, GiftError> {
    let lead = block.len() - block.trim_start().len();
    let mut rest_start = lead;
    let mut title = String::new();
    if block[lead..].starts_with("::") {
        let after = lead + 2;
        match block[after..].find("::") {
            Some(end) => {
                title = unescape(&block[after..after + end]);
                rest_start = after + end + 2;
            }
            None => {
                return Err(err(
                    base + lead..base + lead + 2,
                    "unclosed question title `::`",
                    "write the title between two `::`, e.g. ::Q1:: question text",
                ))
            }
        }
    }
    let rest = &block[rest_start..];
    let skip = rest.len() - rest.trim_start().len();
    let mut body_start = rest_start + skip;
    let mut format = html::Format::Markdown;
    if let Some((f, len)) = html::Format::prefix(&block[body_start..]) {
        format = f;
        body_start += len;
    }
    let body = &block[body_start..];
    // The question in its format (see `html`), and a warning naming the HTML tags that
    // were kept as text, at the first of them.
    let converted_with =
        |mut q: Question, mut unknown: Vec<String>, warnings: &mut Vec<GiftError>| {
            for t in html::apply(&mut q, format) {
                if !unknown.contains(&t) {
                    unknown.push(t);
                }
            }
            tags_kept(base, block, body_start, &unknown, warnings);
            q
        };
    let converted =
        |q: Question, warnings: &mut Vec<GiftError>| converted_with(q, Vec::new(), warnings);
    let opens = unescaped(body, '{');
    let Some(&open) = opens.first() else {
        // Text without answers is Moodle's description.
        let text = unescape(body);
        if !text.is_empty() {
            return Ok(Some(converted(
                Question {
                    extra: Default::default(),
                    nolint: Vec::new(),
                    id: slug(&title).unwrap_or_default(),
                    kind: Kind::Description,
                    text,
                    points: 0.0,
                    shuffle: true,
                    choices: Vec::new(),
                    explanation: String::new(),
                    span: 0..0,
                },
                warnings,
            )));
        }
        // A title alone has no body: point at the title.
        let end = block.trim_end().len();
        let start = if body_start < end { body_start } else { lead };
        return Err(err(
            base + start..base + end,
            "question has no answer block `{…}`",
            "add the answers in braces, e.g. {=right ~wrong}",
        ));
    };
    let closes = unescaped(body, '}');
    let Some(&close) = closes.iter().find(|c| **c > open) else {
        let at = base + body_start + open;
        return Err(err(
            at..at + 1,
            "unclosed answer block: `{` without `}`",
            "close the answers with `}`",
        ));
    };
    let before = unescape(&body[..open]);
    let after = unescape(&body[close + 1..]);
    let text = if after.is_empty() {
        before.clone()
    } else {
        format!("{before} ___ {after}")
    };
    if text.trim().is_empty() {
        return Err(err(
            base + lead..base + block.trim_end().len(),
            "question has no text",
            "write the question before its answers, e.g. `Who decides? {=the manager ~the driver}`",
        ));
    }
    let inner = &body[open + 1..close];
    let inner_span = base + body_start + open..base + body_start + close + 1;
    let id = slug(&title).unwrap_or_default();
    let inner_t = inner.trim();
    let (answers_part, general) = match inner.find("####") {
        Some(i) => (&inner[..i], unescape(&inner[i + 4..])),
        None => (inner, String::new()),
    };
    let mut q = Question {
        extra: Default::default(),
        nolint: Vec::new(),
        id,
        kind: Kind::Description,
        text,
        points: 1.0,
        shuffle: true,
        choices: Vec::new(),
        explanation: general,
        span: 0..0,
    };
    if answers_part.trim().is_empty() {
        warnings.push(err(
            inner_span,
            "essay question imported as a description: Playbook has no essay answers",
            "keep it as a case to read, or rewrite it as a question with answers",
        ));
        q.points = 0.0;
        return Ok(Some(converted(q, warnings)));
    }
    let head: String = inner_t
        .split('#')
        .next()
        .unwrap_or("")
        .trim()
        .to_uppercase();
    if ["T", "F", "TRUE", "FALSE"].contains(&head.as_str()) {
        let feedback: Vec<String> = split_unescaped(inner_t, '#')
            .into_iter()
            .skip(1)
            .map(|s| unescape(&s))
            .collect();
        let wrong_fb = feedback.first().cloned().unwrap_or_default();
        let right_fb = feedback.get(1).cloned().unwrap_or_default();
        let truth = head.starts_with('T');
        let (yes, no) = if zh {
            ("对", "错")
        } else {
            ("True", "False")
        };
        let opt = |label: &str, right: bool| Choice {
            text: label.to_string(),
            mark: if right { Mark::Right } else { Mark::Wrong },
            feedback: if right {
                right_fb.clone()
            } else {
                wrong_fb.clone()
            },
            span: 0..0,
        };
        q.kind = Kind::TrueFalse;
        q.choices = vec![opt(yes, truth), opt(no, !truth)];
        return Ok(Some(converted(q, warnings)));
    }
    let ans_base = base + body_start + open + 1;
    if answers_part.trim_start().starts_with('#') {
        return types::numeric(q, answers_part, inner_span)
            .map(|o| o.map(|q| converted(q, warnings)));
    }
    if !unescaped_str(answers_part, "->").is_empty() {
        return types::matching(q, answers_part, inner_span)
            .map(|o| o.map(|q| converted(q, warnings)));
    }
    let mut choices = Vec::new();
    let mut starts: Vec<(usize, char)> = Vec::new();
    let mut escape = false;
    for (i, c) in answers_part.char_indices() {
        if escape {
            escape = false;
        } else if c == '\\' {
            escape = true;
        } else if c == '=' || c == '~' {
            starts.push((i, c));
        }
    }
    if starts.is_empty() {
        return Err(err(
            inner_span,
            "no answers in the block: start each with `=` (right) or `~` (wrong)",
            "e.g. {=right ~wrong}",
        ));
    }
    if !answers_part[..starts[0].0].trim().is_empty() {
        let at = ans_base;
        return Err(err(
            at..at + starts[0].0,
            "feedback or text before the first answer",
            "start every answer with `=` or `~`; `#feedback` goes after an answer",
        ));
    }
    for (k, (i, marker)) in starts.iter().enumerate() {
        let end = starts.get(k + 1).map_or(answers_part.len(), |n| n.0);
        let raw = &answers_part[i + 1..end];
        let span = ans_base + i..ans_base + end;
        let mut raw_t = raw.trim_start();
        let mut weight: Option<f64> = None;
        if let Some(w) = raw_t.strip_prefix('%') {
            let Some(close) = w.find('%') else {
                return Err(err(
                    span,
                    "weight is not closed: write `~%50%answer`",
                    "weights are written between two `%`",
                ));
            };
            match w[..close].trim().parse::<f64>() {
                Ok(x) if x.is_finite() && (-100.0..=100.0).contains(&x) => weight = Some(x),
                _ => {
                    return Err(err(
                        span,
                        format!("invalid weight `%{}%`", &w[..close]),
                        "weights are numbers from -100 to 100",
                    ))
                }
            }
            raw_t = &w[close + 1..];
        }
        let parts = split_unescaped(raw_t, '#');
        let text = unescape(&parts[0]);
        let feedback = parts.get(1).map(|f| unescape(f)).unwrap_or_default();
        if text.is_empty() {
            return Err(err(
                span,
                "empty answer",
                "write the answer's text after `=` or `~`",
            ));
        }
        let w = weight.unwrap_or(if *marker == '=' { 100.0 } else { 0.0 });
        choices.push((text, w, feedback, span, *marker));
    }
    if !after.is_empty() {
        // The blank's text is converted before the blank is built into it.
        let mut unknown = Vec::new();
        let mut take = |c: html::Converted| {
            unknown.extend(c.unknown);
            c.text
        };
        let before = take(html::convert(&before, format, true));
        let after = take(html::convert(&after, format, true));
        for c in &mut choices {
            c.0 = take(html::answer(&c.0, format));
        }
        return types::blank(q, &before, &after, &choices, inner_span, warnings)
            .map(|o| o.map(|q| converted_with(q, unknown, warnings)));
    }
    if choices.iter().all(|c| c.4 == '=') {
        return types::short(q, choices, inner_span).map(|o| o.map(|q| converted(q, warnings)));
    }
    let positives: Vec<f64> = choices.iter().map(|c| c.1).filter(|w| *w > 0.0).collect();
    let full = choices
        .iter()
        .filter(|c| (c.1 - 100.0).abs() < 1e-9)
        .count();
    let kind = if positives.len() > 1 && full != 1 {
        Kind::Multiple
    } else {
        Kind::Single
    };
    if kind == Kind::Multiple {
        let sum: f64 = positives.iter().sum();
        if (sum - 100.0).abs() > 0.01 {
            return Err(err(
                inner_span,
                format!(
                    "the right answers' weights add up to {}%, not 100%",
                    crate::html::fixed(sum, 2, true)
                ),
                "make the positive weights add up to 100%",
            ));
        }
    } else if full == 0 {
        return Err(err(
            inner_span,
            "no right answer: mark it with `=` (or `~%100%`)",
            "e.g. {=right ~wrong}",
        ));
    }
    let choices = choices
        .into_iter()
        .map(|(text, w, feedback, span, _)| Choice {
            text,
            mark: match kind {
                Kind::Multiple => Mark::Weight(w),
                _ if (w - 100.0).abs() < 1e-9 => Mark::Right,
                _ if w > 0.0 => Mark::Weight(w),
                _ => Mark::Wrong,
            },
            feedback,
            span,
        })
        .collect();
    q.kind = kind;
    q.choices = choices;
    Ok(Some(converted(q, warnings)))
}

/// Splits at unescaped `sep` (escapes are kept, for [`unescape`] to remove).
fn split_unescaped(s: &str, sep: char) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut escape = false;
    for c in s.chars() {
        if escape {
            escape = false;
            if let Some(p) = parts.last_mut() {
                p.push('\\');
                p.push(c);
            }
        } else if c == '\\' {
            escape = true;
        } else if c == sep {
            parts.push(String::new());
        } else if let Some(p) = parts.last_mut() {
            p.push(c);
        }
    }
    parts
}

/// Warns that HTML tags were kept as text (see [`html`]), at the first of them in the
/// question's source (or at its text).
fn tags_kept(
    base: usize,
    block: &str,
    body_start: usize,
    unknown: &[String],
    warnings: &mut Vec<GiftError>,
) {
    let Some(first) = unknown.first() else {
        return;
    };
    let lower = block.to_ascii_lowercase();
    let at = lower[body_start..]
        .find(&format!("<{first}"))
        .map_or(body_start, |i| body_start + i);
    let end = block[at..].find('>').map_or(block.len(), |e| at + e + 1);
    let names: Vec<String> = unknown.iter().map(|t| format!("`<{t}>`")).collect();
    warnings.push(err(
        base + at..base + end,
        format!("HTML kept as text: {}", names.join(", ")),
        "Playbook converts <p>, <br>, <b>, <strong>, <i>, <em>, <code>, <a href>, <ul>, <ol> and <li> to Markdown; write the rest in Markdown (or remove it) after the import",
    ));
}

#[cfg(test)]
mod html_tests;
#[cfg(test)]
mod tests;

/// Byte offsets of unescaped occurrences of `target` in `s`.
fn unescaped_str(s: &str, target: &str) -> Vec<usize> {
    let mut v = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' {
            i += 2;
            continue;
        }
        if b[i..].starts_with(target.as_bytes()) {
            v.push(i);
        }
        i += 1;
    }
    v
}
