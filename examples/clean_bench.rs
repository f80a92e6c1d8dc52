//! Scores and times the cleaner on a folder of pages with a ground-truth file in the format of
//! the article-extraction benchmark (`{id: {"articleBody", "url"}}`, pages `<id>.html[.gz]`).
//!
//! `cargo run --release --example clean_bench -- DIR GROUND_TRUTH.json [--pages] [--meta]
//! [--misses] [--dump OUT] [--rounds N] [--baseline-tokenizer]`
//!
//! Where the gold also has `title`, `author` and `published` (`YYYY-MM-DD`), as WCXB's does,
//! a second line gives their accuracy over the pages whose gold has the field (see
//! `dealwire::clean::metascore` for exact and lenient); `--misses` lists every metadata miss.
//!
//! All pages are read and decompressed before the clock starts; cleaning then runs on one
//! thread, several rounds, and pages/s is the median round (the machine is shared, so the best
//! round is printed too). `--baseline-tokenizer` also times html5ever's tokenizer alone (charset
//! decoding plus a sink that drops every token) on the same pages in the same rounds,
//! interleaved with the cleaner, so that the ratio of the two holds on any machine.

#[path = "common/bench_pages.rs"]
mod bench_pages;

use std::time::Instant;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer};

use dealwire::clean::metascore::{author_match, title_match};
use dealwire::clean::shingle::{score_page, summarize};
use dealwire::clean::{clean_html, CleanSettings};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(gt)) = (args.first(), args.get(1)) else {
        anyhow::bail!(
            "usage: clean_bench DIR GROUND_TRUTH.json [--pages] [--meta] [--dump OUT] [--rounds N] \
             [--baseline-tokenizer]"
        );
    };
    let per_page = args.iter().any(|a| a == "--pages");
    let show_meta = args.iter().any(|a| a == "--meta");
    let show_misses = args.iter().any(|a| a == "--misses");
    let baseline = args.iter().any(|a| a == "--baseline-tokenizer");
    let dump = args
        .iter()
        .position(|a| a == "--dump")
        .and_then(|i| args.get(i + 1));
    let rounds = bench_pages::rounds(&args, 3);
    let truth = bench_pages::read_truth(gt)?;
    let mut pages = Vec::new();
    let mut golds = Vec::new();
    for (id, v) in &truth {
        let body = v.get("articleBody").and_then(|b| b.as_str()).unwrap_or("");
        let url = v.get("url").and_then(|b| b.as_str()).map(str::to_string);
        let field = |k: &str| v.get(k).and_then(|b| b.as_str()).map(str::to_string);
        golds.push(Gold {
            title: field("title"),
            author: field("author").filter(|a| !a.trim().is_empty()),
            published: field("published").filter(|a| !a.trim().is_empty()),
        });
        let bytes = bench_pages::read_page(dir, id)?;
        pages.push((id.clone(), bytes, body.to_string(), url));
    }
    let settings = CleanSettings::default();
    let mut wall = Vec::new();
    let mut cpu = Vec::new();
    let mut base_wall = Vec::new();
    let mut base_cpu = Vec::new();
    let mut outputs = Vec::new();
    for _ in 0..rounds.max(1) {
        outputs.clear();
        let (w, c) = timed(|| {
            for (_, bytes, _, url) in &pages {
                outputs.push(clean_html(bytes, None, url.as_deref(), &settings));
            }
        });
        wall.push(w);
        cpu.extend(c);
        if baseline {
            let mut tokens = 0usize;
            let (w, c) = timed(|| {
                for (_, bytes, _, _) in &pages {
                    tokens += tokenize_only(bytes);
                }
            });
            std::hint::black_box(tokens);
            base_wall.push(w);
            base_cpu.extend(c);
        }
    }
    let mut scores = Vec::new();
    let mut tally = MetaTally::default();
    let mut empty = 0usize;
    for (((id, _, body, _), c), gold) in pages.iter().zip(&outputs).zip(&golds) {
        let s = score_page(&c.text, body);
        empty += usize::from(c.text.is_empty());
        for miss in tally.add(gold, &c.meta) {
            if show_misses {
                println!("{id}\t{miss}");
            }
        }
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
    let n = pages.len() as f64;
    println!(
        "pages {}  P {p:.4}  R {r:.4}  F1 {f:.4}  {:.0} pages/s wall  {:.0} pages/s on-CPU  \
         {:.1} MB/s  (median of {rounds}, one thread; best round {:.0} pages/s wall)",
        pages.len(),
        n / median(&wall),
        n / median(&cpu),
        bytes as f64 / median(&wall) / 1e6,
        n / wall.iter().copied().fold(f64::MAX, f64::min),
    );
    println!("empty outputs {empty}");
    tally.print();
    if baseline {
        println!(
            "tokenizer only: {:.0} pages/s wall  {:.0} pages/s on-CPU  (median of {rounds}); \
             cleaner/tokenizer {:.2} wall  {:.2} on-CPU",
            n / median(&base_wall),
            n / median(&base_cpu),
            median(&base_wall) / median(&wall),
            median(&base_cpu) / median(&cpu),
        );
    }
    Ok(())
}

