//! The fetcher against real HTTP servers started in-process on 127.0.0.1, with faults
//! injected: slow bodies, dropped connections, 429 with Retry-After, 503, redirect loops,
//! huge bodies, a gzip bomb, wrong charset headers, robots.txt rules. Each test checks what
//! was fetched, what became an error record, and that every URL given ends up as one or the
//! other (or as a counted duplicate): nothing is lost.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use dealwire::fetch::{FetchSettings, FetchSource, ProxySetting, Seed, Stats};
use dealwire::RawDoc;

// ---------------------------------------------------------------------------------------
// The test server.

/// What the server saw: each request's path, arrival and departure, by order of arrival.
#[derive(Default)]
struct Log {
    hits: Mutex<Vec<(String, Instant)>>,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    counts: Mutex<HashMap<String, usize>>,
}

impl Log {
    fn count(&self, path: &str) -> usize {
        self.counts
            .lock()
            .map(|c| c.get(path).copied().unwrap_or(0))
            .unwrap_or(0)
    }
}

type Handler = Arc<dyn Fn(&str, usize) -> Response + Send + Sync>;

struct Server {
    addr: SocketAddr,
    log: Arc<Log>,
}

impl Server {
    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

/// Starts a server on its own thread and runtime; `handler` gets the path (with query) and
/// how many times it was requested before.
fn serve(handler: Handler) -> Server {
    let log = Arc::new(Log::default());
    let app = axum::Router::new()
        .fallback(dispatch)
        .with_state((handler, log.clone()));
    let addr = crate::support::serve_app(app);
    Server { addr, log }
}

async fn dispatch(State((handler, log)): State<(Handler, Arc<Log>)>, req: Request) -> Response {
    let path = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    let before = {
        let mut c = log.counts.lock().expect("lock");
        let n = c.entry(path.clone()).or_insert(0);
        *n += 1;
        *n - 1
    };
    if let Ok(mut h) = log.hits.lock() {
        h.push((path.clone(), Instant::now()));
    }
    let now = log.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    log.max_in_flight.fetch_max(now, Ordering::SeqCst);
    // Pages named /slowN take 50 ms, so that overlapping requests would be seen.
    if path.starts_with("/slow") {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let resp = handler(&path, before);
    log.in_flight.fetch_sub(1, Ordering::SeqCst);
    resp
}

/// A server that answers robots.txt with 404 and closes every other connection without
/// answering.
fn serve_hangups() -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut buf = [0u8; 1024];
            let n = std::io::Read::read(&mut stream, &mut buf).unwrap_or(0);
            if buf[..n].starts_with(b"GET /robots.txt ") {
                let _ = stream.write_all(
                    b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                );
            }
            drop(stream);
        }
    });
    addr
}

fn html(body: impl Into<Body>) -> Response {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body.into(),
    )
        .into_response()
}

fn with_type(ct: &'static str, body: impl Into<Body>) -> Response {
    ([(header::CONTENT_TYPE, ct)], body.into()).into_response()
}

fn status(code: StatusCode) -> Response {
    (code, "").into_response()
}

fn redirect(to: &str) -> Response {
    let mut r = status(StatusCode::FOUND);
    if let Ok(v) = HeaderValue::from_str(to) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

fn article(title: &str) -> String {
    format!(
        "<!doctype html><html><head><title>{title}</title></head><body><article><h1>{title}</h1>\
<p>Acme Corp said on Tuesday it had agreed to acquire Widget Inc for $10 million in cash, \
in a deal expected to close in the third quarter.</p>\
<p>The acquisition gives Acme a foothold in the market for connected widgets, the company \
said in a statement, and Widget's founders will join Acme's leadership team.</p>\
</article></body></html>"
    )
}

/// An endless stream of `chunk`-byte pieces, `pause` apart.
fn trickle(chunk: usize, pause: Duration, total: usize) -> Body {
    let stream = futures_util::stream::unfold(0usize, move |sent| async move {
        if sent >= total {
            return None;
        }
        if !pause.is_zero() {
            tokio::time::sleep(pause).await;
        }
        Some((
            Ok::<_, std::io::Error>(Bytes::from(vec![b'a'; chunk])),
            sent + chunk,
        ))
    });
    Body::from_stream(stream)
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).expect("gzip");
    e.finish().expect("gzip")
}

// ---------------------------------------------------------------------------------------
// Running the fetcher.

