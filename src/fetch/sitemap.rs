//! Sitemaps (sitemaps.org): `urlset`, `sitemapindex`, Google News extensions, gzipped files
//! and plain-text sitemaps (one URL a line).
//!
//! The reader is lenient where real servers are sloppy — a `.gz` name on plain XML, a wrong
//! namespace, a `<sitemap>` holding a bare URL without `<loc>`, padding around URLs — and
//! keeps every entry it found before a syntax error, reporting the error beside them, so a
//! broken tail never loses the good head.

use chrono::NaiveDate;
use quick_xml::events::Event;
use quick_xml::Reader;

use crate::dates::parse_machine_date;

/// What a sitemap lists: pages, or further sitemaps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SitemapKind {
    UrlSet,
    Index,
    /// One URL a line.
    Text,
}

/// One `<url>` or `<sitemap>` entry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SitemapEntry {
    pub loc: String,
    pub lastmod: Option<NaiveDate>,
    /// `news:title`, when the sitemap is a Google News sitemap.
    pub title: Option<String>,
    /// `news:publication_date`.
    pub published: Option<NaiveDate>,
}

#[derive(Debug, Clone)]
pub struct Sitemap {
    pub kind: SitemapKind,
    pub entries: Vec<SitemapEntry>,
    /// A syntax error met after `entries` were read.
    pub error: Option<String>,
}

/// Decompresses (when the bytes say gzip, whatever the name) and parses a sitemap. `Err` only
/// when nothing usable was found.
pub fn parse_sitemap(bytes: &[u8], max_bytes: u64) -> Result<Sitemap, String> {
    let owned;
    let bytes = if bytes.starts_with(&[0x1f, 0x8b]) {
        owned = super::gunzip_limited(bytes, max_bytes)?;
        &owned[..]
    } else {
        bytes
    };
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let text = String::from_utf8_lossy(bytes);
    let trimmed = text.trim_start();
    if trimmed.is_empty() {
        return Err("empty sitemap".into());
    }
    if !trimmed.starts_with('<') {
        return Ok(parse_text(trimmed));
    }
    let map = parse_xml(trimmed)?;
    if map.entries.is_empty() {
        if let Some(e) = map.error {
            return Err(e);
        }
    }
    Ok(map)
}

fn parse_text(text: &str) -> Sitemap {
    let entries = text
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("http://") || l.starts_with("https://"))
        .map(|l| SitemapEntry {
            loc: l.to_string(),
            ..Default::default()
        })
        .collect();
    Sitemap {
        kind: SitemapKind::Text,
        entries,
        error: None,
    }
}

