//! Markup of the MAN scorer.

use crate::html::esc;
use crate::i18n::Lang;
use crate::man::{Answer, Assessment, Prospect, Thresholds, LETTERS, TABLE};

/// Labels of the three letters: (letter, zh question, en question).
const LETTER_LABELS: [(&str, &str, &str); 3] = [
    (
        "M",
        "购买能力（Money）：对方买得起吗？",
        "Money: can they afford it?",
    ),
    (
        "A",
        "决定权（Authority）：对方能决定、建议或否决这项采购吗？",
        "Authority: can this person decide, recommend or veto the purchase?",
    ),
    (
        "N",
        "需求（Need）：对方用得着吗？",
        "Need: do they need it?",
    ),
];

fn answer_label(a: Answer, lang: Lang) -> &'static str {
    match a {
        Answer::Yes => lang.pick("具备", "Yes"),
        Answer::No => lang.pick("不具备", "No"),
        Answer::Unknown => lang.pick("尚不清楚", "Not yet known"),
    }
}

/// Answers as given so far: `None` for a question not answered yet.
pub type Given = [Option<Answer>; 3];

/// The assessment once all three questions are answered.
pub fn complete(given: &Given) -> Option<Assessment> {
    match *given {
        [Some(money), Some(authority), Some(need)] => Some(Assessment {
            money,
            authority,
            need,
        }),
        _ => None,
    }
}

/// The complete static widget: `preset` answers checked (none by default, so the widget
/// starts neutral); as a printed `worksheet`, nothing is checked and the verdict is lines
/// to fill in by hand.
pub fn widget(id: &str, preset: &Given, th: &Thresholds, lang: Lang, worksheet: bool) -> String {
    let none: Given = [None; 3];
    let preset = if worksheet { &none } else { preset };
    let mut s = format!(
        "<section class=\"widget man-scorer\" id=\"{id}\" data-widget=\"man-scorer\" data-lang=\"{}\" data-present-at=\"{}\" data-absent-at=\"{}\">\n<h3 class=\"widget-title\" id=\"{id}-title\">{}</h3>\n<p class=\"widget-intro\">{}</p>\n<form class=\"widget-form\" data-role=\"form\">\n",
        lang.code(),
        th.present_at,
        th.absent_at,
        lang.pick("MAN 评估工具", "MAN scorer"),
        lang.pick(
            "为每位联系人回答三个问题，立即得到判断和对策。“尚不清楚”按不具备计算，结论为暂定，并给出下一步要问的问题。",
            "Answer three questions about a contact to get the verdict and the action. “Not yet known” counts as absent: the verdict is then provisional, with the question to ask next.",
        ),
    );
    s.push_str(&super::input(
        id,
        "name",
        lang.pick(
            "客户或联系人名称（加入名单时填写）",
            "Customer or contact name (to add to the list)",
        ),
        "",
        "text",
        "",
    ));
    for ((field, (letter, zh, en)), value) in LETTERS.iter().zip(LETTER_LABELS).zip(preset) {
        s.push_str(&format!(
            "<fieldset class=\"man-letter\" data-letter=\"{field}\"><legend><span class=\"letter\">{letter}</span> {}</legend>",
            esc(lang.pick(zh, en))
        ));
        for a in [Answer::Yes, Answer::No, Answer::Unknown] {
            let checked = if Some(a) == *value { " checked" } else { "" };
            s.push_str(&format!(
                "<label class=\"choice\"><input type=\"radio\" name=\"{id}-{field}\" value=\"{}\"{checked}> {}</label>",
                a.as_str(),
                answer_label(a, lang)
            ));
        }
        s.push_str("</fieldset>\n");
    }
    s.push_str(&format!(
        "<div class=\"widget-actions\"><button type=\"button\" data-action=\"add\">{}</button></div>\n</form>\n",
        lang.pick("加入名单", "Add to the list")
    ));
    s.push_str(&format!(
        "<div class=\"widget-result\" data-role=\"result\" aria-live=\"polite\">{}</div>\n",
        if worksheet {
            blank_result(lang)
        } else {
            result_of(preset, lang)
        }
    ));
    s.push_str(&format!(
        "<div class=\"table-wrap\" tabindex=\"0\" data-role=\"table\">{}</div>\n",
        table(
            &complete(preset)
                .map(|a| a.combination())
                .unwrap_or_default(),
            lang
        )
    ));
    s.push_str(&format!(
        "<p class=\"widget-note\">{}</p>\n",
        esc(&match lang {
            Lang::Zh => format!("大写字母表示具备，小写表示不具备。导入名单时也可以填写把握度：不低于 {}% 算具备，不高于 {}% 算不具备，介于两者之间算尚不清楚。回访间隔按 20/40/60/80 天分级。", crate::html::fixed(th.present_at, 2, true), crate::html::fixed(th.absent_at, 2, true)),
            Lang::En => format!("Capitals mean present, lower case absent. An imported list may give a confidence instead: {}% or more counts as present, {}% or less as absent, anything between as not yet known. Revisit intervals follow the 20/40/60/80-day classes.", crate::html::fixed(th.present_at, 2, true), crate::html::fixed(th.absent_at, 2, true)),
        })
    ));
    s.push_str(&format!(
        "<div class=\"man-list\" data-role=\"list\">\n<h4>{}</h4>\n<div data-role=\"list-body\">{}</div>\n<div class=\"widget-actions\"><button type=\"button\" data-action=\"export\">{}</button><label class=\"file-button\">{}<input type=\"file\" accept=\".csv,text/csv\" data-action=\"import\"></label><button type=\"button\" data-action=\"clear\">{}</button></div>\n<p class=\"widget-message\" data-role=\"message\" role=\"status\"></p>\n</div>\n",
        lang.pick("潜在客户名单（按优先级排序，保存在本浏览器中）", "Prospect list (ranked, kept in this browser)"),
        list(&[], lang),
        lang.pick("导出 CSV", "Export CSV"),
        lang.pick("导入 CSV", "Import CSV"),
        lang.pick("清空名单", "Clear the list"),
    ));
    s.push_str(&super::noscript(lang));
    s.push_str("\n</section>\n");
    s
}