fn quick() -> FetchSettings {
    FetchSettings {
        delay: Duration::ZERO,
        timeout: Duration::from_millis(400),
        connect_timeout: Duration::from_millis(300),
        backoff: Duration::from_millis(20),
        max_retry_wait: Duration::from_secs(2),
        proxy: ProxySetting::Off,
        concurrency: 8,
        ..FetchSettings::default()
    }
}

struct Run {
    docs: BTreeMap<String, RawDoc>,
    /// origin → (kind, status, message)
    errors: BTreeMap<String, (String, Option<u16>, String)>,
    stats: Arc<Stats>,
}

impl Run {
    fn error_kind(&self, origin: &str) -> Option<&str> {
        self.errors.get(origin).map(|e| e.0.as_str())
    }
}

fn fetch(seeds: Vec<Seed>, settings: FetchSettings) -> Run {
    let source = FetchSource::start(seeds, settings).expect("start");
    let stats = source.stats.clone();
    let mut docs = BTreeMap::new();
    let mut errors = BTreeMap::new();
    for item in source {
        match item {
            Ok(d) => {
                assert!(
                    docs.insert(d.origin.clone(), d).is_none(),
                    "a page came twice"
                );
            }
            Err(e) => {
                let (kind, status) = (e.kind().to_string(), e.status());
                let old = errors.insert(e.origin(), (kind, status, e.to_string()));
                assert!(old.is_none(), "two errors for {}", e.origin());
            }
        }
    }
    Run {
        docs,
        errors,
        stats,
    }
}

fn pages(urls: &[String]) -> Vec<Seed> {
    urls.iter().cloned().map(Seed::Page).collect()
}

// ---------------------------------------------------------------------------------------
// Tests.

