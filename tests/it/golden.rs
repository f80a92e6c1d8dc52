//! Golden tests: every article in `corpus/` against its expected records in `golden/`, field
//! by field, and the seed against the contract. `UPDATE_GOLDEN=1 cargo test` rewrites the
//! golden files; review the diff like code.

use std::path::{Path, PathBuf};

use dealwire::fetch::{Input, LocalSource, ReadLimits};
use dealwire::{process, Settings};
use serde_json::Value;

use crate::support::root;

fn corpus_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("corpus"))
        .unwrap_or_else(|e| panic!("corpus/: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("txt" | "html" | "htm")
            )
        })
        .collect();
    files.sort();
    files
}

fn records_of(path: &Path) -> Vec<Value> {
    let mut docs = LocalSource::new(vec![Input::Path(path.to_path_buf())], ReadLimits::default());
    let doc = match docs.next() {
        Some(Ok(d)) => d,
        other => panic!("{}: cannot read: {other:?}", path.display()),
    };
    let p = process(doc, &Settings::default()).unwrap_or_else(|e| panic!("{e}"));
    p.records
        .iter()
        .map(|r| serde_json::to_value(r).unwrap_or_else(|e| panic!("{e}")))
        .collect()
}

fn golden_path(article: &Path) -> PathBuf {
    let stem = article
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.split('.').next())
        .unwrap_or_default();
    root().join("golden").join(format!("{stem}.jsonl"))
}

/// A readable list of differences between expected and actual records.
fn diff(name: &str, expected: &[Value], actual: &[Value]) -> Vec<String> {
    let mut out = Vec::new();
    if expected.len() != actual.len() {
        out.push(format!(
            "{name}: {} records expected, {} produced",
            expected.len(),
            actual.len()
        ));
    }
    for (i, (e, a)) in expected.iter().zip(actual).enumerate() {
        let (Some(eo), Some(ao)) = (e.as_object(), a.as_object()) else {
            out.push(format!("{name} record {i}: not an object"));
            continue;
        };
        for (k, ev) in eo {
            let av = ao.get(k).unwrap_or(&Value::Null);
            if ev != av {
                out.push(format!(
                    "{name} record {i} field {k}:\n    expected {ev}\n    got      {av}"
                ));
            }
        }
        for k in ao.keys().filter(|k| !eo.contains_key(*k)) {
            out.push(format!("{name} record {i}: unexpected field {k}"));
        }
    }
    out
}

#[test]
fn corpus_matches_golden() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let files = corpus_files();
    assert!(files.len() >= 2, "the corpus is missing");
    let mut problems = Vec::new();
    for f in &files {
        let actual = records_of(f);
        let gp = golden_path(f);
        if update {
            let text: String = actual.iter().map(|v| format!("{v}\n")).collect();
            std::fs::write(&gp, text).unwrap_or_else(|e| panic!("{}: {e}", gp.display()));
            continue;
        }
        let expected: Vec<Value> = match std::fs::read_to_string(&gp) {
            Ok(t) => t
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| {
                    serde_json::from_str(l).unwrap_or_else(|e| panic!("{}: {e}", gp.display()))
                })
                .collect(),
            Err(_) => {
                problems.push(format!(
                    "{}: no golden file (run with UPDATE_GOLDEN=1)",
                    gp.display()
                ));
                continue;
            }
        };
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        problems.extend(diff(&name, &expected, &actual));
    }
    assert!(
        problems.is_empty(),
        "golden differences:\n{}",
        problems.join("\n")
    );
}

/// Every golden file belongs to a corpus article: a renamed article must not leave a stale
/// expectation behind.
#[test]
fn no_orphan_golden_files() {
    let expected: Vec<PathBuf> = corpus_files().iter().map(|f| golden_path(f)).collect();
    for e in std::fs::read_dir(root().join("golden"))
        .into_iter()
        .flatten()
        .flatten()
    {
        let p = e.path();
        // expected-deals.jsonl is the hand-made truth for the whole corpus, not a snapshot.
        let hand_made = p.file_name().and_then(|n| n.to_str()) == Some("expected-deals.jsonl");
        if p.extension().and_then(|x| x.to_str()) == Some("jsonl") && !hand_made {
            assert!(
                expected.contains(&p),
                "{} has no article in corpus/",
                p.display()
            );
        }
    }
}

fn seed_records(file: &str) -> Vec<Value> {
    let records = records_of(&root().join("corpus").join(file));
    assert_eq!(records.len(), 2, "{file}: the seed yields two records");
    records
}

