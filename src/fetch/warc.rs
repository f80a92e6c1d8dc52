//! WARC dumps (ISO 28500, and the older 0.17/0.18 drafts that real crawls still carry), such
//! as Common Crawl's CC-NEWS: `response` records with an HTML payload become documents.
//!
//! Records are read one at a time from a stream, so a dump of any size is read in the memory
//! of its largest record (bounded by `ReadLimits::max_bytes`). The reader trusts nothing:
//! a record shorter than its `Content-Length` is reported as truncated, junk between records
//! is skipped up to the next `WARC/` line and reported, and a decompression error ends the
//! file with an error item instead of a panic. Payloads are de-chunked and decompressed as
//! their HTTP headers say, unless the bytes show they already were (Common Crawl rewrites
//! headers as `X-Crawler-*`; ClueWeb says gzip over plain HTML).

use std::io::{BufRead, Read};

use crate::doc::RawDoc;
use crate::error::{Error, Result};
use crate::fetch::http::transport_charset;

/// The longest header line accepted; a longer one means we are not looking at a header.
const MAX_LINE: u64 = 64 * 1024;
/// The most header bytes one record may have.
const MAX_HEADER_BYTES: usize = 1024 * 1024;

/// One WARC record: its named fields and its block (for a response: HTTP headers and body).
#[derive(Debug, Clone, Default)]
pub struct WarcRecord {
    /// Byte offset of the record in the (decompressed) stream.
    pub offset: u64,
    pub version: String,
    pub headers: Vec<(String, String)>,
    pub block: Vec<u8>,
    /// `Content-Length` as declared.
    pub declared: u64,
    /// The stream ended (or broke) before `declared` bytes were read.
    pub truncated: bool,
    /// The block was larger than the limit and skipped; `block` is empty.
    pub oversize: bool,
}

impl WarcRecord {
    /// A named field, case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// `WARC-Target-URI` without the angle brackets wget puts around it.
    pub fn target_uri(&self) -> Option<&str> {
        self.header("WARC-Target-URI").map(|u| {
            u.trim()
                .trim_start_matches('<')
                .trim_end_matches('>')
                .trim()
        })
    }
}

/// Reads records from a decompressed WARC stream.
pub struct WarcReader<R> {
    r: R,
    pos: u64,
    limit: u64,
    done: bool,
    records: usize,
    /// A version line found after junk, whose record comes next.
    pending: Option<(u64, String)>,
}

/// What stopped a record from being read.
#[derive(Debug)]
pub struct WarcError {
    pub offset: u64,
    pub message: String,
    /// The stream cannot be read further.
    pub fatal: bool,
}

type Item = std::result::Result<WarcRecord, WarcError>;

impl<R: BufRead> WarcReader<R> {
    pub fn new(r: R, limit: u64) -> Self {
        WarcReader {
            r,
            pos: 0,
            limit,
            done: false,
            records: 0,
            pending: None,
        }
    }

    /// Reads one line (with its terminator), at most `MAX_LINE` bytes.
    fn line(&mut self) -> std::io::Result<Vec<u8>> {
        let mut buf = Vec::new();
        let n = (&mut self.r).take(MAX_LINE).read_until(b'\n', &mut buf)?;
        self.pos += n as u64;
        Ok(buf)
    }

    fn err(&mut self, offset: u64, message: String, fatal: bool) -> Option<Item> {
        if fatal {
            self.done = true;
        }
        Some(Err(WarcError {
            offset,
            message,
            fatal,
        }))
    }

