//! How a pattern hit is read: the checks that keep a match from saying more than its sentence
//! does (the owner of what is bought is no target, a list in "ventures with someone else" is
//! no pair), the filters between hits that read the same words two ways (a stake is not a
//! takeover, rights sold are a licence), and the type refinements a hit's words call for.

use std::sync::OnceLock;

use regex::Regex;

use super::patterns::{self, patterns, Kind};
use super::static_re;

/// "Agreed to buy Alfa-Eco's stake in Sun Interbrew": an object slot followed by a possessive
/// names the owner of what is bought, not what is bought, so a transfer pattern that ends on
/// that slot has read the sentence wrong (the patterns that spell out "{B}'s stake" read it
/// right). A supply "to Aldi's stores" still has Aldi as its customer.
pub(super) fn ends_in_possessor(template: &str, hit: &patterns::Hit, source: &str) -> bool {
    if !source.ends_with("{B}") && !source.ends_with("{C}") {
        return false;
    }
    let rest = after_hit(template, hit);
    rest.starts_with("'s ") || rest.starts_with("' ") || rest.starts_with("\u{2019}s ")
}

/// "News Corp, Viacom and Sony Pictures are involved in joint ventures with Chinese players":
/// a list's joint ventures are with somebody else, unnamed, not with each other.
pub(super) fn pair_with_someone_else(template: &str, hit: &patterns::Hit, source: &str) -> bool {
    if !source.contains("{PAIR}") {
        return false;
    }
    let rest = after_hit(template, hit).trim_start_matches('s');
    ["with ", "between "].iter().any(|w| {
        rest.trim_start()
            .strip_prefix(w)
            .is_some_and(|after| !after.starts_with('<'))
    })
}

/// "In final negotiations with LVMH to buy Lacroix": the organisation after "with" is the
/// counterpart of the talks, and in "Baikal outbid favourite Gazprom to buy Yugansk" the
/// organisation after "outbid" lost; neither is the buyer that a pattern opening on its
/// subject slot reads.
pub(super) fn subject_is_counterpart(template: &str, hit: &patterns::Hit, source: &str) -> bool {
    if !source
        .rsplit('\t')
        .next()
        .is_some_and(|re| re.starts_with("{A}"))
    {
        return false;
    }
    let Some(before) = template.get(..hit.start).map(str::trim_end) else {
        return false;
    };
    before.ends_with(" with")
        || before.rsplit(' ').take(2).any(|w| {
            matches!(
                w,
                "outbid" | "outbids" | "outbidding" | "beat" | "beats" | "beating"
            )
        })
}

/// The template text after a pattern's match.
pub(super) fn after_hit<'t>(template: &'t str, hit: &patterns::Hit) -> &'t str {
    template.get(hit.start + hit.matched.len()..).unwrap_or("")
}

/// A stake is not a takeover: when a sentence says "agreed to buy 33% of X", the general
/// purchase pattern also matches (its object gap swallows "33% of"), and the stake pattern
/// over the same organisations is the one that is right.
pub(super) fn drop_stake_as_takeover(hits: Vec<patterns::Hit>) -> Vec<patterns::Hit> {
    let ps = patterns();
    let stake_slots: Vec<Vec<usize>> = hits
        .iter()
        .filter(|h| ps[h.pattern].kind == Kind::Deal && ps[h.pattern].types == ["investment"])
        .map(|h| h.slots.clone())
        .collect();
    hits.into_iter()
        .filter(|h| {
            let p = &ps[h.pattern];
            !(p.kind == Kind::Deal
                && p.types == ["acquisition"]
                && !gives_control(&h.matched)
                && stake_slots.iter().any(|s| s[..] == h.slots[..]))
        })
        .collect()
}

