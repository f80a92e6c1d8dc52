//! The `dealwire` command. Argument parsing lives in `args`, each subcommand in `cmd/`; this
//! file only sets up logging and turns the outcome into an exit status.

mod args;
mod cmd;
mod report;

use std::process::ExitCode;

use clap::Parser;

/// Extraction allocates many small strings and vectors per sentence (names, templates, match
/// groups); with mimalloc, extraction ran 1.16–1.28× as fast as with the system allocator
/// (`examples/extract_profile`, see benches/runs/2026-11-27-extract/README.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit statuses, documented in the README.
pub mod exit {
    /// Every input was read.
    pub const OK: u8 = 0;
    /// The run finished, but some inputs failed (each is named on stderr).
    pub const SOME_FAILED: u8 = 1;
    /// The run could not start or could not write its output.
    pub const FATAL: u8 = 2;
    /// `ingest`: another run holds the lock.
    pub const LOCKED: u8 = 3;
}

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    report::init_logging(cli.verbose, cli.quiet);
    match cmd::run(cli.command, cli.quiet) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            tracing::error!("{e:#}");
            ExitCode::from(exit::FATAL)
        }
    }
}
