//! The ingest configuration: a TOML file, every key of which a command-line flag can
//! override. Both arrive as a [`ConfigFile`] (the flags' one built by the binary); `merge`
//! lets the flags win and [`ConfigFile::into_settings`] checks the result once, so a bad
//! setting stops the run before it touches the state or the output folder.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use super::IngestError;
use crate::fetch::{FetchSettings, ProxySetting};

/// A byte count as TOML gives it: a number, or a string with a unit (`"10MiB"`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum ByteCount {
    Number(u64),
    Text(String),
}

impl ByteCount {
    fn bytes(&self) -> Result<u64, String> {
        match self {
            ByteCount::Number(n) => Ok(*n),
            ByteCount::Text(s) => parse_byte_count(s),
        }
    }
}

/// Parses `123`, `64K`, `10MiB`, `1G` and the like.
pub fn parse_byte_count(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: u64 = num
        .parse()
        .map_err(|_| format!("not a byte count: {s:?}"))?;
    let mult: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" => 1000,
        "kib" => 1 << 10,
        "m" | "mb" => 1000 * 1000,
        "mib" => 1 << 20,
        "g" | "gb" => 1000 * 1000 * 1000,
        "gib" => 1 << 30,
        other => return Err(format!("unknown unit {other:?} in {s:?}")),
    };
    n.checked_mul(mult)
        .ok_or_else(|| format!("too large: {s:?}"))
}

/// Every setting of an ingest run, all optional: what a config file says, or what flags say.
/// Unknown keys are refused, so that a misspelt key is an error and not a silent default.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ConfigFile {
    /// Where run files go.
    pub out: Option<PathBuf>,
    /// The SQLite state database.
    pub state: Option<PathBuf>,
    /// Feeds (RSS, Atom, JSON Feed) polled each run.
    pub feeds: Vec<String>,
    /// Sitemaps (indexes followed) polled each run.
    pub sitemaps: Vec<String>,
    /// Files of article URLs, one a line; new lines are fetched.
    pub urls: Vec<PathBuf>,
    /// Folders of dumps (HTML, text, JSONL, WARC); new or changed files are read.
    pub watch: Vec<PathBuf>,
    pub delay: Option<f64>,
    pub concurrency: Option<usize>,
    pub per_host: Option<usize>,
    pub timeout: Option<f64>,
    pub max_bytes: Option<ByteCount>,
    pub attempts: Option<u32>,
    pub user_agent: Option<String>,
    /// `none`, or a proxy URL; unset: the environment's proxy variables.
    pub proxy: Option<String>,
    /// A page seen before is fetched again, when its feed or sitemap lists it, once it is
    /// this many hours old (or at once when the listing's title or date for it changed).
    pub recheck_hours: Option<f64>,
    /// Runs in which a failed page is tried again before it is given up.
    pub max_retries: Option<u32>,
    /// Articles processed in parallel.
    pub jobs: Option<usize>,
    /// `--compact` leaves the run files of this many most recent days (today included) apart.
    pub keep_days: Option<u32>,
    /// Host names resolved to fixed addresses (`HOST:PORT:ADDR`); for tests.
    pub resolve: Vec<String>,
    /// A site-profile file (see the README's Profiles section).
    pub profiles: Option<PathBuf>,
}

impl ConfigFile {
    /// Reads a config file. Relative paths in it are taken relative to the file's folder, so
    /// that a crontab line works whatever cron's working directory is.
    pub fn load(path: &Path) -> Result<ConfigFile, IngestError> {
        let text = std::fs::read_to_string(path).map_err(|e| IngestError::Config {
            message: format!("cannot read {}: {e}", path.display()),
        })?;
        let mut c: ConfigFile = toml::from_str(&text).map_err(|e| IngestError::Config {
            message: format!("{}: {e}", path.display()),
        })?;
        let base = path.parent().unwrap_or(Path::new("."));
        let fix = |p: &mut PathBuf| {
            if p.is_relative() {
                *p = base.join(&*p);
            }
        };
        c.out.as_mut().map(fix);
        c.state.as_mut().map(fix);
        c.profiles.as_mut().map(fix);
        c.urls.iter_mut().for_each(fix);
        c.watch.iter_mut().for_each(fix);
        Ok(c)
    }

