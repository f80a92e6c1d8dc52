//! The HTML page: charts, style, the table's script and the records, in one file.
//!
//! Safety of the embedded data rests on two things. The records go into a
//! `<script type="application/json">` element as JSON in which `<`, `>` and `&` (and the two
//! line separators JavaScript once refused) are written as `\u` escapes, so no string in a
//! record can close the element or open another; the script reads it with `JSON.parse` and
//! puts text into the page only through `textContent`. And the page's Content-Security-Policy
//! allows no network at all and runs only the one script whose hash it names, so that even a
//! mistake in the first would not let an injected script run or a request leave the page.

use std::fmt::Write as _;

use base64::Engine as _;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::aggregate::Aggregates;
use super::charts::{self, type_label, TYPE_COLORS};
use super::evidence::{segments, whole_sentence_fields, Segment};
use super::load::{Dataset, Deal};
use super::{ReportError, ReportSettings};
use crate::record::{DealDate, Duration, Evidence, Money, Party, Patents, Quote, DEAL_TYPES};

const STYLE: &str = include_str!("assets/report.css");
const SCRIPT: &str = include_str!("assets/report.js");

#[derive(Serialize)]
struct PageData<'a> {
    total: usize,
    shown: usize,
    have_articles: bool,
    types: &'a [&'a str],
    articles: Vec<ArticleView<'a>>,
    deals: Vec<DealView<'a>>,
}

#[derive(Serialize)]
struct ArticleView<'a> {
    title: Option<&'a str>,
    url: Option<&'a str>,
    published: Option<&'a str>,
    source: Option<&'a str>,
}

#[derive(Serialize)]
struct DealView<'a> {
    id: &'a str,
    /// Index in `articles`.
    a: usize,
    date: Option<&'a DealDate>,
    status: &'a str,
    types: &'a [String],
    primary: bool,
    confidence: f64,
    revision: Option<u32>,
    parties: &'a [Party],
    patents: Option<&'a Patents>,
    money: Option<&'a Money>,
    duration: Option<&'a Duration>,
    areas: &'a [String],
    technologies: &'a [String],
    quotes: &'a [Quote],
    /// Evidence sentences, cut into highlighted pieces.
    sentences: Vec<SentenceView>,
    /// Evidence whose sentence the articles files did not give.
    unseen: Vec<&'a Evidence>,
}

#[derive(Serialize)]
struct SentenceView {
    n: usize,
    /// Fields whose evidence is the whole sentence.
    whole: Vec<String>,
    segs: Vec<Segment>,
}

/// Only web links become links: a `javascript:` or `data:` URL in a record stays text.
fn web_url(url: Option<&str>) -> Option<&str> {
    url.filter(|u| {
        let lower = u.trim_start().to_ascii_lowercase();
        lower.starts_with("http://") || lower.starts_with("https://")
    })
}

/// Text for HTML element content and quoted attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// JSON that can sit inside a `<script>` element whatever its strings hold.
pub fn script_safe_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + json.len() / 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// The deals the table holds: all of them, or past `max` the most recently dated ones
/// (undated last), newest first as the table first shows them.
fn table_rows(deals: &[Deal], max: usize) -> Vec<&Deal> {
    let mut rows: Vec<&Deal> = deals.iter().collect();
    rows.sort_by(|a, b| {
        let key = |d: &Deal| d.record.date.as_ref().map(|x| x.value.clone());
        match (key(a), key(b)) {
            (Some(x), Some(y)) => y.cmp(&x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
    });
    rows.truncate(max);
    rows
}

fn deal_view<'a>(d: &'a Deal, article: usize) -> DealView<'a> {
    let r = &d.record;
    let mut sentences = Vec::new();
    for (n, s) in &d.sentences {
        let spans: Vec<(&str, usize, usize)> = r
            .evidence
            .iter()
            .filter(|e| e.sentence == *n)
            .map(|e| (e.field.as_str(), e.start, e.end))
            .collect();
        let (whole, narrow) = whole_sentence_fields(s, &spans);
        sentences.push(SentenceView {
            n: *n,
            whole,
            segs: segments(s, &narrow),
        });
    }
    DealView {
        id: &r.id,
        a: article,
        date: r.date.as_ref(),
        status: &r.status,
        types: &r.types,
        primary: r.primary,
        confidence: r.confidence,
        revision: r.revision,
        parties: &r.parties,
        patents: r.patents.as_ref(),
        money: r.money.as_ref(),
        duration: r.duration.as_ref(),
        areas: &r.areas,
        technologies: &r.technologies,
        quotes: &r.quotes,
        sentences,
        unseen: r
            .evidence
            .iter()
            .filter(|e| !d.sentences.contains_key(&e.sentence))
            .collect(),
    }
}

