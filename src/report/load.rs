//! Reading a dataset for the report: deal files, ingest folders and articles files.
//!
//! An ingest folder holds one `deals-<run>.jsonl` per run (or per day, once compacted) and the
//! `articles-<run>.jsonl` written in the same run. A record's evidence offsets point into the
//! text of the article as it was in the run that wrote the record, so each deal file is paired
//! with the articles file of the same name (`deals-X` with `articles-X`, and so `deals.jsonl`
//! with `articles.jsonl` as `extract -o deals.jsonl --articles articles.jsonl` writes them);
//! articles files named on their own serve every record. Only the sentences that evidence
//! points at are kept, so an articles file of any size costs little memory.
//!
//! A record id seen more than once is kept at its highest `revision` (a record without one
//! counts as revision 0), in the place where it was first seen.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{ReportError, ReportSettings};
use crate::fetch::local::{read_line_limited, Line};
use crate::record::DealRecord;

/// The records to show, with the evidence sentences found for them.
#[derive(Debug, Default)]
pub struct Dataset {
    /// One per record id, at its highest revision, in the order ids were first seen.
    pub deals: Vec<Deal>,
    /// Distinct article ids in the articles files read (articles without deals included).
    pub articles_read: usize,
    /// Whether any articles file was read: without one, cards show evidence offsets only.
    pub have_articles: bool,
    /// Deal lines read, and how many of them an equal or higher revision of the same id
    /// replaced.
    pub lines: u64,
    pub superseded: u64,
    /// Lines and files that could not be used.
    pub diagnostics: Vec<Diagnostic>,
}

/// A line or file that could not be used; the message names `file:line` or the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, for counting a file's problems together.
    pub input: String,
    pub message: String,
}

fn diag(input: &str, message: String) -> Diagnostic {
    Diagnostic {
        input: input.to_string(),
        message,
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Deal {
    pub record: DealRecord,
    /// The article's sentences that the record's evidence points at, by sentence index.
    pub sentences: BTreeMap<usize, SentenceText>,
}

/// One sentence of a cleaned article: its text and where it starts (in characters).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SentenceText {
    pub start: usize,
    pub text: String,
}

/// Sentences found for an article, with the revision of the line they came from.
type Found = (u32, BTreeMap<usize, SentenceText>);

/// The part of an articles line the report needs; the full text is passed over.
#[derive(Deserialize)]
struct ArticleIn {
    id: String,
    #[serde(default)]
    revision: Option<u32>,
    #[serde(default)]
    sentences: Vec<SentenceText>,
}

/// What one input file holds, judged by its first line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Deals,
    Articles,
}

/// The files a run reads: deal files (each with its paired articles file, if any) and
/// articles files that serve every record.
#[derive(Debug, Default)]
struct Plan {
    deals: Vec<(PathBuf, Option<usize>)>,
    articles: Vec<PathBuf>,
    /// `articles[i]` serves only the deal files paired with it.
    paired: Vec<bool>,
}

