//! The inputs of `clean` and `sentences`: a file or standard input, and the JSON lines of
//! one in their `--jsonl` modes.

use std::io::BufRead;

use dealwire::fetch::local::{read_line_limited, Line};

/// An input named on the command line: a file, or standard input for `-`.
pub(super) fn open_input(input: &str) -> std::io::Result<Box<dyn BufRead>> {
    Ok(if input == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::io::BufReader::new(std::fs::File::open(input)?))
    })
}

/// The lines of one input, numbered from 1 and read under the line limit, each parsed as
/// JSON, with its origin (`INPUT:N`). A line that cannot be used is an `Err` holding the
/// message to report: an overlong line is skipped and reading goes on; a line without an
/// end, or a read error, ends the input. Blank lines are passed over.
pub(super) struct JsonLines<R> {
    reader: R,
    input: String,
    limit: u64,
    n: u64,
    buf: Vec<u8>,
    done: bool,
}

impl<R: BufRead> JsonLines<R> {
    pub(super) fn new(reader: R, input: &str, limit: u64) -> JsonLines<R> {
        JsonLines {
            reader,
            input: input.to_string(),
            limit,
            n: 0,
            buf: Vec::new(),
            done: false,
        }
    }
}

impl<R: BufRead> Iterator for JsonLines<R> {
    type Item = (String, Result<serde_json::Value, String>);

    fn next(&mut self) -> Option<Self::Item> {
        let limit = self.limit;
        while !self.done {
            self.n += 1;
            let origin = format!("{}:{}", self.input, self.n);
            self.buf.clear();
            let problem = match read_line_limited(&mut self.reader, &mut self.buf, limit) {
                Ok(Line::End) => return None,
                Ok(Line::Whole) => None,
                Ok(Line::TooLong(size)) => Some(format!(
                    "{origin}: line of {size} bytes over the limit of {limit}; skipped"
                )),
                Ok(Line::Endless(size)) => {
                    self.done = true;
                    Some(format!(
                        "{origin}: a line of more than {size} bytes without an end, over the \
                         limit of {limit}; the rest of the input is not read"
                    ))
                }
                Err(e) => {
                    self.done = true;
                    Some(format!("{origin}: cannot read: {e}"))
                }
            };
            if let Some(message) = problem {
                return Some((origin, Err(message)));
            }
            if self.buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            // Checked apart from JSON so the message says what is wrong with the line.
            if let Err(e) = std::str::from_utf8(&self.buf) {
                let message = format!(
                    "{origin}: not valid UTF-8 (byte offset {} in the line)",
                    e.valid_up_to()
                );
                return Some((origin, Err(message)));
            }
            let value = serde_json::from_slice(&self.buf)
                .map_err(|e| format!("{origin}: invalid JSON line: {e}"));
            return Some((origin, value));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::JsonLines;

    #[test]
    fn lines_are_numbered_and_bad_ones_reported_without_ending_the_input() {
        let input = b"{\"a\":1}\n\n{bad\n\xff\n{\"b\":2}\n";
        let got: Vec<(String, bool)> = JsonLines::new(&input[..], "f.jsonl", 1 << 20)
            .map(|(origin, v)| (origin, v.is_ok()))
            .collect();
        let want = [
            ("f.jsonl:1", true),
            ("f.jsonl:3", false),
            ("f.jsonl:4", false),
            ("f.jsonl:5", true),
        ];
        assert_eq!(
            got,
            want.map(|(o, ok)| (o.to_string(), ok)).to_vec(),
            "{got:?}"
        );
    }

    #[test]
    fn an_overlong_line_is_skipped_and_reading_goes_on() {
        let input = format!("{}\n{{\"b\":2}}\n", "x".repeat(100));
        let got: Vec<bool> = JsonLines::new(input.as_bytes(), "f.jsonl", 10)
            .map(|(_, v)| v.is_ok())
            .collect();
        assert_eq!(got, [false, true]);
    }
}
