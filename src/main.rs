//! The `lexgap` binary: a panic guard around the library's command line.

use std::process::ExitCode;

// A third of the instructions of `check` went to glibc's malloc/free (callgrind): mimalloc's
// thread-local free lists do the same work for far less (see scripts/bench).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay`: its place in `enum mi_option_e`, the same in mimalloc v2
/// and v3 (`c_src/mimalloc/v*/include/mimalloc.h` of the libmimalloc-sys in Cargo.lock).
/// libmimalloc-sys does not export a constant for it.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// lexgap streams a world-scale corpus one jurisdiction at a time, freeing and reallocating
/// about the same memory for each. By default mimalloc gives freed pages back to the kernel after
/// 10 ms, and the kernel zeroes them again when they are next touched: 8% of `lexgap check` over
/// the synthetic world went to `clear_page` (perf). lexgap is a short-lived process whose peak
/// memory does not change by keeping them, so it never purges.
fn keep_freed_memory() {
    // SAFETY: `mi_option_set` only stores an integer option; any value is valid for
    // `purge_delay` (-1 means never purge), and it may be called at any time.
    #[allow(unsafe_code)]
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1);
    }
}

fn main() -> ExitCode {
    keep_freed_memory();
    // rayon's pool is started first thing, with its default size: its threads are up and
    // waiting by the time the command has read its arguments and found its workspace, instead
    // of starting when the first parallel work is handed to them (0.4 ms of a 25 ms diff).
    // An error means a pool exists already, which is as good.
    let _ = rayon::ThreadPoolBuilder::new().build_global();
    // Any panic is a bug: say so plainly, ask for a report, and exit 2 rather than print a
    // backtrace at a legal expert.
    std::panic::set_hook(Box::new(|info| {
        let (payload, location) = lexgap::diagnostic::panic_parts(info);
        // Output into a pipe whose reader has gone (`lexgap check | head`) is no bug: the
        // reader had all it wanted. Stop quietly (exit 2: the output could not be written).
        if payload.starts_with("failed printing to std") && payload.contains("Broken pipe") {
            return;
        }
        eprintln!(
            "error: lexgap stopped on an internal error{location}: {payload}\n\
             This is a bug in lexgap, not in your files. Please report it as the README says \
             (\"Reporting a bug\"), with the command you ran and the files it read."
        );
    }));
    match std::panic::catch_unwind(|| lexgap::cli::run_from(std::env::args_os())) {
        Ok(code) => code,
        Err(_) => ExitCode::from(lexgap::cli::EXIT_ERROR),
    }
}
