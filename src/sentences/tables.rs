//! The splitter's word lists and character classes. They are data, kept sorted (byte order) so
//! lookups are binary searches and a test can guard them: see `tests` at the bottom.

use std::sync::OnceLock;

/// Titles written before a name ("Mr. Smith", "Gen. Motors"): their period never ends a
/// sentence, because the capitalised word after them is the name they introduce.
pub(super) const TITLES: &[&str] = &[
    "adm", "brig", "capt", "cmdr", "col", "cpl", "dr", "fr", "gen", "gov", "hon", "insp", "lt",
    "maj", "messrs", "mlle", "mme", "mr", "mrs", "ms", "msgr", "mt", "pres", "prof", "pvt", "rep",
    "reps", "rev", "sen", "sens", "sgt", "supt",
];

/// Abbreviations that usually precede a number ("No. 1", "Jan. 5", "p. 55", "approx. 300"):
/// before a digit or a currency sign they continue the sentence, before a capitalised word
/// they end it ("... in Jan. The deal ...").
pub(super) const NUMBERED: &[&str] = &[
    "approx", "apr", "art", "arts", "aug", "ca", "ch", "chap", "dec", "ed", "eds", "est", "ex",
    "ext", "feb", "fig", "figs", "jan", "jul", "jun", "mar", "no", "nos", "nov", "nr", "n°", "oct",
    "op", "para", "pg", "pp", "pt", "ref", "sec", "sep", "sept", "tel", "ver", "vol", "vols",
];

/// Abbreviations that introduce what follows ("e.g. Apple", "vs. Samsung") and so never end
/// a sentence.
pub(super) const NEVER_FINAL: &[&str] = &[
    "a.k.a", "cf", "e.g", "esp", "excl", "i.e", "incl", "resp", "viz", "vs",
];

/// Abbreviations that end a sentence as often as not: company suffixes, "U.S."-like names,
/// times, days, street types. Before a capitalised word they end the sentence only when that
/// word reads as a sentence opener ([`STARTERS`]) or a title ("... at 6 p.m. Mr. Smith ...");
/// "Apple Inc. Chief Executive Tim Cook" stays one sentence. Dotted acronyms that are not
/// listed ("E.U.", "N.V.") are treated the same way. ("Sat.", "Sun." and "Wed." are left
/// out: as words, the sun and Sun Microsystems end sentences far more often than those days
/// are abbreviated.)
pub(super) const AMBIGUOUS: &[&str] = &[
    "a.m", "al", "assn", "ave", "blvd", "bros", "co", "corp", "dept", "dist", "fri", "govt", "hwy",
    "inc", "intl", "jr", "llc", "llp", "lp", "ltd", "mfg", "mon", "p.m", "ph.d", "plc", "pty",
    "rd", "sr", "st", "thu", "thurs", "tue", "tues", "univ",
];

/// Capitalised words that typically open an English sentence: function words, pronouns and
/// a few news openers. After an ambiguous abbreviation they signal a boundary.
pub(super) const STARTERS: &[&str] = &[
    "A",
    "About",
    "According",
    "Additionally",
    "After",
    "Again",
    "Also",
    "Although",
    "Among",
    "An",
    "Analysts",
    "And",
    "Another",
    "Any",
    "As",
    "At",
    "Because",
    "Before",
    "Both",
    "But",
    "By",
    "Despite",
    "During",
    "Each",
    "Earlier",
    "Even",
    "Every",
    "Following",
    "For",
    "From",
    "Further",
    "Furthermore",
    "He",
    "Her",
    "Here",
    "His",
    "How",
    "However",
    "I",
    "If",
    "In",
    "Instead",
    "Investors",
    "It",
    "Its",
    "Last",
    "Later",
    "Many",
    "Meanwhile",
    "Moreover",
    "Most",
    "My",
    "Neither",
    "Nevertheless",
    "No",
    "Now",
    "On",
    "Once",
    "One",
    "Only",
    "Or",
    "Other",
    "Our",
    "Over",
    "Previously",
    "Several",
    "Shares",
    "She",
    "Since",
    "So",
    "Some",
    "Still",
    "Such",
    "That",
    "The",
    "Their",
    "Then",
    "There",
    "These",
    "They",
    "This",
    "Those",
    "Though",
    "Thus",
    "To",
    "Today",
    "Under",
    "Unlike",
    "Until",
    "We",
    "What",
    "When",
    "Where",
    "Whether",
    "Which",
    "While",
    "Who",
    "Why",
    "With",
    "Yesterday",
    "Yet",
    "You",
    "Your",
];

