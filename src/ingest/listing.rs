//! Polling feeds and sitemaps with conditional GET.
//!
//! The fetch stage reads feeds and sitemaps itself, but it has no memory between runs. Here
//! each listing is requested with the `ETag` and `Last-Modified` its server gave last time,
//! so an unchanged feed costs a 304 and nothing else; only the listed page URLs go on to the
//! fetch stage (as page seeds), after the state has dropped those already seen. The same
//! politeness applies: robots.txt is obeyed and one host gets one request at a time, `delay`
//! apart. The new validators are returned, not stored: the run commits them with its files,
//! so a killed run polls the listing in full again.

use std::collections::{HashMap, HashSet, VecDeque};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use futures_util::StreamExt;
use reqwest::header::{ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED};
use reqwest::StatusCode;

use super::state::{now_text, SourceRow, State};
use super::IngestError;
use crate::error::Error;
use crate::fetch::feed::parse_feed;
use crate::fetch::http::kind;
use crate::fetch::robots::Robots;
use crate::fetch::sitemap::{parse_sitemap, SitemapKind};
use crate::fetch::url::{canonicalize, is_fetchable, origin_key};
use crate::fetch::{FetchSettings, ProxySetting};

/// A page a listing named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    /// Canonical URL.
    pub url: String,
    /// The listing it came from (the top-level feed or sitemap).
    pub source: String,
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
    /// The listing's title and dates for the page, compared across runs.
    pub stamp: String,
}

