//! HTML of the widgets: the complete static markup rendered at build time (form, labels,
//! rule table or formula, the result for the preset values) and the fragments the browser
//! re-renders as the reader types. The same functions serve both, so the page a reader
//! without JavaScript sees and the hydrated widget always agree.

pub mod loyalty;
pub mod man;
pub mod value;

use crate::html::esc;
use crate::i18n::Lang;

/// A labelled text input with an error slot beside it.
pub(crate) fn input(
    id: &str,
    field: &str,
    label: &str,
    value: &str,
    mode: &str,
    suffix: &str,
) -> String {
    let fid = format!("{id}-{field}");
    let suffix = if suffix.is_empty() {
        String::new()
    } else {
        format!(
            "<span class=\"unit\" aria-hidden=\"true\">{}</span>",
            esc(suffix)
        )
    };
    format!(
        "<div class=\"field\"><label for=\"{fid}\">{}</label><span class=\"input-wrap\"><input id=\"{fid}\" name=\"{field}\" type=\"text\" inputmode=\"{mode}\" autocomplete=\"off\" value=\"{}\" aria-describedby=\"{fid}-error\">{suffix}</span><span class=\"field-error\" id=\"{fid}-error\" data-error-for=\"{field}\"></span></div>",
        esc(label),
        esc(value),
    )
}

/// The widget's closing notice for readers without JavaScript.
pub(crate) fn noscript(lang: Lang) -> String {
    format!(
        "<noscript><p class=\"widget-noscript\">{}</p></noscript>",
        lang.pick(
            "启用 JavaScript 后可以交互计算；没有 JavaScript 时，可以按上面的规则表和公式手工计算，或打印本页作为工作表。",
            "With JavaScript on, this tool calculates as you type; without it, use the rule table and formulas above, or print the page as a worksheet.",
        )
    )
}

/// Values for the fields, by name.
pub type Params = Vec<(String, String)>;

/// Reads `key=value` lines (the format the browser sends) into params.
pub fn parse_params(text: &str) -> Params {
    text.lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.to_string()))
        .collect()
}

pub(crate) fn get<'a>(p: &'a Params, key: &str) -> &'a str {
    p.iter()
        .find(|(k, _)| k == key)
        .map_or("", |(_, v)| v.as_str())
}