    /// The next record, an error about the stream, or `None` at its end.
    pub fn next_record(&mut self) -> Option<Item> {
        if let Some((at, version)) = self.pending.take() {
            return Some(self.read_record(at, version));
        }
        if self.done {
            return None;
        }
        // Find the version line, skipping the blank lines that end the previous record and,
        // if need be, junk before the next one.
        let mut skipped = 0u64;
        let junk_at = self.pos;
        loop {
            let at = self.pos;
            let line = match self.line() {
                Ok(l) => l,
                Err(e) => return self.err(at, format!("unreadable data: {e}"), true),
            };
            if line.is_empty() {
                self.done = true;
                if skipped > 0 {
                    let msg = format!("{skipped} bytes of junk at the end of the file");
                    return self.err(junk_at, msg, true);
                }
                return None;
            }
            let text = String::from_utf8_lossy(&line);
            let t = text.trim();
            if t.is_empty() {
                continue;
            }
            if t.starts_with("WARC/") {
                let version = t.to_string();
                if skipped > 0 {
                    // Report the junk; the record after it is read on the next call.
                    self.pending = Some((at, version));
                    let msg = format!(
                        "{skipped} bytes of junk before the record at byte {at} \
                         (the record before is shorter than its Content-Length?)"
                    );
                    return self.err(junk_at, msg, false);
                }
                return Some(self.read_record(at, version));
            }
            if self.records == 0 && skipped == 0 && t.starts_with("filedesc://") {
                let msg = "an ARC file, not WARC: ARC is not supported \
                           (convert it to WARC first, e.g. with warcio)";
                return self.err(at, msg.into(), true);
            }
            skipped += line.len() as u64;
        }
    }

    fn read_record(&mut self, offset: u64, version: String) -> Item {
        self.records += 1;
        let mut rec = WarcRecord {
            offset,
            version,
            ..Default::default()
        };
        let fail = |this: &mut Self, message: String| {
            this.done = true;
            Err(WarcError {
                offset,
                message,
                fatal: true,
            })
        };
        let mut header_bytes = 0;
        loop {
            let line = match self.line() {
                Ok(l) => l,
                Err(e) => return fail(self, format!("unreadable record header: {e}")),
            };
            if line.is_empty() {
                return fail(self, "the file ends inside a record header".into());
            }
            header_bytes += line.len();
            if header_bytes > MAX_HEADER_BYTES {
                return fail(self, "record header larger than 1 MiB".into());
            }
            let text = String::from_utf8_lossy(&line);
            let t = text.trim_end_matches(['\r', '\n']);
            if t.is_empty() {
                break;
            }
            if t.starts_with([' ', '\t']) {
                // A folded continuation line.
                if let Some((_, v)) = rec.headers.last_mut() {
                    v.push(' ');
                    v.push_str(t.trim());
                }
                continue;
            }
            if let Some((k, v)) = t.split_once(':') {
                rec.headers
                    .push((k.trim().to_string(), v.trim().to_string()));
            }
        }
        let Some(len) = rec
            .header("Content-Length")
            .and_then(|v| v.trim().parse::<u64>().ok())
        else {
            // Without a length the record cannot be framed; look for the next one.
            return Err(WarcError {
                offset,
                message: "record without a valid Content-Length".into(),
                fatal: false,
            });
        };
        rec.declared = len;
        if len > self.limit {
            rec.oversize = true;
            match std::io::copy(&mut (&mut self.r).take(len), &mut std::io::sink()) {
                Ok(n) => {
                    self.pos += n;
                    rec.truncated = n < len;
                }
                Err(_) => {
                    rec.truncated = true;
                    self.done = true;
                }
            }
            return Ok(rec);
        }
        let mut block = Vec::with_capacity(len.min(1 << 20) as usize);
        match (&mut self.r).take(len).read_to_end(&mut block) {
            Ok(n) => {
                self.pos += n as u64;
                rec.truncated = (n as u64) < len;
            }
            Err(_) => {
                // A broken compressed stream: keep what arrived, nothing more can be read.
                self.pos += block.len() as u64;
                rec.truncated = true;
                self.done = true;
            }
        }
        rec.block = block;
        Ok(rec)
    }
}

/// Documents from a WARC stream: `response` records whose payload is an HTML page with a 2xx
/// status. Other records are passed over and counted; broken ones are error items.
pub struct WarcDocs<R> {
    reader: WarcReader<R>,
    origin: String,
    limit: u64,
    /// Records passed over (requests, metadata, non-HTML, non-2xx, revisits).
    pub skipped: u64,
}

