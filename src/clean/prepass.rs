//! A byte-level pass that cuts what the cleaner never reads before the tokenizer sees it.
//!
//! Scripts, styles, SVG, MathML, templates, `<noscript>` fallbacks, form widgets and comments
//! are often half of a news page's bytes, and of what is left, most bytes are attributes no
//! rule reads (`src`, `srcset`, `data-*`, tracking payloads, the `href` of every link). The
//! tokenizer walks all of it one character at a time and builds a string for every attribute;
//! finding the ends of tags and elements here with `memchr` costs a fraction of that.
//!
//! The pass only *removes*: whole elements, comments, doctypes, and attributes not listed in
//! [`KEPT`]. Everything it keeps is copied byte for byte, so character references, case,
//! quoting and malformed markup are still read by html5ever. To know where a tag ends it
//! follows the tag states of the HTML tokenizer (a `>` inside a quoted value does not end the
//! tag), and it leaves the text of `<title>` alone, which browsers read as text even if it looks
//! like markup. JSON-LD scripts are the exception to cutting: their text is kept aside for the
//! metadata.

use memchr::{memchr, memmem};

/// Elements whose whole content is dropped, tag included. Each is either raw text (its content
/// is never markup) or a subtree the tree builder would skip anyway.
const CUT: &[&str] = &[
    "iframe", "math", "noembed", "noframes", "noscript", "script", "select", "style", "svg",
    "template", "textarea", "xmp",
];

/// Attributes some rule of the cleaner reads, and the one tag they are read on when only one.
/// Every other attribute is removed here; `dom` keeps the same names (a test checks that).
pub const KEPT: &[(&str, Option<&str>)] = &[
    ("aria-hidden", None),
    ("class", None),
    ("content", None),
    ("datetime", None),
    ("hidden", None),
    // A `<link rel=canonical>` gives the canonical URL; of links, see [`AUTHOR_PATHS`].
    ("href", Some("link")),
    ("http-equiv", Some("meta")),
    ("id", None),
    ("itemprop", None),
    ("lang", Some("html")),
    ("name", Some("meta")),
    ("property", Some("meta")),
    ("rel", None),
    ("role", None),
    ("style", None),
];

/// The `href` of a link is read only when it leads to an author's page, whose text is then
/// the author's name; every other link's `href` is removed. Testing the value here is one
/// substring search per link, where building every `href` would cost a string each.
pub const AUTHOR_PATHS: &[&str] = &[
    "/author/",
    "/authors/",
    "/profile/",
    "/profiles/",
    "/contributor/",
    "/contributors/",
    "/writer/",
    "/writers/",
];

/// The letters that follow the `/` of [`AUTHOR_PATHS`].
const AUTHOR_PATH_STARTS: &[u8] = b"acpw";

/// Whether `attr` (an `href` on `<a>`) leads to an author's page.
fn author_href(b: &[u8], tag: &[u8], attr: Attr) -> bool {
    tag.eq_ignore_ascii_case(b"a")
        && b.get(attr.name.0..attr.name.1)
            .is_some_and(|n| n.eq_ignore_ascii_case(b"href"))
        && b.get(attr.name.1..attr.end).is_some_and(|value| {
            // At each `/` whose next letter starts some path, not a substring search per
            // path: on every link of a page, searcher set-up and comparisons cost more than
            // the whole attribute scan.
            memchr::memchr_iter(b'/', value).any(|at| {
                value
                    .get(at + 1)
                    .is_some_and(|c| AUTHOR_PATH_STARTS.contains(c))
                    && AUTHOR_PATHS
                        .iter()
                        .any(|p| value[at..].starts_with(p.as_bytes()))
            })
        })
}

/// The page with the cut elements and attributes removed, and the JSON-LD texts found on the
/// way.
pub struct Prepassed {
    pub html: String,
    pub json_ld: Vec<String>,
}

/// Where a tag ends and what is in it, as byte offsets into the page.
struct Tag {
    /// The tag name, as written (not lower-cased).
    name: (usize, usize),
    /// Each attribute from the start of its name to the end of its value.
    attrs: Vec<Attr>,
    self_closing: bool,
    /// One past the closing `>`.
    end: usize,
}

#[derive(Clone, Copy)]
struct Attr {
    name: (usize, usize),
    end: usize,
}

