//! Fetch throughput and politeness against local servers: 50 host names resolved to
//! 127.0.0.1 through reqwest's resolver override, one in-process server answering every page
//! after a 50 ms delay, and logging which host was asked for what, when.
//!
//! 1. Per-host delay 0: 2,000 pages (40 per host). With more hosts than request slots, the
//!    global concurrency limit should stay busy: pages/s is compared with the ideal
//!    concurrency / latency.
//! 2. Per-host delay 1 s: 5 pages per host. From the server's log, the smallest gap between two
//!    requests to one host must be at least 1 s.
//!
//! Run: `cargo bench --bench fetch` (options: `--concurrency N`, `--pages-per-host N`,
//! `--polite-pages-per-host N`, `--latency-ms N`). Not a test: it measures, it asserts only
//! the politeness rule, and it takes about ten seconds.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use dealwire::fetch::{FetchSettings, FetchSource, ProxySetting, Seed, Stats};

const HOSTS: usize = 50;

type Log = Arc<Mutex<Vec<(String, String, Instant)>>>;

struct Opts {
    concurrency: usize,
    pages_per_host: usize,
    polite_pages_per_host: usize,
    latency: Duration,
}

fn opts() -> Opts {
    let mut o = Opts {
        concurrency: 16,
        pages_per_host: 40,
        polite_pages_per_host: 5,
        latency: Duration::from_millis(50),
    };
    let args: Vec<String> = std::env::args().collect();
    let mut i = 1;
    while i < args.len() {
        let value = args.get(i + 1).and_then(|v| v.parse::<u64>().ok());
        match (args[i].as_str(), value) {
            ("--concurrency", Some(v)) => o.concurrency = v as usize,
            ("--pages-per-host", Some(v)) => o.pages_per_host = v as usize,
            ("--polite-pages-per-host", Some(v)) => o.polite_pages_per_host = v as usize,
            ("--latency-ms", Some(v)) => o.latency = Duration::from_millis(v),
            _ => {
                // `cargo bench` passes `--bench`; anything unknown is ignored.
                i += 1;
                continue;
            }
        }
        i += 2;
    }
    o
}

fn page(host: &str, path: &str) -> String {
    format!(
        "<!doctype html><html><head><title>{host}{path}</title></head><body><article>\
<p>Acme Corp agreed to acquire Widget Inc for $10 million, the companies said.</p>\
<p>{}</p></article></body></html>",
        "Filler text about the deal. ".repeat(100)
    )
}

async fn handle(State((log, latency)): State<(Log, Duration)>, req: Request) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("")
        .to_string();
    let path = req.uri().path().to_string();
    if let Ok(mut l) = log.lock() {
        l.push((host.clone(), path.clone(), Instant::now()));
    }
    if path == "/robots.txt" {
        return (StatusCode::NOT_FOUND, "").into_response();
    }
    tokio::time::sleep(latency).await;
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        page(&host, &path),
    )
        .into_response()
}

fn serve(latency: Duration) -> (SocketAddr, Log) {
    let log: Log = Arc::default();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.set_nonblocking(true).expect("nonblocking");
    let addr = listener.local_addr().expect("addr");
    let state = (log.clone(), latency);
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
            let app = axum::Router::new().fallback(handle).with_state(state);
            let _ = axum::serve(listener, app).await;
        });
    });
    (addr, log)
}

struct Outcome {
    pages: u64,
    failed: u64,
    elapsed: Duration,
    requests: u64,
}

fn run(addr: SocketAddr, per_host: usize, delay: Duration, concurrency: usize) -> Outcome {
    let names: Vec<String> = (0..HOSTS)
        .map(|h| format!("host{h:02}.bench.test"))
        .collect();
    // Interleaved hosts, as a URL list from many sites would come.
    let seeds: Vec<Seed> = (0..per_host)
        .flat_map(|p| {
            names
                .iter()
                .map(move |n| Seed::Page(format!("http://{n}:{}/a/{p}", addr.port())))
        })
        .collect();
    let settings = FetchSettings {
        delay,
        concurrency,
        proxy: ProxySetting::Off,
        resolve: names.iter().map(|n| (n.clone(), addr)).collect(),
        ..FetchSettings::default()
    };
    let start = Instant::now();
    let source = FetchSource::start(seeds, settings).expect("start");
    let stats = source.stats.clone();
    let (mut pages, mut failed) = (0, 0);
    for item in source {
        match item {
            Ok(_) => pages += 1,
            Err(e) => {
                if failed < 5 {
                    eprintln!("error: {e}");
                }
                failed += 1;
            }
        }
    }
    Outcome {
        pages,
        failed,
        elapsed: start.elapsed(),
        requests: Stats::get(&stats.requests),
    }
}

fn main() {
    let o = opts();
    let (addr, log) = serve(o.latency);
    println!(
        "fetch bench: {HOSTS} hosts on 127.0.0.1:{}, server latency {:?}, concurrency {}",
        addr.port(),
        o.latency,
        o.concurrency
    );

    // 1. Throughput with no per-host delay.
    let r = run(addr, o.pages_per_host, Duration::ZERO, o.concurrency);
    let rate = r.pages as f64 / r.elapsed.as_secs_f64();
    let ideal = o.concurrency as f64 / o.latency.as_secs_f64();
    println!(
        "delay 0:  {} pages, {} failed, {} requests in {:.2} s = {rate:.0} pages/s; \
         ideal {ideal:.0} pages/s (concurrency / latency): {:.0}% of ideal",
        r.pages,
        r.failed,
        r.requests,
        r.elapsed.as_secs_f64(),
        100.0 * rate / ideal
    );

    // 2. Politeness with a 1 s per-host delay, checked from the server's log.
    if let Ok(mut l) = log.lock() {
        l.clear();
    }
    let delay = Duration::from_secs(1);
    let r = run(addr, o.polite_pages_per_host, delay, o.concurrency);
    let mut by_host: HashMap<String, Vec<Instant>> = HashMap::new();
    if let Ok(l) = log.lock() {
        for (host, _, at) in l.iter() {
            by_host.entry(host.clone()).or_default().push(*at);
        }
    }
    let mut min_gap = Duration::MAX;
    for times in by_host.values_mut() {
        times.sort();
        for w in times.windows(2) {
            min_gap = min_gap.min(w[1] - w[0]);
        }
    }
    println!(
        "delay 1s: {} pages, {} failed, {} requests to {} hosts in {:.2} s; \
         smallest gap between two requests to one host: {:.3} s",
        r.pages,
        r.failed,
        r.requests,
        by_host.len(),
        r.elapsed.as_secs_f64(),
        min_gap.as_secs_f64()
    );
    assert!(
        min_gap >= delay,
        "a host got two requests {min_gap:?} apart, less than the {delay:?} delay"
    );
    println!("politeness: ok (no host got two requests within {delay:?})");
}
