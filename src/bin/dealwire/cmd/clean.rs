//! `dealwire clean`: one cleaned article per input page, as JSON.

use std::io::{BufRead, Read};

use dealwire::clean::{clean_page, CleanSettings, Cleaned};
use dealwire::doc::ArticleStatus;
use serde::Serialize;

use super::output::flush_stdout;
use crate::args::CleanArgs;
use crate::exit;

#[derive(Serialize)]
struct CleanLine<'a> {
    id: &'a str,
    text: &'a str,
    title: Option<&'a str>,
    author: Option<String>,
    published: Option<String>,
    modified: Option<String>,
    site: Option<&'a str>,
    url: Option<&'a str>,
    lang: Option<&'a str>,
    status: ArticleStatus,
    date_source: Option<&'a str>,
}

fn line<'a>(id: &'a str, url: Option<&'a str>, c: &'a Cleaned) -> CleanLine<'a> {
    CleanLine {
        id,
        text: &c.text,
        title: c.meta.title.as_deref(),
        author: (!c.meta.authors.is_empty()).then(|| c.meta.authors.join(", ")),
        published: c.meta.published.map(|d| d.to_string()),
        modified: c.meta.modified.map(|d| d.to_string()),
        site: c.meta.site.as_deref(),
        url: c.meta.canonical_url.as_deref().or(url),
        lang: c.meta.lang.as_deref(),
        status: c.status,
        date_source: c.meta.date_source.as_deref(),
    }
}

fn print(v: &impl Serialize) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    serde_json::to_writer(&mut out, v)?;
    match writeln!(out) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => Ok(r?),
    }
}

pub fn run(args: CleanArgs) -> anyhow::Result<u8> {
    let settings = CleanSettings::default();
    let mut failed = 0u64;
    if args.jsonl {
        let inputs = if args.inputs.is_empty() {
            vec!["-".to_string()]
        } else {
            args.inputs.clone()
        };
        for input in &inputs {
            let reader: Box<dyn BufRead> = if input == "-" {
                Box::new(std::io::stdin().lock())
            } else {
                match std::fs::File::open(input) {
                    Ok(f) => Box::new(std::io::BufReader::new(f)),
                    Err(e) => {
                        tracing::error!("{input}: cannot read: {e}");
                        failed += 1;
                        continue;
                    }
                }
            };
            for (n, l) in reader.split(b'\n').enumerate() {
                let origin = format!("{input}:{}", n + 1);
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
                let Some(html) = v.get("html").and_then(|h| h.as_str()) else {
                    tracing::error!("{origin}: no \"html\" field");
                    failed += 1;
                    continue;
                };
                let id = match v.get("id") {
                    Some(serde_json::Value::String(s)) => s.clone(),
                    Some(other) => other.to_string(),
                    None => origin.clone(),
                };
                let url = v.get("url").and_then(|u| u.as_str());
                match clean_page(&origin, html.as_bytes(), None, url, &settings) {
                    Ok(c) => print(&line(&id, url, &c))?,
                    Err(e) => {
                        tracing::error!("{e}");
                        failed += 1;
                    }
                }
            }
        }
    } else {
        for input in &args.inputs {
            let mut bytes = Vec::new();
            let res = if input == "-" {
                std::io::stdin().read_to_end(&mut bytes).map(|_| ())
            } else {
                std::fs::read(input).map(|b| bytes = b)
            };
            if let Err(e) = res {
                tracing::error!("{input}: cannot read: {e}");
                failed += 1;
                continue;
            }
            if bytes.starts_with(&[0x1f, 0x8b]) {
                let mut out = Vec::new();
                if let Err(e) = flate2::read::MultiGzDecoder::new(&bytes[..])
                    .take(settings.max_bytes as u64)
                    .read_to_end(&mut out)
                {
                    tracing::error!("{input}: corrupt gzip data: {e}");
                    failed += 1;
                    continue;
                }
                bytes = out;
            }
            match clean_page(input, &bytes, None, None, &settings) {
                Ok(c) => print(&line(input, None, &c))?,
                Err(e) => {
                    tracing::error!("{e}");
                    failed += 1;
                }
            }
        }
    }
    flush_stdout()?;
    Ok(if failed > 0 {
        exit::SOME_FAILED
    } else {
        exit::OK
    })
}
