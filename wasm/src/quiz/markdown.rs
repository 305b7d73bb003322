//! A quiz written back in the Markdown syntax (used by the GIFT import).

use super::{Kind, Mark, Quiz};

/// Writes a quiz back in the Markdown syntax (used by the GIFT import).
pub fn to_markdown(quiz: &Quiz) -> String {
    let mut s = String::new();
    for (n, q) in quiz.questions.iter().enumerate() {
        if n > 0 {
            s.push('\n');
        }
        let mut flags = Vec::new();
        match q.kind {
            Kind::Multiple => flags.push("multiple".to_string()),
            Kind::TrueFalse => flags.push("truefalse".to_string()),
            Kind::Single => {}
        }
        if q.points != 1.0 {
            flags.push(format!("points={}", crate::html::fixed(q.points, 6, true)));
        }
        if q.id != format!("q{}", n + 1) {
            flags.push(format!("id={}", q.id));
        }
        if q.shuffle {
            flags.push("shuffle".into());
        }
        let text = one_line(&q.text);
        let flags = if flags.is_empty() {
            // Text ending in `{…}` would be read as flags: close it with empty ones.
            if text.ends_with('}') {
                " {}".to_string()
            } else {
                String::new()
            }
        } else {
            format!(" {{{}}}", flags.join(" "))
        };
        s.push_str(&format!("? {text}{flags}\n"));
        for c in &q.choices {
            let mark = match c.mark {
                Mark::Right => "x".to_string(),
                Mark::Wrong => " ".to_string(),
                Mark::Weight(w) => format!("{}%", crate::html::fixed(w, 6, true)),
            };
            s.push_str(&format!("- [{mark}] {}\n", one_line(&c.text)));
            for l in c.feedback.lines().filter(|l| !l.trim().is_empty()) {
                s.push_str(&format!("  > {}\n", l.trim()));
            }
        }
        for l in q.explanation.lines().filter(|l| !l.trim().is_empty()) {
            s.push_str(&format!("= {}\n", l.trim()));
        }
    }
    s
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
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
