//! Times sentence splitting + deal extraction on folders of articles, for profiling: the
//! articles are read and cleaned first, one warm-up round builds every lazily compiled table
//! and regex cache, then `measured` runs the timed rounds on one thread.
//!
//! `cargo run --release --example extract_profile -- [--rounds N] DIR...`
//!
//! Stable instruction counts (the machine is shared, wall time is noisy):
//! `valgrind --tool=callgrind --toggle-collect='*extract_profile*measured*' \
//!  target/release/examples/extract_profile --rounds 1 corpus /work/shared/data/news-dev`
//! then divide the `Collected` count by the MiB the example prints.

use std::path::PathBuf;
use std::time::Instant;

use dealwire::fetch::{Input, LocalSource, ReadLimits};
use dealwire::pipeline::to_article;
use dealwire::{extract, Article, Settings};

/// The allocator the `dealwire` binary runs with, so that the figure is the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The timed rounds; a function of its own so that callgrind can collect only inside it.
#[inline(never)]
fn measured(articles: &[Article], rounds: usize) -> usize {
    run(articles, rounds)
}

#[inline(never)]
fn run(articles: &[Article], rounds: usize) -> usize {
    let mut n = 0;
    for _ in 0..rounds {
        for a in articles {
            let mut a = a.clone();
            a.sentences = dealwire::sentences::split(&a.text);
            n += extract::extract(&a).0.len();
        }
    }
    n
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1).peekable();
    let mut rounds = 3;
    let mut dirs = Vec::new();
    while let Some(a) = args.next() {
        if a == "--rounds" {
            rounds = args
                .next()
                .and_then(|r| r.parse().ok())
                .ok_or_else(|| anyhow::anyhow!("--rounds needs a number"))?;
        } else {
            dirs.push(Input::Path(PathBuf::from(a)));
        }
    }
    if dirs.is_empty() {
        anyhow::bail!("usage: extract_profile [--rounds N] DIR...");
    }
    let articles: Vec<Article> = LocalSource::new(dirs, ReadLimits::default())
        .filter_map(Result::ok)
        .filter_map(|d| to_article(d, &Settings::default()).ok())
        .map(|(a, _)| a)
        .collect();
    let bytes: usize = articles.iter().map(|a| a.text.len()).sum();
    let mib = bytes as f64 / (1024.0 * 1024.0);
    let warm = run(&articles, 1);
    let t = Instant::now();
    let n = measured(&articles, rounds);
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{} articles, {:.3} MiB, {} records/round; {rounds} rounds in {secs:.2}s: {:.2} MiB/s ({:.2} MB/s)",
        articles.len(),
        mib,
        warm,
        mib * rounds as f64 / secs,
        bytes as f64 * rounds as f64 / secs / 1e6,
    );
    debug_assert_eq!(n, warm * rounds);
    Ok(())
}
