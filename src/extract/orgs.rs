//! Organisations: where the article names them, and which mentions are the same company.
//!
//! Two kinds of evidence find mentions. The company table (aliases, legal suffixes) finds the
//! companies everyone knows; capitalised-name chunks find the rest, and are kept as *strong*
//! when something marks them as organisations (a legal suffix or an organisation word such as
//! "Motors", a descriptor such as "chipmaker X", an appositive, a ticker) and *weak* otherwise.
//! A weak candidate becomes a party only when a deal pattern binds it, so "Mr Smith" or
//! "Brussels" are not turned into companies just for being capitalised.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored, Input, MatchKind, StartKind};

use super::tables::{tables, Tables, Words};
use crate::doc::Article;

/// One place where an organisation is named.
#[derive(Debug, Clone)]
pub struct Mention {
    pub sentence: usize,
    pub byte_start: usize,
    pub byte_end: usize,
    pub entity: usize,
    pub strong: bool,
    /// Where a descriptor written right before the name starts ("chipmaker" in "chipmaker
    /// Intel"); templates fold it into the name's slot.
    pub desc_start: Option<usize>,
}

/// One organisation of the article, with all the names it goes by.
#[derive(Debug, Clone)]
pub struct Entity {
    pub canonical: String,
    /// How often each form of `forms` is written.
    pub counts: Vec<usize>,
    /// Surface forms as written (legal suffixes kept), first mention first.
    pub forms: Vec<String>,
    pub company: Option<usize>,
    pub country: Option<String>,
    pub descriptor: Option<String>,
    pub strong: bool,
}

/// The company table split by how its forms begin. Most begin with a capital, a digit or a
/// non-ASCII letter, and text has few of those: an anchored search at each such byte that
/// may open a form costs far less than a walk of one automaton over every byte (19
/// instructions a byte). The few forms that begin otherwise ("eBay", "easyJet") have an
/// automaton of their own, which skips ahead by literal prefilter.
struct CompanySearch {
    /// Forms opening with a byte `opens` marks, for anchored searches, and their
    /// `company_forms` indices by pattern id. A contiguous NFA, not a DFA: an anchored search
    /// walks a few states, and the DFA of the 1,634 forms was 5.4 MB (17 ms to build, and a
    /// table no cache holds) where the NFA is 0.3 MB (4 ms), for the same instructions a pass.
    upper: AhoCorasick,
    upper_forms: Vec<usize>,
    /// The other forms, likewise.
    lower: AhoCorasick,
    lower_forms: Vec<usize>,
    opens: [bool; 256],
    /// Bit sets of the two-byte upper forms and of the first three bytes of the longer ones
    /// (hashed by [`opening_bit`]): most capitals and digits of a text open no form, and
    /// these settle that without a search.
    pairs: Vec<u64>,
    triples: Vec<u64>,
    /// Some upper form is a single byte, so every byte `opens` marks needs a search.
    one_byte: bool,
}

/// The bit of three opening bytes in `CompanySearch::triples`.
fn opening_bit(a: u8, b: u8, c: u8) -> usize {
    let x = u32::from(a) << 16 | u32::from(b) << 8 | u32::from(c);
    (x.wrapping_mul(0x9e37_79b1) >> 16) as usize
}

fn has_bit(set: &[u64], bit: usize) -> bool {
    set.get(bit / 64).is_some_and(|w| w >> (bit % 64) & 1 == 1)
}

fn set_bit(set: &mut [u64], bit: usize) {
    if let Some(w) = set.get_mut(bit / 64) {
        *w |= 1 << (bit % 64);
    }
}

/// The bytes [`next_open`] stops at: an ASCII capital or digit, or a non-ASCII byte.
fn may_open(b: u8) -> bool {
    b.is_ascii_uppercase() || b.is_ascii_digit() || !b.is_ascii()
}

fn company_search() -> &'static CompanySearch {
    static S: OnceLock<CompanySearch> = OnceLock::new();
    S.get_or_init(|| {
        let forms = &tables().company_forms;
        let (lower_forms, upper_forms): (Vec<usize>, Vec<usize>) = (0..forms.len())
            .partition(|&i| !forms[i].0.as_bytes().first().is_some_and(|&b| may_open(b)));
        let mut opens = [false; 256];
        let mut pairs = vec![0u64; 1 << 10];
        let mut triples = vec![0u64; 1 << 10];
        for &i in &upper_forms {
            let f = forms[i].0.as_bytes();
            if let Some(&a) = f.first() {
                opens[usize::from(a)] = true;
            }
            match *f {
                [a, b] => set_bit(&mut pairs, usize::from(a) << 8 | usize::from(b)),
                [a, b, c, ..] => set_bit(&mut triples, opening_bit(a, b, c)),
                _ => {}
            }
        }
        let one_byte = upper_forms.iter().any(|&i| forms[i].0.len() < 2);
        let build = |ids: &[usize], start: StartKind, kind: Option<AhoCorasickKind>| {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .start_kind(start)
                .kind(kind)
                .build(ids.iter().map(|&i| forms[i].0.as_str()))
                .expect("the company table compiles into an automaton")
        };
        CompanySearch {
            upper: build(
                &upper_forms,
                StartKind::Anchored,
                Some(AhoCorasickKind::ContiguousNFA),
            ),
            upper_forms,
            lower: build(&lower_forms, StartKind::Unanchored, None),
            lower_forms,
            opens,
            pairs,
            triples,
            one_byte,
        }
    })
}

/// Where the first byte at or after `from` that `opens` marks is. Eight bytes at a time skip
/// the prose between them: only bytes [`may_open`] accepts are ever marked.
fn next_open(b: &[u8], from: usize, opens: &[bool; 256]) -> Option<usize> {
    const ONES: u64 = u64::MAX / 255;
    const HIGH: u64 = ONES * 128;
    let mut at = from;
    loop {
        while at + 8 <= b.len() {
            let mut w = [0u8; 8];
            w.copy_from_slice(&b[at..at + 8]);
            let x = u64::from_le_bytes(w);
            // As in `next_capital`: a byte below 0x80 lies in lo..=hi when adding 0x80 - lo
            // sets its top bit and adding 0x80 - (hi + 1) does not.
            let low = x & !HIGH;
            let upper = (low + ONES * (0x80 - u64::from(b'A')))
                & !(low + ONES * (0x80 - u64::from(b'Z') - 1));
            let digit = (low + ONES * (0x80 - u64::from(b'0')))
                & !(low + ONES * (0x80 - u64::from(b'9') - 1));
            if ((upper | digit) & !x | x) & HIGH != 0 {
                break;
            }
            at += 8;
        }
        let end = (at + 8).min(b.len());
        if let Some(p) = b[at..end].iter().position(|&x| opens[usize::from(x)]) {
            return Some(at + p);
        }
        if end == b.len() {
            return None;
        }
        at = end;
    }
}

impl CompanySearch {
    /// The longest upper form written at `q` (its end and `company_forms` index).
    fn upper_at(&self, s: &str, q: usize) -> Option<(usize, usize)> {
        let b = s.as_bytes();
        let may = match b.get(q..q + 3) {
            Some(&[a, x, y]) => {
                self.one_byte
                    || has_bit(&self.pairs, usize::from(a) << 8 | usize::from(x))
                    || has_bit(&self.triples, opening_bit(a, x, y))
            }
            _ => true,
        };
        if !may {
            return None;
        }
        let input = Input::new(s).span(q..b.len()).anchored(Anchored::Yes);
        let m = self.upper.find(input)?;
        Some((m.end(), self.upper_forms[m.pattern().as_usize()]))
    }

    /// The spans and `company_forms` indices of the company forms in `s`: exactly what a
    /// leftmost-longest `find_iter` of one automaton of all the forms gives. `lower_absent`
    /// says that no lower-case form occurs in `s` (known from a search of the whole article):
    /// the search for one is then skipped.
    fn find_iter<'a>(&'a self, s: &'a str, lower_absent: bool) -> CompanyMatches<'a> {
        CompanyMatches {
            search: self,
            s,
            at: 0,
            lower: lower_absent.then_some(None),
        }
    }

    /// Whether some lower-case form occurs in `text`. Few articles hold one ("eBay"), and one
    /// search of the article settles it for all its sentences, which otherwise pay a search
    /// start each.
    fn lower_in(&self, text: &str) -> bool {
        self.lower.is_match(text)
    }
}

/// Such a search takes, from where the last match ended, the match that starts first, and
/// the longest there; the two parts of the table never start a match at the same byte, so
/// the earlier of their next matches is that match.
struct CompanyMatches<'a> {
    search: &'a CompanySearch,
    s: &'a str,
    at: usize,
    /// The lower-case part's next match (`None` inside: there is none), searched again only
    /// once `at` has passed its start.
    lower: Option<Option<(usize, usize, usize)>>,
}

impl Iterator for CompanyMatches<'_> {
    type Item = (usize, usize, usize);

    fn next(&mut self) -> Option<Self::Item> {
        let (cs, s, at) = (self.search, self.s, self.at);
        let b = s.as_bytes();
        if at >= b.len() {
            return None;
        }
        let next_lower = match self.lower {
            Some(m) if m.is_none_or(|(ls, _, _)| ls >= at) => m,
            _ => cs
                .lower
                .find(Input::new(s).span(at..b.len()))
                .map(|m| (m.start(), m.end(), cs.lower_forms[m.pattern().as_usize()])),
        };
        self.lower = Some(next_lower);
        let limit = next_lower.map_or(b.len(), |(ls, _, _)| ls);
        let mut upper = None;
        let mut p = at;
        while let Some(q) = next_open(b, p, &cs.opens).filter(|&q| q < limit) {
            if let Some((me, form)) = cs.upper_at(s, q) {
                upper = Some((q, me, form));
                break;
            }
            p = q + 1;
        }
        let found = upper.or(next_lower);
        self.at = found.map_or(b.len(), |(_, me, _)| me);
        found
    }
}

/// The capitalised-chunk rule, as a regex: the reference the hand-written scanner
/// ([`next_chunk`]) is tested against.
#[cfg(test)]
const CHUNK_RE: &str = r"(?:[A-Z][\p{L}0-9&'’.\-]*|[a-z]{1,3}[A-Z][\p{L}0-9]*|[0-9]+[A-Z][\p{L}0-9]*)(?:[ \u{a0}](?:&[ \u{a0}])?(?:of[ \u{a0}])?(?:[A-Z][\p{L}0-9&'’.\-]*|[a-z]{1,3}[A-Z][\p{L}0-9]*|[0-9]+[A-Z][\p{L}0-9]*))*";

