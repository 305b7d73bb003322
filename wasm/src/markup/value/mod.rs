//! Markup and evaluation of the customer value calculator.

use super::{get, input, Params};
use crate::html::{esc, fmt_change, fmt_num, fmt_pct};
use crate::i18n::Lang;
use crate::num::{self, FieldError, RateUnit};
use crate::value::{self, ClvInput, Quadrant, Tier, Winner, COST_PARTS, VALUE_PARTS};

/// The calculator's sections.
pub const SECTIONS: [&str; 3] = ["delivered", "lifetime", "tier"];

/// Field names of each section with a worked example of each (the course's numbers).
/// The widget starts empty; authors preset fields (see `docs/AUTHORING.md`).
pub fn examples(section: &str) -> Params {
    let pairs: &[(&str, &str)] = match section {
        "delivered" => &[
            ("ours-product", "80"),
            ("ours-service", "30"),
            ("ours-personnel", "20"),
            ("ours-image", "10"),
            ("ours-money", "90"),
            ("ours-time", "10"),
            ("ours-mental", "5"),
            ("ours-physical", "5"),
            ("theirs-product", "70"),
            ("theirs-service", "20"),
            ("theirs-personnel", "15"),
            ("theirs-image", "15"),
            ("theirs-money", "80"),
            ("theirs-time", "15"),
            ("theirs-mental", "10"),
            ("theirs-physical", "5"),
        ],
        "lifetime" => &[
            ("margin", "100"),
            ("retention", "80"),
            ("discount", "10"),
            ("years", ""),
            ("acquisition-cost", "0"),
        ],
        "tier" => &[
            ("current", "80"),
            ("potential", "150"),
            ("current-threshold", "100"),
            ("potential-threshold", "100"),
            ("our-sales", "20"),
            ("total-purchases", "22"),
        ],
        _ => &[],
    };
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// Field names of each section, all empty: the widget's start.
pub fn defaults(section: &str) -> Params {
    examples(section)
        .into_iter()
        .map(|(k, _)| (k, String::new()))
        .collect()
}

/// The fields a section cannot compute without.
fn required(section: &str) -> Vec<String> {
    match section {
        "delivered" => examples(section).into_iter().map(|(k, _)| k).collect(),
        "lifetime" => vec!["margin".into(), "retention".into(), "discount".into()],
        "tier" => [
            "current",
            "potential",
            "current-threshold",
            "potential-threshold",
        ]
        .map(String::from)
        .to_vec(),
        _ => Vec::new(),
    }
}

/// A field's label.
fn label(field: &str, lang: Lang) -> &'static str {
    let (zh, en) = match field {
        "margin" => ("每年毛利 m", "Yearly margin m"),
        "retention" => ("保留率 r", "Retention rate r"),
        "discount" => ("折现率 i", "Discount rate i"),
        "years" => (
            "年限 T（留空表示不限）",
            "Horizon T in years (empty: no limit)",
        ),
        "acquisition-cost" => ("获客成本 AC（可选）", "Acquisition cost AC (optional)"),
        "current" => ("当前价值（当前业务量）", "Current value (business today)"),
        "potential" => ("潜在价值", "Potential value"),
        "current-threshold" => ("当前价值的分界线", "Threshold for large current value"),
        "potential-threshold" => ("潜在价值的分界线", "Threshold for high potential"),
        "our-sales" => ("我们的销售额（可选）", "Our sales (optional)"),
        "total-purchases" => (
            "客户的采购总额（可选）",
            "Customer's total purchases (optional)",
        ),
        _ => ("", ""),
    };
    lang.pick(zh, en)
}

/// An amount with the calculator's unit, if it has one (`266.67 元`).
fn amt(x: f64, unit: &str) -> String {
    if unit.is_empty() {
        fmt_num(x)
    } else {
        format!("{} {}", fmt_num(x), esc(unit))
    }
}

const LINE: &str = "<span class=\"fill-in\"></span>";

