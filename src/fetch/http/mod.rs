//! Fetching pages over HTTP, politely and within bounds.
//!
//! One scheduler task owns all state: a queue per host (scheme, host and port), each host's
//! robots.txt and the time its next request may start. It starts a request only when the
//! global limit (`concurrency`), the host's limit (`per_host`) and the host's delay all allow
//! it, so a slow host never holds a slot that another host could use: waiting happens in the
//! scheduler's queues, not inside requests. A request is one attempt at one URL; redirects and
//! retries come back to the scheduler as new jobs, so every hop obeys robots.txt and the delay
//! of the host it goes to, and a backoff frees its slot while it waits.
//!
//! Feeds and sitemaps are jobs too: their links are queued as pages (sitemap indexes as
//! further sitemaps, to a bounded depth). Pages are de-duplicated by canonical URL across the
//! whole run, including the targets of redirects and `<link rel=canonical>`.
//!
//! The async world stays in here: [`FetchSource`] runs the scheduler on its own thread and is
//! a plain blocking iterator of `Result<RawDoc>`, ready for [`crate::pipeline::run_batch`].

mod request;

use std::collections::{HashMap, HashSet, VecDeque};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use tokio::sync::mpsc;
use tokio::task::JoinSet;
use url::Url;

use request::{backoff, fetch_error, Outcome, RobotsOutcome};
pub use request::{canonical_link, kind, transport_charset};

use crate::doc::RawDoc;
use crate::error::{Error, Result};
use crate::fetch::robots::Robots;
use crate::fetch::url::{canonicalize, canonicalize_url, is_fetchable, origin_key};

/// Where requests go through.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ProxySetting {
    /// `HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY` and `NO_PROXY` from the environment.
    #[default]
    System,
    /// Direct connections only.
    Off,
    /// This proxy for every request (`http://`, `https://` or `socks5://`).
    Url(String),
}

/// Every knob of a fetch run. Limits are settings so that unusual sites can be served.
#[derive(Debug, Clone)]
pub struct FetchSettings {
    pub user_agent: String,
    /// The pause between two requests to one host, counted from the end of the previous one.
    pub delay: Duration,
    /// A robots.txt `Crawl-delay` is honoured when larger than `delay`, up to this much.
    pub max_crawl_delay: Duration,
    /// Requests in flight at once, over all hosts.
    pub concurrency: usize,
    /// Requests in flight at once to one host.
    pub per_host: usize,
    /// The whole of one request: connecting, headers and the last byte of the body.
    pub timeout: Duration,
    pub connect_timeout: Duration,
    /// The largest body read, counted after decompression.
    pub max_bytes: u64,
    pub max_redirects: usize,
    /// Attempts per URL on connection errors, timeouts, 429 and 5xx.
    pub attempts: u32,
    /// The first backoff; it doubles with each attempt, with jitter.
    pub backoff: Duration,
    /// A `Retry-After` longer than this is not waited for: the URL fails instead.
    pub max_retry_wait: Duration,
    pub proxy: ProxySetting,
    /// Host names resolved to fixed addresses, bypassing DNS (tests and benchmarks).
    pub resolve: Vec<(String, SocketAddr)>,
    /// Obey robots.txt. Only tests should turn this off.
    pub robots: bool,
    /// How deep sitemap indexes may nest.
    pub sitemap_depth: usize,
    /// Pages queued over the whole run; links beyond it are counted and dropped.
    pub max_pages: usize,
}

impl Default for FetchSettings {
    fn default() -> Self {
        FetchSettings {
            user_agent: format!(
                "dealwire/{} (news deal extractor)",
                env!("CARGO_PKG_VERSION")
            ),
            delay: Duration::from_secs(1),
            max_crawl_delay: Duration::from_secs(60),
            concurrency: 16,
            per_host: 1,
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            max_bytes: 10 * 1024 * 1024,
            max_redirects: 10,
            attempts: 3,
            backoff: Duration::from_secs(1),
            max_retry_wait: Duration::from_secs(120),
            proxy: ProxySetting::System,
            resolve: Vec::new(),
            robots: true,
            sitemap_depth: 3,
            max_pages: 1_000_000,
        }
    }
}

/// A starting point of a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seed {
    Page(String),
    Feed(String),
    Sitemap(String),
}

