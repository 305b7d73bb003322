//! The MAN principle: Money, Authority, Need → verdict, action, revisit interval.
//!
//! The eight-row table is the seed's (course 001): capital letter = present, lower case =
//! absent. Beyond the binary table: an answer may be "not yet known" (counted as absent for
//! the verdict, which is then provisional, with the question to ask next) or a confidence
//! of 0-100% mapped through thresholds; prospects are ranked; a list is read from and
//! written to CSV (the `list` module).

mod list;

pub use list::{export_list, parse_list, parse_records, rank, write_list, ListError, Prospect};

use crate::i18n::Lang;
use crate::num::FieldError;

/// One answer about one letter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    /// Present.
    Yes,
    /// Absent.
    No,
    /// Not yet known.
    Unknown,
}

impl Answer {
    /// `yes`, `no` or `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            Answer::Yes => "yes",
            Answer::No => "no",
            Answer::Unknown => "unknown",
        }
    }

    fn weight(self) -> u32 {
        match self {
            Answer::Yes => 2,
            Answer::Unknown => 1,
            Answer::No => 0,
        }
    }
}

/// Confidence thresholds: at or above `present_at` a letter counts as present, at or
/// below `absent_at` as absent, in between as not yet known. Percent values.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Thresholds {
    /// Default 60.
    pub present_at: f64,
    /// Default 40.
    pub absent_at: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            present_at: 60.0,
            absent_at: 40.0,
        }
    }
}

impl Thresholds {
    /// Checked thresholds: 0 ≤ absent_at < present_at ≤ 100.
    pub fn new(present_at: f64, absent_at: f64) -> Result<Thresholds, String> {
        if !(0.0..=100.0).contains(&present_at) || !(0.0..=100.0).contains(&absent_at) {
            return Err("thresholds are percentages from 0 to 100".into());
        }
        if absent_at >= present_at {
            return Err(format!(
                "the absent threshold ({}%) must be below the present threshold ({}%)",
                crate::html::fixed(absent_at, 2, true),
                crate::html::fixed(present_at, 2, true)
            ));
        }
        Ok(Thresholds {
            present_at,
            absent_at,
        })
    }

    /// Maps a confidence in percent to an answer.
    pub fn classify(&self, pct: f64) -> Answer {
        if pct >= self.present_at {
            Answer::Yes
        } else if pct <= self.absent_at {
            Answer::No
        } else {
            Answer::Unknown
        }
    }
}

/// Reads an answer: yes/no/unknown in English or Chinese, y/n/?, 1/0, or a confidence
/// such as `75%` or `75`.
pub fn parse_answer(
    field: &str,
    text: &str,
    th: &Thresholds,
    lang: Lang,
) -> Result<Answer, FieldError> {
    let t = text.trim().to_ascii_lowercase();
    let a = match t.as_str() {
        "yes" | "y" | "true" | "是" | "有" | "✓" => Some(Answer::Yes),
        "no" | "n" | "false" | "否" | "无" | "没有" => Some(Answer::No),
        "unknown" | "?" | "？" | "" | "未知" | "不知道" | "待确认" | "not yet known" => {
            Some(Answer::Unknown)
        }
        _ => None,
    };
    if let Some(a) = a {
        return Ok(a);
    }
    // A confidence is a rate in a field of percent: the one rule of `num::rate` (75%, 75;
    // a bare 0.75 is refused with the question "0.75 → 0.75%? did you mean 75%?").
    let looks_numeric =
        t.starts_with(|c: char| c.is_ascii_digit() || "-.－−０１２３４５６７８９．".contains(c));
    if looks_numeric {
        return crate::num::rate(field, &t, crate::num::RateUnit::Percent, lang)
            .map(|f| th.classify(f * 100.0));
    }
    Err(FieldError {
        field: field.to_string(),
        message: lang
            .pick(
                "请填写 是 / 否 / 未知，或 0-100 之间的把握度（如 75%）。",
                "Use yes, no or unknown, or a confidence from 0 to 100 (e.g. 75%).",
            )
            .to_string(),
    })
}

/// What the table concludes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    /// M+A+N: 有望客户.
    Prospect,
    /// Any mix with at least one letter present: 可接触.
    Approachable,
    /// m+a+n: 非客户.
    NotACustomer,
}

impl Verdict {
    /// `prospect`, `approachable`, `not-a-customer`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Prospect => "prospect",
            Verdict::Approachable => "approachable",
            Verdict::NotACustomer => "not-a-customer",
        }
    }

    /// The label for people.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Verdict::Prospect => lang.pick("有望客户", "Prospect"),
            Verdict::Approachable => lang.pick("可接触", "Approachable"),
            Verdict::NotACustomer => lang.pick("非客户", "Not a customer"),
        }
    }
}

