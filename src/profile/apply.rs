//! Reading a page with a profile.
//!
//! The generic cleaner always runs first: its metadata (site, language, canonical URL, the
//! fields a profile leaves out) is needed anyway, its wall detection still decides whether the
//! page is an article at all, and its result is the fallback for every selector that finds
//! nothing. The profile then replaces the fields its selectors do find.

use std::collections::HashSet;

use ego_tree::iter::Edge;
use ego_tree::NodeId;
use scraper::{ElementRef, Html, Node};

use super::{Extraction, FieldSelector, Profile, ProfileSet};
use crate::clean::{clean_html, normalize_ws, parse_any_date, CleanSettings, Cleaned};
use crate::doc::{ArticleStatus, Diagnostic};

/// A cleaned page and how its body was found; `extraction` is `None` when no profile applied.
#[derive(Debug, Clone)]
pub struct ProfileCleaned {
    pub cleaned: Cleaned,
    pub extraction: Option<Extraction>,
}

/// Elements whose content is never story text, even inside a body container.
const SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "canvas",
    "button", "select", "textarea", "input", "head",
];

/// Elements that end a block: their text never runs on into the next one's, as a browser
/// would lay them out on separate lines.
const BLOCK: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "aside",
    "nav",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "table",
    "tr",
    "td",
    "th",
    "thead",
    "tbody",
    "tfoot",
    "caption",
    "figure",
    "figcaption",
    "hr",
    "br",
    "address",
    "details",
    "summary",
    "center",
    "form",
    "fieldset",
    "body",
];

fn warn(message: String) -> Diagnostic {
    Diagnostic {
        stage: "profile",
        message,
        warning: true,
    }
}

