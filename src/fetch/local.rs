//! Local inputs: files, directories (walked recursively, in sorted order so that output order
//! is reproducible), standard input, and JSONL dumps. Each yields [`RawDoc`]s lazily, one file
//! at a time and one JSONL line at a time, so a large dump never sits in memory whole.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use super::gunzip_if_gzip;
use chrono::NaiveDate;

use crate::dates::parse_machine_date;
use crate::doc::{Body, RawDoc};
use crate::error::{Error, Result};
use crate::fetch::warc::{self, WarcDocs};

/// A WARC dump being read, record by record.
type WarcStream = WarcDocs<Box<dyn BufRead + Send>>;

/// Limits for local reading; they are settings, not constants, so that a user with unusual
/// input can raise them.
#[derive(Debug, Clone)]
pub struct ReadLimits {
    /// Largest file (or decompressed file) read, in bytes.
    pub max_bytes: u64,
}

impl Default for ReadLimits {
    fn default() -> Self {
        ReadLimits {
            max_bytes: 64 * 1024 * 1024,
        }
    }
}

/// File extensions picked up when a directory is walked; a file named directly is read
/// whatever its name, and its content decides its format.
const DIR_EXTENSIONS: &[&str] = &[
    "arc", "gz", "htm", "html", "jsonl", "ndjson", "text", "txt", "warc", "xhtml",
];

/// One named input, as the user gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Path(PathBuf),
    Stdin,
}

impl Input {
    pub fn parse(arg: &str) -> Input {
        if arg == "-" {
            Input::Stdin
        } else {
            Input::Path(PathBuf::from(arg))
        }
    }
}

/// Streams documents from local inputs in the order given. Errors are items too: one bad file
/// or line never ends the stream.
pub struct LocalSource {
    pending: VecDeque<Input>,
    lines: Option<JsonlDocs<Box<dyn BufRead + Send>>>,
    warc: Option<WarcStream>,
    limits: ReadLimits,
}

impl LocalSource {
    pub fn new(inputs: Vec<Input>, limits: ReadLimits) -> Self {
        LocalSource {
            pending: inputs.into(),
            lines: None,
            warc: None,
            limits,
        }
    }

    fn next_jsonl(&mut self) -> Option<Result<RawDoc>> {
        let item = self.lines.as_mut()?.next();
        if item.is_none() {
            self.lines = None;
        }
        item
    }

    fn open(&mut self, input: Input) -> Option<Result<RawDoc>> {
        match input {
            Input::Stdin => {
                match read_limited(std::io::stdin().lock(), "-", self.limits.max_bytes) {
                    Ok(bytes) => self.sniff_bytes("-".to_string(), None, bytes),
                    Err(e) => Some(Err(e)),
                }
            }
            Input::Path(path) => {
                let meta = match std::fs::metadata(&path) {
                    Ok(m) => m,
                    Err(source) => return Some(Err(Error::Io { path, source })),
                };
                if meta.is_dir() {
                    match walk_dir(&path) {
                        Ok(files) => {
                            for f in files.into_iter().rev() {
                                self.pending.push_front(Input::Path(f));
                            }
                            None
                        }
                        Err(e) => Some(Err(e)),
                    }
                } else if warc::is_warc_name(&path) {
                    match warc::open(&path, self.limits.max_bytes) {
                        Ok(w) => {
                            self.warc = Some(w);
                            None
                        }
                        Err(source) => Some(Err(Error::Io { path, source })),
                    }
                } else if is_jsonl_name(&path) {
                    match open_maybe_gz(&path) {
                        Ok(reader) => {
                            self.lines = Some(JsonlDocs::new(
                                reader,
                                path.display().to_string(),
                                self.limits.max_bytes,
                            ));
                            None
                        }
                        Err(source) => Some(Err(Error::Io { path, source })),
                    }
                } else {
                    if meta.len() > self.limits.max_bytes {
                        return Some(Err(Error::TooLarge {
                            origin: path.display().to_string(),
                            size: meta.len(),
                            limit: self.limits.max_bytes,
                        }));
                    }
                    let origin = path.display().to_string();
                    let read = File::open(&path)
                        .map_err(|source| Error::Io {
                            path: path.clone(),
                            source,
                        })
                        .and_then(|f| {
                            read_limited_sized(f, &origin, self.limits.max_bytes, meta.len())
                        });
                    match read {
                        Ok(bytes) => self.sniff_bytes(origin, Some(&path), bytes),
                        Err(e) => Some(Err(e)),
                    }
                }
            }
        }
    }

