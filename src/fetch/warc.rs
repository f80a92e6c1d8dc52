//! WARC dumps (ISO 28500, and the older 0.17/0.18 drafts that real crawls still carry), such
//! as Common Crawl's CC-NEWS: `response` records with an HTML payload become documents.
//!
//! Records are read one at a time from a stream, so a dump of any size is read in the memory
//! of its largest record (bounded by `ReadLimits::max_bytes`). The reader trusts nothing, and
//! one fault costs one record: a record shorter than its `Content-Length` is reported as
//! truncated, junk between records is skipped up to the next `WARC/` line and reported, a
//! `Content-Length` over the limit is passed over only up to the next version line, and a
//! damaged gzip member (a flipped byte, a cut, junk between members) is one error item, after
//! which [`GzMembers`] resumes at the next member that holds a WARC record. Payloads are de-chunked and decompressed as
//! their HTTP headers say, unless the bytes show they already were (Common Crawl rewrites
//! headers as `X-Crawler-*`; ClueWeb says gzip over plain HTML).

use std::io::{BufRead, Read, Seek, SeekFrom};

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
    /// Where the next record was found inside an oversize block whose `Content-Length` was
    /// therefore false.
    pub next_at: Option<u64>,
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
    /// Damage found after a whole record, reported as an item of its own next.
    pending_damage: Option<WarcError>,
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
            pending_damage: None,
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
        if let Some(e) = self.pending_damage.take() {
            return Some(Err(e));
        }
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
                Err(e) => {
                    return match damaged(&e) {
                        Some(d) => {
                            self.done = d.resumed.is_none();
                            let msg = d.to_string();
                            self.err(at, msg, false)
                        }
                        None => self.err(at, format!("unreadable data: {e}"), true),
                    }
                }
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
                Err(e) => return self.broken(offset, &e, "unreadable record header"),
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
            return self.skip_block(rec);
        }
        let mut block = Vec::with_capacity(len.min(1 << 20) as usize);
        let res = (&mut self.r).take(len).read_to_end(&mut block);
        self.pos += block.len() as u64;
        if let Err(e) = res {
            if let Some(d) = damaged(&e) {
                let what = if d.truncated {
                    format!("truncated record: {} of {len} bytes", block.len())
                } else {
                    format!("damaged record, {} of {len} bytes read", block.len())
                };
                return self.broken(offset, &e, &what);
            }
            // A broken stream: keep what arrived, nothing more can be read.
            rec.truncated = true;
            self.done = true;
        }
        rec.truncated |= (block.len() as u64) < len;
        rec.block = block;
        if let Err(e) = self.end_of_record() {
            match damaged(&e) {
                // Junk after the record's member: the record is whole.
                Some(d) if d.between => {
                    self.done = d.resumed.is_none();
                    self.pending_damage = Some(WarcError {
                        offset: self.pos,
                        message: d.to_string(),
                        fatal: false,
                    });
                }
                _ => return self.broken(offset, &e, "damaged record"),
            }
        }
        Ok(rec)
    }

    /// An error item for the record at `offset`, cut by `e`. Damage the gzip layer recovered
    /// from costs this record only; any other read error ends the stream.
    fn broken(&mut self, offset: u64, e: &std::io::Error, what: &str) -> Item {
        match damaged(e) {
            Some(d) => {
                self.done = d.resumed.is_none();
                Err(WarcError {
                    offset,
                    message: format!("{what}: {d}"),
                    fatal: false,
                })
            }
            None => {
                self.done = true;
                Err(WarcError {
                    offset,
                    message: format!("{what}: {e}"),
                    fatal: true,
                })
            }
        }
    }

    /// Reads the blank lines that close a record and looks at what follows, so that damage
    /// found at the end of the record's gzip member (a checksum that does not match) is
    /// charged to this record rather than to the next.
    fn end_of_record(&mut self) -> std::io::Result<()> {
        loop {
            let buf = self.r.fill_buf()?;
            let n = buf
                .iter()
                .take_while(|&&b| b == b'\r' || b == b'\n')
                .count();
            if n == 0 {
                return Ok(());
            }
            self.r.consume(n);
            self.pos += n as u64;
        }
    }

    /// Passes over the block of a record larger than the limit without keeping it. Its
    /// `Content-Length` may be a lie (10^12 in a damaged header): a version line met at a line
    /// start before the declared end is taken as the next record, so one bad number costs one
    /// record, not the rest of the file.
    fn skip_block(&mut self, mut rec: WarcRecord) -> Item {
        rec.oversize = true;
        let len = rec.declared;
        let mut skipped = 0u64;
        let mut line_start = true;
        let mut buf = Vec::new();
        while skipped < len {
            buf.clear();
            let at = self.pos;
            let res = (&mut self.r)
                .take(MAX_LINE.min(len - skipped))
                .read_until(b'\n', &mut buf);
            self.pos += buf.len() as u64;
            match res {
                Ok(0) => {
                    rec.truncated = true;
                    break;
                }
                Ok(n) => {
                    if line_start && is_version_line(&buf) {
                        let version = String::from_utf8_lossy(&buf).trim().to_string();
                        self.pending = Some((at, version));
                        rec.next_at = Some(at);
                        break;
                    }
                    skipped += n as u64;
                    line_start = buf.ends_with(b"\n");
                }
                Err(e) => return self.broken(rec.offset, &e, "damaged record"),
            }
        }
        Ok(rec)
    }
}

