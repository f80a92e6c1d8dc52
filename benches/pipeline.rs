//! Throughput of the pure stages over the bundled corpus: extraction from cleaned text (the
//! issue's MB/s of text per core) and the whole text pipeline. Run with
//! `cargo bench --bench pipeline`; criterion reports time per iteration and MB/s.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use dealwire::fetch::{Input, LocalSource, ReadLimits};
use dealwire::pipeline::to_article;
use dealwire::{extract, Settings};

fn corpus_articles() -> Vec<dealwire::Article> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    LocalSource::new(vec![Input::Path(dir)], ReadLimits::default())
        .filter_map(Result::ok)
        .filter_map(|d| to_article(d, &Settings::default()).ok())
        .map(|(a, _)| a)
        .collect()
}

fn bench(c: &mut Criterion) {
    let articles = corpus_articles();
    let bytes: usize = articles.iter().map(|a| a.text.len()).sum();
    let mut g = c.benchmark_group("extract");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("corpus", |b| {
        b.iter(|| {
            articles
                .iter()
                .map(|a| extract::extract(a).0.len())
                .sum::<usize>()
        })
    });
    g.bench_function("split+extract", |b| {
        b.iter(|| {
            articles
                .iter()
                .map(|a| {
                    let mut a = a.clone();
                    a.sentences = dealwire::sentences::split(&a.text);
                    extract::extract(&a).0.len()
                })
                .sum::<usize>()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
