//! What marks an element as page furniture rather than story: its tag, ARIA role, hidden
//! state, and the words publishers put in class and id names. The word lists are data; the
//! test below keeps them sorted and free of duplicates.

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;

use super::dom::Element;

/// Which lists a class/id string hits, found in one scan.
#[derive(Default, Clone, Copy)]
struct Hits {
    strong: bool,
    weak: bool,
    content: bool,
    post: bool,
}

/// One automaton over all the word lists; pattern ids are offsets into the concatenation
/// STRONG, WEAK, CONTENT, `post`.
fn automaton() -> Option<&'static AhoCorasick> {
    static AC: OnceLock<Option<AhoCorasick>> = OnceLock::new();
    AC.get_or_init(|| {
        let pats: Vec<&str> = STRONG_WORDS
            .iter()
            .chain(WEAK_WORDS)
            .chain(CONTENT_WORDS)
            .chain(&["post"])
            .copied()
            .collect();
        AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::Standard)
            .build(pats)
            .ok()
    })
    .as_ref()
}

fn hits(s: &str, h: &mut Hits) {
    if s.is_empty() {
        return;
    }
    let Some(ac) = automaton() else {
        // Unreachable in practice (the patterns are constants); fall back to plain search.
        h.strong |= STRONG_WORDS.iter().any(|w| s.contains(w));
        h.weak |= WEAK_WORDS.iter().any(|w| s.contains(w));
        h.content |= CONTENT_WORDS.iter().any(|w| s.contains(w));
        h.post |= s.contains("post");
        return;
    };
    let (a, b, c) = (
        STRONG_WORDS.len(),
        STRONG_WORDS.len() + WEAK_WORDS.len(),
        STRONG_WORDS.len() + WEAK_WORDS.len() + CONTENT_WORDS.len(),
    );
    // Overlapping search: "post-content" must count as both `post` and a content word.
    for m in ac.find_overlapping_iter(s) {
        let i = m.pattern().as_usize();
        if i < a {
            h.strong = true;
        } else if i < b {
            h.weak = true;
        } else if i < c {
            h.content = true;
        } else {
            h.post = true;
        }
    }
}

/// Tags whose whole subtree is never article text.
pub const DROP_TAGS: &[&str] = &[
    "aside",
    "audio",
    "button",
    "canvas",
    "details",
    "dialog",
    "embed",
    "figcaption",
    "figure",
    "footer",
    "head",
    "iframe",
    "input",
    "label",
    "link",
    "menu",
    "meta",
    "nav",
    "noscript",
    "object",
    "picture",
    "script",
    "select",
    "style",
    "svg",
    "template",
    "textarea",
    "title",
    "video",
];

/// Tags that are furniture when small; ASP.NET pages wrap the whole page in one `<form>`.
pub const SMALL_DROP_TAGS: &[&str] = &["fieldset", "form", "header"];

/// Class/id words that always mean "not the story", even on a large element: a comment
/// thread can be longer than the article it sits under.
pub const STRONG_WORDS: &[&str] = &[
    "comment",
    "consent",
    "cookie",
    "disqus",
    "newsletter",
    "outbrain",
    "related",
    "taboola",
];

/// Class/id words that mean "widget" on elements smaller than the story; a page wrapper
/// called `has-sidebar` must not take the article down with it.
pub const WEAK_WORDS: &[&str] = &[
    "advert",
    "author",
    "banner",
    "breadcrumb",
    "byline",
    "caption",
    "credit",
    "dateline",
    "footer",
    "masthead",
    "modal",
    "mostread",
    "most-read",
    "navbar",
    "navigation",
    "paywall",
    "popular",
    "promo",
    "readmore",
    "read-more",
    "recirc",
    "recommend",
    "share",
    "sharing",
    "sidebar",
    "signup",
    "sign-up",
    "skip",
    "social",
    "sponsor",
    "subscribe",
    "toolbar",
    "trending",
];

/// Whole class/id tokens (split at `-`, `_` and spaces) that are too short to match inside
/// other words.
pub const WEAK_TOKENS: &[&str] = &[
    "ad", "ads", "cta", "hide", "menu", "meta", "nav", "print", "promo", "rail", "tags", "tools",
];

