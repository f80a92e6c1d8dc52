//! One HTTP request and what its response means: a page, a list of links (feed, sitemap), a
//! redirect to follow, a retry later, or a failure. Nothing here sleeps or waits for a host's
//! turn: the scheduler in `mod.rs` decides when a request may start and what a retry costs.

use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use reqwest::header::{HeaderMap, CONTENT_LENGTH, CONTENT_TYPE, LOCATION, RETRY_AFTER};
use reqwest::StatusCode;
use url::Url;

use super::{FetchSettings, Hint, Job, JobKind};
use crate::charset::charset_from_content_type;
use crate::doc::RawDoc;
use crate::error::Error;
use crate::fetch::feed::parse_feed;
use crate::fetch::robots::{Robots, MAX_ROBOTS_BYTES};
use crate::fetch::sitemap::{parse_sitemap, SitemapKind};
use crate::fetch::url::canonicalize;

/// Error kinds of fetch error records (`Error::Fetch::kind`), one place so they stay few.
pub mod kind {
    pub const BAD_URL: &str = "bad_url";
    pub const BAD_SCHEME: &str = "bad_scheme";
    pub const BODY: &str = "body";
    pub const CONNECT: &str = "connect";
    pub const DECODE: &str = "decode";
    pub const FEED: &str = "feed";
    pub const HTTP_STATUS: &str = "http_status";
    pub const NETWORK: &str = "network";
    pub const NOT_HTML: &str = "not_html";
    pub const REDIRECT_LOOP: &str = "redirect_loop";
    pub const ROBOTS_DISALLOWED: &str = "robots_disallowed";
    pub const ROBOTS_UNAVAILABLE: &str = "robots_unavailable";
    pub const SITEMAP: &str = "sitemap";
    pub const TIMEOUT: &str = "timeout";
    pub const TOO_LARGE: &str = "too_large";
    pub const TOO_MANY_REDIRECTS: &str = "too_many_redirects";
    pub const INTERNAL: &str = "internal";
}

/// What a finished request asks the scheduler to do.
pub(super) enum Outcome {
    Page {
        doc: RawDoc,
        bytes: u64,
        /// The page's `<link rel=canonical>`, canonicalised, when it differs from its URL.
        canonical: Option<Url>,
    },
    /// A feed or sitemap: the jobs it lists, and the error met after them, if any.
    Listing {
        found: Vec<Job>,
        error: Option<Error>,
        bytes: u64,
    },
    Redirect {
        job: Job,
        to: Url,
        status: u16,
    },
    Retry {
        job: Job,
        at: Instant,
    },
    Failed(Error),
}

/// What a robots.txt request means for its host.
pub(super) enum RobotsOutcome {
    Ready(Robots),
    /// 5xx, 429 or no answer: wait and ask again.
    Wait(String),
}

pub(super) fn fetch_error(
    origin: &str,
    kind: &'static str,
    status: Option<u16>,
    message: String,
) -> Error {
    Error::Fetch {
        origin: origin.to_string(),
        kind,
        status,
        message,
    }
}

/// Classifies a transport error; the bool says whether trying again may help.
fn classify(e: &reqwest::Error) -> (&'static str, bool) {
    if e.is_timeout() {
        (kind::TIMEOUT, true)
    } else if e.is_connect() {
        (kind::CONNECT, true)
    } else if e.is_body() || lost_connection(e) {
        (kind::BODY, true)
    } else if e.is_decode() {
        (kind::DECODE, false)
    } else {
        (kind::NETWORK, true)
    }
}

/// Whether a decode error is really the connection dying under the decompressor (reqwest
/// reports both as decode errors when a body is compressed or chunked).
fn lost_connection(e: &reqwest::Error) -> bool {
    let mut cur = std::error::Error::source(e);
    while let Some(c) = cur {
        if c.downcast_ref::<reqwest::Error>()
            .is_some_and(|r| r.is_body())
        {
            return true;
        }
        if let Some(io) = c.downcast_ref::<std::io::Error>() {
            return io.kind() != std::io::ErrorKind::InvalidData;
        }
        cur = c.source();
    }
    false
}

/// The full chain of a reqwest error: its top line alone ("error sending request") hides
/// the cause.
fn describe(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cur = c.source();
    }
    s
}

