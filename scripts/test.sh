#!/usr/bin/env bash
# Fresh machine → tests: create .venv, install kaohe with test extras, lint, check the layers,
# type-check (code and tests), test. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[dev]'
.venv/bin/ruff check .
.venv/bin/lint-imports --no-cache
.venv/bin/mypy
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"
