//! Page metadata: title, authors, dates, site, canonical URL, language, description.
//!
//! One forward sweep over the tree gathers `<meta>` tags, `<title>`, the first `<h1>`, `<time>`
//! elements, bylines and links, and reads the few lines around the headline for the dateline
//! and byline a page shows its readers; JSON-LD comes from the prepass. Each field then takes the most
//! reliable evidence present, in a fixed order. Dates outside 1990..=tomorrow are discarded
//! as garbage (CMS placeholders, far-future embargo dates), and the published and modified
//! dates never borrow from each other.

use std::collections::HashMap;
use std::sync::OnceLock;

use chrono::{Days, NaiveDate, Utc};
use serde_json::Value;

use super::boilerplate::word;
use super::dates::{date_from_url, parse_any_date};
use super::dom::{Dom, NodeData};
use super::normalize_ws;
use crate::dates::parse_machine_date;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metadata {
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub published: Option<NaiveDate>,
    pub modified: Option<NaiveDate>,
    /// Which evidence gave `published`: `jsonld`, `meta`, `time`, `url`, `header` (the
    /// dateline shown by the headline), `text` (an element whose class says date) or
    /// `original` (a statement that the story was "originally published on" a date).
    pub date_source: Option<String>,
    /// Which evidence gave `modified`: `jsonld` or `meta`.
    pub modified_source: Option<String>,
    pub site: Option<String>,
    pub canonical_url: Option<String>,
    pub lang: Option<String>,
    pub description: Option<String>,
}

/// `<meta>` keys (property, name or itemprop, lower-cased) that carry the publication date,
/// most reliable first.
const PUBLISHED_KEYS: &[&str] = &[
    "article:published_time",
    "datepublished",
    "og:published_time",
    "article:published",
    "published_time",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "date",
    "published",
    "published-date",
    "publication-date",
    "publication_date",
    "article.published",
    "cxenseparse:recs:publishtime",
];

/// Sites name their own publication-date keys (`w-published-date`, `cms.publish_time`):
/// a key naming publication and a date or time, and no revision, is one of those.
const PUBLISHED_KEY_WORDS: &[&str] = &["publish"];
const DATE_KEY_WORDS: &[&str] = &["date", "time"];
const REVISION_KEY_WORDS: &[&str] = &["modif", "updat", "revis", "edit", "expir"];

/// The value of the first (in key order, so that the choice does not depend on hashing) meta
/// key named like a publication date and not among [`PUBLISHED_KEYS`].
fn site_published_meta(meta: &HashMap<String, String>) -> Option<&str> {
    let has = |k: &str, words: &[&str]| words.iter().any(|w| k.contains(w));
    meta.iter()
        .filter(|(k, _)| {
            has(k, PUBLISHED_KEY_WORDS) && has(k, DATE_KEY_WORDS) && !has(k, REVISION_KEY_WORDS)
        })
        .min_by(|a, b| a.0.cmp(b.0))
        .map(|(_, v)| v.as_str())
}

/// `<meta>` keys that carry the last-modified date.
const MODIFIED_KEYS: &[&str] = &[
    "article:modified_time",
    "datemodified",
    "og:updated_time",
    "article:modified",
    "last-modified",
    "dcterms.modified",
    "lastmod",
];

const AUTHOR_KEYS: &[&str] = &[
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "byl",
    "twitter:creator",
];

/// What the sweep collects before the fields are decided.
#[derive(Default)]
struct Gathered {
    meta: HashMap<String, String>,
    title: Option<String>,
    h1: Option<String>,
    lang: Option<String>,
    canonical: Option<String>,
    /// `<time datetime>` values (or `itemprop=datePublished` elements), published-looking first.
    times: Vec<(bool, String)>,
    bylines: Vec<String>,
    /// Text of the first few elements whose class says "date".
    date_texts: Vec<String>,
    /// Short date lines of the article header (see [`HeaderWindow`]).
    header_dates: Vec<ShownDate>,
    /// The byline of the article header, if it has one in text.
    header_byline: Option<String>,
    /// `href` and text of the first links to an author's page (the prepass keeps only
    /// those `href`s).
    author_links: Vec<(String, String)>,
    /// JSON-LD documents carried in a `<meta>` content (`<meta name="script:ld+json">`).
    meta_json_ld: Vec<String>,
    /// The date of a statement that the story was "originally published on" a date.
    original: Option<NaiveDate>,
}

/// A date line the reader sees in the article header.
#[derive(Clone, Copy, Debug)]
struct ShownDate {
    date: NaiveDate,
    /// Whether the line (or the label before it) says the date is an update.
    update: bool,
    /// Whether the line is the text of a `<time>` element whose machine value says another
    /// date: the two are one statement, and the machine value is the one taken.
    time_disagrees: bool,
}

/// How far past the first `<h1>` the header's dateline is looked for: a few dozen text
/// nodes, and no further than the second long paragraph (the story has begun by then).
const HEADER_TEXT_NODES: usize = 60;
const HEADER_LONG_TEXTS: usize = 2;
/// A text node this long is a paragraph, not a dateline.
const DATELINE_MAX_LEN: usize = 100;

/// Words of a label that make the date after it a revision date, not the publication date.
const UPDATE_CUES: &[&str] = &["edited", "modified", "reviewed", "revised", "updated"];

/// The stretch of the page right after the headline, where a page shows its reader when the
/// story was written ("March 4, 2019", "Updated on 4 March 2019", "By Ann Lee · Mar 4,
/// 2019 · 3 min read"): many pages have no date in their metadata but all show one there.
#[derive(Default)]
struct HeaderWindow {
    open: bool,
    done: bool,
    texts: usize,
    long: usize,
    /// Whether the previous short text was an update label ("Updated:").
    prev_update: bool,
    /// Whether the previous short text was a byline label ("Written by").
    prev_label: bool,
    /// The first byline of the header: a `By Ann Lee` line, or the name after a label.
    byline: Option<String>,
    /// Before the headline: text nodes seen, and the last date lines with the count at which
    /// each was seen. A date in the few lines above the headline (a kicker, a "back to blog"
    /// bar) is the dateline too when none follows it.
    before: usize,
    above: Vec<(usize, ShownDate)>,
}

impl HeaderWindow {
    /// Opens the window at the headline, keeping the date lines just above it.
    fn open(&mut self) {
        self.open = true;
        self.prev_update = false;
        let near = self.before.saturating_sub(HEADER_TEXTS_ABOVE);
        self.above.retain(|(at, _)| *at >= near);
    }

    /// The date lines just above the headline, when none was found below it. A page with no
    /// headline has no "above": its last date lines are a sidebar's or a footer's.
    fn finish(&self, out: &mut Vec<ShownDate>) {
        if self.open && out.is_empty() {
            out.extend(self.above.iter().map(|(_, d)| *d));
        }
    }

