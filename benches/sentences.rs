//! Throughput of the sentence splitter on English news text, next to UAX #29 alone.
//!
//! Inputs: the project's own texts (`corpus/*.txt`, `tests/data/sentences/*.txt`) repeated to
//! about 1 MB, and, when `../shared` (or `$DEALWIRE_SHARED`) is there, the 911 BBC business
//! and tech articles of `news-dev` joined by blank lines (about 2 MB of real news).
//!
//! Run: `DEALWIRE_SHARED=/work/shared cargo bench --bench sentences`; criterion reports MiB/s
//! ("thrpt").

use std::path::{Path, PathBuf};

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use unicode_segmentation::UnicodeSegmentation;

fn read_dir_texts(dir: &Path, out: &mut String) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    for p in paths {
        if let Ok(t) = std::fs::read_to_string(&p) {
            out.push_str(&t);
            out.push_str("\n\n");
        }
    }
}

fn own_texts() -> String {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut one = String::new();
    read_dir_texts(&root.join("corpus"), &mut one);
    read_dir_texts(&root.join("tests/data/sentences"), &mut one);
    let mut text = String::with_capacity(1 << 20);
    while !one.is_empty() && text.len() < 1 << 20 {
        text.push_str(&one);
    }
    text
}

fn bbc_texts() -> Option<String> {
    let shared = std::env::var_os("DEALWIRE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    let bbc = shared.join("data/news-dev/bbc");
    if !bbc.is_dir() {
        eprintln!("skipped bbc input: ../shared not found");
        return None;
    }
    let mut text = String::new();
    read_dir_texts(&bbc.join("business"), &mut text);
    read_dir_texts(&bbc.join("tech"), &mut text);
    Some(text)
}

fn bench(c: &mut Criterion) {
    let mut inputs = vec![("own", own_texts())];
    if let Some(t) = bbc_texts() {
        inputs.push(("bbc", t));
    }
    for (name, text) in &inputs {
        let mut g = c.benchmark_group(format!("sentences/{name}"));
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.sample_size(20);
        g.bench_function("dealwire", |b| {
            b.iter(|| dealwire::sentences::split(black_box(text)).len())
        });
        g.bench_function("uax29-alone", |b| {
            b.iter(|| black_box(text).split_sentence_bound_indices().count())
        });
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