/// Exponential backoff with jitter: `base · 2^attempt`, scaled by a random factor in
/// [0.5, 1.5) so that clients that failed together do not retry together.
pub(super) fn backoff(base: Duration, attempt: u32) -> Duration {
    let exp = base.saturating_mul(1u32 << attempt.min(16));
    let r = std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish();
    let factor = 0.5 + (r % 1000) as f64 / 1000.0;
    exp.mul_f64(factor)
}

/// `Retry-After` as seconds or an HTTP date.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let v = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = chrono::DateTime::parse_from_rfc2822(v).ok()?;
    let secs = (when.timestamp() - chrono::Utc::now().timestamp()).max(0);
    Some(Duration::from_secs(secs as u64))
}

/// Either schedules another attempt or gives up with an error record.
fn retry_or_fail(
    s: &FetchSettings,
    mut job: Job,
    kind: &'static str,
    status: Option<u16>,
    message: String,
    after: Option<Duration>,
) -> Outcome {
    let attempts = job.attempt + 1;
    if attempts >= s.attempts {
        let plural = if attempts == 1 { "" } else { "s" };
        return Outcome::Failed(fetch_error(
            &job.origin,
            kind,
            status,
            format!("{message} (gave up after {attempts} attempt{plural})"),
        ));
    }
    let wait = match after {
        Some(d) if d > s.max_retry_wait => {
            return Outcome::Failed(fetch_error(
                &job.origin,
                kind,
                status,
                format!(
                    "{message}; Retry-After asks for {}s, more than the {}s allowed",
                    d.as_secs(),
                    s.max_retry_wait.as_secs()
                ),
            ))
        }
        Some(d) => d,
        None => backoff(s.backoff, job.attempt),
    };
    tracing::debug!("{}: {message}; retrying in {:?}", job.url, wait);
    job.attempt = attempts;
    Outcome::Retry {
        job,
        at: Instant::now() + wait,
    }
}

/// Whether a `Content-Type` names a page we can clean.
fn is_html_type(ct: &str) -> bool {
    let essence = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    matches!(essence.as_str(), "text/html" | "application/xhtml+xml")
}

/// Reads a body while counting its (decompressed) bytes against `limit` and its arrival
/// against `deadline`: a body that trickles in or never ends cannot hold a worker.
async fn read_body(
    resp: reqwest::Response,
    limit: u64,
    deadline: Instant,
) -> Result<Vec<u8>, (&'static str, bool, String)> {
    let mut body = Vec::new();
    let mut stream = resp.bytes_stream();
    loop {
        let next = tokio::time::timeout_at(deadline.into(), stream.next()).await;
        match next {
            Err(_) => {
                return Err((
                    kind::TIMEOUT,
                    true,
                    format!(
                        "body still arriving at the time limit ({} bytes read)",
                        body.len()
                    ),
                ))
            }
            Ok(None) => return Ok(body),
            Ok(Some(Err(e))) => {
                let (k, retry) = classify(&e);
                return Err((
                    k,
                    retry,
                    format!("reading the body failed: {}", describe(&e)),
                ));
            }
            Ok(Some(Ok(chunk))) => {
                if (body.len() + chunk.len()) as u64 > limit {
                    return Err((
                        kind::TOO_LARGE,
                        false,
                        format!("body larger than the {limit}-byte limit (after decompression)"),
                    ));
                }
                body.extend_from_slice(&chunk);
            }
        }
    }
}

