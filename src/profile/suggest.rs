//! Learning a profile from pages, and checking one against pages.
//!
//! The generic cleaner is the teacher: on pages it reads well, the element whose text best
//! matches its body is the story container, and the element holding its title, byline and date
//! are the metadata elements. A selector is only suggested when it picks that element on every
//! page given, and the shortest such selector built from stable names (ids and classes without
//! numbers, `itemprop`, semantic tags) is preferred, because long paths and generated class
//! names are what a site's next deploy changes.

use std::collections::HashSet;

use ego_tree::NodeId;
use scraper::{ElementRef, Html};

use super::apply::{author_name, element_blocks, profile_body, value_of};
use super::{FieldSelector, Profile, ProfileSet};
use crate::clean::shingle::score_page;
use crate::clean::{clean_html, normalize_ws, parse_any_date, CleanSettings, Cleaned};
use crate::dates::parse_machine_date;

/// One page to learn from or check: where it came from, its bytes, its URL if known.
#[derive(Debug, Clone)]
pub struct Page {
    pub origin: String,
    pub bytes: Vec<u8>,
    pub url: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum SuggestError {
    #[error("no pages given")]
    NoPages,
    #[error("{origin}: no URL to tell the site by (the page has no canonical link); give --url")]
    NoHost { origin: String },
    #[error("{origin}: the generic cleaner found no article body to learn from")]
    NoBody { origin: String },
    #[error("pages of several sites given ({0}); learn one site at a time")]
    ManyHosts(String),
}

/// A learned profile, with how well it reproduces the generic cleaner on each page.
#[derive(Debug, Clone, Default)]
pub struct Suggestion {
    pub host: String,
    pub body: Option<String>,
    pub drop: Vec<String>,
    pub title: Option<String>,
    pub authors: Option<String>,
    pub published: Option<String>,
    /// Body F1 (the benchmark's shingle F1) of the suggested selectors against the generic
    /// cleaner's body, per page.
    pub body_f1: Vec<f64>,
    /// Things a reviewer should know (a field with no selector, and why).
    pub notes: Vec<String>,
}

/// A page parsed for learning: the generic result and the scraper tree.
struct Learn {
    generic: Cleaned,
    doc: Html,
}

fn host_of(url: &str) -> Option<String> {
    let u = url::Url::parse(url).ok()?;
    let h = u.host_str()?.to_ascii_lowercase();
    Some(h.strip_prefix("www.").map(str::to_string).unwrap_or(h))
}

fn f1(predicted: &str, truth: &str) -> f64 {
    let s = score_page(predicted, truth);
    if s.precision + s.recall > 0.0 {
        2.0 * s.precision * s.recall / (s.precision + s.recall)
    } else {
        0.0
    }
}

/// A class or id worth building a selector on: a plain CSS identifier without the digits and
/// prefixes of generated names (`css-1x9f2`, `post-48213`).
fn stable_name(s: &str) -> bool {
    let digits = s.chars().filter(char::is_ascii_digit).count();
    let lower = s.to_ascii_lowercase();
    (2..=40).contains(&s.len())
        && digits <= 1
        && s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && !["css-", "sc-", "jsx-", "svelte-", "emotion-"]
            .iter()
            .any(|p| lower.starts_with(p))
}

/// Attribute values that may go into a quoted selector as they are.
fn plain_value(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 60
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
}

/// Words that make a class name a likely story container, preferred over other names.
const STORY_WORDS: &[&str] = &[
    "body", "content", "article", "story", "entry", "post", "text",
];

/// The simple selectors that name `el` by itself, cheapest first, each with a rank (lower is
/// preferred among selectors of the same length).
fn simple_selectors(el: ElementRef<'_>) -> Vec<(u8, String)> {
    let e = el.value();
    let tag = e.name();
    let mut out = Vec::new();
    for key in ["itemprop", "property", "name"] {
        if let Some(v) = e.attr(key).filter(|v| plain_value(v)) {
            out.push((0, format!("{tag}[{key}=\"{v}\"]")));
        }
    }
    if let Some(id) = e.id().filter(|i| stable_name(i)) {
        out.push((2, format!("#{id}")));
    }
    for c in e.classes().filter(|c| stable_name(c)) {
        let lower = c.to_ascii_lowercase();
        let rank = if STORY_WORDS.iter().any(|w| lower.contains(w)) {
            1
        } else {
            3
        };
        out.push((rank, format!("{tag}.{c}")));
    }
    if matches!(
        tag,
        "article" | "main" | "h1" | "time" | "address" | "header" | "aside" | "figure" | "nav"
    ) {
        out.push((4, tag.to_string()));
    }
    out
}

/// Candidate selectors for `el`: its own simple selectors, then each of them under a named
/// ancestor (up to four levels up), fewest parts first.
fn candidates(el: ElementRef<'_>) -> Vec<String> {
    let own = simple_selectors(el);
    let mut ranked: Vec<(usize, u8, String)> =
        own.iter().map(|(r, s)| (1, *r, s.clone())).collect();
    let tag = el.value().name().to_string();
    let mine: Vec<String> = if own.is_empty() {
        vec![tag]
    } else {
        own.iter().map(|(_, s)| s.clone()).take(3).collect()
    };
    for anc in el.ancestors().filter_map(ElementRef::wrap).take(4) {
        for (r, a) in simple_selectors(anc).into_iter().take(3) {
            for m in &mine {
                ranked.push((2, r, format!("{a} {m}")));
            }
        }
    }
    ranked.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut seen = HashSet::new();
    ranked
        .into_iter()
        .map(|(_, _, s)| s)
        .filter(|s| seen.insert(s.clone()))
        .collect()
}

/// The element whose blocks best match the generic body, and that score. Of wrappers with the
/// same text the innermost wins: it is the one a site names for its story (`div.article-body`
/// inside a layout's `div.feature-wrap`), and layouts differ in the wrappers around it.
fn best_container(l: &Learn) -> Option<(NodeId, f64)> {
    let target = &l.generic.text;
    let len = target.len();
    let none = HashSet::new();
    let mut best: Option<(NodeId, f64, usize)> = None;
    for el in l.doc.root_element().descendent_elements() {
        if matches!(el.value().name(), "head" | "script" | "style") {
            continue;
        }
        let raw: usize = el.text().map(|t| t.trim().len()).sum();
        if raw * 2 < len || raw > len * 6 + 2000 {
            continue;
        }
        let text = element_blocks(el, &none).join("\n\n");
        let score = f1(&text, target);
        let size = text.len();
        let better = match best {
            None => true,
            Some((_, s, n)) => score > s + 1e-9 || ((score - s).abs() <= 1e-9 && size <= n),
        };
        if better {
            best = Some((el.id(), score, size));
        }
    }
    best.map(|(id, s, _)| (id, s))
}

fn element(doc: &Html, id: NodeId) -> Option<ElementRef<'_>> {
    doc.tree.get(id).and_then(ElementRef::wrap)
}

