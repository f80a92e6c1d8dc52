//! Site profiles on the project's own fixture site (`tests/fixtures/profile-site/`): pages of
//! one made-up publisher in three layouts (news story, story with a figure, feature), a brief
//! whose short link-heavy paragraphs and long reader letters mislead the generic cleaner, and
//! the same site after a redesign. `ground-truth.json` there is in the benchmark's format.

use std::path::PathBuf;

use dealwire::clean::shingle::score_page;
use dealwire::clean::{clean_html, CleanSettings};
use dealwire::profile::{check, clean_with_profiles, suggest, Extraction, Page, ProfileSet};

use crate::support::{dealwire, json_lines, root, write};

const LEARN: &[&str] = &[
    "2026-03-licence",
    "2026-04-controller-sale",
    "2026-05-optical-feature",
];

fn site() -> PathBuf {
    root().join("tests/fixtures/profile-site")
}

fn page(stem: &str) -> Page {
    let path = site().join(format!("{stem}.html"));
    Page {
        origin: path.display().to_string(),
        bytes: std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
        url: None,
    }
}

fn truth(stem: &str) -> String {
    let gt: serde_json::Value = serde_json::from_slice(
        &std::fs::read(site().join("ground-truth.json")).expect("ground truth"),
    )
    .expect("ground truth JSON");
    gt[stem]["articleBody"]
        .as_str()
        .unwrap_or_else(|| panic!("{stem} in ground truth"))
        .to_string()
}

fn f1(predicted: &str, truth: &str) -> f64 {
    let s = score_page(predicted, truth);
    if s.precision + s.recall == 0.0 {
        0.0
    } else {
        2.0 * s.precision * s.recall / (s.precision + s.recall)
    }
}

fn learned() -> ProfileSet {
    let pages: Vec<Page> = LEARN.iter().map(|s| page(s)).collect();
    let s = suggest(&pages, None).expect("a profile is learned");
    assert_eq!(s.host, "harbourwire.test");
    ProfileSet::parse(&s.to_toml(), "suggested.toml").expect("the suggestion parses")
}

#[test]
fn a_suggested_profile_reproduces_the_generic_body_where_it_was_learned() {
    let set = learned();
    let p = &set.profiles[0];
    assert!(p.title.is_some() && p.authors.is_some() && p.published.is_some());
    let settings = CleanSettings::default();
    for stem in LEARN {
        let pg = page(stem);
        let generic = clean_html(&pg.bytes, None, None, &settings);
        let r = clean_with_profiles(&pg.bytes, None, None, &settings, Some(&set));
        assert_eq!(r.extraction, Some(Extraction::Profile), "{stem}");
        assert_eq!(r.cleaned.text, generic.text, "{stem}");
        assert_eq!(r.cleaned.meta.title, generic.meta.title, "{stem}");
        assert_eq!(r.cleaned.meta.authors, generic.meta.authors, "{stem}");
        assert_eq!(r.cleaned.meta.published, generic.meta.published, "{stem}");
    }
}

#[test]
fn the_profile_keeps_the_body_on_a_new_page_where_the_generic_cleaner_errs() {
    let set = learned();
    let pg = page("2026-06-battery-brief");
    let want = truth("2026-06-battery-brief");
    let settings = CleanSettings::default();
    let generic = clean_html(&pg.bytes, None, None, &settings);
    let r = clean_with_profiles(&pg.bytes, None, None, &settings, Some(&set));
    assert_eq!(r.extraction, Some(Extraction::Profile));
    assert!(
        f1(&generic.text, &want) < 0.5,
        "the page misleads the generic cleaner"
    );
    assert_eq!(r.cleaned.text, want);
}

#[test]
fn a_profile_that_no_longer_matches_falls_back_and_says_so() {
    let set = learned();
    let pg = page("2026-09-redesign");
    let settings = CleanSettings::default();
    let generic = clean_html(&pg.bytes, None, None, &settings);
    let r = clean_with_profiles(&pg.bytes, None, None, &settings, Some(&set));
    assert_eq!(r.extraction, Some(Extraction::Generic));
    assert_eq!(r.cleaned.text, generic.text);
    assert!(
        r.cleaned.diagnostics.iter().any(|d| d.warning
            && d.stage == "profile"
            && d.message.contains("body selector")
            && d.message.contains("generic")),
        "{:?}",
        r.cleaned.diagnostics
    );
    let report = check(&set, &[page("2026-09-redesign"), page(LEARN[0])], None);
    let body = report
        .counts
        .iter()
        .find(|c| c.field == "body")
        .expect("body counted");
    assert_eq!((body.matched, body.pages), (1, 2));
}

