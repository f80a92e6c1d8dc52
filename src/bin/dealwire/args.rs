//! Command-line arguments. Clap types stop here: each subcommand turns its arguments into the
//! library's own settings before doing any work.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "dealwire",
    version,
    about = "Turn tech-news articles into JSONL deal records"
)]
pub struct Cli {
    /// More log output on stderr (-v debug, -vv trace).
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,
    /// Less log output on stderr: only errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Extract deal records from local articles (HTML, text, JSONL; files or directories).
    Extract(ExtractArgs),
    /// Clean HTML pages: print the article body and metadata as JSON.
    Clean(CleanArgs),
    /// Split text into sentences with character offsets.
    Sentences(SentencesArgs),
    /// Score extracted deals against a gold file.
    Eval(EvalArgs),
    /// Fetch articles over HTTP (pages, feeds, sitemaps) and extract deal records.
    Fetch(FetchArgs),
    /// Append what is new in a list of sources to a dataset folder (for cron): incremental,
    /// exactly-once, crash-safe.
    #[command(after_long_help = INGEST_HELP)]
    Ingest(IngestArgs),
    /// Write a self-contained HTML report of a deal dataset: charts, a searchable table, and
    /// each deal's evidence sentences.
    #[command(after_long_help = REPORT_HELP)]
    Report(ReportArgs),
    /// Site profiles: learn CSS selectors for a site from its pages, or check a profile file.
    Profile(ProfileArgs),
    /// Print the JSON Schema of the deal record (`deal/1`), generated from the code's types.
    Schema,
}

const REPORT_HELP: &str = "\
Inputs are deal files (as `extract -o` writes them), articles files (as `--articles` writes
them; told apart by their first line) and ingest output folders (every deals-*.jsonl in it, the
highest revision of each record id kept). A deal file's own articles file is found by name
(deals.jsonl -> articles.jsonl, deals-<run>.jsonl -> articles-<run>.jsonl); it gives the
evidence sentences the cards highlight.

Examples:
  dealwire extract corpus/ -o deals.jsonl --articles articles.jsonl
  dealwire report deals.jsonl -o report.html
  dealwire report /srv/deals/data -o report.html

Exit status: 0 all read; 1 the report was written but some lines or files could not be used
(each named on stderr as FILE:LINE); 2 no report (bad arguments, no deal input, unwritable
output).";

const INGEST_HELP: &str = "\
Each run writes deals-<run>.jsonl, articles-<run>.jsonl and errors-<run>.jsonl into the output
folder (<run> is a UTC timestamp such as 2026-11-27T10-00-00.000Z); a file appears whole or not
at all, and across crashes every record is written once per (id, revision).

Exit status:
  0  all well
  1  the run finished, but some sources or pages failed (named on stderr and in errors-<run>.jsonl)
  2  could not run (bad configuration, unusable state database, unwritable output folder)
  3  another ingest run holds the lock

Example crontab line (hourly, silent unless something failed):
  0 * * * *  dealwire ingest -q --config /srv/deals/ingest.toml";

#[derive(Args, Debug, Clone)]
pub struct OutputArgs {
    /// Write deal records here instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also write the cleaned articles (id, url, title, published, text, sentences) as JSONL.
    #[arg(long, value_name = "FILE")]
    pub articles: Option<PathBuf>,
    /// Also write one JSON error record per failed input.
    #[arg(long, value_name = "FILE")]
    pub errors: Option<PathBuf>,
    /// Articles processed in parallel (default: the number of cores); reading the input and
    /// writing the outputs go on beside them, on the main thread.
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
}

#[derive(Args, Debug)]
pub struct ExtractArgs {
    /// Files or directories (read recursively); `-` reads standard input. None: standard input.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<String>,
    /// Site profiles (TOML): pages of a host listed there are read with its CSS selectors.
    #[arg(long, value_name = "FILE")]
    pub profiles: Option<PathBuf>,
    #[command(flatten)]
    pub out: OutputArgs,
}

