//! What marks an element as page furniture rather than story: its tag, ARIA role, hidden
//! state, and the words publishers put in class and id names. The word lists are data; the
//! test below keeps them sorted and free of duplicates.

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;

use super::dom::Element;

/// Bits of a class or id string's word mask (see [`words_of`]): which of the word lists it
/// contains a word of. The tree builder computes the mask once per element, so that the
/// boilerplate rules, the container weights and the metadata sweep test bits instead of
/// searching the same strings again and again.
pub mod word {
    /// A word of [`super::STRONG_WORDS`].
    pub const STRONG: u32 = 1 << 0;
    /// A word of [`super::WEAK_WORDS`].
    pub const WEAK: u32 = 1 << 1;
    /// A word of [`super::CONTENT_WORDS`].
    pub const CONTENT: u32 = 1 << 2;
    /// A word of [`super::POSITIVE`].
    pub const POSITIVE: u32 = 1 << 3;
    /// A word of [`super::NEGATIVE`].
    pub const NEGATIVE: u32 = 1 << 4;
    // Single words, for the rules that look for one word (see [`super::SINGLE_WORDS`]).
    pub const AUTHOR: u32 = 1 << 5;
    pub const AUTHOR_NAME: u32 = 1 << 6;
    pub const BYLINE: u32 = 1 << 7;
    pub const COMMENT: u32 = 1 << 8;
    pub const DATE: u32 = 1 << 9;
    pub const MODIFIED: u32 = 1 << 10;
    pub const POST: u32 = 1 << 11;
    pub const POSTED: u32 = 1 << 12;
    pub const PUBLISH: u32 = 1 << 13;
    pub const TIME: u32 = 1 << 14;
    pub const UPDATE: u32 = 1 << 15;
    pub const UPDATED: u32 = 1 << 16;
}

/// Single words some rule looks for in class or id names, with their mask bits.
pub const SINGLE_WORDS: &[(&str, u32)] = &[
    ("author", word::AUTHOR),
    ("author__name", word::AUTHOR_NAME),
    ("byline", word::BYLINE),
    ("comment", word::COMMENT),
    ("date", word::DATE),
    ("modified", word::MODIFIED),
    ("post", word::POST),
    ("posted", word::POSTED),
    ("publish", word::PUBLISH),
    ("time", word::TIME),
    ("update", word::UPDATE),
    ("updated", word::UPDATED),
];

/// One automaton over all the word lists, with the mask bits of each pattern.
fn automaton() -> Option<&'static (AhoCorasick, Vec<u32>)> {
    static AC: OnceLock<Option<(AhoCorasick, Vec<u32>)>> = OnceLock::new();
    AC.get_or_init(|| {
        let mut pats: Vec<(&str, u32)> = Vec::new();
        let lists = [
            (STRONG_WORDS, word::STRONG),
            (WEAK_WORDS, word::WEAK),
            (CONTENT_WORDS, word::CONTENT),
            (POSITIVE, word::POSITIVE),
            (NEGATIVE, word::NEGATIVE),
        ];
        let singles = SINGLE_WORDS
            .iter()
            .map(|(w, bit)| (std::slice::from_ref(w), *bit));
        for (list, bit) in lists.into_iter().chain(singles) {
            for w in list {
                match pats.iter_mut().find(|(p, _)| p == w) {
                    Some((_, b)) => *b |= bit,
                    None => pats.push((w, bit)),
                }
            }
        }
        let ac = AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::Standard)
            .build(pats.iter().map(|(p, _)| p))
            .ok()?;
        Some((ac, pats.into_iter().map(|(_, b)| b).collect()))
    })
    .as_ref()
}

/// The same mask by plain substring search: the automaton's fallback and its reference.
fn words_by_search(s: &str) -> u32 {
    let mut m = 0;
    for (l, b) in [
        (STRONG_WORDS, word::STRONG),
        (WEAK_WORDS, word::WEAK),
        (CONTENT_WORDS, word::CONTENT),
        (POSITIVE, word::POSITIVE),
        (NEGATIVE, word::NEGATIVE),
    ] {
        if l.iter().any(|w| s.contains(w)) {
            m |= b;
        }
    }
    for (w, bit) in SINGLE_WORDS {
        if s.contains(w) {
            m |= bit;
        }
    }
    m
}

/// The word mask of a (lower-cased) class or id string: every list that has a word occurring
/// anywhere in it, overlaps included ("post-content" is both `post` and a content word).
pub fn words_of(s: &str) -> u32 {
    if s.is_empty() {
        return 0;
    }
    if LAYOUT_FLAGS.iter().any(|f| s.contains(f)) {
        let kept: Vec<&str> = s
            .split_whitespace()
            .filter(|t| !LAYOUT_FLAGS.iter().any(|f| t.starts_with(f)))
            .collect();
        return mask_of(&kept.join(" "));
    }
    mask_of(s)
}

/// Prefixes of class names that describe the page's layout rather than the element they sit
/// on: `no-sidebar` or `has-comments` on a story wrapper says there is (or is not) a sidebar
/// elsewhere, so their words must not make the wrapper furniture.
const LAYOUT_FLAGS: &[&str] = &["has-", "has_", "no-", "no_", "with-", "without-"];

fn mask_of(s: &str) -> u32 {
    let Some((ac, bits)) = automaton() else {
        // Unreachable in practice (the patterns are constants).
        return words_by_search(s);
    };
    let mut m = 0;
    for hit in ac.find_overlapping_iter(s) {
        m |= bits.get(hit.pattern().as_usize()).copied().unwrap_or(0);
    }
    m
}

