//! Deals as they are assembled from pattern hits: the `Deal` being built, how a candidate
//! merges with a deal already found (same parties, same kind, not another year), which deal
//! a later hint or party clause completes, and the roles a type implies on its own.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use regex::Regex;

use super::{fields, static_re, static_re_of};

/// One deal as it is being assembled.
#[derive(Debug, Clone)]
pub(super) struct Deal {
    /// (entity, role, mention byte span)
    pub(super) parties: Vec<(usize, String, (usize, usize))>,
    /// (type, roles of the parties for this type, sentence)
    pub(super) types: Vec<(String, Vec<(usize, String)>)>,
    pub(super) status: &'static str,
    /// Whether a cue word set the status; a default (a headline's present tense, "Shanda buys
    /// stake") gives way to the status a later sentence states ("has bought").
    pub(super) status_cued: bool,
    /// Sentences where a deal pattern matched.
    pub(super) hit_sentences: BTreeSet<usize>,
    /// All sentences that speak of the deal (hits and hints).
    pub(super) sentences: BTreeSet<usize>,
    pub(super) first_sentence: usize,
    pub(super) weak: bool,
    pub(super) pledge: bool,
    pub(super) undisclosed: Option<(usize, fields::FoundMoney)>,
    /// The year written in the sentence that found the deal, to keep apart two purchases
    /// between the same organisations years apart; for an earlier deal dated "N years ago",
    /// the year and month it comes to (`2017-12`).
    pub(super) year: Option<String>,
    /// Found only as a standing relation ("US partner Biogen Idec"): background, never the
    /// article's news.
    pub(super) standing: bool,
    /// Told as one transfer among several ("another $500m", "prior investments"): not the
    /// same as a transfer of another status between the same parties.
    pub(super) another: bool,
}

impl Deal {
    pub(super) fn entity_set(&self) -> BTreeSet<usize> {
        self.parties.iter().map(|p| p.0).collect()
    }

    /// A deal that a rule (not a pattern) reads in sentence `si` alone, its status stated
    /// there; the caller marks it background or dated where it is.
    fn read_in(
        si: usize,
        parties: Vec<(usize, String, (usize, usize))>,
        types: Vec<(String, Vec<(usize, String)>)>,
        status: &'static str,
        weak: bool,
    ) -> Deal {
        Deal {
            parties,
            types,
            status,
            status_cued: true,
            hit_sentences: [si].into(),
            sentences: [si].into(),
            first_sentence: si,
            weak,
            pledge: false,
            undisclosed: None,
            year: None,
            standing: false,
            another: false,
        }
    }

    /// Whether a pattern found the deal in sentence `si` or the one before: the deal a
    /// sentence's follow-up talk ("a possible takeover", "a previous investment") is about.
    pub(super) fn found_at_or_just_before(&self, si: usize) -> bool {
        self.hit_sentences.contains(&si)
            || si
                .checked_sub(1)
                .is_some_and(|p| self.hit_sentences.contains(&p))
    }
}

/// "Has bought a 20% stake in Sina … The move may be a precursor to a full takeover": talk of
/// a takeover right after a stake purchase is a rumoured takeover of the same company by the
/// same buyer, a deal of its own (the stake is bought; the takeover is only spoken of).
pub(super) fn takeover_talk(deals: &[Deal], sent: &str, si: usize) -> Option<Deal> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = static_re(
        &RE,
        r"(?i)\b(?:(?:possible|potential|full|eventual|outright|full-scale|future) (?:takeover|bid|buyout|acquisition)|takeover (?:speculation|rumou?rs|talk)|precursor to a (?:[a-z-]+ )?(?:takeover|bid)|(?:buy|buying|acquire|acquiring) (?:it|the company|the firm) outright)\b",
    );
    let recent = |d: &Deal| d.found_at_or_just_before(si);
    // A takeover found in this very sentence speaks for itself.
    if deals
        .iter()
        .any(|d| d.hit_sentences.contains(&si) && d.types.iter().any(|t| t.0 == "acquisition"))
    {
        return None;
    }
    let stake = deals
        .iter()
        .rev()
        .find(|d| recent(d) && d.types.iter().all(|t| t.0 == "investment"))?;
    if !re.is_match(sent) {
        return None;
    }
    let role_of = |role: &str| {
        stake
            .types
            .iter()
            .flat_map(|t| t.1.iter())
            .find(|(_, r)| r == role)
            .map(|(e, _)| *e)
    };
    let (buyer, target) = (role_of("investor")?, role_of("investee")?);
    let span = |e: usize| stake.parties.iter().find(|p| p.0 == e).map(|p| p.2);
    let already = deals.iter().any(|d| {
        d.types.iter().any(|t| t.0 == "acquisition")
            && d.entity_set() == [buyer, target].into_iter().collect()
    });
    if already {
        return None;
    }
    let roles = vec![
        (buyer, "acquirer".to_string()),
        (target, "target".to_string()),
    ];
    let parties = vec![
        (buyer, "acquirer".to_string(), span(buyer)?),
        (target, "target".to_string(), span(target)?),
    ];
    let types = vec![("acquisition".to_string(), roles)];
    Some(Deal::read_in(si, parties, types, "rumoured", stake.weak))
}

