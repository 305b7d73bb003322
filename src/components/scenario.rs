//! `::: scenario`: a branching visit scenario written in the toolkit's scenario syntax
//! (`playbook_kit::scenario`), validated at build time (syntax, then the graph), rendered
//! as a worksheet (every step with its choices, no outcomes) that `scenario.js` turns into
//! the player, and as the trainer key (the graph as a numbered table). Must not: read
//! files, or decide anything the toolkit decides (scoring, paths, the graph text).

use std::sync::Arc;

use playbook_kit::scenario::{self, Scenario, Summary};

use super::attrs::{AttrKind, AttrSpec, Attrs};
use super::quiz_text::{block as block_md, inline};
use crate::diagnostics::Diagnostic;
use crate::parse::blocks::Block;
use crate::render::escape;
use crate::strings::UiStrings;

const SPEC: &[AttrSpec] = &[
    AttrSpec {
        name: "id",
        kind: AttrKind::Id,
        required: true,
    },
    AttrSpec {
        name: "title",
        kind: AttrKind::Text,
        required: false,
    },
];

/// A validated scenario.
#[derive(Clone, Debug)]
pub struct ScenarioBlock {
    /// Id, unique per language in the playbook (keys the stored run).
    pub id: String,
    /// Span of the id attribute.
    pub id_span: std::ops::Range<usize>,
    /// Optional title.
    pub title: Option<String>,
    /// The steps.
    pub scenario: Arc<Scenario>,
    /// Paths and scores (for `check -v`).
    pub summary: Summary,
    /// The graph text the browser plays.
    pub graph: String,
    /// Warnings found by the graph checks, located in the page.
    pub warnings: Vec<Diagnostic>,
    /// Offset of the body in the page (locates the steps of a translation).
    pub body_offset: usize,
}

impl ScenarioBlock {
    /// Checks the attributes, the syntax and the graph; every error at once.
    pub fn validate(
        path: &str,
        text: &Arc<str>,
        block: &Block,
    ) -> Result<ScenarioBlock, Vec<Diagnostic>> {
        let (a, mut errs) = Attrs::check_all(path, text, block, SPEC);
        let base = block.body_offset;
        let locate = |e: scenario::ScenarioError| {
            let span = if e.span == (0..0) {
                block.open_span.clone()
            } else {
                base + e.span.start..base + e.span.end
            };
            let d = Diagnostic::error(path, text, span, e.message).with_hint(e.hint);
            if e.warning {
                d.warning()
            } else {
                d
            }
        };
        let parsed = match scenario::parse(&block.body) {
            Ok(s) => Some(s),
            Err(es) => {
                errs.extend(es.into_iter().map(locate));
                None
            }
        };
        let Some(s) = parsed else {
            return Err(errs);
        };
        let (summary, found) = scenario::analyse(&s);
        let (warnings, mut hard): (Vec<Diagnostic>, Vec<Diagnostic>) = found
            .into_iter()
            .map(locate)
            .partition(|d| d.severity == crate::diagnostics::Severity::Warning);
        errs.append(&mut hard);
        match summary {
            Some(summary) if errs.is_empty() => {
                let id = a.get("id").expect("required attribute checked");
                Ok(ScenarioBlock {
                    id: id.value.clone(),
                    id_span: id.value_span.clone(),
                    title: a.text("title").map(str::to_string),
                    graph: scenario::encode(&s, summary.best),
                    scenario: Arc::new(s),
                    summary,
                    warnings,
                    body_offset: base,
                })
            }
            _ => Err(errs),
        }
    }

    fn title(&self, zh: bool) -> String {
        self.title.clone().unwrap_or_else(|| {
            if zh {
                "拜访模拟"
            } else {
                "Visit simulation"
            }
            .to_string()
        })
    }

