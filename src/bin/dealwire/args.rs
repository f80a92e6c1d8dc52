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
}

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
    /// Articles processed in parallel (default: the number of cores).
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
}

#[derive(Args, Debug)]
pub struct ExtractArgs {
    /// Files or directories (read recursively); `-` reads standard input. None: standard input.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<String>,
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
    /// Gold deals: a news-dev style `gold.jsonl`, or a directory of golden JSONL files.
    #[arg(long, value_name = "PATH")]
    pub gold: PathBuf,
    /// Where the articles named by the gold live (default: the gold file's directory, or
    /// `corpus/` next to a golden directory).
    #[arg(long, value_name = "DIR")]
    pub corpus: Option<PathBuf>,
    /// Print every missed, spurious and wrong deal.
    #[arg(long)]
    pub details: bool,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}
