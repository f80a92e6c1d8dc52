//! Sinks: where records, cleaned articles and error records go. Every line written is one
//! complete JSON object; a reader that goes away (a closed pipe) ends the run quietly.

use std::io::{self, Write};

use serde::Serialize;

use crate::doc::Article;
use crate::error::Error;

/// A JSONL writer that remembers whether its reader has gone away.
pub struct JsonlSink {
    out: Box<dyn Write + Send>,
    closed: bool,
    pub lines: u64,
}

impl JsonlSink {
    pub fn new(out: Box<dyn Write + Send>) -> Self {
        JsonlSink {
            out,
            closed: false,
            lines: 0,
        }
    }

    /// Writes one value as a line. A broken pipe marks the sink closed and is not an error.
    pub fn write<T: Serialize>(&mut self, value: &T) -> io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let mut line = serde_json::to_vec(value).map_err(io::Error::other)?;
        line.push(b'\n');
        match self.out.write_all(&line) {
            Ok(()) => {
                self.lines += 1;
                Ok(())
            }
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    pub fn is_closed(&self) -> bool {
        self.closed
    }

    pub fn flush(&mut self) -> io::Result<()> {
        match self.out.flush() {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            r => r,
        }
    }
}

/// The cleaned article as written by `--articles`.
#[derive(Serialize)]
pub struct ArticleLine<'a> {
    pub id: &'a str,
    pub url: Option<&'a str>,
    pub title: Option<&'a str>,
    pub published: Option<String>,
    pub source: Option<&'a str>,
    pub text: &'a str,
    pub sentences: Vec<SentenceLine<'a>>,
}

#[derive(Serialize)]
pub struct SentenceLine<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
}

impl<'a> ArticleLine<'a> {
    pub fn new(a: &'a Article) -> Self {
        ArticleLine {
            id: &a.id,
            url: a.url.as_deref(),
            title: a.title.as_deref(),
            published: a.published.map(|d| d.to_string()),
            source: a.site.as_deref(),
            text: &a.text,
            sentences: a
                .sentences
                .iter()
                .map(|s| SentenceLine {
                    start: s.start,
                    end: s.end,
                    text: s.slice(&a.text),
                })
                .collect(),
        }
    }
}

/// The error record of `--errors`: which input, which stage, what went wrong.
#[derive(Serialize)]
pub struct ErrorLine {
    pub input: String,
    pub url: Option<String>,
    pub stage: &'static str,
    pub kind: &'static str,
    pub status: Option<u16>,
    pub message: String,
}

impl ErrorLine {
    pub fn new(e: &Error) -> Self {
        let input = e.origin();
        let url =
            (input.starts_with("http://") || input.starts_with("https://")).then(|| input.clone());
        ErrorLine {
            input,
            url,
            stage: e.stage(),
            kind: e.kind(),
            status: e.status(),
            message: e.to_string(),
        }
    }
}
