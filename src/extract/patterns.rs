//! Deal patterns over sentence templates.
//!
//! A template is the sentence in lower case with each organisation mention replaced by a slot
//! `<k>`, and with "the company", "it" and "both companies" replaced by the slots of the
//! organisations they refer to. Patterns (`tables/patterns.tsv`) are regular expressions over
//! templates, so one readable line says "X bought N patents from Y" whatever X and Y are called.
//!
//! Matching is built for speed without changing what matches. A pattern's regex is
//! `(?:^|[^a-z0-9])BODY` searched leftmost-first over the template; searched unanchored, its
//! `{W}` gaps (`[^<>;]{0,80}?`) make the lazy DFA track every possible start at once, and it
//! spends its time building states. Here a pattern is instead tried *anchored* at each place
//! where a match could start, in text order: a match can only start at the text start or at
//! a character outside `[a-z0-9]`, and the body must begin with one of its prefix literals
//! (for most patterns the `<` of a slot). The first start that matches gives the same match,
//! with the same groups, as the unanchored search (leftmost-first: the leftmost start wins,
//! then the pattern's own preference), and the next search begins where that match ended, as
//! `captures_iter` does. Which patterns run at all is decided first by one Aho-Corasick pass
//! over the template ([`Needles`]) that finds every pattern's key stems and the literals its
//! every match must contain in order; a pattern lacking either is not run. That rules out
//! all but about 0.2 of the ten or so patterns whose keys a BBC template holds. It replaced a
//! lazy DFA of all patterns loosened, which ruled out a little more but whose states grew
//! with every pattern added until its cache thrashed.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use regex_automata::meta;
use regex_automata::util::captures::Captures;
use regex_automata::util::primitives::NonMaxUsize;
use regex_automata::{Anchored, Input};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Hir, HirKind};

use super::relax::{self, Relaxed};
use super::tables::{rows, PATTERNS};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Deal,
    Hint,
    /// Adds the parties it binds to an earlier deal of its types: the seller named in a
    /// later clause ("will acquire the shares from X"), the buyer of a stake whose sale was
    /// reported first.
    Party,
    Pledge,
    /// A deal whose sentence names only the counterpart, its subject being a thing of the
    /// organisation the article is about ("The search technology has been licensed from X1"):
    /// the first role is that organisation's, the slots take the others.
    Implied,
}

pub struct Pattern {
    pub kind: Kind,
    pub types: Vec<String>,
    pub roles: Vec<String>,
    /// The regex and its groups, compiled the first time a sentence gets past this row's
    /// literal tests: most rows never do on a given article, and compiling all of them was
    /// most of a process's start-up.
    compiled: OnceLock<Compiled>,
    /// The expanded regex after its boundary character, parsed once for the prefix tests,
    /// the required literals of [`Needles`] and the regex: the bodies are long alternations
    /// of verb forms, and parsing them three times cost more than compiling them.
    hir: Hir,
    pub source: String,
    /// Word stems of which the sentence must contain at least one for the pattern to be
    /// worth running (its verbs and nouns, derived from the macros and words it uses).
    pub keys: Vec<&'static str>,
    /// Byte strings one of which the body (the regex after its boundary character) starts
    /// with; `None` when the body can start with almost anything (a leading `{W}`).
    starts: Option<Starts>,
}

/// A pattern's regex with the indices of its groups.
struct Compiled {
    re: Relaxed,
    /// Group indices of `a`, `b`, `c` (role order), `aux`, and the `objN` gaps.
    slot_groups: Vec<usize>,
    aux_group: Option<usize>,
    obj_groups: Vec<usize>,
}

impl Pattern {
    fn compiled(&self) -> &Compiled {
        self.compiled.get_or_init(|| {
            let re = compile(self.hir.clone())
                .expect("patterns in tables/patterns.tsv compile (checked by a test)");
            let group = |name: &str| re.group(name);
            let slot_groups = ["a", "b", "c"].iter().filter_map(|n| group(n)).collect();
            let aux_group = group("aux");
            let obj_groups = ["obj1", "obj2", "obj3"]
                .iter()
                .filter_map(|n| group(n))
                .collect();
            Compiled {
                re,
                slot_groups,
                aux_group,
                obj_groups,
            }
        })
    }
}

/// Stems that stand for each verb or noun set of the pattern language.
const FAMILY_KEYS: &[(&str, &[&str])] = &[
    (
        "{BUY}",
        &[
            "buy",
            "bought",
            "acqui",
            "purchas",
            "take over",
            "took over",
            "taken over",
            "taking over",
            "snap",
            "swallow",
            "absorb",
        ],
    ),
    (
        "{SELL}",
        &[
            "sell", "sold", "offload", "divest", "dispos", "transfer", "hand",
        ],
    ),
    ("{LICENSE}", &["licen"]),
    (
        "{SUPPLY}",
        &["suppl", "provid", "deliver", "equip", "ship", "furnish"],
    ),
    ("{INVEST}", &["invest", "inject", "pump", "plough", "put"]),
    (
        "{PARTNER}",
        &[
            "partner",
            "team",
            "ally",
            "allied",
            "forces",
            "cooperat",
            "co-operat",
            "collaborat",
            "together",
            "link",
            "tie",
            "join",
        ],
    ),
    (
        "{AGREEMENT}",
        &[
            "partnership",
            "alliance",
            "agreement",
            "deal",
            "pact",
            "accord",
            "memorandum",
            "collaboration",
            "tie-up",
            "contract",
            "cooperation",
            "co-operation",
            "arrangement",
            "extension",
            "renewal",
        ],
    ),
];

/// Literal stems that, when a pattern spells them out, also select it.
const LITERAL_KEYS: &[&str] = &[
    "patent",
    "stake",
    "licen",
    "cross",
    "joint",
    "merge",
    "merger",
    "bid",
    "offer",
    "order",
    "target",
    "bidder",
    "suitor",
    "buyer",
    "settle",
    "share",
    "rights",
    "round",
    "funding",
    "investment",
    "takeover",
    "acquisition",
    "purchase",
    "work",
    "won",
    "contract",
    "build",
    "built",
    "make",
    "made",
    "manufactur",
    "produc",
    "assembl",
    "rented",
    "leased",
    "pledg",
    "releas",
    "donat",
    "free",
    "open",
    "sold",
    "sell",
    "transfer",
    "grant",
    "gave",
    "give",
    "completed",
    "closed",
    "finalis",
    "finaliz",
    "combin",
    "raise",
    "secur",
    "receiv",
    "land",
    "led",
    "partner",
    "deal",
    "alliance",
    "tie-up",
    "venture",
    "technolog",
    "placed",
    "approach",
    "unit",
    "division",
    "subsidiar",
    "paid",
    "pay",
    "spen",
    "develop",
    "talks",
    "negotiat",
    "owner",
    "backed",
    "fund",
    "financ",
    "bankroll",
    "settl",
    "resolv",
    "channel",
    "pour",
    "assign",
    "picked up",
    "licensee",
    // Whole words where a stem would select common words too ("sales", "impact", "according").
    "sale of",
    "collaborat",
    "agreement",
    " pact",
    " accord ",
];

fn keys_of(src: &str) -> Vec<&'static str> {
    let mut keys: Vec<&'static str> = Vec::new();
    for (macro_name, words) in FAMILY_KEYS {
        if src.contains(macro_name) || (*macro_name == "{AGREEMENT}" && src.contains("{AGREE}")) {
            keys.extend(words.iter().copied());
        }
    }
    let literal_part = FAMILY_KEYS
        .iter()
        .fold(src.to_string(), |s, (m, _)| s.replace(m, " "));
    keys.extend(
        LITERAL_KEYS
            .iter()
            .copied()
            .filter(|k| literal_part.contains(k)),
    );
    // Verb stems spelled out in the pattern itself ("acquired by") select it too.
    keys.extend(
        FAMILY_KEYS
            .iter()
            .flat_map(|(_, words)| words.iter().copied())
            .filter(|k| literal_part.contains(k)),
    );
    keys.sort_unstable();
    keys.dedup();
    keys
}

