//! A quiz written back in the Markdown syntax (used by the GIFT import).

use std::fmt::Write as _;

use super::{Extra, Kind, Mark, Quiz};

/// Writes a quiz back in the Markdown syntax (used by the GIFT import).
pub fn to_markdown(quiz: &Quiz) -> String {
    let mut s = String::new();
    for (n, q) in quiz.questions.iter().enumerate() {
        if n > 0 {
            s.push('\n');
        }
        let mut flags = Vec::new();
        if q.kind != Kind::Single {
            flags.push(q.kind.as_str().to_string());
        }
        if let Extra::Numeric { unit, .. } = &q.extra {
            if !unit.is_empty() {
                flags.push(format!("unit={unit}"));
            }
        }
        if q.points != 1.0 && q.kind != Kind::Description {
            flags.push(format!("points={}", crate::html::fixed(q.points, 6, true)));
        }
        if q.id.strip_prefix('q') != Some((n + 1).to_string().as_str()) {
            flags.push(format!("id={}", q.id));
        }
        if !q.shuffle {
            flags.push("shuffle=false".into());
        }
        if !q.nolint.is_empty() {
            flags.push(format!("nolint={}", q.nolint.join(",")));
        }
        let flags = if flags.is_empty() {
            // Text ending in `{…}` would be read as flags: close it with empty ones.
            if q.text.trim_end().ends_with('}') {
                " {}".to_string()
            } else {
                String::new()
            }
        } else {
            format!(" {{{}}}", flags.join(" "))
        };
        s.push_str("? ");
        push_one_line(&mut s, &q.text);
        s.push_str(&flags);
        s.push('\n');
        for c in &q.choices {
            if matches!(q.kind, Kind::Matching | Kind::Ordering) {
                s.push_str("- ");
                push_one_line(&mut s, &c.text);
                s.push('\n');
                continue;
            }
            match c.mark {
                Mark::Right => s.push_str("- [x] "),
                Mark::Wrong => s.push_str("- [ ] "),
                Mark::Weight(w) => {
                    let _ = write!(s, "- [{}%] ", crate::html::fixed(w, 6, true));
                }
            }
            push_one_line(&mut s, &c.text);
            s.push('\n');
            for l in c.feedback.lines().filter(|l| !l.trim().is_empty()) {
                let _ = writeln!(s, "  > {}", l.trim());
            }
        }
        for l in q.explanation.lines().filter(|l| !l.trim().is_empty()) {
            let _ = writeln!(s, "= {}", l.trim());
        }
    }
    s
}

/// Appends `text` on one line: runs of white space become one space.
fn push_one_line(out: &mut String, text: &str) {
    for (i, word) in text.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(word);
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::SAMPLE;
    use super::super::*;

    #[test]
    fn markdown_round_trip() {
        let q = parse(SAMPLE).unwrap();
        let md = to_markdown(&q);
        assert_eq!(
            parse(&md)
                .unwrap()
                .questions
                .iter()
                .map(|q| (q.kind, q.weights()))
                .collect::<Vec<_>>(),
            q.questions
                .iter()
                .map(|q| (q.kind, q.weights()))
                .collect::<Vec<_>>()
        );
        assert!(md.contains("? 哪些属于总成本？ {multiple points=2}\n"));
    }
}
