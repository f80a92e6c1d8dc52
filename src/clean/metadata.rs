//! Page metadata: title, authors, dates, site, canonical URL, language, description.
//!
//! Each field is taken from the most reliable evidence present, in a fixed order: JSON-LD,
//! then `<meta>` tags, then visible markup, then the URL. Dates outside 1990..=today are
//! discarded as garbage (CMS placeholders, far-future embargo dates).

use chrono::{NaiveDate, Utc};
use scraper::{Html, Selector};
use serde_json::Value;

use crate::dates::parse_machine_date;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metadata {
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub published: Option<NaiveDate>,
    pub modified: Option<NaiveDate>,
    pub date_source: Option<String>,
    pub site: Option<String>,
    pub canonical_url: Option<String>,
    pub lang: Option<String>,
    pub description: Option<String>,
}

fn sel(s: &str) -> Option<Selector> {
    Selector::parse(s).ok()
}

fn first_attr(doc: &Html, selector: &str, attr: &str) -> Option<String> {
    let s = sel(selector)?;
    doc.select(&s)
        .filter_map(|e| e.value().attr(attr))
        .map(super::normalize_ws)
        .find(|v| !v.is_empty())
}

fn first_text(doc: &Html, selector: &str) -> Option<String> {
    let s = sel(selector)?;
    doc.select(&s)
        .map(|e| super::normalize_ws(&e.text().collect::<String>()))
        .find(|v| !v.is_empty())
}

fn sane(d: NaiveDate) -> Option<NaiveDate> {
    let lo = NaiveDate::from_ymd_opt(1990, 1, 1)?;
    (d >= lo && d <= Utc::now().date_naive()).then_some(d)
}

/// JSON-LD objects of the page, with `@graph` arrays and top-level arrays flattened.
fn json_ld(doc: &Html) -> Vec<Value> {
    let Some(s) = sel(r#"script[type="application/ld+json"]"#) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for script in doc.select(&s) {
        let raw: String = script.text().collect();
        let Ok(v) = serde_json::from_str::<Value>(raw.trim()) else {
            continue;
        };
        let mut stack = vec![v];
        while let Some(v) = stack.pop() {
            match v {
                Value::Array(a) => stack.extend(a),
                Value::Object(mut o) => {
                    if let Some(g) = o.remove("@graph") {
                        stack.push(g);
                    }
                    out.push(Value::Object(o));
                }
                _ => {}
            }
        }
    }
    out
}

fn is_article_type(v: &Value) -> bool {
    let t = |s: &str| {
        s.ends_with("Article") || s == "BlogPosting" || s == "Report" || s == "LiveBlogPosting"
    };
    match v.get("@type") {
        Some(Value::String(s)) => t(s),
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).any(t),
        _ => false,
    }
}

fn names_of(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![super::normalize_ws(s)],
        Value::Array(a) => a.iter().flat_map(names_of).collect(),
        Value::Object(o) => o.get("name").map(names_of).unwrap_or_default(),
        _ => Vec::new(),
    }
}

