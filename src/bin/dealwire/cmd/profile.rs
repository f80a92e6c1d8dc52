//! `dealwire profile suggest|check`: learning a site profile from saved pages, and seeing how
//! a profile file fares on pages. Suggestions go to stdout as TOML (the command's product);
//! the check's counts go to stdout as JSON lines and as a table on stderr.

use anyhow::Context;
use dealwire::fetch::ReadLimits;
use dealwire::profile::{check, suggest, Page, ProfileSet};
use dealwire::sink::JsonlSink;

use super::clean::read_page;
use crate::args::{CheckArgs, ProfileArgs, ProfileCommand};
use crate::exit;
use crate::report::say;

pub fn run(args: ProfileArgs) -> anyhow::Result<u8> {
    match args.command {
        ProfileCommand::Suggest(a) => {
            let pages = read_pages(&a.pages)?;
            let s = suggest(&pages, a.url.as_deref())?;
            print!("{}", s.to_toml());
            Ok(if s.body.is_some() {
                exit::OK
            } else {
                exit::SOME_FAILED
            })
        }
        ProfileCommand::Check(a) => run_check(a),
    }
}

/// The pages, each read whole under the input limit; a page that cannot be read stops the
/// command, since a profile learned or checked without it would mislead.
fn read_pages(paths: &[String]) -> anyhow::Result<Vec<Page>> {
    if let Some(u) = paths
        .iter()
        .find(|p| p.starts_with("http://") || p.starts_with("https://"))
    {
        anyhow::bail!(
            "{u}: pages are read from files; save the page first (e.g. with `curl -o`) and name \
             its site with --url"
        );
    }
    let limit = ReadLimits::default().max_bytes;
    paths
        .iter()
        .map(|p| {
            Ok(Page {
                origin: p.clone(),
                bytes: read_page(p, limit)?,
                url: None,
            })
        })
        .collect()
}

fn run_check(a: CheckArgs) -> anyhow::Result<u8> {
    let set = ProfileSet::load(&a.profiles)?;
    let pages = read_pages(&a.pages)?;
    let report = check(&set, &pages, a.url.as_deref());
    let mut out = JsonlSink::new(Box::new(std::io::stdout()));
    let mut host = "";
    for c in &report.counts {
        out.write(c).context("cannot write to stdout")?;
        if c.host != host {
            host = &c.host;
            say(format_args!("[{host}]"));
        }
        say(format_args!(
            "  {:<10} {:<40} {}/{}",
            c.field, c.selector, c.matched, c.pages
        ));
    }
    out.flush().context("cannot write to stdout")?;
    for p in &report.unprofiled {
        say(format_args!("{p}: no profile for this page's host"));
    }
    for p in &report.unknown_host {
        say(format_args!("{p}: no URL to tell the host by; give --url"));
    }
    let missed = report
        .counts
        .iter()
        .any(|c| c.field != "drop" && c.matched < c.pages);
    Ok(if missed { exit::SOME_FAILED } else { exit::OK })
}