/// The body F1 of a trial profile on each page.
fn body_scores(pages: &[Learn], body: &str, drop: &[String]) -> Option<Vec<f64>> {
    let p = trial(body, drop)?;
    Some(
        pages
            .iter()
            .map(|l| {
                profile_body(&l.doc, &p)
                    .map(|t| f1(&t, &l.generic.text))
                    .unwrap_or(0.0)
            })
            .collect(),
    )
}

fn trial(body: &str, drop: &[String]) -> Option<Profile> {
    Some(Profile {
        host: String::new(),
        url: None,
        body: vec![FieldSelector::parse(body).ok()?],
        drop: drop
            .iter()
            .map(|d| FieldSelector::parse(d).ok())
            .collect::<Option<_>>()?,
        title: None,
        authors: None,
        published: None,
    })
}

fn learn_body(pages: &[Learn], s: &mut Suggestion) {
    let mut best = Vec::new();
    for l in pages {
        match best_container(l) {
            Some(b) => best.push(b),
            None => {
                s.notes
                    .push("body: no element holds the generic body on every page".into());
                return;
            }
        }
    }
    // Candidates from every page's container, tried in order of cost.
    let mut tried = HashSet::new();
    let mut chosen = None;
    'search: for (l, (id, _)) in pages.iter().zip(&best) {
        let Some(el) = element(&l.doc, *id) else {
            continue;
        };
        for c in candidates(el) {
            if !tried.insert(c.clone()) {
                continue;
            }
            let Ok(sel) = FieldSelector::parse(&c) else {
                continue;
            };
            let fits = pages.iter().zip(&best).all(|(l, (_, best_f1))| {
                let mut m = l.doc.select(&sel.selector);
                match (m.next(), m.next()) {
                    (Some(e), None) => {
                        let t = element_blocks(e, &HashSet::new()).join("\n\n");
                        f1(&t, &l.generic.text) >= best_f1 - 0.02
                    }
                    _ => false,
                }
            });
            if fits {
                chosen = Some(c);
                break 'search;
            }
        }
    }
    let Some(body) = chosen else {
        s.notes.push(
            "body: no stable selector picks the story container on every page; add one by hand"
                .into(),
        );
        return;
    };
    // Drop selectors: named elements inside the container whose text the generic cleaner
    // left out, kept when they raise the body's F1.
    let mut drop: Vec<String> = Vec::new();
    let mut scores = body_scores(pages, &body, &drop).unwrap_or_default();
    let mut tried = HashSet::new();
    let mut options = Vec::new();
    if let Ok(sel) = FieldSelector::parse(&body) {
        for l in pages {
            let generic = &l.generic.text;
            for c in l.doc.select(&sel.selector) {
                for d in c.descendent_elements() {
                    let t = normalize_ws(&d.text().collect::<String>());
                    if t.split_whitespace().count() < 2 {
                        continue;
                    }
                    let inside = score_page(&t, generic).precision;
                    let short_and_absent =
                        t.split_whitespace().count() < 4 && !generic.contains(&t);
                    if inside < 0.2 && (t.split_whitespace().count() >= 4 || short_and_absent) {
                        for (_, simple) in simple_selectors(d) {
                            if tried.insert(simple.clone()) {
                                options.push(simple);
                            }
                        }
                    }
                }
            }
        }
    }
    for option in options.into_iter().take(60) {
        let mut with = drop.clone();
        with.push(option);
        let Some(new) = body_scores(pages, &body, &with) else {
            continue;
        };
        let gain: f64 = new.iter().zip(&scores).map(|(a, b)| a - b).sum();
        let harm = new.iter().zip(&scores).any(|(a, b)| *a < b - 0.005);
        if gain > 0.002 && !harm {
            drop = with;
            scores = new;
        }
        if drop.len() >= 8 {
            break;
        }
    }
    s.body = Some(body);
    s.drop = drop;
    s.body_f1 = scores;
}

