//! The one integration-test binary: builds fixture playbooks with the real `playbook`
//! binary and checks what ships.

mod browser;
mod build;
mod cli;
mod default_playbook;
mod helpers;
mod hostile;
mod invalid;
mod output_safety;
mod package;
mod quiz_text;
mod results;
mod score_csv;
mod search;
mod serve;
mod translations;
mod worksheets;
