//! `ingest`: the cron-driven, incremental form of `fetch`. Each run polls a list of sources,
//! fetches and extracts only what is new or changed, and appends the new records to a
//! dataset folder as new files, with exactly-once delivery across crashes.
//!
//! The pieces: [`config`] (TOML file plus flags), [`listing`] (feeds and sitemaps polled
//! with conditional GET), [`state`] (the SQLite database: what was seen, revisions, the run
//! lock, commit intents), [`output`] (run files written under temporary names, fsynced and
//! renamed), [`mod@run`] (one run, start to finish, and the recovery of a killed one),
//! [`mod@compact`] (merging old run files into one per day) and [`failpoint`] (named kill points
//! for the crash test).
//!
//! The one invariant everything serves: a URL, watched file or feed validator is marked done
//! in the state exactly when the file holding its records is visible. See [`state`] for the
//! intent protocol that makes the file rename and the database commit act as one step.

pub mod compact;
pub mod config;
pub mod failpoint;
pub mod listing;
pub mod output;
pub mod run;
pub mod state;

use std::path::PathBuf;

pub use compact::compact;
pub use config::{ConfigFile, IngestSettings};
pub use run::{run, Report};

/// Why a run could not run at all (a failed source is not this: it is counted in the report).
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("configuration: {message}")]
    Config { message: String },
    #[error("state database {}: {message}", path.display())]
    State { path: PathBuf, message: String },
    #[error("{}: {message}", path.display())]
    Output { path: PathBuf, message: String },
    #[error("another ingest run (process {pid}, since {since}) holds the lock; exiting")]
    Locked { pid: u32, since: String },
    #[error("{message}")]
    Setup { message: String },
}
