//! Deal patterns over sentence templates.
//!
//! A template is the sentence in lower case with each organisation mention replaced by a slot
//! `<k>`, and with "the company", "it" and "both companies" replaced by the slots of the
//! organisations they refer to. Patterns (`tables/patterns.tsv`) are regular expressions over
//! templates, so one readable line says "X bought N patents from Y" whatever X and Y are called.

use std::sync::OnceLock;

use regex::Regex;

use super::tables::{rows, PATTERNS};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Deal,
    Hint,
    /// Adds the parties it binds to an earlier deal of its types: the seller named in a
    /// later clause ("will acquire the shares from X"), the buyer of a stake whose sale was
    /// reported first.
    Party,
    Pledge,
}

pub struct Pattern {
    pub kind: Kind,
    pub types: Vec<String>,
    pub roles: Vec<String>,
    pub re: Regex,
    pub source: String,
    /// Word stems of which the sentence must contain at least one for the pattern to be
    /// worth running (its verbs and nouns, derived from the macros and words it uses).
    pub keys: Vec<&'static str>,
}

/// Stems that stand for each verb or noun set of the pattern language.
const FAMILY_KEYS: &[(&str, &[&str])] = &[
    (
        "{BUY}",
        &[
            "buy",
            "bought",
            "acqui",
            "purchas",
            "take over",
            "took over",
            "taken over",
            "taking over",
            "snap",
            "swallow",
            "absorb",
        ],
    ),
    (
        "{SELL}",
        &[
            "sell", "sold", "offload", "divest", "dispos", "transfer", "hand",
        ],
    ),
    ("{LICENSE}", &["licen"]),
    (
        "{SUPPLY}",
        &["suppl", "provid", "deliver", "equip", "ship", "furnish"],
    ),
    ("{INVEST}", &["invest", "inject", "pump", "plough", "put"]),
    (
        "{PARTNER}",
        &[
            "partner",
            "team",
            "ally",
            "allied",
            "forces",
            "cooperat",
            "co-operat",
            "collaborat",
            "together",
            "link",
            "tie",
            "join",
        ],
    ),
    (
        "{AGREEMENT}",
        &[
            "partnership",
            "alliance",
            "agreement",
            "deal",
            "pact",
            "accord",
            "memorandum",
            "collaboration",
            "tie-up",
            "contract",
            "cooperation",
            "co-operation",
        ],
    ),
];

/// Literal stems that, when a pattern spells them out, also select it.
const LITERAL_KEYS: &[&str] = &[
    "patent",
    "stake",
    "licen",
    "cross",
    "joint",
    "merge",
    "merger",
    "bid",
    "offer",
    "order",
    "target",
    "bidder",
    "suitor",
    "buyer",
    "settle",
    "share",
    "rights",
    "round",
    "funding",
    "investment",
    "takeover",
    "acquisition",
    "purchase",
    "work",
    "won",
    "contract",
    "build",
    "built",
    "make",
    "made",
    "manufactur",
    "produc",
    "assembl",
    "rented",
    "leased",
    "pledg",
    "releas",
    "donat",
    "free",
    "open",
    "sold",
    "sell",
    "transfer",
    "grant",
    "gave",
    "give",
    "completed",
    "closed",
    "finalis",
    "finaliz",
    "combin",
    "raise",
    "secur",
    "receiv",
    "land",
    "led",
    "partner",
    "deal",
    "alliance",
    "tie-up",
    "venture",
    "technolog",
    "placed",
    "approach",
    "unit",
    "division",
    "subsidiar",
];

fn keys_of(src: &str) -> Vec<&'static str> {
    let mut keys: Vec<&'static str> = Vec::new();
    for (macro_name, words) in FAMILY_KEYS {
        if src.contains(macro_name) || (*macro_name == "{AGREEMENT}" && src.contains("{AGREE}")) {
            keys.extend(words.iter().copied());
        }
    }
    let literal_part = FAMILY_KEYS
        .iter()
        .fold(src.to_string(), |s, (m, _)| s.replace(m, " "));
    keys.extend(
        LITERAL_KEYS
            .iter()
            .copied()
            .filter(|k| literal_part.contains(k)),
    );
    // Verb stems spelled out in the pattern itself ("acquired by") select it too.
    keys.extend(
        FAMILY_KEYS
            .iter()
            .flat_map(|(_, words)| words.iter().copied())
            .filter(|k| literal_part.contains(k)),
    );
    keys.sort_unstable();
    keys.dedup();
    keys
}

const AUX_WORDS: &str = r"has|have|had|is|are|was|were|will|would|could|may|might|should|shall|can|also|now|finally|already|recently|just|formally|officially|reportedly|still|then|previously|originally|effectively|jointly|together|further|successfully|eventually|not|never|been|be|being|to|agreed|agree|agrees|set|plans|plan|planned|planning|intends|intend|intended|wants|want|wanted|hopes|hope|hoped|expected|expects|looking|trying|tried|failed|fail|attempted|offered|offering|poised|about|seeking|seeks|sought|considering|consider|considered|mulling|exploring|confirmed|announced|said|says|decided|decides|move|moved|moves|moving|bid|will|going|in talks|talks|negotiating|likely|keen|ready|able|willing|due|preparing|prepared|aims|aim|aimed|it|on|monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|last|week|month|earlier|later";

