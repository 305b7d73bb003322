//! Markup of the loyalty checklist.

use crate::html::esc;
use crate::i18n::Lang;
use crate::loyalty::{self, Group, ITEMS};

/// The complete static widget. It starts neutral (no score before anything is ticked);
/// as a printed `worksheet`, the result is lines to fill in by hand.
pub fn widget(id: &str, lang: Lang, worksheet: bool) -> String {
    let mut s = format!(
        "<section class=\"widget loyalty-checklist\" id=\"{id}\" data-widget=\"loyalty-checklist\" data-lang=\"{}\">\n<h3 class=\"widget-title\" id=\"{id}-title\">{}</h3>\n<p class=\"widget-intro\">{}</p>\n<form class=\"widget-form\" data-role=\"form\">\n",
        lang.code(),
        lang.pick("客户忠诚度检查表", "Customer loyalty checklist"),
        lang.pick(
            "为一位客户勾选符合的项目。基本指标占 40 分，附加指标占 30 分，关系稳固的标志占 30 分。结果可以按客户保存在本浏览器中，并带日期留档。",
            "Tick what is true of one customer. Basic indicators count 40 points, additional indicators 30, the signs of a firm relationship 30. Results can be saved per customer in this browser, with dated snapshots.",
        ),
    );
    s.push_str(&super::input(
        id,
        "customer",
        lang.pick("客户名称", "Customer name"),
        "",
        "text",
        "",
    ));
    for g in Group::ALL {
        s.push_str(&format!(
            "<fieldset class=\"checklist-group\"><legend>{}</legend>",
            g.title(lang)
        ));
        for item in ITEMS.iter().filter(|i| i.group == g) {
            s.push_str(&format!(
                "<label class=\"check\"><input type=\"checkbox\" name=\"{}\" value=\"{}\"> {}</label>",
                item.id,
                item.id,
                esc(item.text(lang))
            ));
        }
        s.push_str("</fieldset>\n");
    }
    s.push_str(&format!(
        "<div class=\"widget-actions\"><button type=\"button\" data-action=\"save\">{}</button><button type=\"button\" data-action=\"export\">{}</button><button type=\"button\" data-action=\"clear\">{}</button></div>\n</form>\n",
        lang.pick("保存本次结果", "Save this check"),
        lang.pick("导出全部（CSV）", "Export all (CSV)"),
        lang.pick("删除该客户的记录", "Delete this customer's records"),
    ));
    s.push_str(&format!(
        "<div class=\"widget-result\" data-role=\"result\" aria-live=\"polite\">{}</div>\n<p class=\"widget-message\" data-role=\"message\" role=\"status\"></p>\n<div data-role=\"history\"></div>\n",
        if worksheet { blank_result(lang) } else { neutral(lang) }
    ));
    s.push_str(&format!(
        "<p class=\"widget-note\">{}</p>\n",
        lang.pick(
            "等级：低于 40 分为有流失风险；40-64 分为满意但尚未忠诚；65-84 分为忠诚；85 分及以上为稳固的伙伴关系。",
            "Levels: below 40 at risk; 40-64 satisfied, not yet loyal; 65-84 loyal; 85 and above a firm partnership.",
        )
    ));
    s.push_str(&super::noscript(lang));
    s.push_str("\n</section>\n");
    s
}

/// The result panel before anything is ticked.
pub fn neutral(lang: Lang) -> String {
    format!(
        "<div class=\"loyalty-result level-none\" data-level=\"none\"><p class=\"verdict-line\"><strong>{}</strong></p></div>",
        lang.pick(
            "勾选符合这位客户的项目，这里会给出得分、等级和下一步。",
            "Tick what is true of the customer to see the score, the level and what to do next."
        )
    )
}

/// Lines to fill in by hand, for the printed worksheet.
pub fn blank_result(lang: Lang) -> String {
    let line = "<span class=\"fill-in\"></span>";
    format!(
        "<div class=\"loyalty-result level-blank\" data-level=\"blank\"><p>{} {line} / 100</p><p>{} {line}</p><p>{} {line}</p></div>",
        lang.pick("得分：", "Score:"),
        lang.pick("等级：", "Level:"),
        lang.pick("下一步：", "What to do next:"),
    )
}

