//! The `playbook` binary: everything happens in [`playbook::cli`].

fn main() -> std::process::ExitCode {
    playbook::cli::run()
}
