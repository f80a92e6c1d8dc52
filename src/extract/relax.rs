//! Regexes whose long bounded lazy repeats are searched without their upper bound first.
//!
//! The extractors' regexes bound how far apart their parts may stand: `[^<>;]{0,80}?`
//! between a party and its verb, `[^,.“"]{2,80}?` for a speaker's title. Each bounded repeat
//! of a Unicode class compiles to one copy of the class per allowed character, so a pattern
//! with two of them has thousands of NFA states. That size is what costs: the lazy DFA keeps
//! building states for it, and taking captures runs a backtracker whose visited set is
//! states × span. The same regex with those repeats unbounded is several times smaller (an
//! eighth, for the quote regexes).
//!
//! The unbounded ("relaxed") form is searched first, and its answer stands when it keeps
//! within the bounds. Why that is exact: every parse of the bounded regex is a parse of the
//! relaxed one, and leftmost-first ranks two such parses alike in both, because where they
//! first part ways both choices exist in both regexes with the same preference. So when the
//! relaxed form's best parse keeps within the bounds it is also the bounded form's best
//! parse. When it does not, the bounded form is searched, which happens rarely.
//!
//! To check the bounds, each relaxed repeat is wrapped in a capture group of its own (in both
//! forms, so that their groups are numbered alike); a repeat inside another repeat (other
//! than `?`) would report only its last round, so such repeats are left bounded.

use regex_automata::meta;
use regex_automata::util::captures::Captures;
use regex_automata::util::syntax;
use regex_automata::Input;
use regex_syntax::hir::{Capture, Class, Hir, HirKind, Repetition};

/// Why a regex did not build.
#[derive(Debug, thiserror::Error)]
pub(super) enum BuildError {
    #[error(transparent)]
    Syntax(#[from] Box<regex_syntax::Error>),
    #[error(transparent)]
    Build(Box<meta::BuildError>),
}

impl From<regex_syntax::Error> for BuildError {
    fn from(e: regex_syntax::Error) -> BuildError {
        BuildError::Syntax(Box::new(e))
    }
}

/// Bounds at or below this are left alone: their copies are few.
const MIN_RELAXED_BOUND: u32 = 8;

/// A regex searched through its relaxed form; see the module docs.
pub(super) struct Relaxed {
    /// The bounded form, built on first need: it is asked for rarely, and it is the larger
    /// of the two to compile (a process that builds all the patterns spent most of its
    /// start-up on it).
    exact: std::sync::OnceLock<meta::Regex>,
    exact_hir: Hir,
    config: meta::Config,
    relaxed: meta::Regex,
    limits: Vec<Limit>,
}

/// A relaxed repeat's group and the most characters it may hold.
struct Limit {
    group: usize,
    max: usize,
}

/// One form of a relaxed regex, compiled with the configuration of both.
fn build_form(config: &meta::Config, hir: &Hir) -> Result<meta::Regex, Box<meta::BuildError>> {
    meta::Builder::new()
        .configure(config.clone())
        .build_from_hir(hir)
        .map_err(Box::new)
}

impl Relaxed {
    /// Builds both forms of `src` with `config`. Capture groups of `src` are renumbered in
    /// order of their opening parentheses, as the parser numbers them, and the added groups
    /// are unnamed; look groups up by name.
    pub(super) fn new(src: &str, config: meta::Config) -> Result<Relaxed, BuildError> {
        Relaxed::from_hir(&syntax::parse(src)?, config)
    }

    /// [`Relaxed::new`] of a regex already parsed (with the default syntax configuration).
    pub(super) fn from_hir(hir: &Hir, config: meta::Config) -> Result<Relaxed, BuildError> {
        let mut index = 0;
        let mut limits = Vec::new();
        let exact = rebuild(hir, false, false, &mut index, &mut limits);
        let mut index = 0;
        let relaxed = rebuild(hir, true, false, &mut index, &mut Vec::new());
        let relaxed = build_form(&config, &relaxed).map_err(BuildError::Build)?;
        // With nothing relaxed the two forms are one regex.
        let exact_cell = std::sync::OnceLock::new();
        if limits.is_empty() {
            let _ = exact_cell.set(relaxed.clone());
        }
        Ok(Relaxed {
            exact: exact_cell,
            exact_hir: exact,
            config,
            relaxed,
            limits,
        })
    }