/// The verdict panel for the answers given so far: neutral, naming the open questions,
/// until all three are answered.
pub fn result_of(given: &Given, lang: Lang) -> String {
    if let Some(a) = complete(given) {
        return result(&a, lang);
    }
    let open: Vec<&str> = given
        .iter()
        .zip(["钱（M）", "权（A）", "需（N）"].iter().zip([
            "Money (M)",
            "Authority (A)",
            "Need (N)",
        ]))
        .filter(|(g, _)| g.is_none())
        .map(|(_, (zh, en))| lang.pick(zh, en))
        .collect();
    format!(
        "<div class=\"verdict verdict-none\" data-verdict=\"none\"><p class=\"verdict-line\"><strong>{}</strong></p><p>{}{}</p></div>",
        lang.pick(
            "回答上面三个问题，这里会给出判断和对策。",
            "Answer the three questions to see the verdict and the action."
        ),
        lang.pick("还没回答：", "Still to answer: "),
        open.join(lang.pick("、", ", ")),
    )
}

/// Lines to fill in by hand, for the printed worksheet.
pub fn blank_result(lang: Lang) -> String {
    let line = "<span class=\"fill-in\"></span>";
    format!(
        "<div class=\"verdict verdict-blank\" data-verdict=\"blank\"><p>{} {line}</p><p>{} {line}</p><p>{} {line}</p><p>{} {line}</p></div>",
        lang.pick("组合（如 M+a+N）：", "Combination (e.g. M+a+N):"),
        lang.pick("判断：", "Verdict:"),
        lang.pick("对策：", "Action:"),
        lang.pick("回访间隔（天）：", "Revisit within (days):"),
    )
}

