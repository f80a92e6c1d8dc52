//! Retention: `ingest --compact` merges the run files of each finished day into one file per
//! kind and day (`deals-2026-11-27.jsonl`), lines copied as they are.
//!
//! The same intent protocol as a run keeps it exactly-once: the merged file is written under
//! a temporary name and fsynced, then an intent naming it and the files it replaces is
//! committed, then the merged file is renamed into place and the replaced files deleted, then
//! the intent is dropped. A compaction killed before its intent leaves only a temporary file
//! (removed later); one killed after is finished by the next run or compaction. A day file
//! compacted before is merged again with any run file of its day that appeared since.

use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::Path;

use chrono::{Days, Utc};

use super::config::IngestSettings;
use super::failpoint;
use super::output::{self, final_name, publish, sync_dir, TempFile, KINDS};
use super::run::{day_of, recover};
use super::state::{Compaction, Intent, State};
use super::IngestError;

#[derive(Debug, Clone, Default)]
pub struct CompactReport {
    /// Day files written.
    pub days: u64,
    /// Run files merged into them (and removed).
    pub merged: u64,
    pub lines: u64,
}

/// A file of the output folder this module knows: its kind and day, and whether it is a day
/// file already.
fn classify(name: &str) -> Option<(&'static str, chrono::NaiveDate, bool)> {
    let stem = name.strip_suffix(".jsonl")?;
    let kind = KINDS
        .into_iter()
        .find(|k| stem.starts_with(k) && stem[k.len()..].starts_with('-'))?;
    let rest = &stem[kind.len() + 1..];
    let day = day_of(rest)?;
    Some((kind, day, rest.len() == 10))
}

/// Compacts every day older than the `keep_days` most recent ones (today counts as one).
pub fn compact(s: &IngestSettings) -> Result<CompactReport, IngestError> {
    output::prepare_dir(&s.out)?;
    let mut state = State::open(&s.state)?;
    state.lock()?;
    recover(&mut state, &s.out)?;
    let today = Utc::now().date_naive();
    let cutoff = today
        .checked_add_days(Days::new(1))
        .and_then(|d| d.checked_sub_days(Days::new(u64::from(s.keep_days))))
        .unwrap_or(today);
    let mut groups: BTreeMap<(&'static str, chrono::NaiveDate), Vec<(String, bool)>> =
        BTreeMap::new();
    let entries = std::fs::read_dir(&s.out).map_err(|e| IngestError::Output {
        path: s.out.clone(),
        message: format!("cannot list: {e}"),
    })?;
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        if let Some((kind, day, is_day)) = classify(&name) {
            if day < cutoff {
                groups.entry((kind, day)).or_default().push((name, is_day));
            }
        }
    }
    let mut report = CompactReport::default();
    for ((kind, day), mut files) in groups {
        if files.iter().all(|(_, is_day)| *is_day) {
            continue;
        }
        // The day file sorts first, then run files by time.
        files.sort();
        let target = final_name(kind, &day.to_string());
        let mut tmp = TempFile::create(&s.out, target.clone())?;
        for (name, _) in &files {
            copy_lines(&s.out.join(name), &mut tmp)?;
        }
        report.lines += tmp.lines;
        let (temp, target) = tmp.finish()?;
        sync_dir(&s.out)?;
        let replaced: Vec<String> = files
            .into_iter()
            .filter(|(n, _)| *n != target)
            .map(|(n, _)| n)
            .collect();
        report.merged += replaced.len() as u64;
        report.days += 1;
        let c = Compaction {
            temp,
            target,
            replaced,
        };
        let id = format!("compact-{kind}-{day}");
        state.save_intent(&id, &Intent::Compact(c.clone()))?;
        failpoint::hit("intent");
        finish(&mut state, &s.out, &id, &c)?;
    }
    state.unlock()?;
    Ok(report)
}

fn copy_lines(path: &Path, out: &mut TempFile) -> Result<(), IngestError> {
    let err = |e: std::io::Error| IngestError::Output {
        path: path.to_path_buf(),
        message: format!("cannot read: {e}"),
    };
    let mut r = std::io::BufReader::new(std::fs::File::open(path).map_err(err)?);
    let mut line = Vec::new();
    loop {
        line.clear();
        if r.read_until(b'\n', &mut line).map_err(err)? == 0 {
            return Ok(());
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        if !line.ends_with(b"\n") {
            line.push(b'\n');
        }
        out.write_raw(&line)?;
    }
}

/// Puts a committed compaction in place: the merged file renamed, the replaced files removed,
/// the intent dropped. Safe to repeat.
pub fn finish(state: &mut State, out: &Path, id: &str, c: &Compaction) -> Result<(), IngestError> {
    publish(out, &c.temp, &c.target)?;
    sync_dir(out)?;
    for name in &c.replaced {
        let p = out.join(name);
        match std::fs::remove_file(&p) {
            Ok(()) => failpoint::hit("removed"),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(IngestError::Output {
                    path: p,
                    message: format!("cannot remove: {e}"),
                })
            }
        }
    }
    sync_dir(out)?;
    state.drop_intent(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_classified() {
        let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        let c = classify("deals-2026-11-27T10-00-00.000Z.jsonl");
        assert_eq!(
            c.map(|c| (c.0, Some(c.1), c.2)),
            Some(("deals", d("2026-11-27"), false))
        );
        let c = classify("errors-2026-11-27.jsonl");
        assert_eq!(
            c.map(|c| (c.0, Some(c.1), c.2)),
            Some(("errors", d("2026-11-27"), true))
        );
        assert!(classify(".deals-2026-11-27.jsonl.tmp").is_none());
        assert!(classify("dealsx-2026-11-27.jsonl").is_none());
        assert!(classify("deals-notaday.jsonl").is_none());
    }
}
