//! The three widgets as components: `man-scorer`, `value-calculator`, `loyalty-checklist`.
//! Attributes are checked with the toolkit's own parsers (the browser uses the same code),
//! and the static markup comes from the toolkit's markup module.

use std::sync::Arc;

use playbook_kit::man::{Answer, Thresholds};
use playbook_kit::markup::{self, Params};
use playbook_kit::num::{self, RateUnit};
use playbook_kit::Lang;

use super::attrs::{AttrKind, AttrSpec, Attrs};
use crate::diagnostics::Diagnostic;
use crate::parse::blocks::Block;

const ANSWERS: &[&str] = &["yes", "no", "unknown"];

const MAN_SPEC: &[AttrSpec] = &[
    AttrSpec {
        name: "money",
        kind: AttrKind::OneOf(ANSWERS),
        required: false,
    },
    AttrSpec {
        name: "authority",
        kind: AttrKind::OneOf(ANSWERS),
        required: false,
    },
    AttrSpec {
        name: "need",
        kind: AttrKind::OneOf(ANSWERS),
        required: false,
    },
    // Thresholds are rates in percent: read by the one rule (`num::rate`) below.
    AttrSpec {
        name: "present-at",
        kind: AttrKind::Text,
        required: false,
    },
    AttrSpec {
        name: "absent-at",
        kind: AttrKind::Text,
        required: false,
    },
];

/// Value-calculator presets: every field of every section, and the unit of amounts.
const VALUE_FIELDS: &[&str] = &[
    "ours-product",
    "ours-service",
    "ours-personnel",
    "ours-image",
    "ours-money",
    "ours-time",
    "ours-mental",
    "ours-physical",
    "theirs-product",
    "theirs-service",
    "theirs-personnel",
    "theirs-image",
    "theirs-money",
    "theirs-time",
    "theirs-mental",
    "theirs-physical",
    "margin",
    "retention",
    "discount",
    "years",
    "acquisition-cost",
    "current",
    "potential",
    "current-threshold",
    "potential-threshold",
    "our-sales",
    "total-purchases",
    "currency",
];

fn value_spec() -> Vec<AttrSpec> {
    let mut v = vec![AttrSpec {
        name: "show",
        kind: AttrKind::ListOf(&markup::value::SECTIONS),
        required: false,
    }];
    v.extend(VALUE_FIELDS.iter().map(|f| AttrSpec {
        name: f,
        kind: AttrKind::Text,
        required: false,
    }));
    v
}

/// A validated MAN scorer.
#[derive(Clone, Debug)]
pub struct ManScorer {
    preset: [Option<Answer>; 3],
    thresholds: Thresholds,
}

fn answer(a: Option<&str>) -> Option<Answer> {
    match a? {
        "yes" => Some(Answer::Yes),
        "no" => Some(Answer::No),
        _ => Some(Answer::Unknown),
    }
}

impl ManScorer {
    /// Checks the block.
    pub fn validate(
        path: &str,
        text: &Arc<str>,
        block: &Block,
    ) -> Result<ManScorer, Vec<Diagnostic>> {
        let mut errs = no_body(path, text, block);
        let (a, e) = Attrs::check_all(path, text, block, MAN_SPEC);
        errs.extend(e);
        let mut threshold = |name: &str, default: f64| {
            let Some(attr) = a.get(name) else {
                return default;
            };
            match num::rate(name, &attr.value, RateUnit::Percent, Lang::En) {
                Ok(f) => f * 100.0,
                Err(e) => {
                    errs.push(
                        Diagnostic::error(
                            path,
                            text,
                            attr.value_span.clone(),
                            format!("invalid threshold `{name}`: {}", e.message),
                        )
                        .with_hint("thresholds are confidences in percent, e.g. present-at=\"60\" or \"60%\""),
                    );
                    default
                }
            }
        };
        let present = threshold("present-at", 60.0);
        let absent = threshold("absent-at", 40.0);
        let thresholds = Thresholds::new(present, absent).unwrap_or_else(|msg| {
            let span = a
                .get("absent-at")
                .or(a.get("present-at"))
                .map_or(block.open_span.clone(), |x| x.value_span.clone());
            errs.push(
                Diagnostic::error(path, text, span, format!("invalid thresholds: {msg}"))
                    .with_hint("for example present-at=\"60\" absent-at=\"40\""),
            );
            Thresholds::default()
        });
        if !errs.is_empty() {
            return Err(errs);
        }
        Ok(ManScorer {
            preset: [
                answer(a.text("money")),
                answer(a.text("authority")),
                answer(a.text("need")),
            ],
            thresholds,
        })
    }

