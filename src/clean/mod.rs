//! The HTML cleaner: page bytes in, the article body and its metadata out.
//!
//! The body is a list of blocks (paragraphs, headings, list items, quotes, table cells) in
//! document order, joined by blank lines so that the sentence splitter can treat every block
//! end as a sentence end. Boilerplate is removed by structure (nav, aside, footer …), by
//! class and id names that publishers use for widgets, and by link density judged per block.
//! Cleaning never fails: a page with no article comes back with `status: Empty`.

mod metadata;

use scraper::{ElementRef, Html, Node, Selector};

use crate::charset::decode_html;
use crate::doc::{ArticleStatus, Diagnostic};
pub use metadata::Metadata;

/// Per-page limits; pages beyond them are cut, not rejected.
#[derive(Debug, Clone)]
pub struct CleanSettings {
    pub max_bytes: usize,
    /// Elements deeper than this are read as text only.
    pub max_depth: usize,
}

impl Default for CleanSettings {
    fn default() -> Self {
        CleanSettings {
            max_bytes: 10 * 1024 * 1024,
            max_depth: 512,
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
}

/// Cleans one page. `charset` is what the transport said, `url` where the page came from.
pub fn clean_html(
    bytes: &[u8],
    charset: Option<&str>,
    url: Option<&str>,
    settings: &CleanSettings,
) -> Cleaned {
    let mut diagnostics = Vec::new();
    let bytes = if bytes.len() > settings.max_bytes {
        diagnostics.push(Diagnostic {
            stage: "clean",
            message: format!("page cut to its first {} bytes", settings.max_bytes),
        });
        &bytes[..settings.max_bytes]
    } else {
        bytes
    };
    let decoded = decode_html(bytes, charset);
    if decoded.had_errors {
        diagnostics.push(Diagnostic {
            stage: "clean",
            message: format!("malformed {} sequences replaced", decoded.encoding),
        });
    }
    let doc = Html::parse_document(&decoded.text);
    let meta = metadata::extract(&doc, url);
    let blocks = body_blocks(&doc, settings);
    let text = blocks.join("\n\n");
    let status = if text.trim().is_empty() {
        ArticleStatus::Empty
    } else {
        ArticleStatus::Ok
    };
    Cleaned {
        text,
        meta,
        status,
        diagnostics,
    }
}

/// Tags whose whole subtree is never article text.
const DROP_TAGS: &[&str] = &[
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "button",
    "svg",
    "iframe",
    "figure",
    "figcaption",
    "template",
    "select",
    "textarea",
    "details",
    "dialog",
    "menu",
    "object",
    "canvas",
    "video",
    "audio",
    "picture",
];

/// Tags that make a block of their own.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "td",
    "th",
    "pre",
    "dd",
    "dt",
];

/// Fragments of class and id names that mark widgets rather than the story.
const BOILERPLATE_NAMES: &[&str] = &[
    "comment",
    "related",
    "share",
    "social",
    "newsletter",
    "promo",
    "advert",
    "sponsor",
    "cookie",
    "consent",
    "sidebar",
    "breadcrumb",
    "footer",
    "masthead",
    "navbar",
    "menu",
    "subscribe",
    "signup",
    "sign-up",
    "recommend",
    "most-read",
    "mostread",
    "popular",
    "trending",
    "outbrain",
    "taboola",
    "byline",
    "author-bio",
    "tags",
    "caption",
    "credit",
    "paywall",
    "modal",
    "banner",
    "toolbar",
    "pagination",
    "read-more",
    "readmore",
    "also-read",
];

fn is_boilerplate(el: &ElementRef) -> bool {
    let v = el.value();
    if DROP_TAGS.contains(&v.name()) {
        return true;
    }
    if v.attr("hidden").is_some() || v.attr("aria-hidden") == Some("true") {
        return true;
    }
    if matches!(
        v.attr("role"),
        Some("navigation" | "banner" | "contentinfo" | "complementary" | "dialog")
    ) {
        return true;
    }
    let names = format!(
        "{} {}",
        v.attr("class").unwrap_or(""),
        v.attr("id").unwrap_or("")
    )
    .to_ascii_lowercase();
    // The article container itself often carries words like "article-share-wrapper"; only
    // small names are judged, and words that mean "content" protect the element.
    if names.contains("article-body") || names.contains("articlebody") || names.contains("content")
    {
        return false;
    }
    BOILERPLATE_NAMES.iter().any(|n| names.contains(n))
}

fn selector(s: &str) -> Option<Selector> {
    Selector::parse(s).ok()
}

/// Picks the element most likely to hold the story: schema.org articleBody, then `<article>`,
/// then `<main>`, then `<body>`; a candidate is used only if it holds a fair share of the
/// page's paragraph text, so an `<article>` teaser in a sidebar does not win.
fn container(doc: &Html) -> Option<ElementRef<'_>> {
    let total = paragraph_chars(doc.root_element());
    for s in ["[itemprop=articleBody]", "article", "main", "[role=main]"] {
        let Some(sel) = selector(s) else { continue };
        let best = doc
            .select(&sel)
            .map(|e| (paragraph_chars(e), e))
            .max_by_key(|(n, _)| *n);
        if let Some((n, e)) = best {
            if n > 0 && n * 2 >= total {
                return Some(e);
            }
        }
    }
    selector("body").and_then(|s| doc.select(&s).next())
}

