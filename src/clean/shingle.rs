//! The article-extraction benchmark's metric, so that speed and accuracy can be measured with
//! one command: the text is cut into `\w+` tokens, every run of four consecutive tokens is a
//! shingle, and a page's precision and recall compare the *sets* of shingles of the output and
//! the ground truth. Scores are averaged over pages and F1 is taken of the two means, which is
//! how the published tables were computed.

use std::collections::HashSet;

/// Precision and recall of one page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageScore {
    pub precision: f64,
    pub recall: f64,
}

fn shingles(text: &str) -> HashSet<[&str; 4]> {
    let tokens: Vec<&str> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || is_mark(c)))
        .filter(|t| !t.is_empty())
        .collect();
    tokens
        .windows(4)
        .map(|w| [w[0], w[1], w[2], w[3]])
        .collect()
}

/// Python's `\w` also matches combining marks (Devanagari vowel signs and the like).
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x0900..=0x097F | 0x0E31..=0x0E4E | 0x200C..=0x200D)
        && !c.is_whitespace()
}

/// Scores one page. Empty output scores precision 0; empty truth scores recall 1.
pub fn score_page(predicted: &str, truth: &str) -> PageScore {
    let p = shingles(predicted);
    let t = shingles(truth);
    let tp = p.intersection(&t).count() as f64;
    let precision = if p.is_empty() {
        0.0
    } else {
        tp / p.len() as f64
    };
    let recall = if t.is_empty() {
        1.0
    } else {
        tp / t.len() as f64
    };
    PageScore { precision, recall }
}

/// Mean precision, mean recall and the F1 of those two means.
pub fn summarize(pages: &[PageScore]) -> (f64, f64, f64) {
    if pages.is_empty() {
        return (0.0, 0.0, 0.0);
    }
    let n = pages.len() as f64;
    let p = pages.iter().map(|s| s.precision).sum::<f64>() / n;
    let r = pages.iter().map(|s| s.recall).sum::<f64>() / n;
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shingle_metric() {
        let s = score_page("one two three four five", "one two three four six");
        assert_eq!(s.precision, 0.5);
        assert_eq!(s.recall, 0.5);
        assert_eq!(score_page("", "a b c d").precision, 0.0);
        let (p, r, f) = summarize(&[
            PageScore {
                precision: 1.0,
                recall: 0.5,
            },
            PageScore {
                precision: 0.5,
                recall: 0.5,
            },
        ]);
        assert_eq!((p, r), (0.75, 0.5));
        assert!((f - 0.6).abs() < 1e-9);
    }
}