/// What a section shows until its required fields are filled: which are still empty.
fn waiting(section: &str, missing: &[String], lang: Lang) -> String {
    let what = if section == "delivered" {
        match lang {
            Lang::Zh => format!("还有 {} 项未填写（没有的项填 0）。", missing.len()),
            Lang::En => format!(
                "{} item{} still empty (enter 0 where there is none).",
                missing.len(),
                if missing.len() == 1 { " is" } else { "s are" }
            ),
        }
    } else {
        let names: Vec<&str> = missing.iter().map(|f| label(f, lang)).collect();
        format!(
            "{}{}",
            lang.pick("还没填写：", "Still empty: "),
            names.join(lang.pick("、", ", "))
        )
    };
    format!(
        "<p class=\"result-none\" data-out=\"none\"><strong>{}</strong> {}</p>",
        lang.pick(
            "填写上面的数字，这里会给出结果。",
            "Fill in the numbers above to see the result."
        ),
        esc(&what)
    )
}

/// Lines to fill in by hand where a section's result goes (the printed worksheet).
fn blank(section: &str, lang: Lang) -> String {
    match section {
        "delivered" => {
            let row = |l: &str| {
                format!(
                    "<tr><th scope=\"row\">{}</th><td>{LINE}</td><td>{LINE}</td></tr>",
                    esc(l)
                )
            };
            format!(
                "<table class=\"result-table worksheet\"><thead><tr><th scope=\"col\"><span class=\"visually-hidden\">{}</span></th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>{}{}{}</tbody></table><p>{} {LINE}</p>",
                lang.pick("项目", "Item"),
                lang.pick("我们", "Ours"),
                lang.pick("竞争对手", "Competitor"),
                row(lang.pick("顾客总价值", "Total customer value")),
                row(lang.pick("顾客总成本", "Total customer cost")),
                row(lang.pick("顾客让渡价值", "Customer delivered value")),
                lang.pick("客户更可能选择：", "The customer is more likely to choose:"),
            )
        }
        "lifetime" => {
            let rows: String = (1..=5)
                .map(|t| format!("<tr><td>{t}</td><td>{LINE}</td><td>{LINE}</td><td>{LINE}</td><td>{LINE}</td></tr>"))
                .collect();
            format!(
                "<p class=\"formula\">CLV = {LINE}</p><p>{} {LINE}</p><table class=\"result-table worksheet\"><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">r<sup>t</sup></th><th scope=\"col\">1/(1+i)<sup>t</sup></th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>{rows}</tbody></table>",
                lang.pick("保留率提高 5 个百分点后的 CLV：", "CLV with retention 5 points higher:"),
                lang.pick("年", "Year"),
                lang.pick("当年贡献现值", "Present value"),
                lang.pick("累计（扣除获客成本）", "Cumulative (after AC)"),
            )
        }
        _ => {
            let item = |l: &str| format!("<dt>{}</dt><dd>{LINE}</dd>", esc(l));
            format!(
                "<dl class=\"result-list worksheet\">{}{}{}{}{}</dl>",
                item(lang.pick("价值象限", "Value quadrant")),
                item(lang.pick("客户层级", "Account tier")),
                item(lang.pick("覆盖模式", "Coverage model")),
                item(lang.pick("追求的目标", "Goal")),
                item(lang.pick("钱包份额", "Share of wallet")),
            )
        }
    }
}

/// Evaluates one section: every field error (by field) and the result HTML (empty when any
/// field is wrong).
///
/// Until every required field is filled the result is a neutral line naming what is
/// still empty, and only the filled fields are checked (an empty field is not an error).
/// Amounts carry the unit of the `currency` param, if any.
pub fn eval(section: &str, p: &Params, lang: Lang) -> (Vec<FieldError>, String) {
    let unit = get(p, "currency").trim();
    let (errs, html) = match section {
        "delivered" => delivered(p, unit, lang),
        "lifetime" => lifetime(p, unit, lang),
        "tier" => tier(p, lang),
        _ => (Vec::new(), String::new()),
    };
    let missing: Vec<String> = required(section)
        .into_iter()
        .filter(|f| get(p, f).trim().is_empty())
        .collect();
    if missing.is_empty() {
        return (errs, html);
    }
    let errs: Vec<FieldError> = errs
        .into_iter()
        .filter(|e| !missing.contains(&e.field))
        .collect();
    (errs, waiting(section, &missing, lang))
}

