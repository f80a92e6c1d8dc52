//! Which side of a licence holds the rights: the licensor.
//!
//! A licence sentence often does not say who licenses whom. "Nokia signs patent licence with
//! HP", "Nokia and HTC enter into a patent agreement", "an agreement covering the use of
//! Nokia's video technologies": English news names the licensor first as often as not, and
//! "signs with" is symmetric. What does tell, anywhere in the article, is how the two sides
//! are spoken of: the patent holder's patents, portfolio and inventions ("Nokia's patents"),
//! the payments flowing to it ("royalty payments to Nokia", "payments from Samsung to
//! Ericsson", "HTC will pay Nokia"), the licence the other side takes or already has ("a
//! long-standing licensee"), and the suits the holder brought ("Nokia sued Amazon"). Each cue
//! scores the organisation it names; a licence whose roles the weaker side holds as licensor
//! is turned round, and one whose sides are only partners is given its direction.
//!
//! A supply deal told as "signed a chip manufacturing deal with Samsung" has the same
//! problem, and the same answer: the side whose fab builds the chips, or that supplies or
//! manufactures, is the supplier; the side the text calls the customer is the customer
//! ([`suppliers`]).
//!
//! The cues are read from light templates (the sentence in lower case, each organisation
//! mention as `<entity>`), so "the smartphone vendor" pays nobody: only named organisations
//! score, which is what keeps a cue from crediting the wrong side.

use std::sync::OnceLock;

use regex::Regex;

use crate::doc::Article;

use super::orgs::Mention;
use super::static_re;

/// How strongly the article speaks of each organisation as a rights holder (positive) or as
/// one that pays for rights (negative), by entity; and the same from payment cues alone.
pub(super) struct Holders {
    all: Vec<i32>,
    paid: Vec<i32>,
}

impl Holders {
    pub(super) fn of(&self, entity: usize) -> i32 {
        self.all.get(entity).copied().unwrap_or(0)
    }

    /// From payment cues only ("payments to Nokia", "HTC will pay"): what turns an agreement
    /// or a settlement between the two into a licence.
    pub(super) fn paid(&self, entity: usize) -> i32 {
        self.paid.get(entity).copied().unwrap_or(0)
    }
}

/// One cue: a regex over a light template whose groups name organisations, and the score
/// each group's organisation gets.
struct Cue {
    re: &'static Regex,
    scores: &'static [i32],
    /// A cue of money flowing for the rights.
    payment: bool,
}

fn cues() -> &'static [Cue] {
    static CUES: OnceLock<Vec<Cue>> = OnceLock::new();
    static R: [OnceLock<Regex>; 10] = [const { OnceLock::new() }; 10];
    const PAY: &str = r"(?:royalt(?:y|ies)|payments?|fees?|license fees?|licence fees?)";
    CUES.get_or_init(|| {
        let srcs: [(String, &'static [i32]); 10] = [
            // "Nokia's patent portfolio", "Qualcomm's standard essential patents", "the use
            // of Nokia's video technologies", "Adeia's media IP portfolio".
            (
                r"<(\d+)>'s (?:[a-z0-9-]+ ){0,4}?(?:patents?|patent portfolios?|portfolios?|patent families|inventions?|intellectual property|ip|technolog(?:y|ies)|seps?|licensing (?:business|program|programme|arm|unit|division|revenue|income|offering))\b".into(),
                &[2],
            ),
            // "catch-up payments to Nokia", "royalties to Ericsson".
            (format!(r"\b{PAY}\b(?: [a-z-]+){{0,4}}? to <(\d+)>"), &[2]),
            // "royalty payments from Samsung to Ericsson".
            (
                format!(r"\b{PAY}\b(?: [a-z-]+){{0,3}}? from <(\d+)> to <(\d+)>"),
                &[-2, 2],
            ),
            // "Vivo will make royalty payments", "HTC already pays a license fee".
            (
                format!(r"<(\d+)> (?:[a-z]+ ){{0,3}}?(?:make|makes|made|making|pay|pays|paid|paying)\b(?: [a-z-]+){{0,4}}? {PAY}\b"),
                &[-2],
            ),
            // "Samsung will pay Qualcomm", "TCL will pay BlackBerry royalties".
            (
                r"<(\d+)> (?:[a-z]+ ){0,3}?(?:pay|pays|paid|paying) <(\d+)>".into(),
                &[-2, 2],
            ),
            // "HTC, which is a long standing licensee".
            (
                r"<(\d+)>,? (?:which |who )?(?:is |was |has been |becomes |became |as )?(?:a |an |the )?(?:[a-z-]+ ){0,3}?licensees?\b".into(),
                &[-2],
            ),
            // "Apple took a licence", "Oppo obtained a licence".
            (
                r"<(\d+)> (?:[a-z]+ ){0,3}?(?:took|takes|take|taking|obtain|obtains|obtained|receive|receives|received|get|gets|got|secure|secures|secured) (?:out )?(?:a |an )?(?:[a-z0-9-]+ ){0,3}?licen[cs]e\b".into(),
                &[-2],
            ),
            // "Ericsson has granted Samsung a non-exclusive license", "gives Oppo a licence".
            (
                r"<(\d+)> (?:[a-z]+ ){0,3}?(?:granted|grants|grant|gave|gives|give|giving) <(\d+)> (?:a |an )?(?:[a-z-]+ ){0,3}?licen[cs]e\b".into(),
                &[2, -2],
            ),
            // "Nokia filed suits against Amazon", "Ericsson accused Motorola of infringing".
            (
                r"<(\d+)> (?:[a-z]+ ){0,3}?(?:sued|sues|suing|filed|brought|initiated|launched|accused|accuses)\b[^<]{0,50}?(?:against )?<(\d+)>".into(),
                &[1, 0],
            ),
            // "chief licensing officer at Nokia", "head of licensing at Ericsson".
            (
                r"\b(?:licensing officer|licensing chief|head of licensing|licensing division|licensing business|licensing arm)\b[^<]{0,40}?<(\d+)>".into(),
                &[1],
            ),
        ];
        srcs.iter()
            .zip(R.iter())
            .enumerate()
            .map(|(i, ((src, scores), cell))| Cue {
                re: static_re(cell, src),
                scores,
                payment: (1..=4).contains(&i),
            })
            .collect()
    })
}

