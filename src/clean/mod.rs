//! The HTML cleaner: page bytes in, the article body and its metadata out.
//!
//! The stages, each in its own file:
//! - [`crate::charset`] turns bytes into UTF-8 (BOM, transport, `<meta>`, detection);
//! - `prepass` cuts scripts, styles, SVG, comments, unread attributes and indentation at byte
//!   level and keeps JSON-LD aside, so the tokenizer never reads what the cleaner would throw
//!   away;
//! - `dom` runs html5ever's tokenizer (entities, quoting and malformed tags as browsers read
//!   them) into a light tree of its own, with depth and size capped while building;
//! - `metadata` (with `dates`) reads title, authors, dates and the rest in one sweep;
//! - `body` picks the story container and cuts it into blocks, judging boilerplate by
//!   structure, names and per-block link density (`boilerplate` holds the word lists);
//! - `walls` tells consent and paywall pages from articles.
//!
//! The body is a list of blocks (paragraphs, headings, list items, quotes, table cells) in
//! document order, joined by blank lines so that the sentence splitter can treat every block
//! end as a sentence end. Cleaning never fails: a page with no article comes back with
//! `status: Empty` and the limits it hit are reported as diagnostics.

mod body;
mod boilerplate;
mod dates;
mod dom;
mod metadata;
pub mod metascore;
mod prepass;
pub mod shingle;
mod walls;

use crate::charset::decode_html;
use crate::doc::{ArticleStatus, Diagnostic};
/// Also read by site profiles, whose date selectors may point at dates written for people.
pub use dates::parse_any_date;
pub use dates::{date_from_url, month_from_url};
pub use metadata::Metadata;

/// Per-page limits; pages beyond them are cut, not rejected.
#[derive(Debug, Clone)]
pub struct CleanSettings {
    /// Bytes read from a page; the rest is ignored.
    pub max_bytes: usize,
    /// Elements nested deeper than this are not built; their text joins the deepest element
    /// that was (which also bounds every walk over the tree).
    pub max_depth: usize,
    /// Elements beyond this count are not built; their text is still kept.
    pub max_elements: usize,
}

impl Default for CleanSettings {
    fn default() -> Self {
        CleanSettings {
            max_bytes: 10 * 1024 * 1024,
            max_depth: 256,
            max_elements: 200_000,
        }
    }
}

/// What the cleaner found on one page.
#[derive(Debug, Clone, Default)]
pub struct Cleaned {
    pub text: String,
    pub meta: Metadata,
    pub status: ArticleStatus,
    pub diagnostics: Vec<Diagnostic>,
    /// The size limit the page was cut at, if it was: an empty result then may only mean
    /// that the article came after it.
    pub cut_at: Option<usize>,
}

fn diag(message: String) -> Diagnostic {
    Diagnostic {
        stage: "clean",
        message,
        warning: false,
    }
}

/// The first `limit` bytes of a page, ended before a tag the limit cuts in half (whose `<`
/// would otherwise be read as text) and before a UTF-8 character it cuts in half.
fn cut_page(bytes: &[u8], limit: usize) -> &[u8] {
    let mut head = &bytes[..limit.min(bytes.len())];
    let mut back = 0;
    while back < 3 && head.last().is_some_and(|&b| b & 0xc0 == 0x80) {
        head = &head[..head.len() - 1];
        back += 1;
    }
    if head.last().is_some_and(|&b| b >= 0xc0) {
        head = &head[..head.len() - 1];
    }
    match (memchr::memrchr(b'<', head), memchr::memrchr(b'>', head)) {
        (Some(lt), gt) if gt.is_none_or(|g| g < lt) => &head[..lt],
        _ => head,
    }
}