/// "UEFA sold <1> the rights to its <2> branding": a company sold the rights (or a licence)
/// receives them, so the sale pattern's "sold B … to C" has read a licence as a takeover of B
/// by C; the licence pattern reads it right.
pub(super) fn drop_rights_as_sale(hits: Vec<patterns::Hit>) -> Vec<patterns::Hit> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = static_re(
        &RE,
        r"<\d+> (?:the |exclusive |global |worldwide |broadcast |naming |licensing )*(?:rights|licen[cs]es?) to\b",
    );
    let ps = patterns();
    hits.into_iter()
        .filter(|h| !(ps[h.pattern].types == ["acquisition"] && re.is_match(&h.matched)))
        .collect()
}

/// "Has also signed deals with smartphone makers including <1> and <2>": the `similar` row
/// reads what kind of deals those are; the generic agreement row over the same subject would
/// add a partnership that the sentence does not speak of.
pub(super) fn drop_generic_beside_similar(hits: Vec<patterns::Hit>) -> Vec<patterns::Hit> {
    let ps = patterns();
    let similar: Vec<usize> = hits
        .iter()
        .filter(|h| ps[h.pattern].types == ["similar"])
        .filter_map(|h| h.slots.first().copied())
        .collect();
    if similar.is_empty() {
        return hits;
    }
    hits.into_iter()
        .filter(|h| {
            let p = &ps[h.pattern];
            let generic = p.types == ["partnership"] && p.source.contains("{AGREEMENT}");
            !(generic && h.slots.first().is_some_and(|a| similar.contains(a)))
        })
        .collect()
}

/// "Would make an offer for <1>": an offer, bid or approach "for" a company is a takeover
/// bid, which the bid pattern reads, not something made for a customer.
pub(super) fn drop_bid_as_supply(hits: Vec<patterns::Hit>) -> Vec<patterns::Hit> {
    let ps = patterns();
    hits.into_iter()
        .filter(|h| {
            let bid = [
                "offer for",
                "bid for",
                "approach for",
                "offers for",
                "bids for",
            ]
            .iter()
            .any(|w| h.matched.contains(w));
            !(bid && ps[h.pattern].types == ["supply_agreement"])
        })
        .collect()
}

/// "Bought 50 <1> jets", "will buy up to 20 new <1>": the purchase ends on a count and at
/// most two plain words before the object slot, so what is bought is goods the named company
/// makes or sells (the annotation guide: an order is a supply deal). A percentage or a
/// price is no count ("bought 20% of <1>", "$3bn for <1>").
pub(super) fn counted_goods(matched: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = static_re(
        &RE,
        r"(?:\bbuy|\bbought|\bbuying|\bbuys|\bpurchas[a-z]*|\bacquir[a-z]*|\border[a-z]*) (?:up to |another |a further |more than |at least |some |about |around |an extra |an additional )?(?:\d[\d,]*|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|a hundred|hundreds of|dozens of|a dozen|thousands of) (?:[a-z-]+ ){0,2}<\d+>$",
    );
    re.is_match(matched)
}

/// Words that make a stake a takeover: the annotation guide's rule, and the analyst's, is
/// that a purchase the text says gives control is an acquisition whatever the percentage.
pub(super) fn gives_control(matched: &str) -> bool {
    let words = [
        "control",
        "majority",
        "outright",
        "100%",
        "remaining",
        "the rest",
        "full ownership",
        "two-thirds",
        "two thirds",
        "three-quarters",
    ];
    words.iter().any(|w| matched.contains(w)) || majority_percentage(matched)
}

/// "Agreed to buy Ericsson's 50% stake in it, giving Sony full ownership": the clause after
/// the stake says it brings control.
pub(super) fn control_follows(template: &str, hit: &patterns::Hit) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = static_re(
        &RE,
        r"^[^.;]*?\b(?:giving|gives|give|gave|handing|hands|bringing|brings|taking|takes|lifting|lifts|raising|raises)\b[^.;]{0,40}?\b(?:full|complete|total|near-total|outright|overall|majority|sole) (?:control|ownership)\b",
    );
    re.is_match(after_hit(template, hit))
}

