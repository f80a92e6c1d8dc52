//! What the user sees on stderr: logs, per-input errors, progress, the closing summary.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;

pub fn init_logging(verbose: u8, quiet: bool) {
    let level = if quiet {
        "error"
    } else {
        match verbose {
            0 => "info",
            1 => "debug",
            _ => "trace",
        }
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("DEALWIRE_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(format!("dealwire={level},warn")));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .without_time()
        .with_target(false)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
}

/// A progress line on stderr, shown only on a terminal and only when there is more than a
/// handful of inputs, so that logs and pipes stay clean.
pub fn progress(expected_inputs: usize, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() || expected_inputs <= 3 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} {pos} articles  {msg}  [{elapsed_precise}]")
    {
        bar.set_style(style);
    }
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}
