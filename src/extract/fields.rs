//! Field extractors that read one sentence (or the whole text, for quotes): dates, patent
//! counts, money, durations, areas, technologies and quotes. Each returns the byte span of
//! what it read so that the record can point at its evidence.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use chrono::{Datelike, Duration as Days, NaiveDate, Weekday};
use regex::Regex;
use regex_automata::meta;

use super::patterns::anchored_captures;
use super::relax::Relaxed;
use super::tables::tables;

use super::static_re as re;
use super::static_re_of;

/// The last `n` bytes of `s`, widened to a character boundary.
pub(super) fn tail_bytes(s: &str, n: usize) -> &str {
    let mut i = s.len().saturating_sub(n);
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    &s[i..]
}

/// Whether `hay` holds `needle` (lower-case ASCII) in any ASCII case: a prefilter for a
/// `(?i)` regex that needs the word. Unicode case folding adds nothing to ASCII letters but
/// `k` (the Kelvin sign) and `s` (the long s), so words without those need only this.
fn has_word_ci(hay: &str, needle: &str) -> bool {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let Some(&first) = n.first() else {
        return true;
    };
    memchr::memchr2_iter(first, first.to_ascii_uppercase(), h).any(|i| {
        h.get(i..i + n.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(n))
    })
}

const MONTHS: &str = "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec";

fn month_num(m: &str) -> Option<u32> {
    let m = m.to_lowercase();
    let names = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    names
        .iter()
        .position(|n| m.starts_with(n))
        .map(|i| i as u32 + 1)
}

/// A date found in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDate {
    pub value: String,
    pub precision: &'static str,
    pub basis: &'static str,
    pub start: usize,
    pub end: usize,
}

/// Dates in a sentence, explicit and relative (the latter only with an article date).
/// Expected future dates ("by spring 2005", "expected to close in 2025") are skipped: they are
/// not when the deal happened.
pub fn dates(sentence: &str, published: Option<NaiveDate>) -> Vec<FoundDate> {
    static R: OnceLock<Regex> = OnceLock::new();
    let r = static_re_of(&R, || {
        format!(
            r"(?i)\b(?:(?P<m1>{MONTHS})\.? (?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,? (?P<y1>(?:19|20)\d\d)|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)? (?P<m2>{MONTHS})\.?,? (?P<y2>(?:19|20)\d\d)|(?P<iso>(?:19|20)\d\d-\d\d-\d\d)|(?:in )?(?P<m3>{MONTHS}),? (?:of )?(?P<y3>(?:19|20)\d\d)|(?:(?:in|since|during|from|of|year|end of|early|late|mid-?) |(?:mid|early|late)-)(?P<y4>(?:19|20)\d\d)\b|(?:the|a|its|their|his|her) (?P<y5>(?:19|20)\d\d) (?:[\w.&]+(?:[-–][\w.&]+)? ){{0,2}}?(?:deal|agreement|negotiations|settlement|acquisition|merger|licen[cs]e|contract|transaction|purchase|sale|partnership|takeover|investment)s?\b|(?P<rel>(?:two|three|four|five|six|seven|eight|nine|ten|\d{{1,2}}) (?:years|months) ago|last year|a year ago|earlier this year|this year|last month|earlier this month|this month|yesterday|today|last week|earlier this week|this week|(?:on |last |said |says |announced |confirmed |reported |revealed |disclosed |added |statement |statements )(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|last (?P<m5>{MONTHS})|in (?P<m6>{MONTHS})\b))"
        )
    });
    let mut out = Vec::new();
    for c in r.captures_iter(sentence) {
        let Some(m) = c.get(0) else { continue };
        let before = sentence[..m.start()].to_lowercase();
        let before = before.trim_end();
        if before.ends_with("by")
            || before.ends_with("until")
            || before.ends_with("through")
            || before.ends_with("to")
            || before.ends_with("expected")
            || before.ends_with("quarter of")
            || before.ends_with("half of")
        {
            continue;
        }
        let window = tail_bytes(before, 40);
        if window.contains("expected") || window.contains(" due ") {
            continue;
        }
        // "Today's earbuds", "today's market": the present age, not a day. Only an event
        // ("today's announcement", "today's deal") is dated by it.
        if m.as_str().eq_ignore_ascii_case("today") && sentence[m.end()..].starts_with("'s ") {
            let noun = sentence[m.end() + 3..]
                .split(|c: char| !c.is_ascii_alphabetic())
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            const EVENTS: [&str; 8] = [
                "announcement",
                "deal",
                "agreement",
                "statement",
                "news",
                "signing",
                "filing",
                "release",
            ];
            if !EVENTS.contains(&noun.as_str()) {
                continue;
            }
        }
        // An end or effective date is not when the deal happened: "extended through the end
        // of 2030", "runs through 2033", "effective from January".
        let end_date = [
            "through the end of",
            "until the end of",
            "to the end of",
            "runs through",
            "run through",
            "running through",
            "expire",
            "expires in",
            "valid until",
            "effective from",
            "effective as of",
            "officially began on",
            "began on",
            "through the",
            "until the",
            "runs through the",
        ]
        .iter()
        .any(|w| window.ends_with(w) || window.ends_with(&format!("{w} the end of")));
        if end_date {
            continue;
        }
        let found = |value: String, precision, basis| FoundDate {
            value,
            precision,
            basis,
            start: m.start(),
            end: m.end(),
        };
        let ymd = |y: &str, mo: u32, d: &str| -> Option<String> {
            let y: i32 = y.parse().ok()?;
            let d: u32 = d.parse().ok()?;
            NaiveDate::from_ymd_opt(y, mo, d).map(|x| x.to_string())
        };
        if let (Some(mo), Some(d), Some(y)) = (c.name("m1"), c.name("d1"), c.name("y1")) {
            if let Some(v) = month_num(mo.as_str()).and_then(|mo| ymd(y.as_str(), mo, d.as_str())) {
                out.push(found(v, "day", "explicit"));
            }
        } else if let (Some(d), Some(mo), Some(y)) = (c.name("d2"), c.name("m2"), c.name("y2")) {
            if let Some(v) = month_num(mo.as_str()).and_then(|mo| ymd(y.as_str(), mo, d.as_str())) {
                out.push(found(v, "day", "explicit"));
            }
        } else if let Some(iso) = c.name("iso") {
            if NaiveDate::parse_from_str(iso.as_str(), "%Y-%m-%d").is_ok() {
                out.push(found(iso.as_str().to_string(), "day", "explicit"));
            }
        } else if let (Some(mo), Some(y)) = (c.name("m3"), c.name("y3")) {
            if let Some(mo) = month_num(mo.as_str()) {
                out.push(found(
                    format!("{}-{mo:02}", y.as_str()),
                    "month",
                    "explicit",
                ));
            }
        } else if let Some(y) = c.name("y4").or_else(|| c.name("y5")) {
            out.push(found(y.as_str().to_string(), "year", "explicit"));
        } else if let (Some(rel), Some(p)) = (c.name("rel"), published) {
            if let Some((v, prec)) = resolve_relative(&rel.as_str().to_lowercase(), p) {
                out.push(found(v, prec, "relative"));
            }
        }
    }
    out
}

