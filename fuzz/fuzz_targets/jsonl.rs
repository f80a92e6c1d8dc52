//! Any bytes through the JSONL reader: it must not panic, and its items must match the lines:
//! line numbers rise, every line longer than the limit gives exactly one "too large" item (up
//! to a line with no end in sight, which ends the input), and no other line does.
#![no_main]

use std::io::Cursor;

use dealwire::fetch::local::{JsonlDocs, ENDLESS_LINE};
use dealwire::Error;
use libfuzzer_sys::fuzz_target;

const LIMIT: u64 = 64;

/// The 1-based number in an origin `f:N` or `f:N (…)`.
fn line_of(origin: &str) -> usize {
    let rest = origin.strip_prefix("f:").unwrap_or("0");
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().unwrap_or(0)
}

fuzz_target!(|data: &[u8]| {
    let items: Vec<_> = JsonlDocs::new(Cursor::new(data.to_vec()), "f", LIMIT).collect();
    let mut last = 0;
    let mut too_long = Vec::new();
    for item in &items {
        let origin = match item {
            Ok(doc) => doc.origin.clone(),
            Err(e) => e.origin(),
        };
        let n = line_of(&origin);
        assert!(n > last, "line {n} after line {last}");
        last = n;
        if let Err(Error::TooLarge { .. }) = item {
            too_long.push(n);
        }
    }
    // The lines as the reader sees them: each with its terminator.
    let mut expected = Vec::new();
    let mut start = 0;
    let mut n = 0;
    while start < data.len() {
        n += 1;
        let end = data[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(data.len(), |i| start + i + 1);
        let len = (end - start) as u64;
        let ended = data[end - 1] == b'\n';
        if len > LIMIT + 1 || (!ended && len > LIMIT) {
            expected.push(n);
            // An overlong last line with no end may instead end the input as endless.
            if !ended && len > LIMIT.saturating_mul(ENDLESS_LINE) && too_long.last() != Some(&n) {
                expected.pop();
            }
        }
        start = end;
    }
    assert_eq!(too_long, expected, "overlong lines reported");
});
