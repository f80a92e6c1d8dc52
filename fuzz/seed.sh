#!/bin/sh
# Seeds the fuzz corpora: the cleaner's golden pages, and small WARC and JSONL inputs for the
# reader targets. Run from fuzz/ before the first `cargo +nightly fuzz run …`; the corpus
# directories themselves are not committed.
set -e
mkdir -p corpus/clean corpus/warc corpus/jsonl
cp ../tests/data/clean/*.html corpus/clean/

record() {
    block="HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><p>Page $1</p></html>"
    len=$(printf "$block" | wc -c)
    printf "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://x.test/$1\r\nContent-Length: $len\r\n\r\n$block\r\n\r\n"
}
# The first byte picks the reader: even plain, odd gzipped.
{ printf '\000'; record 1; record 2; } > corpus/warc/plain
{ printf '\001'; record 1 | gzip -c; record 2 | gzip -c; record 3 | gzip -c; } > corpus/warc/members
{ printf '\001'; { record 1; record 2; } | gzip -c; } > corpus/warc/whole
{ printf '\001'; record 1 | gzip -c; printf 'junk'; record 2 | gzip -c; } > corpus/warc/junk
{ printf '\000'; record 1 | sed 's/Content-Length: [0-9]*/Content-Length: 99999999/'; record 2; } > corpus/warc/length

printf '{"text":"A. B."}\n{"html":"<p>x</p>","url":"http://x.test/a"}\n\n{"id":"q","text":" date 2020-01-02 C."}\n' > corpus/jsonl/lines
printf '{"text":"%s"}\n{"text":"after"}\n' "$(printf 'x%.0s' $(seq 1 100))" > corpus/jsonl/long