fn resolve_relative(rel: &str, p: NaiveDate) -> Option<(String, &'static str)> {
    let month = |d: NaiveDate| format!("{}-{:02}", d.year(), d.month());
    let prev_month = || {
        let (y, m) = if p.month() == 1 {
            (p.year() - 1, 12)
        } else {
            (p.year(), p.month() - 1)
        };
        format!("{y}-{m:02}")
    };
    Some(match rel {
        "last year" | "a year ago" => ((p.year() - 1).to_string(), "year"),
        "this year" | "earlier this year" => (p.year().to_string(), "year"),
        "last month" => (prev_month(), "month"),
        "this month" | "earlier this month" => (month(p), "month"),
        "yesterday" => ((p - Days::days(1)).to_string(), "day"),
        "today" => (p.to_string(), "day"),
        // "Last week": the month it fell in; across a month boundary, only the year (the
        // guide's precision for it).
        // "This week" is the news itself: the article's own date says it better.
        "this week" | "earlier this week" => return None,
        "last week" => {
            let d = p - Days::days(7);
            if d.month() == p.month() {
                (month(d), "month")
            } else {
                (d.year().to_string(), "year")
            }
        }
        _ if rel.ends_with(" ago") => {
            // "Four years ago", "18 months ago": counted back from the article date, to the
            // precision the count is given in.
            let mut words = rel.split(' ');
            let n = words.next().and_then(|w| {
                w.parse::<u32>()
                    .ok()
                    .or_else(|| number_word(w).and_then(|n| u32::try_from(n).ok()))
            })?;
            if words.next()? == "years" {
                // "Five years ago" in a December 2022 story: December 2017, to the month.
                let y = p.year().checked_sub(i32::try_from(n).ok()?)?;
                (format!("{y}-{:02}", p.month()), "month")
            } else {
                (
                    month(p.checked_sub_months(chrono::Months::new(n))?),
                    "month",
                )
            }
        }
        _ => {
            let rest = rel
                .trim_start_matches("on ")
                .trim_start_matches("last ")
                .trim_start_matches("in ");
            // "Said Wednesday", "announced Monday": the weekday after a verb of reporting.
            let rest = rest.rsplit(' ').next().unwrap_or(rest);
            if let Some(wd) = weekday(rest) {
                // The most recent such weekday: "on Thursday" in a Thursday article is that
                // day (news is written the day it happens); "last Thursday" is a week before.
                let mut d = if rel.starts_with("last ") {
                    p - Days::days(1)
                } else {
                    p
                };
                for _ in 0..7 {
                    if d.weekday() == wd {
                        return Some((d.to_string(), "day"));
                    }
                    d -= Days::days(1);
                }
                return None;
            }
            let mo = month_num(rest)?;
            // "last July" / "in July": the latest such month not after the article date.
            let y = if mo < p.month() || (mo == p.month() && !rel.starts_with("last")) {
                p.year()
            } else {
                p.year() - 1
            };
            (format!("{y}-{mo:02}"), "month")
        }
    })
}

fn weekday(s: &str) -> Option<Weekday> {
    Some(match s {
        "monday" => Weekday::Mon,
        "tuesday" => Weekday::Tue,
        "wednesday" => Weekday::Wed,
        "thursday" => Weekday::Thu,
        "friday" => Weekday::Fri,
        "saturday" => Weekday::Sat,
        "sunday" => Weekday::Sun,
        _ => return None,
    })
}

/// Number words used for counts ("two thousand patents").
fn number_word(w: &str) -> Option<u64> {
    Some(match w {
        "one" | "a" | "an" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "fifteen" => 15,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "hundred" => 100,
        _ => return None,
    })
}

/// Parses "1,500", "2.5 million", "two thousand", "500". None for what is not a count.
pub fn parse_count(s: &str) -> Option<u64> {
    let s = s.trim().to_lowercase();
    let mut words = s.split_whitespace();
    let first = words.next()?;
    let base: f64 = match first.replace(',', "").parse::<f64>() {
        Ok(n) => n,
        Err(_) => number_word(first)? as f64,
    };
    let mult = match words.next() {
        Some("thousand") => 1_000.0,
        Some("million") => 1_000_000.0,
        Some("hundred") => 100.0,
        _ => 1.0,
    };
    let v = base * mult;
    (v.is_finite() && v >= 0.0).then_some(v.round() as u64)
}

#[derive(Debug, Clone, PartialEq)]
pub struct FoundPatents {
    pub count: Option<u64>,
    pub approximate: bool,
    pub mention: String,
    pub kinds: Vec<String>,
    pub start: usize,
    pub end: usize,
}

const PATENT_KINDS: &[(&str, &str)] = &[
    ("standard essential", "standard essential"),
    ("standard-essential", "standard essential"),
    ("cellular", "cellular"),
    ("software", "software"),
    ("wireless", "wireless"),
    ("semiconductor", "semiconductor"),
    ("video", "video"),
    ("design", "design"),
    ("lte", "cellular"),
    ("5g", "cellular"),
    ("4g", "cellular"),
    ("3g", "cellular"),
];

/// Patent counts and kinds: "1,500 patents", "about 2,000 patents and applications",
/// "hundreds of patents", "a portfolio of more than 6,000", "cellular standard essential
/// patents".
pub fn patents(sentence: &str) -> Option<FoundPatents> {
    // Every alternative of both regexes below needs one of these words.
    if !has_word_ci(sentence, "patent") && !has_word_ci(sentence, "portfolio") {
        return None;
    }
    static COUNTED: OnceLock<Regex> = OnceLock::new();
    static PLAIN: OnceLock<Regex> = OnceLock::new();
    let counted = re(
        &COUNTED,
        r"(?i)(?P<approx>about|around|approximately|roughly|nearly|almost|some|more than|over|at least|up to|upwards of|close to)?\s?(?P<num>\d[\d,]*(?:\.\d+)?(?: (?:thousand|million))?|(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|fifty|a) (?:hundred|thousand)|hundreds|thousands|dozens|\b(?:two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|fifty)\b)(?: of)?(?: its| their| the)?(?P<adj>(?: [a-z-]+){0,3}) patents?\b|portfolio of (?P<approx3>more than |over |about |some )?(?P<num3>\d[\d,]*)",
    );
    let plain = re(&PLAIN, r"(?i)(?P<adj2>(?:[a-z-]+ ){0,3})patents?\b");
    // A count wins; only without one do descriptive words ("cellular standard essential
    // patents") make the mention.
    let r = if counted.is_match(sentence) {
        counted
    } else {
        plain
    };
    let mut best: Option<FoundPatents> = None;
    for c in r.captures_iter(sentence) {
        let Some(m) = c.get(0) else { continue };
        let mention = m.as_str().trim().to_string();
        let lower = mention.to_lowercase();
        let kinds: Vec<String> = PATENT_KINDS
            .iter()
            .filter(|(k, _)| lower.contains(k))
            .map(|(_, v)| v.to_string())
            .fold(Vec::new(), |mut acc, k| {
                if !acc.contains(&k) {
                    acc.push(k);
                }
                acc
            });
        let (count, approximate) = if let Some(n) = c.name("num").or(c.name("num3")) {
            let n = n.as_str().to_lowercase();
            let vague = matches!(n.as_str(), "hundreds" | "thousands" | "dozens");
            (
                if vague { None } else { parse_count(&n) },
                vague || c.name("approx").is_some() || c.name("approx3").is_some(),
            )
        } else {
            (None, false)
        };
        let mention = if count.is_none() && c.name("adj2").is_some() {
            // Keep only the descriptive words: "exchange of company's cellular standard
            // essential patents" → "cellular standard essential patents".
            let words: Vec<&str> = mention.split_whitespace().collect();
            let keep = words
                .iter()
                .rposition(|w| {
                    !PATENT_KINDS
                        .iter()
                        .any(|(k, _)| k.split(' ').any(|kw| w.eq_ignore_ascii_case(kw)))
                        && !w.to_lowercase().starts_with("patent")
                })
                .map_or(0, |i| i + 1);
            words[keep..].join(" ")
        } else {
            mention
        };
        let start = m.start() + m.as_str().len() - m.as_str().trim_start().len();
        let found = FoundPatents {
            count,
            approximate,
            start: start + (m.as_str().trim().len() - mention.len()),
            end: m.end(),
            mention,
            kinds,
        };
        let better = match &best {
            None => true,
            Some(b) => {
                (b.count.is_none() && found.count.is_some())
                    || (b.kinds.len() < found.kinds.len()
                        && found.count.is_some() == b.count.is_some())
            }
        };
        if better {
            best = Some(found);
        }
    }
    best
}