/// "Brings its total to $894m, following a previous $394m capital injection in 2020", "the new
/// agreement replaces the previous one, signed in 2019", "builds on the duo's collaboration
/// dating back to 2019", "five years ago, the parties announced the previous agreement": an
/// earlier deal of the same parties, named by a noun and dated, after the deal spoken of. It
/// is a deal of its own (the guide's "separate transactions between the same parties"), in
/// the background (never the news), with the kind and roles of the one it precedes.
///
/// The deal it precedes is the one found in this sentence or the one before, or, when the
/// sentence speaks of "the parties" or "the duo", the last one found. A year (written, or
/// "N years ago" from the article's) is required: it is what tells a past transaction from
/// the present one's history ("the last deal between them").
pub(super) fn earlier_deal(
    deals: &[Deal],
    sent: &str,
    si: usize,
    article_month: Option<(i32, u32)>,
) -> Option<(Deal, usize)> {
    static NOUN_YEAR: OnceLock<Regex> = OnceLock::new();
    static SINCE: OnceLock<Regex> = OnceLock::new();
    static NOUN: OnceLock<Regex> = OnceLock::new();
    static PAIR: OnceLock<Regex> = OnceLock::new();
    const EARLY: &str = "(?:previous|prior|earlier|initial|original|first|last)";
    const NOUNS: &str = "(?:investment|injection|funding|stake|agreement|deal|licen[cs]e|partnership|collaboration|contract|alliance|accord|one)";
    // Most sentences hold neither a year nor "years ago": they are ruled out before any
    // regex runs, and so are articles with no deal yet.
    let b = sent.as_bytes();
    let has_year = memchr::memchr2_iter(b'1', b'2', b).any(|i| {
        b.get(i..i + 4).is_some_and(|w| {
            matches!(&w[..2], b"19" | b"20") && w[2..].iter().all(u8::is_ascii_digit)
        }) && (i == 0 || !b[i - 1].is_ascii_digit())
            && !b.get(i + 4).is_some_and(u8::is_ascii_digit)
    });
    if deals.iter().all(|d| d.standing) || !(has_year || sent.contains("years ago")) {
        return None;
    }
    let pair = static_re(
        &PAIR,
        r"(?i)\b(?:the parties|the two (?:companies|firms|sides)|the duo|the pair|both (?:companies|firms|sides))\b",
    );
    // A deal first found in this very sentence is the earlier deal itself, told by a verb
    // ("the two announced the previous agreement in 2019"): it needs no copy.
    let recent = |d: &Deal| d.found_at_or_just_before(si) && d.first_sentence < si;
    let ri = deals
        .iter()
        .rposition(|d| recent(d) && !d.standing)
        .or_else(|| {
            pair.is_match(sent)
                .then(|| active_deal(deals, |d| !d.standing && d.parties.len() == 2))
                .flatten()
        })?;
    let reference = &deals[ri];
    let noun_year = static_re_of(&NOUN_YEAR, || {
        format!(
            r"(?i)\b(?:a|an|the|its|their) {EARLY} (?:[$€£¥]?[0-9][0-9.,]* ?(?:million|billion|bn|m)? )?(?:[a-z-]+ )?{NOUNS}\b[^.;<>]{{0,60}}?\b(?:in|from|since) (?P<y>(?:19|20)[0-9][0-9])\b"
        )
    });
    // "Their partnership, which began in 2019": the noun needs no "previous" when the
    // sentence says when the relation began.
    let since = static_re(
        &SINCE,
        r"(?i)\b(?:its|their|the (?:duo|pair|two companies|companies|parties|firms)(?:'s|’s|’|')) (?:[a-z-]+ )?(?:collaboration|partnership|alliance|agreement|deal|cooperation)\b[^.;<>]{0,30}?\b(?:dating back to|dates back to|(?:that|which) (?:began|started|was signed) in|first signed in) (?P<y>(?:19|20)[0-9][0-9])\b",
    );
    let noun = static_re_of(&NOUN, || {
        format!(r"(?i)\b(?:the|its|their) {EARLY} (?:[a-z-]+ ){{0,2}}?{NOUNS}\b")
    });
    let year = if let Some(c) = has_year
        .then(|| noun_year.captures(sent).or_else(|| since.captures(sent)))
        .flatten()
    {
        c.name("y")?.as_str().to_string()
    } else {
        if !noun.is_match(sent) {
            return None;
        }
        // "N years ago", to the month as the guide dates it, as the date reader counts it
        // back from the article's month.
        let (y, m) = article_month?;
        let from = chrono::NaiveDate::from_ymd_opt(y, m, 1)?;
        fields::dates(sent, Some(from))
            .into_iter()
            .find(|f| sent[f.start..f.end].ends_with("years ago"))?
            .value
    };
    let same_parties = reference.entity_set();
    if deals.iter().any(|d| {
        d.entity_set() == same_parties
            && (d.year.as_deref() == Some(year.as_str()) || d.first_sentence == si)
    }) {
        return None;
    }
    let transfer = reference.types.iter().any(|t| is_transfer(&t.0));
    let status = if transfer { "completed" } else { "signed" };
    let deal = Deal {
        year: Some(year),
        standing: true,
        another: true,
        ..Deal::read_in(
            si,
            reference.parties.clone(),
            reference.types.clone(),
            status,
            reference.weak,
        )
    };
    Some((deal, ri))
}

