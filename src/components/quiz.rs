//! `::: quiz`: a self-assessment quiz written in the Markdown quiz syntax (or loaded from a
//! GIFT file with `src="bank.gift"`), validated by the toolkit's parser, rendered as a
//! readable worksheet that the browser turns into a graded quiz.

use std::collections::HashMap;
use std::sync::Arc;

use playbook_kit::quiz::{self, Kind, Quiz};

use super::attrs::{AttrKind, AttrSpec, Attrs};
// Quiz text: Markdown like page text, never live HTML.
use super::quiz_text::{block as block_md, inline};
use super::quiz_types;
use crate::diagnostics::Diagnostic;
use crate::parse::blocks::Block;
use crate::render::escape;

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
    AttrSpec {
        name: "shuffle",
        kind: AttrKind::Bool,
        required: false,
    },
    AttrSpec {
        name: "draw",
        kind: AttrKind::Text,
        required: false,
    },
    AttrSpec {
        name: "src",
        kind: AttrKind::Text,
        required: false,
    },
];

/// GIFT files of the content tree, by path relative to `content/`.
pub type GiftSources = HashMap<String, GiftBank>;

/// A GIFT file, parsed the first time a quiz uses it and shared by every quiz that does
/// (a page of a thousand `src="bank.gift"` quizzes parses and holds the bank once).
#[derive(Debug)]
pub struct GiftBank {
    /// The file's text.
    pub text: Arc<str>,
    parsed: std::sync::OnceLock<Result<Arc<Quiz>, Vec<quiz::QuizError>>>,
}

impl GiftBank {
    /// A bank not parsed yet.
    pub fn new(text: Arc<str>) -> Self {
        GiftBank {
            text,
            parsed: std::sync::OnceLock::new(),
        }
    }

    /// The questions, or the problems of the file.
    pub fn parsed(&self) -> &Result<Arc<Quiz>, Vec<quiz::QuizError>> {
        self.parsed
            .get_or_init(|| playbook_kit::gift::parse(&self.text).map(Arc::new))
    }
}

/// A validated quiz.
#[derive(Clone, Debug)]
pub struct QuizBlock {
    /// Id, unique per language in the playbook.
    pub id: String,
    /// Span of the id attribute (for duplicate-id errors).
    pub id_span: std::ops::Range<usize>,
    /// Optional title.
    pub title: Option<String>,
    /// Shuffle the questions' options per attempt (on unless `shuffle="false"`).
    pub shuffle: bool,
    /// The questions (shared with the other quizzes of the same GIFT file).
    pub quiz: Arc<Quiz>,
    /// A question pool: each attempt draws this many of the questions (`draw=N`).
    pub draw: Option<usize>,
    /// Warnings of a valid quiz (`draw` equal to the number of questions).
    pub warnings: Vec<Diagnostic>,
    /// Where the questions' spans start in the file: the block's body, or `None` when
    /// they come from a GIFT file (`src`).
    pub body_offset: Option<usize>,
}

impl QuizBlock {
    /// Checks the block: attributes, then the questions (from the body or the GIFT file).
    pub fn validate(
        path: &str,
        text: &Arc<str>,
        block: &Block,
        page_dir: &str,
        gift: &GiftSources,
    ) -> Result<QuizBlock, Vec<Diagnostic>> {
        let (a, mut errs) = Attrs::check_all(path, text, block, SPEC);
        let parsed = match a.get("src") {
            Some(src) => {
                if !block.body.trim().is_empty() {
                    errs.push(
                        Diagnostic::error(
                            path,
                            text,
                            block.body_offset..block.body_offset + block.body.trim_end().len(),
                            "a quiz with `src` takes no questions of its own",
                        )
                        .with_hint("keep the questions in the GIFT file, or remove `src`"),
                    );
                }
                let key = crate::model::join_relative(page_dir, &src.value);
                match key.as_ref().and_then(|k| gift.get(k).map(|t| (k, t))) {
                    None => {
                        errs.push(
                            Diagnostic::error(path, text, src.value_span.clone(), format!("GIFT file `{}` not found", src.value))
                                .with_hint("the path is relative to this page, e.g. src=\"bank.gift\" for a file beside it"),
                        );
                        None
                    }
                    Some((k, bank)) => match bank.parsed() {
                        Ok(q) => Some(Arc::clone(q)),
                        Err(ge) => {
                            let gpath = format!("content/{k}");
                            errs.extend(ge.iter().map(|e| {
                                Diagnostic::error(
                                    &gpath,
                                    &bank.text,
                                    e.span.clone(),
                                    e.message.clone(),
                                )
                                .with_hint(e.hint.clone())
                            }));
                            None
                        }
                    },
                }
            }
            None => match quiz::parse(&block.body) {
                Ok(q) => Some(Arc::new(q)),
                Err(qe) => {
                    let base = block.body_offset;
                    errs.extend(qe.into_iter().map(|e| {
                        let span = if e.span == (0..0) {
                            block.open_span.clone()
                        } else {
                            base + e.span.start..base + e.span.end
                        };
                        Diagnostic::error(path, text, span, e.message).with_hint(e.hint)
                    }));
                    None
                }
            },
        };
        let mut warnings = Vec::new();
        let mut draw = None;
        if let (Some(attr), Some(quiz)) = (a.get("draw"), &parsed) {
            let (n, issues) = quiz::draw::check(&attr.value, quiz);
            draw = n;
            let inline = a.get("src").is_none();
            for i in issues {
                // A description of the quiz's own body is shown at its line.
                let span = match i.question.and_then(|q| quiz.questions.get(q)) {
                    Some(q) if inline => {
                        block.body_offset + q.span.start..block.body_offset + q.span.end
                    }
                    _ => attr.span.clone(),
                };
                let d = Diagnostic::error(path, text, span, i.message).with_hint(i.hint);
                if i.warning {
                    warnings.push(d.warning());
                } else {
                    errs.push(d);
                }
            }
        }
        match parsed {
            Some(quiz) if errs.is_empty() => {
                let id_attr = a.get("id").expect("required attribute checked");
                Ok(QuizBlock {
                    id: id_attr.value.clone(),
                    id_span: id_attr.value_span.clone(),
                    title: a.text("title").map(str::to_string),
                    shuffle: a.text("shuffle") != Some("false"),
                    quiz,
                    draw,
                    warnings,
                    body_offset: a.get("src").is_none().then_some(block.body_offset),
                })
            }
            _ => Err(errs),
        }
    }