/// Cleans one page. `charset` is what the transport said, `url` where the page came from.
pub fn clean_html(
    bytes: &[u8],
    charset: Option<&str>,
    url: Option<&str>,
    settings: &CleanSettings,
) -> Cleaned {
    let mut diagnostics = Vec::new();
    let cut_at = (bytes.len() > settings.max_bytes).then_some(settings.max_bytes);
    let bytes = if let Some(limit) = cut_at {
        diagnostics.push(Diagnostic {
            warning: true,
            ..diag(format!(
                "page of {} bytes cut at the limit of {limit} bytes; the rest is not read",
                bytes.len()
            ))
        });
        cut_page(bytes, limit)
    } else {
        bytes
    };
    let decoded = decode_html(bytes, charset);
    if decoded.had_errors {
        diagnostics.push(diag(format!(
            "malformed {} sequences replaced",
            decoded.encoding
        )));
    }
    let pre = prepass::strip(&decoded.text);
    drop(decoded);
    let tree = dom::parse(
        &pre.html,
        dom::Limits {
            max_depth: settings.max_depth.max(1),
            max_elements: settings.max_elements,
        },
    );
    if tree.dropped.too_deep > 0 {
        diagnostics.push(diag(format!(
            "{} elements nested deeper than {} read as text",
            tree.dropped.too_deep, settings.max_depth
        )));
    }
    if tree.dropped.too_many > 0 {
        diagnostics.push(diag(format!(
            "{} elements beyond the limit of {} read as text",
            tree.dropped.too_many, settings.max_elements
        )));
    }
    let meta = metadata::extract(&tree, &pre.json_ld, url);
    let body = body::extract(&tree, meta.title.as_deref());
    let mut text = body.blocks.join("\n\n");
    let mut status = if text.trim().is_empty() {
        ArticleStatus::Empty
    } else {
        ArticleStatus::Ok
    };
    if let Some(page) = &body.page_text {
        if let Some(wall) = walls::classify(page, &text, &pre.json_ld) {
            diagnostics.push(diag(format!("page is a {wall:?} wall, not an article")));
            status = wall;
            text.clear();
        }
    }
    Cleaned {
        text,
        meta,
        status,
        diagnostics,
        cut_at,
    }
}

/// Like [`clean_html`], but refuses input that is not a web page at all, so that a batch can
/// report it by name and go on: empty input, or binary data (NUL or control bytes in the
/// first kilobyte, which no HTML page in an ASCII-compatible or BOM-marked encoding has).
pub fn clean_page(
    origin: &str,
    bytes: &[u8],
    charset: Option<&str>,
    url: Option<&str>,
    settings: &CleanSettings,
) -> crate::Result<Cleaned> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(crate::Error::Empty {
            origin: origin.to_string(),
        });
    }
    let head = &bytes[..bytes.len().min(1024)];
    let utf16 = encoding_rs::Encoding::for_bom(head)
        .is_some_and(|(e, _)| e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE);
    let controls = head
        .iter()
        .filter(|&&b| b < 0x09 || (0x0e..0x20).contains(&b) && b != 0x1b)
        .count();
    if !utf16 && controls * 20 > head.len().max(1) {
        return Err(crate::Error::Binary {
            origin: origin.to_string(),
        });
    }
    Ok(clean_html(bytes, charset, url, settings))
}

/// The properties every cleaned page has, whatever the input; fuzz targets and random-input
/// tests check them. Returns what is wrong.
pub fn check_invariants(c: &Cleaned) -> Result<(), String> {
    if c.text.contains("\n\n\n") {
        return Err("three newlines in a row".into());
    }
    for b in c.text.split("\n\n") {
        if b.is_empty() && !c.text.is_empty() {
            return Err("empty block".into());
        }
        if b.trim() != b || b.contains('\n') {
            return Err(format!("block not normalized: {b:?}"));
        }
    }
    let empty = c.text.is_empty();
    let status_ok = match c.status {
        ArticleStatus::Ok => !empty,
        ArticleStatus::Empty | ArticleStatus::Consent | ArticleStatus::Paywalled => empty,
    };
    if !status_ok {
        return Err(format!(
            "status {:?} with {} bytes of text",
            c.status,
            c.text.len()
        ));
    }
    let lo = chrono::NaiveDate::from_ymd_opt(1990, 1, 1);
    for d in [c.meta.published, c.meta.modified].into_iter().flatten() {
        if Some(d) < lo || d > chrono::Utc::now().date_naive() + chrono::Days::new(1) {
            return Err(format!("date out of bounds: {d}"));
        }
    }
    if c.meta.published.is_some() != c.meta.date_source.is_some()
        || c.meta.modified.is_some() != c.meta.modified_source.is_some()
    {
        return Err("a date and its source disagree".into());
    }
    Ok(())
}

