"""Object stores against a real S3 server (moto) and a real folder."""

from __future__ import annotations

import hashlib
import os
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from minio import Minio

from kaohe.errors import ConfigError, ObjectNotFound, StoreError, StoreUnavailable
from kaohe.settings import load_settings
from storage import etagcache
from storage.objectstore import LocalStore, ObjectStore, open_store
from storage.s3 import S3Store, make_minio_client

MOTO_KEY = "testing"  # what the s3_server fixture accepts

CN_KEY = "2024/jixian/依申请公开/答复书 07（王某某）.docx"
DOC = "集贤县自然资源局政府信息公开申请答复书".encode() * 50


def _md5(b: bytes) -> str:
    return hashlib.md5(b, usedforsecurity=False).hexdigest()


@pytest.fixture(params=["s3", "local"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> ObjectStore:
    """Each behaviour below runs on both backends."""
    if request.param == "s3":
        return request.getfixturevalue("s3_store")
    (tmp_path / "store").mkdir()
    return LocalStore(tmp_path / "store")


def test_put_list_get_round_trip_with_chinese_keys(store: ObjectStore) -> None:
    before = datetime.now(UTC) - timedelta(seconds=5)
    put = store.put(CN_KEY, DOC)
    store.put("2024/shuangyashan/2024年政务公开工作要点.pdf", b"%PDF-1.7 x")
    store.put("2023/jixian/旧 文件.docx", b"old")

    listing = {o.key: o for o in store.list("2024/")}
    assert set(listing) == {CN_KEY, "2024/shuangyashan/2024年政务公开工作要点.pdf"}
    info = listing[CN_KEY]
    assert info == put
    assert info.size == len(DOC)
    assert info.etag == _md5(DOC)  # single-part S3 etag and the local etag agree
    assert info.version_id is None
    assert info.last_modified.tzinfo is not None
    assert before <= info.last_modified <= datetime.now(UTC) + timedelta(seconds=5)
    assert store.get(CN_KEY) == DOC
    assert [o.key for o in store.list("2024/jixian/依申请")] == [CN_KEY]
    assert len(list(store.list())) == 3


def test_missing_key_is_object_not_found(store: ObjectStore) -> None:
    with pytest.raises(ObjectNotFound) as e:
        store.get("2024/jixian/不存在.docx")
    assert "对象不存在" in e.value.reason
    store.delete("2024/jixian/不存在.docx")  # deleting a missing key is no error


def test_changed_object_gets_new_etag_and_delete_removes_it(store: ObjectStore) -> None:
    first = store.put(CN_KEY, b"v1")
    second = store.put(CN_KEY, b"v2 longer")
    assert first.etag != second.etag
    assert [(o.etag, o.size) for o in store.list()] == [(_md5(b"v2 longer"), 9)]
    store.delete(CN_KEY)
    assert list(store.list()) == []


def test_presigned_url_is_fetchable(store: ObjectStore) -> None:
    store.put(CN_KEY, DOC)
    url = store.presigned_url(CN_KEY, expires=timedelta(minutes=5))
    assert url is not None
    with urllib.request.urlopen(url, timeout=5) as resp:
        assert resp.read() == DOC


# ------------------------------------------------------------------------------------ S3


def _reserved(folder: str) -> bool:
    return folder.startswith("_")


def test_list_can_skip_top_level_folders(store: ObjectStore) -> None:
    """``skip`` leaves out whole top-level folders (ingest: kaohe's ``_evidence/``); files at
    the top and deeper folders of the same name are still listed."""
    keys = [CN_KEY, "_evidence/ab/abcd.docx", "_crawl/2024/page.warc", "说明.docx", "2024/_x/y.pdf"]
    for key in keys:
        store.put(key, key.encode())
    assert sorted(o.key for o in store.list()) == sorted(keys)
    listed = [o.key for o in store.list(skip=_reserved)]
    assert sorted(listed) == sorted([CN_KEY, "说明.docx", "2024/_x/y.pdf"])
    assert len(listed) == len(set(listed))
    skipped = {o.key: o for o in store.list(skip=_reserved)}
    assert skipped[CN_KEY].etag == _md5(CN_KEY.encode()) and skipped[CN_KEY].size > 0
    asked: list[str] = []

    def ask(folder: str) -> bool:
        asked.append(folder)
        return False

    list(store.list(skip=ask))
    assert sorted(asked) == ["2024", "_crawl", "_evidence"]  # top-level folders only


def test_s3_versioned_listing_with_skip_lists_latest_versions(s3_versioned_store: S3Store) -> None:
    store = s3_versioned_store
    store.put(CN_KEY, b"first")
    v2 = store.put(CN_KEY, b"second")
    store.put("_evidence/ab/abcd.docx", b"kept")
    gone = store.put("2024/jixian/gone.docx", b"x")
    store.delete(gone.key)
    [listed] = list(store.list(skip=_reserved))
    assert (listed.key, listed.version_id, listed.etag) == (CN_KEY, v2.version_id, _md5(b"second"))


def test_local_listing_with_skip_keeps_the_skipped_etags(tmp_path: Path) -> None:
    """After a listing that skipped a folder, the etag cache still knows its files (they were
    not deleted), and forgets a submission that was."""
    store = LocalStore(tmp_path)
    store.put("_evidence/ab/abcd.docx", b"kept")
    store.put("2024/jixian/a.docx", b"a")
    store.put("2024/jixian/b.docx", b"b")
    cache = tmp_path / etagcache.CACHE_NAME
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(etagcache, "RACY_NS", 0)  # files written just now count as settled
        assert len(list(LocalStore(tmp_path).list())) == 3  # a full listing caches all three
        assert "_evidence/ab/abcd.docx" in cache.read_text()
        (tmp_path / "2024" / "jixian" / "b.docx").unlink()
        listed = [o.key for o in LocalStore(tmp_path).list(skip=_reserved)]
    assert listed == ["2024/jixian/a.docx"]
    text = cache.read_text()
    assert "_evidence/ab/abcd.docx" in text and "2024/jixian/a.docx" in text
    assert "b.docx" not in text


def test_s3_versioned_bucket_lists_latest_version(s3_versioned_store: S3Store) -> None:
    store = s3_versioned_store
    v1 = store.put(CN_KEY, b"first")
    v2 = store.put(CN_KEY, b"second")
    assert v1.version_id and v2.version_id and v1.version_id != v2.version_id
    [listed] = list(store.list())
    assert (listed.version_id, listed.etag, listed.size) == (v2.version_id, _md5(b"second"), 6)
    assert store.get(CN_KEY, v1.version_id) == b"first"
    assert store.get(CN_KEY, v2.version_id) == b"second"
    url = store.presigned_url(CN_KEY, v1.version_id)
    assert url is not None
    with urllib.request.urlopen(url, timeout=5) as resp:
        assert resp.read() == b"first"
    with pytest.raises(ObjectNotFound):
        store.get(CN_KEY, "0000000000000000nonexistent")
    store.delete(CN_KEY)  # a delete marker becomes the latest version: not listed
    assert list(store.list()) == []
    assert store.get(CN_KEY, v1.version_id) == b"first"  # history stays readable


def test_s3_prefix_keys_are_relative(s3_store: S3Store) -> None:
    sub = S3Store(s3_store.client, s3_store.bucket, "/考核/材料/")
    assert sub.location == f"s3://{s3_store.bucket}/考核/材料"
    sub.put(CN_KEY, b"x")
    assert [o.key for o in sub.list()] == [CN_KEY]
    assert [o.key for o in s3_store.list()] == [f"考核/材料/{CN_KEY}"]
    assert sub.get(CN_KEY) == b"x"


def test_s3_folder_markers_are_not_listed(s3_store: S3Store) -> None:
    import io

    s3_store.client.put_object(s3_store.bucket, "2024/jixian/", io.BytesIO(b""), 0)
    s3_store.put("2024/jixian/a.docx", b"a")
    assert [o.key for o in s3_store.list()] == ["2024/jixian/a.docx"]


def test_s3_missing_bucket_is_store_error(s3_server: str) -> None:
    client = make_minio_client(
        s3_server, access_key=MOTO_KEY, secret_key=MOTO_KEY, secure=False, region="us-east-1"
    )
    store = S3Store(client, "no-such-bucket-kaohe")
    with pytest.raises(StoreError) as e:
        list(store.list())
    assert not isinstance(e.value, StoreUnavailable)
    assert e.value.reason == "存储桶不存在：no-such-bucket-kaohe"
    with pytest.raises(StoreError) as e:
        S3Store(client, "x").get("2024/a/b.docx")
    assert e.value.reason.startswith("存储桶名称或对象键无效")


def test_s3_stopped_server_is_unavailable_quickly() -> None:
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    server.stop()
    secret = "s3cr3t-never-shown"
    client = make_minio_client(
        f"{host}:{port}",
        access_key="AKIA-kaohe",
        secret_key=secret,
        secure=False,
        region="us-east-1",
        timeout_s=2.0,
    )
    store = S3Store(client, "kaohe")
    for call in (lambda: list(store.list()), lambda: store.get("2024/a/b.docx")):
        t0 = time.monotonic()
        with pytest.raises(StoreUnavailable) as e:
            call()
        elapsed = time.monotonic() - t0
        assert elapsed < 5, f"took {elapsed:.1f}s"
        assert e.value.reason.startswith(f"无法连接对象存储 {host}:{port}")
        assert secret not in e.value.reason and secret not in (e.value.detail or "")


def test_make_minio_client_accepts_scheme_in_endpoint() -> None:
    client = make_minio_client(
        "http://127.0.0.1:9000", access_key=None, secret_key=None, secure=True
    )
    assert isinstance(client, Minio)
    assert client._base_url.is_https is False  # the scheme decides
    with pytest.raises(ConfigError):
        make_minio_client("ftp://x", access_key=None, secret_key=None, secure=True)


def test_open_store_from_settings(tmp_path: Path, s3_store: S3Store, s3_server: str) -> None:
    local = open_store(load_settings(env={}, store=str(tmp_path / "files")))
    assert isinstance(local, LocalStore)
    assert local.location == (tmp_path / "files").resolve().as_uri()

    settings = load_settings(
        env={
            "KAOHE_STORE": f"s3://{s3_store.bucket}/提交材料",
            "KAOHE_S3_ENDPOINT": s3_server,
            "KAOHE_S3_ACCESS_KEY": MOTO_KEY,
            "KAOHE_S3_SECRET_KEY": MOTO_KEY,
            "KAOHE_S3_SECURE": "false",
            "KAOHE_S3_REGION": "us-east-1",
        }
    )
    s3 = open_store(settings)
    assert isinstance(s3, S3Store)
    assert s3.location == f"s3://{s3_store.bucket}/提交材料"
    s3.put("2024/jixian/a.pdf", b"pdf")
    assert s3_store.get("提交材料/2024/jixian/a.pdf") == b"pdf"

    with pytest.raises(ConfigError) as e:
        open_store(load_settings(env={"KAOHE_STORE": "s3://bucket/x"}))
    assert "KAOHE_S3_ENDPOINT" in e.value.reason


# --------------------------------------------------------------------------------- local


def test_local_refuses_keys_escaping_root(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "store")
    (tmp_path / "secret.txt").write_text("x")
    for bad in ("../secret.txt", "2024/../../secret.txt", "/etc/passwd", "a\\b", "a//b", ""):
        with pytest.raises(StoreError) as e:
            store.get(bad)
        assert "对象键无效" in e.value.reason
    with pytest.raises(StoreError):
        store.put("../escape.docx", b"x")
    assert not (tmp_path / "escape.docx").exists()


def test_local_refuses_symlinks_leading_out_of_root(tmp_path: Path) -> None:
    """Folders are checked once and remembered; a symlinked folder or file that leads out
    of the root is refused, before and after its neighbours were read."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.docx").write_bytes(b"secret")
    store = LocalStore(tmp_path / "store")
    store.put("2024/jixian/a.docx", b"a")
    assert store.get("2024/jixian/a.docx") == b"a"  # the folder is now remembered
    (tmp_path / "store/2024/jixian/link.docx").symlink_to(outside / "secret.docx")
    (tmp_path / "store/2024/out").symlink_to(outside, target_is_directory=True)
    for bad in ("2024/jixian/link.docx", "2024/out/secret.docx"):
        for _ in range(2):  # the second time from the remembered folder
            with pytest.raises(StoreError) as e:
                store.get(bad)
            assert "存储目录之外" in e.value.reason
    # a symlink that stays inside the root is followed
    (tmp_path / "store/2024/jixian/same.docx").symlink_to(tmp_path / "store/2024/jixian/a.docx")
    assert store.get("2024/jixian/same.docx") == b"a"


def test_local_etag_follows_content_changes(tmp_path: Path) -> None:
    store = LocalStore(tmp_path)
    path = tmp_path / "2024" / "jixian" / "a.docx"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"one")
    assert [o.etag for o in store.list()] == [_md5(b"one")]
    path.write_bytes(b"two!")  # written behind the store's back: new size/mtime, new etag
    [info] = store.list()
    assert (info.etag, info.size) == (_md5(b"two!"), 4)


def test_local_list_missing_root_and_version_ids(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "nope")
    with pytest.raises(StoreError) as e:
        list(store.list())
    assert "本地存储目录不存在" in e.value.reason
    store.put("2024/x/a.txt", b"a")
    assert list(store.list("2025/")) == []
    with pytest.raises(ObjectNotFound):
        store.get("2024/x/a.txt", version_id="abc")
    url = store.presigned_url("2024/x/a.txt")
    assert url == (tmp_path / "nope" / "2024" / "x" / "a.txt").as_uri()


def test_local_etags_persist_across_instances_and_changes_are_seen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new process reuses the etags of unchanged files (no re-hash); a file rewritten with
    the same size and its old mtime restored still gets its new etag (the ctime moved)."""
    monkeypatch.setattr(etagcache, "RACY_NS", 0)  # files written just now count as settled
    a = tmp_path / "2024" / "jixian" / "a.docx"
    b = tmp_path / "2024" / "jixian" / "b.docx"
    a.parent.mkdir(parents=True)
    a.write_bytes(b"one")
    b.write_bytes(b"bee")
    assert [o.etag for o in LocalStore(tmp_path).list()] == [_md5(b"one"), _md5(b"bee")]
    assert (tmp_path / etagcache.CACHE_NAME).is_file()

    hashed: list[str] = []
    real = etagcache.file_md5

    def counting(path: Path) -> Any:
        hashed.append(path.name)
        return real(path)

    monkeypatch.setattr(etagcache, "file_md5", counting)
    fresh = LocalStore(tmp_path)  # another process: nothing in memory
    assert [o.key for o in fresh.list()] == ["2024/jixian/a.docx", "2024/jixian/b.docx"]
    assert hashed == []  # the cache file answered, the sidecar itself is not listed

    st = a.stat()
    a.write_bytes(b"two")  # same size
    os.utime(a, ns=(st.st_atime_ns, st.st_mtime_ns))  # and the old mtime
    assert a.stat().st_size == st.st_size and a.stat().st_mtime_ns == st.st_mtime_ns
    listed = {o.key: o.etag for o in LocalStore(tmp_path).list()}
    assert listed["2024/jixian/a.docx"] == _md5(b"two") and hashed == ["a.docx"]
    b.unlink()
    assert [o.key for o in LocalStore(tmp_path).list()] == ["2024/jixian/a.docx"]
    assert "2024/jixian/b.docx" not in (tmp_path / etagcache.CACHE_NAME).read_text()


def test_local_etag_cache_keeps_no_racy_entries_and_survives_damage(tmp_path: Path) -> None:
    """A file modified within the racy window is hashed again next time (its entry is not
    kept); a damaged cache file is an empty cache."""
    a = tmp_path / "2024" / "jixian" / "a.docx"
    a.parent.mkdir(parents=True)
    a.write_bytes(b"one")
    assert [o.etag for o in LocalStore(tmp_path).list()] == [_md5(b"one")]
    cache = tmp_path / etagcache.CACHE_NAME
    assert not cache.exists() or "a.docx" not in cache.read_text()  # too recent to keep
    cache.write_text("{not json")
    assert [o.etag for o in LocalStore(tmp_path).list()] == [_md5(b"one")]
