"""Object versions: registration, supersession, rejection, deletion, concurrency."""

from __future__ import annotations

import threading

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from storage.layout import KeyInfo, Rejection, parse_key
from storage.models import (
    Blob,
    ObjectVersion,
)
from storage.repo import runs, versions
from tests.storage.repo._support import (
    CODES,
    STORE,
    T0,
    count,
    info,
    register,
    sha,
)


def test_register_twice_is_one_row(s: Session, run_id: str) -> None:
    key = "2024/jixian/依申请公开/答复书 07.docx"
    row, created = register(s, run_id, key, b"reply")
    s.commit()
    again, created2 = register(s, run_id, key, b"reply")
    s.commit()
    assert (created, created2) == (True, False)
    assert again.id == row.id
    assert count(s, ObjectVersion) == 1 and count(s, Blob) == 1
    assert (row.year, row.unit_code, row.sha256, row.version_id, row.rejected_reason) == (
        2024,
        "jixian",
        sha(b"reply"),
        "",
        None,
    )
    assert row.last_modified == T0
    assert row.first_seen_run_id == row.last_seen_run_id == run_id
    blob = s.get(Blob, sha(b"reply"))
    assert blob is not None and (blob.size, blob.format) == (5, "docx")


def test_same_bytes_under_two_keys_are_one_blob(s: Session, run_id: str) -> None:
    register(s, run_id, "2024/jixian/a.docx", b"same")
    register(s, run_id, "2024/youyi-zrzy/b.docx", b"same")
    s.commit()
    assert count(s, ObjectVersion) == 2 and count(s, Blob) == 1


def test_changed_object_is_a_new_row_and_supersedes(s: Session, run_id: str) -> None:
    key = "2024/jixian/a.docx"
    old, _ = register(s, run_id, key, b"v1", version_id="v-1")
    new, created = register(s, run_id, key, b"v2", version_id="v-2")
    s.commit()
    s.refresh(old)
    assert created and new.id != old.id
    assert old.deleted_at is not None and new.deleted_at is None
    assert set(versions.known_versions(s, STORE)) == {
        (key, info(key, b"v1").etag, "v-1"),
        (key, info(key, b"v2").etag, "v-2"),
    }


def test_rejected_keys_are_recorded_and_reclassified(s: Session, run_id: str) -> None:
    key = "2024/new-unit/答复书.docx"
    row, _ = register(s, run_id, key, b"r")
    register(s, run_id, "2023/jixian/old.docx", b"o")
    register(s, run_id, "2024/jixian/~$临时.docx", b"t")
    s.commit()
    assert (row.sha256, row.year, row.unit_code) == (None, 2024, None)
    assert row.rejected_reason == "未知单位代码：new-unit（不在单位名单中）"
    assert versions.known_versions(s, STORE).keys() == {
        ("2023/jixian/old.docx", info("", b"o").etag, "")
    }
    assert [(v.key, v.rejected_reason) for v in versions.rejected_versions(s, 2024)] == [
        ("2024/jixian/~$临时.docx", "临时文件或隐藏文件，已忽略"),
        (key, "未知单位代码：new-unit（不在单位名单中）"),
    ]
    # the unit is added to the units file: the next ingest accepts the same version
    again, created = register(s, run_id, key, b"r", units=CODES | {"new-unit"})
    s.commit()
    assert not created and again.id == row.id
    assert (again.rejected_reason, again.unit_code, again.sha256) == (None, "new-unit", sha(b"r"))
    assert [v.key for v in versions.rejected_versions(s)] == ["2024/jixian/~$临时.docx"]


def test_mark_deleted_and_reappear(s: Session, run_id: str) -> None:
    a, _ = register(s, run_id, "2024/jixian/a.docx", b"a")
    b, _ = register(s, run_id, "2024/jixian/b.docx", b"b")
    other_year, _ = register(s, run_id, "2023/jixian/c.docx", b"c")
    s.commit()
    present = {("2024/jixian/a.docx", info("", b"a").etag, "")}
    assert versions.mark_deleted(s, STORE, present, 2024, run_id) == 1
    assert versions.mark_deleted(s, STORE, present, 2024, run_id) == 0  # already deleted
    assert versions.mark_deleted(s, "file:///elsewhere", set(), None, run_id) == 0
    s.commit()
    for row in (a, b, other_year):
        s.refresh(row)
    assert a.deleted_at is None and b.deleted_at is not None
    assert other_year.deleted_at is None  # a 2024 listing says nothing about 2023
    assert b.last_seen_run_id == run_id  # history stays

    later = runs.start_run(s, kind="ingest", year=2024)
    versions.touch_seen(s, [b.id], later)  # it is back in the next listing
    s.commit()
    s.refresh(b)
    assert b.deleted_at is None and b.last_seen_run_id == later
    assert b.first_seen_run_id == run_id


