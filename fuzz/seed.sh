#!/bin/sh
# Seeds the fuzz corpus with the cleaner's golden pages. Run from fuzz/ before the first
# `cargo +nightly fuzz run clean`; the corpus directory itself is not committed.
set -e
mkdir -p corpus/clean
cp ../tests/data/clean/*.html corpus/clean/
