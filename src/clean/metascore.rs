//! How the cleaner's metadata is scored against a gold file (title, author, published date),
//! so that `clean_bench` reports the same figures on any `ground-truth.json` that has them.
//!
//! Gold titles and bylines are written by people and differ from a page's in case, quote
//! style and punctuation, and a gold byline often keeps a credential ("Ann Lee, MD") that
//! a cleaner rightly drops. So each field has two scores: *exact* after folding those
//! differences, and *lenient*, which asks whether the same thing was found.

/// Lower-cased `\w+` words, typographic apostrophes folded into plain ones first so that
/// "Don’t" and "Don't" are one word.
fn words(s: &str) -> Vec<String> {
    s.replace(['\u{2019}', '\u{2018}'], "'")
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .map(|w| w.trim_matches('\'').to_lowercase())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Token F1 of two word lists, as multisets.
fn word_f1(a: &[String], b: &[String]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let mut rest: Vec<&String> = b.iter().collect();
    let mut common = 0usize;
    for w in a {
        if let Some(i) = rest.iter().position(|x| *x == w) {
            rest.swap_remove(i);
            common += 1;
        }
    }
    let p = common as f64 / a.len() as f64;
    let r = common as f64 / b.len() as f64;
    if common == 0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

/// Exact: the same words in the same order (case, quotes and punctuation aside). Lenient:
/// word F1 of at least 0.8, which forgives a site name left on or a subtitle added.
pub fn title_match(predicted: Option<&str>, gold: &str) -> (bool, bool) {
    let Some(p) = predicted else {
        return (false, false);
    };
    let (p, g) = (words(p), words(gold));
    let exact = !g.is_empty() && p == g;
    (exact, exact || word_f1(&p, &g) >= 0.8)
}

/// Words that join names in a byline, not part of any name.
const JOINERS: &[&str] = &["and", "by", "und", "y"];

fn name_words(s: &str) -> Vec<String> {
    words(s)
        .into_iter()
        .filter(|w| !JOINERS.contains(&w.as_str()))
        .collect()
}

/// Exact: the predicted names, in order, are the gold byline's words (joiners and
/// punctuation aside). Lenient: the first name on one side is wholly contained in the other
/// side (a credential or a middle initial dropped or added).
pub fn author_match(predicted: &[String], gold: &str) -> (bool, bool) {
    let g = name_words(gold);
    let p: Vec<String> = predicted.iter().flat_map(|n| name_words(n)).collect();
    if g.is_empty() || p.is_empty() {
        return (false, false);
    }
    let exact = p == g;
    let first_gold = gold
        .split([',', ';', '&', '|'])
        .flat_map(|part| part.split(" and "))
        .map(name_words)
        .find(|w| !w.is_empty())
        .unwrap_or_default();
    let first_pred = predicted
        .iter()
        .map(|n| name_words(n))
        .find(|w| !w.is_empty())
        .unwrap_or_default();
    let within = |a: &[String], b: &[String]| !a.is_empty() && a.iter().all(|w| b.contains(w));
    (
        exact,
        exact || within(&first_gold, &p) || within(&first_pred, &g),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles() {
        assert_eq!(
            title_match(Some("Don’t panic: a guide"), "Don't Panic: A Guide"),
            (true, true)
        );
        assert_eq!(
            title_match(
                Some("Ten ways to bake bread | Bakery Weekly"),
                "Ten ways to bake bread"
            ),
            (false, true)
        );
        assert_eq!(
            title_match(Some("Bakery Weekly"), "Ten ways to bake bread"),
            (false, false)
        );
        assert_eq!(title_match(None, "x"), (false, false));
    }

    #[test]
    fn authors() {
        let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            author_match(&names(&["Ann Lee", "Bo Chan"]), "Ann Lee and Bo Chan"),
            (true, true)
        );
        assert_eq!(
            author_match(&names(&["Ann Lee"]), "Ann Lee, MD, PhD"),
            (false, true)
        );
        assert_eq!(
            author_match(&names(&["Dr. Ann B. Lee"]), "Ann Lee"),
            (false, true)
        );
        assert_eq!(author_match(&names(&["Staff"]), "Ann Lee"), (false, false));
        assert_eq!(author_match(&[], "Ann Lee"), (false, false));
    }
}