/// Learns a selector for a metadata field: among the elements `pick` accepts on each page,
/// the cheapest selector whose first match `agrees` with the generic value on every page.
fn learn_field(
    pages: &[Learn],
    pick: impl Fn(&Learn, ElementRef<'_>) -> Option<Option<String>>,
    agrees: impl Fn(&Learn, &FieldSelector) -> bool,
) -> Option<String> {
    let mut tried = HashSet::new();
    for l in pages {
        for el in l.doc.root_element().descendent_elements() {
            // `Some(attr)` names the attribute holding the value, `Some(None)` the text.
            let Some(attr) = pick(l, el) else {
                continue;
            };
            let suffix = attr.map(|a| format!("@{a}")).unwrap_or_default();
            for c in candidates(el) {
                let full = format!("{c}{suffix}");
                if !tried.insert(full.clone()) {
                    continue;
                }
                let Ok(sel) = FieldSelector::parse(&full) else {
                    continue;
                };
                if pages.iter().all(|l| agrees(l, &sel)) {
                    return Some(full);
                }
            }
        }
    }
    None
}

fn same_text(a: &str, b: &str) -> bool {
    normalize_ws(a).to_lowercase() == normalize_ws(b).to_lowercase()
}

fn first_value(l: &Learn, f: &FieldSelector) -> Option<String> {
    l.doc.select(&f.selector).find_map(|e| value_of(e, f))
}

/// Learns a profile from pages of one site. `url` names the site when the pages are files
/// without a canonical link (and wins over it when given).
pub fn suggest(pages: &[Page], url: Option<&str>) -> Result<Suggestion, SuggestError> {
    if pages.is_empty() {
        return Err(SuggestError::NoPages);
    }
    let settings = CleanSettings::default();
    let mut learn = Vec::new();
    let mut hosts = Vec::new();
    for p in pages {
        let generic = clean_html(&p.bytes, None, p.url.as_deref().or(url), &settings);
        let host = url
            .or(p.url.as_deref())
            .or(generic.meta.canonical_url.as_deref())
            .and_then(host_of)
            .ok_or_else(|| SuggestError::NoHost {
                origin: p.origin.clone(),
            })?;
        if generic.text.is_empty() {
            return Err(SuggestError::NoBody {
                origin: p.origin.clone(),
            });
        }
        if !hosts.contains(&host) {
            hosts.push(host);
        }
        let decoded = crate::charset::decode_html(&p.bytes, None);
        learn.push(Learn {
            generic,
            doc: Html::parse_document(&decoded.text),
        });
    }
    if hosts.len() > 1 {
        return Err(SuggestError::ManyHosts(hosts.join(", ")));
    }
    let mut s = Suggestion {
        host: hosts.remove(0),
        ..Default::default()
    };
    learn_body(&learn, &mut s);

    if learn.iter().all(|l| l.generic.meta.title.is_some()) {
        s.title = learn_field(
            &learn,
            |l, el| {
                let title = l.generic.meta.title.as_deref()?;
                if el.value().name() == "meta" {
                    let c = el.value().attr("content")?;
                    return same_text(c, title).then(|| Some("content".to_string()));
                }
                if matches!(el.value().name(), "title" | "html" | "body" | "head") {
                    return None;
                }
                let t: String = el.text().collect();
                same_text(&t, title).then_some(None)
            },
            |l, f| {
                let want = l.generic.meta.title.as_deref().unwrap_or("");
                first_value(l, f).is_some_and(|v| same_text(&v, want))
            },
        );
    }
    if s.title.is_none() {
        s.notes
            .push("title: no selector gives the generic title on every page".into());
    }

    if learn.iter().all(|l| !l.generic.meta.authors.is_empty()) {
        let first_author = |l: &Learn| l.generic.meta.authors.first().cloned().unwrap_or_default();
        s.authors = learn_field(
            &learn,
            |l, el| {
                let who = first_author(l).to_lowercase();
                if el.value().name() == "meta" {
                    let c = el.value().attr("content")?;
                    return author_name(c)
                        .to_lowercase()
                        .contains(&who)
                        .then(|| Some("content".to_string()));
                }
                if matches!(el.value().name(), "html" | "body" | "head" | "script") {
                    return None;
                }
                let t = normalize_ws(&el.text().collect::<String>());
                (t.to_lowercase().contains(&who) && t.len() <= who.len() * 3 + 12).then_some(None)
            },
            |l, f| {
                let who = first_author(l).to_lowercase();
                first_value(l, f).is_some_and(|v| author_name(&v).to_lowercase().contains(&who))
            },
        );
    }
    if s.authors.is_none() {
        s.notes
            .push("authors: no selector gives the generic byline on every page".into());
    }

    // A date the generic cleaner took from the URL has no element to point at.
    if learn.iter().all(|l| {
        l.generic.meta.published.is_some() && l.generic.meta.date_source.as_deref() != Some("url")
    }) {
        s.published = learn_field(
            &learn,
            |l, el| {
                let want = l.generic.meta.published?;
                for a in ["datetime", "content"] {
                    if el.value().attr(a).and_then(parse_machine_date) == Some(want) {
                        return Some(Some(a.to_string()));
                    }
                }
                if matches!(el.value().name(), "html" | "body" | "head" | "script") {
                    return None;
                }
                let t = normalize_ws(&el.text().collect::<String>());
                (t.len() <= 60 && parse_any_date(&t) == Some(want)).then_some(None)
            },
            |l, f| {
                let want = l.generic.meta.published;
                l.doc
                    .select(&f.selector)
                    .filter_map(|e| value_of(e, f))
                    .find_map(|v| parse_any_date(&v))
                    == want
            },
        );
    }
    if s.published.is_none() {
        s.notes
            .push("published: no selector gives the generic date on every page".into());
    }
    Ok(s)
}

impl Suggestion {
    /// The profile as a TOML table to review and paste into a profile file.
    pub fn to_toml(&self) -> String {
        let q = |s: &str| toml::Value::String(s.to_string()).to_string();
        let mut out = String::new();
        let scores: Vec<String> = self.body_f1.iter().map(|f| format!("{f:.3}")).collect();
        out.push_str(&format!(
            "# suggested by dealwire profile suggest from {} page(s); body F1 against the generic cleaner: {}\n",
            self.body_f1.len().max(1),
            if scores.is_empty() { "-".to_string() } else { scores.join(", ") }
        ));
        for n in &self.notes {
            out.push_str(&format!("# {n}\n"));
        }
        out.push_str(&format!("[{}]\n", q(&self.host)));
        match &self.body {
            Some(b) => out.push_str(&format!("body = [{}]\n", q(b))),
            None => out.push_str("# body = [\"…\"]  (required: no selector was found)\n"),
        }
        if !self.drop.is_empty() {
            let d: Vec<String> = self.drop.iter().map(|d| q(d)).collect();
            out.push_str(&format!("drop = [{}]\n", d.join(", ")));
        }
        for (key, v) in [
            ("title", &self.title),
            ("authors", &self.authors),
            ("published", &self.published),
        ] {
            if let Some(v) = v {
                out.push_str(&format!("{key} = {}\n", q(v)));
            }
        }
        out
    }
}

/// How often one selector of a profile matched on the pages of its host.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldCount {
    pub host: String,
    pub field: &'static str,
    pub selector: String,
    pub matched: usize,
    pub pages: usize,
}

