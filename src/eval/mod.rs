//! Scoring predicted deals against gold: deal detection precision, recall and F1, and for the
//! deals that match, how often each field is right.
//!
//! There is one scorer, and it is the reference scorer of the development sets
//! (`deals-web-dev/score.py`) written again in Rust, so that `dealwire eval` and `score.py`
//! print the same figures to the last digit. Two numbers for one set would leave nobody sure
//! which one moved. What it does, in the reference's words:
//!
//! * a party name is compared as a tuple of lower-case ASCII words, without a possessive
//!   `'s`, a leading "the" or trailing legal suffixes; two names match when one tuple is a
//!   prefix of the other ("Samsung" matches "Samsung Electronics"); a gold party also matches
//!   through its `aliases`, a predicted one through its `mention`;
//! * a gold deal and a predicted deal of the same article are a candidate pair when their
//!   parties match one to one (a maximum bipartite matching) in at least one party, or, under
//!   [`Matching::Strict`], in `min(2, gold parties, predicted parties)` of them;
//! * candidates are ranked by the share of gold parties matched, then types, primary and
//!   date agreement, and paired greedily, each deal at most once;
//! * over matched pairs: roles (per gold party; a missing party is wrong), types and areas
//!   (set F1), date (the predicted value must start with the gold value, so a finer predicted
//!   date is right; a gold null needs a predicted null), patent count, `money.disclosed`,
//!   status and primary.
//!
//! Gold deals come from the development sets' article lines or from full records; both
//! become [`GoldDeal`]s.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value;

use crate::record::DealRecord;

/// Legal suffixes dropped from the end of a name before comparing (the reference's list).
const SUFFIXES: &[&str] = &[
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "co",
    "company",
    "cos",
    "ltd",
    "limited",
    "llc",
    "llp",
    "lp",
    "plc",
    "ag",
    "oyj",
    "oy",
    "ab",
    "asa",
    "as",
    "sa",
    "nv",
    "bv",
    "gmbh",
    "se",
    "spa",
    "srl",
    "kk",
    "pty",
    "pte",
    "bhd",
    "com",
    "the",
];

/// A name in the form in which names are compared: lower-case ASCII words.
pub fn name_key(name: &str) -> Vec<String> {
    let lower = name.to_lowercase().replace('&', " and ");
    // "Nokia's" and "Nokia’s" are Nokia: drop a possessive before a word boundary.
    let mut s = String::with_capacity(lower.len());
    let chars: Vec<char> = lower.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if (c == '\'' || c == '\u{2019}') && chars.get(i + 1) == Some(&'s') {
            let next = chars.get(i + 2);
            if next.is_none_or(|n| !(n.is_alphanumeric() || *n == '_')) {
                i += 2;
                continue;
            }
        }
        s.push(c);
        i += 1;
    }
    let mut words: Vec<String> = s
        .split(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit()))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    while words.last().is_some_and(|w| SUFFIXES.contains(&w.as_str())) {
        words.pop();
    }
    while words.first().is_some_and(|w| w == "the") {
        words.remove(0);
    }
    words
}

/// Whether two name keys name the same organisation: equal, or one a prefix of the other.
pub fn names_match(a: &[String], b: &[String]) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let (short, long) = if a.len() < b.len() { (a, b) } else { (b, a) };
    long[..short.len()] == *short
}

/// One side of a deal, with every name it can be matched by.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GoldParty {
    pub name: String,
    pub role: String,
    /// The keys of the name, its aliases and (for predictions) its mention; empty ones left out.
    pub keys: Vec<Vec<String>>,
}

impl GoldParty {
    pub fn new(name: &str, role: &str, other_names: &[&str]) -> Self {
        let keys = std::iter::once(name)
            .chain(other_names.iter().copied())
            .map(name_key)
            .filter(|k| !k.is_empty())
            .collect();
        GoldParty {
            name: name.to_string(),
            role: role.to_string(),
            keys,
        }
    }

