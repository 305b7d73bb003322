//! Markup of the question types beyond choices (numeric, short answer, matching,
//! ordering, fill-in-the-blank, description): the fields of the worksheet and their lines
//! in the answer key. Input: a validated question; output: HTML. Must not grade: the
//! browser grades from the key through the toolkit.
//!
//! Every field carries `data-answer` and `data-group` (its group of the answer space, see
//! `playbook_kit::quiz::types`); a field's message (`data-role="msg"`) is beside it.
//! Matching's right column and ordering's items print in a fixed order that is never the
//! answer (seeded by the quiz and question ids), so a worksheet does not give them away.

use playbook_kit::quiz::{Extra, Kind, Question};

use super::quiz_text::inline;
use crate::render::escape;

/// A fixed permutation of `0..n` for question `seed`, never the identity when n ≥ 2.
pub fn print_order(seed: &str, n: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut h = seed.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    for i in (1..n).rev() {
        h ^= h << 13;
        h ^= h >> 7;
        h ^= h << 17;
        order.swap(i, (h % (i as u64 + 1)) as usize);
    }
    if n >= 2 && order.iter().enumerate().all(|(i, o)| i == *o) {
        order.rotate_left(1);
    }
    order
}

fn t(zh: bool, a: &'static str, b: &'static str) -> &'static str {
    if zh {
        a
    } else {
        b
    }
}

/// `<select>` options: a blank first, then `(value, label)`.
fn options(items: &[(usize, String)]) -> String {
    let mut s = String::from("<option value=\"\">—</option>");
    for (v, label) in items {
        s.push_str(&format!("<option value=\"{v}\">{}</option>", escape(label)));
    }
    s
}

fn plain(md: &str) -> String {
    md.replace(['*', '`'], "")
}

/// The text of a blanks question with each blank as a numbered gap, or (for the answer
/// key) filled by `fill`.
pub fn blanks_text(q: &Question, fill: Option<&dyn Fn(usize) -> String>) -> String {
    let Ok((parts, _)) = playbook_kit::quiz::types::blanks(&q.text, &(0..0)) else {
        return inline(&q.text);
    };
    let mut s = String::new();
    for (n, part) in parts.iter().enumerate() {
        if n > 0 {
            match fill {
                Some(f) => s.push_str(&format!("<strong class=\"q-gap\">{}</strong>", f(n - 1))),
                None => s.push_str(&format!("<span class=\"q-gap\">（{n}）＿＿＿＿</span>")),
            }
        }
        // Inline Markdown drops the spaces around a part: keep them beside the gaps.
        if n > 0 && part.starts_with(char::is_whitespace) {
            s.push(' ');
        }
        s.push_str(&inline(part));
        if n + 1 < parts.len() && part.ends_with(char::is_whitespace) {
            s.push(' ');
        }
    }
    s
}

/// The fields of a question of a newer kind (inside its fieldset, after the legend).
pub fn fields(q: &Question, dom: &str, seed: &str, zh: bool) -> String {
    let id = format!("{dom}-{}", q.id);
    let msg = |g: usize| {
        format!(
            "<span class=\"q-msg\" id=\"{id}-m{g}\" data-role=\"msg\" aria-live=\"polite\"></span>"
        )
    };
    let text_field = |g: usize, label: &str, numeric: bool, unit: &str| {
        format!(
            "<div class=\"q-field\"><label for=\"{id}-a{g}\">{label}</label> <input type=\"text\" id=\"{id}-a{g}\" data-answer data-group=\"{g}\"{} autocomplete=\"off\" spellcheck=\"false\" aria-describedby=\"{id}-m{g}\">{} {}</div>\n",
            if numeric { " inputmode=\"decimal\"" } else { "" },
            if unit.is_empty() { String::new() } else { format!(" <span class=\"q-unit\">{}</span>", escape(unit)) },
            msg(g)
        )
    };
    match (&q.extra, q.kind) {
        (Extra::Numeric { unit, .. }, _) => {
            text_field(0, t(zh, "答案（数字）", "Answer (a number)"), true, unit)
        }
        (_, Kind::Short) => text_field(0, t(zh, "答案", "Answer"), false, ""),
        (Extra::Matching(pairs), _) => {
            let order = print_order(seed, pairs.len());
            let letter = |k: usize| char::from(b'A' + (k % 26) as u8);
            let mut s = format!(
                "<ol class=\"q-match-right\" type=\"A\" aria-label=\"{}\">",
                t(zh, "右栏", "Right column")
            );
            for &j in &order {
                s.push_str(&format!("<li>{}</li>", inline(&pairs[j].1)));
            }
            s.push_str("</ol>\n<table class=\"q-match\">\n");
            let opts: Vec<(usize, String)> = order
                .iter()
                .enumerate()
                .map(|(k, &j)| (j, format!("{}. {}", letter(k), plain(&pairs[j].1))))
                .collect();
            for (g, (left, _)) in pairs.iter().filter(|p| !p.0.is_empty()).enumerate() {
                s.push_str(&format!(
                    "<tr><th scope=\"row\"><label for=\"{id}-a{g}\">{}</label></th><td><select id=\"{id}-a{g}\" data-answer data-group=\"{g}\">{}</select></td></tr>\n",
                    inline(left),
                    options(&opts)
                ));
            }
            s.push_str("</table>\n");
            s
        }
        (_, Kind::Ordering) => {
            let n = q.choices.len();
            let positions: Vec<(usize, String)> =
                (0..n).map(|p| (p, (p + 1).to_string())).collect();
            let mut s = format!(
                "<ul class=\"q-order\" aria-label=\"{}\">\n",
                t(zh, "给每一项选择它的位置", "Choose each item's position")
            );
            for g in print_order(seed, n) {
                s.push_str(&format!(
                    "<li><select id=\"{id}-a{g}\" data-answer data-group=\"{g}\" aria-label=\"{}\">{}</select> <label for=\"{id}-a{g}\">{}</label></li>\n",
                    escape(&format!("{}{}", t(zh, "位置：", "Position: "), plain(&q.choices[g].text))),
                    options(&positions),
                    inline(&q.choices[g].text)
                ));
            }
            s.push_str("</ul>\n");
            s
        }
        (Extra::Blanks(bl), _) => {
            let mut s = String::from("<div class=\"q-blanks\">\n");
            for (g, b) in bl.iter().enumerate() {
                let label = format!("{}{}", t(zh, "空 ", "Blank "), g + 1);
                if b.choice {
                    let order = print_order(&format!("{seed}-{g}"), b.answers.len());
                    let opts: Vec<(usize, String)> =
                        order.iter().map(|&k| (k, plain(&b.answers[k].0))).collect();
                    s.push_str(&format!(
                        "<div class=\"q-field\"><label for=\"{id}-a{g}\">（{}）</label> <select id=\"{id}-a{g}\" data-answer data-group=\"{g}\" aria-label=\"{label}\">{}</select></div>\n",
                        g + 1,
                        options(&opts)
                    ));
                } else {
                    s.push_str(&format!(
                        "<div class=\"q-field\"><label for=\"{id}-a{g}\">（{}）</label> <input type=\"text\" id=\"{id}-a{g}\" data-answer data-group=\"{g}\" autocomplete=\"off\" spellcheck=\"false\" aria-label=\"{label}\" aria-describedby=\"{id}-m{g}\"> {}</div>\n",
                        g + 1,
                        msg(g)
                    ));
                }
            }
            s.push_str("</div>\n");
            s
        }
        _ => String::new(),
    }
}