#[test]
fn pages_and_faults() {
    // 11 MiB of spaces, about 11 KB gzipped: past the 10 MiB limit once decompressed.
    let bomb = Arc::new(gzip(&vec![b' '; 11 * 1024 * 1024]));
    let server = serve(Arc::new(move |path: &str, before: usize| match path {
        "/robots.txt" => with_type("text/plain", "User-agent: *\nDisallow: /private/\n"),
        "/a1" | "/a2" | "/final" => html(article(path)),
        "/private/x" => html(article("secret")),
        "/gone" => status(StatusCode::NOT_FOUND),
        "/flaky503" if before < 2 => status(StatusCode::SERVICE_UNAVAILABLE),
        "/flaky503" => html(article("flaky")),
        "/always503" => status(StatusCode::SERVICE_UNAVAILABLE),
        "/busy" if before == 0 => {
            let mut r = status(StatusCode::TOO_MANY_REQUESTS);
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            r
        }
        "/busy" => html(article("busy")),
        "/very-busy" => {
            let mut r = status(StatusCode::TOO_MANY_REQUESTS);
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("3600"));
            r
        }
        "/loop1" => redirect("/loop2"),
        "/loop2" => redirect("/loop1"),
        "/redir" => redirect("/final?utm_source=test#top"),
        p if p.starts_with("/chain/") => {
            let n: usize = p["/chain/".len()..].parse().unwrap_or(0);
            redirect(&format!("/chain/{}", n + 1))
        }
        "/redir-dup" => redirect("/a1"),
        "/big" => with_type(
            "text/html",
            trickle(64 * 1024, Duration::ZERO, 50 * 1024 * 1024),
        ),
        "/big-declared" => {
            let mut r = with_type(
                "text/html",
                trickle(64 * 1024, Duration::ZERO, 50 * 1024 * 1024),
            );
            r.headers_mut().insert(
                header::CONTENT_LENGTH,
                HeaderValue::from(50u64 * 1024 * 1024),
            );
            r
        }
        "/bomb" => {
            let mut r = with_type("text/html", bomb.as_ref().clone());
            r.headers_mut()
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            r
        }
        "/slowbody" => with_type("text/html", trickle(10, Duration::from_millis(200), 1000)),
        "/image.png" => with_type("image/png", vec![0x89u8, b'P', b'N', b'G', 0, 0]),
        "/broken-body" => {
            // Half a page, then the connection dies.
            let stream = futures_util::stream::unfold(0, |step| async move {
                match step {
                    0 => Some((Ok(Bytes::from_static(b"<html><body><p>half a page")), 1)),
                    1 => {
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        Some((Err(std::io::Error::other("connection reset")), 2))
                    }
                    _ => None,
                }
            });
            with_type("text/html", Body::from_stream(stream))
        }
        _ => status(StatusCode::NOT_FOUND),
    }));
    let hangup = serve_hangups();
    let u = |p: &str| server.url(p);
    let seeds = vec![
        u("/a1"),
        u("/a2"),
        u("/A1/../a1?utm_campaign=x#frag"),
        u("/private/x"),
        u("/gone"),
        u("/flaky503"),
        u("/always503"),
        u("/busy"),
        u("/very-busy"),
        u("/loop1"),
        u("/redir"),
        u("/redir-dup"),
        u("/chain/0"),
        u("/big"),
        u("/big-declared"),
        u("/bomb"),
        u("/slowbody"),
        u("/image.png"),
        u("/broken-body"),
        format!("http://{hangup}/page"),
        "ftp://example.test/file".to_string(),
        "not a url".to_string(),
    ];
    let settings = FetchSettings {
        per_host: 4,
        ..quick()
    };
    let t = Instant::now();
    let run = fetch(pages(&seeds), settings);
    eprintln!("fetched in {:?}", t.elapsed());

    // Fetched, with the final URL after redirects kept.
    let fetched: Vec<&str> = run.docs.keys().map(String::as_str).collect();
    assert_eq!(
        fetched,
        vec![u("/a1"), u("/a2"), u("/busy"), u("/final"), u("/flaky503")],
        "errors: {:#?}",
        run.errors
    );
    let fin = &run.docs[&u("/final")];
    assert_eq!(fin.url.as_deref(), Some(u("/final").as_str()));
    assert!(matches!(&fin.body, dealwire::doc::Body::Html(b) if !b.is_empty()));
    assert_eq!(fin.charset.as_deref(), Some("utf-8"));

    // Error records, one per failed URL, named by the URL as given (canonicalised).
    let expect = [
        (u("/private/x"), "robots_disallowed"),
        (u("/gone"), "http_status"),
        (u("/always503"), "http_status"),
        (u("/very-busy"), "http_status"),
        (u("/loop1"), "redirect_loop"),
        (u("/chain/0"), "too_many_redirects"),
        (u("/big"), "too_large"),
        (u("/big-declared"), "too_large"),
        (u("/bomb"), "too_large"),
        (u("/slowbody"), "timeout"),
        (u("/image.png"), "not_html"),
        (u("/broken-body"), "body"),
        (format!("http://{hangup}/page"), "network"),
        ("ftp://example.test/file".to_string(), "bad_scheme"),
        ("not a url".to_string(), "bad_url"),
    ];
    for (origin, kind) in &expect {
        assert_eq!(
            run.error_kind(origin),
            Some(*kind),
            "{origin}: {:?}",
            run.errors.get(origin)
        );
    }
    assert_eq!(run.errors.len(), expect.len(), "{:#?}", run.errors);
    assert_eq!(run.errors[&u("/gone")].1, Some(404));
    assert_eq!(run.errors[&u("/always503")].1, Some(503));
    assert!(run.errors[&u("/very-busy")].2.contains("Retry-After"));

    // Nothing lost: every URL is a page, an error or a counted duplicate (the /a1 variant
    // and the redirect to /a1).
    let dups = Stats::get(&run.stats.duplicates);
    assert_eq!(dups, 2);
    assert_eq!(
        run.docs.len() + run.errors.len() + dups as usize,
        seeds.len()
    );

    // What the server saw: robots.txt once, no request for the disallowed page, retries
    // only where they may help.
    let log = &server.log;
    assert_eq!(log.count("/robots.txt"), 1);
    assert_eq!(log.count("/private/x"), 0);
    assert_eq!(log.count("/gone"), 1);
    assert_eq!(log.count("/flaky503"), 3);
    assert_eq!(log.count("/always503"), 3);
    assert_eq!(log.count("/busy"), 2);
    assert_eq!(log.count("/very-busy"), 1);
    assert_eq!(log.count("/image.png"), 1);
    // Decompressing 10 MiB in a debug build on a busy machine may hit the short test timeout
    // once (a retry); the limit, not the clock, must end it.
    assert!((1..=3).contains(&log.count("/bomb")));
    assert_eq!(log.count("/slowbody"), 3);
    assert_eq!(
        log.count("/final"),
        1,
        "the tracking parameter was dropped before the request"
    );
    assert_eq!(log.count("/a1"), 1);
    assert_eq!(log.count("/chain/10"), 1, "ten redirects followed");
    assert_eq!(log.count("/chain/11"), 0, "not eleven");
}