    fn matches(&self, other: &GoldParty) -> bool {
        self.keys
            .iter()
            .any(|a| other.keys.iter().any(|b| names_match(a, b)))
    }
}

/// The fields a person can check by hand, shared by every gold shape.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GoldDeal {
    pub types: Vec<String>,
    pub parties: Vec<GoldParty>,
    pub date: Option<String>,
    pub status: Option<String>,
    /// The patent count; `None` when there are no patents or no count.
    pub patent_count: Option<u64>,
    pub areas: Vec<String>,
    /// `money.disclosed`; `None` when money is null.
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
                .map(|p| GoldParty::new(&p.name, &p.role, &[p.mention.as_str()]))
                .collect(),
            date: r
                .date
                .as_ref()
                .map(|d| d.value.trim().to_string())
                .filter(|v| !v.is_empty()),
            status: Some(r.status.clone()),
            patent_count: r.patents.as_ref().and_then(|p| p.count),
            areas: r.areas.clone(),
            money_disclosed: r.money.as_ref().map(|m| m.disclosed),
            primary: r.primary,
        }
    }

    /// Reads one deal of either shape (a gold line's deal or a full record) from JSON.
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
            .filter(|p| p.is_object())
            .map(|p| {
                let name = p.get("name").and_then(Value::as_str).unwrap_or("");
                let role = p.get("role").and_then(Value::as_str).unwrap_or("");
                let mut others: Vec<&str> = p
                    .get("aliases")
                    .and_then(Value::as_array)
                    .map(|a| a.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                others.extend(p.get("mention").and_then(Value::as_str));
                GoldParty::new(name, role, &others)
            })
            .collect();
        let date = match v.get("date") {
            Some(Value::Object(d)) => d.get("value").and_then(Value::as_str),
            Some(Value::String(s)) => Some(s.as_str()),
            _ => None,
        }
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string);
        let patent_count = v
            .get("patents")
            .filter(|p| p.is_object())
            .and_then(|p| p.get("count"))
            .and_then(|c| match c {
                Value::Number(n) => n.as_u64(),
                Value::String(s) => s.replace(',', "").trim().parse().ok(),
                _ => None,
            });
        Some(GoldDeal {
            types: strs("types"),
            parties,
            date,
            status: v.get("status").and_then(Value::as_str).map(str::to_string),
            patent_count,
            areas: strs("areas"),
            money_disclosed: v
                .get("money")
                .filter(|m| m.is_object())
                .and_then(|m| m.get("disclosed"))
                .and_then(Value::as_bool),
            primary: v.get("primary").and_then(Value::as_bool).unwrap_or(false),
        })
    }

    fn party_names(&self) -> Vec<String> {
        self.parties.iter().map(|p| p.name.clone()).collect()
    }
}

/// How many parties a gold deal and a predicted deal must share to be paired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Matching {
    /// `min(2, gold parties, predicted parties)`: both sides of a two-party deal. The figure
    /// that counts.
    #[default]
    Strict,
    /// One shared party: shows what is nearly right.
    Overlap,
}

fn set_f1(gold: &[String], pred: &[String]) -> f64 {
    let g: BTreeSet<&String> = gold.iter().collect();
    let p: BTreeSet<&String> = pred.iter().collect();
    if g.is_empty() && p.is_empty() {
        return 1.0;
    }
    if g.is_empty() || p.is_empty() {
        return 0.0;
    }
    let tp = g.intersection(&p).count();
    if tp == 0 {
        return 0.0;
    }
    let prec = tp as f64 / p.len() as f64;
    let rec = tp as f64 / g.len() as f64;
    2.0 * prec * rec / (prec + rec)
}

fn date_ok(gold: Option<&str>, pred: Option<&str>) -> bool {
    match (gold, pred) {
        (None, p) => p.is_none(),
        (Some(_), None) => false,
        (Some(g), Some(p)) => p.len() >= g.len() && p.starts_with(g),
    }
}