/// A WARC version line (`WARC/1.0`, `WARC/1.1`, `WARC/0.18`): short, nothing after the number.
fn is_version_line(line: &[u8]) -> bool {
    let t = line.trim_ascii();
    t.len() <= 16
        && t.strip_prefix(b"WARC/")
            .is_some_and(|v| !v.is_empty() && v.iter().all(|b| b.is_ascii_digit() || *b == b'.'))
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
        if let Some(next) = rec.next_at {
            return Err(Error::Format {
                origin,
                message: format!(
                    "Content-Length {} is false: the next record starts at byte {next}; \
                     this record was skipped",
                    rec.declared
                ),
            });
        }
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

/// Where a gzipped dump was damaged and where reading resumed. It travels inside an
/// `io::Error` from [`GzMembers`] up to the record reader, which turns it into one error item
/// for the record it cut and then reads on.
#[derive(Debug)]
pub struct Damaged {
    /// Byte offset, in the compressed file, of the member (or junk) that could not be read.
    pub at: u64,
    /// Byte offset of the next readable member, or `None` when none follows.
    pub resumed: Option<u64>,
    pub cause: String,
    /// Nothing of the damaged member was handed on (junk where a member should begin, a
    /// corrupt member): the record before it ended whole.
    pub between: bool,
    /// The file ends inside the member; what it held up to there was handed on.
    pub truncated: bool,
}

impl std::fmt::Display for Damaged {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "damaged gzip data at byte {} ({})", self.at, self.cause)?;
        match self.resumed {
            Some(n) => write!(f, "; resumed at the gzip member at byte {n}"),
            None => write!(f, "; no readable gzip member follows"),
        }
    }
}

impl std::error::Error for Damaged {}

/// The damage report inside an IO error, if that is what it is.
fn damaged(e: &std::io::Error) -> Option<&Damaged> {
    e.get_ref()
        .and_then(|inner| inner.downcast_ref::<Damaged>())
}

const GZIP_MAGIC: [u8; 3] = [0x1f, 0x8b, 0x08];

/// A gzipped WARC read member by member. Crawlers compress each record as its own gzip
/// member so that one can be read without the others; so a damaged member (a flipped byte, a
/// cut, junk between members) costs only the records in it. After damage the raw bytes are
/// searched for the next gzip header whose data begins with a WARC version line, and reading
/// resumes there; the damage itself is one `io::Error` carrying a [`Damaged`].
///
/// A member is decompressed whole, up to `buffer` bytes, before any of it is handed on: its
/// checksum, which is only checked at its end, is what tells a flipped byte, and no record
/// of a damaged member may be read as if it were whole. (A file that ends inside a member is
/// the exception: that member's bytes are a true prefix, handed on so that the record the
/// end cuts is reported as truncated.) A larger member (a WARC gzipped as one stream) is
/// handed on as it is decompressed past that point, and damage found later in it cuts the
/// record being read.
pub struct GzMembers<R> {
    raw: Option<R>,
    member: Option<flate2::bufread::GzDecoder<R>>,
    /// Where the current member starts in the compressed file.
    member_at: u64,
    /// Bytes of the current member, checked whole (or its first `buffer` bytes), and how many
    /// of them were handed on.
    ready: Vec<u8>,
    given: usize,
    buffer: u64,
    /// The current member outgrew the buffer and is passed on as it comes.
    streaming: bool,
    /// Damage found in a member whose readable start is still being handed on; reported
    /// right after it.
    failed: Option<std::io::Error>,
}

