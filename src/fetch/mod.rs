//! Sources: where documents come from. Each source is an iterator (or stream) of
//! `Result<RawDoc>`: a bad input is an item, never the end of the run.

pub mod local;

pub use local::{Input, LocalSource, ReadLimits};
