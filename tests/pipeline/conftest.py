"""Fixtures for flow tests: a Prefect test harness, and kaohe pointed at moto S3 + a fresh DB."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kaohe.ops import Context, build_context
from kaohe.settings import default_config_dir, load_settings
from storage.objectstore import S3Store
from tests.conftest import MOTO_KEY


@pytest.fixture(scope="session")
def prefect_harness(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """One temporary Prefect API for the whole session (starts in ~10 s, measured)."""
    home = tmp_path_factory.mktemp("prefect-home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PREFECT_HOME", str(home))
        mp.setenv("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
        mp.setenv("PREFECT_LOGGING_LEVEL", "WARNING")
        from prefect.testing.utilities import prefect_test_harness

        with prefect_test_harness(server_startup_timeout=90):
            yield


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    """An editable copy of the shipped config/ (rules edits stay inside the test)."""
    dst = tmp_path / "config"
    shutil.copytree(default_config_dir(), dst)
    return dst


@pytest.fixture
def kaohe_env(
    monkeypatch: pytest.MonkeyPatch,
    s3_server: str,
    s3_versioned_store: S3Store,
    db_url: str,
    config_dir: Path,
) -> S3Store:
    """Point every ``load_settings()`` of this test at the moto bucket and the fresh DB."""
    env = {
        "KAOHE_STORE": f"s3://{s3_versioned_store.bucket}",
        "KAOHE_S3_ENDPOINT": s3_server,
        "KAOHE_S3_ACCESS_KEY": MOTO_KEY,
        "KAOHE_S3_SECRET_KEY": MOTO_KEY,
        "KAOHE_S3_SECURE": "false",
        "KAOHE_S3_REGION": "us-east-1",
        "KAOHE_DATABASE_URL": db_url,
        "KAOHE_CONFIG_DIR": str(config_dir),
        "KAOHE_YEAR": "2024",
        "KAOHE_WORKERS": "0",
    }
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    return s3_versioned_store


@pytest.fixture
def ctx(kaohe_env: S3Store) -> Iterator[Context]:
    c = build_context(load_settings())
    yield c
    c.engine.dispose()