fn amounts(p: &Params, fields: &[String], lang: Lang, errs: &mut Vec<FieldError>) -> Vec<f64> {
    fields
        .iter()
        .map(|f| match num::amount(f, get(p, f), lang) {
            Ok(x) => x,
            Err(e) => {
                errs.push(e);
                0.0
            }
        })
        .collect()
}

fn delivered(p: &Params, unit: &str, lang: Lang) -> (Vec<FieldError>, String) {
    let mut errs = Vec::new();
    let side = |who: &str, errs: &mut Vec<FieldError>| {
        let vf: Vec<String> = VALUE_PARTS
            .iter()
            .map(|(k, _, _)| format!("{who}-{k}"))
            .collect();
        let cf: Vec<String> = COST_PARTS
            .iter()
            .map(|(k, _, _)| format!("{who}-{k}"))
            .collect();
        let v = amounts(p, &vf, lang, errs);
        let c = amounts(p, &cf, lang, errs);
        value::delivered(&[v[0], v[1], v[2], v[3]], &[c[0], c[1], c[2], c[3]])
    };
    let ours = side("ours", &mut errs);
    let theirs = side("theirs", &mut errs);
    if !errs.is_empty() {
        return (errs, String::new());
    }
    let winner = match value::compare(&ours, &theirs) {
        Winner::Ours => lang.pick("我们的报价让渡价值更大：客户更可能选择我们。", "Our offer delivers more value: the customer is more likely to choose us."),
        Winner::Competitor => lang.pick("竞争对手的让渡价值更大：要么增加价值，要么降低客户的总成本（不只是价格）。", "The competitor's offer delivers more value: add value or cut the customer's total cost (not only the price)."),
        Winner::Tie => lang.pick("两份报价的让渡价值相同。", "Both offers deliver the same value."),
    };
    let row = |label: &str, a: f64, b: f64| {
        format!(
            "<tr><th scope=\"row\">{}</th><td data-out>{}</td><td data-out>{}</td></tr>",
            esc(label),
            amt(a, unit),
            amt(b, unit)
        )
    };
    let html = format!(
        "<table class=\"result-table\"><thead><tr><th scope=\"col\"><span class=\"visually-hidden\">{}</span></th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>{}{}{}</tbody></table><p class=\"result-summary\" data-winner=\"{}\">{}</p>",
        lang.pick("项目", "Item"),
        lang.pick("我们", "Ours"),
        lang.pick("竞争对手", "Competitor"),
        row(lang.pick("顾客总价值", "Total customer value"), ours.total_value, theirs.total_value),
        row(lang.pick("顾客总成本", "Total customer cost"), ours.total_cost, theirs.total_cost),
        row(lang.pick("顾客让渡价值", "Customer delivered value"), ours.delivered, theirs.delivered),
        match value::compare(&ours, &theirs) { Winner::Ours => "ours", Winner::Competitor => "competitor", Winner::Tie => "tie" },
        winner,
    );
    (errs, html)
}

/// Reads the lifetime inputs (rates in percent, as in the form).
pub fn clv_input(p: &Params, lang: Lang) -> Result<ClvInput, Vec<FieldError>> {
    let mut errs = Vec::new();
    let mut take = |r: Result<f64, FieldError>| r.map_err(|e| errs.push(e)).unwrap_or(0.0);
    let margin = take(num::amount("margin", get(p, "margin"), lang));
    let retention = take(num::rate(
        "retention",
        get(p, "retention"),
        RateUnit::Percent,
        lang,
    ));
    let discount = take(num::rate(
        "discount",
        get(p, "discount"),
        RateUnit::Percent,
        lang,
    ));
    let ac = if get(p, "acquisition-cost").trim().is_empty() {
        0.0
    } else {
        take(num::amount(
            "acquisition-cost",
            get(p, "acquisition-cost"),
            lang,
        ))
    };
    let years = if get(p, "years").trim().is_empty() {
        None
    } else {
        match num::years("years", get(p, "years"), lang) {
            Ok(y) => Some(y),
            Err(e) => {
                errs.push(e);
                None
            }
        }
    };
    if errs.is_empty() {
        Ok(ClvInput {
            margin,
            retention,
            discount,
            years,
            acquisition_cost: ac,
        })
    } else {
        Err(errs)
    }
}

