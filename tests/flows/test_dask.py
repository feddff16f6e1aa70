"""`kaohe run` with ``KAOHE_DASK_ADDRESS``: the batches run on a real Dask cluster.

A ``dask scheduler`` and a ``dask worker`` are started as processes on 127.0.0.1; the same
command then runs against them. Workers receive keys and public settings only: they fetch the
objects from the store and write to the database themselves. The table must equal the one
the same store gives without a cluster, and the scheduler must have run the batch tasks.
"""

from __future__ import annotations

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

from kaohe.demo import write_demo_corpus
from storage.objectstore import LocalStore
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


@pytest.fixture
def dask_cluster(tmp_path: Path) -> Iterator[str]:
    """A scheduler and one single-threaded worker (no nanny: its batches start parser processes)."""
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
    worker = subprocess.Popen(
        [*_dask_cli(), "worker", address, "--nthreads", "1", "--no-nanny", *common],
        stdout=(logs / "worker.log").open("w"),
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])},
    )
    try:
        from distributed import Client

        deadline = time.monotonic() + 60
        while True:
            try:
                with Client(address, timeout=5) as c:
                    if c.scheduler_info()["workers"]:
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, (logs / "worker.log").read_text()
            time.sleep(0.5)
        yield address
    finally:
        for p in (worker, sched):
            p.terminate()
        for p in (worker, sched):
            try:
                p.wait(20)
            except subprocess.TimeoutExpired:
                p.kill()


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
