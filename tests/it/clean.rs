//! The cleaner on pages shaped like real sites (golden files in `tests/data/clean/`), on the
//! shared article-extraction benchmark when it is present, on hostile input, and through the
//! `dealwire clean` command.
//!
//! Golden files: `tests/data/clean/<stem>.html` → `<stem>.json`. Run with `DEALWIRE_BLESS=1`
//! to rewrite them, then review the diff like code.

use std::path::{Path, PathBuf};

use dealwire::clean::shingle::{score_page, summarize};
use dealwire::clean::{clean_html, CleanSettings, Cleaned};
use dealwire::doc::ArticleStatus;

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/clean")
}

/// The fields a golden file pins down.
fn golden_json(c: &Cleaned) -> serde_json::Value {
    serde_json::json!({
        "status": c.status,
        "title": c.meta.title,
        "authors": c.meta.authors,
        "published": c.meta.published.map(|d| d.to_string()),
        "modified": c.meta.modified.map(|d| d.to_string()),
        "date_source": c.meta.date_source,
        "modified_source": c.meta.modified_source,
        "site": c.meta.site,
        "lang": c.meta.lang,
        "canonical_url": c.meta.canonical_url,
        "blocks": c.text.split("\n\n").filter(|b| !b.is_empty()).collect::<Vec<_>>(),
    })
}

#[test]
fn golden_pages() {
    let bless = std::env::var_os("DEALWIRE_BLESS").is_some();
    let mut pages: Vec<PathBuf> = std::fs::read_dir(data_dir())
        .expect("tests/data/clean exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    pages.sort();
    assert!(pages.len() >= 7, "golden pages missing: {pages:?}");
    let mut failed = Vec::new();
    for page in &pages {
        let bytes = std::fs::read(page).expect("page readable");
        let c = clean_html(&bytes, None, None, &CleanSettings::default());
        let got = serde_json::to_string_pretty(&golden_json(&c)).expect("serializable") + "\n";
        let golden = page.with_extension("json");
        if bless {
            std::fs::write(&golden, &got).expect("golden writable");
            continue;
        }
        let want = std::fs::read_to_string(&golden).unwrap_or_default();
        if want != got {
            eprintln!("--- {} differs; got:\n{got}", golden.display());
            failed.push(golden);
        }
    }
    assert!(
        failed.is_empty(),
        "golden files differ (bless with DEALWIRE_BLESS=1): {failed:?}"
    );
}

#[test]
fn status_of_walls_and_articles() {
    let read = |name: &str| std::fs::read(data_dir().join(name)).expect("page readable");
    let c = clean_html(&read("consent.html"), None, None, &CleanSettings::default());
    assert_eq!(c.status, ArticleStatus::Consent);
    assert!(c.text.is_empty());
    let c = clean_html(
        &read("comments.html"),
        None,
        None,
        &CleanSettings::default(),
    );
    assert_eq!(c.status, ArticleStatus::Ok);
    assert!(!c.text.contains("Comment number"), "{}", c.text);
    assert_eq!(c.meta.authors, vec!["Marcus Lee"]);
    let c = clean_html(&read("cp1252.html"), None, None, &CleanSettings::default());
    assert!(
        c.text.contains("Brûlée") && c.text.contains("€30 million"),
        "{}",
        c.text
    );
}

#[test]
fn hostile_pages_are_bounded() {
    let settings = CleanSettings::default();
    let deep = format!(
        "{}<p>deep text</p>{}",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    let c = clean_html(deep.as_bytes(), None, None, &settings);
    assert!(c.text.contains("deep text"));
    assert!(c.diagnostics.iter().any(|d| d.message.contains("deeper")));

    let wide = "<td colspan=9007199254740991 rowspan=-5>x</td>".repeat(1000);
    let c = clean_html(wide.as_bytes(), None, None, &settings);
    assert_eq!(c.status, ArticleStatus::Ok);

    let small = CleanSettings {
        max_bytes: 1000,
        max_elements: 50,
        ..CleanSettings::default()
    };
    let many = "<p>Some words in a paragraph.</p>".repeat(500);
    let c = clean_html(many.as_bytes(), None, None, &small);
    assert!(c.diagnostics.iter().any(|d| d.message.contains("cut")));

    for junk in [
        &b""[..],
        b"<",
        b"</",
        b"<!--",
        b"<a href='",
        b"&#xffffffff;&#0;",
        b"\xff\xfe\x00<\x00p",
    ] {
        let _ = clean_html(junk, None, None, &settings);
    }
}

fn shared_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("DEALWIRE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    dir.is_dir().then_some(dir)
}

/// Accuracy on the shared benchmark, as a floor that catches regressions (no timing here:
/// speed is measured by `examples/clean_bench.rs`).
#[test]
fn benchmark_accuracy_floor() {
    let Some(shared) = shared_dir() else {
        eprintln!("skipped: ../shared not found");
        return;
    };
    let bench = shared.join("data/article-extraction-benchmark");
    let Ok(gt) = std::fs::read(bench.join("ground-truth.json")) else {
        eprintln!("skipped: ../shared not found");
        return;
    };
    let gt: serde_json::Value = serde_json::from_slice(&gt).expect("ground truth is JSON");
    let mut scores = Vec::new();
    for (id, v) in gt.as_object().expect("ground truth is an object") {
        use std::io::Read;
        let f = std::fs::File::open(bench.join(format!("html/{id}.html.gz"))).expect("page");
        let mut html = Vec::new();
        flate2::read::MultiGzDecoder::new(f)
            .read_to_end(&mut html)
            .expect("gzip");
        let url = v.get("url").and_then(|u| u.as_str());
        let c = clean_html(&html, None, url, &CleanSettings::default());
        let truth = v.get("articleBody").and_then(|b| b.as_str()).unwrap_or("");
        scores.push(score_page(&c.text, truth));
    }
    let (p, r, f) = summarize(&scores);
    eprintln!("benchmark: P {p:.4} R {r:.4} F1 {f:.4}");
    assert!(f >= 0.97, "F1 {f:.4} fell below 0.97");
}

#[test]
fn cli_jsonl_reports_bad_lines_and_goes_on() {
    let input = concat!(
        "{\"id\":\"a\",\"html\":\"<p>Acme buys Widget Labs for forty million dollars in cash, the firms said.</p>\",\"url\":\"https://x.test/2020/01/02/a\"}\n",
        "not json\n",
        "{\"id\":\"c\"}\n",
        "{\"id\":7,\"html\":\"<title>T</title><p>Second page with enough words to be an article body.</p>\"}\n",
    );
    let out = assert_cmd::Command::cargo_bin("dealwire")
        .expect("binary built")
        .args(["clean", "--jsonl"])
        .write_stdin(input)
        .env_clear()
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert_eq!(lines[0]["id"], "a");
    assert_eq!(lines[0]["published"], "2020-01-02");
    assert_eq!(lines[0]["date_source"], "url");
    assert_eq!(lines[1]["id"], "7");
    for key in [
        "id",
        "text",
        "title",
        "author",
        "published",
        "modified",
        "site",
        "url",
        "lang",
        "status",
        "date_source",
    ] {
        assert!(lines[1].get(key).is_some(), "missing {key}");
    }
    assert!(stderr.contains(":2") && stderr.contains(":3"), "{stderr}");
    assert!(!out.status.success());
}
