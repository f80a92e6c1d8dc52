//! The three outputs of a run — records, cleaned articles, error records — and the counts
//! that decide the exit status.

use std::fs::File;
use std::path::Path;

use anyhow::Context;
use dealwire::doc::RawDoc;
pub use dealwire::pipeline::default_jobs;
use dealwire::pipeline::run_batch;
use dealwire::sink::{ArticleLine, ErrorLine, JsonlSink};
use dealwire::{Error, Processed, Settings};
use indicatif::ProgressBar;

use crate::args::OutputArgs;
use crate::exit;
use crate::report::{input_of, ErrorLog};

pub struct Outputs {
    records: JsonlSink,
    articles: Option<JsonlSink>,
    errors: Option<JsonlSink>,
    log: ErrorLog,
    pub n_articles: u64,
    pub n_records: u64,
    pub n_failed: u64,
}

fn create(path: &Path) -> anyhow::Result<JsonlSink> {
    let f = File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    Ok(JsonlSink::new(Box::new(f)))
}

impl Outputs {
    pub fn open(args: &OutputArgs) -> anyhow::Result<Self> {
        let records = match &args.output {
            Some(p) => create(p)?,
            None => JsonlSink::new(Box::new(std::io::stdout())),
        };
        Ok(Outputs {
            records,
            articles: args.articles.as_deref().map(create).transpose()?,
            errors: args.errors.as_deref().map(create).transpose()?,
            log: ErrorLog::default(),
            n_articles: 0,
            n_records: 0,
            n_failed: 0,
        })
    }

    /// Writes what one document produced. Returns false when stdout's reader has gone away.
    pub fn emit(&mut self, outcome: Result<Processed, Error>) -> anyhow::Result<bool> {
        match outcome {
            Ok(p) => {
                self.n_articles += 1;
                for d in &p.diagnostics {
                    if d.warning {
                        tracing::warn!("{}: {}", p.origin, d.message);
                    } else {
                        tracing::debug!("{}: {}: {}", p.origin, d.stage, d.message);
                    }
                }
                for r in &p.records {
                    self.records.write(r).context("cannot write records")?;
                    self.n_records += 1;
                }
                if let Some(a) = &mut self.articles {
                    a.write(&ArticleLine::new(&p.article))
                        .context("cannot write articles")?;
                }
            }
            Err(e) => self.fail(&e)?,
        }
        Ok(!self.records.is_closed())
    }

    /// Runs the pipeline over `source` with `jobs` threads, at most `window` documents in
    /// flight, and writes every outcome in input order; stops early when stdout's reader goes
    /// away.
    pub fn drain<I>(
        &mut self,
        source: I,
        settings: &Settings,
        jobs: usize,
        window: usize,
        bar: &ProgressBar,
    ) -> anyhow::Result<()>
    where
        I: Iterator<Item = Result<RawDoc, Error>>,
    {
        let mut failure = None;
        run_batch(source, settings, jobs, window, |outcome| {
            bar.inc(1);
            match self.emit(outcome) {
                Ok(go_on) => go_on,
                Err(e) => {
                    failure = Some(e);
                    false
                }
            }
        });
        failure.map_or(Ok(()), Err)
    }

    /// Reports a failed input on stderr and in the error file; the run goes on.
    pub fn fail(&mut self, e: &Error) -> anyhow::Result<()> {
        self.n_failed += 1;
        self.log.error(input_of(&e.origin()), format_args!("{e}"));
        if let Some(w) = &mut self.errors {
            w.write(&ErrorLine::new(e)).context("cannot write errors")?;
        }
        Ok(())
    }

    /// Flushes everything and returns the exit status the counts call for.
    pub fn finish(mut self) -> anyhow::Result<u8> {
        self.log.summarise();
        self.records.flush().context("cannot write records")?;
        if let Some(a) = &mut self.articles {
            a.flush().context("cannot write articles")?;
        }
        if let Some(e) = &mut self.errors {
            e.flush().context("cannot write errors")?;
        }
        tracing::info!(
            "{} articles, {} deal records, {} failed inputs",
            self.n_articles,
            self.n_records,
            self.n_failed
        );
        Ok(if self.n_failed > 0 {
            exit::SOME_FAILED
        } else {
            exit::OK
        })
    }
}

/// The pipeline settings with the profile file, if one is given, loaded and checked.
pub fn settings_with(profiles: Option<&Path>) -> anyhow::Result<Settings> {
    Ok(Settings {
        profiles: load_profiles(profiles)?.map(std::sync::Arc::new),
        ..Settings::default()
    })
}

/// A profile file loaded, or none; its errors name the file and line.
pub fn load_profiles(path: Option<&Path>) -> anyhow::Result<Option<dealwire::profile::ProfileSet>> {
    path.map(|p| dealwire::profile::ProfileSet::load(p).map_err(anyhow::Error::from))
        .transpose()
}