    fn text(&mut self, t: &str, time_value: Option<NaiveDate>, out: &mut Vec<ShownDate>) {
        let line = |t: &str, prev_update: bool| {
            dateline(t, prev_update).map(|(date, update)| ShownDate {
                date,
                update,
                time_disagrees: time_value.is_some_and(|v| v != date),
            })
        };
        if !self.open {
            self.before += 1;
            let t = t.trim();
            if t.len() >= 150 {
                self.above.clear();
            } else if let Some(line) = line(t, self.prev_update) {
                if self.above.len() >= 2 {
                    self.above.remove(0);
                }
                self.above.push((self.before, line));
            }
            if !t.is_empty() {
                self.prev_update = is_update_label(t);
            }
            return;
        }
        if self.done {
            return;
        }
        self.texts += 1;
        let t = t.trim();
        if t.len() >= 150 {
            self.long += 1;
            // A news story's first paragraph may open with its dateline ("OSLO, March 4,
            // 2019 (Reuters) - ..."): the date before the first dash or bracket.
            if self.long == 1 && out.is_empty() {
                if let Some(d) = lead_dateline(t) {
                    out.push(ShownDate {
                        date: d,
                        update: false,
                        time_disagrees: false,
                    });
                }
            }
        }
        if self.texts >= HEADER_TEXT_NODES || self.long >= HEADER_LONG_TEXTS {
            self.done = true;
            return;
        }
        if t.is_empty() {
            return;
        }
        if out.len() < 4 {
            if let Some(line) = line(t, self.prev_update) {
                out.push(line);
            }
        }
        if self.byline.is_none() && t.len() <= DATELINE_MAX_LEN {
            if byline_label(t) {
                self.prev_label = true;
                return;
            }
            let names = || reads_as_names(t) && clean_author(t).is_some();
            if (self.prev_label || byline_line(t)) && names() {
                self.byline = Some(t.to_string());
            }
        }
        self.prev_label = false;
        self.prev_update = is_update_label(t);
    }
}

/// How many text nodes above the headline a dateline may sit.
const HEADER_TEXTS_ABOVE: usize = 8;

fn is_update_label(t: &str) -> bool {
    t.len() <= DATELINE_MAX_LEN && {
        let l = t.to_lowercase();
        UPDATE_CUES.iter().any(|c| l.contains(c))
    }
}

/// A short line holding a date with its year, and whether it (or the label before it) says
/// the date is an update.
fn dateline(t: &str, after_update_label: bool) -> Option<(NaiveDate, bool)> {
    if t.len() > DATELINE_MAX_LEN || !has_year(t) {
        return None;
    }
    let d = parse_any_date(t).and_then(sane)?;
    Some((d, after_update_label || is_update_label(t)))
}

/// How far into a story's first paragraph its dateline may reach.
const LEAD_DATELINE_LEN: usize = 60;

/// The date of a wire-style dateline opening a paragraph: a place, a date with its year, and
/// the agency, ended by a dash ("RAJSHAHI, Dec 20, 2025 (BSS) - Homestead gardening ...").
fn lead_dateline(t: &str) -> Option<NaiveDate> {
    let cut = (0..=LEAD_DATELINE_LEN.min(t.len()))
        .rev()
        .find(|&j| t.is_char_boundary(j))?;
    let head = &t[..cut];
    let end = [" - ", " – ", " — ", " -- "]
        .iter()
        .filter_map(|d| head.find(d))
        .min()?;
    let line = &head[..end];
    if !has_year(line) {
        return None;
    }
    parse_any_date(line).and_then(sane)
}

fn has_year(s: &str) -> bool {
    s.as_bytes()
        .windows(4)
        .any(|w| (w.starts_with(b"19") || w.starts_with(b"20")) && w.iter().all(u8::is_ascii_digit))
}

fn gather(dom: &Dom) -> Gathered {
    let mut g = Gathered::default();
    // Elements inside comment threads never give the article's author or date.
    let mut in_comment = vec![false; dom.nodes.len()];
    let mut header = HeaderWindow::default();
    // The headline's own text is not its dateline.
    let mut h1_end = 0usize;
    for (i, node) in dom.nodes.iter().enumerate() {
        let e = match &node.data {
            NodeData::Element(e) => e,
            NodeData::Text(t) => {
                let comment = in_comment
                    .get(node.parent as usize)
                    .copied()
                    .unwrap_or(false);
                if !comment {
                    let text = dom.text(*t);
                    if i >= h1_end {
                        feed_header(dom, node.parent, text, &mut header, &mut g.header_dates);
                    }
                    if g.original.is_none() {
                        g.original = originally_published(text);
                    }
                }
                continue;
            }
        };
        // The tree builder found which words class and id contain; `has` tests the class.
        let has = |bit: u32| e.class_words & bit != 0;
        let inherited = in_comment
            .get(node.parent as usize)
            .copied()
            .unwrap_or(false);
        let comment = inherited || (e.class_words | e.id_words) & word::COMMENT != 0;
        in_comment[i] = comment;
        match &*e.name {
            "meta" => {
                let key = e
                    .attr("property")
                    .or_else(|| e.attr("name"))
                    .or_else(|| e.attr("itemprop"))
                    .or_else(|| e.attr("http-equiv"));
                if let (Some(k), Some(v)) = (key, e.attr("content")) {
                    if k.contains("ld+json") && g.meta_json_ld.len() < 4 {
                        g.meta_json_ld.push(v.to_string());
                    }
                    let v = normalize_ws(v);
                    if !v.is_empty() {
                        g.meta.entry(k.trim().to_ascii_lowercase()).or_insert(v);
                    }
                }
            }
            "title" if g.title.is_none() => g.title = Some(dom.text_of(i as u32)),
            "h1" if g.h1.is_none() && !comment => {
                let t = dom.text_of(i as u32);
                if !t.is_empty() {
                    g.h1 = Some(t);
                    header.open();
                    h1_end = dom.subtree_end(i as u32);
                }
            }
            "html" => g.lang = e.attr("lang").map(normalize_ws),
            "link" => {
                let rel = e.attr("rel").unwrap_or("");
                if rel.split_whitespace().any(|r| r == "canonical") && g.canonical.is_none() {
                    g.canonical = e.attr("href").map(normalize_ws);
                }
            }
            _ => {}
        }
        if comment {
            continue;
        }
        let itemprop = e.attr("itemprop").unwrap_or("");
        if e.is("time") || itemprop == "datePublished" || itemprop == "dateModified" {
            // A `<time>` without a machine value still shows its date as text.
            let shown = || Some(dom.text_of(i as u32)).filter(|t| t.len() <= DATELINE_MAX_LEN);
            if let Some(v) = e
                .attr("datetime")
                .or_else(|| e.attr("content"))
                .map(str::to_string)
                .or_else(|| e.is("time").then(shown).flatten())
            {
                let published = itemprop == "datePublished"
                    || e.attr("pubdate").is_some()
                    || has(word::PUBLISH)
                    || has(word::POSTED);
                if itemprop != "dateModified" && !has(word::UPDATED) && !has(word::MODIFIED) {
                    g.times.push((published, v));
                }
            }
        }
        let rel = e.attr("rel").unwrap_or("");
        let authorish = rel == "author"
            || itemprop == "author"
            || has(word::BYLINE)
            || has(word::AUTHOR)
                && e.attr("class").is_some_and(|class| {
                    class
                        .split_whitespace()
                        .any(|c| c == "author" || c.ends_with("author-name"))
                })
            || has(word::AUTHOR_NAME);
        if authorish && g.bylines.len() < 4 && !e.is("meta") {
            let t = dom.text_of(i as u32);
            if !t.is_empty() {
                g.bylines.push(t);
            }
        }
        if let (true, Some(href)) = (e.is("a") && g.author_links.len() < 4, e.attr("href")) {
            let t = dom.text_of(i as u32);
            if !t.is_empty() {
                g.author_links.push((href.to_string(), t));
            }
        }
        if g.date_texts.len() < 4
            && (has(word::DATE) || has(word::TIME) || has(word::PUBLISH))
            && !has(word::UPDATE)
        {
            let t = dom.text_of(i as u32);
            if !t.is_empty() && t.len() < 200 {
                g.date_texts.push(t);
            }
        }
    }
    header.finish(&mut g.header_dates);
    g.header_byline = header.byline.take();
    if g.h1.is_none() {
        headerless(dom, &in_comment, &mut g);
    }
    g.times.sort_by_key(|(p, _)| !*p);
    g
}