fn page_data<'a>(data: &'a Dataset, settings: &ReportSettings) -> PageData<'a> {
    let rows = table_rows(&data.deals, settings.max_table_rows);
    let mut articles: Vec<ArticleView<'a>> = Vec::new();
    let mut article_index: std::collections::HashMap<&str, usize> =
        std::collections::HashMap::new();
    let mut deals = Vec::with_capacity(rows.len());
    for d in rows {
        let art = &d.record.article;
        let a = *article_index.entry(art.id.as_str()).or_insert_with(|| {
            articles.push(ArticleView {
                title: art.title.as_deref(),
                url: web_url(art.url.as_deref()),
                published: art.published.as_deref(),
                source: art.source.as_deref(),
            });
            articles.len() - 1
        });
        deals.push(deal_view(d, a));
    }
    PageData {
        total: data.deals.len(),
        shown: deals.len(),
        have_articles: data.have_articles,
        types: &DEAL_TYPES,
        articles,
        deals,
    }
}

fn figure(out: &mut String, id: &str, caption: &str, svg: &str, note: &str) {
    let _ = write!(
        out,
        "<figure class=\"chart\" id=\"{id}\"><figcaption>{}</figcaption>{svg}",
        escape_html(caption)
    );
    if !note.is_empty() {
        let _ = write!(out, "<p class=\"note\">{}</p>", escape_html(note));
    }
    out.push_str("</figure>\n");
}

fn range_text(r: &Option<(String, String)>) -> String {
    match r {
        Some((lo, hi)) if lo == hi => lo.clone(),
        Some((lo, hi)) => format!("{lo} – {hi}"),
        None => "—".into(),
    }
}

fn card(out: &mut String, label: &str, value: &str, detail: &str) {
    let _ = write!(
        out,
        "<div class=\"stat\"><div class=\"label\">{}</div><div class=\"value\">{}</div><div class=\"detail\">{}</div></div>",
        escape_html(label),
        escape_html(value),
        escape_html(detail)
    );
}

fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        return "0 %".into();
    }
    format!("{:.0} %", 100.0 * part as f64 / whole as f64)
}

