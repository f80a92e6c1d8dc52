//! Site profiles against the generic cleaner on a benchmark folder (`{id: {"articleBody",
//! "url"}}`, pages `<id>.html[.gz]`, as `clean_bench` reads): pages are grouped by the host of
//! their URL; for every host with two or more pages, a profile is learned from each page alone
//! (`profile::suggest`) and applied to the host's other pages. Body F1 (the benchmark's
//! shingle metric, as `clean_bench` scores it) of the profile path and of the generic cleaner
//! on the same target pages, and pages/s of both paths, timed in the same run.
//!
//! `cargo run --release --example profile_bench -- DIR GROUND_TRUTH.json [--rounds N] [--pages]`

#[path = "common/bench_pages.rs"]
mod bench_pages;

use std::collections::BTreeMap;
use std::time::Instant;

use dealwire::clean::shingle::{score_page, summarize, PageScore};
use dealwire::clean::{clean_html, CleanSettings};
use dealwire::profile::{clean_with_profiles, suggest, Extraction, Page, ProfileSet};

struct Target {
    id: String,
    bytes: Vec<u8>,
    truth: String,
    url: String,
    /// The profile learned from another page of the host, if one could be learned.
    profiles: Option<ProfileSet>,
}

/// One benchmark page: id, bytes, ground-truth body, URL.
type Source = (String, Vec<u8>, String, String);

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(gt)) = (args.first(), args.get(1)) else {
        anyhow::bail!("usage: profile_bench DIR GROUND_TRUTH.json [--rounds N] [--pages]");
    };
    let per_page = args.iter().any(|a| a == "--pages");
    let rounds = bench_pages::rounds(&args, 3);
    let truth = bench_pages::read_truth(gt)?;
    let mut by_host: BTreeMap<String, Vec<Source>> = BTreeMap::new();
    for (id, v) in &truth {
        let body = v.get("articleBody").and_then(|b| b.as_str()).unwrap_or("");
        let Some(url) = v.get("url").and_then(|b| b.as_str()) else {
            continue;
        };
        let Some(host) = url::Url::parse(url).ok().and_then(|u| {
            u.host_str()
                .map(|h| h.trim_start_matches("www.").to_string())
        }) else {
            continue;
        };
        let bytes = bench_pages::read_page(dir, id)?;
        by_host.entry(host).or_default().push((
            id.clone(),
            bytes,
            body.to_string(),
            url.to_string(),
        ));
    }

    // Learn from each page alone; apply to the host's other pages.
    let learn_start = Instant::now();
    let mut learned = 0usize;
    let mut targets = Vec::new();
    let mut hosts = 0usize;
    for pages in by_host.values().filter(|p| p.len() >= 2) {
        hosts += 1;
        for (i, (id, bytes, _, url)) in pages.iter().enumerate() {
            let page = Page {
                origin: id.clone(),
                bytes: bytes.clone(),
                url: Some(url.clone()),
            };
            let set = suggest(&[page], Some(url))
                .ok()
                .filter(|s| s.body.is_some())
                .and_then(|s| ProfileSet::parse(&s.to_toml(), id).ok());
            learned += usize::from(set.is_some());
            for (j, (tid, tbytes, ttruth, turl)) in pages.iter().enumerate() {
                if i != j {
                    targets.push(Target {
                        id: tid.clone(),
                        bytes: tbytes.clone(),
                        truth: ttruth.clone(),
                        url: turl.clone(),
                        profiles: set.clone(),
                    });
                }
            }
        }
    }
    let learn_secs = learn_start.elapsed().as_secs_f64();
    let settings = CleanSettings::default();

    // Accuracy, and whether the profile was used or fell back.
    let mut generic_scores = Vec::new();
    let mut profile_scores = Vec::new();
    let (mut used, mut fell_back, mut none) = (0, 0, 0);
    for t in &targets {
        let g = clean_html(&t.bytes, None, Some(&t.url), &settings);
        let p = clean_with_profiles(&t.bytes, None, Some(&t.url), &settings, t.profiles.as_ref());
        match p.extraction {
            Some(Extraction::Profile) => used += 1,
            Some(Extraction::Generic) => fell_back += 1,
            None => none += 1,
        }
        let gs = score_page(&g.text, &t.truth);
        let ps = score_page(&p.cleaned.text, &t.truth);
        if per_page {
            println!(
                "{:.3} {:.3}  {} {:?}",
                f1(gs),
                f1(ps),
                &t.id[..8.min(t.id.len())],
                p.extraction
            );
        }
        generic_scores.push(gs);
        profile_scores.push(ps);
    }

    // Speed: both paths over the same pages, interleaved round by round, one thread.
    let mut gen_wall = Vec::new();
    let mut prof_wall = Vec::new();
    for _ in 0..rounds.max(1) {
        let t = Instant::now();
        for x in &targets {
            std::hint::black_box(clean_html(&x.bytes, None, Some(&x.url), &settings));
        }
        gen_wall.push(t.elapsed().as_secs_f64());
        let t = Instant::now();
        for x in &targets {
            std::hint::black_box(clean_with_profiles(
                &x.bytes,
                None,
                Some(&x.url),
                &settings,
                x.profiles.as_ref(),
            ));
        }
        prof_wall.push(t.elapsed().as_secs_f64());
    }
    let n = targets.len() as f64;
    let (gp, gr, gf) = summarize(&generic_scores);
    let (pp, pr, pf) = summarize(&profile_scores);
    println!(
        "hosts {hosts}  target pages {}  profiles learned {learned} ({:.1} s)  profile used {used}, fell back {fell_back}, none learned {none}",
        targets.len(),
        learn_secs
    );
    println!(
        "generic  P {gp:.4}  R {gr:.4}  F1 {gf:.4}  {:.0} pages/s",
        n / median(&gen_wall)
    );
    println!(
        "profile  P {pp:.4}  R {pr:.4}  F1 {pf:.4}  {:.0} pages/s",
        n / median(&prof_wall)
    );
    let better = generic_scores
        .iter()
        .zip(&profile_scores)
        .filter(|(g, p)| f1(**p) > f1(**g) + 0.01)
        .count();
    let worse = generic_scores
        .iter()
        .zip(&profile_scores)
        .filter(|(g, p)| f1(**p) < f1(**g) - 0.01)
        .count();
    println!(
        "pages where the profile's F1 is higher by > 0.01: {better}, lower by > 0.01: {worse}  (median of {rounds} rounds, one thread)"
    );
    Ok(())
}

fn f1(s: PageScore) -> f64 {
    if s.precision + s.recall > 0.0 {
        2.0 * s.precision * s.recall / (s.precision + s.recall)
    } else {
        0.0
    }
}

fn median(v: &[f64]) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}
