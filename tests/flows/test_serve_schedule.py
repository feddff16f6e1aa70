"""``kaohe serve`` against a real ``prefect server start`` on 127.0.0.1: the deployment carries
the cron in Asia/Shanghai, and a scheduled run fires, completes and writes the score table.

Takes about 1.5 minutes (a server start, then the next minute boundary of ``* * * * *``).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from kaohe.demo import write_demo_corpus
from storage.objectstore import LocalStore

pytestmark = [pytest.mark.prefect]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(what: str, probe: object, timeout: float) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = probe()  # type: ignore[operator]
        if got:
            return got
        time.sleep(2)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def prefect_server(tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    env = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / "prefect-home"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_API_URL": "",
    }
    log = (tmp_path / "server.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
         "--port", str(port)],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    api = f"http://127.0.0.1:{port}/api"

    def healthy() -> bool:
        try:
            return httpx.get(f"{api}/health", timeout=2).status_code == 200
        except httpx.HTTPError:
            return proc.poll() is not None and _fail(tmp_path)

    try:
        _wait("prefect server", healthy, 120)
        yield api
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(30)
        log.close()


def _fail(tmp_path: Path) -> bool:
    raise AssertionError((tmp_path / "server.log").read_text(errors="replace")[-3000:])


def test_serve_fires_a_scheduled_run_in_beijing_time(
    prefect_server: str, tmp_path: Path, config_dir: Path
) -> None:
    store = tmp_path / "store"
    store.mkdir()
    write_demo_corpus(LocalStore(store), 2024)
    db = tmp_path / "kaohe.sqlite"
    env = {
        **os.environ,
        "PREFECT_API_URL": prefect_server,
        "PREFECT_HOME": str(tmp_path / "client-home"),
        "KAOHE_STORE": str(store),
        "KAOHE_DATABASE_URL": f"sqlite:///{db}",
        "KAOHE_CONFIG_DIR": str(config_dir),
        "KAOHE_YEAR": "2024",
        "KAOHE_WORKERS": "0",
    }
    kaohe = [sys.executable, "-m", "kaohe"]
    log = (tmp_path / "serve.log").open("wb")
    proc = subprocess.Popen(
        [*kaohe, "serve", "--cron", "* * * * *", "--name", "nightly",
         "--crawl-cron", "0 1 * * 1"],
        env=env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        client = httpx.Client(base_url=prefect_server, timeout=10)

        def deployment() -> dict[str, object] | None:
            if proc.poll() is not None:
                raise AssertionError((tmp_path / "serve.log").read_text(errors="replace"))
            found = client.post("/deployments/filter", json={}).json()
            return next((d for d in found if d["name"] == "nightly"), None)

        dep = _wait("the deployment", deployment, 60)
        assert isinstance(dep, dict)
        [schedule] = dep["schedules"]
        assert schedule["schedule"]["cron"] == "* * * * *"
        assert schedule["schedule"]["timezone"] == "Asia/Shanghai"

        # the 网站巡检 flow is served by the same process, on its own schedule (registered
        # just after the first one: wait for it too, a loaded machine shows the gap)
        def crawl_deployment() -> dict[str, object] | None:
            found = client.post("/deployments/filter", json={}).json()
            return next((d for d in found if d["name"] == "nightly-crawl"), None)

        crawl = _wait("the crawl deployment", crawl_deployment, 60)
        assert isinstance(crawl, dict)
        [crawl_schedule] = crawl["schedules"]
        assert crawl_schedule["schedule"]["cron"] == "0 1 * * 1"
        assert crawl_schedule["schedule"]["timezone"] == "Asia/Shanghai"
        flows = {f["id"]: f["name"] for f in client.post("/flows/filter", json={}).json()}
        assert flows[crawl["flow_id"]] == "kaohe-crawl"

        def completed_run() -> dict[str, object] | None:
            runs = client.post(
                "/flow_runs/filter",
                json={"flow_runs": {"deployment_id": {"any_": [dep["id"]]}}},
            ).json()
            failed = [r for r in runs if r["state_type"] in ("FAILED", "CRASHED")]
            if failed:
                logs = client.post(
                    "/logs/filter", json={"logs": {"flow_run_id": {"any_": [failed[0]["id"]]}}}
                ).json()
                state = failed[0]["state"]
                raise AssertionError(
                    f"{state['name']}: {state['message']}\n"
                    + "\n".join(str(x["message"]) for x in logs)[-4000:]
                )
            return next((r for r in runs if r["state_type"] == "COMPLETED"), None)

        run = _wait("a scheduled run to complete", completed_run, 150)
        assert isinstance(run, dict) and run["auto_scheduled"] is True
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()
    out = subprocess.run(
        [*kaohe, "scores", "--json"], env=env, cwd=tmp_path, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    rows = [line for line in out.stdout.splitlines() if line.strip()]
    assert len(rows) == 120  # the demo's four units' indicators, scored by the scheduled run


def test_serve_without_a_prefect_server_says_what_to_start(tmp_path: Path) -> None:
    env = {**os.environ, "PREFECT_API_URL": f"http://127.0.0.1:{_free_port()}/api"}
    out = subprocess.run(
        [sys.executable, "-m", "kaohe", "serve"], env=env, cwd=tmp_path,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert out.returncode == 1
    assert "无法连接 Prefect 服务器" in out.stdout + out.stderr
    assert "prefect server start" in out.stdout + out.stderr
    assert "Traceback" not in out.stdout + out.stderr
