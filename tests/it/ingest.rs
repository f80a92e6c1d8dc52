//! `dealwire ingest` against a real HTTP server started in-process on 127.0.0.1 whose content
//! changes between runs: new items, edited items, 304 answers to conditional GET, failing
//! and recovering sources, one article under two URLs. The crash test kills the process with
//! SIGKILL at every named kill point a clean run passes (and at timed moments), reruns it,
//! and checks that the union of the output files equals a clean run's, line for line.
#![cfg(unix)]

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::net::SocketAddr;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use crate::support::root;

// ---------------------------------------------------------------------------------------
// The site.

/// What the server serves; tests change it between runs.
#[derive(Default, Clone)]
struct Site {
    base: String,
    /// Path → page HTML.
    pages: BTreeMap<String, String>,
    /// Paths listed by /feed.xml, with their item titles.
    feed: Vec<(String, String)>,
    /// Paths listed by /sitemap.xml.
    sitemap: Vec<String>,
    /// Paths answering 500.
    down: BTreeSet<String>,
    /// Paths answering after two seconds.
    slow: BTreeSet<String>,
    /// Bumped on every change; the listings' ETag.
    version: u64,
}

#[derive(Debug, Clone)]
struct Hit {
    path: String,
    if_none_match: Option<String>,
    if_modified_since: Option<String>,
    status: u16,
}

#[derive(Default)]
struct Shared {
    site: Site,
    hits: Vec<Hit>,
}

struct Server {
    addr: SocketAddr,
    shared: Arc<Mutex<Shared>>,
}

impl Server {
    fn start() -> Server {
        let shared = Arc::new(Mutex::new(Shared::default()));
        let app = axum::Router::new()
            .fallback(handle)
            .with_state(shared.clone());
        let addr = crate::support::serve_app(app);
        shared.lock().expect("lock").site.base = format!("http://{addr}");
        Server { addr, shared }
    }

    fn change(&self, f: impl FnOnce(&mut Site)) {
        let mut g = self.shared.lock().expect("lock");
        f(&mut g.site);
        g.site.version += 1;
    }

