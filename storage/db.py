"""Engines, sessions and schema migrations (Alembic, shipped inside the package).

:func:`open_database` is what applications call: it builds the engine and brings the schema to
the newest revision on first use (idempotent, one cheap query when already at head). Migrations
run with ``alembic.command`` and a :class:`~alembic.config.Config` built in code, so no
``alembic.ini`` is needed; ``alembic -c`` users can still point ``script_location`` at
``storage/migrations``.
"""

from __future__ import annotations

import contextlib
import functools
import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson
from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from kaohe.errors import ConfigError, DatabaseError

if TYPE_CHECKING:
    from alembic.config import Config

__all__ = [
    "SCHEMA_HEAD",
    "alembic_config",
    "current_revision",
    "database_exists",
    "head_revision",
    "make_engine",
    "open_database",
    "refresh_statistics",
    "session_factory",
    "sqlite_file",
    "upgrade",
]

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

#: the newest migration's revision (a test checks it is Alembic's head): a command sees that
#: the schema is current with one query and without importing Alembic (a tenth of a second)
SCHEMA_HEAD = "0004_crawl"

#: key of the PostgreSQL advisory lock serialising concurrent upgrades ("kaohe" in ASCII)
_PG_LOCK_KEY = 0x6B616F6865
#: alembic's ``context`` proxy is process-global: one migration at a time per process
_upgrade_lock = threading.Lock()


def make_engine(url: str, *, create: bool = True) -> Engine:
    """An engine for ``url``.

    SQLite: the file's folder is created (when ``create``), foreign keys are enforced and WAL
    journaling is used (readers do not block the writer), with a 30 s busy timeout.
    ``postgresql://`` URLs use psycopg 3 (the driver kaohe ships with).
    """
    try:
        u = make_url(url)
    except ArgumentError:
        raise ConfigError(
            "数据库地址无效（KAOHE_DATABASE_URL），例如 sqlite:///kaohe.sqlite"
        ) from None
    kwargs: dict[str, Any] = {"json_deserializer": _json_loads}
    if u.get_backend_name() == "sqlite":
        db = u.database or ""
        if create and db and db != ":memory:" and not db.startswith("file:"):
            try:
                Path(db).expanduser().resolve().parent.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise ConfigError(
                    f"无法创建数据库目录：{Path(db).parent}（{e.strerror}）"
                ) from None
        kwargs["connect_args"] = {"timeout": 30}
    elif u.get_backend_name() == "postgresql":
        if u.drivername == "postgresql":
            u = u.set(drivername="postgresql+psycopg")
        kwargs["pool_pre_ping"] = True
    try:
        engine = create_engine(u, **kwargs)
    except (ImportError, NoSuchModuleError) as e:
        raise ConfigError(
            _missing_driver(u.get_backend_name(), u.drivername), detail=str(e)
        ) from None
    if engine.dialect.name == "sqlite":
        memory = (u.database or ":memory:") == ":memory:"

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            if not memory:
                # Switching a brand-new file to WAL while another connection does the same can
                # fail at once with "database is locked" (the busy timeout does not cover it).
                for attempt in range(50):
                    try:
                        cur.execute("PRAGMA journal_mode=WAL")
                        break
                    except sqlite3.OperationalError:
                        if attempt == 49:
                            raise
                        time.sleep(0.1)
                cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

    return engine


def _json_loads(text: str | bytes) -> Any:
    """JSON columns as read: orjson (scoring decodes every document's extraction result, and
    ``json.loads`` was a third of a rescore, measured); what orjson refuses but the standard
    library writes (NaN, integers beyond 64 bits) falls back to ``json.loads``."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


#: the tables a run fills in bulk and scoring then reads with index lookups
_BULK_TABLES = ("object_versions", "blobs", "extractions", "elements", "findings")


def refresh_statistics(engine: Engine) -> bool:
    """Have PostgreSQL re-sample the tables a run just filled (``ANALYZE``); True if it ran.

    Call it after a phase wrote many rows. Until autovacuum gets round to it the planner
    believes a table freshly loaded with 50,000 versions holds a handful, and filtered the
    score phase's per-unit reads instead of seeking them: 398 ms per read against 19 ms after
    ``ANALYZE`` (measured), 26 s of a 50,000-document rescore. SQLite keeps no such
    statistics by default and plans these reads on its indexes: nothing to do there."""
    if engine.dialect.name != "postgresql":
        return False
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql(f"ANALYZE {', '.join(_BULK_TABLES)}")
    except OperationalError as e:
        raise _unreachable(engine, e) from None
    return True


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions whose objects stay readable after commit (results are returned to callers)."""
    return sessionmaker(engine, expire_on_commit=False)


