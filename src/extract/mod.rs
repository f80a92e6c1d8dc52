//! Deal extraction: a cleaned, split article in, deal records out.
//!
//! The stage is rule-based so that every decision can be traced:
//! 1. [`orgs`] finds organisation mentions and groups them into entities;
//! 2. each sentence becomes a *template* (lower case, organisations as slots, "the company"
//!    and "both companies" resolved to slots) and [`patterns`] match deal patterns on it;
//! 3. matches with the same parties merge into one deal; hints ("the cross-licensing deal",
//!    "patents acquired by X") add types and evidence to the deal they refer to;
//! 4. [`fields`] fill dates, patents, money, duration, areas, technologies and quotes from the
//!    deal's own sentences, and every filled field records its evidence span.
//!
//! Costly patterns run only on sentences with at least one organisation and a trigger word.

mod fields;
mod orgs;
mod patterns;
mod relax;
mod tables;

use std::collections::BTreeSet;
use std::sync::OnceLock;

use regex::Regex;

use crate::doc::{Article, Diagnostic, Sentence};
use crate::record::{
    order_types, record_id, ArticleRef, DealDate, DealRecord, Duration, Evidence, Party, Patents,
    Quote, DEAL_TYPES, ROLES, SCHEMA,
};
use orgs::{Entity, Mention};
use patterns::{patterns, Kind};

/// A slot of a sentence template: an organisation mention or a phrase that refers to one.
#[derive(Debug, Clone)]
struct Slot {
    entity: usize,
    strong: bool,
    start: usize,
    end: usize,
}

/// One deal as it is being assembled.
#[derive(Debug, Clone)]
struct Deal {
    /// (entity, role, mention byte span)
    parties: Vec<(usize, String, (usize, usize))>,
    /// (type, roles of the parties for this type, sentence)
    types: Vec<(String, Vec<(usize, String)>)>,
    status: &'static str,
    /// Whether a cue word set the status; a default (a headline's present tense, "Shanda buys
    /// stake") gives way to the status a later sentence states ("has bought").
    status_cued: bool,
    /// Sentences where a deal pattern matched.
    hit_sentences: BTreeSet<usize>,
    /// All sentences that speak of the deal (hits and hints).
    sentences: BTreeSet<usize>,
    first_sentence: usize,
    weak: bool,
    pledge: bool,
    undisclosed: Option<(usize, fields::FoundMoney)>,
    /// The year written in the sentence that found the deal, to keep apart two purchases
    /// between the same organisations years apart.
    year: Option<String>,
    /// Found only as a standing relation ("US partner Biogen Idec"): background, never the
    /// article's news.
    standing: bool,
}

impl Deal {
    fn entity_set(&self) -> BTreeSet<usize> {
        self.parties.iter().map(|p| p.0).collect()
    }
}

/// A regex source with every `\b` made an ASCII word boundary, `(?-u:\b)`. With a Unicode
/// `\b`, the lazy DFA gives up on any text holding a non-ASCII character (a "£", a curly
/// quote, a dash: most news sentences) and a backtracker runs the whole search instead; ASCII
/// boundaries cut extraction's instructions by 6% on the BBC set. The two differ only beside
/// a non-ASCII letter or digit. Every extractor regex is compiled through this, so the
/// sources keep the plain `\b`.
pub(super) fn ascii_words(src: &str) -> String {
    src.replace(r"\b", r"(?-u:\b)")
}

/// A regex compiled once, with ASCII word boundaries ([`ascii_words`]).
pub(super) fn static_re(cell: &'static OnceLock<Regex>, src: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(&ascii_words(src)).expect("static regex"))
}

/// Finds the deals of an article.
pub fn extract(article: &Article) -> (Vec<DealRecord>, Vec<Diagnostic>) {
    let (entities, mentions) = orgs::find(article);
    let text = &article.text;
    let dates = SentenceDates::new(article);
    let mut deals: Vec<Deal> = Vec::new();
    let mut salient: Option<usize> = None;
    let mut recent_strong: Vec<usize> = Vec::new();
    let mut recent_all: Vec<usize> = Vec::new();
    let mut m_idx = 0;
    for (si, s) in article.sentences.iter().enumerate() {
        let sent = s.slice(text);
        let begin = m_idx;
        while m_idx < mentions.len() && mentions[m_idx].sentence == si {
            m_idx += 1;
        }
        let sent_mentions = &mentions[begin..m_idx];
        // "Both companies" means the pair of the deal spoken of most recently.
        let last_pair = active_deal(&deals, |d| d.parties.len() == 2)
            .map(|i| (deals[i].parties[0].0, deals[i].parties[1].0))
            .or(match recent_strong.as_slice() {
                [.., a, b] => Some((*a, *b)),
                _ => None,
            });
        let template_of = || {
            build_template(
                sent,
                s.byte_start,
                sent_mentions,
                &entities,
                salient,
                last_pair,
                &recent_all,
            )
        };
        // A template holds no key its sentence lacks (slots and dropped quotes only take text
        // away), so most sentences need no template, unless the money hint wants its slots.
        let built = patterns::may_have_key(sent);
        let (template, slots) = if built {
            template_of()
        } else {
            (String::new(), Vec::new())
        };
        tracing::trace!(sentence = si, %template, "template");
        // Patterns only ever match the template, so its words decide whether any can (the
        // matcher's first pass finds the keys); a template without a slot binds nobody.
        let mut hit_any = false;
        if !slots.is_empty() {
            let lower: &str = &template;
            let hits = drop_rights_as_sale(drop_bid_as_supply(drop_stake_as_takeover(
                patterns::matches(&template),
            )));
            for hit in hits {
                let p = &patterns()[hit.pattern];
                tracing::trace!(sentence = si, pattern = %p.source, matched = %hit.matched, "hit");
                // The organisation the article is about, named where it was last written.
                let implied_slot = match p.kind {
                    Kind::Implied => {
                        let Some(sal) = salient else { continue };
                        let Some(m) = mentions[..begin].iter().rev().find(|m| m.entity == sal)
                        else {
                            continue;
                        };
                        Some(Slot {
                            entity: sal,
                            strong: entities[sal].strong,
                            start: m.byte_start,
                            end: m.byte_end,
                        })
                    }
                    _ => None,
                };
                let mut ents: Vec<&Slot> = hit.slots.iter().filter_map(|&k| slots.get(k)).collect();
                if ents.len() != hit.slots.len() {
                    continue;
                }
                if let Some(slot) = &implied_slot {
                    ents.insert(0, slot);
                }
                let ids: BTreeSet<usize> = ents.iter().map(|e| e.entity).collect();
                let transfer = p.types.iter().any(|t| is_transfer(t));
                if ids.len() != ents.len()
                    || (transfer && ends_in_possessor(&template, &hit, &p.source))
                    || (transfer && subject_is_counterpart(&template, &hit, &p.source))
                    || pair_with_someone_else(&template, &hit, &p.source)
                {
                    continue;
                }
                let Some((status, status_cued)) = status_of(lower, &hit, &p.types) else {
                    continue;
                };
                match p.kind {
                    Kind::Hint => {
                        let a = ents[0].entity;
                        let in_sentence: BTreeSet<usize> = slots.iter().map(|s| s.entity).collect();
                        let target = deals
                            .iter()
                            .rposition(|d| {
                                d.entity_set().contains(&a)
                                    && d.entity_set().is_subset(&in_sentence)
                            })
                            .or_else(|| deals.iter().position(|d| d.entity_set().contains(&a)));
                        if let Some(di) = target {
                            let d = &mut deals[di];
                            for t in &p.types {
                                add_type(d, t, &[(a, p.roles[0].clone())]);
                            }
                            d.sentences.insert(si);
                        }
                    }
                    Kind::Party => {
                        let bound: Vec<(usize, String, (usize, usize))> = ents
                            .iter()
                            .zip(&p.roles)
                            .map(|(e, r)| (e.entity, r.clone(), (e.start, e.end)))
                            .collect();
                        if let Some(di) = party_target(&deals, &bound, &p.types) {
                            let d = &mut deals[di];
                            for (ent, role, span) in bound {
                                if d.parties.iter().any(|q| q.0 == ent) {
                                    continue;
                                }
                                for (t, roles) in d.types.iter_mut() {
                                    if p.types.contains(t) {
                                        roles.push((ent, role.clone()));
                                    }
                                }
                                d.parties.push((ent, role, span));
                            }
                            d.sentences.insert(si);
                        }
                    }
                    Kind::Deal | Kind::Pledge | Kind::Implied => {
                        hit_any = true;
                        let mut types = refine_types(&p.types, &p.source, lower);
                        // A stake the text says gives control is a takeover.
                        let control = types == ["investment"]
                            && (gives_control(&hit.matched) || control_follows(&template, &hit));
                        if control {
                            types = vec!["acquisition".to_string()];
                        }
                        // "Will buy 15 new <ATR> 72-500s": a count before the seller's name
                        // buys its goods, an order, not the company.
                        let goods = types == ["acquisition"]
                            && p.roles.len() == 2
                            && counted_goods(&hit.matched);
                        if goods {
                            types = vec!["supply_agreement".to_string()];
                        }
                        // "Both companies have approved the deal": a definite reference to a
                        // deal already found between the same parties adds evidence to it
                        // rather than inventing a partnership.
                        if p.source.contains("{AGREEMENT}") && is_definite_reference(&hit.matched) {
                            let ids: BTreeSet<usize> = ents.iter().map(|e| e.entity).collect();
                            let ended = status == "terminated";
                            if let Some(d) = deals.iter_mut().find(|d| {
                                d.entity_set() == ids && (d.status == "terminated") == ended
                            }) {
                                d.sentences.insert(si);
                                continue;
                            }
                        }
                        // "Bought Hard Candy and Urban Decay": every member of a list in a
                        // bound slot takes that slot's role.
                        let mut ents = ents;
                        let mut role_of: Vec<String> = p
                            .roles
                            .iter()
                            .map(|r| match (control, goods, r.as_str()) {
                                (true, _, "investor") => "acquirer".to_string(),
                                (true, _, "investee") => "target".to_string(),
                                (_, true, "acquirer") => "customer".to_string(),
                                (_, true, "target") => "supplier".to_string(),
                                _ => r.clone(),
                            })
                            .collect();
                        // Not "acquisitions including <1> and <2>": those are one deal each.
                        let several =
                            hit.matched.contains("including") || hit.matched.contains("such as");
                        for (k, role) in hit.slots.iter().zip(&p.roles) {
                            if several {
                                break;
                            }
                            for j in coordinated(&template, *k) {
                                let Some(slot) = slots.get(j) else { continue };
                                if ents.iter().any(|e| e.entity == slot.entity) {
                                    continue;
                                }
                                ents.push(slot);
                                role_of.push(role.clone());
                            }
                        }
                        // "Other names mentioned in connection to buying Exel are Deutsche
                        // Post and GE Capital": rival buyers of a rumoured deal are one deal
                        // each; buyers of a deal that happened bought together.
                        let buyer = |r: &str| matches!(r, "acquirer" | "investor" | "buyer");
                        let buyers: Vec<usize> =
                            (0..ents.len()).filter(|&i| buyer(&role_of[i])).collect();
                        // "Orange has chosen Nokia and Ericsson to build its network": each
                        // supplier of a list has a contract of its own.
                        let suppliers: Vec<usize> = (0..ents.len())
                            .filter(|&i| role_of[i] == "supplier")
                            .collect();
                        let apart = |one: &[usize], is: &dyn Fn(&str) -> bool| -> Vec<Vec<usize>> {
                            one.iter()
                                .map(|&b| {
                                    (0..ents.len())
                                        .filter(|&i| i == b || !is(&role_of[i]))
                                        .collect()
                                })
                                .collect()
                        };
                        let groups: Vec<Vec<usize>> = if status == "rumoured" && buyers.len() > 1 {
                            apart(&buyers, &buyer)
                        } else if types == ["supply_agreement"] && suppliers.len() > 1 {
                            apart(&suppliers, &|r| r == "supplier")
                        } else {
                            vec![(0..ents.len()).collect()]
                        };
                        let year = dates
                            .of(si)
                            .iter()
                            .find(|f| f.basis == "explicit")
                            .and_then(|f| f.value.get(..4).map(str::to_string));
                        for group in groups {
                            let roles: Vec<(usize, String)> = group
                                .iter()
                                .map(|&i| (ents[i].entity, role_of[i].clone()))
                                .collect();
                            let cand = Deal {
                                parties: group
                                    .iter()
                                    .map(|&i| {
                                        let e = ents[i];
                                        (e.entity, role_of[i].clone(), (e.start, e.end))
                                    })
                                    .collect(),
                                types: types.iter().map(|t| (t.clone(), roles.clone())).collect(),
                                status,
                                status_cued,
                                hit_sentences: [si].into(),
                                sentences: [si].into(),
                                first_sentence: si,
                                weak: group
                                    .iter()
                                    .any(|&i| !ents[i].strong && !entities[ents[i].entity].strong),
                                pledge: p.kind == Kind::Pledge,
                                undisclosed: None,
                                year: year.clone(),
                                standing: p.source.contains("partner {OBJ}{B}"),
                            };
                            merge_into(&mut deals, cand);
                        }
                    }
                }
            }
        }
        if let Some(d) = takeover_talk(&deals, sent, si) {
            deals.push(d);
        }
        // Sentence-level hints: "the cross-licensing deal", "terms were not disclosed". They
        // only ever add to a deal found before, so until there is one they are not looked for.
        if !hit_any && !deals.is_empty() {
            let lower = sent.to_ascii_lowercase();
            for t in deal_noun_types(&lower) {
                // "The cross-licensing deal" is definite: a deal that already has the type,
                // else the deal spoken of most recently.
                let target = active_deal(&deals, |d| d.types.iter().any(|x| x.0 == t))
                    .or_else(|| active_deal(&deals, |_| true));
                if let Some(i) = target {
                    let d = &mut deals[i];
                    let roles = symmetric_roles(d, t);
                    add_type(d, t, &roles);
                    d.sentences.insert(si);
                }
            }
            if let Some(m) = fields::undisclosed(sent) {
                let rebuilt;
                let slots = if template.is_empty() {
                    rebuilt = template_of().1;
                    &rebuilt
                } else {
                    &slots
                };
                let in_sentence: BTreeSet<usize> = slots.iter().map(|s| s.entity).collect();
                let target = active_deal(&deals, |d| {
                    !in_sentence.is_empty() && d.entity_set().is_subset(&in_sentence)
                })
                .or_else(|| active_deal(&deals, |_| true));
                if let Some(i) = target {
                    let d = &mut deals[i];
                    if d.undisclosed.is_none() {
                        d.undisclosed = Some((si, m));
                        d.sentences.insert(si);
                    }
                }
            }
        }
        // The first organisation the sentence speaks of, a pronoun's referent included ("In
        // 2003 it bought GeCAD": the next "it" is still the buyer).
        // A sentence with no template has no pronoun slots: its names are its slots.
        let named: Vec<(usize, bool)> = if built {
            slots.iter().map(|s| (s.entity, s.strong)).collect()
        } else {
            sent_mentions
                .iter()
                .map(|m| (m.entity, m.strong || entities[m.entity].strong))
                .collect()
        };
        // With no strong name in it, the subject a sentence opens with is still what it
        // speaks of ("Casaveo has been one of the busiest investors. It took a stake …").
        let opener = || {
            sent_mentions
                .first()
                .filter(|m| m.byte_start == s.byte_start)
                .map(|m| m.entity)
        };
        if let Some(first) = named.iter().find(|s| s.1).map(|s| s.0).or_else(opener) {
            salient = Some(first);
        }
        for e in named.iter().map(|s| s.0) {
            if recent_all.last() != Some(&e) {
                recent_all.retain(|&x| x != e);
                recent_all.push(e);
            }
        }
        for m in sent_mentions
            .iter()
            .filter(|m| m.strong || entities[m.entity].strong)
        {
            if recent_strong.last() != Some(&m.entity) {
                recent_strong.retain(|&e| e != m.entity);
                recent_strong.push(m.entity);
            }
        }
    }
    let records = finish(article, &entities, &mentions, deals, &dates);
    (records, Vec::new())
}