/// Reads the inputs: files (deal or articles files, told apart by their first line) and
/// folders (their `deals-*.jsonl` and `articles-*.jsonl`, as `ingest` writes them).
/// `extra_articles` are articles files named with `--articles`.
pub fn load(
    inputs: &[PathBuf],
    extra_articles: &[PathBuf],
    settings: &ReportSettings,
) -> Result<Dataset, ReportError> {
    let plan = plan(inputs, extra_articles, settings.max_line_bytes)?;
    let mut data = Dataset::default();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    // Which articles file each kept deal takes its sentences from (None: any unpaired one).
    let mut pairs: Vec<Option<usize>> = Vec::new();
    for (path, pair) in &plan.deals {
        let origin = path.display().to_string();
        let Some(file) = open_or_note(path, &origin, &mut data.diagnostics) else {
            continue;
        };
        for_each_line(
            BufReader::new(file),
            &origin,
            settings.max_line_bytes,
            &mut data.diagnostics,
            |at, bytes, diagnostics| {
                data.lines += 1;
                let record: DealRecord = match serde_json::from_slice(bytes) {
                    Ok(r) => r,
                    Err(e) => {
                        diagnostics.push(diag(&origin, format!("{at}: not a deal record: {e}")));
                        return;
                    }
                };
                match by_id.get(&record.id) {
                    Some(&i) => {
                        data.superseded += 1;
                        if record.revision.unwrap_or(0) > data.deals[i].record.revision.unwrap_or(0)
                        {
                            data.deals[i].record = record;
                            pairs[i] = *pair;
                        }
                    }
                    None => {
                        by_id.insert(record.id.clone(), data.deals.len());
                        data.deals.push(Deal {
                            record,
                            sentences: BTreeMap::new(),
                        });
                        pairs.push(*pair);
                    }
                }
            },
        );
    }

    // The sentences each (articles file, article) must give.
    let mut wanted: HashMap<(Option<usize>, &str), BTreeSet<usize>> = HashMap::new();
    for (deal, pair) in data.deals.iter().zip(&pairs) {
        let set = wanted
            .entry((*pair, deal.record.article.id.as_str()))
            .or_default();
        set.extend(deal.record.evidence.iter().map(|e| e.sentence));
        if pair.is_some() {
            // A paired file that lacks the article falls back to the unpaired ones.
            wanted
                .entry((None, deal.record.article.id.as_str()))
                .or_default()
                .extend(deal.record.evidence.iter().map(|e| e.sentence));
        }
    }
    let mut found: HashMap<(Option<usize>, String), Found> = HashMap::new();
    let mut seen_articles: BTreeSet<String> = BTreeSet::new();
    for (k, path) in plan.articles.iter().enumerate() {
        data.have_articles = true;
        let group = plan.paired[k].then_some(k);
        let origin = path.display().to_string();
        let Some(file) = open_or_note(path, &origin, &mut data.diagnostics) else {
            continue;
        };
        for_each_line(
            BufReader::new(file),
            &origin,
            settings.max_line_bytes,
            &mut data.diagnostics,
            |at, bytes, diagnostics| {
                let article: ArticleIn = match serde_json::from_slice(bytes) {
                    Ok(a) => a,
                    Err(e) => {
                        diagnostics.push(diag(&origin, format!("{at}: not an article line: {e}")));
                        return;
                    }
                };
                if !seen_articles.contains(&article.id) {
                    seen_articles.insert(article.id.clone());
                }
                let Some(want) = wanted.get(&(group, article.id.as_str())) else {
                    return;
                };
                let revision = article.revision.unwrap_or(0);
                let key = (group, article.id.clone());
                if found.get(&key).is_some_and(|(r, _)| *r > revision) {
                    return;
                }
                let keep: BTreeMap<usize, SentenceText> = article
                    .sentences
                    .into_iter()
                    .enumerate()
                    .filter(|(i, _)| want.contains(i))
                    .collect();
                found.insert(key, (revision, keep));
            },
        );
    }
    data.articles_read = seen_articles.len();

    for (deal, pair) in data.deals.iter_mut().zip(&pairs) {
        let id = deal.record.article.id.clone();
        let sentences = pair
            .and_then(|p| found.get(&(Some(p), id.clone())))
            .or_else(|| found.get(&(None, id)))
            .map(|(_, s)| s);
        if let Some(sentences) = sentences {
            deal.sentences = deal
                .record
                .evidence
                .iter()
                .filter_map(|e| sentences.get(&e.sentence).map(|s| (e.sentence, s.clone())))
                .collect();
        }
    }
    Ok(data)
}

/// An input file opened, or a diagnostic naming it: one unreadable file costs only itself.
fn open_or_note(path: &Path, origin: &str, diagnostics: &mut Vec<Diagnostic>) -> Option<File> {
    File::open(path)
        .map_err(|e| diagnostics.push(diag(origin, format!("{origin}: cannot read: {e}"))))
        .ok()
}

/// Calls `f` with the origin (`file:line`) and bytes of each non-blank line, read under the
/// line limit; lines that cannot be read become diagnostics.
fn for_each_line<R: BufRead>(
    mut reader: R,
    origin: &str,
    limit: u64,
    diagnostics: &mut Vec<Diagnostic>,
    mut f: impl FnMut(&str, &[u8], &mut Vec<Diagnostic>),
) {
    let mut buf = Vec::new();
    let mut n = 0u64;
    loop {
        n += 1;
        buf.clear();
        match read_line_limited(&mut reader, &mut buf, limit) {
            Ok(Line::End) => return,
            Ok(Line::Whole) => {
                if buf.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                f(&format!("{origin}:{n}"), &buf, diagnostics);
            }
            Ok(Line::TooLong(size)) => diagnostics.push(diag(
                origin,
                format!("{origin}:{n}: line of {size} bytes over the limit of {limit}; skipped"),
            )),
            Ok(Line::Endless(size)) => {
                diagnostics.push(diag(
                    origin,
                    format!("{origin}:{n}: a line of over {size} bytes without an end; the rest of the file is not read"),
                ));
                return;
            }
            Err(e) => {
                diagnostics.push(diag(origin, format!("{origin}:{n}: cannot read: {e}")));
                return;
            }
        }
    }
}

