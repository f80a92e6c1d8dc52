//! One document through clean → sentences → extract, and a batch runner that keeps output in
//! input order whatever the parallelism.
//!
//! `process` is pure: no IO, no clock except through the settings, deterministic. The batch
//! runner streams the source through a rayon pool, a bounded window of documents at a time so
//! memory stays bounded on large dumps, and hands results to the caller in input order.

use std::sync::Arc;

use crate::clean::CleanSettings;
use crate::doc::{Article, ArticleStatus, Body, Diagnostic, RawDoc};
use crate::error::{Error, Result};
use crate::extract;
use crate::profile::{clean_with_profiles, ProfileSet};
use crate::record::{stable_hash, DealRecord};
use crate::sentences;

#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub clean: CleanSettings,
    /// Site profiles: pages of a host that has one are read with its selectors.
    pub profiles: Option<Arc<ProfileSet>>,
}

/// What one document produced.
#[derive(Debug, Clone)]
pub struct Processed {
    pub origin: String,
    pub article: Article,
    pub records: Vec<DealRecord>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Turns a raw document into an article: cleaning HTML or taking text as it is.
pub fn to_article(doc: RawDoc, settings: &Settings) -> Result<(Article, Vec<Diagnostic>)> {
    let mut diagnostics = Vec::new();
    let RawDoc {
        origin,
        url,
        title,
        published,
        source,
        charset,
        body,
    } = doc;
    let mut cut_at = None;
    let mut extraction = None;
    let (text, mut meta, status) = match body {
        Body::Html(bytes) => {
            let p = clean_with_profiles(
                &bytes,
                charset.as_deref(),
                url.as_deref(),
                &settings.clean,
                settings.profiles.as_deref(),
            );
            extraction = p.extraction;
            let c = p.cleaned;
            diagnostics.extend(c.diagnostics);
            cut_at = c.cut_at;
            (c.text, c.meta, c.status)
        }
        Body::Text(text) => {
            let meta = crate::clean::Metadata {
                title: headline_of(&text),
                ..Default::default()
            };
            (text, meta, ArticleStatus::Ok)
        }
    };
    let cut = cut_at.map(|n| format!("the page was cut at the size limit of {n} bytes"));
    match status {
        ArticleStatus::Ok => {}
        ArticleStatus::Empty => {
            return Err(Error::NoArticle {
                origin,
                detail: cut,
            })
        }
        ArticleStatus::Paywalled => {
            return Err(Error::NoArticle {
                origin,
                detail: Some("only a paywall teaser".into()),
            })
        }
        ArticleStatus::Consent => {
            return Err(Error::NoArticle {
                origin,
                detail: Some("only a consent wall".into()),
            })
        }
    }
    if text.trim().is_empty() {
        return Err(Error::NoArticle {
            origin,
            detail: cut,
        });
    }
    let url = url.or(meta.canonical_url.take());
    let id = match &url {
        Some(u) => stable_hash(["url", &canonical_url_key(u)]),
        None => stable_hash(["text", &text]),
    };
    let site = source.or(meta.site.take()).or_else(|| {
        url.as_deref()
            .and_then(|u| url::Url::parse(u).ok())
            .and_then(|u| {
                u.host_str()
                    .map(|h| h.trim_start_matches("www.").to_string())
            })
    });
    let sentences = sentences::split(&text);
    let (published, date_source) = match published {
        Some(d) => (Some(d), Some("source".to_string())),
        None => (meta.published, meta.date_source),
    };
    // A text with no date of its own is dated by its URL, as a page is by the cleaner.
    let url_date = url.as_deref().and_then(crate::clean::date_from_url);
    let (published, date_source) = match (published, url_date) {
        (None, Some(d)) => (Some(d), Some("url".to_string())),
        other => (other.0, date_source),
    };
    Ok((
        Article {
            id,
            url,
            title: title.or(meta.title),
            authors: meta.authors,
            published,
            modified: meta.modified,
            date_source,
            site,
            lang: meta.lang,
            description: meta.description,
            status,
            extraction,
            text,
            sentences,
        },
        diagnostics,
    ))
}

/// The whole pipeline for one document.
pub fn process(doc: RawDoc, settings: &Settings) -> Result<Processed> {
    let origin = doc.origin.clone();
    let (article, mut diagnostics) = to_article(doc, settings)?;
    let (records, d) = extract::extract(&article);
    diagnostics.extend(d);
    Ok(Processed {
        origin,
        article,
        records,
        diagnostics,
    })
}

/// `process`, with a panic turned into an error for that one document. A panic is a bug, but
/// one bad page must not cost the records of every other page in the batch.
pub fn process_guarded(doc: RawDoc, settings: &Settings) -> Result<Processed> {
    let origin = doc.origin.clone();
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| process(doc, settings)))
        .unwrap_or_else(|payload| Err(panic_error(origin, payload.as_ref())))
}

