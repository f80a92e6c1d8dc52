//! URL canonicalisation, so that one article reached by several links is fetched once.
//!
//! The `url` crate already lower-cases scheme and host and drops default ports when it parses;
//! on top of that we drop the fragment (never sent to a server) and the query parameters that
//! only track where a click came from. The form is used as the de-duplication key and as the
//! URL requested, since a tracking parameter never changes the page.

use url::Url;

/// Query parameters that identify a campaign or a click, never a page. Names are compared in
/// lower case; a trailing `*` matches any suffix. Kept sorted (a unit test checks it).
const TRACKING_PARAMS: &[&str] = &[
    "_ga",
    "_gl",
    "_hsenc",
    "_hsmi",
    "dclid",
    "fbclid",
    "gbraid",
    "gclid",
    "gclsrc",
    "igshid",
    "mc_cid",
    "mc_eid",
    "mkt_tok",
    "msclkid",
    "oly_anon_id",
    "oly_enc_id",
    "ref_src",
    "s_cid",
    "spm",
    "twclid",
    "utm_*",
    "vero_id",
    "wbraid",
    "yclid",
];

fn is_tracking(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    TRACKING_PARAMS.iter().any(|p| match p.strip_suffix('*') {
        Some(prefix) => name.starts_with(prefix),
        None => name == *p,
    })
}

/// Only these schemes are fetched; `file:`, `ftp:`, `javascript:` and the like are refused.
pub fn is_fetchable(url: &Url) -> bool {
    matches!(url.scheme(), "http" | "https") && url.host_str().is_some_and(|h| !h.is_empty())
}

/// Parses and canonicalises a URL: fragment and tracking parameters removed. Returns the
/// parse error's text for a URL that does not parse.
pub fn canonicalize(raw: &str) -> Result<Url, String> {
    let mut url = Url::parse(raw.trim()).map_err(|e| format!("invalid URL {raw:?}: {e}"))?;
    canonicalize_url(&mut url);
    Ok(url)
}

/// Canonicalises a parsed URL in place.
pub fn canonicalize_url(url: &mut Url) {
    url.set_fragment(None);
    if url.query().is_some() {
        let kept: Vec<(String, String)> = url
            .query_pairs()
            .filter(|(k, _)| !is_tracking(k))
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let had = url.query_pairs().count();
        if kept.is_empty() {
            url.set_query(None);
        } else if kept.len() != had {
            url.query_pairs_mut().clear().extend_pairs(kept);
        }
    }
}

/// The key politeness and robots.txt are kept under: scheme, host and port.
pub fn origin_key(url: &Url) -> String {
    url.origin().ascii_serialization()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &str) {
        let got = canonicalize(input).map(|u| u.to_string());
        assert_eq!(got.as_deref(), Ok(expected), "input {input}");
    }

    #[test]
    fn canonical_forms() {
        check(
            "HTTP://Example.COM:80/a?b=1#frag",
            "http://example.com/a?b=1",
        );
        check("https://x.test:443/", "https://x.test/");
        check("https://x.test:8443/", "https://x.test:8443/");
        check(
            "https://x.test/a?utm_source=tw&utm_medium=s",
            "https://x.test/a",
        );
        check(
            "https://x.test/a?id=7&UTM_Campaign=x&fbclid=z",
            "https://x.test/a?id=7",
        );
        check("https://x.test/a?q=a%20b&gclid=1", "https://x.test/a?q=a+b");
        check("  https://x.test/p  ", "https://x.test/p");
    }

    #[test]
    fn refused() {
        assert!(canonicalize("not a url").is_err());
        let u = canonicalize("ftp://x.test/f").map(|u| is_fetchable(&u));
        assert_eq!(u, Ok(false));
        let u = canonicalize("file:///etc/passwd").map(|u| is_fetchable(&u));
        assert_eq!(u, Ok(false));
    }

    #[test]
    fn tracking_table_sorted_unique() {
        let mut sorted = TRACKING_PARAMS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, TRACKING_PARAMS);
    }
}
