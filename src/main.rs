//! The `lexgap` binary: a panic guard around the library's command line.

use std::process::ExitCode;

// A third of the instructions of `check` went to glibc's malloc/free (callgrind): mimalloc's
// thread-local free lists do the same work for far less (see scripts/bench).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Any panic is a bug: say so plainly, ask for a report, and exit 2 rather than print a
    // backtrace at a legal expert.
    std::panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let payload = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
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
