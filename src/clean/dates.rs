//! Dates as pages carry them: machine formats in metadata, `/2019/03/04/` in URL paths, and
//! the human formats of visible datelines (`March 4, 2019`, `4 March 2019`).

use std::sync::OnceLock;

use chrono::NaiveDate;
use regex::Regex;

use crate::dates::parse_machine_date;

/// Month names and abbreviations (English, German, French, Spanish, Italian, Portuguese,
/// Dutch) with their number; matched case-insensitively on the word's start.
const MONTHS: &[(&str, u32)] = &[
    ("jan", 1),
    ("ene", 1),
    ("gen", 1),
    ("janv", 1),
    ("jän", 1),
    ("feb", 2),
    ("fév", 2),
    ("fev", 2),
    ("mar", 3),
    ("mär", 3),
    ("mrt", 3),
    ("apr", 4),
    ("avr", 4),
    ("abr", 4),
    ("may", 5),
    ("mai", 5),
    ("mei", 5),
    ("mag", 5),
    ("mayo", 5),
    ("jun", 6),
    ("juin", 6),
    ("giu", 6),
    ("jul", 7),
    ("juil", 7),
    ("lug", 7),
    ("aug", 8),
    ("août", 8),
    ("ago", 8),
    ("sep", 9),
    ("set", 9),
    ("oct", 10),
    ("okt", 10),
    ("ott", 10),
    ("out", 10),
    ("nov", 11),
    ("dec", 12),
    ("dez", 12),
    ("déc", 12),
    ("dic", 12),
];

fn month(word: &str) -> Option<u32> {
    let w = word.to_lowercase();
    // Longest prefix wins (`juil` before `jul`, `janv` before `jan`).
    MONTHS
        .iter()
        .filter(|(p, _)| w.starts_with(p))
        .max_by_key(|(p, _)| p.len())
        .map(|(_, m)| *m)
}

fn regexes() -> &'static [Regex; 5] {
    static RE: OnceLock<[Regex; 5]> = OnceLock::new();
    RE.get_or_init(|| {
        let mk = |s: &str| Regex::new(s).unwrap_or_else(|_| unreachable_regex());
        [
            // A year ends at a non-digit, not a word boundary: pages run the next word on
            // ("April 13, 2023Tags: ...").
            mk(r"\b((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})(?:\D|$)"),
            mk(r"(?i)\b(\p{L}{3,10})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d{2})(?:\D|$)"),
            mk(r"(?i)\b(\d{1,2})(?:st|nd|rd|th)?\.?\s+(?:de\s+)?(\p{L}{3,10})\.?,?\s+(?:de\s+)?((?:19|20)\d{2})(?:\D|$)"),
            mk(r"/((?:19|20)\d{2})[/-]?(\d{2})[/-]?(\d{2})(?:[/_.+-]|$)"),
            mk(r"\b(\d{1,2})([./])(\d{1,2})[./]((?:19|20)\d{2})(?:\D|$)"),
        ]
    })
}

/// A regex that matches nothing, for the impossible case of a constant pattern failing.
fn unreachable_regex() -> Regex {
    Regex::new(r"[^\s\S]").unwrap_or_else(|_| unreachable_regex())
}

/// A machine date, or failing that the first human date in `s`.
pub fn parse_any_date(s: &str) -> Option<NaiveDate> {
    if let Some(d) = parse_machine_date(s) {
        return Some(d);
    }
    let re = regexes();
    let ymd =
        |y: &str, m: u32, d: &str| NaiveDate::from_ymd_opt(y.parse().ok()?, m, d.parse().ok()?);
    if let Some(c) = re[0].captures(s) {
        if let Some(d) = ymd(&c[1], c[2].parse().ok()?, &c[3]) {
            return Some(d);
        }
    }
    if let Some(c) = re[1].captures(s) {
        if let Some(d) = month(&c[1]).and_then(|m| ymd(&c[3], m, &c[2])) {
            return Some(d);
        }
    }
    if let Some(c) = re[2].captures(s) {
        if let Some(d) = month(&c[2]).and_then(|m| ymd(&c[3], m, &c[1])) {
            return Some(d);
        }
    }
    if let Some(c) = re[4].captures(s) {
        return numeric_date(&c[1], &c[2], &c[3], &c[4]);
    }
    None
}

