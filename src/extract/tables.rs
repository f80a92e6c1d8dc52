//! The compiled-in rule tables, parsed once. The tables are plain text under `tables/` so that
//! adding a company, an area synonym or a pattern is a one-line change a reviewer can read.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

const COMPANIES: &str = include_str!("tables/companies.tsv");
const AREAS: &str = include_str!("tables/areas.tsv");
const DESCRIPTORS: &str = include_str!("tables/descriptors.txt");
const ORG_HEADS: &str = include_str!("tables/org_heads.txt");
const LEGAL_SUFFIXES: &str = include_str!("tables/legal_suffixes.txt");
const COUNTRIES: &str = include_str!("tables/countries.tsv");
const FIRST_NAMES: &str = include_str!("tables/first_names.txt");
const NON_ENTITIES: &str = include_str!("tables/non_entities.txt");
pub const PATTERNS: &str = include_str!("tables/patterns.tsv");

#[derive(Debug, Clone)]
pub struct Company {
    pub canonical: String,
    pub country: Option<String>,
    /// The name is an everyday word (Apple, Orange) and needs context.
    pub common: bool,
}

/// A multiply-and-rotate hasher for the word tables. Organisation finding looks words up
/// several times per capitalised name, and SipHash's protection against chosen keys buys
/// nothing here: the tables are compiled in and lookups never insert.
#[derive(Default, Clone, Copy)]
pub struct WordHasher(u64);

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    fn write_u8(&mut self, b: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    fn write_usize(&mut self, n: usize) {
        self.0 = (self.0.rotate_left(5) ^ n as u64).wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The hasher of the word tables' sets and maps.
pub type Words = BuildHasherDefault<WordHasher>;

pub struct Tables {
    pub companies: Vec<Company>,
    /// Every surface form (canonical and aliases) → index into `companies`.
    pub company_forms: Vec<(String, usize)>,
    pub areas: Vec<(String, String)>,
    pub descriptors: HashSet<String, Words>,
    pub org_heads: HashSet<String, Words>,
    pub legal_suffixes: HashSet<String, Words>,
    /// Country names, adjectives and cities → country.
    pub places: HashMap<String, String, Words>,
    pub first_names: HashSet<String, Words>,
    pub non_entities: HashSet<String, Words>,
}

/// Non-empty, non-comment lines of a table.
pub fn rows(table: &str) -> impl Iterator<Item = &str> {
    table
        .lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
}

fn word_set<S: FromIterator<String>>(table: &str) -> S {
    rows(table).map(|l| l.trim().to_string()).collect()
}

pub fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(|| {
        let mut companies = Vec::new();
        let mut company_forms = Vec::new();
        for row in rows(COMPANIES) {
            let cols: Vec<&str> = row.split('\t').collect();
            let canonical = cols[0].trim().to_string();
            let idx = companies.len();
            company_forms.push((canonical.clone(), idx));
            if let Some(aliases) = cols.get(1) {
                for a in aliases.split(';').map(str::trim).filter(|a| !a.is_empty()) {
                    company_forms.push((a.to_string(), idx));
                }
            }
            companies.push(Company {
                canonical,
                country: cols
                    .get(2)
                    .map(|c| c.trim().to_string())
                    .filter(|c| !c.is_empty()),
                common: cols.get(3).is_some_and(|f| f.contains("common")),
            });
        }
        let areas = rows(AREAS)
            .filter_map(|r| r.split_once('\t'))
            .map(|(p, l)| (p.trim().to_string(), l.trim().to_string()))
            .collect();
        let mut places = HashMap::default();
        for row in rows(COUNTRIES) {
            let (country, others) = row.split_once('\t').unwrap_or((row, ""));
            places.insert(country.trim().to_string(), country.trim().to_string());
            for o in others.split(';').map(str::trim).filter(|o| !o.is_empty()) {
                places.insert(o.to_string(), country.trim().to_string());
            }
        }
        Tables {
            companies,
            company_forms,
            areas,
            descriptors: word_set(DESCRIPTORS),
            org_heads: word_set(ORG_HEADS),
            legal_suffixes: word_set(LEGAL_SUFFIXES),
            places,
            first_names: word_set(FIRST_NAMES),
            non_entities: word_set(NON_ENTITIES),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{DEAL_TYPES, ROLES};

    const AREA_LABELS: &[&str] = &[
        "internet_of_things",
        "augmented_reality",
        "virtual_reality",
        "artificial_intelligence",
        "cellular",
        "wifi",
        "video_coding",
        "semiconductors",
        "cloud",
        "data_centers",
        "networking",
        "optical_networking",
        "smartphones",
        "wearables",
        "automotive",
        "autonomous_driving",
        "batteries",
        "cybersecurity",
        "blockchain",
        "robotics",
        "healthcare",
        "payments",
        "software",
        "displays",
        "cameras",
        "audio",
        "satellite",
        "gaming",
        "e_commerce",
        "quantum_computing",
    ];

    #[test]
    fn every_alias_names_one_company() {
        let t = tables();
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (form, idx) in &t.company_forms {
            if let Some(prev) = seen.insert(form.as_str(), *idx) {
                assert_eq!(prev, *idx, "{form} names two companies");
            }
        }
        assert!(t.companies.len() >= 100);
    }

    /// Everyday English words among the company names: each needs context to count as a
    /// company, so its company must carry the `common` flag.
    const EVERYDAY_WORDS: &[&str] = &[
        "Acorn",
        "Apollo",
        "Apple",
        "Arm",
        "Blizzard",
        "Block",
        "Boots",
        "Box",
        "Cadence",
        "Charter",
        "Commodore",
        "Continental",
        "Cypress",
        "Delta",
        "Fidelity",
        "Gap",
        "Gateway",
        "Grab",
        "Honor",
        "Jaguar",
        "Kingfisher",
        "Lucid",
        "Lumen",
        "Marvel",
        "Maxim",
        "Meta",
        "Metro",
        "Nationwide",
        "Next",
        "Orange",
        "Overture",
        "Palm",
        "Paramount",
        "Pioneer",
        "Prudential",
        "Puma",
        "Reliance",
        "Rover",
        "Sage",
        "Seat",
        "Sharp",
        "Shell",
        "Sky",
        "Slack",
        "Snap",
        "Snowflake",
        "Sprint",
        "Square",
        "Stripe",
        "Target",
        "Three",
        "Total",
        "Unity",
        "Vale",
        "Valve",
        "Vanguard",
        "Visa",
        "Zoom",
    ];

    fn company_rows() -> Vec<Vec<&'static str>> {
        rows(COMPANIES)
            .map(|r| r.split('\t').collect::<Vec<_>>())
            .collect()
    }

    #[test]
    fn company_rows_are_well_formed_and_sorted() {
        let t = tables();
        let countries: HashSet<&str> = rows(COUNTRIES)
            .map(|r| r.split('\t').next().unwrap_or(r).trim())
            .collect();
        let mut previous = String::new();
        for cols in company_rows() {
            let row = cols.join("\t");
            assert_eq!(cols.len(), 4, "canonical, aliases, country, flags: {row}");
            let canonical = cols[0];
            assert!(
                !canonical.is_empty() && canonical == canonical.trim(),
                "{row}"
            );
            assert!(
                countries.contains(cols[2]),
                "{canonical}: country {:?} is not a row of countries.tsv",
                cols[2]
            );
            assert!(
                ["", "common"].contains(&cols[3]),
                "{canonical}: flags {:?}",
                cols[3]
            );
            for alias in cols[1].split(';') {
                assert_eq!(
                    alias,
                    alias.trim(),
                    "{canonical}: alias {alias:?} has spaces"
                );
                assert!(!cols[1].is_empty() || alias.is_empty());
            }
            // The canonical form is what the news writes alone: no "Inc", "Oyj", "plc" —
            // except where the suffix is part of the name itself ("News Corp", "Software AG": "News" alone
            // is no name).
            let last = canonical.rsplit(' ').next().unwrap_or(canonical);
            assert!(
                !canonical.contains(' ')
                    || !t.legal_suffixes.contains(last)
                    || ["News Corp", "Software AG"].contains(&canonical),
                "{canonical} ends with a legal suffix"
            );
            let key = canonical.to_lowercase();
            assert!(key > previous, "{canonical} is out of order or repeated");
            previous = key;
        }
        assert!(t.companies.len() >= 450, "{} companies", t.companies.len());
    }

    #[test]
    fn no_form_names_two_companies_even_in_another_case() {
        let t = tables();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (form, idx) in &t.company_forms {
            if let Some(prev) = seen.insert(form.to_lowercase(), *idx) {
                assert_eq!(
                    prev, *idx,
                    "{form} names both {} and {}",
                    t.companies[prev].canonical, t.companies[*idx].canonical
                );
            }
        }
    }

    #[test]
    fn common_names_are_flagged_consistently() {
        let t = tables();
        // A form that is an everyday word, a given name, a place or a word that is never a
        // party on its own needs context, so its company is `common`.
        for (form, idx) in &t.company_forms {
            let company = &t.companies[*idx];
            let why = if EVERYDAY_WORDS.contains(&form.as_str()) {
                "an everyday word"
            } else if t.first_names.contains(form) {
                "a given name"
            } else if t.places.contains_key(form) {
                "a place"
            } else if t.non_entities.contains(form) {
                "a non-entity word"
            } else {
                continue;
            };
            assert!(
                company.common,
                "{form} is {why}: flag {} as common",
                company.canonical
            );
        }
        // The flag acts on single-word forms; a company flagged without one is a mistake.
        for (idx, company) in t.companies.iter().enumerate() {
            if company.common {
                assert!(
                    t.company_forms
                        .iter()
                        .any(|(f, i)| *i == idx && !f.contains([' ', '-'])),
                    "{} is flagged common but has no single-word form",
                    company.canonical
                );
            }
        }
    }

    #[test]
    fn each_place_names_one_country_and_no_person() {
        let t = tables();
        let mut seen: HashMap<&str, &str> = HashMap::new();
        for row in rows(COUNTRIES) {
            let (country, others) = row.split_once('\t').unwrap_or((row, ""));
            for place in std::iter::once(country).chain(others.split(';')) {
                let place = place.trim();
                if place.is_empty() {
                    continue;
                }
                if let Some(prev) = seen.insert(place, country) {
                    panic!("{place} is listed under {prev} and {country}");
                }
                assert!(
                    !t.first_names.contains(place),
                    "{place} is both a place and a given name"
                );
            }
        }
    }

    #[test]
    fn area_labels_are_in_the_vocabulary_and_phrases_unique() {
        let mut seen = HashSet::new();
        for (phrase, label) in &tables().areas {
            assert!(
                AREA_LABELS.contains(&label.as_str()),
                "unknown label {label}"
            );
            assert!(seen.insert(phrase.clone()), "duplicate phrase {phrase}");
            assert_eq!(phrase, &phrase.to_lowercase(), "phrases are lower case");
        }
    }

    #[test]
    fn word_lists_have_no_duplicates() {
        for table in [
            DESCRIPTORS,
            ORG_HEADS,
            LEGAL_SUFFIXES,
            FIRST_NAMES,
            NON_ENTITIES,
        ] {
            let all: Vec<&str> = rows(table).collect();
            let set: HashSet<&str> = all.iter().copied().collect();
            assert_eq!(all.len(), set.len(), "duplicate entry in a word list");
        }
    }

    #[test]
    fn pattern_types_and_roles_are_known() {
        for row in rows(PATTERNS) {
            let cols: Vec<&str> = row.split('\t').collect();
            assert_eq!(cols.len(), 4, "bad pattern row {row}");
            assert!(
                ["deal", "hint", "party", "pledge", "implied"].contains(&cols[0]),
                "{row}"
            );
            // `similar`: the kind of deal the article spoke of before (`similar_kind`).
            for t in cols[1].split(',') {
                assert!(
                    DEAL_TYPES.contains(&t) || t == "similar",
                    "unknown type {t}"
                );
            }
            for r in cols[2].split(',') {
                assert!(ROLES.contains(&r), "unknown role {r}");
            }
        }
    }
}