    /// `self` with every setting `flags` gives replacing the file's (a list flag replaces
    /// the whole list).
    pub fn merge(self, flags: ConfigFile) -> ConfigFile {
        fn list<T>(file: Vec<T>, flag: Vec<T>) -> Vec<T> {
            if flag.is_empty() {
                file
            } else {
                flag
            }
        }
        ConfigFile {
            out: flags.out.or(self.out),
            state: flags.state.or(self.state),
            feeds: list(self.feeds, flags.feeds),
            sitemaps: list(self.sitemaps, flags.sitemaps),
            urls: list(self.urls, flags.urls),
            watch: list(self.watch, flags.watch),
            delay: flags.delay.or(self.delay),
            concurrency: flags.concurrency.or(self.concurrency),
            per_host: flags.per_host.or(self.per_host),
            timeout: flags.timeout.or(self.timeout),
            max_bytes: flags.max_bytes.or(self.max_bytes),
            attempts: flags.attempts.or(self.attempts),
            user_agent: flags.user_agent.or(self.user_agent),
            proxy: flags.proxy.or(self.proxy),
            recheck_hours: flags.recheck_hours.or(self.recheck_hours),
            max_retries: flags.max_retries.or(self.max_retries),
            jobs: flags.jobs.or(self.jobs),
            keep_days: flags.keep_days.or(self.keep_days),
            resolve: list(self.resolve, flags.resolve),
            profiles: flags.profiles.or(self.profiles),
        }
    }

    /// Checks the settings and fills in defaults. `need_sources` is false for `--compact`,
    /// which reads no source.
    pub fn into_settings(self, need_sources: bool) -> Result<IngestSettings, IngestError> {
        let bad = |message: String| IngestError::Config { message };
        let out = self
            .out
            .ok_or_else(|| bad("no output folder: give --out DIR or `out` in the config".into()))?;
        let state = self.state.ok_or_else(|| {
            bad("no state database: give --state FILE or `state` in the config".into())
        })?;
        if need_sources
            && self.feeds.is_empty()
            && self.sitemaps.is_empty()
            && self.urls.is_empty()
            && self.watch.is_empty()
        {
            return Err(bad(
                "no sources: give --feed, --sitemap, --urls or --watch (or list them in the config)"
                    .into(),
            ));
        }
        let secs = |name: &str, v: f64| {
            Duration::try_from_secs_f64(v)
                .map_err(|_| bad(format!("{name} must be a number of seconds ≥ 0, not {v}")))
        };
        let mut fetch = FetchSettings::default();
        if let Some(d) = self.delay {
            fetch.delay = secs("delay", d)?;
        }
        if let Some(t) = self.timeout {
            fetch.timeout = secs("timeout", t)?;
        }
        if let Some(c) = self.concurrency {
            fetch.concurrency = c.max(1);
        }
        if let Some(p) = self.per_host {
            fetch.per_host = p.max(1);
        }
        if let Some(b) = &self.max_bytes {
            fetch.max_bytes = b.bytes().map_err(|e| bad(format!("max_bytes: {e}")))?;
        }
        if let Some(a) = self.attempts {
            fetch.attempts = a.max(1);
        }
        if let Some(ua) = self.user_agent {
            fetch.user_agent = ua;
        }
        fetch.proxy = match self.proxy.as_deref() {
            None => ProxySetting::System,
            Some("none") => ProxySetting::Off,
            Some(u) => ProxySetting::Url(u.to_string()),
        };
        for r in &self.resolve {
            fetch.resolve.push(parse_resolve(r).map_err(bad)?);
        }
        // Loaded here so that a bad profile file stops the run before it touches anything.
        let profiles = match &self.profiles {
            Some(p) => Some(std::sync::Arc::new(
                crate::profile::ProfileSet::load(p).map_err(|e| bad(e.to_string()))?,
            )),
            None => None,
        };
        let recheck_hours = self.recheck_hours.unwrap_or(24.0);
        let recheck_after = secs("recheck_hours", recheck_hours * 3600.0)?;
        Ok(IngestSettings {
            out,
            state,
            feeds: self.feeds,
            sitemaps: self.sitemaps,
            url_lists: self.urls,
            watch: self.watch,
            fetch,
            recheck_after,
            max_retries: self.max_retries.unwrap_or(5),
            jobs: self.jobs.unwrap_or_else(|| {
                std::thread::available_parallelism()
                    .map(usize::from)
                    .unwrap_or(1)
            }),
            keep_days: self.keep_days.unwrap_or(1),
            profiles,
        })
    }
}