pub fn extract(doc: &Html, url: Option<&str>) -> Metadata {
    let ld = json_ld(doc);
    let article = ld.iter().find(|v| is_article_type(v));
    let ld_str = |k: &str| {
        article
            .and_then(|a| a.get(k))
            .and_then(Value::as_str)
            .map(super::normalize_ws)
    };

    let site = first_attr(doc, r#"meta[property="og:site_name"]"#, "content").or_else(|| {
        ld.iter()
            .find(|v| v.get("@type").and_then(Value::as_str) == Some("WebSite"))
            .and_then(|v| v.get("name"))
            .and_then(Value::as_str)
            .map(str::to_string)
    });

    let title = first_attr(doc, r#"meta[property="og:title"]"#, "content")
        .or_else(|| first_attr(doc, r#"meta[name="twitter:title"]"#, "content"))
        .or_else(|| ld_str("headline"))
        .or_else(|| first_text(doc, "h1"))
        .or_else(|| first_text(doc, "title"))
        .map(|t| strip_site_suffix(&t, site.as_deref()));

    let mut authors: Vec<String> = article
        .and_then(|a| a.get("author"))
        .map(names_of)
        .unwrap_or_default();
    if authors.is_empty() {
        authors.extend(first_attr(doc, r#"meta[name="author"]"#, "content"));
    }
    if authors.is_empty() {
        authors.extend(first_text(doc, r#"[rel="author"]"#));
    }
    authors.retain(|a| !a.is_empty() && !a.starts_with("http"));
    authors.dedup();

    let mut date_source = None;
    let mut published = None;
    let candidates: [(&str, Option<String>); 5] = [
        ("jsonld", ld_str("datePublished")),
        (
            "meta",
            first_attr(doc, r#"meta[property="article:published_time"]"#, "content")
                .or_else(|| first_attr(doc, r#"meta[itemprop="datePublished"]"#, "content"))
                .or_else(|| first_attr(doc, r#"meta[name="date"]"#, "content"))
                .or_else(|| first_attr(doc, r#"meta[name="pubdate"]"#, "content")),
        ),
        ("time", first_attr(doc, "time[datetime]", "datetime")),
        ("url", url.and_then(date_from_url).map(|d| d.to_string())),
        ("jsonld", ld_str("dateCreated")),
    ];
    for (source, value) in candidates {
        if let Some(d) = value.as_deref().and_then(parse_machine_date).and_then(sane) {
            published = Some(d);
            date_source = Some(source.to_string());
            break;
        }
    }
    let modified = ld_str("dateModified")
        .or_else(|| first_attr(doc, r#"meta[property="article:modified_time"]"#, "content"))
        .as_deref()
        .and_then(parse_machine_date)
        .and_then(sane);

    Metadata {
        title,
        authors,
        published,
        modified,
        date_source,
        site,
        canonical_url: first_attr(doc, r#"link[rel="canonical"]"#, "href")
            .or_else(|| first_attr(doc, r#"meta[property="og:url"]"#, "content")),
        lang: first_attr(doc, "html[lang]", "lang"),
        description: first_attr(doc, r#"meta[name="description"]"#, "content")
            .or_else(|| first_attr(doc, r#"meta[property="og:description"]"#, "content")),
    }
}

/// `Nokia and Xiaomi sign deal | Tech Daily` → `Nokia and Xiaomi sign deal`.
fn strip_site_suffix(title: &str, site: Option<&str>) -> String {
    for sep in [" | ", " - ", " – ", " — ", " :: "] {
        if let Some(i) = title.rfind(sep) {
            let tail = &title[i + sep.len()..];
            let is_site = site.is_some_and(|s| tail.eq_ignore_ascii_case(s))
                || (tail.split_whitespace().count() <= 3 && i > tail.len());
            if is_site {
                return title[..i].trim().to_string();
            }
        }
    }
    title.to_string()
}

/// `/2017/07/05/slug` or `/2017-07-05-slug` in a URL path.
fn date_from_url(url: &str) -> Option<NaiveDate> {
    let re = regex::Regex::new(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:[/-]|$)").ok()?;
    let c = re.captures(url)?;
    let y = c[1].parse().ok()?;
    let m = c[2].parse().ok()?;
    let d = c[3].parse().ok()?;
    NaiveDate::from_ymd_opt(y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonld_graph_and_suffix() {
        let html = r#"<html lang="en"><head><title>Deal done | Tech Daily</title>
            <meta property="og:site_name" content="Tech Daily">
            <script type="application/ld+json">{"@graph":[{"@type":"WebSite","name":"Tech Daily"},
              {"@type":"NewsArticle","datePublished":"2017-07-05T08:00:00Z",
               "author":[{"@type":"Person","name":"Ann Lee"},{"name":"Bo Chan"}]}]}</script>
            </head><body></body></html>"#;
        let m = extract(&Html::parse_document(html), None);
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
        let m = extract(
            &Html::parse_document(html),
            Some("https://x.test/2019/03/04/story"),
        );
        assert_eq!(
            m.published.map(|d| d.to_string()).as_deref(),
            Some("2019-03-04")
        );
        assert_eq!(m.date_source.as_deref(), Some("url"));
    }
}