    /// Decides the format of a whole file's bytes by name and content.
    fn sniff_bytes(
        &mut self,
        origin: String,
        path: Option<&Path>,
        bytes: Vec<u8>,
    ) -> Option<Result<RawDoc>> {
        let bytes = match gunzip_if_gzip(bytes, self.limits.max_bytes) {
            Ok(b) => b,
            Err(message) => return Some(Err(Error::Format { origin, message })),
        };
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Some(Err(Error::Empty { origin }));
        }
        if bytes.starts_with(b"WARC/") {
            let reader: Box<dyn BufRead + Send> = Box::new(std::io::Cursor::new(bytes));
            self.warc = Some(WarcDocs::new(reader, origin, self.limits.max_bytes));
            return self.warc.as_mut().and_then(Iterator::next);
        }
        let name = path
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let name = name.trim_end_matches(".gz");
        if name.ends_with(".jsonl") || name.ends_with(".ndjson") || looks_like_jsonl(&bytes) {
            self.lines = Some(JsonlDocs::new(
                Box::new(std::io::Cursor::new(bytes)),
                origin,
                self.limits.max_bytes,
            ));
            return self.next_jsonl();
        }
        if looks_binary(&bytes) {
            return Some(Err(Error::Binary { origin }));
        }
        let is_html = name.ends_with(".html")
            || name.ends_with(".htm")
            || name.ends_with(".xhtml")
            || (!name.ends_with(".txt") && looks_like_html(&bytes));
        if is_html {
            return Some(Ok(RawDoc::html(origin, bytes)));
        }
        Some(doc_from_text_bytes(origin, bytes))
    }
}

impl Iterator for LocalSource {
    type Item = Result<RawDoc>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(w) = self.warc.as_mut() {
                match w.next() {
                    Some(item) => return Some(item),
                    None => {
                        if w.skipped > 0 {
                            tracing::debug!("WARC: {} records were not HTML pages", w.skipped);
                        }
                        self.warc = None;
                    }
                }
            }
            if self.lines.is_some() {
                if let Some(item) = self.next_jsonl() {
                    return Some(item);
                }
            }
            let input = self.pending.pop_front()?;
            if let Some(item) = self.open(input) {
                return Some(item);
            }
        }
    }
}

fn is_jsonl_name(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let name = name.trim_end_matches(".gz");
    name.ends_with(".jsonl") || name.ends_with(".ndjson")
}

fn open_maybe_gz(path: &Path) -> std::io::Result<Box<dyn BufRead + Send>> {
    let mut f = BufReader::new(File::open(path)?);
    let gz = f.fill_buf()?.starts_with(&[0x1f, 0x8b]);
    if gz {
        Ok(Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(
            f,
        ))))
    } else {
        Ok(Box::new(f))
    }
}

/// Reads a whole input, at most `limit` bytes. The size a file's metadata gives is checked
/// first where there is one, but standard input, a pipe or a device (`/dev/zero`) has none,
/// so the read itself is what stops.
pub fn read_limited(r: impl Read, origin: &str, limit: u64) -> Result<Vec<u8>> {
    read_limited_sized(r, origin, limit, 0)
}

/// [`read_limited`] with the size the input is expected to have (a file's metadata length).
/// `Take` hides the file's own size hint from `read_to_end`, which then probes and grows its
/// buffer with a read call at each step: on a directory of small articles that was several
/// system calls a file where one read and one end-of-file check suffice.
fn read_limited_sized(r: impl Read, origin: &str, limit: u64, expected: u64) -> Result<Vec<u8>> {
    // One byte over the expected size, so that the read reaching the end finds room and
    // returns 0 instead of making read_to_end grow the buffer to look further.
    let capacity = match expected {
        0 => 0,
        n => usize::try_from(n.min(limit).saturating_add(1)).unwrap_or(0),
    };
    let mut bytes = Vec::with_capacity(capacity);
    r.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|source| Error::Io {
            path: PathBuf::from(origin),
            source,
        })?;
    if bytes.len() as u64 > limit {
        return Err(Error::OverLimit {
            origin: origin.to_string(),
            limit,
        });
    }
    Ok(bytes)
}

