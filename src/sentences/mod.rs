//! The sentence splitter. Every later stage sees text only through these spans, and evidence
//! offsets point into them, so spans always cover the text exactly: no character of a sentence
//! is rewritten, and white space between sentences belongs to none.
//!
//! Design: scan once for candidate boundaries (terminal punctuation, line breaks) and decide
//! only there, from the few characters around the candidate and an abbreviation table.
//! A blank line always ends a sentence; a single newline ends one when the line before it
//! has no terminal punctuation but reads as a headline or list item.

use crate::doc::Sentence;

/// Abbreviations after which a period does not end a sentence, lower-case, without the
/// final period.
const ABBREVIATIONS: &[&str] = &[
    "a.m", "adm", "al", "apr", "approx", "assn", "aug", "ave", "bros", "capt", "cf", "co", "col",
    "corp", "dec", "dept", "dr", "e.g", "esp", "est", "etc", "feb", "fig", "fri", "gen", "gov",
    "hon", "i.e", "inc", "jan", "jr", "jul", "jun", "lt", "ltd", "mar", "messrs", "mon", "mr",
    "mrs", "ms", "mt", "no", "nos", "nov", "oct", "op", "p.m", "ph.d", "plc", "pp", "prof", "rep",
    "rev", "sat", "sen", "sep", "sept", "sgt", "sr", "st", "sun", "thu", "tue", "u.k", "u.n",
    "u.s", "u.s.a", "vol", "vs", "wed",
];

/// Abbreviations that usually end a sentence when a capitalised word follows (they are rare
/// mid-sentence before a name).
const FINAL_ABBREVIATIONS: &[&str] = &["inc", "ltd", "corp", "co", "plc", "etc", "u.s", "u.k"];

