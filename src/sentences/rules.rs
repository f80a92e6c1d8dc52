//! The boundary scanner: one pass over the bytes that stops only at candidate bytes (`.`, `!`,
//! `?`, `\n` and the lead byte of a non-ASCII character) and decides there, from a few
//! characters around the candidate and the tables in [`super::tables`].
//!
//! The scanner only produces *cut points*, byte offsets where one sentence stops and the next
//! may begin; [`super::split`] turns the pieces between cuts into trimmed spans. That split of
//! work is what makes the invariants cheap: whatever the rules decide, the pieces cover the
//! text in order.

use unicode_segmentation::UnicodeSegmentation;

use super::tables::{
    abbreviation, contains, is_closer, is_opener, is_starter, is_uax29_terminator, Abbrev, BULLETS,
    CONTINUATIONS, EXCLAIMED_NAMES, FRONTING, SPEECH_VERBS,
};

/// Bytes worth stopping at. Every other byte is skipped with one table lookup, which is what
/// keeps the scan fast; continuation bytes (0x80..0xC0) are never candidates, so a candidate
/// is always at a char boundary.
static CANDIDATE: [bool; 256] = {
    let mut t = [false; 256];
    t[b'.' as usize] = true;
    t[b'!' as usize] = true;
    t[b'?' as usize] = true;
    t[b'\n' as usize] = true;
    let mut b = 0xC2;
    while b <= 0xF4 {
        t[b] = true;
        b += 1;
    }
    t
};

/// A mask with the high bit set in each byte of `x` that may be a candidate: `.`, `!`, `?`,
/// `\n` or a non-ASCII byte (continuation bytes included; the byte loop skips those). The
/// lowest set bit is exact, which is all the caller uses.
fn candidate_mask(x: u64) -> u64 {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    // The classic "has a zero byte" test, on `x` xor the broadcast byte.
    let eq = |b: u8| {
        let y = x ^ (LO * u64::from(b));
        y.wrapping_sub(LO) & !y & HI
    };
    (x & HI) | eq(b'.') | eq(b'!') | eq(b'?') | eq(b'\n')
}

/// Line widths of hard-wrapped plain text (see [`Scanner::hard_wrapped`]), in bytes, and how
/// far around a newline the check looks.
const WRAP_MIN: usize = 55;
const WRAP_MAX: usize = 100;
const WRAP_SPREAD: usize = 25;
const WRAP_WINDOW: usize = 2048;

/// How far ahead a sentence opening a list looks for its later items.
const LIST_LOOKAHEAD: usize = 1024;

/// How many bytes before a period the scanner looks for the word it ends.
const TOKEN_LOOKBACK: usize = 64;

/// Returns the cut points of `text`, ascending, each a char boundary in `1..=text.len()`.
pub(super) fn cuts(text: &str) -> Vec<usize> {
    let mut s = Scanner::new(text);
    let n = text.len();
    let first = s.skip_ws(0);
    s.begin(first);
    let mut i = first;
    while i < n {
        // Eight bytes at a time: skip to the first byte that may be a candidate.
        if let Some(chunk) = s.bytes.get(i..i + 8) {
            if let Ok(word) = <[u8; 8]>::try_from(chunk) {
                let m = candidate_mask(u64::from_le_bytes(word));
                if m == 0 {
                    i += 8;
                    continue;
                }
                i += (m.trailing_zeros() / 8) as usize;
            }
        }
        let b = s.bytes[i];
        if !CANDIDATE[b as usize] {
            i += 1;
            continue;
        }
        s.apply_forced(i);
        let next = match b {
            b'.' | b'!' | b'?' => s.terminator(i),
            b'\n' => s.newline(i),
            _ => s.non_ascii(i),
        };
        // Every handler moves forward; the max guards the loop against a handler bug.
        i = next.max(i + 1);
    }
    s.apply_forced(n);
    s.cuts
}

/// What ended a terminator run.
struct Run {
    /// First byte of the run.
    at: usize,
    /// End of the terminator characters.
    end: usize,
    /// End of the closing quotes and brackets after them.
    after: usize,
    /// Number of periods (an ellipsis character counts three).
    dots: usize,
    /// Whether a `!` or `?` is in the run.
    exclaim: bool,
    /// Whether the periods are spaced (". . .").
    spaced: bool,
}

