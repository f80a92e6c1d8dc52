//! Run files: written under a hidden temporary name, flushed and fsynced, then renamed into
//! place, so a reader of the output folder sees a file whole or not at all.
//!
//! Names: `deals-<run>.jsonl`, `articles-<run>.jsonl`, `errors-<run>.jsonl`, where `<run>`
//! is a UTC timestamp like `2026-11-27T10-00-00.000Z` (all the same length, so names sort by
//! time); compaction writes `deals-<day>.jsonl`, which sorts before that day's run files.
//! Temporary files are `.<name>.tmp`: hidden, and never matched by `deals-*.jsonl`.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::failpoint;
use super::IngestError;

/// The three kinds of run file, in the order they are written and renamed.
pub const KINDS: [&str; 3] = ["errors", "articles", "deals"];

pub fn final_name(kind: &str, run: &str) -> String {
    format!("{kind}-{run}.jsonl")
}

pub fn temp_name(final_name: &str) -> String {
    format!(".{final_name}.tmp")
}

fn io_err<'a>(path: &'a Path, what: &str) -> impl Fn(std::io::Error) -> IngestError + 'a {
    let what = what.to_string();
    move |e| IngestError::Output {
        path: path.to_path_buf(),
        message: format!("{what}: {e}"),
    }
}

/// One run file being written under its temporary name.
pub struct TempFile {
    path: PathBuf,
    pub final_name: String,
    pub temp_name: String,
    out: BufWriter<File>,
    pub lines: u64,
}

impl TempFile {
    pub fn create(dir: &Path, final_name: String) -> Result<TempFile, IngestError> {
        let temp_name = temp_name(&final_name);
        let path = dir.join(&temp_name);
        let f = File::create(&path).map_err(io_err(&path, "cannot create"))?;
        Ok(TempFile {
            path,
            final_name,
            temp_name,
            out: BufWriter::new(f),
            lines: 0,
        })
    }

    pub fn write<T: Serialize>(&mut self, value: &T) -> Result<(), IngestError> {
        let mut line = serde_json::to_vec(value).map_err(|e| IngestError::Output {
            path: self.path.clone(),
            message: format!("cannot encode a line: {e}"),
        })?;
        line.push(b'\n');
        self.write_raw(&line)
    }

    /// Writes one line that is already JSON (compaction copies lines as they are).
    pub fn write_raw(&mut self, line: &[u8]) -> Result<(), IngestError> {
        self.out
            .write_all(line)
            .map_err(io_err(&self.path, "cannot write"))?;
        self.lines += 1;
        failpoint::hit("write");
        Ok(())
    }

    /// Flushes and fsyncs; the file is then complete on disk, still under its temporary name.
    pub fn finish(self) -> Result<(String, String), IngestError> {
        let TempFile {
            path,
            final_name,
            temp_name,
            out,
            ..
        } = self;
        let f = out
            .into_inner()
            .map_err(|e| io_err(&path, "cannot write")(e.into_error()))?;
        failpoint::hit("written");
        f.sync_all().map_err(io_err(&path, "cannot fsync"))?;
        failpoint::hit("synced");
        Ok((temp_name, final_name))
    }
}

/// Renames a finished temporary file into place (a no-op when it is there already).
pub fn publish(dir: &Path, temp: &str, fin: &str) -> Result<(), IngestError> {
    let from = dir.join(temp);
    let to = dir.join(fin);
    match std::fs::rename(&from, &to) {
        Ok(()) => {}
        // Renamed before a crash: the final file holds it.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && to.exists() => {}
        Err(e) => return Err(io_err(&from, "cannot rename")(e)),
    }
    failpoint::hit("renamed");
    Ok(())
}

/// Makes renames and deletions in `dir` durable.
pub fn sync_dir(dir: &Path) -> Result<(), IngestError> {
    // Opening a directory for fsync is a Unix thing; elsewhere renames are left to the OS.
    #[cfg(unix)]
    {
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(io_err(dir, "cannot fsync the folder"))?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Removes temporary files that no intent names: the leftovers of a run killed before it
/// committed. Their content is redone by the next run.
pub fn remove_stale_temps(dir: &Path) -> Result<u64, IngestError> {
    let mut n = 0;
    let entries = std::fs::read_dir(dir).map_err(io_err(dir, "cannot list"))?;
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        let ours = name.starts_with('.')
            && name.ends_with(".jsonl.tmp")
            && KINDS
                .iter()
                .any(|k| name[1..].starts_with(&format!("{k}-")));
        if ours {
            let p = e.path();
            std::fs::remove_file(&p).map_err(io_err(&p, "cannot remove"))?;
            n += 1;
        }
    }
    Ok(n)
}

/// The output folder, created if need be and checked writable.
pub fn prepare_dir(dir: &Path) -> Result<(), IngestError> {
    std::fs::create_dir_all(dir).map_err(io_err(dir, "cannot create the output folder"))?;
    // One name per process: two runs starting together must not remove each other's probe.
    let probe = dir.join(format!(".dealwire-write-probe-{}", std::process::id()));
    File::create(&probe)
        .and_then(|_| std::fs::remove_file(&probe))
        .map_err(io_err(dir, "the output folder is not writable"))
}
