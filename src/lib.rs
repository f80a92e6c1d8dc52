//! dealwire turns tech-news articles into a structured, auditable JSONL dataset of deal records.
//!
//! Data flows one way. A source ([`fetch`]) yields [`doc::RawDoc`]s; the cleaner ([`clean`])
//! turns HTML into body text and metadata; the splitter ([`sentences`]) cuts the text into
//! sentence spans; the extractors ([`extract`]) find deals and fill [`record::DealRecord`]s
//! whose every field points back at evidence in the text; sinks ([`sink`]) write JSONL.
//! [`pipeline`] strings the pure stages together; [`eval`] scores output against gold;
//! [`report`] shows a dataset to people as one self-contained HTML page.
//!
//! `clean`, `sentences`, `extract` and `eval` do no IO and are deterministic: the same article
//! always gives the same records with the same ids.

pub mod charset;
pub mod clean;
pub mod dates;
pub mod doc;
pub mod error;
pub mod eval;
pub mod extract;
pub mod fetch;
pub mod ingest;
pub mod pipeline;
pub mod profile;
pub mod record;
pub mod report;
pub mod sentences;
pub mod sink;
mod swar;

pub use doc::{Article, RawDoc, Sentence};

/// The crate's version, for the command's `--version` and the Python package's `__version__`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
pub use error::{Error, Result};
pub use pipeline::{process, Processed, Settings};
pub use record::DealRecord;
