//! The ingest state: one SQLite database in WAL mode.
//!
//! What a run learns (URLs fetched, article texts and revisions, record revisions, feed
//! validators, watched files) is never written piecemeal. A run gathers it in a [`Changes`]
//! value; the commit protocol in [`mod@super::run`] first stores that value as an *intent* (in one
//! transaction, once the run's files are durable under temporary names), then renames the
//! files, then applies the intent and deletes it (in one transaction). A run that finds an
//! intent left by a killed run finishes it: the files it names are complete, so they are
//! renamed and the changes applied. Hence the state says "done" for a URL exactly when the
//! file holding its records is visible.

use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::{Deserialize, Serialize};

use super::IngestError;

/// A feed or sitemap, with what its server said last time.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SourceRow {
    pub url: String,
    pub kind: String,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// `ok`, `not_modified` or `failed`.
    pub status: String,
    pub checked_at: String,
}

/// A page URL (canonical form) and what became of it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UrlRow {
    pub url: String,
    /// The feed, sitemap or URL list that listed it.
    pub source: String,
    pub fetched_at: String,
    /// SHA-256 of the article text, when there was one.
    pub content_hash: Option<String>,
    /// `new`, `revised`, `unchanged`, `duplicate` (same text as another article) or `failed`.
    pub outcome: String,
    pub article_id: Option<String>,
    /// Failed attempts in a row (runs, not requests).
    pub attempts: u32,
    /// The title and date the listing gave; a change triggers a re-fetch.
    pub stamp: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ArticleRow {
    pub id: String,
    pub url: Option<String>,
    pub text_hash: String,
    pub revision: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RunRow {
    pub id: String,
    pub started: String,
    pub ended: String,
    pub new_articles: u64,
    pub revised_articles: u64,
    pub records: u64,
    pub errors: u64,
    pub failed_sources: u64,
}

/// Everything one run teaches the state, applied at once.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Changes {
    pub run: RunRow,
    /// The run's files, as (temporary name, final name) inside the output folder.
    pub files: Vec<(String, String)>,
    pub sources: Vec<SourceRow>,
    pub urls: Vec<UrlRow>,
    pub articles: Vec<ArticleRow>,
    /// (record id, article id, revision).
    pub records: Vec<(String, String, u32)>,
    /// (path, content hash) of watched files read.
    pub watched: Vec<(String, String)>,
}

/// A compaction in flight: the merged file and the run files it replaces.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Compaction {
    pub temp: String,
    pub target: String,
    pub replaced: Vec<String>,
}