/// The verdict panel for one assessment.
pub fn result(a: &Assessment, lang: Lang) -> String {
    let row = a.row();
    let provisional = if a.is_provisional() {
        format!(
            " <span class=\"badge\">{}</span>",
            lang.pick("暂定", "provisional")
        )
    } else {
        String::new()
    };
    let revisit = match row.revisit_days {
        Some(d) => match lang {
            Lang::Zh => format!("{d} 天内回访"),
            Lang::En => format!("revisit within {d} days"),
        },
        None => lang.pick("不再回访", "no revisit").to_string(),
    };
    let mut s = format!(
        "<div class=\"verdict verdict-{}\" data-combination=\"{}\" data-verdict=\"{}\"><p class=\"verdict-line\"><strong class=\"combination\">{}</strong> · <strong>{}</strong>{provisional}</p><p>{}{}</p><p>{}{}</p>",
        row.verdict.as_str(),
        row.combination,
        row.verdict.as_str(),
        row.combination,
        row.verdict.label(lang),
        lang.pick("对策：", "Action: "),
        esc(row.action(lang)),
        lang.pick("建议：", "Suggested: "),
        revisit,
    );
    let qs = a.questions(lang);
    if !qs.is_empty() {
        s.push_str(&format!(
            "<p>{}</p><ul class=\"next-questions\">",
            lang.pick("下一步要问：", "Ask next:")
        ));
        for q in qs {
            s.push_str(&format!("<li>{}</li>", esc(q)));
        }
        s.push_str("</ul>");
    }
    s.push_str("</div>");
    s
}

/// The eight-row table, with the row of `current` marked (by text and style, not colour
/// alone).
pub fn table(current: &str, lang: Lang) -> String {
    let mut s = format!(
        "<table class=\"man-table\"><caption>{}</caption><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
        lang.pick("MAN 原则对照表", "The MAN table"),
        lang.pick("组合", "Combination"),
        lang.pick("判断", "Verdict"),
        lang.pick("对策", "Action"),
        lang.pick("回访", "Revisit"),
    );
    for row in TABLE.iter() {
        let is = row.combination == current;
        let mark = if is {
            format!(
                " <span class=\"current-mark\">◀ {}</span>",
                lang.pick("当前", "current")
            )
        } else {
            String::new()
        };
        let days = match row.revisit_days {
            Some(d) => match lang {
                Lang::Zh => format!("{d} 天内"),
                Lang::En => format!("{d} days"),
            },
            None => "—".into(),
        };
        s.push_str(&format!(
            "<tr data-combination=\"{}\"{}><th scope=\"row\">{}{mark}</th><td>{}</td><td>{}</td><td>{days}</td></tr>",
            row.combination,
            if is { " class=\"current\"" } else { "" },
            row.combination,
            row.verdict.label(lang),
            esc(row.action(lang)),
        ));
    }
    s.push_str("</tbody></table>");
    s
}

