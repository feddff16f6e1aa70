"""The evidence locker: every scored document version's bytes, kept once, content-addressed.

A unit may delete or overwrite a file in a store without versioning; the locker keeps the bytes
a score was computed from, under ``sha256/ab/abcdef…`` in a folder kaohe alone writes: the
reserved ``_evidence/`` folder of the submission store (which ingest skips and uploads cannot
reach), or a store of its own (``KAOHE_EVIDENCE_STORE``; enable S3 Object Lock with a default
retention on that bucket where the store supports it: every copy then inherits it). Bytes read
back are verified against their digest.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from kaohe.errors import ObjectNotFound, StoreError
from storage.objectstore import ObjectStore, open_store

if TYPE_CHECKING:
    from kaohe.settings import Settings

__all__ = ["EVIDENCE_PREFIX", "EvidenceLocker", "open_locker"]

#: the reserved folder of the submission store that holds the locker by default
EVIDENCE_PREFIX = "_evidence/"


class EvidenceLocker:
    """Content-addressed copies in ``store`` under ``prefix``; ``location`` names the locker."""

    def __init__(self, store: ObjectStore, prefix: str = "") -> None:
        self.store = store
        self.prefix = prefix
        self.location = store.location.rstrip("/") + ("/" + prefix.rstrip("/") if prefix else "")

    def __repr__(self) -> str:
        return f"EvidenceLocker({self.location!r})"

    def key_for(self, sha256: str) -> str:
        """``sha256/ab/<digest>``: the locker key of a digest (under the locker's prefix)."""
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise ValueError(f"not a sha256 hex digest: {sha256!r}")
        return f"{self.prefix}sha256/{sha256[:2]}/{sha256}"

    def keep(self, sha256: str, data: bytes) -> str:
        """Copy ``data`` into the locker unless it is there already; returns its key.

        The bytes must match the digest (a mismatch is a bug upstream: ValueError). A copy that
        exists with the right size is left alone: the locker is written once per digest.
        """
        if hashlib.sha256(data).hexdigest() != sha256:
            raise ValueError("data does not match its digest")
        key = self.key_for(sha256)
        existing = self.store.stat(key)
        if existing is None or existing.size != len(data):
            self.store.put(key, data)
        return key

    def fetch(self, sha256: str) -> bytes:
        """The kept bytes of ``sha256``, verified; ObjectNotFound when they were never kept."""
        key = self.key_for(sha256)
        data = self.store.get(key)
        if hashlib.sha256(data).hexdigest() != sha256:
            raise StoreError(
                f"证据库中的文件已损坏（摘要不符）：{key}（{self.location}）",
                detail="sha256 mismatch",
            )
        return data

    def has(self, sha256: str) -> bool:
        try:
            return self.store.stat(self.key_for(sha256)) is not None
        except ObjectNotFound:
            return False


def open_locker(settings: Settings, store: ObjectStore) -> EvidenceLocker:
    """The locker of ``settings``: ``KAOHE_EVIDENCE_STORE`` if set, else ``_evidence/`` of
    ``store`` (the submission store)."""
    if settings.evidence_store:
        return EvidenceLocker(open_store(settings, settings.evidence_store))
    return EvidenceLocker(store, EVIDENCE_PREFIX)
