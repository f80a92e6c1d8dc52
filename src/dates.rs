//! Machine-written dates as they appear in metadata (headers, JSONL fields, feeds, meta tags).
//! Dates written for people, in running text, are the extractor's business (`extract::dates`).

use chrono::{DateTime, NaiveDate};

/// Parses the date part of ISO 8601 / RFC 3339 (`2017-07-05`, `2017-07-05T10:00:00+02:00`,
/// `2017/07/05`) and RFC 2822 (`Wed, 05 Jul 2017 10:00:00 GMT`). Only the calendar date is
/// kept: deal records never need more, and time zones would only invent off-by-one errors.
pub fn parse_machine_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Some(dt.date_naive());
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(s) {
        return Some(dt.date_naive());
    }
    let head: String = s.chars().take(10).collect();
    for fmt in ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(&head, fmt) {
            return Some(d);
        }
    }
    // `20170705` as in compact URLs and some feeds.
    if s.len() >= 8 && s.as_bytes()[..8].iter().all(u8::is_ascii_digit) {
        return NaiveDate::parse_from_str(&s[..8], "%Y%m%d").ok();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn machine_dates() {
        let d = NaiveDate::from_ymd_opt(2017, 7, 5);
        for s in [
            "2017-07-05",
            "2017-07-05T10:00:00Z",
            "2017-07-05T23:30:00+02:00",
            "Wed, 05 Jul 2017 10:00:00 GMT",
            "2017/07/05",
            "20170705",
        ] {
            assert_eq!(parse_machine_date(s), d, "{s}");
        }
        assert_eq!(parse_machine_date("yesterday"), None);
        assert_eq!(parse_machine_date(""), None);
    }
}
