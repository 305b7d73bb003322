use super::*;

fn all_examples() -> Params {
    SECTIONS.iter().flat_map(|s| examples(s)).collect()
}

#[test]
fn static_widget_shows_results_for_presets() {
    let html = widget("v1", &SECTIONS, &all_examples(), Lang::En, false);
    assert!(html.contains("data-widget=\"value-calculator\""));
    assert!(html.contains("<strong data-out=\"clv\">266.67</strong>"));
    assert!(html.contains("data-winner=\"ours\""));
    assert!(html.contains("data-quadrant=\"3\" data-tier=\"named\""));
    assert!(html.contains("<dd data-out=\"share\">90.9%</dd>"));
    assert!(html.contains("+27.5%"));
    assert!(html.contains("<td data-out>140.00</td>"));
}

#[test]
fn presets_and_sections() {
    let mut p = examples("lifetime");
    p[0].1 = "200".into();
    p[3].1 = "3".into();
    let html = widget("v1", &["lifetime"], &p, Lang::Zh, false);
    assert!(!html.contains("data-section=\"delivered\""));
    assert!(html.contains("<strong data-out=\"clv\">328.17</strong>"));
}

/// Issue 12, item 5: without presets every field is empty and the result neutral,
/// naming what is missing, with no error for an empty field.
#[test]
fn starts_empty_and_neutral() {
    let html = widget("v1", &SECTIONS, &Vec::new(), Lang::En, false);
    assert!(!html.contains("value=\"8"), "no example numbers");
    assert_eq!(html.matches("data-out=\"none\"").count(), 3);
    assert!(html.contains("Still empty: Yearly margin m, Retention rate r, Discount rate i"));
    assert!(html.contains("16 items are still empty"));
    // One field typed: the others are still listed, not errors; a bad one is an error.
    let p = super::super::parse_params("margin=100\nretention=\ndiscount=abc");
    let (errs, html) = eval("lifetime", &p, Lang::En);
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].field, "discount");
    assert!(html.contains("Still empty: Retention rate r</p>"), "{html}");
}

/// Issue 12, item 5: the worksheet is blank whatever the presets; amounts carry the
/// chapter's unit, with one rounding rule and a true minus sign.
#[test]
fn worksheet_is_blank_and_amounts_have_units() {
    let html = widget("v1", &SECTIONS, &all_examples(), Lang::Zh, true);
    assert!(!html.contains("value=\"8"), "no example numbers in print");
    assert!(!html.contains("data-out"), "no results in print");
    assert!(html.contains("<p class=\"formula\">CLV = <span class=\"fill-in\"></span></p>"));
    let p = super::super::parse_params(
        "margin=100\nretention=80\ndiscount=10\nyears=1\nacquisition-cost=100\ncurrency=元",
    );
    let (_, html) = eval("lifetime", &p, Lang::Zh);
    // 100·0.8/1.1 − 100 = −27.27.
    assert!(
        html.contains("<strong data-out=\"clv\">\u{2212}27.27 元</strong>"),
        "{html}"
    );
    assert!(html.contains("<td>80.0%</td>"));
    let mut p = all_examples();
    p.push(("currency".into(), "元".into()));
    let html = widget("v1", &["lifetime"], &p, Lang::Zh, false);
    assert!(html.contains("<input type=\"hidden\" name=\"currency\" value=\"元\">"));
    assert!(html.contains("<strong data-out=\"clv\">266.67 元</strong>"));
}

#[test]
fn bad_values_give_field_errors_not_nan() {
    let mut p = examples("lifetime");
    p[0].1 = "abc".into();
    p[1].1 = "120".into();
    let (errs, html) = eval("lifetime", &p, Lang::En);
    let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["margin", "retention"]);
    assert!(html.is_empty());
    let p =
        parse_params_for_test("margin=100\nretention=100\ndiscount=0\nyears=\nacquisition-cost=0");
    let (errs, _) = eval("lifetime", &p, Lang::En);
    assert_eq!(errs[0].field, "retention");
    for section in SECTIONS {
        let (_, html) = eval(section, &examples(section), Lang::En);
        assert!(!html.contains("NaN") && !html.contains("inf"), "{section}");
    }
}

/// Issue 12, item 4: the fields labelled % read rates by the one rule: 85 and 85% are
/// 85%, 0.85% is 0.85%, and 0.85 is refused with the question, never computed as 0.85%.
#[test]
fn rate_fields_follow_the_one_rule() {
    let clv = |retention: &str| {
        let p = parse_params_for_test(&format!(
            "margin=100\nretention={retention}\ndiscount=10\nyears=\nacquisition-cost=0"
        ));
        eval("lifetime", &p, Lang::En)
    };
    for r in ["85", "85%", "８５％"] {
        let (errs, html) = clv(r);
        assert!(errs.is_empty(), "{r}: {errs:?}");
        assert!(
            html.contains("<strong data-out=\"clv\">340.00</strong>"),
            "{r}"
        );
    }
    let (errs, html) = clv("0.85%");
    assert!(errs.is_empty());
    assert!(html.contains("<strong data-out=\"clv\">0.78</strong>"));
    let (errs, html) = clv("0.85");
    assert_eq!(errs[0].field, "retention");
    assert_eq!(
        errs[0].message,
        "0.85 → 0.85%? Did you mean 85%? Write 85% or 0.85%."
    );
    assert!(
        html.is_empty(),
        "nothing is computed from an ambiguous rate"
    );
}

fn parse_params_for_test(s: &str) -> Params {
    super::super::parse_params(s)
}