fn set(v: &Value) -> std::collections::BTreeSet<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// The two records the contract gives for the seed, from the text and from the HTML page.
#[test]
fn seed_matches_the_contract() {
    for file in [
        "0001_seed-nokia-xiaomi.txt",
        "0001_seed-nokia-xiaomi-page.html",
    ] {
        if !root().join("corpus").join(file).exists() {
            panic!("corpus/{file} is missing");
        }
        let r = seed_records(file);
        let main = &r[0];
        assert_eq!(
            main["types"],
            serde_json::json!([
                "patent_cross_license",
                "patent_acquisition",
                "supply_agreement",
                "partnership"
            ]),
            "{file}"
        );
        let parties: Vec<(String, String)> = main["parties"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|p| {
                (
                    p["name"].as_str().unwrap_or("").into(),
                    p["role"].as_str().unwrap_or("").into(),
                )
            })
            .collect();
        assert_eq!(
            parties,
            vec![
                ("Nokia".into(), "cross_licensee".into()),
                ("Xiaomi".into(), "cross_licensee".into())
            ],
            "{file}"
        );
        assert_eq!(main["parties"][0]["descriptor"], "Finnish mobile maker");
        assert_eq!(main["parties"][0]["country"], "Finland");
        assert_eq!(
            main["parties"][1]["descriptor"],
            "Chinese consumer electronic giant"
        );
        assert_eq!(main["parties"][1]["country"], "China");
        assert_eq!(
            main["date"],
            serde_json::json!({"value":"2017-07-05","precision":"day","basis":"article"}),
            "{file}"
        );
        assert_eq!(main["status"], "signed");
        assert_eq!(main["patents"]["count"], Value::Null);
        assert_eq!(
            main["patents"]["mention"],
            "cellular standard essential patents"
        );
        assert_eq!(
            main["patents"]["kinds"],
            serde_json::json!(["standard essential", "cellular"])
        );
        let areas = set(&main["areas"]);
        let want: std::collections::BTreeSet<String> = [
            "internet_of_things",
            "augmented_reality",
            "virtual_reality",
            "artificial_intelligence",
            "optical_networking",
            "data_centers",
            "networking",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(areas, want, "{file}");
        assert_eq!(
            main["technologies"],
            serde_json::json!([
                "FP4 network processor",
                "optical transport",
                "IP routing",
                "data centre fabric"
            ])
        );
        assert_eq!(
            main["duration"],
            serde_json::json!({"mention":"multi-year","years":null})
        );
        assert_eq!(main["money"]["disclosed"], false);
        assert_eq!(
            main["money"]["mention"],
            "have not provided further detail on which patents are acquired by Xiaomi, neither any financial details are revealed"
        );
        assert_eq!(main["primary"], true);
        let speakers: Vec<&str> = main["quotes"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|q| q["speaker"].as_str())
            .collect();
        assert_eq!(speakers, vec!["Lei Jun", "Rajeev Suri"]);

        let ms = &r[1];
        assert_eq!(ms["types"], serde_json::json!(["patent_acquisition"]));
        assert_eq!(ms["parties"][0]["name"], "Microsoft");
        assert_eq!(ms["parties"][0]["role"], "seller");
        assert_eq!(ms["parties"][1]["name"], "Xiaomi");
        assert_eq!(ms["parties"][1]["role"], "buyer");
        assert_eq!(
            ms["date"],
            serde_json::json!({"value":"2016","precision":"year","basis":"relative"})
        );
        assert_eq!(ms["status"], "completed");
        assert_eq!(
            ms["patents"],
            serde_json::json!({"count":1500,"approximate":false,"mention":"1,500 patents","kinds":[]})
        );
        assert_eq!(ms["areas"], serde_json::json!([]));
        assert_eq!(ms["technologies"], serde_json::json!([]));
        assert_eq!(ms["duration"], Value::Null);
        assert_eq!(ms["money"], Value::Null);
        assert_eq!(ms["primary"], false);
        // Evidence points into the cleaned text: every span is inside the article.
        for rec in &r {
            for ev in rec["evidence"].as_array().into_iter().flatten() {
                assert!(ev["start"].as_u64() <= ev["end"].as_u64(), "{ev}");
            }
            assert_eq!(rec["schema"], "deal/1");
        }
    }
}

/// Ids are stable: the same input gives the same ids.
#[test]
fn ids_are_stable_across_runs() {
    let a = seed_records("0001_seed-nokia-xiaomi.txt");
    let b = seed_records("0001_seed-nokia-xiaomi.txt");
    assert_eq!(a[0]["id"], b[0]["id"]);
    assert_ne!(a[0]["id"], a[1]["id"]);
}

/// The schema shipped in the Python package is the one the code generates, and the one
/// `dealwire schema` prints; `UPDATE_GOLDEN=1` rewrites the file after a change to the record
/// types. (Every golden record is validated against it by the Python suite, which has a JSON
/// Schema validator to hand.)
#[test]
fn shipped_schema_is_the_generated_one() {
    let generated = dealwire::record::json_schema();
    let out = crate::support::dealwire().arg("schema").assert().success();
    let printed: Value = serde_json::from_slice(&out.get_output().stdout)
        .unwrap_or_else(|e| panic!("dealwire schema: {e}"));
    assert_eq!(printed, generated);
    let path = root().join("python/dealwire/deal-record.schema.json");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        let text = serde_json::to_string_pretty(&generated).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(&path, text + "\n").unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        return;
    }
    let shipped: Value = std::fs::read_to_string(&path)
        .map_err(|e| e.to_string())
        .and_then(|t| serde_json::from_str(&t).map_err(|e| e.to_string()))
        .unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_GOLDEN=1)", path.display()));
    assert!(
        shipped == generated,
        "{} is stale: run UPDATE_GOLDEN=1 cargo test shipped_schema",
        path.display()
    );
}