#[derive(Debug, Clone, PartialEq)]
pub struct FoundMoney {
    pub disclosed: bool,
    pub amount: Option<f64>,
    pub currency: Option<String>,
    pub mention: String,
    pub start: usize,
    pub end: usize,
}

impl FoundMoney {
    pub fn into_money(self) -> crate::record::Money {
        crate::record::Money {
            disclosed: self.disclosed,
            amount: self.amount,
            currency: self.currency,
            mention: self.mention,
        }
    }
}

fn currency_code(s: &str) -> Option<&'static str> {
    Some(match s.to_lowercase().as_str() {
        "$" | "us$" | "usd" | "dollars" | "dollar" => "USD",
        "€" | "eur" | "euros" | "euro" => "EUR",
        "£" | "gbp" | "pounds" | "pound" | "sterling" => "GBP",
        "¥" | "yen" | "jpy" => "JPY",
        "yuan" | "cny" | "rmb" | "renminbi" => "CNY",
        "a$" | "aud" | "australian dollars" => "AUD",
        "c$" | "cad" | "canadian dollars" => "CAD",
        "hk$" | "hkd" => "HKD",
        "rupees" | "rupee" | "inr" => "INR",
        "won" | "krw" => "KRW",
        "swiss francs" | "francs" | "chf" => "CHF",
        "kronor" | "sek" => "SEK",
        _ => return None,
    })
}

fn scale(s: &str) -> f64 {
    match s.to_lowercase().trim() {
        "bn" | "billion" | "b" => 1e9,
        "m" | "mn" | "million" | "mln" => 1e6,
        "k" | "thousand" => 1e3,
        "tn" | "trillion" => 1e12,
        _ => 1.0,
    }
}

/// Words of which every match of the undisclosed-terms regex contains one: each of its
/// alternatives ends in or starts with one of them ("undisclosed" holds "disclose",
/// "unrevealed" holds "reveal").
const UNDISCLOSED_NEEDS: &[&str] = &[
    "comment on",
    "confidential",
    "private",
    "secret",
    "disclose",
    "given",
    "made public",
    "neither",
    "provided",
    "released",
    "reveal",
    "unknown",
    "unspecified",
];

/// A note that the terms are not disclosed ("an undisclosed sum", "terms were not
/// revealed"): what [`money`] reports first, and all the sentence-level hint needs.
pub fn undisclosed(sentence: &str) -> Option<FoundMoney> {
    static UNDISCLOSED: OnceLock<Regex> = OnceLock::new();
    let und = re(
        &UNDISCLOSED,
        r"(?i)\b(?:(?:undisclosed|unspecified|unknown|an unrevealed) (?:sum|amount|fee|price|figure)|(?:terms|financial terms|financial details|value|price)(?: of the (?:deal|agreement|transaction|acquisition|licen[cs]e|partnership|contract|purchase|sale|investment|stake|takeover))? (?:was|were|has|have)? ?(?:not|n't) (?:been )?(?:disclosed|revealed|released|made public)|(?:did|do|does|would|will) not (?:disclose|reveal) (?:the )?(?:terms|price|value|financial)|declined to (?:disclose|reveal|comment on) (?:the )?(?:terms|price|value|financial)|(?:have|has|had) not (?:provided|given|released|disclosed|revealed)[^.]*?(?:financial|price|terms)[^.]*|neither (?:any )?financial details[^.]*|neither (?:company|side|party|firm|group) (?:disclosed|revealed|gave) (?:the )?(?:terms|price|value|financial)|(?:(?:the )?(?:full |specific |financial |further |other )?(?:terms|details))(?: of the (?:deal|agreement|transaction|acquisition|licen[cs]e|partnership|contract|purchase|sale|investment|settlement))?,?(?: including financial details,)? (?:remain|remains|are|were|is|was|will remain|will be kept|are being kept|have been kept|will stay) (?:\w+ )?(?:confidential|undisclosed|private|secret)|keep (?:the )?(?:terms|details)(?: of the \w+)? (?:confidential|private|secret)|(?:financial details|financial terms|terms|further details|details)\b[^.]{0,80}?\b(?:was|were|are|is|have been|has been)(?: not|n't) (?:disclosed|revealed|released|made public|announced|given))",
    );
    // Most sentences say nothing of terms: a literal every alternative of the regex needs
    // rules them out first. The regex folds case by Unicode rules, where the Kelvin sign
    // and the long s are a `k` and an `s`; a sentence with either goes to the regex.
    static NEEDED: OnceLock<AhoCorasick> = OnceLock::new();
    let needed = NEEDED.get_or_init(|| {
        AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::DFA))
            .ascii_case_insensitive(true)
            .build(UNDISCLOSED_NEEDS)
            .expect("the undisclosed-terms literals compile")
    });
    let folds_oddly = |s: &str| !s.is_ascii() && s.contains(['\u{212a}', '\u{17f}']);
    if !needed.is_match(sentence) && !folds_oddly(sentence) {
        return None;
    }
    let m = und.find(sentence)?;
    let mention = m.as_str().trim_end_matches(['.', ' ']).to_string();
    Some(FoundMoney {
        disclosed: false,
        amount: None,
        currency: None,
        start: m.start(),
        end: m.start() + mention.len(),
        mention,
    })
}

