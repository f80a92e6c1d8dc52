//! Any bytes through the WARC reader, plain and as gzip members: it must not panic, must end,
//! must give the same items when run twice, and (plain) cannot give more items than there are
//! bytes, since every item consumes at least one.
//!
//! The first byte chooses the path: even bytes read the data as a plain WARC, odd ones as a
//! gzipped one through `GzMembers`, whose resynchronisation after damage is the code most
//! worth fuzzing. A small record limit makes the oversize path (a `Content-Length` over the
//! limit, skipped up to the next version line) easy to reach.
#![no_main]

use std::io::{BufReader, Cursor};

use dealwire::fetch::warc::{GzMembers, WarcDocs};
use libfuzzer_sys::fuzz_target;

const LIMIT: u64 = 4096;

fn read(data: &[u8], gz: bool) -> Vec<String> {
    let items: Vec<String> = if gz {
        let r = BufReader::new(GzMembers::new(Cursor::new(data.to_vec()), LIMIT));
        WarcDocs::new(r, "f", LIMIT)
            .map(|d| format!("{d:?}"))
            .collect()
    } else {
        WarcDocs::new(Cursor::new(data.to_vec()), "f", LIMIT)
            .map(|d| format!("{d:?}"))
            .collect()
    };
    items
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, data)) = data.split_first() else {
        return;
    };
    let gz = mode % 2 == 1;
    let a = read(data, gz);
    if !gz {
        assert!(
            a.len() <= data.len() + 1,
            "{} items from {} bytes",
            a.len(),
            data.len()
        );
    }
    assert_eq!(a, read(data, gz), "the reader is not deterministic");
});
