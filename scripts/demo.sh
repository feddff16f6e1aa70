#!/usr/bin/env bash
# Fresh machine → demo: create .venv, install kaohe, run the demo on embedded defaults
# (local folder store, SQLite, no server).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q .
.venv/bin/kaohe demo "$@"