/// "Acquired 67.7% of Eon Labs": more than half of a company is control of it.
pub(super) fn majority_percentage(matched: &str) -> bool {
    matched.match_indices('%').any(|(i, _)| {
        let head = &matched[..i];
        let start = head
            .rfind(|c: char| !(c.is_ascii_digit() || c == '.'))
            .map_or(0, |j| j + 1);
        head[start..].parse::<f64>().is_ok_and(|v| v > 50.0)
    })
}

pub(super) fn is_definite_reference(matched: &str) -> bool {
    static R: OnceLock<Regex> = OnceLock::new();
    static_re(
        &R,
        r"\b(?:the|this|that) (?:[a-z-]+ )?(?:deal|agreement|pact|accord|contract|takeover|acquisition|merger|transaction)\b",
    )
    .is_match(matched)
}

/// A generic agreement ("signed a deal with") takes the specific types its sentence names.
/// `patent_context`: the article speaks of patents, so a licence of "technologies" or an
/// ended dispute is a patent one (news on patent deals names the patents once, then speaks
/// of "the technologies" and "the dispute").
pub(super) fn refine_types(
    types: &[String],
    source: &str,
    lower: &str,
    patent_context: bool,
) -> Vec<String> {
    let generic = types == ["partnership"] && source.contains("{AGREEMENT}");
    if !generic {
        return types.to_vec();
    }
    static PATENT_DEAL: OnceLock<Regex> = OnceLock::new();
    static USE_OF: OnceLock<Regex> = OnceLock::new();
    // "A patent deal", "a 5G patent agreement", "a patent and technology collaboration
    // agreement": patents named as what the agreement is about are licensed by it.
    let patent_deal = static_re(
        &PATENT_DEAL,
        r"\bpatent (?:[a-z0-9-]+ ){0,3}?(?:agreement|deal|pact|contract|accord|arrangement)s?\b",
    );
    // "An agreement covering the use of <1>'s video technologies": what one side may use of
    // the other's is licensed.
    let use_of = static_re(
        &USE_OF,
        r"\b(?:use|using|access to|rights to) (?:of )?<\d+>'s (?:[a-z0-9-]+ ){0,3}?(?:technolog(?:y|ies)|patents?|inventions?|intellectual property|ip|portfolio)\b",
    );
    let mut out: Vec<String> = Vec::new();
    let has = |w: &str| lower.contains(w);
    if has("cross-licens") || has("cross licens") || has("cross-licenc") {
        out.push("patent_cross_license".into());
    } else if (has("patent") && has("licen")) || patent_deal.is_match(lower) {
        out.push("patent_license".into());
    } else if has("licen") || use_of.is_match(lower) {
        out.push(if patent_context && !names_other_asset(lower) {
            "patent_license".into()
        } else {
            "technology_license".into()
        });
    }
    if patent_context && settles_litigation(lower) {
        out.push("patent_settlement".into());
    }
    if has("joint venture") || has("joint-venture") {
        out.push("joint_venture".into());
    }
    // "A chip manufacturing deal", "a cloud contract", "a £2bn network contract": what the
    // agreement is for names a supply.
    static SUPPLY_DEAL: OnceLock<Regex> = OnceLock::new();
    let supply_deal = static_re(
        &SUPPLY_DEAL,
        r"\b(?:manufacturing|foundry|production|procurement|purchasing|sourcing|chip|chips|component|components|equipment|network|radio|infrastructure|cloud|computing|compute|hosting|supply|supplier|vendor|outsourcing) (?:[a-z0-9-]+ )?(?:deal|agreement|contract|order|pact)s?\b",
    );
    if has("supply") || has("to provide") || has("to deliver") || supply_deal.is_match(lower) {
        out.push("supply_agreement".into());
    }
    if has("partner")
        || has("cooperat")
        || has("co-operat")
        || has("collaborat")
        || has("work together")
        || has("alliance")
        || out.is_empty()
    {
        out.push("partnership".into());
    }
    out
}

