//! A bounded random-input run for the cleaner, for machines without cargo-fuzz: mutates real
//! pages (byte flips, inserted markup fragments, truncation, splicing, deep nesting) and checks
//! `dealwire::clean::check_invariants` on every result, catching panics.
//!
//! `cargo run --release --example clean_fuzz -- SECONDS DIR...` (DIR: folders of `.html` or
//! `.html.gz` pages). A failing input is written to `clean_fuzz_failure.html`; the seed is
//! printed so a run can be repeated with `CLEAN_FUZZ_SEED`.

use std::io::Read;
use std::time::{Duration, Instant};

use dealwire::clean::{check_invariants, clean_html, CleanSettings};

/// Fragments that stress the tokenizer and tree builder.
const FRAGMENTS: &[&str] = &[
    "<",
    ">",
    "</",
    "<!--",
    "-->",
    "<![CDATA[",
    "<script>",
    "</script>",
    "<style>",
    "<svg>",
    "<p>",
    "</p>",
    "<div>",
    "</div>",
    "<table>",
    "<td colspan=9007199254740991>",
    "<tr>",
    "<li>",
    "<a href='",
    "\"",
    "'",
    "&",
    "&#",
    "&#x110000;",
    "&amp",
    "&notin;",
    "\0",
    "<title>",
    "<h1>",
    "<br/>",
    "<article>",
    "<nav>",
    "<template>",
    "<body>",
    "<html>",
    "<head>",
    "</body>",
    "<meta charset=shift_jis>",
    "<time datetime='2999-01-01'>",
    "\u{feff}",
    "\u{fffd}",
    "<script type=application/ld+json>{\"@graph\":[{\"author\":{\"@id\":\"x\"}}]}</script>",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(rng: &mut Rng, pages: &[Vec<u8>]) -> Vec<u8> {
    let mut page = pages[rng.below(pages.len())].clone();
    for _ in 0..=rng.below(8) {
        let at = rng.below(page.len() + 1);
        match rng.below(7) {
            0 => {
                if let Some(b) = page.get_mut(at) {
                    *b = rng.next() as u8;
                }
            }
            1 | 2 => {
                let f = FRAGMENTS[rng.below(FRAGMENTS.len())].as_bytes();
                page.splice(at..at, f.iter().copied());
            }
            3 => page.truncate(at),
            4 => {
                let other = &pages[rng.below(pages.len())];
                let from = rng.below(other.len() + 1);
                page.splice(at..at, other[from..].iter().take(4096).copied());
            }
            5 => {
                let n = rng.below(3000);
                let open = "<div>".repeat(n);
                page.splice(at..at, open.bytes());
            }
            _ => {
                let end = (at + rng.below(512)).min(page.len());
                page.drain(at..end);
            }
        }
    }
    page
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let secs: u64 = args.first().and_then(|s| s.parse().ok()).unwrap_or(60);
    let mut pages = Vec::new();
    for dir in &args[1.min(args.len())..] {
        for e in std::fs::read_dir(dir)? {
            let p = e?.path();
            let name = p.to_string_lossy().to_string();
            if name.ends_with(".html.gz") {
                let mut out = Vec::new();
                flate2::read::MultiGzDecoder::new(std::fs::File::open(&p)?)
                    .read_to_end(&mut out)?;
                pages.push(out);
            } else if name.ends_with(".html") {
                pages.push(std::fs::read(&p)?);
            }
        }
    }
    if pages.is_empty() {
        pages.push(b"<html><body><p>seed</p></body></html>".to_vec());
    }
    let seed = std::env::var("CLEAN_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
                | 1
        });
    println!("seed {seed}, {} seed pages, {secs} s", pages.len());
    let mut rng = Rng(seed);
    let settings = CleanSettings::default();
    let start = Instant::now();
    let mut runs = 0u64;
    while start.elapsed() < Duration::from_secs(secs) {
        let input = mutate(&mut rng, &pages);
        let result = std::panic::catch_unwind(|| {
            let c = clean_html(&input, None, Some("https://x.test/2020/01/02/a"), &settings);
            check_invariants(&c)
        });
        runs += 1;
        let problem = match result {
            Ok(Ok(())) => None,
            Ok(Err(e)) => Some(e),
            Err(_) => Some("panic".to_string()),
        };
        if let Some(p) = problem {
            std::fs::write("clean_fuzz_failure.html", &input)?;
            anyhow::bail!("after {runs} executions: {p} (input in clean_fuzz_failure.html)");
        }
    }
    println!(
        "{runs} executions in {:.0} s, no failure",
        start.elapsed().as_secs_f64()
    );
    Ok(())
}
