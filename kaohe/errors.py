"""The one exception tree of kaohe.

Library errors are translated into these where they occur — minio/urllib3 in
``storage.objectstore``, SQLAlchemy/driver errors in ``storage.db``, pdfminer/pypdfium2/zipfile/
lxml in ``extractors.parsing`` — so callers only ever catch ``KaoheError`` subclasses, and tell
them apart by class, never by message text. Every error carries ``reason``, a one-line Chinese
message a user can read as is, and optionally ``detail``, English technical detail for logs
(never a secret). The faces (``kaohe.cli``) are the only place that turns them into messages and
exit codes.

::

    KaoheError                     reason (Chinese, for users), detail (English, for logs)
    ├── ConfigError                a settings, units, rubric or rules file is invalid (file, line)
    ├── StoreError                 the object store failed
    │   ├── StoreUnavailable       cannot be reached, or timed out: worth retrying
    │   └── ObjectNotFound         the key (or version) does not exist
    ├── DatabaseError              the database cannot be reached, opened or migrated
    ├── DocumentError              a document cannot be read; ``code`` is a stable tag
    ├── InputError                 what a user typed or filled in is invalid
    │   └── ManualInputError       a manual score, adjustment or revocation is invalid
    ├── RecordNotFound             a record a user named does not exist (a run, a manual entry)
    ├── RecordConflict             the request contradicts recorded state (e.g. already revoked)
    └── ReportError                the report cannot be written

Bugs are not translated: an unexpected exception inside one document's parse or extraction is
recorded as that document's error by the extract phase (its class in ``error_detail``), and
anywhere else it propagates.
"""

from __future__ import annotations

__all__ = [
    "AccessDenied",
    "ConfigError",
    "DatabaseError",
    "DocumentError",
    "InputError",
    "KaoheError",
    "ManualInputError",
    "ObjectNotFound",
    "RecordConflict",
    "RecordNotFound",
    "ReportError",
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
    """A settings, units, rubric or extraction-rule file is invalid; ``reason`` names file, line."""


class StoreError(KaoheError):
    """The object store failed."""


class StoreUnavailable(StoreError):
    """The store cannot be reached (connection refused, timeout): worth retrying."""


class ObjectNotFound(StoreError):
    """The key (or version) does not exist in the store."""


class DatabaseError(KaoheError):
    """The database cannot be reached, opened or migrated."""


class DocumentError(KaoheError):
    """A document cannot be read: corrupt, encrypted, oversized, legacy or unsupported.

    ``code`` is a stable machine-readable tag (``corrupt``, ``encrypted``, ``too_large``,
    ``zip_bomb``, ``legacy_format``, ``unsupported``, ``empty``, ``timeout``, ``too_many_pages``,
    ``missing``).
    """

    def __init__(self, code: str, reason: str, *, detail: str | None = None) -> None:
        super().__init__(reason, detail=detail)
        self.code = code


class InputError(KaoheError):
    """What a user typed or filled in is invalid; ``reason`` says what, in Chinese."""


class ManualInputError(InputError):
    """A manual score, adjustment or revocation is invalid."""


class RecordNotFound(KaoheError):
    """A record a user named (a run, a manual entry) does not exist."""


class RecordConflict(KaoheError):
    """The request contradicts recorded state (revoking a revoked entry or a revocation)."""


class ReportError(KaoheError):
    """The report cannot be written (no score table yet, the output folder not writable)."""


class AccessDenied(KaoheError):
    """A signed-in user asked for something their role or unit does not allow (never says what)."""