/// Live counts for a progress display; the scheduler updates them as it goes.
#[derive(Debug, Default)]
pub struct Stats {
    /// Pages fetched and handed on.
    pub fetched: AtomicU64,
    /// Error records emitted.
    pub failed: AtomicU64,
    /// Jobs waiting in host queues.
    pub queued: AtomicU64,
    /// Body bytes received (after decompression).
    pub bytes: AtomicU64,
    /// Requests sent, robots.txt, redirects and retries included.
    pub requests: AtomicU64,
    /// Links dropped because their page was already queued or fetched in this run.
    pub duplicates: AtomicU64,
    /// Links dropped because `max_pages` was reached.
    pub dropped: AtomicU64,
}

impl Stats {
    pub fn get(v: &AtomicU64) -> u64 {
        v.load(Ordering::Relaxed)
    }
}

fn bump(v: &AtomicU64, n: u64) {
    v.fetch_add(n, Ordering::Relaxed);
}

fn drop_one(v: &AtomicU64) {
    v.fetch_sub(1, Ordering::Relaxed);
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum JobKind {
    Page,
    Feed,
    Sitemap { depth: usize },
}

/// Metadata a feed or sitemap gave for a page.
#[derive(Debug, Clone, Default)]
pub(crate) struct Hint {
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
}

/// One URL to request, with where it came from.
#[derive(Debug, Clone)]
pub(crate) struct Job {
    pub url: Url,
    pub kind: JobKind,
    pub hint: Hint,
    pub attempt: u32,
    /// URLs already visited on the way here by redirects.
    pub chain: Vec<Url>,
    /// The URL as first listed, which error records name.
    pub origin: String,
}

impl Job {
    pub fn new(raw: &str, kind: JobKind, hint: Hint) -> Result<Job> {
        let url = canonicalize(raw).map_err(|m| fetch_error(raw.trim(), kind::BAD_URL, None, m))?;
        Ok(Job {
            origin: url.to_string(),
            url,
            kind,
            hint,
            attempt: 0,
            chain: Vec::new(),
        })
    }
}

/// A running fetch: a blocking iterator over fetched pages and error records, in the order
/// they finish. Dropping it stops the run.
pub struct FetchSource {
    rx: mpsc::Receiver<Result<RawDoc>>,
    pub stats: Arc<Stats>,
}

impl FetchSource {
    /// Builds the HTTP client and starts the scheduler on a thread of its own.
    pub fn start(seeds: Vec<Seed>, settings: FetchSettings) -> Result<FetchSource> {
        let (pages, robots) = clients(&settings)?;
        let stats = Arc::new(Stats::default());
        let (tx, rx) = mpsc::channel(256);
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|e| setup_error(format!("cannot start the async runtime: {e}")))?;
        let st = stats.clone();
        std::thread::Builder::new()
            .name("dealwire-fetch".into())
            .spawn(move || {
                runtime.block_on(async move {
                    let mut s = Scheduler::new(settings, pages, robots, st, tx);
                    s.run(seeds).await;
                });
            })
            .map_err(|e| setup_error(format!("cannot start the fetch thread: {e}")))?;
        Ok(FetchSource { rx, stats })
    }
}

impl Iterator for FetchSource {
    type Item = Result<RawDoc>;

    fn next(&mut self) -> Option<Self::Item> {
        self.rx.blocking_recv()
    }
}

fn setup_error(message: String) -> Error {
    fetch_error("fetch", "setup", None, message)
}

/// Two clients: pages follow no redirects (the scheduler does, hop by hop), robots.txt
/// follows up to five as RFC 9309 asks.
fn clients(s: &FetchSettings) -> Result<(reqwest::Client, reqwest::Client)> {
    let build = |redirect: reqwest::redirect::Policy| {
        let mut b = reqwest::Client::builder()
            .user_agent(s.user_agent.clone())
            .redirect(redirect)
            .connect_timeout(s.connect_timeout.min(s.timeout))
            .timeout(s.timeout)
            .gzip(true)
            .brotli(true)
            .deflate(true)
            .pool_max_idle_per_host(s.per_host.max(1));
        b = match &s.proxy {
            ProxySetting::System => b,
            ProxySetting::Off => b.no_proxy(),
            ProxySetting::Url(u) => {
                let p = reqwest::Proxy::all(u.as_str())
                    .map_err(|e| setup_error(format!("invalid proxy {u:?}: {e}")))?;
                b.proxy(p)
            }
        };
        for (host, addr) in &s.resolve {
            b = b.resolve(host, *addr);
        }
        b.build()
            .map_err(|e| setup_error(format!("cannot build the HTTP client: {e}")))
    };
    Ok((
        build(reqwest::redirect::Policy::none())?,
        build(reqwest::redirect::Policy::limited(5))?,
    ))
}

