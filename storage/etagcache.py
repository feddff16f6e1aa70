"""A folder store's etags (the md5 of each file), kept across processes in a sidecar file.

Hashing every file of a folder store again in each new process was most of a no-change run's
per-object cost (measured). The cache file ``.kaohe-etags.json`` at the store root maps each
key to the file's stamp and etag; an entry is used only while the stamp is unchanged:

* the stamp is ``(size, mtime_ns, ctime_ns, inode)``. ``ctime`` cannot be set from user space:
  writing a file, or restoring its mtime afterwards (``touch -d``, ``cp -p``, rsync), updates
  it, and a file replaced by another has another inode — so any change of content changes the
  stamp, even with the same size and the old mtime;
* an entry is kept only for a file whose mtime and ctime were more than ``RACY_NS`` older
  than the start of its hashing (as git does for its index): a later write within the
  timestamp granularity of the filesystem could otherwise leave the stamp as it was;
* a file that changed while it was hashed is not cached.

The cache is an optimization only: a missing, unreadable or damaged file is an empty cache,
and a store root that cannot be written (a read-only share) just keeps it in memory. Whoever
can write the store root can write this file too; a wrong entry could at most hide a change
from the listing — extraction checks each document's sha256 against the bytes it reads.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path

__all__ = ["CACHE_NAME", "RACY_NS", "EtagCache", "file_md5"]

CACHE_NAME = ".kaohe-etags.json"
#: how much older than its hashing a file must be for its etag to be kept (filesystems with
#: coarse timestamps: FAT's mtime has 2 s steps)
RACY_NS = 3_000_000_000
_FORMAT = 1

Stamp = tuple[int, int, int, int]


def _stamp(st: os.stat_result) -> Stamp:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def file_md5(path: Path) -> tuple[str, os.stat_result, os.stat_result]:
    """md5 hex of the file at ``path``, with its stat before and after reading."""
    digest = hashlib.md5(usedforsecurity=False)
    with path.open("rb") as f:
        before = os.fstat(f.fileno())
        while chunk := f.read(1 << 20):
            digest.update(chunk)
        after = os.fstat(f.fileno())
    return digest.hexdigest(), before, after


class EtagCache:
    """``key → (stamp, etag)`` of one folder store, loaded on first use, saved by :meth:`save`.

    Thread-safe. The caller passes the file's ``stat`` (taken before asking) to :meth:`etag`.
    """

    def __init__(self, root: Path, tmp_prefix: str) -> None:
        self.path = root / CACHE_NAME
        self._tmp = root / f"{tmp_prefix}{CACHE_NAME}"
        self._entries: dict[str, tuple[Stamp, str]] | None = None
        self._dirty = False
        self._lock = threading.Lock()

    def _load(self) -> dict[str, tuple[Stamp, str]]:
        if self._entries is None:
            entries: dict[str, tuple[Stamp, str]] = {}
            with contextlib.suppress(OSError, ValueError, TypeError, KeyError):
                raw = json.loads(self.path.read_bytes())
                if raw.get("format") == _FORMAT:
                    for key, (size, mtime, ctime, ino, etag) in raw["entries"].items():
                        entries[str(key)] = ((int(size), int(mtime), int(ctime), int(ino)), etag)
            self._entries = entries
        return self._entries

    def etag(self, key: str, path: Path, st: os.stat_result) -> str:
        """The md5 hex of ``path`` (stat ``st``): from the cache while its stamp holds, else
        computed (and kept when the file is old enough and did not change meanwhile)."""
        stamp = _stamp(st)
        with self._lock:
            hit = self._load().get(key)
        if hit is not None and hit[0] == stamp:
            return hit[1]
        started = time.time_ns()
        etag, before, after = file_md5(path)
        settled = started - max(st.st_mtime_ns, st.st_ctime_ns) > RACY_NS
        with self._lock:
            entries = self._load()
            if settled and _stamp(before) == _stamp(after) == stamp:
                entries[key] = (stamp, etag)
                self._dirty = True
            elif entries.pop(key, None) is not None:
                self._dirty = True
        return etag

    def forget(self, key: str) -> None:
        with self._lock:
            if self._load().pop(key, None) is not None:
                self._dirty = True

    def keep_only(self, keys: Iterable[str], also: Callable[[str], bool] | None = None) -> None:
        """Drop the entries of keys not in ``keys`` (after a full listing: deleted files),
        except keys for which ``also`` says True (folders the listing left out)."""
        wanted = set(keys)
        with self._lock:
            entries = self._load()
            for key in [k for k in entries if k not in wanted and not (also and also(k))]:
                del entries[key]
                self._dirty = True

    def save(self) -> None:
        """Write the cache file if anything changed (atomically; errors ignored: a
        read-only store root keeps the cache in memory)."""
        with self._lock:
            if not self._dirty or self._entries is None:
                return
            body = json.dumps(
                {
                    "format": _FORMAT,
                    "entries": {k: [*s, e] for k, (s, e) in sorted(self._entries.items())},
                },
                separators=(",", ":"),
            ).encode()  # ASCII: keys that are not valid UTF-8 (surrogate escapes) survive
            self._dirty = False
        tmp = self._tmp.with_name(f"{self._tmp.name}-{uuid.uuid4().hex}")
        try:
            tmp.write_bytes(body)
            os.replace(tmp, self.path)
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
