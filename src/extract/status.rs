//! A deal's status from the words around its pattern hit: denial (no deal), termination,
//! rumour, plan, and the tense of the verb; a default when nothing cues it.

use std::sync::OnceLock;

use regex::Regex;

use super::patterns;
use super::static_re;

/// "The two companies ended that fight in 2015, when … Apple took a licence", "ending one of
/// the most bitter legal battles": what ends is a dispute, which a licence or settlement
/// closes, not the deal. `from` starts at a termination cue; true when that cue's object is a
/// dispute word with no deal word before it ("ended their alliance after a dispute" still
/// ends the alliance).
pub(super) fn ends_a_dispute(from: &str) -> bool {
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

/// "Its biggest dispute, with Apple, ended in 2019 when…": `before` (the text before a
/// termination cue) ends on a dispute as the cue's subject, with no deal word after it.
fn dispute_ends(before: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = static_re(
        &RE,
        r"\b(?:fight|fights|dispute|disputes|battle|battles|row|feud|litigation|lawsuits?|legal action|court case|war|stand-?off|spat|wrangle|clash)\b(?P<gap>[^.;]{0,40})$",
    );
    re.captures(before).is_some_and(|c| {
        let gap = c.name("gap").map_or("", |g| g.as_str());
        !gap.split(|c: char| !c.is_ascii_alphabetic() && c != '-')
            .any(|w| {
                matches!(
                    w,
                    "partnership"
                        | "alliance"
                        | "agreement"
                        | "deal"
                        | "venture"
                        | "contract"
                        | "merger"
                        | "licence"
                        | "license"
                        | "takeover"
                        | "acquisition"
                )
            })
    })
}

/// The status a pattern match reports and whether a cue word gave it, or None when the sentence
/// denies or negates the deal.
pub(super) fn status_of(
    lower: &str,
    hit: &patterns::Hit,
    types: &[String],
) -> Option<(&'static str, bool)> {
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
        r"\b(?:pulled out|pull out|pulls out|pulling out|called off|calling off|calls off|scrapped|scrapping|scraps|abandoned|abandoning|abandons|abandon|scrap|scraps|cancel|walked away|walking away|walks away|call off|falls through|falling through|cancel(?:s|ling|ing)|giv(?:es|ing|en) up|gave up|withdr(?:ew|aws|awing|awn) from|terminating|terminates|collapsed|terminated|terminate|ended|ending|end (?:its|the|their)|(?:an|the) end to|dissolv\w*|came to an end|comes to an end|coming to an end|come to an end|unwind|unwound|unwinding|broke off|cancelled|canceled|fell through|lost out|rejected|tried to|failed|get out of|exit(?:ed)? (?:the|its))\b",
    );
    let rumour = static_re(
        &RUMOUR,
        r"\b(?:reportedly|is said to|are said to|was said to|were said to|rumou?r\w*|speculat\w*|sources|according to|considering|could|might|may|tipped|is believed to|are believed to|is understood to|analysts|(?:according to|media|press|unconfirmed|earlier|recent|news|citing) reports|reports (?:said|say|says|suggest|suggested|claim|claimed|that)|(?:potential|possible) (?:[a-z-]+ )?(?:deal|takeover|bid|buyer|bidder|merger|acquisition|suitor|partner|tie-up|sale|offer|approach)s?|possibly|mulling|weighing|would consider|interested in|mentioned in connection|linked (?:to|with) (?:a|an) (?:bid|takeover|offer)|most likely|likely (?:bidder|buyer|suitor|acquirer)s?)\b",
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
    // "Halvorsen rejected a $4bn offer from Brightwater": a target turning a bid down leaves
    // the bid made, not withdrawn (the bidder may come back).
    static REBUFF: OnceLock<Regex> = OnceLock::new();
    let rebuff = static_re(
        &REBUFF,
        r"^ ?<\d+>,? (?:[a-z]+ ){0,3}?(?:rejected|rejects|rebuffed|rebuffs|turned down|turns down|spurned|spurns|snubbed|snubs|fended off|fends off|fought off|fights off)\b",
    );
    if types.iter().all(|t| t == "acquisition") && rebuff.is_match(m) {
        return Some(("announced", true));
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
    // What follows the match ends the deal: the deal named is the subject of its own ending
    // ("Intel acquisition of Tower falls through", "the merger was called off"), or a later
    // clause ends it by its definite noun ("planned to acquire Tower … but the two decided
    // to call off the acquisition", "was looking to buy B, but the talks ended without a
    // deal").
    static ENDS_AFTER: OnceLock<Regex> = OnceLock::new();
    let ends_after = static_re(
        &ENDS_AFTER,
        r"^,? (?:(?:has |have |had )?(?:falls|fell|fallen|falling) through|(?:collapses|collapsed|is off|(?:is|are) (?:coming|drawing) to an end|(?:comes|came) to an end)\b|(?:was|were|has been|have been|had been|is being) (?:called off|scrapped|abandoned|terminated|cancell?ed)\b)|\b(?:call(?:ed|s|ing)? off|scrap(?:ped|s|ping)?|abandon(?:ed|s|ing)?|terminat(?:e|ed|es|ing)|cancel(?:l?ed|s|l?ing)?|walk(?:ed|s|ing)? away from|pull(?:ed|s|ing)? out of) (?:the|its|their) (?:[a-z0-9$.-]+ ){0,2}?(?:acquisition|deal|merger|takeover|purchase|agreement|bid|offer|transaction|partnership|alliance|plan|contract)\b|\b(?:the|their|those) (?:[a-z-]+ )?(?:talks|negotiations|discussions) (?:collapsed|broke down|failed|fell apart|fell through|came to nothing|ended without (?:a |an |any )?(?:deal|agreement))\b",
    );
    if term
        .find_iter(window)
        .any(|t| !ends_a_dispute(&window[t.start()..]) && !dispute_ends(&window[..t.start()]))
        || agreed_end
        || ends_after.is_match(after)
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
        // "Grew its arm with the acquisition of", "expanded through the purchase of": a
        // past-tense verb right after the subject tells of a deal that happened.
        let subject_verb_past = m
            .split_once('>')
            .map(|(_, rest)| rest.trim_start_matches(['\'', 's', ',']).trim_start())
            .and_then(|rest| {
                rest.split(' ')
                    .find(|w| !matches!(*w, "also" | "then" | "later"))
            })
            .is_some_and(|w| {
                (w.len() > 4 && w.ends_with("ed") && !w.ends_with("eed"))
                    || matches!(
                        w,
                        "grew" | "took" | "made" | "won" | "spent" | "paid" | "began" | "built"
                    )
            });
        if past.is_match(m) || done_after || present_done || subject_verb_past {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::testkit::{first_status, records, summary, Summary};

    #[test]
    fn a_deal_that_falls_through_is_terminated() {
        assert_eq!(
            first_status("Tavira Systems' acquisition of Quillon Networks falls through.")
                .as_deref(),
            Some("terminated")
        );
    }

    #[test]
    fn a_partnership_coming_to_an_end_is_terminated() {
        assert_eq!(
            first_status("Tavira Systems' card partnership with Quillon Bank is coming to an end.")
                .as_deref(),
            Some("terminated")
        );
    }

    #[test]
    fn a_later_clause_calling_off_the_deal_ends_it() {
        assert_eq!(
            first_status(
                "Tavira Systems planned to acquire Quillon Networks for $2bn, but after a year \
                 of waiting for approval the two companies decided to call off the acquisition.",
            )
            .as_deref(),
            Some("terminated")
        );
    }

    #[test]
    fn talks_that_end_without_a_deal_end_it() {
        assert_eq!(
            first_status(
                "Last year Tavira Systems was looking to buy Quillon Networks, but the talks \
                 ended without a deal.",
            )
            .as_deref(),
            Some("terminated")
        );
        // Talks that ended in an agreement ended nothing.
        assert_ne!(
            first_status(
                "Tavira Systems has agreed to buy Quillon Networks after the talks ended with \
                 an agreement on price.",
            )
            .as_deref(),
            Some("terminated")
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
            // The licence that ended the fight settles it, and is not itself ended.
            got.iter()
                .any(|s| s.0 == ["patent_license", "patent_settlement"] && s.2 != "terminated"),
            "{got:?}"
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
    fn a_headline_present_tense_gives_way_to_the_body() {
        let r = records(
            "Shanda buys stake in Sina\n\nChinese game operator Shanda Ltd has bought a 20% stake in Sina Corp.",
        );
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(r[0].status, "completed");
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
}
