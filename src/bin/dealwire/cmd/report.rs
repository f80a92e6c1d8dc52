//! `dealwire report`: a deal dataset in, one self-contained HTML page out.

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use dealwire::report::{self, Aggregates, ReportSettings};

use crate::args::ReportArgs;
use crate::exit;
use crate::report::{say, ErrorLog};

pub fn run(args: ReportArgs, quiet: bool) -> anyhow::Result<u8> {
    let started = std::time::Instant::now();
    let settings = ReportSettings {
        title: args.title,
        generated: Some(chrono::Utc::now().format("%Y-%m-%d %H:%M UTC").to_string()),
        max_table_rows: args.max_rows,
        ..ReportSettings::default()
    };
    let data = report::load(&args.inputs, &args.articles, &settings)?;
    let mut errors = ErrorLog::default();
    for d in &data.diagnostics {
        errors.error(&d.input, format_args!("{}", d.message));
    }
    errors.summarise();
    let agg = Aggregates::compute(
        data.deals.iter().map(|d| &d.record),
        settings.top_orgs,
        settings.network_nodes,
    );
    let html = report::render(&data, &agg, &settings)?;
    write_whole(&args.output, html.as_bytes())?;
    if !quiet {
        let capped = if data.deals.len() > settings.max_table_rows {
            format!(" (the table holds the newest {})", settings.max_table_rows)
        } else {
            String::new()
        };
        say(format_args!(
            "report: {} records{capped} ({} lines read, {} replaced by a higher revision or repeated, {} unusable), {} articles; {} ({:.1} MB) in {:.2} s",
            data.deals.len(),
            data.lines,
            data.superseded,
            data.diagnostics.len(),
            agg.articles,
            args.output.display(),
            html.len() as f64 / 1e6,
            started.elapsed().as_secs_f64()
        ));
    }
    Ok(if data.diagnostics.is_empty() {
        exit::OK
    } else {
        exit::SOME_FAILED
    })
}

/// Writes the page under a temporary name beside it and renames it into place, so that a
/// browser open on the old report never sees half a file.
fn write_whole(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report.html".into());
    let tmp = path.with_file_name(format!(".{name}.tmp"));
    let mut f =
        std::fs::File::create(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
    f.write_all(bytes)
        .and_then(|()| f.sync_all())
        .with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}