def alembic_config(engine: Engine | None = None) -> Config:
    """An Alembic config built in code; with ``engine``, migrations run on its connections."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        cfg.attributes["engine"] = engine
    return cfg


@functools.cache
def head_revision() -> str:
    """The newest migration shipped with this version of kaohe (read by Alembic)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The schema revision of the database (None when never migrated): Alembic's version
    table, read without Alembic."""
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table("alembic_version"):
                return None
            revs = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except OperationalError as e:
        raise _unreachable(engine, e) from None
    if len(revs) > 1:
        listed = "、".join(sorted(revs))
        raise DatabaseError(f"数据库迁移版本不唯一：{listed}（请检查 alembic_version 表）")
    return revs[0] if revs else None


def upgrade(engine: Engine, revision: str = "head") -> None:
    """``alembic upgrade head`` on ``engine``; safe to call concurrently and repeatedly.

    Within a process upgrades take turns (Alembic's ``context`` is process-global); across
    processes PostgreSQL upgrades serialise on an advisory lock and SQLite ones on a lock file
    beside the database (SQLite runs DDL outside transactions, so two processes creating a new
    file would otherwise both create the same tables). Alembic reads the revision after the
    lock is held: the second process finds the schema at head and does nothing.
    """
    from alembic import command

    cfg = alembic_config(engine)
    try:
        with _upgrade_lock, _sqlite_file_lock(engine):
            command.upgrade(cfg, revision)
    except OperationalError as e:
        raise _unreachable(engine, e) from None
    except SQLAlchemyError as e:
        raise DatabaseError(
            f"数据库迁移失败：{type(e).__name__}", detail=str(e).splitlines()[0][:500]
        ) from None


@contextlib.contextmanager
def _sqlite_file_lock(engine: Engine) -> Iterator[None]:
    """An exclusive ``flock`` on ``<database>.migrate.lock`` while held (SQLite files on POSIX;
    a no-op elsewhere, and where the lock file cannot be opened)."""
    path = sqlite_file(engine.url.render_as_string(hide_password=False))
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: migrations are not serialised
        fcntl = None  # type: ignore[assignment]
    if path is None or fcntl is None:
        yield
        return
    try:
        handle = open(path.with_name(path.name + ".migrate.lock"), "a")  # noqa: SIM115
    except OSError:
        yield
        return
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL (None for other databases and in-memory ones)."""
    try:
        u = make_url(url)
    except ArgumentError:
        return None
    db = u.database or ""
    if u.get_backend_name() != "sqlite" or not db or db == ":memory:" or db.startswith("file:"):
        return None
    return Path(db).expanduser().resolve()


def database_exists(url: str) -> bool:
    """Whether ``url`` names a kaohe database already (a SQLite file, or a schema with
    kaohe's migrations applied). Never creates anything."""
    path = sqlite_file(url)
    if path is not None and not path.is_file():
        return False
    engine = make_engine(url, create=False)
    try:
        return current_revision(engine) is not None
    finally:
        engine.dispose()


def open_database(url: str, *, create: bool = False) -> Engine:
    """Engine for ``url`` with the schema at head (migrated now if it is behind).

    A database that does not exist yet is created only with ``create`` (``kaohe run``,
    ``kaohe demo``); otherwise :class:`~kaohe.errors.DatabaseError` names it, so a typo in a
    path never silently gives an empty database.
    """
    if not create and not database_exists(url):
        where = sqlite_file(url) or make_url(url).render_as_string(hide_password=True)
        raise DatabaseError(
            f"数据库不存在：{where}（请先运行 kaohe run 或 kaohe demo，"
            "或检查 KAOHE_DATABASE_URL / 工作区设置）"
        )
    engine = make_engine(url, create=create)
    if current_revision(engine) != SCHEMA_HEAD:
        upgrade(engine)
    return engine


def _unreachable(engine: Engine, e: OperationalError) -> DatabaseError:
    where = engine.url.render_as_string(hide_password=True)
    return DatabaseError(
        f"无法连接数据库：{where}（请检查 KAOHE_DATABASE_URL 与数据库服务）",
        detail=str(e.orig).splitlines()[0][:500] if e.orig else type(e).__name__,
    )


#: the extra of kaohe that installs the driver of a backend
_DRIVER_EXTRAS = {"postgresql": "postgres"}


def _missing_driver(backend: str, drivername: str) -> str:
    extra = _DRIVER_EXTRAS.get(backend)
    hint = (
        f"请安装：pip install 'kaohe[{extra}]'，并使用 postgresql+psycopg:// 地址"
        if extra
        else "kaohe 支持 sqlite 与 postgresql（postgresql+psycopg）"
    )
    return f"数据库驱动未安装或不受支持：{drivername}（KAOHE_DATABASE_URL）。{hint}"


def lock_for_upgrade(conn: Any) -> None:
    """Called by ``env.py`` inside the migration transaction (PostgreSQL only)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