    /// Captures sized for both forms (their groups are the same).
    pub(super) fn create_captures(&self) -> Captures {
        self.relaxed.create_captures()
    }

    /// The group index of a named group (the same in both forms).
    pub(super) fn group(&self, name: &str) -> Option<usize> {
        self.relaxed
            .group_info()
            .to_index(regex_automata::PatternID::ZERO, name)
    }

    /// The bounded form, built the first time a relaxed match breaks a bound. It built once
    /// already (in the test that every pattern compiles), so a failure here is a bug.
    fn exact(&self) -> &meta::Regex {
        self.exact.get_or_init(|| {
            build_form(&self.config, &self.exact_hir)
                .expect("the bounded form of a relaxed regex builds")
        })
    }

    /// What `search_captures` of the bounded regex gives.
    pub(super) fn search_captures(&self, input: &Input, caps: &mut Captures) {
        self.relaxed.search_captures(input, caps);
        if caps.get_match().is_none() {
            return;
        }
        // Characters are the bytes that do not continue a UTF-8 sequence (10xxxxxx).
        let chars = |b: &[u8]| b.iter().filter(|&&c| (c as i8) >= -0x40).count();
        let broken = self.limits.iter().any(|l| {
            caps.get_group(l.group)
                .is_some_and(|s| s.len() > l.max && chars(&input.haystack()[s.range()]) > l.max)
        });
        if broken {
            self.exact().search_captures(input, caps);
        }
    }

    /// Builds the bounded form now, for tests that every regex builds.
    #[cfg(test)]
    pub(super) fn build_exact(&self) {
        let _ = self.exact();
    }

