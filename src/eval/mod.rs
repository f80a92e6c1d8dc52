//! Scoring predicted deals against gold: deal detection precision, recall and F1, and for the
//! deals that match, how often each field is right.
//!
//! Two gold shapes are read: the reduced records of `news-dev/gold.jsonl` (one line per
//! article, `deals` inside) and full deal records as the project's `golden/` files hold them.
//! Both become [`GoldDeal`]s, so one scorer serves both. A predicted deal matches a gold deal
//! of the same article when their sets of party names are equal after normalisation (case,
//! punctuation, legal suffixes); each deal matches at most once.

use std::collections::BTreeSet;

use serde::Serialize;
use serde_json::Value;

use crate::record::DealRecord;

/// The fields a person can check by hand, shared by both gold shapes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GoldDeal {
    pub types: Vec<String>,
    pub parties: Vec<(String, String)>,
    pub date: Option<String>,
    pub status: Option<String>,
    pub patent_count: Option<Option<u64>>,
    pub areas: Vec<String>,
    pub money_disclosed: Option<bool>,
    pub primary: bool,
}

impl GoldDeal {
    pub fn from_record(r: &DealRecord) -> Self {
        GoldDeal {
            types: r.types.clone(),
            parties: r
                .parties
                .iter()
                .map(|p| (p.name.clone(), p.role.clone()))
                .collect(),
            date: r.date.as_ref().map(|d| d.value.clone()),
            status: Some(r.status.clone()),
            patent_count: r.patents.as_ref().map(|p| p.count),
            areas: r.areas.clone(),
            money_disclosed: r.money.as_ref().map(|m| m.disclosed),
            primary: r.primary,
        }
    }

    /// Reads one deal of either shape from JSON.
    pub fn from_json(v: &Value) -> Option<Self> {
        let strs = |k: &str| -> Vec<String> {
            v.get(k)
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default()
        };
        let parties = v
            .get("parties")?
            .as_array()?
            .iter()
            .filter_map(|p| {
                Some((
                    p.get("name")?.as_str()?.to_string(),
                    p.get("role")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_string(),
                ))
            })
            .collect();
        Some(GoldDeal {
            types: strs("types"),
            parties,
            date: v
                .get("date")
                .and_then(|d| d.get("value"))
                .and_then(Value::as_str)
                .map(str::to_string),
            status: v.get("status").and_then(Value::as_str).map(str::to_string),
            patent_count: v
                .get("patents")
                .filter(|p| !p.is_null())
                .map(|p| p.get("count").and_then(Value::as_u64)),
            areas: strs("areas"),
            money_disclosed: v
                .get("money")
                .and_then(|m| m.get("disclosed"))
                .and_then(Value::as_bool),
            primary: v.get("primary").and_then(Value::as_bool).unwrap_or(false),
        })
    }
}

/// Legal suffixes ignored when party names are compared.
const LEGAL_SUFFIXES: &[&str] = &[
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "co",
    "company",
    "ltd",
    "limited",
    "plc",
    "llc",
    "lp",
    "ag",
    "sa",
    "se",
    "nv",
    "bv",
    "gmbh",
    "oyj",
    "ab",
    "asa",
    "spa",
    "kk",
    "group",
    "holdings",
    "holding",
];

/// The form in which party names are compared.
pub fn normalize_name(name: &str) -> String {
    let lower = name.to_lowercase().replace('&', " and ");
    let mut words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if words.first() == Some(&"the") && words.len() > 1 {
        words.remove(0);
    }
    while words.len() > 1 && words.last().is_some_and(|w| LEGAL_SUFFIXES.contains(w)) {
        words.pop();
    }
    words.join(" ")
}

fn party_set(d: &GoldDeal) -> BTreeSet<String> {
    d.parties.iter().map(|(n, _)| normalize_name(n)).collect()
}

fn set_f1(a: &[String], b: &[String]) -> f64 {
    let a: BTreeSet<&String> = a.iter().collect();
    let b: BTreeSet<&String> = b.iter().collect();
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let inter = a.intersection(&b).count() as f64;
    if inter == 0.0 {
        return 0.0;
    }
    let p = inter / b.len() as f64;
    let r = inter / a.len() as f64;
    2.0 * p * r / (p + r)
}

/// A running average.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Mean {
    pub sum: f64,
    pub n: u64,
}

impl Mean {
    fn add(&mut self, x: f64) {
        self.sum += x;
        self.n += 1;
    }
    fn add_bool(&mut self, b: bool) {
        self.add(if b { 1.0 } else { 0.0 });
    }
    pub fn value(&self) -> Option<f64> {
        (self.n > 0).then(|| self.sum / self.n as f64)
    }
}

