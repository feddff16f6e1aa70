"""Ingest on a folder store whose etags come from the persistent cache: a file rewritten in
place, with the same size and its old mtime restored, is still registered as a new version."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from kaohe.context import Context, build_context, dispose_contexts
from kaohe.demo import write_demo_corpus
from kaohe.phases import ingest
from kaohe.phases.runs import recorded_run
from kaohe.settings import load_settings
from storage import etagcache
from storage.models import ObjectVersion
from storage.objectstore import LocalStore


@pytest.fixture
def folder_ctx(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, db_url: str, config_dir: Path
) -> Iterator[Context]:
    (tmp_path / "store").mkdir()
    for k, v in {
        "KAOHE_DATABASE_URL": db_url,
        "KAOHE_CONFIG_DIR": str(config_dir),
        "KAOHE_YEAR": "2024",
        "KAOHE_WORKERS": "0",
        "KAOHE_STORE": str(tmp_path / "store"),
    }.items():
        monkeypatch.setenv(k, v)
    monkeypatch.setattr(etagcache, "RACY_NS", 0)  # files written just now count as settled
    ctx = build_context(load_settings(), create=True)
    yield ctx
    ctx.engine.dispose()
    dispose_contexts()


def _ingest(ctx: Context) -> dict[str, int]:
    """One ingest as a new process makes it: a fresh store object (no etags in memory)."""
    store = LocalStore(Path(ctx.settings.store))
    with recorded_run(ctx, "ingest", 2024) as rec:
        plan = ingest.plan_ingest(ctx, ingest.list_submissions(store), 2024)
        rec.counts.update(ingest.ingest_batch(ctx, plan.to_fetch, rec.run_id))
        rec.counts.update(ingest.finalize_ingest(ctx, plan, rec.run_id))
    return dict(rec.counts)


def test_rewritten_file_with_same_size_and_mtime_is_a_new_version(folder_ctx: Context) -> None:
    ctx = folder_ctx
    write_demo_corpus(ctx.store, 2024)
    first = _ingest(ctx)
    assert first["registered"] > 0
    root = Path(ctx.settings.store)
    assert (root / etagcache.CACHE_NAME).is_file()
    assert _ingest(ctx).get("registered", 0) == 0  # unchanged: every etag from the cache

    path = next(p for p in sorted(root.rglob("*.docx")) if "_evidence" not in p.parts)
    key = path.relative_to(root).as_posix()
    st = path.stat()
    data = bytearray(path.read_bytes())
    data[-3] ^= 0xFF  # same size, other bytes
    path.write_bytes(bytes(data))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (st.st_size, st.st_mtime_ns)

    again = _ingest(ctx)
    assert again["registered"] == 1
    with ctx.session() as s:
        rows = s.execute(
            select(ObjectVersion.etag, ObjectVersion.sha256).where(ObjectVersion.key == key)
        ).all()
    assert len({etag for etag, _ in rows}) == 2 and len({sha for _, sha in rows}) == 2
