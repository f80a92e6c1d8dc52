//! A byte-level pass that cuts what the cleaner never reads before the tokenizer sees it.
//!
//! Scripts, styles, SVG, MathML, templates, `<noscript>` fallbacks, form widgets and comments
//! are often half of a news page's bytes, and the tokenizer walks raw text one character at a
//! time. Skipping them here with `memchr` costs far less than tokenizing them and throwing the
//! tokens away. JSON-LD scripts are the exception: their text is kept aside for the metadata.

use memchr::{memchr, memmem};

/// Elements whose whole content is dropped, tag included.
const CUT: &[&str] = &[
    "math", "noscript", "script", "select", "style", "svg", "template", "textarea",
];

/// The page with the cut elements removed, and the JSON-LD texts found on the way.
pub struct Prepassed {
    pub html: String,
    pub json_ld: Vec<String>,
}

pub fn strip(src: &str) -> Prepassed {
    let b = src.as_bytes();
    let mut html = String::with_capacity(src.len() / 2);
    let mut json_ld = Vec::new();
    let mut last = 0;
    let mut i = 0;
    while let Some(off) = memchr(b'<', &b[i..]) {
        let lt = i + off;
        let rest = &b[lt + 1..];
        if rest.starts_with(b"!--") {
            let end = memmem::find(&rest[3..], b"-->").map_or(b.len(), |e| lt + 4 + e + 3);
            html.push_str(&src[last..lt]);
            last = end;
            i = end;
            continue;
        }
        let name_len = rest
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        let name = &rest[..name_len];
        let follows = rest.get(name_len).copied();
        let is_cut = name_len > 0
            && matches!(
                follows,
                None | Some(b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
            )
            && CUT.iter().any(|c| c.as_bytes().eq_ignore_ascii_case(name));
        if !is_cut {
            i = lt + 1;
            continue;
        }
        let open_end = memchr(b'>', &b[lt..]).map_or(b.len(), |e| lt + e + 1);
        let (close_start, close_end) = find_close(b, open_end, name);
        if name.eq_ignore_ascii_case(b"script") {
            let open = &b[lt..open_end];
            if memmem::find(&open.to_ascii_lowercase(), b"ld+json").is_some() {
                if let Some(text) = src.get(open_end..close_start) {
                    json_ld.push(text.to_string());
                }
            }
        }
        html.push_str(&src[last..lt]);
        last = close_end;
        i = close_end;
    }
    html.push_str(&src[last..]);
    Prepassed { html, json_ld }
}

/// Start and end of `</name…>` at or after `from`, or the end of input when it never closes
/// (browsers too run an unclosed script to the end of the page).
fn find_close(b: &[u8], from: usize, name: &[u8]) -> (usize, usize) {
    let finder = memmem::Finder::new(b"</");
    let mut at = from.min(b.len());
    while let Some(off) = finder.find(&b[at..]) {
        let start = at + off;
        let tail = &b[start + 2..];
        if tail.len() >= name.len()
            && tail[..name.len()].eq_ignore_ascii_case(name)
            && !tail
                .get(name.len())
                .is_some_and(|c| c.is_ascii_alphanumeric())
        {
            let end = memchr(b'>', &b[start..]).map_or(b.len(), |e| start + e + 1);
            return (start, end);
        }
        at = start + 2;
    }
    (b.len(), b.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_scripts_keeps_json_ld() {
        let p = strip(
            "<p>a<!-- <script> -->b<SCRIPT>if(a<b)x='</p>'</Script>c\
             <script type=\"application/ld+json\">{\"x\":1}</script><svg><text>no</text></svg>d\
             <scripts>e</scripts>",
        );
        assert_eq!(p.html, "<p>abcd<scripts>e</scripts>");
        assert_eq!(p.json_ld, vec!["{\"x\":1}"]);
        assert_eq!(strip("<style>never closed").html, "");
        assert_eq!(strip("<p>x<").html, "<p>x<");
    }
}