const AUX_WORDS: &str = r"has|have|had|is|are|was|were|will|this|next|would|could|may|might|should|shall|can|also|meanwhile|however|though|too|instead|separately|in turn|now|finally|already|recently|just|formally|officially|reportedly|still|then|previously|originally|effectively|jointly|together|further|successfully|eventually|not|never|been|be|being|to|agreed|agree|agrees|set|plans|plan|planned|planning|intends|intend|intended|wants|want|wanted|hopes|hope|hoped|expected|expects|looking|trying|tried|failed|fail|attempted|offered|offering|poised|about|seeking|seeks|sought|considering|consider|considered|mulling|exploring|confirmed|announced|said|says|decided|decides|move|moved|moves|moving|bid|will|going|in (?:(?:advanced|exclusive|preliminary|early|final|late-stage|detailed|formal|serious|initial) )?(?:talks|negotiations|discussions)|talks|negotiating|discussions|negotiations|likely|keen|ready|able|willing|due|preparing|prepared|aims|aim|aimed|it|on|monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|last|week|month|earlier|later|abandoned|scrapped|dropped|struck|sealed|called off|walk(?:s|ed|ing)? away from|pull(?:s|ed|ing)? out of|giv(?:es|ing|en) up|gave up|give up|cancel(?:s|led|ed|ling|ing)?|terminat(?:es|ed|ing|e)|end(?:s|ed|ing)|abandon(?:s|ing)?|scrap(?:s|ping)|drop(?:s|ping)|withdr(?:ew|aws|awing|awn|aw) from|call(?:s|ing)? off|mutually|no longer|pay(?:s|ing)? (?:about |around |more than |up to )?[$€£¥]?[0-9][0-9.,]*(?: ?(?:bn|m|billion|million))? to|(?:a|an|its|their|the)(?: [$€£¥]?[0-9][0-9.,]*(?:bn|m|billion|million)?)?(?: [a-z-]+){0,2}? (?:deal|bid|offer|agreement|plans?|attempts?|efforts?|intentions?|move|proposal|bids|offers) to";

/// The verb, noun and auxiliary sets of the pattern language: long groups of alternatives
/// that most rows write (the auxiliaries alone are two thousand characters, in 106 rows).
fn word_sets() -> [(&'static str, String); 11] {
    // "Hexal's US affiliate Eon Labs", "Hexal's Eon Labs", "DHL-owner Deutsche Post": an object
    // may be named through its relation to another organisation, which is then no party.
    const RELATIVE: &str =
        r"(?:affiliate|subsidiary|unit|arm|division|sister company|brand|label|business)";
    [
        ("{BUY}", r"(?:buy|buys|bought|buying|acquire|acquires|acquired|acquiring|purchase|purchases|purchased|purchasing|take over|takes over|took over|taken over|taking over|snap up|snaps up|snapped up|snapping up|swallow|swallows|swallowed|absorb|absorbs|absorbed)".to_string()),
        ("{SELL}", r"(?:sell|sells|sold|selling|offload|offloads|offloaded|offloading|divest|divests|divested|dispose of|disposes of|disposed of|transfer|transfers|transferred|hand over|handed over)".to_string()),
        ("{LICENSE}", r"(?:license|licenses|licensed|licensing|licence|licences|licenced|licencing|sublicense|sublicensed)".to_string()),
        ("{SUPPLY}", r"(?:supply|supplies|supplied|supplying|provide|provides|provided|providing|deliver|delivers|delivered|delivering|equip|equips|equipped|ship|ships|shipped|furnish|furnished)".to_string()),
        ("{INVEST}", r"(?:invest|invests|invested|investing|inject|injects|injected|pump|pumps|pumped|plough|ploughs|ploughed|put|puts)".to_string()),
        ("{PARTNER}", r"(?:partner|partners|partnered|partnering|team up|teams up|teamed up|teaming up|team|teamed|ally|allied|join forces|joins forces|joined forces|joining forces|cooperate|cooperates|cooperated|cooperating|co-operate|co-operates|co-operated|collaborate|collaborates|collaborated|collaborating|work together|works together|worked together|working together|link up|linked up|tie up|tied up|join|joined|joins)".to_string()),
        ("{AGREE}", r"(?:signed|signs|sign|signing|struck|strikes|strike|agreed|agrees|agree|reached|reaches|reach|inked|inks|sealed|seals|formed|forms|form|announced|announces|announce|unveiled|unveils|entered into|enters into|enter into|forged|forges|concluded|concludes|conclude|clinched|clinches|finalised|finalized|finalise|finalize|finalises|finalizes|renewed|renews|renew|extended|extends|extend|expanded|expands|expand|struck up|established|establishes|establish|launched|launches|set up|sets up|have|has|had)".to_string()),
        ("{AGREEMENT}", r"(?:partnerships?|alliances?|agreements?|deals?|pacts?|accords?|memorandum(?: of understanding)?|collaborations?|tie-ups?|contracts?|cooperation|co-operation|arrangements?|extensions?|renewals?)".to_string()),
        // Only inside `{AUX}` and `{OBJ}`, whose capture groups stay in the text.
        ("{AUX_WORDS}", format!("(?:{AUX_WORDS})")),
        ("{OBJ_WORDS}", format!(r"(?:(?:<[0-9]+>'s (?:(?:[a-z-]+ ){{0,2}}?{RELATIVE} )?|<[0-9]+>-[a-z]+ )?(?:[a-z0-9'$%.,-]+ ){{0,4}}?)")),
        ("{W}", r"(?:[^<>;]{0,80}?)".to_string()),
    ]
}

/// A pattern's regex before its word sets are written in: the slots and the capture groups
/// of `{AUX}` and `{OBJ}` become regex text, and each set is left as its `{NAME}` for
/// [`expand`] or [`parse_body`] to fill.
fn expand_frame(src: &str) -> String {
    // A subject may be followed by a comma where an appositive was dropped, and a relative
    // clause tells of its own subject's deal ("Westfield Capital, which backed Marston when
    // it was founded", "Arm, which was bought by SoftBank in 2016").
    let mut src = src.replace("{A} {AUX}", "{A}(?:, which|, who)?,? {AUX}");
    let mut n = 0;
    while let Some(i) = src.find("{OBJ}") {
        n += 1;
        src.replace_range(i..i + 5, &format!("(?P<obj{n}>{{OBJ_WORDS}})"));
    }
    // A slot's number is ASCII digits (`<` and `>` stand nowhere else in a template), so it is
    // matched as such: Unicode's `\d`, hundreds of ranges, made each slot cost three times as
    // much to compile, and a pattern has several.
    super::ascii_words(&src)
        .replace("{SLOT}", "<[0-9]+>")
        .replace("{A}", "<(?P<a>[0-9]+)>")
        .replace("{B}", "<(?P<b>[0-9]+)>")
        .replace("{C}", "<(?P<c>[0-9]+)>")
        .replace(
            "{PAIR}",
            "<(?P<a>[0-9]+)>(?:,? and (?:the )?|, | & | with )(?:[a-z0-9]+-[a-z0-9-]+ )?<(?P<b>[0-9]+)>",
        )
        .replace("{AUX}", r"(?P<aux>(?:{AUX_WORDS}[ ,]+)*)")
}

/// A pattern's regex as text: what [`parse_body`] parses, written out.
#[cfg(test)]
fn expand(src: &str) -> String {
    word_sets()
        .iter()
        .fold(expand_frame(src), |s, (name, set)| s.replace(name, set))
}

/// Parses a pattern's regex, each word set parsed once for all rows and written into the
/// row's tree where the row names it: parsing the sets again for each of the two hundred rows
/// was most of a process's start-up (80 ms of 126 on a one-line input). The tree is the one
/// parsing [`expand`]'s text gives (a test compares them for every row).
fn parse_body(src: &str) -> Result<Hir, Box<regex_syntax::Error>> {
    static SETS: OnceLock<Vec<(&'static str, Hir)>> = OnceLock::new();
    let sets = SETS.get_or_init(|| {
        word_sets()
            .into_iter()
            .map(|(name, set)| {
                let hir = regex_syntax::Parser::new()
                    .parse(&set)
                    .expect("the word sets parse (checked by a test)");
                (name, hir)
            })
            .collect()
    });
    // Each set becomes an empty named group, which no rewrite of the tree merges with its
    // neighbours, named for the set and numbered so that no two share a name.
    let mut text = expand_frame(src);
    let mut n = 0;
    for (k, (name, _)) in sets.iter().enumerate() {
        while let Some(i) = text.find(name) {
            n += 1;
            text.replace_range(i..i + name.len(), &format!("(?P<{SET_GROUP}{k}x{n}>)"));
        }
    }
    let hir = regex_syntax::Parser::new().parse(&text).map_err(Box::new)?;
    let mut index = 0;
    Ok(splice_sets(&hir, sets, &mut index))
}

/// The name prefix of the groups that stand for word sets in [`parse_body`].
const SET_GROUP: &str = "dealwireset";

/// Copies `h` with each word-set group replaced by its set and the remaining capture groups
/// numbered again in order of their opening parentheses, as the parser numbers them.
fn splice_sets(h: &Hir, sets: &[(&str, Hir)], index: &mut u32) -> Hir {
    use regex_syntax::hir::{Capture, Repetition};
    match h.kind() {
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => h.clone(),
        HirKind::Capture(c) => {
            let set = c
                .name
                .as_deref()
                .and_then(|name| name.strip_prefix(SET_GROUP))
                .and_then(|rest| rest.split('x').next()?.parse::<usize>().ok())
                .and_then(|k| sets.get(k));
            if let Some((_, set)) = set {
                return set.clone();
            }
            *index += 1;
            let i = *index;
            Hir::capture(Capture {
                index: i,
                name: c.name.clone(),
                sub: Box::new(splice_sets(&c.sub, sets, index)),
            })
        }
        HirKind::Concat(hs) => {
            Hir::concat(hs.iter().map(|s| splice_sets(s, sets, index)).collect())
        }
        HirKind::Alternation(hs) => {
            Hir::alternation(hs.iter().map(|s| splice_sets(s, sets, index)).collect())
        }
        HirKind::Repetition(r) => Hir::repetition(Repetition {
            min: r.min,
            max: r.max,
            greedy: r.greedy,
            sub: Box::new(splice_sets(&r.sub, sets, index)),
        }),
    }
}

pub fn patterns() -> &'static [Pattern] {
    static P: OnceLock<Vec<Pattern>> = OnceLock::new();
    P.get_or_init(|| {
        rows(PATTERNS)
            .filter_map(|row| {
                let cols: Vec<&str> = row.split('\t').collect();
                let [kind, types, roles, re] = cols[..] else {
                    return None;
                };
                let re_src = re;
                let kind = match kind {
                    "deal" => Kind::Deal,
                    "hint" => Kind::Hint,
                    "party" => Kind::Party,
                    "implied" => Kind::Implied,
                    _ => Kind::Pledge,
                };
                let hir = parse_body(re)
                    .expect("patterns in tables/patterns.tsv parse (checked by a test)");
                Some(Pattern {
                    keys: keys_of(re_src),
                    starts: body_starts(&hir),
                    hir,
                    kind,
                    types: types.split(',').map(str::to_string).collect(),
                    roles: roles.split(',').map(str::to_string).collect(),
                    compiled: OnceLock::new(),
                    source: row.to_string(),
                })
            })
            .collect::<Vec<Pattern>>()
    })
}

/// Compiles a pattern as `regex::Regex::new` would (leftmost-first, Unicode, UTF-8), with
/// roomier limits: the patterns are large alternations, and a lazy-DFA cache that keeps being
/// cleared costs more than the memory. The `{W}` gaps are bounded lazy repeats, searched
/// unbounded first ([`Relaxed`]).
///
/// Without a prefilter: a pattern is only ever searched anchored, at the starts
/// [`match_starts`] finds, and an anchored search never uses one. Building it (literal
/// extraction, and the reverse automata of the suffix and inner-literal strategies) was a
/// tenth of each pattern's compile time, which a process pays once per pattern it reaches.
fn compile(hir: Hir) -> Result<Relaxed, relax::BuildError> {
    Relaxed::from_hir(
        &hir,
        meta::Config::new()
            .nfa_size_limit(Some(32 << 20))
            .hybrid_cache_capacity(32 << 20)
            .auto_prefilter(false),
    )
}

/// The prefix literals of a pattern body, and a table of their first bytes for a quick no.
struct Starts {
    lits: Vec<Vec<u8>>,
    first: [bool; 256],
}

impl Starts {
    fn at(&self, body: &[u8]) -> bool {
        body.first().is_some_and(|&b| self.first[usize::from(b)])
            && self.lits.iter().any(|l| body.starts_with(l))
    }
}

/// The prefix literals of a pattern body, when they are few enough to be worth testing.
fn body_starts(hir: &Hir) -> Option<Starts> {
    let seq = Extractor::new().kind(ExtractKind::Prefix).extract(hir);
    let lits = seq.literals()?;
    if lits.is_empty() || lits.iter().any(|l| l.as_bytes().is_empty()) {
        return None;
    }
    let mut first = [false; 256];
    for l in lits {
        first[usize::from(l.as_bytes()[0])] = true;
    }
    // "(?:tried|tries|…) to {BUY}" expands to hundreds of prefixes; their first words are
    // as good a test (a shorter prefix is still one every match has) and far fewer.
    let mut short: Vec<Vec<u8>> = lits
        .iter()
        .map(|l| {
            let b = l.as_bytes();
            let end = b.iter().position(|&c| c == b' ').unwrap_or(b.len()).max(1);
            b[..end].to_vec()
        })
        .collect();
    short.sort_unstable();
    short.dedup();
    Some(Starts { lits: short, first })
}

/// Every key of every pattern, sorted and deduplicated: the list [`key_automaton`] searches.
fn all_keys(ps: &[Pattern]) -> Vec<&'static str> {
    let mut keys: Vec<&'static str> = ps.iter().flat_map(|p| p.keys.iter().copied()).collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// One automaton over all keys, reporting overlapping matches so that every key the template
/// contains is seen (keys are stems and overlap: "sell" and "sold", "licen" and "licensing").
fn key_automaton() -> &'static AhoCorasick {
    static A: OnceLock<AhoCorasick> = OnceLock::new();
    A.get_or_init(|| {
        AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::DFA))
            .build(all_keys(patterns()))
            .expect("pattern keys compile")
    })
}