/// Collapses runs of white space to one space and trims.
pub fn normalize_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(html: &str) -> String {
        clean_html(html.as_bytes(), None, None, &CleanSettings::default()).text
    }

    /// Issue 18: a page cut at the limit in the middle of a tag leaves no stray `<`, and the
    /// cut is a warning.
    #[test]
    fn issue_18_a_cut_tag_leaves_no_stray_bracket() {
        let mut html = String::from("<html><body><article>");
        for i in 0..40 {
            html.push_str(&format!(
                "<p>Paragraph {i} of the story, with enough words.</p>\n"
            ));
        }
        let settings = CleanSettings {
            max_bytes: html.find("<p>Paragraph 20").unwrap_or(0) + 2,
            ..Default::default()
        };
        html.push_str("</article></body></html>");
        let c = clean_html(html.as_bytes(), None, None, &settings);
        assert!(!c.text.contains('<'), "{}", c.text);
        assert!(c
            .text
            .ends_with("Paragraph 19 of the story, with enough words."));
        assert_eq!(c.cut_at, Some(settings.max_bytes));
        assert!(c
            .diagnostics
            .iter()
            .any(|d| d.warning && d.message.contains("limit")));
        assert_eq!(cut_page("ab\u{e9}".as_bytes(), 3), b"ab");
        assert_eq!(cut_page(b"<p>x</p><di", 11), b"<p>x</p>");
        assert_eq!(cut_page(b"<p>x</p>", 5), b"<p>x");
    }

    #[test]
    fn keeps_paragraphs_drops_widgets() {
        let html = r#"<html><body><nav><a href=/>Home</a></nav>
            <article><h1>Title</h1><p>First paragraph of the story, which is long enough.</p>
            <div class="share-buttons"><p>Share this</p></div>
            <p>Second <b>paragraph</b> here, with more words in it.</p></article>
            <aside><p>Related: other news</p></aside><footer>(c) Site</footer></body></html>"#;
        assert_eq!(
            body(html),
            "First paragraph of the story, which is long enough.\n\nSecond paragraph here, with more words in it."
        );
    }

    /// A guide cut into sections, each a box of its own (heading and paragraphs) nested in
    /// wrappers, is taken whole; the sidebar of teasers next to it is not.
    #[test]
    fn a_story_in_sections_is_taken_whole() {
        let section = |n: usize, sentences: usize| {
            let p = "This sentence of the section explains one step, plainly and with care. "
                .repeat(sentences);
            format!(
                "<div class=\"sec\" id=\"s{n}\"><div><div><h2>Step {n}</h2><div class=\"t\">\
                 <p>{p}</p><p>{p}</p></div></div></div></div>"
            )
        };
        let mut html = String::from("<body><div><main><div class=\"wrap\">");
        // The first section is the longest, so it wins the vote on its own.
        html.push_str(&section(1, 4));
        for n in 2..6 {
            html.push_str(&section(n, 2));
        }
        html.push_str("</div><div class=\"list\">");
        for n in 0..6 {
            html.push_str(&format!(
                "<p><a href=\"/o{n}\">Another story worth a click, number {n} of the list</a></p>"
            ));
        }
        html.push_str("</div></main></div></body>");
        let text = body(&html);
        for n in 1..6 {
            assert!(
                text.contains(&format!("Step {n}")),
                "section {n} missing: {text}"
            );
        }
        assert!(!text.contains("Another story"), "{text}");
    }

    fn para(n: usize) -> String {
        format!(
            "<p>Paragraph {n} of the story says something, with enough words in it to count as \
             one. It then goes on for a second sentence, as paragraphs do.</p>"
        )
    }

    /// Streamed pages put the story in a hidden box that script moves into place; a page
    /// that hides most of its text is not hiding furniture. Small hidden boxes still go.
    #[test]
    fn a_hidden_box_holding_the_story_is_kept() {
        let story: String = (0..4).map(para).collect();
        let html = format!(
            "<body><nav><a href=/>Home</a></nav><div hidden id=\"S:0\"><article>{story}\
             </article></div><div hidden><p>Sign in to keep reading this later, it is quick.</p>\
             </div></body>"
        );
        let text = body(&html);
        assert!(
            text.contains("Paragraph 0") && text.contains("Paragraph 3"),
            "{text}"
        );
        assert!(!text.contains("Sign in"), "{text}");
    }

    /// Zero-width characters weigh nothing: a newsletter pads its hidden preview line with
    /// hundreds of them, and counted as text they took the page share that shields the
    /// story's own box (here `newsletter-email`, a furniture word) from the class lists.
    #[test]
    fn a_padded_preview_line_does_not_dilute_the_story() {
        let story: String = (0..3).map(para).collect();
        let padding = "\u{a0}\u{200c}".repeat(400);
        let html = format!(
            "<body><div style=\"display: none\">Three tips inside{padding}</div>\
             <div class=\"newsletter-email\"><h1>Planning in two days</h1>{story}</div></body>"
        );
        let text = body(&html);
        assert!(text.contains("Paragraph 2"), "{text}");
        assert!(!text.contains("Three tips"), "{text}");
    }

    /// A banner `<aside>` left unclosed swallows the page; it is then no aside.
    #[test]
    fn an_unclosed_aside_does_not_take_the_story() {
        let story: String = (0..4).map(para).collect();
        let html =
            format!("<body><aside class=\"banner\">News: we moved.<main>{story}</main></body>");
        assert!(body(&html).contains("Paragraph 2"));
        let html =
            format!("<body><main>{story}</main><aside><p>An aside, closed.</p></aside></body>");
        assert!(!body(&html).contains("An aside"));
    }

    /// An `<article>` holding paragraphs is a story whatever kind its class names, and a
    /// tutorial's collapsible sections are part of it.
    #[test]
    fn kinds_of_article_and_collapsible_sections() {
        let story: String = (0..3).map(para).collect();
        let html = format!(
            "<body><nav><a href=/>Home</a></nav><article class=\"node newsletter-article\">\
             {story}</article><div class=\"newsletter\"><p>Our weekly letter: the best reads.</p></div></body>"
        );
        let text = body(&html);
        assert!(
            text.contains("Paragraph 1") && !text.contains("weekly"),
            "{text}"
        );
        let sections: String = (0..4)
            .map(|n| {
                format!(
                    "<details open><summary>Part {n}</summary>{}{}</details>",
                    para(2 * n),
                    para(2 * n + 1)
                )
            })
            .collect();
        let text = body(&format!("<body><main>{sections}</main></body>"));
        assert!(
            text.contains("Paragraph 0") && text.contains("Paragraph 7"),
            "{text}"
        );
    }

    #[test]
    fn link_lists_are_dropped() {
        let html = r#"<body><p>Story text that matters a great deal to the reader.</p>
            <ul><li><a href=a>Other headline one</a></li></ul></body>"#;
        assert_eq!(
            body(html),
            "Story text that matters a great deal to the reader."
        );
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let html = format!(
            "{}<p>deep</p>{}",
            "<div>".repeat(100_000),
            "</div>".repeat(100_000)
        );
        let c = clean_html(html.as_bytes(), None, None, &CleanSettings::default());
        assert!(c.text.contains("deep"));
        assert!(!c.diagnostics.is_empty());
    }

    #[test]
    fn binary_and_empty_input_are_errors() {
        let s = CleanSettings::default();
        assert!(clean_page("x", b"  \n", None, None, &s).is_err());
        assert!(clean_page("x", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0", None, None, &s).is_err());
        assert!(clean_page("x", b"\xff\xfe<\0p\0>\0", None, None, &s).is_ok());
        assert!(clean_page("x", b"<p>fine</p>", None, None, &s).is_ok());
    }

    #[test]
    fn empty_page_is_flagged() {
        let c = clean_html(
            b"<html><body><nav>x</nav></body></html>",
            None,
            None,
            &Default::default(),
        );
        assert_eq!(c.status, ArticleStatus::Empty);
    }
}
