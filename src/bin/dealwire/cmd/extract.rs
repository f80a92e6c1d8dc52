//! `dealwire extract`: local articles in, deal records out, in input order.

use dealwire::fetch::{Input, LocalSource, ReadLimits};

use super::output::{default_jobs, settings_with, Outputs};
use crate::args::ExtractArgs;

pub fn run(args: ExtractArgs) -> anyhow::Result<u8> {
    let inputs: Vec<Input> = if args.inputs.is_empty() {
        vec![Input::Stdin]
    } else {
        args.inputs.iter().map(|s| Input::parse(s)).collect()
    };
    let settings = settings_with(args.profiles.as_deref())?;
    let bar = crate::report::progress(count_hint(&inputs), false);
    let mut out = Outputs::open(&args.out)?;
    let jobs = default_jobs(args.out.jobs);
    let source = LocalSource::new(inputs, ReadLimits::default());
    let drained = out.drain(source, &settings, jobs, 64 * jobs, &bar);
    bar.finish_and_clear();
    drained?;
    out.finish()
}

/// A cheap guess of how many documents are coming, only to decide whether a progress bar is
/// worth showing.
fn count_hint(inputs: &[Input]) -> usize {
    inputs
        .iter()
        .map(|i| match i {
            Input::Path(p) if p.is_dir() => 100,
            _ => 1,
        })
        .sum()
}