enum RobotsState {
    Unknown,
    Fetching,
    Ready(Arc<Robots>),
    Unavailable(String),
}

struct Host {
    queue: VecDeque<Job>,
    active: usize,
    next_at: Instant,
    delay: Duration,
    robots: RobotsState,
    robots_attempts: u32,
    /// Whether the host's key is in the scheduler's `ready` ring.
    listed: bool,
}

/// What a finished task reports.
enum Done {
    Job(Box<Outcome>),
    Robots(RobotsOutcome),
}

struct Scheduler {
    s: Arc<FetchSettings>,
    pages: reqwest::Client,
    robots_client: reqwest::Client,
    stats: Arc<Stats>,
    out: mpsc::Sender<Result<RawDoc>>,
    hosts: HashMap<String, Host>,
    /// Hosts with queued jobs, visited round-robin.
    ready: VecDeque<String>,
    /// Page URLs queued or fetched in this run.
    seen: HashSet<String>,
    /// Feed and sitemap URLs requested in this run: a sitemap index listing itself ends here.
    seen_lists: HashSet<String>,
    pages_queued: usize,
    active: usize,
    /// Items waiting to go out (errors found while dispatching).
    pending: VecDeque<Result<RawDoc>>,
    tasks: JoinSet<(String, Done)>,
    /// Task id → (host, origin), to report a task that panicked.
    running: HashMap<tokio::task::Id, (String, String)>,
}

impl Scheduler {
    fn new(
        s: FetchSettings,
        pages: reqwest::Client,
        robots_client: reqwest::Client,
        stats: Arc<Stats>,
        out: mpsc::Sender<Result<RawDoc>>,
    ) -> Self {
        Scheduler {
            s: Arc::new(s),
            pages,
            robots_client,
            stats,
            out,
            hosts: HashMap::new(),
            ready: VecDeque::new(),
            seen: HashSet::new(),
            seen_lists: HashSet::new(),
            pages_queued: 0,
            active: 0,
            pending: VecDeque::new(),
            tasks: JoinSet::new(),
            running: HashMap::new(),
        }
    }

    async fn run(&mut self, seeds: Vec<Seed>) {
        for seed in seeds {
            let (raw, kind) = match &seed {
                Seed::Page(u) => (u, JobKind::Page),
                Seed::Feed(u) => (u, JobKind::Feed),
                Seed::Sitemap(u) => (u, JobKind::Sitemap { depth: 0 }),
            };
            match Job::new(raw, kind, Hint::default()) {
                Ok(job) => self.enqueue(job, false),
                Err(e) => self.fail(e),
            }
        }
        loop {
            let wake = self.dispatch();
            if !self.flush().await {
                return;
            }
            if self.active == 0 && self.ready.is_empty() {
                return;
            }
            tokio::select! {
                Some(res) = self.tasks.join_next_with_id() => self.finished(res),
                _ = tokio::time::sleep_until(wake.unwrap_or_else(Instant::now).into()), if wake.is_some() => {}
                else => {
                    // Nothing running and nothing to wait for, yet jobs remain: cannot happen
                    // by construction; fail what is left rather than hang.
                    let left: Vec<Job> = self.hosts.values_mut().flat_map(|h| h.queue.drain(..)).collect();
                    for job in left {
                        self.fail(fetch_error(&job.origin, kind::INTERNAL, None, "scheduler stalled".into()));
                    }
                    self.ready.clear();
                }
            }
            if !self.flush().await {
                return;
            }
        }
    }

    /// Sends pending items; false when the reader has gone away.
    async fn flush(&mut self) -> bool {
        while let Some(item) = self.pending.pop_front() {
            if self.out.send(item).await.is_err() {
                return false;
            }
        }
        true
    }

    fn fail(&mut self, e: Error) {
        tracing::debug!("{e}");
        bump(&self.stats.failed, 1);
        self.pending.push_back(Err(e));
    }