/// Runs one request for a page, feed or sitemap job.
pub(super) async fn run_job(client: reqwest::Client, s: &FetchSettings, job: Job) -> Outcome {
    let started = Instant::now();
    let deadline = started + s.timeout;
    let send = client.get(job.url.clone()).send();
    let resp = match tokio::time::timeout_at(deadline.into(), send).await {
        Err(_) => {
            let msg = format!("no response within {:?}", s.timeout);
            return retry_or_fail(s, job, kind::TIMEOUT, None, msg, None);
        }
        Ok(Err(e)) => {
            let (k, retry) = classify(&e);
            let msg = describe(&e);
            if retry {
                return retry_or_fail(s, job, k, None, msg, None);
            }
            return Outcome::Failed(fetch_error(&job.origin, k, None, msg));
        }
        Ok(Ok(r)) => r,
    };
    let status = resp.status();
    if status.is_redirection() {
        let loc = resp.headers().get(LOCATION).and_then(|v| v.to_str().ok());
        return match loc.map(|l| job.url.join(l.trim())) {
            Some(Ok(to)) => Outcome::Redirect {
                job,
                to,
                status: status.as_u16(),
            },
            Some(Err(e)) => Outcome::Failed(fetch_error(
                &job.origin,
                kind::BAD_URL,
                Some(status.as_u16()),
                format!("redirect to an invalid Location: {e}"),
            )),
            None => Outcome::Failed(fetch_error(
                &job.origin,
                kind::HTTP_STATUS,
                Some(status.as_u16()),
                format!("HTTP {status} without a Location header"),
            )),
        };
    }
    if status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error() {
        let after = retry_after(resp.headers());
        let msg = format!("HTTP {status} from {}", job.url);
        return retry_or_fail(s, job, kind::HTTP_STATUS, Some(status.as_u16()), msg, after);
    }
    if !status.is_success() {
        return Outcome::Failed(fetch_error(
            &job.origin,
            kind::HTTP_STATUS,
            Some(status.as_u16()),
            format!("HTTP {status} from {}", job.url),
        ));
    }
    let content_type = resp
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    if let (JobKind::Page, Some(ct)) = (job.kind, &content_type) {
        if !is_html_type(ct) {
            return Outcome::Failed(fetch_error(
                &job.origin,
                kind::NOT_HTML,
                Some(status.as_u16()),
                format!("skipped: content type {ct:?} is not HTML"),
            ));
        }
    }
    let declared = resp
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if let Some(len) = declared.filter(|&l| l > s.max_bytes) {
        return Outcome::Failed(fetch_error(
            &job.origin,
            kind::TOO_LARGE,
            Some(status.as_u16()),
            format!(
                "Content-Length {len} exceeds the {}-byte limit",
                s.max_bytes
            ),
        ));
    }
    let body = match read_body(resp, s.max_bytes, deadline).await {
        Ok(b) => b,
        Err((k, true, msg)) => return retry_or_fail(s, job, k, Some(status.as_u16()), msg, None),
        Err((k, false, msg)) => {
            return Outcome::Failed(fetch_error(&job.origin, k, Some(status.as_u16()), msg))
        }
    };
    let bytes = body.len() as u64;
    match job.kind {
        JobKind::Page => page(job, body, content_type.as_deref()),
        JobKind::Feed => match parse_feed(&body, Some(job.url.as_str())) {
            Ok(items) => Outcome::Listing {
                found: items
                    .into_iter()
                    .map(|i| {
                        let hint = Hint {
                            title: i.title,
                            published: i.published,
                        };
                        (i.url, hint)
                    })
                    .filter_map(|(u, hint)| Job::new(&u, JobKind::Page, hint).ok())
                    .collect(),
                error: None,
                bytes,
            },
            Err(e) => Outcome::Failed(fetch_error(&job.origin, kind::FEED, Some(200), e)),
        },
        JobKind::Sitemap { depth } => sitemap(s, &job, depth, &body, bytes),
    }
}

fn sitemap(s: &FetchSettings, job: &Job, depth: usize, body: &[u8], bytes: u64) -> Outcome {
    let map = match parse_sitemap(body, s.max_bytes) {
        Ok(m) => m,
        Err(e) => return Outcome::Failed(fetch_error(&job.origin, kind::SITEMAP, Some(200), e)),
    };
    let mut error = map.error.map(|e| {
        fetch_error(
            &job.origin,
            kind::SITEMAP,
            Some(200),
            format!("{e} (entries before it kept)"),
        )
    });
    let mut found = Vec::new();
    if map.kind == SitemapKind::Index && depth >= s.sitemap_depth {
        error = Some(fetch_error(
            &job.origin,
            kind::SITEMAP,
            Some(200),
            format!(
                "sitemap index nested deeper than {} levels; children skipped",
                s.sitemap_depth
            ),
        ));
    } else {
        for e in map.entries {
            let (kind, hint) = match map.kind {
                SitemapKind::Index => (JobKind::Sitemap { depth: depth + 1 }, Hint::default()),
                _ => (
                    JobKind::Page,
                    Hint {
                        title: e.title,
                        published: e.published,
                    },
                ),
            };
            if let Ok(j) = Job::new(&e.loc, kind, hint) {
                found.push(j);
            }
        }
    }
    Outcome::Listing {
        found,
        error,
        bytes,
    }
}

