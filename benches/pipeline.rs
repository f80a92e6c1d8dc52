//! Throughput of deal extraction from cleaned text (the "MB/s of text per core"):
//! sentence splitting plus [`extract::extract`], one thread, over a realistic mix.
//!
//! Inputs: the bundled `corpus/` (deal-dense: nearly every article is about a deal) and, when
//! `$DEALWIRE_SHARED` (else `../shared`) is there, the 911 BBC business and tech articles of
//! `news-dev` (ordinary news, where most sentences name no deal). Cleaning is done once,
//! outside the measurement. Throughput counts the bytes of the cleaned text.
//!
//! Run: `DEALWIRE_SHARED=/work/shared cargo bench --bench pipeline`; criterion reports MiB/s
//! ("thrpt"); `mix` is the figure the target is about.

use std::path::{Path, PathBuf};

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use dealwire::fetch::{Input, LocalSource, ReadLimits};
use dealwire::pipeline::to_article;
use dealwire::{extract, Article, Settings};

/// The allocator the `dealwire` binary runs with, so that the figure is the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn articles_in(dir: &Path) -> Vec<Article> {
    LocalSource::new(vec![Input::Path(dir.to_path_buf())], ReadLimits::default())
        .filter_map(Result::ok)
        .filter_map(|d| to_article(d, &Settings::default()).ok())
        .map(|(a, _)| a)
        .collect()
}

/// `$DEALWIRE_SHARED`, else `../shared` next to the repository, if it exists.
fn shared_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("DEALWIRE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    dir.is_dir().then_some(dir)
}

fn split_and_extract(articles: &[Article]) -> usize {
    articles
        .iter()
        .map(|a| {
            let mut a = a.clone();
            a.sentences = dealwire::sentences::split(&a.text);
            extract::extract(&a).0.len()
        })
        .sum()
}

fn bench(c: &mut Criterion) {
    let corpus = articles_in(&Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"));
    let news = match shared_dir() {
        Some(s) => articles_in(&s.join("data/news-dev")),
        None => {
            eprintln!("news-dev skipped: ../shared not found (set DEALWIRE_SHARED)");
            Vec::new()
        }
    };
    let mix: Vec<Article> = corpus.iter().chain(&news).cloned().collect();
    let mut g = c.benchmark_group("extract");
    g.sample_size(10);
    for (name, set) in [("corpus", &corpus), ("news-dev", &news), ("mix", &mix)] {
        if set.is_empty() {
            continue;
        }
        let bytes: usize = set.iter().map(|a| a.text.len()).sum();
        g.throughput(Throughput::Bytes(bytes as u64));
        g.bench_function(format!("split+extract/{name}"), |b| {
            b.iter(|| split_and_extract(black_box(set)))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