/// Documents from a JSONL stream, one a line. A line is read only up to the limit: a longer
/// one is passed over to its end and reported, and the lines after it are read as usual.
pub struct JsonlDocs<R> {
    reader: R,
    origin: String,
    line_no: usize,
    limit: u64,
    done: bool,
    /// The line being read, kept between lines so that its capacity is grown once.
    buf: Vec<u8>,
}

impl<R: BufRead> JsonlDocs<R> {
    pub fn new(reader: R, origin: impl Into<String>, limit: u64) -> Self {
        JsonlDocs {
            reader,
            origin: origin.into(),
            line_no: 0,
            limit,
            done: false,
            buf: Vec::new(),
        }
    }
}

impl<R: BufRead> Iterator for JsonlDocs<R> {
    type Item = Result<RawDoc>;

    fn next(&mut self) -> Option<Self::Item> {
        let buf = &mut self.buf;
        while !self.done {
            buf.clear();
            self.line_no += 1;
            let origin = || format!("{}:{}", self.origin, self.line_no);
            match read_line_limited(&mut self.reader, buf, self.limit) {
                Ok(Line::End) => self.done = true,
                Ok(Line::TooLong(n)) => {
                    return Some(Err(Error::TooLarge {
                        origin: format!("{} (line skipped)", origin()),
                        size: n,
                        limit: self.limit,
                    }))
                }
                Ok(Line::Endless(n)) => {
                    self.done = true;
                    return Some(Err(Error::Format {
                        origin: origin(),
                        message: format!(
                            "a line of more than {n} bytes without an end, over {ENDLESS_LINE} \
                             times the line limit of {} bytes; the rest of the input is not read",
                            self.limit
                        ),
                    }));
                }
                Ok(Line::Whole) if buf.iter().all(u8::is_ascii_whitespace) => {}
                Ok(Line::Whole) => return Some(parse_jsonl_line(&origin(), buf)),
                Err(e) => {
                    self.done = true;
                    return Some(Err(Error::Format {
                        origin: origin(),
                        message: format!("read failed: {e}"),
                    }));
                }
            }
        }
        None
    }
}

/// What [`read_line_limited`] found.
#[derive(Debug, PartialEq)]
pub enum Line {
    Whole,
    /// A line of this many bytes (terminator included) was over the limit and passed over.
    TooLong(u64),
    /// A line went on for [`ENDLESS_LINE`] times the limit without ending (`/dev/zero`): the
    /// input is not worth reading further.
    Endless(u64),
    End,
}

/// How many times the line limit a line is read (without being kept) looking for its end.
pub const ENDLESS_LINE: u64 = 4;

/// Reads one line into `buf`, refusing to buffer more than `limit` bytes of it: a longer line
/// is read to its end without being kept. Shared by every reader of lines from a user.
pub fn read_line_limited<R: BufRead + ?Sized>(
    r: &mut R,
    buf: &mut Vec<u8>,
    limit: u64,
) -> std::io::Result<Line> {
    let n = (&mut *r).take(limit + 1).read_until(b'\n', buf)? as u64;
    if n == 0 {
        return Ok(Line::End);
    }
    if n <= limit || buf.ends_with(b"\n") {
        return Ok(Line::Whole);
    }
    buf.clear();
    let mut total = n;
    loop {
        if total > limit.saturating_mul(ENDLESS_LINE) {
            return Ok(Line::Endless(total));
        }
        let avail = r.fill_buf()?;
        if avail.is_empty() {
            break;
        }
        let (used, found) = match memchr::memchr(b'\n', avail) {
            Some(i) => (i + 1, true),
            None => (avail.len(), false),
        };
        r.consume(used);
        total += used as u64;
        if found {
            break;
        }
    }
    Ok(Line::TooLong(total))
}