#[test]
fn feeds_and_sitemaps() {
    let server_holder: Arc<Mutex<String>> = Arc::new(Mutex::new(String::new()));
    let base = server_holder.clone();
    let server = serve(Arc::new(move |path: &str, _| {
        let b = base.lock().map(|b| b.clone()).unwrap_or_default();
        match path {
            "/robots.txt" => status(StatusCode::NOT_FOUND),
            "/feed.xml" => with_type(
                "application/rss+xml",
                format!(
                    "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title>\
<item><title>Feed title one</title><link>{b}/p1?utm_source=rss</link>\
<pubDate>Tue, 15 Nov 2022 20:15:04 GMT</pubDate></item>\
<item><title>Two</title><link>/p2</link></item></channel></rss>"
                ),
            ),
            "/index.xml" => with_type(
                "application/xml",
                format!(
                    "<sitemapindex><sitemap><loc>{b}/index.xml</loc></sitemap>\
<sitemap><loc>{b}/news.xml.gz</loc></sitemap><sitemap><loc>{b}/broken.xml</loc></sitemap>\
<sitemap><loc>{b}/missing.xml</loc></sitemap></sitemapindex>"
                ),
            ),
            "/news.xml.gz" => with_type(
                "application/octet-stream",
                gzip(
                    format!(
                        "<urlset xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\
<url><loc>{b}/p2</loc></url><url><loc>{b}/p3</loc><news:news>\
<news:publication_date>2021-03-04</news:publication_date><news:title>News title three</news:title>\
</news:news></url></urlset>"
                    )
                    .as_bytes(),
                ),
            ),
            "/broken.xml" => with_type(
                "application/xml",
                format!("<urlset><url><loc>{b}/p4</loc></url><url><loc>{b}/p5</lo"),
            ),
            "/p1" | "/p2" | "/p3" | "/p4" => html(article(path)),
            _ => status(StatusCode::NOT_FOUND),
        }
    }));
    if let Ok(mut b) = server_holder.lock() {
        *b = format!("http://{}", server.addr);
    }
    let u = |p: &str| server.url(p);
    let seeds = vec![Seed::Feed(u("/feed.xml")), Seed::Sitemap(u("/index.xml"))];
    let run = fetch(seeds, quick());
    let fetched: Vec<&str> = run.docs.keys().map(String::as_str).collect();
    assert_eq!(
        fetched,
        vec![u("/p1"), u("/p2"), u("/p3"), u("/p4")],
        "{:#?}",
        run.errors
    );
    let p1 = &run.docs[&u("/p1")];
    assert_eq!(p1.title.as_deref(), Some("Feed title one"));
    assert_eq!(
        p1.published.map(|d| d.to_string()).as_deref(),
        Some("2022-11-15")
    );
    let p3 = &run.docs[&u("/p3")];
    assert_eq!(p3.title.as_deref(), Some("News title three"));
    assert_eq!(
        p3.published.map(|d| d.to_string()).as_deref(),
        Some("2021-03-04")
    );

    assert_eq!(run.error_kind(&u("/broken.xml")), Some("sitemap"));
    assert_eq!(run.error_kind(&u("/missing.xml")), Some("http_status"));
    assert_eq!(run.errors.len(), 2, "{:#?}", run.errors);
    // The index listing itself, and /p2 listed by both the feed and the news sitemap.
    assert_eq!(Stats::get(&run.stats.duplicates), 2);
    assert_eq!(server.log.count("/index.xml"), 1);
    assert_eq!(server.log.count("/p2"), 1);
}

#[test]
fn wrong_charset_headers() {
    let cp1252 = encoding_rs::WINDOWS_1252
        .encode(&article("Café Müller"))
        .0
        .into_owned();
    let japanese =
        "日本の大手電機メーカーは本日、米国の半導体企業を買収することで合意したと発表した。\
買収額は約十億ドルで、取引は来年前半に完了する見込みだという。";
    let page = |meta: &str| {
        format!(
            "<html><head>{meta}<title>買収</title></head><body><article>\
<p>{japanese}</p><p>{japanese}</p><p>{japanese}</p></article></body></html>"
        )
    };
    let sjis_meta = encoding_rs::SHIFT_JIS
        .encode(&page("<meta charset=\"Shift_JIS\">"))
        .0
        .into_owned();
    let sjis_bare = encoding_rs::SHIFT_JIS.encode(&page("")).0.into_owned();
    let server = serve(Arc::new(move |path: &str, _| match path {
        // Says UTF-8, is Windows-1252.
        "/cp1252" => html(cp1252.clone()),
        // Says ISO-8859-1 (a server default), is Shift_JIS and says so in a meta tag.
        "/sjis-meta" => with_type("text/html; charset=ISO-8859-1", sjis_meta.clone()),
        // Says UTF-8, is Shift_JIS with no declaration: detection has to find it.
        "/sjis-bare" => html(sjis_bare.clone()),
        _ => status(StatusCode::NOT_FOUND),
    }));
    let u = |p: &str| server.url(p);
    let run = fetch(
        pages(&[u("/cp1252"), u("/sjis-meta"), u("/sjis-bare")]),
        quick(),
    );
    assert!(run.errors.is_empty(), "{:#?}", run.errors);
    // The page's title is its only non-ASCII text; the cleaner keeps it out of the body,
    // so the title and the body are checked together.
    let text = |p: &str| {
        let doc = run.docs[&u(p)].clone();
        let (article, _) =
            dealwire::pipeline::to_article(doc, &dealwire::Settings::default()).expect("article");
        format!("{}\n{}", article.title.unwrap_or_default(), article.text)
    };
    assert!(
        text("/cp1252").contains("Café Müller"),
        "{}",
        text("/cp1252")
    );
    assert!(
        text("/sjis-meta").contains("半導体企業を買収"),
        "{}",
        text("/sjis-meta")
    );
    assert!(
        text("/sjis-bare").contains("半導体企業を買収"),
        "{}",
        text("/sjis-bare")
    );
}