/// One row of the MAN table.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Row {
    /// `M+a+N` style.
    pub combination: &'static str,
    /// The verdict.
    pub verdict: Verdict,
    action_zh: &'static str,
    action_en: &'static str,
    /// Suggested revisit interval in days (none: stop contact).
    pub revisit_days: Option<u32>,
}

impl Row {
    /// The recommended action.
    pub fn action(&self, lang: Lang) -> &'static str {
        lang.pick(self.action_zh, self.action_en)
    }
}

/// The seed's eight rows, in its order. Revisit intervals use the course's 20/40/60/80-day
/// classes: 20 when all three are present, 40 with one missing, 60 with two missing but a
/// need, 80 with two missing and no need; none when nothing is present.
pub const TABLE: [Row; 8] = [
    Row {
        combination: "M+A+N",
        verdict: Verdict::Prospect,
        action_zh: "理想的销售对象：立即跟进，争取成交。",
        action_en: "Ideal target: pursue now.",
        revisit_days: Some(20),
    },
    Row {
        combination: "M+A+n",
        verdict: Verdict::Approachable,
        action_zh: "配合熟练的销售技巧，有成功的希望：设法唤起需求。",
        action_en: "With skilled selling, a real chance: create the need.",
        revisit_days: Some(40),
    },
    Row {
        combination: "M+a+N",
        verdict: Verdict::Approachable,
        action_zh: "保持接触，并设法找到有决定权的人。",
        action_en: "Keep contact and find the person with authority.",
        revisit_days: Some(40),
    },
    Row {
        combination: "m+A+N",
        verdict: Verdict::Approachable,
        action_zh: "调查其经营状况和信用条件，考虑提供融资或付款便利。",
        action_en: "Check their situation and credit; offer financing or terms.",
        revisit_days: Some(40),
    },
    Row {
        combination: "m+a+N",
        verdict: Verdict::Approachable,
        action_zh: "长期观察、培养，直到具备另一个条件。",
        action_en: "Observe and nurture long-term until another condition appears.",
        revisit_days: Some(60),
    },
    Row {
        combination: "m+A+n",
        verdict: Verdict::Approachable,
        action_zh: "长期观察、培养。",
        action_en: "Observe and nurture long-term.",
        revisit_days: Some(80),
    },
    Row {
        combination: "M+a+n",
        verdict: Verdict::Approachable,
        action_zh: "长期观察、培养。",
        action_en: "Observe and nurture long-term.",
        revisit_days: Some(80),
    },
    Row {
        combination: "m+a+n",
        verdict: Verdict::NotACustomer,
        action_zh: "停止接触。",
        action_en: "Stop contact.",
        revisit_days: None,
    },
];

/// The three answers about one contact.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Assessment {
    /// Can afford it.
    pub money: Answer,
    /// Can decide, recommend or veto.
    pub authority: Answer,
    /// Needs it.
    pub need: Answer,
}

/// The letters, in order.
pub const LETTERS: [&str; 3] = ["money", "authority", "need"];

impl Assessment {
    /// The three answers in M, A, N order.
    pub fn answers(&self) -> [Answer; 3] {
        [self.money, self.authority, self.need]
    }

    /// `M+a+N`: capital when present; absent and unknown in lower case.
    pub fn combination(&self) -> String {
        let [m, a, n] = self.answers();
        let l = |ans: Answer, up: &str, low: &str| {
            if ans == Answer::Yes {
                up.to_string()
            } else {
                low.to_string()
            }
        };
        format!("{}+{}+{}", l(m, "M", "m"), l(a, "A", "a"), l(n, "N", "n"))
    }

    /// The table row that applies (unknown counts as absent).
    pub fn row(&self) -> &'static Row {
        let c = self.combination();
        TABLE
            .iter()
            .find(|r| r.combination == c)
            .expect("the table covers all eight combinations")
    }

    /// Whether any answer is still unknown (the verdict is then provisional).
    pub fn is_provisional(&self) -> bool {
        self.answers().contains(&Answer::Unknown)
    }

    /// Ranking score, 0-100: present counts 1, unknown ½, absent 0.
    pub fn score(&self) -> u32 {
        let w: u32 = self.answers().iter().map(|a| a.weight()).sum();
        (w * 100 + 3) / 6
    }

    /// The question to ask next for each unknown letter.
    pub fn questions(&self, lang: Lang) -> Vec<&'static str> {
        self.answers()
            .iter()
            .zip(QUESTIONS)
            .filter(|(a, _)| **a == Answer::Unknown)
            .map(|(_, (zh, en))| lang.pick(zh, en))
            .collect()
    }
}

