//! Site profiles: per-publisher CSS selectors for the body, title, authors and date.
//!
//! The generic cleaner guesses where the story is on any page; a user who polls a fixed list
//! of sites can do better by pinning each site's layout once. A profile file is TOML, one table
//! per host (`*.` for any subdomain), and is applied through `scraper` (a full HTML5 tree with
//! CSS selector matching), after the generic cleaner has run. The generic result is kept as
//! the fallback: when a selector finds nothing (a redesign, a page of another kind), that
//! field comes from the generic cleaner and a warning says so, so that a stale profile is
//! noticed in the logs and in the article's `extraction` field rather than silently costing
//! text.
//!
//! - `apply` reads a page with a profile (and is the hook the pipeline calls);
//! - `suggest` learns a profile from pages the generic cleaner reads well, and checks a
//!   profile against pages (`dealwire profile suggest|check`).

mod apply;
mod suggest;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use scraper::Selector;
use serde::{Deserialize, Serialize};
use toml::Spanned;

pub use apply::{clean_with_profiles, element_blocks, ProfileCleaned};
pub use suggest::{check, suggest, CheckReport, FieldCount, Page, SuggestError, Suggestion};

/// How an article's body was found, recorded on the article when its host has a profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Extraction {
    /// The profile's body selectors.
    Profile,
    /// The generic cleaner, because the profile's body selectors found nothing.
    Generic,
}

/// A profile file that cannot be used; the message names the file and line.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{file}:{line}: {message}")]
    Invalid {
        file: String,
        line: usize,
        message: String,
    },
}

/// One CSS selector, optionally reading an attribute (`time[datetime]@datetime`) instead of
/// the element's text.
#[derive(Debug, Clone)]
pub struct FieldSelector {
    /// As written in the file, for messages and reports.
    pub source: String,
    pub selector: Selector,
    pub attr: Option<String>,
}

impl FieldSelector {
    /// Parses `css` or `css@attr`. The `@` is taken as the attribute marker only when what
    /// follows it is an attribute name, so an `@` inside a quoted attribute value stays CSS.
    pub fn parse(text: &str) -> Result<Self, String> {
        let (css, attr) = match text.rsplit_once('@') {
            Some((css, attr))
                if !attr.is_empty()
                    && attr
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':')) =>
            {
                (css, Some(attr.to_string()))
            }
            _ => (text, None),
        };
        let css = css.trim();
        if css.is_empty() {
            return Err(format!("empty selector in {text:?}"));
        }
        let selector =
            Selector::parse(css).map_err(|e| format!("invalid CSS selector {css:?}: {e}"))?;
        Ok(FieldSelector {
            source: text.to_string(),
            selector,
            attr,
        })
    }
}

/// The rules of one host.
#[derive(Debug, Clone)]
pub struct Profile {
    /// The table name: a host or `*.domain`.
    pub host: String,
    /// Pages this profile is for, when not every page of the host is an article.
    pub url: Option<regex::Regex>,
    /// Containers of the story; the body is every match, in document order.
    pub body: Vec<FieldSelector>,
    /// Elements inside the containers that are not story (share bars, related links).
    pub drop: Vec<FieldSelector>,
    pub title: Option<FieldSelector>,
    pub authors: Option<FieldSelector>,
    pub published: Option<FieldSelector>,
}

/// A loaded profile file: profiles by host, exact hosts before wildcards.
#[derive(Debug, Clone, Default)]
pub struct ProfileSet {
    pub profiles: Vec<Profile>,
    exact: HashMap<String, usize>,
    /// `(domain, index)` of `*.domain` tables, longest domain first so the most specific wins.
    wildcard: Vec<(String, usize)>,
}

/// A table as written, before its selectors are compiled.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HostTable {
    url: Option<Spanned<String>>,
    body: Spanned<toml::Value>,
    drop: Option<Spanned<toml::Value>>,
    title: Option<Spanned<String>>,
    authors: Option<Spanned<String>>,
    published: Option<Spanned<String>>,
}

