//! Coordinated clauses and lists within a sentence: which clause a date or a figure belongs
//! to, so that one deal does not take another's, and which slots a list joins to a bound one.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use regex::Regex;

use crate::doc::Sentence;

use super::{fields, static_re};

/// Offsets in sentence `s` of the deal's own parties that no other deal shares, and of the
/// other deals' parties that this deal does not have: what tells the clauses of two deals in
/// one sentence apart.
pub(super) fn clause_parties(
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
pub(super) fn money_of_clause(
    sentence: &str,
    own: &[usize],
    others: &[usize],
) -> Option<fields::FoundMoney> {
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
pub(super) fn may_belong(sentence: &str, at: usize, own: &[usize], others: &[usize]) -> bool {
    let clause = clause_of(sentence, at);
    let here = |x: &usize| clause_of(sentence, *x) == clause;
    own.iter().any(here) || !others.iter().any(here)
}

/// The byte range of coordinated clause `k` of a sentence (see [`clause_of`]).
pub(super) fn clause_range(sentence: &str, k: usize) -> (usize, usize) {
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
pub(super) const CLAUSE_BREAKS: [&str; 5] = [", and ", ", but ", ", while ", ", following ", "; "];

/// Which coordinated clause of a sentence a byte offset falls in, counted at
/// [`CLAUSE_BREAKS`].
pub(super) fn clause_of(sentence: &str, at: usize) -> usize {
    clause_breaks(sentence.get(..at).unwrap_or(sentence)).count()
}

/// The [`CLAUSE_BREAKS`] of a sentence as byte ranges, in order. Every break begins with a
/// comma or a semicolon, so only those bytes are looked at; breaks cannot overlap, as each
/// ends in a space and begins with neither.
pub(super) fn clause_breaks(sentence: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
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
pub(super) fn ends_other_clause(sentence: &str, date_end: usize) -> bool {
    static R: OnceLock<Regex> = OnceLock::new();
    let r = static_re(
        &R,
        r"^[^,;:]{0,40}?\band (?:was|were|has|had|is|are|then|later|subsequently|eventually|in \d{4}) ",
    );
    sentence
        .get(date_end..)
        .is_some_and(|rest| r.is_match(rest))
}

/// "Ending a dispute that began in 2019", "the suits Ericsson filed in 2012": a date that
/// says when the quarrel started dates the quarrel, never the deal that ends it.
pub(super) fn dates_the_dispute(sentence: &str, date_start: usize) -> bool {
    static R: OnceLock<Regex> = OnceLock::new();
    let r = static_re(
        &R,
        r"(?i)\b(?:litigation|disputes?|lawsuits?|suits?|legal (?:battle|fight|war)|patent (?:war|battle|fight)|feud|proceedings|complaints?|claims)\b[^,;.]{0,40}\b(?:started|began|begun|filed|launched|initiated|brought|lodged|dating back|going back)\b[^,;.]{0,30}$",
    );
    sentence
        .get(..date_start)
        .is_some_and(|before| r.is_match(fields::tail_bytes(before, 120)))
}

/// Slots listed together with slot `k` ("<1>, <2> and <3>"): the members after it, or
/// before it when `k` ends the list. A list must be closed by "and"; a comma alone is as
/// often an appositive, and a list followed by a verb is a clause of its own ("<1> and <2>
/// said"), which the patterns already read.
pub(super) fn coordinated(template: &str, k: usize) -> Vec<usize> {
    static NEXT: OnceLock<Regex> = OnceLock::new();
    static PREV: OnceLock<Regex> = OnceLock::new();
    let next = static_re(
        &NEXT,
        r"^(,? and (?:the )?|, |,? as well as |,? and (?:now |then |later |also |more recently )?(?:to|with|from) )<(\d+)>",
    );
    let prev = static_re(&PREV, r"<(\d+)>(, |,? and |,? as well as )$");
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
        // "and" and "as well as" close a list; a bare comma only continues one.
        let closes = sep.as_str().contains("and") || sep.as_str().contains("as well");
        if first && !closes {
            break;
        }
        first = false;
        let Ok(j) = n.as_str().parse::<usize>() else {
            break;
        };
        before.push(j);
        end = all.start();
        if closes && before.len() > 1 {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::testkit::{records, summary};

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
    fn the_year_a_dispute_began_does_not_date_the_deal_that_ends_it() {
        let r = records(
            "Halden Devices has signed a patent licence with Tessaro Labs, ending the \
             litigation that began between the two companies in 2019.",
        );
        assert_eq!(r.len(), 1, "{r:?}");
        assert!(
            r[0].date.as_ref().is_none_or(|d| d.value != "2019"),
            "{:?}",
            r[0].date
        );
        let at = |s: &str| dates_the_dispute(s, s.find("20").unwrap_or(0));
        assert!(at("the suits it filed in 2012"));
        assert!(at("a patent war going back to 2011"));
        // The deal's own verb, or a quarrel that ended: the date is the deal's.
        assert!(!at("the dispute, settled in 2012"));
        assert!(!at("signed a licence in 2012"));
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
