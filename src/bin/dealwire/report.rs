//! What the user sees on stderr: logs, per-input errors, progress, the closing summary.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};

use indicatif::{ProgressBar, ProgressStyle};

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
        // A failed write to stderr (its reader gone) would be reported with `eprintln!`,
        // which panics on the same closed stderr; logging must never end the run.
        .log_internal_errors(false)
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

/// A line for people on stderr. Unlike `eprintln!` it does not panic when stderr's reader is
/// gone: what is said there is never worth the run.
pub fn say(line: std::fmt::Arguments<'_>) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_fmt(line);
    let _ = err.write_all(b"\n");
}

/// How many error lines one input may print before the rest are only counted.
pub const ERRORS_SHOWN: u64 = 100;

/// Error lines on stderr, at most [`ERRORS_SHOWN`] per input: a dump of a million bad lines
/// should not print a million lines. The error file (`--errors`) still gets every one; stderr
/// gets the first hundred and then one summary line per input.
#[derive(Default)]
pub struct ErrorLog {
    counts: HashMap<String, u64>,
    /// Inputs in the order their errors began, for a stable summary.
    order: Vec<String>,
}

impl ErrorLog {
    /// Logs an error of `input` (a file, or `-`), unless that input has used its share.
    pub fn error(&mut self, input: &str, message: std::fmt::Arguments<'_>) {
        let n = match self.counts.get_mut(input) {
            Some(n) => n,
            None => {
                self.order.push(input.to_string());
                self.counts.entry(input.to_string()).or_default()
            }
        };
        *n += 1;
        if *n <= ERRORS_SHOWN {
            tracing::error!("{message}");
        }
        if *n == ERRORS_SHOWN + 1 {
            tracing::error!("{input}: more errors; only counted from here on");
        }
    }

    /// How many errors were logged, shown or not: whether a command had failures.
    pub fn total(&self) -> u64 {
        self.counts.values().sum()
    }

    /// One line per input whose errors were not all shown.
    pub fn summarise(&self) {
        for input in &self.order {
            let n = self.counts.get(input).copied().unwrap_or(0);
            if n > ERRORS_SHOWN {
                tracing::error!("{input}: {n} errors in all, {} not shown", n - ERRORS_SHOWN);
            }
        }
    }
}

/// The input an error's origin names, without the line or record within it: `f.jsonl:12
/// (id)` and `f.warc.gz@1234 (url)` are both of `f…`. The first `:` or `@` followed by digits
/// and then the end or ` (` marks it, which is how `fetch::local` and `fetch::warc` write
/// them.
pub fn input_of(origin: &str) -> &str {
    let bytes = origin.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b != b':' && b != b'@' {
            continue;
        }
        let digits = bytes[i + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if digits == 0 {
            continue;
        }
        let rest = &origin[i + 1 + digits..];
        if rest.is_empty() || rest.starts_with(" (") {
            return &origin[..i];
        }
    }
    origin
}

#[cfg(test)]
mod tests {
    use super::input_of;

    #[test]
    fn inputs_of_origins() {
        assert_eq!(input_of("d/x.jsonl:12"), "d/x.jsonl");
        assert_eq!(input_of("d/x.jsonl:12 (a:3)"), "d/x.jsonl");
        assert_eq!(
            input_of("x@2024.warc.gz@77 (http://a:80/)"),
            "x@2024.warc.gz"
        );
        assert_eq!(input_of("page.html"), "page.html");
        assert_eq!(input_of("-"), "-");
    }
}