/// The gold's metadata of one page, where it has any.
struct Gold {
    title: Option<String>,
    author: Option<String>,
    published: Option<String>,
}

/// Counts of pages with each gold field and of the hits.
#[derive(Default)]
struct MetaTally {
    titles: usize,
    title_exact: usize,
    title_lenient: usize,
    authors: usize,
    author_exact: usize,
    author_lenient: usize,
    dates: usize,
    date_right: usize,
}

impl MetaTally {
    /// Scores one page; returns a line for each miss.
    fn add(&mut self, gold: &Gold, meta: &dealwire::clean::Metadata) -> Vec<String> {
        let mut misses = Vec::new();
        if let Some(t) = &gold.title {
            let (e, l) = title_match(meta.title.as_deref(), t);
            self.titles += 1;
            self.title_exact += usize::from(e);
            self.title_lenient += usize::from(l);
            if !e {
                misses.push(format!(
                    "title{}\tgot {:?}\twant {t:?}",
                    if l { " (lenient ok)" } else { "" },
                    meta.title
                ));
            }
        }
        if let Some(a) = &gold.author {
            let (e, l) = author_match(&meta.authors, a);
            self.authors += 1;
            self.author_exact += usize::from(e);
            self.author_lenient += usize::from(l);
            if !l {
                misses.push(format!("author\tgot {:?}\twant {a:?}", meta.authors));
            }
        }
        if let Some(d) = &gold.published {
            let got = meta.published.map(|p| p.to_string());
            self.dates += 1;
            let right = got.as_deref() == Some(d.as_str());
            self.date_right += usize::from(right);
            if !right {
                misses.push(format!(
                    "date\tgot {got:?} from {:?}\twant {d}",
                    meta.date_source
                ));
            }
        }
        misses
    }

    fn print(&self) {
        if self.titles + self.authors + self.dates == 0 {
            return;
        }
        let pct = |a: usize, n: usize| 100.0 * a as f64 / n.max(1) as f64;
        println!(
            "title exact {:.1}% lenient {:.1}% (of {})  author exact {:.1}% lenient {:.1}% \
             (of {})  published {:.1}% (of {})",
            pct(self.title_exact, self.titles),
            pct(self.title_lenient, self.titles),
            self.titles,
            pct(self.author_exact, self.authors),
            pct(self.author_lenient, self.authors),
            self.authors,
            pct(self.date_right, self.dates),
            self.dates,
        );
    }
}

/// Wall and on-CPU seconds of `f`.
fn timed(f: impl FnOnce()) -> (f64, Option<f64>) {
    let t = Instant::now();
    let a = thread_cpu_secs();
    f();
    let w = t.elapsed().as_secs_f64();
    let c = a.zip(thread_cpu_secs()).map(|(a, b)| b - a);
    (w, c)
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

/// A sink that counts tokens and keeps none: what the tokenizer costs by itself. It switches
/// the tokenizer to raw text after `<script>`, `<style>` and the like, as a tree builder
/// would, so that their content is read as browsers read it.
struct CountSink(usize);

impl TokenSink for CountSink {
    type Handle = ();
    fn process_token(&mut self, token: Token, _line: u64) -> TokenSinkResult<()> {
        self.0 += 1;
        if let Token::TagToken(tag) = &token {
            if tag.kind == TagKind::StartTag && !tag.self_closing {
                match &*tag.name {
                    "script" => return TokenSinkResult::RawData(RawKind::ScriptData),
                    "style" | "noscript" | "iframe" | "xmp" | "noembed" | "noframes" => {
                        return TokenSinkResult::RawData(RawKind::Rawtext)
                    }
                    "title" | "textarea" => return TokenSinkResult::RawData(RawKind::Rcdata),
                    _ => {}
                }
            }
        }
        std::hint::black_box(&token);
        TokenSinkResult::Continue
    }
}

/// The baseline: charset decoding (which the cleaner needs too) and html5ever's tokenizer over
/// the whole page, with no tree and no prepass.
#[inline(never)]
fn tokenize_only(bytes: &[u8]) -> usize {
    let decoded = dealwire::charset::decode_html(bytes, None);
    let mut tok = Tokenizer::new(CountSink(0), Default::default());
    let mut input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(&decoded.text));
    let _ = tok.feed(&mut input);
    tok.end();
    tok.sink.0
}

/// Time this thread has spent on a CPU, from Linux's schedstat; on a shared machine wall time
/// also counts the time other processes held the core.
fn thread_cpu_secs() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}
