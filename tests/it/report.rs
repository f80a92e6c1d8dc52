//! `dealwire report` as a user runs it: an ingest folder, extract's output, bad lines.

use std::path::Path;

use serde_json::{json, Value};

use crate::support::{dealwire, write};

const DEAL: &str = "title: Deal\ndate: 2020-03-04\n\nChipmaker Intel has agreed to buy rival Altera for $16.7bn, the companies said on Tuesday.\n";

/// The records a report page carries (the JSON of its data element).
fn page_data(html: &Path) -> Value {
    let page = std::fs::read_to_string(html).unwrap_or_else(|e| panic!("{}: {e}", html.display()));
    let start = page
        .find("id=\"dw-data\">")
        .map(|i| i + "id=\"dw-data\">".len())
        .unwrap_or_else(|| panic!("no data element"));
    let end = start + page[start..].find("</script>").unwrap_or(0);
    serde_json::from_str(&page[start..end]).unwrap_or_else(|e| panic!("data: {e}"))
}

/// A record of article `article` whose parties' evidence is `parties` (start, end).
fn record(id: &str, article: &str, revision: u32, parties: (usize, usize)) -> String {
    json!({"schema":"deal/1","id":id,
        "article":{"id":article,"url":"https://news.example/a","title":"T","published":"2026-11-27","source":"news.example"},
        "types":["acquisition"],
        "parties":[{"name":"Alpha","mention":"Alpha","role":"acquirer"},{"name":"Beta","mention":"Beta","role":"target"}],
        "date":{"value":"2026-11-27","precision":"day","basis":"article"},"status":"announced",
        "patents":null,"areas":[],"technologies":[],"duration":null,"money":null,"quotes":[],"primary":true,
        "evidence":[{"field":"parties","sentence":0,"start":parties.0,"end":parties.1}],
        "confidence":0.8,"revision":revision})
    .to_string()
}

fn article(id: &str, revision: u32, text: &str) -> String {
    let n = text.chars().count();
    json!({"id":id,"url":"https://news.example/a","title":"T","published":"2026-11-27","source":"news.example",
        "text":text,"sentences":[{"start":0,"end":n,"text":text}],"revision":revision})
    .to_string()
}

/// The highlighted pieces of a deal's first evidence sentence.
fn marks(deal: &Value) -> Vec<String> {
    deal["sentences"][0]["segs"]
        .as_array()
        .map(|segs| {
            segs.iter()
                .filter(|s| s[1].as_array().is_some_and(|f| !f.is_empty()))
                .filter_map(|s| s[0].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn an_ingest_folder_keeps_the_highest_revision_with_its_own_articles() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let d = dir.path();
    let run1 = "2026-11-27T10-00-00.000Z";
    let run2 = "2026-11-27T11-00-00.000Z";
    write(
        d,
        &format!("deals-{run1}.jsonl"),
        format!(
            "{}\n{}\n",
            record("x", "a1", 1, (0, 5)),
            record("y", "a2", 1, (0, 4))
        )
        .as_bytes(),
    );
    write(
        d,
        &format!("articles-{run1}.jsonl"),
        format!(
            "{}\n{}\n",
            article("a1", 1, "Alpha buys Beta."),
            article("a2", 1, "Beta sold.")
        )
        .as_bytes(),
    );
    // The article changed: the record's second revision points into the new text.
    write(
        d,
        &format!("deals-{run2}.jsonl"),
        format!("{}\nnot json\n", record("x", "a1", 2, (6, 11))).as_bytes(),
    );
    write(
        d,
        &format!("articles-{run2}.jsonl"),
        format!("{}\n", article("a1", 2, "Today Alpha buys Beta.")).as_bytes(),
    );
    // A run's temporary file is no part of the dataset.
    write(
        d,
        &format!(".deals-{run2}.jsonl.tmp"),
        record("z", "a3", 1, (0, 1)).as_bytes(),
    );
    let out = d.join("report.html");
    let run = dealwire()
        .arg("report")
        .arg(d)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).to_string();
    assert!(
        stderr.contains(&format!("deals-{run2}.jsonl:2: not a deal record")),
        "{stderr}"
    );
    let data = page_data(&out);
    assert_eq!(data["total"], 2);
    let deals = data["deals"].as_array().cloned().unwrap_or_default();
    let x = deals
        .iter()
        .find(|d| d["id"] == "x")
        .cloned()
        .unwrap_or_default();
    assert_eq!(x["revision"], 2);
    assert_eq!(
        marks(&x),
        vec!["Alpha"],
        "highlighted in the text of its own run"
    );
    let y = deals
        .iter()
        .find(|d| d["id"] == "y")
        .cloned()
        .unwrap_or_default();
    assert_eq!(marks(&y), vec!["Beta"]);
    assert!(
        stderr.contains(
            "2 records (4 lines read, 1 replaced by a higher revision or repeated, 1 unusable)"
        ),
        "{stderr}"
    );
}

#[test]
fn extract_output_finds_its_articles_file_by_name() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let d = dir.path();
    let text = write(d, "a.txt", DEAL.as_bytes());
    let deals = d.join("deals.jsonl");
    dealwire()
        .arg("extract")
        .arg(&text)
        .arg("-o")
        .arg(&deals)
        .arg("--articles")
        .arg(d.join("articles.jsonl"))
        .assert()
        .success();
    let out = d.join("r.html");
    dealwire()
        .arg("report")
        .arg(&deals)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let data = page_data(&out);
    assert_eq!(data["have_articles"], true);
    let marks = marks(&data["deals"][0]);
    assert!(marks.iter().any(|m| m == "Intel"), "{marks:?}");
    let page = std::fs::read_to_string(&out).unwrap_or_default();
    assert!(page.contains("<svg") && !page.contains("http://www.w3.org/1999/xlink\" href"));
}

#[test]
fn no_deal_input_is_an_error() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let d = dir.path();
    let arts = write(
        d,
        "articles.jsonl",
        format!("{}\n", article("a1", 1, "Alpha buys Beta.")).as_bytes(),
    );
    let out = d.join("r.html");
    let run = dealwire()
        .arg("report")
        .arg(&arts)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2);
    assert!(String::from_utf8_lossy(&run.get_output().stderr).contains("not a deal file"));
    let empty = d.join("empty");
    std::fs::create_dir(&empty).unwrap_or_else(|e| panic!("{e}"));
    let run = dealwire()
        .arg("report")
        .arg(&empty)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2);
    assert!(String::from_utf8_lossy(&run.get_output().stderr).contains("no deals-*.jsonl"));
    assert!(!out.exists());
}