/// Class/id words that mark the story container; they shield an element from the weak lists.
pub const CONTENT_WORDS: &[&str] = &[
    "article-body",
    "article-content",
    "article__body",
    "article__content",
    "articlebody",
    "body-text",
    "entry-content",
    "main-content",
    "post-body",
    "post-content",
    "story-body",
    "story-content",
];

/// Whether the element itself (not its ancestors) is furniture. `small` says the element holds
/// less than half of the page's text and few paragraphs, which lets the weak lists apply;
/// `most` says it holds nearly all of it, which shields it from the strong list too (pages put
/// feature flags like `consent-management-enabled` on `<body>`).
pub fn is_boilerplate(e: &Element, small: bool, most: bool) -> bool {
    let name: &str = &e.name;
    if DROP_TAGS.binary_search(&name).is_ok() {
        return true;
    }
    if small && SMALL_DROP_TAGS.binary_search(&name).is_ok() {
        return true;
    }
    if e.attr("hidden").is_some() || e.attr("aria-hidden") == Some("true") {
        return true;
    }
    if let Some(style) = e.attr("style") {
        let s = style.replace(' ', "");
        if s.contains("display:none") || s.contains("visibility:hidden") {
            return true;
        }
    }
    if matches!(
        e.attr("role"),
        Some(
            "navigation"
                | "banner"
                | "contentinfo"
                | "complementary"
                | "dialog"
                | "alertdialog"
                | "search"
                | "menu"
                | "menubar"
        )
    ) {
        return true;
    }
    if e.attr("itemprop") == Some("articleBody") {
        return false;
    }
    let class = e.attr("class").unwrap_or("");
    let id = e.attr("id").unwrap_or("");
    if (class.is_empty() && id.is_empty()) || most || matches!(name, "body" | "html") {
        return false;
    }
    // Class and id are lower-cased by the tree builder.
    let mut h = Hits::default();
    hits(class, &mut h);
    hits(id, &mut h);
    if h.strong {
        // "no-comments" or "comments-open" on a post wrapper still names the post.
        return !h.post && !h.content;
    }
    if !small || h.content {
        return false;
    }
    if h.weak {
        return true;
    }
    class
        .split(|c: char| !c.is_ascii_alphanumeric())
        .chain(id.split(|c: char| !c.is_ascii_alphanumeric()))
        .any(|t| WEAK_TOKENS.binary_search(&t).is_ok())
}

/// Class/id words that make an element more likely to be the story container.
const POSITIVE: &[&str] = &[
    "article", "body", "content", "entry", "main", "page", "post", "story", "text",
];

/// Class/id words that make an element less likely to be the story container.
const NEGATIVE: &[&str] = &[
    "comment", "contact", "foot", "footer", "footnote", "links", "masthead", "media", "meta",
    "outbrain", "promo", "related", "scroll", "shopping", "shoutbox", "sidebar", "sponsor", "tags",
    "widget",
];

/// The readability-style class weight of a candidate container.
pub fn class_weight(e: &Element) -> f64 {
    let mut w = 0.0;
    if e.attr("itemprop") == Some("articleBody") {
        w += 40.0;
    }
    for v in [e.attr("class"), e.attr("id")].into_iter().flatten() {
        if NEGATIVE.iter().any(|n| v.contains(n)) {
            w -= 25.0;
        }
        if POSITIVE.iter().any(|p| v.contains(p)) {
            w += 25.0;
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_sorted_and_unique() {
        for t in [
            DROP_TAGS,
            SMALL_DROP_TAGS,
            STRONG_WORDS,
            WEAK_TOKENS,
            CONTENT_WORDS,
            POSITIVE,
            NEGATIVE,
        ] {
            assert!(t.windows(2).all(|w| w[0] < w[1]), "{t:?}");
        }
        let mut w = WEAK_WORDS.to_vec();
        w.sort_unstable();
        w.dedup();
        assert_eq!(w.len(), WEAK_WORDS.len());
    }
}