    /// The worksheet that the player hydrates: every step with what the customer says,
    /// the context and the choices; feedback, reactions and debriefs are in `<template>`
    /// elements, neither displayed nor printed. As a `worksheet` (the handouts) the
    /// templates are left out and each choice gets a box to tick.
    /// `strings` are the page language's UI strings: the player's texts (`scenario_*`,
    /// `colon`) travel in `data-strings` as JSON, so that scenario.js has no words of its own.
    pub fn render(&self, lang: &str, strings: &UiStrings, worksheet: bool) -> String {
        let zh = lang.starts_with("zh");
        let t = |a: &'static str, b: &'static str| if zh { a } else { b };
        let dom = format!("scenario-{}", self.id);
        let steps: Vec<&scenario::Step> = self.scenario.steps.iter().collect();
        let player: serde_json::Map<String, serde_json::Value> = strings
            .iter()
            .filter(|(k, _)| k.starts_with("scenario_") || *k == "colon")
            .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
            .collect();
        let mut s = format!(
            "<section class=\"widget scenario\" id=\"{dom}\" data-widget=\"scenario\" data-scenario-id=\"{}\" data-lang=\"{lang}\" data-graph=\"{}\" data-hash=\"{}\" data-rating-excellent=\"{}\" data-rating-fair=\"{}\" data-rating-poor=\"{}\" data-strings=\"{}\" aria-labelledby=\"{dom}-title\">\n<h3 class=\"widget-title\" id=\"{dom}-title\">{}</h3>\n",
            escape(&self.id),
            escape(&self.graph),
            scenario::graph_hash(&self.graph),
            escape(&strings["scenario_excellent"]),
            escape(&strings["scenario_fair"]),
            escape(&strings["scenario_poor"]),
            escape(&serde_json::Value::Object(player).to_string()),
            escape(&self.title(zh)),
        );
        s.push_str(&format!(
            "<p class=\"scenario-intro\">{}</p>\n<ol class=\"scenario-sheet\">\n",
            if zh {
                format!(
                    "{} 个情境，{} 种结局。每一步选出你会说的话；",
                    self.summary.steps - self.summary.endings,
                    self.summary.endings
                ) + if worksheet {
                    "在方框里打勾，再和培训师一起对照答案。"
                } else {
                    "启用 JavaScript 后，客户会对你的每个选择作出反应。"
                }
            } else {
                format!(
                    "{} situations, {} endings. At each step pick what you would say; ",
                    self.summary.steps - self.summary.endings,
                    self.summary.endings
                ) + if worksheet {
                    "tick a box, then go through the trainer key together."
                } else {
                    "with JavaScript on, the customer reacts to each choice."
                }
            }
        ));
        for (i, st) in steps.iter().enumerate() {
            let sid = format!("{dom}-{}", st.name);
            if st.ending {
                s.push_str(&format!(
                    "<li class=\"scenario-step scenario-ending\" id=\"{sid}\" data-step=\"{i}\" data-name=\"{}\"><h4 class=\"scenario-step-title\">{}{}</h4>\n",
                    st.name,
                    t("结局：", "Ending: "),
                    inline(&st.title)
                ));
                if !st.say.is_empty() {
                    s.push_str(&format!(
                        "<blockquote class=\"scenario-say\">{}</blockquote>\n",
                        block_md(&st.say)
                    ));
                }
                if !worksheet {
                    s.push_str(&format!(
                        "<template data-debrief>{}</template>\n",
                        block_md(&st.context)
                    ));
                }
                s.push_str("</li>\n");
                continue;
            }
            s.push_str(&format!(
                "<li class=\"scenario-step\" id=\"{sid}\" data-step=\"{i}\" data-name=\"{}\"><h4 class=\"scenario-step-title\">{}</h4>\n",
                st.name,
                inline(&st.title)
            ));
            if !st.context.is_empty() {
                s.push_str(&format!(
                    "<div class=\"scenario-context\">{}</div>\n",
                    block_md(&st.context)
                ));
            }
            if !st.say.is_empty() {
                s.push_str(&format!(
                    "<blockquote class=\"scenario-say\"><p class=\"visually-hidden\">{}</p>{}</blockquote>\n",
                    t("客户说：", "The customer says:"),
                    block_md(&st.say)
                ));
            }
            s.push_str("<ol class=\"scenario-choices\" type=\"A\">\n");
            for (j, c) in st.choices.iter().enumerate() {
                s.push_str(&format!(
                    "<li class=\"scenario-choice\" data-choice=\"{j}\"{}>{}<span class=\"choice-text\">{}</span>",
                    match &c.when {
                        Some(w) => format!(" data-if=\"{}{}\"", if w.set { "" } else { "!" }, w.flag),
                        None => String::new(),
                    },
                    if worksheet { "<span class=\"tick\" aria-hidden=\"true\">☐</span> " } else { "" },
                    inline(&c.text)
                ));
                if !worksheet {
                    s.push_str(&format!(
                        "<template data-reaction=\"{}\" data-label=\"{}\" data-points=\"{}\">{}</template>",
                        c.reaction.as_str(),
                        c.reaction.label(zh),
                        c.points,
                        block_md(&c.feedback)
                    ));
                }
                s.push_str("</li>\n");
            }
            s.push_str("</ol>\n</li>\n");
        }
        s.push_str("</ol>\n");
        if !worksheet {
            s.push_str(&format!(
                "<div class=\"scenario-player\" data-role=\"player\" hidden></div>\n<p class=\"visually-hidden\" data-role=\"live\" role=\"status\" aria-live=\"polite\"></p>\n<noscript><p class=\"widget-noscript\">{}</p></noscript>\n",
                t("启用 JavaScript 后可以一步一步地练习；也可以打印本页，和培训师一起走一遍。", "With JavaScript on, you play the visit step by step; you can also print it and go through it with your trainer.")
            ));
        }
        s.push_str("</section>\n");
        s
    }