/// Gives each earlier deal (new index, index of the deal it precedes) the kind and roles its
/// successor ends with: later sentences still refine those ("the agreement is a cross-licence"),
/// and the two are deals of one kind.
pub(super) fn align_earlier_deals(deals: &mut [Deal], earlier: &[(usize, usize)]) {
    for &(new, of) in earlier {
        let Some((types, parties)) = deals.get(of).map(|d| (d.types.clone(), d.parties.clone()))
        else {
            continue;
        };
        if let Some(d) = deals.get_mut(new) {
            d.types = types;
            d.parties = parties;
        }
    }
}

/// The deal, among those that satisfy `keep`, whose latest pattern match is the most recent
/// (the earlier deal wins a tie).
pub(super) fn active_deal(deals: &[Deal], keep: impl Fn(&Deal) -> bool) -> Option<usize> {
    deals
        .iter()
        .enumerate()
        .filter(|(_, d)| keep(d))
        .max_by_key(|(i, d)| {
            (
                d.hit_sentences.last().copied().unwrap_or(0),
                std::cmp::Reverse(*i),
            )
        })
        .map(|(i, _)| i)
}

/// The deal a `party` pattern completes: the latest deal of one of its types that already
/// has one of the bound organisations in the same role, or failing that the latest such deal
/// that lacks a party of the role the pattern supplies ("the sale of the stake to X" gives
/// the stake sold earlier its buyer). A party already present elsewhere in the deal makes
/// the match say nothing new.
pub(super) fn party_target(
    deals: &[Deal],
    bound: &[(usize, String, (usize, usize))],
    types: &[String],
) -> Option<usize> {
    let of_type = |d: &Deal| d.types.iter().any(|(t, _)| types.contains(t));
    let anchored = |d: &Deal| {
        bound
            .iter()
            .any(|(e, r, _)| d.parties.iter().any(|q| q.0 == *e && same_side(&q.1, r)))
    };
    let lacking = |d: &Deal| {
        bound
            .iter()
            .all(|(e, _, _)| !d.parties.iter().any(|q| q.0 == *e))
            && bound
                .iter()
                .all(|(_, r, _)| !d.parties.iter().any(|q| same_side(&q.1, r)))
    };
    active_deal(deals, |d| of_type(d) && anchored(d))
        .or_else(|| active_deal(deals, |d| of_type(d) && lacking(d)))
}