/// "Agreed to buy Alfa-Eco's stake in Sun Interbrew": an object slot followed by a possessive
/// names the owner of what is bought, not what is bought, so a transfer pattern that ends on
/// that slot has read the sentence wrong (the patterns that spell out "{B}'s stake" read it
/// right). A supply "to Aldi's stores" still has Aldi as its customer.
fn ends_in_possessor(template: &str, hit: &patterns::Hit, source: &str) -> bool {
    if !source.ends_with("{B}") && !source.ends_with("{C}") {
        return false;
    }
    let rest = after_hit(template, hit);
    rest.starts_with("'s ") || rest.starts_with("' ") || rest.starts_with("\u{2019}s ")
}

/// "Has bought a 20% stake in Sina … The move may be a precursor to a full takeover": talk of
/// a takeover right after a stake purchase is a rumoured takeover of the same company by the
/// same buyer, a deal of its own (the stake is bought; the takeover is only spoken of).
fn takeover_talk(deals: &[Deal], sent: &str, si: usize) -> Option<Deal> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = static_re(
        &RE,
        r"(?i)\b(?:(?:possible|potential|full|eventual|outright|full-scale|future) (?:takeover|bid|buyout|acquisition)|takeover (?:speculation|rumou?rs|talk)|precursor to a (?:[a-z-]+ )?(?:takeover|bid)|(?:buy|buying|acquire|acquiring) (?:it|the company|the firm) outright)\b",
    );
    let recent = |d: &Deal| {
        d.hit_sentences.contains(&si)
            || si
                .checked_sub(1)
                .is_some_and(|p| d.hit_sentences.contains(&p))
    };
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
    Some(Deal {
        parties: vec![
            (buyer, "acquirer".to_string(), span(buyer)?),
            (target, "target".to_string(), span(target)?),
        ],
        types: vec![("acquisition".to_string(), roles)],
        status: "rumoured",
        status_cued: true,
        hit_sentences: [si].into(),
        sentences: [si].into(),
        first_sentence: si,
        weak: stake.weak,
        pledge: false,
        undisclosed: None,
        year: None,
        standing: false,
    })
}

/// "News Corp, Viacom and Sony Pictures are involved in joint ventures with Chinese players":
/// a list's joint ventures are with somebody else, unnamed, not with each other.
fn pair_with_someone_else(template: &str, hit: &patterns::Hit, source: &str) -> bool {
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
fn subject_is_counterpart(template: &str, hit: &patterns::Hit, source: &str) -> bool {
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
fn after_hit<'t>(template: &'t str, hit: &patterns::Hit) -> &'t str {
    template.get(hit.start + hit.matched.len()..).unwrap_or("")
}