impl<R: BufRead + Seek> GzMembers<R> {
    pub fn new(raw: R, buffer: u64) -> Self {
        GzMembers {
            raw: Some(raw),
            member: None,
            member_at: 0,
            ready: Vec::new(),
            given: 0,
            buffer,
            streaming: false,
            failed: None,
        }
    }

    /// Looks for the next member start at or after `from`: a gzip header whose first
    /// decompressed bytes are `WARC/`, which junk or a stray `1f 8b` in compressed data is
    /// very unlikely to give.
    fn resync(raw: &mut R, from: u64) -> std::io::Result<Option<u64>> {
        raw.seek(SeekFrom::Start(from))?;
        loop {
            let buf = raw.fill_buf()?;
            if buf.is_empty() {
                return Ok(None);
            }
            let Some(i) = memchr::memchr(GZIP_MAGIC[0], buf) else {
                let n = buf.len();
                raw.consume(n);
                continue;
            };
            if i + GZIP_MAGIC.len() <= buf.len() && buf[i..i + GZIP_MAGIC.len()] != GZIP_MAGIC {
                raw.consume(i + 1);
                continue;
            }
            raw.consume(i);
            let at = raw.stream_position()?;
            let mut head = [0u8; 5];
            let found = flate2::bufread::GzDecoder::new(&mut *raw)
                .read_exact(&mut head)
                .is_ok()
                && &head == b"WARC/";
            if found {
                raw.seek(SeekFrom::Start(at))?;
                return Ok(Some(at));
            }
            raw.seek(SeekFrom::Start(at + 1))?;
        }
    }

    /// Skips past damage at `at` and returns the error that reports it.
    fn damage(&mut self, mut raw: R, at: u64, cause: String) -> std::io::Result<Damaged> {
        let resumed = Self::resync(&mut raw, at + 1)?;
        if resumed.is_some() {
            self.raw = Some(raw);
        }
        Ok(Damaged {
            at,
            resumed,
            cause,
            between: false,
            truncated: false,
        })
    }
}

impl Damaged {
    fn into_io(self) -> std::io::Error {
        std::io::Error::new(std::io::ErrorKind::InvalidData, self)
    }
}

impl<R: BufRead + Seek> Read for GzMembers<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        loop {
            if self.given < self.ready.len() {
                let n = out.len().min(self.ready.len() - self.given);
                out[..n].copy_from_slice(&self.ready[self.given..self.given + n]);
                self.given += n;
                return Ok(n);
            }
            if let Some(e) = self.failed.take() {
                return Err(e);
            }
            if let Some(member) = self.member.as_mut() {
                let res = if self.streaming {
                    // The buffer is spent; a member this large has no use for it any more.
                    self.ready = Vec::new();
                    self.given = 0;
                    member.read(out)
                } else {
                    self.ready.clear();
                    self.given = 0;
                    (&mut *member)
                        .take(self.buffer.saturating_add(1))
                        .read_to_end(&mut self.ready)
                };
                match res {
                    Ok(_) if !self.streaming && self.ready.len() as u64 > self.buffer => {
                        self.streaming = true;
                    }
                    Ok(0) if self.streaming && !out.is_empty() => self.next_member(),
                    Ok(n) if self.streaming => return Ok(n),
                    // Whole and checked; handed on from the top of the loop.
                    Ok(_) => self.next_member(),
                    Err(e) => {
                        let Some(m) = self.member.take() else {
                            return Err(e);
                        };
                        let at = self.member_at;
                        let mut d = self.damage(m.into_inner(), at, e.to_string())?;
                        // The file ends inside this member: what it gave is a true prefix
                        // and is handed on, so the record it cuts is reported as truncated.
                        d.truncated =
                            e.kind() == std::io::ErrorKind::UnexpectedEof && d.resumed.is_none();
                        if self.streaming {
                            return Err(d.into_io());
                        }
                        if d.truncated && !self.ready.is_empty() {
                            self.failed = Some(d.into_io());
                            continue;
                        }
                        // Corrupt: nothing of the member is handed on, so no record of it
                        // is read as if it were whole, and the record before it ended whole.
                        self.ready.clear();
                        self.given = 0;
                        d.between = true;
                        return Err(d.into_io());
                    }
                }
                continue;
            }
            let Some(mut raw) = self.raw.take() else {
                return Ok(0);
            };
            let at = raw.stream_position()?;
            let head = raw.fill_buf()?;
            if head.is_empty() {
                return Ok(0);
            }
            let is_member = if head.len() >= GZIP_MAGIC.len() {
                head[..GZIP_MAGIC.len()] == GZIP_MAGIC
            } else {
                // Fewer bytes buffered than the magic has: read them apart, then go back.
                let mut magic = Vec::new();
                (&mut raw)
                    .take(GZIP_MAGIC.len() as u64)
                    .read_to_end(&mut magic)?;
                raw.seek(SeekFrom::Start(at))?;
                magic == GZIP_MAGIC
            };
            if !is_member {
                let cause = "bytes that are not a gzip member".into();
                let mut d = self.damage(raw, at, cause)?;
                d.between = true;
                return Err(d.into_io());
            }
            self.member_at = at;
            self.streaming = false;
            self.member = Some(flate2::bufread::GzDecoder::new(raw));
        }
    }
}