/// Lower-case words a line cannot end a sentence on: a line ending in one of them was wrapped,
/// so the newline after it does not end the sentence even when a capital follows.
pub(super) const CONTINUATIONS: &[&str] = &[
    "a", "an", "and", "as", "at", "be", "but", "by", "for", "from", "has", "have", "in", "into",
    "is", "its", "of", "on", "or", "than", "that", "the", "their", "to", "was", "were", "which",
    "who", "will", "with", "would",
];

/// Prepositions that open a fronted time phrase ("At 5 a.m. Mr. Smith went ..."): after such a
/// short phrase "a.m."/"p.m." does not end the sentence.
pub(super) const FRONTING: &[&str] = &[
    "about", "after", "around", "at", "before", "by", "from", "since", "until",
];

/// Names spelt with an exclamation mark ("Yahoo! Japan"), lower-case: the mark is part of the
/// name, so it ends a sentence only before a sentence opener, like an ambiguous abbreviation.
pub(super) const EXCLAIMED_NAMES: &[&str] = &["jeopardy", "yahoo"];

/// Verbs of saying: in `"Why?" Smith asked.` the question mark ends a quotation, not the
/// sentence, when the words after the quote are a name and one of these.
pub(super) const SPEECH_VERBS: &[&str] = &[
    "added", "adds", "answered", "asked", "asks", "replied", "replies", "said", "says", "tells",
    "told", "writes", "wrote",
];

/// Characters that mark list items in running text. A bullet after white space starts a new
/// sentence.
pub(super) const BULLETS: &[char] = &[
    '\u{2022}', '\u{2023}', '\u{2043}', '\u{25AA}', '\u{25B8}', '\u{25CF}', '\u{25E6}',
];

