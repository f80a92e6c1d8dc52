#!/usr/bin/env bash
# Browser suite: `dealwire report` pages opened in headless Chromium through ChromeDriver
# (scripts/browser/report_test.py says what is checked). Installs Debian's chromium and
# chromium-driver when missing and selenium into the test venv; opens only local files.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    echo "installing chromium and chromium-driver with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# shellcheck disable=SC1091
. scripts/venv.sh
pip install --quiet -r scripts/browser/requirements.txt

# `--tests` builds the binary with the dependency features `cargo test` enables (its
# dev-dependencies add some), so after test-all's `cargo test` this is a no-op; a plain
# `cargo build` would compile much of the tree a second time.
cargo build --locked --quiet --tests
# Selenium is given the driver and browser paths; offline mode keeps its manager from
# looking anything up.
SE_OFFLINE=true python scripts/browser/report_test.py "${CARGO_TARGET_DIR:-target}/debug/dealwire" target/browser
