//! `dealwire clean`: one cleaned article per input page, as JSON.

use anyhow::Context;
use dealwire::clean::{clean_page, CleanSettings, Cleaned};
use dealwire::fetch::gunzip_if_gzip;
use dealwire::fetch::local::read_limited;
use dealwire::fetch::ReadLimits;
use dealwire::profile::{clean_with_profiles, Extraction, ProfileSet};
use dealwire::sink::{CleanLine, JsonlSink};

use super::json_lines::{open_input, JsonLines};
use crate::args::CleanArgs;
use crate::exit;
use crate::report::ErrorLog;

/// A page cut at the size limit is said on stderr: its text is not the whole article.
fn warn_cut(origin: &str, c: &Cleaned) {
    for d in c.diagnostics.iter().filter(|d| d.warning) {
        tracing::warn!("{origin}: {}", d.message);
    }
}

/// A whole page, read under the input size limit and gunzipped within it.
pub(super) fn read_page(input: &str, limit: u64) -> Result<Vec<u8>, dealwire::Error> {
    let reader = open_input(input).map_err(|source| dealwire::Error::Io {
        path: input.into(),
        source,
    })?;
    let bytes = read_limited(reader, input, limit)?;
    gunzip_if_gzip(bytes, limit).map_err(|message| dealwire::Error::Format {
        origin: input.to_string(),
        message,
    })
}

/// `clean_page`'s checks, then the page through its host's profile when there is one.
fn clean_one(
    origin: &str,
    bytes: &[u8],
    url: Option<&str>,
    settings: &CleanSettings,
    profiles: Option<&ProfileSet>,
) -> Result<(Cleaned, Option<Extraction>), dealwire::Error> {
    if profiles.is_none() {
        return clean_page(origin, bytes, None, url, settings).map(|c| (c, None));
    }
    check_page(origin, bytes, settings)?;
    let p = clean_with_profiles(bytes, None, url, settings, profiles);
    Ok((p.cleaned, p.extraction))
}

/// The refusals of `clean_page` (empty input, binary data), which look at the first
/// kilobyte only, so asking it about that kilobyte costs little.
fn check_page(origin: &str, bytes: &[u8], settings: &CleanSettings) -> Result<(), dealwire::Error> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(dealwire::Error::Empty {
            origin: origin.to_string(),
        });
    }
    let head = &bytes[..bytes.len().min(1024)];
    if head.iter().all(u8::is_ascii_whitespace) {
        return Ok(());
    }
    clean_page(origin, head, None, None, settings).map(|_| ())
}

pub fn run(args: CleanArgs) -> anyhow::Result<u8> {
    let settings = CleanSettings::default();
    let profiles = super::output::load_profiles(args.profiles.as_deref())?;
    let profiles = profiles.as_ref();
    let limit = ReadLimits::default().max_bytes;
    let mut out = JsonlSink::new(Box::new(std::io::stdout()));
    let mut log = ErrorLog::default();
    if args.jsonl {
        let inputs = if args.inputs.is_empty() {
            vec!["-".to_string()]
        } else {
            args.inputs.clone()
        };
        'inputs: for input in &inputs {
            let reader = match open_input(input) {
                Ok(r) => r,
                Err(e) => {
                    log.error(input, format_args!("{input}: cannot read: {e}"));
                    continue;
                }
            };
            for (origin, v) in JsonLines::new(reader, input, limit) {
                let v = match v {
                    Ok(v) => v,
                    Err(message) => {
                        log.error(input, format_args!("{message}"));
                        continue;
                    }
                };
                let Some(html) = v.get("html").and_then(|h| h.as_str()) else {
                    log.error(input, format_args!("{origin}: no \"html\" field"));
                    continue;
                };
                let id = match v.get("id") {
                    Some(serde_json::Value::String(s)) => s.clone(),
                    Some(other) => other.to_string(),
                    None => origin.clone(),
                };
                let url = v.get("url").and_then(|u| u.as_str());
                match clean_one(&origin, html.as_bytes(), url, &settings, profiles) {
                    Ok((c, how)) => {
                        warn_cut(&origin, &c);
                        out.write(&CleanLine::new(Some(&id), url, &c).with_extraction(how))
                            .context("cannot write to stdout")?;
                        if out.is_closed() {
                            break 'inputs;
                        }
                    }
                    Err(e) => log.error(input, format_args!("{e}")),
                }
            }
        }
    } else {
        for input in &args.inputs {
            let bytes = match read_page(input, limit) {
                Ok(b) => b,
                Err(e) => {
                    log.error(input, format_args!("{e}"));
                    continue;
                }
            };
            match clean_one(input, &bytes, None, &settings, profiles) {
                Ok((c, how)) => {
                    warn_cut(input, &c);
                    out.write(&CleanLine::new(Some(input), None, &c).with_extraction(how))
                        .context("cannot write to stdout")?;
                    if out.is_closed() {
                        break;
                    }
                }
                Err(e) => log.error(input, format_args!("{e}")),
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