#[test]
fn extract_and_clean_take_profiles_and_record_the_extraction() {
    let dir = tempfile::tempdir().expect("tempdir");
    let set = learned();
    assert_eq!(set.profiles.len(), 1);
    let pages: Vec<Page> = LEARN.iter().map(|s| page(s)).collect();
    let toml = suggest(&pages, None).expect("learned").to_toml();
    let file = write(dir.path(), "profiles.toml", toml.as_bytes());
    let articles = dir.path().join("articles.jsonl");
    let out = dealwire()
        .arg("extract")
        .arg("--profiles")
        .arg(&file)
        .arg("--articles")
        .arg(&articles)
        .arg(site().join("2026-06-battery-brief.html"))
        .arg(site().join("2026-09-redesign.html"))
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = json_lines(&std::fs::read(&articles).expect("articles written"));
    let how: Vec<&str> = lines
        .iter()
        .map(|l| l["extraction"].as_str().unwrap_or("absent"))
        .collect();
    assert_eq!(how, ["profile", "generic"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("2026-09-redesign.html: profile [harbourwire.test]"),
        "{stderr}"
    );

    let out = dealwire()
        .arg("clean")
        .arg(site().join("2026-06-battery-brief.html"))
        .output()
        .expect("runs");
    let lines = json_lines(&out.stdout);
    assert!(
        lines[0].get("extraction").is_none(),
        "no profiles, no field"
    );
    let out = dealwire()
        .args(["clean", "--profiles"])
        .arg(&file)
        .arg(site().join("2026-06-battery-brief.html"))
        .output()
        .expect("runs");
    let lines = json_lines(&out.stdout);
    assert_eq!(lines[0]["extraction"], "profile");
    assert_eq!(lines[0]["text"], truth("2026-06-battery-brief"));
}

#[test]
fn a_bad_profile_file_is_refused_with_its_name_and_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(
        dir.path(),
        "bad.toml",
        b"[\"harbourwire.test\"]\nbody = \"div.article-body\"\ntitle = \"h1[\"\n",
    );
    let out = dealwire()
        .arg("extract")
        .arg("--profiles")
        .arg(&file)
        .arg(site().join("2026-03-licence.html"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("{}:3:", file.display())),
        "{stderr}"
    );
}

#[test]
fn profile_commands_suggest_and_check() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dealwire()
        .args(["profile", "suggest", "--url", "https://harbourwire.test/"])
        .args(LEARN.iter().map(|s| site().join(format!("{s}.html"))))
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let toml = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(toml.contains("[\"harbourwire.test\"]"), "{toml}");
    let file = write(dir.path(), "p.toml", toml.as_bytes());
    let out = dealwire()
        .args(["profile", "check"])
        .arg(&file)
        .arg(site().join("2026-03-licence.html"))
        .arg(site().join("2026-09-redesign.html"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1), "a selector missed a page");
    let counts = json_lines(&out.stdout);
    let body = counts
        .iter()
        .find(|c| c["field"] == "body")
        .expect("a body line");
    assert_eq!(
        (body["matched"].as_u64(), body["pages"].as_u64()),
        (Some(1), Some(2))
    );
    let out = dealwire()
        .args(["profile", "suggest", "https://harbourwire.test/x"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_readme_example_profile_parses() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README");
    let section = readme
        .split("## Profiles")
        .nth(1)
        .expect("a Profiles section");
    let block = section
        .split("```toml\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("a TOML example");
    let set = ProfileSet::parse(block, "README.md").unwrap_or_else(|e| panic!("{e}"));
    assert!(set.for_url("https://www.harbourwire.test/a").is_some());
    assert!(set.for_url("https://blog.example.org/2026/x").is_some());
    assert!(set.for_url("https://blog.example.org/about").is_none());
}
