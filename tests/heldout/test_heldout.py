"""Held-out evaluation: the real ``kaohe extract --json`` on 40 unseen documents.

One subprocess for all documents; one test per case so a failure names the document and every
wrong field. The per-field accuracy table is printed at the end of the session.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import pytest

from .build import FieldResult, accuracy_table, build, run_extract, score_case
from .cases import CASES, Case

_SCORED: dict[str, list[FieldResult]] = {}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Any:
    paths = build(tmp_path_factory.mktemp("heldout"))
    objs, err = run_extract(paths.values())
    yield paths, objs, err
    if _SCORED:
        # printed past output capturing so the table shows on every run, not only with -s
        table = "held-out accuracy (per field)\n" + accuracy_table(_SCORED)
        capman = request.config.pluginmanager.getplugin("capturemanager")
        with capman.global_and_fixture_disabled() if capman else contextlib.nullcontext():
            print("\n" + table)


def test_one_answer_per_file_in_order(extracted: Any) -> None:
    paths, objs, err = extracted
    assert len(objs) == len(paths), f"expected {len(paths)} JSON lines, got {len(objs)}: {err}"
    for obj, path in zip(objs, paths.values(), strict=True):
        assert obj.get("source") == str(path)
        assert obj.get("format") == path.suffix.lstrip(".")
        assert isinstance(obj.get("sha256"), str) and len(obj["sha256"]) == 64


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: Case, extracted: Any) -> None:
    paths, objs, err = extracted
    index = list(paths).index(case.name)
    obj = objs[index] if index < len(objs) else None
    results = score_case(case, obj, Path(paths[case.name]))
    _SCORED[case.name] = results
    wrong = [f"{r.field}: {r.detail}" for r in results if not r.ok]
    if obj is None and err:
        wrong.append(f"kaohe extract: {err}")
    assert not wrong, f"{case.name} ({case.note})\n  " + "\n  ".join(wrong)