fn paragraph_chars(el: ElementRef) -> usize {
    let Some(sel) = selector("p") else { return 0 };
    el.select(&sel)
        .map(|p| p.text().map(str::len).sum::<usize>())
        .sum()
}

fn body_blocks(doc: &Html, settings: &CleanSettings) -> Vec<String> {
    let Some(root) = container(doc) else {
        return Vec::new();
    };
    let mut blocks = Vec::new();
    let mut stack: Vec<(ElementRef, usize)> = vec![(root, 0)];
    while let Some((el, depth)) = stack.pop() {
        if is_boilerplate(&el) {
            continue;
        }
        if BLOCK_TAGS.contains(&el.value().name()) || depth >= settings.max_depth {
            if let Some(b) = block_text(el) {
                blocks.push(b);
            }
            continue;
        }
        // Loose text directly inside a container (common in old CMS output) is a block too.
        let loose: String = el
            .children()
            .filter_map(|c| match c.value() {
                Node::Text(t) => Some(&**t),
                _ => None,
            })
            .collect();
        let loose = normalize_ws(&loose);
        if loose.chars().count() > 80 {
            blocks.push(loose);
        }
        let children: Vec<_> = el.children().filter_map(ElementRef::wrap).collect();
        for c in children.into_iter().rev() {
            stack.push((c, depth + 1));
        }
    }
    blocks
}

/// The text of one block, or nothing when it is mostly links (a menu, a list of headlines).
fn block_text(el: ElementRef) -> Option<String> {
    let mut text = String::new();
    let mut link_chars = 0usize;
    let mut stack: Vec<(ego_tree::NodeRef<Node>, bool)> = vec![(*el, false)];
    while let Some((node, in_link)) = stack.pop() {
        match node.value() {
            Node::Text(t) => {
                text.push_str(t);
                if in_link {
                    link_chars += t.trim().len();
                }
            }
            Node::Element(e) => {
                if let Some(er) = ElementRef::wrap(node) {
                    if node.id() != el.id() && is_boilerplate(&er) {
                        continue;
                    }
                }
                if e.name() == "br" {
                    text.push(' ');
                }
                let link = in_link || e.name() == "a";
                let children: Vec<_> = node.children().collect();
                for c in children.into_iter().rev() {
                    stack.push((c, link));
                }
            }
            _ => {}
        }
    }
    let text = normalize_ws(&text);
    let len = text.len();
    if len == 0 || (link_chars * 2 > len && el.value().name() != "blockquote") {
        return None;
    }
    Some(text)
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

    #[test]
    fn keeps_paragraphs_drops_widgets() {
        let html = r#"<html><body><nav><a href=/>Home</a></nav>
            <article><h1>Title</h1><p>First paragraph of the story.</p>
            <div class="share-buttons"><p>Share this</p></div>
            <p>Second <b>paragraph</b> here.</p></article>
            <aside><p>Related: other news</p></aside><footer>(c) Site</footer></body></html>"#;
        assert_eq!(
            body(html),
            "Title\n\nFirst paragraph of the story.\n\nSecond paragraph here."
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
            "<div>".repeat(2_000),
            "</div>".repeat(2_000)
        );
        let c = clean_html(html.as_bytes(), None, None, &CleanSettings::default());
        assert!(c.text.contains("deep"));
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
