//! Prospect lists: several contacts ranked, read from and written to CSV.

use super::{parse_answer, Answer, Assessment, Thresholds, LETTERS};
use crate::csv;
use crate::i18n::Lang;

/// A named contact on a prospect list.
#[derive(Clone, Debug, PartialEq)]
pub struct Prospect {
    /// Name as entered.
    pub name: String,
    /// The answers.
    pub assessment: Assessment,
}

/// Ranks prospects: verdict first (prospect, approachable, not a customer), then score,
/// then fewer unknowns, then name. Stable and total, so the order is deterministic.
pub fn rank(list: &[Prospect]) -> Vec<Prospect> {
    let mut v = list.to_vec();
    v.sort_by(|a, b| {
        let ka = (
            a.assessment.row().verdict,
            std::cmp::Reverse(a.assessment.score()),
        );
        let kb = (
            b.assessment.row().verdict,
            std::cmp::Reverse(b.assessment.score()),
        );
        ka.cmp(&kb).then_with(|| a.name.cmp(&b.name))
    });
    v
}

/// A problem in a prospect list, with its 1-based CSV line and column.
#[derive(Clone, Debug, PartialEq)]
pub struct ListError {
    /// Line of the CSV text (blank lines and quoted line breaks counted).
    pub line: usize,
    /// Column (in characters) of the cell at fault, 1 for the whole line.
    pub col: usize,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for ListError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// Reads a prospect list from CSV with a header naming the columns `name`, `money`,
/// `authority`, `need` (in any order; Chinese headers 名称, 购买能力/钱, 决定权/权, 需求/需
/// work too; other columns are ignored). Collects every bad line.
pub fn parse_list(
    text: &str,
    th: &Thresholds,
    lang: Lang,
) -> Result<Vec<Prospect>, Vec<ListError>> {
    let rows = csv::records(text).map_err(|e| {
        vec![ListError {
            line: e.line,
            col: e.col,
            message: lang.pick("引号没有闭合。", "unclosed quote").to_string(),
        }]
    })?;
    parse_records(&rows, th, lang)
}

/// [`parse_list`] on records already read: the first is the header, each other one a
/// prospect, returned in order (so the i-th prospect is record i + 1). No records, no
/// prospects.
pub fn parse_records(
    rows: &[csv::Record],
    th: &Thresholds,
    lang: Lang,
) -> Result<Vec<Prospect>, Vec<ListError>> {
    let Some(header) = rows.first() else {
        return Ok(Vec::new());
    };
    let find = |names: &[&str]| {
        header
            .fields
            .iter()
            .position(|h| names.contains(&h.value.trim().to_ascii_lowercase().as_str()))
    };
    let cols = [
        find(&["name", "名称", "客户", "客户名称", "姓名"]),
        find(&["money", "m", "钱", "购买能力"]),
        find(&["authority", "a", "权", "决定权"]),
        find(&["need", "n", "需", "需求"]),
    ];
    let missing: Vec<&str> = ["name", "money", "authority", "need"]
        .iter()
        .zip(&cols)
        .filter(|(_, c)| c.is_none())
        .map(|(n, _)| *n)
        .collect();
    if !missing.is_empty() {
        return Err(vec![ListError {
            line: header.line,
            col: 1,
            message: format!(
                "{}{}",
                lang.pick("缺少列：", "missing columns: "),
                missing.join(", ")
            ),
        }]);
    }
    let idx: Vec<usize> = cols.iter().map(|c| c.unwrap_or(0)).collect();
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for row in &rows[1..] {
        let cell = |i: usize| row.fields.get(idx[i]);
        let get = |i: usize| cell(i).map_or("", |f| f.value.as_str());
        // Where a cell is missing (a short row), point at the row.
        let at = |i: usize| cell(i).map_or((row.line, 1), |f| (f.line, f.col));
        let name = get(0).trim().to_string();
        let mut answers = [Answer::Unknown; 3];
        let mut ok = true;
        for (k, field) in LETTERS.iter().enumerate() {
            match parse_answer(field, get(k + 1), th, lang) {
                Ok(a) => answers[k] = a,
                Err(e) => {
                    ok = false;
                    let (line, col) = at(k + 1);
                    errors.push(ListError {
                        line,
                        col,
                        message: format!("{}: {}", e.field, e.message),
                    });
                }
            }
        }
        if name.is_empty() {
            ok = false;
            let (line, col) = at(0);
            errors.push(ListError {
                line,
                col,
                message: lang.pick("名称不能为空。", "the name is empty").to_string(),
            });
        }
        if ok {
            out.push(Prospect {
                name,
                assessment: Assessment {
                    money: answers[0],
                    authority: answers[1],
                    need: answers[2],
                },
            });
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// Writes a list in the storage form `name,money,authority,need` (input order kept).
pub fn write_list(list: &[Prospect]) -> String {
    let mut s = csv::line(&["name", "money", "authority", "need"]);
    s.push('\n');
    for p in list {
        let a = &p.assessment;
        s.push_str(&csv::line(&[
            &p.name,
            a.money.as_str(),
            a.authority.as_str(),
            a.need.as_str(),
        ]));
        s.push('\n');
    }
    s
}

/// Writes a ranked prospect list as CSV with the combination, verdict, action and revisit
/// interval added.
pub fn export_list(list: &[Prospect], lang: Lang) -> String {
    let mut s = csv::line(&[
        "rank",
        "name",
        "money",
        "authority",
        "need",
        "combination",
        "verdict",
        "action",
        "revisit_days",
        "score",
    ]);
    s.push('\n');
    for (i, p) in rank(list).iter().enumerate() {
        let a = &p.assessment;
        let row = a.row();
        let rank = (i + 1).to_string();
        let days = row.revisit_days.map(|d| d.to_string()).unwrap_or_default();
        let score = a.score().to_string();
        s.push_str(&csv::line(&[
            &rank,
            &p.name,
            a.money.as_str(),
            a.authority.as_str(),
            a.need.as_str(),
            &a.combination(),
            row.verdict.as_str(),
            row.action(lang),
            &days,
            &score,
        ]));
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::super::tests::a;
    use super::super::*;
    use Answer::*;

    #[test]
    fn scores_and_ranking() {
        assert_eq!(a(Yes, Yes, Yes).score(), 100);
        assert_eq!(a(No, No, No).score(), 0);
        assert_eq!(a(Yes, Unknown, No).score(), 50);
        assert_eq!(a(Yes, Yes, No).score(), 67);
        let list = vec![
            Prospect {
                name: "丙".into(),
                assessment: a(No, No, No),
            },
            Prospect {
                name: "乙".into(),
                assessment: a(Yes, No, Unknown),
            },
            Prospect {
                name: "甲".into(),
                assessment: a(Yes, Yes, Yes),
            },
            Prospect {
                name: "丁".into(),
                assessment: a(Yes, Yes, No),
            },
        ];
        let names: Vec<String> = rank(&list).into_iter().map(|p| p.name).collect();
        assert_eq!(names, ["甲", "丁", "乙", "丙"]);
    }

    #[test]
    fn csv_list_round_trip_and_errors() {
        let th = Thresholds::default();
        let text =
            "name,money,authority,need,notes\n张总,yes,yes,yes,x\n\"Li, Ltd\",no,75%,unknown,\n";
        let list = parse_list(text, &th, Lang::En).unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(list[1].assessment, a(No, Yes, Unknown));
        let out = export_list(&list, Lang::En);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines[0],
            "rank,name,money,authority,need,combination,verdict,action,revisit_days,score"
        );
        assert_eq!(
            lines[1],
            "1,张总,yes,yes,yes,M+A+N,prospect,Ideal target: pursue now.,20,100"
        );
        assert_eq!(
            lines[2],
            "2,\"Li, Ltd\",no,yes,unknown,m+A+n,approachable,Observe and nurture long-term.,80,50"
        );
        // The export reads back.
        assert_eq!(parse_list(&out, &th, Lang::En).unwrap().len(), 2);
        let zh = parse_list("名称,钱,权,需\n王,是,否,是\n", &th, Lang::Zh).unwrap();
        assert_eq!(zh[0].assessment.combination(), "M+a+N");
        let errs = parse_list(
            "name,money,authority,need\n,yes,maybe,no\nok,yes,yes,yes\n",
            &th,
            Lang::En,
        )
        .unwrap_err();
        assert_eq!(errs.len(), 2);
        assert_eq!((errs[0].line, errs[0].col), (2, 6));
        assert!(errs[0].message.starts_with("authority:"));
        assert_eq!(
            parse_list("name,money\n", &th, Lang::En).unwrap_err()[0].message,
            "missing columns: authority, need"
        );
    }

    #[test]
    fn error_lines_count_blank_lines_and_quoted_line_breaks() {
        let th = Thresholds::default();
        let text = "\n\nname,money,authority,need\n\n\"A\nB\",yes,no,maybe\n\r\n,yes,yes,yes\n";
        let errs = parse_list(text, &th, Lang::En).unwrap_err();
        let at: Vec<(usize, usize)> = errs.iter().map(|e| (e.line, e.col)).collect();
        assert_eq!(at, vec![(6, 11), (8, 1)]);
        assert!(errs[0].message.starts_with("need:"), "{}", errs[0].message);
        assert_eq!(
            parse_list("\n\"x\n", &th, Lang::En).unwrap_err(),
            vec![ListError {
                line: 2,
                col: 1,
                message: "unclosed quote".into()
            }]
        );
    }
}