/// The kind of a deal the text calls similar to others ("has signed similar deals with", "a
/// series of licensing partnerships with"): what its own noun says (a licence, a settlement,
/// a partnership), else the kind of the latest deal of its subject, in which the subject keeps
/// its role. A cross-licence is only what the text calls so: a deal "like" one is a licence.
/// Returns the types and the roles of (subject, counterpart).
pub(super) fn similar_kind(
    deals: &[Deal],
    subject: Option<usize>,
    matched: &str,
    patent_context: bool,
) -> (Vec<String>, Vec<String>) {
    let own = |t: &str, a: &str, b: &str| (vec![t.to_string()], vec![a.to_string(), b.to_string()]);
    if matched.contains("cross-licen") || matched.contains("cross licen") {
        return own("patent_cross_license", "cross_licensee", "cross_licensee");
    }
    if matched.contains("licen") {
        let t = if patent_context {
            "patent_license"
        } else {
            "technology_license"
        };
        return own(t, "licensor", "licensee");
    }
    if matched.contains("settlement") {
        return own("patent_settlement", "partner", "partner");
    }
    if ["partnership", "alliance", "collaboration", "tie-up"]
        .iter()
        .any(|w| matched.contains(w))
    {
        return own("partnership", "partner", "partner");
    }
    // The subject's latest deal, one that is more than a settlement if it has one.
    let of_subject = |d: &&Deal| subject.is_some_and(|s| d.entity_set().contains(&s));
    let settles_only = |d: &&Deal| d.types.iter().all(|t| t.0 == "patent_settlement");
    let reference = deals
        .iter()
        .rev()
        .filter(of_subject)
        .find(|d| !settles_only(d))
        .or_else(|| deals.iter().rev().find(of_subject));
    if reference.is_some_and(|d| settles_only(&d)) {
        return own("patent_settlement", "partner", "partner");
    }
    let Some((d, s)) = reference.zip(subject) else {
        return own("partnership", "partner", "partner");
    };
    let mut types: Vec<String> = d
        .types
        .iter()
        .map(|t| t.0.clone())
        .filter(|t| t != "patent_settlement")
        .map(|t| {
            if t == "patent_cross_license" {
                "patent_license".to_string()
            } else {
                t
            }
        })
        .collect();
    types.dedup();
    let Some(first) = types.first().cloned() else {
        return own("partnership", "partner", "partner");
    };
    let (a, b) = match first.as_str() {
        "patent_license" | "technology_license" => ("licensor", "licensee"),
        _ => {
            let role_of = |e: usize| {
                d.types
                    .iter()
                    .find(|t| t.0 == first)
                    .and_then(|t| t.1.iter().find(|r| r.0 == e).map(|r| r.1.clone()))
            };
            let mine = role_of(s).unwrap_or_else(|| "partner".to_string());
            let other = d
                .types
                .iter()
                .find(|t| t.0 == first)
                .and_then(|t| t.1.iter().find(|r| r.0 != s).map(|r| r.1.clone()))
                .unwrap_or_else(|| mine.clone());
            return (types, vec![mine, other]);
        }
    };
    (types, vec![a.to_string(), b.to_string()])
}

/// The members of a list bound to one counterpart slot, when each is a deal of its own:
/// "Amazon bought Blink, Ring and Eero" (three purchases), "settled with Xiaomi and OPPO",
/// "licences with Apple, Samsung and Huawei". A list on the subject's side acts together
/// ("Halden, Tessaro and Corvel paid…"), and a list of things bought from one seller is one
/// purchase ("bought Hard Candy and Urban Decay from LVMH"). `bound_by` gives each party's
/// pattern slot (0 the subject).
///
/// Partners listed after "with" share one partnership ("rolled out in partnership with X and
/// Y") unless the text speaks of several ("has partnerships with X and Y"). `matched` is the
/// pattern's match, `after` the template after it.
pub(super) fn counterpart_list(
    bound_by: &[usize],
    roles: &[String],
    matched: &str,
    after: &str,
    types: &[String],
) -> Option<Vec<usize>> {
    let listed = |slot: usize| bound_by.iter().filter(|&&b| b == slot).count();
    let slot = (1..=bound_by.iter().copied().max().unwrap_or(0)).find(|&s| listed(s) > 1)?;
    // "Bought two brands, <1> and <2>, from <3>": things bought from one seller.
    let from_seller = after
        .split(['.', ';'])
        .next()
        .is_some_and(|clause| clause.contains("from <"));
    // A seller named beside the listed things ("from LVMH") makes one purchase of them; a
    // seller that is the subject sells to each listed buyer.
    let other_seller = roles
        .iter()
        .zip(bound_by)
        .any(|(r, &b)| r == "seller" && b != 0);
    if listed(0) > 1 || other_seller || from_seller {
        return None;
    }
    let role = roles.get(bound_by.iter().position(|&b| b == slot)?)?;
    let plural = [
        "deals",
        "agreements",
        "partnerships",
        "alliances",
        "contracts",
        "licenses",
        "licences",
        "settlements",
        "arrangements",
        "collaborations",
    ]
    .iter()
    .any(|w| matched.contains(w));
    // "Sold patents to Varda and now to Ostrel": sales told one after the other.
    let in_turn = ["and now ", "and then ", "and later ", "and more recently "]
        .iter()
        .any(|w| after.contains(w) || matched.contains(w));
    let own_deal = match role.as_str() {
        "target" | "licensee" | "licensor" | "investee" | "customer" | "cross_licensee" => true,
        "buyer" | "acquirer" => in_turn,
        // A settlement ends one dispute between two sides.
        "partner" => plural || types.iter().any(|t| t == "patent_settlement"),
        _ => false,
    };
    own_deal.then(|| {
        (0..bound_by.len())
            .filter(|&i| bound_by[i] == slot)
            .collect()
    })
}