/// The text of `el` as the cleaner's blocks: one per block element, white space collapsed,
/// empty ones left out, and nothing from `SKIP` elements or elements in `drop`.
pub fn element_blocks(el: ElementRef<'_>, drop: &HashSet<NodeId>) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current = String::new();
    let mut skipping: Option<NodeId> = None;
    let flush = |current: &mut String, blocks: &mut Vec<String>| {
        let b = normalize_ws(current);
        if !b.is_empty() {
            blocks.push(b);
        }
        current.clear();
    };
    for edge in el.traverse() {
        match edge {
            Edge::Open(node) => {
                if skipping.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Text(t) => current.push_str(t),
                    Node::Element(e) => {
                        if drop.contains(&node.id()) || SKIP.contains(&e.name()) {
                            skipping = Some(node.id());
                        } else if BLOCK.contains(&e.name()) {
                            flush(&mut current, &mut blocks);
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if skipping == Some(node.id()) {
                    skipping = None;
                } else if skipping.is_none() {
                    if let Node::Element(e) = node.value() {
                        if BLOCK.contains(&e.name()) {
                            flush(&mut current, &mut blocks);
                        }
                    }
                }
            }
        }
    }
    flush(&mut current, &mut blocks);
    blocks
}

/// What a field selector reads from one element: the attribute it names, or the text.
pub(super) fn value_of(el: ElementRef<'_>, f: &FieldSelector) -> Option<String> {
    let v = match &f.attr {
        Some(a) => normalize_ws(el.value().attr(a)?),
        None => normalize_ws(&el.text().collect::<String>()),
    };
    (!v.is_empty()).then_some(v)
}

/// A byline as a name: "By Jane Doe" is Jane Doe.
pub(super) fn author_name(s: &str) -> String {
    let t = s.trim();
    let lower = t.to_lowercase();
    let t = if lower.starts_with("by ") {
        t.get(3..).unwrap_or(t).trim()
    } else {
        t
    };
    t.trim_matches(|c: char| c == ',' || c == '|' || c.is_whitespace())
        .to_string()
}

/// The body of a page under a profile: the matches of every body selector in document order
/// (an element inside one already taken is not taken again), less the drop selectors.
pub(super) fn profile_body(doc: &Html, p: &Profile) -> Option<String> {
    let mut drop = HashSet::new();
    for d in &p.drop {
        drop.extend(doc.select(&d.selector).map(|e| e.id()));
    }
    let mut chosen: Vec<ElementRef<'_>> = Vec::new();
    for sel in &p.body {
        chosen.extend(doc.select(&sel.selector));
    }
    if chosen.is_empty() {
        return None;
    }
    let taken: HashSet<NodeId> = chosen.iter().map(|e| e.id()).collect();
    let mut blocks = Vec::new();
    // Document order, whatever the order of the selectors.
    for el in doc.root_element().descendent_elements() {
        if !taken.contains(&el.id()) {
            continue;
        }
        if el.ancestors().any(|a| taken.contains(&a.id())) {
            continue;
        }
        blocks.extend(element_blocks(el, &drop));
    }
    Some(blocks.join("\n\n"))
}

/// Cleans a page, with the profile of its host when `profiles` has one. The host comes from
/// `url`, or else from the page's own canonical URL (a saved page read from a file).
pub fn clean_with_profiles(
    bytes: &[u8],
    charset: Option<&str>,
    url: Option<&str>,
    settings: &CleanSettings,
    profiles: Option<&ProfileSet>,
) -> ProfileCleaned {
    let mut cleaned = clean_html(bytes, charset, url, settings);
    let profile = profiles.and_then(|set| {
        url.or(cleaned.meta.canonical_url.as_deref())
            .and_then(|u| set.for_url(u))
    });
    let Some(profile) = profile else {
        return ProfileCleaned {
            cleaned,
            extraction: None,
        };
    };
    if matches!(
        cleaned.status,
        ArticleStatus::Consent | ArticleStatus::Paywalled
    ) {
        // A wall is not an article whatever the layout; the profile has nothing to read.
        return ProfileCleaned {
            cleaned,
            extraction: Some(Extraction::Generic),
        };
    }
    let head = &bytes[..bytes.len().min(settings.max_bytes)];
    let decoded = crate::charset::decode_html(head, charset);
    let doc = Html::parse_document(&decoded.text);
    let host = &profile.host;
    let extraction = match profile_body(&doc, profile) {
        Some(text) if !text.is_empty() => {
            cleaned.text = text;
            cleaned.status = ArticleStatus::Ok;
            Extraction::Profile
        }
        found => {
            let what = if found.is_some() {
                "matched only elements without text"
            } else {
                "matched nothing"
            };
            let list: Vec<&str> = profile.body.iter().map(|s| s.source.as_str()).collect();
            cleaned.diagnostics.push(warn(format!(
                "profile [{host}]: body selector {list:?} {what}; the generic cleaner's body is used"
            )));
            Extraction::Generic
        }
    };
    let first = |f: &FieldSelector| doc.select(&f.selector).find_map(|e| value_of(e, f));
    let missed = |field: &str, f: &FieldSelector| {
        warn(format!(
            "profile [{host}]: {field} selector {:?} matched nothing; the generic cleaner's {field} is used",
            f.source
        ))
    };
    if let Some(f) = &profile.title {
        match first(f) {
            Some(t) => cleaned.meta.title = Some(t),
            None => cleaned.diagnostics.push(missed("title", f)),
        }
    }
    if let Some(f) = &profile.authors {
        let mut names: Vec<String> = Vec::new();
        for name in doc
            .select(&f.selector)
            .filter_map(|e| value_of(e, f))
            .map(|v| author_name(&v))
        {
            if !name.is_empty() && !names.contains(&name) {
                names.push(name);
            }
        }
        if names.is_empty() {
            cleaned.diagnostics.push(missed("authors", f));
        } else {
            cleaned.meta.authors = names;
        }
    }
    if let Some(f) = &profile.published {
        let date = doc
            .select(&f.selector)
            .filter_map(|e| value_of(e, f))
            .find_map(|v| parse_any_date(&v));
        match date {
            Some(d) => {
                cleaned.meta.published = Some(d);
                cleaned.meta.date_source = Some("profile".into());
            }
            None => cleaned.diagnostics.push(missed("published", f)),
        }
    }
    ProfileCleaned {
        cleaned,
        extraction: Some(extraction),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(toml: &str) -> ProfileSet {
        ProfileSet::parse(toml, "t.toml").expect("valid profile")
    }

    const PAGE: &str = r#"<html><head><link rel="canonical" href="https://site.test/a">
        <title>Generic title | Site</title></head><body>
        <nav><a href="/">Home</a></nav>
        <h1 class="hed">Pinned headline</h1>
        <span class="by">By Ann Author</span><time datetime="2024-03-05T10:00:00Z">5 March</time>
        <div class="story"><p>First <b>para</b>graph of the story, long enough to count.</p>
        <div class="share">Share this on everything</div>
        <p>Second paragraph<br>after a break.</p><script>var x = 1;</script></div>
        </body></html>"#;

    #[test]
    fn a_profile_reads_body_and_fields() {
        let s = set(
            "[\"site.test\"]\nbody = \".story\"\ndrop = \".share\"\ntitle = \"h1.hed\"\n\
             authors = \".by\"\npublished = \"time@datetime\"\n",
        );
        let r = clean_with_profiles(PAGE.as_bytes(), None, None, &Default::default(), Some(&s));
        assert_eq!(r.extraction, Some(Extraction::Profile));
        let c = r.cleaned;
        assert_eq!(
            c.text,
            "First paragraph of the story, long enough to count.\n\nSecond paragraph\n\nafter a break."
        );
        assert_eq!(c.meta.title.as_deref(), Some("Pinned headline"));
        assert_eq!(c.meta.authors, vec!["Ann Author".to_string()]);
        assert_eq!(
            c.meta.published.map(|d| d.to_string()).as_deref(),
            Some("2024-03-05")
        );
        assert_eq!(c.meta.date_source.as_deref(), Some("profile"));
        assert!(c.diagnostics.iter().all(|d| d.stage != "profile"));
        assert!(crate::clean::check_invariants(&c).is_ok());
    }

    #[test]
    fn a_selector_that_finds_nothing_falls_back_and_says_so() {
        let s = set("[\"site.test\"]\nbody = \".gone\"\ntitle = \"h2.gone\"\n");
        let generic = clean_html(PAGE.as_bytes(), None, None, &Default::default());
        let r = clean_with_profiles(PAGE.as_bytes(), None, None, &Default::default(), Some(&s));
        assert_eq!(r.extraction, Some(Extraction::Generic));
        assert_eq!(r.cleaned.text, generic.text);
        assert_eq!(r.cleaned.meta.title, generic.meta.title);
        let warnings: Vec<&str> = r
            .cleaned
            .diagnostics
            .iter()
            .filter(|d| d.warning && d.stage == "profile")
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[0].contains(".gone") && warnings[0].contains("generic"));
    }

    #[test]
    fn no_profile_for_the_host_is_no_extraction_field() {
        let s = set("[\"other.test\"]\nbody = \"p\"\n");
        let r = clean_with_profiles(PAGE.as_bytes(), None, None, &Default::default(), Some(&s));
        assert_eq!(r.extraction, None);
        let r = clean_with_profiles(
            PAGE.as_bytes(),
            None,
            Some("https://other.test/x"),
            &Default::default(),
            Some(&s),
        );
        assert_eq!(
            r.extraction,
            Some(Extraction::Profile),
            "the given URL wins"
        );
    }
}