/// What to ask to settle each letter.
pub const QUESTIONS: [(&str, &str); 3] = [
    (
        "钱（M）：这项采购有没有预算？预算由谁批准，什么时候到位？",
        "Money (M): Is there a budget for this? Who approves it, and when will it be available?",
    ),
    (
        "权（A）：谁能决定、建议或否决这项采购？对方在其中担任什么角色？",
        "Authority (A): Who can decide, recommend or veto this purchase, and what is this person's part in it?",
    ),
    (
        "需（N）：对方目前在这方面遇到什么问题？不解决会带来什么影响？",
        "Need (N): What problem do they face here today, and what happens if it stays unsolved?",
    ),
];

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use Answer::*;

    pub(super) fn a(m: Answer, au: Answer, n: Answer) -> Assessment {
        Assessment {
            money: m,
            authority: au,
            need: n,
        }
    }

    #[test]
    fn every_row_of_the_seed_table() {
        let cases = [
            (
                a(Yes, Yes, Yes),
                "M+A+N",
                Verdict::Prospect,
                "Ideal target: pursue now.",
                Some(20),
            ),
            (
                a(Yes, Yes, No),
                "M+A+n",
                Verdict::Approachable,
                "With skilled selling, a real chance: create the need.",
                Some(40),
            ),
            (
                a(Yes, No, Yes),
                "M+a+N",
                Verdict::Approachable,
                "Keep contact and find the person with authority.",
                Some(40),
            ),
            (
                a(No, Yes, Yes),
                "m+A+N",
                Verdict::Approachable,
                "Check their situation and credit; offer financing or terms.",
                Some(40),
            ),
            (
                a(No, No, Yes),
                "m+a+N",
                Verdict::Approachable,
                "Observe and nurture long-term until another condition appears.",
                Some(60),
            ),
            (
                a(No, Yes, No),
                "m+A+n",
                Verdict::Approachable,
                "Observe and nurture long-term.",
                Some(80),
            ),
            (
                a(Yes, No, No),
                "M+a+n",
                Verdict::Approachable,
                "Observe and nurture long-term.",
                Some(80),
            ),
            (
                a(No, No, No),
                "m+a+n",
                Verdict::NotACustomer,
                "Stop contact.",
                None,
            ),
        ];
        for (asmt, comb, verdict, action, days) in cases {
            assert_eq!(asmt.combination(), comb);
            let row = asmt.row();
            assert_eq!(row.combination, comb);
            assert_eq!(row.verdict, verdict, "{comb}");
            assert_eq!(row.action(Lang::En), action, "{comb}");
            assert_eq!(row.revisit_days, days, "{comb}");
            assert!(!asmt.is_provisional());
        }
        assert_eq!(
            a(Yes, Yes, Yes).row().action(Lang::Zh),
            "理想的销售对象：立即跟进，争取成交。"
        );
        assert_eq!(a(No, No, No).row().verdict.label(Lang::Zh), "非客户");
    }

    #[test]
    fn unknown_counts_as_absent_and_asks_the_next_question() {
        let x = a(Yes, Unknown, Yes);
        assert_eq!(x.combination(), "M+a+N");
        assert!(x.is_provisional());
        let q = x.questions(Lang::En);
        assert_eq!(q.len(), 1);
        assert!(q[0].starts_with("Authority (A):"));
        assert_eq!(a(Unknown, Unknown, Unknown).questions(Lang::Zh).len(), 3);
    }

    #[test]
    fn answers_and_confidence_thresholds() {
        let th = Thresholds::default();
        for (t, want) in [
            ("yes", Yes),
            ("YES", Yes),
            ("Not yet known", Unknown),
            ("是", Yes),
            ("N", No),
            ("否", No),
            ("", Unknown),
            ("?", Unknown),
            ("75%", Yes),
            ("60", Yes),
            ("59.9", Unknown),
            ("40", No),
            ("0", No),
        ] {
            assert_eq!(parse_answer("money", t, &th, Lang::En), Ok(want), "{t}");
        }
        assert!(parse_answer("money", "maybe", &th, Lang::En).is_err());
        assert!(parse_answer("money", "150%", &th, Lang::En).is_err());
        // A confidence is a rate: the one rule (issue 12, item 4).
        assert_eq!(parse_answer("money", "８５％", &th, Lang::En), Ok(Yes));
        assert_eq!(parse_answer("money", "0.85%", &th, Lang::En), Ok(No));
        assert_eq!(
            parse_answer("money", "0.85", &th, Lang::En)
                .unwrap_err()
                .message,
            "0.85 → 0.85%? Did you mean 85%? Write 85% or 0.85%."
        );
        assert_eq!(
            parse_answer("money", "-5", &th, Lang::En)
                .unwrap_err()
                .message,
            "Cannot be negative."
        );
        let strict = Thresholds::new(80.0, 20.0).unwrap();
        assert_eq!(strict.classify(70.0), Unknown);
        assert!(Thresholds::new(40.0, 60.0).is_err());
        assert!(Thresholds::new(120.0, 10.0).is_err());
    }
}