    fn hits(&self, path: &str) -> Vec<Hit> {
        let g = self.shared.lock().expect("lock");
        g.hits.iter().filter(|h| h.path == path).cloned().collect()
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

async fn handle(State(shared): State<Arc<Mutex<Shared>>>, req: Request) -> Response {
    let path = req.uri().path().to_string();
    let (inm, ims) = {
        let h = |name: header::HeaderName| {
            req.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        (h(header::IF_NONE_MATCH), h(header::IF_MODIFIED_SINCE))
    };
    drop(req);
    let slow = shared.lock().expect("lock").site.slow.contains(&path);
    if slow {
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
    let mut g = shared.lock().expect("lock");
    let (status, resp) = respond(&g.site, &path, inm.as_deref());
    g.hits.push(Hit {
        path,
        if_none_match: inm,
        if_modified_since: ims,
        status,
    });
    resp
}

fn respond(site: &Site, path: &str, inm: Option<&str>) -> (u16, Response) {
    if site.down.contains(path) {
        return (500, StatusCode::INTERNAL_SERVER_ERROR.into_response());
    }
    let etag = format!("\"v{}\"", site.version);
    let modified = format!("Fri, 27 Nov 2026 00:{:02}:00 GMT", site.version % 60);
    let listing = |ct: &'static str, body: String| {
        if inm == Some(etag.as_str()) {
            return (304, StatusCode::NOT_MODIFIED.into_response());
        }
        let headers = [
            (header::CONTENT_TYPE, ct.to_string()),
            (header::ETAG, etag.clone()),
            (header::LAST_MODIFIED, modified.clone()),
        ];
        (200, (headers, body).into_response())
    };
    match path {
        "/feed.xml" => {
            let items: String = site
                .feed
                .iter()
                .map(|(p, t)| {
                    format!(
                        "<item><title>{}</title><link>{}{p}</link><guid>{}{p}</guid></item>",
                        esc(t),
                        site.base,
                        site.base
                    )
                })
                .collect();
            listing(
                "application/rss+xml",
                format!(
                    "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title>\
                     <link>{}</link><description>d</description>{items}</channel></rss>",
                    site.base
                ),
            )
        }
        "/sitemap.xml" => {
            let urls: String = site
                .sitemap
                .iter()
                .map(|p| format!("<url><loc>{}{p}</loc></url>", site.base))
                .collect();
            listing(
                "application/xml",
                format!(
                    "<?xml version=\"1.0\"?><urlset \
                     xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">{urls}</urlset>"
                ),
            )
        }
        p => match site.pages.get(p) {
            Some(html) => (
                200,
                (
                    [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                    html.clone(),
                )
                    .into_response(),
            ),
            None => (404, StatusCode::NOT_FOUND.into_response()),
        },
    }
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A corpus article (`corpus/NNNN_*.txt`, header lines then paragraphs) as an HTML page.
fn page(number: &str, extra: &str) -> String {
    let dir = root().join("corpus");
    let name = std::fs::read_dir(&dir)
        .expect("corpus")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .find(|n| n.starts_with(number) && n.ends_with(".txt"))
        .unwrap_or_else(|| panic!("no corpus article {number}"));
    let text = std::fs::read_to_string(dir.join(name)).expect("read corpus");
    let (head, body) = text.split_once("\n\n").unwrap_or(("", &text));
    let title = head
        .lines()
        .find_map(|l| l.strip_prefix("title: "))
        .unwrap_or("Untitled");
    let date = head
        .lines()
        .find_map(|l| l.strip_prefix("date: "))
        .unwrap_or("2020-01-01");
    let paras: String = body
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| format!("<p>{}</p>\n", esc(p.trim())))
        .collect();
    format!(
        "<!doctype html><html><head><title>{t}</title>\
         <meta property=\"article:published_time\" content=\"{date}\"></head>\
         <body><article><h1>{t}</h1>\n{paras}{extra}</article></body></html>",
        t = esc(title)
    )
}

fn add(site: &mut Site, path: &str, number: &str) {
    site.pages.insert(path.to_string(), page(number, ""));
}

// ---------------------------------------------------------------------------------------
// Running dealwire.

struct Outcome {
    code: Option<i32>,
    signal: Option<i32>,
    stderr: String,
}

fn ingest(args: &[String], failpoint: Option<&str>) -> Outcome {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dealwire"));
    c.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .arg("ingest")
        .args(args)
        .stdin(Stdio::null());
    if let Some(f) = failpoint {
        c.env("DEALWIRE_FAILPOINT", f);
    }
    let out = c.output().expect("run dealwire");
    Outcome {
        code: out.status.code(),
        signal: out.status.signal(),
        stderr: String::from_utf8_lossy(&out.stderr).to_string(),
    }
}

/// Arguments for a run whose output and state live in `dir`.
fn args(dir: &Path, server: &Server, urls: &Path, extra: &[&str]) -> Vec<String> {
    let mut a: Vec<String> = vec![
        "--out".into(),
        dir.join("out").display().to_string(),
        "--state".into(),
        dir.join("state.db").display().to_string(),
        "--feed".into(),
        server.url("/feed.xml"),
        "--sitemap".into(),
        server.url("/sitemap.xml"),
        "--urls".into(),
        urls.display().to_string(),
        "--delay".into(),
        "0".into(),
        "--attempts".into(),
        "1".into(),
        "--jobs".into(),
        "1".into(),
    ];
    a.extend(extra.iter().map(|s| s.to_string()));
    a
}

/// Every line of the visible `<kind>-*.jsonl` files, sorted; each must be a whole JSON line.
fn union(out: &Path, kind: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let Ok(entries) = std::fs::read_dir(out) else {
        return lines;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        if !(name.starts_with(&format!("{kind}-")) && name.ends_with(".jsonl")) {
            continue;
        }
        let text = std::fs::read_to_string(e.path()).expect("read output");
        assert!(
            text.is_empty() || text.ends_with('\n'),
            "{name}: a partial file is visible"
        );
        for l in text.lines() {
            assert!(
                serde_json::from_str::<Value>(l).is_ok(),
                "{name}: not a JSON line: {l}"
            );
            lines.push(l.to_string());
        }
    }
    lines.sort();
    lines
}

fn values(lines: &[String]) -> Vec<Value> {
    lines
        .iter()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect()
}

fn files(out: &Path, prefix: &str) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(out)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().to_string())
                .filter(|n| n.starts_with(prefix))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read dir").flatten() {
        let t = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &t);
        } else {
            std::fs::copy(e.path(), &t).expect("copy");
        }
    }
}

