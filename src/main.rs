//! The `playbook` binary: everything happens in [`playbook::cli`].

/// mimalloc rather than the system allocator: a build allocates and frees millions of
/// small strings (tokens, HTML fragments) from every rendering thread, where glibc's
/// malloc spent a quarter of the build's CPU time (`scripts/bench-build.sh`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

extern "C" {
    /// mimalloc's run-time options (linked in by `libmimalloc-sys`, which does not
    /// export the v3 option numbers).
    fn mi_option_set(option: i32, value: std::ffi::c_long);
}

/// `mi_option_purge_delay` of mimalloc v3 (`mimalloc.h`, the version `libmimalloc-sys`
/// builds): milliseconds before freed memory goes back to the OS.
const MI_OPTION_PURGE_DELAY: i32 = 15;

/// Memory for a build: freed pages go back to the OS at once rather than after 10 ms,
/// and no transparent huge pages, which make every touched 4 KB page of a sparsely used
/// area cost 2 MB. At 10,000 pages peak RSS fell from about 245 MB to about 200 MB
/// (`scripts/bench-build.sh`). `MIMALLOC_PURGE_DELAY` still overrides.
fn tune_memory() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets a plain integer option; mimalloc reads it at each purge.
        unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
    }
    #[cfg(target_os = "linux")]
    // SAFETY: a process flag; the kernel checks it at each page fault, so it applies to
    // what mimalloc reserved before `main` too.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

fn main() -> std::process::ExitCode {
    tune_memory();
    playbook::cli::run()
}