/// Byte classes for the tag scanner, one table lookup per byte.
const SPACE: u8 = 1;
/// Ends a tag name: space, `/`, `>`.
const NAME_END: u8 = 2;
/// Ends an attribute name: space, `/`, `>`, `=`.
const ATTR_END: u8 = 4;
/// Ends an unquoted value: space, `>`.
const VALUE_END: u8 = 8;

static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let spaces = [b' ', b'\t', b'\n', b'\r', b'\x0c'];
    let mut i = 0;
    while i < spaces.len() {
        t[spaces[i] as usize] = SPACE | NAME_END | ATTR_END | VALUE_END;
        i += 1;
    }
    t[b'/' as usize] = NAME_END | ATTR_END;
    t[b'>' as usize] = NAME_END | ATTR_END | VALUE_END;
    t[b'=' as usize] = ATTR_END;
    t
};

fn is(c: u8, class: u8) -> bool {
    CLASS[c as usize] & class != 0
}

fn is_space(c: u8) -> bool {
    is(c, SPACE)
}

/// The first position at or after `i` whose byte is of `class`, or the end.
fn until(b: &[u8], mut i: usize, class: u8) -> usize {
    while i < b.len() && !is(b[i], class) {
        i += 1;
    }
    i
}

/// Reads the tag whose name starts at `at` (just after `<` or `</`), following the HTML
/// tokenizer's tag, attribute name and attribute value states. `None` when the page ends
/// inside the tag (the tokenizer then drops it; the caller leaves the rest to the tokenizer).
fn read_tag(b: &[u8], at: usize, attrs: &mut Vec<Attr>) -> Option<Tag> {
    attrs.clear();
    let mut i = until(b, at, NAME_END);
    let name = (at, i);
    let mut self_closing = false;
    // The "before attribute name" state; every arm either ends the tag or reads one attribute.
    loop {
        let c = *b.get(i)?;
        if is_space(c) {
            i += 1;
            continue;
        }
        if c == b'>' {
            return Some(Tag {
                name,
                attrs: std::mem::take(attrs),
                self_closing,
                end: i + 1,
            });
        }
        if c == b'/' {
            // Self-closing only when `>` follows at once; otherwise the `/` is dropped.
            self_closing = b.get(i + 1) == Some(&b'>');
            i += 1;
            continue;
        }
        self_closing = false;
        // Attribute name: the first character is taken whatever it is (even `=`).
        let start = i;
        i = until(b, i + 1, ATTR_END);
        let name_end = i;
        // After the name: spaces, then maybe `=` and a value.
        let mut j = i;
        while j < b.len() && is_space(b[j]) {
            j += 1;
        }
        if b.get(j) != Some(&b'=') {
            attrs.push(Attr {
                name: (start, name_end),
                end: name_end,
            });
            i = j;
            continue;
        }
        j += 1;
        while j < b.len() && is_space(b[j]) {
            j += 1;
        }
        let end = match *b.get(j)? {
            q @ (b'"' | b'\'') => j + 1 + memchr(q, &b[j + 1..])? + 1,
            // A missing value: the `>` ends the tag.
            b'>' => j,
            _ => until(b, j, VALUE_END),
        };
        attrs.push(Attr {
            name: (start, name_end),
            end,
        });
        i = end;
    }
}

/// `name` lower-cased into `buf` when it fits, for comparing with the tables.
fn lower<'a>(name: &[u8], buf: &'a mut [u8; 16]) -> Option<&'a [u8]> {
    let out = buf.get_mut(..name.len())?;
    for (o, c) in out.iter_mut().zip(name) {
        *o = c.to_ascii_lowercase();
    }
    Some(out)
}

/// Whether a (lower-case) name is in a table; length and first byte rule out most entries
/// before any string is compared.
fn listed<'t, T>(table: &'t [T], name: &[u8], key: impl Fn(&T) -> &str) -> Option<&'t T> {
    let first = *name.first()?;
    table.iter().find(|e| {
        let k = key(e).as_bytes();
        k.len() == name.len() && k[0] == first && k == name
    })
}

fn kept(b: &[u8], tag: &[u8], attr: Attr) -> bool {
    let mut buf = [0; 16];
    let Some(name) = b
        .get(attr.name.0..attr.name.1)
        .and_then(|a| lower(a, &mut buf))
    else {
        return false;
    };
    listed(KEPT, name, |(a, _)| a)
        .is_some_and(|(_, on)| on.is_none_or(|t| t.as_bytes().eq_ignore_ascii_case(tag)))
        || author_href(b, tag, attr)
}