fn write_urls(path: &Path, server: &Server, paths: &[&str]) {
    let text: String = paths.iter().map(|p| server.url(p) + "\n").collect();
    std::fs::write(path, text).expect("write urls");
}

// ---------------------------------------------------------------------------------------
// Behaviour across runs.

#[test]
fn runs_pick_up_new_edited_and_recovered_items_once() {
    let server = Server::start();
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    let urls = dir.join("urls.txt");
    server.change(|s| {
        for (p, n) in [("/n/a1", "0002"), ("/n/a2", "0003"), ("/n/a3", "0004")] {
            add(s, p, n);
            s.feed.push((p.to_string(), format!("title {p}")));
        }
        add(s, "/n/a4", "0007");
        s.sitemap.push("/n/a4".into());
        add(s, "/n/a5", "0011");
        // The same article under a second URL.
        add(s, "/z/copy-a1", "0002");
    });
    write_urls(&urls, &server, &["/n/a5", "/z/copy-a1"]);
    let a = args(dir, &server, &urls, &["--recheck-hours", "1000"]);
    let out = dir.join("out");

    // Run 1: everything is new; the copy is one article with its original.
    let r = ingest(&a, None);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.stderr.contains("5 new articles"), "{}", r.stderr);
    let arts = values(&union(&out, "articles"));
    assert_eq!(arts.len(), 5);
    assert!(arts.iter().all(|v| v["revision"] == 1));
    let urls_seen: BTreeSet<&str> = arts.iter().filter_map(|v| v["url"].as_str()).collect();
    assert!(urls_seen.contains(server.url("/n/a1").as_str()));
    assert!(!urls_seen.contains(server.url("/z/copy-a1").as_str()));
    let deals1 = values(&union(&out, "deals"));
    assert!(!deals1.is_empty());
    assert!(deals1
        .iter()
        .all(|v| v["revision"] == 1 && v["schema"] == "deal/1"));
    let feed_hits = server.hits("/feed.xml");
    assert_eq!(feed_hits.len(), 1);
    assert!(feed_hits[0].if_none_match.is_none());

    // Run 2: nothing changed; the listings answer 304 to conditional GETs.
    let r = ingest(&a, Some("list"));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    for listing in ["/feed.xml", "/sitemap.xml"] {
        let last = server.hits(listing).pop().expect("polled");
        assert_eq!(last.status, 304, "{listing}");
        assert!(last.if_none_match.is_some(), "{listing}: no If-None-Match");
        assert!(
            last.if_modified_since.is_some(),
            "{listing}: no If-Modified-Since"
        );
    }
    assert_eq!(
        server.hits("/n/a1").len(),
        1,
        "a seen page was fetched again"
    );
    assert_eq!(
        files(&out, "deals-").len(),
        1,
        "a run with nothing new wrote deals"
    );

    // Run 3: a new item, an edited item (its feed title changes too), a new item whose page
    // fails, and a sitemap that fails.
    server.change(|s| {
        add(s, "/n/a6", "0012");
        s.feed.push(("/n/a6".into(), "title a6".into()));
        s.pages.insert(
            "/n/a2".into(),
            page(
                "0003",
                "<p>This story was updated to add the company's comment.</p>",
            ),
        );
        s.feed[1].1 = "title a2, updated".into();
        add(s, "/n/a7", "0013");
        s.feed.push(("/n/a7".into(), "title a7".into()));
        s.down.insert("/n/a7".into());
        s.down.insert("/sitemap.xml".into());
    });
    let r = ingest(&a, None);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(
        r.stderr.contains("1 new articles, 1 revised"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("1 of 3 sources failed"), "{}", r.stderr);
    let errors = values(&union(&out, "errors"));
    assert_eq!(errors.len(), 2, "{errors:?}");
    let a2_id = arts
        .iter()
        .find(|v| v["url"] == server.url("/n/a2"))
        .map(|v| v["id"].clone())
        .expect("a2");
    let deals = values(&union(&out, "deals"));
    let a2_revs: BTreeMap<String, BTreeSet<u64>> = deals
        .iter()
        .filter(|d| d["article"]["id"] == a2_id)
        .fold(BTreeMap::new(), |mut m, d| {
            m.entry(d["id"].as_str().unwrap_or("").to_string())
                .or_default()
                .insert(d["revision"].as_u64().unwrap_or(0));
            m
        });
    assert!(!a2_revs.is_empty());
    assert!(
        a2_revs.values().all(|r| *r == BTreeSet::from([1, 2])),
        "the edited article's records keep their ids with revision 2: {a2_revs:?}"
    );

    // Run 4: both recover.
    server.change(|s| s.down.clear());
    let r = ingest(&a, None);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        r.stderr.contains("1 new articles, 0 revised"),
        "{}",
        r.stderr
    );
    let arts = values(&union(&out, "articles"));
    assert_eq!(arts.len(), 8, "5 + a6 + a2 revised + a7");
    // Exactly once per (id, revision).
    let deals = values(&union(&out, "deals"));
    let keys: BTreeSet<(String, u64)> = deals
        .iter()
        .map(|d| {
            (
                d["id"].as_str().unwrap_or("").to_string(),
                d["revision"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(keys.len(), deals.len());

    // -q: silence on success.
    let mut quiet = a.clone();
    quiet.push("-q".into());
    let r = ingest(&quiet, None);
    assert_eq!(r.code, Some(0));
    assert!(r.stderr.trim().is_empty(), "{}", r.stderr);
}

#[test]
fn watched_folders_read_new_and_changed_files_only() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    let watch = dir.join("dumps");
    std::fs::create_dir_all(&watch).expect("mkdir");
    for n in [
        "0002_ericsson-lg-cross-licence.txt",
        "0007_foxconn-sharp.txt",
    ] {
        std::fs::copy(root().join("corpus").join(n), watch.join(n)).expect("copy");
    }
    let out = dir.join("out");
    let a: Vec<String> = [
        "--watch",
        &watch.display().to_string(),
        "--out",
        &out.display().to_string(),
        "--state",
        &dir.join("s.db").display().to_string(),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let r = ingest(&a, None);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(union(&out, "articles").len(), 2);
    let r = ingest(&a, None);
    assert!(
        r.stderr.contains("0 new articles, 0 revised"),
        "{}",
        r.stderr
    );
    let mut text = std::fs::read_to_string(watch.join("0007_foxconn-sharp.txt")).expect("read");
    text.push_str("\nThe companies declined to comment further.\n");
    std::fs::write(watch.join("0007_foxconn-sharp.txt"), text).expect("write");
    std::fs::copy(
        root().join("corpus/0011_square-buys-tillpoint.txt"),
        watch.join("0011.txt"),
    )
    .expect("copy");
    let r = ingest(&a, None);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        r.stderr.contains("1 new articles, 1 revised"),
        "{}",
        r.stderr
    );
    let revs: Vec<u64> = values(&union(&out, "articles"))
        .iter()
        .filter_map(|v| v["revision"].as_u64())
        .collect();
    assert_eq!(revs.iter().filter(|r| **r == 2).count(), 1);
}

#[test]
fn a_second_run_exits_3_and_a_stale_lock_is_taken_over() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    let watch = dir.join("dumps");
    std::fs::create_dir_all(&watch).expect("mkdir");
    let state = dir.join("s.db");
    let a: Vec<String> = [
        "--watch",
        &watch.display().to_string(),
        "--out",
        &dir.join("out").display().to_string(),
        "--state",
        &state.display().to_string(),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_eq!(ingest(&a, None).code, Some(0));
    let db = rusqlite::Connection::open(&state).expect("open state");
    // Held by a live process (this test).
    db.execute(
        "INSERT OR REPLACE INTO lock (id, pid, proc_start, since) VALUES (1, ?1, NULL, 'now')",
        [std::process::id()],
    )
    .expect("lock");
    let r = ingest(&a, None);
    assert_eq!(r.code, Some(3), "{}", r.stderr);
    assert!(r.stderr.contains("holds the lock"), "{}", r.stderr);
    // Held by a process that is gone.
    let mut child = Command::new("true").spawn().expect("spawn");
    let dead = child.id();
    child.wait().expect("wait");
    db.execute("UPDATE lock SET pid = ?1", [dead])
        .expect("lock");
    let r = ingest(&a, None);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let left: i64 = db
        .query_row("SELECT count(*) FROM lock", [], |r| r.get(0))
        .expect("count");
    assert_eq!(left, 0, "the lock is given back");
}

#[test]
fn a_run_started_while_another_runs_exits_3_at_once() {
    let server = Server::start();
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    let urls = dir.join("urls.txt");
    server.change(|s| {
        add(s, "/n/slow", "0002");
        s.feed.push(("/n/slow".into(), "slow".into()));
        s.slow.insert("/n/slow".into());
    });
    write_urls(&urls, &server, &[]);
    let a = args(dir, &server, &urls, &[]);
    let first = Command::new(env!("CARGO_BIN_EXE_dealwire"))
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .arg("ingest")
        .args(&a)
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    // Wait until the first run has the lock, then start a second.
    let state = dir.join("state.db");
    let mut held = false;
    for _ in 0..200 {
        // Without CREATE: an empty file made by this poll would be refused by the run as
        // not a state database.
        held = rusqlite::Connection::open_with_flags(
            &state,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE,
        )
        .and_then(|c| c.query_row("SELECT count(*) FROM lock", [], |r| r.get::<_, i64>(0)))
        .is_ok_and(|n| n == 1);
        if held {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(held, "the first run never took the lock");
    let r = ingest(&a, None);
    assert_eq!(r.code, Some(3), "{}", r.stderr);
    assert!(r.stderr.contains("holds the lock"), "{}", r.stderr);
    let done = first.wait_with_output().expect("wait");
    assert_eq!(
        done.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    assert_eq!(union(&dir.join("out"), "articles").len(), 1);
}

#[test]
fn bad_config_and_unwritable_state_exit_2() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let cfg = tmp.path().join("ingest.toml");
    std::fs::write(&cfg, "out = \"o\"\nstate = \"s.db\"\nfeedz = []\n").expect("write");
    let r = ingest(&["--config".into(), cfg.display().to_string()], None);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    // No sources at all.
    let r = ingest(
        &[
            "--out".into(),
            tmp.path().join("o").display().to_string(),
            "--state".into(),
            tmp.path().join("s.db").display().to_string(),
        ],
        None,
    );
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    // A state path that is a folder.
    let r = ingest(
        &[
            "--watch".into(),
            tmp.path().display().to_string(),
            "--out".into(),
            tmp.path().join("o").display().to_string(),
            "--state".into(),
            tmp.path().display().to_string(),
        ],
        None,
    );
    assert_eq!(r.code, Some(2), "{}", r.stderr);
}

#[test]
fn the_example_config_parses() {
    let cfg = root().join("examples/ingest.toml");
    let text = std::fs::read_to_string(&cfg).expect("examples/ingest.toml");
    let c: Result<dealwire::ingest::ConfigFile, _> = toml::from_str(&text);
    assert!(c.is_ok(), "{c:?}");
}

// ---------------------------------------------------------------------------------------
// Crashes and compaction.

/// The site before (v1) and after (v2) the run under test.
fn crash_site(server: &Server, urls: &Path, v2: bool) {
    server.change(|s| {
        *s = Site {
            base: s.base.clone(),
            version: s.version,
            ..Site::default()
        };
        for (i, n) in ["0002", "0003", "0004", "0005"].iter().enumerate() {
            let p = format!("/n/f{i}");
            add(s, &p, n);
            s.feed.push((p, format!("feed item {i}")));
        }
        for (i, n) in ["0007", "0008"].iter().enumerate() {
            let p = format!("/n/s{i}");
            add(s, &p, n);
            s.sitemap.push(p);
        }
        add(s, "/n/u0", "0011");
        add(s, "/z/copy-f0", "0002");
        if v2 {
            // f1 is edited (and its feed title says so); f0's title changes but not its
            // text: it is fetched again and found unchanged.
            s.pages.insert(
                "/n/f1".into(),
                page("0003", "<p>This story was updated with more detail.</p>"),
            );
            s.feed[0].1 = "feed item 0, retitled".into();
            s.feed[1].1 = "feed item 1, updated".into();
            for (i, n) in ["0012", "0013", "0017", "0019"].iter().enumerate() {
                let p = format!("/n/g{i}");
                add(s, &p, n);
                s.feed.push((p, format!("new item {i}")));
            }
            add(s, "/n/broken", "0020");
            s.feed.push(("/n/broken".into(), "broken".into()));
            s.down.insert("/n/broken".into());
            for (i, n) in ["0014", "0020", "0021", "0022", "0024"].iter().enumerate() {
                let p = format!("/n/t{i}");
                add(s, &p, n);
                s.sitemap.push(p);
            }
            // The same text as g0, under another URL, in the same run.
            add(s, "/z/copy-g0", "0012");
            s.sitemap.push("/z/copy-g0".into());
            add(s, "/n/u1", "0016");
        }
    });
    let mut list = vec!["/n/u0", "/z/copy-f0"];
    if v2 {
        list.push("/n/u1");
    }
    write_urls(urls, server, &list);
}

#[test]
fn crash_at_every_kill_point_loses_and_duplicates_nothing() {
    let server = Server::start();
    let tmp = tempfile::tempdir().expect("tempdir");
    let base = tmp.path();
    let urls = base.join("urls.txt");
    let extra = ["--recheck-hours", "1000"];

    // Before: one committed run over v1.
    crash_site(&server, &urls, false);
    let snap = base.join("snap");
    let r = ingest(&args(&snap, &server, &urls, &extra), None);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    crash_site(&server, &urls, true);

    // The clean run, traced: its kill points and its output.
    let clean = base.join("clean");
    copy_dir(&snap, &clean);
    let r = ingest(&args(&clean, &server, &urls, &extra), Some("list"));
    assert_eq!(r.code, Some(1), "the broken page fails: {}", r.stderr);
    let points: Vec<(String, u64)> = r
        .stderr
        .lines()
        .filter_map(|l| l.strip_prefix("failpoint "))
        .filter_map(|l| {
            let (name, n) = l.split_once(' ')?;
            Some((name.to_string(), n.parse().ok()?))
        })
        .collect();
    let want_deals = union(&clean.join("out"), "deals");
    let want_articles = union(&clean.join("out"), "articles");
    let arts = values(&want_articles);
    assert!(arts.iter().any(|a| a["revision"] == 2), "an edited article");
    assert_eq!(
        arts.len(),
        BTreeSet::from_iter(&want_articles).len(),
        "a clean run duplicates nothing"
    );
    let names: BTreeSet<&str> = points.iter().map(|(n, _)| n.as_str()).collect();
    for p in [
        "listed",
        "fetched",
        "extracted",
        "write",
        "written",
        "synced",
        "intent",
        "renamed",
        "committed",
    ] {
        assert!(names.contains(p), "kill point {p} not passed: {names:?}");
    }
    assert!(points.len() >= 50, "only {} kill points", points.len());

    // A second clean run gives the same lines: the comparison below is meaningful.
    let again = base.join("again");
    copy_dir(&snap, &again);
    ingest(&args(&again, &server, &urls, &extra), None);
    assert_eq!(union(&again.join("out"), "deals"), want_deals);
    assert_eq!(union(&again.join("out"), "articles"), want_articles);

    let check = |dir: &Path, what: &str| {
        let out = dir.join("out");
        assert_eq!(union(&out, "deals"), want_deals, "deals after {what}");
        assert_eq!(
            union(&out, "articles"),
            want_articles,
            "articles after {what}"
        );
        let temps: Vec<String> = files(&out, ".");
        assert!(
            temps.is_empty(),
            "temporary files left after {what}: {temps:?}"
        );
    };

    // Every kill point, on two threads.
    let killed = Mutex::new(0usize);
    let jobs: Vec<(usize, &(String, u64))> = points.iter().enumerate().collect();
    std::thread::scope(|scope| {
        for half in jobs.chunks(jobs.len().div_ceil(2)) {
            let (server, urls, snap, points, killed, check) =
                (&server, &urls, &snap, &points, &killed, &check);
            scope.spawn(move || {
                for (i, (name, n)) in half {
                    let dir = base.join(format!("kill-{i}"));
                    copy_dir(snap, &dir);
                    let a = args(&dir, server, urls, &extra);
                    let what = format!("SIGKILL at {name}:{n}");
                    let r = ingest(&a, Some(&format!("{name}:{n}")));
                    assert_eq!(r.signal, Some(9), "{what} did not kill: {}", r.stderr);
                    *killed.lock().expect("lock") += 1;
                    // Visible output right after the crash is whole lines (checked by union).
                    union(&dir.join("out"), "deals");
                    if i % 5 == 0 {
                        // Kill the rerun too, somewhere.
                        let (n2, k2) = &points[(i * 7 + 3) % points.len()];
                        let _ = ingest(&a, Some(&format!("{n2}:{k2}")));
                    }
                    let r = ingest(&a, None);
                    assert!(matches!(r.code, Some(0 | 1)), "{what}: rerun: {}", r.stderr);
                    check(&dir, &what);
                    let _ = std::fs::remove_dir_all(&dir);
                }
            });
        }
    });

    // Timed kills, from outside, at seeded moments.
    let mut seed: u64 = 0x2545_f491;
    for t in 0..5 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let delay = Duration::from_millis(seed % 1000);
        let dir = base.join(format!("timed-{t}"));
        copy_dir(&snap, &dir);
        let a = args(&dir, &server, &urls, &extra);
        let mut child = Command::new(env!("CARGO_BIN_EXE_dealwire"))
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .arg("ingest")
            .args(&a)
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(delay);
        let _ = child.kill();
        let _ = child.wait();
        let r = ingest(&a, None);
        assert!(
            matches!(r.code, Some(0 | 1)),
            "timed kill {t}: {}",
            r.stderr
        );
        check(&dir, &format!("a kill after {delay:?}"));
    }
    let killed = *killed.lock().expect("lock");
    eprintln!("crash test: {killed} kill points tried, each followed by a rerun");
    assert_eq!(killed, points.len());
}

#[test]
fn compaction_keeps_every_line_once_and_leaves_one_file_per_day() {
    let server = Server::start();
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("d");
    let urls = tmp.path().join("urls.txt");
    crash_site(&server, &urls, false);
    let a = args(&dir, &server, &urls, &["--recheck-hours", "0"]);
    ingest(&a, None);
    crash_site(&server, &urls, true);
    ingest(&a, None);
    let out = dir.join("out");
    // Pretend one run happened on an earlier day.
    for kind in ["deals", "articles", "errors"] {
        if let Some(f) = files(&out, &format!("{kind}-")).first() {
            let old = format!("{kind}-2026-01-02T03-04-05.000Z.jsonl");
            std::fs::rename(out.join(f), out.join(old)).expect("rename");
        }
    }
    let before: HashMap<&str, Vec<String>> = ["deals", "articles", "errors"]
        .into_iter()
        .map(|k| (k, union(&out, k)))
        .collect();
    assert!(files(&out, "deals-").len() >= 2);
    let compact = |fp: Option<&str>| {
        let mut c = vec!["--compact".to_string(), "--keep-days".into(), "0".into()];
        c.extend(a[..4].iter().cloned());
        ingest(&c, fp)
    };
    // Killed after its first deletion, then finished by the next compaction.
    let r = compact(Some("removed:1"));
    assert_eq!(r.signal, Some(9), "{}", r.stderr);
    let r = compact(None);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    for (k, lines) in &before {
        assert_eq!(&union(&out, k), lines, "{k} lines changed");
        let names = files(&out, &format!("{k}-"));
        let days: BTreeSet<&str> = names
            .iter()
            .map(|n| &n[k.len() + 1..k.len() + 11])
            .collect();
        assert_eq!(names.len(), days.len(), "{k}: one file per day: {names:?}");
        assert!(
            names.iter().all(|n| n.len() == k.len() + 1 + 10 + 6),
            "{names:?}"
        );
    }
    assert!(files(&out, ".").is_empty());
    // Later runs still work beside the day files.
    let r = ingest(&a, None);
    assert!(matches!(r.code, Some(0 | 1)), "{}", r.stderr);
}