fn lifetime(p: &Params, unit: &str, lang: Lang) -> (Vec<FieldError>, String) {
    let inp = match clv_input(p, lang) {
        Ok(i) => i,
        Err(e) => return (e, String::new()),
    };
    let c = match value::clv(&inp, lang) {
        Ok(c) => c,
        Err(e) => return (vec![e], String::new()),
    };
    let formula = match inp.years {
        Some(t) => format!(
            "CLV = Σ<sub>t=1..{t}</sub> {m} × {r}<sup>t</sup> ÷ (1 + {i})<sup>t</sup> − {ac} = <strong data-out=\"clv\">{}</strong>",
            amt(c.clv, unit), m = fmt_num(inp.margin), r = crate::html::fixed(inp.retention, 6, true), i = crate::html::fixed(inp.discount, 6, true), ac = fmt_num(inp.acquisition_cost)
        ),
        None => format!(
            "CLV = m × r ÷ (1 + i − r) − AC = {m} × {r} ÷ (1 + {i} − {r}) − {ac} = <strong data-out=\"clv\">{}</strong>",
            amt(c.clv, unit), m = fmt_num(inp.margin), r = crate::html::fixed(inp.retention, 6, true), i = crate::html::fixed(inp.discount, 6, true), ac = fmt_num(inp.acquisition_cost)
        ),
    };
    let mut rows = String::new();
    for y in &c.table {
        rows.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            y.year,
            fmt_pct(y.survival),
            crate::html::fixed(y.discount_factor, 4, false),
            amt(y.present_value, unit),
            amt(y.cumulative, unit)
        ));
    }
    let effect = value::retention_effect(&inp, c.clv, 0.05);
    let effect_text = match (effect.clv, effect.change) {
        (Some(v), Some(ch)) => match lang {
            Lang::Zh => format!("保留率提高 5 个百分点（到 {}）时，终生价值为 {}，变化 {}。", fmt_pct(effect.retention), amt(v, unit), fmt_change(ch)),
            Lang::En => format!("With retention 5 points higher ({}), the lifetime value is {}, a change of {}.", fmt_pct(effect.retention), amt(v, unit), fmt_change(ch)),
        },
        (Some(v), None) => match lang {
            Lang::Zh => format!("保留率提高 5 个百分点（到 {}）时，终生价值为 {}。", fmt_pct(effect.retention), amt(v, unit)),
            Lang::En => format!("With retention 5 points higher ({}), the lifetime value is {}.", fmt_pct(effect.retention), amt(v, unit)),
        },
        (None, _) => lang.pick("保留率再提高 5 个百分点时，不限年限的终生价值没有上限。", "With retention 5 points higher, the lifetime value over an unlimited horizon has no limit.").to_string(),
    };
    let note = if inp.years.is_none() {
        format!("<p class=\"widget-note\">{}</p>", lang.pick("不限年限：下表列出前几年，直到某一年的贡献不足总额的 0.5%。", "Unlimited horizon: the table lists the first years, until a year adds less than 0.5% of the total."))
    } else {
        String::new()
    };
    let html = format!(
        "<p class=\"formula\">{formula}</p><p class=\"result-summary\" data-out=\"effect\">{}</p><div class=\"table-wrap\" tabindex=\"0\"><table class=\"result-table\"><caption>{}</caption><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">r<sup>t</sup></th><th scope=\"col\">1/(1+i)<sup>t</sup></th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>{rows}</tbody></table></div>{note}",
        effect_text,
        lang.pick("逐年明细", "Year by year"),
        lang.pick("年", "Year"),
        lang.pick("当年贡献现值", "Present value"),
        lang.pick("累计（扣除获客成本）", "Cumulative (after AC)"),
    );
    (Vec::new(), html)
}