/// Feeds a text node to the header window, with the machine value of its `<time>` parent.
fn feed_header(
    dom: &Dom,
    parent: u32,
    text: &str,
    header: &mut HeaderWindow,
    out: &mut Vec<ShownDate>,
) {
    let time_value = match dom.nodes.get(parent as usize).map(|p| &p.data) {
        Some(NodeData::Element(p)) if p.is("time") => {
            p.attr("datetime").and_then(parse_machine_date)
        }
        _ => None,
    };
    header.text(text, time_value, out);
}

/// A page without `<h1>` still sets its headline apart: in another heading level (`<h2>`,
/// `<h4>`, a title cell's `<h3>`) or, on page builders, in a plain block whose text is the
/// title. The first heading that reads as the title's headline, or the first text that is
/// the title word for word, stands in for `<h1>`, and the header window is read from it.
fn headerless(dom: &Dom, in_comment: &[bool], g: &mut Gathered) {
    let Some(title) = g.meta.get("og:title").or(g.title.as_ref()) else {
        return;
    };
    let title = strip_site_suffix(title, g.meta.get("og:site_name").map(String::as_str));
    let want = title_words(&title);
    if want.is_empty() {
        return;
    }
    let comment = |i: u32| in_comment.get(i as usize).copied().unwrap_or(false);
    let stand_in = dom
        .nodes
        .iter()
        .enumerate()
        .find_map(|(i, node)| match &node.data {
            NodeData::Element(e)
                if matches!(&*e.name, "h2" | "h3" | "h4" | "h5" | "h6") && !comment(i as u32) =>
            {
                headline_of(&dom.text_of(i as u32), &title).then_some(i as u32)
            }
            NodeData::Text(t) if !comment(node.parent) => {
                let text = dom.text(*t).trim();
                let in_title = matches!(
                    dom.nodes.get(node.parent as usize).map(|p| &p.data),
                    Some(NodeData::Element(p)) if p.is("title")
                );
                let near = text.len() <= 2 * title.len() && 2 * text.len() >= title.len();
                (near && !in_title && title_words(text) == want).then_some(node.parent)
            }
            _ => None,
        });
    let Some(at) = stand_in else { return };
    let end = dom.subtree_end(at);
    let mut header = HeaderWindow::default();
    let mut out = Vec::new();
    for (i, node) in dom.nodes.iter().enumerate() {
        if i == at as usize {
            header.open();
        }
        if (at as usize..end).contains(&i) {
            continue;
        }
        if let NodeData::Text(t) = &node.data {
            if !comment(node.parent) {
                feed_header(dom, node.parent, dom.text(*t), &mut header, &mut out);
            }
        }
    }
    header.finish(&mut out);
    g.header_dates = out;
    g.header_byline = header.byline.take();
}

/// The date of a statement that the story first ran earlier ("This article was originally
/// published on 26 Sep 2019 and has been updated since"): the date must follow the phrase
/// directly, so that a month-only statement does not borrow the update's date after it.
fn originally_published(text: &str) -> Option<NaiveDate> {
    const PHRASE: &str = "riginally published";
    // One searcher for all text nodes: `str::find` builds one per call, which on every text
    // node of a page costs more than the header window.
    static FINDER: OnceLock<memchr::memmem::Finder<'static>> = OnceLock::new();
    let finder = FINDER.get_or_init(|| memchr::memmem::Finder::new(PHRASE));
    // Most text nodes are a space or a word between tags: too short to hold the phrase.
    if text.len() < PHRASE.len() + 8 {
        return None;
    }
    let at = finder.find(text.as_bytes())?;
    let rest = text[at + PHRASE.len()..].trim_start();
    let rest = rest
        .strip_prefix("on ")
        .or_else(|| rest.strip_prefix("in "))
        .or_else(|| rest.strip_prefix(':'))
        .unwrap_or(rest);
    let end = [". ", ";", " and ", " but ", " at ", " by ", " in ", " | "]
        .iter()
        .filter_map(|d| rest.find(d))
        .min()
        .unwrap_or(rest.len())
        .min(40);
    let end = (0..=end).rev().find(|&j| rest.is_char_boundary(j))?;
    let statement = &rest[..end];
    if !has_year(statement) {
        return None;
    }
    parse_any_date(statement).and_then(sane)
}

/// JSON-LD objects of the page, with `@graph` arrays and top-level arrays flattened.
fn json_ld(texts: &[String]) -> Vec<Value> {
    let mut out = Vec::new();
    for raw in texts {
        let raw = raw
            .trim()
            .trim_start_matches("<!--")
            .trim_end_matches("-->")
            .trim();
        let Ok(v) = serde_json::from_str::<Value>(raw) else {
            continue;
        };
        let mut stack = vec![v];
        while let Some(v) = stack.pop() {
            match v {
                Value::Array(a) => stack.extend(a.into_iter().rev()),
                Value::Object(mut o) => {
                    if let Some(g) = o.remove("@graph") {
                        stack.push(g);
                    }
                    out.push(Value::Object(o));
                }
                _ => {}
            }
            if out.len() > 1000 {
                break;
            }
        }
    }
    out
}

fn has_type(v: &Value, f: impl Fn(&str) -> bool) -> bool {
    match v.get("@type") {
        Some(Value::String(s)) => f(s),
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).any(f),
        _ => false,
    }
}

fn is_article_type(t: &str) -> bool {
    t.ends_with("Article")
        || matches!(
            t,
            "BlogPosting" | "Report" | "LiveBlogPosting" | "Blog" | "SocialMediaPosting"
        )
}

