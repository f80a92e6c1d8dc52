//! One ingest run: recover, plan, fetch and extract, decide revisions, commit.
//!
//! The run keeps every outcome until the end and then handles them sorted by origin, so the
//! choices that depend on order (which of two URLs with the same text is the article) are
//! the same in a clean run and in the rerun after a crash. Nothing reaches the state before
//! the commit: a run killed at any point leaves the state as it found it, apart from an
//! intent that the next run finishes (see [`super::state`]).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Read;
use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, NaiveDateTime, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::config::IngestSettings;
use super::failpoint;
use super::listing;
use super::output::{self, final_name, publish, sync_dir, TempFile, KINDS};
use super::state::{now_text, ArticleRow, Changes, Intent, RunRow, State, UrlRow};
use super::IngestError;
use crate::doc::RawDoc;
use crate::error::Error;
use crate::fetch::url::canonicalize;
use crate::fetch::{FetchSource, Input, LocalSource, ReadLimits, Seed};
use crate::pipeline::{run_batch, Processed, Settings};
use crate::record::DealRecord;
use crate::sink::{ArticleLine, ErrorLine};

/// What a run did, for the summary line and the exit status.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub run: String,
    pub new_articles: u64,
    pub revised_articles: u64,
    pub records: u64,
    /// Error records written (failed pages, files, listings).
    pub errors: u64,
    /// Feeds, sitemaps, URL lists and watched folders that could not be read.
    pub failed_sources: u64,
    pub sources: u64,
    /// Listed pages not fetched (seen and unchanged), fetched pages whose text had not
    /// changed, and duplicates of other articles.
    pub skipped: u64,
    pub not_modified: u64,
    /// Runs killed earlier whose commit this run finished.
    pub recovered: u64,
    pub elapsed: Duration,
}

impl Report {
    /// Whether anything failed (exit status 1).
    pub fn some_failed(&self) -> bool {
        self.errors > 0 || self.failed_sources > 0
    }

    /// The one-line summary for stderr.
    pub fn summary(&self) -> String {
        let mut s = format!(
            "ingest {}: {} new articles, {} revised, {} records, {} errors",
            self.run, self.new_articles, self.revised_articles, self.records, self.errors
        );
        if self.failed_sources > 0 {
            s += &format!(
                ", {} of {} sources failed",
                self.failed_sources, self.sources
            );
        }
        s += &format!(
            ", {} skipped, {} not modified",
            self.skipped, self.not_modified
        );
        if self.recovered > 0 {
            s += &format!(", {} interrupted runs completed", self.recovered);
        }
        s + &format!(", {:.1} s", self.elapsed.as_secs_f64())
    }
}

/// An article line of `articles-<run>.jsonl`: the `--articles` line plus its revision.
#[derive(Serialize)]
struct ArticleOut<'a> {
    #[serde(flatten)]
    line: ArticleLine<'a>,
    revision: u32,
}

/// A page to fetch and where it came from.
struct Planned {
    source: String,
    stamp: Option<String>,
    title: Option<String>,
    published: Option<NaiveDate>,
    attempts: u32,
    article_id: Option<String>,
}

const RUN_FORMAT: &str = "%Y-%m-%dT%H-%M-%S%.3fZ";

/// The id of a new run: the current UTC time, made later than the last run's if need be so
/// that run ids (and file names) never repeat and always sort by start.
fn next_run_id(state: &State) -> Result<String, IngestError> {
    let now = Utc::now().naive_utc();
    let last = state
        .last_run()?
        .and_then(|l| NaiveDateTime::parse_from_str(&l, RUN_FORMAT).ok());
    let t = match last {
        Some(l) if l >= now - chrono::Duration::milliseconds(1) => {
            l + chrono::Duration::milliseconds(1)
        }
        _ => now,
    };
    Ok(t.format(RUN_FORMAT).to_string())
}

