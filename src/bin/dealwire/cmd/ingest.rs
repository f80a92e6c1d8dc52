//! `dealwire ingest`: one incremental run (or `--compact`), with cron's conventions: a
//! one-line summary on stderr (none with `-q` when all went well) and an exit status that
//! tells "some sources failed" (1), "could not run" (2) and "another run holds the lock" (3)
//! apart.

use anyhow::Context;
use dealwire::ingest::{self, ConfigFile, IngestError};

use crate::args::IngestArgs;
use crate::exit;
use crate::report::say;

pub fn run(args: IngestArgs, quiet: bool) -> anyhow::Result<u8> {
    let file = match &args.config {
        Some(p) => ConfigFile::load(p)?,
        None => ConfigFile::default(),
    };
    let compact = args.compact;
    let reset = args.reset_state;
    let settings = file.merge(flags(args)?).into_settings(!compact)?;
    if reset {
        match ingest::state::set_aside(&settings.state) {
            Ok(Some(to)) => tracing::warn!(
                "state database {} set aside as {}; starting a new one",
                settings.state.display(),
                to.display()
            ),
            Ok(None) => {}
            Err(e) => return fatal(e),
        }
    }
    if compact {
        return match ingest::compact(&settings) {
            Ok(r) => {
                if !quiet {
                    say(format_args!(
                        "compact: {} day files written from {} run files, {} lines",
                        r.days, r.merged, r.lines
                    ));
                }
                Ok(exit::OK)
            }
            Err(e) => fatal(e),
        };
    }
    match ingest::run(&settings) {
        Ok(report) => {
            let failed = report.some_failed();
            if failed || !quiet {
                say(format_args!("{}", report.summary()));
            }
            Ok(if failed { exit::SOME_FAILED } else { exit::OK })
        }
        Err(e) => fatal(e),
    }
}

/// A run that could not run: the lock is its own status, the rest is "could not run".
fn fatal(e: IngestError) -> anyhow::Result<u8> {
    match e {
        IngestError::Locked { .. } => {
            say(format_args!("dealwire ingest: {e}"));
            Ok(exit::LOCKED)
        }
        e => Err(e).context("ingest could not run"),
    }
}

/// The flags as a config layer: what is not given stays unset, so the file's value holds.
fn flags(a: IngestArgs) -> anyhow::Result<ConfigFile> {
    Ok(ConfigFile {
        out: a.out,
        state: a.state,
        feeds: a.feed,
        sitemaps: a.sitemap,
        urls: a.urls,
        watch: a.watch,
        delay: a.delay,
        concurrency: a.concurrency,
        per_host: a.per_host,
        timeout: a.timeout,
        max_bytes: a.max_bytes.map(ingest::config::ByteCount::Text),
        attempts: a.attempts,
        user_agent: a.user_agent,
        proxy: a.proxy,
        recheck_hours: a.recheck_hours,
        max_retries: a.max_retries,
        jobs: a.jobs,
        keep_days: a.keep_days,
        resolve: a.resolve,
        profiles: a.profiles,
    })
}
