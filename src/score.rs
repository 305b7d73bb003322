//! `playbook score`: the widgets' rules on the command line, for trainers — the same
//! toolkit code the browser runs.

use std::path::Path;

use playbook_kit::csv;
use playbook_kit::json;
use playbook_kit::man::{self, Thresholds};
use playbook_kit::num::{self, RateUnit};
use playbook_kit::value::{self, ClvInput};
use playbook_kit::Lang;

/// Inputs of `playbook score man` for one contact.
pub struct ManArgs<'a> {
    /// yes | no | unknown | a confidence.
    pub money: &'a str,
    /// yes | no | unknown | a confidence.
    pub authority: &'a str,
    /// yes | no | unknown | a confidence.
    pub need: &'a str,
    /// Output language.
    pub lang: Lang,
    /// JSON output.
    pub json: bool,
    /// Confidence thresholds.
    pub thresholds: Thresholds,
}

/// Scores one contact. Returns the text to print, or an error naming the field.
pub fn man_one(a: &ManArgs) -> Result<String, String> {
    let mut answers = Vec::new();
    for (field, text) in [
        ("money", a.money),
        ("authority", a.authority),
        ("need", a.need),
    ] {
        answers.push(
            man::parse_answer(field, text, &a.thresholds, Lang::En)
                .map_err(|e| format!("--{}: {}", e.field, e.message))?,
        );
    }
    let asmt = man::Assessment {
        money: answers[0],
        authority: answers[1],
        need: answers[2],
    };
    let row = asmt.row();
    let questions = asmt.questions(a.lang);
    if a.json {
        return Ok(json::object(&[
            ("combination", json::string(&asmt.combination())),
            ("verdict", json::string(row.verdict.as_str())),
            ("action", json::string(row.action(a.lang))),
            (
                "revisit_days",
                row.revisit_days.map_or("null".into(), |d| d.to_string()),
            ),
            ("provisional", asmt.is_provisional().to_string()),
            (
                "ask_next",
                json::array(
                    &questions
                        .iter()
                        .map(|q| json::string(q))
                        .collect::<Vec<_>>(),
                ),
            ),
        ]));
    }
    let mut s = format!(
        "{}  {}\n{}\n",
        asmt.combination(),
        row.verdict.label(a.lang),
        row.action(a.lang)
    );
    if let Some(d) = row.revisit_days {
        s.push_str(&match a.lang {
            Lang::Zh => format!("建议 {d} 天内回访\n"),
            Lang::En => format!("Revisit within {d} days\n"),
        });
    }
    for q in questions {
        s.push_str(&format!("? {q}\n"));
    }
    Ok(s.trim_end().to_string())
}

/// Scores a CSV list in place: keeps every column and row order, adds (or refreshes)
/// `combination`, `verdict`, `action`, `revisit_days`, `score`. Returns the new text and
/// the number of rows scored, or every problem as `FILE:LINE: message`.
pub fn man_file(
    path: &Path,
    text: &str,
    th: &Thresholds,
    lang: Lang,
) -> Result<(String, usize), Vec<String>> {
    let shown = path.display();
    let list = man::parse_list(text, th, lang).map_err(|errs| {
        errs.iter()
            .map(|e| format!("{shown}:{}: {}", e.line, e.message))
            .collect::<Vec<_>>()
    })?;
    let rows = csv::parse(text).map_err(|l| vec![format!("{shown}:{l}: unclosed quote")])?;
    let added = ["combination", "verdict", "action", "revisit_days", "score"];
    let header = &rows[0];
    let keep: Vec<usize> = (0..header.len())
        .filter(|i| !added.contains(&header[*i].trim()))
        .collect();
    let mut out = String::new();
    let mut head: Vec<&str> = keep.iter().map(|i| header[*i].as_str()).collect();
    head.extend(added);
    out.push_str(&csv::line(&head));
    out.push('\n');
    for (row, p) in rows[1..].iter().zip(&list) {
        let a = &p.assessment;
        let r = a.row();
        let days = r.revisit_days.map(|d| d.to_string()).unwrap_or_default();
        let score = a.score().to_string();
        let comb = a.combination();
        let mut cells: Vec<&str> = keep
            .iter()
            .map(|i| row.get(*i).map_or("", String::as_str))
            .collect();
        cells.extend([
            comb.as_str(),
            r.verdict.as_str(),
            r.action(lang),
            days.as_str(),
            score.as_str(),
        ]);
        out.push_str(&csv::line(&cells));
        out.push('\n');
    }
    Ok((out, list.len()))
}

/// Inputs of `playbook score value`.
pub struct ValueArgs<'a> {
    /// Yearly margin.
    pub margin: Option<&'a str>,
    /// Retention: 0.8 or 80%.
    pub retention: Option<&'a str>,
    /// Discount rate: 0.1 or 10%.
    pub discount: Option<&'a str>,
    /// Horizon in years.
    pub years: Option<&'a str>,
    /// Acquisition cost.
    pub acquisition_cost: Option<&'a str>,
    /// Our offer: four values, comma-separated.
    pub value: Option<&'a str>,
    /// Our offer: four costs.
    pub cost: Option<&'a str>,
    /// The competitor's four values.
    pub competitor_value: Option<&'a str>,
    /// The competitor's four costs.
    pub competitor_cost: Option<&'a str>,
    /// Our sales to the customer.
    pub our_sales: Option<&'a str>,
    /// The customer's total purchases.
    pub total_purchases: Option<&'a str>,
    /// JSON output.
    pub json: bool,
    /// Output language.
    pub lang: Lang,
}

