#!/bin/sh
# Regenerate the hashed lock files from pyproject.toml with pip-tools (not a project dependency: it is installed
# into a throwaway venv). Versions already in a lock file are kept; to move a package, pass pip-compile's options,
# e.g.  sh requirements/lock.sh --upgrade-package typer  (then run the whole test suite).
#   runtime.txt  what `criteria` needs to run: [project] dependencies
#   test.txt     runtime plus the test extra (pytest, hypothesis, ruff); the same runtime versions (-c runtime.txt)
#   build.txt    the build backend of [build-system], for `pip install --no-build-isolation`
# Only PyPI is asked, so the hashes are those of the files on PyPI.
set -eu
cd "$(dirname "$0")/.."
tools=$(mktemp -d)
trap 'rm -rf "$tools"' EXIT
python3 -m venv "$tools/venv"
export PIP_CONFIG_FILE=/dev/null PIP_INDEX_URL=https://pypi.org/simple
unset PIP_FIND_LINKS PIP_EXTRA_INDEX_URL PIP_CONSTRAINT 2>/dev/null || true
"$tools/venv/bin/pip" install -q pip==26.3 pip-tools==7.7.0
compile() { "$tools/venv/bin/pip-compile" -q --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
    --no-emit-find-links "$@"; }
compile "$@" -o requirements/runtime.txt pyproject.toml
compile "$@" --extra test -c requirements/runtime.txt -o requirements/test.txt pyproject.toml
compile "$@" --only-build-deps --all-build-deps -o requirements/build.txt pyproject.toml
