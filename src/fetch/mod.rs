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

/// Gunzips `bytes` within `limit` when they open with gzip's magic; other bytes are kept as
/// they are. What a file or page reader does with bytes that may or may not be compressed.
pub fn gunzip_if_gzip(bytes: Vec<u8>, limit: u64) -> Result<Vec<u8>, String> {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        gunzip_limited(&bytes, limit)
    } else {
        Ok(bytes)
    }
}

/// Decompresses gzip data, refusing to produce more than `limit` bytes (a gzip bomb stops
/// there). Shared by every reader that meets gzip: local files, sitemaps.
pub fn gunzip_limited(bytes: &[u8], limit: u64) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(bytes)
        .take(limit + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("corrupt gzip data: {e}"))?;
    if out.len() as u64 > limit {
        return Err(format!("decompresses to more than {limit} bytes"));
    }
    Ok(out)
}
