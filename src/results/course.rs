//! The course that hand-in codes are graded against: the playbook's quizzes per language,
//! each with its catalog entry (what the codes refer to), its questions (the answer key)
//! and its chapter; and its scenarios, each with its catalog entry and its graph (the
//! runs are played again on it).
//!
//! Input: the playbook folder; output: a [`Course`]. Runs the ordinary stages (config →
//! load → parse → model) and stops there: it must not render or write anything, and it
//! refuses a playbook with errors (`playbook check` shows them) rather than grade against
//! a half-read answer key.

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

use playbook_kit::progress::{Catalog, QuizSpec, ScenarioSpec};
use playbook_kit::quiz::Quiz;
use playbook_kit::scenario::Scenario;

use crate::components::Component;
use crate::diagnostics::Diagnostics;
use crate::{config, load, model, parse};

/// One quiz of the course.
pub struct CourseQuiz {
    /// What codes refer to.
    pub spec: QuizSpec,
    /// The questions with their answer key.
    pub quiz: Arc<Quiz>,
    /// The quiz's title, or its chapter's.
    pub title: String,
}

/// One scenario of the course.
pub struct CourseScenario {
    /// What codes refer to.
    pub spec: ScenarioSpec,
    /// The steps and choices (a run is played again on them).
    pub scenario: Arc<Scenario>,
    /// The most points a path earns (100%).
    pub best: i32,
    /// The scenario's title, or its chapter's.
    pub title: String,
}

/// The quizzes and scenarios of one language.
pub struct CourseLang {
    /// Language code.
    pub code: String,
    /// The course's title in this language.
    pub title: String,
    /// The catalog of this language (its [`Catalog::version`] is what codes carry).
    pub catalog: Catalog,
    /// Quizzes in reading order (the catalog's order).
    pub quizzes: Vec<CourseQuiz>,
    /// Scenarios in reading order (the catalog's order).
    pub scenarios: Vec<CourseScenario>,
}

/// The course: its languages that have quizzes or scenarios.
pub struct Course {
    /// Languages in configuration order.
    pub langs: Vec<CourseLang>,
}

/// Reads the playbook at `root` up to its model.
pub fn load(root: &Path) -> Result<Course, Diagnostics> {
    let mut diags = Diagnostics::new();
    let text = match load::read_text(root, "playbook.toml") {
        Ok(t) => t,
        Err(d) => {
            diags.push(d.with_hint("pass the playbook folder with --root"));
            return Err(diags);
        }
    };
    let config = match config::parse("playbook.toml", &text) {
        Ok(c) => c,
        Err(d) => {
            diags.extend(d);
            return Err(diags);
        }
    };
    let (loaded, d) = load::load(root, &config.theme, config.follow_symlinks);
    diags.append(d);
    let (pages, d) = parse::parse_all(&loaded.sources, &config);
    diags.append(d);
    let assets: HashSet<String> = loaded.assets.iter().map(|a| a.out_path.clone()).collect();
    let (site, d) = model::build(pages, &config, &assets, &HashSet::new(), false);
    diags.append(d);
    if diags.has_errors() {
        return Err(diags);
    }
    let mut langs = Vec::new();
    for (li, lang) in site.langs.iter().enumerate() {
        let catalog = crate::render::catalog(&site, li);
        let mut quizzes = Vec::new();
        let mut scenarios = Vec::new();
        for p in &lang.pages {
            let page = site.page(p);
            for c in page.components.iter().flatten() {
                if let Component::Quiz(q) = c {
                    let spec = catalog.quizzes[quizzes.len()].clone();
                    quizzes.push(CourseQuiz {
                        spec,
                        quiz: Arc::clone(&q.quiz),
                        title: q.title.clone().unwrap_or_else(|| page.front.title.clone()),
                    });
                }
                if let Component::Scenario(s) = c {
                    let spec = catalog.scenarios[scenarios.len()].clone();
                    scenarios.push(CourseScenario {
                        spec,
                        scenario: Arc::clone(&s.scenario),
                        best: s.summary.best,
                        title: s.title.clone().unwrap_or_else(|| page.front.title.clone()),
                    });
                }
            }
        }
        if quizzes.is_empty() && scenarios.is_empty() {
            continue;
        }
        let title = config
            .language(&lang.code)
            .map(|l| l.title.clone())
            .unwrap_or_default();
        langs.push(CourseLang {
            code: lang.code.clone(),
            title,
            catalog,
            quizzes,
            scenarios,
        });
    }
    Ok(Course { langs })
}
