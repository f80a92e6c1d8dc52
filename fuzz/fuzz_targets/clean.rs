//! Any bytes through the cleaner: it must not panic, and what it returns must satisfy
//! `dealwire::clean::check_invariants` (blocks trimmed and non-empty, status agreeing with the
//! text, dates within bounds, and the same output when run twice).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let settings = dealwire::clean::CleanSettings {
        max_depth: 64,
        max_elements: 5_000,
        ..Default::default()
    };
    let a = dealwire::clean::clean_html(data, None, Some("https://x.test/2020/01/02/a"), &settings);
    if let Err(e) = dealwire::clean::check_invariants(&a) {
        panic!("invariant broken: {e}");
    }
    let b = dealwire::clean::clean_html(data, None, Some("https://x.test/2020/01/02/a"), &settings);
    assert_eq!(a.text, b.text, "cleaning is not deterministic");
});