impl<R: BufRead> WarcDocs<R> {
    pub fn new(r: R, origin: impl Into<String>, limit: u64) -> Self {
        WarcDocs {
            reader: WarcReader::new(r, limit),
            origin: origin.into(),
            limit,
            skipped: 0,
        }
    }

    fn record_origin(&self, rec: &WarcRecord) -> String {
        match rec.target_uri() {
            Some(u) => format!("{}@{} ({u})", self.origin, rec.offset),
            None => format!("{}@{}", self.origin, rec.offset),
        }
    }

    /// Turns one record into a document, `Ok(None)` for records that are not pages.
    fn to_doc(&self, rec: WarcRecord) -> Result<Option<RawDoc>> {
        let origin = self.record_origin(&rec);
        let is_response = rec
            .header("WARC-Type")
            .is_some_and(|t| t.eq_ignore_ascii_case("response"));
        if rec.oversize {
            if !is_response {
                return Ok(None);
            }
            return Err(Error::TooLarge {
                origin,
                size: rec.declared,
                limit: self.limit,
            });
        }
        if rec.truncated {
            return Err(Error::Format {
                origin,
                message: format!(
                    "truncated record: {} of {} bytes",
                    rec.block.len(),
                    rec.declared
                ),
            });
        }
        if !is_response {
            return Ok(None);
        }
        let Some(http) = parse_http(&rec.block) else {
            return Ok(None);
        };
        if !(200..300).contains(&http.status) {
            return Ok(None);
        }
        let content_type = http.header("Content-Type");
        let html_type = |t: &str| {
            let t = t.to_ascii_lowercase();
            t.contains("html")
        };
        let is_html = match content_type {
            Some(ct) => html_type(ct),
            None => rec
                .header("WARC-Identified-Payload-Type")
                .is_some_and(html_type),
        };
        if !is_html {
            return Ok(None);
        }
        let mut body = rec.block[http.body_start..].to_vec();
        if http
            .header("Transfer-Encoding")
            .is_some_and(|t| t.to_ascii_lowercase().contains("chunked"))
        {
            if let Some(d) = dechunk(&body) {
                body = d;
            }
        }
        if let Some(enc) = http.header("Content-Encoding") {
            body = decode_content(enc, body, self.limit).map_err(|message| Error::Format {
                origin: origin.clone(),
                message,
            })?;
        }
        if body.iter().all(u8::is_ascii_whitespace) {
            return Err(Error::Empty { origin });
        }
        let charset = content_type.and_then(|ct| transport_charset(ct, &body));
        let mut doc = RawDoc::html(origin, body);
        doc.url = rec.target_uri().map(str::to_string);
        doc.charset = charset;
        Ok(Some(doc))
    }
}

impl<R: BufRead> Iterator for WarcDocs<R> {
    type Item = Result<RawDoc>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match self.reader.next_record()? {
                Err(e) => {
                    return Some(Err(Error::Format {
                        origin: format!("{}@{}", self.origin, e.offset),
                        message: e.message,
                    }))
                }
                Ok(rec) => match self.to_doc(rec) {
                    Ok(Some(doc)) => return Some(Ok(doc)),
                    Ok(None) => self.skipped += 1,
                    Err(e) => return Some(Err(e)),
                },
            }
        }
    }
}

/// The parts of an HTTP response block we need.
struct HttpHead {
    status: u16,
    headers: Vec<(String, String)>,
    body_start: usize,
}