/// One mistake, for the report's detail listing.
#[derive(Debug, Clone, Serialize)]
pub struct Miss {
    pub article: String,
    pub kind: &'static str,
    pub parties: Vec<String>,
    pub detail: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub articles: u64,
    pub gold_deals: u64,
    pub predicted_deals: u64,
    pub matched: u64,
    pub roles: Mean,
    pub types_f1: Mean,
    pub date: Mean,
    pub status: Mean,
    pub patent_count: Mean,
    pub areas_f1: Mean,
    pub money_disclosed: Mean,
    pub primary: Mean,
    pub misses: Vec<Miss>,
}

impl Report {
    pub fn precision(&self) -> f64 {
        ratio(self.matched, self.predicted_deals)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.matched, self.gold_deals)
    }
    pub fn f1(&self) -> f64 {
        f1(self.precision(), self.recall())
    }

    /// Adds one article's gold and predicted deals to the totals.
    pub fn add_article(&mut self, article: &str, gold: &[GoldDeal], pred: &[GoldDeal]) {
        self.articles += 1;
        self.gold_deals += gold.len() as u64;
        self.predicted_deals += pred.len() as u64;
        let mut used = vec![false; pred.len()];
        for g in gold {
            let gs = party_set(g);
            // Among predictions with the same parties, prefer the one sharing most types, then
            // the one with the same status and roles (two deals between the same companies,
            // such as a takeover and the merger talks that failed before it), then the first.
            let fit = |p: &GoldDeal| {
                let roles = |d: &GoldDeal| {
                    let mut r: Vec<(String, String)> = d
                        .parties
                        .iter()
                        .map(|(n, r)| (normalize_name(n), r.clone()))
                        .collect();
                    r.sort();
                    r
                };
                (
                    set_f1(&g.types, &p.types),
                    u8::from(g.status == p.status),
                    u8::from(roles(g) == roles(p)),
                )
            };
            let best = pred
                .iter()
                .enumerate()
                .filter(|(i, p)| !used[*i] && party_set(p) == gs)
                .fold(None::<(usize, (f64, u8, u8))>, |acc, (i, p)| {
                    let f = fit(p);
                    match acc {
                        Some((_, a)) if a.0 > f.0 || (a.0 == f.0 && (a.1, a.2) >= (f.1, f.2)) => {
                            acc
                        }
                        _ => Some((i, f)),
                    }
                })
                .map(|(i, _)| i);
            let Some(i) = best else {
                self.misses.push(Miss {
                    article: article.to_string(),
                    kind: "missed",
                    parties: g.parties.iter().map(|(n, r)| format!("{n}:{r}")).collect(),
                    detail: format!("{:?} {}", g.types, g.status.as_deref().unwrap_or("")),
                });
                continue;
            };
            used[i] = true;
            let p = &pred[i];
            self.matched += 1;
            self.score_fields(article, g, p);
        }
        for (i, p) in pred.iter().enumerate() {
            if !used[i] {
                self.misses.push(Miss {
                    article: article.to_string(),
                    kind: "spurious",
                    parties: p.parties.iter().map(|(n, r)| format!("{n}:{r}")).collect(),
                    detail: format!("{:?} {}", p.types, p.status.as_deref().unwrap_or("")),
                });
            }
        }
    }

    fn score_fields(&mut self, article: &str, g: &GoldDeal, p: &GoldDeal) {
        let role_of = |d: &GoldDeal| -> BTreeSet<(String, String)> {
            d.parties
                .iter()
                .map(|(n, r)| (normalize_name(n), r.clone()))
                .collect()
        };
        let roles_ok = role_of(g) == role_of(p);
        self.roles.add_bool(roles_ok);
        let mut wrong = Vec::new();
        if !roles_ok {
            wrong.push(format!("roles {:?} vs {:?}", g.parties, p.parties));
        }
        let tf = set_f1(&g.types, &p.types);
        self.types_f1.add(tf);
        if tf < 1.0 {
            wrong.push(format!("types {:?} vs {:?}", g.types, p.types));
        }
        self.date.add_bool(g.date == p.date);
        if g.date != p.date {
            wrong.push(format!("date {:?} vs {:?}", g.date, p.date));
        }
        if g.status.is_some() {
            self.status.add_bool(g.status == p.status);
            if g.status != p.status {
                wrong.push(format!("status {:?} vs {:?}", g.status, p.status));
            }
        }
        if g.patent_count.is_some() || p.patent_count.is_some() {
            let ok = g.patent_count.flatten() == p.patent_count.flatten();
            self.patent_count.add_bool(ok);
            if !ok {
                wrong.push(format!(
                    "patents {:?} vs {:?}",
                    g.patent_count, p.patent_count
                ));
            }
        }
        let af = set_f1(&g.areas, &p.areas);
        self.areas_f1.add(af);
        if af < 1.0 {
            wrong.push(format!("areas {:?} vs {:?}", g.areas, p.areas));
        }
        if g.money_disclosed.is_some() || p.money_disclosed.is_some() {
            self.money_disclosed
                .add_bool(g.money_disclosed == p.money_disclosed);
            if g.money_disclosed != p.money_disclosed {
                wrong.push(format!(
                    "money {:?} vs {:?}",
                    g.money_disclosed, p.money_disclosed
                ));
            }
        }
        self.primary.add_bool(g.primary == p.primary);
        if g.primary != p.primary {
            wrong.push(format!("primary {} vs {}", g.primary, p.primary));
        }
        if !wrong.is_empty() {
            self.misses.push(Miss {
                article: article.to_string(),
                kind: "field",
                parties: g.parties.iter().map(|(n, _)| n.clone()).collect(),
                detail: wrong.join("; "),
            });
        }
    }

    /// The figures as a small table, for people.
    pub fn summary(&self) -> String {
        let pct = |m: &Mean| {
            m.value()
                .map_or("   n/a".to_string(), |v| format!("{v:6.3}"))
        };
        format!(
            "articles {}  gold deals {}  predicted {}  matched {}\n\
             detection  precision {:.3}  recall {:.3}  F1 {:.3}\n\
             matched    roles {} (n={})  types-F1 {}  date {}  status {}\n\
             \x20          patents {} (n={})  areas-F1 {}  money.disclosed {} (n={})  primary {}",
            self.articles,
            self.gold_deals,
            self.predicted_deals,
            self.matched,
            self.precision(),
            self.recall(),
            self.f1(),
            pct(&self.roles),
            self.roles.n,
            pct(&self.types_f1),
            pct(&self.date),
            pct(&self.status),
            pct(&self.patent_count),
            self.patent_count.n,
            pct(&self.areas_f1),
            pct(&self.money_disclosed),
            self.money_disclosed.n,
            pct(&self.primary),
        )
    }
}