/// Score, level and next steps for a set of checked ids.
pub fn result(checked: &[&str], lang: Lang) -> String {
    let r = loyalty::score(checked);
    let mut s = format!(
        "<div class=\"loyalty-result level-{}\" data-level=\"{}\" data-score=\"{}\"><p class=\"verdict-line\"><strong>{} {}</strong> · <strong>{}</strong></p><ul class=\"group-scores\">",
        r.level.as_str(),
        r.level.as_str(),
        crate::html::fixed(r.score, 6, true),
        lang.pick("得分", "Score"),
        crate::html::fixed(r.score, 6, true),
        r.level.label(lang),
    );
    for (g, n, total) in &r.groups {
        s.push_str(&format!("<li>{}: {n}/{total}</li>", g.title(lang)));
    }
    s.push_str(&format!("</ul><p>{}</p>", esc(r.level.advice(lang))));
    if !r.missing.is_empty() {
        s.push_str(&format!(
            "<p>{}</p><ul class=\"next-steps\">",
            lang.pick("下一步可以做：", "What to do next:")
        ));
        let mut seen: Vec<&str> = Vec::new();
        for item in r.missing.iter() {
            let step = item.next_step(lang);
            if seen.contains(&step) {
                continue;
            }
            seen.push(step);
            if seen.len() > 5 {
                break;
            }
            // The missing item, then what to do about it: "item：step" / "item: step".
            s.push_str(&format!(
                "<li><span class=\"for\">{}</span>{}{}</li>",
                esc(item.text(lang)),
                lang.pick("：", ": "),
                esc(step)
            ));
        }
        s.push_str("</ul>");
    }
    s.push_str("</div>");
    s
}

/// The saved snapshots of one customer, newest first. `snapshots` are (date, ids).
pub fn history(customer: &str, snapshots: &[(String, Vec<String>)], lang: Lang) -> String {
    if snapshots.is_empty() {
        return String::new();
    }
    let mut s = format!(
        "<h4>{}{}</h4><ul class=\"history\">",
        lang.pick("历次检查：", "Saved checks: "),
        esc(customer)
    );
    let mut v: Vec<&(String, Vec<String>)> = snapshots.iter().collect();
    v.sort_by(|a, b| b.0.cmp(&a.0));
    for (date, ids) in v {
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let r = loyalty::score(&refs);
        s.push_str(&format!(
            "<li><time datetime=\"{}\">{}</time> — {} · {}</li>",
            esc(date),
            esc(date),
            crate::html::fixed(r.score, 6, true),
            r.level.label(lang)
        ));
    }
    s.push_str("</ul>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn static_widget_lists_twenty_items() {
        let html = widget("l1", Lang::Zh, false);
        assert!(html.contains("data-widget=\"loyalty-checklist\""));
        assert_eq!(html.matches("type=\"checkbox\"").count(), 20);
        // Issue 12, item 5: neutral at the start, blank lines in print.
        assert!(html.contains("data-level=\"none\""));
        assert!(
            !html.contains("at-risk"),
            "no level before anything is ticked"
        );
        let print = widget("l1", Lang::En, true);
        assert!(print.contains("data-level=\"blank\""));
        assert_eq!(print.matches("class=\"fill-in\"").count(), 3);
        assert!(!print.contains(" checked"));
    }

    #[test]
    fn result_lists_at_most_five_distinct_next_steps() {
        let html = result(&[], Lang::En);
        assert_eq!(html.matches("<li><span class=\"for\">").count(), 5);
        // Each missing item is followed by a separator, then what to do about it.
        assert_eq!(html.matches("</span>: ").count(), 5);
        assert_eq!(result(&[], Lang::Zh).matches("</span>：").count(), 5);
        let html = result(&["b1", "b2", "b3", "b4", "b5"], Lang::En);
        assert!(html.contains("data-score=\"40\""));
        assert!(html.contains("Satisfied, not yet loyal"));
    }

    #[test]
    fn history_is_newest_first() {
        let h = history(
            "甲",
            &[
                ("2026-01-01".into(), vec![]),
                ("2026-03-01".into(), vec!["b1".into()]),
            ],
            Lang::En,
        );
        assert!(h.find("2026-03-01").unwrap() < h.find("2026-01-01").unwrap());
        assert!(h.contains("— 8 · At risk"));
    }
}
