#!/usr/bin/env bash
# The Python package (issue 20): builds the binding from ./python into the test venv, as the
# README's `pip install ./python` does, and runs its pytest suite. Needs Python >= 3.9 and
# access to PyPI for maturin, pytest and jsonschema.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck disable=SC1091
. scripts/venv.sh
python -m pip install --quiet "maturin>=1.5,<2" pytest jsonschema
# The venv's maturin builds the wheel (no isolated build env to download it into again); the
# Rust build lands in target/ (or $CARGO_TARGET_DIR) and is incremental on later runs.
python -m pip install --quiet --no-build-isolation --force-reinstall --no-deps ./python
python -m pytest -q python/tests
