//! The figures of the report, computed over every record.
//!
//! Everything here is counted once per record (a deal is one line of the dataset): a record
//! with several types counts once in the timeline and the organisation bars, under its most
//! specific type (the first, in the contract's order), so that the bars add up to the number
//! of deals; the type shares count every type a record has, since that is the question they
//! answer ("how many deals involve a patent licence").

use std::collections::{BTreeMap, BTreeSet, HashMap};

// Statuses are shown in the contract's order; a status outside it comes after them.
use crate::record::{DealRecord, DEAL_TYPES, STATUSES};

/// The longest span the monthly timeline draws: ten years of bars stay readable, and a deal
/// from long ago ("bought in 1998") should not squeeze every recent month into a hairline.
pub const TIMELINE_MONTHS: usize = 120;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Aggregates {
    pub records: usize,
    /// Distinct articles the records come from.
    pub articles: usize,
    /// Distinct sources (the article's site, else its URL's host).
    pub sources: usize,
    pub primary: usize,
    /// Earliest and latest deal date, as written (`2017`, `2017-07`, `2017-07-05`).
    pub deal_dates: Option<(String, String)>,
    /// Earliest and latest article publication date.
    pub published: Option<(String, String)>,
    /// Every deal type in the contract's order, with the records that have it.
    pub by_type: Vec<(String, usize)>,
    /// Statuses in the contract's order (then any other), with their records.
    pub by_status: Vec<(String, usize)>,
    pub timeline: Timeline,
    /// The organisations in the most deals, most first.
    pub orgs: Vec<OrgActivity>,
    pub network: Network,
    /// Patents bought and sold per year.
    pub patents: Vec<PatentYear>,
    /// The largest patent sales whose count is known, largest first.
    pub transfers: Vec<Transfer>,
}

/// Deals per month, stacked by their most specific type.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Timeline {
    /// `YYYY-MM`, every month from the first to the last drawn, gaps included.
    pub months: Vec<String>,
    /// Per month, records by the index of their first type in [`DEAL_TYPES`].
    pub counts: Vec<[usize; 10]>,
    /// Records dated to a year only, which no month can hold.
    pub year_only: usize,
    pub undated: usize,
    /// Records dated before the drawn window (see [`TIMELINE_MONTHS`]).
    pub earlier: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OrgActivity {
    pub name: String,
    pub deals: usize,
    /// Its deals by their first type.
    pub by_type: [usize; 10],
}

