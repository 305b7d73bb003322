//! Translations: which page stands in for a missing language version, which translation
//! is stale, and whether a translation keeps its original's structure.
//!
//! Input: the parsed pages that will be published (drafts already removed), the
//! configuration and the files that failed to parse. Output: per language, the pages of
//! another language shown in its place (a *fallback*: the original's content at the
//! language's normal URL, with a notice), the stale translations, and diagnostics: one per
//! missing version (an error with `strict_translations`, else a warning), one per stale
//! translation; and, for a playbook without errors, one per quiz, widget, image or heading
//! id that a translation lacks.
//! Must not: place pages in the site (the model does) or render anything.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::ops::Range;

use crate::components::Component;
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::parse::front_matter::{find_value, source_hash};
use crate::parse::ParsedPage;

/// What the model needs to know about translations.
pub(super) struct Translations {
    /// Per language code: the parsed pages of other languages shown in its place.
    pub fallbacks: HashMap<String, Vec<usize>>,
    /// Parsed pages that are translations of an original changed since.
    pub stale: HashSet<usize>,
}

/// Works out the fallbacks and reports missing versions, stale translations and
/// translations that lack part of their original. `draft_keys` holds (key, language) of
/// every draft file, `broken` (language, key) of the files that failed to parse.
pub(super) fn check(
    parsed: &[ParsedPage],
    config: &Config,
    draft_keys: &HashSet<(String, String)>,
    broken: &HashSet<(String, String)>,
    diags: &mut Diagnostics,
) -> Translations {
    let codes: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
    let mut by_key: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
    for (i, p) in parsed.iter().enumerate() {
        by_key.entry(&p.key).or_default().insert(&p.lang, i);
    }
    let mut out = Translations {
        fallbacks: HashMap::new(),
        stale: HashSet::new(),
    };
    for (key, versions) in &by_key {
        // The original: the default language's file, else the first language that has one.
        let Some(&source) = codes.iter().find_map(|c| versions.get(c)) else {
            continue;
        };
        for code in &codes {
            if versions.contains_key(code) {
                continue;
            }
            out.fallbacks
                .entry(code.to_string())
                .or_default()
                .push(source);
            if !broken.contains(&(code.to_string(), key.to_string())) {
                diags.push(missing(&parsed[source], code, draft_keys, config));
            }
        }
        let Some(&original) = versions.get(codes[0]) else {
            continue;
        };
        for (code, &t) in versions {
            if *code == codes[0] {
                continue;
            }
            if is_stale(&parsed[original], &parsed[t], diags) {
                out.stale.insert(t);
            }
        }
    }
    out
}

/// Each translation with its original (the default language's page of the same key).
fn translation_pairs<'a>(
    site: &'a super::Site,
    config: &Config,
) -> Vec<(&'a ParsedPage, &'a ParsedPage)> {
    let default = &config.default_language().code;
    let originals: HashMap<&str, &ParsedPage> = site
        .parsed
        .iter()
        .filter(|p| p.lang == *default)
        .map(|p| (p.key.as_str(), p))
        .collect();
    site.parsed
        .iter()
        .filter(|p| p.lang != *default)
        .filter_map(|t| Some((*originals.get(t.key.as_str())?, t)))
        .collect()
}

/// The quizzes of a page.
fn quizzes(p: &ParsedPage) -> impl Iterator<Item = &crate::components::QuizBlock> {
    p.components.iter().flatten().filter_map(|c| match c {
        Component::Quiz(q) => Some(q),
        _ => None,
    })
}

/// A translation's scenario must have its original's graph (step names, endings, and each
/// choice's points, reaction, next step and flags): an error at the translation's line
/// where it first differs; a scenario of the original missing from the translation is an
/// error at the translation's top.
pub fn scenario_graphs(site: &super::Site, config: &Config) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let scenarios = |p: &'_ ParsedPage| -> Vec<crate::components::ScenarioBlock> {
        p.components
            .iter()
            .flatten()
            .filter_map(|c| match c {
                Component::Scenario(s) => Some(s.clone()),
                _ => None,
            })
            .collect()
    };
    for (original, t) in translation_pairs(site, config) {
        let theirs = scenarios(t);
        for o in scenarios(original) {
            let line = crate::diagnostics::line_col(&original.text, o.id_span.start).0;
            match theirs.iter().find(|x| x.id == o.id) {
                None => diags.push(
                    Diagnostic::error(
                        &t.path,
                        &t.text,
                        0..3,
                        format!(
                            "the translation lacks the scenario `{}` of its original (`{}:{line}`)",
                            o.id, original.path
                        ),
                    )
                    .with_hint(
                        "translate the scenario too, keeping its step names, points and next steps",
                    ),
                ),
                Some(x) => {
                    if let Some((span, what)) =
                        playbook_kit::scenario::compare(&o.scenario, &x.scenario)
                    {
                        let at = x.body_offset;
                        diags.push(
                            Diagnostic::error(&t.path, &t.text, at + span.start..at + span.end, format!("the scenario `{}` differs from its original (`{}:{line}`): {what}", o.id, original.path))
                                .with_hint("a translation changes the words only: keep the original's step names, endings, points, reactions, next steps and flags"),
                        );
                    }
                }
            }
        }
    }
    diags
}