/// True for a letter of Unicode's general category L, which is what the chunk rule's `\p{L}`
/// means (`char::is_alphabetic` is wider: it takes combining marks and letter numbers too).
fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    static RANGES: OnceLock<Vec<(char, char)>> = OnceLock::new();
    let ranges = RANGES.get_or_init(|| {
        use regex_syntax::hir::{Class, HirKind};
        let hir = regex_syntax::parse(r"\p{L}").expect("\\p{L} parses");
        match hir.kind() {
            HirKind::Class(Class::Unicode(cls)) => {
                cls.ranges().iter().map(|r| (r.start(), r.end())).collect()
            }
            _ => Vec::new(),
        }
    });
    let i = ranges.partition_point(|&(_, hi)| hi < c);
    ranges.get(i).is_some_and(|&(lo, _)| lo <= c)
}

/// The end of the longest run from `at` of characters `keep` accepts.
fn run_end(s: &str, at: usize, keep: impl Fn(char) -> bool) -> usize {
    let b = s.as_bytes();
    let mut i = at;
    while i < b.len() {
        let c = if b[i].is_ascii() {
            char::from(b[i])
        } else {
            match s.get(i..).and_then(|r| r.chars().next()) {
                Some(c) => c,
                None => break,
            }
        };
        if !keep(c) {
            break;
        }
        i += c.len_utf8();
    }
    i
}

/// The end of the name word starting at `at`, if one does: a capital then letters, digits
/// and `&'’.-` ("AT&T", "O'Neill"); up to three lower-case letters then a capital ("eBay",
/// "iPhone"); or digits then a capital ("3Com"); the last two go on with letters and digits.
fn word_end(s: &str, at: usize) -> Option<usize> {
    let b = s.as_bytes();
    let c = *b.get(at)?;
    let rest = |from: usize| run_end(s, from, |c| is_letter(c) || c.is_ascii_digit());
    if c.is_ascii_uppercase() {
        return Some(run_end(s, at + 1, |c| {
            is_letter(c) || c.is_ascii_digit() || matches!(c, '&' | '\'' | '’' | '.' | '-')
        }));
    }
    let (lower, digits) = (c.is_ascii_lowercase(), c.is_ascii_digit());
    if !lower && !digits {
        return None;
    }
    let n = b[at..]
        .iter()
        .take_while(|&&x| {
            if lower {
                x.is_ascii_lowercase()
            } else {
                x.is_ascii_digit()
            }
        })
        .count();
    let capital = b.get(at + n).is_some_and(u8::is_ascii_uppercase);
    (capital && (digits || n <= 3)).then(|| rest(at + n + 1))
}

/// The length of a name's word separator at `at`: a space or a no-break space.
fn sep_len(s: &str, at: usize) -> Option<usize> {
    let r = s.as_bytes().get(at..)?;
    if r.first() == Some(&b' ') {
        Some(1)
    } else if r.starts_with("\u{a0}".as_bytes()) {
        Some(2)
    } else {
        None
    }
}

/// The end of the next word of a name whose separator ends at `at`, an "of " before it
/// allowed ("Bank of America").
fn word_after(s: &str, at: usize) -> Option<usize> {
    if s.as_bytes().get(at..).is_some_and(|r| r.starts_with(b"of")) {
        if let Some(w) = sep_len(s, at + 2).and_then(|l| word_end(s, at + 2 + l)) {
            return Some(w);
        }
    }
    word_end(s, at)
}

/// Where the first ASCII capital of `b` is. Eight bytes at a time: prose is mostly lower
/// case, and this scan passes over every byte of every sentence.
fn next_capital(b: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::MAX / 255;
    const HIGH: u64 = ONES * 128;
    let mut at = 0;
    while at + 8 <= b.len() {
        let mut w = [0u8; 8];
        w.copy_from_slice(&b[at..at + 8]);
        let x = u64::from_le_bytes(w);
        // A byte below 0x80 lies in 'A'..='Z' when adding 0x80 - 'A' sets its top bit and
        // adding 0x80 - ('Z' + 1) does not (no carry crosses bytes: each sum stays < 0x100).
        let low = x & !HIGH;
        let ge_a = low + ONES * (0x80 - u64::from(b'A'));
        let gt_z = low + ONES * (0x80 - u64::from(b'Z') - 1);
        if ge_a & !gt_z & !x & HIGH != 0 {
            break;
        }
        at += 8;
    }
    b[at..]
        .iter()
        .position(u8::is_ascii_uppercase)
        .map(|p| at + p)
}

/// The next capitalised chunk at or after `from`: name words joined by single spaces, an
/// "& " or "of " allowed between them ("Procter & Gamble", "Bank of America"). The span is
/// exactly the leftmost-first match of [`CHUNK_RE`] (a test holds the two together); a
/// byte scanner does in one pass what the regex engine did with a lazy DFA and a reverse
/// search for every chunk of every sentence.
fn next_chunk(s: &str, from: usize) -> Option<(usize, usize)> {
    let b = s.as_bytes();
    // Every word has an ASCII capital, so the next one decides where a word can start: at
    // it, or up to three lower-case letters or all the digits right before it ("eBay",
    // "3Com").
    let u = from + next_capital(b.get(from..)?)?;
    let before = &b[from..u];
    let lower = before
        .iter()
        .rev()
        .take(3)
        .take_while(|x| x.is_ascii_lowercase())
        .count();
    let digits = if lower == 0 {
        before
            .iter()
            .rev()
            .take_while(|x| x.is_ascii_digit())
            .count()
    } else {
        0
    };
    let start = u - lower - digits;
    let mut end = word_end(s, start)?;
    while let Some(l) = sep_len(s, end) {
        let p = end + l;
        let amp = (b.get(p) == Some(&b'&'))
            .then(|| sep_len(s, p + 1))
            .flatten()
            .and_then(|l2| word_after(s, p + 1 + l2));
        match amp.or_else(|| word_after(s, p)) {
            Some(w) => end = w,
            None => break,
        }
    }
    Some((start, end))
}

fn is_word_char(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// Where `needle`, which starts with `first`, first occurs in `s`: `s.find(needle)`, without
/// the substring searcher whose setup costs more than a short name takes to scan.
fn find_at(s: &str, first: char, needle: &str) -> Option<usize> {
    s.match_indices(first)
        .map(|(i, _)| i)
        .find(|&i| s[i..].starts_with(needle))
}

/// Drops a trailing possessive and a sentence-final period from a name.
fn trim_name(s: &str) -> &str {
    let s = s
        .strip_suffix("'s")
        .or_else(|| s.strip_suffix("’s"))
        .unwrap_or(s);
    let s = s.trim_end_matches(['\'', '’', '-']);
    match s.strip_suffix('.') {
        Some(rest) => {
            let last = rest.rsplit(' ').next().unwrap_or(rest);
            let keep = tables().legal_suffixes.contains(&format!("{last}."))
                || last.contains('.')
                || (last.len() == 1 && last.chars().all(char::is_uppercase));
            if keep {
                s
            } else {
                rest
            }
        }
        None => s,
    }
}

/// The canonical form of a name: legal suffixes and a leading "The" dropped.
pub fn strip_legal(name: &str, t: &Tables) -> String {
    // A one-word name has nothing to strip: the loop and the "The" rule need two words.
    if !name.contains(char::is_whitespace) {
        return name.to_string();
    }
    // Most names have nothing to strip and are spaced by single spaces, so the words joined
    // again would be the name: tested without collecting and joining them.
    let b = name.as_bytes();
    let plain = b.first() != Some(&b' ')
        && b.last() != Some(&b' ')
        && !b.windows(2).any(|w| w == b"  ")
        && !name.chars().any(|c| c != ' ' && c.is_whitespace());
    if plain {
        let last = name
            .rsplit(' ')
            .next()
            .unwrap_or(name)
            .trim_end_matches(',');
        let first = name.split(' ').next().unwrap_or(name);
        if !t.legal_suffixes.contains(last) && first != "The" {
            return name.to_string();
        }
    }
    let mut words: Vec<&str> = name.split_whitespace().collect();
    while words.len() > 1 {
        let last = words[words.len() - 1].trim_end_matches(',');
        if t.legal_suffixes.contains(last) {
            words.pop();
            if let Some(w) = words.last_mut() {
                *w = w.trim_end_matches(',');
            }
        } else {
            break;
        }
    }
    if words.len() > 1 && words[0] == "The" {
        words.remove(0);
    }
    words.join(" ")
}

/// "They’ve", "You'll", "Doesn't": a pronoun or auxiliary with its contraction, capitalised
/// because it opens a sentence. A name takes an apostrophe as a possessive ("Apple's") or
/// inside itself ("O'Reilly"), never one of these endings.
fn is_contraction(w: &str) -> bool {
    if !w.contains(['\'', '’']) {
        return false;
    }
    let w = w
        .trim_end_matches('.')
        .replace('’', "'")
        .to_ascii_lowercase();
    ["'ve", "'ll", "'re", "'m", "'d", "n't"]
        .iter()
        .any(|end| w.ends_with(end))
}

/// "APIs", "CEOs", "SEPs": two or more capitals and a plural "s".
fn is_plural_acronym(w: &str) -> bool {
    w.strip_suffix('s')
        .is_some_and(|stem| stem.len() >= 2 && stem.bytes().all(|b| b.is_ascii_uppercase()))
}

/// "AI-specific", "GPU-based": capitals, a hyphen, a lower-case word, and nothing else.
fn is_acronym_adjective(chunk: &str) -> bool {
    chunk.split_once('-').is_some_and(|(head, tail)| {
        head.len() >= 2
            && head.bytes().all(|b| b.is_ascii_uppercase())
            && !tail.is_empty()
            && tail.bytes().all(|b| b.is_ascii_lowercase())
    })
}

fn is_calendar_word(w: &str) -> bool {
    matches!(
        w,
        "January"
            | "February"
            | "March"
            | "April"
            | "May"
            | "June"
            | "July"
            | "August"
            | "September"
            | "October"
            | "November"
            | "December"
            | "Monday"
            | "Tuesday"
            | "Wednesday"
            | "Thursday"
            | "Friday"
            | "Saturday"
            | "Sunday"
    )
}

fn is_acronym(s: &str) -> bool {
    let n = s.chars().count();
    (2..=6).contains(&n)
        && s.chars()
            .all(|c| c.is_ascii_uppercase() || c == '&' || c.is_ascii_digit())
        && s.chars().any(|c| c.is_ascii_uppercase())
}

/// The initials of the capitalised words, small words skipped: "BA" for "Bank of America".
fn strict_initials(name: &str) -> impl Iterator<Item = char> + '_ {
    name.split_whitespace()
        .filter(|w| !matches!(*w, "of" | "and" | "&" | "the"))
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
}