#[derive(Args, Debug)]
pub struct CleanArgs {
    /// HTML files (`-` for standard input).
    #[arg(value_name = "FILE")]
    pub inputs: Vec<String>,
    /// Read lines `{"id","html","url"?}` and print one cleaned article per line.
    #[arg(long)]
    pub jsonl: bool,
    /// Site profiles (TOML): pages of a host listed there are read with its CSS selectors.
    #[arg(long, value_name = "FILE")]
    pub profiles: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct SentencesArgs {
    /// A UTF-8 text file, or `-` (the default) for standard input.
    #[arg(value_name = "FILE", default_value = "-")]
    pub input: String,
    /// Read lines `{"id","text"}` and print `{"id","sentences"}` per line.
    #[arg(long)]
    pub jsonl: bool,
}

#[derive(Args, Debug)]
pub struct EvalArgs {
    /// Gold deals: a gold file of article lines (`{"file",…,"deals"}` as in news-dev, or
    /// `{"n","url",…,"deals"}` as in deals-web-dev), or a directory of golden JSONL files.
    #[arg(long, value_name = "PATH")]
    pub gold: PathBuf,
    /// Where the articles named by the gold live: `file` paths are relative to it, and an
    /// `n` line's article is `<DIR>/<n>.txt` (default: the gold file's directory, or
    /// `corpus/` next to a golden directory).
    #[arg(long, value_name = "DIR")]
    pub corpus: Option<PathBuf>,
    /// Pair a predicted deal with a gold deal when they share one party, instead of both
    /// (strict, the figure that counts).
    #[arg(long)]
    pub loose: bool,
    /// Print every missed, spurious and wrong deal.
    #[arg(long)]
    pub details: bool,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct FetchArgs {
    /// Article URLs to fetch.
    #[arg(value_name = "URL")]
    pub urls: Vec<String>,
    /// A file of article URLs, one a line (`#` starts a comment; `-` reads standard input).
    #[arg(long = "urls", value_name = "FILE")]
    pub urls_file: Option<PathBuf>,
    /// A feed (RSS, Atom, JSON Feed) whose items are fetched. Repeatable.
    #[arg(long, value_name = "URL")]
    pub feed: Vec<String>,
    /// A sitemap, sitemap index or Google News sitemap (gzipped or not). Repeatable.
    #[arg(long, value_name = "URL")]
    pub sitemap: Vec<String>,
    /// Seconds between two requests to one host; a larger robots.txt Crawl-delay wins.
    #[arg(long, value_name = "SECONDS", default_value_t = 1.0)]
    pub delay: f64,
    /// Requests in flight at once over all hosts.
    #[arg(long, value_name = "N", default_value_t = 16)]
    pub concurrency: usize,
    /// Requests in flight at once to one host.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub per_host: usize,
    /// The User-Agent sent; its first word is the name looked up in robots.txt.
    #[arg(long, value_name = "STRING")]
    pub user_agent: Option<String>,
    /// Proxy for every request (http://, https://, socks5://); `none` for direct connections.
    /// Default: the HTTPS_PROXY / HTTP_PROXY / ALL_PROXY / NO_PROXY variables.
    #[arg(long, value_name = "URL")]
    pub proxy: Option<String>,
    /// Seconds one request may take, body included.
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0)]
    pub timeout: f64,
    /// Largest body read, after decompression (suffixes K, M, G, KiB, MiB, GiB allowed).
    #[arg(long, value_name = "BYTES", default_value = "10MiB", value_parser = dealwire::ingest::config::parse_byte_count)]
    pub max_bytes: u64,
    /// Attempts per URL on connection errors, timeouts, 429 and 5xx.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub attempts: u32,
    /// Resolve HOST to ADDR (like curl's --resolve), e.g. `news.test:8080:127.0.0.1`.
    #[arg(long, value_name = "HOST:PORT:ADDR", hide = true)]
    pub resolve: Vec<String>,
    /// Site profiles (TOML): pages of a host listed there are read with its CSS selectors.
    #[arg(long, value_name = "FILE")]
    pub profiles: Option<PathBuf>,
    #[command(flatten)]
    pub out: OutputArgs,
}