/// Who deals with whom: the strongest ties, and the organisations they join.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Network {
    pub nodes: Vec<NetNode>,
    /// Undirected, one per (pair, type); `a < b` index `nodes`.
    pub edges: Vec<NetEdge>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NetNode {
    pub name: String,
    /// Deals with a named counterpart.
    pub deals: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NetEdge {
    pub a: usize,
    pub b: usize,
    /// Index in [`DEAL_TYPES`] of the deals' first type.
    pub kind: usize,
    pub count: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PatentYear {
    pub year: String,
    /// Sum of the known counts.
    pub patents: u64,
    /// Patent sales that year, and how many of them give no count.
    pub deals: usize,
    pub uncounted: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Transfer {
    pub id: String,
    pub date: Option<String>,
    pub sellers: Vec<String>,
    pub buyers: Vec<String>,
    pub count: u64,
    pub approximate: bool,
}

/// Index in [`DEAL_TYPES`] of a record's most specific type.
pub fn first_type(r: &DealRecord) -> Option<usize> {
    r.types
        .iter()
        .filter_map(|t| DEAL_TYPES.iter().position(|d| d == t))
        .min()
}

/// A year (`YYYY`) from a date as written, when it starts with one.
fn year_of(date: &str) -> Option<&str> {
    let y = date.get(..4)?;
    y.bytes().all(|b| b.is_ascii_digit()).then_some(y)
}

/// `(year, month)` of a date with at least month precision.
fn month_of(date: &str) -> Option<(i32, u32)> {
    let y: i32 = year_of(date)?.parse().ok()?;
    if date.as_bytes().get(4) != Some(&b'-') {
        return None;
    }
    let m: u32 = date.get(5..7)?.parse().ok()?;
    (1..=12).contains(&m).then_some((y, m))
}

fn month_index((y, m): (i32, u32)) -> i64 {
    i64::from(y) * 12 + i64::from(m) - 1
}

fn month_label(index: i64) -> String {
    format!(
        "{:04}-{:02}",
        index.div_euclid(12),
        index.rem_euclid(12) + 1
    )
}

/// The source an article is counted under: its site, else its URL's host without `www.`.
fn source_of(r: &DealRecord) -> Option<String> {
    if let Some(s) = r.article.source.as_deref().filter(|s| !s.is_empty()) {
        return Some(s.to_lowercase());
    }
    let url = url::Url::parse(r.article.url.as_deref()?).ok()?;
    let host = url.host_str()?;
    Some(host.strip_prefix("www.").unwrap_or(host).to_lowercase())
}

fn min_max<'a>(values: impl Iterator<Item = &'a str>) -> Option<(String, String)> {
    let mut range: Option<(&str, &str)> = None;
    for v in values.filter(|v| !v.is_empty()) {
        range = Some(match range {
            None => (v, v),
            Some((lo, hi)) => (lo.min(v), hi.max(v)),
        });
    }
    range.map(|(lo, hi)| (lo.to_string(), hi.to_string()))
}

/// The distinct party names of a record, in its order.
fn party_names(r: &DealRecord) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::with_capacity(r.parties.len());
    for p in &r.parties {
        if !names.contains(&p.name.as_str()) {
            names.push(&p.name);
        }
    }
    names
}

impl Aggregates {
    /// The figures over `records`; `top_orgs` and `network_nodes` bound the two lists drawn.
    pub fn compute<'a>(
        records: impl IntoIterator<Item = &'a DealRecord>,
        top_orgs: usize,
        network_nodes: usize,
    ) -> Aggregates {
        let records: Vec<&DealRecord> = records.into_iter().collect();
        let mut agg = Aggregates {
            records: records.len(),
            ..Aggregates::default()
        };
        let articles: BTreeSet<&str> = records.iter().map(|r| r.article.id.as_str()).collect();
        agg.articles = articles.len();
        let sources: BTreeSet<String> = records.iter().filter_map(|r| source_of(r)).collect();
        agg.sources = sources.len();
        agg.primary = records.iter().filter(|r| r.primary).count();
        agg.deal_dates = min_max(
            records
                .iter()
                .filter_map(|r| r.date.as_ref().map(|d| d.value.as_str())),
        );
        agg.published = min_max(
            records
                .iter()
                .filter_map(|r| r.article.published.as_deref()),
        );

        agg.by_type = DEAL_TYPES
            .iter()
            .map(|t| {
                let n = records
                    .iter()
                    .filter(|r| r.types.iter().any(|x| x == t))
                    .count();
                (t.to_string(), n)
            })
            .collect();
        let mut status: BTreeMap<&str, usize> = BTreeMap::new();
        for r in &records {
            *status.entry(r.status.as_str()).or_default() += 1;
        }
        agg.by_status = STATUSES
            .iter()
            .map(|s| (s.to_string(), status.remove(s).unwrap_or(0)))
            .collect();
        agg.by_status
            .extend(status.into_iter().map(|(s, n)| (s.to_string(), n)));

        agg.timeline = timeline(&records);
        agg.orgs = orgs(&records, top_orgs);
        agg.network = network(&records, network_nodes);
        (agg.patents, agg.transfers) = patents(&records);
        agg
    }
}