/// The day of a run id or day stamp (`2026-11-27…`).
pub fn day_of(run: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(run.get(..10)?, "%Y-%m-%d").ok()
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn file_hash(path: &Path) -> std::io::Result<String> {
    let mut f = std::fs::File::open(path)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// Finishes what killed runs committed to: renames their files into place and applies their
/// changes; then removes temporary files no intent names.
pub fn recover(state: &mut State, out: &Path) -> Result<u64, IngestError> {
    let mut n = 0;
    for (id, intent) in state.intents()? {
        match intent {
            Intent::Run(c) => {
                for (t, f) in &c.files {
                    if let Err(e) = publish(out, t, f) {
                        if out.join(t).exists() {
                            return Err(e);
                        }
                        // Neither name exists: someone removed the file. Stopping every
                        // later run would not bring it back; say so loudly and go on.
                        tracing::error!("committed run {id}: {f} is missing from the output folder; its lines are lost");
                    }
                }
                sync_dir(out)?;
                state.apply(&id, &c)?;
            }
            Intent::Compact(c) => super::compact::finish(state, out, &id, &c)?,
        }
        tracing::info!("completed the interrupted commit {id}");
        n += 1;
    }
    let removed = output::remove_stale_temps(out)?;
    if removed > 0 {
        tracing::info!("removed {removed} temporary files of an interrupted run");
    }
    Ok(n)
}

fn older_than(when: &str, age: Duration) -> bool {
    let Ok(t) = chrono::DateTime::parse_from_rfc3339(when) else {
        return true;
    };
    let elapsed = Utc::now().signed_duration_since(t);
    elapsed.to_std().map_or(age.is_zero(), |e| e >= age)
}

/// Runs one ingest: takes the lock, recovers, polls, fetches, extracts, commits.
pub fn run(s: &IngestSettings) -> Result<Report, IngestError> {
    let t0 = Instant::now();
    output::prepare_dir(&s.out)?;
    let mut state = State::open(&s.state)?;
    state.lock()?;
    let mut report = Report {
        recovered: recover(&mut state, &s.out)?,
        sources: (s.feeds.len() + s.sitemaps.len() + s.url_lists.len() + s.watch.len()) as u64,
        ..Default::default()
    };
    let started = now_text();
    let run_id = next_run_id(&state)?;
    state.begin_run(&run_id, &started)?;
    report.run = run_id.clone();

    let mut changes = Changes::default();
    let mut errors: Vec<ErrorLine> = Vec::new();

    // 1. What to fetch.
    let polled = listing::poll(&s.feeds, &s.sitemaps, &s.fetch, &state)?;
    report.not_modified = polled.not_modified;
    report.failed_sources += polled.failed;
    changes.sources = polled.sources;
    let polled_hosts = polled.hosts;
    errors.extend(polled.errors.iter().map(ErrorLine::new));
    let mut plan: BTreeMap<String, Planned> = BTreeMap::new();
    for p in polled.pages {
        let prev = state.url(&p.url)?;
        let fetch = match &prev {
            None => true,
            Some(r) if r.outcome == "failed" => r.attempts < s.max_retries,
            Some(r) => {
                r.stamp.as_deref() != Some(p.stamp.as_str())
                    || older_than(&r.fetched_at, s.recheck_after)
            }
        };
        if !fetch {
            report.skipped += 1;
            continue;
        }
        plan.insert(
            p.url,
            Planned {
                source: p.source,
                stamp: Some(p.stamp),
                title: p.title,
                published: p.published,
                attempts: prev.as_ref().map_or(0, |r| r.attempts),
                article_id: prev.and_then(|r| r.article_id),
            },
        );
    }
    for list in &s.url_lists {
        let text = match std::fs::read_to_string(list) {
            Ok(t) => t,
            Err(source) => {
                errors.push(ErrorLine::new(&Error::Io {
                    path: list.clone(),
                    source,
                }));
                report.failed_sources += 1;
                continue;
            }
        };
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let url = match canonicalize(line) {
                Ok(u) => u.to_string(),
                Err(message) => {
                    errors.push(ErrorLine::new(&Error::Format {
                        origin: format!("{}: {line}", list.display()),
                        message,
                    }));
                    continue;
                }
            };
            if plan.contains_key(&url) {
                continue;
            }
            let prev = state.url(&url)?;
            let fetch = match &prev {
                None => true,
                Some(r) => r.outcome == "failed" && r.attempts < s.max_retries,
            };
            if !fetch {
                report.skipped += 1;
                continue;
            }
            plan.insert(
                url,
                Planned {
                    source: list.display().to_string(),
                    stamp: None,
                    title: None,
                    published: None,
                    attempts: prev.as_ref().map_or(0, |r| r.attempts),
                    article_id: prev.and_then(|r| r.article_id),
                },
            );
        }
    }
    // Failed pages are retried even when their listing has not changed (a 304 lists nothing).
    for r in state.failed_urls(s.max_retries)? {
        plan.entry(r.url.clone()).or_insert(Planned {
            source: r.source,
            stamp: r.stamp,
            title: None,
            published: None,
            attempts: r.attempts,
            article_id: r.article_id,
        });
    }
    let mut inputs = Vec::new();
    for dir in &s.watch {
        match crate::fetch::local::walk_dir(dir) {
            Ok(files) => {
                for f in files {
                    let key = std::fs::canonicalize(&f).unwrap_or_else(|_| f.clone());
                    let key = key.display().to_string();
                    match file_hash(&f) {
                        Ok(h) => {
                            if state.watched_hash(&key)?.as_deref() == Some(h.as_str()) {
                                continue;
                            }
                            changes.watched.push((key, h));
                            inputs.push(Input::Path(f));
                        }
                        Err(source) => errors.push(ErrorLine::new(&Error::Io { path: f, source })),
                    }
                }
            }
            Err(e) => {
                errors.push(ErrorLine::new(&e));
                report.failed_sources += 1;
            }
        }
    }

    // 2. Fetch and extract; every outcome is kept until the end. The fetcher keeps its own
    // per-host clock, so a host just polled for its listing gets its delay first.
    let polled_host = plan.keys().any(|u| {
        url::Url::parse(u).is_ok_and(|u| polled_hosts.contains(&crate::fetch::url::origin_key(&u)))
    });
    if polled_host && !s.fetch.delay.is_zero() {
        std::thread::sleep(s.fetch.delay);
    }
    let outcomes = fetch_and_extract(s, &plan, inputs)?;

    // 3. Decide what is new, revised, unchanged or a duplicate.
    let fetched_at = now_text();
    let mut run_articles: HashMap<String, (String, u32)> = HashMap::new();
    let mut run_texts: HashMap<String, String> = HashMap::new();
    let mut run_records: HashMap<String, u32> = HashMap::new();
    let mut deals: Vec<DealRecord> = Vec::new();
    let mut articles: Vec<ArticleOut<'_>> = Vec::new();
    let mut answered: HashSet<&str> = HashSet::new();
    for o in &outcomes {
        match o {
            Ok(p) => {
                let origin = p.origin.as_str();
                answered.insert(origin);
                let hash = sha256_hex(p.article.text.as_bytes());
                let id = p.article.id.clone();
                let prev = match run_articles.get(&id) {
                    Some(a) => Some(a.clone()),
                    None => state.article(&id)?.map(|a| (a.text_hash, a.revision)),
                };
                let owner = match run_texts.get(&hash) {
                    Some(o) => Some(o.clone()),
                    None => state.text_owner(&hash)?,
                };
                let (outcome, article_id) = if prev.as_ref().is_some_and(|(h, _)| *h == hash) {
                    report.skipped += 1;
                    ("unchanged", id)
                } else if let Some(other) = owner.filter(|o| *o != id) {
                    tracing::debug!("{origin}: same text as article {other}");
                    report.skipped += 1;
                    ("duplicate", other)
                } else {
                    let revision = prev.map_or(1, |(_, r)| r + 1);
                    if revision == 1 {
                        report.new_articles += 1;
                    } else {
                        report.revised_articles += 1;
                    }
                    run_articles.insert(id.clone(), (hash.clone(), revision));
                    run_texts.insert(hash.clone(), id.clone());
                    changes.articles.push(ArticleRow {
                        id: id.clone(),
                        url: p.article.url.clone(),
                        text_hash: hash.clone(),
                        revision,
                    });
                    for r in &p.records {
                        let rev = match run_records.get(&r.id) {
                            Some(v) => Some(*v),
                            None => state.record_revision(&r.id)?,
                        }
                        .map_or(1, |v| v + 1);
                        run_records.insert(r.id.clone(), rev);
                        changes.records.push((r.id.clone(), id.clone(), rev));
                        let mut r = r.clone();
                        r.revision = Some(rev);
                        deals.push(r);
                    }
                    articles.push(ArticleOut {
                        line: ArticleLine::new(&p.article),
                        revision,
                    });
                    (if revision == 1 { "new" } else { "revised" }, id)
                };
                if let Some(pl) = plan.get(origin) {
                    changes.urls.push(UrlRow {
                        url: origin.to_string(),
                        source: pl.source.clone(),
                        fetched_at: fetched_at.clone(),
                        content_hash: Some(hash),
                        outcome: outcome.into(),
                        article_id: Some(article_id),
                        attempts: 0,
                        stamp: pl.stamp.clone(),
                    });
                }
            }
            Err(e) => {
                let origin = e.origin();
                if let Some((key, pl)) = plan.get_key_value(origin.as_str()) {
                    answered.insert(key.as_str());
                    changes.urls.push(UrlRow {
                        url: origin.clone(),
                        source: pl.source.clone(),
                        fetched_at: fetched_at.clone(),
                        content_hash: None,
                        outcome: "failed".into(),
                        article_id: pl.article_id.clone(),
                        attempts: pl.attempts + 1,
                        stamp: pl.stamp.clone(),
                    });
                }
                errors.push(ErrorLine::new(e));
            }
        }
    }
    // A planned page with no outcome was dropped by the fetcher as a duplicate of another
    // page of this run (same redirect target or canonical link).
    for (url, pl) in &plan {
        if !answered.contains(url.as_str()) {
            report.skipped += 1;
            changes.urls.push(UrlRow {
                url: url.clone(),
                source: pl.source.clone(),
                fetched_at: fetched_at.clone(),
                content_hash: None,
                outcome: "duplicate".into(),
                article_id: pl.article_id.clone(),
                attempts: 0,
                stamp: pl.stamp.clone(),
            });
        }
    }
    for e in &errors {
        tracing::error!("{}", e.message);
    }
    report.records = deals.len() as u64;
    report.errors = errors.len() as u64;

    // 4. Commit: files durable under temporary names, intent, rename, apply.
    let mut files = Vec::new();
    for kind in KINDS {
        let name = final_name(kind, &run_id);
        let f = match kind {
            "errors" => write_all(&s.out, name, &errors)?,
            "articles" => write_all(&s.out, name, &articles)?,
            _ => write_all(&s.out, name, &deals)?,
        };
        files.extend(f);
    }
    sync_dir(&s.out)?;
    changes.files = files;
    report.elapsed = t0.elapsed();
    changes.run = RunRow {
        id: run_id.clone(),
        started,
        ended: now_text(),
        new_articles: report.new_articles,
        revised_articles: report.revised_articles,
        records: report.records,
        errors: report.errors,
        failed_sources: report.failed_sources,
    };
    commit(&mut state, &s.out, &run_id, &changes)?;
    state.unlock()?;
    report.elapsed = t0.elapsed();
    Ok(report)
}

/// The commit, once the run's files are durable under their temporary names: the changes
/// stored as an intent (from here on the run counts as done: [`recover`] finishes it), the
/// files renamed into place, the changes applied and the intent dropped in one transaction.
fn commit(state: &mut State, out: &Path, id: &str, changes: &Changes) -> Result<(), IngestError> {
    state.save_intent(id, &Intent::Run(Box::new(changes.clone())))?;
    failpoint::hit("intent");
    for (t, f) in &changes.files {
        publish(out, t, f)?;
    }
    sync_dir(out)?;
    state.apply(id, changes)?;
    failpoint::hit("committed");
    Ok(())
}

/// Writes `lines` to a new run file; none when there is nothing to write.
fn write_all<T: Serialize>(
    dir: &Path,
    name: String,
    lines: &[T],
) -> Result<Option<(String, String)>, IngestError> {
    if lines.is_empty() {
        return Ok(None);
    }
    let mut f = TempFile::create(dir, name)?;
    for l in lines {
        f.write(l)?;
    }
    f.finish().map(Some)
}

/// Fetches the planned pages and reads the watched files, through the pipeline, and returns
/// every outcome sorted by origin.
fn fetch_and_extract(
    s: &IngestSettings,
    plan: &BTreeMap<String, Planned>,
    inputs: Vec<Input>,
) -> Result<Vec<Result<Processed, Error>>, IngestError> {
    let hints: HashMap<&str, (&Option<String>, &Option<NaiveDate>)> = plan
        .iter()
        .map(|(u, p)| (u.as_str(), (&p.title, &p.published)))
        .collect();
    let pages: Box<dyn Iterator<Item = Result<RawDoc, Error>>> = if plan.is_empty() {
        Box::new(std::iter::empty())
    } else {
        let seeds = plan.keys().cloned().map(Seed::Page).collect();
        let src = FetchSource::start(seeds, s.fetch.clone()).map_err(|e| IngestError::Setup {
            message: e.to_string(),
        })?;
        Box::new(src)
    };
    let local = LocalSource::new(inputs, ReadLimits::default());
    // The feed's title and date travel with the page, as in `fetch --feed`.
    let source = pages.chain(local).map(|d| {
        failpoint::hit("fetched");
        d.map(|mut doc| {
            if let Some((title, published)) = hints.get(doc.origin.as_str()) {
                if doc.title.is_none() {
                    doc.title = (*title).clone();
                }
                if doc.published.is_none() {
                    doc.published = **published;
                }
            }
            doc
        })
    });
    let mut outcomes = Vec::new();
    let jobs = s.jobs.max(1);
    let settings = Settings {
        profiles: s.profiles.clone(),
        ..Settings::default()
    };
    run_batch(source, &settings, jobs, jobs * 2, |o| {
        failpoint::hit("extracted");
        outcomes.push(o);
        true
    });
    outcomes.sort_by_cached_key(origin_of);
    Ok(outcomes)
}

fn origin_of(o: &Result<Processed, Error>) -> String {
    match o {
        Ok(p) => p.origin.clone(),
        Err(e) => e.origin(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_ids_have_one_length_and_sort_by_time() {
        let a = "2026-11-27T09-59-59.999Z";
        let b = "2026-11-27T10-00-00.000Z";
        assert!(a < b);
        let t =
            NaiveDateTime::parse_from_str(a, RUN_FORMAT).map(|t| t.format(RUN_FORMAT).to_string());
        assert_eq!(t.as_deref(), Ok(a));
        assert_eq!(day_of(b), NaiveDate::from_ymd_opt(2026, 11, 27));
        // A day file sorts before the run files of its day.
        assert!("deals-2026-11-27.jsonl" < "deals-2026-11-27T00-00-00.000Z.jsonl");
    }

    #[test]
    fn run_ids_never_repeat() -> Result<(), IngestError> {
        let dir = std::env::temp_dir().join(format!("dealwire-runid-{}", std::process::id()));
        let state = State::open(&dir.join("s.db"))?;
        let mut last = String::new();
        for _ in 0..20 {
            let id = next_run_id(&state)?;
            assert!(id > last, "{id} after {last}");
            state.begin_run(&id, &now_text())?;
            last = id;
        }
        drop(state);
        let _ = std::fs::remove_dir_all(&dir);
        Ok(())
    }

    #[test]
    fn recheck_age() {
        assert!(older_than("not a time", Duration::from_secs(1)));
        assert!(older_than(&now_text(), Duration::ZERO));
        assert!(!older_than(&now_text(), Duration::from_secs(3600)));
    }
}