/// Roles that stand for the same side of a transfer, whatever the type calls them.
pub(super) fn same_side(a: &str, b: &str) -> bool {
    fn side(r: &str) -> &str {
        match r {
            "acquirer" | "investor" | "buyer" | "licensee" => "gets",
            "target" | "investee" => "object",
            "seller" | "licensor" => "gives",
            other => other,
        }
    }
    side(a) == side(b)
}

/// Roles implied by a type on its own: both sides of a cross-licence are cross-licensees, both
/// sides of a partnership or joint venture are partners. Other types need a pattern to say who
/// does what, so they imply nothing.
pub(super) fn symmetric_roles(d: &Deal, t: &str) -> Vec<(usize, String)> {
    let role = match t {
        "patent_cross_license" => "cross_licensee",
        "partnership" | "joint_venture" | "patent_settlement" => "partner",
        _ => return Vec::new(),
    };
    d.parties.iter().map(|p| (p.0, role.to_string())).collect()
}

pub(super) fn add_type(d: &mut Deal, t: &str, roles: &[(usize, String)]) {
    if !d.types.iter().any(|(x, _)| x == t) {
        d.types.push((t.to_string(), roles.to_vec()));
    }
}

pub(super) fn is_transfer(t: &str) -> bool {
    matches!(t, "acquisition" | "investment" | "patent_acquisition")
}

/// Adds a candidate to the deals, merging it with a deal of the same parties (or of a subset
/// sharing at least two), unless one of them is over and the other is not.
/// The sentences of an article's lead: a headline and the first two body sentences.
const LEAD: usize = 3;

/// `published_year`: the article's year, when known, to tell a past agreement from the news.
pub(super) fn merge_into(deals: &mut Vec<Deal>, cand: Deal, published_year: Option<i32>) {
    let cs = cand.entity_set();
    let target = deals.iter().position(|d| {
        let ds = d.entity_set();
        let same = ds == cs;
        let nested = (ds.is_subset(&cs) || cs.is_subset(&ds)) && ds.intersection(&cs).count() >= 2;
        // One-off transfers (a purchase, a stake) are separate deals unless they agree on
        // what happened; cooperation of several kinds between the same parties is one deal.
        let transfer = |x: &Deal| x.types.iter().any(|t| is_transfer(&t.0));
        let same_kind = {
            let a: BTreeSet<&String> = d.types.iter().map(|t| &t.0).collect();
            let b: BTreeSet<&String> = cand.types.iter().map(|t| &t.0).collect();
            a == b
        };
        // What one sentence says of the same organisations is one agreement ("will invest
        // $500m in Uber and work with it"); transfers dated in different years are not.
        let same_sentence = same && d.hit_sentences.is_superset(&cand.hit_sentences);
        // "Has worked with Uber before": a cooperation the deal already has says nothing new.
        let cand_in = |x: &Deal| {
            cand.types
                .iter()
                .all(|(t, _)| x.types.iter().any(|(u, _)| u == t))
        };
        // "Adobe and Figma abandon merger … Adobe had agreed to buy Figma in September": a
        // deal the lead reports ended, told of again as agreed, is one deal at its end (news
        // of a failed deal tells its history); an ended deal told only in the body is an
        // earlier transaction of its own ("merger talks that failed before").
        let ended_in_lead = d.status == "terminated" && d.first_sentence < LEAD;
        let other_year = matches!((&d.year, &cand.year), (Some(a), Some(b)) if a != b)
            // "Falic bought two labels from LVMH in 2003" is not a part of the undated sale
            // of Lacroix by LVMH to Falic that the article reports.
            || (d.year.is_none()
                && cand.year.is_some()
                && transfer(d)
                && transfer(&cand)
                // "Will invest $500m in QuantumScape … In 2019 it made a smaller
                // investment in the company": a dated transfer that has happened is not
                // the one still to come.
                && (!same || d.status != cand.status)
                && !ended_in_lead)
            // "Qualcomm and Samsung expand their agreement … In 2009 the two signed a
            // licensing agreement": an agreement dated in a past year is not the undated one
            // the article reports.
            || (d.year.is_none()
                && !transfer(d)
                && !transfer(&cand)
                && cand.year.as_deref().is_some_and(|y| {
                    y.parse::<i32>()
                        .is_ok_and(|y| published_year.is_none_or(|p| y < p))
                }));
        // "Will invest another $500m in Joby, on top of prior investments it made": a
        // transfer told as one of several is apart from one of another status.
        // "The previous agreement", "its existing deal": an agreement told as an earlier one
        // is not the one the article reports.
        let one_of_several = if transfer(d) && transfer(&cand) {
            (d.another || cand.another) && d.status != cand.status
        } else {
            d.another != cand.another
        };
        (same || nested)
            && !other_year
            && !one_of_several
            && d.pledge == cand.pledge
            && ((d.status == "terminated") == (cand.status == "terminated") || ended_in_lead)
            && (!(transfer(d) || transfer(&cand))
                || same_kind
                || same_sentence
                || (!transfer(&cand) && cand_in(d)))
    });
    match target {
        None => deals.push(cand),
        Some(i) => {
            let d = &mut deals[i];
            for (t, roles) in cand.types {
                // Partners of a type ("Adobe and Figma abandon merger") give way to the roles
                // a directed telling of it names ("Adobe agreed to buy Figma").
                let directed = roles.iter().any(|r| r.1 != "partner");
                if let Some(own) = d.types.iter_mut().find(|x| x.0 == t) {
                    if directed && own.1.iter().all(|r| r.1 == "partner") {
                        own.1 = roles;
                    }
                    continue;
                }
                add_type(d, &t, &roles);
            }
            let ended = d.status == "terminated";
            for p in cand.parties {
                if !d.parties.iter().any(|q| q.0 == p.0) {
                    d.parties.push(p);
                }
            }
            if !d.status_cued && cand.status_cued && !ended {
                d.status = cand.status;
                d.status_cued = true;
            }
            d.hit_sentences.extend(cand.hit_sentences);
            d.sentences.extend(cand.sentences);
            d.weak &= cand.weak;
            d.standing &= cand.standing;
        }
    }
}

