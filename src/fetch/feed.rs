//! Feeds: RSS 0.9x/1.0/2.0, Atom and JSON Feed, read with feed-rs. A feed is only a list of
//! links here; each item's title and date travel with its link as source metadata, because a
//! feed's date is the publisher's own statement and beats a date guessed from the page.

use chrono::NaiveDate;

/// One feed item that links to a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedItem {
    pub url: String,
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
}

/// Parses a feed; `base` resolves relative links. Items without a usable link are left out.
pub fn parse_feed(bytes: &[u8], base: Option<&str>) -> Result<Vec<FeedItem>, String> {
    let parse = |b: &[u8]| {
        feed_rs::parser::Builder::new()
            .base_uri(base)
            .build()
            .parse(b)
    };
    // feed-rs reads UTF-8 and declared encodings. A feed in UTF-16, or one whose bytes are
    // not the UTF-8 it declares (or defaults to), is re-encoded from detected text first,
    // since feed-rs may otherwise drop the text it cannot decode without failing.
    let transcoded = needs_transcoding(bytes).then(|| to_utf8(bytes));
    let feed = parse(transcoded.as_deref().unwrap_or(bytes))
        .map_err(|e| format!("not a readable feed: {e}"))?;
    let base_url = base.and_then(|b| url::Url::parse(b).ok());
    Ok(feed
        .entries
        .into_iter()
        .filter_map(|e| {
            // The alternate link is the page; `self`, `enclosure` and `related` are not.
            let link = e
                .links
                .iter()
                .find(|l| matches!(l.rel.as_deref(), None | Some("alternate")))
                .map(|l| l.href.clone())
                .or_else(|| looks_like_url(&e.id).then(|| e.id.clone()))?;
            let url = match &base_url {
                Some(b) => b.join(link.trim()).ok()?.to_string(),
                None => url::Url::parse(link.trim()).ok()?.to_string(),
            };
            Some(FeedItem {
                url,
                title: e
                    .title
                    .map(|t| t.content.trim().to_string())
                    .filter(|t| !t.is_empty()),
                published: e.published.or(e.updated).map(|d| d.date_naive()),
            })
        })
        .collect())
}

/// A UTF-16 BOM, or bytes that are not valid UTF-8 while the XML declaration names UTF-8 or
/// no encoding at all.
fn needs_transcoding(bytes: &[u8]) -> bool {
    if let Some((e, _)) = encoding_rs::Encoding::for_bom(bytes) {
        return e != encoding_rs::UTF_8;
    }
    if std::str::from_utf8(bytes).is_ok() {
        return false;
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(200)]).to_ascii_lowercase();
    let decl_end = head.find("?>").unwrap_or(0);
    let decl = if head.starts_with("<?xml") {
        &head[..decl_end]
    } else {
        ""
    };
    match decl.find("encoding") {
        None => true,
        Some(i) => decl[i..].contains("utf-8") || decl[i..].contains("utf8"),
    }
}

/// The feed's text re-encoded as UTF-8, its XML declaration saying so. A BOM decides the
/// encoding, else detection.
fn to_utf8(bytes: &[u8]) -> Vec<u8> {
    let encoding = match encoding_rs::Encoding::for_bom(bytes) {
        Some((e, _)) => e,
        None => {
            let mut det = chardetng::EncodingDetector::new();
            det.feed(bytes, true);
            det.guess(None, true)
        }
    };
    let (text, _, _) = encoding.decode(bytes);
    let text = match (text.find("<?xml"), text.find("?>")) {
        (Some(0), Some(end)) => format!("<?xml version=\"1.0\" encoding=\"UTF-8\"{}", &text[end..]),
        _ => text.into_owned(),
    };
    text.into_bytes()
}

fn looks_like_url(s: &str) -> bool {
    s.starts_with("http://") || s.starts_with("https://")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_atom_json() {
        let rss = br#"<rss version="2.0"><channel><title>T</title>
<item><title>A deal</title><link>/a</link><pubDate>Tue, 15 Nov 2022 20:15:04 GMT</pubDate></item>
<item><title>No link</title></item></channel></rss>"#;
        let items = parse_feed(rss, Some("https://x.test/feed")).expect("rss");
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].url, "https://x.test/a");
        assert_eq!(items[0].title.as_deref(), Some("A deal"));
        assert_eq!(
            items[0].published.map(|d| d.to_string()).as_deref(),
            Some("2022-11-15")
        );

        let atom = br#"<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>x</id>
<updated>2020-01-01T00:00:00Z</updated><entry><id>urn:1</id><title>E</title>
<link rel="alternate" href="https://x.test/e"/><updated>2020-01-02T00:00:00Z</updated></entry></feed>"#;
        let items = parse_feed(atom, None).expect("atom");
        assert_eq!(items[0].url, "https://x.test/e");

        let json = br#"{"version":"https://jsonfeed.org/version/1","title":"T",
"items":[{"id":"1","url":"https://x.test/j","title":"J"}]}"#;
        let items = parse_feed(json, None).expect("json");
        assert_eq!(items[0].url, "https://x.test/j");

        assert!(parse_feed(b"<html><body>no</body></html>", None).is_err());

        // Declares UTF-8, is Windows-1252.
        let rss = b"<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel>\
<title>T</title><item><title>Caf\xe9</title><link>https://x.test/c</link></item></channel></rss>";
        let items = parse_feed(rss, None).expect("transcoded");
        assert_eq!(items[0].title.as_deref(), Some("Café"));
    }
}