fn page(job: Job, body: Vec<u8>, content_type: Option<&str>) -> Outcome {
    if content_type.is_none() && looks_binary(&body) {
        return Outcome::Failed(fetch_error(
            &job.origin,
            kind::NOT_HTML,
            Some(200),
            "skipped: no content type and the body looks binary".into(),
        ));
    }
    let bytes = body.len() as u64;
    let charset = content_type.and_then(|ct| transport_charset(ct, &body));
    let canonical = canonical_link(&body)
        .and_then(|href| job.url.join(&href).ok())
        .and_then(|u| canonicalize(u.as_str()).ok())
        .filter(|u| u != &job.url);
    let mut doc = RawDoc::html(job.url.as_str(), body);
    doc.url = Some(job.url.to_string());
    doc.title = job.hint.title;
    doc.published = job.hint.published;
    doc.charset = charset;
    Outcome::Page {
        doc,
        bytes,
        canonical,
    }
}

fn looks_binary(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(1024)].contains(&0)
}

/// The charset the `Content-Type` names, unless the bytes show it is wrong. Servers often
/// send a default charset whatever the page is: a "UTF-8" page that is not valid UTF-8, or a
/// Windows-1252 default over a page that declares its own charset or is clearly UTF-8. In
/// those cases the header is dropped and the page's own evidence (BOM, `<meta>`, detection)
/// decides in the cleaner.
pub fn transport_charset(content_type: &str, body: &[u8]) -> Option<String> {
    let label = charset_from_content_type(content_type)?;
    let enc = encoding_rs::Encoding::for_label(label.trim().as_bytes())?;
    let utf8 = std::str::from_utf8(body).is_ok();
    if enc == encoding_rs::UTF_8 {
        return utf8.then_some(label);
    }
    if utf8 && !body.is_ascii() {
        return Some("utf-8".to_string());
    }
    if enc == encoding_rs::WINDOWS_1252 && has_meta_charset(body) {
        return None;
    }
    Some(label)
}

fn has_meta_charset(body: &[u8]) -> bool {
    let head: Vec<u8> = body[..body.len().min(1024)]
        .iter()
        .map(u8::to_ascii_lowercase)
        .collect();
    head.windows(5).any(|w| w == b"<meta") && head.windows(8).any(|w| w == b"charset=")
}

/// The `href` of the first `<link rel="canonical">` in the page's head.
pub fn canonical_link(body: &[u8]) -> Option<String> {
    let end = body.len().min(256 * 1024);
    let text = String::from_utf8_lossy(&body[..end]);
    let lower = text.to_ascii_lowercase();
    let head_end = lower.find("</head").unwrap_or(lower.len());
    let mut pos = 0;
    while let Some(i) = lower[pos..head_end].find("<link") {
        let start = pos + i;
        let stop = lower[start..head_end]
            .find('>')
            .map_or(head_end, |e| start + e);
        let tag = &lower[start..stop];
        if attr(tag, "rel").is_some_and(|r| r.split_ascii_whitespace().any(|t| t == "canonical")) {
            // Take the href from the original text: URLs are case-sensitive.
            let original = &text[start..stop];
            return attr_at(original, tag, "href").filter(|h| !h.is_empty());
        }
        pos = stop;
    }
    None
}

/// The value of attribute `name` in a lower-cased tag.
fn attr(tag: &str, name: &str) -> Option<String> {
    attr_at(tag, tag, name)
}

