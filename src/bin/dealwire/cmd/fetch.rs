//! `dealwire fetch`: URLs, feeds and sitemaps in, deal records out, through the same
//! pipeline and outputs as `extract`. Pages come out in the order they finish downloading.

use std::io::BufRead;
use std::net::ToSocketAddrs;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use dealwire::fetch::{FetchSettings, FetchSource, ProxySetting, Seed, Stats};

use super::output::{default_jobs, settings_with, Outputs};
use crate::args::FetchArgs;

pub fn run(args: FetchArgs) -> anyhow::Result<u8> {
    let seeds = seeds(&args)?;
    if seeds.is_empty() {
        bail!("nothing to fetch: give URLs, --urls FILE, --feed URL or --sitemap URL");
    }
    let settings = settings(&args)?;
    let pipeline = settings_with(args.profiles.as_deref())?;
    let mut out = Outputs::open(&args.out)?;
    let jobs = default_jobs(args.out.jobs);
    let source = FetchSource::start(seeds, settings)?;
    let stats = source.stats.clone();
    let bar = crate::report::progress(usize::MAX, false);
    let done = Arc::new(AtomicBool::new(false));
    let ticker = {
        let (bar, stats, done) = (bar.clone(), stats.clone(), done.clone());
        std::thread::spawn(move || {
            let start = Instant::now();
            while !done.load(Ordering::Relaxed) {
                bar.set_message(progress_line(&stats, start.elapsed()));
                std::thread::sleep(Duration::from_millis(250));
            }
        })
    };
    // A small window: pages arrive at network speed, and each goes to the pool alone rather
    // than waiting for others to make up a group.
    let drained = out.drain(source, &pipeline, jobs, jobs.max(2), &bar);
    done.store(true, Ordering::Relaxed);
    let _ = ticker.join();
    bar.finish_and_clear();
    let get = Stats::get;
    tracing::info!(
        "fetch: {} pages, {} failed, {} duplicates skipped, {} links over the limit, {} requests, {} bytes",
        get(&stats.fetched),
        get(&stats.failed),
        get(&stats.duplicates),
        get(&stats.dropped),
        get(&stats.requests),
        get(&stats.bytes)
    );
    drained?;
    out.finish()
}

fn progress_line(s: &Stats, elapsed: Duration) -> String {
    let get = Stats::get;
    let fetched = get(&s.fetched);
    let rate = fetched as f64 / elapsed.as_secs_f64().max(0.001);
    format!(
        "fetched {fetched}  failed {}  queued {}  {:.1} MB  {rate:.1} pages/s",
        get(&s.failed),
        get(&s.queued),
        get(&s.bytes) as f64 / 1e6
    )
}

fn seeds(args: &FetchArgs) -> anyhow::Result<Vec<Seed>> {
    let mut seeds: Vec<Seed> = args.urls.iter().cloned().map(Seed::Page).collect();
    if let Some(path) = &args.urls_file {
        let reader: Box<dyn BufRead> = if path.as_os_str() == "-" {
            Box::new(std::io::stdin().lock())
        } else {
            let f = std::fs::File::open(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            Box::new(std::io::BufReader::new(f))
        };
        for line in reader.lines() {
            let line = line.with_context(|| format!("cannot read {}", path.display()))?;
            let line = line.split('#').next().unwrap_or("").trim();
            if !line.is_empty() {
                seeds.push(Seed::Page(line.to_string()));
            }
        }
    }
    seeds.extend(args.feed.iter().cloned().map(Seed::Feed));
    seeds.extend(args.sitemap.iter().cloned().map(Seed::Sitemap));
    Ok(seeds)
}

fn seconds(name: &str, v: f64) -> anyhow::Result<Duration> {
    Duration::try_from_secs_f64(v)
        .with_context(|| format!("--{name} must be a number of seconds ≥ 0"))
}

fn settings(args: &FetchArgs) -> anyhow::Result<FetchSettings> {
    let mut s = FetchSettings {
        delay: seconds("delay", args.delay)?,
        concurrency: args.concurrency.max(1),
        per_host: args.per_host.max(1),
        timeout: seconds("timeout", args.timeout)?,
        max_bytes: args.max_bytes,
        attempts: args.attempts.max(1),
        ..FetchSettings::default()
    };
    if let Some(ua) = &args.user_agent {
        s.user_agent = ua.clone();
    }
    s.proxy = match args.proxy.as_deref() {
        None => ProxySetting::System,
        Some("none") => ProxySetting::Off,
        Some(u) => ProxySetting::Url(u.to_string()),
    };
    for r in &args.resolve {
        let (host, addr) = r
            .split_once(':')
            .with_context(|| format!("--resolve wants HOST:PORT:ADDR, got {r:?}"))?;
        let (port, ip) = addr
            .split_once(':')
            .with_context(|| format!("--resolve wants HOST:PORT:ADDR, got {r:?}"))?;
        let sock = (ip, port.parse::<u16>()?)
            .to_socket_addrs()?
            .next()
            .with_context(|| format!("--resolve: no address in {r:?}"))?;
        s.resolve.push((host.to_string(), sock));
    }
    Ok(s)
}