/// A maximum one-to-one matching of gold parties to predicted parties, found by augmenting
/// paths in the reference's order so that the same pairs come out: gold index → predicted.
fn match_parties(gold: &[GoldParty], pred: &[GoldParty]) -> BTreeMap<usize, usize> {
    let adj: Vec<Vec<usize>> = gold
        .iter()
        .map(|g| (0..pred.len()).filter(|&j| g.matches(&pred[j])).collect())
        .collect();
    // owner[j] = the gold party predicted party j is given to.
    let mut owner: BTreeMap<usize, usize> = BTreeMap::new();
    fn try_assign(
        i: usize,
        adj: &[Vec<usize>],
        owner: &mut BTreeMap<usize, usize>,
        seen: &mut BTreeSet<usize>,
    ) -> bool {
        for &j in &adj[i] {
            if !seen.insert(j) {
                continue;
            }
            let free = match owner.get(&j) {
                None => true,
                Some(&other) => try_assign(other, adj, owner, seen),
            };
            if free {
                owner.insert(j, i);
                return true;
            }
        }
        false
    }
    for i in 0..gold.len() {
        try_assign(i, &adj, &mut owner, &mut BTreeSet::new());
    }
    owner.into_iter().map(|(j, i)| (i, j)).collect()
}

/// The pairs of (gold index, predicted index, party matching) of one article.
fn match_deals(
    gold: &[GoldDeal],
    pred: &[GoldDeal],
    matching: Matching,
) -> Vec<(usize, usize, BTreeMap<usize, usize>)> {
    let mut cands: Vec<(f64, usize, usize, BTreeMap<usize, usize>)> = Vec::new();
    for (i, g) in gold.iter().enumerate() {
        for (j, p) in pred.iter().enumerate() {
            let pm = match_parties(&g.parties, &p.parties);
            let overlap = pm.len();
            let need = match matching {
                Matching::Strict => 2.min(g.parties.len()).min(p.parties.len()),
                Matching::Overlap => 1,
            };
            if overlap < need.max(1) {
                continue;
            }
            let score = overlap as f64 / g.parties.len().max(1) as f64
                + 0.1 * set_f1(&g.types, &p.types)
                + 0.05 * f64::from(u8::from(g.primary == p.primary))
                + 0.02 * f64::from(u8::from(date_ok(g.date.as_deref(), p.date.as_deref())));
            cands.push((score, i, j, pm));
        }
    }
    cands.sort_by(|a, b| {
        b.0.partial_cmp(&a.0)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.1.cmp(&b.1))
            .then(a.2.cmp(&b.2))
    });
    let mut used_g = BTreeSet::new();
    let mut used_p = BTreeSet::new();
    let mut pairs = Vec::new();
    for (_, i, j, pm) in cands {
        if used_g.contains(&i) || used_p.contains(&j) {
            continue;
        }
        used_g.insert(i);
        used_p.insert(j);
        pairs.push((i, j, pm));
    }
    pairs
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
    /// `missed`, `spurious` or `field`.
    pub kind: &'static str,
    pub parties: Vec<String>,
    pub detail: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub matching: Matching,
    pub articles: u64,
    pub no_deal_articles: u64,
    /// Articles whose gold has no deal but which got a record.
    pub false_alarm_articles: u64,
    pub gold_deals: u64,
    pub predicted_deals: u64,
    pub matched: u64,
    pub primary_gold: u64,
    pub primary_found: u64,
    /// Over gold parties of matched deals.
    pub roles: Mean,
    pub types_f1: Mean,
    pub date: Mean,
    /// Date accuracy over matched deals whose gold has a date.
    pub date_gold_dated: Mean,
    pub status: Mean,
    pub patent_count: Mean,
    /// Patent-count accuracy over matched deals whose gold has a count.
    pub patent_count_gold_counted: Mean,
    pub areas_f1: Mean,
    pub money_disclosed: Mean,
    pub primary: Mean,
    pub misses: Vec<Miss>,
}

impl Report {
    pub fn new(matching: Matching) -> Self {
        Report {
            matching,
            ..Default::default()
        }
    }