    /// The static worksheet: questions and options, no answers. Feedback and explanations
    /// are in `<template>` elements, which are neither displayed nor printed.
    pub fn render(&self, lang: &str, strings: &crate::strings::UiStrings) -> String {
        let zh = lang.starts_with("zh");
        let t = |a: &'static str, b: &'static str| if zh { a } else { b };
        let title = self
            .title
            .clone()
            .unwrap_or_else(|| t("自测题", "Self-check quiz").to_string());
        let dom = format!("quiz-{}", self.id);
        let mut s = format!(
            "<section class=\"widget quiz\" id=\"{dom}\" data-widget=\"quiz\" data-quiz-id=\"{}\" data-lang=\"{lang}\"{}{}>\n<h3 class=\"widget-title\" id=\"{dom}-title\">{}</h3>\n{}<form class=\"quiz-form\">\n",
            escape(&self.id),
            if self.shuffle { "" } else { " data-shuffle=\"false\"" },
            self.draw.map_or(String::new(), |n| format!(" data-draw=\"{n}\"")),
            escape(&title),
            self.draw_line(strings),
        );
        let mut n = 0;
        for q in &self.quiz.questions {
            if q.kind == Kind::Description {
                s.push_str(&format!(
                    "<div class=\"quiz-description\" data-q=\"{}\">{}</div>\n",
                    escape(&q.id),
                    block_md(&q.text)
                ));
                continue;
            }
            n += 1;
            let kind = match q.kind {
                Kind::Single => t("单选", "single choice"),
                Kind::Multiple => t("多选", "multiple choice"),
                Kind::TrueFalse => t("判断", "true or false"),
                Kind::Numeric => t("填数字", "numeric answer"),
                Kind::Short => t("简答", "short answer"),
                Kind::Matching => t("配对", "matching"),
                Kind::Ordering => t("排序", "ordering"),
                Kind::Blanks => t("填空", "fill in the blanks"),
                Kind::Description => "",
            };
            let points = if q.points != 1.0 {
                if zh {
                    format!("，{} 分", q.points)
                } else {
                    format!(", {} points", q.points)
                }
            } else {
                String::new()
            };
            let text = if q.kind == Kind::Blanks {
                quiz_types::blanks_text(q, None)
            } else {
                inline(&q.text)
            };
            s.push_str(&format!(
                "<fieldset class=\"quiz-question\" data-q=\"{}\" data-kind=\"{}\" data-key=\"{}\"{}>\n<legend><span class=\"q-number\">{n}.</span> {text} <span class=\"q-kind\">（{kind}{points}）</span></legend>\n",
                escape(&q.id),
                q.kind.as_str(),
                escape(&quiz::key(q)),
                if self.shuffle && q.shuffled() { " data-shuffle=\"true\"" } else { "" },
            ));
            if !q.kind.is_choice() {
                s.push_str(&quiz_types::fields(
                    q,
                    &dom,
                    &format!("{}/{}", self.id, q.id),
                    zh,
                ));
                for (i, c) in q.choices.iter().enumerate() {
                    s.push_str(&feedback_template(i, &c.feedback));
                }
                s.push_str(&explanation_template(&q.explanation));
                s.push_str(
                    "<div class=\"q-feedback\" data-role=\"feedback\"></div>\n</fieldset>\n",
                );
                continue;
            }
            let input = if q.kind == Kind::Multiple {
                "checkbox"
            } else {
                "radio"
            };
            for (i, c) in q.choices.iter().enumerate() {
                s.push_str(&format!(
                    "<label class=\"check quiz-option\"><input type=\"{input}\" name=\"{dom}-{}\" value=\"{i}\"> <span>{}</span></label>\n",
                    escape(&q.id),
                    inline(&c.text)
                ));
                s.push_str(&feedback_template(i, &c.feedback));
            }
            s.push_str(&explanation_template(&q.explanation));
            s.push_str("<div class=\"q-feedback\" data-role=\"feedback\"></div>\n</fieldset>\n");
        }
        s.push_str(&format!(
            "<div class=\"widget-actions\"><button type=\"button\" data-action=\"check\">{}</button><button type=\"button\" data-action=\"retry-wrong\">{}</button><button type=\"button\" data-action=\"retry\">{}</button></div>\n<p class=\"quiz-score\" data-role=\"score\" role=\"status\" aria-live=\"polite\"></p>\n</form>\n<noscript><p class=\"widget-noscript\">{}</p></noscript>\n</section>\n",
            t("检查答案", "Check answers"),
            t("只重做错题", "Retry wrong answers"),
            t("全部重做", "Retry all"),
            t("启用 JavaScript 后可以自动评分；也可以打印本页作为练习，答案见“答案”页。", "With JavaScript on, the quiz grades itself; you can also print it as a worksheet and check it against the answer key page."),
        ));
        s
    }