fn timeline(records: &[&DealRecord]) -> Timeline {
    let mut t = Timeline::default();
    let mut dated: Vec<(i64, Option<usize>)> = Vec::new();
    for r in records {
        match r.date.as_ref().map(|d| d.value.as_str()) {
            None => t.undated += 1,
            Some(v) => match month_of(v) {
                Some(m) => dated.push((month_index(m), first_type(r))),
                None if year_of(v).is_some() => t.year_only += 1,
                None => t.undated += 1,
            },
        }
    }
    let Some(last) = dated.iter().map(|d| d.0).max() else {
        return t;
    };
    let first = dated.iter().map(|d| d.0).min().unwrap_or(last);
    let first = first.max(last - TIMELINE_MONTHS as i64 + 1);
    t.months = (first..=last).map(month_label).collect();
    t.counts = vec![[0; 10]; t.months.len()];
    for (m, kind) in dated {
        if m < first {
            t.earlier += 1;
            continue;
        }
        if let (Some(k), Ok(i)) = (kind, usize::try_from(m - first)) {
            if let Some(row) = t.counts.get_mut(i) {
                row[k] += 1;
            }
        }
    }
    t
}

fn orgs(records: &[&DealRecord], top: usize) -> Vec<OrgActivity> {
    let mut by_name: HashMap<&str, OrgActivity> = HashMap::new();
    for r in records {
        let kind = first_type(r);
        for name in party_names(r) {
            let org = by_name.entry(name).or_insert_with(|| OrgActivity {
                name: name.to_string(),
                deals: 0,
                by_type: [0; 10],
            });
            org.deals += 1;
            if let Some(k) = kind {
                org.by_type[k] += 1;
            }
        }
    }
    let mut list: Vec<OrgActivity> = by_name.into_values().collect();
    list.sort_by(|a, b| b.deals.cmp(&a.deals).then_with(|| a.name.cmp(&b.name)));
    list.truncate(top);
    list
}

fn network(records: &[&DealRecord], max_nodes: usize) -> Network {
    let mut pairs: HashMap<(&str, &str, usize), usize> = HashMap::new();
    let mut degree: HashMap<&str, usize> = HashMap::new();
    for r in records {
        let names = party_names(r);
        if names.len() < 2 {
            continue;
        }
        let Some(kind) = first_type(r) else { continue };
        for n in &names {
            *degree.entry(n).or_default() += 1;
        }
        for (i, a) in names.iter().enumerate() {
            for b in &names[i + 1..] {
                let (a, b) = if a <= b { (*a, *b) } else { (*b, *a) };
                *pairs.entry((a, b, kind)).or_default() += 1;
            }
        }
    }
    // Nodes come in by their strongest ties, so that every node drawn has a counterpart in
    // the drawing: ranking organisations alone leaves most of their partners out of it.
    let mut ties: HashMap<(&str, &str), usize> = HashMap::new();
    for ((a, b, _), n) in &pairs {
        *ties.entry((a, b)).or_default() += n;
    }
    let deg = |n: &str| degree.get(n).copied().unwrap_or(0);
    let mut ties: Vec<((&str, &str), usize)> = ties.into_iter().collect();
    ties.sort_by(|x, y| {
        y.1.cmp(&x.1)
            .then_with(|| (deg(y.0 .0) + deg(y.0 .1)).cmp(&(deg(x.0 .0) + deg(x.0 .1))))
            .then_with(|| x.0.cmp(&y.0))
    });
    let mut chosen: Vec<&str> = Vec::new();
    for ((a, b), _) in ties {
        let new = usize::from(!chosen.contains(&a)) + usize::from(!chosen.contains(&b));
        if chosen.len() + new > max_nodes {
            continue;
        }
        for n in [a, b] {
            if !chosen.contains(&n) {
                chosen.push(n);
            }
        }
    }
    let mut ranked: Vec<(&str, usize)> = chosen.into_iter().map(|n| (n, deg(n))).collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let index: HashMap<&str, usize> = ranked
        .iter()
        .enumerate()
        .map(|(i, (n, _))| (*n, i))
        .collect();
    let mut edges: Vec<NetEdge> = pairs
        .into_iter()
        .filter_map(|((a, b, kind), count)| {
            let (a, b) = (*index.get(a)?, *index.get(b)?);
            Some(NetEdge {
                a: a.min(b),
                b: a.max(b),
                kind,
                count,
            })
        })
        .collect();
    edges.sort_by_key(|e| (e.a, e.b, e.kind));
    Network {
        nodes: ranked
            .into_iter()
            .map(|(name, deals)| NetNode {
                name: name.to_string(),
                deals,
            })
            .collect(),
        edges,
    }
}

