//! Scores and times the cleaner on a folder of pages with a ground-truth file in the format of
//! the article-extraction benchmark (`{id: {"articleBody", "url"}}`, pages `<id>.html[.gz]`).
//!
//! `cargo run --release --example clean_bench -- DIR GROUND_TRUTH.json [--pages] [--meta] [--dump OUT]`
//!
//! All pages are read and decompressed before the clock starts; cleaning then runs on one
//! thread, several rounds, and pages/s is the best round (the machine is shared).

use std::io::Read;
use std::time::Instant;

use dealwire::clean::shingle::{score_page, summarize};
use dealwire::clean::{clean_html, CleanSettings};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(gt)) = (args.first(), args.get(1)) else {
        anyhow::bail!(
            "usage: clean_bench DIR GROUND_TRUTH.json [--pages] [--meta] [--dump OUT] [--rounds N]"
        );
    };
    let per_page = args.iter().any(|a| a == "--pages");
    let show_meta = args.iter().any(|a| a == "--meta");
    let dump = args
        .iter()
        .position(|a| a == "--dump")
        .and_then(|i| args.get(i + 1));
    let rounds: usize = args
        .iter()
        .position(|a| a == "--rounds")
        .and_then(|i| args.get(i + 1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let truth: serde_json::Value = serde_json::from_slice(&std::fs::read(gt)?)?;
    let truth = truth
        .as_object()
        .ok_or_else(|| anyhow::anyhow!("{gt}: not a JSON object"))?;
    let mut pages = Vec::new();
    for (id, v) in truth {
        let body = v.get("articleBody").and_then(|b| b.as_str()).unwrap_or("");
        let url = v.get("url").and_then(|b| b.as_str()).map(str::to_string);
        let plain = std::path::Path::new(dir).join(format!("{id}.html"));
        let gz = std::path::Path::new(dir).join(format!("{id}.html.gz"));
        let bytes = if gz.exists() {
            let mut out = Vec::new();
            flate2::read::MultiGzDecoder::new(std::fs::File::open(&gz)?).read_to_end(&mut out)?;
            out
        } else {
            std::fs::read(&plain)?
        };
        pages.push((id.clone(), bytes, body.to_string(), url));
    }
    let settings = CleanSettings::default();
    let mut best = f64::MAX;
    let mut best_cpu = f64::MAX;
    let mut outputs = Vec::new();
    for _ in 0..rounds.max(1) {
        outputs.clear();
        let t = Instant::now();
        let cpu = thread_cpu_secs();
        for (_, bytes, _, url) in &pages {
            outputs.push(clean_html(bytes, None, url.as_deref(), &settings));
        }
        best = best.min(t.elapsed().as_secs_f64());
        if let (Some(a), Some(b)) = (cpu, thread_cpu_secs()) {
            best_cpu = best_cpu.min(b - a);
        }
    }
    let mut scores = Vec::new();
    for ((id, _, body, _), c) in pages.iter().zip(&outputs) {
        let s = score_page(&c.text, body);
        if show_meta {
            let m = &c.meta;
            println!(
                "{}\t{:?}\t{}\t{:?}\t{:?}\t{:?}\t{:?}",
                &id[..8.min(id.len())],
                m.title,
                m.authors.join("; "),
                m.published.map(|d| d.to_string()),
                m.date_source,
                m.site,
                m.lang
            );
        }
        if per_page {
            println!("{:.3} {:.3} {id} {:?}", s.precision, s.recall, c.status);
        }
        if let Some(out) = dump {
            std::fs::create_dir_all(out)?;
            std::fs::write(format!("{out}/{id}.txt"), &c.text)?;
            std::fs::write(format!("{out}/{id}.gt.txt"), body)?;
        }
        scores.push(s);
    }
    let (p, r, f) = summarize(&scores);
    let bytes: usize = pages.iter().map(|p| p.1.len()).sum();
    println!(
        "pages {}  P {p:.4}  R {r:.4}  F1 {f:.4}  {:.0} pages/s wall  {:.0} pages/s on-CPU  {:.1} MB/s  (best of {rounds}, one thread)",
        pages.len(),
        pages.len() as f64 / best,
        pages.len() as f64 / best_cpu,
        bytes as f64 / best / 1e6,
    );
    Ok(())
}

/// Time this thread has spent on a CPU, from Linux's schedstat; on a shared machine wall time
/// also counts the time other processes held the core.
fn thread_cpu_secs() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}
