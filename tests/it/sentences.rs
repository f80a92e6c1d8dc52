//! The sentence splitter: hand-made cases per class of difficulty, the English Golden Rules
//! from `../shared`, boundary F1 on the hand-split set in `tests/data/sentences`, properties
//! on arbitrary input, and the `dealwire sentences` command.

use std::path::{Path, PathBuf};

use dealwire::sentences::{score, split, BoundaryScore};
use proptest::prelude::*;

fn sentences(text: &str) -> Vec<&str> {
    split(text).iter().map(|s| s.slice(text)).collect()
}

/// One case: the text, then the sentences it must give.
fn check(text: &str, expected: &[&str]) {
    assert_eq!(sentences(text), expected, "splitting {text:?}");
}

fn check_all(cases: &[(&str, &[&str])]) {
    let mut failed = Vec::new();
    for (text, expected) in cases {
        let got = sentences(text);
        if got != *expected {
            failed.push(format!("{text:?}\n   want {expected:?}\n   got  {got:?}"));
        }
    }
    assert!(
        failed.is_empty(),
        "{} case(s) failed:\n{}",
        failed.len(),
        failed.join("\n")
    );
}

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared`, or `$DEALWIRE_SHARED`; `None` (and a clear note) when it is missing.
fn shared() -> Option<PathBuf> {
    let dir = std::env::var_os("DEALWIRE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("../shared"));
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: ../shared not found (looked at {})", dir.display());
        None
    }
}

#[test]
fn abbreviations() {
    check_all(&[
        (
            "Nokia Corp. and Apple Inc. agreed. The deal closed.",
            &["Nokia Corp. and Apple Inc. agreed.", "The deal closed."],
        ),
        (
            "The buyer is Acme Corp. The seller is Widget Ltd. Both are private.",
            &[
                "The buyer is Acme Corp.",
                "The seller is Widget Ltd.",
                "Both are private.",
            ],
        ),
        (
            "Apple Inc. Chief Executive Tim Cook said so.",
            &["Apple Inc. Chief Executive Tim Cook said so."],
        ),
        (
            "Mr. Lee and Dr. Park met Prof. Kim at St. Mary's.",
            &["Mr. Lee and Dr. Park met Prof. Kim at St. Mary's."],
        ),
        (
            "The U.S. and U.K. regulators agreed. The E.U. did not.",
            &["The U.S. and U.K. regulators agreed.", "The E.U. did not."],
        ),
        (
            "He moved to the U.S. It was 2019.",
            &["He moved to the U.S.", "It was 2019."],
        ),
        (
            "It ranked No. 1 in Jan. 2020, e.g. in Europe, i.e. in the E.U. market.",
            &["It ranked No. 1 in Jan. 2020, e.g. in Europe, i.e. in the E.U. market."],
        ),
        (
            "Phones, tablets, etc. The list is long.",
            &["Phones, tablets, etc.", "The list is long."],
        ),
        (
            "The call starts at 9 a.m. and ends at 5 p.m. Investors may dial in.",
            &[
                "The call starts at 9 a.m. and ends at 5 p.m.",
                "Investors may dial in.",
            ],
        ),
        (
            "It helps patients with MS. Final approval is due. It runs on Sun. Initially it was free.",
            &[
                "It helps patients with MS.",
                "Final approval is due.",
                "It runs on Sun.",
                "Initially it was free.",
            ],
        ),
        (
            "It was Samsung vs. Apple again.",
            &["It was Samsung vs. Apple again."],
        ),
        (
            "Shares of Foo Co., the maker, rose.",
            &["Shares of Foo Co., the maker, rose."],
        ),
        (
            "Nokia's deal with the Chinese firm was signed on Wall St. The shares rose.",
            &[
                "Nokia's deal with the Chinese firm was signed on Wall St.",
                "The shares rose.",
            ],
        ),
    ]);
}

#[test]
fn initials_and_names() {
    check_all(&[
        (
            "J. K. Rowling and George W. Bush met.",
            &["J. K. Rowling and George W. Bush met."],
        ),
        (
            "It needs vitamin C. The rest is fine.",
            &["It needs vitamin C.", "The rest is fine."],
        ),
        (
            "She works at Yahoo! in the accounting department.",
            &["She works at Yahoo! in the accounting department."],
        ),
        (
            "Switzerland won Group D. The Xbox One X. So it goes.",
            &["Switzerland won Group D.", "The Xbox One X.", "So it goes."],
        ),
        (
            "Yahoo! Japan bought it. He left Yahoo! The firm hired him.",
            &[
                "Yahoo! Japan bought it.",
                "He left Yahoo!",
                "The firm hired him.",
            ],
        ),
        (
            "Sales of the phone fell. iPhone sales rose.",
            &["Sales of the phone fell.", "iPhone sales rose."],
        ),
    ]);
}

#[test]
fn numbers_versions_urls_and_addresses() {
    check_all(&[
        (
            "Revenue rose 3.5% to $1.2bn in 2016. Profit fell.",
            &["Revenue rose 3.5% to $1.2bn in 2016.", "Profit fell."],
        ),
        (
            "Version v2.5.1 ships with Node.js support. It is free.",
            &["Version v2.5.1 ships with Node.js support.", "It is free."],
        ),
        (
            "See https://example.com/a.b/c.html?x=1. Or mail ir@nokia.com. Thanks.",
            &[
                "See https://example.com/a.b/c.html?x=1.",
                "Or mail ir@nokia.com.",
                "Thanks.",
            ],
        ),
        (
            "Open report.pdf and notes.txt. Then reply.",
            &["Open report.pdf and notes.txt.", "Then reply."],
        ),
        (
            "Nokia (NYSE: NOK) rose. Ericsson (Nasdaq: ERIC) fell.",
            &["Nokia (NYSE: NOK) rose.", "Ericsson (Nasdaq: ERIC) fell."],
        ),
        (
            "The IP range is 10.0.0.1 to 10.0.0.9. It is private.",
            &["The IP range is 10.0.0.1 to 10.0.0.9.", "It is private."],
        ),
        (
            "It is a U.S.-based firm with 1,500 patents.",
            &["It is a U.S.-based firm with 1,500 patents."],
        ),
    ]);
}

#[test]
fn quotations_and_parentheses() {
    check_all(&[
        (
            "\"We are pleased,\" he said. \"It works.\" The deal closed.",
            &[
                "\"We are pleased,\" he said.",
                "\"It works.\"",
                "The deal closed.",
            ],
        ),
        (
            "\u{201c}We will grow,\u{201d} she said. \u{201c}Sales are up.\u{201d} Shares rose.",
            &[
                "\u{201c}We will grow,\u{201d} she said.",
                "\u{201c}Sales are up.\u{201d}",
                "Shares rose.",
            ],
        ),
        (
            "\"Why now?\" he asked. Nobody knew.",
            &["\"Why now?\" he asked.", "Nobody knew."],
        ),
        ("\"Why now?\" Smith asked.", &["\"Why now?\" Smith asked."]),
        (
            "The firm (founded in 1998.) grew. (The figures are unaudited.) Shares fell.",
            &[
                "The firm (founded in 1998.) grew.",
                "(The figures are unaudited.)",
                "Shares fell.",
            ],
        ),
        (
            "He called it 'a milestone.' Analysts agreed.",
            &["He called it 'a milestone.'", "Analysts agreed."],
        ),
    ]);
}

#[test]
fn ellipses() {
    check_all(&[
        ("Wait... What happened?", &["Wait...", "What happened?"]),
        (
            "It was, well\u{2026} fine. Next.",
            &["It was, well\u{2026} fine.", "Next."],
        ),
        ("He said \u{2026} I left.", &["He said \u{2026} I left."]),
    ]);
}

#[test]
fn headlines_lines_and_paragraphs() {
    check_all(&[
        (
            "Nokia signs patent deal with Xiaomi\n\nThe deal covers 5G. It runs for years.",
            &[
                "Nokia signs patent deal with Xiaomi",
                "The deal covers 5G.",
                "It runs for years.",
            ],
        ),
        (
            "Nokia signs patent deal\nBy Jane Doe\nHELSINKI (Reuters) - Nokia signed a deal.",
            &[
                "Nokia signs patent deal",
                "By Jane Doe",
                "HELSINKI (Reuters) - Nokia signed a deal.",
            ],
        ),
        (
            "Photo: Reuters\n\nA caption without a stop\n\nBody text.",
            &["Photo: Reuters", "A caption without a stop", "Body text."],
        ),
        (
            "Paragraph one ends here\n\nparagraph two starts low.",
            &["Paragraph one ends here", "paragraph two starts low."],
        ),
        (
            "The deal was signed by the chief executive of\nNokia and the founder of Xiaomi.",
            &["The deal was signed by the chief executive of\nNokia and the founder of Xiaomi."],
        ),
        (
            "Key terms:\n- five years\n- all patents\n- no cash",
            &["Key terms:", "- five years", "- all patents", "- no cash"],
        ),
        (
            "The deal ended.\r\n\r\nA new one began.",
            &["The deal ended.", "A new one began."],
        ),
        ("Line one\u{2029}Line two", &["Line one", "Line two"]),
        (
            "HELSINKI, March 3 /Wire/ -- Nokia Oyj said on Monday it had signed a deal\n\
             Nokia described as its largest patent licence with a Chinese handset maker\n\
             Xiaomi Corp, covering cellular standards and devices sold in Europe and\n\
             Asia. Terms were not disclosed.",
            &[
                "HELSINKI, March 3 /Wire/ -- Nokia Oyj said on Monday it had signed a deal\n\
                 Nokia described as its largest patent licence with a Chinese handset maker\n\
                 Xiaomi Corp, covering cellular standards and devices sold in Europe and\n\
                 Asia.",
                "Terms were not disclosed.",
            ],
        ),
        (
            "Nokia signs a five-year patent licence with Xiaomi Corp\nBy a Staff Reporter\n\
             HELSINKI - Nokia said it had signed a licence.",
            &[
                "Nokia signs a five-year patent licence with Xiaomi Corp",
                "By a Staff Reporter",
                "HELSINKI - Nokia said it had signed a licence.",
            ],
        ),
        (
            "A headline\n\u{a0}\nbody text goes on. More.",
            &["A headline", "body text goes on.", "More."],
        ),
    ]);
}

#[test]
fn numbered_lists() {
    check_all(&[
        (
            "1. Nokia signs. 2. Xiaomi pays. 3. Both grow.",
            &["1. Nokia signs.", "2. Xiaomi pays.", "3. Both grow."],
        ),
        (
            "Terms:\n1. Five years\n2. All patents\n3. No cash",
            &["Terms:", "1. Five years", "2. All patents", "3. No cash"],
        ),
        (
            "1) cross-licensing 2) equipment supply 3) joint research",
            &[
                "1) cross-licensing",
                "2) equipment supply",
                "3) joint research",
            ],
        ),
        (
            "\u{2022} Patents \u{2022} Equipment \u{2022} Research",
            &[
                "\u{2022} Patents",
                "\u{2022} Equipment",
                "\u{2022} Research",
            ],
        ),
    ]);
}

#[test]
fn newline_inside_a_sentence_is_kept_in_the_span() {
    check(
        "This is a sentence\ncut off in the middle.",
        &["This is a sentence\ncut off in the middle."],
    );
    check(
        "features\ncontact manager",
        &["features", "contact manager"],
    );
}

/// A paragraph wrapped at random widths (lines cut before names, as some pages' markup
/// leaves them): once a sentence has run over one line break it runs on to its terminator,
/// and a line opening on a dash continues the one before. A headline before it keeps its own
/// sentence.
#[test]
fn a_sentence_carried_over_a_line_runs_to_its_terminator() {
    check(
        "Kestrel signs deal\n\nKestrel\nhas signed a licence with Korean\nphone maker\nVarda, \
         a week after it settled with\nOstrel\n\u{2013} a sister brand of Varda. Terms were not given.",
        &[
            "Kestrel signs deal",
            "Kestrel\nhas signed a licence with Korean\nphone maker\nVarda, a week after it settled \
             with\nOstrel\n\u{2013} a sister brand of Varda.",
            "Terms were not given.",
        ],
    );
    // Lines that never carried a sentence over stay apart.
    check(
        "Deal roundup\nKestrel buys Varda\nOstrel sells unit.",
        &["Deal roundup", "Kestrel buys Varda", "Ostrel sells unit."],
    );
}

/// Collapses every run of white space to one space, so a span that kept an inner newline
/// compares equal to the Golden Rules' cleaned-up sentence (rules 40 and 41).
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn golden_rules() {
    let Some(shared) = shared() else { return };
    let path = shared.join("data/sbd-golden-rules/en.jsonl");
    let Ok(data) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: {} not found", path.display());
        return;
    };
    let mut failed = Vec::new();
    let mut total = 0;
    for line in data.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("golden rules are valid JSON");
        let text = v["text"].as_str().expect("rule has text");
        let want: Vec<String> = v["sentences"]
            .as_array()
            .expect("rule has sentences")
            .iter()
            .map(|s| collapse(s.as_str().unwrap_or_default()))
            .collect();
        let got: Vec<String> = sentences(text).into_iter().map(collapse).collect();
        total += 1;
        if got != want {
            failed.push(format!(
                "rule {}: {text:?}\n   want {want:?}\n   got  {got:?}",
                v["id"]
            ));
        }
    }
    eprintln!("golden rules: {}/{total} pass", total - failed.len());
    assert_eq!(total, 52, "expected 52 rules in {}", path.display());
    assert!(
        failed.is_empty(),
        "{} rule(s) failed:\n{}",
        failed.len(),
        failed.join("\n")
    );
}

/// Gold: `tests/data/sentences/<stem>.sents`, one sentence per line (blank lines are ignored).
/// Input: `<stem>.txt` beside it, or else `corpus/<stem>.txt` (the project's corpus articles).
fn hand_split_set() -> Vec<(String, String, Vec<String>)> {
    let dir = repo_root().join("tests/data/sentences");
    let mut out = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/data/sentences exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "sents"))
        .collect();
    entries.sort();
    for gold in entries {
        let stem = gold
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        let local = dir.join(format!("{stem}.txt"));
        let input = if local.exists() {
            local
        } else {
            repo_root().join("corpus").join(format!("{stem}.txt"))
        };
        let text = read(&input);
        let sents = read(&gold)
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_string)
            .collect();
        out.push((stem, text, sents));
    }
    out
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Boundary F1 over the hand-split set. Prints per-file figures (run with `--nocapture`) and
/// guards against regressions.
#[test]
fn hand_split_boundary_f1() {
    let mut total = BoundaryScore::default();
    let mut gold_count = 0;
    for (stem, text, gold) in hand_split_set() {
        let refs: Vec<&str> = gold.iter().map(String::as_str).collect();
        let pred = split(&text);
        let s = score(&text, &refs, &pred).unwrap_or_else(|e| panic!("{stem}: {e}"));
        gold_count += gold.len();
        if s.false_pos + s.false_neg > 0 {
            for p in &pred {
                let t = p.slice(&text);
                if !refs.iter().any(|g| collapse(g) == collapse(t)) {
                    eprintln!("  {stem}: predicted {t:?}");
                }
            }
        }
        eprintln!(
            "{stem}: {} gold, P {:.3} R {:.3} F1 {:.3}",
            gold.len(),
            s.precision(),
            s.recall(),
            s.f1()
        );
        total.add(s);
    }
    eprintln!(
        "hand-split set: {gold_count} gold sentences, P {:.3} R {:.3} F1 {:.3}",
        total.precision(),
        total.recall(),
        total.f1()
    );
    assert!(
        gold_count >= 60,
        "the hand-split set should hold at least 60 sentences"
    );
    assert!(total.f1() >= 0.98, "boundary F1 fell to {:.3}", total.f1());
}

/// Text made of the characters that matter to the splitter.
fn tricky_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "a", "B", "I", "Mr", "Inc", "U.S", "e.g", "1", "22", " ", "  ", "\n", "\n\n", "\r\n", ".",
        ".", "!", "?", "...", ". . .", "\u{2026}", "\"", "'", "(", ")", "[", "]", "\u{201c}",
        "\u{201d}", "\u{2019}", "\u{2022}", "\u{2043}", "\u{3002}", "\u{0964}", "\u{a0}",
        "\u{2029}", "\u{2028}", "\u{85}", "é", "\u{301}", "-", ":", ",", "@", "/", "The", "it",
        "1)", "a)", "\t", "\u{ff01}", "\u{200b}",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
}

fn check_invariants(text: &str) {
    let spans = split(text);
    let mut covered = vec![false; text.len()];
    let mut prev_end = 0;
    for s in &spans {
        assert!(s.byte_start < s.byte_end, "empty span {s:?} in {text:?}");
        assert!(
            s.byte_start >= prev_end,
            "overlap or disorder at {s:?} in {text:?}"
        );
        prev_end = s.byte_end;
        let slice = text
            .get(s.byte_start..s.byte_end)
            .unwrap_or_else(|| panic!("span {s:?} is not at char boundaries of {text:?}"));
        assert_eq!(s.slice(text), slice);
        assert_eq!(
            s.start,
            text[..s.byte_start].chars().count(),
            "char start of {s:?}"
        );
        assert_eq!(
            s.end - s.start,
            slice.chars().count(),
            "char length of {s:?}"
        );
        let collected: String = text.chars().skip(s.start).take(s.end - s.start).collect();
        assert_eq!(collected, slice);
        assert_eq!(slice.trim(), slice, "span {s:?} has outer white space");
        covered[s.byte_start..s.byte_end].fill(true);
    }
    for (i, c) in text.char_indices() {
        assert!(
            c.is_whitespace() || covered[i],
            "char {c:?} at byte {i} is in no sentence of {text:?}"
        );
    }
}

proptest! {
    #[test]
    fn invariants_on_tricky_text(text in tricky_text()) {
        check_invariants(&text);
    }

    #[test]
    fn invariants_on_ascii_text(text in "[ -~\n\t]{0,200}") {
        check_invariants(&text);
    }

    #[test]
    fn invariants_on_any_text(text in any::<String>()) {
        check_invariants(&text);
    }
}

#[test]
fn invariants_on_the_hand_split_set() {
    for (_, text, _) in hand_split_set() {
        check_invariants(&text);
    }
}

mod cli {
    use assert_cmd::Command;

    fn dealwire() -> Command {
        let mut cmd = Command::cargo_bin("dealwire").expect("the dealwire binary is built");
        cmd.env_clear();
        cmd
    }

    #[test]
    fn prints_one_object_per_sentence() {
        let out = dealwire()
            .args(["sentences", "-"])
            .write_stdin("Café opens. It sells tea.")
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let out = String::from_utf8(out).expect("stdout is UTF-8");
        let lines: Vec<serde_json::Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).expect("each line is JSON"))
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[1]["start"], 12);
        assert_eq!(lines[1]["end"], 25);
        assert_eq!(lines[1]["text"], "It sells tea.");
    }

    #[test]
    fn jsonl_reports_bad_lines_and_goes_on() {
        let mut input = b"{\"id\":1,\"text\":\"One. Two.\"}\nnot json\n".to_vec();
        input.extend_from_slice(b"{\"id\":3,\"text\":\"Bad \xff byte.\"}\n");
        input.extend_from_slice(b"{\"id\":4,\"text\":\"Three.\"}\n");
        let assert = dealwire()
            .args(["sentences", "--jsonl", "-"])
            .write_stdin(input)
            .assert()
            .code(1);
        let output = assert.get_output();
        let out = String::from_utf8_lossy(&output.stdout);
        let err = String::from_utf8_lossy(&output.stderr);
        let lines: Vec<serde_json::Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).expect("each line is JSON"))
            .collect();
        assert_eq!(lines.len(), 2, "stdout: {out}");
        assert_eq!(lines[0]["id"], 1);
        assert_eq!(lines[0]["sentences"].as_array().map(Vec::len), Some(2));
        assert_eq!(lines[1]["id"], 4);
        assert!(err.contains("-:2"), "stderr names line 2: {err}");
        assert!(
            err.contains("-:3") && err.contains("UTF-8"),
            "stderr names line 3: {err}"
        );
    }

    #[test]
    fn invalid_utf8_file_names_the_line() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("bad.txt");
        std::fs::write(&path, b"Fine line.\nBad \xff here.\n").expect("write temp file");
        let assert = dealwire().args(["sentences"]).arg(&path).assert().code(1);
        let err = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
        assert!(
            err.contains("line 2") && err.contains("UTF-8"),
            "stderr: {err}"
        );
    }
}