def test_concurrent_registration_writes_one_row(engine: Engine) -> None:
    """Two sessions registering the same version at once: one row, exactly one 'created'.

    Real commits on a database of its own (not the shared rolled-back transaction).
    """
    with Session(engine) as setup:
        run_id = runs.start_run(setup, kind="ingest", year=2024)
        setup.commit()
    barrier = threading.Barrier(2)
    results: list[bool] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            with Session(engine) as s:
                barrier.wait()
                _, created = register(s, run_id, "2024/jixian/并发.docx", b"c")
                s.commit()
                results.append(created)
        except BaseException as e:
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert sorted(results) == [False, True]
    with Session(engine) as s:
        assert count(s, ObjectVersion) == 1 and count(s, Blob) == 1


def test_rejection_object_is_stored_verbatim(s: Session, run_id: str) -> None:
    row, _ = versions.register_version(
        s,
        store=STORE,
        info=info("2024/jixian/大文件.pdf", b"big"),
        key_info=Rejection("文件超过大小上限（60.0 MB，上限 50 MB），未读取"),
        sha256=None,
        fmt=None,
        run_id=run_id,
    )
    s.commit()
    assert (row.rejected_reason, row.year, row.sha256) == (
        "文件超过大小上限（60.0 MB，上限 50 MB），未读取",
        2024,
        None,
    )


def _state(s: Session) -> list[tuple[object, ...]]:
    rows = s.scalars(select(ObjectVersion).order_by(ObjectVersion.key, ObjectVersion.etag))
    return [
        (r.key, r.etag, r.sha256, r.year, r.unit_code, r.rejected_reason, r.deleted_at is None)
        for r in rows
    ]


def test_batch_registration_matches_one_by_one(s: Session, run_id: str) -> None:
    """register_versions (ingest's batch path) leaves the rows register_version leaves: new
    versions, a replaced key superseded, a rejected key re-classified, a known one refreshed."""
    keys = {
        "kept": "2024/jixian/依申请公开/答复书-01.docx",
        "replaced": "2024/jixian/会议纪要/纪要.docx",
        "rejected": "2024/nobody/x.docx",
    }
    first = [(keys["kept"], b"a"), (keys["replaced"], b"old"), (keys["rejected"], b"r")]
    second = [(keys["kept"], b"a"), (keys["replaced"], b"new"), (keys["rejected"], b"r")]

    def entries(batch: list[tuple[str, bytes]], codes: set[str]) -> list[versions.Registration]:
        out: list[versions.Registration] = []
        for key, data in batch:
            ki = parse_key(key, codes)
            assert ki is not None
            ok = isinstance(ki, KeyInfo)
            out.append((info(key, data), ki, sha(data) if ok else None, "docx" if ok else None))
        return out

    one_by_one: list[list[tuple[object, ...]]] = []
    for batch, codes in ((first, CODES), (second, CODES | {"nobody"})):
        for key, data in batch:
            register(s, run_id, key, data, units=codes)
        s.flush()
        one_by_one.append(_state(s))
    s.rollback()
    assert count(s, ObjectVersion) == 0
    batched: list[list[tuple[object, ...]]] = []
    for batch, codes in ((first, CODES), (second, CODES | {"nobody"})):
        new = versions.register_versions(
            s, store=STORE, entries=entries(batch, codes), run_id=run_id
        )
        batched.append(_state(s))
        assert new == (3 if batch is first else 1)  # the replaced key's new bytes
    assert batched == one_by_one
    # the rejected key is accepted once its unit exists; the replaced key's old version is gone
    current = {r[0]: r for r in batched[1] if r[6]}
    assert len(current) == 3 and len(batched[1]) == 4
    assert current[keys["replaced"]][2] == sha(b"new")
    assert current[keys["rejected"]][4:6] == ("nobody", None)
