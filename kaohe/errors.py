"""The one exception tree of kaohe.

Library errors (minio ``S3Error``, urllib3 ``MaxRetryError``, pdfminer, zipfile, SQLAlchemy)
are translated into these at the boundary where they occur, so callers only ever catch
``KaoheError`` subclasses. Every error carries a Chinese, user-facing ``reason``.
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "DocumentError",
    "KaoheError",
    "ObjectNotFound",
    "StoreError",
    "StoreUnavailable",
]


class KaoheError(Exception):
    """Base of every kaohe error; ``reason`` is a one-line Chinese message for users."""

    def __init__(self, reason: str, *, detail: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        #: English technical detail for logs (never secrets).
        self.detail = detail


class ConfigError(KaoheError):
    """A settings, units or rubric file is invalid; ``reason`` names file and line."""


class StoreError(KaoheError):
    """The object store failed."""


class StoreUnavailable(StoreError):
    """The store cannot be reached (connection refused, timeout): worth retrying."""


class ObjectNotFound(StoreError):
    """The key (or version) does not exist in the store."""


class DocumentError(KaoheError):
    """A document cannot be read: corrupt, encrypted, oversized, legacy or unsupported.

    ``code`` is a stable machine-readable tag (``corrupt``, ``encrypted``, ``too_large``,
    ``zip_bomb``, ``legacy_format``, ``unsupported``, ``empty``, ``timeout``, ``too_many_pages``,
    ``missing``).
    """

    def __init__(self, code: str, reason: str, *, detail: str | None = None) -> None:
        super().__init__(reason, detail=detail)
        self.code = code