#[derive(Args, Debug)]
pub struct IngestArgs {
    /// A TOML config file (see examples/ingest.toml); every flag below overrides it.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// A feed to poll (RSS, Atom, JSON Feed). Repeatable; replaces the config's list.
    #[arg(long, value_name = "URL")]
    pub feed: Vec<String>,
    /// A sitemap to poll. Repeatable; replaces the config's list.
    #[arg(long, value_name = "URL")]
    pub sitemap: Vec<String>,
    /// A file of article URLs, one a line; lines not seen before are fetched. Repeatable.
    #[arg(long = "urls", value_name = "FILE")]
    pub urls: Vec<PathBuf>,
    /// A folder of dumps to watch: new or changed files are read. Repeatable.
    #[arg(long, value_name = "DIR")]
    pub watch: Vec<PathBuf>,
    /// The dataset folder that run files go to.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// The SQLite state database (created if missing).
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
    /// Seconds between two requests to one host (default 1).
    #[arg(long, value_name = "SECONDS")]
    pub delay: Option<f64>,
    /// Requests in flight at once over all hosts (default 16).
    #[arg(long, value_name = "N")]
    pub concurrency: Option<usize>,
    /// Requests in flight at once to one host (default 1).
    #[arg(long, value_name = "N")]
    pub per_host: Option<usize>,
    /// Seconds one request may take (default 30).
    #[arg(long, value_name = "SECONDS")]
    pub timeout: Option<f64>,
    /// Largest body read (default 10MiB).
    #[arg(long, value_name = "BYTES")]
    pub max_bytes: Option<String>,
    /// Attempts per request on connection errors, timeouts, 429 and 5xx (default 3).
    #[arg(long, value_name = "N")]
    pub attempts: Option<u32>,
    /// The User-Agent sent.
    #[arg(long, value_name = "STRING")]
    pub user_agent: Option<String>,
    /// Proxy URL, or `none`.
    #[arg(long, value_name = "URL")]
    pub proxy: Option<String>,
    /// Re-fetch a listed page seen before once it is this many hours old (default 24).
    #[arg(long, value_name = "HOURS")]
    pub recheck_hours: Option<f64>,
    /// Runs in which a failed page is tried again (default 5).
    #[arg(long, value_name = "N")]
    pub max_retries: Option<u32>,
    /// Articles processed in parallel (default: the number of cores).
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Merge the run files of finished days into one file per day, then exit.
    #[arg(long)]
    pub compact: bool,
    /// With --compact: keep the run files of this many most recent days (default 1: today).
    #[arg(long, value_name = "DAYS")]
    pub keep_days: Option<u32>,
    /// Set the state database aside (renamed to `STATE.old-<time>`) and start a new one:
    /// for a state database that is empty, damaged or not dealwire's. The next run writes
    /// every record again.
    #[arg(long)]
    pub reset_state: bool,
    /// Resolve HOST to ADDR (like curl's --resolve).
    #[arg(long, value_name = "HOST:PORT:ADDR", hide = true)]
    pub resolve: Vec<String>,
    /// Site profiles (TOML); replaces the config's `profiles`.
    #[arg(long, value_name = "FILE")]
    pub profiles: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct ProfileArgs {
    #[command(subcommand)]
    pub command: ProfileCommand,
}

#[derive(Subcommand, Debug)]
pub enum ProfileCommand {
    /// Learn a site profile from saved pages of one site; prints a TOML table to review.
    Suggest(SuggestArgs),
    /// Report, per host, how many of the pages each selector of a profile file matched.
    Check(CheckArgs),
}

#[derive(Args, Debug)]
pub struct SuggestArgs {
    /// Saved HTML pages of one site (gzipped or not).
    #[arg(value_name = "PAGE", required = true)]
    pub pages: Vec<String>,
    /// A URL of the site, for pages that carry no canonical link.
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// The profile file.
    #[arg(value_name = "FILE")]
    pub profiles: PathBuf,
    /// Saved HTML pages (gzipped or not).
    #[arg(value_name = "PAGE", required = true)]
    pub pages: Vec<String>,
    /// The URL of the pages' site, for pages that carry no canonical link.
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
}

#[derive(Args, Debug)]
pub struct ReportArgs {
    /// Deal files, articles files or ingest output folders.
    #[arg(value_name = "INPUT", required = true)]
    pub inputs: Vec<PathBuf>,
    /// The HTML file to write.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// An articles file to take evidence sentences from, for every record. Repeatable.
    #[arg(long, value_name = "FILE")]
    pub articles: Vec<PathBuf>,
    /// The page's title.
    #[arg(long, value_name = "TEXT", default_value = "Deal report")]
    pub title: String,
    /// Most records the table holds (the most recently dated ones); the charts always cover
    /// every record.
    #[arg(long, value_name = "N", default_value_t = 50_000)]
    pub max_rows: usize,
}