#[test]
fn robots_unavailable_means_wait_then_skip() {
    let down = serve(Arc::new(|path: &str, _| match path {
        "/robots.txt" => status(StatusCode::SERVICE_UNAVAILABLE),
        _ => html(article(path)),
    }));
    let missing = serve(Arc::new(|path: &str, _| match path {
        "/robots.txt" => status(StatusCode::FORBIDDEN),
        _ => html(article(path)),
    }));
    let seeds = pages(&[down.url("/a"), down.url("/b"), missing.url("/c")]);
    let run = fetch(seeds, quick());
    assert_eq!(
        run.docs.keys().collect::<Vec<_>>(),
        vec![&missing.url("/c")]
    );
    assert_eq!(run.error_kind(&down.url("/a")), Some("robots_unavailable"));
    assert_eq!(run.error_kind(&down.url("/b")), Some("robots_unavailable"));
    // Asked again after each 5xx, as many times as a page would be; the pages never.
    assert_eq!(down.log.count("/robots.txt"), 3);
    assert_eq!(down.log.count("/a") + down.log.count("/b"), 0);
    assert_eq!(missing.log.count("/robots.txt"), 1);
}

#[test]
fn per_host_limit_holds() {
    let handler: Handler = Arc::new(|path: &str, _| match path {
        "/robots.txt" => with_type("text/plain", "User-agent: *\nAllow: /\n"),
        _ => html(article(path)),
    });
    let a = serve(handler.clone());
    let b = serve(handler);
    let urls: Vec<String> = (0..6)
        .flat_map(|i| [a.url(&format!("/slow{i}")), b.url(&format!("/slow{i}"))])
        .collect();
    let run = fetch(pages(&urls), quick());
    assert_eq!(run.docs.len(), 12, "{:#?}", run.errors);
    assert_eq!(a.log.max_in_flight.load(Ordering::SeqCst), 1);
    assert_eq!(b.log.max_in_flight.load(Ordering::SeqCst), 1);
    assert_eq!(Stats::get(&run.stats.requests), 14);
}

#[test]
fn cli_fetch_writes_records_articles_and_errors() {
    let server = serve(Arc::new(|path: &str, _| match path {
        "/robots.txt" => status(StatusCode::NOT_FOUND),
        "/deal" => html(article("Acme buys Widget")),
        _ => status(StatusCode::NOT_FOUND),
    }));
    let dir = tempfile::tempdir().expect("tempdir");
    let list = dir.path().join("urls.txt");
    std::fs::write(
        &list,
        format!(
            "# two URLs\n{}\n\n{}\n",
            server.url("/deal"),
            server.url("/gone")
        ),
    )
    .expect("write");
    let articles = dir.path().join("articles.jsonl");
    let errors = dir.path().join("errors.jsonl");
    let out = crate::support::dealwire()
        .args(["fetch", "--delay", "0", "--proxy", "none", "--urls"])
        .arg(&list)
        .arg("--articles")
        .arg(&articles)
        .arg("--errors")
        .arg(&errors)
        .output()
        .expect("run");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("stdout is JSONL");
        assert!(v.is_object());
    }
    let read = |p: &PathBuf| -> Vec<serde_json::Value> {
        std::fs::read_to_string(p)
            .expect("read")
            .lines()
            .map(|l| serde_json::from_str(l).expect("json line"))
            .collect()
    };
    let a = read(&articles);
    assert_eq!(a.len(), 1);
    assert_eq!(a[0]["url"], server.url("/deal").as_str());
    let e = read(&errors);
    assert_eq!(e.len(), 1);
    assert_eq!(e[0]["url"], server.url("/gone").as_str());
    assert_eq!(e[0]["stage"], "fetch");
    assert_eq!(e[0]["kind"], "http_status");
    assert_eq!(e[0]["status"], 404);
}

