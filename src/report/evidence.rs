//! Evidence spans cut into a sentence's text, for the highlighted sentences of a deal card.
//!
//! Offsets in a record are characters of the whole cleaned article; the page gets each
//! sentence already cut into pieces, each with the fields whose evidence covers it, so that
//! the browser never does offset arithmetic (its strings count UTF-16 units, not characters)
//! and a span that does not fit the sentence (an articles file from another run) is dropped
//! here rather than mis-drawn there.

use serde::Serialize;

use super::load::SentenceText;

/// A piece of a sentence and the evidence fields that cover it (none: plain text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment(pub String, pub Vec<String>);

/// Cuts `sentence` at the edges of the spans (`field`, article char start, end) that fall in
/// it. Adjacent pieces with the same fields are one piece; overlapping spans give pieces
/// covered by several fields.
pub fn segments(sentence: &SentenceText, spans: &[(&str, usize, usize)]) -> Vec<Segment> {
    let chars: Vec<(usize, char)> = sentence.text.char_indices().collect();
    let len = chars.len();
    let byte_at = |i: usize| chars.get(i).map_or(sentence.text.len(), |(b, _)| *b);
    let local: Vec<(&str, usize, usize)> = spans
        .iter()
        .filter_map(|&(field, start, end)| {
            let s = start.checked_sub(sentence.start)?;
            let e = end.checked_sub(sentence.start)?.min(len);
            (s < e).then_some((field, s, e))
        })
        .collect();
    let mut cuts: Vec<usize> = vec![0, len];
    for &(_, s, e) in &local {
        cuts.push(s);
        cuts.push(e);
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out: Vec<Segment> = Vec::new();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let mut fields: Vec<String> = Vec::new();
        for &(field, s, e) in &local {
            if s <= a && b <= e && !fields.iter().any(|f| f == field) {
                fields.push(field.to_string());
            }
        }
        let text = &sentence.text[byte_at(a)..byte_at(b)];
        match out.last_mut() {
            Some(last) if last.1 == fields => last.0.push_str(text),
            _ => out.push(Segment(text.to_string(), fields)),
        }
    }
    out
}

/// Splits off the spans that cover (nearly) the whole sentence: the sentence as a whole is
/// their evidence (a deal's type, its areas), and drawn as highlights they would hide the
/// narrow spans inside them (the parties, the date). Returns their fields, once each, and the
/// narrow spans.
pub fn whole_sentence_fields<'a>(
    sentence: &SentenceText,
    spans: &[(&'a str, usize, usize)],
) -> (Vec<String>, Vec<(&'a str, usize, usize)>) {
    let len = sentence.text.chars().count();
    let mut whole: Vec<String> = Vec::new();
    let mut narrow = Vec::new();
    for &(field, start, end) in spans {
        let s = start.max(sentence.start);
        let e = end.min(sentence.start + len);
        if e > s && (e - s) * 10 >= len * 9 {
            if !whole.iter().any(|f| f == field) {
                whole.push(field.to_string());
            }
        } else {
            narrow.push((field, start, end));
        }
    }
    (whole, narrow)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(
        start: usize,
        text: &str,
        spans: &[(&str, usize, usize)],
        expected: &[(&str, &[&str])],
    ) {
        let s = SentenceText {
            start,
            text: text.into(),
        };
        let got = segments(&s, spans);
        let want: Vec<Segment> = expected
            .iter()
            .map(|(t, f)| Segment(t.to_string(), f.iter().map(|x| x.to_string()).collect()))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn spans_are_cut_at_character_offsets() {
        check(
            10,
            "Nokia buys Alcatel.",
            &[("parties", 10, 15)],
            &[("Nokia", &["parties"]), (" buys Alcatel.", &[])],
        );
        // Offsets count characters, not bytes: the accented name is five characters.
        check(
            0,
            "Nokia and Société agreed.",
            &[("parties", 10, 17)],
            &[
                ("Nokia and ", &[]),
                ("Société", &["parties"]),
                (" agreed.", &[]),
            ],
        );
    }

    #[test]
    fn overlaps_and_repeats_merge() {
        check(
            0,
            "abcdef",
            &[("types", 0, 4), ("status", 2, 6), ("types", 1, 3)],
            &[
                ("ab", &["types"]),
                ("cd", &["types", "status"]),
                ("ef", &["status"]),
            ],
        );
    }

    #[test]
    fn spans_outside_the_sentence_are_dropped_or_clipped() {
        check(
            100,
            "short",
            &[("date", 5, 9), ("money", 103, 400)],
            &[("sho", &[]), ("rt", &["money"])],
        );
        check(0, "", &[("date", 0, 3)], &[]);
    }

    #[test]
    fn sentence_wide_spans_are_told_apart() {
        let s = SentenceText {
            start: 10,
            text: "Nokia buys Alcatel.".into(),
        };
        let spans = [
            ("types", 10, 29),
            ("parties", 10, 15),
            ("areas", 11, 29),
            ("types", 10, 28),
        ];
        let (whole, narrow) = whole_sentence_fields(&s, &spans);
        assert_eq!(whole, vec!["types", "areas"]);
        assert_eq!(narrow, vec![("parties", 10, 15)]);
    }
}