/// A stake is not a takeover: when a sentence says "agreed to buy 33% of X", the general
/// purchase pattern also matches (its object gap swallows "33% of"), and the stake pattern
/// over the same organisations is the one that is right.
fn drop_stake_as_takeover(hits: Vec<patterns::Hit>) -> Vec<patterns::Hit> {
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
fn drop_rights_as_sale(hits: Vec<patterns::Hit>) -> Vec<patterns::Hit> {
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

/// "Would make an offer for <1>": an offer, bid or approach "for" a company is a takeover
/// bid, which the bid pattern reads, not something made for a customer.
fn drop_bid_as_supply(hits: Vec<patterns::Hit>) -> Vec<patterns::Hit> {
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
fn counted_goods(matched: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = static_re(
        &RE,
        r"(?:\bbuy|\bbought|\bbuying|\bbuys|\bpurchas[a-z]*|\bacquir[a-z]*|\border[a-z]*) (?:up to |another |a further |more than |at least |some |about |around |an extra |an additional )?(?:\d[\d,]*|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|a hundred|hundreds of|dozens of|a dozen|thousands of) (?:[a-z-]+ ){0,2}<\d+>$",
    );
    re.is_match(matched)
}

/// Words that make a stake a takeover: the annotation guide's rule, and the analyst's, is
/// that a purchase the text says gives control is an acquisition whatever the percentage.
fn gives_control(matched: &str) -> bool {
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
fn control_follows(template: &str, hit: &patterns::Hit) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = static_re(
        &RE,
        r"^[^.;]*?\b(?:giving|gives|give|gave|handing|hands|bringing|brings|taking|takes|lifting|lifts|raising|raises)\b[^.;]{0,40}?\b(?:full|complete|total|near-total|outright|overall|majority|sole) (?:control|ownership)\b",
    );
    re.is_match(after_hit(template, hit))
}

/// "Acquired 67.7% of Eon Labs": more than half of a company is control of it.
fn majority_percentage(matched: &str) -> bool {
    matched.match_indices('%').any(|(i, _)| {
        let head = &matched[..i];
        let start = head
            .rfind(|c: char| !(c.is_ascii_digit() || c == '.'))
            .map_or(0, |j| j + 1);
        head[start..].parse::<f64>().is_ok_and(|v| v > 50.0)
    })
}

/// Offsets in sentence `s` of the deal's own parties that no other deal shares, and of the
/// other deals' parties that this deal does not have: what tells the clauses of two deals in
/// one sentence apart.
fn clause_parties(
    parties: &[(usize, String, (usize, usize))],
    others_parties: &[(usize, usize)],
    s: Sentence,
) -> (Vec<usize>, Vec<usize>) {
    let in_sentence = |b: usize| b >= s.byte_start && b < s.byte_end;
    let others_here: BTreeSet<usize> = others_parties
        .iter()
        .filter(|p| in_sentence(p.1))
        .map(|p| p.0)
        .collect();
    let own = parties
        .iter()
        .filter(|p| in_sentence(p.2 .0) && !others_here.contains(&p.0))
        .map(|p| p.2 .0 - s.byte_start)
        .collect();
    let others = others_parties
        .iter()
        .filter(|p| in_sentence(p.1) && !parties.iter().any(|q| q.0 == p.0))
        .map(|p| p.1 - s.byte_start)
        .collect();
    (own, others)
}

/// The figure of a deal in a sentence of coordinated clauses ("bought Norrvik's unit for $40m
/// in 2021, and in 2023 it bought Strideline"): the one in the clause of the deal's own
/// parties (`own`, offsets of those no other deal here shares), and never one from a clause
/// that names only another deal's parties (`others`).
fn money_of_clause(sentence: &str, own: &[usize], others: &[usize]) -> Option<fields::FoundMoney> {
    if let Some(&last) = own.iter().max() {
        let clause = clause_of(sentence, last);
        let (from, to) = clause_range(sentence, clause);
        if (from, to) != (0, sentence.len()) {
            if let Some(mut m) = sentence.get(from..to).and_then(fields::money) {
                m.start += from;
                m.end += from;
                return Some(m);
            }
        }
    }
    let m = fields::money(sentence)?;
    may_belong(sentence, m.start, own, others).then_some(m)
}

/// False when what stands at `at` (a date, a figure) is in a clause that names only another
/// deal's parties (`others`) and none of this deal's own (`own`).
fn may_belong(sentence: &str, at: usize, own: &[usize], others: &[usize]) -> bool {
    let clause = clause_of(sentence, at);
    let here = |x: &usize| clause_of(sentence, *x) == clause;
    own.iter().any(here) || !others.iter().any(here)
}

/// The byte range of coordinated clause `k` of a sentence (see [`clause_of`]).
fn clause_range(sentence: &str, k: usize) -> (usize, usize) {
    let cuts: Vec<(usize, usize)> = clause_breaks(sentence).collect();
    let from = if k == 0 {
        0
    } else {
        cuts.get(k - 1).map_or(sentence.len(), |c| c.1)
    };
    let to = cuts.get(k).map_or(sentence.len(), |c| c.0);
    (from, to.max(from))
}

/// What parts the coordinated clauses of a sentence, for dates and figures.
const CLAUSE_BREAKS: [&str; 4] = [", and ", ", but ", ", while ", "; "];

/// Which coordinated clause of a sentence a byte offset falls in, counted at
/// [`CLAUSE_BREAKS`].
fn clause_of(sentence: &str, at: usize) -> usize {
    clause_breaks(sentence.get(..at).unwrap_or(sentence)).count()
}

/// The [`CLAUSE_BREAKS`] of a sentence as byte ranges, in order. Every break begins with a
/// comma or a semicolon, so only those bytes are looked at; breaks cannot overlap, as each
/// ends in a space and begins with neither.
fn clause_breaks(sentence: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    memchr::memchr2_iter(b',', b';', sentence.as_bytes()).filter_map(|i| {
        let rest = &sentence[i..];
        CLAUSE_BREAKS
            .iter()
            .find(|b| rest.starts_with(*b))
            .map(|b| (i, i + b.len()))
    })
}

/// "Filed for bankruptcy in 1994 and was sold to Tulip": a date followed, within its clause,
/// by "and" and a new verb phrase dates the first clause, not the deal in the second.
fn ends_other_clause(sentence: &str, date_end: usize) -> bool {
    static R: OnceLock<Regex> = OnceLock::new();
    let r = static_re(
        &R,
        r"^[^,;:]{0,40}?\band (?:was|were|has|had|is|are|then|later|subsequently|eventually|in \d{4}) ",
    );
    sentence
        .get(date_end..)
        .is_some_and(|rest| r.is_match(rest))
}

/// Slots listed together with slot `k` ("<1>, <2> and <3>"): the members after it, or
/// before it when `k` ends the list. A list must be closed by "and"; a comma alone is as
/// often an appositive, and a list followed by a verb is a clause of its own ("<1> and <2>
/// said"), which the patterns already read.
fn coordinated(template: &str, k: usize) -> Vec<usize> {
    static NEXT: OnceLock<Regex> = OnceLock::new();
    static PREV: OnceLock<Regex> = OnceLock::new();
    let next = static_re(&NEXT, r"^(,? and (?:the )?|, |,? as well as )<(\d+)>");
    let prev = static_re(&PREV, r"<(\d+)>(, |,? and )$");
    let tag = format!("<{k}>");
    let Some(at) = template.find(&tag) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    // Forward.
    let mut pos = at + tag.len();
    let mut closed = false;
    let mut members = Vec::new();
    while let Some(c) = next.captures(&template[pos..]) {
        let (Some(all), Some(sep), Some(n)) = (c.get(0), c.get(1), c.get(2)) else {
            break;
        };
        let Ok(j) = n.as_str().parse::<usize>() else {
            break;
        };
        members.push(j);
        closed |= sep.as_str().contains("and") || sep.as_str().contains("as well");
        pos += all.end();
        if closed {
            break;
        }
    }
    let verb_follows = {
        let rest = template[pos..].trim_start();
        [
            "said", "says", "has ", "have ", "had ", "is ", "are ", "was ", "were ", "will ",
            "would ", "'s",
        ]
        .iter()
        .any(|w| rest.starts_with(w))
    };
    if closed && !verb_follows {
        out.extend(members);
    }
    // Backward, when `k` closes a list that opens the sentence or follows a preposition
    // ("Sony, IBM and Toshiba have…", "with <1> and <2>"), not when it only ends another
    // clause ("<0> bought <1> and <2> sold…").
    let mut end = at;
    let mut first = true;
    let mut before: Vec<usize> = Vec::new();
    while let Some(c) = prev.captures(&template[..end]) {
        let (Some(all), Some(n), Some(sep)) = (c.get(0), c.get(1), c.get(2)) else {
            break;
        };
        if first && !sep.as_str().contains("and") {
            break;
        }
        first = false;
        let Ok(j) = n.as_str().parse::<usize>() else {
            break;
        };
        before.push(j);
        end = all.start();
        if sep.as_str().contains("and") && before.len() > 1 {
            break;
        }
    }
    let head = template[..end].trim_end();
    // A plural noun also opens a list ("… technology firms Sony, Philips and Samsung are").
    let opens = !head.contains('<')
        || [
            " with",
            " between",
            " by",
            " from",
            " to",
            " including",
            " among",
            " firms",
            " companies",
            " groups",
            " giants",
            " makers",
            " rivals",
            " operators",
            " carriers",
        ]
        .iter()
        .any(|p| head.ends_with(p));
    if opens {
        out.extend(before);
    }
    out
}

/// Builds the template of one sentence: lower-case text with mentions as `<k>` slots.
fn build_template(
    sent: &str,
    base: usize,
    mentions: &[Mention],
    entities: &[Entity],
    salient: Option<usize>,
    last_pair: Option<(usize, usize)>,
    recent: &[usize],
) -> (String, Vec<Slot>) {
    let mut template = String::with_capacity(sent.len() + 8);
    let mut slots: Vec<Slot> = Vec::new();
    let mut pos = 0;
    let mut first_in_sentence: Option<usize> = None;
    // "These became part of BOA when it snapped up…": with no strong name before it, "it"
    // still means the organisation this sentence has named, not one from sentences before.
    let mut first_any: Option<usize> = None;
    // "It owns Riot Games, and in 2016 it bought…": when the sentence opens with a pronoun,
    // every "it" in it is that pronoun's referent, the organisation spoken of before.
    let opens_with_pronoun = ["It ", "The company ", "The firm ", "The group "]
        .iter()
        .any(|p| sent.trim_start().starts_with(p));
    if opens_with_pronoun {
        first_in_sentence = salient;
    }
    // "A US firm has said it is in talks with LVMH to buy…": the sentence's subject is an
    // organisation it does not name, and "it" is that one, not any named before.
    static UNNAMED: OnceLock<Regex> = OnceLock::new();
    let unnamed = static_re(
        &UNNAMED,
        r"^(?:A|An|Another|One) (?:[A-Za-z-]+ ){0,3}?(?:firm|company|group|buyer|investor|rival|consortium|bidder|suitor|fund)\b",
    )
    .is_match(sent.trim_start());
    let salient = if unnamed { None } else { salient };
    for m in mentions {
        let ms = m.byte_start - base;
        let me = m.byte_end - base;
        if ms < pos {
            continue;
        }
        // "Scottish and Newcastle (S&N) agreed…": the bracketed short form of the name just
        // written is part of that slot, so the verb stays next to its subject.
        if slots.last().is_some_and(|l| l.entity == m.entity)
            && sent.get(pos..ms) == Some(" (")
            && sent[me..].starts_with(')')
        {
            pos = me + 1;
            continue;
        }
        // Fold a descriptor written right before the name into its slot, unless it names a
        // relation the patterns read ("US partner Biogen Idec", "new owner Yeahronimo").
        let relation = |d: usize| {
            let last = sent[d..ms].split_whitespace().next_back().unwrap_or("");
            matches!(
                last.to_ascii_lowercase().as_str(),
                "partner" | "owner" | "parent" | "suitor" | "bidder" | "customer" | "supplier"
            )
        };
        let gap_end = m
            .desc_start
            .map(|d| d.saturating_sub(base))
            .filter(|&d| d >= pos && d <= ms && !relation(d))
            .unwrap_or(ms);
        push_gap(
            &mut template,
            &mut slots,
            sent,
            base,
            pos,
            gap_end,
            (
                first_in_sentence.or(first_any).filter(|_| !unnamed),
                salient,
            ),
            last_pair,
            (recent, entities),
        );
        push_slot(&mut template, slots.len());
        slots.push(Slot {
            entity: m.entity,
            strong: m.strong || entities[m.entity].strong,
            start: m.byte_start,
            end: m.byte_end,
        });
        if first_in_sentence.is_none() && (m.strong || entities[m.entity].strong) {
            first_in_sentence = Some(m.entity);
        }
        first_any.get_or_insert(m.entity);
        pos = me;
        // "Snap, the owner of the Snapchat app, bought…": a noun-phrase appositive that names
        // another organisation describes the subject; left in, it would part the subject from
        // its verb, and its organisation is no party. (One without a name is dropped in
        // `push_gap`.)
        if let Some(len) = naming_appositive(&sent[me..]) {
            if mentions
                .iter()
                .any(|n| n.byte_start - base > me && n.byte_end - base <= me + len)
            {
                template.push(' ');
                pos = me + len;
            }
        }
        // "Tavira Systems' takeover of…": a plural possessive reads as the "'s" the patterns
        // spell.
        if pos == me && sent[..me].ends_with('s') {
            if let Some(apos) = ["' ", "\u{2019} "]
                .iter()
                .find(|a| sent[me..].starts_with(*a))
            {
                template.push_str("'s");
                pos = me + apos.len() - 1;
            }
        }
    }
    push_gap(
        &mut template,
        &mut slots,
        sent,
        base,
        pos,
        sent.len(),
        (
            first_in_sentence.or(first_any).filter(|_| !unnamed),
            salient,
        ),
        last_pair,
        (recent, entities),
    );
    (template, slots)
}

/// The length of ", the owner of X, " or ", a unit of X, " at the start of `after` (the text
/// right after a name), when what follows it starts with a lower-case word (the verb of the
/// name's clause): a noun phrase set off by commas, so no list ("X, the Y firm, and Z") and
/// no relative clause, which can tell of a deal of its own ("X, which bought Y, …").
fn naming_appositive(after: &str) -> Option<usize> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = static_re(&RE, r"^(?:'s)?, (?:the|a|an) [^,;()\x22]{1,80}?, [a-z]");
    let m = re.find(after)?;
    let len = m.end() - 1;
    let rest = &after[len..];
    // "X, the Y firm, and Z …" is a list.
    (!rest.starts_with("and ") && !rest.starts_with("or ")).then_some(len)
}

/// Appends the text between two mentions, lower-cased, quotes dropped, and with phrases that
/// refer back to organisations replaced by their slots.
#[allow(clippy::too_many_arguments)]
fn push_gap(
    template: &mut String,
    slots: &mut Vec<Slot>,
    sent: &str,
    base: usize,
    from: usize,
    to: usize,
    // (first organisation of this sentence, the salient one of the sentences before): "it"
    // prefers the former ("X said it would…"), "the company" the latter ("… bidder for
    // the firm").
    antecedents: (Option<usize>, Option<usize>),
    pair: Option<(usize, usize)>,
    // The organisations spoken of so far, the latest last, to resolve "the Italian liqueur
    // maker" and a "the company" that cannot be this sentence's own subject.
    (recent, entities): (&[usize], &[Entity]),
) {
    let antecedent = antecedents.0.or(antecedents.1);
    static PAIR: OnceLock<Regex> = OnceLock::new();
    static ONE: OnceLock<Regex> = OnceLock::new();
    let pair_re = static_re(
        &PAIR,
        r"\b(?:both (?:the )?(?:companies|firms|groups|sides|parties|businesses)|the two (?:companies|firms|groups|sides|businesses)|the pair)\b",
    );
    // "It" counts only before a verb, so its branch requires one: a bare "it" (most of them)
    // is then no match at all instead of a match whose groups are read and thrown away.
    // The verb group is `verb` after a noun phrase and `verb2` after "it".
    let one_re = ONE.get_or_init(|| {
        const VERBS: &str = "has|had|would|will|is|was|said|says|agreed|agrees|bought|buys|acquired|acquires|sold|sells|plans|planned|wants|also|could|may|might|now|already|signed|announced|confirmed|snapped|took|takes|completed|paid|pays|merged|purchased|struck|won|invested|raised|teamed|partnered|formed|launched|made|offered|joined|licensed|supplied|supplies|ordered|hopes|intends|expects|was|became";
        Regex::new(&ascii_words(&format!(
            r"\b(?:(?:the|this) (?:[a-z-]+ ){{0,2}}?(?:company|firm|group|giant|maker|carmaker|chipmaker|drugmaker|retailer|bank|lender|operator|insurer|brewer|winemaker|airline|conglomerate|manufacturer|start-up|startup|station|broadcaster|publisher|studio|supermarket|chain|carrier|telco)\b(?P<verb> (?:{VERBS}))?|it\b(?P<verb2> (?:{VERBS})))"
        )))
        .expect("static regex")
    });
    if from >= to {
        return;
    }
    let mut from = from;
    // An appositive right after a name ("Square, the payments company led by …,") describes
    // it; it must not be read as a second mention of some company.
    static APPOS: OnceLock<Regex> = OnceLock::new();
    let appos = static_re(
        &APPOS,
        r"^(?:'s)?, (?:the|a|an|which|who|whose) [^,;<>]{1,80}?, ",
    );
    // The appositive opens with ", " or "'s, "; most gaps do not, and need no lower-cased copy.
    let opening = &sent.as_bytes()[from..to];
    let may_open = opening.starts_with(b", ")
        || (opening.len() >= 4
            && opening[..2].eq_ignore_ascii_case(b"'s")
            && &opening[2..4] == b", ");
    if may_open && template.ends_with('>') {
        if let Some(m) = appos.find(&sent[from..to].to_ascii_lowercase()) {
            template.push(' ');
            from += m.end();
        }
    }
    let gap = sent[from..to].to_ascii_lowercase();
    let mut last = 0;
    let mut events: Vec<(usize, usize, Vec<usize>)> = Vec::new();
    if let Some((a, b)) = pair {
        for m in pair_re.find_iter(&gap) {
            events.push((m.start(), m.end(), vec![a, b]));
        }
    }
    if let Some(a) = antecedent {
        for c in one_re.captures_iter(&gap) {
            let Some(m) = c.get(0) else { continue };
            let verb = c.name("verb").or_else(|| c.name("verb2"));
            let word_end = verb.map_or(m.end(), |v| v.start());
            let is_it = gap[m.start()..word_end].trim() == "it";
            if is_it && verb.is_none() {
                continue;
            }
            if events
                .iter()
                .any(|(s, e, _)| m.start() < *e && *s < word_end)
            {
                continue;
            }
            let national = gap[m.start()..word_end]
                .split(' ')
                .find_map(|w| tables::tables().places.get(&capitalised(w)))
                .and_then(|c| {
                    // "The Russian brewer" is not the Russian conglomerate spoken of last.
                    let head = gap[m.start()..word_end].rsplit(' ').next().unwrap_or("");
                    let fits = |e: usize, strict: bool| {
                        entities[e].country.as_deref() == Some(c.as_str())
                            && entities[e]
                                .descriptor
                                .as_deref()
                                .map_or(!strict, |d| d.to_ascii_lowercase().ends_with(head))
                    };
                    let newest =
                        |strict: bool| recent.iter().rev().copied().find(|&e| fits(e, strict));
                    newest(true).or_else(|| newest(false)).or_else(|| {
                        recent
                            .iter()
                            .rev()
                            .copied()
                            .find(|&e| entities[e].country.as_deref() == Some(c.as_str()))
                    })
                });
            // Only what the sentence has named before the phrase: "invested in the company,
            // and engineers from the two firms…" does not rule out a company of that later pair.
            let taken: Vec<usize> = slots
                .iter()
                .map(|s| s.entity)
                .chain(
                    events
                        .iter()
                        .filter(|ev| ev.1 <= m.start())
                        .flat_map(|ev| ev.2.iter().copied()),
                )
                .collect();
            let in_sentence = |e: usize| taken.contains(&e);
            // The subject of the phrase's clause, the organisation named last before a verb:
            // "Calder bought a stake in the cable company" is not Calder, though it may be the
            // Brightmere the sentence opened with; in "it would invest in Uber and work with
            // the company", the company is Uber.
            let subject = events
                .iter()
                .rev()
                .filter(|ev| ev.1 <= m.start() && ev.2.len() == 1)
                .find(|ev| starts_with_verb(&gap[ev.1..]))
                .map(|ev| ev.2[0])
                .or_else(|| {
                    // The last slot is followed by this gap, not yet in the template.
                    slots
                        .iter()
                        .enumerate()
                        .rev()
                        .find(|(k, _)| {
                            if k + 1 == slots.len() && template.ends_with('>') {
                                starts_with_verb(&gap[..m.start()])
                            } else {
                                followed_by_verb(template, *k)
                            }
                        })
                        .map(|(_, s)| s.entity)
                })
                .unwrap_or(usize::MAX);
            // "Falic Group said the firm had held talks": the speaker speaks of itself.
            let speaker = (template.ends_with('>')
                && matches!(
                    gap[..m.start()].trim(),
                    "said" | "says" | "said that" | "says that"
                ))
            .then(|| slots.last().map(|s| s.entity))
            .flatten();
            let referent = match national.or(speaker) {
                Some(e) => e,
                None if is_it => a,
                // "It made an investment in the company": not itself, but the other
                // organisation this sentence named before the phrase ("first invested in
                // Marston, when it took a stake in the company"), else the one spoken of last.
                // "It took a stake in Oyo, and the group has also backed Paytm": a phrase that
                // opens a coordinated clause as its subject carries the sentence's subject on.
                None if verb.is_some()
                    && subject != usize::MAX
                    && gap[..m.start()].trim_end().ends_with(", and") =>
                {
                    subject
                }
                None => match antecedents.1.unwrap_or(a) {
                    e if e == subject => taken
                        .iter()
                        .rev()
                        .copied()
                        .find(|&x| x != e)
                        .or_else(|| recent.iter().rev().copied().find(|&x| !in_sentence(x)))
                        .unwrap_or(e),
                    e => e,
                },
            };
            tracing::trace!(
                phrase = &gap[m.start()..word_end],
                referent,
                subject,
                "coreference"
            );
            events.push((m.start(), word_end, vec![referent]));
        }
    }
    events.sort_by_key(|e| e.0);
    for (s, e, ents) in events {
        if s < last {
            continue;
        }
        push_clean(template, &gap[last..s]);
        for (i, ent) in ents.iter().enumerate() {
            if i > 0 {
                template.push_str(" and ");
            }
            push_slot(template, slots.len());
            slots.push(Slot {
                entity: *ent,
                strong: true,
                start: base + from + s,
                end: base + from + e,
            });
        }
        last = e;
    }
    push_clean(template, &gap[last..]);
}

/// Whether slot `k` of the template is followed by a verb, so that it is a clause's subject.
fn followed_by_verb(template: &str, k: usize) -> bool {
    let tag = format!("<{k}>");
    let Some(at) = template.find(&tag) else {
        return false;
    };
    starts_with_verb(&template[at + tag.len()..])
}

/// Whether the text opens with a verb or an auxiliary ("has", "bought", "says").
fn starts_with_verb(text: &str) -> bool {
    let rest = text.trim_start_matches(',').trim_start();
    let word: String = rest
        .chars()
        .take_while(|c| c.is_ascii_lowercase())
        .collect();
    const AUX: &[&str] = &[
        "has", "have", "had", "is", "are", "was", "were", "will", "would", "could", "can", "may",
        "might", "should", "said", "says", "also", "already", "now", "then", "still", "just",
        "agreed", "plans", "wants", "took", "made", "won", "sold", "bought", "paid", "got",
    ];
    word.len() > 2
        && (AUX.contains(&word.as_str())
            || (word.ends_with("ed") && !word.ends_with("eed"))
            || (word.ends_with('s') && !word.ends_with("ss") && word != "its"))
}

/// Appends the slot marker `<k>` without a temporary string.
fn push_slot(template: &mut String, k: usize) {
    use std::fmt::Write;
    let _ = write!(template, "<{k}>");
}

/// "italian" → "Italian", to look a lower-cased template word up in the place table.
fn capitalised(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Appends `s` with quotes dropped, curly apostrophes straight, `<` and `>` (slot
/// brackets) blanked and whitespace runs as one space. Runs of plain ASCII are copied
/// whole: this runs on nearly every byte of every templated sentence.
fn push_clean(template: &mut String, s: &str) {
    let b = s.as_bytes();
    let mut run = 0;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        // A single space after a plain character of the run is kept as it is.
        let plain = (c.is_ascii()
            && !matches!(c, b'"' | b'<' | b'>')
            && !c.is_ascii_whitespace()
            && c != 0x0b)
            || (c == b' ' && i > run && b[i - 1] != b' ');
        if plain {
            i += 1;
            continue;
        }
        template.push_str(&s[run..i]);
        let ch = s[i..].chars().next().unwrap_or(' ');
        i += ch.len_utf8();
        run = i;
        match ch {
            '"' | '\u{201c}' | '\u{201d}' => {}
            '\u{2019}' | '\u{2018}' => template.push('\''),
            '<' | '>' => template.push(' '),
            c if c.is_whitespace() => {
                if !template.ends_with(' ') {
                    template.push(' ');
                }
            }
            c => template.push(c),
        }
    }
    template.push_str(&s[run..]);
}

fn is_definite_reference(matched: &str) -> bool {
    static R: OnceLock<Regex> = OnceLock::new();
    static_re(
        &R,
        r"\b(?:the|this|that) (?:[a-z-]+ )?(?:deal|agreement|pact|accord|contract|takeover|acquisition|merger|transaction)\b",
    )
    .is_match(matched)
}

/// A generic agreement ("signed a deal with") takes the specific types its sentence names.
fn refine_types(types: &[String], source: &str, lower: &str) -> Vec<String> {
    let generic = types == ["partnership"] && source.contains("{AGREEMENT}");
    if !generic {
        return types.to_vec();
    }
    let mut out: Vec<String> = Vec::new();
    let has = |w: &str| lower.contains(w);
    if has("cross-licens") || has("cross licens") || has("cross-licenc") {
        out.push("patent_cross_license".into());
    } else if has("patent") && has("licen") {
        out.push("patent_license".into());
    } else if has("licen") {
        out.push("technology_license".into());
    }
    if has("joint venture") || has("joint-venture") {
        out.push("joint_venture".into());
    }
    if has("supply") || has("to provide") || has("to deliver") {
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

/// Types named by "the … deal" phrases in a sentence with no deal pattern of its own.
fn deal_noun_types(lower: &str) -> Vec<&'static str> {
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

/// The deal, among those that satisfy `keep`, whose latest pattern match is the most recent
/// (the earlier deal wins a tie).
fn active_deal(deals: &[Deal], keep: impl Fn(&Deal) -> bool) -> Option<usize> {
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
fn party_target(
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

/// Roles that stand for the same side of a transfer, whatever the type calls them.
fn same_side(a: &str, b: &str) -> bool {
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
fn symmetric_roles(d: &Deal, t: &str) -> Vec<(usize, String)> {
    let role = match t {
        "patent_cross_license" => "cross_licensee",
        "partnership" | "joint_venture" | "patent_settlement" => "partner",
        _ => return Vec::new(),
    };
    d.parties.iter().map(|p| (p.0, role.to_string())).collect()
}

fn add_type(d: &mut Deal, t: &str, roles: &[(usize, String)]) {
    if !d.types.iter().any(|(x, _)| x == t) {
        d.types.push((t.to_string(), roles.to_vec()));
    }
}

fn is_transfer(t: &str) -> bool {
    matches!(t, "acquisition" | "investment" | "patent_acquisition")
}

/// Adds a candidate to the deals, merging it with a deal of the same parties (or of a subset
/// sharing at least two), unless one of them is over and the other is not.
fn merge_into(deals: &mut Vec<Deal>, cand: Deal) {
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
                && (!same || d.status != cand.status));
        (same || nested)
            && !other_year
            && d.pledge == cand.pledge
            && ((d.status == "terminated") == (cand.status == "terminated"))
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
                add_type(d, &t, &roles);
            }
            for p in cand.parties {
                if !d.parties.iter().any(|q| q.0 == p.0) {
                    d.parties.push(p);
                }
            }
            if !d.status_cued && cand.status_cued {
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

/// "The two companies ended that fight in 2015, when … Apple took a licence", "ending one of
/// the most bitter legal battles": what ends is a dispute, which a licence or settlement
/// closes, not the deal. `from` starts at a termination cue; true when that cue's object is a
/// dispute word with no deal word before it ("ended their alliance after a dispute" still
/// ends the alliance).
fn ends_a_dispute(from: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = static_re(
        &RE,
        r"^(?:ended|ending|end|an end to|the end to)\b(?P<gap>(?: [a-z-]+){0,6}?) (?:fight|fights|dispute|disputes|battle|battles|row|feud|litigation|lawsuits?|legal action|court case|war|stand-?off|spat|wrangle|clash)\b",
    );
    re.captures(from).is_some_and(|c| {
        let gap = c.name("gap").map_or("", |g| g.as_str());
        !gap.split(' ').any(|w| {
            matches!(
                w,
                "partnership"
                    | "alliance"
                    | "agreement"
                    | "deal"
                    | "venture"
                    | "tie-up"
                    | "contract"
                    | "talks"
                    | "merger"
                    | "licence"
                    | "license"
                    | "after"
                    | "amid"
                    | "over"
            )
        })
    })
}

/// The status a pattern match reports and whether a cue word gave it, or None when the sentence
/// denies or negates the deal.
fn status_of(lower: &str, hit: &patterns::Hit, types: &[String]) -> Option<(&'static str, bool)> {
    static DENY: OnceLock<Regex> = OnceLock::new();
    static TERM: OnceLock<Regex> = OnceLock::new();
    static RUMOUR: OnceLock<Regex> = OnceLock::new();
    static PLAN: OnceLock<Regex> = OnceLock::new();
    let deny = static_re(
        &DENY,
        r"\b(?:denied|denies|deny|at no time|ruled out|rules out|dismissed (?:reports|speculation|rumou?rs)|no plans to|no intention|not interested|had been willing|would have|decided not to|declined to (?:buy|invest)|failed to (?:agree|reach|come to)|refused to)\b",
    );
    let term = static_re(
        &TERM,
        r"\b(?:pulled out|pull out|pulls out|called off|scrapped|abandoned|walked away|collapsed|terminated|terminate|ended|ending|end (?:its|the|their)|(?:an|the) end to|dissolv\w*|came to an end|unwind|unwound|unwinding|broke off|cancelled|canceled|fell through|lost out|rejected|tried to|failed|get out of|exit(?:ed)? (?:the|its))\b",
    );
    let rumour = static_re(
        &RUMOUR,
        r"\b(?:reportedly|is said to|are said to|was said to|were said to|rumou?r\w*|speculat\w*|sources|according to|considering|could|might|may|tipped|is believed to|are believed to|is understood to|analysts|reports|(?:potential|possible) (?:[a-z-]+ )?(?:deal|takeover|bid|buyer|bidder|merger|acquisition|suitor|partner|tie-up|sale|offer|approach)s?|possibly|mulling|weighing|would consider|interested in|mentioned in connection|linked (?:to|with) (?:a|an) (?:bid|takeover|offer)|most likely|likely (?:bidder|buyer|suitor|acquirer)s?)\b",
    );
    let plan = static_re(
        &PLAN,
        r"\b(?:in talks|talks with|talks to|negotiat\w*|close to (?:striking|reaching|signing|sealing|agreeing|a deal|an agreement)|in discussions?|discussions (?:with|to|about|on)|plans to|planned|planning to|intends to|intend to|wants to|hopes to|aims to|seeking to|seeks to|exploring|confident|proposed|awaiting approval|looking to|preparing to|would like to)\b",
    );
    let m = &hit.matched;
    let start = hit.start.min(lower.len());
    let window_start = lower[..start]
        .char_indices()
        .rev()
        .nth(80)
        .map_or(0, |(i, _)| i);
    let window = &lower[window_start..(start + m.len()).min(lower.len())];
    if deny.is_match(window)
        || hit
            .aux
            .split_whitespace()
            .any(|w| w == "not" || w == "never")
    {
        return None;
    }
    // "Tried to buy Glenmorangie but lost out to LVMH": the winner's purchase happened.
    if m.contains("lost out to") {
        return Some(("completed", true));
    }
    // "Reached an agreement with GM to dissolve an alliance": what is agreed is an ending.
    let after = &lower[(start + m.len()).min(lower.len())..];
    let agreed_end = [
        " to dissolve",
        " to end ",
        " to terminate",
        " to unwind",
        " to scrap",
        " to cancel",
    ]
    .iter()
    .any(|w| after.starts_with(w));
    if term
        .find_iter(window)
        .any(|t| !ends_a_dispute(&window[t.start()..]))
        || agreed_end
    {
        return Some(("terminated", true));
    }
    if rumour.is_match(window) {
        return Some(("rumoured", true));
    }
    if plan.is_match(window) {
        return Some(("planned", true));
    }
    let aux = format!(" {} ", hit.aux);
    let transfer = types.iter().any(|t| {
        matches!(
            t.as_str(),
            "acquisition" | "investment" | "patent_acquisition"
        )
    });
    if aux.contains(" agreed ") || aux.contains(" agree ") || aux.contains(" agrees ") {
        return Some(("signed", true));
    }
    if aux.contains(" will ")
        || aux.contains(" is to ")
        || aux.contains(" are to ")
        || aux.contains(" set to ")
        || aux.contains(" expected ")
        || aux.contains(" bid ")
        || aux.contains(" offered ")
        || m.contains(" bid")
        || m.contains(" offer")
    {
        return Some(("announced", true));
    }
    static PAST: OnceLock<Regex> = OnceLock::new();
    let past = static_re(
        &PAST,
        r"\b(?:bought|acquired|purchased|outbid|beat|took over|taken over|snapped up|swallowed|absorbed|sold|offloaded|divested|disposed of|completed|completes|completion of|made|closed|closes|finalised|finalized|finalises|finalizes|took|taken|invested|injected|pumped|backed|funded|financed|bankrolled|led|co-led|participated in|took part in|raised|secured|received|merged|combined|transferred|handed over|established|set up|formed|paid|paying|spent|spending|(?:purchase|acquisition|takeover|buy) was)\b",
    );
    if transfer {
        // "Kestrel's takeover of Brandt was completed in March": a deal named by its noun
        // says after it whether it happened.
        let done_after = [
            " was completed",
            " has been completed",
            " had been completed",
            " was finalised",
            " was finalized",
            " was closed",
            " has closed",
            " closed in",
            " closed on",
            " went through",
        ]
        .iter()
        .any(|w| after.starts_with(w));
        // A headline writes a completion in the present ("Fjordnet and Kalvik complete
        // merger"); "due to complete" and "expected to complete" have not happened yet.
        let present_done = m.contains(" complete ") && !m.contains(" to complete ");
        if past.is_match(m) || done_after || present_done {
            return Some(("completed", true));
        }
        if m.contains(" signed") || m.contains(" agreed") || m.contains(" struck") {
            return Some(("signed", true));
        }
        return Some(("announced", false));
    }
    if types.iter().any(|t| t == "joint_venture")
        && (m.contains("established") || m.contains("set up") || m.contains("formed"))
    {
        return Some(("completed", true));
    }
    let said = ["signed", "agreed", "struck", "inked", "sealed", "reached"];
    Some(("signed", said.iter().any(|w| m.contains(w))))
}

/// Character offset of a byte offset, using the sentence that contains it.
fn char_at(text: &str, sentences: &[Sentence], byte: usize) -> usize {
    let s = sentences
        .iter()
        .rev()
        .find(|s| s.byte_start <= byte)
        .copied()
        .unwrap_or(Sentence {
            start: 0,
            end: 0,
            byte_start: 0,
            byte_end: 0,
        });
    let byte = byte.min(text.len());
    s.start
        + text
            .get(s.byte_start..byte)
            .map_or(0, |t| t.chars().count())
}

/// Evidence for a span given in bytes from the start of sentence `sentence`.
fn evidence_in(
    article: &Article,
    field: &str,
    sentence: usize,
    start: usize,
    end: usize,
) -> Evidence {
    let base = article.sentences[sentence].byte_start;
    evidence(article, field, sentence, base + start, base + end)
}

fn evidence(
    article: &Article,
    field: &str,
    sentence: usize,
    bstart: usize,
    bend: usize,
) -> Evidence {
    Evidence {
        field: field.to_string(),
        sentence,
        start: char_at(&article.text, &article.sentences, bstart),
        end: char_at(&article.text, &article.sentences, bend),
    }
}

/// Turns assembled deals into records: fields, primary, ids, evidence, confidence.
fn finish(
    article: &Article,
    entities: &[Entity],
    mentions: &[Mention],
    mut deals: Vec<Deal>,
    dates: &SentenceDates,
) -> Vec<DealRecord> {
    let text = &article.text;
    let published = article.published;
    deals.retain(|d| d.parties.len() >= 2 || d.pledge);
    // A sale whose buyer was never named ("is offloading its stake in X") is no record: the
    // contract's transfers need the side that buys.
    deals.retain(|d| {
        let has = |roles: &[&str]| d.parties.iter().any(|p| roles.contains(&p.1.as_str()));
        !d.types.iter().all(|(t, _)| is_transfer(t))
            || has(&["acquirer", "investor", "buyer"])
            || !has(&["seller", "target", "investee"])
    });
    // Lead: the headline (when the text starts with it) and the first two body sentences.
    let has_headline = article.sentences.first().is_some_and(|s| {
        let first = s.slice(text);
        !first.ends_with(['.', '!', '?', '"', '\u{201d}'])
            && article
                .title
                .as_deref()
                .is_none_or(|t| t.trim() == first.trim())
    });
    // The lead: the headline when the text starts with one, and the first two body sentences.
    let lead = if has_headline { 3 } else { 2 };
    // Quotes scan the whole text and only the primary deal takes them: found on first need.
    let mut quotes = None;
    let mut records = Vec::new();
    let mut primary_taken = false;
    let mut order: Vec<usize> = (0..deals.len()).collect();
    order.sort_by_key(|&i| deals[i].first_sentence);
    let mut built: Vec<(usize, DealRecord)> = Vec::new();
    let hit_lists: Vec<BTreeSet<usize>> = deals.iter().map(|d| d.hit_sentences.clone()).collect();
    for i in order {
        let others_hits: BTreeSet<usize> = hit_lists
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .flat_map(|(_, h)| h.iter().copied())
            .collect();
        // (entity, byte start) of the other deals' parties, to keep one clause's figure
        // from another clause's deal.
        let others_parties: Vec<(usize, usize)> = deals
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .flat_map(|(_, o)| o.parties.iter().map(|p| (p.0, p.2 .0)))
            .collect();
        let d = &mut deals[i];
        let mut ev: Vec<Evidence> = Vec::new();
        // Types, most specific first; a cross-licence is the more specific patent licence.
        let mut types: Vec<String> = d.types.iter().map(|t| t.0.clone()).collect();
        order_types(&mut types);
        if types.iter().any(|t| t == "patent_cross_license") {
            types.retain(|t| t != "patent_license" && t != "technology_license");
        }
        // Roles come from the most specific type that names the party.
        let mut parties: Vec<Party> = Vec::new();
        for (ent, first_role, span) in &d.parties {
            let role = DEAL_TYPES
                .iter()
                .filter(|t| types.iter().any(|x| x == *t))
                .find_map(|t| {
                    d.types.iter().find(|(x, _)| x == t).and_then(|(_, roles)| {
                        roles.iter().find(|(e, _)| e == ent).map(|(_, r)| r.clone())
                    })
                })
                .unwrap_or_else(|| first_role.clone());
            let e = &entities[*ent];
            let mention = text
                .get(span.0..span.1)
                .filter(|m| {
                    mentions
                        .iter()
                        .any(|x| x.byte_start == span.0 && x.entity == *ent)
                        && !m.is_empty()
                })
                .map(str::to_string)
                .unwrap_or_else(|| {
                    e.forms
                        .first()
                        .cloned()
                        .unwrap_or_else(|| e.canonical.clone())
                });
            let si = sentence_of(&article.sentences, span.0);
            ev.push(evidence(article, "parties", si, span.0, span.1));
            parties.push(Party {
                name: e.canonical.clone(),
                mention,
                role,
                descriptor: e.descriptor.clone(),
                country: e.country.clone(),
            });
        }
        // Parties in the contract's order of roles (seller before buyer), text order within.
        parties.sort_by_key(|p| ROLES.iter().position(|r| *r == p.role));
        for &si in &d.hit_sentences {
            let s = article.sentences[si];
            ev.push(evidence(article, "types", si, s.byte_start, s.byte_end));
        }
        // Date: the first date written in a sentence where a pattern matched.
        let mut date = None;
        // A rumoured deal has not happened: a date in its sentence is the report's, not its.
        let dated = if d.status == "rumoured" {
            &BTreeSet::new()
        } else {
            &d.hit_sentences
        };
        for &si in dated {
            let s = article.sentences[si];
            let st = s.slice(text);
            let found = dates.of(si);
            if found.is_empty() {
                continue;
            }
            // "Bought CA for $18.9bn in 2018, and in 2019 it bought Symantec's unit": a date
            // in the clause of the deal's last-named party in this sentence comes first, and
            // one in a clause that names only another deal's parties never.
            let (own, others) = clause_parties(&d.parties, &others_parties, s);
            let last_party = d
                .parties
                .iter()
                .map(|p| p.2 .0)
                .filter(|&b| b >= s.byte_start && b < s.byte_end)
                .max()
                .map(|b| b - s.byte_start);
            let own_clause = last_party.and_then(|at| {
                let clause = clause_of(st, at);
                found
                    .iter()
                    .find(|f| clause_of(st, f.start) == clause && !ends_other_clause(st, f.end))
            });
            let elsewhere = || {
                found.iter().find(|f| {
                    !ends_other_clause(st, f.end) && may_belong(st, f.start, &own, &others)
                })
            };
            if let Some(f) = own_clause.or_else(elsewhere).cloned() {
                ev.push(evidence_in(article, "date", si, f.start, f.end));
                date = Some(DealDate {
                    value: f.value,
                    precision: f.precision.into(),
                    basis: f.basis.into(),
                });
                break;
            }
        }
        // Primary: the earliest deal named in the lead, unless it is dated in the past.
        let past = date.as_ref().is_some_and(|dt| {
            let year: i32 = dt.value.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0);
            published.map_or(dt.basis == "explicit", |p| {
                year < chrono::Datelike::year(&p)
            })
        });
        let primary = !primary_taken && d.first_sentence < lead && !past && !d.standing;
        primary_taken |= primary;
        // A rumour has no event to date; every other status is reported as happening now.
        if date.is_none() && primary && d.status != "rumoured" {
            date = published.map(|p| DealDate {
                value: p.to_string(),
                precision: "day".into(),
                basis: "article".into(),
            });
        }
        // Patents, only for patent deals.
        let patent_deal = types.iter().any(|t| t.starts_with("patent_"));
        let mut patents = None;
        if patent_deal {
            let mut best: Option<(usize, fields::FoundPatents)> = None;
            for &si in &d.sentences {
                let s = article.sentences[si];
                if let Some(p) = fields::patents(s.slice(text)) {
                    let better = match &best {
                        None => true,
                        Some((_, b)) => {
                            (b.count.is_none() && p.count.is_some())
                                || (b.count.is_none() == p.count.is_none()
                                    && p.kinds.len() > b.kinds.len())
                        }
                    };
                    if better {
                        best = Some((si, p));
                    }
                }
            }
            if let Some((si, p)) = best {
                ev.push(evidence_in(article, "patents", si, p.start, p.end));
                patents = Some(Patents {
                    count: p.count,
                    approximate: p.approximate,
                    mention: p.mention,
                    kinds: p.kinds,
                });
            }
        }
        // Money: a figure tied to the deal in a pattern sentence, else a non-disclosure note.
        let mut money = None;
        // Pattern sentences first, then the others that speak of the deal ("the sale of the
        // stake to Ferrovial for £146m"), then the sentence right after the first pattern
        // sentence when it says what a party pays ("Illva will pay 481m yuan").
        let pays = |si: usize| {
            let st = article.sentences[si].slice(text).to_ascii_lowercase();
            [
                " pay ", " pays ", " paid ", " paying ", " price ", " worth ",
            ]
            .iter()
            .any(|w| st.contains(w))
                && mentions
                    .iter()
                    .any(|m| m.sentence == si && d.parties.iter().any(|p| p.0 == m.entity))
        };
        // A sentence that found a deal of its own keeps its figures for that deal.
        let next_after_hit = d.hit_sentences.first().map(|&h| h + 1).filter(|&n| {
            n < article.sentences.len()
                && pays(n)
                && !others_hits.contains(&n)
                && d.status != "rumoured"
        });
        let money_sentences: Vec<usize> = d
            .hit_sentences
            .iter()
            .copied()
            .chain(d.sentences.difference(&d.hit_sentences).copied())
            .chain(next_after_hit)
            .collect();
        for si in money_sentences {
            let s = article.sentences[si];
            let (own, others) = clause_parties(&d.parties, &others_parties, s);
            if let Some(m) = money_of_clause(s.slice(text), &own, &others) {
                ev.push(evidence_in(article, "money", si, m.start, m.end));
                money = Some(m.into_money());
                break;
            }
        }
        if money.is_none() {
            let und = d.undisclosed.take().or_else(|| {
                d.sentences.iter().find_map(|&si| {
                    fields::undisclosed(article.sentences[si].slice(text)).map(|m| (si, m))
                })
            });
            if let Some((si, m)) = und {
                ev.push(evidence_in(article, "money", si, m.start, m.end));
                money = Some(m.into_money());
            }
        }
        // Duration, areas and technologies from every sentence about the deal; the areas of
        // the article's main deal also from its lead, where news names what the parties make
        // ("Swiss drugmaker Novartis").
        let mut duration = None;
        let mut areas: Vec<String> = Vec::new();
        let mut technologies: Vec<String> = Vec::new();
        let party_ents = d.entity_set();
        let mut add_areas = |si: usize, ev: &mut Vec<Evidence>| {
            let base = article.sentences[si].byte_start;
            for (label, a, b) in fields::areas(article.sentences[si].slice(text)) {
                // "The Cloud", "Sky": an area word inside an organisation's name is no area.
                let in_name = mentions.iter().any(|m| {
                    m.byte_start <= base + a
                        && base + b <= m.byte_end
                        && party_ents.contains(&m.entity)
                });
                if !in_name && !areas.contains(&label) {
                    ev.push(evidence_in(article, "areas", si, a, b));
                    areas.push(label);
                }
            }
        };
        let lead_sentences = if primary {
            0..lead.min(article.sentences.len())
        } else {
            0..0
        };
        for si in lead_sentences.filter(|si| !d.sentences.contains(si)) {
            add_areas(si, &mut ev);
        }
        for &si in &d.sentences {
            let s = article.sentences[si];
            let st = s.slice(text);
            if duration.is_none() {
                if let Some(f) = fields::duration(st, published) {
                    ev.push(evidence_in(article, "duration", si, f.start, f.end));
                    duration = Some(Duration {
                        mention: f.mention,
                        years: f.years,
                    });
                }
            }
            add_areas(si, &mut ev);
            for (t, a, b) in fields::technologies(st) {
                if !technologies.contains(&t) {
                    ev.push(evidence_in(article, "technologies", si, a, b));
                    technologies.push(t);
                }
            }
        }
        let names: Vec<String> = parties.iter().map(|p| p.name.to_lowercase()).collect();
        let mut deal_quotes = Vec::new();
        if primary {
            for q in quotes.get_or_insert_with(|| fields::quotes(text)).iter() {
                if q.organization
                    .as_ref()
                    .is_some_and(|o| names.contains(&o.to_lowercase()))
                {
                    let si = sentence_of(&article.sentences, q.start);
                    ev.push(evidence(article, "quotes", si, q.start, q.end));
                    deal_quotes.push(Quote {
                        speaker: q.speaker.clone(),
                        title: q.title.clone(),
                        organization: q.organization.clone(),
                        text: q.text.clone(),
                    });
                }
            }
        }
        ev.sort_by(|a, b| (a.sentence, a.start, &a.field).cmp(&(b.sentence, b.start, &b.field)));
        ev.dedup();
        let support = d.hit_sentences.len() as f64;
        let mut confidence = 0.55 + 0.1 * (support - 1.0).min(2.0);
        if d.weak {
            confidence -= 0.2;
        }
        if d.status == "rumoured" {
            confidence -= 0.1;
        }
        if entities_known(&d.parties, entities) {
            confidence += 0.1;
        }
        let confidence = (confidence.clamp(0.05, 0.95) * 100.0).round() / 100.0;
        built.push((
            d.first_sentence,
            DealRecord {
                schema: SCHEMA.to_string(),
                id: String::new(),
                article: ArticleRef {
                    id: article.id.clone(),
                    url: article.url.clone(),
                    title: article.title.clone(),
                    published: published.map(|p| p.to_string()),
                    source: article.site.clone(),
                },
                types,
                parties,
                date,
                status: d.status.to_string(),
                patents,
                areas,
                technologies,
                duration,
                money,
                quotes: deal_quotes,
                primary,
                evidence: ev,
                confidence,
                revision: None,
            },
        ));
    }
    built.sort_by_key(|(s, _)| *s);
    // The ordinal counts earlier records with the same base id; bases are kept, not rehashed.
    let mut bases: Vec<String> = Vec::with_capacity(built.len());
    for (_, mut r) in built {
        let names: Vec<&str> = r.parties.iter().map(|p| p.name.as_str()).collect();
        let date = r.date.as_ref().map(|d| d.value.as_str());
        let base = record_id(&r.article.id, &names, &r.types, date, 0);
        let ordinal = bases.iter().filter(|b| **b == base).count();
        // The first record with a base is identified by it; only later ones hash again.
        r.id = if ordinal == 0 {
            base.clone()
        } else {
            record_id(&r.article.id, &names, &r.types, date, ordinal)
        };
        bases.push(base);
        records.push(r);
    }
    records
}

/// The dates of each sentence, read on first need: a sentence's dates are asked for by every
/// pattern hit in it and again by every deal it dates, and reading them is one of the costlier
/// regexes.
struct SentenceDates<'a> {
    article: &'a Article,
    found: Vec<std::cell::OnceCell<Vec<fields::FoundDate>>>,
}

impl<'a> SentenceDates<'a> {
    fn new(article: &'a Article) -> SentenceDates<'a> {
        SentenceDates {
            article,
            found: vec![std::cell::OnceCell::new(); article.sentences.len()],
        }
    }

    fn of(&self, si: usize) -> &[fields::FoundDate] {
        let Some(cell) = self.found.get(si) else {
            return &[];
        };
        cell.get_or_init(|| {
            let a = self.article;
            fields::dates(a.sentences[si].slice(&a.text), a.published)
        })
    }
}

fn entities_known(parties: &[(usize, String, (usize, usize))], entities: &[Entity]) -> bool {
    parties.iter().all(|p| entities[p.0].company.is_some())
}

fn sentence_of(sentences: &[Sentence], byte: usize) -> usize {
    sentences
        .iter()
        .rposition(|s| s.byte_start <= byte)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The comma-led scan finds what searching for each break on its own finds.
    #[test]
    fn clause_breaks_are_every_break_in_order() {
        let reference = |s: &str| {
            let mut v: Vec<(usize, usize)> = CLAUSE_BREAKS
                .iter()
                .flat_map(|b| s.match_indices(b).map(|(i, m)| (i, i + m.len())))
                .collect();
            v.sort_unstable();
            v
        };
        for s in [
            "A bought B, and C sold D; E, but F, while G, and, H",
            ", and , and ;; ; , but",
            "no breaks here, none at all;",
            "Ärger, and über; ünd, while",
        ] {
            assert_eq!(clause_breaks(s).collect::<Vec<_>>(), reference(s), "{s}");
            for at in 0..=s.len() {
                if s.is_char_boundary(at) {
                    let want = reference(&s[..at]).len();
                    assert_eq!(clause_of(s, at), want, "{s} at {at}");
                }
            }
        }
    }

    fn txt_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                txt_files(&p, out);
            } else if p.extension().is_some_and(|x| x == "txt") {
                out.push(p);
            }
        }
        out.sort();
    }

    /// The fast pattern matcher finds exactly what the plain `captures_iter` one finds, on the
    /// templates of real sentences: the bundled corpus, and news-dev when `../shared` (or
    /// `$DEALWIRE_SHARED`) is there. Templates are built with an antecedent and a pair so that
    /// "it", "the company" and "both companies" slots occur too.
    #[test]
    fn fast_matching_agrees_with_the_reference_on_real_templates() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        txt_files(&root.join("corpus"), &mut files);
        let shared = std::env::var_os("DEALWIRE_SHARED")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| root.join("../shared"));
        if shared.is_dir() {
            // Every fourth article keeps the debug-build run short.
            let mut news = Vec::new();
            txt_files(&shared.join("data/news-dev"), &mut news);
            files.extend(news.into_iter().step_by(4));
        } else {
            eprintln!("news-dev part skipped: ../shared not found (set DEALWIRE_SHARED)");
        }
        let mut templates = 0;
        for f in files {
            let Ok(text) = std::fs::read_to_string(&f) else {
                continue;
            };
            let article = Article::for_test(&text, None);
            let (entities, mentions) = orgs::find(&article);
            let pair = (entities.len() >= 2).then_some((0, 1));
            let salient = (!entities.is_empty()).then_some(0);
            for (si, s) in article.sentences.iter().enumerate() {
                let ms: Vec<Mention> = mentions
                    .iter()
                    .filter(|m| m.sentence == si)
                    .cloned()
                    .collect();
                let recent: Vec<usize> = (0..entities.len()).collect();
                let (t, _) = build_template(
                    s.slice(&text),
                    s.byte_start,
                    &ms,
                    &entities,
                    salient,
                    pair,
                    &recent,
                );
                if !t.contains('<') {
                    continue;
                }
                assert_eq!(
                    patterns::matches(&t),
                    patterns::matches_reference(&t),
                    "{}: {t}",
                    f.display()
                );
                templates += 1;
            }
        }
        assert!(templates > 100);
    }

    fn records(text: &str) -> Vec<DealRecord> {
        let article = Article::for_test(text, chrono::NaiveDate::from_ymd_opt(2020, 3, 4));
        extract(&article).0
    }

    /// Types, (party, role) pairs and status of a record.
    type Summary = (Vec<String>, Vec<(String, String)>, String);

    fn summary(r: &DealRecord) -> Summary {
        (
            r.types.clone(),
            r.parties
                .iter()
                .map(|p| (p.name.clone(), p.role.clone()))
                .collect(),
            r.status.clone(),
        )
    }

    /// The summaries of the records of a text.
    fn summaries(text: &str) -> Vec<Summary> {
        records(text).iter().map(summary).collect()
    }

    #[test]
    fn a_later_pair_phrase_does_not_hide_the_company_referred_to() {
        // "The company" is the start-up spoken of before; "the two firms" after it in the same
        // sentence must not rule the start-up out, and the dated investment that has happened
        // stays apart from the one still to come.
        let r = records(
            "Keplar Group and Vantor Ltd agreed to work together on batteries. \
             Separately, Keplar Group will invest $200m in battery start-up Ostrel. \
             Keplar Group knows the start-up well. \
             In 2019 it made a smaller investment in the company, and engineers from the two \
             firms have tested cells since.",
        );
        let investments: Vec<Summary> = r
            .iter()
            .map(summary)
            .filter(|s| s.0 == ["investment"])
            .collect();
        let pair = |st: &str| {
            (
                vec!["investment".to_string()],
                vec![
                    ("Keplar Group".to_string(), "investor".to_string()),
                    ("Ostrel".to_string(), "investee".to_string()),
                ],
                st.to_string(),
            )
        };
        assert_eq!(
            investments,
            [pair("announced"), pair("completed")],
            "{r:#?}"
        );
        let dated = r.iter().find(|x| x.status == "completed");
        assert_eq!(
            dated
                .and_then(|x| x.date.as_ref())
                .map(|d| d.value.as_str()),
            Some("2019")
        );
    }

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
    fn the_company_is_the_other_one_this_sentence_named() {
        // "The company" after the subject's own clause named another organisation is that
        // one, not an organisation from sentences before.
        let r = records(
            "Vantor Ltd will buy the remaining shares in Ostrel from Brightmere Capital. \
             Vantor Ltd first invested in Ostrel in 2015, when it took a 40% stake in the company.",
        );
        let got: Vec<Summary> = r.iter().map(summary).collect();
        assert!(
            got.iter().any(|s| s.0 == ["investment"]
                && s.1
                    == [
                        ("Vantor".to_string(), "investor".to_string()),
                        ("Ostrel".to_string(), "investee".to_string())
                    ]),
            "{got:?}"
        );
        assert!(
            !got.iter().any(|s| s.0 == ["investment"]
                && s.1
                    .contains(&("Brightmere Capital".to_string(), "investee".to_string()))),
            "{got:?}"
        );
    }

    #[test]
    fn taking_a_licence_or_paying_royalties_makes_the_payer_a_licensee() {
        let licence = |a: &str, b: &str| {
            vec![
                (b.to_string(), "licensor".to_string()),
                (a.to_string(), "licensee".to_string()),
            ]
        };
        for text in [
            "Keplar Group took a licence to Vantor Ltd's patents on radio chips.",
            "Under the deal Keplar Group pays royalties for Vantor Ltd's patents.",
            "Keplar Group will pay Vantor Ltd royalties on every handset that uses its patents.",
        ] {
            let got: Vec<Summary> = summaries(text);
            assert!(
                got.iter()
                    .any(|s| s.0.contains(&"patent_license".to_string())
                        && s.1 == licence("Keplar Group", "Vantor")),
                "{text}: {got:?}"
            );
        }
        let got: Vec<Summary> = records(
            "Keplar Group has agreed to pay Vantor Ltd $30m to settle a patent dispute over \
             speakers.",
        )
        .iter()
        .map(summary)
        .collect();
        assert!(
            got.iter()
                .any(|s| s.0.contains(&"patent_settlement".to_string()) && s.2 != "terminated"),
            "{got:?}"
        );
    }

    #[test]
    fn ending_a_dispute_does_not_end_the_deal() {
        assert!(ends_a_dispute("ended that fight in december 2015"));
        assert!(ends_a_dispute(
            "ending one of the most bitter legal battles in the industry"
        ));
        assert!(!ends_a_dispute("ended their alliance after a dispute"));
        assert!(!ends_a_dispute("ended the partnership"));
        let got: Vec<Summary> = records(
            "The two rivals ended that fight in 2015, when Keplar Group took a licence to \
             Vantor Ltd's patents.",
        )
        .iter()
        .map(summary)
        .collect();
        assert!(
            got.iter()
                .any(|s| s.0 == ["patent_license"] && s.2 != "terminated"),
            "{got:?}"
        );
    }

    #[test]
    fn an_appositive_naming_another_company_keeps_subject_and_verb_together() {
        let got: Vec<Summary> = records(
            "Keplar Group, the owner of the Ostrel Games Ltd studio, bought 300 patents from \
             Vantor Ltd last month.",
        )
        .iter()
        .map(summary)
        .collect();
        assert_eq!(
            got,
            [(
                vec!["patent_acquisition".to_string()],
                vec![
                    ("Vantor".to_string(), "seller".to_string()),
                    ("Keplar Group".to_string(), "buyer".to_string())
                ],
                "completed".to_string()
            )]
        );
        assert_eq!(naming_appositive(", the owner of X, bought"), Some(18));
        assert_eq!(naming_appositive(", the Finnish firm, and X agreed"), None);
        assert_eq!(naming_appositive(", which bought X, said"), None);
    }

    #[test]
    fn a_deal_or_plan_to_buy_reads_as_buying() {
        for (text, status) in [
            (
                "Keplar Group has abandoned its $4bn deal to buy Ostrel Ltd from Vantor Ltd.",
                "terminated",
            ),
            (
                "Keplar Group struck a deal to buy Ostrel Ltd on Monday.",
                "signed",
            ),
        ] {
            let got: Vec<Summary> = summaries(text);
            assert!(
                got.iter().any(|s| s.0 == ["acquisition"]
                    && s.1
                        .contains(&("Keplar Group".to_string(), "acquirer".to_string()))
                    && s.1.contains(&("Ostrel".to_string(), "target".to_string()))
                    && s.2 == status),
                "{text}: {got:?}"
            );
        }
    }

    #[test]
    fn a_business_of_a_company_is_bought_from_it_and_dated_in_its_own_clause() {
        let r = records(
            "Keplar Group bought Ostrel Ltd for $1bn in 2018, and in 2019 it bought the \
             enterprise security business of Vantor Ltd for $700m.",
        );
        let date_of = |name: &str, role: &str| {
            r.iter()
                .find(|x| x.parties.iter().any(|p| p.name == name && p.role == role))
                .map(|x| x.date.as_ref().map(|d| d.value.clone()))
        };
        assert_eq!(date_of("Ostrel", "target"), Some(Some("2018".to_string())));
        assert_eq!(date_of("Vantor", "seller"), Some(Some("2019".to_string())));
        assert_eq!(clause_of("a in 2018, and in 2019 b", 20), 1);
        assert_eq!(clause_of("a in 2018, and in 2019 b", 5), 0);
    }

    #[test]
    fn agreeing_with_a_company_to_develop_is_a_partnership() {
        let got: Vec<Summary> = summaries(
            "Keplar Group has agreed with Vantor Ltd to jointly develop affordable electric cars.",
        );
        assert_eq!(
            got,
            [(
                vec!["partnership".to_string()],
                vec![
                    ("Keplar Group".to_string(), "partner".to_string()),
                    ("Vantor".to_string(), "partner".to_string())
                ],
                "signed".to_string()
            )]
        );
    }

    #[test]
    fn each_clause_keeps_its_own_figure() {
        let r = records(
            "Keplar Group bought Ostrel Ltd for $1bn in 2018, and in 2019 it bought Vantor Ltd \
             for $700m.",
        );
        let money_of = |name: &str| {
            r.iter()
                .find(|x| x.parties.iter().any(|p| p.name == name))
                .and_then(|x| x.money.as_ref())
                .and_then(|m| m.amount)
        };
        assert_eq!(money_of("Ostrel"), Some(1e9));
        assert_eq!(money_of("Vantor"), Some(7e8));
        let r = records(
            "Keplar Group bought Ostrel Ltd for $1bn in 2018, and in 2019 it bought Vantor Ltd.",
        );
        let vantor = r
            .iter()
            .find(|x| x.parties.iter().any(|p| p.name == "Vantor"));
        assert!(vantor.is_some_and(|x| x.money.is_none()), "{r:#?}");
        assert_eq!(clause_range("a, and b; c", 1), (7, 8));
    }

    #[test]
    fn companies_developing_a_common_thing_are_partners() {
        let got: Vec<Summary> = records(
            "Unlike Brightmere Networks Ltd, chip firms Keplar Group, Vantor Ltd and Ostrel Inc \
             are developing a common standard for wireless charging.",
        )
        .iter()
        .map(summary)
        .collect();
        let partner = |n: &str| (n.to_string(), "partner".to_string());
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, ["partnership"]);
        let mut names = got[0].1.clone();
        names.sort();
        assert_eq!(
            names,
            [
                partner("Keplar Group"),
                partner("Ostrel"),
                partner("Vantor")
            ]
        );
    }

    #[test]
    fn a_sentence_opening_with_a_name_makes_it_what_it_is_about() {
        let got: Vec<Summary> = records(
            "Brightlane, Casaveo and Nordhus Electric AG make thermostats. Casaveo has been one of \
             the busiest investors in the sector. It took a 15% stake in Keyfold Ltd in 2023.",
        )
        .iter()
        .map(summary)
        .collect();
        assert!(
            got.iter().any(|s| s.0 == ["investment"]
                && s.1
                    .contains(&("Casaveo".to_string(), "investor".to_string()))),
            "{got:?}"
        );
    }

    #[test]
    fn backing_a_company_after_a_stake_is_the_subject_s_investment() {
        // "The group" opening the second clause carries the subject on; the year belongs to
        // the first clause's deal only.
        let r = records(
            "Keplar Group has been a big investor in Asia. It took a stake in Vantor Ltd in \
             2018, and the group has also backed payments company Ostrel Ltd.",
        );
        let got: Vec<Summary> = r.iter().map(summary).collect();
        let ostrel = r
            .iter()
            .find(|x| x.parties.iter().any(|p| p.name == "Ostrel"));
        assert!(
            ostrel.is_some_and(|x| x.types == ["investment"]
                && x.status == "completed"
                && x.date.as_ref().is_none_or(|d| d.value != "2018")
                && x.parties
                    .iter()
                    .any(|p| p.name == "Keplar Group" && p.role == "investor")),
            "{got:?} {ostrel:#?}"
        );
    }

    #[test]
    fn talks_about_a_deal_are_a_plan() {
        for (text, want) in [
            (
                "Keplar Group is in discussions to cooperate with Vantor Ltd on chips.",
                "partnership",
            ),
            (
                "Keplar Group is in talks with Vantor Ltd about a possible alliance.",
                "partnership",
            ),
            (
                "Keplar Group said it was in advanced talks to acquire Vantor Ltd.",
                "acquisition",
            ),
            (
                "Keplar Group has held discussions with Vantor Ltd over a merger.",
                "acquisition",
            ),
        ] {
            let r = records(text);
            assert_eq!(r.len(), 1, "{text}: {r:?}");
            assert_eq!(
                (r[0].types[0].as_str(), r[0].status.as_str()),
                (want, "planned"),
                "{text}"
            );
        }
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
    fn an_adverb_between_commas_keeps_the_subject() {
        let r = records("Keplar Group, meanwhile, has agreed to merge with Vantor Ltd.");
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(r[0].types, ["acquisition"]);
    }

    #[test]
    fn an_offer_for_a_company_is_a_bid_and_close_to_a_deal_is_a_plan() {
        let r = records("Media reports said Keplar Group would make an offer for Vantor Ltd.");
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(
            (r[0].types[0].as_str(), r[0].status.as_str()),
            ("acquisition", "rumoured")
        );
        let r = records("Keplar Group said it was close to striking a deal with Vantor Ltd.");
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(r[0].status, "planned");
    }

    #[test]
    fn the_winner_of_a_contest_is_the_buyer() {
        for text in [
            "Keplar Group outbid favourite Vantor Ltd, a state-owned firm, to buy Brightmere Networks.",
            "A year ago Keplar Group beat Vantor Ltd to buy Brightmere Networks.",
        ] {
            let r = records(text);
            assert_eq!(r.len(), 1, "{text}: {r:?}");
            let (types, parties, status) = summary(&r[0]);
            assert_eq!(types, ["acquisition"], "{text}");
            assert_eq!(status, "completed", "{text}");
            assert!(
                parties.contains(&("Keplar Group".into(), "acquirer".into()))
                    && !parties.iter().any(|p| p.0 == "Vantor"),
                "{text}: {parties:?}"
            );
        }
    }

    #[test]
    fn an_agreed_ending_terminates_the_alliance() {
        for text in [
            "Keplar Motors recently negotiated an end to its alliance with Vantor Group.",
            "Keplar Motors reached an agreement with Vantor Group to dissolve their alliance.",
        ] {
            let r = records(text);
            assert_eq!(r.len(), 1, "{text}: {r:?}");
            assert_eq!(r[0].status, "terminated", "{text}");
        }
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
    fn a_participle_clause_shares_the_subject() {
        let r = records(
            "Madrid-based Ferrovial SA has been keen to snap up UK assets, having bought Amey plc in 2003.",
        );
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(
            summary(&r[0]),
            (
                vec!["acquisition".to_string()],
                vec![
                    ("Ferrovial".to_string(), "acquirer".to_string()),
                    ("Amey".to_string(), "target".to_string())
                ],
                "completed".to_string()
            )
        );
        let r = records(
            "Exel plc employs 109,000 people and has been active in the consolidation of the \
             logistics sector, paying £328m to buy fellow UK firm Tibbett & Britten last August.",
        );
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(r[0].status, "completed");
        assert_eq!(
            r[0].money.as_ref().and_then(|m| m.amount),
            Some(328_000_000.0)
        );
    }

    #[test]
    fn a_thing_as_subject_implies_the_article_s_organisation() {
        let r = records(
            "Internet giant Yahoo has launched desktop search software. \
             The desktop search technology has been licensed from a US-based firm X1 Technologies Inc.",
        );
        assert_eq!(r.len(), 1, "{r:?}");
        let (types, parties, status) = summary(&r[0]);
        assert_eq!(types, ["technology_license"]);
        assert_eq!(status, "signed");
        assert!(
            parties.contains(&("Yahoo".into(), "licensee".into())),
            "{parties:?}"
        );
        assert!(
            parties.contains(&("X1 Technologies".into(), "licensor".into())),
            "{parties:?}"
        );
        // With no organisation spoken of before, there is nobody to imply.
        assert!(records("The technology has been licensed from X1 Technologies Inc.").is_empty());
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
    fn paying_for_a_company_is_buying_it() {
        let r = records(
            "Consolidation is being driven by Constellation Brands, the world's biggest \
             winemaker. It seized the top spot when it bought BRL Hardy Ltd for just over $1bn \
             in 2003. Since then, it has paid $1bn for US wine maker Robert Mondavi.",
        );
        let got: Vec<_> = r.iter().map(summary).collect();
        assert_eq!(r.len(), 2, "{got:?}");
        for rec in &r {
            assert_eq!(rec.parties[0].name, "Constellation Brands", "{got:?}");
            assert_eq!(rec.money.as_ref().and_then(|m| m.amount), Some(1e9));
        }
        assert!(
            r.iter().any(|x| x.parties[1].name == "Robert Mondavi"),
            "{got:?}"
        );
    }

    #[test]
    fn cooperation_without_a_partnership_verb() {
        let r = summaries(
            "Samsung Electronics and Sony are among the firms working together on LCD panels.",
        );
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(r[0].0, ["partnership"]);
        let r = summaries(
            "A slimming aid is set to be developed by UK firm Phytopharm plc and Unilever. \
             Phytopharm plc will receive an initial fee of £6.5m from Unilever, out of a \
             potential total of £21m, as well as royalties on sales.",
        );
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(r[0].0, ["technology_license", "partnership"], "{r:?}");
        assert!(
            r[0].1.contains(&("Phytopharm".into(), "licensor".into())),
            "{r:?}"
        );
        let m = records(
            "Phytopharm plc will receive an initial fee of £6.5m from Unilever, out of a \
             potential total of £21m, as well as royalties on sales.",
        );
        assert_eq!(m[0].money.as_ref().and_then(|m| m.amount), Some(21e6));
        assert_ne!(m[0].status, "rumoured", "a potential total is no rumour");
        let r =
            summaries("The $1.75bn agreement Lenovo signed with IBM on 8 December goes through.");
        assert_eq!(r.len(), 1, "{r:?}");
        let r = summaries(
            "Virgin Radio is going mobile. The radio station, in partnership with technology \
             firm Sydus Inc, will broadcast on 3G networks.",
        );
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(r[0].1[0].0, "Virgin Radio", "{r:?}");
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
    fn the_subject_of_the_clause_is_not_the_company_it_names() {
        let r = records(
            "Shares in Brightmere Networks jumped after fibre operator Calder Telecom Ltd bought a \
             19.9% stake in the cable company.",
        );
        let got: Vec<Summary> = r.iter().map(summary).collect();
        assert_eq!(r.len(), 1, "{got:?}");
        assert!(
            got[0]
                .1
                .contains(&("Brightmere Networks".into(), "investee".into())),
            "{got:?}"
        );
    }

    #[test]
    fn a_rumour_has_no_date_and_no_price_of_its_stake() {
        let r = records(
            "Calder Telecom Ltd bought a 19.9% stake in Brightmere Networks on Tuesday, sparking \
             rumours of a possible takeover. Calder Telecom Ltd paid 3.10 pounds a share for the holding.",
        );
        let rumour = r.iter().find(|r| r.status == "rumoured");
        let stake = r.iter().find(|r| r.types == ["investment"]);
        assert!(
            rumour.is_some_and(|x| x.date.is_none() && x.money.is_none()),
            "{r:?}"
        );
        assert!(
            stake.is_some_and(|x| x.date.is_some()
                && x.money
                    .as_ref()
                    .is_some_and(|m| m.disclosed && m.amount.is_none())),
            "{r:?}"
        );
    }

    #[test]
    fn background_purchases_in_other_shapes() {
        let r = summaries(
            "Pernod Ricard's last major purchase was a third of US giant Seagram Co in 2000.",
        );
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(r[0].0, ["investment"]);
        let r = summaries(
            "The Oatley family founded the Rosemount Estates label and sold it to Southcorp Ltd in 2001.",
        );
        assert_eq!(r.len(), 1, "{r:?}");
        assert!(
            r[0].1.contains(&("Southcorp".into(), "acquirer".into())),
            "{r:?}"
        );
        let r = summaries(
            "German drug firm Paion AG hopes to raise 70m euros. The money will be spent on \
             other drugs, since desmoteplase has already been licensed to one manufacturer, \
             Forest Laboratories Inc.",
        );
        assert_eq!(r.len(), 1, "{r:?}");
        assert!(
            r[0].1.contains(&("Paion".into(), "licensor".into())),
            "{r:?}"
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

    #[test]
    fn failed_merger_talks_are_a_terminated_deal_of_their_own() {
        let got: Vec<Summary> = records(
            "Federated Department Stores is to buy rival May Department Stores for $11bn. The two \
             companies, facing competition from the likes of Wal-Mart, tried to merge two years \
             ago but talks failed.",
        )
        .iter()
        .map(summary)
        .collect();
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(
            got.iter()
                .any(|g| g.2 == "terminated" && g.1[0].1 == "partner"),
            "{got:?}"
        );
        assert!(
            got.iter()
                .any(|g| g.2 == "announced" && g.1[0].1 == "acquirer"),
            "{got:?}"
        );
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
    fn relation_descriptors_are_read() {
        // "US partner Biogen Idec": a standing partnership, background and never the news.
        let r = records(
            "Shares in Ireland-based Elan plc lost 70% while US partner Biogen Idec Inc shed 43%.",
        );
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(r[0].types, ["partnership"]);
        assert!(!r[0].primary, "{r:?}");
        assert_eq!(r[0].parties[1].name, "Biogen Idec", "{r:?}");
        // "New owner X" names the buyer the sentence before left unnamed.
        let r = records(
            "The Commodore computer brand could be resurrected after being bought by a US-based \
             music distributor. New owner Yeahronimo Media Ventures has not ruled out new computers.",
        );
        assert_eq!(r.len(), 1, "{r:?}");
        assert!(
            r[0].parties
                .iter()
                .any(|p| p.name == "Yeahronimo Media Ventures" && p.role == "acquirer"),
            "{r:?}"
        );
        assert!(records(
            "The Commodore computer brand could be resurrected after being bought by a US-based \
             music distributor."
        )
        .is_empty());
    }

    #[test]
    fn a_partnership_verb_is_a_whole_word() {
        // "Teams" is a noun here, not "team up".
        assert!(records(
            "She works at the institute in the Semantic Scholar Inc and OLMo Ltd teams."
        )
        .is_empty());
        assert_eq!(
            records("Zotero Inc and Internet Archive Corp join forces.").len(),
            1
        );
    }

    #[test]
    fn a_headline_present_tense_gives_way_to_the_body() {
        let r = records(
            "Shanda buys stake in Sina\n\nChinese game operator Shanda Ltd has bought a 20% stake in Sina Corp.",
        );
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(r[0].status, "completed");
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
    fn a_date_in_another_clause_is_not_the_deals() {
        let r = records(
            "Commodore Ltd filed for bankruptcy in 1994 and was sold to Dutch firm Tulip Computers NV.",
        );
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(
            summary(&r[0]).1,
            [
                ("Tulip Computers".into(), "acquirer".into()),
                ("Commodore".into(), "target".into())
            ]
        );
        // The year is the bankruptcy's; the sale, reported as news, takes the article date.
        assert!(
            r[0].date.as_ref().is_none_or(|d| d.value != "1994"),
            "{:?}",
            r[0].date
        );
    }

    #[test]
    fn denial_gives_no_record() {
        assert!(
            records("Apple denied it would buy Netflix, calling the reports false.").is_empty()
        );
    }

    #[test]
    fn rumour_sets_the_status() {
        let r = records("Microsoft is reportedly in talks to buy Box, according to people familiar with the matter.");
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].status, "rumoured");
        assert_eq!(r[0].parties[0].role, "acquirer");
    }

    #[test]
    fn a_definite_deal_reference_adds_no_partnership() {
        let r = records("Cisco has agreed to buy Splunk for $28bn. The boards of both companies have approved the deal.");
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(summary(&r[0]).0, vec!["acquisition"]);
        assert_eq!(r[0].money.as_ref().and_then(|m| m.amount), Some(28e9));
    }

    #[test]
    fn pledge_has_one_party() {
        let r = records(
            "IBM said it would release 500 of its software patents to the open-source community.",
        );
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(
            summary(&r[0]).1,
            vec![("IBM".to_string(), "licensor".to_string())]
        );
        assert_eq!(r[0].patents.as_ref().and_then(|p| p.count), Some(500));
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
    fn a_deal_in_the_making_now_takes_the_article_date_and_a_rumour_none() {
        let date_of = |text: &str| {
            records(text)
                .first()
                .map(|r| (r.status.clone(), r.date.as_ref().map(|d| d.value.clone())))
        };
        assert_eq!(
            date_of("Tavira Systems is in exclusive negotiations to buy Quillon Semiconductor."),
            Some(("planned".into(), Some("2020-03-04".into())))
        );
        assert_eq!(
            date_of("Tavira Systems is said to be considering a bid for Quillon Semiconductor."),
            Some(("rumoured".into(), None))
        );
    }

    #[test]
    fn new_patterns_of_funding_rounds_supplier_choice_licences_and_plural_possessives() {
        let pair = |t: &str, a: (&str, &str), b: (&str, &str)| {
            (
                t.to_string(),
                [a, b].map(|(n, r)| (n.to_string(), r.to_string())),
            )
        };
        let has = |text: &str, want: (String, [(String, String); 2])| {
            let g = summaries(text);
            assert!(
                g.iter().any(|(types, parties, _)| types.contains(&want.0)
                    && want.1.iter().all(|p| parties.contains(p))),
                "{text}: {g:?}"
            );
        };
        has(
            "Tavira Systems led a $40m Series B round in Quillon Semiconductor.",
            pair(
                "investment",
                ("Tavira Systems", "investor"),
                ("Quillon Semiconductor", "investee"),
            ),
        );
        has(
            "Tavira Systems picked Quillon Semiconductor to supply chips for its new phones.",
            pair(
                "supply_agreement",
                ("Tavira Systems", "customer"),
                ("Quillon Semiconductor", "supplier"),
            ),
        );
        has(
            "Tavira Systems has chosen Quillon Semiconductor and Brenna Labs as suppliers of its modems.",
            pair(
                "supply_agreement",
                ("Tavira Systems", "customer"),
                ("Brenna Labs", "supplier"),
            ),
        );
        has(
            "Tavira Systems has licensed Quillon Semiconductor's display technology.",
            pair(
                "technology_license",
                ("Tavira Systems", "licensee"),
                ("Quillon Semiconductor", "licensor"),
            ),
        );
        has(
            "Tavira Systems' $2bn takeover of Quillon Semiconductor has been approved.",
            pair(
                "acquisition",
                ("Tavira Systems", "acquirer"),
                ("Quillon Semiconductor", "target"),
            ),
        );
        // Each supplier of a list has its own contract.
        let supplies = summaries(
            "Tavira Systems has chosen Quillon Semiconductor and Brenna Labs as suppliers of its modems.",
        )
        .into_iter()
        .filter(|g| g.0 == ["supply_agreement"])
        .map(|g| g.1.len())
        .collect::<Vec<_>>();
        assert_eq!(supplies, [2, 2]);
        // Choosing a name for something else is no supply.
        assert!(
            summaries("Tavira Systems picked Quillon Semiconductor as its name in 2001.")
                .is_empty()
        );
    }

    /// "Signed a deal with Y to supply": the subject of the agreement supplies; before this
    /// rule both sides were read as partners.
    #[test]
    fn an_agreement_with_someone_to_supply_makes_the_subject_the_supplier() {
        for text in [
            "Tavira Systems has signed a deal with Quillon Motors to supply it with 30,000 batteries.",
            "Tavira Systems signed a three-year contract with Quillon Motors to deliver batteries.",
        ] {
            let g = summaries(text);
            let roles = g
                .iter()
                .find(|(types, _, _)| types.contains(&"supply_agreement".to_string()))
                .map(|(_, parties, _)| parties.clone());
            assert_eq!(
                roles,
                Some(vec![
                    ("Tavira Systems".to_string(), "supplier".to_string()),
                    ("Quillon Motors".to_string(), "customer".to_string()),
                ]),
                "{text}: {g:?}"
            );
        }
    }

    /// "X and Y have completed their merger": a merger with no stated direction, both sides
    /// partners; a headline's present tense completes it, "is due to complete" does not.
    #[test]
    fn pair_mergers_and_present_tense_completions() {
        let status = |text: &str| {
            records(text)
                .iter()
                .find(|r| r.types == ["acquisition"])
                .map(|r| {
                    let roles: Vec<&str> = r.parties.iter().map(|p| p.role.as_str()).collect();
                    (r.status.clone(), roles.join(","))
                })
        };
        let done = Some(("completed".to_string(), "partner,partner".to_string()));
        assert_eq!(
            status("Tavira Systems and Quillon Motors have completed their merger."),
            done
        );
        assert_eq!(
            status("Tavira Systems and Quillon Motors complete merger"),
            done
        );
        assert_eq!(
            status("Tavira Systems and Quillon Motors agreed a $2bn merger."),
            Some(("signed".to_string(), "partner,partner".to_string()))
        );
        assert_eq!(
            status("Tavira Systems is due to complete its takeover of Quillon Motors.")
                .map(|s| s.0),
            Some("announced".to_string())
        );
    }

    /// "Has invested in Y", with nothing between the verb and "in": the pattern wanted a word
    /// there.
    #[test]
    fn invested_in_with_nothing_between() {
        let g = summaries("Tavira Capital has invested in Quillon Robotics.");
        assert!(
            g.iter().any(|(types, parties, _)| types == &["investment"]
                && parties
                    == &[
                        ("Tavira Capital".to_string(), "investor".to_string()),
                        ("Quillon Robotics".to_string(), "investee".to_string()),
                    ]),
            "{g:?}"
        );
    }

    #[test]
    fn a_round_led_and_a_takeover_said_to_be_completed_happened() {
        let status = |text: &str| records(text).first().map(|r| r.status.clone());
        assert_eq!(
            status("Tavira Systems led a $40m round in Quillon Semiconductor."),
            Some("completed".into())
        );
        assert_eq!(
            status("Tavira Systems' takeover of Quillon Semiconductor was completed in March."),
            Some("completed".into())
        );
        assert_eq!(
            status("Tavira Systems' takeover of Quillon Semiconductor is expected to close soon."),
            Some("announced".into())
        );
    }

    #[test]
    fn no_deal_no_record() {
        assert!(
            records("Apple growers expect a sharp rise in prices after a dry summer.").is_empty()
        );
        assert!(
            records("Samsung unveiled a new foldable phone on Tuesday, priced at $1,799.")
                .is_empty()
        );
    }
}
#[cfg(test)]
mod coordination_tests {
    use super::coordinated;

    #[test]
    fn lists_extend_a_slot() {
        assert_eq!(
            coordinated("<0>, <1> and <2> agreed to work together", 2),
            vec![1, 0]
        );
        assert_eq!(
            coordinated("<0> bought two brands, <1> and <2>, from <3>", 1),
            vec![2]
        );
        // A list that only ends another clause is not the subject's.
        assert!(coordinated("<0> bought <1> and <2> sold <3>", 2).is_empty());
        // "…and <2> said": the list is a clause of its own.
        assert!(coordinated("<0> bought <1> and <2> said", 1).is_empty());
    }
}