    pub fn precision(&self) -> f64 {
        let (tp, fp, fn_) = self.counts();
        if tp + fp > 0 {
            tp as f64 / (tp + fp) as f64
        } else if fn_ == 0 {
            1.0
        } else {
            0.0
        }
    }
    pub fn recall(&self) -> f64 {
        let (tp, fp, fn_) = self.counts();
        if tp + fn_ > 0 {
            tp as f64 / (tp + fn_) as f64
        } else if fp == 0 {
            1.0
        } else {
            0.0
        }
    }
    pub fn f1(&self) -> f64 {
        f1(self.precision(), self.recall())
    }
    pub fn primary_recall(&self) -> Option<f64> {
        (self.primary_gold > 0).then(|| self.primary_found as f64 / self.primary_gold as f64)
    }
    fn counts(&self) -> (u64, u64, u64) {
        (
            self.matched,
            self.predicted_deals - self.matched,
            self.gold_deals - self.matched,
        )
    }

    /// Adds one article's gold and predicted deals to the totals.
    pub fn add_article(&mut self, article: &str, gold: &[GoldDeal], pred: &[GoldDeal]) {
        self.articles += 1;
        self.gold_deals += gold.len() as u64;
        self.predicted_deals += pred.len() as u64;
        if gold.is_empty() {
            self.no_deal_articles += 1;
            if !pred.is_empty() {
                self.false_alarm_articles += 1;
            }
        }
        let pairs = match_deals(gold, pred, self.matching);
        self.matched += pairs.len() as u64;
        let matched_g: BTreeSet<usize> = pairs.iter().map(|p| p.0).collect();
        for (i, g) in gold.iter().enumerate() {
            if g.primary {
                self.primary_gold += 1;
                self.primary_found += u64::from(matched_g.contains(&i));
            }
        }
        for (i, j, pm) in &pairs {
            self.score_fields(article, &gold[*i], &pred[*j], pm);
        }
        for (i, g) in gold.iter().enumerate() {
            if !matched_g.contains(&i) {
                self.misses.push(Miss {
                    article: article.to_string(),
                    kind: "missed",
                    parties: g
                        .parties
                        .iter()
                        .map(|p| format!("{}:{}", p.name, p.role))
                        .collect(),
                    detail: format!("{:?} {}", g.types, g.status.as_deref().unwrap_or("")),
                });
            }
        }
        let used_p: BTreeSet<usize> = pairs.iter().map(|p| p.1).collect();
        for (j, p) in pred.iter().enumerate() {
            if !used_p.contains(&j) {
                self.misses.push(Miss {
                    article: article.to_string(),
                    kind: "spurious",
                    parties: p
                        .parties
                        .iter()
                        .map(|p| format!("{}:{}", p.name, p.role))
                        .collect(),
                    detail: format!("{:?} {}", p.types, p.status.as_deref().unwrap_or("")),
                });
            }
        }
    }

