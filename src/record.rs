//! The deal record of `spec/deal-record.md` (schema `deal/1`), field for field and in the
//! contract's key order, plus the stable ids.
//!
//! Ids are content hashes rather than counters so that re-running the pipeline over the same
//! input gives the same ids, which is what lets a consumer de-duplicate across runs.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub const SCHEMA: &str = "deal/1";

/// The ten deal types, in the contract's order of specificity (most specific first).
pub const DEAL_TYPES: [&str; 10] = [
    "patent_cross_license",
    "patent_license",
    "patent_acquisition",
    "patent_settlement",
    "technology_license",
    "acquisition",
    "investment",
    "joint_venture",
    "supply_agreement",
    "partnership",
];

/// The roles a party can play, in the contract's order (records list parties in this order).
pub const ROLES: [&str; 12] = [
    "licensor",
    "licensee",
    "cross_licensee",
    "seller",
    "buyer",
    "acquirer",
    "target",
    "investor",
    "investee",
    "supplier",
    "customer",
    "partner",
];

/// A deal's status, as the contract lists them.
pub const STATUSES: [&str; 6] = [
    "announced",
    "signed",
    "completed",
    "terminated",
    "rumoured",
    "planned",
];

/// How precisely a deal date is known.
pub const DATE_PRECISIONS: [&str; 3] = ["day", "month", "year"];

/// Where a deal date came from: written out, worked out from a relative phrase, or the
/// article's own date.
pub const DATE_BASES: [&str; 3] = ["explicit", "relative", "article"];

/// Record and article ids: the first 16 hex digits of a SHA-256 ([`stable_hash`]).
const ID_PATTERN: &str = "^[0-9a-f]{16}$";

/// The JSON Schema of a [`DealRecord`] as `extract` writes it. It is derived from the types
/// below (and the value lists above) rather than written by hand, so that it cannot drift from
/// what the code emits; `dealwire schema` prints it and the Python package ships it.
pub fn json_schema() -> serde_json::Value {
    // The schema of what is written (a `None` is written as `null`, so those keys are
    // required), not of what would be accepted when read back.
    let mut schema = schemars::generate::SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator()
        .into_root_schema_for::<DealRecord>()
        .to_value();
    if let Some(o) = schema.as_object_mut() {
        o.insert("title".into(), serde_json::Value::String(SCHEMA.into()));
    }
    schema
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct DealRecord {
    #[schemars(extend("const" = SCHEMA))]
    pub schema: String,
    #[schemars(extend("pattern" = ID_PATTERN))]
    pub id: String,
    pub article: ArticleRef,
    #[schemars(extend("items" = {"enum": DEAL_TYPES}, "uniqueItems" = true, "minItems" = 1))]
    pub types: Vec<String>,
    #[schemars(extend("minItems" = 1))]
    pub parties: Vec<Party>,
    pub date: Option<DealDate>,
    #[schemars(extend("enum" = STATUSES))]
    pub status: String,
    pub patents: Option<Patents>,
    pub areas: Vec<String>,
    pub technologies: Vec<String>,
    pub duration: Option<Duration>,
    pub money: Option<Money>,
    pub quotes: Vec<Quote>,
    pub primary: bool,
    pub evidence: Vec<Evidence>,
    #[schemars(extend("minimum" = 0, "maximum" = 1))]
    pub confidence: f64,
    /// Contract extension (see `docs/contract-extensions.md`): set only by `ingest`, 1 for a
    /// record's first version and one more each time its article's text changes. Absent
    /// elsewhere, so `extract` and `fetch` output is plain `deal/1`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub revision: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ArticleRef {
    #[schemars(extend("pattern" = ID_PATTERN))]
    pub id: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
    pub source: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Party {
    pub name: String,
    pub mention: String,
    #[schemars(extend("enum" = ROLES))]
    pub role: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub descriptor: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct DealDate {
    #[schemars(extend("pattern" = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"))]
    pub value: String,
    #[schemars(extend("enum" = DATE_PRECISIONS))]
    pub precision: String,
    #[schemars(extend("enum" = DATE_BASES))]
    pub basis: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Patents {
    pub count: Option<u64>,
    pub approximate: bool,
    pub mention: String,
    pub kinds: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Duration {
    pub mention: String,
    pub years: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Money {
    pub disclosed: bool,
    pub amount: Option<f64>,
    pub currency: Option<String>,
    pub mention: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Quote {
    pub speaker: String,
    pub title: Option<String>,
    pub organization: Option<String>,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Evidence {
    pub field: String,
    pub sentence: usize,
    pub start: usize,
    pub end: usize,
}

/// A short, stable hex digest of the given parts (separated so that `["ab","c"]` and
/// `["a","bc"]` differ).
pub fn stable_hash<I, S>(parts: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_ref().as_bytes());
        h.update([0x1f]);
    }
    let digest = h.finalize();
    let mut out = String::with_capacity(16);
    for b in &digest[..8] {
        for nibble in [b >> 4, b & 0xf] {
            out.push(char::from_digit(u32::from(nibble), 16).unwrap_or('0'));
        }
    }
    out
}

/// The record id of the contract: article id, sorted canonical party names, types, date value,
/// and an ordinal that tells apart records agreeing on all of these.
pub fn record_id(
    article_id: &str,
    party_names: &[&str],
    types: &[String],
    date: Option<&str>,
    ordinal: usize,
) -> String {
    let mut names: Vec<String> = party_names.iter().map(|n| n.to_lowercase()).collect();
    names.sort();
    let ord = ordinal.to_string();
    let mut parts: Vec<&str> = vec![article_id];
    parts.push("|parties");
    parts.extend(names.iter().map(String::as_str));
    parts.push("|types");
    parts.extend(types.iter().map(String::as_str));
    parts.push("|date");
    parts.push(date.unwrap_or(""));
    parts.push(&ord);
    stable_hash(parts)
}

/// Sorts types into the contract's order and drops unknown or repeated ones.
pub fn order_types(types: &mut Vec<String>) {
    types.retain(|t| DEAL_TYPES.contains(&t.as_str()));
    types.sort_by_key(|t| DEAL_TYPES.iter().position(|d| d == t));
    types.dedup();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_order_free_in_parties() {
        let t = vec!["acquisition".to_string()];
        let a = record_id("art", &["Nokia", "Xiaomi"], &t, Some("2017"), 0);
        let b = record_id("art", &["Xiaomi", "Nokia"], &t, Some("2017"), 0);
        assert_eq!(a, b);
        assert_ne!(
            a,
            record_id("art", &["Nokia", "Xiaomi"], &t, Some("2017"), 1)
        );
        assert_ne!(a, record_id("art", &["Nokia", "Xiaomi"], &t, None, 0));
    }

    #[test]
    fn hash_separates_parts() {
        assert_ne!(stable_hash(["ab", "c"]), stable_hash(["a", "bc"]));
    }

    #[test]
    fn types_are_ordered_by_specificity() {
        let mut t: Vec<String> = [
            "partnership",
            "patent_cross_license",
            "bogus",
            "partnership",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        order_types(&mut t);
        assert_eq!(t, vec!["patent_cross_license", "partnership"]);
    }
}
