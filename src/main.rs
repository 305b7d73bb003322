//! The `playbook` binary: everything happens in [`playbook::cli`].

fn main() -> std::process::ExitCode {
    limit_malloc_arenas();
    playbook::cli::run()
}

/// glibc gives each thread its own malloc arena (up to eight per core), and memory freed
/// in one arena is not reused by another: with rendering spread over all cores, that cost
/// a 10,000-page build a tenth of its peak memory for no speed. Two arenas are enough.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn limit_malloc_arenas() {
    // SAFETY: mallopt only sets an allocator parameter; called before any thread starts.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn limit_malloc_arenas() {}
