"""`kaohe run` under SIGKILL, run twice at once, and with an object replaced mid-run.

Each scenario runs the real command in subprocesses against one folder store (the demo corpus
plus a bulk corpus, ~230 objects) and compares the end state with a reference: the same store
run once, undisturbed, into a fresh database. "Same" means the same score table (run ids aside)
and the same number of rows in every evidence table — nothing lost, nothing duplicated.

Not covered here: S3 cut and restored mid-run. moto keeps its buckets in the server process's
memory, so stopping it loses the data; the bounded-IO path (a silent or refused endpoint ends a
run with a Chinese message, a later run completes) is tested in tests/kaohe/cli/test_errors.py.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.exc import OperationalError, ProgrammingError

from kaohe.demo import write_demo_corpus
from kaohe.demo.corpus import bulk_files
from kaohe.units import load_units
from storage.models import (
    Element,
    Extraction,
    ObjectVersion,
    ParsedText,
    Run,
    Score,
    ScoreEvidence,
    ScoreSet,
)
from storage.objectstore import LocalStore
from tests.flows.test_pipeline import _fixed_letter

pytestmark = [pytest.mark.prefect]

ROW_TABLES = (ObjectVersion, ParsedText, Extraction, Element, ScoreSet, Score, ScoreEvidence)
_PER_UNIT = 20


@pytest.fixture
def store(tmp_path: Path, config_dir: Path) -> Path:
    root = tmp_path / "store"
    local = LocalStore(root)
    write_demo_corpus(local, 2024)
    units = [(u.code, u.name, u.kind) for u in load_units(config_dir / "units.yaml")][:10]
    for f in bulk_files(units, 2024, per_unit=_PER_UNIT):
        local.put(f.key, f.data)
    return root


def _env(store: Path, db: str, config_dir: Path, api: str, home: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PREFECT_API_URL": api,
        "PREFECT_HOME": str(home),
        "KAOHE_STORE": str(store),
        "KAOHE_DATABASE_URL": db,
        "KAOHE_CONFIG_DIR": str(config_dir),
        "KAOHE_YEAR": "2024",
        "KAOHE_WORKERS": "2",
        "KAOHE_BATCH_SIZE": "25",  # several extract batches, so a kill can land between them
    }


def _start(env: dict[str, str], cwd: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "kaohe", *args],
        env=env,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # the parser pool's processes are killed with the command
    )


def _run(env: dict[str, str], cwd: Path, *args: str) -> str:
    proc = _start(env, cwd, *args)
    out, _ = proc.communicate(timeout=300)
    assert proc.returncode == 0, out
    assert "Traceback" not in out, out
    return out


def _state(env: dict[str, str], cwd: Path, db: str) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """The score table without run ids, and the row count of every evidence table."""
    rows = [json.loads(line) for line in _run(env, cwd, "scores", "--json").splitlines()]
    for r in rows:
        r.pop("run", None)
    rows.sort(key=lambda r: (r["unit"], r["indicator"]))
    engine = create_engine(db)
    try:
        with engine.connect() as c:
            counts = {
                m.__tablename__: c.scalar(select(func.count()).select_from(m)) or 0
                for m in ROW_TABLES
            }
    finally:
        engine.dispose()
    return rows, counts


def _count(db: str, model: type[Any]) -> int:
    """Rows in ``model``'s table; 0 while the run has not created the database yet."""
    engine = create_engine(db)
    try:
        with engine.connect() as c:
            return c.scalar(select(func.count()).select_from(model)) or 0
    except (OperationalError, ProgrammingError):
        return 0
    finally:
        engine.dispose()


def _wait_for(what: str, cond: Callable[[], bool], proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 240
    while not cond():
        assert proc.poll() is None, f"the run ended before {what}: {proc.communicate()[0]}"
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def test_sigkill_mid_extract_then_run_gives_the_undisturbed_table(
    store: Path, make_db_url: Callable[[], str], config_dir: Path, prefect_api: str, tmp_path: Path
) -> None:
    ref_db, db = make_db_url(), make_db_url()
    ref_env = _env(store, ref_db, config_dir, prefect_api, tmp_path / "h1")
    env = _env(store, db, config_dir, prefect_api, tmp_path / "h2")
    _run(ref_env, tmp_path, "run")
    reference = _state(ref_env, tmp_path, ref_db)
    total = reference[1]["extractions"]
    assert total > 200

    # kill -9 the whole process tree once the first extract batch is committed
    proc = _start(env, tmp_path, "run")
    _wait_for("the first extractions", lambda: _count(db, Extraction) > 0, proc)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(30)
    done = _count(db, Extraction)
    assert 0 < done < total, (done, total)

    out = _run(env, tmp_path, "run")
    assert "评分" in out
    assert _state(env, tmp_path, db) == reference
    # a second run after recovery changes nothing
    _run(env, tmp_path, "run")
    assert _state(env, tmp_path, db) == reference
    engine = create_engine(db)
    with engine.connect() as c:
        statuses = [s for (s,) in c.execute(select(Run.status))]
    engine.dispose()
    assert statuses.count("completed") >= 6  # the killed run's phases may stay as they were


def test_two_runs_at_once_give_the_table_of_one(
    store: Path, make_db_url: Callable[[], str], config_dir: Path, prefect_api: str, tmp_path: Path
) -> None:
    ref_db, db = make_db_url(), make_db_url()
    ref_env = _env(store, ref_db, config_dir, prefect_api, tmp_path / "h1")
    env = _env(store, db, config_dir, prefect_api, tmp_path / "h2")
    _run(ref_env, tmp_path, "run")
    reference = _state(ref_env, tmp_path, ref_db)

    a = _start(env, tmp_path, "run")
    b = _start(env, tmp_path, "run")
    outs = [p.communicate(timeout=300)[0] for p in (a, b)]
    for p, out in zip((a, b), outs, strict=True):
        assert p.returncode == 0, out
        assert "Traceback" not in out, out
    assert _state(env, tmp_path, db) == reference


def test_object_replaced_between_ingest_and_extract(
    store: Path, make_db_url: Callable[[], str], config_dir: Path, prefect_api: str, tmp_path: Path
) -> None:
    """An unversioned store: bytes that no longer match the registered digest are not read as
    that version; the next run registers the new bytes and scores from them."""
    db = make_db_url()
    env = _env(store, db, config_dir, prefect_api, tmp_path / "h")
    key = "2024/youyi/依申请公开 答复书/答复书-02.docx"
    original = (store / key).read_bytes()
    replacement = _fixed_letter(original)
    assert replacement != original

    proc = _start(env, tmp_path, "run")
    _wait_for("ingest", lambda: _count(db, ObjectVersion) > 200, proc)
    (store / key).write_bytes(replacement)
    out, _ = proc.communicate(timeout=300)
    assert proc.returncode == 0, out

    _run(env, tmp_path, "run")
    engine = create_engine(db)
    with engine.connect() as c:
        versions = dict(
            c.execute(
                select(ObjectVersion.sha256, ObjectVersion.deleted_at).where(
                    ObjectVersion.key == key
                )
            ).all()
        )
    engine.dispose()
    old_sha, new_sha = (hashlib.sha256(b).hexdigest() for b in (original, replacement))
    assert versions.get(new_sha, "missing") is None, versions  # the new bytes are current
    explain = _run(env, tmp_path, "explain", "--unit", "youyi", "--indicator", "1.4.3")
    assert new_sha[:12] in explain and old_sha[:12] not in explain
    assert "remedy_wrong_reconsideration_body" not in explain
