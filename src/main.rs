//! The `playbook` binary: everything happens in [`playbook::cli`].

/// mimalloc rather than the system allocator: a build allocates and frees millions of
/// small strings (tokens, HTML fragments) from every rendering thread, where glibc's
/// malloc spent a quarter of the build's CPU time (`scripts/bench-build.sh`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    playbook::cli::run()
}