// ---------------------------------------------------------------------------------------
// Real files from public test suites (../shared), when present.

fn shared_data(sub: &str) -> Option<PathBuf> {
    crate::support::shared().map(|p| p.join("data").join(sub))
}

/// Every WARC/ARC file: the pages it yields and the errors its README predicts.
#[test]
fn shared_warc_files() {
    let Some(dir) = shared_data("warc") else {
        return;
    };
    // file, HTML pages with a 2xx status (the README counts every HTML response; 94 of the
    // blackbook's 140 and 2 of wget's 11 are 2xx), what the error items must mention.
    let table: &[(&str, usize, &[&str])] = &[
        ("dolma/sample-0000.warc.gz", 22, &[]),
        ("dolma/sample-0001.warc.gz", 15, &[]),
        ("jwarc/cc.warc.gz", 1, &[]),
        ("jwarc/gzip_extra_sl.warc.gz", 0, &[]),
        ("resiliparse/clipped.warc.gz", 0, &["of 88275 bytes"]),
        ("resiliparse/clueweb-quirk.warc.gz", 29, &[]),
        ("resiliparse/warcfile.warc.gz", 16, &[]),
        (
            "solrwayback/Evil-Warc-Headers.warc",
            0,
            &["truncated record"],
        ),
        (
            "solrwayback/IAH-20080430204825-00000-blackbook.warc.gz",
            94,
            &[],
        ),
        ("solrwayback/transfer_compression_brotli.warc.gz", 1, &[]),
        ("solrwayback/transfer_compression_gzip.warc.gz", 1, &[]),
        (
            "solrwayback/transfer_compression_gzip_chunked.warc.gz",
            1,
            &[],
        ),
        ("solrwayback/transfer_compression_none.warc.gz", 1, &[]),
        (
            "solrwayback/transfer_compression_none_truncated.warc.gz",
            0,
            &["truncated record"],
        ),
        (
            "ukwa/IAH-20080430204825-00000-blackbook-truncated.arc.gz",
            0,
            &["ARC is not supported"],
        ),
        ("ukwa/IAH-urls-wget.warc.gz", 2, &[]),
        ("warcio/example-bad-non-chunked.warc.gz", 1, &[]),
        ("warcio/example-iana.org-chunked.warc", 1, &[]),
        (
            "warcio/example-trunc.warc",
            0,
            &["Content-Encoding gzip", "junk"],
        ),
        ("warcio/example-wget-bad-target-uri.warc.gz", 1, &[]),
        ("warcio/example-wrong-chunks.warc.gz", 1, &[]),
        ("warcio/example.warc.gz", 1, &[]),
    ];
    let mut report = Vec::new();
    for (file, want_docs, want_errors) in table {
        let path = dir.join(file);
        let source = dealwire::fetch::LocalSource::new(
            vec![dealwire::fetch::Input::Path(path.clone())],
            dealwire::fetch::ReadLimits::default(),
        );
        let (mut docs, mut errors) = (0, Vec::new());
        for item in source {
            match item {
                Ok(doc) => {
                    docs += 1;
                    let dealwire::doc::Body::Html(b) = &doc.body else {
                        panic!("{file}: not HTML");
                    };
                    let head = String::from_utf8_lossy(&b[..b.len().min(4096)]).to_lowercase();
                    assert!(
                        head.contains('<'),
                        "{file}: undecoded body {:?}",
                        &head[..head.len().min(80)]
                    );
                    let url = doc.url.as_deref().unwrap_or("");
                    assert!(url.starts_with("http"), "{file}: url {url:?}");
                }
                Err(e) => errors.push(e.to_string()),
            }
        }
        report.push(format!("{file}: {docs} docs, errors {errors:?}"));
        if *want_docs > 0 || docs > 0 {
            assert_eq!(docs, *want_docs, "{file}: {errors:?}");
        }
        assert_eq!(errors.len(), want_errors.len(), "{file}: {errors:?}");
        for (got, want) in errors.iter().zip(want_errors.iter()) {
            assert!(
                got.contains(want),
                "{file}: {got:?} should mention {want:?}"
            );
        }
    }
    eprintln!("{}", report.join("\n"));
}