/// Money in a sentence: the deal's price when a figure is tied to it ("for $2bn", "worth
/// €1.1bn", "a £300m deal"), or `disclosed: false` when the text says the terms are not
/// revealed. Figures that are revenue, profit or sales are not deal values.
pub fn money(sentence: &str) -> Option<FoundMoney> {
    if let Some(m) = undisclosed(sentence) {
        return Some(m);
    }
    static AMOUNT: OnceLock<Regex> = OnceLock::new();
    let amt = re(
        &AMOUNT,
        r"(?i)(?P<pre>(?:US\$|A\$|C\$|HK\$|\$|€|£|¥|\b(?:USD|EUR|GBP|SEK|JPY|CNY|RMB|KRW|INR|CHF|AUD|CAD|HKD)\b))\s?(?P<n1>\d[\d,]*(?:\.\d+)?)\s?(?P<s1>bn|billion|mn|million|m|k|tn|trillion|b)?\b|(?P<n2>\d[\d,]*(?:\.\d+)?)\s?(?P<s2>bn|billion|mn|million|m|tn|trillion)? ?(?P<post>dollars|euros|pounds|yen|yuan|rupees|swiss francs|kronor|won)\b",
    );
    let mut best: Option<(i32, FoundMoney)> = None;
    for c in amt.captures_iter(sentence) {
        let Some(m) = c.get(0) else { continue };
        let cur = c
            .name("pre")
            .or(c.name("post"))
            .map(|x| x.as_str())
            .unwrap_or("");
        let Some(code) = currency_code(cur) else {
            continue;
        };
        let num = c
            .name("n1")
            .or(c.name("n2"))
            .map(|x| x.as_str().replace(',', ""));
        let Some(num) = num.and_then(|n| n.parse::<f64>().ok()) else {
            continue;
        };
        let sc = c
            .name("s1")
            .or(c.name("s2"))
            .map_or(1.0, |s| scale(s.as_str()));
        let before = sentence[..m.start()].to_lowercase();
        let after = sentence[m.end()..].to_lowercase();
        let after = after.trim_start();
        // Figures that are clearly not a price.
        if after.starts_with("in revenue")
            || after.starts_with("in sales")
            || after.starts_with("in annual")
            || after.starts_with("revenue")
            || after.starts_with("in profit")
            || after.starts_with("profit")
            || after.starts_with("loss")
            || after.starts_with("a year")
        {
            continue;
        }
        // Only a price per share: the deal's value is disclosed, its total is not written.
        if after.starts_with("per share") || after.starts_with("a share") {
            let lead = tail_bytes(before.trim_end(), 30);
            let priced = ["for", "paid", "pays", "pay", "paying", "at", "offered"]
                .iter()
                .any(|w| lead.strip_suffix(w).is_some_and(|l| l.ends_with(' ')) || lead == *w);
            if priced && best.is_none() {
                best = Some((
                    1,
                    FoundMoney {
                        disclosed: true,
                        amount: None,
                        currency: Some(code.to_string()),
                        mention: m.as_str().trim().to_string(),
                        start: m.start(),
                        end: m.end(),
                    },
                ));
            }
            continue;
        }
        let tail = before.trim_end();
        let tail = tail_bytes(tail, 30);
        let mut score = 0;
        for cue in [
            "for",
            "worth",
            "valued at",
            "value of",
            "paid",
            "pay",
            "paying",
            "spent",
            "spending",
            "price of",
            "deal",
            "costing",
            "totalling",
            "investment of",
            "invest",
            "injected",
            "raised",
            "at",
            "up to",
            "fee of",
            "payment of",
            "payments of",
            "total of",
            "acquisition of",
            "purchase of",
            "takeover of",
            "offer of",
            "bid of",
        ] {
            let hedged = [
                "about",
                "around",
                "just over",
                "just under",
                "more than",
                "less than",
                "nearly",
                "almost",
                "some",
                "roughly",
                "over",
                "up to",
                // "invest another $500m", "a further €20m": one more sum of the same kind.
                "another",
                "a further",
                "an additional",
            ];
            // "{cue} {h}" at the end, tested without building the string.
            let hedged_cue = |h: &&str| {
                tail.strip_suffix(*h)
                    .and_then(|t| t.strip_suffix(' '))
                    .is_some_and(|t| t.ends_with(cue))
            };
            if tail.ends_with(cue) || hedged.iter().any(hedged_cue) {
                score += 2;
            }
        }
        if after.starts_with("deal")
            || after.starts_with("merger")
            || after.starts_with("purchase")
            || after.starts_with("agreement")
            || after.starts_with("sale")
            || after.starts_with("takeover")
            || after.starts_with("acquisition")
            || after.starts_with("bid")
            || after.starts_with("offer")
            || after.starts_with("contract")
            || after.starts_with("order")
            || after.starts_with("investment")
            || after.starts_with("(")
            || after.starts_with("to buy")
            || after.starts_with("to acquire")
            || after.starts_with("to take over")
            || after.starts_with("to settle")
            || after.starts_with("to end")
            || after.starts_with("to resolve")
            || after.starts_with("in damages")
            || after.starts_with("in royalties")
        {
            score += 2;
        }
        // "Agreed to pay Tessaro Labs $85m": the payee's name stands between the verb and
        // the figure.
        if pays_someone(tail) {
            score += 2;
        }
        // "An initial fee of £6.5m, out of a potential total of £21m": the total is the value.
        if tail.ends_with("total of") || tail.ends_with("in total") {
            score += 1;
        }
        if score == 0 {
            continue;
        }
        let found = FoundMoney {
            disclosed: true,
            amount: Some((num * sc).round()),
            currency: Some(code.to_string()),
            mention: m.as_str().trim().to_string(),
            start: m.start(),
            end: m.end(),
        };
        if best.as_ref().is_none_or(|(s, _)| score > *s) {
            best = Some((score, found));
        }
    }
    best.map(|(_, f)| f)
}

/// True when `tail` (lower case, the text before a figure) ends with a form of "pay" and one to
/// four name-like words: the payee of "pay Sonos $32.5m".
fn pays_someone(tail: &str) -> bool {
    for (i, w) in tail.rsplit(' ').take(5).enumerate() {
        if matches!(w, "pay" | "pays" | "paid" | "paying") {
            // The verb with no word after it names no payee.
            return i > 0;
        }
        if i == 4 || w.is_empty() || !w.chars().all(|c| c.is_alphanumeric() || "&.-'".contains(c)) {
            return false;
        }
    }
    false
}

#[derive(Debug, Clone, PartialEq)]
pub struct FoundDuration {
    pub mention: String,
    pub years: Option<f64>,
    pub start: usize,
    pub end: usize,
}