#[cfg(test)]
mod tests {

    use crate::extract::testkit::{records, summaries, summary, Summary};

    #[test]
    fn an_earlier_deal_named_by_a_noun_is_a_deal_of_its_own() {
        let r = records(
            "Keplar Capital has invested $200m in Vantor Aero. The new money brings its total \
             to $300m, following a previous $100m investment in 2021.",
        );
        let dates: Vec<Option<String>> = r
            .iter()
            .filter(|r| r.types == ["investment"])
            .map(|r| r.date.as_ref().map(|d| d.value.clone()))
            .collect();
        assert_eq!(dates.len(), 2, "{r:?}");
        assert!(dates.contains(&Some("2021".to_string())), "{r:?}");
        assert!(
            r.iter()
                .filter(|r| r.date.as_ref().is_some_and(|d| d.value == "2021"))
                .all(|r| !r.primary),
            "{r:?}"
        );
    }

    #[test]
    fn an_earlier_deal_of_the_pair_is_dated_by_its_own_year() {
        // "The parties" stand for the pair spoken of sentences before; "five years ago"
        // counts from the article's year.
        // (`records` dates its articles 2020-03-04.)
        let r = records(
            "Kestrel Systems and Varda Mobile have extended their patent licence agreement. \
             The terms of the agreement remain confidential. Five years ago, the parties \
             announced the previous agreement with a joint statement.",
        );
        let years: Vec<Option<&str>> = r
            .iter()
            .map(|r| r.date.as_ref().map(|d| &d.value[..4]))
            .collect();
        assert_eq!(r.len(), 2, "{r:?}");
        assert!(years.contains(&Some("2015")), "{years:?}");
        assert_eq!(r.iter().filter(|r| r.primary).count(), 1, "{r:?}");
        // A relation told with the year it began is a deal of that year.
        let r = records(
            "Corvel Optics has extended its partnership with Lantern Labs into the next decade. \
             Lantern Labs said the agreement builds on the duo's collaboration dating back to \
             2016, which produced two headsets.",
        );
        assert_eq!(r.len(), 2, "{r:?}");
        assert!(
            r.iter()
                .any(|r| !r.primary && r.date.as_ref().is_some_and(|d| d.value == "2016")),
            "{r:?}"
        );
        // Without a year, "the last deal between them" is the present deal's history.
        let r = records(
            "Kestrel Systems and Varda Mobile have extended their patent licence agreement. \
             At the time of the previous agreement, the parties were in court.",
        );
        assert_eq!(r.len(), 1, "{r:?}");
    }

    #[test]
    fn a_later_clause_completes_the_deal() {
        // The seller in the next sentence, through a national descriptor.
        let r = records(
            "Italy's Illva Saronno has agreed to buy 33% of Changyu Pioneer Wine Co. \
             The Italian liqueur maker will acquire the shares from Yantai Holdings Ltd.",
        );
        assert_eq!(r.len(), 1, "{r:?}");
        let (types, parties, _) = summary(&r[0]);
        assert_eq!(types, ["investment"]);
        assert!(
            parties.contains(&("Yantai Holdings".into(), "seller".into())),
            "{parties:?}"
        );
        // The buyer named after the sale: without it there would be no record at all.
        let r = records(
            "Jarvis Group plc is offloading its 33% stake in Tube Lines Ltd. \
             The sale of the stake to Spain's Ferrovial SA is worth £146m.",
        );
        assert_eq!(r.len(), 1, "{r:?}");
        let (_, parties, _) = summary(&r[0]);
        assert!(
            parties.contains(&("Ferrovial".into(), "investor".into())),
            "{parties:?}"
        );
        assert_eq!(
            r[0].money.as_ref().and_then(|m| m.amount),
            Some(146_000_000.0)
        );
        assert!(
            records("Jarvis Group plc is offloading its 33% stake in Tube Lines Ltd.").is_empty()
        );
    }