/// 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// A host as a lookup key: lower case, without `www.`, so that a profile for `example.com`
/// also reads `www.example.com`.
fn host_key(host: &str) -> String {
    let h = host.trim().trim_end_matches('.').to_ascii_lowercase();
    h.strip_prefix("www.").map(str::to_string).unwrap_or(h)
}

fn valid_host(h: &str) -> bool {
    !h.is_empty()
        && h.split('.').all(|label| {
            !label.is_empty()
                && label
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
}

impl ProfileSet {
    /// Reads and checks a profile file.
    pub fn load(path: &Path) -> Result<Self, ProfileError> {
        let text = std::fs::read_to_string(path).map_err(|source| ProfileError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Self::parse(&text, &path.display().to_string())
    }

    /// Parses profile TOML; `file` names it in errors.
    pub fn parse(text: &str, file: &str) -> Result<Self, ProfileError> {
        let invalid = |offset: usize, message: String| ProfileError::Invalid {
            file: file.to_string(),
            line: line_of(text, offset),
            message,
        };
        let tables: std::collections::BTreeMap<String, HostTable> =
            toml::from_str(text).map_err(|e| {
                let start = e.span().map(|s| s.start).unwrap_or(0);
                invalid(start, e.message().trim().to_string())
            })?;
        let mut set = ProfileSet::default();
        for (name, table) in tables {
            let at = find_table(text, &name);
            let key = host_key(&name);
            let (domain, wild) = match key.strip_prefix("*.") {
                Some(d) => (d.to_string(), true),
                None => (key.clone(), false),
            };
            if !valid_host(&domain) {
                return Err(invalid(
                    at,
                    format!("[{name:?}] is not a host name or `*.domain`"),
                ));
            }
            let one = |s: &Spanned<String>| {
                FieldSelector::parse(s.get_ref()).map_err(|m| invalid(s.span().start, m))
            };
            let many = |v: &Spanned<toml::Value>,
                        what: &str|
             -> Result<Vec<FieldSelector>, ProfileError> {
                let items: Vec<&str> = match v.get_ref() {
                    toml::Value::String(s) => vec![s.as_str()],
                    toml::Value::Array(a) => a
                        .iter()
                        .map(|x| {
                            x.as_str().ok_or_else(|| {
                                invalid(v.span().start, format!("`{what}` must hold strings"))
                            })
                        })
                        .collect::<Result<_, _>>()?,
                    _ => {
                        return Err(invalid(
                            v.span().start,
                            format!("`{what}` must be a selector or a list of selectors"),
                        ))
                    }
                };
                items
                    .into_iter()
                    .map(|s| FieldSelector::parse(s).map_err(|m| invalid(v.span().start, m)))
                    .collect()
            };
            let body = many(&table.body, "body")?;
            if body.is_empty() {
                return Err(invalid(table.body.span().start, "`body` is empty".into()));
            }
            let url =
                match &table.url {
                    Some(u) => Some(regex::Regex::new(u.get_ref()).map_err(|e| {
                        invalid(u.span().start, format!("invalid `url` pattern: {e}"))
                    })?),
                    None => None,
                };
            let profile = Profile {
                host: name.clone(),
                url,
                body,
                drop: match &table.drop {
                    Some(d) => many(d, "drop")?,
                    None => Vec::new(),
                },
                title: table.title.as_ref().map(one).transpose()?,
                authors: table.authors.as_ref().map(one).transpose()?,
                published: table.published.as_ref().map(one).transpose()?,
            };
            let index = set.profiles.len();
            let clash = if wild {
                set.wildcard.iter().any(|(d, _)| *d == domain)
            } else {
                set.exact.contains_key(&domain)
            };
            if clash {
                return Err(invalid(at, format!("a second profile for {name:?}")));
            }
            if wild {
                set.wildcard.push((domain, index));
            } else {
                set.exact.insert(domain, index);
            }
            set.profiles.push(profile);
        }
        set.wildcard
            .sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        Ok(set)
    }

    /// The profile for a page, if its host has one and the page matches its URL pattern.
    pub fn for_url(&self, url: &str) -> Option<&Profile> {
        let parsed = url::Url::parse(url).ok()?;
        let host = host_key(parsed.host_str()?);
        let index = self.exact.get(&host).copied().or_else(|| {
            self.wildcard
                .iter()
                .find(|(d, _)| host == *d || host.ends_with(&format!(".{d}")))
                .map(|(_, i)| *i)
        })?;
        let p = self.profiles.get(index)?;
        match &p.url {
            Some(re) if !re.is_match(url) => None,
            _ => Some(p),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.profiles.is_empty()
    }
}

/// The byte offset of a table's header (`["host"]` or `[host]`), for messages about it.
fn find_table(text: &str, name: &str) -> usize {
    let quoted = format!("[\"{name}\"]");
    let bare = format!("[{name}]");
    text.find(&quoted).or_else(|| text.find(&bare)).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"
["news.example.com"]
body = ["div.story-body", "div.story-more"]
drop = ".related"
title = "h1.headline"
authors = ".byline a"
published = "time[datetime]@datetime"

["*.example.org"]
url = "/\\d{4}/\\d{2}/"
body = "article"
"#;

    #[test]
    fn parses_hosts_wildcards_and_attributes() {
        let set = ProfileSet::parse(FILE, "p.toml").expect("valid file");
        let p = set
            .for_url("https://www.news.example.com/a")
            .expect("exact host, www ignored");
        assert_eq!(p.body.len(), 2);
        assert_eq!(p.drop.len(), 1);
        let date = p.published.as_ref().expect("published");
        assert_eq!(date.attr.as_deref(), Some("datetime"));
        assert!(p.title.as_ref().is_some_and(|t| t.attr.is_none()));
        assert!(set.for_url("https://blog.example.org/2024/05/x").is_some());
        assert!(set.for_url("https://example.org/2024/05/x").is_some());
        assert!(
            set.for_url("https://blog.example.org/about").is_none(),
            "URL pattern"
        );
        assert!(set.for_url("https://other.test/").is_none());
        assert!(set.for_url("not a url").is_none());
    }

    #[test]
    fn bad_files_name_file_and_line() {
        let bad_css = "[\"a.test\"]\nbody = \"div\"\ntitle = \"h1[\"\n";
        let e = ProfileSet::parse(bad_css, "p.toml").expect_err("bad selector");
        assert!(e.to_string().starts_with("p.toml:3: "), "{e}");
        let unknown = "[\"a.test\"]\nbody = \"div\"\nbdoy = \"p\"\n";
        let e = ProfileSet::parse(unknown, "p.toml").expect_err("unknown key");
        assert!(e.to_string().starts_with("p.toml:"), "{e}");
        assert!(e.to_string().contains("bdoy"), "{e}");
        let syntax = "[\"a.test\"]\nbody = \"div\n";
        let e = ProfileSet::parse(syntax, "p.toml").expect_err("syntax");
        assert!(e.to_string().starts_with("p.toml:2: "), "{e}");
        let no_body = "[\"a.test\"]\ntitle = \"h1\"\n";
        let e = ProfileSet::parse(no_body, "p.toml").expect_err("no body");
        assert!(e.to_string().contains("body"), "{e}");
        let bad_re = "[\"a.test\"]\nbody = \"div\"\nurl = \"(\"\n";
        let e = ProfileSet::parse(bad_re, "p.toml").expect_err("bad regex");
        assert!(e.to_string().starts_with("p.toml:3: "), "{e}");
    }

    #[test]
    fn attribute_marker_needs_a_name_after_it() {
        let f = FieldSelector::parse("a[href=\"mailto:x@y\"]").expect("css only");
        assert_eq!(f.attr, None);
        let f = FieldSelector::parse("meta[property=\"og:title\"]@content").expect("attr");
        assert_eq!(f.attr.as_deref(), Some("content"));
        assert!(FieldSelector::parse("@content").is_err());
    }
}