/// The keys again, ASCII case-insensitive, for raw sentences.
fn sentence_key_automaton() -> &'static AhoCorasick {
    static A: OnceLock<AhoCorasick> = OnceLock::new();
    A.get_or_init(|| {
        AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::DFA))
            .ascii_case_insensitive(true)
            .build(all_keys(patterns()))
            .expect("pattern keys compile")
    })
}

/// Words that must not stand between a verb and its object slot: they mean the slot belongs to
/// another clause ("bought patents *from* X", "took a stake *in* X").
const OBJECT_BREAKERS: &[&str] = &[
    "from",
    "to",
    "with",
    "for",
    "in",
    "by",
    "and",
    "or",
    "but",
    "stake",
    "stakes",
    "shares",
    "share",
    "patent",
    "patents",
    "assets",
    "rights",
    "unit",
    "division",
    "business",
    "that",
    "which",
    "who",
    "after",
    "before",
    "as",
    "said",
    "says",
    "than",
    "products",
    "rival's",
    "plant",
    "equipment",
    "on",
    "at",
    "into",
    "about",
    "over",
    "would",
    "will",
    "could",
    "should",
    "might",
    "help",
    "helps",
    "helped",
    "is",
    "was",
    "are",
    "were",
    "has",
    "have",
    "had",
    "not",
    "also",
];

/// True when the (lower-case) text contains a key of any pattern: the cheap test that decides
/// whether a sentence is worth templating and matching at all.
pub fn any_key(lower: &str) -> bool {
    key_automaton().is_match(lower)
}

/// False only when no template of this sentence can contain a key: the sentence is folded
/// the way templates fold text (ASCII lower case, quotes dropped, curly apostrophes straight,
/// `<`, `>` and whitespace runs one space), and a template only takes text away from that
/// (organisations become `<k>` slots, which no key spans).
pub fn may_have_key(sentence: &str) -> bool {
    // A key written as it is (in any ASCII case) stays in the folded text: folding only
    // touches characters that no key has.
    if sentence_key_automaton().is_match(sentence) {
        return true;
    }
    // Printable ASCII without `"`, `<`, `>` and double spaces folds to its lower case only:
    // nothing more to find.
    let plain = is_plain(sentence.as_bytes()) && !sentence.contains("  ");
    if plain {
        return false;
    }
    let mut folded = String::with_capacity(sentence.len());
    for c in sentence.chars() {
        match c {
            '"' | '\u{201c}' | '\u{201d}' => {}
            '\u{2019}' | '\u{2018}' => folded.push('\''),
            c if c == '<' || c == '>' || c.is_whitespace() => {
                if !folded.ends_with(' ') {
                    folded.push(' ');
                }
            }
            c => folded.push(c.to_ascii_lowercase()),
        }
    }
    any_key(&folded)
}

/// True when every byte is printable ASCII other than `"`, `<` and `>`: the bytes that the
/// template fold leaves alone but for their case. Eight bytes at a time, since most sentences
/// have no key and this scan is then all the work done on them.
pub(super) fn is_plain(b: &[u8]) -> bool {
    use crate::swar::{any_below, any_eq, word, HIGH};
    let mut chunks = b.chunks_exact(8);
    for x in (&mut chunks).filter_map(word) {
        // A set high bit is non-ASCII; with none, the subtraction test finds bytes below 0x20.
        let bad = x & HIGH != 0
            || any_below(x, 0x20)
            || any_eq(x, 0x7f)
            || any_eq(x, b'"')
            || any_eq(x, b'<')
            || any_eq(x, b'>');
        if bad {
            return false;
        }
    }
    chunks
        .remainder()
        .iter()
        .all(|&c| (0x20..0x7f).contains(&c) && c != b'"' && c != b'<' && c != b'>')
}

/// One pattern match in one sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub pattern: usize,
    /// Slot numbers bound, in the pattern's role order.
    pub slots: Vec<usize>,
    /// The auxiliary words before the verb, for the status.
    pub aux: String,
    /// The matched template text, for the status and the type refinement.
    pub matched: String,
    /// Where the match starts in the template, so that rules can read what stands around it.
    pub start: usize,
}