struct Scanner<'t> {
    text: &'t str,
    bytes: &'t [u8],
    cuts: Vec<usize>,
    /// First non-white-space byte of the current sentence; past the last cut while the
    /// sentence has not begun.
    start: usize,
    /// Cuts a numbered list announced ahead of the scan, ascending, and the next to apply.
    forced: Vec<usize>,
    forced_next: usize,
    /// Where the last terminator run (with its closers) ended, so a newline right after it
    /// knows the run was already decided.
    last_term_end: usize,
    /// Cache for [`Scanner::terminal_ahead`]: (from, until, found).
    ahead: Option<(usize, usize, bool)>,
    /// Cache for [`Scanner::hard_wrapped`]: (paragraph start, paragraph end, wrapped).
    wrap: Option<(usize, usize, bool)>,
}

impl<'t> Scanner<'t> {
    fn new(text: &'t str) -> Self {
        Scanner {
            text,
            bytes: text.as_bytes(),
            cuts: Vec::new(),
            start: 0,
            forced: Vec::new(),
            forced_next: 0,
            last_term_end: usize::MAX,
            ahead: None,
            wrap: None,
        }
    }

    fn char_at(&self, pos: usize) -> Option<char> {
        self.text.get(pos..).and_then(|s| s.chars().next())
    }

    fn char_before(&self, pos: usize) -> Option<char> {
        self.text.get(..pos).and_then(|s| s.chars().next_back())
    }

