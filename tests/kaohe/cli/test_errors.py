"""Expected errors reach users as one Chinese line and a non-zero exit status, never a traceback.

Each case runs the real ``python -m kaohe`` in a subprocess (what a user runs), against a real
folder, a real S3 endpoint that checks credentials, and real database URLs.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

#: a moto S3 server that authenticates every request (moto accepts anything by default)
_AUTH_MOTO = """
import os, sys, time
os.environ["INITIAL_NO_AUTH_ACTION_COUNT"] = "0"
from moto.server import ThreadedMotoServer
server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
server.start()
host, port = server.get_host_and_port()
print(f"{host}:{port}", flush=True)
sys.stdin.read()  # until the test closes our stdin
"""

_CJK = re.compile(r"[\u4e00-\u9fff]")


def _kaohe(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if not k.startswith("KAOHE_")}
    full.update(env)
    return subprocess.run(
        [sys.executable, "-m", "kaohe", *args],
        capture_output=True,
        text=True,
        timeout=180,
        env=full,
    )


def _assert_chinese_error(res: subprocess.CompletedProcess[str], code: int, *words: str) -> None:
    out = res.stdout + res.stderr
    assert res.returncode == code, out
    assert "Traceback" not in out and "Error:" not in out, out
    assert _CJK.search(res.stderr), out
    for w in words:
        assert w in out, out


@pytest.fixture(scope="module")
def auth_s3() -> Iterator[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", _AUTH_MOTO],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        endpoint = proc.stdout.readline().strip()
        assert re.fullmatch(r"127\.0\.0\.1:\d+", endpoint), endpoint
        yield endpoint
    finally:
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait(10)


def test_missing_store_folder(tmp_path: Path, prefect_api: str) -> None:
    res = _kaohe(
        {
            "KAOHE_STORE": str(tmp_path / "没有这个目录"),
            "KAOHE_DATABASE_URL": f"sqlite:///{tmp_path / 'k.sqlite'}",
            "PREFECT_API_URL": prefect_api,
        },
        "run",
    )
    _assert_chinese_error(res, 1, "本地存储目录不存在", "没有这个目录")


def test_wrong_s3_credentials(tmp_path: Path, auth_s3: str, prefect_api: str) -> None:
    start = time.monotonic()
    res = _kaohe(
        {
            "KAOHE_STORE": "s3://kaohe-submissions",
            "KAOHE_S3_ENDPOINT": auth_s3,
            "KAOHE_S3_SECURE": "false",
            "KAOHE_S3_ACCESS_KEY": "not-a-key",
            "KAOHE_S3_SECRET_KEY": "not-a-secret-either",
            "KAOHE_DATABASE_URL": f"sqlite:///{tmp_path / 'k.sqlite'}",
            "PREFECT_API_URL": prefect_api,
        },
        "run",
    )
    _assert_chinese_error(res, 1, "无权访问存储桶", "KAOHE_S3_ACCESS_KEY")
    out = res.stdout + res.stderr
    assert "not-a-key" not in out and "not-a-secret-either" not in out  # secrets never shown
    assert time.monotonic() - start < 120  # an auth failure is not retried as if IO failed


def test_bad_cron() -> None:
    res = _kaohe({}, "serve", "--cron", "every night")
    _assert_chinese_error(res, 2, "定时表达式无效", "every night")


@pytest.mark.parametrize(
    ("url", "hint"),
    [
        ("mysql://kaohe@127.0.0.1/kaohe", "kaohe 支持 sqlite 与 postgresql"),
        ("postgresql+psycopg2://kaohe@127.0.0.1/kaohe", "pip install 'kaohe[postgres]'"),
    ],
)
def test_database_driver_not_installed(url: str, hint: str) -> None:
    res = _kaohe({"KAOHE_DATABASE_URL": url}, "scores")
    _assert_chinese_error(res, 1, "数据库驱动未安装", hint)


def test_invalid_database_url() -> None:
    res = _kaohe({"KAOHE_DATABASE_URL": "not a url"}, "scores")
    _assert_chinese_error(res, 1, "数据库地址无效")


def test_unknown_unit(tmp_path: Path) -> None:
    env = {"KAOHE_DATABASE_URL": f"sqlite:///{tmp_path / 'k.sqlite'}"}
    assert _kaohe(env, "db", "upgrade").returncode == 0
    res = _kaohe(env, "explain", "--unit", "nobody", "--indicator", "1.4.3")
    _assert_chinese_error(res, 2, "未知单位：nobody")


def test_missing_database_is_refused_not_created(tmp_path: Path) -> None:
    path = tmp_path / "typo" / "kaohe.sqlite"
    res = _kaohe({"KAOHE_DATABASE_URL": f"sqlite:///{path}"}, "scores")
    _assert_chinese_error(res, 1, "数据库不存在", "kaohe.sqlite")
    assert not path.exists() and not path.parent.exists()


@pytest.fixture
def silent_endpoint() -> Iterator[str]:
    """A TCP server on 127.0.0.1 that accepts connections and never answers."""
    import socket
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
                held.append(conn)  # keep it open, say nothing
            except TimeoutError:
                continue
            except OSError:
                return

    t = threading.Thread(target=accept, daemon=True)
    t.start()
    try:
        yield f"127.0.0.1:{server.getsockname()[1]}"
    finally:
        stop.set()
        t.join(2)
        for c in held:
            c.close()
        server.close()


def test_silent_s3_endpoint_ends_the_run_within_two_minutes(
    tmp_path: Path, silent_endpoint: str, prefect_api: str
) -> None:
    start = time.monotonic()
    res = _kaohe(
        {
            "KAOHE_STORE": "s3://kaohe-submissions",
            "KAOHE_S3_ENDPOINT": silent_endpoint,
            "KAOHE_S3_SECURE": "false",
            "KAOHE_S3_ACCESS_KEY": "k",
            "KAOHE_S3_SECRET_KEY": "s",
            "KAOHE_DATABASE_URL": f"sqlite:///{tmp_path / 'k.sqlite'}",
            "PREFECT_API_URL": prefect_api,
        },
        "run",
    )
    elapsed = time.monotonic() - start
    _assert_chinese_error(res, 1, "长时间没有响应")
    assert elapsed < 120, f"the run took {elapsed:.0f} s"
    print(f"silent endpoint: run ended after {elapsed:.1f} s")