/// Every pattern match in a template, pattern by pattern in table order, each pattern's
/// matches in text order and non-overlapping (what `captures_iter` per pattern gives).
pub fn matches(template: &str) -> Vec<Hit> {
    let mut out = Vec::new();
    let needles = needles();
    let seen = needles.scan(template);
    if seen.is_empty() {
        return out;
    }
    // Only patterns whose verbs or nouns the template contains, and whose literals stand in
    // it in the order the pattern writes them, can match; almost every other pattern is ruled
    // out here without running its regex.
    // A set, not a sorted and deduplicated list: the same ascending order, without the sort.
    let candidates = Bits::of(
        seen.ids().flat_map(|id| needles.keyed[id].iter().copied()),
        patterns().len(),
    );
    let mut bounds = Vec::new();
    let mut starts = Vec::new();
    for pi in candidates.ones() {
        let p = &patterns()[pi];
        if !seen.in_order(&needles.factors[pi]) {
            continue;
        }
        if bounds.is_empty() {
            bounds = boundaries(template);
        }
        starts.clear();
        match_starts(template, &bounds, p.starts.as_ref(), &mut starts);
        if starts.is_empty() {
            continue;
        }
        let c = p.compiled();
        let mut caps = c.re.create_captures();
        anchored_captures(
            |i, caps| c.re.search_captures(i, caps),
            template,
            starts.iter().copied(),
            &mut caps,
            |caps| {
                if let Some(hit) = hit_of(pi, p, template, caps) {
                    out.push(hit);
                }
            },
        );
    }
    out
}

/// A set of literal ids, one bit each.
#[derive(Debug, Clone, Default)]
struct Bits(Vec<u64>);

impl Bits {
    fn of(ids: impl IntoIterator<Item = usize>, len: usize) -> Bits {
        let mut b = Bits(vec![0; len.div_ceil(64)]);
        for id in ids {
            b.0[id / 64] |= 1 << (id % 64);
        }
        b
    }

    /// The ids in the set, ascending.
    fn ones(&self) -> impl Iterator<Item = usize> + '_ {
        self.0.iter().enumerate().flat_map(|(w, &bits)| {
            let mut rest = bits;
            std::iter::from_fn(move || {
                let b = rest.trailing_zeros() as usize;
                (rest != 0).then(|| {
                    rest &= rest - 1;
                    w * 64 + b
                })
            })
        })
    }

    /// The same set as its non-zero words only: a factor has a handful of literals among
    /// hundreds, and is tested against every template that reaches its pattern.
    fn sparse(&self) -> Vec<(usize, u64)> {
        self.0
            .iter()
            .enumerate()
            .filter(|(_, &w)| w != 0)
            .map(|(i, &w)| (i, w))
            .collect()
    }
}

/// Whether a sparse set (see [`Bits::sparse`]) holds `id`.
fn sparse_has(set: &[(usize, u64)], id: usize) -> bool {
    set.iter()
        .any(|&(w, m)| w == id / 64 && m & (1 << (id % 64)) != 0)
}

/// One element of a pattern that every match must contain: the match text has, at or after
/// the end of the previous factor's, one of these literals.
struct Factor {
    lits: Vec<(usize, u64)>,
    /// The shortest literal's length: a match's factor ends at least this far after the start
    /// of the earliest literal found.
    min_len: usize,
}

/// All the literals of all the patterns in one automaton, so that one pass over a template
/// rules out almost every pattern. A regex is a concatenation of elements; an element that
/// cannot match empty has a finite set of prefixes one of which its every match begins
/// with (the set `regex-syntax` extracts for prefilters), and the elements' matches follow
/// each other in the text. A template in which the prefix sets do not occur in order holds
/// no match, so skipping the pattern changes nothing; one in which they do is searched as
/// before. Elements that can match empty (`{AUX}`, `{W}`, `{OBJ}`) or whose prefixes are too
/// many or too short to be worth looking for (the `>` closing a slot) only widen the check.
struct Needles {
    ac: AhoCorasick,
    /// How many literals the automaton has.
    lits: usize,
    /// For each literal, the patterns (table rows, ascending) of which it is a key.
    keyed: Vec<Vec<usize>>,
    /// For each pattern, its required literals in the pattern's order.
    factors: Vec<Vec<Factor>>,
}

fn needles() -> &'static Needles {
    static N: OnceLock<Needles> = OnceLock::new();
    N.get_or_init(|| {
        let required: Vec<Vec<Vec<Vec<u8>>>> = patterns()
            .iter()
            .map(|p| required_prefixes(&p.hir))
            .collect();
        // Every literal once, keys and required prefixes alike, so that one scan finds both.
        let mut lits: Vec<Vec<u8>> = patterns()
            .iter()
            .flat_map(|p| p.keys.iter().map(|k| k.as_bytes().to_vec()))
            .chain(required.iter().flatten().flatten().cloned())
            .collect();
        lits.sort_unstable();
        lits.dedup();
        let n = lits.len();
        let id = |l: &[u8]| {
            lits.binary_search_by(|x| x.as_slice().cmp(l))
                .expect("every literal is in the list it was taken from")
        };
        let mut keyed = vec![Vec::new(); n];
        for (pi, p) in patterns().iter().enumerate() {
            for k in &p.keys {
                keyed[id(k.as_bytes())].push(pi);
            }
        }
        let factors = required
            .iter()
            .map(|sets| {
                sets.iter()
                    .map(|ls| Factor {
                        lits: Bits::of(ls.iter().map(|l| id(l)), n).sparse(),
                        min_len: ls.iter().map(Vec::len).min().unwrap_or(0),
                    })
                    .collect()
            })
            .collect();
        Needles {
            ac: AhoCorasick::builder()
                .kind(Some(AhoCorasickKind::DFA))
                .build(&lits)
                .expect("pattern literals compile"),
            lits: n,
            keyed,
            factors,
        }
    })
}

/// The prefix sets of the elements of a pattern body that every match has, in order (see
/// [`Needles`]).
fn required_prefixes(hir: &Hir) -> Vec<Vec<Vec<u8>>> {
    let elements = match hir.kind() {
        HirKind::Concat(v) => v.as_slice(),
        _ => std::slice::from_ref(hir),
    };
    elements
        .iter()
        .filter_map(|e| {
            let seq = Extractor::new().kind(ExtractKind::Prefix).extract(e);
            let ls: Vec<Vec<u8>> = seq
                .literals()?
                .iter()
                .map(|l| l.as_bytes().to_vec())
                .collect();
            // An empty prefix can start anything. Prefixes shorter than three bytes other
            // than a slot's `<` (a space, a `>`, "in", "e ") occur in nearly every template:
            // on the BBC set, keeping two-byte ones doubles the occurrences a scan reports
            // (31 against 16 a template) and rules out few more patterns (0.16 against 0.21
            // left a template).
            let useful = !ls.is_empty() && ls.iter().all(|l| l.len() >= 3 || l == b"<");
            useful.then_some(ls)
        })
        .collect()
}

/// The literals found in one template.
struct Seen {
    present: Bits,
    /// `(start, literal id)` of every occurrence, overlapping ones included.
    at: Vec<(usize, usize)>,
}

impl Needles {
    fn scan(&self, template: &str) -> Seen {
        let mut at = Vec::new();
        for m in self.ac.find_overlapping_iter(template) {
            at.push((m.start(), m.pattern().as_usize()));
        }
        // Overlapping matches come in order of their ends; `in_order` wants starts.
        at.sort_unstable();
        Seen {
            present: Bits::of(at.iter().map(|&(_, id)| id), self.lits),
            at,
        }
    }
}

impl Seen {
    fn is_empty(&self) -> bool {
        self.at.is_empty()
    }

    /// The literal ids seen, each once.
    fn ids(&self) -> impl Iterator<Item = usize> + '_ {
        self.present.ones()
    }

    fn any(&self, set: &[(usize, u64)]) -> bool {
        set.iter().any(|&(w, m)| self.present.0[w] & m != 0)
    }

    /// Whether the factors can be found one after another: each time the earliest occurrence
    /// at or after where the previous one ended at the soonest. Taking the earliest is never
    /// wrong: any later choice leaves less room for the rest.
    fn in_order(&self, factors: &[Factor]) -> bool {
        if !factors.iter().all(|f| self.any(&f.lits)) {
            return false;
        }
        let mut from = 0;
        for f in factors {
            // `at` is sorted by start: the first of the factor's literals from `from` on.
            let rest = &self.at[self.at.partition_point(|&(s, _)| s < from)..];
            let first = rest
                .iter()
                .find(|&&(_, id)| sparse_has(&f.lits, id))
                .map(|&(s, _)| s);
            match first {
                Some(s) => from = s + f.min_len,
                None => return false,
            }
        }
        true
    }
}