/// Author names from a JSON-LD `author` value: a string, a `Person`/`Organization` object,
/// an `@id` reference into the graph, or an array of any of these.
fn names_of(v: &Value, graph: &[Value], depth: usize, out: &mut Vec<String>) {
    if depth > 4 {
        return;
    }
    match v {
        Value::String(s) => out.push(normalize_ws(s)),
        Value::Array(a) => a.iter().for_each(|x| names_of(x, graph, depth + 1, out)),
        Value::Object(o) => {
            if let Some(n) = o.get("name") {
                names_of(n, graph, depth + 1, out);
            } else if let Some(id) = o.get("@id").and_then(Value::as_str) {
                if let Some(target) = graph.iter().find(|g| {
                    g.get("@id").and_then(Value::as_str) == Some(id) && g.get("name").is_some()
                }) {
                    names_of(target, graph, depth + 1, out);
                }
            }
        }
        _ => {}
    }
}

fn sane(d: NaiveDate) -> Option<NaiveDate> {
    let lo = NaiveDate::from_ymd_opt(1990, 1, 1)?;
    let hi = Utc::now().date_naive().checked_add_days(Days::new(1))?;
    (d >= lo && d <= hi).then_some(d)
}

/// Some sites put their URL where the name belongs: `https://www.example.in/` → `example.in`.
fn site_name(s: &str) -> String {
    if s.starts_with("http://") || s.starts_with("https://") {
        if let Ok(u) = url::Url::parse(s) {
            if let Some(h) = u.host_str() {
                return h.trim_start_matches("www.").to_string();
            }
        }
    }
    s.to_string()
}

/// Words that mark the part of a byline after the name as a job or an outlet.
const AFFILIATION_WORDS: &[&str] = &[
    "agency",
    "associated",
    "bureau",
    "correspondent",
    "editor",
    "international",
    "news",
    "press",
    "reporter",
    "reuters",
    "staff",
    "writer",
];

/// `Tom Krisher, AP Auto Writer` → `Tom Krisher`; `Finian Cunningham. Sputnik International`
/// → `Finian Cunningham`; `Troy L. Smith` stays whole (a one-letter initial is not an end).
fn strip_affiliation(s: &str) -> &str {
    for sep in [", ", ". "] {
        let Some(i) = s.find(sep) else { continue };
        let (name, rest) = (&s[..i], &s[i + sep.len()..]);
        let name_words = name.split_whitespace().count();
        let initial = name
            .split_whitespace()
            .last()
            .is_some_and(|w| w.chars().count() <= 1);
        if !(2..=4).contains(&name_words) || (sep == ". " && initial) {
            continue;
        }
        let rest_lower = rest.to_lowercase();
        let outlet = rest_lower.contains(".com")
            || rest_lower.contains(".org")
            || AFFILIATION_WORDS.iter().any(|w| rest_lower.contains(w));
        if outlet || rest.split_whitespace().count() == 1 && rest.contains('.') {
            return name;
        }
    }
    s
}

/// Cleans a byline into a name: `By Ann Lee | Reporter` → `Ann Lee`.
fn clean_author(s: &str) -> Option<String> {
    let mut s = normalize_ws(s);
    for prefix in [
        "by ",
        "by:",
        "von ",
        "par ",
        "por ",
        "written by ",
        "posted by ",
        "words by ",
    ] {
        let head = s.get(..prefix.len());
        if s.len() > prefix.len() && head.is_some_and(|h| h.eq_ignore_ascii_case(prefix)) {
            s = s[prefix.len()..].trim().to_string();
        }
    }
    for sep in [" | ", " - ", " — ", " – ", "\u{a0}|", " on ", " · ", " , "] {
        if let Some(i) = s.find(sep) {
            s.truncate(i);
        }
    }
    s = strip_affiliation(&s).to_string();
    let s = s
        .trim()
        .trim_end_matches([',', '.', ':'])
        .trim()
        .to_string();
    let words = s.split_whitespace().count();
    let ok = !s.is_empty()
        && !byline_label(&s)
        && words <= 6
        && s.len() <= 80
        && !s.starts_with("http")
        && !s.contains('@')
        && s.chars().any(char::is_alphabetic);
    ok.then_some(s)
}

/// Words of an author link's text that make it a call to action ("More posts by Ann",
/// "View profile"), not the name.
const AUTHOR_LINK_NOISE: &[&str] = &[
    "about",
    "all",
    "articles",
    "author",
    "authors",
    "bio",
    "contributor",
    "contributors",
    "more",
    "posts",
    "profile",
    "read",
    "see",
    "stories",
    "view",
    "writers",
];

fn host_of(u: &str) -> Option<String> {
    let u = url::Url::parse(u).ok()?;
    Some(
        u.host_str()?
            .trim_start_matches("www.")
            .to_ascii_lowercase(),
    )
}

/// Whether a link stays on the page's site: a relative link does; an absolute one to
/// another host (a social network's `/profile/`) is someone's account, not the author page.
fn same_site(href: &str, page_host: Option<&str>) -> bool {
    let href = href.trim();
    if !(href.starts_with("http://") || href.starts_with("https://") || href.starts_with("//")) {
        return true;
    }
    let absolute = if href.starts_with("//") {
        format!("https:{href}")
    } else {
        href.to_string()
    };
    match (host_of(&absolute), page_host) {
        (Some(h), Some(p)) => {
            h == p || h.ends_with(&format!(".{p}")) || p.ends_with(&format!(".{h}"))
        }
        // Without the page's address the link cannot be placed; it is kept.
        (_, None) => true,
        (None, Some(_)) => false,
    }
}

/// Whether an author link's text is a name: a few words, none of them a call to action.
fn author_link_name(t: &str) -> bool {
    let words: Vec<String> = t.split_whitespace().map(str::to_lowercase).collect();
    (1..=6).contains(&words.len())
        && !words
            .iter()
            .any(|w| AUTHOR_LINK_NOISE.contains(&w.trim_matches(|c: char| !c.is_alphanumeric())))
}

/// Labels that stand before a byline's name in an element of their own ("Written by",
/// "Author:"), which are no names.
const BYLINE_LABELS: &[&str] = &["author", "by", "posted by", "words by", "written by"];

fn byline_label(s: &str) -> bool {
    let key = s.trim().trim_end_matches(':').trim().to_lowercase();
    BYLINE_LABELS.contains(&key.as_str())
}

/// Whether a short line of the article header is a byline: `By Ann Lee`, `Written by Ann
/// Lee`, `by Ann Lee` after a date.
fn byline_line(t: &str) -> bool {
    let l = t.trim_start().to_lowercase();
    ["by ", "by:", "written by ", "posted by ", "words by "]
        .iter()
        .any(|p| l.starts_with(p))
}

