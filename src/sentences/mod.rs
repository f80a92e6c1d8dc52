//! The sentence splitter. Every later stage sees text only through these spans, and evidence
//! offsets point into them, so spans always describe the text exactly.
//!
//! # Contract
//!
//! [`split`] returns spans of the text it was given, never rewritten text:
//! - spans are in order, do not overlap, are never empty, and neither start nor end with
//!   white space; every non-white-space character of the text is in exactly one span;
//! - each span carries char offsets (for the JSON contract) and byte offsets (for slicing),
//!   describing the same range (see [`crate::doc`]);
//! - a blank line (a paragraph break of the cleaner's output) always ends a sentence;
//! - **newlines inside a sentence are kept in the span.** A single newline either ends a
//!   sentence (a headline, caption or list line without final punctuation) or is part of it
//!   (a hard-wrapped line). The span then contains the `\n` as it is; consumers that want
//!   clean text collapse white space themselves. This is why the Golden Rules 40 and 41, which
//!   expect the newline to come out as a space, are compared with inner white space collapsed
//!   (see `tests/it/sentences.rs`); rule 42 (a lower-case list, one item per line) splits at
//!   those newlines because no line of it reaches a terminator.
//!
//! # Design
//!
//! One pass over the bytes stops only at candidate bytes (`.`, `!`, `?`, `\n`, and the lead
//! byte of a non-ASCII character) and decides there, from the few characters around the
//! candidate and the word tables in `tables.rs` (abbreviation classes, sentence openers).
//! Text between candidates is skipped with one table lookup per byte, which is what makes the
//! splitter fast; full UAX #29 over every character is several times slower. UAX #29
//! (`unicode-segmentation`) is still the authority for what it knows better: the terminators
//! of other scripts (`。`, `।`, `؟`, ...) are recognised from a table that a test rebuilds from
//! the crate, and at each of them the crate decides on a small window around the candidate.
//! English rules handle the rest: abbreviations, initials, numbers, ellipses, lists, quotes.
//!
//! The scanner (`rules.rs`) yields cut points only; this module turns the pieces between cuts
//! into trimmed spans, which is what keeps the contract above true whatever the rules decide.
//!
//! # The rules, in short
//!
//! - A terminator run (`.`, `!`, `?`, `…`, spaced `. . .`) takes the closing quotes and
//!   brackets after it. It can end a sentence only before white space (or, for a period
//!   glued to an opener like "world.Today", before that word); a lower-case word after it
//!   continues the sentence, except a brand like "iPhone" after an ordinary word.
//! - The word before a period decides: titles ("Mr.") never end a sentence; number-taking
//!   abbreviations ("No.", "Jan.") end one unless a number follows; "e.g." never; ambiguous
//!   ones ("Inc.", "U.S.", "a.m.") only before a sentence opener ("The", "It", ...), a title,
//!   or a new line; single capitals are initials unless an opener follows; list markers
//!   ("1.", "a.") at the start of a sentence are not sentences.
//! - Three periods are an omission unless glued to a word and followed by a capital; four are
//!   an ellipsis plus a full stop.
//! - A single newline after a line without final punctuation ends the sentence unless the line
//!   was wrapped (it ends in a comma or a function word, or the next line is lower case and
//!   its paragraph reaches a terminator). A list item or bullet always starts a sentence.
//! - A paragraph of three or more lines of near-equal width (55 to 100 bytes) is plain text
//!   hard-wrapped at a fixed width: its newlines are spaces.
//! - Every look-ahead and look-behind is bounded, so the scan stays linear on hostile text.

mod eval;
mod rules;
mod tables;

pub use eval::{score, BoundaryScore, GoldMismatch};

use crate::doc::Sentence;

/// Splits `text` into sentence spans (see the module documentation for the contract).
pub fn split(text: &str) -> Vec<Sentence> {
    let cuts = rules::cuts(text);
    let mut out = Vec::with_capacity(cuts.len() + 1);
    // In ASCII text char offsets are byte offsets; the check is one vectorised pass, cheaper
    // than counting chars span by span.
    let ascii = text.is_ascii();
    let count = |s: &str| if ascii { s.len() } else { s.chars().count() };
    // Running char count at byte `byte`, so offsets cost one pass over the text in total.
    let mut chars = 0usize;
    let mut byte = 0usize;
    let mut from = 0usize;
    for to in cuts.into_iter().chain(std::iter::once(text.len())) {
        let piece = &text[from..to];
        let trimmed_start = piece.trim_start();
        let body = trimmed_start.trim_end();
        if !body.is_empty() {
            let bs = from + (piece.len() - trimmed_start.len());
            let be = bs + body.len();
            chars += count(&text[byte..bs]);
            let start = chars;
            chars += count(body);
            byte = be;
            out.push(Sentence {
                start,
                end: chars,
                byte_start: bs,
                byte_end: be,
            });
        }
        from = to;
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
            "It cost $1.5 billion in the U.S. market.",
            &["It cost $1.5 billion in the U.S. market."],
        );
        check(
            "Headline here\n\nBody starts. Ends.",
            &["Headline here", "Body starts.", "Ends."],
        );
        check("", &[]);
        check(" \n\n ", &[]);
    }

    #[test]
    fn offsets_are_chars_and_bytes() {
        let text = "Café opens. Naïve deal.";
        let s = split(text);
        assert_eq!(s.len(), 2);
        assert_eq!((s[1].start, s[1].end), (12, 23));
        assert_eq!(s[1].slice(text), "Naïve deal.");
    }

    #[test]
    fn other_scripts_follow_uax29() {
        check("你好。我很好。", &["你好。", "我很好。"]);
        check("यह है। वह है।", &["यह है।", "वह है।"]);
    }
}