/// The files of `dir` that a directory input reads: recursive, hidden names skipped, known
/// extensions only, in sorted order. Public for `ingest`, which watches such folders.
///
/// Symbolic links are followed, but no directory is entered twice (directories are known by
/// device and inode), so a link loop (`d/self -> .`) neither runs forever nor reads a file
/// twice. Only regular files are taken: a FIFO would block the run on its first read and a
/// device may never end, so they and sockets are passed over with a warning.
pub fn walk_dir(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    if let Ok(meta) = std::fs::metadata(dir) {
        seen.insert(dir_key(dir, &meta));
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).map_err(|source| Error::Io {
            path: d.clone(),
            source,
        })?;
        for entry in entries.flatten() {
            let p = entry.path();
            let hidden = p
                .file_name()
                .map(|n| n.to_string_lossy().starts_with('.'))
                .unwrap_or(false);
            if hidden {
                continue;
            }
            // Follows links: a link is taken for what it points to.
            let meta = match std::fs::metadata(&p) {
                Ok(m) => m,
                Err(e) => {
                    tracing::warn!("{}: skipped: {e}", p.display());
                    continue;
                }
            };
            if meta.is_dir() {
                if seen.insert(dir_key(&p, &meta)) {
                    stack.push(p);
                } else {
                    tracing::debug!(
                        "{}: a directory already read (a link), skipped",
                        p.display()
                    );
                }
                continue;
            }
            let wanted = p
                .extension()
                .map(|e| DIR_EXTENSIONS.contains(&e.to_string_lossy().to_lowercase().as_str()))
                .unwrap_or(false);
            if !wanted {
                continue;
            }
            if meta.is_file() {
                out.push(p);
            } else {
                tracing::warn!(
                    "{}: skipped: not a regular file (a FIFO, socket or device)",
                    p.display()
                );
            }
        }
    }
    // Each directory is entered once and names within one are unique: no path comes twice.
    out.sort();
    Ok(out)
}

/// What makes a directory the same directory whatever path reaches it.
#[cfg(unix)]
fn dir_key(_path: &Path, meta: &std::fs::Metadata) -> String {
    use std::os::unix::fs::MetadataExt;
    format!("{}:{}", meta.dev(), meta.ino())
}

#[cfg(not(unix))]
fn dir_key(path: &Path, _meta: &std::fs::Metadata) -> String {
    std::fs::canonicalize(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}

fn looks_binary(bytes: &[u8]) -> bool {
    use crate::swar::{any_below, word};
    let sample = &bytes[..bytes.len().min(8192)];
    if sample.contains(&0) {
        return true;
    }
    let is_control = |b: u8| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c);
    // Eight bytes at a time: text has a control byte (most often a line feed) every line at
    // most, and an eight-byte word with no byte below 0x20 has none to count.
    let mut words = sample.chunks_exact(8);
    let mut control = 0;
    for w in &mut words {
        if word(w).is_some_and(|x| any_below(x, 0x20)) {
            control += w.iter().filter(|&&b| is_control(b)).count();
        }
    }
    control += words.remainder().iter().filter(|&&b| is_control(b)).count();
    control * 20 > sample.len()
}

fn looks_like_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let head = String::from_utf8_lossy(head).to_lowercase();
    let t = head.trim_start_matches('\u{feff}').trim_start();
    t.starts_with('<')
        && (t.contains("<html") || t.contains("<body") || t.contains("<p") || t.contains("<div"))
}

fn looks_like_jsonl(bytes: &[u8]) -> bool {
    let first = bytes
        .split(|&b| b == b'\n')
        .find(|l| !l.iter().all(u8::is_ascii_whitespace));
    match first {
        Some(line) => {
            let t = String::from_utf8_lossy(line);
            let t = t.trim();
            t.starts_with('{') && t.ends_with('}')
        }
        None => false,
    }
}

/// A page's bytes as a document, refused as a page file is when they are no page at all:
/// gunzipped if gzipped (within `limit`), then an error if empty or binary. For pages handed
/// over in memory (the Python binding); a file goes through the same checks in
/// `LocalSource`, which must first tell a page from the other formats.
pub fn doc_from_html_bytes(origin: String, bytes: Vec<u8>, limit: u64) -> Result<RawDoc> {
    let bytes = match gunzip_if_gzip(bytes, limit) {
        Ok(b) => b,
        Err(message) => return Err(Error::Format { origin, message }),
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::Empty { origin });
    }
    if looks_binary(&bytes) {
        return Err(Error::Binary { origin });
    }
    Ok(RawDoc::html(origin, bytes))
}

/// A `.txt` file's bytes as a document: UTF-8 or an error saying where it is not.
pub fn doc_from_text_bytes(origin: String, bytes: Vec<u8>) -> Result<RawDoc> {
    match String::from_utf8(bytes) {
        Ok(text) => doc_from_text(origin, &text),
        Err(e) => Err(Error::InvalidUtf8 {
            offset: e.utf8_error().valid_up_to(),
            origin,
        }),
    }
}