/// Scores every organisation of the article by the licence cues of all its sentences.
pub(super) fn holders(article: &Article, mentions: &[Mention], entities: usize) -> Holders {
    let (all, paid) = score(article, mentions, entities, cues());
    Holders { all, paid }
}

/// Supply cues: who makes, builds or supplies (positive), who is the customer (negative).
fn supply_cues() -> &'static [Cue] {
    static CUES: OnceLock<Vec<Cue>> = OnceLock::new();
    static R: [OnceLock<Regex>; 5] = [const { OnceLock::new() }; 5];
    CUES.get_or_init(|| {
        let srcs: [(&str, &'static [i32]); 5] = [
            // "Samsung currently manufactures Tesla's chips", "Nokia will supply its RAN".
            (
                r"<(\d+)> (?:[a-z]+ ){0,2}?(?:supply|supplies|supplied|supplying|manufacture|manufactures|manufactured|manufacturing|make|makes|made|build|builds|built|produce|produces|produced|producing|provide|provides|provided|providing|deliver|delivers|delivered|fabricates|fabricated|handle|handles)\b",
                &[2],
            ),
            // "built at Samsung's new Texas fab".
            (
                r"<(\d+)>'s (?:[a-z0-9-]+ ){0,3}?(?:fab|fabs|foundry|foundries|factory|factories|plant|plants|production lines?)\b",
                &[2],
            ),
            // "chips made by TSMC".
            (
                r"\b(?:built|made|manufactured|produced|supplied|provided|fabricated) (?:at|by) <(\d+)>",
                &[2],
            ),
            // "Tesla is the customer", "as its main supplier".
            (
                r"<(\d+)>,? (?:is|was|will be|would be|as|becomes|became) (?:the |a |its |their )?(?:[a-z-]+ ){0,2}?(?:customer|client|buyer)\b",
                &[-2],
            ),
            (
                r"<(\d+)>,? (?:is|was|will be|would be|as|becomes|became) (?:the |a |its |their )?(?:[a-z-]+ ){0,2}?(?:supplier|vendor|provider|manufacturer|foundry)\b",
                &[2],
            ),
        ];
        srcs.iter()
            .zip(R.iter())
            .map(|((src, scores), cell)| Cue {
                re: static_re(cell, src),
                scores,
                payment: false,
            })
            .collect()
    })
}

/// Scores every organisation of the article as a supplier (positive) or a customer.
pub(super) fn suppliers(article: &Article, mentions: &[Mention], entities: usize) -> Vec<i32> {
    score(article, mentions, entities, supply_cues()).0
}

/// Scores by a cue list: (all cues, payment cues only).
fn score(
    article: &Article,
    mentions: &[Mention],
    entities: usize,
    cues: &[Cue],
) -> (Vec<i32>, Vec<i32>) {
    let mut score = vec![0i32; entities];
    let mut paid = vec![0i32; entities];
    let text = &article.text;
    let mut m = 0;
    for (si, s) in article.sentences.iter().enumerate() {
        let begin = m;
        while m < mentions.len() && mentions[m].sentence == si {
            m += 1;
        }
        let here = &mentions[begin..m];
        if here.is_empty() {
            continue;
        }
        let sent = s.slice(text);
        let mut light = String::with_capacity(sent.len());
        let mut pos = 0;
        for x in here {
            let (a, b) = (x.byte_start - s.byte_start, x.byte_end - s.byte_start);
            if a < pos || b > sent.len() {
                continue;
            }
            light.push_str(&sent[pos..a].to_lowercase().replace('\u{2019}', "'"));
            light.push_str(&format!("<{}>", x.entity));
            pos = b;
        }
        light.push_str(&sent[pos..].to_lowercase().replace('\u{2019}', "'"));
        for cue in cues {
            for c in cue.re.captures_iter(&light) {
                for (g, delta) in cue.scores.iter().enumerate() {
                    let e = c
                        .get(g + 1)
                        .and_then(|x| x.as_str().parse::<usize>().ok())
                        .filter(|&e| e < entities);
                    if let Some(e) = e {
                        score[e] += delta;
                        if cue.payment {
                            paid[e] += delta;
                        }
                    }
                }
            }
        }
    }
    (score, paid)
}

