//! A small HTML tokenizer over a string, feeding [`super::dom`]'s builder.
//!
//! html5ever's tokenizer is a faithful state machine that steps one character at a time and
//! builds every attribute of every tag; on news pages that is most of the cleaning time. This
//! one jumps between `<` with `memchr`, reads tag names and only the attributes the caller
//! wants, decodes character references (named ones from html5ever's own table, numeric ones
//! with the Windows-1252 fix-ups browsers apply) and hands raw-text elements (`<title>`,
//! `<textarea>`, scripts the prepass missed) back as one piece. Malformed markup degrades the
//! way browsers degrade it: a `<` that starts no tag is text, an unclosed tag runs to the end.

use memchr::memchr;

/// What the tokenizer reports.
pub trait Sink {
    /// A start tag; attribute names are lower-cased. Returns how the element's content is to
    /// be read.
    fn start(
        &mut self,
        name: &str,
        attrs: Vec<(&'static str, String)>,
        self_closing: bool,
    ) -> Content;
    fn end(&mut self, name: &str);
    fn text(&mut self, text: &str);
    /// Whether an attribute is worth keeping (the others are never built).
    fn wants(&self, attr: &str) -> Option<&'static str>;
}

/// How the content of an element just opened is to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Content {
    Markup,
    /// Text with character references, up to the matching end tag (`<title>`, `<textarea>`).
    Rcdata,
    /// Dropped up to the matching end tag (`<script>`, `<style>` …).
    Skip,
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

pub fn tokenize(html: &str, sink: &mut impl Sink) {
    let b = html.as_bytes();
    let mut i = 0;
    let mut name_buf = String::new();
    while i < b.len() {
        let Some(off) = memchr(b'<', &b[i..]) else {
            emit_text(&html[i..], sink);
            break;
        };
        let lt = i + off;
        if lt > i {
            emit_text(&html[i..lt], sink);
        }
        let next = b.get(lt + 1).copied();
        match next {
            Some(b'!') => {
                let end = if b[lt..].starts_with(b"<!--") {
                    memchr::memmem::find(&b[lt + 4..], b"-->").map_or(b.len(), |e| lt + 4 + e + 3)
                } else {
                    memchr(b'>', &b[lt..]).map_or(b.len(), |e| lt + e + 1)
                };
                i = end;
            }
            Some(b'?') => i = memchr(b'>', &b[lt..]).map_or(b.len(), |e| lt + e + 1),
            Some(b'/') => {
                let start = lt + 2;
                let len = b[start..]
                    .iter()
                    .take_while(|c| !is_space(**c) && **c != b'>' && **c != b'/')
                    .count();
                i = memchr(b'>', &b[start..]).map_or(b.len(), |e| start + e + 1);
                if len > 0 && b[start].is_ascii_alphabetic() {
                    name_buf.clear();
                    name_buf.push_str(&html[start..start + len]);
                    name_buf.make_ascii_lowercase();
                    sink.end(&name_buf);
                }
            }
            Some(c) if c.is_ascii_alphabetic() => {
                let (end, self_closing, attrs) = read_tag(html, lt + 1, &mut name_buf, sink);
                i = end;
                match sink.start(&name_buf, attrs, self_closing) {
                    Content::Markup => {}
                    mode => {
                        let name = std::mem::take(&mut name_buf);
                        let (close, after) = find_close(b, i, name.as_bytes());
                        if mode == Content::Rcdata {
                            if let Some(t) = html.get(i..close) {
                                emit_text(t, sink);
                            }
                        }
                        sink.end(&name);
                        name_buf = name;
                        i = after;
                    }
                }
            }
            _ => {
                // A `<` that opens nothing is text.
                emit_text("<", sink);
                i = lt + 1;
            }
        }
    }
}

/// Reads a start tag from its name at `at`; returns the index after `>`, the self-closing flag
/// and the wanted attributes.
fn read_tag(
    html: &str,
    at: usize,
    name: &mut String,
    sink: &impl Sink,
) -> (usize, bool, Vec<(&'static str, String)>) {
    let b = html.as_bytes();
    let mut i = at;
    while i < b.len() && !is_space(b[i]) && b[i] != b'>' && b[i] != b'/' {
        i += 1;
    }
    name.clear();
    name.push_str(&html[at..i]);
    name.make_ascii_lowercase();
    let mut attrs = Vec::new();
    let mut self_closing = false;
    let mut attr_name = String::new();
    loop {
        while i < b.len() && (is_space(b[i]) || b[i] == b'/') {
            self_closing = b[i] == b'/';
            i += 1;
        }
        if i >= b.len() {
            return (b.len(), self_closing, attrs);
        }
        if b[i] == b'>' {
            return (i + 1, self_closing, attrs);
        }
        self_closing = false;
        let ns = i;
        i += 1;
        while i < b.len() && !is_space(b[i]) && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let raw_name = &html[ns..i];
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        let mut value = None;
        if b.get(i) == Some(&b'=') {
            i += 1;
            while i < b.len() && is_space(b[i]) {
                i += 1;
            }
            match b.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    let vs = i + 1;
                    let ve = memchr(q, &b[vs..]).map_or(b.len(), |e| vs + e);
                    value = Some(&html[vs..ve]);
                    i = (ve + 1).min(b.len());
                }
                Some(_) => {
                    let vs = i;
                    while i < b.len() && !is_space(b[i]) && b[i] != b'>' {
                        i += 1;
                    }
                    value = Some(&html[vs..i]);
                }
                None => {}
            }
        }
        attr_name.clear();
        attr_name.push_str(raw_name);
        attr_name.make_ascii_lowercase();
        if let Some(key) = sink.wants(&attr_name) {
            if !attrs.iter().any(|(k, _)| *k == key) {
                let mut v = String::new();
                decode_into(value.unwrap_or(""), true, &mut v);
                attrs.push((key, v));
            }
        }
    }
}