/// Non-ASCII sentence terminators: every character that UAX #29 (as implemented by
/// `unicode-segmentation`) treats as STerm or ATerm, as inclusive ranges. The ASCII ones
/// (`.`, `!`, `?`) have their own rules. A test rebuilds this table from
/// `unicode-segmentation` so it cannot drift from the crate.
pub(super) const UAX29_TERMINATORS: &[(char, char)] = &[
    ('\u{0589}', '\u{0589}'),
    ('\u{061D}', '\u{061F}'),
    ('\u{06D4}', '\u{06D4}'),
    ('\u{0700}', '\u{0702}'),
    ('\u{07F9}', '\u{07F9}'),
    ('\u{0837}', '\u{0837}'),
    ('\u{0839}', '\u{0839}'),
    ('\u{083D}', '\u{083E}'),
    ('\u{0964}', '\u{0965}'),
    ('\u{104A}', '\u{104B}'),
    ('\u{1362}', '\u{1362}'),
    ('\u{1367}', '\u{1368}'),
    ('\u{166E}', '\u{166E}'),
    ('\u{1735}', '\u{1736}'),
    ('\u{17D4}', '\u{17D5}'),
    ('\u{1803}', '\u{1803}'),
    ('\u{1809}', '\u{1809}'),
    ('\u{1944}', '\u{1945}'),
    ('\u{1AA8}', '\u{1AAB}'),
    ('\u{1B4E}', '\u{1B4F}'),
    ('\u{1B5A}', '\u{1B5B}'),
    ('\u{1B5E}', '\u{1B5F}'),
    ('\u{1B7D}', '\u{1B7F}'),
    ('\u{1C3B}', '\u{1C3C}'),
    ('\u{1C7E}', '\u{1C7F}'),
    ('\u{2024}', '\u{2024}'),
    ('\u{203C}', '\u{203D}'),
    ('\u{2047}', '\u{2049}'),
    ('\u{2CF9}', '\u{2CFB}'),
    ('\u{2E2E}', '\u{2E2E}'),
    ('\u{2E3C}', '\u{2E3C}'),
    ('\u{2E53}', '\u{2E54}'),
    ('\u{3002}', '\u{3002}'),
    ('\u{A4FF}', '\u{A4FF}'),
    ('\u{A60E}', '\u{A60F}'),
    ('\u{A6F3}', '\u{A6F3}'),
    ('\u{A6F7}', '\u{A6F7}'),
    ('\u{A876}', '\u{A877}'),
    ('\u{A8CE}', '\u{A8CF}'),
    ('\u{A92F}', '\u{A92F}'),
    ('\u{A9C8}', '\u{A9C9}'),
    ('\u{AA5D}', '\u{AA5F}'),
    ('\u{AAF0}', '\u{AAF1}'),
    ('\u{ABEB}', '\u{ABEB}'),
    ('\u{FE12}', '\u{FE12}'),
    ('\u{FE15}', '\u{FE16}'),
    ('\u{FE52}', '\u{FE52}'),
    ('\u{FE56}', '\u{FE57}'),
    ('\u{FF01}', '\u{FF01}'),
    ('\u{FF0E}', '\u{FF0E}'),
    ('\u{FF1F}', '\u{FF1F}'),
    ('\u{FF61}', '\u{FF61}'),
    ('\u{10A56}', '\u{10A57}'),
    ('\u{10F55}', '\u{10F59}'),
    ('\u{10F86}', '\u{10F89}'),
    ('\u{11047}', '\u{11048}'),
    ('\u{110BE}', '\u{110C1}'),
    ('\u{11141}', '\u{11143}'),
    ('\u{111C5}', '\u{111C6}'),
    ('\u{111CD}', '\u{111CD}'),
    ('\u{111DE}', '\u{111DF}'),
    ('\u{11238}', '\u{11239}'),
    ('\u{1123B}', '\u{1123C}'),
    ('\u{112A9}', '\u{112A9}'),
    ('\u{113D4}', '\u{113D5}'),
    ('\u{1144B}', '\u{1144C}'),
    ('\u{115C2}', '\u{115C3}'),
    ('\u{115C9}', '\u{115D7}'),
    ('\u{11641}', '\u{11642}'),
    ('\u{1173C}', '\u{1173E}'),
    ('\u{11944}', '\u{11944}'),
    ('\u{11946}', '\u{11946}'),
    ('\u{11A42}', '\u{11A43}'),
    ('\u{11A9B}', '\u{11A9C}'),
    ('\u{11C41}', '\u{11C42}'),
    ('\u{11EF7}', '\u{11EF8}'),
    ('\u{11F43}', '\u{11F44}'),
    ('\u{16A6E}', '\u{16A6F}'),
    ('\u{16AF5}', '\u{16AF5}'),
    ('\u{16B37}', '\u{16B38}'),
    ('\u{16B44}', '\u{16B44}'),
    ('\u{16D6E}', '\u{16D6F}'),
    ('\u{16E98}', '\u{16E98}'),
    ('\u{1BC9F}', '\u{1BC9F}'),
    ('\u{1DA88}', '\u{1DA88}'),
];

/// Whether `c` ends a sentence under UAX #29 (non-ASCII only).
pub(super) fn is_uax29_terminator(c: char) -> bool {
    UAX29_TERMINATORS
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// Closing quotes and brackets: right after a terminator they belong to the sentence it ends.
pub(super) fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | ')'
            | ']'
            | '}'
            | '\u{2019}'
            | '\u{201D}'
            | '\u{BB}'
            | '\u{203A}'
            | '\u{300D}'
            | '\u{300F}'
            | '\u{FF09}'
    )
}

/// Opening quotes and brackets that may stand before the first word of a sentence.
pub(super) fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '('
            | '['
            | '{'
            | '\u{2018}'
            | '\u{201C}'
            | '\u{AB}'
            | '\u{2039}'
            | '\u{BF}'
            | '\u{A1}'
    )
}

/// The class of an abbreviation, from the tables above.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Abbrev {
    Title,
    Numbered,
    NeverFinal,
    Ambiguous,
}

/// Packs a word of at most 16 bytes into an integer (big-endian, zero-padded), ASCII
/// lower-cased if asked. Lookups then compare integers instead of calling `memcmp`, which
/// matters because the splitter looks up the word before nearly every period.
pub(super) fn pack(word: &str, lower: bool) -> Option<u128> {
    let b = word.as_bytes();
    if b.is_empty() || b.len() > 16 {
        return None;
    }
    let mut a = [0u8; 16];
    a[..b.len()].copy_from_slice(b);
    if lower {
        a.make_ascii_lowercase();
    }
    Some(u128::from_be_bytes(a))
}

