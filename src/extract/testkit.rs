//! What the extractor's tests share: records of a text, and a short summary of each.
//! Sentences in tests are the project's own writing.

use crate::doc::Article;
use crate::record::DealRecord;

pub(super) fn txt_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            txt_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "txt") {
            out.push(p);
        }
    }
    out.sort();
}

pub(super) fn records(text: &str) -> Vec<DealRecord> {
    let article = Article::for_test(text, chrono::NaiveDate::from_ymd_opt(2020, 3, 4));
    super::extract(&article).0
}

/// Types, (party, role) pairs and status of a record.
pub(super) type Summary = (Vec<String>, Vec<(String, String)>, String);

pub(super) fn summary(r: &DealRecord) -> Summary {
    (
        r.types.clone(),
        r.parties
            .iter()
            .map(|p| (p.name.clone(), p.role.clone()))
            .collect(),
        r.status.clone(),
    )
}

/// The summaries of the records of a text.
pub(super) fn summaries(text: &str) -> Vec<Summary> {
    records(text).iter().map(summary).collect()
}

/// Asserts that a text gives a record of these types with these (name, role) parties, in the
/// record's order.
#[track_caller]
pub(super) fn assert_record(text: &str, types: &[&str], parties: &[(&str, &str)]) {
    let r = summaries(text);
    let want: Vec<(String, String)> = parties
        .iter()
        .map(|(n, role)| (n.to_string(), role.to_string()))
        .collect();
    assert!(
        r.iter()
            .any(|s| (types.is_empty() || s.0 == types) && s.1 == want),
        "{text}: {r:?}"
    );
}

/// The status of a text's first record.
pub(super) fn first_status(text: &str) -> Option<String> {
    records(text).first().map(|r| r.status.clone())
}
