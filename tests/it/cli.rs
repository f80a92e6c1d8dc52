//! The `dealwire` command as a user runs it: inputs, outputs, bad input, exit codes.

use crate::support::{dealwire, json_lines, write};

const DEAL: &str = "title: Deal\ndate: 2020-03-04\n\nChipmaker Intel has agreed to buy rival Altera for $16.7bn, the companies said on Tuesday.\n";

#[test]
fn extract_the_corpus() {
    let out = dealwire().args(["extract", "corpus"]).assert().success();
    let lines = json_lines(&out.get_output().stdout);
    assert!(lines.len() >= 2);
    assert!(lines.iter().all(|l| l["schema"] == "deal/1"));
}

#[test]
fn text_file_with_header_to_records_and_articles() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let f = write(dir.path(), "a.txt", DEAL.as_bytes());
    let articles = dir.path().join("articles.jsonl");
    let out = dealwire()
        .arg("extract")
        .arg(&f)
        .arg("--articles")
        .arg(&articles)
        .assert()
        .success();
    let recs = json_lines(&out.get_output().stdout);
    assert_eq!(recs.len(), 1, "{recs:?}");
    assert_eq!(recs[0]["types"], serde_json::json!(["acquisition"]));
    assert_eq!(recs[0]["parties"][0]["name"], "Intel");
    assert_eq!(recs[0]["parties"][0]["role"], "acquirer");
    assert_eq!(recs[0]["parties"][1]["name"], "Altera");
    assert_eq!(recs[0]["money"]["amount"], 16.7e9);
    assert_eq!(recs[0]["money"]["currency"], "USD");
    assert_eq!(recs[0]["status"], "signed");
    // "on Tuesday" before Wednesday 2020-03-04 is 2020-03-03.
    assert_eq!(recs[0]["date"]["value"], "2020-03-03");
    assert_eq!(recs[0]["date"]["basis"], "relative");
    let arts = json_lines(&std::fs::read(&articles).unwrap_or_default());
    assert_eq!(arts.len(), 1);
    assert_eq!(arts[0]["title"], "Deal");
    assert_eq!(arts[0]["published"], "2020-03-04");
    let text = arts[0]["text"].as_str().unwrap_or("");
    for s in arts[0]["sentences"].as_array().into_iter().flatten() {
        let (a, b) = (
            s["start"].as_u64().unwrap_or(0) as usize,
            s["end"].as_u64().unwrap_or(0) as usize,
        );
        let by_chars: String = text.chars().skip(a).take(b - a).collect();
        assert_eq!(by_chars, s["text"].as_str().unwrap_or(""));
    }
}

#[test]
fn stdin_and_jsonl() {
    let out = dealwire()
        .args(["extract", "-"])
        .write_stdin(DEAL)
        .assert()
        .success();
    assert_eq!(json_lines(&out.get_output().stdout).len(), 1);
    let jsonl = format!(
        "{}\n{}\n",
        serde_json::json!({"url": "https://news.test/a", "text": "Nokia and Xiaomi signed a patent cross-licensing agreement."}),
        serde_json::json!({"id": "2", "html": "<html><body><article><p>Sony and Honda formed a joint venture to build electric cars.</p></article></body></html>"})
    );
    let out = dealwire()
        .args(["extract", "-"])
        .write_stdin(jsonl)
        .assert()
        .success();
    let recs = json_lines(&out.get_output().stdout);
    assert_eq!(recs.len(), 2, "{recs:?}");
    assert_eq!(recs[0]["types"][0], "patent_cross_license");
    assert_eq!(recs[0]["article"]["url"], "https://news.test/a");
    assert_eq!(recs[1]["types"][0], "joint_venture");
}

/// Every kind of bad input: one line on stderr naming it, an error record, the rest kept.
#[test]
fn bad_inputs_are_reported_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let d = dir.path();
    let good = write(d, "0_good.txt", DEAL.as_bytes());
    let bad_utf8 = write(d, "1_latin1.txt", b"Caf\xe9 deal \xff\xfe text\n");
    let binary = write(d, "2_junk.txt", &[0u8, 159, 146, 150, 0, 1, 2, 3, 255, 0]);
    let jsonl = write(
        d,
        "3_dump.jsonl",
        format!(
            "{}\n{{not json\n{}\n",
            serde_json::json!({"text": DEAL}),
            serde_json::json!({"url": "u"})
        )
        .as_bytes(),
    );
    let empty = write(d, "4_empty.txt", b"");
    let no_article = write(
        d,
        "5_nav.html",
        b"<html><body><nav><a href=/>Home</a></nav></body></html>",
    );
    let missing = d.join("6_missing.txt");
    let errors = d.join("errors.jsonl");
    let out = dealwire()
        .arg("extract")
        .args([
            &good,
            &bad_utf8,
            &binary,
            &jsonl,
            &empty,
            &no_article,
            &missing,
        ])
        .arg("--errors")
        .arg(&errors)
        .assert()
        .code(1);
    let output = out.get_output();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let recs = json_lines(&output.stdout);
    assert_eq!(
        recs.len(),
        2,
        "the good file and the good JSONL line both yield a record"
    );
    for (path, what) in [
        (bad_utf8.display().to_string(), "not valid UTF-8"),
        (binary.display().to_string(), "binary"),
        (format!("{}:2", jsonl.display()), "invalid JSON"),
        (format!("{}:3", jsonl.display()), "neither"),
        (empty.display().to_string(), "empty"),
        (no_article.display().to_string(), "no article"),
        (missing.display().to_string(), "cannot read"),
    ] {
        assert!(
            stderr
                .lines()
                .any(|l| l.contains(&path) && l.contains(what)),
            "no line naming {path} with {what:?} in:\n{stderr}"
        );
    }
    let errs = json_lines(&std::fs::read(&errors).unwrap_or_default());
    assert_eq!(errs.len(), 7, "{errs:?}");
    let kinds: Vec<&str> = errs.iter().filter_map(|e| e["kind"].as_str()).collect();
    assert_eq!(
        kinds,
        vec![
            "invalid_utf8",
            "binary",
            "invalid_json",
            "invalid_json",
            "empty",
            "no_article",
            "io"
        ]
    );
}