/// Whether a match speaks of deals like others ("similar deals", "other agreements"), which
/// take their kind from the deal spoken of before (`assemble::similar_kind`).
pub(super) fn speaks_of_similar(matched: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    static_re(
        &RE,
        r"\b(?:similar|comparable|such|other|previous|earlier) (?:[a-z-]+ ){0,2}?(?:deals|agreements|contracts|licen[cs]es|settlements|partnerships|arrangements)\b",
    )
    .is_match(matched)
}

/// Whether a hit tells of its deal as one of several: a transfer among others ("will invest
/// another $500m", "on top of $394m in prior investments", "a second round"), or an agreement
/// before the one reported ("the previous agreement", "its existing deal with").
pub(super) fn one_of_several(template: &str, hit: &patterns::Hit, transfer: bool) -> bool {
    static TRANSFER: OnceLock<Regex> = OnceLock::new();
    static AGREEMENT: OnceLock<Regex> = OnceLock::new();
    let re = if transfer {
        static_re(
            &TRANSFER,
            r"\b(?:another|additional|further|prior|previous|earlier|second|third|follow-on|top-up)\b",
        )
    } else {
        static_re(
            &AGREEMENT,
            r"\b(?:previous|prior|earlier|existing|original|former|old) (?:[a-z0-9-]+ ){0,2}?(?:deal|agreement|licen[cs]e|contract|partnership|arrangement|collaboration|alliance|pact)s?\b",
        )
    };
    let from = template[..hit.start.min(template.len())]
        .char_indices()
        .rev()
        .nth(30)
        .map_or(0, |(i, _)| i);
    let to = (hit.start + hit.matched.len()).min(template.len());
    template.get(from..to).is_some_and(|w| re.is_match(w))
}

