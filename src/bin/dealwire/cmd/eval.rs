//! `dealwire eval`: run the pipeline over the articles a gold file names and score the result.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use dealwire::doc::RawDoc;
use dealwire::eval::{GoldDeal, Matching, Report};
use dealwire::fetch::{Input, LocalSource, ReadLimits};
use dealwire::pipeline::process_guarded;
use dealwire::Settings;

use crate::args::EvalArgs;
use crate::exit;

/// One article to score: where its text is, and its gold deals.
struct Case {
    name: String,
    path: PathBuf,
    url: Option<String>,
    published: Option<chrono::NaiveDate>,
    gold: Vec<GoldDeal>,
}

pub fn run(args: EvalArgs) -> anyhow::Result<u8> {
    let cases = if args.gold.is_dir() {
        golden_dir_cases(&args.gold, args.corpus.as_deref())?
    } else {
        gold_file_cases(&args.gold, args.corpus.as_deref())?
    };
    if cases.is_empty() {
        bail!("{}: no gold articles found", args.gold.display());
    }
    let settings = Settings::default();
    let mut report = Report::new(if args.loose {
        Matching::Overlap
    } else {
        Matching::Strict
    });
    let mut failed = 0;
    let mut dump = match dump_of(&args) {
        Some(path) => read_dump(&path)?,
        None => HashMap::new(),
    };
    for case in cases {
        let next = match case.url.as_deref().and_then(|u| dump.remove(u)) {
            Some(doc) => Some(Ok(doc)),
            None => {
                LocalSource::new(vec![Input::Path(case.path.clone())], ReadLimits::default()).next()
            }
        };
        let pred = match next {
            Some(Ok(mut doc)) => {
                if case.published.is_some() {
                    doc.published = case.published;
                }
                if doc.url.is_none() {
                    doc.url.clone_from(&case.url);
                }
                match process_guarded(doc, &settings) {
                    Ok(p) => p.records.iter().map(GoldDeal::from_record).collect(),
                    Err(e) => {
                        tracing::error!("{e}");
                        failed += 1;
                        Vec::new()
                    }
                }
            }
            Some(Err(e)) => {
                tracing::error!("{e}");
                failed += 1;
                Vec::new()
            }
            None => Vec::new(),
        };
        report.add_article(&case.name, &case.gold, &pred);
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        if args.details {
            for m in &report.misses {
                println!("{:9} {:28} {:?} {}", m.kind, m.article, m.parties, m.detail);
            }
            println!();
        }
        println!("{}", report.summary());
    }
    Ok(if failed > 0 {
        exit::SOME_FAILED
    } else {
        exit::OK
    })
}

/// Article lines: `{"file","published","deals":[…]}` (news-dev, the corpus truth) or
/// `{"n","url","published","deals":[…]}` (deals-web-dev, whose texts are `<n>.txt`).
fn gold_file_cases(gold: &Path, corpus: Option<&Path>) -> anyhow::Result<Vec<Case>> {
    let text =
        std::fs::read_to_string(gold).with_context(|| format!("cannot read {}", gold.display()))?;
    let base = corpus
        .map(Path::to_path_buf)
        .or_else(|| gold.parent().map(Path::to_path_buf))
        .unwrap_or_default();
    let mut cases = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: invalid JSON", gold.display(), n + 1))?;
        let str_of = |k: &str| v.get(k).and_then(|f| f.as_str());
        let (name, path) = match (str_of("file"), str_of("n")) {
            (Some(file), _) => (file.to_string(), base.join(file)),
            (None, Some(id)) => (id.to_string(), base.join(format!("{id}.txt"))),
            (None, None) => bail!("{}:{}: no \"file\" or \"n\" field", gold.display(), n + 1),
        };
        if !path.is_file() && !base.join(DUMP).is_file() {
            bail!(
                "{}:{}: the article {} is not there (--corpus names the folder of the texts)",
                gold.display(),
                n + 1,
                path.display()
            );
        }
        let deals = v
            .get("deals")
            .and_then(|d| d.as_array())
            .map(|a| a.iter().filter_map(GoldDeal::from_json).collect())
            .unwrap_or_default();
        cases.push(Case {
            name,
            path,
            url: str_of("url").map(str::to_string),
            published: v
                .get("published")
                .and_then(|p| p.as_str())
                .and_then(dealwire::dates::parse_machine_date),
            gold: deals,
        });
    }
    Ok(cases)
}

/// The project's shape: `golden/<stem>.jsonl` holds the records of `corpus/<stem>.<ext>`.
fn golden_dir_cases(golden: &Path, corpus: Option<&Path>) -> anyhow::Result<Vec<Case>> {
    let corpus = corpus
        .map(Path::to_path_buf)
        .or_else(|| golden.parent().map(|p| p.join("corpus")))
        .unwrap_or_else(|| PathBuf::from("corpus"));
    let mut articles: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .with_context(|| format!("cannot read {}", corpus.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    articles.sort();
    let mut cases = Vec::new();
    for path in articles {
        let Some(stem) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.split('.').next())
        else {
            continue;
        };
        let gold_path = golden.join(format!("{stem}.jsonl"));
        let Ok(text) = std::fs::read_to_string(&gold_path) else {
            continue;
        };
        let mut gold = Vec::new();
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let v: serde_json::Value = serde_json::from_str(line)
                .with_context(|| format!("{}:{}: invalid JSON", gold_path.display(), n + 1))?;
            gold.extend(GoldDeal::from_json(&v));
        }
        cases.push(Case {
            name: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            path,
            url: None,
            published: None,
            gold,
        });
    }
    Ok(cases)
}

/// The JSONL dump a development set's build script writes beside its article files. When it
/// is there, articles are read from it by URL, exactly as `dealwire extract dump.jsonl` reads
/// them, so the figures are those of that command and the set's own scorer.
const DUMP: &str = "dump.jsonl";

fn dump_of(args: &EvalArgs) -> Option<PathBuf> {
    if args.gold.is_dir() {
        return None;
    }
    let base = args
        .corpus
        .clone()
        .or_else(|| args.gold.parent().map(Path::to_path_buf))?;
    Some(base.join(DUMP)).filter(|p| p.is_file())
}

/// The dump's articles by URL (the first line of a URL wins).
fn read_dump(path: &Path) -> anyhow::Result<HashMap<String, RawDoc>> {
    let mut docs = HashMap::new();
    for doc in LocalSource::new(vec![Input::Path(path.to_path_buf())], ReadLimits::default()) {
        let doc = doc.with_context(|| format!("cannot read {}", path.display()))?;
        if let Some(url) = doc.url.clone() {
            docs.entry(url).or_insert(doc);
        }
    }
    Ok(docs)
}