/// What polling the listings gave.
#[derive(Debug, Default)]
pub struct Polled {
    pub pages: Vec<Listed>,
    /// New validators and status of every listing polled, to commit with the run.
    pub sources: Vec<SourceRow>,
    pub errors: Vec<Error>,
    /// Top-level listings that failed.
    pub failed: u64,
    /// Listings that answered 304.
    pub not_modified: u64,
    /// Hosts (scheme, host, port) that were sent a request.
    pub hosts: HashSet<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ListKind {
    Feed,
    Sitemap { depth: usize },
}

/// Polls every feed and sitemap once (sitemap indexes to the fetch settings' depth).
pub fn poll(
    feeds: &[String],
    sitemaps: &[String],
    settings: &FetchSettings,
    state: &State,
) -> Result<Polled, IngestError> {
    if feeds.is_empty() && sitemaps.is_empty() {
        return Ok(Polled::default());
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| IngestError::Setup {
            message: format!("cannot start the async runtime: {e}"),
        })?;
    let client = client(settings)?;
    runtime.block_on(poll_all(feeds, sitemaps, settings, state, client))
}

fn client(s: &FetchSettings) -> Result<reqwest::Client, IngestError> {
    let mut b = reqwest::Client::builder()
        .user_agent(s.user_agent.clone())
        .redirect(reqwest::redirect::Policy::limited(s.max_redirects))
        .connect_timeout(s.connect_timeout.min(s.timeout))
        .timeout(s.timeout)
        .gzip(true)
        .brotli(true)
        .deflate(true);
    b = match &s.proxy {
        ProxySetting::System => b,
        ProxySetting::Off => b.no_proxy(),
        ProxySetting::Url(u) => {
            b.proxy(
                reqwest::Proxy::all(u.as_str()).map_err(|e| IngestError::Setup {
                    message: format!("invalid proxy {u:?}: {e}"),
                })?,
            )
        }
    };
    for (host, addr) in &s.resolve {
        b = b.resolve(host, *addr);
    }
    b.build().map_err(|e| IngestError::Setup {
        message: format!("cannot build the HTTP client: {e}"),
    })
}

fn fail(origin: &str, k: &'static str, status: Option<u16>, message: String) -> Error {
    Error::Fetch {
        origin: origin.to_string(),
        kind: k,
        status,
        message,
    }
}

/// Per-host politeness for the listing requests: robots.txt and the time of the next request.
struct Hosts {
    robots: HashMap<String, Result<Robots, String>>,
    next_at: HashMap<String, Instant>,
}

async fn poll_all(
    feeds: &[String],
    sitemaps: &[String],
    s: &FetchSettings,
    state: &State,
    client: reqwest::Client,
) -> Result<Polled, IngestError> {
    let mut out = Polled::default();
    let mut hosts = Hosts {
        robots: HashMap::new(),
        next_at: HashMap::new(),
    };
    // (url, kind, top-level source)
    let mut queue: VecDeque<(String, ListKind, String)> = feeds
        .iter()
        .map(|f| (f.clone(), ListKind::Feed, f.clone()))
        .chain(
            sitemaps
                .iter()
                .map(|m| (m.clone(), ListKind::Sitemap { depth: 0 }, m.clone())),
        )
        .collect();
    let mut seen_lists = HashSet::new();
    let mut seen_pages = HashSet::new();
    let mut failed_tops = HashSet::new();
    while let Some((raw, lk, top)) = queue.pop_front() {
        let url = match canonicalize(&raw) {
            Ok(u) if is_fetchable(&u) => u,
            Ok(u) => {
                out.errors.push(fail(
                    raw.trim(),
                    kind::BAD_SCHEME,
                    None,
                    format!("only http and https URLs are fetched, not {u}"),
                ));
                failed_tops.insert(top);
                continue;
            }
            Err(m) => {
                out.errors.push(fail(raw.trim(), kind::BAD_URL, None, m));
                failed_tops.insert(top);
                continue;
            }
        };
        let key = url.to_string();
        if !seen_lists.insert(key.clone()) {
            continue;
        }
        let known = state.source(&key)?;
        let kind_name = match lk {
            ListKind::Feed => "feed",
            ListKind::Sitemap { .. } => "sitemap",
        };
        let got = get_listing(&client, s, &mut hosts, &url, known.as_ref()).await;
        super::failpoint::hit("listed");
        let now = now_text();
        let body = match got {
            Got::NotModified => {
                out.not_modified += 1;
                let mut row = known.unwrap_or_default();
                row.url = key.clone();
                row.kind = kind_name.into();
                row.status = "not_modified".into();
                row.checked_at = now;
                out.sources.push(row);
                continue;
            }
            Got::Failed(e) => {
                out.errors.push(e);
                failed_tops.insert(top);
                continue;
            }
            Got::Body {
                bytes,
                etag,
                last_modified,
            } => {
                out.sources.push(SourceRow {
                    url: key.clone(),
                    kind: kind_name.into(),
                    etag,
                    last_modified,
                    status: "ok".into(),
                    checked_at: now,
                });
                bytes
            }
        };
        match lk {
            ListKind::Feed => match parse_feed(&body, Some(url.as_str())) {
                Ok(items) => {
                    for i in items {
                        let stamp = format!("{:?}|{:?}", i.title, i.published);
                        push_page(
                            &mut out,
                            &mut seen_pages,
                            &i.url,
                            &top,
                            i.title,
                            i.published,
                            stamp,
                        );
                    }
                }
                Err(m) => {
                    out.errors.push(fail(&key, kind::FEED, Some(200), m));
                    forget_validators(&mut out, &key);
                    failed_tops.insert(top);
                }
            },
            ListKind::Sitemap { depth } => match parse_sitemap(&body, s.max_bytes) {
                Ok(map) => {
                    if let Some(e) = &map.error {
                        // Entries before the error are kept; the sitemap is polled in full
                        // next time.
                        out.errors
                            .push(fail(&key, kind::SITEMAP, Some(200), e.clone()));
                        forget_validators(&mut out, &key);
                    }
                    for e in map.entries {
                        if map.kind == SitemapKind::Index {
                            if depth < s.sitemap_depth {
                                queue.push_back((
                                    e.loc,
                                    ListKind::Sitemap { depth: depth + 1 },
                                    top.clone(),
                                ));
                            }
                            continue;
                        }
                        let stamp = format!("{:?}|{:?}|{:?}", e.title, e.lastmod, e.published);
                        push_page(
                            &mut out,
                            &mut seen_pages,
                            &e.loc,
                            &top,
                            e.title,
                            e.published,
                            stamp,
                        );
                    }
                }
                Err(m) => {
                    out.errors.push(fail(&key, kind::SITEMAP, Some(200), m));
                    forget_validators(&mut out, &key);
                    failed_tops.insert(top);
                }
            },
        }
    }
    out.failed = failed_tops.len() as u64;
    out.hosts = hosts.next_at.into_keys().collect();
    Ok(out)
}

/// A listing that could not be read whole must be fetched in full next time.
fn forget_validators(out: &mut Polled, key: &str) {
    if let Some(row) = out.sources.iter_mut().rev().find(|r| r.url == key) {
        row.etag = None;
        row.last_modified = None;
        row.status = "failed".into();
    }
}

fn push_page(
    out: &mut Polled,
    seen: &mut HashSet<String>,
    raw: &str,
    top: &str,
    title: Option<String>,
    published: Option<NaiveDate>,
    stamp: String,
) {
    let Ok(u) = canonicalize(raw) else {
        out.errors.push(fail(
            raw.trim(),
            kind::BAD_URL,
            None,
            format!("invalid URL {raw:?}"),
        ));
        return;
    };
    if !is_fetchable(&u) {
        return;
    }
    let url = u.to_string();
    if seen.insert(url.clone()) {
        out.pages.push(Listed {
            url,
            source: top.to_string(),
            title,
            published,
            stamp,
        });
    }
}

enum Got {
    NotModified,
    Body {
        bytes: Vec<u8>,
        etag: Option<String>,
        last_modified: Option<String>,
    },
    Failed(Error),
}

/// One conditional GET, retried on connection errors, timeouts, 429 and 5xx.
async fn get_listing(
    client: &reqwest::Client,
    s: &FetchSettings,
    hosts: &mut Hosts,
    url: &url::Url,
    known: Option<&SourceRow>,
) -> Got {
    let origin = origin_key(url);
    let agent = crate::fetch::robots::product_token(&s.user_agent);
    if !hosts.robots.contains_key(&origin) {
        polite_wait(hosts, &origin, s.delay).await;
        let r = robots(client, &origin, &agent).await;
        hosts.robots.insert(origin.clone(), r);
        hosts
            .next_at
            .insert(origin.clone(), Instant::now() + s.delay);
    }
    let path = match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_string(),
    };
    match hosts.robots.get(&origin) {
        Some(Ok(r)) if !r.allowed(&path) => {
            return Got::Failed(fail(
                url.as_str(),
                kind::ROBOTS_DISALLOWED,
                None,
                format!("disallowed by robots.txt: {url}"),
            ))
        }
        Some(Err(why)) => {
            return Got::Failed(fail(
                url.as_str(),
                kind::ROBOTS_UNAVAILABLE,
                None,
                format!("robots.txt unavailable, not fetched: {why}"),
            ))
        }
        _ => {}
    }
    let mut attempt = 0;
    loop {
        attempt += 1;
        polite_wait(hosts, &origin, s.delay).await;
        let mut req = client.get(url.clone());
        if let Some(k) = known {
            if let Some(e) = &k.etag {
                req = req.header(IF_NONE_MATCH, e);
            }
            if let Some(m) = &k.last_modified {
                req = req.header(IF_MODIFIED_SINCE, m);
            }
        }
        let res = read(req, s.max_bytes).await;
        hosts
            .next_at
            .insert(origin.clone(), Instant::now() + s.delay);
        let retry = match &res {
            Err((_, _, retry)) => *retry,
            Ok(_) => false,
        };
        if retry && attempt < s.attempts {
            let wait = s.backoff.saturating_mul(1 << (attempt - 1).min(6));
            tokio::time::sleep(wait.min(s.max_retry_wait)).await;
            continue;
        }
        return match res {
            Ok(None) => Got::NotModified,
            Ok(Some((bytes, etag, last_modified))) => Got::Body {
                bytes,
                etag,
                last_modified,
            },
            Err((status, message, _)) => {
                let k = if status.is_some() {
                    kind::HTTP_STATUS
                } else {
                    kind::NETWORK
                };
                Got::Failed(fail(url.as_str(), k, status, message))
            }
        };
    }
}