fn expand(src: &str) -> String {
    let buy = r"(?:buy|buys|bought|buying|acquire|acquires|acquired|acquiring|purchase|purchases|purchased|purchasing|take over|takes over|took over|taken over|taking over|snap up|snaps up|snapped up|snapping up|swallow|swallows|swallowed|absorb|absorbs|absorbed)";
    let sell = r"(?:sell|sells|sold|selling|offload|offloads|offloaded|offloading|divest|divests|divested|dispose of|disposes of|disposed of|transfer|transfers|transferred|hand over|handed over)";
    let license = r"(?:license|licenses|licensed|licensing|licence|licences|licenced|licencing|sublicense|sublicensed)";
    let supply = r"(?:supply|supplies|supplied|supplying|provide|provides|provided|providing|deliver|delivers|delivered|delivering|equip|equips|equipped|ship|ships|shipped|furnish|furnished)";
    let invest = r"(?:invest|invests|invested|investing|inject|injects|injected|pump|pumps|pumped|plough|ploughs|ploughed|put|puts)";
    let partner = r"(?:partner|partners|partnered|partnering|team up|teams up|teamed up|teaming up|team|teamed|ally|allied|join forces|joins forces|joined forces|joining forces|cooperate|cooperates|cooperated|cooperating|co-operate|co-operates|co-operated|collaborate|collaborates|collaborated|collaborating|work together|works together|worked together|working together|link up|linked up|tie up|tied up|join|joined|joins)";
    let agree = r"(?:signed|signs|sign|signing|struck|strikes|strike|agreed|agrees|agree|reached|reaches|reach|inked|inks|sealed|seals|formed|forms|form|announced|announces|unveiled|entered into|enters into|enter into|forged|forges|concluded|concludes|clinched|clinches|finalised|finalized|renewed|extended|extends|extend|expanded|expands|expand|struck up|have|has|had)";
    let agreement = r"(?:partnership|alliance|agreement|deal|pact|accord|memorandum(?: of understanding)?|collaboration|tie-up|contract|cooperation|co-operation)";
    // A subject may be followed by a comma where an appositive was dropped.
    let mut src = src.replace("{A} {AUX}", "{A},? {AUX}");
    let mut n = 0;
    while let Some(i) = src.find("{OBJ}") {
        n += 1;
        src.replace_range(
            i..i + 5,
            &format!(r"(?P<obj{n}>(?:[a-z0-9'$%.,-]+ ){{0,4}}?)"),
        );
    }
    src.replace("{A}", r"<(?P<a>\d+)>")
        .replace("{B}", r"<(?P<b>\d+)>")
        .replace("{C}", r"<(?P<c>\d+)>")
        .replace(
            "{PAIR}",
            r"<(?P<a>\d+)>(?:,? and (?:the )?|, | & | with )(?:[a-z0-9]+-[a-z0-9-]+ )?<(?P<b>\d+)>",
        )
        .replace("{AUX}", &format!(r"(?P<aux>(?:(?:{AUX_WORDS})[ ,]+)*)"))
        .replace("{W}", r"(?:[^<>;]{0,80}?)")
        .replace("{BUY}", buy)
        .replace("{SELL}", sell)
        .replace("{LICENSE}", license)
        .replace("{SUPPLY}", supply)
        .replace("{INVEST}", invest)
        .replace("{PARTNER}", partner)
        .replace("{AGREEMENT}", agreement)
        .replace("{AGREE}", agree)
}

pub fn patterns() -> &'static [Pattern] {
    static P: OnceLock<Vec<Pattern>> = OnceLock::new();
    P.get_or_init(|| {
        rows(PATTERNS)
            .filter_map(|row| {
                let cols: Vec<&str> = row.split('\t').collect();
                let [kind, types, roles, re] = cols[..] else {
                    return None;
                };
                let re_src = re;
                let kind = match kind {
                    "deal" => Kind::Deal,
                    "hint" => Kind::Hint,
                    "party" => Kind::Party,
                    _ => Kind::Pledge,
                };
                // A roomy lazy-DFA cache: the patterns are large alternations, and a cache
                // that keeps being cleared costs more than the memory.
                let re = regex::RegexBuilder::new(&format!(r"(?:^|[^a-z0-9]){}", expand(re)))
                    .size_limit(32 << 20)
                    .dfa_size_limit(32 << 20)
                    .build()
                    .expect("patterns in tables/patterns.tsv compile (checked by a test)");
                Some(Pattern {
                    keys: keys_of(re_src),
                    kind,
                    types: types.split(',').map(str::to_string).collect(),
                    roles: roles.split(',').map(str::to_string).collect(),
                    re,
                    source: row.to_string(),
                })
            })
            .collect()
    })
}

