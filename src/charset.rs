//! Bytes to UTF-8 for web pages. The order of evidence follows what browsers do: a byte-order
//! mark, then the charset the transport named, then a `<meta>` declaration in the first 1024
//! bytes, then statistical detection. Decoding never fails: malformed sequences become U+FFFD.

use std::borrow::Cow;

use encoding_rs::Encoding;

/// The decoded text and the encoding that was used, for diagnostics.
#[derive(Debug)]
pub struct Decoded<'a> {
    /// Borrowed from the input when it already was valid UTF-8 (most pages): a copy of a
    /// page costs as much as a pass over it.
    pub text: Cow<'a, str>,
    pub encoding: &'static str,
    /// True when malformed sequences were replaced.
    pub had_errors: bool,
}

/// Decodes `bytes` using the evidence order above. `transport` is e.g. the `charset=` value of
/// an HTTP `Content-Type` header.
pub fn decode_html<'a>(bytes: &'a [u8], transport: Option<&str>) -> Decoded<'a> {
    let encoding = Encoding::for_bom(bytes)
        .map(|(e, _)| e)
        .or_else(|| transport.and_then(|t| Encoding::for_label(t.trim().as_bytes())))
        .or_else(|| meta_charset(bytes))
        .unwrap_or_else(|| detect(bytes));
    // A page that declares UTF-16 in a meta tag cannot be UTF-16 (the tag was readable as
    // ASCII); browsers treat that as UTF-8, and so do we.
    let encoding = if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
        if Encoding::for_bom(bytes).is_some() {
            encoding
        } else {
            encoding_rs::UTF_8
        }
    } else {
        encoding
    };
    let (text, used, had_errors) = encoding.decode(bytes);
    Decoded {
        text,
        encoding: used.name(),
        had_errors,
    }
}

/// The charset of the `Content-Type` header value, if it names one.
pub fn charset_from_content_type(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches('"').trim_matches('\'').to_string())
    })
}

fn detect(bytes: &[u8]) -> &'static Encoding {
    if std::str::from_utf8(bytes).is_ok() {
        return encoding_rs::UTF_8;
    }
    let mut det = chardetng::EncodingDetector::new();
    det.feed(bytes, true);
    det.guess(None, true)
}

/// Finds `<meta charset=…>` or `<meta http-equiv=Content-Type content="…; charset=…">` in the
/// first 4096 bytes. Browsers look at 1024; real pages often put the tag after long `<head>`
/// preambles, and a declaration that late is still better evidence than a statistical guess.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut pos = 0;
    while let Some(i) = find(&lower[pos..], b"<meta") {
        let start = pos + i;
        let end = find(&lower[start..], b">").map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(c) = find(tag, b"charset") {
            let rest = &tag[c + 7..];
            let rest = rest.strip_prefix(b" ").unwrap_or(rest);
            if let Some(rest) = rest.strip_prefix(b"=") {
                let value: Vec<u8> = rest
                    .iter()
                    .copied()
                    .skip_while(|b| matches!(b, b' ' | b'"' | b'\''))
                    .take_while(|b| !matches!(b, b' ' | b'"' | b'\'' | b';' | b'/' | b'>'))
                    .collect();
                if let Some(e) = Encoding::for_label(&value) {
                    return Some(e);
                }
            }
        }
        pos = end;
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_order() {
        // Windows-1252 bytes for "café" with no declaration at all: detection.
        let d = decode_html(b"<p>caf\xe9 au lait, d\xe9j\xe0 vu, na\xefve</p>", None);
        assert!(d.text.contains("café"), "{}", d.text);
        // Meta declaration.
        let d = decode_html(
            b"<meta charset=\"koi8-r\"><p>\xf0\xd2\xc9\xd7\xc5\xd4</p>",
            None,
        );
        assert!(d.text.contains("Привет"), "{}", d.text);
        // Transport beats meta.
        let d = decode_html(b"<meta charset=utf-8><p>\xe9</p>", Some("windows-1252"));
        assert!(d.text.contains('é'));
        // BOM beats everything.
        let d = decode_html(b"\xef\xbb\xbf<p>\xc3\xa9</p>", Some("windows-1252"));
        assert!(d.text.contains('é'));
    }

    #[test]
    fn east_asian_and_cyrillic_pages() {
        // Shift_JIS and GBK named by a meta tag, GBK by http-equiv.
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("<p>東京の会社が買収を発表した。</p>");
        let mut page = b"<meta charset=\"shift_jis\">".to_vec();
        page.extend_from_slice(&sjis);
        assert!(decode_html(&page, None)
            .text
            .contains("東京の会社が買収を発表した"));
        let (gbk, _, _) = encoding_rs::GBK.encode("<p>北京公司宣布收购计划。</p>");
        let mut page =
            b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">".to_vec();
        page.extend_from_slice(&gbk);
        assert!(decode_html(&page, None)
            .text
            .contains("北京公司宣布收购计划"));
        // Undeclared: detection.
        let text = "<p>Компания объявила о покупке конкурента за сто миллионов рублей. \
                    Сделка должна завершиться в следующем году, сообщили в компании.</p>";
        let (koi8, _, _) = encoding_rs::KOI8_R.encode(text);
        assert!(decode_html(&koi8, None).text.contains("Компания объявила"));
        let text = "<p>東京の会社は、大阪の競合他社を買収することで合意したと発表した。\
                    買収額は明らかにしていないが、関係者によると数百億円規模になる見通しだ。</p>";
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(text);
        assert!(decode_html(&sjis, None).text.contains("買収することで合意"));
    }

    #[test]
    fn content_type() {
        assert_eq!(
            charset_from_content_type("text/html; charset=\"Shift_JIS\"").as_deref(),
            Some("Shift_JIS")
        );
        assert_eq!(charset_from_content_type("text/html"), None);
    }
}
