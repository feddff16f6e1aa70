"""Repository tests share one migrated database per session; each test runs in a
transaction that is rolled back at its end (a savepoint per ``commit``), the warehouse pattern:
migrating once instead of per test makes these tests several times faster.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from storage.db import open_database
from storage.repo import runs


@pytest.fixture(scope="session")
def session_engine(session_db_url: str) -> Iterator[Engine]:
    eng = open_database(session_db_url, create=True)
    if eng.dialect.name == "sqlite":
        # pysqlite's own transaction handling breaks SAVEPOINT: let SQLAlchemy emit BEGIN
        # (the SQLAlchemy documentation's recipe; tests only, see the module docstring)
        @event.listens_for(eng, "connect")
        def _no_driver_transactions(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None

        @event.listens_for(eng, "begin")
        def _begin(conn: Any) -> None:
            conn.exec_driver_sql("BEGIN")

        eng.dispose()  # connections made by the migration lack the listener
    try:
        yield eng
    finally:
        eng.dispose()


@pytest.fixture
def s(session_engine: Engine) -> Iterator[Session]:
    """A session inside a transaction that is rolled back after the test."""
    with session_engine.connect() as conn:
        outer = conn.begin()
        with Session(
            bind=conn, expire_on_commit=False, join_transaction_mode="create_savepoint"
        ) as session:
            yield session
        outer.rollback()


@pytest.fixture
def run_id(s: Session) -> str:
    rid = runs.start_run(s, kind="ingest", year=2024)
    s.commit()
    return rid