/// Every feed and sitemap: items found, or the error the README predicts.
#[test]
fn shared_feeds_and_sitemaps() {
    use dealwire::fetch::feed::parse_feed;
    use dealwire::fetch::sitemap::{parse_sitemap, SitemapKind};
    let Some(dir) = shared_data("feeds") else {
        return;
    };
    #[derive(Debug, Clone, Copy)]
    enum Want {
        /// A feed with this many linked items.
        Feed(usize),
        /// A feed the reader must refuse.
        BadFeed,
        /// A sitemap of this kind and size.
        Map(SitemapKind, usize),
        BadMap,
        Robots,
    }
    use SitemapKind::{Index, Text, UrlSet};
    use Want::*;
    let table: &[(&str, Want)] = &[
        ("atom/atom_example_2.xml", Feed(2)),
        ("atom/atom_example_3.xml", Feed(1)),
        ("atom/atom_xml_base.xml", Feed(1)),
        ("encoding/feedparser-bozo-linenoise.xml", Feed(0)),
        // `<rss>` without a version: feed-rs finds no feed in it, once decoded.
        ("encoding/feedparser-koi8r-undeclared.xml", BadFeed),
        ("encoding/feedparser-shiftjis-undeclared.xml", Feed(0)),
        // Decoded from UTF-16, it is an `<rss>` with no channel, which feed-rs refuses.
        ("encoding/feedparser-utf-16le-bom.xml", BadFeed),
        ("encoding/rss_0.91_encoding_2.xml", Feed(1)),
        ("encoding/rss_1.0_iso8859.xml", Feed(1)),
        ("encoding/rss_2.0_encoding_1.xml", Feed(1)),
        ("jsonfeed/jsonfeed_elastic_1.1.json", Feed(3)),
        ("jsonfeed/jsonfeed_example_1.json", Feed(2)),
        ("jsonfeed/npr-technology-feed.json", Feed(25)),
        ("malformed/error_sitemap.xml", BadMap),
        ("malformed/feedparser-rss-incomplete-cdata.xml", BadFeed),
        ("malformed/rss_2.0_invalid_1.xml", BadFeed),
        ("malformed/sitemap-index-bare-urls.xml", Map(Index, 15)),
        ("malformed/sitemap.badns.xml", Map(UrlSet, 2)),
        ("rdf/rss_1.0_biorxiv.xml", Feed(1)),
        ("rss/rss_0.92_spec_1.xml", Feed(0)),
        ("rss/rss_2.0_cloudflare.xml", Feed(1)),
        ("rss/rss_2.0_example_2.xml", Feed(1)),
        ("rss/rss_2.0_example_3.xml", Feed(1)),
        ("rss/rss_2.0_example_5.xml", Feed(1)),
        ("rss/rss_2.0_ilgiornale.xml", Feed(1)),
        ("rss/rss_2.0_ilmessaggero.xml", Feed(1)),
        ("rss/rss_2.0_nbcny.xml", Feed(1)),
        ("rss/rss_2.0_relurl_1.xml", Feed(2)),
        ("rss/rss_2.0_spiegel.xml", Feed(1)),
        ("sitemap/google-news-sitemap-example.xml", Map(UrlSet, 2)),
        (
            "sitemap/hebdenbridgetimes-articles-sitemap.xml",
            Map(UrlSet, 74),
        ),
        ("sitemap/nytimes-news-sitemap.xml", Map(UrlSet, 6)),
        (
            "sitemap/regular_sitemap-not-really-gzipped.xml.gz",
            Map(UrlSet, 5),
        ),
        ("sitemap/robots-with-sitemap.txt", Robots),
        ("sitemap/shinpaideshou-news-sitemap.xml", Map(UrlSet, 3)),
        ("sitemap/sitemap-with-bom.txt", Map(Text, 2)),
        ("sitemap/sitemapindex-cdata.xml", Map(Index, 2)),
        ("sitemap/sitemapindex-self-reference.xml", Map(Index, 4)),
        ("sitemap/sitemaps-org-sitemap.xml.gz", Map(UrlSet, 84)),
        ("sitemap/xmlSitemap.gz", Map(UrlSet, 5)),
    ];
    let (mut report, mut failures) = (Vec::new(), Vec::new());
    for (file, want) in table {
        let bytes = std::fs::read(dir.join(file)).expect("read");
        let base = Some("https://feeds.test/feed");
        let got = match want {
            Feed(_) | BadFeed => format!("{:?}", parse_feed(&bytes, base).map(|i| i.len())),
            Robots => {
                let r = dealwire::fetch::robots::Robots::parse(
                    &String::from_utf8_lossy(&bytes),
                    "dealwire",
                );
                format!("{:?}", r.sitemaps)
            }
            _ => format!(
                "{:?}",
                parse_sitemap(&bytes, 10 << 20).map(|m| (m.kind, m.entries.len(), m.error))
            ),
        };
        report.push(format!("{file}: {got}"));
        let ok = match want {
            Feed(n) => match parse_feed(&bytes, base) {
                Ok(items) => items.len() == *n && items.iter().all(|i| i.url.starts_with("http")),
                Err(_) => false,
            },
            BadFeed => parse_feed(&bytes, base).is_err(),
            Map(kind, n) => match parse_sitemap(&bytes, 10 << 20) {
                Ok(m) => {
                    (m.kind, m.entries.len()) == (*kind, *n)
                        && m.error.is_none()
                        && m.entries
                            .iter()
                            .all(|e| e.loc.starts_with("http") && e.loc.trim() == e.loc)
                }
                Err(_) => false,
            },
            BadMap => parse_sitemap(&bytes, 10 << 20).is_err(),
            Robots => got.contains("http"),
        };
        if !ok {
            failures.push(format!("{file}: expected {want:?}, got {got}"));
        }
    }
    eprintln!("{}", report.join("\n"));
    assert!(failures.is_empty(), "{failures:#?}");
}