type Body = (Vec<u8>, Option<String>, Option<String>);

/// Sends the request and reads the body up to `max_bytes`. `Ok(None)` is a 304; an error
/// says its status, its message and whether another attempt may help.
async fn read(
    req: reqwest::RequestBuilder,
    max_bytes: u64,
) -> Result<Option<Body>, (Option<u16>, String, bool)> {
    let resp = req
        .send()
        .await
        .map_err(|e| (None, format!("request failed: {e}"), true))?;
    let status = resp.status();
    if status == StatusCode::NOT_MODIFIED {
        return Ok(None);
    }
    if !status.is_success() {
        let retry = status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error();
        return Err((Some(status.as_u16()), format!("HTTP {status}"), retry));
    }
    let header = |name| {
        resp.headers()
            .get(name)
            .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
            .map(str::to_string)
    };
    let etag = header(ETAG);
    let last_modified = header(LAST_MODIFIED);
    let mut body = Vec::new();
    let mut stream = resp.bytes_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| (None, format!("body read failed: {e}"), true))?;
        body.extend_from_slice(&chunk);
        if body.len() as u64 > max_bytes {
            return Err((None, format!("larger than {max_bytes} bytes"), false));
        }
    }
    Ok(Some((body, etag, last_modified)))
}

async fn polite_wait(hosts: &Hosts, origin: &str, delay: Duration) {
    if delay.is_zero() {
        return;
    }
    if let Some(at) = hosts.next_at.get(origin) {
        tokio::time::sleep_until((*at).into()).await;
    }
}

/// robots.txt of `origin`: a 4xx means no rules; a 5xx or no answer means the host is not
/// polled this run (RFC 9309).
async fn robots(client: &reqwest::Client, origin: &str, agent: &str) -> Result<Robots, String> {
    let url = format!("{origin}/robots.txt");
    match read(client.get(&url), 512 * 1024).await {
        Ok(Some((body, _, _))) => Ok(Robots::parse(&String::from_utf8_lossy(&body), agent)),
        Ok(None) => Ok(Robots::allow_all()),
        Err((Some(st), _, _)) if (400..500).contains(&st) && st != 429 => Ok(Robots::allow_all()),
        Err((_, m, _)) => Err(format!("{url}: {m}")),
    }
}
