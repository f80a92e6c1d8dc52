//! Criterion benchmark of the cleaner on the golden pages in `tests/data/clean/` (small,
//! always present). The benchmark-corpus figures (accuracy and pages/s over 181 real pages)
//! come from `examples/clean_bench.rs`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use dealwire::clean::{clean_html, CleanSettings};

fn pages() -> Vec<(String, Vec<u8>)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/clean");
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "html") {
                if let Ok(bytes) = std::fs::read(&p) {
                    out.push((p.display().to_string(), bytes));
                }
            }
        }
    }
    out.sort();
    out
}

fn bench(c: &mut Criterion) {
    let pages = pages();
    let settings = CleanSettings::default();
    let mut g = c.benchmark_group("clean");
    g.throughput(Throughput::Bytes(
        pages.iter().map(|p| p.1.len() as u64).sum(),
    ));
    g.bench_function("golden_pages", |b| {
        b.iter(|| {
            for (_, bytes) in &pages {
                std::hint::black_box(clean_html(bytes, None, None, &settings));
            }
        })
    });
    let deep = format!(
        "{}<p>x</p>{}",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    g.throughput(Throughput::Bytes(deep.len() as u64));
    g.bench_function("nested_divs_100k", |b| {
        b.iter(|| std::hint::black_box(clean_html(deep.as_bytes(), None, None, &settings)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