    /// The first position at or after `pos` that is not white space (Unicode `White_Space`).
    fn skip_ws(&self, mut pos: usize) -> usize {
        let n = self.bytes.len();
        while pos < n {
            let b = self.bytes[pos];
            if b < 0x80 {
                if matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C) {
                    pos += 1;
                    continue;
                }
                break;
            }
            match self.char_at(pos) {
                Some(c) if c.is_whitespace() => pos += c.len_utf8(),
                _ => break,
            }
        }
        pos
    }

    /// Whether the current sentence has a non-white-space character before `pos`.
    fn has_content_before(&self, pos: usize) -> bool {
        self.start < pos
    }

    /// Ends the current sentence at `pos`; the next one begins at the first non-space after it.
    fn cut(&mut self, pos: usize) {
        debug_assert!(self.text.is_char_boundary(pos), "cut inside a character");
        if self.cuts.last().is_none_or(|&l| pos > l)
            && pos < self.bytes.len()
            && self.text.is_char_boundary(pos)
        {
            self.cuts.push(pos);
        }
        let next = self.skip_ws(pos);
        self.begin(next);
    }

    /// Starts a sentence at `pos`; a sentence opening a numbered list ("1. ", "a) ") announces
    /// the cuts before its later items on the same line.
    fn begin(&mut self, pos: usize) {
        self.start = pos;
        if let Some((first, suffix)) = list_start(&self.bytes[pos..]) {
            self.announce_list(pos, first, suffix);
        }
    }

    fn announce_list(&mut self, pos: usize, first: u8, suffix: &'static str) {
        // The look-ahead is bounded so that text full of "1. " cannot make the scan quadratic.
        let window = ceil_boundary(self.text, (pos + LIST_LOOKAHEAD).min(self.bytes.len()));
        let line_end = memchr_newline(&self.bytes[..window], pos);
        let line = &self.text[pos..line_end];
        let mut from = 0;
        let mut expected = first;
        let mut added = false;
        loop {
            expected = match expected {
                b'1'..=b'8' | b'a'..=b'y' | b'A'..=b'Y' => expected + 1,
                // Lists are announced up to nine items or the end of the alphabet.
                _ => break,
            };
            let marker = format!(" {}{} ", expected as char, suffix);
            let Some(k) = line[from..].find(&marker) else {
                break;
            };
            let at = pos + from + k + 1;
            self.forced.push(at);
            added = true;
            from += k + 1;
        }
        if added {
            let pending = &mut self.forced[self.forced_next..];
            pending.sort_unstable();
            let mut v = pending.to_vec();
            v.dedup();
            self.forced.truncate(self.forced_next);
            self.forced.extend(v);
        }
    }

    fn apply_forced(&mut self, upto: usize) {
        while self.forced_next < self.forced.len() && self.forced[self.forced_next] <= upto {
            let at = self.forced[self.forced_next];
            self.forced_next += 1;
            if self.has_content_before(at) {
                self.cut(at);
            }
        }
    }

    /// Handles a run of `.`, `!`, `?` or `…` starting at `i`; returns where to go on scanning.
    fn terminator(&mut self, i: usize) -> usize {
        let run = self.read_run(i);
        self.last_term_end = run.after;
        let Some(next) = self.char_at(run.after) else {
            return run.after;
        };
        if !next.is_whitespace() {
            // "world.Today": a missing space after a period (golden rule 52).
            if run.dots == 1 && !run.exclaim && run.end == run.after && self.glued(i) {
                self.cut(i + 1);
            }
            return run.after;
        }
        let k = self.skip_ws(run.after);
        if k >= self.bytes.len() {
            return k;
        }
        let gap = &self.bytes[run.after..k];
        let newlines = gap.iter().filter(|&&b| b == b'\n').count();
        if newlines >= 2 || self.text[run.after..k].contains('\u{2029}') {
            self.cut(run.after);
            return k;
        }
        match self.decide(&run, k, newlines > 0) {
            Some(at) => {
                self.cut(at);
                if at == run.after {
                    k
                } else {
                    run.after
                }
            }
            None => run.after,
        }
    }

    fn read_run(&self, i: usize) -> Run {
        let b = self.bytes;
        let n = b.len();
        let mut j = i;
        let (mut dots, mut exclaim, mut spaced) = (0, false, false);
        while j < n {
            match b[j] {
                b'.' => {
                    dots += 1;
                    j += 1;
                }
                b'!' | b'?' => {
                    exclaim = true;
                    j += 1;
                }
                // ". . .": a space between periods keeps the run going, unless the period
                // starts a word (".NET").
                b' ' if dots > 0
                    && !exclaim
                    && j + 1 < n
                    && b[j + 1] == b'.'
                    && !b.get(j + 2).is_some_and(u8::is_ascii_alphanumeric) =>
                {
                    spaced = true;
                    j += 1;
                }
                0xE2 if self.text[j..].starts_with('\u{2026}') => {
                    dots += 3;
                    j += 3;
                }
                _ => break,
            }
        }
        let end = j;
        while let Some(c) = self.char_at(j) {
            if !is_closer(c) {
                break;
            }
            j += c.len_utf8();
        }
        Run {
            at: i,
            end,
            after: j,
            dots,
            exclaim,
            spaced,
        }
    }

    /// Decides whether `run`, followed by white space and then the character at `k`, ends a
    /// sentence; returns where to cut.
    fn decide(&self, run: &Run, k: usize, newline: bool) -> Option<usize> {
        let boundary = Some(run.after);
        // The first word of the next sentence, past opening quotes and brackets.
        let mut g_pos = k;
        while let Some(c) = self.char_at(g_pos) {
            if !is_opener(c) {
                break;
            }
            g_pos += c.len_utf8();
        }
        let Some(g) = self.char_at(g_pos) else {
            return boundary;
        };
        let lower = g.is_lowercase();
        let upper = g.is_uppercase();
        let numeric = g.is_ascii_digit() || matches!(g, '$' | '£' | '€' | '¥' | '#');
        if run.exclaim {
            if lower || (run.after > run.end && self.speech_follows(g_pos)) {
                return None;
            }
            // "Yahoo! Japan": a name spelt with "!" ends a sentence only before an opener.
            let name = self.token_before(run.at).1;
            if run.end == run.at + 1 && EXCLAIMED_NAMES.iter().any(|n| n.eq_ignore_ascii_case(name))
            {
                return (newline || self.starter_at(g_pos) || self.title_at(g_pos))
                    .then_some(run.after);
            }
            return boundary;
        }
        if run.dots >= 2 {
            return self.decide_ellipsis(run, g_pos, upper, lower);
        }
        if lower {
            return (self.mixed_case_word(g_pos) && self.plain_word_before(run.at))
                .then_some(run.after);
        }
        if !(upper || numeric || g_pos > k) {
            // ", ; : - &" and the like continue the sentence, unless they open a new line
            // ("Thanks for reading.\n— Sam").
            return newline.then_some(run.after);
        }
        // "1." or "b)" opening a sentence is a list marker, not a sentence.
        // A marker is short (bullet, space, three digits), so longer heads are not checked.
        if run.at - self.start <= 16 && is_list_marker(&self.text[self.start..run.at]) {
            return None;
        }
        let (tok_start, tok) = self.token_before(run.at);
        if tok.is_empty() {
            return boundary;
        }
        let mut chars = tok.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            if c.is_alphabetic() {
                return self.decide_single_letter(c, tok_start, g_pos, run.after);
            }
        }
        // "MS", "CO", "NO": an all-capital word is an acronym, not an abbreviation.
        let acronym = tok.len() >= 2 && tok.bytes().all(|b| b.is_ascii_uppercase());
        let class = if acronym { None } else { abbreviation(tok) };
        match class {
            Some(Abbrev::Title | Abbrev::NeverFinal) => return None,
            Some(Abbrev::Numbered) => return if numeric { None } else { boundary },
            Some(Abbrev::Ambiguous) => {}
            None if is_dotted_acronym(tok) => {}
            None => return boundary,
        }
        if numeric {
            return None;
        }
        let time = tok.eq_ignore_ascii_case("a.m") || tok.eq_ignore_ascii_case("p.m");
        if time && self.fronted_time(tok_start) {
            return None;
        }
        if newline || self.starter_at(g_pos) || self.title_at(g_pos) {
            return boundary;
        }
        None
    }

    fn decide_ellipsis(&self, run: &Run, g_pos: usize, upper: bool, lower: bool) -> Option<usize> {
        // "[...]" marks an omission inside a quotation.
        if run.at > 0 && self.bytes[run.at - 1] == b'[' && self.bytes.get(run.end) == Some(&b']') {
            return None;
        }
        if lower {
            return None;
        }
        let attached = self.char_before(run.at).is_some_and(|c| !c.is_whitespace())
            && self.has_content_before(run.at);
        if run.dots >= 4 {
            // Four periods are an ellipsis plus a full stop. "word. . . . Next": the first
            // period ends the sentence and the spaced ellipsis opens the next (rule 51).
            if attached && run.spaced && run.end == run.after && upper {
                return Some(run.at + self.char_at(run.at).map_or(1, char::len_utf8));
            }
            return Some(run.after);
        }
        // Three periods are an omission; they end a sentence only when glued to the word
        // before and followed by a capital that is not "I".
        if attached && !run.spaced && upper && !self.word_at(g_pos).eq("I") {
            return Some(run.after);
        }
        None
    }

    fn decide_single_letter(
        &self,
        c: char,
        tok_start: usize,
        g_pos: usize,
        after: usize,
    ) -> Option<usize> {
        let prev_lower = self
            .word_before(tok_start)
            .chars()
            .next()
            .is_some_and(char::is_lowercase);
        if c.is_uppercase() {
            // An initial ("Jonas E. Smith"), unless the letter is a word of its own: before a
            // sentence opener ("won Group D. The ...") or "I" after a lower-case word ("you
            // and I. Did ...").
            if self.starter_at(g_pos) || (prev_lower && c == 'I') {
                return Some(after);
            }
            return None;
        }
        // "p. 55", "v. Smith": a lower-case letter is an abbreviation.
        self.starter_at(g_pos).then_some(after)
    }

    /// The white-space-delimited word that ends at `end`, without leading quotes and brackets,
    /// and where it starts.
    fn token_before(&self, end: usize) -> (usize, &'t str) {
        let mut lo = end.saturating_sub(TOKEN_LOOKBACK).max(self.start.min(end));
        while !self.text.is_char_boundary(lo) {
            lo += 1;
        }
        let span = &self.text[lo..end];
        let from = span.rfind(char::is_whitespace).map_or(0, |p| {
            p + span[p..].chars().next().map_or(1, char::len_utf8)
        });
        let tok = span[from..].trim_start_matches(is_opener);
        (end - tok.len(), tok)
    }

    /// The word before the token that starts at `tok_start`, within the current sentence.
    fn word_before(&self, tok_start: usize) -> &'t str {
        let lo = self.start.min(tok_start);
        let before = self.text[lo..tok_start].trim_end();
        if before.is_empty() {
            return "";
        }
        self.token_before(lo + before.len()).1
    }

    /// The run of letters starting at `pos`.
    fn word_at(&self, pos: usize) -> &'t str {
        let rest = &self.text[pos..];
        let len = rest
            .char_indices()
            .find(|&(_, c)| !c.is_alphabetic())
            .map_or(rest.len(), |(p, _)| p);
        &rest[..len]
    }

    /// Whether the word at `pos` reads as the start of a sentence ("The", "It", ...). A word
    /// followed by a period is an initial or abbreviation ("A. Smith"), not an opener.
    fn starter_at(&self, pos: usize) -> bool {
        let w = self.word_at(pos);
        is_starter(w) && self.bytes.get(pos + w.len()) != Some(&b'.')
    }

    /// Whether the word at `pos` is a title with its period ("Mr.").
    fn title_at(&self, pos: usize) -> bool {
        let w = self.word_at(pos);
        if self.bytes.get(pos + w.len()) != Some(&b'.') {
            return false;
        }
        abbreviation(w) == Some(Abbrev::Title)
    }

    /// `"Why?" Smith asked`: a name and a verb of saying after the quote.
    fn speech_follows(&self, pos: usize) -> bool {
        let mut p = pos;
        for n in 0..2 {
            let w = self.word_at(p);
            if w.is_empty() || (n == 0 && is_starter(w)) {
                return false;
            }
            if contains(SPEECH_VERBS, w) {
                return true;
            }
            p += w.len();
            while self.bytes.get(p) == Some(&b' ') {
                p += 1;
            }
        }
        false
    }

    /// "iPhone", "eBay": a lower-case word with a capital inside starts sentences in news.
    fn mixed_case_word(&self, pos: usize) -> bool {
        let w = self.word_at(pos);
        w.len() > 2 && w.chars().skip(1).take(3).any(|c| c.is_ascii_uppercase())
    }

    /// Whether the word ending at `dot` is an ordinary word (no abbreviation, no initial).
    fn plain_word_before(&self, dot: usize) -> bool {
        let (_, tok) = self.token_before(dot);
        if tok.chars().count() <= 1 || tok.contains('.') {
            return false;
        }
        abbreviation(tok).is_none()
    }

    /// "At 5 a.m. Mr. Smith went ...": a time phrase of at most two words opened by a
    /// preposition at the start of the sentence.
    fn fronted_time(&self, tok_start: usize) -> bool {
        let lo = self.start.min(tok_start);
        let mut words = self.text[lo..tok_start].split_whitespace();
        let Some(first) = words.next() else {
            return false;
        };
        let fronted = contains(FRONTING, &first.to_ascii_lowercase());
        fronted && words.nth(1).is_none()
    }

    /// "Hello world.Today is Tuesday.Mr. Smith": a period glued to the next sentence. Only cut
    /// when the word after it opens sentences and the token is no address or file name.
    fn glued(&self, dot: usize) -> bool {
        let b = self.bytes;
        if dot == 0 || !(b[dot - 1].is_ascii_lowercase() || b[dot - 1].is_ascii_digit()) {
            return false;
        }
        if !b.get(dot + 1).is_some_and(u8::is_ascii_uppercase)
            || !b.get(dot + 2).is_some_and(u8::is_ascii_lowercase)
        {
            return false;
        }
        if !(self.starter_at(dot + 1) || self.title_at(dot + 1)) {
            return false;
        }
        let (_, left) = self.token_before(dot);
        let rest =
            &self.text[dot + 1..ceil_boundary(self.text, (dot + 1 + TOKEN_LOOKBACK).min(b.len()))];
        let right_len = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let right = rest[..right_len].trim_end_matches(['.', '!', '?', ',', ';', ':', ')', '"']);
        let addressy = |s: &str| s.contains(['@', '/', ':', '.']) || s.contains("www");
        !addressy(left) && !addressy(right)
    }

    /// Handles a line break at `i`; returns where to go on scanning.
    fn newline(&mut self, i: usize) -> usize {
        let b = self.bytes;
        let n = b.len();
        // White space up to the next line break or text; a line of only white space (no-break
        // spaces included) is blank.
        let mut k = i + 1;
        while k < n {
            match b[k] {
                b' ' | b'\t' | b'\r' | 0x0B | 0x0C => k += 1,
                x if x >= 0x80 => match self.char_at(k) {
                    Some(c)
                        if c.is_whitespace()
                            && !matches!(c, '\u{2028}' | '\u{2029}' | '\u{85}') =>
                    {
                        k += c.len_utf8()
                    }
                    _ => break,
                },
                _ => break,
            }
        }
        if k >= n {
            return n;
        }
        if b[k] == b'\n' {
            // A blank line always ends a sentence.
            if self.has_content_before(i) {
                self.cut(i);
            }
            return self.skip_ws(k);
        }
        if !self.has_content_before(i) {
            return i + 1;
        }
        let line = self.text[self.start..i].trim_end();
        let line_end = self.start + line.len();
        if line_end == self.last_term_end {
            // The terminator that ends this line has been decided already.
            return i + 1;
        }
        let next = self.skip_ws(k);
        let Some(f) = self.char_at(next) else {
            return n;
        };
        // A dash that opens a line inside a sentence carried over line breaks continues it
        // ("… with\nOppo\n– a sister brand of Vivo."); elsewhere it is a list's bullet.
        let carried = line.contains('\n');
        if carried && matches!(f, '\u{2013}' | '\u{2014}') && self.terminal_ahead(next) {
            return i + 1;
        }
        if list_item_at(&self.text[next..]) {
            self.cut(i);
            return next;
        }
        if wrapped_line(line) {
            return i + 1;
        }
        if f.is_lowercase() && self.terminal_ahead(next) {
            // "This is a sentence\ncut off in the middle": a hard-wrapped line (rules 40, 41).
            return i + 1;
        }
        if self.hard_wrapped(i) {
            // Plain text wrapped at a fixed width: the newline is a space.
            return i + 1;
        }
        // A sentence already carried over a line break ("Nokia\nhas signed … with
        // Chinese\nsmartphone vendor\nVivo, about …"), or a next line that opens on a dash
        // or a closing mark, is a paragraph wrapped at random widths: it runs on to its
        // terminator.
        // Only a line that itself continued the sentence (it opens in lower case) carries it
        // on: "…by email:\nPress Release\nNokia and Huawei extend…" are lines of their own.
        let continued_line = line
            .rsplit('\n')
            .next()
            .and_then(|l| l.trim_start().chars().next())
            .is_some_and(char::is_lowercase);
        let continues = matches!(f, ',' | ';' | ')' | ']');
        if ((carried && continued_line) || continues) && self.terminal_ahead(next) {
            return i + 1;
        }
        // A line without final punctuation before a new line: a headline, caption or list
        // line (rule 42: "features\ncontact manager").
        self.cut(i);
        next
    }

    /// Whether the paragraph around the newline at `i` is plain text hard-wrapped at a fixed
    /// width: at least three lines, all but the last between [`WRAP_MIN`] and [`WRAP_MAX`]
    /// bytes and within [`WRAP_SPREAD`] of each other. Headlines, bylines and captions are
    /// shorter or stand alone, so they keep their own sentences.
    fn hard_wrapped(&mut self, i: usize) -> bool {
        if let Some((from, until, wrapped)) = self.wrap {
            if i >= from && i < until {
                return wrapped;
            }
        }
        let b = self.bytes;
        let lo = i.saturating_sub(WRAP_WINDOW);
        let hi = (i + WRAP_WINDOW).min(b.len());
        // Paragraph bounds within the window: the nearest blank lines around `i`.
        let is_blank_at = |nl: usize| {
            let mut q = nl + 1;
            while q < b.len() && matches!(b[q], b' ' | b'\t' | b'\r') {
                q += 1;
            }
            q >= b.len() || b[q] == b'\n'
        };
        let mut start = lo;
        let mut p = i;
        while p > lo {
            p -= 1;
            if b[p] == b'\n' {
                let mut q = p;
                while q > lo && matches!(b[q - 1], b' ' | b'\t' | b'\r') {
                    q -= 1;
                }
                if q == 0 || (q > lo && b[q - 1] == b'\n') {
                    start = p + 1;
                    break;
                }
            }
        }
        let mut end = i;
        while end < hi && !(b[end] == b'\n' && end > i && is_blank_at(end)) {
            end += 1;
        }
        let mut lines: Vec<usize> = b[start..end]
            .split(|&c| c == b'\n')
            .map(|l| l.trim_ascii().len())
            .collect();
        // Lines cut by the window edge say nothing about the width.
        if start == lo && lo > 0 && !lines.is_empty() {
            lines.remove(0);
        }
        let cut_last = end == hi && hi < b.len();
        if cut_last {
            lines.pop();
        }
        lines.retain(|&len| len > 0);
        let body = if cut_last {
            &lines[..]
        } else {
            lines.split_last().map_or(&lines[..0], |(_, body)| body)
        };
        let last = if cut_last {
            None
        } else {
            lines.last().copied()
        };
        let wrapped = body.len() >= 2 && {
            let min = body.iter().copied().min().unwrap_or(0);
            let max = body.iter().copied().max().unwrap_or(usize::MAX);
            min >= WRAP_MIN
                && max <= WRAP_MAX
                && max - min <= WRAP_SPREAD
                && last.is_none_or(|l| l <= max + 5)
        };
        self.wrap = Some((start, end.max(i + 1), wrapped));
        wrapped
    }

    /// Whether a terminator follows `pos` in the same paragraph. A lower-case line after an
    /// unpunctuated one continues its sentence only if that sentence ends somewhere.
    fn terminal_ahead(&mut self, pos: usize) -> bool {
        if let Some((from, until, found)) = self.ahead {
            if pos >= from && pos < until {
                return found;
            }
        }
        let b = self.bytes;
        let mut p = pos;
        let found = loop {
            if p >= b.len() {
                break false;
            }
            match b[p] {
                b'.' | b'!' | b'?' => break true,
                b'\n' => {
                    let mut q = p + 1;
                    while q < b.len() && matches!(b[q], b' ' | b'\t' | b'\r') {
                        q += 1;
                    }
                    if q >= b.len() || b[q] == b'\n' {
                        break false;
                    }
                }
                _ => {}
            }
            p += 1;
        };
        self.ahead = Some((pos, p.max(pos + 1), found));
        found
    }

    /// Handles a non-ASCII character at `i` (an ellipsis, a separator, a bullet or a
    /// terminator of another script).
    fn non_ascii(&mut self, i: usize) -> usize {
        let Some(c) = self.char_at(i) else {
            return i + 1;
        };
        let len = c.len_utf8();
        match c {
            '\u{2026}' => self.terminator(i),
            '\u{2028}' | '\u{2029}' | '\u{85}' => {
                if self.has_content_before(i) {
                    self.cut(i);
                }
                i + len
            }
            _ if BULLETS.binary_search(&c).is_ok() => {
                let after_space = self.char_before(i).is_some_and(char::is_whitespace);
                let item = self
                    .char_at(i + len)
                    .is_some_and(|d| d.is_whitespace() || d.is_ascii_digit());
                if after_space && item && self.has_content_before(i) {
                    self.cut(i);
                }
                i + len
            }
            _ if is_uax29_terminator(c) => self.uax29(i, len),
            _ => i + len,
        }
    }

    /// A terminator of another script: UAX #29 decides, on a small window around it.
    fn uax29(&mut self, i: usize, len: usize) -> usize {
        let mut j = i + len;
        while let Some(c) = self.char_at(j) {
            if !(is_closer(c) || is_uax29_terminator(c)) {
                break;
            }
            j += c.len_utf8();
        }
        self.last_term_end = j;
        let k = self.skip_ws(j);
        if k >= self.bytes.len() {
            return k;
        }
        let lo = floor_boundary(self.text, i.saturating_sub(16).max(self.start.min(i)));
        let hi = ceil_boundary(self.text, (k + 16).min(self.bytes.len()));
        let window = &self.text[lo..hi];
        let breaks = window
            .split_sentence_bound_indices()
            .map(|(p, _)| lo + p)
            .any(|p| p > i && p <= k && p < hi);
        if breaks {
            self.cut(j);
            return k;
        }
        j
    }
}

