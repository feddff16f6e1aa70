"""What every object store is: :class:`ObjectInfo` (one listed object) and the
:class:`ObjectStore` interface. Its own module so that the stores (:mod:`storage.objectstore`,
:mod:`storage.s3`) import it without importing each other."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol, runtime_checkable

__all__ = ["ObjectInfo", "ObjectStore"]


@dataclass(frozen=True, slots=True)
class ObjectInfo:
    """One object as listed: ``key`` relative to the store prefix; ``version_id`` None when the
    store keeps no versions."""

    key: str
    size: int
    etag: str
    last_modified: datetime
    version_id: str | None = None


@runtime_checkable
class ObjectStore(Protocol):
    """What kaohe needs of a store. ``location`` identifies the store in the database."""

    location: str
    bucket: str

    def list(
        self, prefix: str = "", *, skip: Callable[[str], bool] | None = None
    ) -> Iterator[ObjectInfo]:
        """Every object under ``prefix`` (recursive), latest versions only. ``skip`` (with an
        empty ``prefix`` only) names the top-level folders not to descend into: asked with
        each folder's name, True leaves it out (ingest leaves out kaohe's own ``_evidence/``,
        as large as the submissions themselves)."""
        ...

    def get(self, key: str, version_id: str | None = None) -> bytes: ...

    def stat(self, key: str) -> ObjectInfo | None:
        """The latest version of ``key``, or None when there is none."""
        ...

    def put(self, key: str, data: bytes) -> ObjectInfo: ...

    def delete(self, key: str) -> None: ...

    def presigned_url(
        self, key: str, version_id: str | None = None, expires: timedelta = timedelta(hours=1)
    ) -> str | None: ...