/// Whether the article speaks of patents at all: then an agreement that ends a dispute is a
/// patent settlement, and a licence of "technologies" is a patent licence. ("Patent" in any
/// case, or FRAND, the licensing terms of standard-essential patents.)
pub(super) fn patent_context(text: &str) -> bool {
    static FINDERS: OnceLock<[memchr::memmem::Finder<'static>; 3]> = OnceLock::new();
    let f = FINDERS.get_or_init(|| ["atent", "ATENT", "FRAND"].map(memchr::memmem::Finder::new));
    let b = text.as_bytes();
    f[0].find_iter(b)
        .any(|i| i > 0 && matches!(b[i - 1], b'p' | b'P'))
        || f[1].find_iter(b).any(|i| i > 0 && b[i - 1] == b'P')
        || f[2].find(b).is_some()
}

/// Whether a licence's sentence names something licensed that is no patent: software, a
/// brand, content, a platform (the guide's `technology_license`).
pub(super) fn names_other_asset(lower: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    static_re(
        &RE,
        r"\b(?:software|brand|brands|branding|trademarks?|platform|operating system|content|catalog(?:ue)?|music|films?|games?|characters?|formats?|rights|franchises?|designs?|know-how)\b",
    )
    .is_match(lower)
}

/// Whether a sentence says that litigation ends: settled, resolved, dismissed, dropped, or
/// brought to an end. What ends must be a dispute ("ended their partnership" is no
/// settlement), and "litigation-free" says there never was one.
pub(super) fn settles_litigation(lower: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    const DISPUTE: &str = r"(?:litigations?|lawsuits?|suits|suit|disputes?|claims|cases|proceedings|complaints|legal (?:battles?|fights?|actions?|disputes?|wrangles?)|court (?:battles?|cases|fights?)|fights?|feuds?|rows?|wars?|spats?|stand-?offs?)";
    let re = RE.get_or_init(|| {
        regex::Regex::new(&super::ascii_words(&format!(
            r"\b(?:settle|settles|settled|settling|settlement|settlements|(?:resolv(?:e|es|ed|ing)|end(?:s|ed|ing)?|an end to|dismiss(?:es|ed|ing)?|drop(?:s|ped|ping)?|withdr[ae]w(?:s|n)?|clears?|cleared|do(?:es)? away with|did away with) (?:all |the |their |its |a |any |an |of )*(?:[a-z0-9-]+ ){{0,4}}?{DISPUTE}\b|{DISPUTE} (?:[a-z-]+ ){{0,3}}?(?:have|has|had) been (?:settled|dropped|dismissed|resolved|withdrawn))"
        )))
        .expect("static regex")
    });
    re.find_iter(lower)
        .any(|m| !lower[m.end()..].starts_with("-free"))
}
/// Types named by "the … deal" phrases in a sentence with no deal pattern of its own.
pub(super) fn deal_noun_types(lower: &str) -> Vec<&'static str> {
    static R: OnceLock<Regex> = OnceLock::new();
    let r = static_re(
        &R,
        r"\b(?:the|this|that) (?:[a-z-]+ ){0,2}?(?P<kind>cross-licen[cs]\w*|cross licen[cs]\w*|patent licen[cs]\w*|licen[cs]\w*|supply|joint venture|partnership|alliance) (?:deal|agreement|pact|contract|arrangement)?",
    );
    let mut out = Vec::new();
    for c in r.captures_iter(lower) {
        let Some(k) = c.name("kind") else { continue };
        let k = k.as_str();
        let t = if k.starts_with("cross") {
            "patent_cross_license"
        } else if k.starts_with("patent") {
            "patent_license"
        } else if k.starts_with("licen") {
            "technology_license"
        } else if k == "supply" {
            "supply_agreement"
        } else if k == "joint venture" {
            "joint_venture"
        } else {
            "partnership"
        };
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

#[cfg(test)]
mod tests {

    use crate::extract::testkit::{records, summary, Summary};

    #[test]
    fn rights_sold_to_a_company_are_a_licence_not_a_takeover() {
        let r = records(
            "Vantor Ltd sold Keplar Group the rights to its Ostrel Games brand for five years.",
        );
        let got: Vec<Summary> = r.iter().map(summary).collect();
        assert!(
            got.iter().all(|s| s.0 != ["acquisition"]),
            "no takeover: {got:?}"
        );
        assert!(
            got.iter().any(|s| s.0 == ["technology_license"]
                && s.1
                    .contains(&("Vantor".to_string(), "licensor".to_string()))
                && s.1
                    .contains(&("Keplar Group".to_string(), "licensee".to_string()))),
            "{got:?}"
        );
    }

    #[test]
    fn buying_a_companys_technology_is_a_licence() {
        let r = records("Keplar Motors has bought Vantor's hybrid technology for its vans.");
        assert_eq!(r.len(), 1, "{r:?}");
        let (types, parties, _) = summary(&r[0]);
        assert_eq!(types, ["technology_license"]);
        assert!(
            parties.contains(&("Vantor".into(), "licensor".into()))
                && parties.contains(&("Keplar Motors".into(), "licensee".into())),
            "{parties:?}"
        );
    }

    #[test]
    fn a_counted_purchase_is_an_order_not_a_takeover() {
        let r = records("Frostline Air said it will buy 12 new Marston Aerospace jets.");
        assert_eq!(r.len(), 1, "{r:?}");
        let (types, parties, _) = summary(&r[0]);
        assert_eq!(types, ["supply_agreement"]);
        assert!(
            parties.contains(&("Marston Aerospace".into(), "supplier".into()))
                && parties.contains(&("Frostline Air".into(), "customer".into())),
            "{parties:?}"
        );
        // A stake and a plain purchase stay what they were.
        for (text, want) in [
            (
                "Frostline Air will buy 20% of Marston Aerospace.",
                "investment",
            ),
            (
                "Frostline Air will buy Marston Aerospace for $2bn.",
                "acquisition",
            ),
        ] {
            let r = records(text);
            assert_eq!(r.len(), 1, "{text}: {r:?}");
            assert_eq!(r[0].types, [want], "{text}");
        }
    }

    #[test]
    fn the_owner_of_what_is_bought_is_not_the_target() {
        // "Alfa-Eco's stake": the possessor sells, the company the stake is in is bought into.
        let r = records(
            "Brewing giant Inbev has agreed to buy Alfa-Eco Ltd's stake in Sun Interbrew Ltd.",
        );
        assert_eq!(r.len(), 1, "{r:?}");
        let (types, parties, _) = summary(&r[0]);
        assert_eq!(types, ["investment"]);
        assert!(
            parties.contains(&("Alfa-Eco".into(), "seller".into())),
            "{parties:?}"
        );
        assert!(
            parties.contains(&("Sun Interbrew".into(), "investee".into())),
            "{parties:?}"
        );
        // "Hexal's US affiliate Eon Labs": the affiliate is what is bought, and 67.7% of it is
        // control.
        let r = records("Novartis also acquired 67.7% of Hexal AG's US affiliate Eon Labs Inc.");
        assert_eq!(r.len(), 1, "{r:?}");
        let (types, parties, _) = summary(&r[0]);
        assert_eq!(types, ["acquisition"]);
        assert_eq!(
            parties,
            [
                ("Novartis".to_string(), "acquirer".to_string()),
                ("Eon Labs".to_string(), "target".to_string())
            ]
        );
        // A supply "to Aldi's stores" still has Aldi as its customer.
        let r = records("Network Box Ltd will supply firewalls to all of Aldi's Irish stores.");
        assert_eq!(r.len(), 1, "{r:?}");
    }

    #[test]
    fn a_clause_after_the_stake_can_give_control() {
        let r = records(
            "Sony has agreed to buy Ericsson's 50% stake in Nordic Patents Ltd, giving Sony full ownership.",
        );
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(r[0].types, ["acquisition"]);
        let r = records(
            "Inbev has agreed to buy Alfa-Eco Ltd's stake in Sun Interbrew Ltd, Russia's \
             second-largest brewer. Alfa-Eco Ltd is the arm of Russian conglomerate Alfa Group. \
             The deal gives Inbev near-total control over the Russian brewer.",
        );
        let takeover: Vec<_> = r.iter().filter(|r| r.types == ["acquisition"]).collect();
        assert_eq!(takeover.len(), 1, "{r:?}");
        let (_, parties, _) = summary(takeover[0]);
        assert_eq!(
            parties[1],
            ("Sun Interbrew".to_string(), "target".to_string()),
            "the Russian brewer, not the Russian conglomerate: {parties:?}"
        );
    }

    #[test]
    fn a_stake_is_an_investment_unless_it_gives_control() {
        let r = records("Acme Holdings Ltd has agreed to buy 30% of Brightwave Ltd for $5m.");
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(r[0].types, ["investment"]);
        let r = records("Acme Holdings Ltd took a 70% controlling stake in Brightwave Ltd.");
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(summary(&r[0]).1[0].1, "acquirer");
        assert_eq!(r[0].types, ["acquisition"]);
    }

    #[test]
    fn a_definite_deal_reference_adds_no_partnership() {
        let r = records("Cisco has agreed to buy Splunk for $28bn. The boards of both companies have approved the deal.");
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(summary(&r[0]).0, vec!["acquisition"]);
        assert_eq!(r[0].money.as_ref().and_then(|m| m.amount), Some(28e9));
    }

    #[test]
    fn a_list_in_ventures_with_someone_else_is_no_deal() {
        assert!(records(
            "News Corp, Viacom Inc and Sony Pictures Ltd are among the big names involved in joint \
             ventures with Chinese players."
        )
        .is_empty());
        assert_eq!(
            records("Viacom Inc and Sony Pictures Ltd formed a joint venture in 2003.").len(),
            1
        );
    }

    #[test]
    fn an_offer_needs_a_price_or_nothing_between() {
        assert!(records("The new AirPods Inc headphones offer support for Siri Ltd.").is_empty());
        let r = records("McClatchy Co bid $16.50 per share for Tribune Publishing Co.");
        assert_eq!(r.len(), 1, "{r:?}");
        assert!(records(
            "At no time did Dick Clark Productions Inc agree to a statement in partnership with \
             Big Machine Label Group."
        )
        .is_empty());
    }
}