/// Words that must not stand between a verb and its object slot: they mean the slot belongs to
/// another clause ("bought patents *from* X", "took a stake *in* X").
const OBJECT_BREAKERS: &[&str] = &[
    "from",
    "to",
    "with",
    "for",
    "in",
    "by",
    "and",
    "or",
    "but",
    "stake",
    "stakes",
    "shares",
    "share",
    "patent",
    "patents",
    "assets",
    "rights",
    "unit",
    "division",
    "business",
    "that",
    "which",
    "who",
    "after",
    "before",
    "as",
    "said",
    "says",
    "than",
    "products",
    "rival's",
    "plant",
    "equipment",
    "on",
    "at",
    "into",
    "about",
    "over",
    "would",
    "will",
    "could",
    "should",
    "might",
    "help",
    "helps",
    "helped",
    "is",
    "was",
    "are",
    "were",
    "has",
    "have",
    "had",
    "not",
    "also",
];

/// True when the (lower-case) text contains a key of any pattern: the cheap test that decides
/// whether a sentence is worth templating and matching at all.
pub fn any_key(lower: &str) -> bool {
    static A: OnceLock<aho_corasick::AhoCorasick> = OnceLock::new();
    A.get_or_init(|| {
        let mut keys: Vec<&str> = patterns()
            .iter()
            .flat_map(|p| p.keys.iter().copied())
            .collect();
        keys.sort_unstable();
        keys.dedup();
        aho_corasick::AhoCorasick::new(keys).expect("pattern keys compile")
    })
    .is_match(lower)
}

/// One pattern match in one sentence.
#[derive(Debug, Clone)]
pub struct Hit {
    pub pattern: usize,
    /// Slot numbers bound, in the pattern's role order.
    pub slots: Vec<usize>,
    /// The auxiliary words before the verb, for the status.
    pub aux: String,
    /// The matched template text, for the status and the type refinement.
    pub matched: String,
}

/// Every pattern match in a template.
pub fn matches(template: &str) -> Vec<Hit> {
    let mut out = Vec::new();
    for (pi, p) in patterns().iter().enumerate() {
        // Only patterns whose verbs or nouns the sentence contains are run at all.
        if !p.keys.iter().any(|k| template.contains(k)) {
            continue;
        }
        for c in p.re.captures_iter(template) {
            let broken = ["obj1", "obj2", "obj3"]
                .iter()
                .filter_map(|n| c.name(n))
                .any(|o| {
                    o.as_str()
                        .split_whitespace()
                        .any(|w| OBJECT_BREAKERS.contains(&w.trim_matches(',')))
                });
            if broken {
                continue;
            }
            let slots: Vec<usize> = ["a", "b", "c"]
                .iter()
                .filter_map(|n| c.name(n))
                .filter_map(|m| m.as_str().parse().ok())
                .collect();
            if slots.len() != p.roles.len() {
                continue;
            }
            out.push(Hit {
                pattern: pi,
                slots,
                aux: c
                    .name("aux")
                    .map(|a| a.as_str().to_string())
                    .unwrap_or_default(),
                matched: c.get(0).map(|m| m.as_str().to_string()).unwrap_or_default(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(template: &str) -> Vec<(String, Vec<usize>)> {
        matches(template)
            .into_iter()
            .map(|h| (patterns()[h.pattern].types.join("+"), h.slots))
            .collect()
    }

    #[test]
    fn all_patterns_compile_and_have_keys() {
        assert!(patterns().len() > 40);
        for p in patterns() {
            assert!(!p.keys.is_empty(), "no trigger keys for {}", p.source);
        }
    }

    #[test]
    fn patent_purchase_is_not_a_company_purchase() {
        let k = kinds("to recall, <0> also bought 1,500 patents from <1> last year.");
        assert!(
            k.contains(&("patent_acquisition".into(), vec![0, 1])),
            "{k:?}"
        );
        assert!(!k.iter().any(|(t, _)| t == "acquisition"), "{k:?}");
    }

    #[test]
    fn acquisition_active_and_passive() {
        let k = kinds("<0> has agreed to buy rival chipmaker <1> for $2bn.");
        assert!(k.contains(&("acquisition".into(), vec![0, 1])), "{k:?}");
        let k = kinds("<0> was acquired by <1> in 2015.");
        assert!(k.contains(&("acquisition".into(), vec![0, 1])), "{k:?}");
    }

    #[test]
    fn stake_is_an_investment() {
        let k = kinds("<0> took a 15% stake in <1>.");
        assert!(k.contains(&("investment".into(), vec![0, 1])), "{k:?}");
        assert!(!k.iter().any(|(t, _)| t == "acquisition"), "{k:?}");
    }

    #[test]
    fn cross_licence_and_supply() {
        let k = kinds("<0> and <1> signed a multi-year patent cross-licensing agreement.");
        assert!(
            k.contains(&("patent_cross_license".into(), vec![0, 1])),
            "{k:?}"
        );
        let k = kinds("<0> will supply <1> with 30,000 vehicles.");
        assert!(
            k.contains(&("supply_agreement".into(), vec![0, 1])),
            "{k:?}"
        );
    }
}