fn parse_resolve(r: &str) -> Result<(String, std::net::SocketAddr), String> {
    use std::net::ToSocketAddrs;
    let want = || format!("resolve wants HOST:PORT:ADDR, got {r:?}");
    let (host, rest) = r.split_once(':').ok_or_else(want)?;
    let (port, ip) = rest.split_once(':').ok_or_else(want)?;
    let port: u16 = port.parse().map_err(|_| want())?;
    let sock = (ip, port)
        .to_socket_addrs()
        .map_err(|e| format!("resolve {r:?}: {e}"))?
        .next()
        .ok_or_else(want)?;
    Ok((host.to_string(), sock))
}

/// The checked settings of an ingest run.
#[derive(Debug, Clone)]
pub struct IngestSettings {
    pub out: PathBuf,
    pub state: PathBuf,
    pub feeds: Vec<String>,
    pub sitemaps: Vec<String>,
    pub url_lists: Vec<PathBuf>,
    pub watch: Vec<PathBuf>,
    /// Politeness and limits, shared by the listing requests and the page fetcher.
    pub fetch: FetchSettings,
    pub recheck_after: Duration,
    pub max_retries: u32,
    pub jobs: usize,
    pub keep_days: u32,
    pub profiles: Option<std::sync::Arc<crate::profile::ProfileSet>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_win_and_lists_replace() {
        let file: ConfigFile = toml::from_str(
            r#"
            out = "o"
            state = "s.db"
            feeds = ["http://a/feed", "http://b/feed"]
            delay = 2.0
            max_bytes = "1MiB"
            "#,
        )
        .unwrap_or_default();
        let flags = ConfigFile {
            feeds: vec!["http://c/feed".into()],
            delay: Some(0.0),
            ..Default::default()
        };
        let s = file.merge(flags).into_settings(true);
        let s = s.map_err(|e| e.to_string());
        let s = s.as_ref();
        assert_eq!(s.map(|s| s.feeds.clone()), Ok(vec!["http://c/feed".into()]));
        assert_eq!(s.map(|s| s.fetch.delay), Ok(Duration::ZERO));
        assert_eq!(s.map(|s| s.fetch.max_bytes), Ok(1 << 20));
    }

    #[test]
    fn unknown_keys_and_missing_settings_are_refused() {
        assert!(toml::from_str::<ConfigFile>("feeds = []\nfeed = \"x\"").is_err());
        assert!(ConfigFile::default().into_settings(true).is_err());
        let only_paths = ConfigFile {
            out: Some("o".into()),
            state: Some("s".into()),
            ..Default::default()
        };
        assert!(only_paths.clone().into_settings(true).is_err());
        assert!(only_paths.into_settings(false).is_ok());
    }

    /// Issue 23: `profiles` is relative to the config file, and a bad profile file stops
    /// the run before it starts, naming the file and line.
    #[test]
    fn profiles_load_with_the_settings() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let config = dir.path().join("ingest.toml");
        std::fs::write(
            &config,
            "out = \"o\"\nstate = \"s.db\"\nfeeds = [\"http://a/f\"]\nprofiles = \"p.toml\"\n",
        )?;
        std::fs::write(dir.path().join("p.toml"), "[\"a.test\"]\nbody = \"div[\"\n")?;
        let err = ConfigFile::load(&config)?
            .into_settings(true)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("p.toml:2:"), "{err}");
        std::fs::write(dir.path().join("p.toml"), "[\"a.test\"]\nbody = \"div\"\n")?;
        let s = ConfigFile::load(&config)?.into_settings(true)?;
        assert!(s
            .profiles
            .is_some_and(|p| p.for_url("https://a.test/x").is_some()));
        Ok(())
    }
}