/// A plain-text article as a `.txt` file gives it: a byte-order mark dropped and a leading
/// metadata header ([`parse_text_header`]) taken as the document's metadata. Public so that
/// text handed over in memory (the Python binding) is read exactly as the same file would be.
pub fn doc_from_text(origin: String, text: &str) -> Result<RawDoc> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut doc = RawDoc::text(origin, String::new());
    let body = parse_text_header(text, &mut doc);
    if body.trim().is_empty() {
        return Err(Error::Empty { origin: doc.origin });
    }
    doc.body = Body::Text(body.to_string());
    Ok(doc)
}

/// Honours a metadata header at the start of a text file and returns the body after it.
///
/// Two shapes are accepted: `key: value` lines (`title`, `url`, `date`/`published`, `source`)
/// ended by a blank line, and the seed's inline ` date 2017-07-05 ` prefix, where the body
/// follows on the same line.
pub fn parse_text_header<'t>(text: &'t str, doc: &mut RawDoc) -> &'t str {
    if let Some((d, body)) = inline_date(text) {
        doc.published = Some(d);
        return body;
    }
    let mut consumed = 0;
    let mut saw_header = false;
    for line in text.split_inclusive('\n') {
        let l = line.trim();
        if l.is_empty() {
            if saw_header {
                consumed += line.len();
            }
            break;
        }
        let Some((key, value)) = l.split_once(':') else {
            break;
        };
        let value = value.trim();
        match key.trim().to_ascii_lowercase().as_str() {
            "title" => doc.title = Some(value.to_string()),
            "url" => doc.url = Some(value.to_string()),
            "source" | "site" => doc.source = Some(value.to_string()),
            "date" | "published" => match parse_machine_date(value) {
                Some(d) => doc.published = Some(d),
                None => break,
            },
            _ => break,
        }
        saw_header = true;
        consumed += line.len();
    }
    if !saw_header {
        return text;
    }
    let body = &text[consumed..];
    // A header followed by the inline marker: the header's date wins, the marker goes.
    match inline_date(body) {
        Some((d, rest)) => {
            doc.published.get_or_insert(d);
            rest
        }
        None => body,
    }
}

/// The inline ` date 2017-07-05 ` marker that opens some stored excerpts (the seed among
/// them): the date, and the body after it. The marker is metadata, and left in the body it
/// would glue to the first sentence ("date 2025-10-06 Chipmaker AMD said…").
fn inline_date(text: &str) -> Option<(NaiveDate, &str)> {
    let rest = text.trim_start().strip_prefix("date ")?.trim_start();
    let token: String = rest.chars().take_while(|c| !c.is_whitespace()).collect();
    let d = parse_machine_date(&token)?;
    Some((d, rest[token.len()..].trim_start()))
}

fn parse_jsonl_line(origin: &str, line: &[u8]) -> Result<RawDoc> {
    let value: serde_json::Value = serde_json::from_slice(line).map_err(|e| Error::Json {
        origin: origin.to_string(),
        message: e.to_string(),
    })?;
    let obj = value.as_object().ok_or_else(|| Error::Json {
        origin: origin.to_string(),
        message: "not a JSON object".to_string(),
    })?;
    let field = |k: &str| obj.get(k).and_then(|v| v.as_str()).map(str::to_string);
    doc_from_fields(
        origin,
        DocFields {
            id: field("id"),
            url: field("url"),
            html: field("html").map(String::into_bytes),
            text: field("text"),
            title: field("title"),
            published: field("published").or_else(|| field("date")),
            source: field("source"),
            charset: None,
        },
    )
}

/// The fields of one article given as a record: a JSONL line, or a dict handed to the Python
/// binding. Only string values count; a field of another type is as good as absent.
#[derive(Debug, Clone, Default)]
pub struct DocFields {
    pub id: Option<String>,
    pub url: Option<String>,
    /// The page's bytes, charset not yet known.
    pub html: Option<Vec<u8>>,
    pub text: Option<String>,
    pub title: Option<String>,
    /// `published`, or failing that `date`: any date [`parse_machine_date`] reads; one it
    /// cannot read is ignored, as a page's unreadable date is.
    pub published: Option<String>,
    pub source: Option<String>,
    /// The charset a transport named for `html` (a WARC header); JSONL lines have none.
    pub charset: Option<String>,
}

