//! Sources: where documents come from. Each source is an iterator (or stream) of
//! `Result<RawDoc>`: a bad input is an item, never the end of the run.
//!
//! Local inputs ([`local`]) are files, directories, JSONL and WARC dumps ([`warc`]). Remote
//! inputs go through [`http`], the one place with async code and sockets: it is polite
//! (robots.txt, per-host delays and limits), bounded (timeouts, body size, redirects,
//! retries) and turns every failure into an error item. [`feed`], [`sitemap`], [`robots`]
//! and [`url`] are pure parsers it uses, kept apart so they can be tested without a network.

pub mod feed;
pub mod http;
pub mod local;
pub mod robots;
pub mod sitemap;
pub mod url;
pub mod warc;

pub use http::{FetchSettings, FetchSource, ProxySetting, Seed, Stats};
pub use local::{Input, LocalSource, ReadLimits};
