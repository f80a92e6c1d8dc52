//! Sinks: where records, cleaned articles and error records go. Every line written is one
//! complete JSON object; a reader that goes away (a closed pipe) ends the run quietly.

use std::io::{self, Seek, Write};

use serde::Serialize;

use crate::clean::Cleaned;
use crate::doc::{Article, ArticleStatus};
use crate::error::Error;

/// Where a [`JsonlSink`] writes. A file can be cut back to the last whole line after a failed
/// write (a full disk) so that a reader of the file never meets half a JSON object; a stream
/// cannot, and only ever gets whole lines handed to it.
pub trait LineOut: Write + Send {
    /// Makes the output `len` bytes long again, if it can.
    fn cut(&mut self, len: u64) -> io::Result<()> {
        let _ = len;
        Ok(())
    }
}

impl LineOut for std::fs::File {
    fn cut(&mut self, len: u64) -> io::Result<()> {
        self.set_len(len)?;
        self.seek(io::SeekFrom::Start(len))?;
        Ok(())
    }
}

impl LineOut for io::Stdout {}

/// Lines are gathered up to this many bytes before one write, which always ends at a line end.
const BUFFER: usize = 64 * 1024;

/// A JSONL writer that writes whole lines only and remembers whether its reader has gone
/// away. It buffers itself (rather than through `BufWriter`, which may write part of a line
/// before failing) so that it knows where the last whole line ends.
pub struct JsonlSink {
    out: Box<dyn LineOut>,
    buf: Vec<u8>,
    /// Bytes of whole lines the output has taken.
    committed: u64,
    closed: bool,
    pub lines: u64,
}

impl JsonlSink {
    pub fn new(out: Box<dyn LineOut>) -> Self {
        JsonlSink {
            out,
            buf: Vec::with_capacity(BUFFER),
            committed: 0,
            closed: false,
            lines: 0,
        }
    }

    /// Writes one value as a line. A broken pipe marks the sink closed and is not an error.
    pub fn write<T: Serialize>(&mut self, value: &T) -> io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let start = self.buf.len();
        if let Err(e) = serde_json::to_writer(&mut self.buf, value) {
            self.buf.truncate(start);
            return Err(io::Error::other(e));
        }
        self.buf.push(b'\n');
        self.lines += 1;
        if self.buf.len() >= BUFFER {
            self.write_out()?;
        }
        Ok(())
    }

    /// Hands the buffered lines to the output. On failure the output is cut back to the last
    /// line it took whole.
    fn write_out(&mut self) -> io::Result<()> {
        if self.closed || self.buf.is_empty() {
            return Ok(());
        }
        match self.out.write_all(&self.buf) {
            Ok(()) => {
                self.committed += self.buf.len() as u64;
                self.buf.clear();
                Ok(())
            }
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                self.buf.clear();
                Ok(())
            }
            Err(e) => {
                self.buf.clear();
                // The run ends with this error; what is already written stays readable.
                self.closed = true;
                let _ = self.out.cut(self.committed);
                Err(e)
            }
        }
    }

    pub fn is_closed(&self) -> bool {
        self.closed
    }

    pub fn flush(&mut self) -> io::Result<()> {
        self.write_out()?;
        if self.closed {
            return Ok(());
        }
        match self.out.flush() {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            r => r,
        }
    }
}

/// Lines still buffered when a run stops on an error elsewhere are written, as `BufWriter`
/// would; a failure then is not reported, but still cuts back to a whole line.
impl Drop for JsonlSink {
    fn drop(&mut self) {
        let _ = self.write_out();
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
    /// Only for pages whose host has a site profile (a compatible extension of the line).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extraction: Option<crate::profile::Extraction>,
    pub text: &'a str,
    pub sentences: Vec<SentenceLine<'a>>,
}

#[derive(Serialize)]
pub struct SentenceLine<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
}

impl<'a> SentenceLine<'a> {
    /// The sentences of `text` as `dealwire sentences` prints them: the one place that turns
    /// split spans into lines, for the command and the Python binding alike.
    pub fn split(text: &'a str) -> Vec<SentenceLine<'a>> {
        crate::sentences::split(text)
            .into_iter()
            .map(|s| SentenceLine {
                start: s.start,
                end: s.end,
                text: s.slice(text),
            })
            .collect()
    }
}

/// A cleaned page as `dealwire clean` prints it. `id` is the input's name on the command line
/// and absent where there is none (a page handed over in memory).
#[derive(Serialize)]
pub struct CleanLine<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<&'a str>,
    pub text: &'a str,
    pub title: Option<&'a str>,
    pub author: Option<String>,
    pub published: Option<String>,
    pub modified: Option<String>,
    pub site: Option<&'a str>,
    pub url: Option<&'a str>,
    pub lang: Option<&'a str>,
    pub status: ArticleStatus,
    pub date_source: Option<&'a str>,
    /// Only when the page's host has a site profile (`docs/contract-extensions.md`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extraction: Option<crate::profile::Extraction>,
}

impl<'a> CleanLine<'a> {
    /// `url` is where the page came from; the page's own canonical URL wins over it.
    pub fn new(id: Option<&'a str>, url: Option<&'a str>, c: &'a Cleaned) -> Self {
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
            extraction: None,
        }
    }

    /// The line of a page read with the profiles: says which path read it.
    pub fn with_extraction(self, extraction: Option<crate::profile::Extraction>) -> Self {
        CleanLine { extraction, ..self }
    }
}

impl<'a> ArticleLine<'a> {
    pub fn new(a: &'a Article) -> Self {
        ArticleLine {
            id: &a.id,
            url: a.url.as_deref(),
            title: a.title.as_deref(),
            published: a.published.map(|d| d.to_string()),
            source: a.site.as_deref(),
            extraction: a.extraction,
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// An output that takes `room` bytes and then fails as a full disk does, in the middle of
    /// a write.
    struct Full {
        data: Arc<Mutex<Vec<u8>>>,
        room: usize,
    }

    impl Write for Full {
        fn write(&mut self, b: &[u8]) -> io::Result<usize> {
            let mut data = self.data.lock().map_err(|_| io::Error::other("poisoned"))?;
            let left = self.room.saturating_sub(data.len());
            if left == 0 {
                return Err(io::Error::from_raw_os_error(28));
            }
            let n = left.min(b.len());
            data.extend_from_slice(&b[..n]);
            Ok(n)
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl LineOut for Full {
        fn cut(&mut self, len: u64) -> io::Result<()> {
            let mut data = self.data.lock().map_err(|_| io::Error::other("poisoned"))?;
            data.truncate(len as usize);
            Ok(())
        }
    }

    /// Issue 18: a full disk leaves the file at a line boundary, every line whole.
    #[test]
    fn issue_18_a_full_disk_leaves_whole_lines() {
        for room in [10, 1000, 100_000, 150_001] {
            let data = Arc::new(Mutex::new(Vec::new()));
            let mut sink = JsonlSink::new(Box::new(Full {
                data: data.clone(),
                room,
            }));
            let line = serde_json::json!({"text": "x".repeat(777)});
            let mut failed = false;
            for _ in 0..500 {
                if sink.write(&line).is_err() {
                    failed = true;
                    break;
                }
            }
            failed |= sink.flush().is_err();
            assert!(failed, "room {room}");
            drop(sink);
            let data = data.lock().map(|d| d.clone()).unwrap_or_default();
            assert!(data.is_empty() || data.ends_with(b"\n"), "room {room}");
            for l in data.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
                assert!(serde_json::from_slice::<serde_json::Value>(l).is_ok());
            }
        }
    }
}