impl HttpHead {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Parses a status line and headers ended by a blank line, accepting LF as well as CRLF
/// (ClueWeb writes LF).
fn parse_http(block: &[u8]) -> Option<HttpHead> {
    if !block.starts_with(b"HTTP/") {
        return None;
    }
    let mut pos = 0;
    let mut status = None;
    let mut headers = Vec::new();
    while pos < block.len() {
        let end = block[pos..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(block.len(), |e| pos + e + 1);
        let line = String::from_utf8_lossy(&block[pos..end]);
        let line = line.trim_end_matches(['\r', '\n']);
        pos = end;
        if status.is_none() {
            status = line
                .split_whitespace()
                .nth(1)
                .and_then(|s| s.parse::<u16>().ok());
            status?;
            continue;
        }
        if line.is_empty() {
            return Some(HttpHead {
                status: status?,
                headers,
                body_start: pos,
            });
        }
        if let Some((k, v)) = line.split_once(':') {
            headers.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    // Headers with no body at all.
    Some(HttpHead {
        status: status?,
        headers,
        body_start: block.len(),
    })
}

/// Undoes HTTP chunked transfer coding; `None` when the bytes are not chunked after all.
fn dechunk(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    let mut pos = 0;
    loop {
        let end = body[pos..].iter().position(|&b| b == b'\n')? + pos;
        let size_line = std::str::from_utf8(&body[pos..end]).ok()?;
        let size_hex = size_line.split(';').next()?.trim();
        let size = usize::from_str_radix(size_hex, 16).ok()?;
        pos = end + 1;
        if size == 0 {
            return Some(out);
        }
        let chunk = body.get(pos..pos.checked_add(size)?);
        match chunk {
            Some(c) => out.extend_from_slice(c),
            None => {
                // A truncated last chunk: keep what is there.
                out.extend_from_slice(&body[pos..]);
                return Some(out);
            }
        }
        pos += size;
        // The line end after the chunk.
        if body[pos..].starts_with(b"\r\n") {
            pos += 2;
        } else if body[pos..].starts_with(b"\n") {
            pos += 1;
        }
        if pos >= body.len() {
            return Some(out);
        }
    }
}

/// Decodes `Content-Encoding`, within `limit`. A body that claims compression but already
/// reads as markup is taken as it is: some crawlers stored the decoded body and kept the
/// header.
fn decode_content(
    encoding: &str,
    body: Vec<u8>,
    limit: u64,
) -> std::result::Result<Vec<u8>, String> {
    let enc = encoding.trim().to_ascii_lowercase();
    let reader: Box<dyn Read> = match enc.as_str() {
        "" | "identity" | "none" => return Ok(body),
        "gzip" | "x-gzip" => {
            if !body.starts_with(&[0x1f, 0x8b]) {
                return plain_or(body, &enc);
            }
            Box::new(flate2::read::MultiGzDecoder::new(std::io::Cursor::new(
                body.clone(),
            )))
        }
        "deflate" => {
            if body.starts_with(&[0x78]) {
                Box::new(flate2::read::ZlibDecoder::new(std::io::Cursor::new(
                    body.clone(),
                )))
            } else {
                Box::new(flate2::read::DeflateDecoder::new(std::io::Cursor::new(
                    body.clone(),
                )))
            }
        }
        "br" => Box::new(brotli_decompressor::Decompressor::new(
            std::io::Cursor::new(body.clone()),
            4096,
        )),
        other => return Err(format!("unsupported Content-Encoding {other:?}")),
    };
    let mut out = Vec::new();
    match reader.take(limit + 1).read_to_end(&mut out) {
        Ok(_) if out.len() as u64 > limit => {
            Err(format!("decompresses to more than {limit} bytes"))
        }
        Ok(_) => Ok(out),
        Err(e) => {
            if looks_like_markup(&body) {
                Ok(body)
            } else {
                Err(format!("cannot decode Content-Encoding {enc}: {e}"))
            }
        }
    }
}

fn plain_or(body: Vec<u8>, enc: &str) -> std::result::Result<Vec<u8>, String> {
    if looks_like_markup(&body) {
        Ok(body)
    } else {
        Err(format!("the body is not {enc} data"))
    }
}

fn looks_like_markup(body: &[u8]) -> bool {
    let start = body
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(body.len());
    body[start..].starts_with(b"<") || body[start..].starts_with(b"\xef\xbb\xbf<")
}

/// Opens a WARC file (gzipped per record, as a whole, or not at all) as a document stream.
pub fn open(
    path: &std::path::Path,
    limit: u64,
) -> std::io::Result<WarcDocs<Box<dyn BufRead + Send>>> {
    let mut f = std::io::BufReader::new(std::fs::File::open(path)?);
    let gz = f.fill_buf()?.starts_with(&[0x1f, 0x8b]);
    let reader: Box<dyn BufRead + Send> = if gz {
        Box::new(std::io::BufReader::new(flate2::read::MultiGzDecoder::new(
            f,
        )))
    } else {
        Box::new(f)
    };
    Ok(WarcDocs::new(reader, path.display().to_string(), limit))
}

/// Whether a file name says WARC (or ARC, which is refused with a clear message).
pub fn is_warc_name(path: &std::path::Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let name = name.trim_end_matches(".gz");
    name.ends_with(".warc") || name.ends_with(".arc")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: &str, uri: &str, block: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    fn docs(bytes: Vec<u8>) -> Vec<Result<RawDoc>> {
        WarcDocs::new(std::io::Cursor::new(bytes), "t.warc", 1 << 20).collect()
    }

    const PAGE: &[u8] =
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><p>Hi</p></html>";

    #[test]
    fn responses_become_docs() {
        let mut w = record("warcinfo", "", b"software: test\r\n");
        w.extend(record(
            "request",
            "http://x.test/a",
            b"GET /a HTTP/1.1\r\n\r\n",
        ));
        w.extend(record("response", "<http://x.test/a>", PAGE));
        w.extend(record(
            "response",
            "http://x.test/img",
            b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG",
        ));
        w.extend(record(
            "response",
            "http://x.test/r",
            b"HTTP/1.1 301 Moved\r\nLocation: /a\r\n\r\n",
        ));
        let out = docs(w);
        assert_eq!(out.len(), 1);
        let d = out[0].as_ref().expect("doc");
        assert_eq!(d.url.as_deref(), Some("http://x.test/a"));
        assert_eq!(d.charset.as_deref(), Some("utf-8"));
    }

    #[test]
    fn truncated_and_junk() {
        let mut w = record("response", "http://x.test/a", PAGE);
        w.extend_from_slice(b"garbage line\r\n");
        w.extend(record("response", "http://x.test/b", PAGE));
        let mut cut = record("response", "http://x.test/c", PAGE);
        cut.truncate(cut.len() - 20);
        w.extend(cut);
        let out = docs(w);
        assert_eq!(out.len(), 4, "{out:?}");
        assert!(out[0].is_ok());
        assert!(matches!(&out[1], Err(Error::Format { message, .. }) if message.contains("junk")));
        assert!(out[2].is_ok());
        assert!(
            matches!(&out[3], Err(Error::Format { message, .. }) if message.contains("truncated"))
        );
    }

    #[test]
    fn chunked_gzip_brotli_payloads() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, b"<html><p>zipped</p></html>").expect("gzip");
        let gz = gz.finish().expect("gzip");
        let mut chunked = format!("{:x}\r\n", gz.len()).into_bytes();
        chunked.extend_from_slice(&gz);
        chunked.extend_from_slice(b"\r\n0\r\n\r\n");
        let mut block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
        block.extend_from_slice(&chunked);
        let out = docs(record("response", "http://x.test/z", &block));
        match &out[0] {
            Ok(RawDoc {
                body: crate::doc::Body::Html(b),
                ..
            }) => {
                assert_eq!(b.as_slice(), b"<html><p>zipped</p></html>")
            }
            other => panic!("{other:?}"),
        }
        // Claims gzip, is plain: taken as it is.
        let block = b"HTTP/1.1 200 OK\nContent-Type: text/html\nContent-Encoding: gzip\n\n<html>plain</html>";
        assert!(docs(record("response", "http://x.test/p", block))[0].is_ok());
    }

    #[test]
    fn arc_refused() {
        let out = docs(b"filedesc://x.arc 0.0.0.0 20080430204825 text/plain 76\n1 0 IA\n".to_vec());
        assert!(matches!(&out[0], Err(Error::Format { message, .. }) if message.contains("ARC")));
        assert_eq!(out.len(), 1);
    }

    #[test]
    fn dechunking() {
        assert_eq!(
            dechunk(b"3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n").as_deref(),
            Some(&b"abcde"[..])
        );
        assert_eq!(dechunk(b"<html>"), None);
    }
}