/// Whether the text after a byline label reads as a name rather than the story's first
/// sentence: a name line does not end as a sentence does (an initial aside).
fn reads_as_names(t: &str) -> bool {
    let t = t.trim();
    let last = t.split_whitespace().last().unwrap_or("");
    !t.ends_with(['.', '!', '?']) || last.chars().filter(|c| c.is_alphabetic()).count() <= 2
}

/// The names in a byline: `By Ann Lee and Bo Chan, Associated Press` → both names. A
/// byline is split at ` and ` / ` & ` only when every part then reads as a name.
fn byline_names(b: &str) -> Vec<String> {
    let b = normalize_ws(b);
    for sep in [" and ", " & ", " und ", " e ", " y "] {
        if !b.contains(sep) {
            continue;
        }
        let parts: Option<Vec<String>> = b.split(sep).map(clean_author).collect();
        if let Some(parts) = parts {
            if parts.len() > 1
                && parts
                    .iter()
                    .all(|p| (2..=4).contains(&p.split_whitespace().count()))
            {
                return parts;
            }
        }
    }
    clean_author(&b).into_iter().collect()
}

// Kept out of line so that profiles show each stage on its own; it runs once per page.
#[inline(never)]
pub fn extract(dom: &Dom, json_ld_texts: &[String], url: Option<&str>) -> Metadata {
    let g = gather(dom);
    let mut ld = json_ld(json_ld_texts);
    ld.extend(json_ld(&g.meta_json_ld));
    let article = ld
        .iter()
        .find(|v| has_type(v, is_article_type))
        .or_else(|| {
            ld.iter()
                .find(|v| v.get("datePublished").is_some() || v.get("headline").is_some())
        });
    let ld_str = |k: &str| {
        article
            .and_then(|a| a.get(k))
            .and_then(|v| match v {
                Value::Array(a) => a.first(),
                v => Some(v),
            })
            .and_then(Value::as_str)
            .map(normalize_ws)
            .filter(|s| !s.is_empty())
    };
    let meta = |k: &str| g.meta.get(k).cloned();

    let site = meta("og:site_name")
        .or_else(|| {
            article
                .and_then(|a| a.get("publisher"))
                .and_then(|p| p.get("name"))
                .and_then(Value::as_str)
                .map(normalize_ws)
        })
        .or_else(|| {
            ld.iter()
                .find(|v| {
                    has_type(v, |t| {
                        t == "WebSite" || t == "NewsMediaOrganization" || t == "Organization"
                    })
                })
                .and_then(|v| v.get("name"))
                .and_then(Value::as_str)
                .map(normalize_ws)
        })
        .or_else(|| meta("application-name"))
        .map(|s| site_name(&s))
        .filter(|s| !s.is_empty());

    let title = [
        meta("og:title"),
        meta("twitter:title"),
        ld_str("headline"),
        g.h1.clone(),
        g.title.clone(),
    ]
    .into_iter()
    .flatten()
    .map(|t| strip_site_suffix(&t, site.as_deref()))
    .find(|t| !t.is_empty());
    // The headline the reader sees beats the title written for search engines and sharing,
    // when it is the same story's headline (it shares words with that title);
    // an `<h1>` that is the site's logo or a section name shares none.
    let title = match (title, g.h1.as_deref().map(normalize_ws)) {
        (Some(t), Some(h)) if headline_of(&h, &t) => Some(h),
        (t, _) => t,
    };

    let mut authors = Vec::new();
    if let Some(a) = article.and_then(|a| a.get("author").or_else(|| a.get("creator"))) {
        names_of(a, &ld, 0, &mut authors);
    }
    if authors.is_empty() {
        for k in AUTHOR_KEYS {
            if let Some(v) = meta(k) {
                if !v.starts_with('@') && !v.starts_with("http") {
                    authors.push(v);
                    break;
                }
            }
        }
    }
    let mut authors: Vec<String> = authors.iter().filter_map(|a| clean_author(a)).collect();
    if authors.is_empty() {
        // The first byline that reads as names: a byline class often sits on a box that
        // also holds a photo, the date or the lead, with the name in an inner element.
        authors = g
            .bylines
            .iter()
            .map(|b| byline_names(b))
            .find(|names| !names.is_empty())
            .or_else(|| g.header_byline.as_deref().map(byline_names))
            .or_else(|| {
                // A link to the author's page, its text the name: the last resort, as
                // the read-next cards of other stories link their authors too.
                let host = url.or(g.canonical.as_deref()).and_then(host_of);
                g.author_links
                    .iter()
                    .filter(|(href, t)| same_site(href, host.as_deref()) && author_link_name(t))
                    .map(|(_, t)| byline_names(t))
                    .find(|names| !names.is_empty())
            })
            .unwrap_or_default();
    }
    let mut seen = std::collections::HashSet::new();
    authors.retain(|a| seen.insert(a.to_lowercase()));

    let machine = |s: &str| parse_any_date(s).and_then(sane);
    let mut published = None;
    let mut date_source = None;
    let meta_published = PUBLISHED_KEYS
        .iter()
        .find_map(|k| meta(k).as_deref().and_then(machine))
        .or_else(|| site_published_meta(&g.meta).and_then(machine));
    // The dateline shown under the headline: a publication date before an update date.
    let shown = g
        .header_dates
        .iter()
        .find(|h| !h.update)
        .or(g.header_dates.first());
    let url_date = url
        .or(g.canonical.as_deref())
        .and_then(date_from_url)
        .and_then(sane);
    let candidates = [
        (
            "jsonld",
            ld_str("datePublished").as_deref().and_then(machine),
        ),
        ("meta", meta_published),
        ("time", g.times.iter().find_map(|(_, v)| machine(v))),
        ("url", url_date),
        ("jsonld", ld_str("dateCreated").as_deref().and_then(machine)),
        ("header", shown.map(|h| h.date)),
        ("text", g.date_texts.iter().find_map(|t| machine(t))),
    ];
    for (source, value) in candidates {
        if let Some(d) = value {
            published = Some(d);
            date_source = Some(source.to_string());
            break;
        }
    }
    let ld_modified = ld_str("dateModified").as_deref().and_then(machine);
    if let (Some(d), Some(source)) = (published, date_source.as_deref()) {
        let restamped = source == "jsonld"
            && ld_str("datePublished").as_deref().and_then(machine) == Some(d)
            && ld_modified.is_some_and(|m| m <= d);
        let earlier = shown_earlier(
            d,
            source,
            restamped,
            &g.header_dates,
            g.date_texts.iter().find_map(|t| machine(t)),
            url_date,
        );
        if let Some(e) = earlier {
            published = Some(e);
            date_source = Some("header".to_string());
        }
    }
    // A page that says when the story first ran names its publication in so many words;
    // like any shown date, it can only move the date earlier.
    if let Some(o) = g.original.filter(|o| published.is_none_or(|p| *o < p)) {
        published = Some(o);
        date_source = Some("original".to_string());
    }
    let (modified, modified_source) = match ld_str("dateModified").as_deref().and_then(machine) {
        Some(d) => (Some(d), Some("jsonld".to_string())),
        None => match MODIFIED_KEYS
            .iter()
            .find_map(|k| meta(k).as_deref().and_then(machine))
        {
            Some(d) => (Some(d), Some("meta".to_string())),
            None => (None, None),
        },
    };

    Metadata {
        title,
        authors,
        published,
        modified,
        date_source,
        modified_source,
        site,
        canonical_url: g
            .canonical
            .or_else(|| meta("og:url"))
            .filter(|s| !s.is_empty()),
        lang: g
            .lang
            .or_else(|| meta("content-language"))
            .or_else(|| meta("og:locale").map(|l| l.replace('_', "-")))
            .filter(|s| !s.is_empty()),
        description: meta("description")
            .or_else(|| meta("og:description"))
            .or_else(|| meta("twitter:description")),
    }
}

