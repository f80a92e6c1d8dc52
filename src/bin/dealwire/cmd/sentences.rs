//! `dealwire sentences`: text in, one JSON object per sentence out.

use std::io::{BufRead, Read, Write};

use serde::Serialize;

use super::output::flush_stdout;
use crate::args::SentencesArgs;
use crate::exit;

#[derive(Serialize)]
struct Span<'a> {
    start: usize,
    end: usize,
    text: &'a str,
}

fn spans(text: &str) -> Vec<Span<'_>> {
    dealwire::sentences::split(text)
        .into_iter()
        .map(|s| Span {
            start: s.start,
            end: s.end,
            text: s.slice(text),
        })
        .collect()
}

fn write_line(out: &mut impl Write, v: &impl Serialize) -> anyhow::Result<bool> {
    serde_json::to_writer(&mut *out, v)?;
    match writeln!(out) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(false),
        r => r.map(|_| true).map_err(Into::into),
    }
}

pub fn run(args: SentencesArgs) -> anyhow::Result<u8> {
    let reader: Box<dyn BufRead> = if args.input == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        match std::fs::File::open(&args.input) {
            Ok(f) => Box::new(std::io::BufReader::new(f)),
            Err(e) => {
                tracing::error!("{}: cannot read: {e}", args.input);
                return Ok(exit::SOME_FAILED);
            }
        }
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = 0u64;
    if args.jsonl {
        #[derive(Serialize)]
        struct Line<'a> {
            id: serde_json::Value,
            sentences: Vec<Span<'a>>,
        }
        for (n, l) in reader.split(b'\n').enumerate() {
            let origin = format!("{}:{}", args.input, n + 1);
            let l = match l {
                Ok(l) => l,
                Err(e) => {
                    tracing::error!("{origin}: cannot read: {e}");
                    failed += 1;
                    break;
                }
            };
            if l.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let v: serde_json::Value = match serde_json::from_slice(&l) {
                Ok(v) => v,
                Err(e) => {
                    tracing::error!("{origin}: invalid JSON line: {e}");
                    failed += 1;
                    continue;
                }
            };
            let Some(text) = v.get("text").and_then(|t| t.as_str()) else {
                tracing::error!("{origin}: no \"text\" field");
                failed += 1;
                continue;
            };
            let id = v.get("id").cloned().unwrap_or(serde_json::Value::Null);
            if !write_line(
                &mut out,
                &Line {
                    id,
                    sentences: spans(text),
                },
            )? {
                return Ok(exit::OK);
            }
        }
    } else {
        let mut bytes = Vec::new();
        let mut reader = reader;
        if let Err(e) = reader.read_to_end(&mut bytes) {
            tracing::error!("{}: cannot read: {e}", args.input);
            return Ok(exit::SOME_FAILED);
        }
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                let bytes = e.into_bytes();
                let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
                tracing::error!(
                    "{}: line {line}: not valid UTF-8 (byte offset {offset})",
                    args.input
                );
                return Ok(exit::SOME_FAILED);
            }
        };
        for s in spans(&text) {
            if !write_line(&mut out, &s)? {
                return Ok(exit::OK);
            }
        }
    }
    match out.flush() {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        r => r?,
    }
    flush_stdout()?;
    Ok(if failed > 0 {
        exit::SOME_FAILED
    } else {
        exit::OK
    })
}