    fn score_fields(
        &mut self,
        article: &str,
        g: &GoldDeal,
        p: &GoldDeal,
        pm: &BTreeMap<usize, usize>,
    ) {
        let mut wrong = Vec::new();
        for (gi, gp) in g.parties.iter().enumerate() {
            let got = pm.get(&gi).map(|&pj| p.parties[pj].role.as_str());
            self.roles.add_bool(got == Some(gp.role.as_str()));
            if got != Some(gp.role.as_str()) {
                wrong.push(format!(
                    "role of {} {} vs {}",
                    gp.name,
                    gp.role,
                    got.unwrap_or("(missing)")
                ));
            }
        }
        let tf = set_f1(&g.types, &p.types);
        self.types_f1.add(tf);
        if tf < 1.0 {
            wrong.push(format!("types {:?} vs {:?}", g.types, p.types));
        }
        let dt = date_ok(g.date.as_deref(), p.date.as_deref());
        self.date.add_bool(dt);
        if g.date.is_some() {
            self.date_gold_dated.add_bool(dt);
        }
        if !dt {
            wrong.push(format!("date {:?} vs {:?}", g.date, p.date));
        }
        let st = g.status == p.status;
        self.status.add_bool(st);
        if !st {
            wrong.push(format!("status {:?} vs {:?}", g.status, p.status));
        }
        let pc = g.patent_count == p.patent_count;
        self.patent_count.add_bool(pc);
        if g.patent_count.is_some() {
            self.patent_count_gold_counted.add_bool(pc);
        }
        if !pc {
            wrong.push(format!(
                "patents {:?} vs {:?}",
                g.patent_count, p.patent_count
            ));
        }
        let af = set_f1(&g.areas, &p.areas);
        self.areas_f1.add(af);
        if af < 1.0 {
            wrong.push(format!("areas {:?} vs {:?}", g.areas, p.areas));
        }
        let md = g.money_disclosed == p.money_disclosed;
        self.money_disclosed.add_bool(md);
        if !md {
            wrong.push(format!(
                "money.disclosed {:?} vs {:?}",
                g.money_disclosed, p.money_disclosed
            ));
        }
        self.primary.add_bool(g.primary == p.primary);
        if g.primary != p.primary {
            wrong.push(format!("primary {} vs {}", g.primary, p.primary));
        }
        if !wrong.is_empty() {
            self.misses.push(Miss {
                article: article.to_string(),
                kind: "field",
                parties: g.party_names(),
                detail: wrong.join("; "),
            });
        }
    }