/// A date the page shows its reader that is earlier than the one its metadata states, when
/// that shown date is the better witness of publication. Metadata dates are machine stamps:
/// a CMS migration or re-render re-stamps `datePublished` (then it is no earlier than
/// `dateModified`), and a machine timestamp in UTC may fall on the next day. A page cannot
/// show a dateline earlier than its own publication, so an earlier shown date is taken:
/// - when the JSON-LD is re-stamped (`restamped`), the first shown date (the header's, even
///   an update's, else an element whose class says date);
/// - otherwise the header's first publication (non-update) dateline, when it is more than a
///   day earlier (a day is a time zone) or the URL path carries the same date, and is not
///   the text of a `<time>` whose own machine value says otherwise.
fn shown_earlier(
    chosen: NaiveDate,
    source: &str,
    restamped: bool,
    header: &[ShownDate],
    date_text: Option<NaiveDate>,
    url_date: Option<NaiveDate>,
) -> Option<NaiveDate> {
    if restamped {
        let first = header
            .iter()
            .find(|h| !h.update)
            .or(header.first())
            .map(|h| h.date)
            .or(date_text);
        return first.filter(|d| *d < chosen);
    }
    if !matches!(source, "jsonld" | "meta" | "time") {
        return None;
    }
    let h = header.iter().find(|h| !h.update)?;
    if source == "time" && h.time_disagrees {
        return None;
    }
    let days = (chosen - h.date).num_days();
    (days > 1 || days == 1 && url_date == Some(h.date)).then_some(h.date)
}

/// Lower-cased words of a title, for comparing two titles.
fn title_words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whether `h1` is a headline for the story `title` names: at least three words, a third of
/// them shared with the title, and not much longer than it (a paragraph set in `<h1>`).
fn headline_of(h1: &str, title: &str) -> bool {
    let (h, t) = (title_words(h1), title_words(title));
    let shared = h.iter().filter(|w| t.contains(w)).count();
    h.len() >= 3 && h.len() <= 3 * t.len().max(4) && shared * 3 >= h.len()
}

