#!/usr/bin/env bash
# Fresh machine → tests: create .venv, install kaohe with test extras, lint, check the layers,
# type-check (code and tests), test: one pytest-xdist process per core (at most 4), a test
# file per process at a time (module fixtures are built once). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[dev]'
.venv/bin/ruff check .
.venv/bin/lint-imports --no-cache
.venv/bin/mypy
.venv/bin/python -m pytest -q -p no:cacheprovider -n auto --maxprocesses 4 --dist loadfile "$@"