fn parse_xml(text: &str) -> Result<Sitemap, String> {
    let mut reader = Reader::from_str(text);
    let mut kind = None;
    let mut entries = Vec::new();
    let mut stack: Vec<String> = Vec::new();
    let mut current: Option<SitemapEntry> = None;
    let mut buf = String::new();
    let mut error = None;
    loop {
        let pos = reader.buffer_position();
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(e) => {
                error = Some(format!("XML error at byte {pos}: {e}"));
                break;
            }
        };
        match event {
            Event::Start(s) => {
                let name = String::from_utf8_lossy(s.local_name().as_ref()).to_ascii_lowercase();
                match (stack.len(), name.as_str()) {
                    (0, "urlset") => kind = Some(SitemapKind::UrlSet),
                    (0, "sitemapindex") => kind = Some(SitemapKind::Index),
                    (0, other) => {
                        return Err(format!("not a sitemap: the root element is <{other}>"))
                    }
                    (_, "url" | "sitemap") => current = Some(SitemapEntry::default()),
                    _ => {}
                }
                stack.push(name);
                buf.clear();
            }
            Event::Empty(_) => {}
            Event::Text(t) => buf.push_str(&t.decode().map_err(|e| e.to_string())?),
            Event::CData(t) => buf.push_str(&String::from_utf8_lossy(&t.into_inner())),
            Event::GeneralRef(r) => {
                let name = r.decode().map_err(|e| e.to_string())?;
                match r.resolve_char_ref() {
                    Ok(Some(c)) => buf.push(c),
                    _ => buf.push_str(match name.as_ref() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        _ => "",
                    }),
                }
            }
            Event::End(_) => {
                let name = stack.pop().unwrap_or_default();
                let value = buf.trim().to_string();
                buf.clear();
                let parent = stack.last().map(String::as_str).unwrap_or("");
                if let Some(entry) = current.as_mut() {
                    match name.as_str() {
                        "loc" if matches!(parent, "url" | "sitemap") => entry.loc = value,
                        "lastmod" => entry.lastmod = parse_machine_date(&value),
                        "publication_date" => entry.published = parse_machine_date(&value),
                        "title" if parent == "news" => {
                            entry.title = Some(value).filter(|v| !v.is_empty())
                        }
                        "url" | "sitemap" => {
                            if let Some(mut e) = current.take() {
                                // A bare URL as the element's own text: accepted, as
                                // crawler-commons does.
                                if e.loc.is_empty() && looks_like_url(&value) {
                                    e.loc = value;
                                }
                                if !e.loc.is_empty() {
                                    entries.push(e);
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
            Event::Eof => {
                if let Some(open) = stack.last() {
                    error = Some(format!("the document ends inside <{open}>"));
                }
                break;
            }
            _ => {}
        }
    }
    let Some(kind) = kind else {
        return Err(error.unwrap_or_else(|| "not a sitemap: no root element".into()));
    };
    Ok(Sitemap {
        kind,
        entries,
        error,
    })
}

fn looks_like_url(s: &str) -> bool {
    s.starts_with("http://") || s.starts_with("https://")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locs(m: &Sitemap) -> Vec<&str> {
        m.entries.iter().map(|e| e.loc.as_str()).collect()
    }

    #[test]
    fn urlset_with_news() {
        let xml = br#"<?xml version="1.0"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc> https://x.test/a?x=1&amp;y=2 </loc><lastmod>2020-01-02</lastmod>
    <news:news><news:title>Deal &amp; more</news:title>
    <news:publication_date>2020-01-03T10:00:00Z</news:publication_date></news:news></url>
  <url><loc><![CDATA[https://x.test/b]]></loc></url>
</urlset>"#;
        let m = parse_sitemap(xml, 1 << 20).expect("parses");
        assert_eq!(m.kind, SitemapKind::UrlSet);
        assert_eq!(
            locs(&m),
            vec!["https://x.test/a?x=1&y=2", "https://x.test/b"]
        );
        assert_eq!(m.entries[0].title.as_deref(), Some("Deal & more"));
        assert_eq!(
            m.entries[0].published.map(|d| d.to_string()).as_deref(),
            Some("2020-01-03")
        );
        assert!(m.error.is_none());
    }

    #[test]
    fn index_bare_and_gz() {
        let xml = b"<sitemapindex><sitemap>https://x.test/s1.xml</sitemap>\
<sitemap><loc>https://x.test/s2.xml</loc></sitemap></sitemapindex>";
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, xml).expect("write");
        let gz = gz.finish().expect("gzip");
        let m = parse_sitemap(&gz, 1 << 20).expect("parses");
        assert_eq!(m.kind, SitemapKind::Index);
        assert_eq!(
            locs(&m),
            vec!["https://x.test/s1.xml", "https://x.test/s2.xml"]
        );
        assert!(parse_sitemap(&gz, 10).is_err());
    }

    #[test]
    fn text_and_broken() {
        let m = parse_sitemap(
            b"\xef\xbb\xbfhttps://x.test/a\n\nhttps://x.test/b\n",
            1 << 20,
        )
        .expect("parses");
        assert_eq!(m.kind, SitemapKind::Text);
        assert_eq!(m.entries.len(), 2);
        let m = parse_sitemap(
            b"<urlset><url><loc>https://x.test/a</loc></url><url><lo",
            1 << 20,
        )
        .expect("keeps the head");
        assert_eq!(locs(&m), vec!["https://x.test/a"]);
        assert!(m.error.is_some());
        assert!(parse_sitemap(b"<urlset><url does not close</urlset>", 1 << 20).is_err());
        assert!(parse_sitemap(b"<rss></rss>", 1 << 20).is_err());
        assert!(parse_sitemap(b"", 1 << 20).is_err());
    }
}
