"""Object stores: one small interface over an S3 bucket (:mod:`storage.s3`) and a local folder.

Keys are always relative to the store's prefix and use ``/``. Errors are kaohe's: a missing
key or version → :class:`ObjectNotFound`, an unreachable endpoint → :class:`StoreUnavailable`
(worth a retry), anything else → :class:`StoreError`. Messages never include credentials.
"""

from __future__ import annotations

import hashlib
import os
import stat as stat_mode
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from kaohe.errors import ConfigError, ObjectNotFound, StoreError
from storage.etagcache import CACHE_NAME, EtagCache
from storage.objects import ObjectInfo, ObjectStore

if TYPE_CHECKING:
    from kaohe.settings import Settings

__all__ = [
    "LocalStore",
    "ObjectInfo",
    "ObjectStore",
    "open_store",
]


# --------------------------------------------------------------------------------- local

_TMP_PREFIX = ".kaohe-tmp-"
#: folders whose place under the root is remembered (then forgotten all at once)
_FOLDERS_REMEMBERED = 4096


class LocalStore:
    """A folder used as a store: keys are ``/``-separated paths under ``root``.

    ``etag`` is the md5 hex of the content (like S3 for single-part uploads), cached across
    processes in a sidecar file at the root (:mod:`storage.etagcache`: used only while the
    file's size, mtime, ctime and inode are unchanged); there are no versions. Keys escaping
    ``root`` are refused; the store's own files (``.kaohe-…`` at the root, temporary files)
    are never listed.
    """

    def __init__(self, root: Path) -> None:
        self.root = Path(root).expanduser().resolve()
        self.bucket = str(self.root)
        self.location = self.root.as_uri()
        self._etags = EtagCache(self.root, _TMP_PREFIX)
        self._folders_inside: dict[str, bool] = {}

    def __repr__(self) -> str:
        return f"LocalStore({self.location!r})"

    def _inside(self, p: Path) -> bool:
        """Whether ``p``, symlinks followed, stays under the root. A folder's answer is
        remembered once it exists (a store has few folders, each asked for every file in it:
        resolving every path was a third of the ingest's own time, py-spy); the file itself
        is resolved only when it is a symlink."""
        folder = str(p.parent)
        inside = self._folders_inside.get(folder)
        if inside is None:
            inside = p.parent.resolve().is_relative_to(self.root)
            if os.path.isdir(folder):  # a folder still to be made is asked again
                if len(self._folders_inside) >= _FOLDERS_REMEMBERED:
                    self._folders_inside.clear()
                self._folders_inside[folder] = inside
        return inside and (not os.path.islink(p) or p.resolve().is_relative_to(self.root))

    def _path(self, key: str) -> Path:
        segments = key.split("/")
        if (
            not key
            or "\\" in key
            or "\x00" in key
            or any(seg in ("", ".", "..") for seg in segments)
        ):
            raise StoreError(f"对象键无效：{key!r}（不得为空，不得含 \\、空段、. 或 ..）")
        p = self.root.joinpath(*segments)
        if not self._inside(p):
            raise StoreError(f"对象键无效：{key!r}（指向存储目录之外）")
        return p

    def list(
        self, prefix: str = "", *, skip: Callable[[str], bool] | None = None
    ) -> Iterator[ObjectInfo]:
        if not self.root.is_dir():
            raise StoreError(f"本地存储目录不存在：{self.root}（KAOHE_STORE）")
        # walk only the deepest folder the prefix names
        folder = prefix.rsplit("/", 1)[0] if "/" in prefix else ""
        start = self.root.joinpath(*folder.split("/")) if folder else self.root
        if folder and (".." in folder.split("/") or not start.is_dir()):
            return
        seen: list[str] = []
        try:
            for dirpath, dirnames, filenames in os.walk(start, onerror=_raise):
                if skip is not None and not prefix and dirpath == str(self.root):
                    dirnames[:] = [d for d in dirnames if not skip(d)]
                dirnames.sort()
                rel_dir = Path(dirpath).relative_to(self.root).as_posix()
                base = "" if rel_dir == "." else rel_dir + "/"
                for name in sorted(filenames):
                    key = base + name
                    if (
                        not key.startswith(prefix)
                        or name.startswith(_TMP_PREFIX)
                        or key == CACHE_NAME
                    ):
                        continue
                    info = self._info(key, Path(dirpath) / name)
                    if info is not None:
                        seen.append(key)
                        yield info
        except OSError as e:
            raise StoreError(f"本地存储读取失败：{e.strerror or e}（{self.root}）") from None
        if not prefix:  # a full listing: forget the files gone since (not those skipped)
            kept = (lambda key: "/" in key and skip(key.split("/", 1)[0])) if skip else None
            self._etags.keep_only(seen, also=kept)
        self._etags.save()

    def _info(self, key: str, path: Path) -> ObjectInfo | None:
        try:
            st = path.stat()
        except FileNotFoundError:
            return None  # removed while listing
        if not stat_mode.S_ISREG(st.st_mode):  # what is_file() would stat again to tell
            return None
        try:
            etag = self._etags.etag(key, path, st)
        except FileNotFoundError:
            return None  # removed while listing
        return ObjectInfo(
            key=key,
            size=st.st_size,
            etag=etag,
            last_modified=datetime.fromtimestamp(st.st_mtime, UTC),
        )

    def get(self, key: str, version_id: str | None = None) -> bytes:
        if version_id:
            raise ObjectNotFound(f"对象不存在：{key} 的版本 {version_id}（本地存储不保留版本）")
        path = self._path(key)
        try:
            return path.read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise ObjectNotFound(f"对象不存在：{key}（{self.root}）") from None
        except OSError as e:
            raise StoreError(f"本地存储读取失败：{key}（{e.strerror or e}）") from None

    def stat(self, key: str) -> ObjectInfo | None:
        try:
            return self._info(key, self._path(key))
        except OSError as e:
            raise StoreError(f"本地存储读取失败：{key}（{e.strerror or e}）") from None

    def put(self, key: str, data: bytes) -> ObjectInfo:
        path = self._path(key)
        tmp = path.with_name(f"{_TMP_PREFIX}{uuid.uuid4().hex}")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(data)
            os.replace(tmp, path)  # readers never see a partial file
        except OSError as e:
            tmp.unlink(missing_ok=True)
            raise StoreError(f"本地存储写入失败：{key}（{e.strerror or e}）") from None
        # the etag of the bytes just written, not of the file read back (measured: a re-read
        # per evidence copy); too recent for the etag cache, whose stale entry is dropped
        self._etags.forget(key)
        try:
            mtime = path.stat().st_mtime
        except OSError as e:
            raise StoreError(f"本地存储读取失败：{key}（{e.strerror or e}）") from None
        return ObjectInfo(
            key=key,
            size=len(data),
            etag=hashlib.md5(data, usedforsecurity=False).hexdigest(),
            last_modified=datetime.fromtimestamp(mtime, UTC),
        )

    def delete(self, key: str) -> None:
        """Delete ``key``; a missing key is no error (as on S3)."""
        path = self._path(key)
        try:
            path.unlink(missing_ok=True)
        except OSError as e:
            raise StoreError(f"本地存储删除失败：{key}（{e.strerror or e}）") from None
        self._etags.forget(key)

    def presigned_url(
        self, key: str, version_id: str | None = None, expires: timedelta = timedelta(hours=1)
    ) -> str | None:
        """A ``file://`` URI (local files need no signature; ``expires`` does not apply)."""
        return self._path(key).as_uri()