/// An intent left in the database: a run's changes or a compaction.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Intent {
    Run(Box<Changes>),
    Compact(Compaction),
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS sources (
    url TEXT PRIMARY KEY, kind TEXT NOT NULL, etag TEXT, last_modified TEXT,
    status TEXT NOT NULL, checked_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS urls (
    url TEXT PRIMARY KEY, source TEXT NOT NULL, fetched_at TEXT NOT NULL,
    content_hash TEXT, outcome TEXT NOT NULL, article_id TEXT,
    attempts INTEGER NOT NULL DEFAULT 0, stamp TEXT);
CREATE INDEX IF NOT EXISTS urls_outcome ON urls(outcome);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY, url TEXT, text_hash TEXT NOT NULL, revision INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS texts (hash TEXT PRIMARY KEY, article_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (
    id TEXT PRIMARY KEY, article_id TEXT NOT NULL, revision INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS watched (path TEXT PRIMARY KEY, hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    id TEXT PRIMARY KEY, started TEXT NOT NULL, ended TEXT,
    new_articles INTEGER, revised_articles INTEGER, records INTEGER, errors INTEGER,
    failed_sources INTEGER);
CREATE TABLE IF NOT EXISTS intents (id TEXT PRIMARY KEY, payload TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS lock (
    id INTEGER PRIMARY KEY CHECK (id = 1), pid INTEGER NOT NULL, proc_start TEXT,
    since TEXT NOT NULL);
";

pub struct State {
    conn: Connection,
    pid: u32,
    locked: bool,
}

fn db_err(path: &Path) -> impl Fn(rusqlite::Error) -> IngestError + '_ {
    move |e| IngestError::State {
        path: path.to_path_buf(),
        message: describe(&e),
    }
}

/// What went wrong, in the words a user of the state database needs. A value of the wrong
/// type in a row is damage (a hand edit, a bad disk), not a bug to be reported as rusqlite's
/// "Conversion error from type Text".
fn describe(e: &rusqlite::Error) -> String {
    use rusqlite::Error as E;
    let hint = "repair the row, or set the database aside with --reset-state";
    match e {
        E::InvalidColumnType(i, name, ty) => {
            format!("a damaged row: column {name} (#{i}) holds {ty}, which it never should; {hint}")
        }
        E::FromSqlConversionFailure(i, ty, cause) => {
            format!("a damaged row: column #{i} holds a {ty} value that cannot be read ({cause}); {hint}")
        }
        E::IntegralValueOutOfRange(i, v) => {
            format!("a damaged row: column #{i} holds {v}, out of range; {hint}")
        }
        E::SqliteFailure(f, _)
            if matches!(
                f.code,
                rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt
            ) =>
        {
            format!("{e}: the file is damaged or not a state database; set it aside with --reset-state to start a new one")
        }
        _ => e.to_string(),
    }
}

/// Another process holds a lock SQLite does not wait for (a schema read upgrading to a write,
/// a WAL being set up): worth trying again, not a reason to give up.
fn busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

/// The tables every dealwire state database has had since the first; one without them is
/// somebody else's database.
const CORE_TABLES: &[&str] = &["urls", "runs", "lock"];

/// Sets the state database (and its WAL files) aside as `<name>.old-<time>`, so that the next
/// open starts a new one. Returns where it went, or `None` when there was none.
pub fn set_aside(path: &Path) -> Result<Option<std::path::PathBuf>, IngestError> {
    if std::fs::symlink_metadata(path).is_err() {
        return Ok(None);
    }
    let stamp = now_text().replace(':', "-");
    let mut to = path.as_os_str().to_owned();
    to.push(format!(".old-{stamp}"));
    let to = std::path::PathBuf::from(to);
    let fail = |e: std::io::Error| IngestError::State {
        path: path.to_path_buf(),
        message: format!("cannot set it aside: {e}"),
    };
    std::fs::rename(path, &to).map_err(fail)?;
    for ext in ["-wal", "-shm"] {
        let mut side = path.as_os_str().to_owned();
        side.push(ext);
        let side = std::path::PathBuf::from(side);
        if side.exists() {
            let mut dest = to.as_os_str().to_owned();
            dest.push(ext);
            std::fs::rename(&side, dest).map_err(fail)?;
        }
    }
    Ok(Some(to))
}

impl State {
    /// Opens the database, creating it if there is none. An existing file must be a dealwire
    /// state database: an empty, foreign or damaged one is an error, never taken for a new
    /// state (which would write every record again).
    ///
    /// A new database is built under a temporary name and linked into place, so that runs
    /// started at the same instant agree on one, and a run killed while creating it leaves
    /// no half-made file behind.
    pub fn open(path: &Path) -> Result<State, IngestError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| IngestError::State {
                path: path.to_path_buf(),
                message: format!("cannot create its folder: {e}"),
            })?;
        }
        if std::fs::symlink_metadata(path).is_err() {
            create(path)?;
        }
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        let mut wait = std::time::Duration::from_millis(5);
        loop {
            match Self::open_existing(path) {
                Err(Retry::Busy(_)) if std::time::Instant::now() < deadline => {
                    std::thread::sleep(wait);
                    wait = (wait * 2).min(std::time::Duration::from_millis(200));
                }
                Err(Retry::Busy(e)) => return Err(db_err(path)(e)),
                Err(Retry::Fatal(e)) => return Err(e),
                Ok(s) => return Ok(s),
            }
        }
    }

    fn open_existing(path: &Path) -> Result<State, Retry> {
        let meta = std::fs::metadata(path).map_err(|e| {
            Retry::Fatal(IngestError::State {
                path: path.to_path_buf(),
                message: format!("cannot read: {e}"),
            })
        })?;
        if meta.len() == 0 {
            return Err(Retry::Fatal(IngestError::State {
                path: path.to_path_buf(),
                message: "an empty file, not a dealwire state database; set it aside with \
                          --reset-state to start a new one"
                    .into(),
            }));
        }
        let err = |e: rusqlite::Error| {
            if busy(&e) {
                Retry::Busy(e)
            } else {
                Retry::Fatal(db_err(path)(e))
            }
        };
        let conn = Connection::open_with_flags(
            path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(err)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(err)?;
        let tables: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
            .and_then(|mut st| {
                st.query_map([], |r| r.get::<_, String>(0))?
                    .collect::<rusqlite::Result<Vec<_>>>()
            })
            .map_err(err)?;
        let missing: Vec<&str> = CORE_TABLES
            .iter()
            .copied()
            .filter(|t| !tables.iter().any(|have| have == t))
            .collect();
        if !missing.is_empty() {
            return Err(Retry::Fatal(IngestError::State {
                path: path.to_path_buf(),
                message: format!(
                    "not a dealwire state database (no table {}); set it aside with \
                     --reset-state to start a new one",
                    missing.join(", ")
                ),
            }));
        }
        setup(&conn).map_err(err)?;
        Ok(State {
            conn,
            pid: std::process::id(),
            locked: false,
        })
    }

    fn err(&self) -> impl Fn(rusqlite::Error) -> IngestError + '_ {
        |e| IngestError::State {
            path: self.conn.path().unwrap_or("").into(),
            message: describe(&e),
        }
    }

    /// Takes the run lock, or says who holds it. A holder whose process is gone (killed, or
    /// its pid now belongs to another process) left a stale lock, which is taken over.
    pub fn lock(&mut self) -> Result<(), IngestError> {
        let me = self.pid;
        let my_start = proc_start(me);
        let now = now_text();
        let path = self.conn.path().unwrap_or("").to_string();
        let err = |e: rusqlite::Error| IngestError::State {
            path: path.clone().into(),
            message: e.to_string(),
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(&err)?;
        let holder: Option<(u32, Option<String>, String)> = tx
            .query_row(
                "SELECT pid, proc_start, since FROM lock WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()
            .map_err(&err)?;
        if let Some((pid, start, since)) = holder {
            if pid != me && alive(pid, start.as_deref()) {
                return Err(IngestError::Locked { pid, since });
            }
            if pid != me {
                tracing::warn!("taking over a stale lock of process {pid} (since {since})");
            }
        }
        tx.execute(
            "INSERT OR REPLACE INTO lock (id, pid, proc_start, since) VALUES (1, ?1, ?2, ?3)",
            params![me, my_start, now],
        )
        .map_err(&err)?;
        tx.commit().map_err(&err)?;
        self.locked = true;
        Ok(())
    }

    /// Gives the lock back. (A killed run cannot; the next one takes its lock over.)
    pub fn unlock(&mut self) -> Result<(), IngestError> {
        if self.locked {
            self.conn
                .execute("DELETE FROM lock WHERE id = 1 AND pid = ?1", [self.pid])
                .map_err(self.err())?;
            self.locked = false;
        }
        Ok(())
    }

    pub fn source(&self, url: &str) -> Result<Option<SourceRow>, IngestError> {
        self.conn
            .query_row(
                "SELECT url, kind, etag, last_modified, status, checked_at FROM sources WHERE url = ?1",
                [url],
                |r| {
                    Ok(SourceRow {
                        url: r.get(0)?,
                        kind: r.get(1)?,
                        etag: r.get(2)?,
                        last_modified: r.get(3)?,
                        status: r.get(4)?,
                        checked_at: r.get(5)?,
                    })
                },
            )
            .optional()
            .map_err(self.err())
    }

    pub fn url(&self, url: &str) -> Result<Option<UrlRow>, IngestError> {
        self.conn
            .query_row(
                "SELECT url, source, fetched_at, content_hash, outcome, article_id, attempts, stamp
                 FROM urls WHERE url = ?1",
                [url],
                url_row,
            )
            .optional()
            .map_err(self.err())
    }

    /// Failed URLs still worth another try.
    pub fn failed_urls(&self, max_retries: u32) -> Result<Vec<UrlRow>, IngestError> {
        let mut st = self
            .conn
            .prepare(
                "SELECT url, source, fetched_at, content_hash, outcome, article_id, attempts, stamp
                 FROM urls WHERE outcome = 'failed' AND attempts < ?1 ORDER BY url",
            )
            .map_err(self.err())?;
        let rows = st
            .query_map([max_retries], url_row)
            .map_err(self.err())?
            .collect::<Result<Vec<_>, _>>()
            .map_err(self.err());
        rows
    }

    pub fn article(&self, id: &str) -> Result<Option<ArticleRow>, IngestError> {
        self.conn
            .query_row(
                "SELECT id, url, text_hash, revision FROM articles WHERE id = ?1",
                [id],
                |r| {
                    Ok(ArticleRow {
                        id: r.get(0)?,
                        url: r.get(1)?,
                        text_hash: r.get(2)?,
                        revision: r.get(3)?,
                    })
                },
            )
            .optional()
            .map_err(self.err())
    }

    /// The article whose text (now or in an earlier revision) has this hash.
    pub fn text_owner(&self, hash: &str) -> Result<Option<String>, IngestError> {
        self.conn
            .query_row(
                "SELECT article_id FROM texts WHERE hash = ?1",
                [hash],
                |r| r.get(0),
            )
            .optional()
            .map_err(self.err())
    }

    pub fn record_revision(&self, id: &str) -> Result<Option<u32>, IngestError> {
        self.conn
            .query_row("SELECT revision FROM records WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()
            .map_err(self.err())
    }

    pub fn watched_hash(&self, path: &str) -> Result<Option<String>, IngestError> {
        self.conn
            .query_row("SELECT hash FROM watched WHERE path = ?1", [path], |r| {
                r.get(0)
            })
            .optional()
            .map_err(self.err())
    }

    /// The id of the latest run begun, finished or not.
    pub fn last_run(&self) -> Result<Option<String>, IngestError> {
        self.conn
            .query_row("SELECT max(id) FROM runs", [], |r| r.get(0))
            .map_err(self.err())
    }

    /// Notes a run's start, so that the next run's id sorts after it even if this one dies.
    pub fn begin_run(&self, id: &str, started: &str) -> Result<(), IngestError> {
        self.conn
            .execute(
                "INSERT OR IGNORE INTO runs (id, started) VALUES (?1, ?2)",
                params![id, started],
            )
            .map(|_| ())
            .map_err(self.err())
    }

    /// Stores an intent durably.
    pub fn save_intent(&self, id: &str, intent: &Intent) -> Result<(), IngestError> {
        let payload = serde_json::to_string(intent).map_err(|e| IngestError::State {
            path: self.conn.path().unwrap_or("").into(),
            message: format!("cannot encode the run's changes: {e}"),
        })?;
        self.conn
            .execute(
                "INSERT OR REPLACE INTO intents (id, payload) VALUES (?1, ?2)",
                params![id, payload],
            )
            .map(|_| ())
            .map_err(self.err())
    }

    /// Intents left by runs that did not finish, oldest first.
    pub fn intents(&self) -> Result<Vec<(String, Intent)>, IngestError> {
        let mut st = self
            .conn
            .prepare("SELECT id, payload FROM intents ORDER BY id")
            .map_err(self.err())?;
        let rows: Vec<(String, String)> = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(self.err())?
            .collect::<Result<_, _>>()
            .map_err(self.err())?;
        rows.into_iter()
            .map(|(id, p)| {
                serde_json::from_str(&p)
                    .map(|i| (id.clone(), i))
                    .map_err(|e| IngestError::State {
                        path: self.conn.path().unwrap_or("").into(),
                        message: format!("unreadable intent {id}: {e}"),
                    })
            })
            .collect()
    }

    pub fn drop_intent(&self, id: &str) -> Result<(), IngestError> {
        self.conn
            .execute("DELETE FROM intents WHERE id = ?1", [id])
            .map(|_| ())
            .map_err(self.err())
    }

    /// Applies a run's changes and deletes its intent, in one transaction.
    pub fn apply(&mut self, intent_id: &str, c: &Changes) -> Result<(), IngestError> {
        let path = self.conn.path().unwrap_or("").to_string();
        let err = |e: rusqlite::Error| IngestError::State {
            path: path.clone().into(),
            message: e.to_string(),
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(&err)?;
        for s in &c.sources {
            tx.execute(
                "INSERT OR REPLACE INTO sources (url, kind, etag, last_modified, status, checked_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![s.url, s.kind, s.etag, s.last_modified, s.status, s.checked_at],
            )
            .map_err(&err)?;
        }
        for u in &c.urls {
            tx.execute(
                "INSERT OR REPLACE INTO urls
                 (url, source, fetched_at, content_hash, outcome, article_id, attempts, stamp)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    u.url,
                    u.source,
                    u.fetched_at,
                    u.content_hash,
                    u.outcome,
                    u.article_id,
                    u.attempts,
                    u.stamp
                ],
            )
            .map_err(&err)?;
        }
        for a in &c.articles {
            tx.execute(
                "INSERT OR REPLACE INTO articles (id, url, text_hash, revision) VALUES (?1, ?2, ?3, ?4)",
                params![a.id, a.url, a.text_hash, a.revision],
            )
            .map_err(&err)?;
            tx.execute(
                "INSERT OR IGNORE INTO texts (hash, article_id) VALUES (?1, ?2)",
                params![a.text_hash, a.id],
            )
            .map_err(&err)?;
        }
        for (id, article, rev) in &c.records {
            tx.execute(
                "INSERT OR REPLACE INTO records (id, article_id, revision) VALUES (?1, ?2, ?3)",
                params![id, article, rev],
            )
            .map_err(&err)?;
        }
        for (p, h) in &c.watched {
            tx.execute(
                "INSERT OR REPLACE INTO watched (path, hash) VALUES (?1, ?2)",
                params![p, h],
            )
            .map_err(&err)?;
        }
        let r = &c.run;
        tx.execute(
            "INSERT OR REPLACE INTO runs
             (id, started, ended, new_articles, revised_articles, records, errors, failed_sources)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                r.id,
                r.started,
                r.ended,
                r.new_articles,
                r.revised_articles,
                r.records,
                r.errors,
                r.failed_sources
            ],
        )
        .map_err(&err)?;
        tx.execute("DELETE FROM intents WHERE id = ?1", [intent_id])
            .map_err(&err)?;
        tx.commit().map_err(&err)
    }
}

impl Drop for State {
    fn drop(&mut self) {
        let _ = self.unlock();
    }
}

fn url_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<UrlRow> {
    Ok(UrlRow {
        url: r.get(0)?,
        source: r.get(1)?,
        fetched_at: r.get(2)?,
        content_hash: r.get(3)?,
        outcome: r.get(4)?,
        article_id: r.get(5)?,
        attempts: r.get(6)?,
        stamp: r.get(7)?,
    })
}

/// Why opening failed: worth another try, or not.
enum Retry {
    Busy(rusqlite::Error),
    Fatal(IngestError),
}

/// WAL: readers never block the run; FULL: a commit is on disk when it returns, which the
/// commit protocol relies on. The schema adds any table a database from an older version
/// lacks.
fn setup(conn: &Connection) -> rusqlite::Result<()> {
    let mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        tracing::warn!("state database: journal mode {mode}, not WAL");
    }
    conn.execute_batch("PRAGMA synchronous=FULL;")?;
    conn.execute_batch(SCHEMA)
}

/// Makes a new state database at `path` unless another process made one first.
fn create(path: &Path) -> Result<(), IngestError> {
    let err = |message: String| IngestError::State {
        path: path.to_path_buf(),
        message,
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "state.db".into());
    let temp = path.with_file_name(format!(".{name}.new-{}", std::process::id()));
    let _ = std::fs::remove_file(&temp);
    {
        let conn = Connection::open(&temp).map_err(|e| err(describe(&e)))?;
        setup(&conn).map_err(|e| err(describe(&e)))?;
        // Closing the last connection folds the WAL into the file and removes it, so the
        // one file linked below is the whole database.
        conn.close().map_err(|(_, e)| err(describe(&e)))?;
    }
    let linked = std::fs::hard_link(&temp, path);
    let _ = std::fs::remove_file(&temp);
    for ext in ["-wal", "-shm"] {
        let mut side = temp.as_os_str().to_owned();
        side.push(ext);
        let _ = std::fs::remove_file(side);
    }
    match linked {
        Ok(()) => Ok(()),
        // Another run made it first: theirs is used.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(err(format!("cannot create: {e}"))),
    }
}

/// The current UTC time as RFC 3339 with milliseconds.
pub fn now_text() -> String {
    chrono::Utc::now()
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

/// When process `pid` started (field 22 of `/proc/PID/stat`, in clock ticks since boot):
/// with the pid it names one process, even after the pid is reused.
fn proc_start(pid: u32) -> Option<String> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // `rest` starts at field 3 (state); field 22 is index 19.
    fields.get(19).map(|s| s.to_string())
}

/// Whether the lock holder still runs.
fn alive(pid: u32, start: Option<&str>) -> bool {
    if Path::new("/proc/self/stat").exists() {
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            return false;
        };
        let zombie = stat
            .rfind(')')
            .and_then(|i| stat[i + 1..].split_whitespace().next())
            .is_some_and(|s| s == "Z" || s == "X");
        if zombie {
            return false;
        }
        return match start {
            Some(s) => proc_start(pid).as_deref() == Some(s),
            None => true,
        };
    }
    // No /proc: ask the system whether the pid exists.
    std::process::Command::new("kill")
        .args(["-0", &pid.to_string()])
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_is_alive_and_a_made_up_start_is_not() {
        let me = std::process::id();
        let start = proc_start(me);
        assert!(alive(me, start.as_deref()));
        if start.is_some() {
            assert!(!alive(me, Some("1")));
        }
    }
}