fn packed_table(tables: &[(&[&str], Abbrev)]) -> Vec<(u128, Abbrev)> {
    let mut v: Vec<(u128, Abbrev)> = tables
        .iter()
        .flat_map(|&(t, class)| t.iter().filter_map(move |w| Some((pack(w, false)?, class))))
        .collect();
    v.sort_unstable_by_key(|&(k, _)| k);
    v
}

/// The class of `word` (compared case-insensitively), if it is a listed abbreviation.
pub(super) fn abbreviation(word: &str) -> Option<Abbrev> {
    static TABLE: OnceLock<Vec<(u128, Abbrev)>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        packed_table(&[
            (TITLES, Abbrev::Title),
            (NUMBERED, Abbrev::Numbered),
            (NEVER_FINAL, Abbrev::NeverFinal),
            (AMBIGUOUS, Abbrev::Ambiguous),
        ])
    });
    // Every abbreviation starts with a letter; numbers, the commonest other tokens before a
    // period, are rejected without a search.
    if !word.as_bytes().first().is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    let key = pack(word, true)?;
    table
        .binary_search_by_key(&key, |&(k, _)| k)
        .ok()
        .map(|i| table[i].1)
}

/// Whether `word` (case-sensitive) is in [`STARTERS`].
pub(super) fn is_starter(word: &str) -> bool {
    static TABLE: OnceLock<Vec<(u128, Abbrev)>> = OnceLock::new();
    let table = TABLE.get_or_init(|| packed_table(&[(STARTERS, Abbrev::Title)]));
    pack(word, false).is_some_and(|k| table.binary_search_by_key(&k, |&(k, _)| k).is_ok())
}

/// Lookup in one of the small tables that are consulted rarely.
pub(super) fn contains(table: &[&str], word: &str) -> bool {
    table.binary_search(&word).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_segmentation::UnicodeSegmentation;

    #[test]
    fn starters_fit_the_packed_lookup() {
        for w in STARTERS {
            assert!(is_starter(w), "{w:?}");
        }
        assert!(!is_starter("the"));
        assert_eq!(abbreviation("Inc"), Some(Abbrev::Ambiguous));
        assert_eq!(abbreviation("MR"), Some(Abbrev::Title));
        assert_eq!(abbreviation("said"), None);
    }

    fn sorted_unique(name: &str, t: &[&str]) {
        for w in t.windows(2) {
            assert!(
                w[0] < w[1],
                "{name}: {:?} must come before {:?}",
                w[0],
                w[1]
            );
        }
    }

    #[test]
    fn tables_are_sorted_and_duplicate_free() {
        sorted_unique("TITLES", TITLES);
        sorted_unique("NUMBERED", NUMBERED);
        sorted_unique("NEVER_FINAL", NEVER_FINAL);
        sorted_unique("AMBIGUOUS", AMBIGUOUS);
        sorted_unique("STARTERS", STARTERS);
        sorted_unique("CONTINUATIONS", CONTINUATIONS);
        sorted_unique("FRONTING", FRONTING);
        sorted_unique("SPEECH_VERBS", SPEECH_VERBS);
        sorted_unique("EXCLAIMED_NAMES", EXCLAIMED_NAMES);
        for w in BULLETS.windows(2) {
            assert!(w[0] < w[1], "BULLETS out of order at {:?}", w[1]);
        }
        for w in UAX29_TERMINATORS.windows(2) {
            assert!(w[0].1 < w[1].0, "UAX29_TERMINATORS overlap at {:?}", w[1]);
        }
    }

    #[test]
    fn abbreviation_classes_are_disjoint() {
        let classes = [TITLES, NUMBERED, NEVER_FINAL, AMBIGUOUS];
        for (i, a) in classes.iter().enumerate() {
            for b in &classes[i + 1..] {
                for w in a.iter() {
                    assert!(!b.contains(w), "{w:?} is in two abbreviation classes");
                }
            }
            for w in a.iter() {
                assert_eq!(
                    *w,
                    w.to_lowercase(),
                    "abbreviations are stored in lower case"
                );
            }
        }
    }

    /// The terminator table is exactly the set of non-ASCII characters after which
    /// unicode-segmentation breaks `a? B`.
    #[test]
    fn terminators_match_unicode_segmentation() {
        for cp in 0x80u32..=0x10FFFF {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            if c.is_whitespace() || c.is_control() {
                continue;
            }
            let probe = format!("a{c} B");
            let uax = probe.split_sentence_bound_indices().count() > 1;
            assert_eq!(uax, is_uax29_terminator(c), "U+{cp:04X}");
        }
    }
}