    /// The trainer key: the graph as a numbered table (step, choice, points, reaction,
    /// next step) and the endings with their debriefs.
    pub fn trainer_key(&self, lang: &str) -> String {
        let zh = lang.starts_with("zh");
        let t = |a: &'static str, b: &'static str| if zh { a } else { b };
        let steps = &self.scenario.steps;
        let number = |name: &str| self.scenario.index(name).map_or(0, |i| i + 1);
        let mut s = format!(
            "<div class=\"scenario-key\"><h3>{}</h3>\n<p>{}</p>\n<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"{}\"><table>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>\n",
            escape(&self.title(zh)),
            if zh {
                format!("最高 {} 分，最低 {} 分；路径 {}–{} 步。得分达到最高分的 80% 为优秀，50% 为合格。", self.summary.best, self.summary.worst, self.summary.shortest, self.summary.longest)
            } else {
                format!("Best {} points, worst {}; paths of {}–{} choices. 80% of the best score rates excellent, 50% fair.", self.summary.best, self.summary.worst, self.summary.shortest, self.summary.longest)
            },
            escape(&self.title(zh)),
            t("步骤", "Step"),
            t("选项", "Choice"),
            t("得分", "Points"),
            t("客户反应", "Reaction"),
            t("下一步", "Next"),
        );
        for (i, st) in steps.iter().enumerate().filter(|(_, st)| !st.ending) {
            for (j, c) in st.choices.iter().enumerate() {
                let cond = match &c.when {
                    Some(w) if w.set => {
                        format!(" <small>（{} {}）</small>", t("仅当", "only if"), w.flag)
                    }
                    Some(w) => format!(
                        " <small>（{} {}）</small>",
                        t("仅当未", "only if not"),
                        w.flag
                    ),
                    None => String::new(),
                };
                s.push_str(&format!(
                    "<tr><td>{}</td><td>{}. {}{cond}</td><td>{:+}</td><td>{}</td><td>{}. {}</td></tr>\n",
                    if j == 0 { format!("{}. {}", i + 1, inline(&st.title)) } else { String::new() },
                    (b'A' + j as u8) as char,
                    inline(&c.text),
                    c.points,
                    c.reaction.label(zh),
                    number(&c.next),
                    inline(&steps[number(&c.next) - 1].title),
                ));
            }
        }
        s.push_str("</tbody>\n</table></div>\n<dl class=\"scenario-endings\">\n");
        for (i, st) in steps.iter().enumerate().filter(|(_, st)| st.ending) {
            s.push_str(&format!(
                "<dt>{}. {}</dt><dd>{}</dd>\n",
                i + 1,
                inline(&st.title),
                block_md(&st.context)
            ));
        }
        s.push_str("</dl>\n</div>\n");
        s
    }
}
