#!/usr/bin/env bash
# The Python package (issue 20): builds the binding from ./python into the test venv, as the
# README's `pip install ./python` does, and runs its pytest suite. Needs Python >= 3.9 and
# access to PyPI for maturin, pytest and jsonschema.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck disable=SC1091
. scripts/venv.sh
python -m pip install --quiet "maturin>=1.5,<2" pytest jsonschema
# The README's install, `pip install ./python`, with two changes for speed: the venv's maturin
# builds the wheel (no isolated build env to download it into again), and in the dev profile,
# which reuses what `cargo test` has just compiled in target/ (or $CARGO_TARGET_DIR): a cold
# release build of the library and its dependencies took 17 minutes on the shared 2-core box,
# the dev build 1-3, and the suite runs in seconds either way.
MATURIN_PEP517_ARGS="${MATURIN_PEP517_ARGS:---profile dev}" \
    python -m pip install --quiet --no-build-isolation --force-reinstall --no-deps ./python
python -m pytest -q python/tests