/// The error a caught panic becomes for the document `origin`, with the panic's message.
fn panic_error(origin: String, payload: &(dyn std::any::Any + Send)) -> Error {
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string());
    Error::Format {
        origin,
        message: format!("internal error (please report): {message}"),
    }
}

/// The first line of a plain-text article when it reads as a headline: short, followed by a
/// blank line, no terminal period.
fn headline_of(text: &str) -> Option<String> {
    let t = text.trim_start();
    let (first, rest) = t.split_once('\n')?;
    let first = first.trim();
    let blank_follows = rest.trim_start_matches([' ', '\t', '\r']).starts_with('\n');
    (blank_follows && !first.is_empty() && first.chars().count() <= 200 && !first.ends_with('.'))
        .then(|| first.to_string())
}

/// The form of a URL used for article ids: lower-case scheme and host, no fragment, no
/// default port, no trailing slash.
pub fn canonical_url_key(u: &str) -> String {
    match url::Url::parse(u) {
        Ok(mut p) => {
            p.set_fragment(None);
            let s = p.to_string();
            s.trim_end_matches('/').to_string()
        }
        Err(_) => u.trim().to_string(),
    }
}

/// The parallelism when the caller names none: one job per core.
pub fn default_jobs(jobs: Option<usize>) -> usize {
    jobs.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(usize::from)
            .unwrap_or(1)
    })
}

/// Runs `process` over a source with `jobs` threads, calling `emit` with each outcome in input
/// order. At most `window` documents are between the source and `emit` at once (read, being
/// processed, or done and waiting for an earlier one), so memory stays bounded on any dump.
/// `emit` returning false stops the run (the reader has gone away).
pub fn run_batch<I, F>(source: I, settings: &Settings, jobs: usize, window: usize, emit: F)
where
    I: Iterator<Item = Result<RawDoc>>,
    F: FnMut(Result<Processed>) -> bool,
{
    run_ordered(source, jobs, window, |d| process_guarded(d, settings), emit);
}

