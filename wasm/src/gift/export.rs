//! Export: a quiz as GIFT or as Moodle XML, for moving a course's questions into Moodle.
//! Input: a parsed quiz; output: the text and a note per question that lost something on
//! the way (GIFT has no points, one blank at most and no ordering). Must not drop a
//! question silently: what GIFT cannot say is noted.
//!
//! Mapping: single/multiple choice and true/false as such (true/false is `{T}` when the
//! first option is the right one); numeric `{#…}` (`850 ± 5` → `850:5`); short answer
//! `{=a =%50%b}`; matching `{=a -> b = -> extra}`; ordering as matching of each item to
//! its position; one blank as a missing word (Moodle XML: a cloze question, any number);
//! a description as a question without answers; the explanation as general feedback.

use std::fmt::Write as _;

use crate::quiz::{Extra, Kind, Mark, Question, Quiz};

/// GIFT's special characters escaped.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '~' | '=' | '#' | '{' | '}' | ':' | '\\') {
            out.push('\\');
        }
        if c == '\n' {
            out.push_str("\\n");
        } else {
            out.push(c);
        }
    }
    out
}

fn num(x: f64) -> String {
    crate::html::fixed(x, 6, true)
}

fn feedback(fb: &str) -> String {
    if fb.is_empty() {
        String::new()
    } else {
        format!("#{}", esc(fb))
    }
}

fn weight(w: f64) -> String {
    format!("%{}%", num(w))
}

/// A numeric answer line (`850 ± 5`, `840..860`, `850`) in GIFT's form.
fn numeric(text: &str) -> String {
    let tol = text
        .split_once('±')
        .or_else(|| text.split_once("+/-"))
        .or_else(|| text.split_once("+-"));
    if let Some((x, t)) = tol {
        let n = crate::quiz::types::number;
        if let (Some(x), Some(t)) = (n(x), n(t)) {
            return format!("{}:{}", num(x), num(t));
        }
    }
    match crate::quiz::types::interval(text) {
        Ok(iv) if iv.lo == iv.hi => num(iv.lo),
        Ok(iv) => format!("{}..{}", num(iv.lo), num(iv.hi)),
        Err(_) => esc(text),
    }
}

/// The parts of a blanks question: texts between the blanks, and the blanks.
fn blanks(q: &Question) -> (Vec<String>, Vec<crate::quiz::Blank>) {
    match crate::quiz::types::blanks(&q.text, &(0..0)) {
        Ok(p) => p,
        Err(_) => (vec![q.text.clone()], Vec::new()),
    }
}

