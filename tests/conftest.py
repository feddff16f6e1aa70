"""Shared fixtures: a real S3 server (moto), fresh buckets, fresh databases, a Prefect API,
and kaohe pointed at them.

The database is SQLite in a temporary folder by default; with ``KAOHE_TEST_DATABASE_URL`` set
to a PostgreSQL URL (e.g. ``postgresql+psycopg://postgres@127.0.0.1:5432/test``) each database
is a schema of its own there (created before, dropped after), so tests never see each other's
rows. Every test that uses a database is marked ``db`` (CI runs those again on PostgreSQL).
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# pytest-xdist workers inherit COLUMNS=80 from their start; rich would freeze the CLI's
# console at that width when kaohe.cli is first imported, so a test's own COLUMNS (CliRunner
# env) would be ignored: drop it so every worker sizes its console as a plain run does
os.environ.pop("COLUMNS", None)

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError

from kaohe.context import Context, build_context, dispose_contexts
from kaohe.settings import default_config_dir, load_settings
from storage.db import open_database
from storage.s3 import S3Store, make_minio_client

MOTO_KEY = "testing"  # moto accepts any credentials; never a real secret


@pytest.fixture(scope="session")
def s3_server() -> Iterator[str]:
    """A moto S3 server on 127.0.0.1 (random port) for the session; yields ``"host:port"``."""
    from moto.server import ThreadedMotoServer

    with pytest.MonkeyPatch.context() as mp:
        for var in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
            mp.setenv(var, MOTO_KEY)
        mp.setenv("AWS_DEFAULT_REGION", "us-east-1")
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        host, port = server.get_host_and_port()
        try:
            yield f"{host}:{port}"
        finally:
            server.stop()


def _client(endpoint: str):
    return make_minio_client(
        endpoint, access_key=MOTO_KEY, secret_key=MOTO_KEY, secure=False, region="us-east-1"
    )


def _bucket(endpoint: str, *, versioned: bool) -> S3Store:
    from minio.commonconfig import ENABLED
    from minio.versioningconfig import VersioningConfig

    client = _client(endpoint)
    name = f"kaohe-{uuid.uuid4().hex[:16]}"
    client.make_bucket(name)
    if versioned:
        client.set_bucket_versioning(name, VersioningConfig(ENABLED))
    return S3Store(client, name)


@pytest.fixture
def s3_store(s3_server: str) -> S3Store:
    """A fresh, unversioned bucket."""
    return _bucket(s3_server, versioned=False)


@pytest.fixture
def s3_versioned_store(s3_server: str) -> S3Store:
    """A fresh bucket with versioning enabled."""
    return _bucket(s3_server, versioned=True)


#: fixtures that give a test a database: such tests are marked ``db``
DB_FIXTURES = frozenset(
    {"db_url", "session_db_url", "web_db_url", "engine", "session_engine", "make_db_url"}
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that uses a database ``db``: CI selects them by marker, not folder."""
    for item in items:
        if DB_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.db)


@pytest.fixture
def db_url(tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database: SQLite in ``tmp_path``, or a new PostgreSQL schema."""
    yield from _fresh_database(tmp_path)


@pytest.fixture(scope="session")
def session_db_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One fresh database for the whole session (tests roll back what they write)."""
    yield from _fresh_database(tmp_path_factory.mktemp("session-db"))


@pytest.fixture(scope="session")
def web_db_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The web tests' own session database: the demo year written by a real run (committed
    rows), kept apart from ``session_db_url``, whose tests roll back and expect it empty."""
    yield from _fresh_database(tmp_path_factory.mktemp("web-db"))


@pytest.fixture
def make_db_url(tmp_path: Path) -> Iterator[Callable[[], str]]:
    """A factory of fresh, empty databases (like ``db_url``), all dropped after the test."""
    made: list[Iterator[str]] = []

    def make() -> str:
        gen = _fresh_database(tmp_path / f"db-{len(made)}")
        made.append(gen)
        return next(gen)

    yield make
    for gen in made:
        next(gen, None)  # runs the generator's teardown (drops the PostgreSQL schema)


def _fresh_database(folder: Path) -> Iterator[str]:
    base = os.environ.get("KAOHE_TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{folder / 'db' / 'kaohe.sqlite'}"
        return
    url = make_url(base)
    _ensure_database(url.render_as_string(hide_password=False))
    schema = f"t_{uuid.uuid4().hex[:16]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        scoped = url.update_query_dict({"options": f"-csearch_path={schema}"})
        yield scoped.render_as_string(hide_password=False)
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    finally:
        admin.dispose()


def _ensure_database(url: str) -> None:
    """Create the test database named in ``url`` if it does not exist yet."""
    u = make_url(url)
    server = create_engine(u.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as conn:
            exists = conn.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": u.database}
            )
            if not exists:
                try:
                    conn.execute(text(f'CREATE DATABASE "{u.database}"'))
                except DBAPIError:  # another xdist worker created it first
                    if not conn.scalar(
                        text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": u.database}
                    ):
                        raise
    finally:
        server.dispose()


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """``open_database(db_url, create=True)``: migrated to head; disposed after the test."""
    eng = open_database(db_url, create=True)
    try:
        yield eng
    finally:
        eng.dispose()


# ------------------------------------------------------------------ kaohe pointed at them


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


@pytest.fixture(scope="session")
def prefect_api(prefect_harness: None) -> str:
    """The session's Prefect API URL, for subprocesses (so each does not start its own)."""
    from prefect.settings import PREFECT_API_URL

    return str(PREFECT_API_URL.value())


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
) -> Iterator[S3Store]:
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
    yield s3_versioned_store
    dispose_contexts()  # the flows' per-process contexts hold connections to this database


@pytest.fixture
def ctx(kaohe_env: S3Store) -> Iterator[Context]:
    c = build_context(load_settings(), create=True)
    yield c
    c.engine.dispose()