/// Tags whose whole subtree is never article text.
pub const DROP_TAGS: &[&str] = &[
    "aside",
    "audio",
    "button",
    "canvas",
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

/// Class words of figures that hold a paragraph and are still not story: third-party embeds
/// (a quoted post) and teaser cards.
const FIGURE_NOT_STORY: &[&str] = &["card", "embed"];

/// Furniture tags that pages leave unclosed (a banner `<aside>` never ended), which are then
/// not furniture when they hold nearly the whole page.
pub const SWALLOWING_TAGS: &[&str] = &["aside", "figure", "footer", "menu", "nav"];

/// Tags that are furniture when small; ASP.NET pages wrap the whole page in one `<form>`, and
/// tutorials put each section of the story in a collapsible `<details>`.
pub const SMALL_DROP_TAGS: &[&str] = &["details", "fieldset", "form", "header"];

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
/// feature flags like `consent-management-enabled` on `<body>`). `half` says it holds at least
/// half of the page's text, `paras` how many paragraphs it holds.
pub fn is_boilerplate(e: &Element, small: bool, half: bool, most: bool, paras: u32) -> bool {
    let name: &str = &e.name;
    // A figure that holds a paragraph is a pull quote or a table (WordPress wraps tables in
    // `<figure>`), which the story's text goes on in; its caption is dropped on its own, and
    // the class words below still judge it.
    let not_story = || {
        e.attr("class")
            .is_some_and(|c| FIGURE_NOT_STORY.iter().any(|w| c.contains(w)))
    };
    let story_figure = name == "figure" && paras >= 1 && !not_story();
    if !story_figure && DROP_TAGS.binary_search(&name).is_ok() {
        // A box of furniture left unclosed swallows the rest of the page, story included.
        return !(most && paras >= 2 && SWALLOWING_TAGS.binary_search(&name).is_ok());
    }
    // A `<details>` holding a paragraph is a question and its answer (an FAQ) or a section
    // the reader opens, not a widget.
    let open_able = name == "details" && paras >= 1;
    if small && !open_able && SMALL_DROP_TAGS.binary_search(&name).is_ok() {
        return true;
    }
    // Hidden furniture is small; a page that hides half its text or more reveals it with
    // script (streamed rendering puts the whole story in a hidden box and moves it in place).
    let hidden = e.attr("hidden").is_some()
        || e.attr("aria-hidden") == Some("true")
        || e.attr("style").is_some_and(|style| {
            let s = style.replace(' ', "");
            s.contains("display:none") || s.contains("visibility:hidden")
        });
    // ... except the panel of an accordion or a tab set (ARIA `region`/`tabpanel`): the
    // reader opens it with a click, and FAQ answers and story sections live there.
    let panel = matches!(e.attr("role"), Some("region" | "tabpanel"));
    if hidden && !half && !panel {
        return true;
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
    let w = e.class_words | e.id_words;
    let (content, post) = (w & word::CONTENT != 0, w & word::POST != 0);
    if w & word::STRONG != 0 {
        // "comments-open" on a post wrapper still names the post, and an `<article>` that
        // holds paragraphs is a story whatever its kind ("newsletter-article").
        let story = name == "article" && !small;
        return !(post || content || story);
    }
    if !small || content {
        return false;
    }
    if w & word::WEAK != 0 {
        return true;
    }
    class
        .split(|c: char| !c.is_ascii_alphanumeric())
        .chain(id.split(|c: char| !c.is_ascii_alphanumeric()))
        .any(|t| WEAK_TOKENS.binary_search(&t).is_ok())
}

/// Class/id words that make an element more likely to be the story container.
pub const POSITIVE: &[&str] = &[
    "article", "body", "content", "entry", "main", "page", "post", "story", "text",
];

/// Class/id words that make an element less likely to be the story container.
pub const NEGATIVE: &[&str] = &[
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
    for m in [e.class_words, e.id_words] {
        if m & word::NEGATIVE != 0 {
            w -= 25.0;
        }
        if m & word::POSITIVE != 0 {
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
            SWALLOWING_TAGS,
            STRONG_WORDS,
            WEAK_TOKENS,
            CONTENT_WORDS,
            POSITIVE,
            NEGATIVE,
        ] {
            assert!(t.windows(2).all(|w| w[0] < w[1]), "{t:?}");
        }
        // One bit per single word, none shared with the lists.
        let mut seen = word::STRONG | word::WEAK | word::CONTENT | word::POSITIVE | word::NEGATIVE;
        for (w, bit) in SINGLE_WORDS {
            assert!(bit.count_ones() == 1 && seen & bit == 0, "{w}");
            seen |= bit;
        }
        let mut w = WEAK_WORDS.to_vec();
        w.sort_unstable();
        w.dedup();
        assert_eq!(w.len(), WEAK_WORDS.len());
    }
}

#[cfg(test)]
mod word_tests {
    use super::*;

    #[test]
    fn layout_flags_are_not_furniture_words() {
        assert_ne!(words_of("sidebar") & word::WEAK, 0);
        assert_eq!(words_of("page no-sidebars") & word::WEAK, 0);
        assert_eq!(words_of("has-comments wrap") & word::STRONG, 0);
        assert_ne!(words_of("no-sidebars comments") & word::STRONG, 0);
    }

    #[test]
    fn masks_match_plain_search() {
        for s in [
            "post-content",
            "comments-area",
            "x",
            "",
            "entry-author__name date",
            "related-sidebar",
        ] {
            let want = words_by_search(s);
            assert_eq!(words_of(s), want, "{s}");
        }
    }
}