/// Patent sales per year (by the deal's date, else the article's), and the largest ones.
fn patents(records: &[&DealRecord]) -> (Vec<PatentYear>, Vec<Transfer>) {
    let mut years: BTreeMap<String, PatentYear> = BTreeMap::new();
    let mut transfers = Vec::new();
    for r in records {
        if !r.types.iter().any(|t| t == "patent_acquisition") {
            continue;
        }
        let date = r
            .date
            .as_ref()
            .map(|d| d.value.as_str())
            .or(r.article.published.as_deref());
        let count = r.patents.as_ref().and_then(|p| p.count);
        if let Some(y) = date.and_then(year_of) {
            let e = years.entry(y.to_string()).or_insert_with(|| PatentYear {
                year: y.to_string(),
                patents: 0,
                deals: 0,
                uncounted: 0,
            });
            e.deals += 1;
            match count {
                Some(c) => e.patents += c,
                None => e.uncounted += 1,
            }
        }
        if let Some(count) = count {
            let side = |roles: &[&str]| -> Vec<String> {
                r.parties
                    .iter()
                    .filter(|p| roles.contains(&p.role.as_str()))
                    .map(|p| p.name.clone())
                    .collect()
            };
            transfers.push(Transfer {
                id: r.id.clone(),
                date: r.date.as_ref().map(|d| d.value.clone()),
                sellers: side(&["seller", "licensor", "target"]),
                buyers: side(&["buyer", "acquirer", "licensee"]),
                count,
                approximate: r.patents.as_ref().is_some_and(|p| p.approximate),
            });
        }
    }
    transfers.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.id.cmp(&b.id)));
    transfers.truncate(10);
    (years.into_values().collect(), transfers)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::record::{ArticleRef, DealDate, Party, Patents};

    /// A record with what the aggregates read: `parties` as (name, role).
    pub(crate) fn rec(
        id: &str,
        article: &str,
        types: &[&str],
        parties: &[(&str, &str)],
        date: Option<&str>,
        status: &str,
    ) -> DealRecord {
        DealRecord {
            schema: "deal/1".into(),
            id: id.into(),
            article: ArticleRef {
                id: article.into(),
                url: Some(format!("https://www.{article}.example/a")),
                title: Some(format!("title of {article}")),
                published: Some("2017-07-05".into()),
                source: None,
            },
            types: types.iter().map(|s| s.to_string()).collect(),
            parties: parties
                .iter()
                .map(|(n, role)| Party {
                    name: n.to_string(),
                    mention: n.to_string(),
                    role: role.to_string(),
                    descriptor: None,
                    country: None,
                })
                .collect(),
            date: date.map(|v| DealDate {
                value: v.into(),
                precision: match v.len() {
                    4 => "year",
                    7 => "month",
                    _ => "day",
                }
                .into(),
                basis: "explicit".into(),
            }),
            status: status.into(),
            patents: None,
            areas: vec![],
            technologies: vec![],
            duration: None,
            money: None,
            quotes: vec![],
            primary: true,
            evidence: vec![],
            confidence: 0.8,
            revision: None,
        }
    }

    fn with_patents(mut r: DealRecord, count: Option<u64>) -> DealRecord {
        r.patents = Some(Patents {
            count,
            approximate: false,
            mention: "patents".into(),
            kinds: vec![],
        });
        r
    }

    fn sample() -> Vec<DealRecord> {
        vec![
            rec(
                "1",
                "a",
                &["patent_cross_license", "partnership"],
                &[("Nokia", "cross_licensee"), ("Xiaomi", "cross_licensee")],
                Some("2017-07-05"),
                "signed",
            ),
            with_patents(
                rec(
                    "2",
                    "a",
                    &["patent_acquisition"],
                    &[("Microsoft", "seller"), ("Xiaomi", "buyer")],
                    Some("2016"),
                    "completed",
                ),
                Some(1500),
            ),
            with_patents(
                rec(
                    "3",
                    "b",
                    &["patent_acquisition"],
                    &[("Nortel", "seller"), ("Rockstar", "buyer")],
                    Some("2011-06"),
                    "completed",
                ),
                Some(6000),
            ),
            with_patents(
                rec(
                    "4",
                    "c",
                    &["patent_acquisition"],
                    &[("Kodak", "seller"), ("Apple", "buyer")],
                    Some("2011-12-01"),
                    "rumoured",
                ),
                None,
            ),
            rec(
                "5",
                "c",
                &["acquisition"],
                &[("Google", "acquirer"), ("Motorola", "target")],
                Some("2011-08-15"),
                "announced",
            ),
            rec(
                "6",
                "d",
                &["partnership"],
                &[("Nokia", "partner"), ("Microsoft", "partner")],
                None,
                "signed",
            ),
        ]
    }

    #[test]
    fn summary_counts_every_record() {
        let recs = sample();
        let a = Aggregates::compute(&recs, 10, 10);
        assert_eq!(a.records, 6);
        assert_eq!(a.articles, 4);
        assert_eq!(a.sources, 4, "hosts without www.");
        assert_eq!(a.primary, 6);
        assert_eq!(a.deal_dates, Some(("2011-06".into(), "2017-07-05".into())));
        let n = |list: &[(String, usize)], k: &str| list.iter().find(|(t, _)| t == k).map(|x| x.1);
        assert_eq!(n(&a.by_type, "patent_acquisition"), Some(3));
        assert_eq!(
            n(&a.by_type, "partnership"),
            Some(2),
            "a record counts for each of its types"
        );
        assert_eq!(n(&a.by_type, "investment"), Some(0), "every type is listed");
        assert_eq!(n(&a.by_status, "completed"), Some(2));
        assert_eq!(a.by_status.len(), 6);
    }

    #[test]
    fn timeline_places_month_dates_and_counts_the_rest() {
        let recs = sample();
        let t = Aggregates::compute(&recs, 10, 10).timeline;
        assert_eq!(t.months.first().map(String::as_str), Some("2011-06"));
        assert_eq!(t.months.last().map(String::as_str), Some("2017-07"));
        assert_eq!(t.months.len(), 6 * 12 + 2);
        assert_eq!((t.year_only, t.undated, t.earlier), (1, 1, 0));
        let total: usize = t.counts.iter().flatten().sum();
        assert_eq!(total, 4, "each placed record once");
        // Stacked by the first type: the cross-licence is not also a partnership bar.
        let july17 = t.counts.last().copied().unwrap_or_default();
        assert_eq!(july17[0], 1);
        assert_eq!(july17[9], 0);
    }

    #[test]
    fn timeline_window_keeps_the_recent_years() {
        let recs = vec![
            rec(
                "1",
                "a",
                &["acquisition"],
                &[("A", "acquirer"), ("B", "target")],
                Some("1990-01"),
                "completed",
            ),
            rec(
                "2",
                "a",
                &["acquisition"],
                &[("A", "acquirer"), ("C", "target")],
                Some("2020-03-02"),
                "completed",
            ),
        ];
        let t = Aggregates::compute(&recs, 10, 10).timeline;
        assert_eq!(t.months.len(), TIMELINE_MONTHS);
        assert_eq!(t.months.last().map(String::as_str), Some("2020-03"));
        assert_eq!(t.earlier, 1);
    }

    #[test]
    fn most_active_orgs_rank_by_deals_then_name() {
        let recs = sample();
        let orgs = Aggregates::compute(&recs, 3, 10).orgs;
        let names: Vec<(&str, usize)> = orgs.iter().map(|o| (o.name.as_str(), o.deals)).collect();
        assert_eq!(names, vec![("Microsoft", 2), ("Nokia", 2), ("Xiaomi", 2)]);
        assert_eq!(orgs[0].by_type[2], 1, "Microsoft's patent sale");
        assert_eq!(orgs[0].by_type[9], 1, "and its partnership");
    }

    #[test]
    fn network_edges_are_typed_and_weighted() {
        let mut recs = sample();
        recs.push(rec(
            "7",
            "e",
            &["partnership"],
            &[("Microsoft", "partner"), ("Nokia", "partner")],
            None,
            "signed",
        ));
        recs.push(rec(
            "8",
            "e",
            &["patent_license"],
            &[("Nokia", "licensor"), ("Microsoft", "licensee")],
            None,
            "signed",
        ));
        let net = Aggregates::compute(&recs, 10, 4).network;
        // The strongest tie (Microsoft–Nokia, three deals) comes in first, then the ties to
        // Xiaomi; another pair would make five nodes.
        let names: Vec<&str> = net.nodes.iter().map(|n| n.name.as_str()).collect();
        assert_eq!(names, vec!["Microsoft", "Nokia", "Xiaomi"]);
        for i in 0..net.nodes.len() {
            assert!(
                net.edges.iter().any(|e| e.a == i || e.b == i),
                "every node has a tie"
            );
        }
        let ms = 0;
        let nokia = net
            .nodes
            .iter()
            .position(|n| n.name == "Nokia")
            .unwrap_or(99);
        let between: Vec<(usize, usize)> = net
            .edges
            .iter()
            .filter(|e| (e.a, e.b) == (ms.min(nokia), ms.max(nokia)))
            .map(|e| (e.kind, e.count))
            .collect();
        assert_eq!(
            between,
            vec![(1, 1), (9, 2)],
            "one edge per type, weighted by deals"
        );
        assert!(net.edges.iter().all(|e| e.a < e.b && e.b < net.nodes.len()));
    }

    #[test]
    fn a_deal_with_one_party_makes_no_edge() {
        let recs = vec![rec(
            "1",
            "a",
            &["patent_license"],
            &[("IBM", "licensor")],
            None,
            "announced",
        )];
        let a = Aggregates::compute(&recs, 10, 10);
        assert!(a.network.nodes.is_empty() && a.network.edges.is_empty());
        assert_eq!(a.orgs.len(), 1);
    }

    #[test]
    fn patents_per_year_sum_known_counts() {
        let recs = sample();
        let a = Aggregates::compute(&recs, 10, 10);
        let years: Vec<(&str, u64, usize, usize)> = a
            .patents
            .iter()
            .map(|p| (p.year.as_str(), p.patents, p.deals, p.uncounted))
            .collect();
        assert_eq!(years, vec![("2011", 6000, 2, 1), ("2016", 1500, 1, 0)]);
        let top: Vec<(u64, &str, &str)> = a
            .transfers
            .iter()
            .map(|t| (t.count, t.sellers[0].as_str(), t.buyers[0].as_str()))
            .collect();
        assert_eq!(
            top,
            vec![(6000, "Nortel", "Rockstar"), (1500, "Microsoft", "Xiaomi")]
        );
    }

    #[test]
    fn empty_input_gives_empty_figures() {
        let a = Aggregates::compute(&[], 10, 10);
        assert_eq!(a.records, 0);
        assert!(a.timeline.months.is_empty() && a.deal_dates.is_none());
    }
}
