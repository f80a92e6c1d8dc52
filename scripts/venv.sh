# Sourced by the suites in scripts/test.d: makes (once) and activates the test venv under
# target/, so Python tooling never touches the machine's own interpreter.
#   . scripts/venv.sh            then   pip install ... ; python ...
DEALWIRE_VENV="${DEALWIRE_VENV:-$PWD/target/venv}"
if [ ! -x "$DEALWIRE_VENV/bin/python" ]; then
    python3 -m venv "$DEALWIRE_VENV"
    "$DEALWIRE_VENV/bin/python" -m pip install --quiet --upgrade pip
fi
# shellcheck disable=SC1091
. "$DEALWIRE_VENV/bin/activate"