/// `Nokia and Xiaomi sign deal | Tech Daily` → `Nokia and Xiaomi sign deal`.
pub fn strip_site_suffix(title: &str, site: Option<&str>) -> String {
    let title = normalize_ws(title);
    for sep in [" | ", " - ", " – ", " — ", " :: ", " · ", " » "] {
        if let Some(i) = title.rfind(sep) {
            let tail = &title[i + sep.len()..];
            let is_site = site.is_some_and(|s| {
                let s = s.to_lowercase();
                let t = tail.to_lowercase();
                t == s || t.contains(&s) || s.contains(&t)
            }) || (tail.split_whitespace().count() <= 4 && i > tail.len());
            if is_site {
                return strip_site_suffix(title[..i].trim(), site);
            }
        }
        // A site name in front: `Tech Daily | Nokia and Xiaomi sign deal`.
        if let (Some(i), Some(s)) = (title.find(sep), site) {
            if title[..i].eq_ignore_ascii_case(s) {
                return title[i + sep.len()..].trim().to_string();
            }
        }
    }
    title
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::{dom, prepass};

    fn meta_of(html: &str, url: Option<&str>) -> Metadata {
        let p = prepass::strip(html);
        let d = dom::parse(
            &p.html,
            dom::Limits {
                max_depth: 100,
                max_elements: 10_000,
            },
        );
        extract(&d, &p.json_ld, url)
    }

    #[test]
    fn jsonld_graph_and_suffix() {
        let html = r##"<html lang="en"><head><title>Deal done | Tech Daily</title>
            <meta property="og:site_name" content="Tech Daily">
            <script type="application/ld+json">{"@graph":[{"@type":"WebSite","name":"Tech Daily"},
              {"@type":"NewsArticle","datePublished":"2017-07-05T08:00:00Z",
               "author":[{"@type":"Person","name":"Ann Lee"},{"@id":"#bo"}]},
              {"@type":"Person","@id":"#bo","name":"Bo Chan"}]}</script>
            </head><body></body></html>"##;
        let m = meta_of(html, None);
        assert_eq!(m.title.as_deref(), Some("Deal done"));
        assert_eq!(m.authors, vec!["Ann Lee", "Bo Chan"]);
        assert_eq!(
            m.published.map(|d| d.to_string()).as_deref(),
            Some("2017-07-05")
        );
        assert_eq!(m.date_source.as_deref(), Some("jsonld"));
        assert_eq!(m.lang.as_deref(), Some("en"));
    }

    #[test]
    fn url_date_and_future_dates() {
        let html = r#"<meta property="article:published_time" content="2999-01-01">"#;
        let m = meta_of(html, Some("https://x.test/2019/03/04/story"));
        assert_eq!(
            m.published.map(|d| d.to_string()).as_deref(),
            Some("2019-03-04")
        );
        assert_eq!(m.date_source.as_deref(), Some("url"));
    }

    #[test]
    fn byline_prefix_next_to_multibyte_char() {
        // Found by the random-input run: a prefix check sliced inside a character.
        assert_eq!(
            clean_author("ByĀ Eric Song").as_deref(),
            Some("ByĀ Eric Song")
        );
        assert_eq!(clean_author("By Ann Lee").as_deref(), Some("Ann Lee"));
    }

    #[test]
    fn affiliations_are_cut() {
        for (raw, want) in [
            ("TOM KRISHER, AP Auto Writer", "TOM KRISHER"),
            (
                "Finian Cunningham. Sputnik International",
                "Finian Cunningham",
            ),
            ("Troy L. Smith, Cleveland.com", "Troy L. Smith"),
            ("Troy L. Smith", "Troy L. Smith"),
            ("Ann Lee, Bo Chan", "Ann Lee, Bo Chan"),
        ] {
            assert_eq!(clean_author(raw).as_deref(), Some(want), "{raw}");
        }
    }

    #[test]
    fn byline_with_two_names() {
        assert_eq!(
            byline_names("By Meg Kinnard and Errin Haines, Associated Press"),
            vec!["Meg Kinnard", "Errin Haines"]
        );
        assert_eq!(byline_names("By Ann Lee"), vec!["Ann Lee"]);
        // Not names on both sides: left whole.
        assert_eq!(
            byline_names("Research and Markets"),
            vec!["Research and Markets"]
        );
    }

    #[test]
    fn later_byline_when_the_first_is_no_name() {
        let html = r#"<body><div class="entry-byline"><p>The government has unveiled a plan
            to help the industry reduce the cost of panels by a third over the next decade, a
            document published on Tuesday shows, with targets for every year up to 2030.</p>
            <span class="author">Emiliano Bellini</span></div></body>"#;
        let m = meta_of(html, None);
        assert_eq!(m.authors, vec!["Emiliano Bellini"]);
    }

    #[test]
    fn the_dateline_under_the_headline() {
        let date = |m: &Metadata| m.published.map(|d| d.to_string());
        // No metadata at all: the date shown under the headline, and its label.
        let html = r#"<body><div class="sidebar"><span>January 2, 2020</span></div>
            <h1>How we moved our build to a new CI in 2021</h1>
            <div><a href="/a/kim">Kim Park</a> <span>·</span> <span>Mar 4, 2021</span>
            <span>5 min read</span></div><p>The story starts here.</p></body>"#;
        let m = meta_of(html, None);
        assert_eq!(date(&m).as_deref(), Some("2021-03-04"));
        assert_eq!(m.date_source.as_deref(), Some("header"));
        // Published beats updated, whichever comes first; a `<time>` without `datetime`
        // is read from its text.
        let html = r#"<h1>Title</h1><p><span>Updated:</span> <span>10/31/2024</span></p>
            <p>Posted on 12.05.2023</p><p>Text.</p>"#;
        assert_eq!(date(&meta_of(html, None)).as_deref(), Some("2023-05-12"));
        let html = r#"<h1>Title</h1><p>Updated on 10/31/2024</p><p>Text.</p>"#;
        assert_eq!(date(&meta_of(html, None)).as_deref(), Some("2024-10-31"));
        let html = r#"<h1>Title</h1><time class="x">July 2, 2025</time><p>Text.</p>"#;
        let m = meta_of(html, None);
        assert_eq!(
            (date(&m).as_deref(), m.date_source.as_deref()),
            (Some("2025-07-02"), Some("time"))
        );
        // A kicker above the headline, when nothing below it is a date.
        let html = r#"<nav>Home</nav><a href="/blog">Back to the blog</a><p>Feb 4, 2025</p>
            <h1>Title</h1><p>Text.</p>"#;
        assert_eq!(date(&meta_of(html, None)).as_deref(), Some("2025-02-04"));
        // Once the story has begun, a date is story text, not the dateline.
        let long = "A paragraph of the story that goes on long enough to be one. ".repeat(3);
        let html = format!("<h1>Title</h1><p>{long}</p><p>{long}</p><p>On May 1, 2020 we met.</p>");
        assert_eq!(meta_of(&html, None).published, None);
    }

    #[test]
    fn an_earlier_shown_date_beats_a_restamped_or_shifted_stamp() {
        let got = |html: &str, url: Option<&str>| {
            let m = meta_of(html, url);
            (m.published.map(|d| d.to_string()), m.date_source)
        };
        let header = |s: &str| Some(s.to_string());
        // JSON-LD stamped on render (published no earlier than modified): the dateline the
        // reader sees, even an update's, when it is earlier.
        let ld = r#"<script type="application/ld+json">{"@type":"BlogPosting",
            "datePublished":"2025-06-12","dateModified":"2025-06-10"}</script>"#;
        let html = format!("{ld}<h1>Title</h1><p>Updated May 2, 2023</p><p>Text.</p>");
        assert_eq!(got(&html, None), (header("2023-05-02"), header("header")));
        // ... but never a later one.
        let html = format!("{ld}<h1>Title</h1><p>July 2, 2025</p><p>Text.</p>");
        assert_eq!(got(&html, None).0.as_deref(), Some("2025-06-12"));
        // A real revision history keeps its publication date against a shown update.
        let ld = r#"<script type="application/ld+json">{"@type":"BlogPosting",
            "datePublished":"2025-06-12","dateModified":"2025-08-10"}</script>"#;
        let html = format!("{ld}<h1>Title</h1><p>Updated May 2, 2023</p><p>Text.</p>");
        assert_eq!(got(&html, None).0.as_deref(), Some("2025-06-12"));
        // A meta stamp a day after the dateline is a time zone, unless the URL agrees
        // with the dateline; more than a day earlier, the dateline wins.
        let meta = r#"<meta property="article:published_time" content="2025-12-19T02:41:00Z">"#;
        let html = format!("{meta}<h1>Title</h1><p>December 18, 2025</p><p>Text.</p>");
        assert_eq!(got(&html, None).0.as_deref(), Some("2025-12-19"));
        let url = Some("https://blog.test/2025/12/18/title/");
        assert_eq!(got(&html, url), (header("2025-12-18"), header("header")));
        let html = format!("{meta}<h1>Title</h1><p>March 1, 2024</p><p>Text.</p>");
        assert_eq!(got(&html, None), (header("2024-03-01"), header("header")));
        // A `<time>` whose text says another date than its machine value is one statement.
        let html = r#"<h1>Title</h1><time datetime="2024-12-20">August 28, 2024</time><p>T.</p>"#;
        assert_eq!(got(html, None).0.as_deref(), Some("2024-12-20"));
        // Another `<time>` (a sidebar's) is a different witness.
        let html = r#"<aside><time datetime="2025-01-31">Jan 31</time></aside><h1>Title</h1>
            <time datetime="2017-03-01">03/01/2017</time><p>T.</p>"#;
        assert_eq!(got(html, None), (header("2017-03-01"), header("header")));
    }

    #[test]
    fn site_named_publication_keys_and_lead_datelines() {
        let date = |html: &str| meta_of(html, None).published.map(|d| d.to_string());
        let html = r#"<meta name="w-published-date" content="2025-05-27T06:03:43.274Z">
            <h1>Title</h1><p>Text.</p>"#;
        assert_eq!(date(html).as_deref(), Some("2025-05-27"));
        let html = r#"<meta name="x-publish-updated-date" content="2025-05-27">
            <h1>Title</h1><p>Text.</p>"#;
        assert_eq!(date(html), None);
        let story =
            "Homestead gardening has been feeding the villages around the river. ".repeat(3);
        let html = format!("<h1>Title</h1><p>OSLO, Dec 20, 2025 (NTB) - {story}</p>");
        assert_eq!(date(&html).as_deref(), Some("2025-12-20"));
        // A date later in the paragraph is story text.
        let html = format!("<h1>Title</h1><p>{story} It opened on Dec 20, 2025 - at last.</p>");
        assert_eq!(date(&html), None);
    }

    #[test]
    fn a_headline_without_h1() {
        let got = |html: &str| {
            let m = meta_of(html, None);
            (m.published.map(|d| d.to_string()), m.date_source)
        };
        let story = "The backups live in three places, and each one fails differently. ".repeat(3);
        // A title cell's `<h3>`, the date in the next cell; a sidebar's dates around it.
        let html = format!(
            r#"<head><title>Backup Strategy | Kim's Notes</title></head><body>
            <div class="recent"><p>Older post</p><p>May 5, 2018</p></div>
            <table><tr><td><h3><a href="/p/backup">Backup Strategy</a></h3></td>
            <td>January 22nd, 2019</td></tr></table><p>{story}</p><p>{story}</p>
            <div class="recent"><p>Newer post</p><p>June 1, 2025</p></div></body>"#
        );
        let want = (Some("2019-01-22".to_string()), Some("header".to_string()));
        assert_eq!(got(&html), want);
        // A page builder's plain block holding the title, the byline and date after it.
        let html = format!(
            r#"<head><meta property="og:title" content="Top 5 tools for 2026 | Acme"></head>
            <body><nav><p>Blog</p></nav><div><p>Top 5 tools for 2026</p><p>Acme Team</p>
            <p>Feb 16, 2026</p></div><p>{story}</p></body>"#
        );
        assert_eq!(got(&html).0.as_deref(), Some("2026-02-16"));
        // A lower heading that reads as the headline, with a wire dateline opening the lead.
        let html = format!(
            r#"<head><title>Homestead gardens feed the river villages | District</title></head>
            <body><h4>Homestead gardens feed the river villages</h4><p>By Ann Lee</p>
            <p>OSLO, Dec 20, 2025 (NTB) - {story}</p></body>"#
        );
        assert_eq!(got(&html).0.as_deref(), Some("2025-12-20"));
        // No headline at all: the page's last date lines are a sidebar's, not a dateline.
        let html = format!(
            r#"<head><title>Backup Strategy</title></head><body><p>{story}</p>
            <div class="recent"><p>Newer post</p><p>June 1, 2025</p></div></body>"#
        );
        assert_eq!(got(&html), (None, None));
    }

    #[test]
    fn json_ld_in_a_meta_tag() {
        let html = r#"<head><meta name="script:ld+json" content="{&quot;@type&quot;:&quot;Article&quot;,&quot;datePublished&quot;:&quot;2025-11-17T09:00:00-05:00&quot;}">
            </head><body><h1>Title</h1><p>Text.</p></body>"#;
        let m = meta_of(html, None);
        assert_eq!(
            (m.published.map(|d| d.to_string()), m.date_source),
            (Some("2025-11-17".to_string()), Some("jsonld".to_string()))
        );
    }

    #[test]
    fn a_statement_of_first_publication() {
        let got = |html: &str| {
            let m = meta_of(html, None);
            (m.published.map(|d| d.to_string()), m.date_source)
        };
        let meta = r#"<meta property="article:published_time" content="2022-09-30">"#;
        let html = format!(
            "{meta}<h1>Title</h1><p>Text.</p><p>This article was originally published on \
             26 Sep 2019 at 4:12pm but has been regularly updated.</p>"
        );
        assert_eq!(
            got(&html),
            (Some("2019-09-26".to_string()), Some("original".to_string()))
        );
        // A month alone says no day; the update's date after it is not the publication.
        let html = format!(
            "{meta}<h1>Title</h1><p>Originally published in March 2022. Last updated on \
             December 20, 2021.</p>"
        );
        assert_eq!(got(&html).0.as_deref(), Some("2022-09-30"));
        // A statement later than the metadata's date moves nothing.
        let html = format!("{meta}<h1>Title</h1><p>Originally published on May 2, 2023.</p>");
        assert_eq!(got(&html).0.as_deref(), Some("2022-09-30"));
    }

    #[test]
    fn the_shown_headline_beats_the_share_title() {
        let title = |h: &str| {
            let html = format!(
                r#"<head><meta property="og:title" content="Best budget laptops for students in 2025"></head>
                <body><h1>{h}</h1></body>"#
            );
            meta_of(&html, None).title
        };
        assert_eq!(
            title("The 9 best laptops for students on a budget").as_deref(),
            Some("The 9 best laptops for students on a budget")
        );
        // A logo or a section name in `<h1>` is no headline.
        assert_eq!(
            title("Gadget Garage Reviews").as_deref(),
            Some("Best budget laptops for students in 2025")
        );
    }

    #[test]
    fn the_byline_under_the_headline() {
        let authors =
            |body: &str| meta_of(&format!("<body><h1>A title</h1>{body}</body>"), None).authors;
        assert_eq!(
            authors("<p><span>Written by</span> <a href=/a>Kim Park</a></p><p>Text.</p>"),
            vec!["Kim Park"]
        );
        assert_eq!(
            authors("<p>Published May 2, 2023</p><p>by Ann Lee</p><p>Text.</p>"),
            vec!["Ann Lee"]
        );
        // A label alone is no name.
        assert_eq!(
            authors("<div class=\"byline\">By</div><p>Text.</p>"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn the_author_page_link() {
        let authors = |body: &str| meta_of(body, None).authors;
        // No byline class, no metadata: the link to the author's page names the author.
        let html = r#"<h1>A title</h1><p><a href="/authors/kim-park/">Kim Park</a> wrote this.</p>
            <p>Text.</p>"#;
        assert_eq!(authors(html), vec!["Kim Park"]);
        // A call to action or the list of all authors is no name; the next author link is.
        let html = r#"<h1>A title</h1><a href="/contributors/">Contributors</a>
            <a href="/contributors/kim-park/">Kim Park</a>"#;
        assert_eq!(authors(html), vec!["Kim Park"]);
        let html = r#"<h1>A title</h1><a href="https://x.test/author/kim/">More posts by Kim</a>
            <a href="https://x.test/author/kim/">Kim Park</a>"#;
        assert_eq!(authors(html), vec!["Kim Park"]);
        // A profile on another site is an account, not the author page.
        let html = r#"<h1>A title</h1><a href="https://social.test/profile/kp">bluesky</a>
            <a href="https://www.news.test/writers/kim">Kim Park</a>"#;
        let m = meta_of(html, Some("https://news.test/2025/01/02/a-title"));
        assert_eq!(m.authors, vec!["Kim Park"]);
        // Any other link is no author, and a byline class comes first.
        let html = r#"<h1>A title</h1><a href="/tags/kim-park/">Kim Park</a>"#;
        assert_eq!(authors(html), Vec::<String>::new());
        let html = r#"<h1>A title</h1><span class="byline">By Ann Lee</span>
            <a href="/author/kim">Kim Park</a>"#;
        assert_eq!(authors(html), vec!["Ann Lee"]);
    }

    #[test]
    fn comment_authors_are_not_authors() {
        let html = r#"<body><div class="comments"><span class="author">Troll</span>
            <time datetime="2020-01-02">x</time></div>
            <p class="byline">By Ann Lee | Staff</p></body>"#;
        let m = meta_of(html, None);
        assert_eq!(m.authors, vec!["Ann Lee"]);
        assert_eq!(m.published, None);
    }
}
