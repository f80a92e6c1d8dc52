//! The plain types that flow between stages: a [`RawDoc`] from a source, an [`Article`] after
//! cleaning and splitting, and the [`Diagnostic`]s a stage leaves behind.
//!
//! Offsets are the one thing every stage must agree on, so the rule lives here: a [`Sentence`]
//! holds character offsets (what the JSON contract exposes, counted in Unicode scalar values)
//! and byte offsets (what Rust slices with) into [`Article::text`], and both always describe
//! the same span.

use chrono::NaiveDate;
use serde::Serialize;

/// What a document's bytes are, as far as the source could tell.
#[derive(Debug, Clone)]
pub enum Body {
    /// Markup whose charset is not settled yet; the cleaner decodes it.
    Html(Vec<u8>),
    /// Text already decoded to UTF-8 (a `.txt` file or a JSONL `text` field).
    Text(String),
}

/// One document as a source delivered it, before any cleaning.
#[derive(Debug, Clone)]
pub struct RawDoc {
    /// Where the document came from, for error messages: a path, `path:line`, a URL or `-`.
    pub origin: String,
    pub url: Option<String>,
    /// Metadata the source itself supplied (a text header, a JSONL field, a feed item); it wins
    /// over what the cleaner guesses from the page.
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
    /// Site or dump name, for the record's `article.source`.
    pub source: Option<String>,
    /// Charset named by the transport (HTTP `Content-Type`, WARC header), if any.
    pub charset: Option<String>,
    pub body: Body,
}

impl RawDoc {
    pub fn text(origin: impl Into<String>, text: impl Into<String>) -> Self {
        RawDoc {
            origin: origin.into(),
            url: None,
            title: None,
            published: None,
            source: None,
            charset: None,
            body: Body::Text(text.into()),
        }
    }

    pub fn html(origin: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        RawDoc {
            body: Body::Html(bytes.into()),
            ..RawDoc::text(origin, String::new())
        }
    }
}

/// A sentence as a span of [`Article::text`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Sentence {
    /// Character offsets, end exclusive.
    pub start: usize,
    pub end: usize,
    /// Byte offsets, end exclusive: `&text[byte_start..byte_end]` is the sentence.
    #[serde(skip)]
    pub byte_start: usize,
    #[serde(skip)]
    pub byte_end: usize,
}

impl Sentence {
    pub fn slice<'t>(&self, text: &'t str) -> &'t str {
        &text[self.byte_start..self.byte_end]
    }
}

/// Whether the cleaner found a real article on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum ArticleStatus {
    #[default]
    Ok,
    /// Only a paywall teaser was served.
    Paywalled,
    /// Only a cookie or consent wall was served.
    Consent,
    /// No article body could be found.
    Empty,
}

/// A cleaned article: body text with blocks separated by blank lines, metadata, sentences.
#[derive(Debug, Clone, Serialize)]
pub struct Article {
    pub id: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub published: Option<NaiveDate>,
    pub modified: Option<NaiveDate>,
    /// Which evidence gave `published` (`jsonld`, `meta`, `time`, `url`, `text`, `header`).
    pub date_source: Option<String>,
    pub site: Option<String>,
    pub lang: Option<String>,
    pub description: Option<String>,
    pub status: ArticleStatus,
    /// How the body was found when the page's host has a site profile (`profile`, or
    /// `generic` when the profile's selectors found nothing); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extraction: Option<crate::profile::Extraction>,
    pub text: String,
    pub sentences: Vec<Sentence>,
}

#[cfg(test)]
impl Article {
    /// A plain-text article split into sentences, for unit tests of the later stages.
    pub(crate) fn for_test(text: &str, published: Option<NaiveDate>) -> Self {
        Article {
            id: "t".into(),
            url: None,
            title: None,
            authors: vec![],
            published,
            modified: None,
            date_source: None,
            site: None,
            lang: None,
            description: None,
            status: ArticleStatus::Ok,
            extraction: None,
            text: text.into(),
            sentences: crate::sentences::split(text),
        }
    }
}

/// A content problem a stage noticed and worked around; content never fails a stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub stage: &'static str,
    pub message: String,
    /// Worth a line on stderr in a normal run: the result is incomplete (a page cut at the
    /// size limit), not merely worked around.
    #[serde(skip)]
    pub warning: bool,
}

/// Converts a byte offset in `text` to a character offset.
pub fn char_offset(text: &str, byte: usize) -> usize {
    text[..byte].chars().count()
}