/// A translation's quiz must keep its original's draw (`draw=N`) and answer key
/// (`playbook_kit::quiz::compare`: questions, ids, kinds, points, shuffling, options and
/// which are right, accepted numbers, blanks): both languages share one record per quiz
/// (with the drawn questions), one packed entry and one set of LMS interactions, all by
/// option index. An error at the translation's `::: quiz` line for the draw, and where the
/// translation first differs for the key (at its `::: quiz` id for a GIFT file's questions).
pub fn quiz_keys(site: &super::Site, config: &Config) -> Diagnostics {
    let mut diags = Diagnostics::new();
    for (original, t) in translation_pairs(site, config) {
        for o in quizzes(original) {
            let Some(x) = quizzes(t).find(|x| x.id == o.id) else {
                continue;
            };
            let id = &o.id;
            if x.draw != o.draw {
                let line = crate::diagnostics::line_col(&original.text, o.id_span.start).0;
                let says =
                    |d: Option<usize>| d.map_or("no `draw`".to_string(), |n| format!("draw={n}"));
                diags.push(
                    Diagnostic::error(&t.path, &t.text, x.id_span.start..x.id_span.start + id.len(), format!("the quiz `{id}` has {} but its original (`{}:{line}`) has {}", says(x.draw), original.path, says(o.draw)))
                        .with_hint(match o.draw {
                            Some(n) => format!("write draw={n} on this quiz too: both languages share the quiz's record and its drawn questions"),
                            None => "remove `draw` here too: both languages share the quiz's record".to_string(),
                        }),
                );
            }
            let Some((span, what)) = playbook_kit::quiz::compare::compare(&o.quiz, &x.quiz) else {
                continue;
            };
            let (oline, span) = match (o.body_offset, x.body_offset) {
                (Some(ob), Some(xb)) => {
                    let first = o.quiz.questions.first().map_or(0, |q| q.span.start);
                    (
                        crate::diagnostics::line_col(&original.text, ob + first).0,
                        xb + span.start..xb + span.end,
                    )
                }
                _ => (
                    crate::diagnostics::line_col(&original.text, o.id_span.start).0,
                    x.id_span.clone(),
                ),
            };
            diags.push(
                Diagnostic::error(&t.path, &t.text, span, format!("the quiz `{id}` differs from its original (`{}:{oline}`): {what}", original.path))
                    .with_hint("a translation changes the words only: keep the questions, options and answers in the original's order, with its marks, points and numbers (both languages share the learner's record)"),
            );
        }
    }
    diags
}

/// Warns about each quiz, widget, image and explicit heading id of an original that its
/// translation lacks. Meant for a playbook without errors: against a page with errors the
/// comparison would only repeat them.
pub fn lint_structure(site: &super::Site, config: &Config) -> Diagnostics {
    let mut diags = Diagnostics::new();
    for (original, t) in translation_pairs(site, config) {
        structure(original, t, &mut diags);
    }
    diags
}

/// The diagnostic for a page that has no version in language `code`.
fn missing(
    source: &ParsedPage,
    code: &str,
    draft_keys: &HashSet<(String, String)>,
    config: &Config,
) -> Diagnostic {
    let expected = version_path(&source.key, code, config);
    let strict = config.strict_translations;
    let message = if draft_keys.contains(&(source.key.clone(), code.to_string())) {
        format!("the `{code}` version `{expected}` is a draft")
    } else if code == config.default_language().code {
        format!("no `{code}` original: `{expected}` does not exist")
    } else {
        format!("missing `{code}` translation: `{expected}` does not exist")
    };
    let draft = draft_keys.contains(&(source.key.clone(), code.to_string()));
    let hint = match (strict, draft) {
        (true, true) => format!(
            "remove draft = true from `{expected}` once it is translated, or mark this page \
             draft = true too"
        ),
        (true, false) if code == config.default_language().code => {
            format!("create `{expected}`, or mark this page draft = true")
        }
        (true, false) => format!(
            "create `{expected}`, or mark this page draft = true (its translations are drafts too)"
        ),
        (false, _) => format!(
            "until `{expected}` is published, the `{code}` site shows this page in `{}` with a \
             notice",
            source.lang
        ),
    };
    let d = Diagnostic::error(&source.path, &source.text, 0..3, message).with_hint(hint);
    if strict {
        d
    } else {
        d.warning()
    }
}

/// `content/value/x.en.md` for key `value/x.md` in `en` (`content/value/x.md` for the
/// default language).
pub fn version_path(key: &str, code: &str, config: &Config) -> String {
    if code == config.default_language().code {
        return format!("content/{key}");
    }
    match key.strip_suffix(".md") {
        Some(stem) => format!("content/{stem}.{code}.md"),
        None => format!("content/{key}.{code}"),
    }
}