impl<R: BufRead + Seek> GzMembers<R> {
    /// The member ended whole; the next one starts where it stopped.
    fn next_member(&mut self) {
        if let Some(m) = self.member.take() {
            self.raw = Some(m.into_inner());
        }
        self.streaming = false;
    }
}

/// Opens a WARC file (gzipped per record, as a whole, or not at all) as a document stream.
pub fn open(
    path: &std::path::Path,
    limit: u64,
) -> std::io::Result<WarcDocs<Box<dyn BufRead + Send>>> {
    let mut f = std::io::BufReader::new(std::fs::File::open(path)?);
    let gz = f.fill_buf()?.starts_with(&[0x1f, 0x8b]);
    // Resynchronising needs to go back in the file; a pipe cannot, so it is read as one
    // stream that ends at the first damage.
    let seekable = f.stream_position().is_ok();
    let reader: Box<dyn BufRead + Send> = if gz && seekable {
        // A member up to the record limit (and its header) is checked whole before use.
        let buffer = limit.saturating_add(MAX_HEADER_BYTES as u64);
        Box::new(std::io::BufReader::new(GzMembers::new(f, buffer)))
    } else if gz {
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

    /// Per-record gzip members, as crawlers write them, and where each member starts.
    fn gz_members(records: &[Vec<u8>]) -> (Vec<u8>, Vec<usize>) {
        let mut out = Vec::new();
        let mut starts = Vec::new();
        for r in records {
            starts.push(out.len());
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            std::io::Write::write_all(&mut gz, r).expect("gzip");
            out.extend(gz.finish().expect("gzip"));
        }
        (out, starts)
    }

    fn page_records(n: usize) -> Vec<Vec<u8>> {
        (0..n)
            .map(|i| {
                let page = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><p>Page {i} {}</p></html>",
                    "words ".repeat(50 + i)
                );
                record("response", &format!("http://x.test/{i}"), page.as_bytes())
            })
            .collect()
    }

    fn gz_docs(bytes: Vec<u8>) -> Vec<Result<RawDoc>> {
        let r = std::io::BufReader::new(GzMembers::new(std::io::Cursor::new(bytes), 1 << 20));
        WarcDocs::new(r, "t.warc.gz", 1 << 20).collect()
    }

    fn urls(out: &[Result<RawDoc>]) -> Vec<String> {
        out.iter()
            .filter_map(|d| d.as_ref().ok())
            .filter_map(|d| d.url.clone())
            .collect()
    }

    fn expect_urls(skip: &[usize], n: usize) -> Vec<String> {
        (0..n)
            .filter(|i| !skip.contains(i))
            .map(|i| format!("http://x.test/{i}"))
            .collect()
    }

    #[test]
    fn a_flipped_byte_costs_one_gzip_member() {
        let (mut gz, starts) = gz_members(&page_records(10));
        let mid = (starts[4] + starts[5]) / 2;
        gz[mid] ^= 0x55;
        let out = gz_docs(gz);
        assert_eq!(urls(&out), expect_urls(&[4], 10), "{out:?}");
        let errors: Vec<_> = out.iter().filter_map(|d| d.as_ref().err()).collect();
        assert_eq!(errors.len(), 1, "{errors:?}");
        let msg = errors[0].to_string();
        assert!(msg.contains("damaged gzip data"), "{msg}");
        assert!(
            msg.contains(&format!("resumed at the gzip member at byte {}", starts[5])),
            "{msg}"
        );
    }

    #[test]
    fn junk_between_members_and_a_cut_member() {
        let (gz, starts) = gz_members(&page_records(6));
        let mut w = gz[..starts[2]].to_vec();
        w.extend_from_slice(b"junk junk \x1f\x8b\x08 junk");
        // Member 2 cut in the middle, then the rest.
        w.extend_from_slice(&gz[starts[2]..(starts[2] + starts[3]) / 2]);
        w.extend_from_slice(&gz[starts[3]..]);
        let out = gz_docs(w);
        assert_eq!(urls(&out), expect_urls(&[2], 6), "{out:?}");
        let errors = out.iter().filter(|d| d.is_err()).count();
        assert_eq!(
            errors, 2,
            "one for the junk, one for the cut member: {out:?}"
        );
    }

    #[test]
    fn a_cut_last_member_is_one_error() {
        let (gz, starts) = gz_members(&page_records(3));
        let cut = gz[..starts[2] + 20].to_vec();
        let out = gz_docs(cut);
        assert_eq!(urls(&out), expect_urls(&[2], 3), "{out:?}");
        assert_eq!(out.iter().filter(|d| d.is_err()).count(), 1, "{out:?}");
    }

    #[test]
    fn an_absurd_content_length_costs_one_record() {
        for declared in ["1000000000000", "300000000"] {
            let recs: Vec<Vec<u8>> = page_records(5)
                .into_iter()
                .enumerate()
                .map(|(i, r)| {
                    if i != 2 {
                        return r;
                    }
                    let text = String::from_utf8_lossy(&r).into_owned();
                    let start = text.find("Content-Length: ").expect("length") + 16;
                    let end = start + text[start..].find('\r').expect("eol");
                    format!("{}{declared}{}", &text[..start], &text[end..]).into_bytes()
                })
                .collect();
            let plain = docs(recs.concat());
            assert_eq!(urls(&plain), expect_urls(&[2], 5), "{plain:?}");
            assert_eq!(plain.iter().filter(|d| d.is_err()).count(), 1);
            let (gz, _) = gz_members(&recs);
            let out = gz_docs(gz);
            assert_eq!(urls(&out), expect_urls(&[2], 5), "{out:?}");
            let errors: Vec<String> = out
                .iter()
                .filter_map(|d| d.as_ref().err())
                .map(|e| e.to_string())
                .collect();
            assert_eq!(errors.len(), 1);
            assert!(errors[0].contains("is false"), "{errors:?}");
        }
    }

    #[test]
    fn an_honest_oversize_record_is_passed_over() {
        let big = vec![b'x'; 3 << 20];
        let mut recs = page_records(2);
        recs.insert(1, record("resource", "http://x.test/big", &big));
        let (gz, _) = gz_members(&recs);
        let out = gz_docs(gz);
        assert_eq!(urls(&out), expect_urls(&[], 2), "{out:?}");
        assert!(out.iter().all(Result::is_ok));
    }

    #[test]
    fn whole_file_gzip_reads_through_gz_members() {
        let (gz, _) = gz_members(&[page_records(4).concat()]);
        let out = gz_docs(gz);
        assert_eq!(urls(&out), expect_urls(&[], 4), "{out:?}");
        // Larger than the buffer: passed on as it is decompressed.
        let (gz, _) = gz_members(&[page_records(10).concat()]);
        let r = std::io::BufReader::new(GzMembers::new(std::io::Cursor::new(gz), 1000));
        let out: Vec<_> = WarcDocs::new(r, "t.warc.gz", 1 << 20).collect();
        assert_eq!(urls(&out), expect_urls(&[], 10), "{out:?}");
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