/// Calls `found` with each match in `hay`, leftmost-first and non-overlapping, in text
/// order: what `captures_iter` gives, provided `search` is an anchored captures search of a
/// regex and `starts` holds, ascending, every offset where a match can start with the offset
/// its regex is searched from there: `(start, start)` for a regex searched as it is, and for
/// one whose leading element was left out of the compiled regex, one pair for each way that
/// element can match at `start`, in the order the element prefers them (the match then runs
/// from `start`). Each start is tried with anchored searches, which need no reverse scan to
/// find where the match began, and the next try begins where a match ended.
pub(super) fn anchored_captures(
    mut search: impl FnMut(&Input, &mut Captures),
    hay: &str,
    starts: impl IntoIterator<Item = (usize, usize)>,
    caps: &mut Captures,
    mut found: impl FnMut(&Captures),
) {
    let mut from = 0;
    let mut last_end: Option<usize> = None;
    // The start whose preferred match was found: its other ways are not tried.
    let mut settled: Option<usize> = None;
    for (start, at) in starts {
        if start < from || settled == Some(start) {
            continue;
        }
        let input = Input::new(hay).range(at..).anchored(Anchored::Yes);
        search(&input, caps);
        let Some(m) = caps.get_match() else { continue };
        settled = Some(start);
        // An empty match where the last one ended is skipped, as the iterator does.
        if start == m.end() && last_end == Some(m.end()) {
            continue;
        }
        if at != start {
            // Group 0 is the match with its leading element.
            if let Some(slot) = caps.slots_mut().first_mut() {
                *slot = NonMaxUsize::new(start);
            }
        }
        from = m.end();
        last_end = Some(m.end());
        found(caps);
    }
}

/// Where a match can start, whatever the pattern: `(start, body)` pairs, ascending, for the
/// two ways the leading `(?:^|[^a-z0-9])` can match: empty at offset 0 (body at 0), or one
/// character outside `[a-z0-9]` (body right after it). That leading element is not compiled
/// into the patterns' regexes: these pairs stand for it. Unicode's `[^a-z0-9]` made up a
/// third of a small pattern's compile time, paid for every pattern a process reaches.
fn boundaries(t: &str) -> Vec<(usize, usize)> {
    let mut out = vec![(0, 0)];
    for (i, c) in t.char_indices() {
        if !(c.is_ascii_lowercase() || c.is_ascii_digit()) {
            out.push((i, i + c.len_utf8()));
        }
    }
    out
}

/// The `(start, body)` pairs of [`boundaries`] at which a pattern whose body begins with one
/// of `lits` (any body when None) can match.
fn match_starts(
    t: &str,
    bounds: &[(usize, usize)],
    lits: Option<&Starts>,
    out: &mut Vec<(usize, usize)>,
) {
    let b = t.as_bytes();
    out.extend(
        bounds
            .iter()
            .filter(|&&(_, body)| lits.is_none_or(|ls| ls.at(&b[body..]))),
    );
}

/// The hit of a match, or None when an object gap crosses a clause or a slot is not bound.
fn hit_of(pi: usize, p: &Pattern, t: &str, caps: &Captures) -> Option<Hit> {
    let text = |g: usize| caps.get_group(g).map(|s| &t[s.start..s.end]);
    let c = p.compiled();
    let broken = c.obj_groups.iter().filter_map(|&g| text(g)).any(|o| {
        o.split_whitespace()
            .any(|w| OBJECT_BREAKERS.contains(&w.trim_matches(',')))
    });
    if broken {
        return None;
    }
    let slots: Vec<usize> = c
        .slot_groups
        .iter()
        .filter_map(|&g| text(g))
        .filter_map(|s| s.parse().ok())
        .collect();
    let implied = usize::from(p.kind == Kind::Implied);
    if slots.len() + implied != p.roles.len() {
        return None;
    }
    Some(Hit {
        pattern: pi,
        slots,
        aux: c
            .aux_group
            .and_then(text)
            .map(str::to_string)
            .unwrap_or_default(),
        matched: text(0).map(str::to_string).unwrap_or_default(),
        start: caps.get_match().map_or(0, |m| m.start()),
    })
}