/// Finds `name=` in `lower` and returns the value from the same span of `original`.
fn attr_at(original: &str, lower: &str, name: &str) -> Option<String> {
    let mut from = 0;
    while let Some(i) = lower[from..].find(name) {
        let at = from + i;
        from = at + name.len();
        let before_ok = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = lower[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let value_start = lower.len() - rest.len() + 1;
        let value = lower[value_start..].trim_start();
        let vs = lower.len() - value.len();
        let (q, body_start) = match value.chars().next() {
            Some(c @ ('"' | '\'')) => (Some(c), vs + 1),
            _ => (None, vs),
        };
        let body_end = match q {
            Some(c) => lower[body_start..]
                .find(c)
                .map_or(lower.len(), |e| body_start + e),
            None => lower[body_start..]
                .find(|c: char| c.is_ascii_whitespace())
                .map_or(lower.len(), |e| body_start + e),
        };
        return original
            .get(body_start..body_end)
            .map(|v| v.trim().to_string());
    }
    None
}

/// Fetches robots.txt for `origin` (scheme://host:port). A 4xx means no rules; a 5xx, a 429
/// or no answer means "wait", as RFC 9309 says.
pub(super) async fn run_robots(
    client: reqwest::Client,
    s: &FetchSettings,
    origin: &str,
) -> RobotsOutcome {
    let url = format!("{origin}/robots.txt");
    let agent = crate::fetch::robots::product_token(&s.user_agent);
    let deadline = Instant::now() + s.timeout;
    let resp = match tokio::time::timeout_at(deadline.into(), client.get(&url).send()).await {
        Err(_) => return RobotsOutcome::Wait(format!("{url}: no response within {:?}", s.timeout)),
        Ok(Err(e)) => return RobotsOutcome::Wait(format!("{url}: {}", describe(&e))),
        Ok(Ok(r)) => r,
    };
    let status = resp.status();
    if status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error() {
        return RobotsOutcome::Wait(format!("{url}: HTTP {status}"));
    }
    if !status.is_success() {
        return RobotsOutcome::Ready(Robots::allow_all());
    }
    // A robots.txt longer than the limit is read up to the limit, as the RFC allows.
    let mut body = Vec::new();
    let mut stream = resp.bytes_stream();
    while let Ok(Some(Ok(chunk))) = tokio::time::timeout_at(deadline.into(), stream.next()).await {
        body.extend_from_slice(&chunk);
        if body.len() as u64 >= MAX_ROBOTS_BYTES {
            body.truncate(MAX_ROBOTS_BYTES as usize);
            break;
        }
    }
    RobotsOutcome::Ready(Robots::parse(&String::from_utf8_lossy(&body), &agent))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charset_evidence() {
        let ct = "text/html; charset=utf-8";
        assert_eq!(transport_charset(ct, b"<p>caf\xe9</p>"), None);
        assert_eq!(
            transport_charset(ct, "café".as_bytes()).as_deref(),
            Some("utf-8")
        );
        let ct = "text/html; charset=ISO-8859-1";
        assert_eq!(
            transport_charset(ct, "café".as_bytes()).as_deref(),
            Some("utf-8")
        );
        assert_eq!(
            transport_charset(ct, b"<meta charset=shift_jis>\x82\xa0"),
            None
        );
        assert_eq!(
            transport_charset(ct, b"<p>caf\xe9</p>").as_deref(),
            Some("ISO-8859-1")
        );
        assert_eq!(transport_charset("text/html", b"x"), None);
    }

    #[test]
    fn canonical() {
        let page = br#"<html><head><LINK rel="canonical" HREF="https://x.test/A?b=1"></head>"#;
        assert_eq!(
            canonical_link(page).as_deref(),
            Some("https://x.test/A?b=1")
        );
        let page = b"<head><link rel=stylesheet href=s.css><link href='/c' rel='canonical'></head>";
        assert_eq!(canonical_link(page).as_deref(), Some("/c"));
        assert_eq!(
            canonical_link(b"<head></head><link rel=canonical href=/x>"),
            None
        );
    }

    #[test]
    fn backoff_grows_with_jitter() {
        let b = Duration::from_millis(100);
        for attempt in 0..4 {
            let d = backoff(b, attempt);
            let exp = b * (1 << attempt);
            assert!(d >= exp / 2 && d < exp * 3 / 2, "{d:?}");
        }
    }

    #[test]
    fn retry_after_forms() {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, "3".parse().expect("header"));
        assert_eq!(retry_after(&h), Some(Duration::from_secs(3)));
        h.insert(
            RETRY_AFTER,
            "Wed, 21 Oct 2015 07:28:00 GMT".parse().expect("header"),
        );
        assert_eq!(retry_after(&h), Some(Duration::ZERO));
    }
}