/// The harmonic mean of precision and recall (0 when both are 0).
pub fn f1(precision: f64, recall: f64) -> f64 {
    if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    }
}

fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 {
        if a == 0 {
            1.0
        } else {
            0.0
        }
    } else {
        a as f64 / b as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deal(parties: &[(&str, &str)], types: &[&str]) -> GoldDeal {
        GoldDeal {
            types: types.iter().map(|s| s.to_string()).collect(),
            parties: parties
                .iter()
                .map(|(n, r)| (n.to_string(), r.to_string()))
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn names_compare_without_suffixes() {
        assert_eq!(normalize_name("Nokia Oyj"), "nokia");
        assert_eq!(normalize_name("Apple Inc."), "apple");
        assert_eq!(normalize_name("The Walt Disney Company"), "walt disney");
        assert_eq!(normalize_name("AT&T"), "at and t");
    }

    #[test]
    fn detection_and_roles() {
        let gold = vec![
            deal(
                &[("Nokia", "cross_licensee"), ("Xiaomi", "cross_licensee")],
                &["patent_cross_license"],
            ),
            deal(
                &[("Microsoft", "seller"), ("Xiaomi", "buyer")],
                &["patent_acquisition"],
            ),
        ];
        let pred = vec![
            deal(
                &[
                    ("Xiaomi Inc", "cross_licensee"),
                    ("Nokia", "cross_licensee"),
                ],
                &["patent_cross_license", "partnership"],
            ),
            deal(
                &[("Apple", "buyer"), ("Xiaomi", "seller")],
                &["patent_acquisition"],
            ),
        ];
        let mut r = Report::default();
        r.add_article("a", &gold, &pred);
        assert_eq!(r.matched, 1);
        assert!((r.f1() - 0.5).abs() < 1e-9);
        assert_eq!(r.roles.value(), Some(1.0));
        let t = r.types_f1.value().unwrap_or(0.0);
        assert!((t - 2.0 / 3.0).abs() < 1e-9, "{t}");
    }

    #[test]
    fn same_parties_pair_by_status_and_roles() {
        // A takeover and the merger talks that failed before it, predicted in the other order.
        let mut takeover = deal(
            &[("Federated", "acquirer"), ("May", "target")],
            &["acquisition"],
        );
        takeover.status = Some("announced".into());
        let mut talks = deal(
            &[("Federated", "partner"), ("May", "partner")],
            &["acquisition"],
        );
        talks.status = Some("terminated".into());
        let mut r = Report::default();
        r.add_article(
            "a",
            &[takeover.clone(), talks.clone()],
            &[talks.clone(), takeover.clone()],
        );
        assert_eq!(r.matched, 2);
        assert_eq!(r.roles.value(), Some(1.0));
        assert_eq!(r.status.value(), Some(1.0));
    }

    #[test]
    fn no_deal_articles_score_perfectly_when_empty() {
        let mut r = Report::default();
        r.add_article("a", &[], &[]);
        assert_eq!((r.precision(), r.recall()), (1.0, 1.0));
    }
}