/// Durations: "multi-year", "five-year", "10-year", "over the next 10 years", "through 2025".
pub fn duration(sentence: &str, published: Option<NaiveDate>) -> Option<FoundDuration> {
    // Every alternative of the regex below needs "year" or a year " 20..".
    if !has_word_ci(sentence, "year") && !sentence.contains(" 20") {
        return None;
    }
    static R: OnceLock<Regex> = OnceLock::new();
    let r = re(
        &R,
        r"(?i)\b(?P<adj>multi|multiple|\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty)[- ]years?\b(?:[- ]long)?|(?:over|for) the next (?P<n>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty) years|(?:through|until|till|to) (?P<y>20\d\d)\b",
    );
    for c in r.captures_iter(sentence) {
        let Some(m) = c.get(0) else { continue };
        let after = sentence[m.end()..].trim_start().to_lowercase();
        if let Some(a) = c.name("adj") {
            // "a five-year deal" — the number must describe the deal, not an age ("25 years").
            if !m.as_str().contains('-') {
                continue;
            }
            let years = match a.as_str().to_lowercase().as_str() {
                "multi" | "multiple" => None,
                w => w
                    .parse::<f64>()
                    .ok()
                    .or_else(|| number_word(w).map(|n| n as f64)),
            };
            let deal_noun = [
                "deal",
                "agreement",
                "contract",
                "licen",
                "partnership",
                "pact",
                "alliance",
                "cross",
                "supply",
                "patent",
                "collaboration",
                "term",
                "arrangement",
            ]
            .iter()
            .any(|n| after.split_whitespace().take(3).any(|w| w.starts_with(n)));
            if !deal_noun {
                continue;
            }
            return Some(FoundDuration {
                mention: m.as_str().to_string(),
                years,
                start: m.start(),
                end: m.end(),
            });
        }
        if let Some(n) = c.name("n") {
            let w = n.as_str().to_lowercase();
            let years = w
                .parse::<f64>()
                .ok()
                .or_else(|| number_word(&w).map(|n| n as f64));
            return Some(FoundDuration {
                mention: m.as_str().to_string(),
                years,
                start: m.start(),
                end: m.end(),
            });
        }
        if let (Some(y), Some(p)) = (c.name("y"), published) {
            let end: i32 = y.as_str().parse().ok()?;
            return Some(FoundDuration {
                mention: m.as_str().to_string(),
                years: (end > p.year()).then(|| (end - p.year()) as f64),
                start: m.start(),
                end: m.end(),
            });
        }
    }
    None
}

fn area_automaton() -> &'static AhoCorasick {
    static A: OnceLock<AhoCorasick> = OnceLock::new();
    A.get_or_init(|| {
        AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .build(tables().areas.iter().map(|(p, _)| p.as_str()))
            .expect("area table compiles")
    })
}

/// An area label named in a sentence, with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaMention {
    pub label: String,
    pub start: usize,
    pub end: usize,
    /// The word only qualifies patents ("cellular standard essential patents"): it says what
    /// the patents read on, which is the deal's area only when nothing else is named.
    pub of_patents: bool,
    /// The word names a company's line of business ("smartphone vendor Vivo"): the deal's
    /// area when the deal is about the business itself (bought, invested in, pooled), not
    /// when its maker only licenses or partners.
    pub of_business: bool,
}

/// Area labels named in a sentence, with their spans.
pub fn areas(sentence: &str) -> Vec<AreaMention> {
    let t = tables();
    let mut out = Vec::new();
    for m in area_automaton().find_iter(sentence) {
        let (s, e) = (m.start(), m.end());
        let before = sentence[..s].chars().next_back();
        let after = sentence[e..].chars().next();
        if before.is_some_and(|c| c.is_alphanumeric()) || after.is_some_and(|c| c.is_alphanumeric())
        {
            continue;
        }
        let phrase = &sentence[s..e];
        // Short all-letter abbreviations ("AI", "AR") count only in capitals.
        if phrase.len() <= 3
            && phrase.chars().all(|c| c.is_alphabetic())
            && phrase != phrase.to_uppercase()
        {
            continue;
        }
        // Both tests below read the next three words only: lower-casing the rest of a long
        // sentence for every area word cost more than finding the words.
        let rest = three_words(&sentence[e..]).to_lowercase();
        let of_patents = rest
            .split_whitespace()
            .take(3)
            .any(|w| w.starts_with("patent"));
        let of_business = names_a_business(&rest);
        let label = &t.areas[m.pattern().as_usize()].1;
        // "Anti-virus software" is about anti-virus: a generic "software" right after a more
        // specific area names no area of its own.
        if label == "software"
            && phrase.eq_ignore_ascii_case("software")
            && out
                .last()
                .is_some_and(|m: &AreaMention| m.label != "software" && m.end + 1 == s)
        {
            continue;
        }
        out.push(AreaMention {
            label: label.clone(),
            start: s,
            end: e,
            of_patents,
            of_business,
        });
    }
    out
}

/// The text up to the end of its third whitespace-separated word (all of it when shorter).
fn three_words(text: &str) -> &str {
    let mut words = 0;
    let mut in_word = false;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if in_word {
                words += 1;
                if words == 3 {
                    return &text[..i];
                }
            }
            in_word = false;
        } else {
            in_word = true;
        }
    }
    text
}

/// Head nouns after an area word that make it a company's line of business ("Chinese
/// smartphone vendor Vivo", "the smartphone and PC maker"): what a party makes is no area of
/// the deal.
const BUSINESS_HEADS: &[&str] = &[
    "maker",
    "makers",
    "vendor",
    "vendors",
    "manufacturer",
    "manufacturers",
    "company",
    "companies",
    "firm",
    "firms",
    "giant",
    "giants",
    "brand",
    "brands",
    "producer",
    "producers",
    "specialist",
    "player",
    "players",
];

/// Whether the words after an area word ("rest", lower case) make it a business descriptor:
/// the next word is a business head, or "and <one word> <head>".
fn names_a_business(rest: &str) -> bool {
    let words: Vec<&str> = rest
        .split_whitespace()
        .take(3)
        .map(|w| w.trim_end_matches([',', '.', ';']))
        .collect();
    match words.as_slice() {
        [w, ..] if BUSINESS_HEADS.contains(w) => true,
        ["and" | "&", _, w] => BUSINESS_HEADS.contains(w),
        _ => false,
    }
}