/// The outcome of checking a profile file against pages.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    /// Per host, per field, in file order.
    pub counts: Vec<FieldCount>,
    /// Pages whose host has no profile (or whose URL the profile's pattern excludes).
    pub unprofiled: Vec<String>,
    /// Pages whose host could not be told (no URL, no canonical link).
    pub unknown_host: Vec<String>,
}

/// Counts, per host, how many pages each selector of its profile matched.
pub fn check(set: &ProfileSet, pages: &[Page], url: Option<&str>) -> CheckReport {
    let mut report = CheckReport::default();
    let settings = CleanSettings::default();
    for p in pages {
        let page_url = match url.or(p.url.as_deref()) {
            Some(u) => Some(u.to_string()),
            None => {
                clean_html(&p.bytes, None, None, &settings)
                    .meta
                    .canonical_url
            }
        };
        let Some(page_url) = page_url else {
            report.unknown_host.push(p.origin.clone());
            continue;
        };
        let Some(profile) = set.for_url(&page_url) else {
            report.unprofiled.push(p.origin.clone());
            continue;
        };
        let decoded = crate::charset::decode_html(&p.bytes, None);
        let doc = Html::parse_document(&decoded.text);
        let mut fields: Vec<(&'static str, &FieldSelector)> = Vec::new();
        fields.extend(profile.body.iter().map(|f| ("body", f)));
        fields.extend(profile.drop.iter().map(|f| ("drop", f)));
        for (name, f) in [
            ("title", &profile.title),
            ("authors", &profile.authors),
            ("published", &profile.published),
        ] {
            if let Some(f) = f {
                fields.push((name, f));
            }
        }
        for (field, f) in fields {
            let hit = doc.select(&f.selector).any(|e| {
                f.attr.is_none() || e.value().attr(f.attr.as_deref().unwrap_or("")).is_some()
            });
            let entry = match report
                .counts
                .iter_mut()
                .find(|c| c.host == profile.host && c.field == field && c.selector == f.source)
            {
                Some(e) => e,
                None => {
                    report.counts.push(FieldCount {
                        host: profile.host.clone(),
                        field,
                        selector: f.source.clone(),
                        matched: 0,
                        pages: 0,
                    });
                    let last = report.counts.len() - 1;
                    &mut report.counts[last]
                }
            };
            entry.pages += 1;
            entry.matched += usize::from(hit);
        }
    }
    report
}