/// The streaming core of [`run_batch`], over any work function.
///
/// Why streaming rather than chunks: reading a chunk, processing it in parallel and then
/// writing it kept the pool idle while the calling thread read and wrote, and every chunk
/// ended with the pool waiting for its slowest document; `extract --jobs 2` kept its two cores
/// 82% busy. Here the calling thread reads and emits while the pool works: each document goes
/// to the pool as soon as there is room in the window, and each outcome is emitted as soon as
/// those before it are. Jobs are taken oldest first (`spawn_fifo`), so the document `emit`
/// waits for is never the last one started.
fn run_ordered<T, U, I, P, F>(source: I, jobs: usize, window: usize, work: P, mut emit: F)
where
    T: Send,
    U: Send,
    I: Iterator<Item = Result<T>>,
    P: Fn(T) -> Result<U> + Sync,
    F: FnMut(Result<U>) -> bool,
{
    use std::collections::VecDeque;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::mpsc;

    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.max(1))
        .build()
    {
        Ok(pool) => pool,
        // No threads to be had: the same outcomes, one after the other on this thread.
        Err(_) => {
            for item in source {
                if !emit(item.and_then(&work)) {
                    return;
                }
            }
            return;
        }
    };
    let window = window.max(1);
    // Documents go to the pool in groups: a hand-over per document (a job, a message, a
    // wake-up of this thread) cost 7% more CPU on news-dev's short articles. A group is small
    // against the window, so the pool still has several to share out, and one document
    // where the window is small (pages arriving from the network).
    let group = (window / (4 * jobs.max(1))).clamp(1, 16);
    let stopped = AtomicBool::new(false);
    let (work, stopped) = (&work, &stopped);
    pool.in_place_scope_fifo(|scope| {
        let (tx, rx) = mpsc::channel::<Vec<(usize, Result<U>)>>();
        let spawn = |docs: Vec<(usize, T)>| {
            let tx = tx.clone();
            scope.spawn_fifo(move |_| {
                if stopped.load(Ordering::Relaxed) {
                    return;
                }
                // A panic would leave its documents' slots empty and this thread waiting for
                // them; `process_guarded` catches its own, this catches any other work's.
                let outcomes = docs
                    .into_iter()
                    .map(|(i, d)| {
                        let outcome =
                            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(d)))
                                .unwrap_or_else(|payload| {
                                    Err(panic_error(
                                        format!("document {}", i + 1),
                                        payload.as_ref(),
                                    ))
                                });
                        (i, outcome)
                    })
                    .collect();
                // The receiver is gone only when the run has stopped.
                let _ = tx.send(outcomes);
            });
        };
        // Slot k holds the outcome of the document `emitted + k`, once it is there.
        let mut pending: VecDeque<Option<Result<U>>> = VecDeque::with_capacity(window);
        let mut emitted = 0usize;
        let mut source = source.fuse();
        let mut ended = false;
        let mut docs = Vec::with_capacity(group);
        loop {
            if !ended && pending.len() < window {
                match source.next() {
                    None => ended = true,
                    Some(Err(e)) => pending.push_back(Some(Err(e))),
                    Some(Ok(doc)) => {
                        docs.push((emitted + pending.len(), doc));
                        pending.push_back(None);
                    }
                }
                if docs.len() >= group || (ended || pending.len() >= window) && !docs.is_empty() {
                    spawn(std::mem::replace(&mut docs, Vec::with_capacity(group)));
                }
            } else if pending.is_empty() {
                return;
            } else {
                // Nothing can be read and nothing go out until the oldest document is done
                // (`emit_ready` leaves none done at the front): wait for a group.
                match rx.recv() {
                    Ok(outcomes) => fill(&mut pending, emitted, outcomes),
                    Err(_) => return, // unreachable: `tx` lives as long as this scope
                }
            }
            // What is ready goes out before the next read, which may block (a network source)
            // or take a while (a large record).
            for outcomes in rx.try_iter() {
                fill(&mut pending, emitted, outcomes);
            }
            if !emit_ready(&mut pending, &mut emitted, &mut emit) {
                stopped.store(true, Ordering::Relaxed);
                return;
            }
        }
    });
}

/// Puts a group's outcomes into their slots (`emitted` is the index of slot 0).
fn fill<U>(
    pending: &mut std::collections::VecDeque<Option<Result<U>>>,
    emitted: usize,
    outcomes: Vec<(usize, Result<U>)>,
) {
    for (index, outcome) in outcomes {
        if let Some(slot) = pending.get_mut(index - emitted) {
            *slot = Some(outcome);
        }
    }
}

