//! One module per subcommand; `output` is the record/article/error writing they share.

mod clean;
mod eval;
mod extract;
mod fetch;
mod ingest;
mod json_lines;
pub mod output;
mod profile;
mod report;
mod schema;
mod sentences;

use crate::args::Command;

/// Runs a subcommand and returns its exit status.
pub fn run(command: Command, quiet: bool) -> anyhow::Result<u8> {
    match command {
        Command::Extract(a) => extract::run(a),
        Command::Clean(a) => clean::run(a),
        Command::Sentences(a) => sentences::run(a),
        Command::Eval(a) => eval::run(a),
        Command::Fetch(a) => fetch::run(a),
        Command::Ingest(a) => ingest::run(a, quiet),
        Command::Report(a) => report::run(a, quiet),
        Command::Profile(a) => profile::run(a),
        Command::Schema => schema::run(),
    }
}
