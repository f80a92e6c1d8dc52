//! `dealwire sentences`: text in, one JSON object per sentence out.

use anyhow::Context;
use dealwire::fetch::local::read_limited;
use dealwire::fetch::ReadLimits;
use dealwire::sink::{JsonlSink, SentenceLine};
use serde::Serialize;

use super::json_lines::{open_input, JsonLines};
use crate::args::SentencesArgs;
use crate::exit;
use crate::report::ErrorLog;

pub fn run(args: SentencesArgs) -> anyhow::Result<u8> {
    let input = args.input.as_str();
    let limit = ReadLimits::default().max_bytes;
    let reader = match open_input(input) {
        Ok(r) => r,
        Err(e) => {
            tracing::error!("{input}: cannot read: {e}");
            return Ok(exit::SOME_FAILED);
        }
    };
    let mut out = JsonlSink::new(Box::new(std::io::stdout()));
    let mut log = ErrorLog::default();
    if args.jsonl {
        #[derive(Serialize)]
        struct Line<'a> {
            id: serde_json::Value,
            sentences: Vec<SentenceLine<'a>>,
        }
        for (origin, v) in JsonLines::new(reader, input, limit) {
            let v = match v {
                Ok(v) => v,
                Err(message) => {
                    log.error(input, format_args!("{message}"));
                    continue;
                }
            };
            let Some(text) = v.get("text").and_then(|t| t.as_str()) else {
                log.error(input, format_args!("{origin}: no \"text\" field"));
                continue;
            };
            let id = v.get("id").cloned().unwrap_or(serde_json::Value::Null);
            let line = Line {
                id,
                sentences: SentenceLine::split(text),
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
        for s in SentenceLine::split(&text) {
            out.write(&s).context("cannot write to stdout")?;
            if out.is_closed() {
                break;
            }
        }
    }
    out.flush().context("cannot write to stdout")?;
    log.summarise();
    Ok(if log.total() > 0 {
        exit::SOME_FAILED
    } else {
        exit::OK
    })
}
