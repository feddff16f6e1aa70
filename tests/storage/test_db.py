"""Engines and migrations on the test database (SQLite, or PostgreSQL when configured)."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import insert, inspect, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from storage.db import (
    SCHEMA_HEAD,
    DatabaseError,
    alembic_config,
    current_revision,
    head_revision,
    make_engine,
    open_database,
    refresh_statistics,
    session_factory,
    upgrade,
)
from storage.models import Base, Blob, Run, utcnow

TABLES = {
    "alembic_version",
    "evidence_copies",
    "blobs",
    "elements",
    "extractions",
    "findings",
    "manual_scores",
    "object_versions",
    "parsed_texts",
    "runs",
    "score_evidence",
    "score_sets",
    "scores",
    "units",
    # issue 7: the web workspace
    "audit_log",
    "finding_reviews",
    "review_requests",
    "review_windows",
    "web_sessions",
    "web_users",
    # issue 11: the website inspection
    "crawl_pages",
    "crawl_runs",
}


def test_a_version_table_with_two_rows_is_refused_in_chinese(db_url: str) -> None:
    """The schema check reads Alembic's version table itself: two rows (a branched history)
    are not taken for either revision."""
    engine = open_database(db_url, create=True)
    try:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO alembic_version (version_num) VALUES ('0003_web')"))
        with pytest.raises(DatabaseError) as e:
            current_revision(engine)
        assert e.value.reason == (
            f"数据库迁移版本不唯一：0003_web、{SCHEMA_HEAD}（请检查 alembic_version 表）"
        )
    finally:
        engine.dispose()


def test_fresh_database_is_migrated_to_head(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        assert current_revision(engine) is None
        upgrade(engine)
        assert current_revision(engine) == head_revision()
        upgrade(engine)  # idempotent
        assert current_revision(engine) == head_revision()
        assert set(inspect(engine).get_table_names()) == TABLES
    finally:
        engine.dispose()
    again = open_database(db_url)  # at head: nothing to do
    try:
        assert current_revision(again) == head_revision()
    finally:
        again.dispose()


def test_concurrent_first_use_migrates_once(db_url: str) -> None:
    """Two workers opening a brand-new database at once: both succeed, schema at head."""
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            barrier.wait()
            open_database(db_url, create=True).dispose()
        except BaseException as e:
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    engine = make_engine(db_url)
    try:
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


_OPEN_AT = """
import sys, time
from storage.db import open_database
time.sleep(max(0.0, float(sys.argv[2]) - time.time()))  # both processes start together
open_database(sys.argv[1], create=True).dispose()
"""


def test_two_processes_creating_one_database_both_succeed(
    make_db_url: Callable[[], str],
) -> None:
    """Two ``kaohe run`` processes on a database that does not exist yet (seen in CI: SQLite
    runs DDL outside transactions, so both created the same tables and one failed)."""
    root = Path(__file__).resolve().parents[2]
    for _ in range(4):
        url = make_db_url()
        start = time.time() + 3.0
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", _OPEN_AT, url, str(start)],
                cwd=root,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            for _ in range(2)
        ]
        outs = [p.communicate(timeout=120)[0] for p in procs]
        assert [p.returncode for p in procs] == [0, 0], outs
        engine = make_engine(url)
        try:
            assert current_revision(engine) == head_revision()
        finally:
            engine.dispose()


def test_migrations_form_one_numbered_chain() -> None:
    """Revisions are 0001, 0002, … each revising the one before: no branches, no gaps."""
    script = ScriptDirectory.from_config(alembic_config())
    revs = list(reversed(list(script.walk_revisions())))
    # a branch revision is "0003_<branch>" until the integrator renumbers it
    assert [r.revision.split("_")[0] for r in revs] == [f"{i:04d}" for i in range(1, len(revs) + 1)]
    assert [r.down_revision for r in revs] == [None, *[r.revision for r in revs[:-1]]]
    assert revs[-1].revision == head_revision() == SCHEMA_HEAD  # a command reads the constant


def test_models_and_migrations_agree(engine: Engine) -> None:
    """What ``alembic check`` does: autogenerate finds nothing to change."""
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diffs = compare_metadata(ctx, Base.metadata)
    assert diffs == []


def test_timestamps_are_aware_utc(engine: Engine) -> None:
    moscow = timezone(timedelta(hours=3))
    with session_factory(engine)() as s:
        s.add(
            Run(
                id="r" * 32,
                kind="ingest",
                year=2024,
                status="running",
                counts={"n": 1},
                started_at=datetime(2024, 5, 1, 12, 0, tzinfo=moscow),
            )
        )
        s.commit()
    with session_factory(engine)() as s:
        run = s.scalars(select(Run)).one()
        assert run.started_at == datetime(2024, 5, 1, 9, 0, tzinfo=UTC)
        assert run.started_at.utcoffset() == timedelta(0)
        assert run.counts == {"n": 1}
        with pytest.raises(Exception, match="naive datetime"):
            s.add(
                Run(
                    id="n" * 32,
                    kind="ingest",
                    year=2024,
                    status="running",
                    counts={},
                    started_at=datetime(2024, 5, 1),
                )
            )
            s.flush()


def test_unique_and_foreign_keys_are_enforced(engine: Engine) -> None:
    Session = session_factory(engine)
    with Session() as s:
        s.add(Blob(sha256="a" * 64, size=1, format="pdf"))
        s.commit()
        s.add(Blob(sha256="a" * 64, size=2, format="pdf"))
        with pytest.raises(IntegrityError):
            s.commit()
    with Session() as s, pytest.raises(IntegrityError):
        s.execute(
            text(
                "INSERT INTO score_sets (year, run_id, rules_hash, extraction_rules_hash,"
                " extractor_version, digest, created_at)"
                " VALUES (2024, 'no-such-run', 'h', 'h', 'v', 'd', CURRENT_TIMESTAMP)"
            )
        )
        s.commit()


def test_sqlite_engine_creates_folder_and_uses_wal(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "kaohe.sqlite"
    engine = open_database(f"sqlite:///{path}", create=True)
    try:
        assert path.exists()
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        engine.dispose()


def test_unreachable_database_is_a_chinese_error() -> None:
    with socket.socket() as sock:  # a port with nothing listening
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    t0 = time.monotonic()
    with pytest.raises(DatabaseError) as e:
        open_database(f"postgresql://kaohe:pw-not-shown@127.0.0.1:{port}/kaohe")
    assert time.monotonic() - t0 < 5
    assert e.value.reason.startswith("无法连接数据库：postgresql+psycopg://kaohe:***@127.0.0.1")
    assert "pw-not-shown" not in e.value.reason


def test_refresh_statistics_resamples_the_bulk_tables(engine: Engine) -> None:
    """After a bulk load PostgreSQL's planner learns the real row counts (it believed the
    tables nearly empty and filtered instead of seeking); SQLite has nothing to refresh."""
    with engine.begin() as conn:
        conn.execute(
            insert(Blob),
            [
                {"sha256": f"{i:064x}", "size": i, "format": "pdf", "first_seen": utcnow()}
                for i in range(3000)
            ],
        )
    ran = refresh_statistics(engine)
    if engine.dialect.name != "postgresql":
        assert ran is False
        return
    assert ran is True
    with engine.connect() as conn:
        tuples = conn.exec_driver_sql(
            "SELECT reltuples FROM pg_class WHERE oid = 'blobs'::regclass"
        ).scalar_one()
        analyzed = conn.exec_driver_sql(
            "SELECT last_analyze FROM pg_stat_user_tables WHERE relid = 'blobs'::regclass"
        ).scalar_one()
    assert tuples == 3000 and analyzed is not None