/// The whole page for `data`, whose figures are `agg`.
pub fn render(
    data: &Dataset,
    agg: &Aggregates,
    settings: &ReportSettings,
) -> Result<String, ReportError> {
    let json = serde_json::to_string(&page_data(data, settings))
        .map_err(|e| ReportError::Encode(e.to_string()))?;
    let script_hash =
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(SCRIPT.as_bytes()));
    let title = escape_html(&settings.title);

    let mut out = String::with_capacity(json.len() + 256 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'sha256-{script_hash}'; base-uri 'none'; form-action 'none'\">\n\
         <title>{title}</title>\n<style>\n{STYLE}"
    );
    for (i, (r, g, b)) in TYPE_COLORS.iter().enumerate() {
        let _ = writeln!(out, ".t{i}{{--c:rgb({r},{g},{b})}}");
    }
    out.push_str("</style>\n</head>\n<body>\n<header>\n");
    let _ = write!(out, "<h1>{title}</h1>");
    let mut sub = format!(
        "{} deal records from {} articles",
        agg.records, agg.articles
    );
    if let Some(g) = &settings.generated {
        let _ = write!(sub, " · made {g}");
    }
    let _ = write!(
        out,
        "<p class=\"sub\">{}</p>\n</header>\n<main>\n",
        escape_html(&sub)
    );

    // Summary.
    out.push_str("<section class=\"stats\" id=\"summary\">");
    card(
        &mut out,
        "Deal records",
        &agg.records.to_string(),
        &format!(
            "{} primary ({})",
            agg.primary,
            percent(agg.primary, agg.records)
        ),
    );
    let articles_detail = if data.have_articles {
        format!("{} articles read", data.articles_read)
    } else {
        "no articles file given".to_string()
    };
    card(
        &mut out,
        "Articles with deals",
        &agg.articles.to_string(),
        &articles_detail,
    );
    if agg.sources == 0 {
        card(&mut out, "Sources", "—", "no site or URL in the records");
    } else {
        card(
            &mut out,
            "Sources",
            &agg.sources.to_string(),
            "sites and hosts",
        );
    }
    card(
        &mut out,
        "Deal dates",
        &range_text(&agg.deal_dates),
        "as reported",
    );
    card(
        &mut out,
        "Articles published",
        &range_text(&agg.published),
        "",
    );
    out.push_str("</section>\n");

    out.push_str("<div class=\"legend\" id=\"legend\">");
    for (i, t) in DEAL_TYPES.iter().enumerate() {
        let _ = write!(
            out,
            "<span class=\"chip t{i}\">{}</span>",
            escape_html(&type_label(t))
        );
    }
    out.push_str("</div>\n<section class=\"grid\">\n");
    figure(
        &mut out,
        "chart-types",
        "Deals by type",
        &charts::types(agg)?,
        "A deal counts once for each of its types.",
    );
    let status_note = agg
        .by_status
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| format!("{s} {}", percent(*n, agg.records)))
        .collect::<Vec<_>>()
        .join(" · ");
    figure(
        &mut out,
        "chart-status",
        "Deals by status",
        &charts::statuses(agg)?,
        &status_note,
    );
    out.push_str("</section>\n<section class=\"grid one\">\n");
    let t = &agg.timeline;
    let mut timeline_note = String::from("Each deal once, under its most specific type.");
    if t.year_only > 0 {
        let _ = write!(timeline_note, " {} dated to a year only;", t.year_only);
    }
    if t.undated > 0 {
        let _ = write!(timeline_note, " {} undated;", t.undated);
    }
    if t.earlier > 0 {
        let _ = write!(
            timeline_note,
            " {} dated before {} (the chart shows {} months at most);",
            t.earlier,
            t.months.first().map(String::as_str).unwrap_or(""),
            super::aggregate::TIMELINE_MONTHS
        );
    }
    let timeline_note = timeline_note.trim_end_matches(';').to_string()
        + if t.year_only + t.undated + t.earlier > 0 {
            ": not drawn, but in the table."
        } else {
            ""
        };
    figure(
        &mut out,
        "chart-timeline",
        "Deals per month",
        &charts::timeline(t)?,
        &timeline_note,
    );
    out.push_str("</section>\n<section class=\"grid\">\n");
    figure(
        &mut out,
        "chart-orgs",
        "Most active organisations",
        &charts::orgs(agg)?,
        "Deals each organisation is a party to, by most specific type.",
    );
    figure(
        &mut out,
        "chart-network",
        "Who deals with whom",
        &charts::network(&agg.network)?,
        &format!(
            "The strongest ties: {} organisations joined by the most deals, one line per pair and type of deal, wider for more deals; (n) is an organisation's deals with a named counterpart.",
            agg.network.nodes.len()
        ),
    );
    out.push_str("</section>\n<section class=\"grid\">\n");
    let uncounted: usize = agg.patents.iter().map(|p| p.uncounted).sum();
    let sales: usize = agg.patents.iter().map(|p| p.deals).sum();
    figure(
        &mut out,
        "chart-patents",
        "Patents changing hands",
        &charts::patents(&agg.patents)?,
        &format!(
            "Patents bought and sold per year (by the deal's date, else the article's): {sales} sales, {uncounted} of them without a count."
        ),
    );
    transfers(&mut out, agg);
    out.push_str("</section>\n");

    // The table and the card.
    out.push_str("<section id=\"deals\">\n<h2>Deals</h2>\n");
    if data.deals.len() > settings.max_table_rows {
        let _ = writeln!(
            out,
            "<p class=\"banner\" id=\"capped\">The table holds the {} most recently dated of {} deals; the figures above cover all of them.</p>",
            settings.max_table_rows,
            data.deals.len()
        );
    }
    out.push_str(TABLE_HTML);
    out.push_str("</section>\n</main>\n<script type=\"application/json\" id=\"dw-data\">");
    out.push_str(&script_safe_json(&json));
    out.push_str("</script>\n<script>");
    out.push_str(SCRIPT);
    out.push_str("</script>\n</body>\n</html>\n");
    Ok(out)
}

/// The largest patent sales, each row opening its deal's card.
fn transfers(out: &mut String, agg: &Aggregates) {
    out.push_str("<div class=\"chart\" id=\"transfers\"><h3>Largest patent sales</h3>");
    if agg.transfers.is_empty() {
        out.push_str("<p class=\"note\">No patent sale with a known count.</p></div>\n");
        return;
    }
    out.push_str("<table class=\"mini\"><thead><tr><th>Patents</th><th>Seller</th><th>Buyer</th><th>Date</th></tr></thead><tbody>");
    for t in &agg.transfers {
        let count = if t.approximate {
            format!("~{}", t.count)
        } else {
            t.count.to_string()
        };
        let _ = write!(
            out,
            "<tr data-deal=\"{}\"><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape_html(&t.id),
            escape_html(&count),
            escape_html(&t.sellers.join(", ")),
            escape_html(&t.buyers.join(", ")),
            escape_html(t.date.as_deref().unwrap_or("—"))
        );
    }
    out.push_str("</tbody></table><p class=\"note\">Click a row to see the deal.</p></div>\n");
}