    /// How many repeats were relaxed, for tests.
    #[cfg(test)]
    fn relaxed_count(&self) -> usize {
        self.limits.len()
    }
}

/// Whether a repeat is one to relax: lazy, over one character at a time, with a large upper
/// bound; gives its bounds. (Large lower bounds are kept: relaxed, they let through short
/// spans that the bounded form must then search again, which costs more than it saves.)
fn relaxable(r: &Repetition) -> Option<(u32, u32)> {
    let one_char = matches!(r.sub.kind(), HirKind::Class(Class::Unicode(_)))
        || matches!(r.sub.kind(), HirKind::Literal(l) if std::str::from_utf8(&l.0).is_ok_and(|s| s.chars().count() == 1));
    let max = r.max.filter(|&m| m > MIN_RELAXED_BOUND)?;
    (!r.greedy && one_char).then_some((r.min, max))
}

/// Copies `h` with capture groups renumbered in order and each relaxable repeat wrapped in a
/// group of its own, unbounded when `relax`. `repeated` tells whether `h` stands inside a
/// repeat that can run more than once.
fn rebuild(h: &Hir, relax: bool, repeated: bool, index: &mut u32, limits: &mut Vec<Limit>) -> Hir {
    match h.kind() {
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => h.clone(),
        HirKind::Capture(c) => {
            *index += 1;
            let i = *index;
            Hir::capture(Capture {
                index: i,
                name: c.name.clone(),
                sub: Box::new(rebuild(&c.sub, relax, repeated, index, limits)),
            })
        }
        HirKind::Concat(hs) => Hir::concat(
            hs.iter()
                .map(|s| rebuild(s, relax, repeated, index, limits))
                .collect(),
        ),
        HirKind::Alternation(hs) => Hir::alternation(
            hs.iter()
                .map(|s| rebuild(s, relax, repeated, index, limits))
                .collect(),
        ),
        HirKind::Repetition(r) => match relaxable(r).filter(|_| !repeated) {
            Some((min, max)) => {
                *index += 1;
                limits.push(Limit {
                    group: *index as usize,
                    max: max as usize,
                });
                Hir::capture(Capture {
                    index: *index,
                    name: None,
                    sub: Box::new(Hir::repetition(Repetition {
                        min,
                        max: if relax { None } else { r.max },
                        greedy: r.greedy,
                        sub: r.sub.clone(),
                    })),
                })
            }
            None => {
                let inner = repeated || r.max != Some(1);
                Hir::repetition(Repetition {
                    min: r.min,
                    max: r.max,
                    greedy: r.greedy,
                    sub: Box::new(rebuild(&r.sub, relax, inner, index, limits)),
                })
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex_automata::Anchored;

    /// The relaxed search answers as the bounded regex does, at every start of every text,
    /// including where the relaxed form's first answer breaks a bound and the bounded form
    /// must find another parse or none.
    #[test]
    fn relaxed_search_agrees_with_the_bounded_regex() {
        let cases: &[(&str, &[&str])] = &[
            (
                r"<(?P<a>\d+)> (?:[^<>;]{0,10}?)bought (?:[^<>;]{0,12}?)<(?P<b>\d+)>",
                &[
                    "<0> bought <1>",
                    "<0> quietly bought all of <1>",
                    "<0> very very quietly then bought <1>",
                    "<0> quietly bought the rest of the shares of <1>",
                    "<0> bought x <1> and then bought <2>",
                    "<0> said it bought; <1>",
                ],
            ),
            (
                r"(?P<sp>[A-Z]\w+), (?P<title>[^,.]{2,20}?)(?: of (?P<org>[A-Z][\w ]{1,9}?))?, said",
                &[
                    "Ann, chief of Acme, said",
                    "Ann, chief of Acme Holdings Group, said",
                    "Ann, the very long-serving chief executive of Acme, said",
                    "Ann, chief of Acme Holdings, said, Bob, head, said",
                    "Ann, head of the office of Acmé Ltd, said",
                ],
            ),
            // The quote regexes' shape: a lower bound only (kept) before an upper one.
            (
                r#"["“](?P<q>[^"”“]{10,}?)[,.]?["”],? said (?P<sp>[A-Z]\w+)(?:, (?P<title>[^,.]{2,12}?),)?"#,
                &[
                    r#""short," said Ann, chief,"#,
                    r#""a longer quote here," said Ann, chief,"#,
                    r#""short" "then one that is long," said Bo, the chief of all staff here,"#,
                ],
            ),
            // A bounded repeat inside a repeat stays bounded, and optional ones count.
            (
                r"(?:x[a-z]{0,9}?y)+(?:-[^-]{0,9}?!)?",
                &[
                    "xaaay",
                    "xaaaaaaaaaaaay",
                    "xay-bbbb!",
                    "xay-bbbbbbbbbbbb!",
                    "xyxy",
                ],
            ),
        ];
        for (src, texts) in cases {
            let r = Relaxed::new(src, meta::Config::new()).expect("test regex");
            let plain = meta::Regex::new(src).expect("test regex");
            assert!(r.relaxed_count() >= 1, "{src}");
            for t in *texts {
                for at in 0..=t.len() {
                    if !t.is_char_boundary(at) {
                        continue;
                    }
                    let input = Input::new(*t).range(at..).anchored(Anchored::Yes);
                    let mut got = r.create_captures();
                    r.search_captures(&input, &mut got);
                    let mut want = plain.create_captures();
                    plain.search_captures(&input, &mut want);
                    assert_eq!(got.get_match(), want.get_match(), "{src} on {t:?} at {at}");
                    for name in ["a", "b", "sp", "title", "org", "q"] {
                        let g = |c: &Captures| c.get_group_by_name(name);
                        assert_eq!(g(&got), g(&want), "{src} on {t:?} at {at}: {name}");
                    }
                }
            }
        }
    }

    /// A nested bounded repeat is not relaxed (its group would only tell its last round).
    #[test]
    fn repeats_inside_repeats_stay_bounded() {
        let r = Relaxed::new(r"(?:a[^;]{0,20}?b)*", meta::Config::new()).expect("test regex");
        assert_eq!(r.relaxed_count(), 0);
        let r = Relaxed::new(r"(?:a[^;]{0,20}?b)?", meta::Config::new()).expect("test regex");
        assert_eq!(r.relaxed_count(), 1);
    }
}