/// The initials of every word, "and" as "&": "BOA" for "Bank of America".
fn loose_initials(name: &str) -> impl Iterator<Item = char> + '_ {
    name.split_whitespace().filter_map(|w| match w {
        "and" | "&" => Some('&'),
        _ => w.chars().next().map(|c| c.to_ascii_uppercase()),
    })
}

/// Whether `acronym` is the initials of `name`, with or without its small words: "Bank of
/// America" has "BA" and "BOA"; "Scottish and Newcastle" has "SN" and "S&N". Compared as
/// they are made, without building strings: it is asked of every entity of the article for
/// each acronym mention, and of each long name.
fn has_initials(name: &str, acronym: &str) -> bool {
    strict_initials(name).eq(acronym.chars()) || loose_initials(name).eq(acronym.chars())
}

/// Spans of names followed by an acronym of themselves in brackets: "Scottish and Newcastle
/// (S&N)", "Shanghai Automotive Industry Corp (SAIC)". The acronym must be the initials of
/// the name, so "Nokia (NYSE)" or "the deal (CEO)" never qualify.
fn defined_acronym_names(sent: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    // The bracket by memchr's vectorised search: every sentence is looked through, few have one.
    while let Some(open) = memchr::memchr(b'(', &sent.as_bytes()[from..]).map(|i| from + i) {
        from = open + 1;
        let Some(close) = sent[open..].find(')').map(|i| open + i) else {
            break;
        };
        let acronym = &sent[open + 1..close];
        if !is_acronym(acronym) || !sent[..open].ends_with(' ') {
            continue;
        }
        // Walk back over capitalised words and the small words names contain.
        let head = sent[..open].trim_end();
        let mut start = head.len();
        let mut best: Option<usize> = None;
        for (words, w) in head.rsplit(' ').enumerate() {
            if words >= 7 || w.is_empty() {
                break;
            }
            let small = matches!(w, "and" | "&" | "of" | "the" | "de");
            let capital = w.chars().next().is_some_and(char::is_uppercase);
            if !small && !capital {
                break;
            }
            start -= w.len();
            if capital {
                let name = &head[start..];
                if has_initials(name, acronym) {
                    best = Some(start);
                }
            }
            start = start.saturating_sub(1);
        }
        if let Some(s) = best {
            out.push((s, head.len()));
        }
    }
    out
}

/// Words before a mention that describe it: "Finnish mobile maker" in "Finnish mobile maker
/// Nokia". Returns the descriptor and its country if a place adjective is part of it.
fn descriptor_before(before: &str, t: &Tables) -> Option<(String, Option<String>, usize)> {
    // At most five words make a descriptor and the loop below looks two words further back,
    // so the last eight words of a long sentence are all it needs.
    // Most names follow no descriptor: the last word decides that before anything is
    // collected, and an ASCII word without capitals is its own lower case.
    let last = before
        .split_whitespace()
        .next_back()?
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
    if last.chars().next()?.is_uppercase() {
        return None;
    }
    let known = if last
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        t.descriptors.contains(last)
    } else {
        t.descriptors.contains(&last.to_lowercase())
    };
    if !known {
        return None;
    }
    let mut words: Vec<&str> = before.split_whitespace().rev().take(8).collect();
    words.reverse();
    let mut start = words.len() - 1;
    while start > 0 && words.len() - start < 5 {
        let w = words[start - 1];
        let bare = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
        if bare.is_empty() || w.ends_with(',') || w.ends_with('.') {
            break;
        }
        let lower = bare.to_lowercase();
        // "cybersecurity and observability company": "and" between two lower-case words
        // belongs to the description.
        let inner_and = lower == "and"
            && start >= 2
            && words[start - 2]
                .chars()
                .all(|c| c.is_lowercase() || c == '-')
            && !matches!(
                words[start - 2],
                "the" | "a" | "an" | "to" | "of" | "with" | "by"
            );
        let stop = !inner_and
            && matches!(
                lower.as_str(),
                "the"
                    | "a"
                    | "an"
                    | "and"
                    | "or"
                    | "of"
                    | "by"
                    | "with"
                    | "from"
                    | "to"
                    | "in"
                    | "on"
                    | "for"
                    | "that"
                    | "which"
                    | "its"
                    | "their"
                    | "said"
                    | "as"
                    | "at"
                    | "has"
                    | "have"
                    | "had"
                    | "is"
                    | "was"
                    | "will"
                    | "struggling"
                    | "loss-making"
                    | "bought"
                    | "acquired"
                    | "buy"
                    | "acquire"
                    | "signed"
                    | "rival"
                    | "fellow"
                    // "Agreed to pay speaker maker Sonos", "it also backed payments company
                    // Paytm": a verb, a pronoun or an adverb ends a description.
                    | "it"
                    | "also"
                    | "pay"
                    | "pays"
                    | "paid"
                    | "paying"
                    | "backed"
                    | "funded"
                    | "financed"
                    | "invested"
                    | "took"
                    | "takes"
                    | "hired"
                    | "sued"
                    | "chose"
                    | "picked"
            );
        let verb = matches!(
            lower.as_str(),
            "supply"
                | "supplies"
                | "supplied"
                | "provide"
                | "provides"
                | "provided"
                | "sell"
                | "sells"
                | "sold"
                | "buys"
                | "acquires"
                | "fund"
                | "funds"
                | "back"
                | "backs"
                | "join"
                | "joins"
                | "joined"
                | "beat"
                | "beats"
                | "hit"
                | "hits"
                | "against"
                | "like"
                | "than"
                | "including"
                | "such"
                | "named"
                | "called"
                | "become"
                | "became"
                | "becomes"
                | "being"
                | "be"
                | "are"
                | "were"
                | "over"
                | "into"
                | "after"
                | "before"
                | "while"
                | "when"
                | "where"
                | "because"
        );
        let place = t.places.contains_key(bare);
        if stop || verb || (bare.chars().next().is_some_and(char::is_uppercase) && !place) {
            break;
        }
        start -= 1;
        // A nationality opens the descriptor: "Struggling Japanese car maker" describes
        // with "Japanese car maker".
        if place {
            break;
        }
    }
    let desc: Vec<&str> = words[start..]
        .iter()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-'))
        .collect();
    let country = desc.iter().find_map(|w| t.places.get(*w).cloned());
    // Byte offset in `before` where the descriptor's first word starts.
    let mut offset = before.len();
    for _ in 0..(words.len() - start) {
        let trimmed = before[..offset].trim_end();
        offset = trimmed.rfind(char::is_whitespace).map_or(0, |i| i + 1);
    }
    Some((desc.join(" "), country, offset))
}

