//! `dealwire sentences`: text in, one JSON object per sentence out.

use std::io::BufRead;

use anyhow::Context;
use dealwire::fetch::local::{read_limited, read_line_limited, Line as Read};
use dealwire::fetch::ReadLimits;
use dealwire::sink::JsonlSink;
use serde::Serialize;

use crate::args::SentencesArgs;
use crate::exit;
use crate::report::ErrorLog;

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

pub fn run(args: SentencesArgs) -> anyhow::Result<u8> {
    let input = args.input.as_str();
    let limit = ReadLimits::default().max_bytes;
    let mut reader: Box<dyn BufRead> = if input == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        match std::fs::File::open(input) {
            Ok(f) => Box::new(std::io::BufReader::new(f)),
            Err(e) => {
                tracing::error!("{input}: cannot read: {e}");
                return Ok(exit::SOME_FAILED);
            }
        }
    };
    let mut out = JsonlSink::new(Box::new(std::io::stdout()));
    let mut log = ErrorLog::default();
    let mut failed = 0u64;
    if args.jsonl {
        #[derive(Serialize)]
        struct Line<'a> {
            id: serde_json::Value,
            sentences: Vec<Span<'a>>,
        }
        let mut l = Vec::new();
        for n in 1.. {
            let origin = format!("{input}:{n}");
            l.clear();
            match read_line_limited(&mut reader, &mut l, limit) {
                Ok(Read::End) => break,
                Ok(Read::Whole) => {}
                Ok(Read::TooLong(size)) => {
                    failed += 1;
                    log.error(
                        input,
                        format_args!(
                            "{origin}: line of {size} bytes over the limit of {limit}; skipped"
                        ),
                    );
                    continue;
                }
                Ok(Read::Endless(size)) => {
                    failed += 1;
                    log.error(
                        input,
                        format_args!(
                            "{origin}: a line of more than {size} bytes without an end, over \
                             the limit of {limit}; the rest of the input is not read"
                        ),
                    );
                    break;
                }
                Err(e) => {
                    failed += 1;
                    log.error(input, format_args!("{origin}: cannot read: {e}"));
                    break;
                }
            }
            if l.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            // Checked apart from JSON so the message says what is wrong with the line.
            if let Err(e) = std::str::from_utf8(&l) {
                failed += 1;
                log.error(
                    input,
                    format_args!(
                        "{origin}: not valid UTF-8 (byte offset {} in the line)",
                        e.valid_up_to()
                    ),
                );
                continue;
            }
            let v: serde_json::Value = match serde_json::from_slice(&l) {
                Ok(v) => v,
                Err(e) => {
                    failed += 1;
                    log.error(input, format_args!("{origin}: invalid JSON line: {e}"));
                    continue;
                }
            };
            let Some(text) = v.get("text").and_then(|t| t.as_str()) else {
                failed += 1;
                log.error(input, format_args!("{origin}: no \"text\" field"));
                continue;
            };
            let id = v.get("id").cloned().unwrap_or(serde_json::Value::Null);
            let line = Line {
                id,
                sentences: spans(text),
            };
            out.write(&line).context("cannot write to stdout")?;
            if out.is_closed() {
                break;
            }
        }
    } else {
        let bytes = match read_limited(reader, input, limit) {
            Ok(b) => b,
            Err(e) => {
                tracing::error!("{e}");
                return Ok(exit::SOME_FAILED);
            }
        };
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                let bytes = e.into_bytes();
                let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
                tracing::error!("{input}: line {line}: not valid UTF-8 (byte offset {offset})");
                return Ok(exit::SOME_FAILED);
            }
        };
        for s in spans(&text) {
            out.write(&s).context("cannot write to stdout")?;
            if out.is_closed() {
                break;
            }
        }
    }
    out.flush().context("cannot write to stdout")?;
    log.summarise();
    Ok(if failed > 0 {
        exit::SOME_FAILED
    } else {
        exit::OK
    })
}