    /// Queues a job on its host, unless its page was seen already in this run.
    fn enqueue(&mut self, job: Job, front: bool) {
        if !is_fetchable(&job.url) {
            let msg = format!("only http and https URLs are fetched, not {}", job.url);
            return self.fail(fetch_error(&job.origin, kind::BAD_SCHEME, None, msg));
        }
        let key = job.url.as_str().to_string();
        match job.kind {
            JobKind::Page => {
                if !self.seen.insert(key) {
                    bump(&self.stats.duplicates, 1);
                    return;
                }
                if job.chain.is_empty() {
                    if self.pages_queued >= self.s.max_pages {
                        bump(&self.stats.dropped, 1);
                        return;
                    }
                    self.pages_queued += 1;
                }
            }
            JobKind::Feed | JobKind::Sitemap { .. } => {
                if !self.seen_lists.insert(key) {
                    bump(&self.stats.duplicates, 1);
                    return;
                }
            }
        }
        let host_key = origin_key(&job.url);
        let s = &self.s;
        let host = self.hosts.entry(host_key.clone()).or_insert_with(|| Host {
            queue: VecDeque::new(),
            active: 0,
            next_at: Instant::now(),
            delay: s.delay,
            robots: if s.robots {
                RobotsState::Unknown
            } else {
                RobotsState::Ready(Arc::new(Robots::allow_all()))
            },
            robots_attempts: 0,
            listed: false,
        });
        if front {
            host.queue.push_front(job);
        } else {
            host.queue.push_back(job);
        }
        bump(&self.stats.queued, 1);
        if !host.listed {
            host.listed = true;
            self.ready.push_back(host_key);
        }
    }

    /// Starts every request the limits allow now; returns when to look again if some host is
    /// only waiting for its delay.
    fn dispatch(&mut self) -> Option<Instant> {
        let now = Instant::now();
        let mut wake: Option<Instant> = None;
        let mut later = |t: Instant| {
            wake = Some(wake.map_or(t, |w: Instant| w.min(t)));
        };
        for _ in 0..self.ready.len() {
            if self.active >= self.s.concurrency.max(1) {
                break;
            }
            let Some(key) = self.ready.pop_front() else {
                break;
            };
            let Some(host) = self.hosts.get_mut(&key) else {
                continue;
            };
            match &host.robots {
                RobotsState::Unknown => {
                    if host.active == 0 && host.next_at <= now {
                        host.robots = RobotsState::Fetching;
                        host.active += 1;
                        self.active += 1;
                        bump(&self.stats.requests, 1);
                        let client = self.robots_client.clone();
                        let s = self.s.clone();
                        let k = key.clone();
                        let h = self.tasks.spawn(async move {
                            let r = request::run_robots(client, &s, &k).await;
                            (k, Done::Robots(r))
                        });
                        self.running
                            .insert(h.id(), (key.clone(), format!("{key}/robots.txt")));
                    } else if host.next_at > now {
                        later(host.next_at);
                    }
                    self.ready.push_back(key);
                    continue;
                }
                RobotsState::Fetching => {
                    self.ready.push_back(key);
                    continue;
                }
                RobotsState::Unavailable(why) => {
                    let why = why.clone();
                    host.listed = false;
                    let jobs: Vec<Job> = host.queue.drain(..).collect();
                    for job in jobs {
                        drop_one(&self.stats.queued);
                        let msg = format!("robots.txt unavailable, not fetched: {why}");
                        self.fail(fetch_error(
                            &job.origin,
                            kind::ROBOTS_UNAVAILABLE,
                            None,
                            msg,
                        ));
                    }
                    continue;
                }
                RobotsState::Ready(_) => {}
            }
            let robots = match &host.robots {
                RobotsState::Ready(r) => r.clone(),
                _ => continue,
            };
            let mut refused = Vec::new();
            while host.active < self.s.per_host.max(1)
                && host.next_at <= now
                && self.active < self.s.concurrency.max(1)
            {
                let Some(job) = host.queue.pop_front() else {
                    break;
                };
                drop_one(&self.stats.queued);
                let path = match job.url.query() {
                    Some(q) => format!("{}?{q}", job.url.path()),
                    None => job.url.path().to_string(),
                };
                if !robots.allowed(&path) {
                    refused.push(job);
                    continue;
                }
                host.next_at = now + host.delay;
                host.active += 1;
                self.active += 1;
                bump(&self.stats.requests, 1);
                let client = self.pages.clone();
                let s = self.s.clone();
                let k = key.clone();
                let origin = job.origin.clone();
                let h = self.tasks.spawn(async move {
                    let r = request::run_job(client, &s, job).await;
                    (k, Done::Job(Box::new(r)))
                });
                self.running.insert(h.id(), (key.clone(), origin));
            }
            if host.queue.is_empty() {
                host.listed = false;
            } else {
                if host.next_at > now {
                    later(host.next_at);
                }
                self.ready.push_back(key);
            }
            for job in refused {
                let msg = format!("disallowed by robots.txt: {}", job.url);
                self.fail(fetch_error(&job.origin, kind::ROBOTS_DISALLOWED, None, msg));
            }
        }
        wake
    }

