"""The composition root: clients, engines and loaded configuration, built from settings.

A :class:`Context` is live (an engine, a store client) and never crosses a process boundary:
Prefect tasks receive plain :class:`~kaohe.settings.Settings` (without secrets) and call
:func:`context_for`, which builds one context per process and settings and reuses it. Secrets
are never part of task inputs: a context built from settings without credentials reads them from
its own process environment (``KAOHE_S3_ACCESS_KEY``/``KAOHE_S3_SECRET_KEY``).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property

from pydantic import SecretStr
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from extractors.parsing.formats import ParseLimits
from extractors.rules import ExtractionRules, load_extraction_rules
from kaohe.settings import Settings
from kaohe.units import Unit, load_units
from scoring.rubric import Rubric, load_rubrics, rubrics_hash
from storage.db import open_database
from storage.evidence import EvidenceLocker, open_locker
from storage.objectstore import ObjectStore, open_store
from storage.repo.units import sync_units

__all__ = ["Context", "build_context", "context_for", "dispose_contexts", "parse_limits"]


def parse_limits(settings: Settings) -> ParseLimits:
    """The extractors' view of the limits (the per-file timeout is enforced by the caller)."""
    return ParseLimits(**settings.limits.model_dump(exclude={"parse_timeout_s"}))


@dataclass
class Context:
    """Clients and loaded configuration for one process; built by :func:`build_context`."""

    settings: Settings
    engine: Engine
    store: ObjectStore
    units: list[Unit]
    rules: ExtractionRules
    rubrics: dict[str, Rubric]
    #: where scored bytes are kept (``_evidence/`` of the store unless configured elsewhere)
    locker: EvidenceLocker
    _units_by_key: dict[str, Unit] = field(default_factory=dict, repr=False)

    @cached_property
    def rules_hash(self) -> str:
        """Hash of the rubrics: keys score sets."""
        return rubrics_hash(self.rubrics)

    @property
    def parse_limits(self) -> ParseLimits:
        return parse_limits(self.settings)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session committed on success and rolled back on error."""
        with Session(self.engine, expire_on_commit=False) as s:
            try:
                yield s
                s.commit()
            except BaseException:
                s.rollback()
                raise

    def unit(self, code_or_name: str) -> Unit | None:
        """The unit with this code, full name or (unambiguous) short name, else None.

        The short name is the one in table headers (集贤县, 自然资源局); a short name two units
        share names neither.
        """
        if not self._units_by_key:
            shorts: dict[str, list[Unit]] = {}
            for u in self.units:
                shorts.setdefault(u.short_name, []).append(u)
            for short, units in shorts.items():
                if len(units) == 1:
                    self._units_by_key[short] = units[0]
            for u in self.units:  # codes and full names win over a short name
                self._units_by_key[u.name] = u
                self._units_by_key[u.code] = u
        return self._units_by_key.get(code_or_name.strip())


def build_context(settings: Settings, *, create: bool = False) -> Context:
    """Build clients from ``settings``; migrates the database and syncs the units file.

    A missing database is created only with ``create`` (the pipeline); every other face
    refuses it (:func:`storage.db.open_database`).
    """
    units = load_units(settings.units_path())
    full = _with_env_secrets(settings)
    store = open_store(full)
    ctx = Context(
        settings=settings,
        engine=open_database(settings.database_url, create=create),
        store=store,
        units=units,
        rules=load_extraction_rules(settings.config_dir),
        rubrics=load_rubrics(settings.config_dir),
        locker=open_locker(full, store),
    )
    with ctx.session() as s:
        sync_units(s, units)
    return ctx


_cache: dict[str, Context] = {}
_cache_lock = threading.Lock()


def context_for(settings: Settings, *, create: bool = False) -> Context:
    """The context of this process for ``settings`` (built on first use, then reused).

    Keyed by the settings' non-secret values and by the state of the configuration files, so
    a worker process builds its clients once and a long-lived process (a served schedule, the
    web workspace) picks up an edited rubric or units file on its next use.
    """
    key = settings.public().model_dump_json() + _config_fingerprint(settings)
    with _cache_lock:
        ctx = _cache.get(key)
        if ctx is None:
            ctx = _cache[key] = build_context(settings, create=create)
        return ctx


def _config_fingerprint(settings: Settings) -> str:
    """Size and modification time of every configuration file the context loads."""
    files = [*sorted(settings.config_dir.glob("*.yaml")), settings.units_path()]
    parts = []
    for f in files:
        try:
            st = f.stat()
        except OSError:
            continue  # a missing file is reported by the loader that needs it
        parts.append(f"{f}:{st.st_size}:{st.st_mtime_ns}")
    return "|".join(parts)


def dispose_contexts() -> None:
    """Forget this process's contexts and close their database connections."""
    with _cache_lock:
        for ctx in _cache.values():
            ctx.engine.dispose()
        _cache.clear()


def _with_env_secrets(settings: Settings) -> Settings:
    """``settings`` with missing S3 credentials taken from this process's environment."""
    if settings.s3_access_key is not None and settings.s3_secret_key is not None:
        return settings
    env = {
        name: SecretStr(os.environ[var])
        for name, var in (
            ("s3_access_key", "KAOHE_S3_ACCESS_KEY"),
            ("s3_secret_key", "KAOHE_S3_SECRET_KEY"),
        )
        if getattr(settings, name) is None and os.environ.get(var)
    }
    return settings.model_copy(update=env) if env else settings
