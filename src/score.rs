//! `playbook score`: the widgets' rules on the command line, for trainers — the same
//! toolkit code the browser runs.
//!
//! Input: flag values, or the text of a CSV prospect list. Output: the text to print, or
//! the new text of the list (see [`man_file`]), or every problem with its location.
//! Must not: touch the file system (the command line reads and writes, through
//! [`crate::in_place`]), or lose a byte of the user's list.

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

/// The columns `playbook score man FILE` adds, in this order.
pub const RESULT_COLUMNS: [&str; 5] = ["combination", "verdict", "action", "revisit_days", "score"];

/// The prefix of the result columns when the user's header already has one of their
/// plain names: `playbook_combination` … `playbook_score`.
pub const RESULT_PREFIX: &str = "playbook_";

/// A scored prospect list.
#[derive(Debug)]
pub struct Scored {
    /// The complete new text: every byte of the input kept, the result cells spliced in.
    pub text: String,
    /// How many contacts were scored (0 for a list with a header only).
    pub contacts: usize,
    /// The names of the result columns.
    pub columns: [String; 5],
    /// A column of the user's that made the plain names unusable, when the prefixed names
    /// were chosen in this run.
    pub clash: Option<String>,
}

/// Scores a CSV prospect list (columns name, money, authority, need; see
/// [`man::parse_list`]) without losing anything of it.
///
/// Every byte of `text` is kept — the BOM, line ends, blank lines, quoting, cells beyond
/// the header — except the result cells, which are spliced into each record:
/// - if the header ends with the five result columns in order ([`RESULT_COLUMNS`], or the
///   same names with [`RESULT_PREFIX`]), they are Playbook's, from an earlier run or the
///   browser's export, and their cells are refreshed in place (so a second run changes
///   nothing);
/// - otherwise they are added after the widest row (a header shorter than its rows gets
///   empty names, so that extra cells stay in their columns), named [`RESULT_COLUMNS`],
///   or, when the header already holds one of those names (any case, spaces trimmed),
///   `playbook_…`; when it holds both forms of a name, nothing is written.
///
/// Errors are `FILE:LINE:COL: error: message`, every one of the list at once; lines
/// count blank lines and line breaks inside quoted cells.
pub fn man_file(
    path: &Path,
    text: &str,
    th: &Thresholds,
    lang: Lang,
) -> Result<Scored, Vec<String>> {
    let shown = path.display();
    let at = |line: usize, col: usize, msg: &str| format!("{shown}:{line}:{col}: error: {msg}");
    let records = csv::records(text)
        .map_err(|e| vec![at(e.line, e.col, "a quote opened here is never closed")])?;
    if records.is_empty() {
        let what = if text.is_empty() {
            "the file is empty"
        } else if text == "\u{feff}" {
            "the file holds only a byte-order mark (BOM)"
        } else {
            "the file has only blank lines"
        };
        return Err(vec![at(
            1,
            1,
            &format!("{what}; a prospect list starts with a header line such as `name,money,authority,need`"),
        )]);
    }
    let list = man::parse_records(&records, th, lang).map_err(|errs| {
        errs.iter()
            .map(|e| at(e.line, e.col, &e.message))
            .collect::<Vec<_>>()
    })?;
    let header = &records[0];
    let names = |prefix: &str| RESULT_COLUMNS.map(|c| format!("{prefix}{c}"));
    let h = header.fields.len();
    let ours = [String::new(), RESULT_PREFIX.to_string()]
        .into_iter()
        .find(|p| {
            h >= 5
                && header.fields[h - 5..]
                    .iter()
                    .map(|f| &f.value)
                    .eq(names(p).iter())
        });
    let (start, remove, columns, clash) = match ours {
        Some(p) => (h - 5, 5, names(&p), None),
        None => {
            let taken = |prefix: &str| {
                let wanted = names(prefix);
                header.fields.iter().find(|f| {
                    let v = f.value.trim().to_lowercase();
                    wanted.contains(&v)
                })
            };
            let (prefix, clash) = match (taken(""), taken(RESULT_PREFIX)) {
                (None, _) => ("", None),
                (Some(c), None) => (RESULT_PREFIX, Some(c.value.clone())),
                (Some(c), Some(d)) => {
                    return Err(vec![at(
                        d.line,
                        d.col,
                        &format!(
                            "the header already has a column `{}` and a column `{}`, so the results have no free column name; rename one of them",
                            c.value.trim(),
                            d.value.trim()
                        ),
                    )])
                }
            };
            let widest = records.iter().map(|r| r.fields.len()).max().unwrap_or(0);
            (widest, 0, names(prefix), clash)
        }
    };
    let mut out = String::with_capacity(text.len() + records.len() * 64);
    let mut copied = 0;
    for (k, rec) in records.iter().enumerate() {
        out.push_str(&text[copied..rec.span.start]);
        let cells: Vec<String> = match k.checked_sub(1).and_then(|i| list.get(i)) {
            None => columns.to_vec(),
            Some(p) => {
                let a = &p.assessment;
                let r = a.row();
                vec![
                    a.combination(),
                    r.verdict.as_str().to_string(),
                    r.action(lang).to_string(),
                    r.revisit_days.map(|d| d.to_string()).unwrap_or_default(),
                    a.score().to_string(),
                ]
            }
        };
        splice(&mut out, text, rec, start, remove, &cells);
        copied = rec.span.end;
    }
    out.push_str(&text[copied..]);
    Ok(Scored {
        text: out,
        contacts: list.len(),
        columns,
        clash,
    })
}

/// Appends `rec` to `out` with its fields `start..start + remove` replaced by `cells`
/// (quoted as needed), padding a shorter record with empty fields up to `start`. Every
/// other field is copied byte for byte.
fn splice(
    out: &mut String,
    text: &str,
    rec: &csv::Record,
    start: usize,
    remove: usize,
    cells: &[String],
) {
    let f = &rec.fields;
    if f.len() >= start {
        if start > 0 {
            out.push_str(&text[rec.span.start..f[start - 1].span.end]);
        }
    } else {
        out.push_str(&text[rec.span.clone()]);
        out.push_str(&",".repeat(start - f.len()));
    }
    if start > 0 {
        out.push(',');
    }
    let quoted: Vec<String> = cells.iter().map(|c| csv::field(c)).collect();
    out.push_str(&quoted.join(","));
    if f.len() > start + remove {
        out.push(',');
        out.push_str(&text[f[start + remove].span.start..rec.span.end]);
    }
}

/// 1-based line and column just past `text` (line ends as in [`csv::records`]): where a
/// problem found after reading `text` is.
pub fn end_line_col(text: &str) -> (usize, usize) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (mut line, mut col, mut after_cr) = (1, 1, false);
    for c in text.chars() {
        match c {
            '\n' if after_cr => {}
            '\n' | '\r' => (line, col) = (line + 1, 1),
            _ => col += 1,
        }
        after_cr = c == '\r';
    }
    (line, col)
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