fn plan(inputs: &[PathBuf], extra_articles: &[PathBuf], limit: u64) -> Result<Plan, ReportError> {
    let mut deal_files: Vec<PathBuf> = Vec::new();
    let mut unpaired: Vec<PathBuf> = extra_articles.to_vec();
    for input in inputs {
        let meta = std::fs::metadata(input).map_err(|source| ReportError::Read {
            path: input.clone(),
            source,
        })?;
        if meta.is_dir() {
            let found = folder_deal_files(input)?;
            if found.is_empty() {
                return Err(ReportError::EmptyFolder {
                    path: input.clone(),
                });
            }
            deal_files.extend(found);
        } else {
            match sniff(input, limit)? {
                Kind::Deals => deal_files.push(input.clone()),
                Kind::Articles => unpaired.push(input.clone()),
            }
        }
    }
    if deal_files.is_empty() {
        let path = inputs.first().cloned().unwrap_or_default();
        return Err(ReportError::NoDealInput { path });
    }
    let mut plan = Plan::default();
    for path in unpaired {
        if !plan.articles.contains(&path) {
            plan.articles.push(path);
            plan.paired.push(false);
        }
    }
    for path in deal_files {
        let pair = paired_articles(&path).filter(|p| !plan.articles.contains(p));
        let pair = pair.map(|p| {
            plan.articles.push(p);
            plan.paired.push(true);
            plan.articles.len() - 1
        });
        plan.deals.push((path, pair));
    }
    Ok(plan)
}

/// A folder's `deals-*.jsonl` files, in name order (which is time order for run files).
fn folder_deal_files(dir: &Path) -> Result<Vec<PathBuf>, ReportError> {
    let read_err = |source| ReportError::Read {
        path: dir.to_path_buf(),
        source,
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(read_err)? {
        let entry = entry.map_err(read_err)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("deals-") && name.ends_with(".jsonl") && entry.path().is_file() {
            files.push(entry.path());
        }
    }
    files.sort();
    Ok(files)
}

/// The articles file written beside a deal file: the same name with its last `deals`
/// replaced by `articles` (`deals-<run>.jsonl`, `deals.jsonl`, `bbc-deals.jsonl`), when that
/// file exists.
fn paired_articles(deals: &Path) -> Option<PathBuf> {
    let name = deals.file_name()?.to_str()?;
    let at = name.rfind("deals")?;
    let paired = format!("{}articles{}", &name[..at], &name[at + "deals".len()..]);
    let path = deals.with_file_name(paired);
    path.is_file().then_some(path)
}

/// Whether a file holds deal records or articles, from its first non-blank line: an article
/// line has `sentences` or `text` and no `parties`. Anything else is read as deals, so that
/// its bad lines are reported one by one.
fn sniff(path: &Path, limit: u64) -> Result<Kind, ReportError> {
    let file = File::open(path).map_err(|source| ReportError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let mut reader = BufReader::new(file);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match read_line_limited(&mut reader, &mut buf, limit) {
            Ok(Line::Whole) if buf.iter().all(u8::is_ascii_whitespace) => continue,
            Ok(Line::Whole) => break,
            _ => return Ok(Kind::Deals),
        }
    }
    let Ok(serde_json::Value::Object(map)) = serde_json::from_slice::<serde_json::Value>(&buf)
    else {
        return Ok(Kind::Deals);
    };
    let article =
        !map.contains_key("parties") && (map.contains_key("sentences") || map.contains_key("text"));
    Ok(if article { Kind::Articles } else { Kind::Deals })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paired_name_replaces_the_last_deals() {
        let dir = tempfile::tempdir().expect("tempdir");
        let deals = dir.path().join("deals-2026-11-27T10-00-00.000Z.jsonl");
        assert_eq!(paired_articles(&deals), None, "only when the file exists");
        for (d, a) in [
            (
                "deals-2026-11-27T10-00-00.000Z.jsonl",
                "articles-2026-11-27T10-00-00.000Z.jsonl",
            ),
            ("deals.jsonl", "articles.jsonl"),
            ("deals-of-bbc-deals.jsonl", "deals-of-bbc-articles.jsonl"),
        ] {
            let art = dir.path().join(a);
            std::fs::write(&art, "").expect("write");
            assert_eq!(paired_articles(&dir.path().join(d)), Some(art));
        }
        assert_eq!(paired_articles(&dir.path().join("records.jsonl")), None);
    }
}
