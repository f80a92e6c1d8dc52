//! Any bytes through the cleaner: it must not panic, and what it returns must satisfy
//! `dealwire::clean::check_invariants` (blocks trimmed and non-empty, status agreeing with the
//! text, dates within bounds) and be the same when run twice.
//!
//! The first byte picks the charset the transport claims, so that the decoding paths (UTF-8,
//! a legacy single-byte encoding, UTF-16, a multi-byte CJK encoding, none) are fuzzed too.
//! Small limits make the depth and element caps easy to reach.
#![no_main]

use libfuzzer_sys::fuzz_target;

const CHARSETS: &[Option<&str>] = &[
    None,
    Some("utf-8"),
    Some("windows-1252"),
    Some("utf-16le"),
    Some("shift_jis"),
];

fuzz_target!(|data: &[u8]| {
    let settings = dealwire::clean::CleanSettings {
        max_depth: 64,
        max_elements: 5_000,
        ..Default::default()
    };
    let charset = data
        .first()
        .and_then(|b| CHARSETS.get(*b as usize % 8))
        .copied()
        .flatten();
    let url = Some("https://x.test/2020/01/02/a");
    let run = || dealwire::clean::clean_page("fuzz", data, charset, url, &settings);
    let (a, b) = (run(), run());
    let (Ok(a), Ok(b)) = (a, b) else {
        // Empty or binary input is refused, which is fine, as long as it is refused both times.
        assert!(run().is_err());
        return;
    };
    if let Err(e) = dealwire::clean::check_invariants(&a) {
        panic!("invariant broken: {e}");
    }
    assert_eq!(
        format!("{a:?}"),
        format!("{b:?}"),
        "cleaning is not deterministic"
    );
});