    #[test]
    fn takeover_talk_after_a_stake_is_a_rumoured_takeover() {
        let r = records(
            "Australian brewer Fosters Group has bought a large stake in Australian winemaker \
             Southcorp Ltd, sparking rumours of a possible takeover.",
        );
        let kinds: Vec<(Vec<String>, String)> = r
            .iter()
            .map(|r| (r.types.clone(), r.status.clone()))
            .collect();
        assert!(
            kinds.contains(&(vec!["investment".to_string()], "completed".to_string())),
            "{kinds:?}"
        );
        assert!(
            kinds.contains(&(vec!["acquisition".to_string()], "rumoured".to_string())),
            "{kinds:?}"
        );
        // Without the talk, the stake is all there is.
        let r = records("Fosters Group has bought a large stake in Southcorp Ltd.");
        assert_eq!(r.len(), 1, "{r:?}");
    }

    #[test]
    fn rival_buyers_and_the_winner() {
        let r = records(
            "Other names mentioned in connection to buying Exel plc are DHL-owner Deutsche Post \
             and finance firm GE Capital.",
        );
        let got: Vec<Summary> = r.iter().map(summary).collect();
        assert_eq!(r.len(), 2, "one record per rival: {got:?}");
        assert!(
            got.iter().all(|g| g.2 == "rumoured" && g.1.len() == 2),
            "{got:?}"
        );
        assert!(
            !got.iter().any(|g| g.1.iter().any(|p| p.0 == "DHL")),
            "'DHL-owner' only describes: {got:?}"
        );
        let r = records(
            "Last year Pernod Ricard tried to buy Glenmorangie plc, one of Scotland's whisky \
             firms, but lost out to luxury goods firm LVMH.",
        );
        let got: Vec<Summary> = r.iter().map(summary).collect();
        // The winner's purchase happened; the loser's bid, if read at all, ended.
        assert!(
            got.iter()
                .any(|g| g.2 == "completed" && g.1.contains(&("LVMH".into(), "acquirer".into()))),
            "{got:?}"
        );
        assert!(
            got.iter()
                .all(|g| g.2 == "terminated" || g.1.iter().any(|p| p.0 == "LVMH")),
            "{got:?}"
        );
    }