/// "U.S", "E.U", "N.V", "Ph.D": letters in groups of one to three separated by periods.
fn is_dotted_acronym(tok: &str) -> bool {
    if !tok.contains('.') {
        return false;
    }
    let mut groups = 0;
    for g in tok.split('.') {
        let len = g.chars().count();
        if len == 0 || len > 3 || !g.chars().all(char::is_alphabetic) {
            return false;
        }
        groups += 1;
    }
    groups >= 2
}

/// Whether the sentence so far (`head`, up to a period) is only a list marker: an optional
/// bullet, then one to three digits, one letter or a short roman numeral.
fn is_list_marker(head: &str) -> bool {
    let head = head
        .trim_start_matches(|c: char| BULLETS.contains(&c) || matches!(c, '-' | '*'))
        .trim_start();
    let len = head.len();
    if len == 0 {
        return false;
    }
    let digits = head.bytes().all(|b| b.is_ascii_digit()) && len <= 3;
    let letter = len == 1 && head.bytes().all(|b| b.is_ascii_alphabetic());
    let roman = len <= 4 && head.bytes().all(|b| matches!(b, b'i' | b'v' | b'x'));
    digits || letter || roman
}

/// A sentence that opens a list: "1" or "a"/"A", then ".", ")" or ".)", then a space.
/// Returns the first marker and its suffix.
fn list_start(rest: &[u8]) -> Option<(u8, &'static str)> {
    let first = *rest.first()?;
    if !matches!(first, b'1' | b'a' | b'A') {
        return None;
    }
    let suffix = match rest.get(1..4) {
        Some([b'.', b')', b' ']) => ".)",
        _ => match rest.get(1..3) {
            Some([b'.', b' ']) => ".",
            Some([b')', b' ']) => ")",
            _ => return None,
        },
    };
    Some((first, suffix))
}