    /// Static markup; a `worksheet` (the print handouts) is blank whatever the presets.
    pub fn render(&self, id: &str, lang: &str, worksheet: bool) -> String {
        markup::man::widget(
            id,
            &self.preset,
            &self.thresholds,
            Lang::from_code(lang),
            worksheet,
        )
    }
}

/// A validated value calculator.
#[derive(Clone, Debug)]
pub struct ValueCalculator {
    show: Vec<&'static str>,
    presets: Params,
}

impl ValueCalculator {
    /// Checks the block; presets are evaluated with the calculator itself so that a value
    /// the browser would refuse is refused at build time, at its attribute.
    pub fn validate(
        path: &str,
        text: &Arc<str>,
        block: &Block,
    ) -> Result<ValueCalculator, Vec<Diagnostic>> {
        let mut errs = no_body(path, text, block);
        let spec = value_spec();
        let (a, e) = Attrs::check_all(path, text, block, &spec);
        errs.extend(e);
        let show: Vec<&'static str> = match a.text("show") {
            Some(list) => markup::value::SECTIONS
                .iter()
                .copied()
                .filter(|s| list.split(',').any(|x| x.trim() == *s))
                .collect(),
            None => markup::value::SECTIONS.to_vec(),
        };
        let presets: Params = VALUE_FIELDS
            .iter()
            .filter_map(|f| a.text(f).map(|v| (f.to_string(), v.to_string())))
            .collect();
        for section in markup::value::SECTIONS {
            let mut values = markup::value::defaults(section);
            for (k, v) in values.iter_mut() {
                if let Some((_, pv)) = presets.iter().find(|(pk, _)| pk == k) {
                    *v = pv.clone();
                }
            }
            let (field_errs, _) = markup::value::eval(section, &values, Lang::En);
            for e in field_errs {
                let span = a
                    .get(&e.field)
                    .map_or(block.open_span.clone(), |x| x.value_span.clone());
                errs.push(
                    Diagnostic::error(path, text, span, format!("invalid preset `{}`: {}", e.field, e.message))
                        .with_hint("presets use the form's units: rates in percent (retention=\"85\" or \"85%\"; a bare value below 1 is refused), amounts as plain numbers"),
                );
            }
        }
        if !errs.is_empty() {
            return Err(errs);
        }
        Ok(ValueCalculator { show, presets })
    }

    /// Static markup; a `worksheet` (the print handouts) is blank whatever the presets.
    pub fn render(&self, id: &str, lang: &str, worksheet: bool) -> String {
        markup::value::widget(
            id,
            &self.show,
            &self.presets,
            Lang::from_code(lang),
            worksheet,
        )
    }
}

/// Widgets take no body: the problem, if there is one.
fn no_body(path: &str, text: &Arc<str>, block: &Block) -> Vec<Diagnostic> {
    if block.body.trim().is_empty() {
        return Vec::new();
    }
    let start = block.body_offset + (block.body.len() - block.body.trim_start().len());
    let end = block.body_offset + block.body.trim_end().len();
    vec![Diagnostic::error(path, text, start..end, format!("`{}` takes no content", block.name))
        .with_hint("configure the widget with attributes on its opening line, and close it with `:::` on the next line")]
}

/// Checks a loyalty checklist block (it has no attributes and no body).
pub fn validate_loyalty(path: &str, text: &Arc<str>, block: &Block) -> Result<(), Vec<Diagnostic>> {
    let mut errs = no_body(path, text, block);
    errs.extend(Attrs::check_all(path, text, block, &[]).1);
    if errs.is_empty() {
        Ok(())
    } else {
        Err(errs)
    }
}

/// Static markup of the loyalty checklist (`worksheet`: for print, blank).
pub fn render_loyalty(id: &str, lang: &str, worksheet: bool) -> String {
    markup::loyalty::widget(id, Lang::from_code(lang), worksheet)
}