    /// The answer key of this quiz: questions, right options and explanations.
    pub fn answer_key(&self, lang: &str, strings: &crate::strings::UiStrings) -> String {
        let zh = lang.starts_with("zh");
        let mut s = self.draw_line(strings);
        s.push_str("<ol class=\"answer-key\">\n");
        for q in &self.quiz.questions {
            if q.kind == Kind::Description {
                continue;
            }
            if !q.kind.is_choice() {
                let text = match &q.extra {
                    quiz::Extra::Blanks(bl) => {
                        let fill = |g: usize| {
                            bl[g]
                                .answers
                                .iter()
                                .find(|a| a.1 >= 100.0)
                                .map_or(String::new(), |a| escape(&a.0))
                        };
                        quiz_types::blanks_text(q, Some(&fill))
                    }
                    _ => inline(&q.text),
                };
                s.push_str(&format!(
                    "<li><p class=\"q\">{text}</p>{}",
                    quiz_types::key_lines(q, zh)
                ));
                if !q.explanation.is_empty() {
                    s.push_str(&format!(
                        "<div class=\"explanation\">{}</div>",
                        block_md(&q.explanation)
                    ));
                }
                s.push_str("</li>\n");
                continue;
            }
            let right = q.right();
            s.push_str(&format!("<li><p class=\"q\">{}</p><ul>", inline(&q.text)));
            for (i, c) in q.choices.iter().enumerate() {
                let is = right.contains(&i);
                s.push_str(&format!(
                    "<li{}>{}{}</li>",
                    if is { " class=\"right\"" } else { "" },
                    if is {
                        if zh {
                            "✔ <strong>正确：</strong>"
                        } else {
                            "✔ <strong>Right:</strong> "
                        }
                    } else {
                        ""
                    },
                    inline(&c.text)
                ));
            }
            s.push_str("</ul>");
            if !q.explanation.is_empty() {
                s.push_str(&format!(
                    "<div class=\"explanation\">{}</div>",
                    block_md(&q.explanation)
                ));
            }
            s.push_str("</li>\n");
        }
        s.push_str("</ol>\n");
        s
    }
}

impl QuizBlock {
    /// "Each attempt draws N of these M questions" for a question pool (nothing otherwise):
    /// on the page, its printed worksheet and the answer key, which show all M.
    fn draw_line(&self, strings: &crate::strings::UiStrings) -> String {
        let Some(n) = self.draw else {
            return String::new();
        };
        let text = strings["quiz_draw"]
            .replace("{n}", &n.to_string())
            .replace("{m}", &self.quiz.questions.len().to_string());
        format!("<p class=\"quiz-draw\">{}</p>\n", escape(&text))
    }
}

/// The inert copy of option `i`'s feedback the browser shows after checking (none when
/// the option has no feedback).
fn feedback_template(i: usize, feedback: &str) -> String {
    if feedback.is_empty() {
        return String::new();
    }
    format!(
        "<template data-feedback=\"{i}\">{}</template>\n",
        block_md(feedback)
    )
}

/// The inert copy of a question's explanation (none when it has none).
fn explanation_template(explanation: &str) -> String {
    if explanation.is_empty() {
        return String::new();
    }
    format!(
        "<template data-explanation>{}</template>\n",
        block_md(explanation)
    )
}