/// The licensor and licensee of a two-sided licence, given its current roles (entity,
/// role) and the article's cues: the pair turned round when the cues say the other side
/// holds the rights, given a direction when the sides are only partners (the better-scored
/// side, else the one named first), and `None` when the roles stand.
pub(super) fn direct(roles: &[(usize, String)], holders: &Holders) -> Option<(usize, usize)> {
    let [(a, ra), (b, rb)] = roles else {
        return None;
    };
    let (sa, sb) = (holders.of(*a), holders.of(*b));
    match (ra.as_str(), rb.as_str()) {
        ("licensor", "licensee") if sb - sa >= 2 => Some((*b, *a)),
        ("licensee", "licensor") if sa - sb >= 2 => Some((*a, *b)),
        ("partner", "partner") => {
            if sb > sa {
                Some((*b, *a))
            } else {
                Some((*a, *b))
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::testkit::summaries;

    fn pair(text: &str, ty: &str) -> Vec<(String, String)> {
        summaries(text)
            .into_iter()
            .find(|s| s.0.iter().any(|t| t == ty))
            .map(|s| s.1)
            .unwrap_or_default()
    }

    #[test]
    fn the_side_that_is_paid_holds_the_patents() {
        // Symmetric wording; the payment tells.
        let roles = pair(
            "Kestrel Systems has signed a patent licence agreement with Varda Mobile. \
             Under the deal Varda Mobile will make royalty payments to Kestrel Systems.",
            "patent_license",
        );
        assert!(
            roles.contains(&("Kestrel Systems".into(), "licensor".into())),
            "{roles:?}"
        );
        assert!(
            roles.contains(&("Varda Mobile".into(), "licensee".into())),
            "{roles:?}"
        );
        // The same wording with the payment the other way round.
        let roles = pair(
            "Kestrel Systems has signed a patent licence agreement with Varda Mobile. \
             Kestrel Systems will pay Varda Mobile a royalty on every handset.",
            "patent_license",
        );
        assert!(
            roles.contains(&("Varda Mobile".into(), "licensor".into())),
            "{roles:?}"
        );
    }

    #[test]
    fn a_patent_agreement_between_partners_gets_a_direction() {
        let roles = pair(
            "Kestrel Systems and Varda Mobile have entered into a patent agreement. \
             The deal covers the use of Varda Mobile's radio inventions in Kestrel phones.",
            "patent_license",
        );
        assert!(
            roles.contains(&("Varda Mobile".into(), "licensor".into())),
            "{roles:?}"
        );
        assert!(
            roles.contains(&("Kestrel Systems".into(), "licensee".into())),
            "{roles:?}"
        );
    }

    #[test]
    fn without_cues_the_first_named_side_licenses() {
        let roles = pair(
            "Kestrel Systems has signed a patent licence agreement with Varda Mobile.",
            "patent_license",
        );
        assert!(
            roles.contains(&("Kestrel Systems".into(), "licensor".into())),
            "{roles:?}"
        );
    }

    #[test]
    fn a_settlement_with_payments_for_patents_is_a_licence() {
        let roles = pair(
            "Kestrel Systems and Varda Mobile have settled all pending patent litigation. \
             Varda Mobile will make payments to Kestrel Systems under the agreement.",
            "patent_license",
        );
        assert!(
            roles.contains(&("Kestrel Systems".into(), "licensor".into())),
            "{roles:?}"
        );
        assert!(
            roles.contains(&("Varda Mobile".into(), "licensee".into())),
            "{roles:?}"
        );
    }

    #[test]
    fn the_side_whose_fab_builds_supplies() {
        let roles = pair(
            "Varda Motors has signed a $2bn chip manufacturing deal with Ostrel Foundry. The \
             chips will be built at Ostrel Foundry's new plant, and Varda Motors is the customer.",
            "supply_agreement",
        );
        assert!(
            roles.contains(&("Ostrel Foundry".into(), "supplier".into())),
            "{roles:?}"
        );
        assert!(
            roles.contains(&("Varda Motors".into(), "customer".into())),
            "{roles:?}"
        );
    }
}