/// The ranked prospect list.
pub fn list(prospects: &[Prospect], lang: Lang) -> String {
    if prospects.is_empty() {
        return format!(
            "<p class=\"empty\">{}</p>",
            lang.pick(
                "名单为空：填写名称并点击“加入名单”。",
                "The list is empty: enter a name and choose “Add to the list”."
            )
        );
    }
    let mut s = format!(
        "<div class=\"table-wrap\" tabindex=\"0\"><table class=\"prospect-table\"><thead><tr><th scope=\"col\">#</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\"><span class=\"visually-hidden\">{}</span></th></tr></thead><tbody>",
        lang.pick("名称", "Name"),
        lang.pick("组合", "Combination"),
        lang.pick("判断", "Verdict"),
        lang.pick("回访", "Revisit"),
        lang.pick("得分", "Score"),
        lang.pick("操作", "Actions"),
    );
    for (i, p) in crate::man::rank(prospects).iter().enumerate() {
        let row = p.assessment.row();
        let days = row.revisit_days.map_or("—".to_string(), |d| match lang {
            Lang::Zh => format!("{d} 天内"),
            Lang::En => format!("{d} days"),
        });
        s.push_str(&format!(
            "<tr><td>{}</td><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{days}</td><td>{}</td><td><button type=\"button\" data-remove=\"{}\">{}<span class=\"visually-hidden\"> {}</span></button></td></tr>",
            i + 1,
            esc(&p.name),
            p.assessment.combination(),
            row.verdict.label(lang),
            p.assessment.score(),
            esc(&p.name),
            lang.pick("删除", "Remove"),
            esc(&p.name),
        ));
    }
    s.push_str("</tbody></table></div>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn static_widget_has_contract_form_and_table() {
        let a = [Some(Answer::Yes), Some(Answer::Unknown), Some(Answer::Yes)];
        let html = widget("w1", &a, &Thresholds::default(), Lang::Zh, false);
        assert!(html.contains("data-widget=\"man-scorer\""));
        assert!(
            !html.contains("data-state"),
            "only the runtime sets data-state"
        );
        assert_eq!(html.matches("<tr data-combination=").count(), 8);
        assert!(html.contains("<tr data-combination=\"M+a+N\" class=\"current\">"));
        assert!(html.contains("value=\"unknown\" checked"));
        assert!(html.contains("data-verdict=\"approachable\""));
        assert!(
            html.contains("权（A）"),
            "asks the next question for the unknown letter"
        );
        assert!(html.contains("不低于 60% 算具备"));
    }

    /// Issue 12, item 5: without presets the scorer starts neutral (no answer checked, no
    /// verdict, no row marked), and says which questions are still open.
    #[test]
    fn starts_neutral_until_all_three_are_answered() {
        let html = widget("w1", &[None; 3], &Thresholds::default(), Lang::Zh, false);
        assert!(!html.contains(" checked"));
        assert!(!html.contains("class=\"current\""));
        assert!(html.contains("data-verdict=\"none\""));
        assert!(
            !html.contains("verdict-not-a-customer"),
            "no verdict before any answer"
        );
        assert!(html.contains("还没回答：钱（M）、权（A）、需（N）"));
        let half = result_of(&[Some(Answer::Yes), None, Some(Answer::No)], Lang::En);
        assert!(
            half.contains("Still to answer: Authority (A)</p>"),
            "{half}"
        );
        assert!(!half.contains("data-combination"));
        // "Not yet known" is an answer: the provisional verdict follows.
        let all = result_of(&[Some(Answer::Unknown); 3], Lang::En);
        assert!(all.contains("data-verdict=\"not-a-customer\""));
        assert!(all.contains("provisional"));
    }

    /// Issue 12, item 5: the printed worksheet is blank even with presets.
    #[test]
    fn worksheet_is_blank() {
        let html = widget(
            "w1",
            &[Some(Answer::Yes); 3],
            &Thresholds::default(),
            Lang::En,
            true,
        );
        assert!(!html.contains(" checked"));
        assert!(!html.contains("class=\"current\""));
        assert!(!html.contains("data-combination=\"M+A+N\" data-verdict"));
        assert_eq!(html.matches("class=\"fill-in\"").count(), 4);
    }

    #[test]
    fn list_is_ranked_and_escaped() {
        let p = |n: &str, m| Prospect {
            name: n.into(),
            assessment: Assessment {
                money: m,
                authority: Answer::Yes,
                need: Answer::Yes,
            },
        };
        let html = list(&[p("<b>", Answer::No), p("甲", Answer::Yes)], Lang::En);
        let first = html.find("甲").unwrap();
        let second = html.find("&lt;b&gt;").unwrap();
        assert!(first < second);
        assert!(!html.contains("<b>"));
    }
}
