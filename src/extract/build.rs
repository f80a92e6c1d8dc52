//! From assembled deals to records: parties with roles from the most specific type, the date
//! of the deal's own clause, primary, patents, money, duration, areas, technologies, quotes,
//! evidence spans for every filled field, confidence and stable ids.

use std::collections::BTreeSet;

use crate::doc::{Article, Sentence};
use crate::record::{
    order_types, record_id, ArticleRef, DealDate, DealRecord, Duration, Evidence, Party, Patents,
    Quote, DEAL_TYPES, ROLES, SCHEMA,
};

use super::assemble::{add_type, is_transfer, Deal};
use super::clauses::{
    clause_of, clause_parties, dates_the_dispute, ends_other_clause, may_belong, money_of_clause,
};
use super::fields;
use super::orgs::{Entity, Mention};

/// Character offset of a byte offset, using the sentence that contains it.
pub(super) fn char_at(text: &str, sentences: &[Sentence], byte: usize) -> usize {
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
pub(super) fn evidence_in(
    article: &Article,
    field: &str,
    sentence: usize,
    start: usize,
    end: usize,
) -> Evidence {
    let base = article.sentences[sentence].byte_start;
    evidence(article, field, sentence, base + start, base + end)
}

pub(super) fn evidence(
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

/// The main deal as the deals of its list are told by: its first sentence, its types and its
/// (party, role) pairs.
type PrimaryKey = (usize, Vec<String>, Vec<(usize, String)>);

/// Turns assembled deals into records: fields, primary, ids, evidence, confidence.
pub(super) fn finish(
    article: &Article,
    entities: &[Entity],
    mentions: &[Mention],
    mut deals: Vec<Deal>,
    dates: &SentenceDates,
    patent_context: bool,
) -> Vec<DealRecord> {
    let text = &article.text;
    let published = article.published;
    deals.retain(|d| d.parties.len() >= 2 || d.pledge);
    // A settlement is a patent settlement only where the article speaks of patents; elsewhere
    // "settled with" is a lawsuit's or a regulator's affair, which is no deal.
    if !patent_context {
        for d in deals.iter_mut() {
            d.types.retain(|t| t.0 != "patent_settlement");
        }
        deals.retain(|d| !d.types.is_empty());
    }
    // A sale whose buyer was never named ("is offloading its stake in X") is no record: the
    // contract's transfers need the side that buys.
    deals.retain(|d| {
        let has = |roles: &[&str]| d.parties.iter().any(|p| roles.contains(&p.1.as_str()));
        !d.types.iter().all(|(t, _)| is_transfer(t))
            || has(&["acquirer", "investor", "buyer"])
            || !has(&["seller", "target", "investee"])
    });
    // Most articles tell of no deal: what follows reads the lead and the article's quotes for
    // the records, so with none to build it is all skipped.
    if deals.is_empty() {
        return Vec::new();
    }
    // Licences whose wording does not say who licenses whom take the direction the article's
    // cues give (see `direction`).
    let mut holders = None;
    for d in deals.iter_mut() {
        // A licence of technology in an article about patents is a patent licence, unless
        // its sentences name something else licensed (software, a brand, content).
        let names_other = d.hit_sentences.iter().any(|&si| {
            super::readings::names_other_asset(
                &article.sentences[si].slice(text).to_ascii_lowercase(),
            )
        });
        if patent_context && !names_other {
            let had_patent = d.types.iter().any(|t| t.0 == "patent_license");
            if had_patent {
                d.types.retain(|t| t.0 != "technology_license");
            } else {
                for (t, _) in d.types.iter_mut().filter(|t| t.0 == "technology_license") {
                    *t = "patent_license".to_string();
                }
            }
        }
        // "Nokia and HTC settled all litigation… HTC will make payments to Nokia": an
        // agreement or a settlement between two sides, one of which pays the other for its
        // patents, is a licence.
        let only_agreed = d
            .types
            .iter()
            .all(|t| matches!(t.0.as_str(), "patent_settlement" | "partnership"));
        if patent_context && only_agreed && d.parties.len() == 2 {
            let h = holders.get_or_insert_with(|| {
                super::direction::holders(article, mentions, entities.len())
            });
            let (a, b) = (d.parties[0].0, d.parties[1].0);
            let (licensor, licensee) = match h.paid(a) - h.paid(b) {
                x if x >= 2 => (Some(a), Some(b)),
                x if x <= -2 => (Some(b), Some(a)),
                _ => (None, None),
            };
            if let (Some(lr), Some(le)) = (licensor, licensee) {
                let roles = vec![(lr, "licensor".to_string()), (le, "licensee".to_string())];
                add_type(d, "patent_license", &roles);
            }
        }
        // A patent holder's assets bought (no company said to pass): the guide's patent
        // purchase, its acquirer the buyer.
        let assets_only = d.types.len() == 1
            && d.types[0].0 == "acquisition"
            && d.types[0].1.iter().all(|r| r.1 != "target")
            && d.hit_sentences.iter().any(|&si| {
                let st = article.sentences[si].slice(text).to_ascii_lowercase();
                st.contains("patent") && st.contains("assets")
            });
        if assets_only {
            let roles = d.types[0]
                .1
                .iter()
                .map(|(e, r)| {
                    let r = if r == "acquirer" { "buyer" } else { r.as_str() };
                    (*e, r.to_string())
                })
                .collect();
            d.types = vec![("patent_acquisition".to_string(), roles)];
        }
        // A supply told between partners ("signed a chip foundry deal with Tesla"): the side
        // the article has making or supplying, else the one named first, supplies.
        let mut supply_scores = None;
        for (t, roles) in d.types.iter_mut() {
            if t != "supply_agreement" || roles.len() != 2 || roles.iter().any(|r| r.1 != "partner")
            {
                continue;
            }
            let sc = supply_scores.get_or_insert_with(|| {
                super::direction::suppliers(article, mentions, entities.len())
            });
            let (a, b) = (roles[0].0, roles[1].0);
            let score = |e: usize| sc.get(e).copied().unwrap_or(0);
            let (supplier, customer) = if score(b) > score(a) { (b, a) } else { (a, b) };
            *roles = vec![
                (supplier, "supplier".to_string()),
                (customer, "customer".to_string()),
            ];
        }
        for (t, roles) in d.types.iter_mut() {
            let directed = t == "patent_license"
                || (t == "technology_license" && roles.iter().all(|r| r.1 != "partner"));
            if !directed {
                continue;
            }
            let h = holders.get_or_insert_with(|| {
                super::direction::holders(article, mentions, entities.len())
            });
            if let Some((licensor, licensee)) = super::direction::direct(roles, h) {
                *roles = vec![
                    (licensor, "licensor".to_string()),
                    (licensee, "licensee".to_string()),
                ];
            }
        }
    }
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
    // Counted in sentences of some length, so that page furniture before the story ("Skip to
    // main content", a byline, a date line) does not push the story's opening out of it.
    let wanted = if has_headline { 3 } else { 2 };
    let lead = article
        .sentences
        .iter()
        .enumerate()
        .filter(|(_, s)| s.slice(text).split_whitespace().count() >= 6)
        .nth(wanted - 1)
        .map_or(article.sentences.len(), |(i, _)| i + 1)
        .max(wanted);
    // Quotes scan the whole text and only the primary deal takes them: found on first need.
    let mut quotes = None;
    // Every area the article names, with its sentence: read once, for the main deals.
    let mut article_areas: Option<Vec<(usize, fields::AreaMention)>> = None;
    let mut records = Vec::new();
    let mut primary_key: Option<PrimaryKey> = None;
    let any_in_lead = deals.iter().any(|d| d.first_sentence < lead);
    let lead_speaks_of_a_deal = article.sentences[..lead.min(article.sentences.len())]
        .iter()
        .any(|s| speaks_of_a_deal(s.slice(text)));
    // Organisations the lead names: when the lead states no deal outright ("OpenAI has agreed
    // to buy compute from Oracle" comes third), the story is still about the one between them.
    let lead_names: BTreeSet<usize> = mentions
        .iter()
        .take_while(|m| m.sentence < lead)
        .map(|m| m.entity)
        .collect();
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
        // "Signed a patent licence agreement" also reads as a licence of unnamed technology;
        // a patent licence is a technology licence too only where something else is licensed
        // (software, a brand, content).
        if types.iter().any(|t| t == "patent_license")
            && !d.hit_sentences.iter().any(|&si| {
                super::readings::names_other_asset(
                    &article.sentences[si].slice(text).to_ascii_lowercase(),
                )
            })
        {
            types.retain(|t| t != "technology_license");
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
            let found: Vec<_> = dates
                .of(si)
                .iter()
                .filter(|f| !dates_the_dispute(st, f.start))
                .collect();
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
            // A background deal ("following similar deals with X") is dated only in its own
            // clause: the sentence's other dates are the news's.
            let elsewhere = || {
                found.iter().filter(|_| !d.standing).find(|f| {
                    !ends_other_clause(st, f.end) && may_belong(st, f.start, &own, &others)
                })
            };
            if let Some(f) = own_clause.or_else(elsewhere).map(|f| (*f).clone()) {
                ev.push(evidence_in(article, "date", si, f.start, f.end));
                date = Some(DealDate {
                    value: f.value,
                    precision: f.precision.into(),
                    basis: f.basis.into(),
                });
                break;
            }
        }
        // A sentence that names no organisation but the deal's own may speak of it by a
        // definite noun ("The transaction, worth $61bn…").
        let only_its_parties = |si: usize| {
            !in_sentence(mentions, si)
                .iter()
                .any(|m| !d.parties.iter().any(|p| p.0 == m.entity))
        };
        // An earlier deal named by a noun ("a previous injection in 2020") has its year.
        if date.is_none() && d.standing && d.another {
            if let Some(y) = &d.year {
                // A year is written; a year and month was counted back ("N years ago").
                let counted = y.len() > 4;
                date = Some(DealDate {
                    value: y.clone(),
                    precision: if counted { "month" } else { "year" }.into(),
                    basis: if counted { "relative" } else { "explicit" }.into(),
                });
            }
        }
        // Primary: the earliest deal named in the lead, unless it is dated in the past.
        let past = date.as_ref().is_some_and(|dt| {
            let year: i32 = dt.value.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0);
            published.map_or(dt.basis == "explicit", |p| {
                year < chrono::Datelike::year(&p)
            })
        });
        // An article whose lead speaks of a deal without naming the other side ("has signed
        // a cross-licence with a leading Chinese vendor") names it just after: its first deal
        // there is the news.
        let named_later = lead_speaks_of_a_deal && d.first_sentence < lead + 3;
        let type_names: Vec<&str> = d.types.iter().map(|t| t.0.as_str()).collect();
        // "Has signed licences with A, B and C": the deals of one list in the sentence that
        // found the main deal, of its kind and with the same party in the same role, are the
        // news as much as the first of them.
        let of_the_list = primary_key.as_ref().is_some_and(|(first, types, held)| {
            *first == d.first_sentence
                && *types == type_names
                && d.parties.iter().any(|p| held.contains(&(p.0, p.1.clone())))
        });
        // With no deal in the lead, the first one the lead announces or names both sides of.
        let lead_points_to_it = named_later || d.parties.iter().all(|p| lead_names.contains(&p.0));
        let opens_the_story = d.first_sentence < lead || (!any_in_lead && lead_points_to_it);
        let primary =
            (of_the_list || (primary_key.is_none() && opens_the_story)) && !past && !d.standing;
        if primary && primary_key.is_none() {
            primary_key = Some((
                d.first_sentence,
                type_names
                    .iter()
                    .map(|t| t.to_string())
                    .collect::<Vec<String>>(),
                d.parties
                    .iter()
                    .map(|p| (p.0, p.1.clone()))
                    .collect::<Vec<_>>(),
            ));
        }
        // A rumour has no event to date; every other status is reported as happening now.
        if date.is_none() && primary && d.status != "rumoured" {
            date = published
                .map(|p| DealDate {
                    value: p.to_string(),
                    precision: "day".into(),
                    basis: "article".into(),
                })
                // A URL that gives only the month dates the news to the month.
                .or_else(|| {
                    let url = article.url.as_deref()?;
                    crate::clean::month_from_url(url).map(|(y, m)| DealDate {
                        value: format!("{y}-{m:02}"),
                        precision: "month".into(),
                        basis: "article".into(),
                    })
                })
                // With no date for the article at all, a pending deal is dated by its
                // announcement: "The acquisition was announced in October 2020".
                .or_else(|| {
                    (0..article.sentences.len()).find_map(|si| {
                        let st = article.sentences[si].slice(text);
                        if !refers_to_the_deal(st) || !announced(st) {
                            return None;
                        }
                        if !only_its_parties(si) {
                            return None;
                        }
                        dates
                            .of(si)
                            .iter()
                            .find(|f| f.basis == "explicit")
                            .map(|f| {
                                ev.push(evidence_in(article, "date", si, f.start, f.end));
                                DealDate {
                                    value: f.value.clone(),
                                    precision: f.precision.into(),
                                    basis: f.basis.into(),
                                }
                            })
                    })
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
                && in_sentence(mentions, si)
                    .iter()
                    .any(|m| d.parties.iter().any(|p| p.0 == m.entity))
        };
        // A sentence that found a deal of its own keeps its figures for that deal.
        let next_after_hit = d.hit_sentences.first().map(|&h| h + 1).filter(|&n| {
            n < article.sentences.len()
                && pays(n)
                && !others_hits.contains(&n)
                && d.status != "rumoured"
        });
        // The main deal's value is often told of "the deal" or "the transaction" in a
        // sentence that names no other organisation ("The transaction, worth $61bn when it
        // was announced…", "Terms of the agreement remain confidential").
        let definite: Vec<usize> = if primary {
            (0..article.sentences.len())
                .filter(|si| !d.sentences.contains(si) && !others_hits.contains(si))
                .filter(|&si| {
                    only_its_parties(si) && refers_to_the_deal(article.sentences[si].slice(text))
                })
                .collect()
        } else {
            Vec::new()
        };
        let money_sentences: Vec<usize> = d
            .hit_sentences
            .iter()
            .copied()
            .chain(d.sentences.difference(&d.hit_sentences).copied())
            .chain(next_after_hit)
            .chain(definite.iter().copied())
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
                d.sentences.iter().chain(&definite).find_map(|&si| {
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
        // What the patents read on ("4G and 5G patents") is the deal's area when the deal names
        // no field of its own: a licence of cellular patents is a cellular deal.
        let mut patent_areas: Vec<(String, Evidence)> = Vec::new();
        let of_a_business = types
            .iter()
            .any(|t| matches!(t.as_str(), "acquisition" | "investment" | "joint_venture"));
        // Whether an area word can speak for this deal: not inside a party's name ("The
        // Cloud", "Sky"), nor a maker's line of business ("smartphone vendor X"), unless the
        // deal is about that business ("buys Tower Semiconductor").
        let speaks_for_deal = |si: usize, m: &fields::AreaMention| {
            let base = article.sentences[si].byte_start;
            let in_name = || {
                mentions.iter().any(|n| {
                    n.byte_start <= base + m.start
                        && base + m.end <= n.byte_end
                        && party_ents.contains(&n.entity)
                })
            };
            of_a_business || !(m.of_business || in_name())
        };
        let mut add_areas = |si: usize, ev: &mut Vec<Evidence>| {
            for m in fields::areas(article.sentences[si].slice(text)) {
                if !speaks_for_deal(si, &m) || areas.contains(&m.label) {
                    continue;
                }
                let e = evidence_in(article, "areas", si, m.start, m.end);
                if m.of_patents {
                    if !patent_areas.iter().any(|(l, _)| *l == m.label) {
                        patent_areas.push((m.label, e));
                    }
                } else {
                    ev.push(e);
                    areas.push(m.label);
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
        // "The agreement covers patents relating to GSM, UMTS and LTE": a sentence that
        // speaks of the main deal by a definite noun, naming no other organisation, says
        // what it covers.
        if primary {
            for si in 0..article.sentences.len() {
                if d.sentences.contains(&si) || si < lead {
                    continue;
                }
                if only_its_parties(si) && refers_to_the_deal(article.sentences[si].slice(text)) {
                    add_areas(si, &mut ev);
                }
            }
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
        if areas.is_empty() {
            for (label, e) in patent_areas {
                ev.push(e);
                areas.push(label);
            }
        }
        // A story about a deal keeps coming back to what the deal is about: once the main
        // deal's own sentences name a field, any other field the article names twice or more,
        // outside the sentences about its other deals (theirs, or naming their parties), is
        // the deal's too ("licenses its LTE patents" … "for 5G phones" … "phone makers").
        if primary && !areas.is_empty() {
            let all = article_areas.get_or_insert_with(|| {
                (0..article.sentences.len())
                    .flat_map(|si| {
                        fields::areas(article.sentences[si].slice(text))
                            .into_iter()
                            .map(move |m| (si, m))
                    })
                    .collect()
            });
            let mut counted: Vec<(&str, usize, usize, &fields::AreaMention)> = Vec::new();
            for (si, m) in all.iter() {
                if !speaks_for_deal(*si, m)
                    || (!d.sentences.contains(si)
                        && (others_hits.contains(si)
                            || in_sentence(mentions, *si).iter().any(|n| {
                                !party_ents.contains(&n.entity)
                                    && others_parties.iter().any(|o| o.0 == n.entity)
                            })))
                {
                    continue;
                }
                match counted.iter_mut().find(|c| c.0 == m.label) {
                    Some(c) => c.1 += 1,
                    None => counted.push((&m.label, 1, *si, m)),
                }
            }
            for (label, n, si, m) in counted {
                if n >= 2 && !areas.iter().any(|a| a == label) {
                    ev.push(evidence_in(article, "areas", si, m.start, m.end));
                    areas.push(label.to_string());
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
pub(super) struct SentenceDates<'a> {
    pub(super) article: &'a Article,
    pub(super) found: Vec<std::cell::OnceCell<Vec<fields::FoundDate>>>,
}

impl<'a> SentenceDates<'a> {
    pub(super) fn new(article: &'a Article) -> SentenceDates<'a> {
        SentenceDates {
            article,
            found: vec![std::cell::OnceCell::new(); article.sentences.len()],
        }
    }

    pub(super) fn of(&self, si: usize) -> &[fields::FoundDate] {
        let Some(cell) = self.found.get(si) else {
            return &[];
        };
        cell.get_or_init(|| {
            let a = self.article;
            fields::dates(a.sentences[si].slice(&a.text), a.published)
        })
    }
}

pub(super) fn entities_known(
    parties: &[(usize, String, (usize, usize))],
    entities: &[Entity],
) -> bool {
    parties.iter().all(|p| entities[p.0].company.is_some())
}

pub(super) fn sentence_of(sentences: &[Sentence], byte: usize) -> usize {
    sentences
        .iter()
        .rposition(|s| s.byte_start <= byte)
        .unwrap_or(0)
}

/// Whether a sentence speaks of a deal at all, by its nouns or verbs.
fn speaks_of_a_deal(sentence: &str) -> bool {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    super::static_re(
        &RE,
        r"(?i)\b(?:agreement|deal|licen[cs]\w*|acqui\w*|buys?|bought|merger|partnership|invest\w*|settle\w*|contract|stake|alliance|joint venture)\b",
    )
    .is_match(sentence)
}

/// Whether a sentence tells of a deal's announcement or signing.
fn announced(sentence: &str) -> bool {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    super::static_re(
        &RE,
        r"(?i)\b(?:announced|agreed|signed|unveiled|struck|reached|first revealed)\b",
    )
    .is_match(sentence)
}

/// Whether a sentence speaks of a deal by a definite noun ("the agreement covers…", "this
/// deal", "the acquisition will…", "the licence includes…"). Asked of every sentence for the
/// main deal, so a one-pass automaton for the nouns rules most sentences out before the
/// regex runs.
/// The mentions of one sentence. Mentions come in text order, so those of a sentence are one
/// run: found by two binary searches instead of a pass over the article's mentions (which,
/// asked for every sentence, made reading the lead quadratic in the article's length).
fn in_sentence(mentions: &[Mention], si: usize) -> &[Mention] {
    let start = mentions.partition_point(|m| m.sentence < si);
    let end = start + mentions[start..].partition_point(|m| m.sentence == si);
    &mentions[start..end]
}

fn refers_to_the_deal(sentence: &str) -> bool {
    static NOUNS: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    let nouns = NOUNS.get_or_init(|| {
        aho_corasick::AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .ascii_case_insensitive(true)
            .build([
                "deal",
                "agreement",
                "acquisition",
                "takeover",
                "merger",
                "licen",
                "partnership",
                "collaboration",
                "alliance",
                "joint venture",
                "transaction",
                "contract",
                "purchase",
                "investment",
                "settlement",
                "patents",
                "portfolio",
            ])
            .expect("static automaton")
    });
    if !nouns.is_match(sentence) {
        return false;
    }
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    super::static_re(
        &RE,
        r"(?i)\b(?:the|this|that|our|their) (?:[a-z0-9-]+ ){0,2}?(?:deal|agreement|acquisition|takeover|merger|licen[cs]e|partnership|collaboration|alliance|joint venture|transaction|contract|purchase|investment|settlement|patents|portfolio)s?\b",
    )
    .is_match(sentence)
}

#[cfg(test)]
mod tests {

    use crate::extract::testkit::records;

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
    fn areas_follow_what_the_deal_is_about() {
        let areas = |text: &str| records(text).first().map(|r| r.areas.clone());
        // A company bought is what the deal is about, its name included.
        assert_eq!(
            areas("Tavira Systems agreed to buy Quillon Semiconductor for $2 billion."),
            Some(vec!["semiconductors".to_string()])
        );
        // "The patents cover …" speaks of the main deal.
        assert_eq!(
            areas(
                "Norvik Labs signed a patent licence with Ardent Mobile on Monday. Norvik Labs \
                 also reported higher quarterly results for its design unit. The patents cover \
                 LTE and 5G radio designs."
            )
            .map(|a| a.contains(&"cellular".to_string())),
            Some(true)
        );
        // What a licensee makes is its business, not the licence's field.
        assert_eq!(
            areas("Norvik Labs has signed a patent licence with smartphone vendor Ardent Mobile."),
            Some(vec![])
        );
        // A business bought is what the acquisition is about.
        assert_eq!(
            areas(
                "Tavira Systems agreed to buy the smartphone maker Ardent Mobile for $2 billion."
            ),
            Some(vec!["smartphones".to_string()])
        );
        // The patents' field stands in when the deal names none of its own.
        assert_eq!(
            areas("Norvik Labs licensed its LTE patents to Ardent Mobile on Monday."),
            Some(vec!["cellular".to_string()])
        );
        assert_eq!(
            areas(
                "Norvik Labs licensed its LTE patents to Ardent Mobile, and the two will work \
                 together on cloud gaming."
            )
            .map(|a| a.contains(&"cellular".to_string())),
            Some(false)
        );
    }

    #[test]
    fn a_field_the_story_keeps_naming_is_the_main_deals() {
        // The lead's own words count anyway; the rule is about the rest of the story.
        let story = |rest: &str| {
            let text = format!(
                "Norvik Labs licensed its LTE patents to Ardent Mobile on Monday.\n\n\
                 The terms of the agreement were not disclosed by either company.\n\n\
                 Norvik Labs has been one of the busiest patent licensors for a decade.\n\n{rest}"
            );
            records(&text)
                .into_iter()
                .find(|r| r.primary)
                .map(|r| r.areas)
                .unwrap_or_default()
        };
        // Named twice after the lead: the deal's field.
        assert_eq!(
            story(
                "Ardent Mobile sold 40 million smartphones last year.\n\n\
                 Analysts expect more smartphones to ship with the new radios."
            ),
            vec!["cellular", "smartphones"]
        );
        // Named once: a passing word, not what the story is about.
        assert_eq!(
            story("Ardent Mobile sold 40 million smartphones last year."),
            vec!["cellular"]
        );
        // Named twice, but in a sentence about another deal of the article (its parties).
        assert_eq!(
            story(
                "Separately, Tessel Systems agreed to buy Quillon Software, a cloud software \
                 maker, to grow its cloud business."
            ),
            vec!["cellular"]
        );
    }

    #[test]
    fn a_lead_that_names_both_sides_is_about_their_deal_stated_later() {
        // The lead sets the scene with both companies; the deal itself is the third sentence.
        let story = |second: &str| {
            records(&format!(
                "Ardent Cloud shares rose sharply in late trading on Tuesday after a strong \
                 quarter.\n\n{second}\n\n\
                 According to people familiar with the matter, Quillon AI has agreed to buy \
                 $40 billion of computing capacity from Ardent Cloud over five years.\n\n\
                 The contract covers data centres in three countries."
            ))
        };
        let r = story(
            "Much of the growth came from Quillon AI, a fast-growing artificial intelligence \
             start-up that signed several large contracts this year.",
        );
        let main: Vec<_> = r.iter().filter(|r| r.primary).collect();
        assert_eq!(main.len(), 1, "{r:?}");
        assert!(
            main[0].parties.iter().any(|p| p.name == "Quillon AI"),
            "{r:?}"
        );
        // The lead's field is the main deal's.
        assert!(
            main[0].areas.iter().any(|a| a == "artificial_intelligence"),
            "{r:?}"
        );
        // A lead that names only one side says nothing about which deal is the news.
        let r = story("Analysts had expected weaker sales in its storage business this year.");
        assert!(r.iter().all(|r| !r.primary), "{r:?}");
    }

    #[test]
    fn a_list_of_licensees_is_the_news_and_similar_deals_are_background() {
        let r = records(
            "Norvik Labs signs three licences.\n\nNorvik Labs has signed patent licences with \
             Ardent Mobile, Quillon Audio and Tessel, the company said on Monday, following similar deals with Marrow Systems and \
             Pellis Technologies.",
        );
        let of = |name: &str| {
            r.iter()
                .find(|r| r.parties.iter().any(|p| p.name == name))
                .map(|r| (r.primary, r.date.is_some()))
        };
        for listed in ["Ardent Mobile", "Quillon Audio", "Tessel"] {
            assert_eq!(of(listed), Some((true, true)), "{listed}: {r:?}");
        }
        for earlier in ["Marrow Systems", "Pellis Technologies"] {
            assert_eq!(of(earlier), Some((false, false)), "{earlier}: {r:?}");
        }
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