fn pct(w: f64, zh: bool) -> String {
    if (w - 100.0).abs() < 1e-9 {
        String::new()
    } else if zh {
        format!("（得 {}% 分）", playbook_kit::html::fixed(w, 2, true))
    } else {
        format!(" ({}% credit)", playbook_kit::html::fixed(w, 2, true))
    }
}

/// The answer-key lines of a question of a newer kind (inside its `<li>`).
pub fn key_lines(q: &Question, zh: bool) -> String {
    let right = t(
        zh,
        "✔ <strong>正确：</strong>",
        "✔ <strong>Right:</strong> ",
    );
    let partly = t(
        zh,
        "◐ <strong>部分得分：</strong>",
        "◐ <strong>Partly right:</strong> ",
    );
    let weights = q.weights();
    match (&q.extra, q.kind) {
        (Extra::Numeric { .. }, _) | (_, Kind::Short) => {
            let mut s = String::from("<ul>");
            for (c, w) in q.choices.iter().zip(&weights).filter(|(_, w)| **w > 0.0) {
                let unit = match &q.extra {
                    Extra::Numeric { unit, .. } if !unit.is_empty() => format!(" {}", escape(unit)),
                    _ => String::new(),
                };
                let full = (*w - 100.0).abs() < 1e-9;
                s.push_str(&format!(
                    "<li{}>{}{}{unit}{}</li>",
                    if full { " class=\"right\"" } else { "" },
                    if full { right } else { partly },
                    escape(&c.text),
                    pct(*w, zh)
                ));
            }
            s.push_str("</ul>");
            s
        }
        (Extra::Matching(pairs), _) => {
            let mut s = String::from("<ul>");
            for (l, r) in pairs.iter().filter(|p| !p.0.is_empty()) {
                s.push_str(&format!(
                    "<li class=\"right\">{} → {}</li>",
                    inline(l),
                    inline(r)
                ));
            }
            s.push_str("</ul>");
            s
        }
        (_, Kind::Ordering) => {
            let mut s = String::from("<ol class=\"right\">");
            for c in &q.choices {
                s.push_str(&format!("<li>{}</li>", inline(&c.text)));
            }
            s.push_str("</ol>");
            s
        }
        (Extra::Blanks(bl), _) => {
            let mut s = String::from("<ul>");
            for (g, b) in bl.iter().enumerate() {
                let ok: Vec<String> = b
                    .answers
                    .iter()
                    .filter(|a| a.1 > 0.0)
                    .map(|a| format!("{}{}", escape(&a.0), pct(a.1, zh)))
                    .collect();
                s.push_str(&format!(
                    "<li class=\"right\">（{}）{}</li>",
                    g + 1,
                    ok.join(t(zh, "；", "; "))
                ));
            }
            s.push_str("</ul>");
            s
        }
        _ => String::new(),
    }
}