/// The quiz in GIFT, and notes (`id: what was lost`).
pub fn to_gift(quiz: &Quiz) -> (String, Vec<String>) {
    let mut out = String::new();
    let mut notes = Vec::new();
    for q in &quiz.questions {
        if q.points != 1.0 && q.kind != Kind::Description {
            notes.push(format!(
                "{}: GIFT has no points: {} points become 1",
                q.id,
                num(q.points)
            ));
        }
        let general = if q.explanation.is_empty() {
            String::new()
        } else {
            format!("\n####{}", esc(&q.explanation))
        };
        let _ = write!(out, "::{}:: ", esc(&q.id));
        let w = q.weights();
        match q.kind {
            Kind::Description => {
                let _ = writeln!(out, "{}", esc(&q.text));
            }
            Kind::TrueFalse => {
                let first_right = q.right() == [0];
                let (right, wrong) = if first_right { (0, 1) } else { (1, 0) };
                let fb = |i: usize| q.choices.get(i).map_or("", |c| c.feedback.as_str());
                let _ = writeln!(
                    out,
                    "{} {{{}{}{}{general}}}",
                    esc(&q.text),
                    if first_right { "T" } else { "F" },
                    if fb(wrong).is_empty() && fb(right).is_empty() {
                        String::new()
                    } else {
                        format!("#{}", esc(fb(wrong)))
                    },
                    if fb(right).is_empty() {
                        String::new()
                    } else {
                        format!("#{}", esc(fb(right)))
                    },
                );
            }
            Kind::Single | Kind::Multiple | Kind::Short | Kind::Numeric => {
                let _ = writeln!(out, "{} {{", esc(&q.text));
                if q.kind == Kind::Numeric {
                    out.push_str("#\n");
                }
                for (c, w) in q.choices.iter().zip(&w) {
                    let text = if q.kind == Kind::Numeric {
                        numeric(&c.text)
                    } else {
                        esc(&c.text)
                    };
                    let line = match (q.kind, c.mark) {
                        (Kind::Multiple, _) => format!("~{}{text}", weight(*w)),
                        (_, Mark::Right) => format!("={text}"),
                        (Kind::Numeric | Kind::Short, _) => format!("={}{text}", weight(*w)),
                        (_, Mark::Wrong) => format!("~{text}"),
                        (_, Mark::Weight(x)) => format!("~{}{text}", weight(x)),
                    };
                    let _ = writeln!(out, "  {line}{}", feedback(&c.feedback));
                }
                let _ = writeln!(out, "{}}}", general.trim_start_matches('\n'));
            }
            Kind::Matching | Kind::Ordering => {
                let _ = writeln!(out, "{} {{", esc(&q.text));
                if let Extra::Matching(pairs) = &q.extra {
                    for (l, r) in pairs {
                        let _ = writeln!(out, "  ={} -> {}", esc(l), esc(r));
                    }
                } else {
                    notes.push(format!(
                        "{}: GIFT has no ordering: exported as matching each item to its position",
                        q.id
                    ));
                    for (i, c) in q.choices.iter().enumerate() {
                        let _ = writeln!(out, "  ={} -> {}", esc(&c.text), i + 1);
                    }
                }
                let _ = writeln!(out, "{}}}", general.trim_start_matches('\n'));
            }
            Kind::Blanks => {
                let (parts, bl) = blanks(q);
                if bl.len() != 1 {
                    notes.push(format!(
                        "{}: GIFT has one blank per question: exported as a description (Moodle XML keeps it as a cloze question)",
                        q.id
                    ));
                    let _ = writeln!(out, "{}", esc(&q.text));
                } else {
                    let b = &bl[0];
                    let mut ans = String::new();
                    for (t, w) in &b.answers {
                        let m = if (*w - 100.0).abs() < 1e-9 {
                            "=".to_string()
                        } else if b.choice && *w == 0.0 {
                            "~".to_string()
                        } else if b.choice {
                            format!("~{}", weight(*w))
                        } else {
                            format!("={}", weight(*w))
                        };
                        let _ = write!(ans, "{m}{} ", esc(t));
                    }
                    let _ = writeln!(
                        out,
                        "{} {{{}{general}}} {}",
                        esc(parts[0].trim_end()),
                        ans.trim_end(),
                        esc(parts[1].trim_start())
                    );
                }
            }
        }
        out.push('\n');
    }
    (out, notes)
}

fn x(s: &str) -> String {
    crate::html::esc(s)
}

fn text_el(tag: &str, s: &str) -> String {
    format!("<{tag} format=\"markdown\"><text>{}</text></{tag}>", x(s))
}

