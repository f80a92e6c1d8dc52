//! `dealwire eval`: run the pipeline over the articles a gold file names and score the result.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use dealwire::eval::{GoldDeal, Report};
use dealwire::fetch::{Input, LocalSource, ReadLimits};
use dealwire::pipeline::process_guarded;
use dealwire::Settings;

use crate::args::EvalArgs;
use crate::exit;

/// One article to score: where its text is, and its gold deals.
struct Case {
    name: String,
    path: PathBuf,
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
    let mut report = Report::default();
    let mut failed = 0;
    for case in cases {
        let mut docs =
            LocalSource::new(vec![Input::Path(case.path.clone())], ReadLimits::default());
        let pred = match docs.next() {
            Some(Ok(mut doc)) => {
                if case.published.is_some() {
                    doc.published = case.published;
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

/// The news-dev shape: one line per article, `{"file","published","deals":[…]}`.
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
        let Some(file) = v.get("file").and_then(|f| f.as_str()) else {
            bail!("{}:{}: no \"file\" field", gold.display(), n + 1);
        };
        let deals = v
            .get("deals")
            .and_then(|d| d.as_array())
            .map(|a| a.iter().filter_map(GoldDeal::from_json).collect())
            .unwrap_or_default();
        cases.push(Case {
            name: file.to_string(),
            path: base.join(file),
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
            published: None,
            gold,
        });
    }
    Ok(cases)
}