fn tier(p: &Params, lang: Lang) -> (Vec<FieldError>, String) {
    let mut errs = Vec::new();
    let fields: Vec<String> = [
        "current",
        "potential",
        "current-threshold",
        "potential-threshold",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let v = amounts(p, &fields, lang, &mut errs);
    let ours = get(p, "our-sales").trim();
    let total = get(p, "total-purchases").trim();
    let share = if ours.is_empty() && total.is_empty() {
        None
    } else {
        let o = num::amount("our-sales", ours, lang)
            .map_err(|e| errs.push(e))
            .ok();
        let t = num::amount("total-purchases", total, lang)
            .map_err(|e| errs.push(e))
            .ok();
        match (o, t) {
            (Some(o), Some(t)) => value::share_of_wallet(o, t, lang)
                .map_err(|e| errs.push(e))
                .ok(),
            _ => None,
        }
    };
    if !errs.is_empty() {
        return (errs, String::new());
    }
    let q = Quadrant::of(v[0], v[1], v[2], v[3]);
    let t = q.tier();
    let mut html = format!(
        "<dl class=\"result-list\" data-quadrant=\"{}\" data-tier=\"{}\"><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{}</dd>",
        q.0,
        t.as_str(),
        lang.pick("价值象限", "Value quadrant"),
        q.label(lang),
        lang.pick("客户层级", "Account tier"),
        t.label(lang),
        lang.pick("覆盖模式", "Coverage model"),
        t.coverage(lang),
        lang.pick("追求的目标", "Goal"),
        t.goal(lang),
    );
    if let Some(s) = share {
        html.push_str(&format!(
            "<dt>{}</dt><dd data-out=\"share\">{}</dd>",
            lang.pick("钱包份额", "Share of wallet"),
            fmt_pct(s)
        ));
    }
    html.push_str("</dl>");
    if let Some(w) = q.warning(lang) {
        html.push_str(&format!("<p class=\"result-warning\">{}</p>", esc(w)));
    }
    (Vec::new(), html)
}

fn tier_table(lang: Lang) -> String {
    let mut s = format!(
        "<div class=\"table-wrap\" tabindex=\"0\"><table class=\"rule-table\"><caption>{}</caption><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
        lang.pick("象限 → 层级 → 覆盖模式 → 目标", "Quadrant → tier → coverage → goal"),
        lang.pick("象限", "Quadrant"),
        lang.pick("层级", "Tier"),
        lang.pick("覆盖模式", "Coverage"),
        lang.pick("目标", "Goal"),
    );
    for q in [4u8, 3, 2, 1] {
        let t: Tier = Quadrant(q).tier();
        s.push_str(&format!(
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td></tr>",
            Quadrant(q).label(lang),
            t.label(lang),
            t.coverage(lang),
            t.goal(lang)
        ));
    }
    s.push_str("</tbody></table></div>");
    s
}

/// The complete static widget. `presets` fill fields (the widget starts empty and
/// neutral); a `currency` preset is the unit shown after amounts. As a printed
/// `worksheet`, every field is empty and results are lines to fill in by hand.
pub fn widget(id: &str, show: &[&str], presets: &Params, lang: Lang, worksheet: bool) -> String {
    let unit = get(presets, "currency").trim();
    let mut s = format!(
        "<section class=\"widget value-calculator\" id=\"{id}\" data-widget=\"value-calculator\" data-lang=\"{}\">\n<h3 class=\"widget-title\" id=\"{id}-title\">{}</h3>\n",
        lang.code(),
        lang.pick("客户价值计算器", "Customer value calculator"),
    );
    for section in SECTIONS.iter().filter(|s| show.contains(s)) {
        let mut values = defaults(section);
        for (k, v) in values.iter_mut() {
            if let Some((_, pv)) = presets.iter().find(|(pk, _)| pk == k) {
                if !worksheet {
                    *v = pv.clone();
                }
            }
        }
        values.push(("currency".into(), unit.to_string()));
        let (title, intro) = match *section {
            "delivered" => (lang.pick("顾客让渡价值：我们与竞争对手", "Delivered value: ours against a competitor's"), lang.pick("用同一把尺子（例如 0-100 分或金额）给两份报价的各项价值和成本打分。让渡价值 = 顾客总价值 − 顾客总成本。", "Score both offers' values and costs on one scale (points 0-100, or money). Delivered value = total customer value − total customer cost.")),
            "lifetime" => (lang.pick("客户终生价值", "Customer lifetime value"), lang.pick("CLV = Σ m·r^t/(1+i)^t − AC；不限年限时为 m·r/(1+i−r) − AC。m 为每年毛利，r 为保留率，i 为折现率，AC 为获客成本。", "CLV = Σ m·r^t/(1+i)^t − AC; with no horizon, m·r/(1+i−r) − AC. m is the yearly margin, r the retention rate, i the discount rate, AC the acquisition cost.")),
            _ => (lang.pick("价值象限、客户层级与钱包份额", "Quadrant, account tier and share of wallet"), lang.pick("把当前价值和潜在价值与你设定的分界线比较，得到象限、层级、覆盖模式和目标。钱包份额 = 我们的销售额 ÷ 客户的采购总额。", "Compare current and potential value with your thresholds to get the quadrant, tier, coverage model and goal. Share of wallet = our sales ÷ the customer's total purchases.")),
        };
        s.push_str(&format!("<form class=\"widget-form value-section\" data-section=\"{section}\" aria-labelledby=\"{id}-{section}-title\">\n<h4 id=\"{id}-{section}-title\">{}</h4>\n<p class=\"widget-intro\">{}</p>\n", title, esc(intro)));
        let sid = format!("{id}-{section}");
        if !unit.is_empty() {
            s.push_str(&format!(
                "<input type=\"hidden\" name=\"currency\" value=\"{}\">",
                esc(unit)
            ));
        }
        match *section {
            "delivered" => {
                for (who, wzh, wen) in [
                    ("ours", "我们", "Ours"),
                    ("theirs", "竞争对手", "Competitor"),
                ] {
                    s.push_str(&format!(
                        "<fieldset class=\"value-side\"><legend>{}</legend>",
                        lang.pick(wzh, wen)
                    ));
                    for (k, zh, en) in VALUE_PARTS.iter().chain(COST_PARTS.iter()) {
                        let f = format!("{who}-{k}");
                        s.push_str(&input(
                            &sid,
                            &f,
                            lang.pick(zh, en),
                            get(&values, &f),
                            "decimal",
                            "",
                        ));
                    }
                    s.push_str("</fieldset>\n");
                }
            }
            "lifetime" => {
                for (k, mode, suffix) in [
                    ("margin", "decimal", unit),
                    ("retention", "decimal", "%"),
                    ("discount", "decimal", "%"),
                    ("years", "numeric", ""),
                    ("acquisition-cost", "decimal", unit),
                ] {
                    s.push_str(&input(
                        &sid,
                        k,
                        label(k, lang),
                        get(&values, k),
                        mode,
                        suffix,
                    ));
                }
            }
            _ => {
                for k in [
                    "current",
                    "potential",
                    "current-threshold",
                    "potential-threshold",
                    "our-sales",
                    "total-purchases",
                ] {
                    s.push_str(&input(
                        &sid,
                        k,
                        label(k, lang),
                        get(&values, k),
                        "decimal",
                        "",
                    ));
                }
            }
        }
        let body = if worksheet {
            blank(section, lang)
        } else {
            let (errs, html) = eval(section, &values, lang);
            if errs.is_empty() {
                html
            } else {
                String::new()
            }
        };
        s.push_str(&format!(
            "<div class=\"widget-result\" data-role=\"result\" aria-live=\"polite\">{body}</div>\n"
        ));
        if *section == "tier" {
            s.push_str(&tier_table(lang));
        }
        s.push_str("</form>\n");
    }
    s.push_str(&super::noscript(lang));
    s.push_str("\n</section>\n");
    s
}

#[cfg(test)]
mod tests;