/// The plain way to match, kept as the reference the fast matcher must agree with: every
/// pattern compiled with `regex` and run with `captures_iter` over the whole template.
#[cfg(test)]
pub fn matches_reference(template: &str) -> Vec<Hit> {
    static R: OnceLock<Vec<regex::Regex>> = OnceLock::new();
    let res = R.get_or_init(|| {
        rows(PATTERNS)
            .filter_map(|row| row.split('\t').nth(3))
            .map(|re| {
                regex::RegexBuilder::new(&format!(r"(?:^|[^a-z0-9]){}", expand(re)))
                    .size_limit(32 << 20)
                    .dfa_size_limit(32 << 20)
                    .build()
                    .expect("pattern compiles")
            })
            .collect()
    });
    let mut out = Vec::new();
    for (pi, (p, re)) in patterns().iter().zip(res).enumerate() {
        if !p.keys.iter().any(|k| template.contains(k)) {
            continue;
        }
        for c in re.captures_iter(template) {
            let broken = ["obj1", "obj2", "obj3"]
                .iter()
                .filter_map(|n| c.name(n))
                .any(|o| {
                    o.as_str()
                        .split_whitespace()
                        .any(|w| OBJECT_BREAKERS.contains(&w.trim_matches(',')))
                });
            if broken {
                continue;
            }
            let slots: Vec<usize> = ["a", "b", "c"]
                .iter()
                .filter_map(|n| c.name(n))
                .filter_map(|m| m.as_str().parse().ok())
                .collect();
            if slots.len() + usize::from(p.kind == Kind::Implied) != p.roles.len() {
                continue;
            }
            out.push(Hit {
                pattern: pi,
                slots,
                aux: c
                    .name("aux")
                    .map(|a| a.as_str().to_string())
                    .unwrap_or_default(),
                matched: c.get(0).map(|m| m.as_str().to_string()).unwrap_or_default(),
                start: c.get(0).map_or(0, |m| m.start()),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hand-made templates at the edges of the anchored search: slots at the very start and
    /// end, non-ASCII boundaries, repeated and overlapping candidates, empty text.
    #[test]
    fn every_pattern_has_a_key() {
        // A pattern without keys is never run: the prefilter would skip it silently.
        for p in patterns() {
            assert!(!p.keys.is_empty(), "no key selects {}", p.source);
        }
    }

    #[test]
    fn anchored_matching_agrees_with_the_reference() {
        let cases = [
            "",
            "<0>",
            "<0> bought <1>",
            "<0> bought <1>.",
            "«<0> bought <1>» and <2> acquired <3> for $1bn; <4> was bought by <5>",
            "x<0> bought <1> — <2>'s acquisition of <3>",
            "—<0> and <1> signed a patent cross-licensing agreement with <2> and <3>",
            "the takeover of <0> by <1>, a merger between <2> and <3>",
            "technology-sharing deal with <0> and <1>; technology sharing between <2> and <3>",
            "<0> and <1> will share technology and <1> will share technology with <2>",
            "<0> <1> <2> bought bought <3> from <4> from <5>",
            "é<0> has agreed to buy rival chipmaker <1> from <2>",
            "<0>, <1> & <2> formed a joint venture between <3> and <4>",
            // The required literals present, but out of order, and then in order.
            "<0> from <1> bought patents; patents from <2> bought by <3>",
            "from <0> patents bought <1> from <2> patents bought from <3>",
            // Overlapping literals ("licens", "cross-licens", "sold", "sold to").
            "<0> sold sold patents to to<1>, cross-cross-licensing with <2>",
        ];
        for t in cases {
            assert_eq!(matches(t), matches_reference(t), "{t}");
        }
    }

    #[test]
    fn word_sets_parsed_once_give_the_tree_of_the_written_out_regex() {
        for (name, set) in word_sets() {
            regex_syntax::Parser::new()
                .parse(&set)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        let mut rows_seen = 0;
        for re in rows(PATTERNS).filter_map(|row| row.split('\t').nth(3)) {
            let written = regex_syntax::Parser::new()
                .parse(&expand(re))
                .unwrap_or_else(|e| panic!("{re}: {e}"));
            let spliced = parse_body(re).unwrap_or_else(|e| panic!("{re}: {e}"));
            assert_eq!(spliced, written, "{re}");
            rows_seen += 1;
        }
        assert!(rows_seen > 100, "{rows_seen} rows");
        // Sets that stand side by side, repeated, or as alternatives are written in whole.
        for re in [
            "{A} (?:{BUY}|{SELL}) {B}",
            "{A} {AGREE}? {AGREEMENT}s? with {B}",
            "{PAIR} {AUX}{PARTNER}",
        ] {
            let written = regex_syntax::Parser::new()
                .parse(&expand(re))
                .expect("test regex");
            assert_eq!(parse_body(re).expect("test regex"), written, "{re}");
        }
    }

    #[test]
    fn required_literals_are_read_in_order() {
        let body = expand("{A} {AUX}{BUY} {W}patents?{W} from {OBJ}{B}");
        let hir = regex_syntax::Parser::new().parse(&body).expect("test body");
        let firsts: Vec<String> = required_prefixes(&hir)
            .iter()
            .map(|ls| String::from_utf8_lossy(&ls[0]).into_owned())
            .collect();
        assert_eq!(firsts.first().map(String::as_str), Some("<"));
        let at = |l: &str| firsts.iter().position(|f| f == l);
        assert!(
            at("patent") < at(" from ") && at("patent").is_some(),
            "{firsts:?}"
        );
        // Out of order, the pattern is not even tried; in order, it is, and matches.
        let pi = patterns()
            .iter()
            .position(|p| p.hir == hir)
            .expect("the pattern is in the table");
        let tried = |t: &str| needles().scan(t).in_order(&needles().factors[pi]);
        assert!(!tried("<0> from <1> bought patents"));
        assert!(!tried("<0> bought patents"));
        assert!(tried("<0> bought patents from <1>"));
        assert!(!tried("<0> bought patents from no one"));
        assert!(tried("<0> bought patents from a unit of <1>"));
        let k = kinds("<0> bought patents from <1>");
        assert!(
            k.contains(&("patent_acquisition".into(), vec![0, 1])),
            "{k:?}"
        );
    }

    fn kinds(template: &str) -> Vec<(String, Vec<usize>)> {
        matches(template)
            .into_iter()
            .map(|h| (patterns()[h.pattern].types.join("+"), h.slots))
            .collect()
    }

    #[test]
    fn the_plain_test_reads_every_byte() {
        let slow = |b: &[u8]| {
            b.iter()
                .all(|&c| (0x20..0x7f).contains(&c) && c != b'"' && c != b'<' && c != b'>')
        };
        let base = b"The weather was fine, said Acme's chief (ACME) on 12/3.".to_vec();
        assert!(is_plain(&base));
        for i in 0..base.len() {
            for c in [
                0u8, 0x09, 0x1f, 0x20, 0x21, 0x22, 0x3c, 0x3d, 0x3e, 0x7e, 0x7f, 0x80, 0xff,
            ] {
                let mut b = base.clone();
                b[i] = c;
                assert_eq!(is_plain(&b), slow(&b), "{i} {c:#x}");
            }
        }
    }

    #[test]
    fn sentences_whose_template_can_hold_a_key_are_kept() {
        for s in [
            "Acme will TAKE OVER Bolt.",
            "Acme will take  over Bolt.",
            "Acme will take\u{b}over Bolt.",
            "Acme will ta\"ke\" over Bolt.",
            "Acme’s li\u{201c}cen\u{201d}se",
            "Acme will take<over Bolt.",
        ] {
            assert!(may_have_key(s), "{s}");
        }
        assert!(!may_have_key("The weather was fine."));
        assert!(!may_have_key("The “weather” was fine."));
    }

    #[test]
    fn all_patterns_compile_and_have_keys() {
        assert!(patterns().len() > 40);
        for p in patterns() {
            assert!(!p.keys.is_empty(), "no trigger keys for {}", p.source);
            // The bounded form is built on first need at run time; it must build.
            p.compiled().re.build_exact();
        }
    }

    #[test]
    fn patent_purchase_is_not_a_company_purchase() {
        let k = kinds("to recall, <0> also bought 1,500 patents from <1> last year.");
        assert!(
            k.contains(&("patent_acquisition".into(), vec![0, 1])),
            "{k:?}"
        );
        assert!(!k.iter().any(|(t, _)| t == "acquisition"), "{k:?}");
    }

    #[test]
    fn acquisition_active_and_passive() {
        let k = kinds("<0> has agreed to buy rival chipmaker <1> for $2bn.");
        assert!(k.contains(&("acquisition".into(), vec![0, 1])), "{k:?}");
        let k = kinds("<0> was acquired by <1> in 2015.");
        assert!(k.contains(&("acquisition".into(), vec![0, 1])), "{k:?}");
    }

    #[test]
    fn stake_is_an_investment() {
        let k = kinds("<0> took a 15% stake in <1>.");
        assert!(k.contains(&("investment".into(), vec![0, 1])), "{k:?}");
        assert!(!k.iter().any(|(t, _)| t == "acquisition"), "{k:?}");
    }

    #[test]
    fn a_stake_sold_to_a_named_buyer_binds_all_three() {
        let k = kinds("<0> has agreed to sell a 20% stake in its <1> to <2> for $4bn.");
        assert!(k.contains(&("investment".into(), vec![0, 1, 2])), "{k:?}");
        // Without a buyer the sale still binds seller and company.
        let k = kinds("<0> has agreed to sell a 20% stake in <1>.");
        assert!(k.contains(&("investment".into(), vec![0, 1])), "{k:?}");
    }

    #[test]
    fn cross_licence_and_supply() {
        let k = kinds("<0> and <1> signed a multi-year patent cross-licensing agreement.");
        assert!(
            k.contains(&("patent_cross_license".into(), vec![0, 1])),
            "{k:?}"
        );
        let k = kinds("<0> will supply <1> with 30,000 vehicles.");
        assert!(
            k.contains(&("supply_agreement".into(), vec![0, 1])),
            "{k:?}"
        );
    }
}

#[cfg(test)]
mod table_tests {

    use crate::extract::testkit::{records, summaries, summary, Summary};

    #[test]
    fn taking_a_licence_or_paying_royalties_makes_the_payer_a_licensee() {
        let licence = |a: &str, b: &str| {
            vec![
                (b.to_string(), "licensor".to_string()),
                (a.to_string(), "licensee".to_string()),
            ]
        };
        for text in [
            "Keplar Group took a licence to Vantor Ltd's patents on radio chips.",
            "Under the deal Keplar Group pays royalties for Vantor Ltd's patents.",
            "Keplar Group will pay Vantor Ltd royalties on every handset that uses its patents.",
        ] {
            let got: Vec<Summary> = summaries(text);
            assert!(
                got.iter()
                    .any(|s| s.0.contains(&"patent_license".to_string())
                        && s.1 == licence("Keplar Group", "Vantor")),
                "{text}: {got:?}"
            );
        }
        let got: Vec<Summary> = records(
            "Keplar Group has agreed to pay Vantor Ltd $30m to settle a patent dispute over \
             speakers.",
        )
        .iter()
        .map(summary)
        .collect();
        assert!(
            got.iter()
                .any(|s| s.0.contains(&"patent_settlement".to_string()) && s.2 != "terminated"),
            "{got:?}"
        );
    }

    #[test]
    fn a_deal_or_plan_to_buy_reads_as_buying() {
        for (text, status) in [
            (
                "Keplar Group has abandoned its $4bn deal to buy Ostrel Ltd from Vantor Ltd.",
                "terminated",
            ),
            (
                "Keplar Group struck a deal to buy Ostrel Ltd on Monday.",
                "signed",
            ),
        ] {
            let got: Vec<Summary> = summaries(text);
            assert!(
                got.iter().any(|s| s.0 == ["acquisition"]
                    && s.1
                        .contains(&("Keplar Group".to_string(), "acquirer".to_string()))
                    && s.1.contains(&("Ostrel".to_string(), "target".to_string()))
                    && s.2 == status),
                "{text}: {got:?}"
            );
        }
    }

    #[test]
    fn agreeing_with_a_company_to_develop_is_a_partnership() {
        let got: Vec<Summary> = summaries(
            "Keplar Group has agreed with Vantor Ltd to jointly develop affordable electric cars.",
        );
        assert_eq!(
            got,
            [(
                vec!["partnership".to_string()],
                vec![
                    ("Keplar Group".to_string(), "partner".to_string()),
                    ("Vantor".to_string(), "partner".to_string())
                ],
                "signed".to_string()
            )]
        );
    }

    #[test]
    fn companies_developing_a_common_thing_are_partners() {
        let got: Vec<Summary> = records(
            "Unlike Brightmere Networks Ltd, chip firms Keplar Group, Vantor Ltd and Ostrel Inc \
             are developing a common standard for wireless charging.",
        )
        .iter()
        .map(summary)
        .collect();
        let partner = |n: &str| (n.to_string(), "partner".to_string());
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, ["partnership"]);
        let mut names = got[0].1.clone();
        names.sort();
        assert_eq!(
            names,
            [
                partner("Keplar Group"),
                partner("Ostrel"),
                partner("Vantor")
            ]
        );
    }

    #[test]
    fn backing_a_company_after_a_stake_is_the_subject_s_investment() {
        // "The group" opening the second clause carries the subject on; the year belongs to
        // the first clause's deal only.
        let r = records(
            "Keplar Group has been a big investor in Asia. It took a stake in Vantor Ltd in \
             2018, and the group has also backed payments company Ostrel Ltd.",
        );
        let got: Vec<Summary> = r.iter().map(summary).collect();
        let ostrel = r
            .iter()
            .find(|x| x.parties.iter().any(|p| p.name == "Ostrel"));
        assert!(
            ostrel.is_some_and(|x| x.types == ["investment"]
                && x.status == "completed"
                && x.date.as_ref().is_none_or(|d| d.value != "2018")
                && x.parties
                    .iter()
                    .any(|p| p.name == "Keplar Group" && p.role == "investor")),
            "{got:?} {ostrel:#?}"
        );
    }

    #[test]
    fn the_winner_of_a_contest_is_the_buyer() {
        for text in [
            "Keplar Group outbid favourite Vantor Ltd, a state-owned firm, to buy Brightmere Networks.",
            "A year ago Keplar Group beat Vantor Ltd to buy Brightmere Networks.",
        ] {
            let r = records(text);
            assert_eq!(r.len(), 1, "{text}: {r:?}");
            let (types, parties, status) = summary(&r[0]);
            assert_eq!(types, ["acquisition"], "{text}");
            assert_eq!(status, "completed", "{text}");
            assert!(
                parties.contains(&("Keplar Group".into(), "acquirer".into()))
                    && !parties.iter().any(|p| p.0 == "Vantor"),
                "{text}: {parties:?}"
            );
        }
    }

    #[test]
    fn a_participle_clause_shares_the_subject() {
        let r = records(
            "Madrid-based Ferrovial SA has been keen to snap up UK assets, having bought Amey plc in 2003.",
        );
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(
            summary(&r[0]),
            (
                vec!["acquisition".to_string()],
                vec![
                    ("Ferrovial".to_string(), "acquirer".to_string()),
                    ("Amey".to_string(), "target".to_string())
                ],
                "completed".to_string()
            )
        );
        let r = records(
            "Exel plc employs 109,000 people and has been active in the consolidation of the \
             logistics sector, paying £328m to buy fellow UK firm Tibbett & Britten last August.",
        );
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(r[0].status, "completed");
        assert_eq!(
            r[0].money.as_ref().and_then(|m| m.amount),
            Some(328_000_000.0)
        );
    }

    #[test]
    fn a_thing_as_subject_implies_the_article_s_organisation() {
        let r = records(
            "Internet giant Yahoo has launched desktop search software. \
             The desktop search technology has been licensed from a US-based firm X1 Technologies Inc.",
        );
        assert_eq!(r.len(), 1, "{r:?}");
        let (types, parties, status) = summary(&r[0]);
        assert_eq!(types, ["technology_license"]);
        assert_eq!(status, "signed");
        assert!(
            parties.contains(&("Yahoo".into(), "licensee".into())),
            "{parties:?}"
        );
        assert!(
            parties.contains(&("X1 Technologies".into(), "licensor".into())),
            "{parties:?}"
        );
        // With no organisation spoken of before, there is nobody to imply.
        assert!(records("The technology has been licensed from X1 Technologies Inc.").is_empty());
    }

    #[test]
    fn paying_for_a_company_is_buying_it() {
        let r = records(
            "Consolidation is being driven by Constellation Brands, the world's biggest \
             winemaker. It seized the top spot when it bought BRL Hardy Ltd for just over $1bn \
             in 2003. Since then, it has paid $1bn for US wine maker Robert Mondavi.",
        );
        let got: Vec<_> = r.iter().map(summary).collect();
        assert_eq!(r.len(), 2, "{got:?}");
        for rec in &r {
            assert_eq!(rec.parties[0].name, "Constellation Brands", "{got:?}");
            assert_eq!(rec.money.as_ref().and_then(|m| m.amount), Some(1e9));
        }
        assert!(
            r.iter().any(|x| x.parties[1].name == "Robert Mondavi"),
            "{got:?}"
        );
    }

    #[test]
    fn cooperation_without_a_partnership_verb() {
        let r = summaries(
            "Samsung Electronics and Sony are among the firms working together on LCD panels.",
        );
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(r[0].0, ["partnership"]);
        let r = summaries(
            "A slimming aid is set to be developed by UK firm Phytopharm plc and Unilever. \
             Phytopharm plc will receive an initial fee of £6.5m from Unilever, out of a \
             potential total of £21m, as well as royalties on sales.",
        );
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(r[0].0, ["technology_license", "partnership"], "{r:?}");
        assert!(
            r[0].1.contains(&("Phytopharm".into(), "licensor".into())),
            "{r:?}"
        );
        let m = records(
            "Phytopharm plc will receive an initial fee of £6.5m from Unilever, out of a \
             potential total of £21m, as well as royalties on sales.",
        );
        assert_eq!(m[0].money.as_ref().and_then(|m| m.amount), Some(21e6));
        assert_ne!(m[0].status, "rumoured", "a potential total is no rumour");
        let r =
            summaries("The $1.75bn agreement Lenovo signed with IBM on 8 December goes through.");
        assert_eq!(r.len(), 1, "{r:?}");
        let r = summaries(
            "Virgin Radio is going mobile. The radio station, in partnership with technology \
             firm Sydus Inc, will broadcast on 3G networks.",
        );
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(r[0].1[0].0, "Virgin Radio", "{r:?}");
    }

    #[test]
    fn background_purchases_in_other_shapes() {
        let r = summaries(
            "Pernod Ricard's last major purchase was a third of US giant Seagram Co in 2000.",
        );
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(r[0].0, ["investment"]);
        let r = summaries(
            "The Oatley family founded the Rosemount Estates label and sold it to Southcorp Ltd in 2001.",
        );
        assert_eq!(r.len(), 1, "{r:?}");
        assert!(
            r[0].1.contains(&("Southcorp".into(), "acquirer".into())),
            "{r:?}"
        );
        let r = summaries(
            "German drug firm Paion AG hopes to raise 70m euros. The money will be spent on \
             other drugs, since desmoteplase has already been licensed to one manufacturer, \
             Forest Laboratories Inc.",
        );
        assert_eq!(r.len(), 1, "{r:?}");
        assert!(
            r[0].1.contains(&("Paion".into(), "licensor".into())),
            "{r:?}"
        );
    }

    #[test]
    fn a_partnership_verb_is_a_whole_word() {
        // "Teams" is a noun here, not "team up".
        assert!(records(
            "She works at the institute in the Semantic Scholar Inc and OLMo Ltd teams."
        )
        .is_empty());
        assert_eq!(
            records("Zotero Inc and Internet Archive Corp join forces.").len(),
            1
        );
    }

    #[test]
    fn pledge_has_one_party() {
        let r = records(
            "IBM said it would release 500 of its software patents to the open-source community.",
        );
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(
            summary(&r[0]).1,
            vec![("IBM".to_string(), "licensor".to_string())]
        );
        assert_eq!(r[0].patents.as_ref().and_then(|p| p.count), Some(500));
    }

    #[test]
    fn new_patterns_of_funding_rounds_supplier_choice_licences_and_plural_possessives() {
        let pair = |t: &str, a: (&str, &str), b: (&str, &str)| {
            (
                t.to_string(),
                [a, b].map(|(n, r)| (n.to_string(), r.to_string())),
            )
        };
        let has = |text: &str, want: (String, [(String, String); 2])| {
            let g = summaries(text);
            assert!(
                g.iter().any(|(types, parties, _)| types.contains(&want.0)
                    && want.1.iter().all(|p| parties.contains(p))),
                "{text}: {g:?}"
            );
        };
        has(
            "Tavira Systems led a $40m Series B round in Quillon Semiconductor.",
            pair(
                "investment",
                ("Tavira Systems", "investor"),
                ("Quillon Semiconductor", "investee"),
            ),
        );
        has(
            "Tavira Systems picked Quillon Semiconductor to supply chips for its new phones.",
            pair(
                "supply_agreement",
                ("Tavira Systems", "customer"),
                ("Quillon Semiconductor", "supplier"),
            ),
        );
        has(
            "Tavira Systems has chosen Quillon Semiconductor and Brenna Labs as suppliers of its modems.",
            pair(
                "supply_agreement",
                ("Tavira Systems", "customer"),
                ("Brenna Labs", "supplier"),
            ),
        );
        has(
            "Tavira Systems has licensed Quillon Semiconductor's display technology.",
            pair(
                "technology_license",
                ("Tavira Systems", "licensee"),
                ("Quillon Semiconductor", "licensor"),
            ),
        );
        has(
            "Tavira Systems' $2bn takeover of Quillon Semiconductor has been approved.",
            pair(
                "acquisition",
                ("Tavira Systems", "acquirer"),
                ("Quillon Semiconductor", "target"),
            ),
        );
        // Each supplier of a list has its own contract.
        let supplies = summaries(
            "Tavira Systems has chosen Quillon Semiconductor and Brenna Labs as suppliers of its modems.",
        )
        .into_iter()
        .filter(|g| g.0 == ["supply_agreement"])
        .map(|g| g.1.len())
        .collect::<Vec<_>>();
        assert_eq!(supplies, [2, 2]);
        // Choosing a name for something else is no supply.
        assert!(
            summaries("Tavira Systems picked Quillon Semiconductor as its name in 2001.")
                .is_empty()
        );
    }

    /// "Signed a deal with Y to supply": the subject of the agreement supplies; before this
    /// rule both sides were read as partners.
    #[test]
    fn an_agreement_with_someone_to_supply_makes_the_subject_the_supplier() {
        for text in [
            "Tavira Systems has signed a deal with Quillon Motors to supply it with 30,000 batteries.",
            "Tavira Systems signed a three-year contract with Quillon Motors to deliver batteries.",
        ] {
            let g = summaries(text);
            let roles = g
                .iter()
                .find(|(types, _, _)| types.contains(&"supply_agreement".to_string()))
                .map(|(_, parties, _)| parties.clone());
            assert_eq!(
                roles,
                Some(vec![
                    ("Tavira Systems".to_string(), "supplier".to_string()),
                    ("Quillon Motors".to_string(), "customer".to_string()),
                ]),
                "{text}: {g:?}"
            );
        }
    }

    /// "Has invested in Y", with nothing between the verb and "in": the pattern wanted a word
    /// there.
    #[test]
    fn invested_in_with_nothing_between() {
        let g = summaries("Tavira Capital has invested in Quillon Robotics.");
        assert!(
            g.iter().any(|(types, parties, _)| types == &["investment"]
                && parties
                    == &[
                        ("Tavira Capital".to_string(), "investor".to_string()),
                        ("Quillon Robotics".to_string(), "investee".to_string()),
                    ]),
            "{g:?}"
        );
    }

    #[test]
    fn participles_and_adjunct_deals_share_the_subject() {
        let has = |text: &str, want: Summary| {
            let got = summaries(text);
            assert!(got.contains(&want), "{text}\n{got:?}");
        };
        let pair = |a: &str, ra: &str, b: &str, rb: &str| {
            vec![
                (a.to_string(), ra.to_string()),
                (b.to_string(), rb.to_string()),
            ]
        };
        has(
            "Corvel Group has just closed its largest deal, acquiring Lumora Labs for $2bn.",
            (
                vec!["acquisition".into()],
                pair("Corvel Group", "acquirer", "Lumora Labs", "target"),
                "completed".into(),
            ),
        );
        has(
            "Halden Devices raised cash this year by selling 300 of its patents to Kalvik \
             Licensing for $9m.",
            (
                vec!["patent_acquisition".into()],
                pair("Halden Devices", "seller", "Kalvik Licensing", "buyer"),
                "completed".into(),
            ),
        );
        has(
            "In 2019 Brightlane Energy grew its storage arm with the acquisition of Ostrel \
             Batteries.",
            (
                vec!["acquisition".into()],
                pair(
                    "Brightlane Energy",
                    "acquirer",
                    "Ostrel Batteries",
                    "target",
                ),
                "completed".into(),
            ),
        );
        // A coordinated passive: the first clause's subject was bought.
        let got =
            summaries("Tessel Audio bought Varda Sound and was in turn acquired by Minseo Group.");
        assert!(
            got.iter().any(
                |s| s.1.contains(&("Minseo Group".into(), "acquirer".into()))
                    && s.1.contains(&("Tessel Audio".into(), "target".into()))
            ),
            "{got:?}"
        );
        // An investment named before its investor.
        let got = summaries(
            "The new money comes on top of the $90m in earlier investments Keplar Capital made \
             in Vantor Aero.",
        );
        assert!(
            got.iter().any(|s| s.0 == ["investment"]
                && s.1.contains(&("Keplar Capital".into(), "investor".into()))),
            "{got:?}"
        );
    }

    #[test]
    fn a_merger_named_from_one_side_is_its_takeover() {
        let got = summaries("Tessel Audio entered a $1bn merger with Varda Sound in 2016.");
        assert!(
            got.iter().any(|s| s.0 == ["acquisition"]
                && s.1.contains(&("Tessel Audio".into(), "acquirer".into()))
                && s.1.contains(&("Varda Sound".into(), "target".into()))),
            "{got:?}"
        );
        // Told of both sides alike, the merger has partners.
        let got = summaries("Tessel Audio and Varda Sound have completed their merger.");
        assert!(
            got.iter().any(|s| s.1.iter().all(|p| p.1 == "partner")),
            "{got:?}"
        );
    }

    #[test]
    fn walking_away_from_a_deal_ends_it() {
        let got = summaries(
            "Corvel Group said it is walking away from its attempt to acquire Lumora Labs.",
        );
        assert!(
            got.iter()
                .any(|s| s.0 == ["acquisition"] && s.2 == "terminated"),
            "{got:?}"
        );
        let got = summaries("Corvel Group is canceling its plans to buy Lumora Labs.");
        assert!(
            got.iter()
                .any(|s| s.0 == ["acquisition"] && s.2 == "terminated"),
            "{got:?}"
        );
    }

    /// Each row added for tech news's ways of telling a transfer or a licence, on a sentence
    /// of the project's own.
    #[test]
    fn transfers_and_licences_in_tech_news_shapes() {
        // (sentence, a type of the record, its parties with their roles)
        type Case<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)]);
        let cases: &[Case] = &[
            (
                "The delay hurt Corvel Group's Lumora acquisition, analysts said.",
                "acquisition",
                &[("Corvel Group", "acquirer"), ("Lumora", "target")],
            ),
            (
                "Streaming patents have been licensed to Varda Mobile by Kestrel Licensing.",
                "patent_license",
                &[("Varda Mobile", "licensee"), ("Kestrel Licensing", "licensor")],
            ),
            (
                "Regulators blocked a hostile takeover bid for Ostrel Chips by Minseo Group.",
                "acquisition",
                &[("Ostrel Chips", "target"), ("Minseo Group", "acquirer")],
            ),
            (
                "Tessel Holdings paid $40m to Brevik Networks for a portfolio of radio patents.",
                "patent_acquisition",
                &[("Tessel Holdings", "buyer"), ("Brevik Networks", "seller")],
            ),
            (
                "Kalvik Licensing picked up a portfolio of chip patents from Ostrel Chips last year.",
                "patent_acquisition",
                &[("Kalvik Licensing", "buyer"), ("Ostrel Chips", "seller")],
            ),
            (
                "Chipmaker Ostrel Chips assigned Kalvik Licensing over 200 patents in 2019.",
                "patent_acquisition",
                &[("Ostrel Chips", "seller"), ("Kalvik Licensing", "buyer")],
            ),
            (
                "Kalvik Licensing has finalized the acquisition of 12 patent portfolios held by \
                 Brevik Networks.",
                "patent_acquisition",
                &[("Kalvik Licensing", "buyer"), ("Brevik Networks", "seller")],
            ),
            (
                "Varda Mobile has reached a new agreement to license Kestrel technology.",
                "technology_license",
                &[("Varda Mobile", "licensee"), ("Kestrel", "licensor")],
            ),
        ];
        for (text, ty, parties) in cases {
            let got = summaries(text);
            let ok = got.iter().any(|s| {
                s.0.iter().any(|t| t == ty)
                    && parties
                        .iter()
                        .all(|(n, r)| s.1.contains(&(n.to_string(), r.to_string())))
            });
            assert!(ok, "{text}\n{got:?}");
        }
    }

    #[test]
    fn licensees_listed_as_such() {
        let got = summaries(
            "Analysts found Varda Mobile as well as Ostrel Corp among the licensees listed on \
             the website of pool administrator Kalvik Licensing.",
        );
        for n in ["Varda Mobile", "Ostrel"] {
            assert!(
                got.iter()
                    .any(|s| s.1.contains(&(n.to_string(), "licensee".to_string()))
                        && s.1
                            .contains(&("Kalvik Licensing".to_string(), "licensor".to_string()))),
                "{n}: {got:?}"
            );
        }
    }

    #[test]
    fn units_and_assets_stand_for_their_owners() {
        let got = summaries(
            "Kalvik Licensing said a subsidiary has acquired a portfolio of radio patents from \
             Ostrel Chips.",
        );
        assert!(
            got.iter().any(|s| s.0 == ["patent_acquisition"]
                && s.1.contains(&("Kalvik Licensing".into(), "buyer".into()))),
            "{got:?}"
        );
        let got = summaries(
            "Kalvik Licensing has signed an agreement to acquire the assets of Brevik Patent \
             Holdings, which owns 11 patent licensing companies.",
        );
        assert!(
            got.iter().any(|s| s.0 == ["patent_acquisition"]
                && s.1.contains(&("Kalvik Licensing".into(), "buyer".into()))
                && s.1
                    .contains(&("Brevik Patent Holdings".into(), "seller".into()))),
            "{got:?}"
        );
        let got = summaries("Kestrel Systems and Varda Mobile announce a five-year extension.");
        assert_eq!(got.len(), 1, "{got:?}");
    }
}