/// Named technologies: quoted names with the noun that follows ("'FP4' network processor"),
/// and the items of "work together on A, B and C" lists, trimmed of "solutions for …".
pub fn technologies(sentence: &str) -> Vec<(String, usize, usize)> {
    static QUOTED: OnceLock<Regex> = OnceLock::new();
    static LIST: OnceLock<Regex> = OnceLock::new();
    let q = re(
        &QUOTED,
        r#"['‘"“](?P<name>[A-Za-z0-9][A-Za-z0-9 .+-]{0,30})['’"”] (?P<noun>(?:[a-z]+ ){0,2}(?:processor|chip|chipset|platform|system|engine|software|network|modem|sensor|architecture|standard|technology|format|codec|display|battery|server))"#,
    );
    let l = re(
        &LIST,
        r"(?i)\b(?:work(?:ing)? together|cooperat\w*|co-operat\w*|collaborat\w*|jointly develop\w*|partner\w*) on (?P<list>[^.;]+)",
    );
    let mut out: Vec<(String, usize, usize)> = Vec::new();
    for c in q.captures_iter(sentence) {
        let (Some(m), Some(n), Some(noun)) = (c.get(0), c.name("name"), c.name("noun")) else {
            continue;
        };
        out.push((
            format!("{} {}", n.as_str(), noun.as_str()),
            m.start(),
            m.end(),
        ));
    }
    for c in l.captures_iter(sentence) {
        let Some(list) = c.name("list") else { continue };
        let mut offset = list.start();
        for raw in split_list(list.as_str()) {
            let start = offset + sentence[offset..].find(raw).unwrap_or(0);
            offset = start + raw.len();
            let mut item = raw.trim();
            for cut in [
                " solutions",
                " solution",
                " based on",
                " for ",
                " with ",
                " that ",
                " which ",
            ] {
                if let Some(i) = item.find(cut) {
                    item = &item[..i];
                }
            }
            let item = item
                .trim_start_matches("a ")
                .trim_start_matches("an ")
                .trim_start_matches("the ")
                .trim_matches(|c: char| !c.is_alphanumeric());
            let words = item.split_whitespace().count();
            if item.is_empty() || words > 5 || out.iter().any(|(t, _, _)| t == item) {
                continue;
            }
            out.push((item.to_string(), start, start + raw.len()));
        }
    }
    out
}

fn split_list(s: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    for p in s.split(", ") {
        let mut rest = p;
        while let Some(i) = rest.find(" and ") {
            parts.push(&rest[..i]);
            rest = &rest[i + 5..];
        }
        parts.push(rest);
    }
    parts.into_iter().filter(|p| !p.trim().is_empty()).collect()
}

