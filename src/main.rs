//! The `playbook` binary: everything happens in [`playbook::cli`].

use std::sync::atomic::{AtomicBool, Ordering};

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

/// Memory for a build: freed pages go back to the OS at once while the sources are
/// loaded and parsed (the stages that hold the most), then after 100 ms while pages and
/// the search index are made (they free and allocate again at once: giving back at once
/// doubled the page faults and cost about a tenth of the build's CPU time); and no
/// transparent huge pages, which make every touched 4 KB page of a sparsely used area
/// cost 2 MB. At 10,000 pages peak RSS went from about 245 MB (mimalloc's 10 ms
/// throughout) to about 155 MB (`scripts/bench-build.sh`).
///
/// `serve`, once its first build is done, keeps freed memory for ten seconds: each
/// rebuild frees and allocates again what the last one did, and faulting it in again took
/// about a tenth of a rebuild (a weight edit on the 1,000-page corpus, 44 -> 40 ms).
/// `MIMALLOC_PURGE_DELAY` overrides all three delays.
fn tune_memory() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets a plain integer option; mimalloc reads it at each purge.
        unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
        let _ = playbook::ON_RENDER.set(|| {
            if !SERVING.load(Ordering::Relaxed) {
                // SAFETY: as above.
                unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, RENDER_PURGE_DELAY_MS) };
            }
        });
        let _ = playbook::ON_SERVE.set(|| {
            SERVING.store(true, Ordering::Relaxed);
            // SAFETY: as above.
            unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, SERVE_PURGE_DELAY_MS) };
        });
    }
    #[cfg(target_os = "linux")]
    // SAFETY: a process flag; the kernel checks it at each page fault, so it applies to
    // what mimalloc reserved before `main` too.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// mimalloc's purge delay while rendering, in milliseconds.
const RENDER_PURGE_DELAY_MS: std::ffi::c_long = 100;

/// mimalloc's purge delay in `serve` after the first build, in milliseconds.
const SERVE_PURGE_DELAY_MS: std::ffi::c_long = 10_000;

/// Whether `serve` has started waiting for edits (its rebuilds keep the serve delay).
static SERVING: AtomicBool = AtomicBool::new(false);

fn main() -> std::process::ExitCode {
    tune_memory();
    playbook::cli::run()
}
