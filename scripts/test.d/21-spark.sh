#!/usr/bin/env bash
# The Spark job (issue 21): runs python/tests/test_spark.py in Spark local mode, which checks the
# job's records against the single-machine path (and `dealwire extract` itself) over the corpus
# and WARC/JSONL dumps made from it, a damaged dump, and a task failing once. Needs Java 17+
# (Spark 4) and PyPI for pyspark (~300 MB, once: the venv under target/ keeps it), and pyarrow
# and pandas, which Spark's mapInArrow (how the job's rows reach the JVM) needs.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v java >/dev/null && [ -z "${JAVA_HOME:-}" ]; then
    echo "21-spark: Spark needs Java 17 or later (apt-get install openjdk-17-jre-headless)" >&2
    exit 1
fi
# shellcheck disable=SC1091
. scripts/venv.sh
python -m pip install --quiet "maturin>=1.5,<2" pytest "pyspark>=3.5" "pyarrow>=11" "pandas>=2.2,<3"
# The package as 20-python.sh installs it, so this suite also runs alone; after that suite it
# costs seconds, since cargo finds everything built in target/.
MATURIN_PEP517_ARGS="${MATURIN_PEP517_ARGS:---profile dev}" \
    python -m pip install --quiet --no-build-isolation --force-reinstall --no-deps ./python
# The command, for the test that holds the job against `dealwire extract` itself: cargo test
# has built it in the dev profile.
target="${CARGO_TARGET_DIR:-target}"
for bin in "$target/debug/dealwire" "$target/release/dealwire"; do
    if [ -x "$bin" ]; then export DEALWIRE_BIN="${DEALWIRE_BIN:-$(cd "$(dirname "$bin")" && pwd)/dealwire}"; break; fi
done
# The real WARC and ARC files of ../shared (public test suites' dumps: truncated, chunked,
# brotli, odd headers) join the corpus's dumps where the machine has them, as on CI; a clean
# clone without them runs on its own dumps.
if [ -z "${DEALWIRE_SPARK_WARC_DIR:-}" ] && [ -d ../shared/data/warc ]; then
    export DEALWIRE_SPARK_WARC_DIR="$(cd ../shared/data/warc && pwd)"
fi
python -m pytest -q -p no:cacheprovider python/tests/test_spark.py
