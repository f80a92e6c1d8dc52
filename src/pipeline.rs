//! One document through clean → sentences → extract, and a batch runner that keeps output in
//! input order whatever the parallelism.
//!
//! `process` is pure: no IO, no clock except through the settings, deterministic. The batch
//! runner reads the source in chunks so memory stays bounded on large dumps, processes each
//! chunk on a rayon pool and hands results to the caller in input order.

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
        .unwrap_or_else(|payload| {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            Err(Error::Format {
                origin,
                message: format!("internal error (please report): {message}"),
            })
        })
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
/// order. At most `chunk` documents are in memory at once. `emit` returning false stops the run
/// (the reader has gone away).
pub fn run_batch<I, F>(source: I, settings: &Settings, jobs: usize, chunk: usize, mut emit: F)
where
    I: Iterator<Item = Result<RawDoc>>,
    F: FnMut(Result<Processed>) -> bool,
{
    use rayon::prelude::*;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.max(1))
        .build();
    let mut source = source.peekable();
    let chunk = chunk.max(1);
    while source.peek().is_some() {
        let batch: Vec<Result<RawDoc>> = source.by_ref().take(chunk).collect();
        let work = |batch: Vec<Result<RawDoc>>| -> Vec<Result<Processed>> {
            batch
                .into_par_iter()
                .map(|d| d.and_then(|d| process_guarded(d, settings)))
                .collect()
        };
        let results = match &pool {
            Ok(p) => p.install(|| work(batch)),
            Err(_) => work(batch),
        };
        for r in results {
            if !emit(r) {
                return;
            }
        }
    }
}
