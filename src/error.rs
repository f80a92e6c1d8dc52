//! Typed errors. Each carries the input it concerns (a path, `path:line`, a URL) and the stage
//! that failed, because a batch run reports a failure and moves on: the message alone has to
//! tell the user which input to look at.

use std::path::PathBuf;

/// A document that could not be read or made into an article.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{origin}: not valid UTF-8 text (first bad byte at offset {offset})")]
    InvalidUtf8 { origin: String, offset: usize },
    #[error("{origin}: looks like binary data, not an article")]
    Binary { origin: String },
    #[error("{origin}: empty input")]
    Empty { origin: String },
    #[error("{origin}: invalid JSON line: {message}")]
    Json { origin: String, message: String },
    #[error("{origin}: no article text found{}", detail.as_deref().map(|d| format!(" ({d})")).unwrap_or_default())]
    NoArticle {
        origin: String,
        detail: Option<String>,
    },
    #[error("{origin}: too large ({size} bytes, limit {limit})")]
    TooLarge {
        origin: String,
        size: u64,
        limit: u64,
    },
    /// An input with no size to check beforehand (standard input, a pipe, a device such as
    /// `/dev/zero`) that went on past the limit; nothing of it is used.
    #[error("{origin}: larger than the input size limit of {limit} bytes; not read further")]
    OverLimit { origin: String, limit: u64 },
    #[error("{origin}: {message}")]
    Fetch {
        origin: String,
        kind: &'static str,
        status: Option<u16>,
        message: String,
    },
    #[error("{origin}: {message}")]
    Format { origin: String, message: String },
}

impl Error {
    /// The input the error is about, for the error record.
    pub fn origin(&self) -> String {
        match self {
            Error::Io { path, .. } => path.display().to_string(),
            Error::InvalidUtf8 { origin, .. }
            | Error::Binary { origin }
            | Error::Empty { origin }
            | Error::Json { origin, .. }
            | Error::NoArticle { origin, .. }
            | Error::TooLarge { origin, .. }
            | Error::OverLimit { origin, .. }
            | Error::Fetch { origin, .. }
            | Error::Format { origin, .. } => origin.clone(),
        }
    }

    /// A short machine-readable kind for the error record.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Io { .. } => "io",
            Error::InvalidUtf8 { .. } => "invalid_utf8",
            Error::Binary { .. } => "binary",
            Error::Empty { .. } => "empty",
            Error::Json { .. } => "invalid_json",
            Error::NoArticle { .. } => "no_article",
            Error::TooLarge { .. } | Error::OverLimit { .. } => "too_large",
            Error::Fetch { kind, .. } => kind,
            Error::Format { .. } => "format",
        }
    }

    /// The stage the error happened in.
    pub fn stage(&self) -> &'static str {
        match self {
            Error::NoArticle { .. } => "clean",
            Error::Fetch { .. } => "fetch",
            _ => "read",
        }
    }

    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Fetch { status, .. } => *status,
            _ => None,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