/// Start and end of `</name…>` at or after `from`, or the end of input.
pub fn find_close(b: &[u8], from: usize, name: &[u8]) -> (usize, usize) {
    let finder = memchr::memmem::Finder::new(b"</");
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

fn emit_text(t: &str, sink: &mut impl Sink) {
    if memchr(b'&', t.as_bytes()).is_none() && memchr(0, t.as_bytes()).is_none() {
        sink.text(t);
    } else {
        let mut out = String::with_capacity(t.len());
        decode_into(t, false, &mut out);
        sink.text(&out);
    }
}

/// Code points 0x80–0x9F in numeric references mean Windows-1252 characters, as browsers read
/// them.
const C1_FIXUPS: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

/// Appends `s` to `out` with character references decoded. In attribute values a reference
/// without `;` followed by a letter, digit or `=` is left alone (`?a=1&copy=2` is a URL).
pub fn decode_into(s: &str, in_attr: bool, out: &mut String) {
    let mut rest = s;
    while let Some(i) = rest.find(['&', '\0']) {
        out.push_str(&rest[..i]);
        if rest.as_bytes()[i] == 0 {
            out.push('\u{FFFD}');
            rest = &rest[i + 1..];
            continue;
        }
        let after = &rest[i + 1..];
        if let Some((c, used)) = reference(after, in_attr) {
            out.push_str(&c);
            rest = &after[used..];
        } else {
            out.push('&');
            rest = after;
        }
    }
    out.push_str(rest);
}

/// The characters a reference (text after `&`) stands for and the bytes it used.
fn reference(after: &str, in_attr: bool) -> Option<(String, usize)> {
    let b = after.as_bytes();
    if b.first() == Some(&b'#') {
        let hex = matches!(b.get(1), Some(b'x' | b'X'));
        let start = if hex { 2 } else { 1 };
        let digits = b[start..]
            .iter()
            .take_while(|c| {
                if hex {
                    c.is_ascii_hexdigit()
                } else {
                    c.is_ascii_digit()
                }
            })
            .count();
        if digits == 0 {
            return None;
        }
        let text = &after[start..start + digits];
        let n = u32::from_str_radix(text, if hex { 16 } else { 10 }).unwrap_or(0xFFFD);
        let c = match n {
            0x80..=0x9F => C1_FIXUPS[(n - 0x80) as usize],
            0 => '\u{FFFD}',
            n => char::from_u32(n).unwrap_or('\u{FFFD}'),
        };
        let mut used = start + digits;
        if b.get(used) == Some(&b';') {
            used += 1;
        }
        return Some((c.to_string(), used));
    }
    let run = b
        .iter()
        .take(40)
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    if run == 0 {
        return None;
    }
    let table = &html5ever::data::NAMED_ENTITIES;
    if b.get(run) == Some(&b';') {
        if let Some(&(a, c)) = table.get(&after[..=run]) {
            return Some((chars(a, c), run + 1));
        }
    }
    // Legacy references without `;` (`&amp`, `&copy`): the longest known prefix.
    for len in (2..=run).rev() {
        if let Some(&(a, c)) = table.get(&after[..len]) {
            if a == 0 {
                continue;
            }
            let next = b.get(len).copied();
            if in_attr && next.is_some_and(|n| n.is_ascii_alphanumeric() || n == b'=') {
                return None;
            }
            return Some((chars(a, c), len));
        }
    }
    None
}

fn chars(a: u32, c: u32) -> String {
    [a, c]
        .into_iter()
        .filter(|&x| x != 0)
        .filter_map(char::from_u32)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> String {
        let mut o = String::new();
        decode_into(s, false, &mut o);
        o
    }

    #[test]
    fn references() {
        assert_eq!(
            dec("a &amp; b &lt;&gt; &#233;&#xE9; &eacute;&notit; &#150; &bogus; &"),
            "a & b <> éé é¬it; – &bogus; &"
        );
        let mut o = String::new();
        decode_into("?a=1&copy=2&amp;b", true, &mut o);
        assert_eq!(o, "?a=1&copy=2&b");
    }
}