/// Whether `translation` records (`translation_of`) another version of `original` than
/// the current one; reported as a warning at that line.
fn is_stale(original: &ParsedPage, translation: &ParsedPage, diags: &mut Diagnostics) -> bool {
    let Some(recorded) = &translation.front.translation_of else {
        return false;
    };
    if *recorded == source_hash(&original.text) {
        return false;
    }
    let span = find_value(
        &translation.text,
        0,
        crate::parse::front_matter::body_start(&translation.text).unwrap_or(0),
        "translation_of",
    );
    diags.push(
        Diagnostic::error(
            &translation.path,
            &translation.text,
            span,
            format!(
                "`{}` has changed since this translation was made",
                original.path
            ),
        )
        .with_hint(format!(
            "bring the translation up to date, then run `playbook translations --mark {}`",
            translation.path
        ))
        .warning(),
    );
    true
}

/// Warns, in the translation, about each quiz, widget, image and explicit heading id of
/// the original that the translation lacks.
fn structure(original: &ParsedPage, translation: &ParsedPage, diags: &mut Diagnostics) {
    let t_ids: HashSet<&str> = translation
        .body
        .headings
        .iter()
        .map(|h| h.id.as_str())
        .collect();
    // Where in the translation something missing would go: the translation's heading of
    // the same id as the original's last explicit heading before it, else the top.
    let place = |offset: usize| -> Range<usize> {
        original
            .body
            .headings
            .iter()
            .rfind(|h| h.explicit && h.span.start < offset && t_ids.contains(h.id.as_str()))
            .and_then(|h| translation.body.headings.iter().find(|t| t.id == h.id))
            .map_or(0..3, |t| t.span.clone())
    };
    let line = |offset: usize| crate::diagnostics::line_col(&original.text, offset).0;
    let mut lacks = |span: Range<usize>, what: String, at: usize| {
        diags.push(
            Diagnostic::error(
                &translation.path,
                &translation.text,
                span,
                format!(
                    "the translation lacks {what} of its original (`{}:{}`)",
                    original.path,
                    line(at)
                ),
            )
            .with_hint("translate it too, so that both versions teach and test the same")
            .warning(),
        );
    };
    for h in original.body.headings.iter().filter(|h| h.explicit) {
        if !t_ids.contains(h.id.as_str()) {
            lacks(
                place(h.span.start),
                format!("the heading `#{}`", h.id),
                h.span.start,
            );
        }
    }
    let quizzes = |p: &ParsedPage| -> Vec<(String, usize)> {
        p.components
            .iter()
            .flatten()
            .filter_map(|c| match c {
                Component::Quiz(q) => Some((q.id.clone(), q.id_span.start)),
                _ => None,
            })
            .collect()
    };
    let t_quizzes: HashSet<String> = quizzes(translation).into_iter().map(|q| q.0).collect();
    for (id, at) in quizzes(original) {
        if !t_quizzes.contains(&id) {
            lacks(place(at), format!("the quiz `{id}`"), at);
        }
    }
    let images = |p: &ParsedPage| -> BTreeSet<String> {
        p.body
            .links
            .iter()
            .filter(|l| is_image(&l.dest))
            .map(|l| l.dest.clone())
            .collect()
    };
    let t_images = images(translation);
    let o_images = images(original);
    // A translation may show its own, translated image instead: only fewer images count.
    // One warning for them all, however many there are.
    if t_images.len() < o_images.len() {
        let lacking: Vec<&String> = o_images.difference(&t_images).collect();
        if let Some(first) = lacking.first() {
            let at = original
                .body
                .links
                .iter()
                .find(|l| &l.dest == *first)
                .map_or(0, |l| l.span.start);
            let mut names: Vec<String> = lacking.iter().take(5).map(|d| format!("`{d}`")).collect();
            if lacking.len() > 5 {
                names.push(format!("and {} more", lacking.len() - 5));
            }
            let what = if lacking.len() == 1 {
                format!("the image {}", names[0])
            } else {
                format!("{} images ({})", lacking.len(), names.join(", "))
            };
            lacks(place(at), what, at);
        }
    }
    let widgets = |p: &ParsedPage| -> BTreeMap<&'static str, usize> {
        let mut m = BTreeMap::new();
        for c in p.components.iter().flatten() {
            let name = match c {
                Component::ManScorer(_) => "man-scorer",
                Component::ValueCalculator(_) => "value-calculator",
                Component::LoyaltyChecklist => "loyalty-checklist",
                _ => continue,
            };
            *m.entry(name).or_insert(0) += 1;
        }
        m
    };
    let t_widgets = widgets(translation);
    for (name, n) in widgets(original) {
        let have = t_widgets.get(name).copied().unwrap_or(0);
        if have < n {
            diags.push(
                Diagnostic::error(
                    &translation.path,
                    &translation.text,
                    0..3,
                    format!(
                        "the translation has {have} `{name}` widget(s), its original `{}` has {n}",
                        original.path
                    ),
                )
                .with_hint("add the widget block to the translation too")
                .warning(),
            );
        }
    }
}

fn is_image(dest: &str) -> bool {
    let path = dest
        .split(['#', '?'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    [".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif"]
        .iter()
        .any(|e| path.ends_with(e))
}
