"""Shared fixtures: a real S3 server (moto), fresh buckets, and a fresh database per test.

The database is SQLite in ``tmp_path`` by default; with ``KAOHE_TEST_DATABASE_URL`` set to a
PostgreSQL URL (e.g. ``postgresql+psycopg://postgres@127.0.0.1:5432/test``) each test gets its
own schema there (created before, dropped after), so tests never see each other's rows.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

from storage.db import open_database
from storage.objectstore import S3Store, make_minio_client

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


@pytest.fixture
def db_url(tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database: SQLite in ``tmp_path``, or a new PostgreSQL schema."""
    base = os.environ.get("KAOHE_TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{tmp_path / 'db' / 'kaohe.sqlite'}"
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
                conn.execute(text(f'CREATE DATABASE "{u.database}"'))
    finally:
        server.dispose()


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """``open_database(db_url)``: migrated to head; disposed after the test."""
    eng = open_database(db_url)
    try:
        yield eng
    finally:
        eng.dispose()