#[derive(Debug, Clone, PartialEq)]
pub struct FoundQuote {
    pub speaker: String,
    pub title: Option<String>,
    pub organization: Option<String>,
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// `"…," said Lei Jun, chairman and CEO of Xiaomi`
const QUOTE_AFTER: &str = r#"["“](?P<q>[^"”“]{20,}?)[,.]?["”],? (?:said|says|added|adds|explained|commented|noted) (?P<sp>[A-Z][\p{L}.'-]+(?: [A-Z][\p{L}.'-]+){0,3})(?:, (?P<title>[^,.“"]{2,80}?)(?: (?:of|at) (?P<org>[A-Z][\p{L}0-9&.' -]{1,40}?))?)?(?:,|\.|$| in a statement)"#;
/// `Lei Jun, chairman of Xiaomi, said: "…"`
const QUOTE_BEFORE: &str = r#"(?P<sp>[A-Z][\p{L}.'-]+(?: [A-Z][\p{L}.'-]+){1,3}), (?P<title>[^,.“"]{2,80}?)(?: (?:of|at) (?P<org>[A-Z][\p{L}0-9&.' -]{1,40}?))?, (?:said|says|added)[:,]? ["“](?P<q>[^"”“]{20,}?)["”]"#;

/// The capitals at which a `QUOTE_BEFORE` match can start. Its speaker, title and
/// organisation hold no comma, so a match holds exactly one comma before its `, said`: it
/// starts between the second and the first comma before some `, said`/`, says`/`, added`.
/// Trying only those capitals, instead of every capital of the text, finds the same matches.
fn speaker_starts(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut out: Vec<usize> = Vec::new();
    let mut verbs: Vec<usize> = [", said", ", says", ", added"]
        .iter()
        .flat_map(|v| memchr::memmem::find_iter(b, v.as_bytes()))
        .collect();
    verbs.sort_unstable();
    for p in verbs {
        let Some(first) = b[..p].iter().rposition(|&c| c == b',') else {
            continue;
        };
        let second = b[..first]
            .iter()
            .rposition(|&c| c == b',')
            .map_or(0, |c| c + 1);
        let from = out.last().map_or(second, |&l| second.max(l + 1));
        out.extend((from..first).filter(|&i| b[i].is_ascii_uppercase()));
    }
    out
}

/// Direct quotes with their speaker: `"…," said Lei Jun, chairman and CEO of Xiaomi` and
/// `Lei Jun, chairman of Xiaomi, said: "…"`.
///
/// Both regexes have large bounded repeats; searched unanchored, each match costs a reverse
/// scan whose DFA states are rebuilt all the time. A match of the first starts at an opening
/// quote and one of the second at a capital letter, so they are tried anchored at those
/// places only ([`super::patterns::anchored_captures`]), which finds the same matches, and
/// through their relaxed forms ([`Relaxed`]).
pub fn quotes(text: &str) -> Vec<FoundQuote> {
    static AFTER: OnceLock<Relaxed> = OnceLock::new();
    static BEFORE: OnceLock<Relaxed> = OnceLock::new();
    let build = |src: &str| {
        Relaxed::new(src, meta::Config::new().hybrid_cache_capacity(32 << 20))
            .expect("static regex")
    };
    let after = AFTER.get_or_init(|| build(QUOTE_AFTER));
    let before = BEFORE.get_or_init(|| build(QUOTE_BEFORE));
    let mut out = Vec::new();
    // Opening marks: `"` and `“` (E2 80 9C in UTF-8), found bytewise.
    let b = text.as_bytes();
    let quote_marks: Vec<usize> = memchr::memchr2_iter(b'"', 0xE2, b)
        .filter(|&i| b[i] == b'"' || b.get(i..i + 3) == Some(&[0xE2, 0x80, 0x9C][..]))
        .collect();
    let capitals = speaker_starts(text);
    for (r, starts) in [(after, quote_marks), (before, capitals)] {
        let mut caps = r.create_captures();
        anchored_captures(
            |i, c| r.search_captures(i, c),
            text,
            starts.iter().map(|&s| (s, s)),
            &mut caps,
            |c| {
                let group = |name: &str| c.get_group_by_name(name).map(|s| &text[s.range()]);
                let (Some(m), Some(q), Some(sp)) = (c.get_match(), group("q"), group("sp")) else {
                    return;
                };
                out.push(FoundQuote {
                    speaker: sp.trim().to_string(),
                    title: group("title").map(|t| t.trim().to_string()),
                    organization: group("org").map(|o| o.trim().to_string()),
                    text: q.trim().trim_end_matches(',').to_string(),
                    start: m.start(),
                    end: m.end(),
                });
            },
        );
    }
    out.sort_by_key(|q| q.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_prefilter_ignores_ascii_case_only() {
        assert!(has_word_ci("Nokia PATENTS", "patent"));
        assert!(has_word_ci("a Patent", "patent"));
        assert!(has_word_ci("pat patent", "patent"));
        assert!(!has_word_ci("pa-tent", "patent"));
        assert!(!has_word_ci("patén", "paten"));
        assert!(has_word_ci("multi-Year", "year"));
        assert!(!has_word_ci("", "year"));
    }

    /// The anchored quote search finds what plain `captures_iter` finds, on the corpus texts
    /// and on made-up edge cases (quotes at the very start and end, nested and unclosed ones).
    #[test]
    fn quotes_agree_with_plain_captures_iter() {
        let reference = |text: &str| -> Vec<FoundQuote> {
            let mut out = Vec::new();
            for src in [QUOTE_AFTER, QUOTE_BEFORE] {
                let r = Regex::new(src).expect("quote regex");
                for c in r.captures_iter(text) {
                    let (Some(m), Some(q), Some(sp)) = (c.get(0), c.name("q"), c.name("sp")) else {
                        continue;
                    };
                    out.push(FoundQuote {
                        speaker: sp.as_str().trim().to_string(),
                        title: c.name("title").map(|t| t.as_str().trim().to_string()),
                        organization: c.name("org").map(|o| o.as_str().trim().to_string()),
                        text: q.as_str().trim().trim_end_matches(',').to_string(),
                        start: m.start(),
                        end: m.end(),
                    });
                }
            }
            out.sort_by_key(|q| q.start);
            out
        };
        let mut texts: Vec<String> = vec![
            "\"We are very happy with this agreement today,\" said Lei Jun, chairman and CEO of Xiaomi.".into(),
            "Lei Jun, chairman of Xiaomi, said: \u{201c}We are very happy with this agreement today.\u{201d} \"Another \"nested quote that is long enough,\" said Ann Lee".into(),
            "\"unclosed quote that runs on and on, said Bob Smith, head of Acme Corp, in a statement".into(),
            "AB, CD, said \"x\" \"\" \u{201c}\u{201d}".into(),
            "\u{201c}Exactly twenty chars.\u{201d} said Ann Lee. \"Exactly twenty char.\" said Bo Li. \"Nineteen chars here\", adds Cy Dee, head of Acme. \u{201c}One \u{201c}Two is long enough to count here.\u{201d} explained Di Eve, \"no verb follows this long quote\" and \"a quote that is long enough\" noted Ed Fox".into(),
            "Ann Lee, head of Acme, said \"this deal is good for all of us,\" and Bo Chan Li, CEO at Beta, says: \u{201c}We agree with that view entirely.\u{201d}, added Cy Dee, an analyst, added \"one more quote to read here\"".into(),
        ];
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        for e in std::fs::read_dir(root).into_iter().flatten().flatten() {
            if let Ok(t) = std::fs::read_to_string(e.path()) {
                texts.push(t);
            }
        }
        for t in &texts {
            assert_eq!(quotes(t), reference(t), "{t}");
        }
    }

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn explicit_and_relative_dates() {
        let v = |s: &str| {
            dates(s, d(2017, 7, 5))
                .into_iter()
                .map(|f| (f.value, f.precision, f.basis))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            v("signed on July 5, 2017."),
            vec![("2017-07-05".into(), "day", "explicit")]
        );
        assert_eq!(
            v("signed on 5 July 2017."),
            vec![("2017-07-05".into(), "day", "explicit")]
        );
        assert_eq!(
            v("bought in December 2004."),
            vec![("2004-12".into(), "month", "explicit")]
        );
        assert_eq!(
            v("bought in 2003."),
            vec![("2003".into(), "year", "explicit")]
        );
        assert_eq!(
            v("bought patents last year."),
            vec![("2016".into(), "year", "relative")]
        );
        assert_eq!(
            v("announced on Tuesday."),
            vec![("2017-07-04".into(), "day", "relative")]
        );
        // 2017-07-05 was a Wednesday: "on Wednesday" is that day, "last Wednesday" the one before.
        assert_eq!(
            v("announced on Wednesday."),
            vec![("2017-07-05".into(), "day", "relative")]
        );
        assert_eq!(
            v("announced last Wednesday."),
            vec![("2017-06-28".into(), "day", "relative")]
        );
        assert_eq!(
            v("said last month."),
            vec![("2017-06".into(), "month", "relative")]
        );
        // To the month (the annotation guide's precision for "N years ago").
        assert_eq!(
            v("first invested four years ago."),
            vec![("2013-07".into(), "month", "relative")]
        );
        // A week before 5 July falls in June: only the year is sure.
        assert_eq!(
            v("the two unveiled a partnership last week."),
            vec![("2017".into(), "year", "relative")]
        );
        assert_eq!(
            v("Kestrel said Monday it had signed."),
            vec![("2017-07-03".into(), "day", "relative")]
        );
        assert!(v("the licence runs through the end of 2030.").is_empty());
        assert_eq!(
            v("bought it 18 months ago."),
            vec![("2016-01".into(), "month", "relative")]
        );
        assert!(v("expected to close by spring 2018.").is_empty());
        assert!(dates("bought it last year.", None).is_empty());
        assert!(dates("bought it four years ago.", None).is_empty());
    }

    /// The fields' word boundaries are ASCII ones (so that the lazy DFA keeps running on text
    /// with "£", "é" or a dash): with such characters around, the fields read as in plain
    /// text, and a boundary still falls only between a word and a non-word character.
    #[test]
    fn fields_read_the_same_beside_non_ascii_text() {
        let day = |s: &str| {
            dates(s, d(2017, 7, 5))
                .into_iter()
                .map(|f| f.value)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            day("The £5m pact – signed on 5 July 2017 – ended"),
            ["2017-07-05"]
        );
        assert_eq!(
            day("Nestlé’s deal, signed on July 5, 2017, stands"),
            ["2017-07-05"]
        );
        assert!(
            day("version x2017 shipped").is_empty(),
            "no boundary inside a word"
        );
        let f = duration("a five-year “strategic” supply contract — renewed", None);
        assert_eq!(f.map(|f| f.years), Some(Some(5.0)));
        let p = patents("Société Générale sold 1,500 patents—all of them");
        assert_eq!(p.and_then(|p| p.count), Some(1500));
        let m = money("a deal worth £300m – about €350m");
        assert_eq!(
            m.map(|m| (m.amount, m.currency)),
            Some((Some(300e6), Some("GBP".to_string())))
        );
    }

    #[test]
    fn patent_counts() {
        let p = patents("Xiaomi also bought 1,500 patents from Microsoft.");
        assert_eq!(p.as_ref().and_then(|p| p.count), Some(1500));
        assert_eq!(p.map(|p| p.mention).as_deref(), Some("1,500 patents"));
        let p = patents("a portfolio of about 2,000 patents and applications");
        assert_eq!(
            p.as_ref().map(|p| (p.count, p.approximate)),
            Some((Some(2000), true))
        );
        let p = patents("it sold hundreds of patents");
        assert_eq!(
            p.as_ref().map(|p| (p.count, p.approximate)),
            Some((None, true))
        );
        let p = patents("two thousand patents changed hands");
        assert_eq!(p.and_then(|p| p.count), Some(2000));
        let p = patents("exchange of company's cellular standard essential patents, which");
        assert_eq!(
            p.as_ref().map(|p| p.mention.as_str()),
            Some("cellular standard essential patents")
        );
        assert_eq!(
            p.map(|p| p.kinds),
            Some(vec![
                "standard essential".to_string(),
                "cellular".to_string()
            ])
        );
    }

    #[test]
    fn money_values() {
        let m = money("Oracle agreed to buy Acme for $12.5 billion.");
        assert_eq!(
            m.as_ref().map(|m| (m.amount, m.currency.as_deref())),
            Some((Some(12.5e9), Some("USD")))
        );
        let m = money("a deal worth €1.1bn");
        assert_eq!(m.map(|m| m.amount), Some(Some(1.1e9)));
        // One more sum of a kind, and the noun's own figure, are the deal's money.
        let m = money("said it will invest another $500 million in Kestrel Aero");
        assert_eq!(m.map(|m| m.amount), Some(Some(5e8)));
        let m = money("agreed to buy Quillon for a cash and stock acquisition of $35 billion");
        assert_eq!(m.map(|m| m.amount), Some(Some(3.5e10)));
        let m = money("paid £300m for it");
        assert_eq!(m.map(|m| m.currency), Some(Some("GBP".into())));
        let m = money("terms of the deal were not disclosed");
        assert_eq!(m.map(|m| m.disclosed), Some(false));
        let m = money("Neither company disclosed the value of the contract.");
        assert_eq!(m.map(|m| m.disclosed), Some(false));
        assert!(money("Neither company disclosed its plans for the plant.").is_none());
        assert!(money("the company made $1 billion in revenue in 2016").is_none());
        // The payee between "pay" and the figure, and a figure paid to settle.
        let m = money("Halden has agreed to pay Tessaro Labs $85m for a licence.");
        assert_eq!(m.map(|m| m.amount), Some(Some(85e6)));
        let m = money("The maker will hand over $20m to settle the case.");
        assert_eq!(m.map(|m| m.amount), Some(Some(20e6)));
        assert!(pays_someone("agreed to pay tessaro labs"));
        assert!(!pays_someone("agreed to pay"));
        assert!(!pays_someone("shares in the group rose to"));
        assert!(money("Its shares, worth nothing, rose to $85m on Monday.").is_none());
        let m = money("Xiaomi and Nokia have not provided further detail on which patents are acquired by Xiaomi, neither any financial details are revealed.");
        assert_eq!(m.map(|m| m.mention).as_deref(), Some("have not provided further detail on which patents are acquired by Xiaomi, neither any financial details are revealed"));
    }

    #[test]
    fn the_year_before_a_named_deal_dates_it() {
        let d = dates(
            "The 2019 Qualcomm-Apple settlement was borne out of necessity.",
            None,
        );
        assert_eq!(d.first().map(|d| d.value.clone()), Some("2019".to_string()));
    }

    #[test]
    fn mid_year_is_the_year() {
        let d = dates("began tapping the cloud for capacity in mid-2024", None);
        assert_eq!(d.first().map(|d| d.value.clone()), Some("2024".to_string()));
    }

    #[test]
    fn today_s_is_a_day_only_for_an_event() {
        let p = NaiveDate::from_ymd_opt(2026, 1, 15);
        assert!(dates("the noise cancellation found in today's earbuds", p).is_empty());
        assert_eq!(
            dates("Under today's agreement the two will share patents", p)
                .first()
                .map(|d| d.value.clone()),
            Some("2026-01-15".to_string())
        );
    }

    #[test]
    fn durations() {
        let f = duration("The multi-year cross-licensing deal", None);
        assert_eq!(
            f.map(|f| (f.mention, f.years)),
            Some(("multi-year".into(), None))
        );
        let f = duration("a five-year supply contract", None);
        assert_eq!(f.map(|f| f.years), Some(Some(5.0)));
        assert!(duration("the 25-year-old founder", None).is_none());
    }

    #[test]
    fn areas_and_technologies() {
        let a: Vec<String> =
            areas("cooperate in areas such as Internet of Things, augmented reality and AI")
                .into_iter()
                .map(|a| a.label)
                .collect();
        assert_eq!(
            a,
            vec![
                "internet_of_things",
                "augmented_reality",
                "artificial_intelligence"
            ]
        );
        // A word that qualifies patents is marked as such: the deal's area only by default.
        let a = areas("exchange of cellular standard essential patents");
        assert_eq!(a.len(), 1);
        assert!(a[0].of_patents);
        assert!(!areas("a cellular modem supply deal")[0].of_patents);
        assert_eq!(
            three_words(" cellular patents, and more words"),
            " cellular patents, and"
        );
        assert_eq!(three_words("one two"), "one two");
        // The guide's synonyms: an operating system is software, security software is
        // cybersecurity (the longer phrase wins), a codec's name is video coding.
        let labels = |s: &str| -> Vec<String> { areas(s).into_iter().map(|a| a.label).collect() };
        assert_eq!(labels("servers that run Linux"), vec!["software"]);
        assert_eq!(labels("its security software unit"), vec!["cybersecurity"]);
        assert_eq!(labels("patents on H.264 and AV1"), vec!["video_coding"; 2]);
        assert_eq!(labels("the new iPhone"), vec!["smartphones"]);
        // A line of business is marked as such: "smartphone vendor X", "smartphone and PC maker".
        assert!(areas("Chinese smartphone vendor Ardent")[0].of_business);
        assert!(areas("the smartphone and PC maker")[0].of_business);
        assert!(!areas("a smartphone licence agreement")[0].of_business);
        // Radio equipment is a mobile network's, not broadcast audio.
        let a: Vec<String> = areas("will provide 5G radio equipment for the rest of France")
            .into_iter()
            .map(|a| a.label)
            .collect();
        assert!(
            a.contains(&"cellular".to_string()) && !a.contains(&"audio".to_string()),
            "{a:?}"
        );
        let t: Vec<String> = technologies("will work together on optical transport solutions for datacentre interconnect, IP routing based on Nokia's newly announced 'FP4' network processor and a data centre fabric solution.").into_iter().map(|t| t.0).collect();
        assert_eq!(
            t,
            vec![
                "FP4 network processor",
                "optical transport",
                "IP routing",
                "data centre fabric"
            ]
        );
    }

    #[test]
    fn quotes_with_speaker() {
        let q = quotes("\"We are excited to work with Nokia in future,\" said Lei Jun, Chairman and CEO of Xiaomi, in a statement.");
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].speaker, "Lei Jun");
        assert_eq!(q[0].title.as_deref(), Some("Chairman and CEO"));
        assert_eq!(q[0].organization.as_deref(), Some("Xiaomi"));
    }

    #[test]
    fn terms_kept_confidential_and_figures_in_other_shapes() {
        for text in [
            "The terms of the agreement remain confidential between the parties.",
            "Terms weren't disclosed.",
            "The pair agreed to keep the terms confidential.",
            "Further details of the agreement were not disclosed.",
            "Financial details, terms of the agreement or the length of the deal were not revealed.",
            "The full terms of the agreement are confidential.",
        ] {
            let m = undisclosed(text);
            assert!(m.is_some_and(|m| !m.disclosed), "{text}");
        }
        assert!(undisclosed("The company keeps its data centres private.").is_none());
        let m = money("Kestrel plans to invest up to $40B in Varda.");
        assert_eq!(m.and_then(|m| m.amount), Some(40e9));
        let m = money("The two will build a plant through an investment of up to USD 2.3 billion.");
        assert_eq!(
            m.map(|m| (m.amount, m.currency)),
            Some((Some(2.3e9), Some("USD".into())))
        );
    }
}