def _raise(e: OSError) -> None:
    raise e


# ---------------------------------------------------------------------------------- open


def open_store(settings: Settings, location: str | None = None) -> ObjectStore:
    """The store named by ``KAOHE_STORE`` (or ``location``, e.g. the evidence store):
    ``s3://bucket[/prefix]`` on the configured S3 endpoint, or a folder path (``file://`` URIs
    accepted)."""
    store = (location or settings.store).strip()
    name = "KAOHE_EVIDENCE_STORE" if location else "KAOHE_STORE"
    if store.startswith("s3://"):
        rest = store[len("s3://") :]
        bucket, _, prefix = rest.partition("/")
        if not bucket:
            raise ConfigError(f"{name} 无效：{store}（应为 s3://存储桶/前缀）")
        if not settings.s3_endpoint:
            raise ConfigError(f"{name} 为 s3:// 时必须设置 KAOHE_S3_ENDPOINT（对象存储地址）")
        from storage.s3 import S3Store, make_minio_client

        client = make_minio_client(
            settings.s3_endpoint,
            access_key=(
                settings.s3_access_key.get_secret_value() if settings.s3_access_key else None
            ),
            secret_key=(
                settings.s3_secret_key.get_secret_value() if settings.s3_secret_key else None
            ),
            secure=settings.s3_secure,
            region=settings.s3_region,
            timeout_s=settings.store_timeout_s,
        )
        return S3Store(client, bucket, prefix)
    if store.startswith("file://"):
        return LocalStore(Path(urlsplit(store).path))
    return LocalStore(Path(store))