    fn finished(
        &mut self,
        res: std::result::Result<(tokio::task::Id, (String, Done)), tokio::task::JoinError>,
    ) {
        let (id, key, done) = match res {
            Ok((id, (key, done))) => (id, key, Some(done)),
            Err(e) => {
                let (key, origin) = self.running.get(&e.id()).cloned().unwrap_or_default();
                self.fail(fetch_error(
                    &origin,
                    kind::INTERNAL,
                    None,
                    format!("fetch task failed: {e}"),
                ));
                (e.id(), key, None)
            }
        };
        self.running.remove(&id);
        self.active = self.active.saturating_sub(1);
        let now = Instant::now();
        if let Some(host) = self.hosts.get_mut(&key) {
            host.active = host.active.saturating_sub(1);
            host.next_at = host.next_at.max(now + host.delay);
            if matches!(host.robots, RobotsState::Fetching)
                && !matches!(done, Some(Done::Robots(_)))
            {
                host.robots = RobotsState::Unavailable("the robots.txt request failed".into());
            }
        }
        match done {
            None => {}
            Some(Done::Robots(r)) => self.robots_done(&key, r),
            Some(Done::Job(o)) => self.job_done(&key, *o),
        }
    }

    fn robots_done(&mut self, key: &str, r: RobotsOutcome) {
        let s = self.s.clone();
        let Some(host) = self.hosts.get_mut(key) else {
            return;
        };
        match r {
            RobotsOutcome::Ready(robots) => {
                if let Some(cd) = robots.crawl_delay {
                    let cd = Duration::from_secs_f64(cd).min(s.max_crawl_delay);
                    host.delay = host.delay.max(cd);
                    host.next_at = host.next_at.max(Instant::now() + host.delay);
                }
                host.robots = RobotsState::Ready(Arc::new(robots));
            }
            RobotsOutcome::Wait(why) => {
                host.robots_attempts += 1;
                if host.robots_attempts >= s.attempts {
                    tracing::warn!("{key}: robots.txt unavailable, skipping the host: {why}");
                    host.robots = RobotsState::Unavailable(why);
                } else {
                    tracing::debug!("{key}: robots.txt unavailable, waiting: {why}");
                    host.robots = RobotsState::Unknown;
                    let wait = backoff(s.backoff, host.robots_attempts - 1);
                    host.next_at = host.next_at.max(Instant::now() + wait);
                }
            }
        }
    }

    fn job_done(&mut self, key: &str, o: Outcome) {
        match o {
            Outcome::Page {
                doc,
                bytes,
                canonical,
            } => {
                bump(&self.stats.bytes, bytes);
                if let Some(c) = canonical {
                    if !self.seen.insert(c.to_string()) {
                        tracing::debug!("{}: duplicate of {c}", doc.origin);
                        bump(&self.stats.duplicates, 1);
                        return;
                    }
                }
                bump(&self.stats.fetched, 1);
                self.pending.push_back(Ok(doc));
            }
            Outcome::Listing {
                found,
                error,
                bytes,
            } => {
                bump(&self.stats.bytes, bytes);
                for job in found {
                    self.enqueue(job, false);
                }
                if let Some(e) = error {
                    self.fail(e);
                }
            }
            Outcome::Redirect {
                job,
                mut to,
                status,
            } => {
                canonicalize_url(&mut to);
                if to == job.url || job.chain.contains(&to) {
                    let msg = format!("redirect loop: {} → {to}", job.url);
                    return self.fail(fetch_error(
                        &job.origin,
                        kind::REDIRECT_LOOP,
                        Some(status),
                        msg,
                    ));
                }
                if job.chain.len() + 1 > self.s.max_redirects {
                    let msg = format!("more than {} redirects, last to {to}", self.s.max_redirects);
                    return self.fail(fetch_error(
                        &job.origin,
                        kind::TOO_MANY_REDIRECTS,
                        Some(status),
                        msg,
                    ));
                }
                let mut next = job;
                next.chain.push(next.url.clone());
                next.url = to;
                next.attempt = 0;
                self.enqueue(next, true);
            }
            Outcome::Retry { job, at } => {
                if let Some(host) = self.hosts.get_mut(key) {
                    host.next_at = host.next_at.max(at);
                }
                // Straight back on its host's queue: it was counted and de-duplicated already.
                let host_key = origin_key(&job.url);
                if let Some(host) = self.hosts.get_mut(&host_key) {
                    host.queue.push_front(job);
                    bump(&self.stats.queued, 1);
                    if !host.listed {
                        host.listed = true;
                        self.ready.push_back(host_key);
                    }
                }
            }
            Outcome::Failed(e) => self.fail(e),
        }
    }
}