const TABLE_HTML: &str = r#"<div class="controls">
<label>Party <input type="search" id="f-party" placeholder="e.g. Nokia" list="party-names" autocomplete="off"></label>
<datalist id="party-names"></datalist>
<label>Type <select id="f-type"><option value="">all types</option></select></label>
<label>Status <select id="f-status"><option value="">all statuses</option></select></label>
<label>Year <select id="f-year"><option value="">all years</option></select></label>
<label>Deal <select id="f-primary"><option value="">all</option><option value="1">primary (the article's subject)</option><option value="0">mentioned in passing</option></select></label>
<button type="button" id="f-reset">Reset</button>
</div>
<div class="split">
<div class="tablewrap">
<p class="count" id="row-count"></p>
<table id="deal-table"><thead><tr><th><button type="button" id="sort-date" title="Sort by date">Date ↓</button></th><th>Type</th><th>Parties</th><th>Status</th><th>Article</th></tr></thead><tbody></tbody></table>
<div class="pager"><button type="button" id="page-prev">‹ Previous</button><span id="page-info"></span><button type="button" id="page-next">Next ›</button></div>
</div>
<aside id="card"><p class="placeholder">Select a deal to see its parties, fields and the sentences it was read from.</p></aside>
</div>
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Evidence;
    use crate::report::aggregate::tests::rec;
    use crate::report::load::SentenceText;

    fn hostile_dataset() -> Dataset {
        let mut r = rec(
            "</script><script>alert(1)</script>",
            "x",
            &["acquisition"],
            &[
                ("<img src=x onerror=alert(2)>", "acquirer"),
                ("Evil & Co </script>", "target"),
            ],
            Some("2020-01-02"),
            "announced",
        );
        r.article.title = Some("</script><script>window.pwned=1</script>".into());
        r.article.url = Some("javascript:alert(3)".into());
        r.evidence = vec![Evidence {
            field: "parties".into(),
            sentence: 0,
            start: 0,
            end: 5,
        }];
        let mut sentences = std::collections::BTreeMap::new();
        sentences.insert(
            0,
            SentenceText {
                start: 0,
                text: "<!-- </script> \u{2028} quote".into(),
            },
        );
        Dataset {
            deals: vec![Deal {
                record: r,
                sentences,
            }],
            have_articles: true,
            ..Dataset::default()
        }
    }

    #[test]
    fn records_cannot_close_or_open_elements() {
        let data = hostile_dataset();
        let agg = Aggregates::compute(data.deals.iter().map(|d| &d.record), 15, 30);
        let settings = ReportSettings {
            title: "<b>T</b>".into(),
            ..ReportSettings::default()
        };
        let html = render(&data, &agg, &settings).expect("render");
        // Only the page's own two script elements open and close.
        assert_eq!(html.matches("<script").count(), 2, "script openings");
        assert_eq!(html.matches("</script").count(), 2, "script closings");
        assert!(!html.contains("<img"));
        assert!(!html.contains("<b>T"));
        assert!(!html.contains("<!--"));
        assert!(!html.contains("javascript:"));
        assert!(!html.contains('\u{2028}'));
        // And the data still reads back as the records' own text.
        let start = html.find("id=\"dw-data\">").expect("data element") + "id=\"dw-data\">".len();
        let end = start + html[start..].find("</script>").expect("end of data");
        let v: serde_json::Value = serde_json::from_str(&html[start..end]).expect("JSON");
        assert_eq!(
            v["articles"][0]["title"],
            "</script><script>window.pwned=1</script>"
        );
        assert_eq!(v["articles"][0]["url"], serde_json::Value::Null);
        assert_eq!(
            v["deals"][0]["parties"][0]["name"],
            "<img src=x onerror=alert(2)>"
        );
        assert_eq!(v["deals"][0]["sentences"][0]["segs"][0][0], "<!-- ");
    }

    #[test]
    fn the_policy_names_the_script_that_is_there() {
        let data = hostile_dataset();
        let agg = Aggregates::compute(data.deals.iter().map(|d| &d.record), 15, 30);
        let html = render(&data, &agg, &ReportSettings::default()).expect("render");
        let hash =
            base64::engine::general_purpose::STANDARD.encode(Sha256::digest(SCRIPT.as_bytes()));
        assert!(html.contains(&format!("script-src 'sha256-{hash}'")));
        assert!(html.contains(&format!("<script>{SCRIPT}</script>")));
        assert!(!SCRIPT.contains("</script") && !SCRIPT.contains("<!--"));
    }

    #[test]
    fn the_table_keeps_the_newest_past_its_cap() {
        let mk = |id: &str, date: Option<&str>| Deal {
            record: rec(
                id,
                id,
                &["partnership"],
                &[("A", "partner"), ("B", "partner")],
                date,
                "signed",
            ),
            sentences: Default::default(),
        };
        let deals = vec![
            mk("old", Some("2001")),
            mk("none", None),
            mk("new", Some("2020-05")),
            mk("mid", Some("2010-01-01")),
        ];
        let ids: Vec<&str> = table_rows(&deals, 3)
            .iter()
            .map(|d| d.record.id.as_str())
            .collect();
        assert_eq!(ids, vec!["new", "mid", "old"]);
    }
}