/// The quiz as Moodle XML (the elements Moodle's importer reads: `name`, `questiontext`,
/// `generalfeedback`, `defaultgrade`, `answer fraction` with `feedback`, `tolerance`,
/// `subquestion`, `single`, `shuffleanswers`, `usecase`), and notes as for [`to_gift`].
pub fn to_moodle_xml(quiz: &Quiz) -> (String, Vec<String>) {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>\n");
    let mut notes = Vec::new();
    for q in &quiz.questions {
        let w = q.weights();
        let (kind, text) = match q.kind {
            Kind::Single | Kind::Multiple => ("multichoice", q.text.clone()),
            Kind::TrueFalse => ("truefalse", q.text.clone()),
            Kind::Numeric => ("numerical", q.text.clone()),
            Kind::Short => ("shortanswer", q.text.clone()),
            Kind::Matching | Kind::Ordering => ("matching", q.text.clone()),
            Kind::Description => ("description", q.text.clone()),
            Kind::Blanks => {
                // Cloze: `{1:SHORTANSWER:=a~%50%b}` or `{1:MULTICHOICE:=a~b}` per blank.
                let (parts, bl) = blanks(q);
                let mut t = parts[0].clone();
                for (b, part) in bl.iter().zip(&parts[1..]) {
                    let alts: Vec<String> = b
                        .answers
                        .iter()
                        .map(|(a, w)| {
                            let a = a.replace(['}', '#', '~', '/', '"'], " ");
                            if (*w - 100.0).abs() < 1e-9 {
                                format!("={a}")
                            } else {
                                format!("%{}%{a}", num(*w))
                            }
                        })
                        .collect();
                    let kind = if b.choice {
                        "MULTICHOICE"
                    } else {
                        "SHORTANSWER"
                    };
                    let _ = write!(t, "{{1:{kind}:{}}}{part}", alts.join("~"));
                }
                ("cloze", t)
            }
        };
        let _ = writeln!(out, "  <question type=\"{kind}\">");
        let _ = writeln!(out, "    <name><text>{}</text></name>", x(&q.id));
        let _ = writeln!(out, "    {}", text_el("questiontext", &text));
        let _ = writeln!(out, "    {}", text_el("generalfeedback", &q.explanation));
        let _ = writeln!(out, "    <defaultgrade>{}</defaultgrade>", num(q.points));
        let answer = |fraction: f64, text: &str, fb: &str, extra: &str| {
            format!(
                "    <answer fraction=\"{}\" format=\"markdown\"><text>{}</text>{extra}<feedback format=\"markdown\"><text>{}</text></feedback></answer>\n",
                num(fraction),
                x(text),
                x(fb)
            )
        };
        match q.kind {
            Kind::Single | Kind::Multiple => {
                let _ = writeln!(out, "    <single>{}</single>", q.kind == Kind::Single);
                let _ = writeln!(
                    out,
                    "    <shuffleanswers>{}</shuffleanswers>",
                    u8::from(q.shuffle)
                );
                out.push_str("    <answernumbering>abc</answernumbering>\n");
                for (c, w) in q.choices.iter().zip(&w) {
                    out.push_str(&answer(*w, &c.text, &c.feedback, ""));
                }
            }
            Kind::TrueFalse => {
                let first_right = q.right() == [0];
                for (i, label) in ["true", "false"].into_iter().enumerate() {
                    let right = (i == 0) == first_right;
                    let fb = q
                        .choices
                        .get(if right {
                            q.right()[0]
                        } else {
                            1 - q.right()[0]
                        })
                        .map_or("", |c| c.feedback.as_str());
                    out.push_str(&answer(if right { 100.0 } else { 0.0 }, label, fb, ""));
                }
            }
            Kind::Numeric => {
                for (c, w) in q.choices.iter().zip(&w) {
                    let (value, tol) = match crate::quiz::types::interval(&c.text) {
                        Ok(iv) => ((iv.lo + iv.hi) / 2.0, (iv.hi - iv.lo) / 2.0),
                        Err(_) => (0.0, 0.0),
                    };
                    let extra = format!("<tolerance>{}</tolerance>", num(tol));
                    out.push_str(&answer(*w, &num(value), &c.feedback, &extra));
                }
                if let Extra::Numeric { unit, .. } = &q.extra {
                    if !unit.is_empty() {
                        let _ = writeln!(out, "    <units><unit><multiplier>1</multiplier><unit_name>{}</unit_name></unit></units>", x(unit));
                    }
                }
            }
            Kind::Short => {
                out.push_str("    <usecase>0</usecase>\n");
                for (c, w) in q.choices.iter().zip(&w) {
                    out.push_str(&answer(*w, &c.text, &c.feedback, ""));
                }
            }
            Kind::Matching | Kind::Ordering => {
                let _ = writeln!(
                    out,
                    "    <shuffleanswers>{}</shuffleanswers>",
                    u8::from(q.shuffle)
                );
                let pairs: Vec<(String, String)> = match &q.extra {
                    Extra::Matching(p) => p.clone(),
                    _ => {
                        notes.push(format!(
                            "{}: Moodle has no ordering question: exported as matching each item to its position",
                            q.id
                        ));
                        q.choices
                            .iter()
                            .enumerate()
                            .map(|(i, c)| (c.text.clone(), (i + 1).to_string()))
                            .collect()
                    }
                };
                for (l, r) in pairs {
                    let _ = writeln!(
                        out,
                        "    <subquestion format=\"markdown\"><text>{}</text><answer><text>{}</text></answer></subquestion>",
                        x(&l),
                        x(&r)
                    );
                }
            }
            Kind::Blanks | Kind::Description => {}
        }
        out.push_str("  </question>\n");
    }
    out.push_str("</quiz>\n");
    (out, notes)
}