#[test]
fn output_order_is_input_order_whatever_the_jobs() {
    let one = dealwire()
        .args(["extract", "corpus", "--jobs", "1"])
        .assert()
        .success();
    let two = dealwire()
        .args(["extract", "corpus", "--jobs", "2"])
        .assert()
        .success();
    assert_eq!(one.get_output().stdout, two.get_output().stdout);
}

#[test]
fn output_file_and_quiet() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let f = write(dir.path(), "a.txt", DEAL.as_bytes());
    let o = dir.path().join("out.jsonl");
    let out = dealwire()
        .arg("-q")
        .arg("extract")
        .arg(&f)
        .arg("-o")
        .arg(&o)
        .assert()
        .success();
    assert!(out.get_output().stdout.is_empty());
    assert!(
        out.get_output().stderr.is_empty(),
        "-q is silent on success"
    );
    assert_eq!(json_lines(&std::fs::read(&o).unwrap_or_default()).len(), 1);
}

#[test]
fn eval_scores_a_gold_file() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write(dir.path(), "a.txt", DEAL.as_bytes());
    write(
        dir.path(),
        "gold.jsonl",
        format!(
            "{}\n",
            serde_json::json!({"file": "a.txt", "published": "2020-03-04", "deals": [
                {"types": ["acquisition"], "parties": [{"name": "Intel", "role": "acquirer"}, {"name": "Altera Corp", "role": "target"}],
                 "date": {"value": "2020-03-03"}, "status": "signed", "patents": null, "areas": [], "money": {"disclosed": true}, "primary": true},
                {"types": ["partnership"], "parties": [{"name": "Intel", "role": "partner"}, {"name": "Nokia", "role": "partner"}], "primary": false}
            ]})
        )
        .as_bytes(),
    );
    let out = dealwire()
        .arg("eval")
        .arg("--gold")
        .arg(dir.path().join("gold.jsonl"))
        .arg("--json")
        .assert()
        .success();
    let report: serde_json::Value =
        serde_json::from_slice(&out.get_output().stdout).unwrap_or_default();
    assert_eq!(report["gold_deals"], 2);
    assert_eq!(report["predicted_deals"], 1);
    assert_eq!(report["matched"], 1);
    // Roles are counted per gold party of a matched deal.
    assert_eq!(report["roles"]["sum"], 2.0);
    assert_eq!(report["roles"]["n"], 2);
}

/// The deals-web-dev shape: lines keyed by `n` and `url`, texts as `<n>.txt` or, when the
/// folder has one, read from its `dump.jsonl` by URL. Strict matching needs both parties;
/// `--loose` pairs on one.
#[test]
fn eval_reads_numbered_gold_with_texts_or_a_dump() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let texts = dir.path().join("texts");
    std::fs::create_dir(&texts).unwrap_or_else(|e| panic!("{e}"));
    write(&texts, "A01.txt", DEAL.as_bytes());
    let gold = serde_json::json!({"n": "A01", "url": "https://news.example/intel-altera", "published": "2020-03-04", "deals": [
        {"types": ["acquisition"], "parties": [{"name": "Intel Corporation", "role": "acquirer"}, {"name": "Altera", "role": "target"}],
         "date": {"value": "2020-03"}, "status": "signed", "patents": null, "areas": [], "money": {"disclosed": true}, "primary": true},
        {"types": ["partnership"], "parties": [{"name": "Intel", "role": "partner"}, {"name": "Nokia", "role": "partner"}], "primary": false}
    ]});
    write(dir.path(), "gold.jsonl", format!("{gold}\n").as_bytes());
    let run = |extra: &[&str]| -> serde_json::Value {
        let out = dealwire()
            .arg("eval")
            .arg("--gold")
            .arg(dir.path().join("gold.jsonl"))
            .arg("--corpus")
            .arg(&texts)
            .arg("--json")
            .args(extra)
            .assert()
            .success();
        serde_json::from_slice(&out.get_output().stdout).unwrap_or_default()
    };
    let strict = run(&[]);
    assert_eq!(strict["matching"], "strict");
    assert_eq!(strict["matched"], 1);
    assert_eq!(strict["roles"]["sum"], 2.0);
    assert_eq!(
        strict["date"]["sum"], 1.0,
        "a day date is right for a month gold"
    );
    let loose = run(&["--loose"]);
    assert_eq!(loose["matching"], "overlap");
    assert_eq!(loose["matched"], 1);

    // A dump beside the texts wins: here it holds an article with no deal.
    let line = serde_json::json!({"url": "https://news.example/intel-altera", "text": "Intel reported results.", "published": "2020-03-04"});
    write(&texts, "dump.jsonl", format!("{line}\n").as_bytes());
    assert_eq!(run(&[])["predicted_deals"], 0);

    // A gold line whose text is nowhere is an error that names it.
    std::fs::remove_file(texts.join("A01.txt")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::remove_file(texts.join("dump.jsonl")).unwrap_or_else(|e| panic!("{e}"));
    let out = dealwire()
        .arg("eval")
        .arg("--gold")
        .arg(dir.path().join("gold.jsonl"))
        .arg("--corpus")
        .arg(&texts)
        .assert()
        .failure();
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("A01.txt"), "{err}");
}
