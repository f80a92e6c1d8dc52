//! `dealwire schema`: the record's JSON Schema, for consumers that validate what they load.

use std::io::Write;

use anyhow::Context;

use crate::exit;

pub fn run() -> anyhow::Result<u8> {
    let text = serde_json::to_string_pretty(&dealwire::record::json_schema())
        .context("cannot serialise the schema")?;
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{text}").and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(exit::OK),
        other => other.context("cannot write to stdout").map(|()| exit::OK),
    }
}