/// Emits the outcomes at the front of `pending` that are there, in order; false when `emit`
/// asked to stop.
fn emit_ready<U>(
    pending: &mut std::collections::VecDeque<Option<Result<U>>>,
    emitted: &mut usize,
    emit: &mut impl FnMut(Result<U>) -> bool,
) -> bool {
    while matches!(pending.front(), Some(Some(_))) {
        if let Some(Some(outcome)) = pending.pop_front() {
            *emitted += 1;
            if !emit(outcome) {
                return false;
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;
    use std::rc::Rc;
    use std::time::Duration;

    /// A source of `n` numbers that counts how many were taken, with an error in place of
    /// every multiple of `err_every` (0: none).
    fn counted(
        n: usize,
        err_every: usize,
        taken: Rc<Cell<usize>>,
    ) -> impl Iterator<Item = Result<usize>> {
        (0..n).map(move |i| {
            taken.set(taken.get() + 1);
            if err_every > 0 && i % err_every == 0 {
                Err(Error::Format {
                    origin: format!("doc{i}"),
                    message: "unreadable".into(),
                })
            } else {
                Ok(i)
            }
        })
    }

    /// Early documents take longest, so later ones finish first and must wait their turn.
    fn slow_early(i: usize) -> Result<usize> {
        std::thread::sleep(Duration::from_micros(((40 - i % 40) * 50) as u64));
        Ok(i * 10)
    }

    fn as_text(outcome: Result<usize>) -> String {
        match outcome {
            Ok(v) => v.to_string(),
            Err(e) => e.origin(),
        }
    }

    #[test]
    fn outcomes_come_in_input_order_whatever_finishes_first() {
        let expected: Vec<String> = (0..200)
            .map(|i| {
                if i % 7 == 0 {
                    format!("doc{i}")
                } else {
                    (i * 10).to_string()
                }
            })
            .collect();
        for (jobs, window) in [(1, 1), (1, 64), (3, 2), (4, 5), (4, 256)] {
            let mut got = Vec::new();
            let taken = Rc::new(Cell::new(0));
            run_ordered(counted(200, 7, taken), jobs, window, slow_early, |o| {
                got.push(as_text(o));
                true
            });
            assert_eq!(got, expected, "jobs {jobs}, window {window}");
        }
    }

    #[test]
    fn no_more_than_the_window_is_read_ahead_of_what_went_out() {
        for (jobs, window) in [(1, 1), (2, 3), (4, 16)] {
            let taken = Rc::new(Cell::new(0));
            let mut emitted = 0;
            let mut widest = 0;
            run_ordered(
                counted(300, 0, taken.clone()),
                jobs,
                window,
                slow_early,
                |_| {
                    // Taken and not yet emitted, this one included.
                    widest = widest.max(taken.get() - emitted);
                    emitted += 1;
                    true
                },
            );
            assert_eq!(emitted, 300);
            assert!(
                widest <= window,
                "jobs {jobs}: {widest} read ahead, window {window}"
            );
        }
    }

    #[test]
    fn a_stop_from_emit_ends_the_run_without_reading_on() {
        let taken = Rc::new(Cell::new(0));
        let worked = std::sync::atomic::AtomicUsize::new(0);
        let mut got = Vec::new();
        run_ordered(
            counted(10_000, 0, taken.clone()),
            2,
            8,
            |i| {
                worked.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                slow_early(i)
            },
            |o| {
                got.push(as_text(o));
                got.len() < 5
            },
        );
        assert_eq!(got, ["0", "10", "20", "30", "40"]);
        assert!(
            taken.get() <= 5 + 8,
            "{} read after a stop at 5",
            taken.get()
        );
        assert!(worked.into_inner() <= 5 + 8);
    }

    #[test]
    fn a_panicking_document_is_an_error_in_its_place_and_the_run_goes_on() {
        let mut got = Vec::new();
        run_ordered(
            counted(40, 0, Rc::new(Cell::new(0))),
            2,
            8,
            |i| {
                if i == 13 {
                    panic!("bad page")
                } else {
                    slow_early(i)
                }
            },
            |o| {
                got.push(as_text(o));
                true
            },
        );
        assert_eq!(got.len(), 40);
        assert_eq!(got[13], "document 14");
        assert_eq!(got[14], "140");
    }

    #[test]
    fn an_empty_source_emits_nothing() {
        let mut n = 0;
        run_ordered(
            std::iter::empty::<Result<usize>>(),
            2,
            4,
            slow_early,
            |_| {
                n += 1;
                true
            },
        );
        assert_eq!(n, 0);
    }
}
