//! The one integration-test binary: builds fixture playbooks with the real `playbook`
//! binary and checks what ships.

mod browser;
mod build;
mod cli;
mod course_quality;
mod default_playbook;
mod docs;
mod gift;
mod helpers;
mod hostile;
mod invalid;
mod media;
mod output_safety;
mod package;
mod package_types;
mod quiz_lint;
mod quiz_pool;
mod quiz_text;
mod quiz_types;
mod results;
mod scenario;
mod scenario_results;
mod score_csv;
mod search;
mod serve;
mod serve_incremental;
mod starter;
mod theme;
mod translations;
mod worksheets;