/// Splits `text` into sentence spans.
pub fn split(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut start: Option<usize> = None; // byte offset of the current sentence's first char
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if start.is_none() {
            if !b.is_ascii_whitespace() {
                start = Some(i);
            } else {
                i += 1;
                continue;
            }
        }
        let s = start.unwrap_or(i);
        match b {
            b'\n' => {
                let line_end = trim_end_at(text, s, i);
                let blank = next_line_blank(bytes, i + 1);
                if blank || headline_break(text, s, line_end, i + 1) {
                    if line_end > s {
                        out.push((s, line_end));
                    }
                    start = None;
                }
            }
            b'.' | b'!' | b'?' => {
                let mut j = i + 1;
                while j < bytes.len() && matches!(bytes[j], b'.' | b'!' | b'?') {
                    j += 1;
                }
                // Closing quotes and brackets belong to the sentence they close.
                loop {
                    let rest = &text[j..];
                    let c = rest.chars().next();
                    match c {
                        Some('"' | '\'' | ')' | ']' | '\u{201d}' | '\u{2019}' | '\u{bb}') => {
                            j += c.map_or(1, char::len_utf8)
                        }
                        _ => break,
                    }
                }
                if is_boundary(text, s, i, j) {
                    out.push((s, j));
                    start = None;
                }
                i = j;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    if let Some(s) = start {
        let e = trim_end_at(text, s, text.len());
        if e > s {
            out.push((s, e));
        }
    }
    to_spans(text, &out)
}

fn trim_end_at(text: &str, s: usize, e: usize) -> usize {
    s + text[s..e].trim_end().len()
}

fn next_line_blank(bytes: &[u8], mut k: usize) -> bool {
    while k < bytes.len() {
        match bytes[k] {
            b'\n' => return true,
            b' ' | b'\t' | b'\r' => k += 1,
            _ => return false,
        }
    }
    true
}

/// A single newline ends a sentence when the line has no terminal punctuation and the next
/// line starts a new unit (capital letter, digit, bullet, quote).
fn headline_break(text: &str, s: usize, line_end: usize, next: usize) -> bool {
    let line = &text[s..line_end];
    let last = line.chars().last();
    if matches!(last, Some(',' | ';' | ':' | '-' | '(')) {
        return false;
    }
    let next_char = text[next..].trim_start().chars().next();
    matches!(next_char, Some(c) if c.is_uppercase() || c.is_ascii_digit() || matches!(c, '-' | '*' | '•' | '"' | '\u{201c}'))
}

fn is_boundary(text: &str, s: usize, dot: usize, after: usize) -> bool {
    let rest = &text[after..];
    let Some(next) = rest.chars().next() else {
        return true;
    };
    if !next.is_whitespace() {
        return false;
    }
    let following = rest.trim_start();
    let Some(f) = following.chars().next() else {
        return true;
    };
    let term = text.as_bytes()[dot];
    if term != b'.' {
        return !f.is_lowercase();
    }
    // An ellipsis followed by lower case continues the sentence.
    if f.is_lowercase() || matches!(f, ',' | ';' | ':' | ')') {
        return false;
    }
    let word_start = text[s..dot]
        .rfind(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '\u{201c}')
        .map_or(s, |k| s + k + 1);
    let word = &text[word_start..dot];
    let lower = word.to_lowercase();
    if after - dot == 1 {
        if ABBREVIATIONS.contains(&lower.as_str()) {
            return FINAL_ABBREVIATIONS.contains(&lower.as_str())
                && starts_sentence_word(following);
        }
        // Initials ("J. Smith") and single letters.
        if word.chars().count() == 1 && word.chars().all(char::is_uppercase) {
            return false;
        }
        // Dotted acronyms without a table entry (e.g. "N.V.") keep going before a capital
        // only when they are short.
        if word.contains('.')
            && word.len() <= 6
            && word.chars().all(|c| c == '.' || c.is_alphabetic())
        {
            return starts_sentence_word(following);
        }
    }
    true
}

/// Words that commonly open a sentence; after "Inc." or "U.S." they signal a boundary.
fn starts_sentence_word(s: &str) -> bool {
    let w: String = s.chars().take_while(|c| c.is_alphabetic()).collect();
    matches!(
        w.as_str(),
        "The"
            | "A"
            | "An"
            | "It"
            | "He"
            | "She"
            | "They"
            | "We"
            | "I"
            | "In"
            | "On"
            | "But"
            | "And"
            | "This"
            | "That"
            | "Its"
            | "Their"
            | "However"
            | "Meanwhile"
            | "Shares"
            | "According"
            | "At"
            | "As"
            | "After"
            | "Analysts"
            | "There"
            | "Both"
            | "Under"
    )
}

fn to_spans(text: &str, pairs: &[(usize, usize)]) -> Vec<Sentence> {
    let mut out = Vec::with_capacity(pairs.len());
    let mut chars = 0usize;
    let mut byte = 0usize;
    for &(bs, be) in pairs {
        chars += text[byte..bs].chars().count();
        let start = chars;
        chars += text[bs..be].chars().count();
        byte = be;
        out.push(Sentence {
            start,
            end: chars,
            byte_start: bs,
            byte_end: be,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: &[&str]) {
        let got: Vec<&str> = split(text).iter().map(|s| s.slice(text)).collect();
        assert_eq!(got, expected, "splitting {text:?}");
    }

    #[test]
    fn basics() {
        check(
            "Hello World. My name is Jonas.",
            &["Hello World.", "My name is Jonas."],
        );
        check("What is it? I found it!", &["What is it?", "I found it!"]);
        check(
            "Mr. Smith went to Washington. He left.",
            &["Mr. Smith went to Washington.", "He left."],
        );
        check(
            "Nokia Corp. and Apple Inc. agreed. The deal closed.",
            &["Nokia Corp. and Apple Inc. agreed.", "The deal closed."],
        );
        check(
            "It cost $1.5 billion in the U.S. market.",
            &["It cost $1.5 billion in the U.S. market."],
        );
        check(
            "\"We are pleased,\" he said. \"It works.\"",
            &["\"We are pleased,\" he said.", "\"It works.\""],
        );
        check(
            "Headline here\n\nBody starts. Ends.",
            &["Headline here", "Body starts.", "Ends."],
        );
    }

    #[test]
    fn offsets_are_chars_and_bytes() {
        let text = "Café opens. Naïve deal.";
        let s = split(text);
        assert_eq!(s.len(), 2);
        assert_eq!((s[1].start, s[1].end), (12, 23));
        assert_eq!(s[1].slice(text), "Naïve deal.");
    }
}