    /// The figures as a small table, for people; the lines and their order are the
    /// reference scorer's.
    pub fn summary(&self) -> String {
        let f = |x: Option<f64>| x.map_or("   n/a".to_string(), |v| format!("{v:6.3}"));
        let roles_n = self.roles.n;
        format!(
            "articles {} (no-deal {}) | gold deals {} | predicted {} | matched {} | matching {}\n\
             detection        P {}  R {}  F1 {}\n\
             primary recall     {}   false-alarm articles {}/{}\n\
             matched deals:\n\
             \x20 types (set F1)          {}\n\
             \x20 party roles (acc)       {}  (n={} gold parties)\n\
             \x20 date (gold precision)   {}  (gold-dated only {}, n={})\n\
             \x20 patent count            {}  (gold-counted only {}, n={})\n\
             \x20 areas (set F1)          {}\n\
             \x20 money.disclosed (acc)   {}\n\
             \x20 extras: status {}  primary {}",
            self.articles,
            self.no_deal_articles,
            self.gold_deals,
            self.predicted_deals,
            self.matched,
            match self.matching {
                Matching::Strict => "strict",
                Matching::Overlap => "overlap>=1",
            },
            f(Some(self.precision())),
            f(Some(self.recall())),
            f(Some(self.f1())),
            f(self.primary_recall()),
            self.false_alarm_articles,
            self.no_deal_articles,
            f(self.types_f1.value()),
            f(self.roles.value()),
            roles_n,
            f(self.date.value()),
            f(self.date_gold_dated.value()),
            self.date_gold_dated.n,
            f(self.patent_count.value()),
            f(self.patent_count_gold_counted.value()),
            self.patent_count_gold_counted.n,
            f(self.areas_f1.value()),
            f(self.money_disclosed.value()),
            f(self.status.value()),
            f(self.primary.value()),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn deal(parties: &[(&str, &str)], types: &[&str]) -> GoldDeal {
        GoldDeal {
            types: types.iter().map(|s| s.to_string()).collect(),
            parties: parties
                .iter()
                .map(|(n, r)| GoldParty::new(n, r, &[]))
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn names_compare_as_word_tuples() {
        assert_eq!(name_key("Nokia Oyj"), ["nokia"]);
        assert_eq!(name_key("Apple Inc."), ["apple"]);
        assert_eq!(name_key("The Walt Disney Company"), ["walt", "disney"]);
        assert_eq!(name_key("AT&T"), ["at", "and", "t"]);
        assert_eq!(name_key("Nokia’s"), ["nokia"]);
        // Only ASCII letters make words, as in the reference.
        assert_eq!(
            name_key("Société Générale"),
            ["soci", "t", "g", "n", "rale"]
        );
        assert!(names_match(
            &name_key("Samsung"),
            &name_key("Samsung Electronics")
        ));
        assert!(!names_match(&name_key("Samsung"), &name_key("Sam")));
        assert!(!names_match(&name_key("Inc."), &name_key("Apple")));
    }

    #[test]
    fn strict_needs_both_parties() {
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
        let mut r = Report::new(Matching::Strict);
        r.add_article("a", &gold, &pred);
        assert_eq!(r.matched, 1);
        assert!((r.f1() - 0.5).abs() < 1e-9);
        assert_eq!(r.roles.value(), Some(1.0));
        let t = r.types_f1.value().unwrap_or(0.0);
        assert!((t - 2.0 / 3.0).abs() < 1e-9, "{t}");
        // One shared party is enough when matching loosely; Xiaomi's role is then wrong.
        let mut loose = Report::new(Matching::Overlap);
        loose.add_article("a", &gold, &pred);
        assert_eq!(loose.matched, 2);
        assert_eq!(loose.roles.value(), Some(0.5));
    }

    #[test]
    fn a_missing_party_is_a_wrong_role() {
        let gold = vec![deal(
            &[("Sony", "buyer"), ("Kalvik", "seller"), ("Halden", "buyer")],
            &["patent_acquisition"],
        )];
        let pred = vec![deal(
            &[("Sony", "buyer"), ("Kalvik", "seller")],
            &["patent_acquisition"],
        )];
        let mut r = Report::new(Matching::Strict);
        r.add_article("a", &gold, &pred);
        assert_eq!(r.matched, 1);
        assert_eq!((r.roles.sum, r.roles.n), (2.0, 3));
    }

    #[test]
    fn greedy_pairs_prefer_types_and_dates() {
        let mut older = deal(&[("A", "buyer"), ("B", "seller")], &["patent_acquisition"]);
        older.date = Some("2012".into());
        let mut newer = deal(&[("A", "partner"), ("B", "partner")], &["partnership"]);
        newer.date = Some("2014-05".into());
        let mut p1 = newer.clone();
        p1.date = Some("2014-05-02".into());
        let p2 = older.clone();
        let mut r = Report::new(Matching::Strict);
        r.add_article("a", &[older, newer], &[p1, p2]);
        assert_eq!(r.matched, 2);
        assert_eq!(r.types_f1.value(), Some(1.0));
        assert_eq!(r.date.value(), Some(1.0), "a finer predicted date is right");
    }

    #[test]
    fn no_deal_articles_count_false_alarms() {
        let mut r = Report::new(Matching::Strict);
        r.add_article("a", &[], &[]);
        assert_eq!((r.precision(), r.recall()), (1.0, 1.0));
        r.add_article(
            "b",
            &[],
            &[deal(&[("A", "partner"), ("B", "partner")], &[])],
        );
        assert_eq!((r.no_deal_articles, r.false_alarm_articles), (2, 1));
        assert_eq!(r.precision(), 0.0);
    }

    #[test]
    fn gold_lines_read_aliases_and_null_fields() {
        let v: Value = serde_json::json!({
            "types": ["patent_license"],
            "parties": [{"name": "X", "role": "licensee", "aliases": ["Twitter", "X Corp"]},
                        {"name": "Adeia", "role": "licensor"}],
            "date": null, "status": "signed",
            "patents": {"count": "1,200", "approximate": false},
            "money": null, "primary": true
        });
        let g = GoldDeal::from_json(&v).unwrap_or_default();
        assert_eq!(g.parties[0].keys.len(), 3);
        assert_eq!(g.patent_count, Some(1200));
        assert_eq!(g.money_disclosed, None);
        assert_eq!(g.date, None);
        let p = deal(
            &[("Twitter Inc", "licensee"), ("Adeia", "licensor")],
            &["patent_license"],
        );
        let mut r = Report::new(Matching::Strict);
        r.add_article("a", &[g], &[p]);
        assert_eq!(r.matched, 1);
    }
}
