//! Boundary scoring against hand-split gold. A boundary is the end of a sentence counted in
//! non-white-space characters, so gold written one sentence per line can be compared with
//! spans of the original text however the white space differs.

use crate::doc::Sentence;

/// Matched, spurious and missed sentence ends.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BoundaryScore {
    pub true_pos: usize,
    pub false_pos: usize,
    pub false_neg: usize,
}

impl BoundaryScore {
    pub fn add(&mut self, other: BoundaryScore) {
        self.true_pos += other.true_pos;
        self.false_pos += other.false_pos;
        self.false_neg += other.false_neg;
    }

    pub fn precision(&self) -> f64 {
        ratio(self.true_pos, self.true_pos + self.false_pos)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.true_pos, self.true_pos + self.false_neg)
    }

    pub fn f1(&self) -> f64 {
        crate::eval::f1(self.precision(), self.recall())
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// The gold sentences do not spell the text (white space aside).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("gold sentences differ from the text at non-space character {at}")]
pub struct GoldMismatch {
    pub at: usize,
}

/// Scores `pred` (spans of `text`) against `gold`, the same text cut into sentences. Every
/// sentence end counts, the last one included.
pub fn score(text: &str, gold: &[&str], pred: &[Sentence]) -> Result<BoundaryScore, GoldMismatch> {
    let mut text_chars = text.chars().filter(|c| !c.is_whitespace());
    let mut gold_ends = Vec::with_capacity(gold.len());
    let mut at = 0usize;
    for g in gold {
        for c in g.chars().filter(|c| !c.is_whitespace()) {
            if text_chars.next() != Some(c) {
                return Err(GoldMismatch { at });
            }
            at += 1;
        }
        if gold_ends.last() != Some(&at) && at > 0 {
            gold_ends.push(at);
        }
    }
    if text_chars.next().is_some() {
        return Err(GoldMismatch { at });
    }
    let mut pred_ends = Vec::with_capacity(pred.len());
    let mut count = 0usize;
    let mut byte = 0usize;
    for s in pred {
        count += text[byte..s.byte_end]
            .chars()
            .filter(|c| !c.is_whitespace())
            .count();
        byte = s.byte_end;
        pred_ends.push(count);
    }
    let true_pos = pred_ends
        .iter()
        .filter(|e| gold_ends.binary_search(e).is_ok())
        .count();
    Ok(BoundaryScore {
        true_pos,
        false_pos: pred_ends.len() - true_pos,
        false_neg: gold_ends.len() - true_pos,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sentences::split;

    #[test]
    fn perfect_and_missed() {
        let text = "Ab cd. Ef gh.\n\nIj kl";
        let s = score(text, &["Ab cd.", "Ef gh.", "Ij kl"], &split(text)).unwrap_or_default();
        assert_eq!(s.f1(), 1.0);
        let s = score(text, &["Ab cd. Ef gh.", "Ij kl"], &split(text)).unwrap_or_default();
        assert_eq!((s.true_pos, s.false_pos, s.false_neg), (2, 1, 0));
        assert!(score(text, &["Ab cd."], &split(text)).is_err());
    }
}