/// `4.3.2019` and `04/03/2019`. Dots are written day first everywhere they are used;
/// slashes are day first in most of the world but month first in the US, whose pages are
/// the most common slash-dated ones, so a slash date is read month first unless its first
/// number cannot be a month.
fn numeric_date(a: &str, sep: &str, b: &str, y: &str) -> Option<NaiveDate> {
    let (a, b, y): (u32, u32, i32) = (a.parse().ok()?, b.parse().ok()?, y.parse().ok()?);
    let (m, d) = if sep == "." || a > 12 { (b, a) } else { (a, b) };
    NaiveDate::from_ymd_opt(y, m, d)
}

/// `/2017/07/05/slug`, `/2017-07-05-slug` or `/20170705/` in a URL path, or the month by
/// name (`/2017/july/05/slug`, `/2017/jul/05/`), as some CMSs build their archive paths.
pub fn date_from_url(url: &str) -> Option<NaiveDate> {
    static NAMED: OnceLock<Regex> = OnceLock::new();
    let path = url.split(['?', '#']).next().unwrap_or(url);
    if let Some(c) = regexes()[3].captures(path) {
        return NaiveDate::from_ymd_opt(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
    }
    let named = NAMED.get_or_init(|| {
        Regex::new(r"/((?:19|20)\d{2})/(\p{L}{3,10})/(\d{1,2})(?:/|$)")
            .unwrap_or_else(|_| unreachable_regex())
    });
    let c = named.captures(path)?;
    NaiveDate::from_ymd_opt(c[1].parse().ok()?, url_month(&c[2])?, c[3].parse().ok()?)
}

/// English month names as URL path segments write them.
const URL_MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A path segment that is a whole month name or its three-letter abbreviation; a prefix
/// match would read `/2019/market/04/` as March.
fn url_month(seg: &str) -> Option<u32> {
    let seg = seg.to_ascii_lowercase();
    URL_MONTHS
        .iter()
        .position(|m| *m == seg || seg.len() == 3 && m.starts_with(&seg))
        .and_then(|i| u32::try_from(i + 1).ok())
}

/// `/2012/01/slug`: the year and month of a URL path that gives no day.
pub fn month_from_url(url: &str) -> Option<(i32, u32)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let re = RE.get_or_init(|| {
        Regex::new(r"/((?:19|20)\d{2})/(\d{2})/").unwrap_or_else(|_| unreachable_regex())
    });
    let c = re.captures(path)?;
    let (y, m): (i32, u32) = (c[1].parse().ok()?, c[2].parse().ok()?);
    (1..=12).contains(&m).then_some((y, m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_month_without_a_day() {
        assert_eq!(
            month_from_url("https://www.wirelessweek.test/news/2012/01/nokia-sells"),
            Some((2012, 1))
        );
        assert_eq!(month_from_url("https://x.test/2012/13/x"), None);
        assert_eq!(month_from_url("https://x.test/news/2012/story"), None);
    }

    #[test]
    fn human_and_url_dates() {
        let d = NaiveDate::from_ymd_opt(2019, 3, 4);
        for s in [
            "March 4, 2019",
            "Published: Mar. 4th, 2019 10:00 ET",
            "4 March 2019",
            "Updated 4. März 2019",
            "le 4 mars 2019",
            "4 de marzo de 2019",
            "2019-03-04",
            "Posted on 2019-03-04 by admin",
            "4.3.2019",
            "Updated: 03/04/2019",
        ] {
            assert_eq!(parse_any_date(s), d, "{s}");
        }
        assert_eq!(parse_any_date("no date here"), None);
        assert_eq!(
            parse_any_date("posted on the 13/03/2019 at 19:00"),
            NaiveDate::from_ymd_opt(2019, 3, 13)
        );

        assert_eq!(date_from_url("https://x.test/2019/03/04/story"), d);
        assert_eq!(date_from_url("https://x.test/news/20190304/story"), d);
        assert_eq!(date_from_url("https://x.test/2019/story-123"), None);
        // An archive path naming the month: read as the path says, whatever order a
        // numeric dateline on the page might suggest.
        assert_eq!(date_from_url("https://x.test/blog/2019/march/04/story/"), d);
        assert_eq!(date_from_url("https://x.test/blog/2019/mar/4"), d);
        assert_eq!(date_from_url("https://x.test/blog/2019/story/04/x"), None);
        assert_eq!(date_from_url("https://x.test/blog/2019/market/04/x"), None);
        // Slugs that join date and title with `+`, and a year run into the next word.
        assert_eq!(
            date_from_url("https://x.test/articles/2019-03-04+Some+title"),
            d
        );
        assert_eq!(parse_any_date("Posted on March 4, 2019Tags: news"), d);
        assert_eq!(parse_any_date("March 4, 20190"), None);
    }
}