/// `w.to_lowercase().ends_with(suffix)` for an ASCII suffix, without allocating for ASCII
/// words.
fn ends_with_lower(w: &str, suffix: &str) -> bool {
    if w.is_ascii() {
        w.len() >= suffix.len() && w[w.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
    } else {
        w.to_lowercase().ends_with(suffix)
    }
}

/// True when the words around a capitalised chunk say it is a person.
fn looks_like_person(name: &str, before: &str, after: &str, t: &Tables) -> bool {
    let first = name.split_whitespace().next().unwrap_or("");
    let words = name.split_whitespace().count();
    let prev = before.split_whitespace().next_back().unwrap_or("");
    // "Analysts said Keplar Group would…": a name that ends in an organisation word or a
    // legal suffix is no person, whatever stands before it.
    let last = name.rsplit(' ').next().unwrap_or("").trim_end_matches('.');
    if words >= 2 && (t.org_heads.contains(last) || t.legal_suffixes.contains(last)) {
        return false;
    }
    // "US wine maker Robert Mondavi": a noun only a business can be comes right before it.
    let business_noun = prev.ends_with("maker")
        || matches!(
            prev,
            "firm"
                | "company"
                | "group"
                | "producer"
                | "brewer"
                | "manufacturer"
                | "retailer"
                | "carrier"
                | "operator"
                | "conglomerate"
                | "chain"
                | "label"
                | "bank"
                | "insurer"
                | "lender"
                | "distiller"
                | "supplier"
                | "provider"
                | "publisher"
                | "broadcaster"
                | "studio"
                | "start-up"
                | "startup"
                | "telco"
                | "airline"
                | "subsidiary"
                | "winery"
        );
    // "Its Christian Lacroix clothing label", "the Ralph Lauren brand": a person's name that
    // names a business.
    let names_a_business = after
        .split_whitespace()
        .take(2)
        .map(|w| w.trim_end_matches([',', '.', ';']))
        .any(|w| {
            matches!(
                w,
                "label" | "labels" | "brand" | "brands" | "house" | "company" | "group" | "stores"
            )
        });
    if (2..=3).contains(&words)
        && t.first_names.contains(first)
        && !business_noun
        && !names_a_business
    {
        return true;
    }
    if matches!(
        prev.trim_end_matches('.'),
        "Mr" | "Mrs" | "Ms" | "Dr" | "Sir" | "Lord" | "Prof" | "Dame"
    ) {
        return true;
    }
    if words < 2 {
        return false;
    }
    let a = if after.starts_with(',') {
        after.trim_start_matches([',', ' ']).to_lowercase()
    } else {
        String::new()
    };
    let title_after = [
        "chief",
        "president",
        "chairman",
        "chairwoman",
        "head of",
        "director",
        "founder",
        "co-founder",
        "analyst",
        "spokes",
        "vice",
        "senior",
        "managing",
        "ceo",
        "boss",
        "who ",
        // "Jez San, the man behind the Argonaut games group, has bought…"
        "the man ",
        "the woman ",
        "the entrepreneur",
        "the businessman",
        "the businesswoman",
        "the tycoon",
        "the billionaire",
        "the founder",
        "the co-founder",
    ];
    if after.starts_with(',') && words >= 2 && title_after.iter().any(|w| a.starts_with(w)) {
        return true;
    }
    // The titles are at most 16 characters, and a character's lower case never comes from
    // the characters before it, so the last 16 characters decide.
    let tail = before
        .char_indices()
        .rev()
        .nth(15)
        .map_or(before, |(i, _)| &before[i..]);
    let b = tail.to_lowercase();
    let title_before = [
        "chief executive ",
        "boss ",
        "founder ",
        "chairman ",
        "president ",
        "analyst ",
        "ceo ",
        "director ",
        "said ",
        "executive ",
        "spokesman ",
        "spokeswoman ",
        "minister ",
        "leader ",
        "premier ",
        "senator ",
        "governor ",
    ];
    words >= 2 && title_before.iter().any(|w| b.ends_with(w))
}

struct Raw {
    sentence: usize,
    start: usize,
    end: usize,
    form: String,
    company: Option<usize>,
    strong: bool,
    descriptor: Option<(String, Option<String>, usize)>,
    /// The country of a place possessive before the name ("Italy's Illva").
    country: Option<String>,
}

/// Finds every organisation mention in the article and groups mentions into entities.
pub fn find(article: &Article) -> (Vec<Entity>, Vec<Mention>) {
    let t = tables();
    let text = &article.text;
    let mut raws: Vec<Raw> = Vec::new();
    // The article's own sets hash like the word tables: they are only ever asked what they
    // hold (never listed, so their order cannot show), and SipHash cost more than the rest of
    // their work.
    // Family names of the people the article names ("Scooter Braun" … "Braun said").
    let mut surnames: HashSet<String, Words> = HashSet::default();
    // Where unmarked one-word names open a sentence: capitalised there whatever they are.
    let mut bare_openers: HashSet<usize, Words> = HashSet::default();
    let lower_absent = !company_search().lower_in(text);
    for (si, s) in article.sentences.iter().enumerate() {
        let sent = s.slice(text);
        let base = s.byte_start;
        let mut taken: Vec<(usize, usize)> = Vec::new();
        // Known companies.
        for (ms, me, form) in company_search().find_iter(sent, lower_absent) {
            if is_word_char(sent[..ms].chars().next_back())
                || is_word_char(sent[me..].chars().next())
            {
                continue;
            }
            // "Samsung Display" is not Samsung: a known name followed by capitalised words
            // ending in an organisation word names another organisation.
            let mut follow = sent[me..]
                .split_whitespace()
                .take(3)
                .take_while(|w| w.chars().next().is_some_and(char::is_uppercase));
            if follow.any(|w| {
                t.org_heads.contains(w.trim_end_matches([',', '.', ';']))
                    && !t.legal_suffixes.contains(w.trim_end_matches([',', ';']))
            }) {
                continue;
            }
            // "Sun Interbrew", "Network Box", "Ian Pearson": a known name right after another
            // capitalised word is the tail of a longer name, which the chunk rules read.
            let prev_word = sent[..ms]
                .strip_suffix(' ')
                .and_then(|b| b.rsplit(' ').next())
                .unwrap_or("");
            // Not "Seoul-based LG", nor a sentence's first word ("Five Bank of America units").
            let opens_sentence = sent[..ms].trim_end().len() == prev_word.len();
            let joined = prev_word.chars().next().is_some_and(char::is_uppercase)
                && prev_word.chars().all(char::is_alphanumeric)
                && !opens_sentence
                && !t.places.contains_key(prev_word)
                && !t.non_entities.contains(prev_word)
                && !is_calendar_word(prev_word)
                && !is_acronym(prev_word);
            if joined {
                continue;
            }
            let idx = t.company_forms[form].1;
            let company = &t.companies[idx];
            let initial = sent[..ms].trim().is_empty();
            // Extend over legal suffixes: "Nokia Oyj", "Apple Inc.".
            let mut end = me;
            let rest = &sent[me..];
            if let Some(w) = rest
                .strip_prefix(' ')
                .and_then(|r| r.split([' ', ',', ';']).next())
            {
                if t.legal_suffixes.contains(w)
                    || t.legal_suffixes.contains(w.trim_end_matches('.'))
                {
                    end = me + 1 + w.len();
                    if sent[..end].ends_with('.') && !t.legal_suffixes.contains(w) {
                        end -= 1;
                    }
                }
            }
            let next_word = {
                let rest = sent[end..].trim_start();
                let n = rest
                    .char_indices()
                    .find(|(_, c)| !c.is_alphabetic())
                    .map_or(rest.len(), |(i, _)| i);
                &rest[..n]
            };
            let mut strong = true;
            if company.common {
                // "Apple" opening a sentence, or followed by a lower-case noun ("orange juice"
                // never matches: the table is case-sensitive), needs support elsewhere.
                let lower_next = next_word.chars().next().is_some_and(char::is_lowercase)
                    && matches!(
                        next_word,
                        "growers"
                            | "juice"
                            | "trees"
                            | "orchards"
                            | "farmers"
                            | "prices"
                            | "harvest"
                    );
                if lower_next {
                    continue;
                }
                strong = !initial;
            }
            // "Three Ireland", "Vodafone Germany": a national arm is a party of its own.
            let mut company_idx = Some(idx);
            let mut national: Option<String> = None;
            if end == me {
                // The letters after the space, borrowed rather than collected.
                let rest = sent[end..].strip_prefix(' ').unwrap_or("");
                let word = &rest[..rest
                    .find(|c: char| !c.is_alphabetic())
                    .unwrap_or(rest.len())];
                if let Some(c) = t.places.get(word).filter(|c| c.as_str() == word) {
                    national = Some(c.clone());
                    end += 1 + word.len();
                    company_idx = None;
                    strong = true;
                }
            }
            let descriptor = descriptor_before(&sent[..ms], t).map(|(d, c, o)| (d, c, base + o));
            raws.push(Raw {
                sentence: si,
                start: base + ms,
                end: base + end,
                form: sent[ms..end].to_string(),
                company: company_idx,
                strong,
                descriptor,
                country: national,
            });
            taken.push((ms, end));
        }
        // "Scottish and Newcastle (S&N)": a name the article defines an acronym for is an
        // organisation even when its words would not make one on their own (a place
        // adjective, an "and" inside the name).
        for (ns, ne) in defined_acronym_names(sent) {
            if taken.iter().any(|&(a, b)| ns < b && a < ne) {
                continue;
            }
            raws.push(Raw {
                sentence: si,
                start: base + ns,
                end: base + ne,
                form: sent[ns..ne].to_string(),
                company: None,
                strong: true,
                descriptor: descriptor_before(&sent[..ns], t).map(|(d, c, o)| (d, c, base + o)),
                country: None,
            });
            taken.push((ns, ne));
        }
        // Capitalised chunks.
        let mut next = 0;
        while let Some((mut cs, ce)) = next_chunk(sent, next) {
            next = ce;
            if is_word_char(sent[..cs].chars().next_back()) {
                continue;
            }
            // The name stays borrowed, always `sent[cs..cs + chunk.len()]`, until it is kept: most
            // chunks are dropped.
            let mut chunk = trim_name(&sent[cs..ce]);
            // A lone word that is never a name ("The", "However", "He") is dropped by the
            // leading-word loop below whatever the tests before it find, so it is let go here,
            // before those tests.
            if !chunk.contains(' ')
                && !is_calendar_word(chunk)
                && t.non_entities.contains(chunk.trim_end_matches('.'))
            {
                continue;
            }
            // "Germany's Hexal" names Hexal; "Hexal's US affiliate" names Hexal.
            let mut place_country: Option<String> = None;
            if let Some(i) = find_at(chunk, '\'', "'s ").or_else(|| find_at(chunk, '’', "’s "))
            {
                let left = &chunk[..i];
                let skip = if chunk[i..].starts_with("'s ") { 3 } else { 5 };
                if let Some(c) = t.places.get(left) {
                    place_country = Some(c.clone());
                    cs += i + skip;
                    chunk = &chunk[i + skip..];
                } else {
                    chunk = left;
                    // "Corvel Group's Lumora acquisition": what the owner owns may be a name of
                    // its own, read as the next chunk.
                    next = cs + i + skip;
                }
            }
            // "Herbert Hansen of Respond": a person of an organisation names the organisation.
            // (A byte window, not `str::find`, whose searcher costs more to build than the
            // chunk costs to scan.)
            if let Some(i) = chunk.as_bytes().windows(4).position(|w| w == b" of ") {
                let person = &chunk[..i];
                let words = person.split(' ').count();
                let first = person.split(' ').next().unwrap_or("");
                if (2..=3).contains(&words) && t.first_names.contains(first) {
                    if let Some((_, surname)) = person.rsplit_once(' ') {
                        surnames.insert(surname.to_string());
                    }
                    cs += i + 4;
                    chunk = &chunk[i + 4..];
                }
            }
            // "York-based", "Privately-held": descriptors, not names.
            // Every such suffix has a hyphen, which few words do: that test goes first.
            let descriptive = |w: &str| {
                w.contains('-')
                    && [
                        "-based", "-held", "-owned", "-listed", "-born", "-run", "-backed",
                        "-owner", "-parent",
                    ]
                    .iter()
                    .any(|suf| ends_with_lower(w, suf))
            };
            // Everything up to the last such word is description ("New York-based Giant
            // Software" names "Giant Software").
            let mut offset = 0;
            let mut pos = 0;
            for w in chunk.split(' ') {
                pos += w.len() + 1;
                if descriptive(w) {
                    offset = pos.min(chunk.len());
                }
            }
            if offset > 0 {
                cs += offset;
                chunk = &chunk[offset..];
            }
            if chunk.is_empty() {
                continue;
            }
            // "Aurelian Aircraft A-90 jets", "Airbus A380": a model code after a name is the
            // product, not part of the maker's name.
            if let Some((head, last)) = chunk.rsplit_once(' ') {
                let code = last.bytes().any(|b| b.is_ascii_digit())
                    && last.bytes().any(|b| b.is_ascii_alphabetic());
                if code && !head.is_empty() {
                    chunk = head;
                }
            }
            // "Umbro, which recently lost…": a relative clause describes a name.
            let described = sent[cs + chunk.len()..]
                .strip_prefix(", ")
                .is_some_and(|r| {
                    ["which ", "who ", "whose "]
                        .iter()
                        .any(|w| r.starts_with(w))
                });
            // A lone capitalised word opening a sentence before a comma ("Separately, …").
            if !chunk.contains(' ')
                && sent[..cs].trim().is_empty()
                && sent[cs + chunk.len()..].starts_with(',')
                && !described
            {
                continue;
            }
            // "small New York software firm": a whole place name is no organisation, and its
            // tail ("York", once "New" is dropped as an opener) is none either.
            if t.places.contains_key(chunk) {
                continue;
            }
            // "The British Library": after "the", a place adjective is part of the name, where
            // "British firm Acme" and "Dutch Tulip" only describe.
            let after_the = sent[..cs]
                .get(cs.saturating_sub(4)..)
                .is_some_and(|w| w.eq_ignore_ascii_case("the "));
            // Leading words that are never names ("The", "In", "Chief", months).
            loop {
                let first = chunk.split(' ').next().unwrap_or("");
                // Months and days open a name only when nothing follows them ("May
                // Department Stores" is a name).
                let calendar = is_calendar_word(first);
                // Looked up once: both tests below ask it.
                let non_entity =
                    t.non_entities.contains(first.trim_end_matches('.')) || is_contraction(first);
                // The place table last: the word tests are cheaper and usually fail.
                // "Chipmaker AMD said…": a descriptor capitalised because it opens the
                // sentence is no part of the name.
                let described_opener = chunk.contains(' ')
                    && sent[..cs].trim().is_empty()
                    && first.chars().skip(1).all(|c| c.is_ascii_lowercase())
                    && t.descriptors.contains(first.to_ascii_lowercase().as_str());
                let drop = (non_entity && !calendar)
                    || described_opener
                    || first == "of"
                    || (chunk.contains(' ')
                        && !after_the
                        && {
                            let f = first;
                            f.ends_with("ish")
                                || f.ends_with("ese")
                                || f.ends_with("an")
                                || f == "US"
                                || f == "UK"
                        }
                        && t.places.contains_key(first));
                if !drop || !chunk.contains(' ') && !non_entity {
                    break;
                }
                match chunk.find(' ') {
                    Some(sp) => {
                        cs += sp + 1;
                        chunk = &chunk[sp + 1..];
                    }
                    None => {
                        chunk = "";
                        break;
                    }
                }
            }
            // "Black Friday", "Cyber Monday": a name ending in a weekday is a day's (sales,
            // holidays), not a company's.
            if chunk
                .rsplit_once(' ')
                .is_some_and(|(_, w)| w.ends_with("day") && is_calendar_word(w))
            {
                continue;
            }
            // "APIs", "Top VPNs Tested": a plural acronym names a kind of thing, not a
            // company; "AI-specific", "GPU-based": an acronym made an adjective.
            if chunk.split(' ').any(is_plural_acronym) || is_acronym_adjective(chunk) {
                continue;
            }
            // A lone letter left over ("Series B", "Plan A") names nothing; a company called by
            // one letter ("X") is in the table.
            if chunk.len() < 2 || t.non_entities.contains(chunk.trim_end_matches('.')) {
                continue;
            }
            // "3G", "4K", "5G": technology names, not companies (a company such as 3M is in
            // the table).
            if !chunk.contains(' ') && chunk.contains(|c: char| c.is_ascii_digit()) {
                continue;
            }
            let end = cs + chunk.len();
            if taken.iter().any(|&(a, b)| cs < b && a < end) {
                continue;
            }
            // "Struggling Japanese car maker": a trailing nationality belongs to the
            // description that follows, and a lone opening adjective is no name.
            if let Some((head, last)) = chunk.rsplit_once(' ') {
                let next_lower = sent[cs + chunk.len()..]
                    .strip_prefix(' ')
                    .and_then(|r| r.chars().next())
                    .is_some_and(char::is_lowercase);
                let adjective = ["ese", "ish", "ian", "ean", "an", "ch", "i"]
                    .iter()
                    .any(|suf| last.ends_with(suf));
                if t.places.contains_key(last) && adjective && next_lower && !head.ends_with(" of")
                {
                    chunk = head;
                }
            }
            // "Jarvis Group plc": a legal suffix written in lower case ends the name too.
            if let Some(w) = sent[cs + chunk.len()..]
                .strip_prefix(' ')
                .and_then(|r| r.split([' ', ',', ';', '.']).next())
                .filter(|w| {
                    w.chars().all(|c| c.is_ascii_lowercase()) && t.legal_suffixes.contains(*w)
                })
            {
                chunk = &sent[cs..cs + chunk.len() + 1 + w.len()];
            }
            let end = cs + chunk.len();
            if !chunk.contains(' ')
                && sent[..cs].trim().is_empty()
                && (chunk.ends_with("ing") || chunk.ends_with("ed") || chunk.ends_with("ly"))
            {
                continue;
            }
            if t.places.contains_key(chunk) {
                continue;
            }
            // A lone nationality adjective before a lower-case word ("Romanian anti-virus firm").
            let next_lower = sent[end..]
                .strip_prefix(' ')
                .and_then(|r| r.chars().next())
                .is_some_and(char::is_lowercase);
            if !chunk.contains(' ')
                && next_lower
                && ["ian", "ean", "ese", "ish", "ch"]
                    .iter()
                    .any(|suf| chunk.ends_with(suf))
            {
                continue;
            }
            // A region's adjective likewise ("the Middle Eastern sheikhdom", "Northern").
            let region = match chunk.split_once(' ') {
                None => chunk,
                Some((first, rest)) if ["Middle", "Far", "Near"].contains(&first) => rest,
                Some(_) => "",
            };
            if next_lower && ["Eastern", "Western", "Northern", "Southern"].contains(&region) {
                continue;
            }
            let before = &sent[..cs];
            let after = &sent[end..];
            if looks_like_person(chunk, before, after, t) {
                if let Some((_, surname)) = chunk.rsplit_once(' ') {
                    surnames.insert(surname.to_string());
                }
                continue;
            }
            // "Tyvak Nano-Satellite Systems, Inc.": a legal suffix alone belongs to the name
            // before it.
            if t.legal_suffixes.contains(chunk.trim_end_matches('.'))
                || t.legal_suffixes.contains(chunk)
            {
                continue;
            }
            let last = chunk.rsplit(' ').next().unwrap_or("");
            let descriptor = descriptor_before(before, t).map(|(d, c, o)| (d, c, base + o));
            // Only text after ", " can be an appositive; lower-casing the rest of the
            // sentence for every chunk costs more than the rest of the chunk's tests.
            let after_l = if after.starts_with(", ") {
                after.to_lowercase()
            } else {
                String::new()
            };
            let appositive = after_l.starts_with(", a ")
                || after_l.starts_with(", the ")
                || after_l.starts_with(", an ");
            let appositive_org = appositive && {
                let clause: String = after_l[2..]
                    .split([',', '.'])
                    .next()
                    .unwrap_or("")
                    .to_string();
                clause.split_whitespace().any(|w| {
                    t.descriptors
                        .contains(w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-'))
                })
            };
            // "Sun Interbrew, Russia's second-largest brewer": the appositive gives the country.
            if place_country.is_none() {
                if let Some(rest) = after.strip_prefix(", ") {
                    let word = rest.split(' ').next().unwrap_or("");
                    if let Some(place) = word
                        .strip_suffix("'s")
                        .or_else(|| word.strip_suffix("\u{2019}s"))
                    {
                        place_country = t.places.get(place).cloned();
                    }
                }
            }
            let ticker = after.trim_start().starts_with("(NYSE")
                || after.trim_start().starts_with("(Nasdaq")
                || after.trim_start().starts_with("(NASDAQ")
                || after.trim_start().starts_with("(LSE");
            let first_word = chunk.split(' ').next().unwrap_or("");
            let institution = find_at(chunk, ' ', " of ").is_some()
                && matches!(
                    first_word,
                    "University"
                        | "Bank"
                        | "Institute"
                        | "Ministry"
                        | "Bureau"
                        | "College"
                        | "Royal"
                );
            // An organisation word alone ("Technology firms Sony…") heads no name.
            let strong = (chunk.contains(' ') && t.org_heads.contains(last.trim_end_matches('.')))
                || institution
                || t.legal_suffixes.contains(last)
                || descriptor.is_some()
                || appositive_org
                || ticker;
            // "Gamers have bought…", "Swap offer for…": a lone word opening the sentence is
            // capitalised because it comes first, whatever it is; it counts as a name only if
            // the article writes it elsewhere too (see after this loop) or something marks it.
            // Only words shaped like everyday words (one capital, then lower case) are in
            // doubt: "UEFA", "PayPal" and "3Com" are shaped like names wherever they stand.
            // "Zotero and Internet Archive join forces": paired with a name, a word is one.
            let paired = sent[cs + chunk.len()..]
                .strip_prefix(" and ")
                .or_else(|| sent[cs + chunk.len()..].strip_prefix(" & "))
                .and_then(|r| r.chars().next())
                .is_some_and(char::is_uppercase);
            let bare_opener = !strong
                && !described
                && !paired
                && place_country.is_none()
                && chunk.chars().skip(1).all(|c| c.is_lowercase() || c == '-')
                && sent[..cs].trim().is_empty();
            if bare_opener {
                bare_openers.insert(base + cs);
            }
            raws.push(Raw {
                sentence: si,
                start: base + cs,
                end: base + end,
                form: chunk.to_string(),
                company: None,
                strong,
                descriptor,
                country: place_country,
            });
        }
    }
    // "Braun has worked with…" after "Scooter Braun": a lone family name of a person the
    // article names is that person, unless something marks it as an organisation.
    // A family firm ("Italy's Luxardo", "the liqueur maker Luxardo") stays an organisation.
    let firm_like: HashSet<String, Words> = raws
        .iter()
        .filter(|r| r.strong || r.country.is_some() || r.descriptor.is_some())
        .map(|r| r.form.clone())
        .collect();
    raws.retain(|r| {
        r.company.is_some() || firm_like.contains(&r.form) || !surnames.contains(&r.form)
    });
    // "Gamers snap up new Sony PSP. Gamers have bought…": a one-word name the article only
    // ever writes first in a sentence, with nothing to mark it, is no organisation. Written
    // anywhere else, or inside a longer name ("Sybari" of "Sybari Software"), it is one.
    let elsewhere: HashSet<&str, Words> = raws
        .iter()
        .filter(|r| !bare_openers.contains(&r.start))
        .flat_map(|r| r.form.split(' '))
        .collect();
    let unsupported: HashSet<String, Words> = raws
        .iter()
        .filter(|r| bare_openers.contains(&r.start) && !elsewhere.contains(r.form.as_str()))
        .map(|r| r.form.clone())
        .collect();
    raws.retain(|r| !unsupported.contains(&r.form));
    written_again(article, &mut raws);
    raws.sort_by_key(|r| r.start);
    group(raws, t)
}

/// "Intel Acquisition Of Tower Semiconductor Falls Through": in a title-case headline a name
/// runs into the capitalised words around it, so the chunk finder misses it. A name of two or
/// more words that the article writes elsewhere is the same organisation wherever it appears
/// again, whatever the case of its neighbours.
fn written_again(article: &Article, raws: &mut Vec<Raw>) {
    let mut forms: Vec<(String, bool, Option<usize>)> = Vec::new();
    for r in raws.iter() {
        if r.form.contains(' ') && !forms.iter().any(|f| f.0 == r.form) {
            forms.push((r.form.clone(), r.strong, r.company));
        }
    }
    if forms.is_empty() {
        return;
    }
    // Only title-case lines run names together: headlines, which end without a full stop, and
    // most of whose words open with a capital.
    let title_case = |sent: &str| {
        if sent.trim_end().ends_with([
            '.', '!', '?', '"', '\u{201d}', '\'', '\u{2019}', ':', ';', ',',
        ]) {
            return false;
        }
        let (mut words, mut capitals) = (0usize, 0usize);
        for w in sent.split_whitespace().take(24) {
            words += 1;
            capitals += usize::from(w.starts_with(|c: char| c.is_uppercase()));
        }
        words >= 3 && capitals * 3 >= words * 2
    };
    let text = &article.text;
    let mut found: Vec<Raw> = Vec::new();
    let mut dropped: Vec<usize> = Vec::new();
    for (si, s) in article.sentences.iter().enumerate() {
        let sent = s.slice(text);
        if !title_case(sent) {
            continue;
        }
        let base = s.byte_start;
        for (form, strong, company) in &forms {
            for a in memchr::memmem::find_iter(sent.as_bytes(), form.as_bytes()) {
                let b = a + form.len();
                if is_word_char(sent[..a].chars().next_back())
                    || is_word_char(sent[b..].chars().next())
                {
                    continue;
                }
                let overlaps = |x: &Raw| x.start < base + b && base + a < x.end;
                // A weak chunk around it ("Tavira Acquisition Of Quillon Networks Falls
                // Through") is the headline's capitals, not a name: the known name wins.
                let swallowed = |x: &Raw| {
                    !x.strong
                        && x.company.is_none()
                        && x.start <= base + a
                        && base + b <= x.end
                        && x.end - x.start > b - a
                };
                if raws.iter().any(|x| overlaps(x) && !swallowed(x)) || found.iter().any(overlaps) {
                    continue;
                }
                dropped.extend(
                    raws.iter()
                        .filter(|x| overlaps(x) && swallowed(x))
                        .map(|x| x.start),
                );
                found.push(Raw {
                    sentence: si,
                    start: base + a,
                    end: base + b,
                    form: form.clone(),
                    company: *company,
                    strong: *strong,
                    descriptor: None,
                    country: None,
                });
            }
        }
    }
    raws.retain(|r| !dropped.contains(&r.start));
    raws.extend(found);
}

/// Groups raw mentions into entities: by company, by canonical form, then shorter forms and
/// acronyms onto the longer names they abbreviate.
fn group(raws: Vec<Raw>, t: &Tables) -> (Vec<Entity>, Vec<Mention>) {
    let mut entities: Vec<Entity> = Vec::new();
    let mut by_company: HashMap<usize, usize, Words> = HashMap::default();
    let mut by_key: HashMap<String, usize, Words> = HashMap::default();
    let mut assignment = vec![usize::MAX; raws.len()];

    // The stripped form is worked out once per mention: the key and every test below use it.
    let new_entity = |entities: &mut Vec<Entity>, r: &Raw, stripped: &str| -> usize {
        let canonical = match r.company {
            Some(c) => t.companies[c].canonical.clone(),
            None => stripped.to_string(),
        };
        entities.push(Entity {
            canonical,
            counts: Vec::new(),
            forms: Vec::new(),
            company: r.company,
            country: r.company.and_then(|c| t.companies[c].country.clone()),
            descriptor: None,
            strong: false,
        });
        entities.len() - 1
    };

    // Pass 1: companies from the table and multi-word names.
    let mut order: Vec<usize> = (0..raws.len()).collect();
    // Stable, like `sort_by_key`, with each key counted once.
    order.sort_by_cached_key(|&i| {
        (
            raws[i].company.is_none(),
            std::cmp::Reverse(raws[i].form.split(' ').count()),
        )
    });
    for i in order {
        let r = &raws[i];
        let stripped = strip_legal(&r.form, t);
        let key = stripped.to_lowercase();
        let e = if let Some(c) = r.company {
            *by_company
                .entry(c)
                .or_insert_with(|| new_entity(&mut entities, r, &stripped))
        } else if let Some(&e) = by_key.get(&key) {
            e
        } else if let Some(e) = shorter_form_of(&stripped, &entities) {
            e
        } else if let Some(e) = spelled_out_acronym(&stripped, &entities) {
            e
        } else if let Some(e) = misspelt_company(&stripped, &entities) {
            e
        } else {
            new_entity(&mut entities, r, &stripped)
        };
        by_key.entry(key).or_insert(e);
        assignment[i] = e;
    }
    let mut mentions = Vec::with_capacity(raws.len());
    for (i, r) in raws.iter().enumerate() {
        let e = assignment[i];
        let ent = &mut entities[e];
        match ent.forms.iter().position(|f| f == &r.form) {
            Some(k) => ent.counts[k] += 1,
            None => {
                ent.forms.push(r.form.clone());
                ent.counts.push(1);
            }
        }
        ent.strong |= r.strong;
        if ent.country.is_none() {
            ent.country = r.country.clone();
        }
        if ent.descriptor.is_none() {
            if let Some((d, c, _)) = &r.descriptor {
                ent.descriptor = Some(d.clone());
                if ent.country.is_none() {
                    ent.country = c.clone();
                }
            }
        }
        mentions.push(Mention {
            sentence: r.sentence,
            byte_start: r.start,
            byte_end: r.end,
            entity: e,
            strong: r.strong,
            desc_start: r.descriptor.as_ref().map(|d| d.2),
        });
    }
    for e in &mut entities {
        e.canonical = canonical_name(e, t);
    }
    (entities, mentions)
}

/// A one-word name that starts a longer name ("Mitsubishi" → "Mitsubishi Motors"), or an
/// acronym of one ("GM" → "General Motors"), is the same organisation.
/// `stripped` is the form through [`strip_legal`].
fn shorter_form_of(stripped: &str, entities: &[Entity]) -> Option<usize> {
    let acronym = is_acronym(stripped);
    only_one(entities, |e| {
        let full = &e.canonical;
        (full.len() > stripped.len()
            && full.starts_with(stripped)
            && full[stripped.len()..].starts_with(' '))
            || (acronym && full.contains(' ') && has_initials(full, stripped))
    })
}

/// The index of the one entity that passes `test`, or None when none or several do. Grouping
/// asks this of every new name against every entity so far, so it stops at a second match
/// and collects nothing.
fn only_one(entities: &[Entity], mut test: impl FnMut(&Entity) -> bool) -> Option<usize> {
    let mut found = None;
    for (i, e) in entities.iter().enumerate() {
        if test(e) {
            if found.is_some() {
                return None;
            }
            found = Some(i);
        }
    }
    found
}

/// "Matshushita Electric" in an article about Matsushita: a long first word one typing slip
/// away from a known company's name the article also writes is that company.
/// `stripped` is the form through [`strip_legal`].
fn misspelt_company(stripped: &str, entities: &[Entity]) -> Option<usize> {
    let first = stripped.split(' ').next()?;
    if first.chars().count() < 7 {
        return None;
    }
    only_one(entities, |e| {
        e.company.is_some() && {
            let name = e.canonical.split(' ').next().unwrap_or("");
            // Cheap tests first: a slip changes the length by at most one, and writers
            // rarely get a name's first letter wrong.
            name.len().abs_diff(first.len()) <= 1
                && name.as_bytes().first() == first.as_bytes().first()
                && name != first
                && one_slip_apart(name, first)
        }
    })
}

/// Whether two words differ by one inserted, deleted or replaced letter, or two swapped ones.
fn one_slip_apart(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    match long.len() - short.len() {
        0 => {
            let diff: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
            match diff.as_slice() {
                [_] => true,
                [i, j] => *j == i + 1 && a[*i] == b[*j] && a[*j] == b[*i],
                _ => false,
            }
        }
        1 => {
            let i = (0..short.len())
                .find(|&i| short[i] != long[i])
                .unwrap_or(short.len());
            short[i..] == long[i + 1..]
        }
        _ => false,
    }
}

/// "United Parcel Services (UPS)": a name whose initials are an acronym the article also uses
/// for a known company is that company, however the article spells the long name out.
/// `stripped` is the form through [`strip_legal`].
fn spelled_out_acronym(stripped: &str, entities: &[Entity]) -> Option<usize> {
    if !stripped.contains(' ') {
        return None;
    }
    only_one(entities, |e| {
        // While mentions are grouped, an entity's written forms are not collected yet:
        // its table name is what there is to compare.
        e.company.is_some() && is_acronym(&e.canonical) && has_initials(stripped, &e.canonical)
    })
}

/// The name a record uses: an acronym the article uses for the organisation, else the table's
/// canonical name when the article's form starts with it, else the longest form written.
fn canonical_name(e: &Entity, t: &Tables) -> String {
    let stripped: Vec<String> = e
        .forms
        .iter()
        .map(|f| strip_legal(trim_name(f), t))
        .collect();
    // An acronym becomes the name only when the table knows the company by it ("GM"); an
    // acronym the article coins for itself ("S&N", "BOA") stays an alias of the full name,
    // which is how analysts and the annotation guide name the party.
    if let Some(c) = e.company {
        let canon = &t.companies[c].canonical;
        // "Biogen Idec" for the table's Biogen: the article's own longer name wins when what
        // it adds is a name of its own, not business words ("Nissan Motor" stays Nissan).
        let own_longer = stripped.iter().filter(|f| f.len() > canon.len()).find(|f| {
            f.strip_prefix(canon.as_str())
                .and_then(|rest| rest.strip_prefix(' '))
                .is_some_and(|rest| {
                    rest.split(' ').all(|w| {
                        w.chars().next().is_some_and(char::is_uppercase)
                            && !t.org_heads.contains(w)
                            && !t.legal_suffixes.contains(w)
                    })
                })
        });
        if let Some(f) = own_longer {
            return f.clone();
        }
        if stripped.iter().any(|f| f.starts_with(canon.as_str())) {
            return canon.clone();
        }
        // The article spells it another way ("Hewlett Packard" for HP): keep its spelling.
        if let Some(f) = stripped.iter().max_by_key(|f| f.len()) {
            return f.clone();
        }
        return canon.clone();
    }
    let longest = stripped
        .iter()
        .max_by_key(|f| f.len())
        .cloned()
        .unwrap_or_else(|| e.canonical.clone());
    // "Shanda Interactive Entertainment … Shanda said": when the article also writes the name
    // without its trailing business words, the shorter form is the name it goes by. Not when
    // the short form is an everyday word ("United" of United Breweries, "Giant", "May").
    let uses = |form: &str| {
        stripped
            .iter()
            .zip(&e.counts)
            .filter(|(f, _)| *f == form)
            .map(|(_, c)| *c)
            .sum::<usize>()
    };
    // The short form must also be the one the article uses more ("Rosemount brands" once
    // beside "the Rosemount Estates label" gives no new common name).
    let short = stripped
        .iter()
        .filter(|f| f.len() < longest.len())
        .find(|f| {
            uses(f) > uses(&longest)
                && longest
                    .strip_prefix(f.as_str())
                    .and_then(|rest| rest.strip_prefix(' '))
                    .is_some_and(|rest| rest.split(' ').all(|w| t.org_heads.contains(w)))
                && !looks_like_a_word(f, t)
        });
    short.cloned().unwrap_or(longest)
}

/// A one-word name that could be an everyday word: listed as one, or shaped like an English
/// adjective or participle ("United", "Federated", "General").
fn looks_like_a_word(name: &str, t: &Tables) -> bool {
    let lower = name.to_lowercase();
    t.non_entities.contains(name)
        || t.descriptors.contains(&lower)
        || t.first_names.contains(name)
        || t.places.contains_key(name)
        || ["ed", "al", "ic", "ing", "ive", "ous", "ern", "ian"]
            .iter()
            .any(|suf| lower.ends_with(suf))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Article;

    /// Every chunk the scanner finds, as `find_iter` of the rule's regex would list them.
    fn scanned(s: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut at = 0;
        while let Some((a, b)) = next_chunk(s, at) {
            out.push((a, b));
            at = b;
        }
        out
    }

    fn check_chunks(s: &str) {
        let re = regex::Regex::new(CHUNK_RE).expect("the chunk rule compiles");
        let want: Vec<(usize, usize)> = re.find_iter(s).map(|m| (m.start(), m.end())).collect();
        assert_eq!(scanned(s), want, "{s:?}");
    }

    fn names_in(text: &str) -> Vec<String> {
        let (entities, _) = find(&Article::for_test(text, None));
        entities.into_iter().map(|e| e.canonical).collect()
    }

    #[test]
    fn a_contraction_opening_a_sentence_is_no_organisation() {
        for text in [
            "They\u{2019}ve partnered with Norrvik Labs on sensors.",
            "You'll find Norrvik Labs beside Quillon Networks in the list.",
            "Doesn\u{2019}t Norrvik Labs sell to Quillon Networks?",
            "We're working with Norrvik Labs.",
        ] {
            let names = names_in(text);
            assert!(
                names.iter().any(|n| n == "Norrvik Labs"),
                "{text}: {names:?}"
            );
            assert!(
                !names.iter().any(|n| n.contains(['\'', '\u{2019}'])),
                "{text}: {names:?}"
            );
        }
        // A possessive and an apostrophe inside a name stay.
        assert!(is_contraction("Didn't") && is_contraction("THEY\u{2019}LL"));
        assert!(!is_contraction("Norrvik's") && !is_contraction("O'Malley"));
    }

    #[test]
    fn a_question_word_opening_a_headline_is_no_part_of_a_name() {
        let names = names_in("How Tavira and Quillon Networks teamed up on chips\n\nBody.");
        assert!(names.iter().any(|n| n == "Tavira"), "{names:?}");
        assert!(!names.iter().any(|n| n.starts_with("How")), "{names:?}");
    }

    #[test]
    fn plural_acronyms_and_acronym_adjectives_are_no_organisations() {
        let names = names_in(
            "Norrvik Labs sells APIs to banks, and Top VPNs Tested rates GPU-based tools from \
             Quillon Networks for AI-specific work.",
        );
        assert!(names.iter().any(|n| n == "Norrvik Labs"), "{names:?}");
        assert!(names.iter().any(|n| n == "Quillon Networks"), "{names:?}");
        for thing in ["APIs", "VPNs", "GPU-based", "AI-specific"] {
            assert!(
                !names.iter().any(|n| n.contains(thing)),
                "{thing}: {names:?}"
            );
        }
        // A company written in capitals keeps its name.
        assert!(!is_plural_acronym("AWS") && !is_plural_acronym("Ss"));
        assert!(!is_acronym_adjective("T-Mobile") && !is_acronym_adjective("X-energy"));
    }

    #[test]
    fn a_sales_day_is_no_organisation() {
        let names = names_in("The Cyber Monday sale takes 40% off every Velmora plan.");
        assert!(!names.iter().any(|n| n.contains("Monday")), "{names:?}");
    }

    #[test]
    fn a_name_written_again_in_a_title_case_headline_is_found() {
        let a = Article::for_test(
            "Tavira Acquisition Of Quillon Networks Falls Through\n\nTavira Systems planned to \
             buy Quillon Networks for $2bn, but the two called the deal off.",
            None,
        );
        let (entities, mentions) = find(&a);
        let in_headline: Vec<&str> = mentions
            .iter()
            .filter(|m| m.sentence == 0)
            .map(|m| entities[m.entity].canonical.as_str())
            .collect();
        assert!(in_headline.contains(&"Quillon Networks"), "{in_headline:?}");
    }

    #[test]
    fn the_chunk_scanner_is_the_chunk_regex() {
        for s in [
            "",
            "Apple bought Beats Electronics for $3bn.",
            "Procter & Gamble and Bank of America, AT&T's O'Neill-Smith Jr. said.",
            "the iPhone, eBay and abcdEfg, xyzW, abC 3Com 12ab 99X 7 of",
            "Bank of  America Bank of & Co Bank & of Rome Bank & Trust &  B",
            "Société Générale, Nestlé’s ÉLAN Ünited Ⅻ Ⅻx Aǅb A\u{300}b",
            "A\u{a0}B\u{a0}of\u{a0}C \u{a0}D A \u{a0}& B A &\u{a0}B",
            "Mitsubishi Motors-owned X. Y.Z. A- B' C’ of D of",
            "aB cdE fghI jklmN 0A 00B a0B A0b0 zz9Z",
            "£300m €1bn ﬁAb AǲB",
        ] {
            check_chunks(s);
        }
    }

    /// The search [`CompanySearch`] replaces: one leftmost-longest automaton of every form.
    fn company_reference(s: &str) -> Vec<(usize, usize, usize)> {
        let forms: Vec<&str> = tables()
            .company_forms
            .iter()
            .map(|(f, _)| f.as_str())
            .collect();
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(forms)
            .expect("the company table compiles");
        ac.find_iter(s)
            .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
            .collect()
    }

    #[test]
    fn the_split_company_search_is_one_automaton() {
        let forms: Vec<&str> = tables()
            .company_forms
            .iter()
            .map(|(f, _)| f.as_str())
            .collect();
        let mut texts: Vec<String> = [
            "",
            "eBay",
            "XeBay and easyJet's eBay, 3M 13M 3Mx mmO2 palmOne’s Škoda Ørsted",
            "Samsung Display bought Bank of America. reBank of Americas aadidas bmi",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Every form glued to its neighbours in ways that make matches overlap, start
        // inside words and run into the next form.
        for glue in [" ", "", "x", "e", "-", "’", "3", " of "] {
            texts.push(forms.join(glue));
            texts.push(forms.iter().rev().copied().collect::<Vec<_>>().join(glue));
        }
        for (i, f) in forms.iter().enumerate() {
            let g = forms[(i * 7 + 3) % forms.len()];
            texts.push(format!("a{f}{g} {g}{f}e {f}"));
        }
        for t in &texts {
            let got: Vec<_> = company_search().find_iter(t, false).collect();
            assert_eq!(got, company_reference(t), "{t:?}");
            // Told whether a lower-case form occurs, as `find` tells it, the same matches.
            let cs = company_search();
            let got: Vec<_> = cs.find_iter(t, !cs.lower_in(t)).collect();
            assert_eq!(got, company_reference(t), "{t:?}");
        }
    }

    fn article(text: &str) -> Article {
        Article::for_test(text, None)
    }

    fn names(text: &str) -> Vec<(String, bool)> {
        let a = article(text);
        let (ents, _) = find(&a);
        ents.into_iter().map(|e| (e.canonical, e.strong)).collect()
    }

    #[test]
    fn a_word_that_only_ever_opens_sentences_is_no_name() {
        let has = |text: &str, name: &str| names(text).iter().any(|(n, _)| n == name);
        // Capitalised only because it comes first, twice.
        let t = "Shoppers snap up the new Vantor tablet. Shoppers have bought most of the first \
                 batch from Vantor Systems.";
        assert!(!has(t, "Shoppers"), "{:?}", names(t));
        let t = "Bundles were bought by Vantor Systems. The bundles sold out.";
        assert!(!has(t, "Bundles"), "{:?}", names(t));
        // Written elsewhere in a sentence, inside a longer name, or shaped like a name.
        for (t, name) in [
            ("Keplar rose 5%. Analysts said Keplar would grow.", "Keplar"),
            ("Keplar rose 5%. The Keplar Group said so.", "Keplar Group"),
            ("UEFA sold the rights. It said so.", "UEFA"),
            ("Zotero and Internet Archive join forces.", "Zotero"),
        ] {
            assert!(has(t, name), "{name} in {:?}", names(t));
        }
    }

    #[test]
    fn a_relative_clause_after_an_opening_word_makes_it_a_name() {
        let has = |text: &str, name: &str| names(text).iter().any(|(n, _)| n == name);
        let t = "Brightmere, which recently lost a deal with Keplar Group, signed with Vantor Ltd.";
        assert!(has(t, "Brightmere"), "{:?}", names(t));
        let t = "Separately, Keplar Group signed with Vantor Ltd.";
        assert!(!has(t, "Separately"), "{:?}", names(t));
    }

    #[test]
    fn a_model_code_is_not_part_of_the_makers_name() {
        let n = names("Skyrail will buy 40 new Aurelian Aircraft A-90 jets.");
        assert!(n.iter().any(|(x, _)| x == "Aurelian Aircraft"), "{n:?}");
        // One word alone stays whatever it is.
        let n = names("Keplar said the X5 Group had agreed.");
        assert!(n.iter().any(|(x, _)| x == "X5 Group"), "{n:?}");
    }

    #[test]
    fn a_name_with_an_organisation_word_after_said_is_no_person() {
        let n = names("Analysts said Keplar Group would make an offer.");
        assert!(n.iter().any(|(x, _)| x == "Keplar Group"), "{n:?}");
        let n = names("\"It is good,\" said Anna Lindqvist, chief executive.");
        assert!(n.is_empty(), "{n:?}");
    }

    #[test]
    fn a_person_of_an_organisation_names_the_organisation() {
        let n = names("\"It works,\" says Anna Lindqvist of Keplar Labs, a Vantor Ltd partner.");
        assert!(n.iter().any(|(x, _)| x == "Keplar Labs"), "{n:?}");
        assert!(!n.iter().any(|(x, _)| x.contains("Anna")), "{n:?}");
        // Not a name whose own words hold "of".
        let n = names("Keplar signed with the Bank of America.");
        assert!(n.iter().any(|(x, _)| x == "Bank of America"), "{n:?}");
    }

    #[test]
    fn a_region_adjective_is_no_organisation() {
        let n = names("Vantor signed a deal with the Middle Eastern state of Qatar.");
        assert!(!n.iter().any(|(x, _)| x.contains("Eastern")), "{n:?}");
    }

    #[test]
    fn a_place_written_out_is_no_organisation() {
        let n = names("Vantor bought small New York software firm Keplar Labs.");
        assert!(
            !n.iter().any(|(x, _)| x == "York" || x == "New York"),
            "{n:?}"
        );
    }

    #[test]
    fn a_defined_acronym_names_its_organisation() {
        // A place adjective and an "and" inside the name, then the article's own acronym: the
        // record keeps the full name, since the table does not know the company by "S&N".
        let n = names(
            "The UK brewer Scottish and Newcastle (S&N) is to buy a stake in Acme Breweries Ltd. \
             S&N said the deal was good.",
        );
        assert!(
            n.iter().any(|(n, s)| n == "Scottish and Newcastle" && *s),
            "{n:?}"
        );
        assert!(!n.iter().any(|(n, _)| n == "S&N"), "{n:?}");
        // Brackets that are not the name's initials name nothing.
        assert!(defined_acronym_names("Shares in Acme Corp (NYSE) rose.").is_empty());
        assert_eq!(
            defined_acronym_names("deal with Bank of America (BOA) today"),
            vec![(10, 25)]
        );
    }

    #[test]
    fn table_companies_and_suffixes() {
        let n = names("Nokia Oyj signed a deal with Xiaomi. Nokia said so.");
        assert!(n.contains(&("Nokia".into(), true)), "{n:?}");
        assert!(n.contains(&("Xiaomi".into(), true)), "{n:?}");
    }

    /// Technology acronyms before a business word ("its DRAM business") name no company.
    #[test]
    fn technology_acronyms_are_no_organisations() {
        let n = names("Halvex sold its DRAM business and its NAND unit to Quorra Memory.");
        let found: Vec<&str> = n.iter().map(|(name, _)| name.as_str()).collect();
        assert!(
            !found.contains(&"DRAM") && !found.contains(&"NAND"),
            "{n:?}"
        );
        assert!(found.contains(&"Quorra Memory"), "{n:?}");
    }

    /// Product names are no parties: "will supply panels for the iPhone to Apple" has one
    /// customer.
    #[test]
    fn product_names_are_no_organisations() {
        let n = names("Samsung will supply OLED panels for the iPhone and iPad to Apple.");
        let found: Vec<&str> = n.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(found, ["Samsung", "Apple"], "{n:?}");
    }

    #[test]
    fn descriptors_make_unknown_names_strong() {
        let a = article("Finnish mobile maker Nokia and German chipmaker Zentrix signed.");
        let (ents, _) = find(&a);
        let z = ents.iter().find(|e| e.canonical == "Zentrix");
        assert!(z.is_some_and(|e| e.strong), "{ents:?}");
        let n = ents.iter().find(|e| e.canonical == "Nokia");
        assert_eq!(
            n.and_then(|e| e.descriptor.as_deref()),
            Some("Finnish mobile maker")
        );
        assert_eq!(n.and_then(|e| e.country.as_deref()), Some("Finland"));
    }

    #[test]
    fn a_verb_or_pronoun_ends_a_descriptor() {
        let desc = |text: &str, name: &str| {
            let (ents, _) = find(&article(text));
            ents.into_iter()
                .find(|e| e.canonical == name)
                .and_then(|e| e.descriptor)
        };
        assert_eq!(
            desc("Google agreed to pay speaker maker Sonos $30m.", "Sonos").as_deref(),
            Some("speaker maker")
        );
        assert_eq!(
            desc(
                "Last year it also backed payments start-up Wattwise.",
                "Wattwise"
            )
            .as_deref(),
            Some("payments start-up")
        );
    }

    #[test]
    fn an_opening_word_before_a_plural_noun_is_no_name() {
        for text in [
            "Technology firms Keplar Group, Vantor Ltd and Ostrel Inc are developing a standard.",
            "Home-automation companies Keplar Group and Vantor Ltd are developing a standard.",
        ] {
            let n = names(text);
            let first = text.split(' ').next().unwrap_or("");
            assert!(!n.iter().any(|(x, _)| x == first), "{text}: {n:?}");
            assert!(n.iter().any(|(x, _)| x == "Keplar Group"), "{text}: {n:?}");
        }
    }

    #[test]
    fn a_man_behind_a_company_is_a_person() {
        let n = names(
            "Jez Marlow, the man behind the Argonaut games group, has bought back most of it.",
        );
        assert!(!n.iter().any(|(x, _)| x == "Jez Marlow"), "{n:?}");
    }

    #[test]
    fn people_and_places_are_not_organisations() {
        let n = names("Mr Smith flew to Brussels. Lei Jun, chief executive of Xiaomi, spoke.");
        // Places and people may be weak candidates, never organisations on their own.
        assert!(
            n.iter()
                .all(|(n, strong)| !strong || (n != "Smith" && n != "Brussels" && n != "Lei Jun")),
            "{n:?}"
        );
        assert!(
            n.iter().all(|(n, _)| n != "Lei Jun" && n != "Smith"),
            "{n:?}"
        );
    }

    #[test]
    fn short_forms_and_acronyms_join_the_long_name() {
        let n = names("General Motors and Mitsubishi Motors met. GM said Mitsubishi agreed.");
        assert_eq!(n.iter().filter(|(n, _)| n == "GM").count(), 1, "{n:?}");
        assert_eq!(
            n.iter()
                .filter(|(n, _)| n.starts_with("Mitsubishi"))
                .count(),
            1,
            "{n:?}"
        );
    }

    #[test]
    fn a_spelled_out_acronym_is_the_known_company() {
        // The table knows UPS as "United Parcel Service"; the article adds an "s".
        let n = names("US giant United Parcel Services (UPS) is the most likely bidder.");
        assert_eq!(n.len(), 1, "{n:?}");
        assert_eq!(n[0].0, "UPS");
        // An article that spells out a known acronym keeps its own spelling.
        let n = names("The service runs with Hewlett Packard and The Cloud Ltd.");
        assert!(n.iter().any(|(n, _)| n == "Hewlett Packard"), "{n:?}");
    }

    #[test]
    fn a_place_adjective_after_the_is_part_of_the_name() {
        let n = names("Visitors to the British Library can now get wireless access.");
        assert!(n.iter().any(|(n, _)| n == "British Library"), "{n:?}");
        let n = names("Shares in British Acme Holdings rose.");
        assert!(n.iter().any(|(n, _)| n == "Acme Holdings"), "{n:?}");
    }

    #[test]
    fn an_appositive_gives_the_country() {
        let a = article("Inbev bought Sun Interbrew, Russia's second-largest brewer.");
        let (ents, _) = find(&a);
        let sun = ents.iter().find(|e| e.canonical == "Sun Interbrew");
        assert_eq!(
            sun.and_then(|e| e.country.as_deref()),
            Some("Russia"),
            "{ents:?}"
        );
    }

    #[test]
    fn the_short_form_an_article_uses_is_the_name() {
        let n = names(
            "Chinese game operator Shanda Interactive Entertainment bought a stake. Shanda said \
             so, and Shanda may buy more.",
        );
        assert!(n.iter().any(|(n, _)| n == "Shanda"), "{n:?}");
        // Everyday words, names with more than business words, and short forms the article
        // uses less than the full name keep the full name.
        let n = names("Shanda Interactive Entertainment rose. Shanda Interactive Entertainment and Shanda said so.");
        assert!(
            n.iter()
                .any(|(n, _)| n == "Shanda Interactive Entertainment"),
            "{n:?}"
        );
        let n = names("India's United Breweries rose. United said so.");
        assert!(n.iter().any(|(n, _)| n == "United Breweries"), "{n:?}");
        let n = names("Federated Department Stores rose. Federated said so.");
        assert!(
            n.iter().any(|(n, _)| n == "Federated Department Stores"),
            "{n:?}"
        );
    }

    #[test]
    fn a_person_s_family_name_is_no_organisation() {
        let n = names("Music manager John Braun bought the label. Braun has worked with Sony.");
        assert!(!n.iter().any(|(n, _)| n == "Braun"), "{n:?}");
        // A family firm named like its chief stays a firm.
        let n = names(
            "Diageo bought a stake in Italy's Luxardo. \"It is special,\" said Matteo Luxardo.",
        );
        assert!(n.iter().any(|(n, _)| n == "Luxardo"), "{n:?}");
        // A legal suffix after a comma is part of the name, not a second company.
        let n = names("NASA picked SpaceX and Tyvak Nano-Satellite Systems, Inc. to join.");
        assert!(!n.iter().any(|(n, _)| n.starts_with("Inc")), "{n:?}");
        // "Big Machine" is the short form of "Big Machine Label Group".
        let n = names("Big Machine Label Group agreed. Big Machine said so.");
        assert_eq!(n.len(), 1, "{n:?}");
    }

    #[test]
    fn a_typing_slip_in_a_known_name_is_that_company() {
        assert!(one_slip_apart("Matsushita", "Matshushita"));
        assert!(one_slip_apart("Matsushita", "Matsuhsita"));
        assert!(!one_slip_apart("Matsushita", "Mitsubishi"));
        let n =
            names("Hitachi and Matsushita agreed. Matshushita Electric makes Panasonic products.");
        assert!(
            !n.iter().any(|(n, _)| n.starts_with("Matshushita")),
            "{n:?}"
        );
    }

    #[test]
    fn an_article_s_longer_name_for_a_known_company() {
        // A name of its own added to the table's name is kept; business words are not.
        let n = names("Elan and Biogen Idec fell. Biogen said so.");
        assert!(n.iter().any(|(n, _)| n == "Biogen Idec"), "{n:?}");
        let n = names("EA Sports signed a deal with ESPN.");
        assert!(n.iter().any(|(n, _)| n == "EA"), "{n:?}");
        let n = names("Nissan Motor agreed with Renault.");
        assert!(n.iter().any(|(n, _)| n == "Nissan"), "{n:?}");
    }

    #[test]
    fn common_word_names_need_context() {
        let n = names("Apple growers had a sharp fall in prices. Orange juice sales rose.");
        assert!(n.iter().all(|(n, s)| n != "Apple" || !s), "{n:?}");
        let n = names("Shares rose after Apple bought Shazam.");
        assert!(n.contains(&("Apple".into(), true)), "{n:?}");
    }
}