/// Whether a line starts like a list item: a bullet or dash and a space, or "12." / "b)".
fn list_item_at(line: &str) -> bool {
    let mut chars = line.chars();
    let Some(c) = chars.next() else {
        return false;
    };
    if BULLETS.contains(&c) || matches!(c, '-' | '*' | '\u{2013}' | '\u{2014}') {
        return chars.next().is_some_and(char::is_whitespace);
    }
    let b = line.as_bytes();
    let digits = b.iter().take_while(|b| b.is_ascii_digit()).count();
    let head = if digits > 0 && digits <= 3 {
        digits
    } else if b[0].is_ascii_lowercase() {
        1
    } else {
        return false;
    };
    matches!(b.get(head), Some(b'.' | b')')) && b.get(head + 1).is_some_and(|&x| x == b' ')
}

/// Whether a line without final punctuation was wrapped mid-sentence: it ends in a comma,
/// an opening bracket, a dash or a function word.
fn wrapped_line(line: &str) -> bool {
    let Some(last) = line.chars().next_back() else {
        return false;
    };
    if matches!(
        last,
        ',' | ';' | ':' | '(' | '-' | '&' | '/' | '+' | '\u{2013}' | '\u{2014}'
    ) {
        return true;
    }
    let word = line
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    contains(CONTINUATIONS, word)
}

fn memchr_newline(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |p| from + p)
}

fn floor_boundary(text: &str, mut p: usize) -> usize {
    while p > 0 && !text.is_char_boundary(p) {
        p -= 1;
    }
    p
}

fn ceil_boundary(text: &str, mut p: usize) -> usize {
    while p < text.len() && !text.is_char_boundary(p) {
        p += 1;
    }
    p
}
