//! Consent walls and paywall teasers: pages that are served instead of the article. They are
//! recognised only when the extracted text is short, by phrases such pages use; a long
//! article that merely mentions cookies is never flagged.

use crate::doc::ArticleStatus;

/// Phrases of consent walls (lower case).
const CONSENT: &[&str] = &[
    "accept all",
    "accept cookies",
    "agree and continue",
    "cookie policy",
    "cookie settings",
    "manage cookies",
    "manage options",
    "privacy settings",
    "reject all",
    "we use cookies",
    "we value your privacy",
    "your privacy choices",
];

/// Phrases of paywall teasers (lower case).
const PAYWALL: &[&str] = &[
    "already a subscriber",
    "become a subscriber",
    "subscribe now",
    "subscribe to continue",
    "subscribe to read",
    "subscribers only",
    "this article is for subscribers",
    "this content is for subscribers",
    "to continue reading",
    "unlock this article",
];

/// `Some(status)` when the page is a wall rather than an article. `body` is the text the body
/// extractor found; `page` is all visible text.
pub fn classify(page: &str, body: &str, json_ld: &[String]) -> Option<ArticleStatus> {
    let body_len = body.len();
    if body_len >= 1500 {
        return None;
    }
    let page = page.to_lowercase();
    let hits = |list: &[&str]| list.iter().filter(|p| page.contains(*p)).count();
    let not_free = json_ld.iter().any(|j| {
        let j = j.replace(' ', "");
        j.contains("\"isAccessibleForFree\":false")
            || j.contains("\"isAccessibleForFree\":\"False\"")
            || j.contains("\"isAccessibleForFree\":\"false\"")
    });
    let paywall = hits(PAYWALL);
    // Short articles carry subscription prompts too: without the publisher's own
    // `isAccessibleForFree: false`, only a page that is nearly nothing but prompts is a wall.
    if (paywall >= 1 && not_free && body_len < 300) || (paywall >= 3 && body_len < 300) {
        return Some(ArticleStatus::Paywalled);
    }
    // A consent wall: the consent text is what the extractor took for the story, or nearly
    // nothing else is on the page. A short article under a cookie banner is neither.
    let body_lower = body.to_lowercase();
    let body_hits = CONSENT.iter().filter(|p| body_lower.contains(*p)).count();
    if body_hits >= 2 || (body_len < 80 && hits(CONSENT) >= 2) {
        return Some(ArticleStatus::Consent);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_sorted() {
        for t in [CONSENT, PAYWALL] {
            assert!(t.windows(2).all(|w| w[0] < w[1]));
        }
    }

    #[test]
    fn walls() {
        let consent = "We value your privacy. We use cookies. Accept all | Reject all";
        assert_eq!(
            classify(consent, consent, &[]),
            Some(ArticleStatus::Consent)
        );
        assert_eq!(classify(consent, "", &[]), Some(ArticleStatus::Consent));
        let story = "Acme bought Widget Labs for $40 million, the companies said on Tuesday, \
                     in a deal that gives Acme the sensor patents it has licensed for years.";
        let page = format!("{consent} {story}");
        assert_eq!(classify(&page, story, &[]), None);
        let pay = "Shares jump. Subscribe to continue reading. Already a subscriber? Log in";
        let ld = ["{\"isAccessibleForFree\": false}".to_string()];
        assert_eq!(
            classify(pay, "Shares jump.", &ld),
            Some(ArticleStatus::Paywalled)
        );
        assert_eq!(
            classify(pay, "Shares jump.", &[]),
            Some(ArticleStatus::Paywalled)
        );
        assert_eq!(classify(pay, &"x".repeat(800), &[]), None);
        assert_eq!(
            classify("Shares jump. Subscribe now.", "Shares jump.", &[]),
            None
        );
        assert_eq!(
            classify("A short note on cookies.", "A short note on cookies.", &[]),
            None
        );
    }
}
