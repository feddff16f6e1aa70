"""`kaohe run` with ``KAOHE_DASK_ADDRESS``: the batches run on a real Dask cluster.

A ``dask scheduler`` and two ``dask worker`` processes are started on 127.0.0.1; the same
command then runs against them, on a folder store and on a moto S3 bucket (the database is
PostgreSQL when ``KAOHE_TEST_DATABASE_URL`` names one, as in CI). Workers receive keys and public
settings only: they fetch the objects from the store with the credentials of their own
environment and write to the database themselves. The table (and its score-set digest) must
equal the one the same store gives without a cluster, and both workers must have run batches.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, select

from kaohe.demo import write_demo_corpus
from kaohe.demo.corpus import bulk_files
from kaohe.units import load_units
from storage.models import ScoreSet
from storage.objectstore import LocalStore
from storage.s3 import S3Store
from tests.conftest import MOTO_KEY
from tests.flows.test_reliability import _env, _run, _state

pytestmark = [pytest.mark.prefect]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _dask_cli() -> list[str]:
    exe = shutil.which("dask", path=str(Path(sys.executable).parent))
    assert exe, "the dask command comes with kaohe's dependencies (distributed)"
    return [exe]


def _start_cluster(
    tmp_path: Path, workers: int, env: dict[str, str] | None = None
) -> Iterator[str]:
    """A scheduler and ``workers`` single-threaded workers (no nanny: their batches start
    parser processes), each worker with ``env`` added to its environment."""
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    logs = tmp_path / "dask"
    logs.mkdir()
    common = ["--host", "127.0.0.1", "--no-dashboard"]
    sched = subprocess.Popen(
        [*_dask_cli(), "scheduler", "--port", str(port), *common],
        stdout=(logs / "scheduler.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    procs = [
        subprocess.Popen(
            [*_dask_cli(), "worker", address, "--nthreads", "1", "--no-nanny", *common],
            stdout=(logs / f"worker{i}.log").open("w"),
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2]), **(env or {})},
        )
        for i in range(workers)
    ]
    try:
        from distributed import Client

        deadline = time.monotonic() + 60
        while True:
            try:
                with Client(address, timeout=5) as c:
                    if len(c.scheduler_info()["workers"]) >= workers:
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, (logs / "worker0.log").read_text()
            time.sleep(0.5)
        yield address
    finally:
        for p in (*procs, sched):
            p.terminate()
        for p in (*procs, sched):
            try:
                p.wait(20)
            except subprocess.TimeoutExpired:
                p.kill()


@pytest.fixture
def dask_cluster(tmp_path: Path) -> Iterator[str]:
    """A scheduler and one worker on 127.0.0.1."""
    yield from _start_cluster(tmp_path, 1)


def _executed_per_worker(address: str) -> dict[str, tuple[int, int]]:
    """Worker address → (its process id, tasks it executed)."""
    from distributed import Client

    def executed(dask_worker: Any) -> tuple[int, int]:
        return os.getpid(), int(dask_worker.state.executed_count)

    with Client(address, timeout=10) as c:
        return dict(c.run(executed))


def _task_prefixes(address: str) -> dict[str, int]:
    """Completed (and since forgotten) tasks per key prefix, as the scheduler counted them."""
    from distributed import Client

    def counts(dask_scheduler: Any) -> dict[str, int]:
        return {
            name: sum(p.state_counts.values()) for name, p in dask_scheduler.task_prefixes.items()
        }

    with Client(address, timeout=10) as c:
        return dict(c.run_on_scheduler(counts))


def test_run_on_a_dask_cluster_gives_the_local_table(
    dask_cluster: str,
    make_db_url: Callable[[], str],
    config_dir: Path,
    prefect_api: str,
    tmp_path: Path,
) -> None:
    store = tmp_path / "store"
    write_demo_corpus(LocalStore(store), 2024)
    ref_db, db = make_db_url(), make_db_url()
    ref_env = _env(store, ref_db, config_dir, prefect_api, tmp_path / "h1")
    _run(ref_env, tmp_path, "run")
    reference = _state(ref_env, tmp_path, ref_db)
    assert reference[1]["extractions"] > 20

    env = {**_env(store, db, config_dir, prefect_api, tmp_path / "h2")}
    env["KAOHE_DASK_ADDRESS"] = dask_cluster
    env["KAOHE_BATCH_SIZE"] = "5"
    out = _run(env, tmp_path, "run")
    assert "评分" in out
    # the run says what it cost, Prefect's start apart (a server is configured: no hint)
    flat = out.replace("\n", "")
    timing = re.search(
        r"用时 ([\d.]+) 秒：Prefect 启动 ([\d.]+) 秒，采集 [\d.]+ 秒，提取 [\d.]+ 秒", flat
    )
    assert timing and 0 < float(timing[2]) < float(timing[1]), flat
    assert "PREFECT_API_URL" not in flat
    assert _state(env, tmp_path, db) == reference

    ran = _task_prefixes(dask_cluster)
    extract = sum(n for name, n in ran.items() if "extract" in name)
    ingest = sum(n for name, n in ran.items() if "ingest" in name)
    # every extract and ingest batch went through the scheduler (batches of 5)
    assert extract >= reference[1]["extractions"] // 5, ran
    assert ingest >= 1, ran


@pytest.mark.s3
def test_two_workers_on_s3_give_the_single_machine_table(
    s3_server: str,
    s3_versioned_store: S3Store,
    make_db_url: Callable[[], str],
    config_dir: Path,
    prefect_api: str,
    tmp_path: Path,
) -> None:
    """Scheduler + two workers as processes, a moto S3 bucket: same table and digest as one
    machine, and each worker process ran batches (keys travel, the workers fetch the bytes)."""
    write_demo_corpus(s3_versioned_store, 2024)
    units = [(u.code, u.name, u.kind) for u in load_units(config_dir / "units.yaml")][:4]
    for f in bulk_files(units, 2024, per_unit=10):
        s3_versioned_store.put(f.key, f.data)
    s3 = {
        "KAOHE_S3_ENDPOINT": s3_server,
        "KAOHE_S3_ACCESS_KEY": MOTO_KEY,
        "KAOHE_S3_SECRET_KEY": MOTO_KEY,
        "KAOHE_S3_SECURE": "false",
        "KAOHE_S3_REGION": "us-east-1",
    }
    ref_db, db = make_db_url(), make_db_url()
    bucket = f"s3://{s3_versioned_store.bucket}"
    ref_env = {**_env(tmp_path, ref_db, config_dir, prefect_api, tmp_path / "h1"), **s3}
    ref_env["KAOHE_STORE"] = bucket
    _run(ref_env, tmp_path, "run")
    reference = _state(ref_env, tmp_path, ref_db)
    assert reference[1]["extractions"] > 50

    cluster = _start_cluster(tmp_path, 2, env=s3)
    address = next(cluster)
    try:
        env = {**_env(tmp_path, db, config_dir, prefect_api, tmp_path / "h2"), **s3}
        env |= {"KAOHE_STORE": bucket, "KAOHE_DASK_ADDRESS": address, "KAOHE_BATCH_SIZE": "4"}
        out = _run(env, tmp_path, "run")
        assert "评分" in out
        state = _state(env, tmp_path, db)
        assert state == reference
        assert _table_digest(state[0]) == _table_digest(reference[0])
        assert len(_digests(db)) == len(_digests(ref_db)) == 1
        ran = _executed_per_worker(address)
        assert len(ran) == 2, ran
        pids = {pid for pid, _ in ran.values()}
        assert len(pids) == 2 and os.getpid() not in pids
        # batches of 4 over > 50 documents: a dozen or more extract batches, spread over both
        assert all(n >= 2 for _, n in ran.values()), ran
        assert sum(n for _, n in ran.values()) >= reference[1]["extractions"] // 4, ran
    finally:
        next(cluster, None)


def _table_digest(rows: list[dict[str, Any]]) -> str:
    """sha256 of the score table's content. The stored score-set digest also covers the
    database ids of the evidence rows (object version, extraction), which depend on the order
    in which two workers inserted them, so it differs between two databases by design."""
    canonical = json.dumps(rows, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _digests(db: str) -> list[str]:
    """Digests of the score sets of a database (one per distinct table)."""
    engine = create_engine(db)
    try:
        with engine.connect() as c:
            return sorted(c.scalars(select(ScoreSet.digest)))
    finally:
        engine.dispose()
