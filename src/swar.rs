//! Byte tests on eight bytes at once ("SIMD within a register"), for the scans that pass over
//! every byte of every sentence or file and find nothing on almost all of them: one word test
//! rules out eight bytes, and only a word that fails it is looked at byte by byte.

/// `0x01` in every byte.
pub(crate) const ONES: u64 = u64::MAX / 255;
/// The top bit of every byte.
pub(crate) const HIGH: u64 = ONES * 0x80;

/// The first eight bytes of `b` as one little-endian word; `None` when `b` is shorter.
pub(crate) fn word(b: &[u8]) -> Option<u64> {
    b.get(..8)?.try_into().ok().map(u64::from_le_bytes)
}

/// Whether some byte of `x` is below `n` (`n` at most 0x80). Exact as a whole answer, though
/// a borrow may mark a byte after a true one.
pub(crate) fn any_below(x: u64, n: u8) -> bool {
    x.wrapping_sub(ONES * u64::from(n)) & !x & HIGH != 0
}

/// Whether some byte of `x` is `c`.
pub(crate) fn any_eq(x: u64, c: u8) -> bool {
    any_below(x ^ (ONES * u64::from(c)), 1)
}

/// The bytes of `x` equal to `c`, as the top bit of each such byte: exact byte by byte (no
/// borrow crosses from one byte into the next, unlike [`any_below`]).
pub(crate) fn lanes_eq(x: u64, c: u8) -> u64 {
    const LOW7: u64 = !HIGH;
    let y = x ^ (ONES * u64::from(c));
    !(((y & LOW7) + LOW7) | y) & HIGH
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_tests_agree_with_byte_tests() {
        let samples: [&[u8]; 5] = [
            b"plain ascii text",
            b"a\nb\tc\x01d  e  ",
            b"\x00\x1f\x20\x7f\x80\xff<>",
            "caf\u{e9} \u{201c}q\u{201d}".as_bytes(),
            b"        ",
        ];
        for s in samples {
            for w in s.windows(8) {
                let x = word(w).unwrap_or(0);
                assert_eq!(any_below(x, 0x20), w.iter().any(|&b| b < 0x20), "{w:?}");
                for c in [b' ', b'<', b'"', 0x7f] {
                    assert_eq!(any_eq(x, c), w.contains(&c), "{w:?} {c}");
                    let lanes: Vec<bool> = (0..8)
                        .map(|k| lanes_eq(x, c) >> (8 * k + 7) & 1 == 1)
                        .collect();
                    let want: Vec<bool> = w.iter().map(|&b| b == c).collect();
                    assert_eq!(lanes, want, "{w:?} {c}");
                }
            }
        }
        assert_eq!(word(b"short"), None);
    }
}
