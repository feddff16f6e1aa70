"""The evidence locker on a folder store and on moto S3: every registered version's bytes are
kept once under ``_evidence/sha256/…``; a deleted original is still served, digest verified."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select
from typer.testing import CliRunner

from flows import run_flow
from flows.pipeline import pipeline_flow
from kaohe.cli.main import app
from kaohe.context import Context, build_context, dispose_contexts
from kaohe.demo import write_demo_corpus
from kaohe.errors import StoreError
from kaohe.phases.ingest import keep_evidence
from kaohe.settings import load_settings
from kaohe.views.evidence import document_bytes
from kaohe.views.explain import explain_score
from storage.models import Blob, EvidenceCopy
from storage.objectstore import ObjectStore
from tests.conftest import MOTO_KEY

pytestmark = [pytest.mark.prefect]

runner = CliRunner()


@pytest.fixture(params=["folder", "s3"])
def unversioned(
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    db_url: str,
    config_dir: Path,
) -> Iterator[Context]:
    """kaohe on a store that keeps no versions: a delete there really loses the bytes."""
    env = {
        "KAOHE_DATABASE_URL": db_url,
        "KAOHE_CONFIG_DIR": str(config_dir),
        "KAOHE_YEAR": "2024",
        "KAOHE_WORKERS": "0",
    }
    if request.param == "folder":
        (tmp_path / "store").mkdir()
        env["KAOHE_STORE"] = str(tmp_path / "store")
    else:
        s3 = request.getfixturevalue("s3_store")
        env.update(
            {
                "KAOHE_STORE": f"s3://{s3.bucket}",
                "KAOHE_S3_ENDPOINT": request.getfixturevalue("s3_server"),
                "KAOHE_S3_ACCESS_KEY": MOTO_KEY,
                "KAOHE_S3_SECRET_KEY": MOTO_KEY,
                "KAOHE_S3_SECURE": "false",
                "KAOHE_S3_REGION": "us-east-1",
            }
        )
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    ctx = build_context(load_settings(), create=True)
    yield ctx
    ctx.engine.dispose()
    dispose_contexts()


def _kept_keys(store: ObjectStore) -> list[str]:
    return sorted(i.key for i in store.list("_evidence/"))


def test_deleted_original_is_served_from_the_locker(
    prefect_harness: None, unversioned: Context, tmp_path: Path
) -> None:
    ctx = unversioned
    write_demo_corpus(ctx.store, 2024)
    first = run_flow(pipeline_flow, year=2024)
    registered = first["ingest"]["registered"]
    with ctx.session() as s:
        blobs = s.scalar(select(func.count()).select_from(Blob))
        copies = list(s.scalars(select(EvidenceCopy)))
    # every blob kept once (same bytes under two keys are one copy), content-addressed
    assert first["ingest"]["evidence_kept"] == blobs == len(copies) <= registered
    assert _kept_keys(ctx.store) == sorted(c.key for c in copies)
    for c in copies:
        assert c.key == f"_evidence/sha256/{c.sha256[:2]}/{c.sha256}"
        assert c.locker == ctx.locker.location

    # the locker is never ingested, and a second run keeps nothing again
    again = run_flow(pipeline_flow, year=2024)
    assert again["ingest"]["listed"] == first["ingest"]["listed"]
    assert again["ingest"].get("evidence_kept", 0) == 0 and again["score"]["created"] is False

    ex = explain_score(ctx, 2024, "youyi", "1.4.3")
    assert ex is not None
    ev = next(e for e in ex.evidence if e.key and e.key.endswith("答复书-02.docx"))
    assert ev.object_version_id is not None and ev.sha256 is not None and ev.key is not None
    original = ctx.store.get(ev.key)
    ctx.store.delete(ev.key)  # the unit deletes its file; the store keeps no versions

    doc = document_bytes(ctx, ev.object_version_id)
    assert (doc.source, doc.data, doc.sha256) == ("locker", original, ev.sha256)
    assert hashlib.sha256(doc.data).hexdigest() == ev.sha256

    out = tmp_path / "saved"
    res = runner.invoke(
        app,
        ["explain", "--unit", "youyi", "--indicator", "1.4.3", "--save", str(out)],
        terminal_width=250,
    )
    assert res.exit_code == 0, res.output
    saved = out / f"{ev.sha256[:12]}-答复书-02.docx"
    assert saved.read_bytes() == original and "取自证据库，sha256 已核对" in res.output

    # a tampered copy is refused, not served
    ctx.locker.store.put(ctx.locker.key_for(ev.sha256), b"tampered")
    with pytest.raises(StoreError, match="摘要不符"):
        document_bytes(ctx, ev.object_version_id)


def test_versions_registered_before_the_locker_are_kept_later(
    prefect_harness: None, unversioned: Context
) -> None:
    ctx = unversioned
    write_demo_corpus(ctx.store, 2024)
    run_flow(pipeline_flow, year=2024)
    with ctx.session() as s:  # as a database from before the locker: no copies recorded
        n = s.scalar(select(func.count()).select_from(EvidenceCopy))
        s.execute(delete(EvidenceCopy))
    for key in _kept_keys(ctx.store):
        ctx.store.delete(key)
    assert keep_evidence(ctx, 2024) == {"evidence_kept": n}
    assert len(_kept_keys(ctx.store)) == n
    assert keep_evidence(ctx, 2024) == {}