fn four(flag: &str, text: &str) -> Result<[f64; 4], String> {
    let parts: Vec<&str> = text.split(',').collect();
    if parts.len() != 4 {
        return Err(format!(
            "--{flag}: give four numbers separated by commas, e.g. 80,30,20,10"
        ));
    }
    let mut out = [0.0; 4];
    for (i, p) in parts.iter().enumerate() {
        out[i] = num::amount(flag, p, Lang::En)
            .map_err(|e| format!("--{flag}: item {}: {}", i + 1, e.message))?;
    }
    Ok(out)
}

/// Computes what the given inputs allow: CLV (margin, retention and discount), delivered
/// value (value and cost), share of wallet (our sales and total purchases).
pub fn value(a: &ValueArgs) -> Result<String, String> {
    let field = |e: num::FieldError| format!("--{}: {}", e.field, e.message);
    let mut fields: Vec<(&str, String)> = Vec::new();
    let mut text = Vec::new();
    let any_clv = a.margin.is_some() || a.retention.is_some() || a.discount.is_some();
    if any_clv {
        fn need<'v>(v: Option<&'v str>, f: &str) -> Result<&'v str, String> {
            v.ok_or_else(|| format!("--{f} is needed to compute the lifetime value"))
        }
        let margin = num::amount("margin", need(a.margin, "margin")?, Lang::En).map_err(field)?;
        let retention = num::rate(
            "retention",
            need(a.retention, "retention")?,
            RateUnit::Fraction,
            Lang::En,
        )
        .map_err(field)?;
        let discount = num::rate(
            "discount",
            need(a.discount, "discount")?,
            RateUnit::Fraction,
            Lang::En,
        )
        .map_err(field)?;
        let years = a
            .years
            .map(|y| num::years("years", y, Lang::En))
            .transpose()
            .map_err(field)?;
        let ac = a
            .acquisition_cost
            .map(|c| num::amount("acquisition-cost", c, Lang::En))
            .transpose()
            .map_err(field)?
            .unwrap_or(0.0);
        let input = ClvInput {
            margin,
            retention,
            discount,
            years,
            acquisition_cost: ac,
        };
        let c = value::clv(&input, Lang::En).map_err(field)?;
        let effect = value::retention_effect(&input, c.clv, 0.05);
        fields.push(("clv", json::number(c.clv)));
        fields.push((
            "clv_retention_plus_5",
            effect.clv.map_or("null".into(), json::number),
        ));
        text.push(format!("CLV: {}", playbook_kit::html::fmt_num(c.clv)));
        if let Some(v) = effect.clv {
            text.push(format!(
                "CLV with retention +5 points ({}): {}",
                playbook_kit::html::fmt_pct(effect.retention),
                playbook_kit::html::fmt_num(v)
            ));
        }
    } else if a.years.is_some() || a.acquisition_cost.is_some() {
        return Err(
            "--years and --acquisition-cost need --margin, --retention and --discount".into(),
        );
    }
    match (a.value, a.cost) {
        (Some(v), Some(c)) => {
            let ours = value::delivered(&four("value", v)?, &four("cost", c)?);
            fields.push(("delivered", json::number(ours.delivered)));
            text.push(format!(
                "Delivered value: {} (value {} − cost {})",
                playbook_kit::html::fmt_num(ours.delivered),
                playbook_kit::html::fmt_num(ours.total_value),
                playbook_kit::html::fmt_num(ours.total_cost)
            ));
            match (a.competitor_value, a.competitor_cost) {
                (Some(v), Some(c)) => {
                    let theirs = value::delivered(
                        &four("competitor-value", v)?,
                        &four("competitor-cost", c)?,
                    );
                    fields.push(("competitor_delivered", json::number(theirs.delivered)));
                    text.push(format!(
                        "Competitor's delivered value: {}",
                        playbook_kit::html::fmt_num(theirs.delivered)
                    ));
                }
                (None, None) => {}
                _ => return Err("--competitor-value and --competitor-cost go together".into()),
            }
        }
        (None, None) => {}
        _ => return Err("--value and --cost go together".into()),
    }
    match (a.our_sales, a.total_purchases) {
        (Some(o), Some(t)) => {
            let o = num::amount("our-sales", o, Lang::En).map_err(field)?;
            let t = num::amount("total-purchases", t, Lang::En).map_err(field)?;
            let s = value::share_of_wallet(o, t, Lang::En).map_err(field)?;
            fields.push(("share_of_wallet", json::number(s)));
            text.push(format!(
                "Share of wallet: {}",
                playbook_kit::html::fmt_pct(s)
            ));
        }
        (None, None) => {}
        _ => return Err("--our-sales and --total-purchases go together".into()),
    }
    if fields.is_empty() {
        return Err("nothing to compute: give --margin, --retention and --discount (and optionally --years, --acquisition-cost), or --value and --cost, or --our-sales and --total-purchases".into());
    }
    let _ = a.lang;
    Ok(if a.json {
        json::object(&fields)
    } else {
        text.join("\n")
    })
}