/// A document from record fields. `origin` names the record (`FILE:LINE`); an `id` joins it,
/// so that an error names the article the way its producer knows it. `html` wins over `text`;
/// a text keeps the inline ` date … ` marker handling of text files, but not their header.
pub fn doc_from_fields(origin: &str, f: DocFields) -> Result<RawDoc> {
    let origin = match &f.id {
        Some(id) => format!("{origin} ({id})"),
        None => origin.to_string(),
    };
    let mut doc = if let Some(html) = f.html {
        RawDoc::html(origin, html)
    } else if let Some(text) = f.text {
        match inline_date(&text) {
            Some((d, body)) => {
                let mut doc = RawDoc::text(origin.clone(), body);
                doc.published = Some(d);
                doc
            }
            None => RawDoc::text(origin, text),
        }
    } else {
        return Err(Error::Json {
            origin,
            message: "the object has neither an \"html\" nor a \"text\" field".to_string(),
        });
    };
    doc.url = f.url;
    doc.title = f.title;
    doc.source = f.source;
    doc.charset = f.charset;
    doc.published = f
        .published
        .as_deref()
        .and_then(parse_machine_date)
        .or(doc.published);
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(text: &str) -> (RawDoc, String) {
        let mut doc = RawDoc::text("t", "");
        let body = parse_text_header(text, &mut doc).to_string();
        (doc, body)
    }

    #[test]
    fn inline_marker_after_a_header_goes_too() {
        let (doc, body) =
            header("url: https://x.test/a\ndate: 2020-01-02\n\n date 2020-01-03 Body.");
        assert_eq!(doc.published, NaiveDate::from_ymd_opt(2020, 1, 2));
        assert_eq!(body, "Body.");
        let doc = parse_jsonl_line("t", br#"{"text": " date 2024-02-05 Nokia signed."}"#)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(doc.published, NaiveDate::from_ymd_opt(2024, 2, 5));
        assert!(matches!(doc.body, Body::Text(ref t) if t == "Nokia signed."));
    }

    #[test]
    fn inline_seed_header() {
        let (doc, body) = header(" date 2017-07-05 Finnish mobile maker Nokia signed.");
        assert_eq!(
            doc.published.map(|d| d.to_string()).as_deref(),
            Some("2017-07-05")
        );
        assert_eq!(body, "Finnish mobile maker Nokia signed.");
    }

    #[test]
    fn key_value_header() {
        let (doc, body) = header("title: A deal\nurl: https://x.test/a\ndate: 2020-01-02\n\nBody.");
        assert_eq!(doc.title.as_deref(), Some("A deal"));
        assert_eq!(doc.url.as_deref(), Some("https://x.test/a"));
        assert_eq!(body, "Body.");
    }

    #[test]
    fn no_header_leaves_text_alone() {
        let (doc, body) = header("Note: this is prose.\n\nMore.");
        assert!(doc.title.is_none());
        assert_eq!(body, "Note: this is prose.\n\nMore.");
    }

    #[test]
    fn jsonl_line_needs_a_body() {
        assert!(parse_jsonl_line("f:1", br#"{"url":"u"}"#).is_err());
        assert!(parse_jsonl_line("f:1", b"{not json").is_err());
        let d = parse_jsonl_line("f:1", br#"{"text":"T","published":"2020-02-03T00:00:00Z"}"#);
        assert!(matches!(
            d,
            Ok(RawDoc {
                published: Some(_),
                ..
            })
        ));
    }

    fn collect(inputs: Vec<Input>, max_bytes: u64) -> Vec<Result<RawDoc>> {
        LocalSource::new(inputs, ReadLimits { max_bytes }).collect()
    }

    /// Issue 18: a JSONL line over the limit is one error, and the lines after it are read.
    #[test]
    fn issue_18_an_overlong_jsonl_line_is_skipped() {
        let dir = tempfile::tempdir().expect("tempdir");
        let f = dir.path().join("d.jsonl");
        let long = format!("{{\"text\":\"{}\"}}\n", "x".repeat(5000));
        let body = format!("{{\"text\":\"A.\"}}\n{long}{{\"text\":\"B.\"}}\n{long}");
        std::fs::write(&f, body).expect("write");
        let out = collect(vec![Input::Path(f)], 1000);
        assert_eq!(out.len(), 4, "{out:?}");
        assert!(out[0].is_ok() && out[2].is_ok(), "{out:?}");
        for bad in [&out[1], &out[3]] {
            let e = bad
                .as_ref()
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(e.contains("d.jsonl:") && e.contains("limit 1000"), "{e}");
        }
        let mut r = std::io::Cursor::new(b"0123456789\nab\n".to_vec());
        let mut buf = Vec::new();
        assert_eq!(
            read_line_limited(&mut r, &mut buf, 4).ok(),
            Some(Line::TooLong(11))
        );
        assert_eq!(
            read_line_limited(&mut r, &mut buf, 4).ok(),
            Some(Line::Whole)
        );
        assert_eq!(buf, b"ab\n");
    }

    /// Counts the read calls made on a reader: each is a system call on a file.
    struct CountingReader<R> {
        inner: R,
        calls: usize,
    }

    impl<R: Read> Read for CountingReader<R> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            self.calls += 1;
            self.inner.read(buf)
        }
    }

    /// A file read with its metadata size takes one read for the bytes and one for the end;
    /// a wrong size (the file grew or shrank since) still gives every byte and the limit.
    #[test]
    fn a_file_of_known_size_is_read_in_one_call_and_a_wrong_size_reads_it_all() {
        let text: Vec<u8> = (0..5000u32)
            .map(|i| b"abcdefgh"[(i % 8) as usize])
            .collect();
        let read = |expected: u64, limit: u64| {
            let mut r = CountingReader {
                inner: std::io::Cursor::new(text.clone()),
                calls: 0,
            };
            let got = read_limited_sized(&mut r, "t", limit, expected);
            (got.ok(), r.calls)
        };
        assert_eq!(read(5000, 1 << 20), (Some(text.clone()), 2));
        assert!(
            read(0, 1 << 20).1 > 2,
            "without a size the buffer grows by reads"
        );
        for expected in [1, 4999, 5001, 1 << 30] {
            assert_eq!(read(expected, 1 << 20).0, Some(text.clone()), "{expected}");
        }
        assert_eq!(read(5000, 4999).0, None);
    }

    /// Issue 18: an input with no size (a pipe, a device) is read only up to the limit.
    #[test]
    fn issue_18_endless_input_stops_at_the_limit() {
        let endless = std::io::repeat(0);
        let e = read_limited(endless, "/dev/zero", 1 << 16).err();
        assert!(
            matches!(&e, Some(Error::OverLimit { limit, .. }) if *limit == 1 << 16),
            "{e:?}"
        );
        #[cfg(unix)]
        {
            let out = collect(vec![Input::Path("/dev/zero".into())], 1 << 16);
            assert_eq!(out.len(), 1);
            assert!(matches!(&out[0], Err(Error::OverLimit { .. })), "{out:?}");
        }
    }

    /// Issue 18: link loops end, no file is read twice, and a FIFO does not hang the walk.
    #[cfg(unix)]
    #[test]
    fn issue_18_link_loops_and_fifos() {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path();
        std::fs::create_dir(d.join("sub")).expect("mkdir");
        std::fs::write(d.join("a.txt"), "A.").expect("write");
        std::fs::write(d.join("sub/b.txt"), "B.").expect("write");
        std::os::unix::fs::symlink(".", d.join("self")).expect("link");
        std::os::unix::fs::symlink(".", d.join("sub/x")).expect("link");
        std::os::unix::fs::symlink("..", d.join("sub/up")).expect("link");
        let fifo = d.join("pipe.txt");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .is_ok_and(|s| s.success());
        let files = walk_dir(d).expect("walk");
        let names: Vec<String> = files
            .iter()
            .filter_map(|p| p.strip_prefix(d).ok())
            .map(|p| p.display().to_string())
            .collect();
        assert_eq!(names, ["a.txt", "sub/b.txt"]);
        if !made {
            eprintln!("mkfifo unavailable: the FIFO half was not run");
        }
    }

    #[test]
    fn sniffing() {
        assert!(looks_binary(b"\x00\x01\x02abc"));
        assert!(!looks_binary(b"plain text\n"));
        assert!(looks_like_html(b"<!doctype html><html><body>"));
        assert!(looks_like_jsonl(b"\n{\"text\":\"a\"}\n"));
    }
}
