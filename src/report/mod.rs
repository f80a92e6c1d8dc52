//! `report`: one self-contained HTML page that shows a deal dataset to a person.
//!
//! The output is JSONL because machines read it; the people who use the dataset would rather
//! look: who deals with whom, which kinds of deal rise, which patent portfolios change hands,
//! and for any one record, the sentence it came from. The page answers those without a
//! notebook and without a network: everything it needs is inside the file.
//!
//! The stage has four parts, and data moves through them one way:
//! - [`load`] reads deal files and ingest folders (keeping the highest `revision` of each id)
//!   and, from the matching articles files, only the sentences that evidence points at. It is
//!   the only part that does IO; a bad line is a diagnostic naming `file:line`, never the end
//!   of the run.
//! - [`aggregate`] turns the records into the figures the page shows (counts, timelines, the
//!   most active organisations, the deal network, patent transfers). Pure, and always over
//!   every record, however many the table is allowed to hold.
//! - [`charts`] draws those figures as SVG with plotters, so that the page needs no charting
//!   script and looks the same in every browser.
//! - [`page`] writes the HTML: the charts, the style, the table's script, and the records as
//!   JSON escaped so that no title or quote can close the script element that holds it.

pub mod aggregate;
pub mod charts;
pub mod evidence;
pub mod load;
pub mod page;

use std::path::PathBuf;

pub use aggregate::Aggregates;
pub use load::{load, Dataset};
pub use page::render;

/// Why a report could not be made at all. A bad line in an input is not this: it becomes a
/// diagnostic in [`Dataset::diagnostics`] and the other lines are used.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("{}: cannot read: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: no deals-*.jsonl files in this folder", path.display())]
    EmptyFolder { path: PathBuf },
    #[error("{}: not a deal file: the first line is an article; name deal files as inputs", path.display())]
    NoDealInput { path: PathBuf },
    #[error("cannot draw a chart: {0}")]
    Chart(String),
    #[error("cannot encode the records for the page: {0}")]
    Encode(String),
}

/// What the page may hold. The aggregates always cover every record; these bound what the
/// browser has to carry, so that a large dataset still gives a page that opens.
#[derive(Debug, Clone)]
pub struct ReportSettings {
    /// The page's heading and `<title>`.
    pub title: String,
    /// When the page was made, as shown under the heading (none: not shown, so that the
    /// same inputs give the same file).
    pub generated: Option<String>,
    /// Records the table (and their cards) hold at most; past it the most recently dated ones
    /// are kept and the page says how many were left out.
    pub max_table_rows: usize,
    /// Longest JSON line read, in bytes (a longer one is a diagnostic and is skipped).
    pub max_line_bytes: u64,
    /// Organisations in the "most active" chart.
    pub top_orgs: usize,
    /// Organisations in the network drawing.
    pub network_nodes: usize,
}

impl Default for ReportSettings {
    fn default() -> Self {
        ReportSettings {
            title: "Deal report".into(),
            generated: None,
            max_table_rows: 50_000,
            max_line_bytes: 64 * 1024 * 1024,
            top_orgs: 15,
            network_nodes: 30,
        }
    }
}
