//! The integration tests: one binary (see `autotests = false` in Cargo.toml) so that the
//! 2-core CI links once. Each module covers one surface.

mod clean;
mod cli;
mod fetch;
mod golden;
mod hostile;
mod ingest;
mod profile;
mod report;
mod sentences;
mod support;