    #[test]
    fn a_sale_to_an_unnamed_buyer_waits_for_its_name() {
        let text = "Luxury goods group LVMH has sold its loss-making Christian Lacroix clothing \
             label to a US investment group. LVMH said the designer's labels had been purchased \
             by the Falic Group for an unspecified sum. The Falic Group bought two cosmetics \
             labels from LVMH in 2003.";
        let got: Vec<Summary> = summaries(text);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(
            got[0]
                .1
                .contains(&("Christian Lacroix".into(), "target".into()))
                && got[0]
                    .1
                    .contains(&("Falic Group".into(), "acquirer".into())),
            "{got:?}"
        );
        // Without the later name there is no buyer and no record of the sale.
        let got: Vec<Summary> = records(
            "Luxury goods group LVMH has sold its loss-making Christian Lacroix clothing label \
             to a US investment group.",
        )
        .iter()
        .map(summary)
        .collect();
        assert!(got.is_empty(), "{got:?}");
        // "A US firm … it is in talks with LVMH to buy": LVMH is not the buyer.
        let got: Vec<Summary> = records(
            "A US firm has said it is in final negotiations with luxury goods group LVMH to buy \
             the loss-making Christian Lacroix haute-couture house.",
        )
        .iter()
        .map(summary)
        .collect();
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn several_deals_and_a_passing_mention() {
        let r = records(
            "Nokia and Xiaomi signed a patent cross-licensing agreement. \
             To recall, Xiaomi also bought 1,500 patents from Microsoft last year.",
        );
        assert_eq!(r.len(), 2, "{r:?}");
        assert!(r[0].primary && !r[1].primary);
        assert_eq!(r[1].date.as_ref().map(|d| d.value.as_str()), Some("2019"));
        assert_eq!(
            summary(&r[1]).1[0],
            ("Microsoft".to_string(), "seller".to_string())
        );
    }

    #[test]
    fn a_relative_clause_tells_of_its_subjects_deal() {
        let got: Vec<Summary> = summaries(
            "Helmbridge Capital, which backed Corvane Robotics in 2019, sold its shares on Monday.",
        );
        assert!(
            got.contains(&(
                vec!["investment".into()],
                vec![
                    ("Helmbridge Capital".into(), "investor".into()),
                    ("Corvane Robotics".into(), "investee".into())
                ],
                "completed".into()
            )),
            "{got:?}"
        );
        let got: Vec<Summary> = summaries(
            "Quillon Semiconductor, which was acquired by Tavira Systems in 2016, makes chips.",
        );
        assert!(
            got.iter().any(|g| g.0 == ["acquisition"]
                && g.1.contains(&("Tavira Systems".into(), "acquirer".into()))
                && g.1
                    .contains(&("Quillon Semiconductor".into(), "target".into()))),
            "{got:?}"
        );
        // A relative clause that tells of no deal adds none.
        assert!(
            records("Quillon Semiconductor, which competes with Tavira Systems, grew.").is_empty()
        );
    }

    #[test]
    fn a_listed_counterpart_has_a_deal_of_its_own() {
        let got = summaries(
            "Corvel Group bought Lumora Labs, Strideline Inc and Pellow Systems between 2019 and \
             2021.",
        );
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(got.iter().all(|s| s.0 == ["acquisition"] && s.1.len() == 2));
        // Things bought together from one seller are one purchase.
        let got = summaries(
            "Halvard Media bought two labels, Kalvo Music and Tessel Records, from Brevik \
             Holdings.",
        );
        assert_eq!(got.len(), 1, "{got:?}");
        // A settlement ends one dispute: one per counterpart.
        let got = summaries(
            "Kestrel Systems has settled its patent disputes with Varda Mobile and Ostrel Corp.",
        );
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got.iter().all(|s| s.0 == ["patent_settlement"]));
        // Partners of one partnership stay together.
        let got = summaries(
            "Kestrel Systems launched the service in partnership with Varda Mobile and Ostrel \
             Corp.",
        );
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].1.len(), 3, "{got:?}");
    }

    #[test]
    fn similar_deals_take_the_kind_spoken_of() {
        let got = summaries(
            "Kestrel Systems has signed a patent licence agreement with Varda Mobile, which will \
             pay Kestrel Systems royalties. Kestrel Systems has also signed similar deals with \
             Ostrel Corp and Minseo Electronics.",
        );
        let licences: Vec<&Summary> = got.iter().filter(|s| s.0 == ["patent_license"]).collect();
        assert_eq!(licences.len(), 3, "{got:?}");
        for s in licences {
            assert!(
                s.1.contains(&("Kestrel Systems".to_string(), "licensor".to_string())),
                "{s:?}"
            );
        }
    }

    #[test]
    fn a_deal_the_lead_reports_ended_is_one_deal_with_its_history() {
        let got = summaries(
            "Corvel Group and Lumora Labs abandon $2bn merger\n\nCorvel Group and Lumora Labs \
             said on Monday that they have ended their planned merger. Corvel Group had agreed \
             to buy Lumora Labs in March last year.",
        );
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].2, "terminated");
        assert!(
            got[0]
                .1
                .contains(&("Corvel Group".into(), "acquirer".into())),
            "{got:?}"
        );
    }

    #[test]
    fn an_agreement_dated_in_a_past_year_is_not_the_news() {
        let got = summaries(
            "Kestrel Systems and Varda Mobile announce expansion of licensing agreement\n\n\
             In 2009, Kestrel Systems and Varda Mobile signed a licensing agreement covering \
             radio patents.",
        );
        assert_eq!(got.len(), 2, "{got:?}");
    }

    #[test]
    fn another_transfer_is_not_the_one_before() {
        let got = summaries(
            "Keplar Capital said it will invest another $500m in Vantor Aero. The money comes \
             on top of $394m in prior investments Keplar Capital made in Vantor Aero.",
        );
        assert_eq!(
            got.iter().filter(|s| s.0 == ["investment"]).count(),
            2,
            "{got:?}"
        );
    }

    #[test]
    fn an_earlier_agreement_is_not_the_one_reported() {
        let got = summaries(
            "Kestrel Systems and Varda Mobile have extended their patent licence agreement. \
             Kestrel Systems and Varda Mobile announced the previous agreement five years ago.",
        );
        assert_eq!(got.len(), 2, "{got:?}");
        // Cooperation told again with "further" is the same deal.
        let got = summaries(
            "Kestrel Systems and Varda Mobile signed an agreement on chips. Kestrel Systems and \
             Varda Mobile have agreed to further cooperate in cloud services.",
        );
        assert_eq!(got.len(), 1, "{got:?}");
    }
}
