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

mod assemble;
mod build;
mod clauses;
mod direction;
mod fields;
mod orgs;
mod patterns;
mod readings;
mod relax;
mod status;
mod tables;
mod template;

#[cfg(test)]
mod testkit;

use std::collections::BTreeSet;
use std::sync::OnceLock;

use regex::Regex;

use crate::doc::{Article, Diagnostic};
use crate::record::DealRecord;
use assemble::*;
use build::*;
use clauses::*;
use patterns::{patterns, Kind};
use readings::*;
use status::*;
use template::*;

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

/// [`static_re`] of a source assembled from parts: assembled once, not on every call (a
/// `format!` per sentence cost as much as the search it served).
pub(super) fn static_re_of(
    cell: &'static OnceLock<Regex>,
    src: impl FnOnce() -> String,
) -> &'static Regex {
    cell.get_or_init(|| Regex::new(&ascii_words(&src())).expect("static regex"))
}

/// Finds the deals of an article.
pub fn extract(article: &Article) -> (Vec<DealRecord>, Vec<Diagnostic>) {
    let (entities, mentions) = orgs::find(article);
    let text = &article.text;
    let dates = SentenceDates::new(article);
    let mut deals: Vec<Deal> = Vec::new();
    // Earlier deals of a pair, and the deal each precedes (`assemble::earlier_deal`).
    let mut earlier: Vec<(usize, usize)> = Vec::new();
    let mut salient: Option<usize> = None;
    let mut recent_strong: Vec<usize> = Vec::new();
    let mut recent_all: Vec<usize> = Vec::new();
    let mut m_idx = 0;
    let patent_context = patent_context(text);
    let published_year = article.published.map(|p| chrono::Datelike::year(&p));
    // The month "five years ago" counts from: the article's, else the one its URL gives.
    let article_month = article
        .published
        .map(|p| (chrono::Datelike::year(&p), chrono::Datelike::month(&p)))
        .or_else(|| crate::clean::month_from_url(article.url.as_deref()?));
    // Which sentences can hold a key, asked of them all in one pass: the key automaton then
    // stays in cache, where between the other work of each sentence it was fetched again.
    let keyed: Vec<bool> = article
        .sentences
        .iter()
        .map(|s| patterns::may_have_key(s.slice(text)))
        .collect();
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
        let built = keyed[si];
        let (template, slots) = if built {
            template_of()
        } else {
            (String::new(), Vec::new())
        };
        if tracing::enabled!(tracing::Level::TRACE) && built {
            let names: Vec<&str> = slots
                .iter()
                .map(|s| entities[s.entity].canonical.as_str())
                .collect();
            tracing::trace!(sentence = si, %template, ?names, "template");
        }
        // Patterns only ever match the template, so its words decide whether any can (the
        // matcher's first pass finds the keys); a template without a slot binds nobody.
        let mut hit_any = false;
        if !slots.is_empty() {
            let lower: &str = &template;
            let hits = drop_generic_beside_similar(drop_rights_as_sale(drop_bid_as_supply(
                drop_stake_as_takeover(patterns::matches(&template)),
            )));
            for hit in hits {
                let p = &patterns()[hit.pattern];
                tracing::trace!(sentence = si, pattern = %p.source, matched = %hit.matched, "hit");
                // The organisation the article is about, named where it was last written.
                // "Between Ericsson and Lenovo, though there was an agreement with B": the
                // first organisation the sentence names before the match is the one it speaks
                // of; with none, the one spoken of before.
                let named_before = || {
                    let first = hit.slots.iter().min().copied()?;
                    slots[..first.min(slots.len())]
                        .iter()
                        .find(|s| s.strong)
                        .cloned()
                };
                let implied_slot = match p.kind {
                    Kind::Implied => {
                        let spoken_of = || {
                            let sal = salient?;
                            let m = mentions[..begin].iter().rev().find(|m| m.entity == sal)?;
                            Some(Slot {
                                entity: sal,
                                strong: entities[sal].strong,
                                start: m.byte_start,
                                end: m.byte_end,
                            })
                        };
                        let Some(slot) = named_before().or_else(spoken_of) else {
                            continue;
                        };
                        Some(slot)
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
                        // "Signed similar deals with X": the `similar` rows read the kind; the
                        // generic agreement row would add a partnership of its own.
                        if p.types == ["partnership"]
                            && p.source.contains("{AGREEMENT}")
                            && speaks_of_similar(&hit.matched)
                        {
                            continue;
                        }
                        hit_any = true;
                        let mut types = refine_types(&p.types, &p.source, lower, patent_context);
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
                        // "The patents X acquired in the deal with Y": whatever the deal is.
                        let generic = p.types == ["partnership"];
                        if generic
                            && is_definite_reference(&hit.matched)
                            && !one_of_several(&template, &hit, false)
                        {
                            let ids: BTreeSet<usize> = ents.iter().map(|e| e.entity).collect();
                            let ended = status == "terminated";
                            let same_end = |d: &Deal| {
                                (d.status == "terminated") == ended
                                    || !p.source.contains("{AGREEMENT}")
                            };
                            if let Some(d) = deals
                                .iter_mut()
                                .find(|d| d.entity_set() == ids && same_end(d))
                            {
                                d.sentences.insert(si);
                                continue;
                            }
                        }
                        // "Has signed similar deals with Apple and Samsung": a deal of the kind
                        // the article has spoken of, with the subject in its role there.
                        let mut pattern_roles = p.roles.clone();
                        let similar_row = types == ["similar"];
                        if similar_row {
                            let subject = ents.first().map(|e| e.entity);
                            let (t, r) =
                                similar_kind(&deals, subject, &hit.matched, patent_context);
                            types = t;
                            pattern_roles = r;
                        }
                        // "Bought Hard Candy and Urban Decay": every member of a list in a
                        // bound slot takes that slot's role.
                        let mut ents = ents;
                        // The pattern slot (0 the subject) each party was bound by.
                        let mut bound_by: Vec<usize> = (0..ents.len()).collect();
                        let mut role_of: Vec<String> = pattern_roles
                            .iter()
                            .map(|r| match (control, goods, r.as_str()) {
                                (true, _, "investor") => "acquirer".to_string(),
                                (true, _, "investee") => "target".to_string(),
                                (_, true, "acquirer") => "customer".to_string(),
                                (_, true, "target") => "supplier".to_string(),
                                _ => r.clone(),
                            })
                            .collect();
                        let implied = usize::from(implied_slot.is_some());
                        for (n, k) in hit.slots.iter().enumerate() {
                            let Some(role) = role_of.get(n + implied).cloned() else {
                                continue;
                            };
                            for j in coordinated(&template, *k) {
                                let Some(slot) = slots.get(j) else { continue };
                                if ents.iter().any(|e| e.entity == slot.entity) {
                                    continue;
                                }
                                ents.push(slot);
                                role_of.push(role.clone());
                                bound_by.push(n + implied);
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
                        } else if let Some(members) = (!p.source.contains("{PAIR}"))
                            .then(|| {
                                counterpart_list(
                                    &bound_by,
                                    &role_of,
                                    &hit.matched,
                                    after_hit(&template, &hit),
                                    &types,
                                )
                            })
                            .flatten()
                        {
                            // "Amazon bought Blink, Ring and Eero", "licences with Apple,
                            // Samsung and Huawei": one deal with each listed counterpart.
                            members
                                .iter()
                                .map(|&m| {
                                    (0..ents.len())
                                        .filter(|&i| i == m || bound_by[i] != bound_by[m])
                                        .collect()
                                })
                                .collect()
                        } else {
                            vec![(0..ents.len()).collect()]
                        };
                        // The year the sentence dates its deal in: written, or counted back
                        // ("five years ago") to a year before the article's.
                        let year = dates
                            .of(si)
                            .iter()
                            .find(|f| {
                                f.basis == "explicit"
                                    || (f.precision != "day"
                                        && f.value.get(..4).and_then(|y| y.parse::<i32>().ok())
                                            < published_year)
                            })
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
                                // "Following similar deals with X": deals like the news,
                                // before it, are background too.
                                standing: p.source.contains("partner {OBJ}{B}") || similar_row,
                                another: one_of_several(
                                    &template,
                                    &hit,
                                    types.iter().any(|t| is_transfer(t)),
                                ),
                            };
                            merge_into(&mut deals, cand, published_year);
                        }
                    }
                }
            }
        }
        if let Some(d) = takeover_talk(&deals, sent, si) {
            deals.push(d);
        }
        if let Some((d, of)) = earlier_deal(&deals, sent, si, article_month) {
            earlier.push((deals.len(), of));
            deals.push(d);
        }
        // "The agreement resolves all pending patent litigation between the parties": a
        // sentence saying that litigation ends, naming no organisation the deal lacks, makes
        // the patent deal spoken of last a settlement too.
        if patent_context && !deals.is_empty() && settles_litigation(&sent.to_ascii_lowercase()) {
            let named: BTreeSet<usize> = if built {
                slots.iter().map(|s| s.entity).collect()
            } else {
                sent_mentions.iter().map(|m| m.entity).collect()
            };
            let patent_deal = |d: &Deal| {
                d.types.iter().any(|t| t.0.starts_with("patent_"))
                    || (sent.contains("patent") && d.types.iter().any(|t| t.0.ends_with("license")))
            };
            let target = active_deal(&deals, |d| {
                named.is_subset(&d.entity_set())
                    && patent_deal(d)
                    && !d.types.iter().any(|t| t.0 == "patent_settlement")
            });
            if let Some(i) = target {
                let d = &mut deals[i];
                let roles = symmetric_roles(d, "patent_settlement");
                add_type(d, "patent_settlement", &roles);
                d.sentences.insert(si);
            }
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
            // "We are pleased to have reached a global cross-license agreement with Nokia":
            // a licence the text also calls a cross-licence, named by its parties, is one.
            if lower.contains("cross-licen") || lower.contains("cross licen") {
                let named: BTreeSet<usize> = sent_mentions.iter().map(|m| m.entity).collect();
                let target = active_deal(&deals, |d| {
                    named.len() >= 2
                        && named.is_subset(&d.entity_set())
                        && d.types.iter().any(|t| t.0 == "patent_license")
                });
                if let Some(i) = target {
                    let d = &mut deals[i];
                    let roles = symmetric_roles(d, "patent_cross_license");
                    add_type(d, "patent_cross_license", &roles);
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
        // A name first written right after a preposition or a gerund ("Taking over Activision
        // could…", "by owning Activision") is an object: the subject named later in the
        // sentence ("…since Microsoft has plans") is what a following "it" means.
        let object_only = |e: usize| {
            sent_mentions
                .iter()
                .find(|m| m.entity == e)
                .is_some_and(|m| after_object_marker(&sent[..m.byte_start - s.byte_start]))
        };
        let strong_named = || named.iter().filter(|s| s.1).map(|s| s.0);
        if let Some(first) = strong_named()
            .find(|&e| !object_only(e))
            .or_else(|| strong_named().next())
            .or_else(opener)
        {
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
    align_earlier_deals(&mut deals, &earlier);
    let records = finish(article, &entities, &mentions, deals, &dates, patent_context);
    (records, Vec::new())
}

/// Whether the text before a name ends in a preposition or a gerund, which makes the name
/// an object rather than the subject of its clause.
fn after_object_marker(before: &str) -> bool {
    let Some(word) = before.split_whitespace().next_back() else {
        return false;
    };
    const MARKERS: [&str; 10] = [
        "of", "by", "for", "over", "with", "from", "to", "into", "against", "about",
    ];
    MARKERS.iter().any(|m| word.eq_ignore_ascii_case(m))
        || (word.len() > 5
            && word.bytes().all(|c| c.is_ascii_alphabetic())
            && word[word.len() - 3..].eq_ignore_ascii_case("ing"))
}