/// The end of the comment that starts at `lt` (`<!--`), as the tokenizer reads it: `<!-->`
/// and `<!--->` are whole comments, and `--!>` ends one too. An unclosed comment runs to the
/// end of the page.
fn comment_end(b: &[u8], lt: usize) -> usize {
    let from = lt + 4;
    let rest = b.get(from..).unwrap_or_default();
    if rest.starts_with(b">") {
        return from + 1;
    }
    if rest.starts_with(b"->") {
        return from + 2;
    }
    let mut at = from;
    while let Some(off) = memmem::find(&b[at..], b"--") {
        let q = at + off;
        match b.get(q + 2) {
            Some(b'>') => return q + 3,
            Some(b'!') if b.get(q + 3) == Some(&b'>') => return q + 4,
            _ => at = q + 1,
        }
    }
    b.len()
}

/// One past the next `>` at or after `from`, or the end of the page.
fn after_gt(b: &[u8], from: usize) -> usize {
    let from = from.min(b.len());
    memchr(b'>', &b[from..]).map_or(b.len(), |e| from + e + 1)
}

// Kept out of line so that profiles show each stage on its own; it runs once per page.
#[inline(never)]
pub fn strip(src: &str) -> Prepassed {
    let b = src.as_bytes();
    let mut html = String::with_capacity(src.len() / 2);
    let mut json_ld = Vec::new();
    let mut attrs = Vec::new();
    // `src[last..]` has not been copied yet; cuts copy up to where they start.
    let mut last = 0;
    let mut i = 0;
    // Where the text since the last markup starts.
    let mut seg = 0;
    // Every position handed to `push` is that of an ASCII byte or the end, so a char boundary.
    let push = |html: &mut String, from: usize, to: usize| {
        html.push_str(src.get(from..to).unwrap_or_default());
    };
    while let Some(off) = memchr(b'<', &b[i..]) {
        let lt = i + off;
        let Some(&next) = b.get(lt + 1) else { break };
        let markup = match next {
            b'!' | b'?' => true,
            b'/' => lt + 2 < b.len(),
            c => c.is_ascii_alphabetic(),
        };
        if !markup {
            // A `<` in text.
            i = lt + 1;
            continue;
        }
        // White space alone between two tags becomes one space: pages indent their markup,
        // and every line break is a slow step for the tokenizer. Nothing reads such text but
        // as a word break (blocks and text are compared with white space collapsed).
        if lt >= seg + 2 && b[seg..lt].iter().all(|&c| is_space(c)) {
            push(&mut html, last, seg);
            html.push(' ');
            last = lt;
        }
        // Markup that carries no text: comments, doctypes, processing instructions, `</>`
        // and malformed end tags, which the tokenizer reads as bogus comments.
        let cut_to = match next {
            b'!' if b[lt + 2..].starts_with(b"--") => Some(comment_end(b, lt)),
            b'!' | b'?' => Some(after_gt(b, lt + 2)),
            b'/' => match b.get(lt + 2) {
                Some(c) if c.is_ascii_alphabetic() => {
                    // An end tag stays as it is; reading it only finds where it ends.
                    match read_tag(b, lt + 2, &mut attrs) {
                        Some(t) => {
                            attrs = t.attrs;
                            i = t.end;
                            seg = i;
                            continue;
                        }
                        None => break,
                    }
                }
                Some(_) => Some(after_gt(b, lt + 2)),
                None => break,
            },
            _ => None,
        };
        if let Some(end) = cut_to {
            push(&mut html, last, lt);
            last = end;
            i = end;
            seg = i;
            continue;
        }
        let Some(tag) = read_tag(b, lt + 1, &mut attrs) else {
            break;
        };
        let name = b.get(tag.name.0..tag.name.1).unwrap_or_default();
        let mut buf = [0; 16];
        let lname = lower(name, &mut buf).unwrap_or_default();
        if tag.self_closing && matches!(lname, b"svg" | b"math") {
            // A self-closing SVG or MathML element (an icon) is empty, as browsers read it:
            // only the tag goes, not everything up to the next `</svg>`.
            push(&mut html, last, lt);
            last = tag.end;
            i = tag.end;
            seg = i;
            attrs = tag.attrs;
            continue;
        }
        if listed(CUT, lname, |c| c).is_some() {
            let (close_start, close_end) = find_close(b, tag.end, name);
            if lname == b"script" {
                let open = &b[lt..tag.end];
                let ld = open.windows(7).any(|w| w.eq_ignore_ascii_case(b"ld+json"));
                if ld {
                    if let Some(text) = src.get(tag.end..close_start) {
                        json_ld.push(text.to_string());
                    }
                }
            }
            push(&mut html, last, lt);
            last = close_end;
            i = close_end;
            seg = i;
            attrs = tag.attrs;
            continue;
        }
        // Each attribute is judged once (an author link's value is searched); a tag with
        // more than 64 attributes keeps none past the 64th.
        let keep = tag
            .attrs
            .iter()
            .take(64)
            .enumerate()
            .fold(0u64, |m, (k, a)| m | u64::from(kept(b, name, *a)) << k);
        if keep.count_ones() as usize != tag.attrs.len() {
            push(&mut html, last, lt);
            html.push('<');
            push(&mut html, tag.name.0, tag.name.1);
            let kept_attrs = tag.attrs.iter().enumerate();
            for (_, a) in kept_attrs.filter(|(k, _)| *k < 64 && keep & 1 << k != 0) {
                html.push(' ');
                push(&mut html, a.name.0, a.end);
            }
            // The space keeps a last unquoted value from swallowing the `/`.
            html.push_str(if tag.self_closing { " />" } else { ">" });
            last = tag.end;
        }
        i = tag.end;
        if lname == b"title" {
            // The title is text up to its end tag, whatever it contains.
            i = find_close(b, tag.end, name).0;
        } else if lname == b"plaintext" {
            // Everything after `<plaintext>` is text.
            break;
        }
        seg = i;
        attrs = tag.attrs;
    }
    push(&mut html, last, b.len());
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
            return (start, after_gt(b, start));
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
        assert_eq!(
            strip("<p>a<svg class=i /></p><p>b<svg><path/></svg>c").html,
            "<p>a</p><p>bc"
        );
        assert_eq!(strip("<p>a<script/>b</script>c").html, "<p>ac");
        assert_eq!(strip("<p>x<").html, "<p>x<");
    }

    #[test]
    fn drops_unread_attributes() {
        assert_eq!(
            strip("<DIV Class=\"a>b\" data-x='<script>' id=c>x</div>").html,
            "<DIV Class=\"a>b\" id=c>x</div>"
        );
        assert_eq!(
            strip("<a href=/x class=y/>t</a><link rel=canonical href=/c />").html,
            "<a class=y/>t</a><link rel=canonical href=/c />"
        );
        // An author's page is the one link whose `href` is read.
        assert_eq!(
            strip("<a href=\"/authors/ann-lee\" title=x>Ann Lee</a><A HREF='/profile/bo'>").html,
            "<a href=\"/authors/ann-lee\">Ann Lee</a><A HREF='/profile/bo'>"
        );
        assert_eq!(strip("<div href=/author/x>").html, "<div>");
        assert_eq!(strip("<img src=x alt=y/>").html, "<img>");
        assert_eq!(strip("<img src=x alt=y />").html, "<img />");
        assert_eq!(
            strip("<meta name=a content=b><p name=a hidden>").html,
            "<meta name=a content=b><p hidden>"
        );
        // Unclosed tags and quotes are left to the tokenizer.
        assert_eq!(strip("<p>a<b src=\"x>y").html, "<p>a<b src=\"x>y");
    }

    #[test]
    fn white_space_between_tags() {
        assert_eq!(
            strip("<ul>\n  <li>a \n b</li>\n\t<li> c</li> <!-- x -->\n</ul>\n").html,
            "<ul> <li>a \n b</li> <li> c</li> \n</ul>\n"
        );
        assert_eq!(strip("a \n < b\n\n<p>").html, "a \n < b\n\n<p>");
    }

    #[test]
    fn comments_doctypes_and_title() {
        assert_eq!(
            strip("<!DOCTYPE html><!-->a<!--->b<!-- c --!>d").html,
            "abd"
        );
        assert_eq!(strip("a<?xml x?>b</ 3>c</>d").html, "abcd");
        assert_eq!(
            strip("<title>a <b onclick=x> <!-- c --></title><p x=1>").html,
            "<title>a <b onclick=x> <!-- c --></title><p>"
        );
        assert_eq!(strip("</p class='>'>x").html, "</p class='>'>x");
    }

    #[test]
    fn kept_attributes_are_built() {
        for (a, _) in KEPT {
            assert!(
                super::super::dom::KEPT_ATTRS.iter().any(|(_, n)| n == a),
                "{a}"
            );
        }
    }
}
