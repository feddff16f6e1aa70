"""The bytes behind a score: a document version, read from the evidence locker, verified.

Explain, the report and the web workspace serve documents from here, so a file a unit deleted
or overwrote in a store without versioning still opens exactly as it was scored.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from kaohe.context import Context
from kaohe.errors import ObjectNotFound, StoreError
from storage.models import ObjectVersion

__all__ = ["DocumentBytes", "document_bytes"]


@dataclass(frozen=True)
class DocumentBytes:
    """A document version's bytes and where they were read from (``locker`` or ``store``)."""

    key: str
    sha256: str
    data: bytes
    source: str

    @property
    def file_name(self) -> str:
        return self.key.rsplit("/", 1)[-1]


def document_bytes(ctx: Context, object_version_id: int) -> DocumentBytes:
    """The bytes of a registered version: from the locker, else (not kept yet) from the store
    version itself; always verified against the recorded sha256."""
    with ctx.session() as s:
        ov = s.get(ObjectVersion, object_version_id)
        if ov is None or ov.sha256 is None:
            raise ObjectNotFound(f"没有编号为 {object_version_id} 的文档版本")
        key, sha, vid = ov.key, ov.sha256, ov.version_id or None
    try:
        return DocumentBytes(key, sha, ctx.locker.fetch(sha), "locker")
    except ObjectNotFound:
        pass
    data = ctx.store.get(key, vid)
    if hashlib.sha256(data).hexdigest() != sha:
        raise StoreError(
            f"存储中的 {key} 已被改动，且证据库中没有评分时的版本（摘要不符）",
            detail="sha256 mismatch",
        )
    return DocumentBytes(key, sha, data, "store")