// ---------------------------------------------------------------------------------------
// Hostile input: the pure readers never panic, whatever the bytes.

mod hostile {
    use dealwire::fetch::feed::parse_feed;
    use dealwire::fetch::http::canonical_link;
    use dealwire::fetch::robots::Robots;
    use dealwire::fetch::sitemap::parse_sitemap;
    use dealwire::fetch::warc::WarcDocs;
    use proptest::prelude::*;

    fn warc(n: usize) -> Vec<u8> {
        let mut out = Vec::new();
        for i in 0..n {
            let block = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n<p>{i}</\r\n0\r\n\r\n"
            );
            out.extend_from_slice(
                format!(
                    "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: <http://x.test/{i}>\r\nContent-Length: {}\r\n\r\n{block}\r\n\r\n",
                    block.len()
                )
                .as_bytes(),
            );
        }
        out
    }

    proptest! {
        #[test]
        fn parsers_survive_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
            let _ = parse_sitemap(&bytes, 1 << 16);
            let _ = parse_feed(&bytes, Some("https://x.test/"));
            let _ = canonical_link(&bytes);
            let r = Robots::parse(&String::from_utf8_lossy(&bytes), "dealwire");
            let _ = r.allowed("/a/b?c");
            let items = WarcDocs::new(std::io::Cursor::new(bytes.clone()), "p", 1 << 16).count();
            prop_assert!(items <= bytes.len() + 1);
        }

        /// A WARC cut anywhere or with bytes flipped: every record before the damage is
        /// still read, and the rest is errors, never a panic.
        #[test]
        fn damaged_warc(cut in 0usize..1200, flip in 0usize..1200, byte in any::<u8>()) {
            let mut w = warc(4);
            let len = w.len();
            w.truncate(cut.min(len));
            if let Some(b) = w.get_mut(flip) {
                *b = byte;
            }
            let out: Vec<_> = WarcDocs::new(std::io::Cursor::new(w), "p", 1 << 16).collect();
            prop_assert!(out.len() <= 8);
            let damage = cut.min(len).min(flip);
            let intact = (1..=4).filter(|&k| warc(k).len() <= damage).count();
            let ok = out.iter().take_while(|d| d.is_ok()).count();
            prop_assert!(ok >= intact, "{ok} read, {intact} intact");
        }
    }

    #[test]
    fn intact_warc_reads_whole() {
        let docs: Vec<_> = WarcDocs::new(std::io::Cursor::new(warc(4)), "p", 1 << 16).collect();
        assert_eq!(docs.len(), 4);
        assert!(docs.iter().all(Result::is_ok));
    }
}

/// The async fetcher stays in `fetch`: the pure stages never name the network or its runtime.
#[test]
fn pure_stages_stay_offline() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = vec![root.join("pipeline.rs")];
    for dir in ["clean", "sentences", "extract", "eval"] {
        let mut stack = vec![root.join(dir)];
        while let Some(d) = stack.pop() {
            for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
                let p = entry.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|e| e == "rs") {
                    files.push(p);
                }
            }
        }
    }
    for f in files {
        let text = std::fs::read_to_string(&f).expect("read");
        for banned in ["tokio", "reqwest", "std::net", "crate::fetch"] {
            assert!(!text.contains(banned), "{} mentions {banned}", f.display());
        }
    }
}
