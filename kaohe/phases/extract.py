"""Extract: parse (or reuse the parse cache) and extract every pending document; read one file.

The per-document guard lives here: an exception inside one document's parse or extraction is
recorded as that document's ``error`` (a Chinese reason, the exception class in
``error_detail``), and its batch goes on. The record is keyed like every extraction (bytes,
parser and extractor version, extraction rules), so a later run retries the document only when
one of those changes — never for a rubric edit.
"""

from __future__ import annotations

import gc
import hashlib
import logging
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from extractors.contract import add_pdf_boxes, error_contract
from extractors.extract import EXTRACTOR_VERSION
from extractors.model import ParsedDocument
from extractors.parsing.dispatch import PARSER_VERSION
from extractors.parsing.formats import ParseLimits, sniff_format
from extractors.rules import ExtractionRules
from kaohe.context import Context
from kaohe.errors import ObjectNotFound
from kaohe.phases.docwork import EXTRACTOR_CRASH_REASON, extract_guarded, prepare_document
from kaohe.phases.pool import ParserPool, shared_parser_pool
from storage.repo import extractions
from storage.rows import PreparedDocument

__all__ = [
    "EXTRACTION_VERSION",
    "EXTRACTOR_CRASH_REASON",
    "extract_batch",
    "extract_file",
    "extract_guarded",
    "pending_documents",
    "warm_parsers",
]

#: What keys an extraction besides the rules hash: the extractor code and the parser that fed
#: it (which depends on the optional OCR/LibreOffice tools), so installing OCR re-reads scans.
EXTRACTION_VERSION = f"{EXTRACTOR_VERSION}/p{PARSER_VERSION}"

#: documents written per transaction (on the writer thread, while the parser processes go on)
WRITE_EVERY = 50

_MB = 1024 * 1024
_SNIFF_BYTES = _MB

log = logging.getLogger(__name__)


def pending_documents(
    ctx: Context, year: int, keys: Sequence[str] | None = None
) -> list[tuple[str, str, str]]:
    """``(sha256, key, version_id)`` of current documents lacking an extraction under the
    current extractor version and extraction rules (of ``keys`` only, when given)."""
    with ctx.session() as s:
        return extractions.pending_extractions(
            s,
            year=year,
            extractor_version=EXTRACTION_VERSION,
            rules_hash=ctx.rules.hash,
            store=ctx.store.location,
            keys=keys,
        )


def extract_batch(
    ctx: Context, items: Sequence[tuple[str, str, str]], run_id: str
) -> dict[str, int]:
    """Parse (or reuse the parse cache) and extract each document, persisting the results.

    Fresh documents are parsed and extracted in the parser processes, which hand back only
    the rows to write (:meth:`ParserPool.extract_many`); documents in the parse cache (a
    change of the extraction rules) are extracted here. Rows are written in bulk, one
    transaction per ``WRITE_EVERY`` documents, on a writer thread (:class:`_Writer`); the
    batch returns once all are written.

    Raises ``StoreUnavailable`` on IO failure before anything of the failing document is
    written; every other problem ends as a recorded extraction with status ``error``.
    """
    counts: Counter[str] = Counter()
    with ctx.session() as s:
        # one query for the batch's parse cache, not one per document (measured)
        cached = extractions.get_parsed_many(s, [sha for sha, _k, _v in items], PARSER_VERSION)
    if cached:
        counts["parse_cache_hits"] = len(cached)
    keys = {sha: key for sha, key, _ in items}
    done: list[PreparedDocument] = []

    def write(chunk: list[PreparedDocument]) -> None:
        with ctx.session() as s:
            extractions.save_prepared(
                s,
                chunk,
                parser_version=PARSER_VERSION,
                extractor_version=EXTRACTION_VERSION,
                rules_hash=ctx.rules.hash,
                run_id=run_id,
            )

    def fetched() -> Iterator[tuple[str, bytes, str]]:
        """Bytes of the documents to parse, fetched as the pool asks for them (streaming:
        only the files in flight are in memory)."""
        for sha, key, vid in items:
            if sha in cached:
                continue
            try:
                data = ctx.store.get(key, vid or None)
            except ObjectNotFound:
                counts["vanished"] += 1
                continue
            if hashlib.sha256(data).hexdigest() != sha:
                counts["changed_since_ingest"] += 1  # the next ingest registers the new version
                continue
            yield sha, data, key

    with _Writer(write) as writer:

        def flush() -> None:
            for d in done:
                counts[f"status_{d.extraction['status']}"] += 1
            writer.submit(done.copy())
            done.clear()

        if len(cached) < len(items):
            for _sha, prepared in _parser_pool(ctx).extract_many(fetched()):
                done.append(prepared)
                counts["parsed"] += 1
                if len(done) >= WRITE_EVERY:
                    flush()
        for n, sha in enumerate(sorted(cached), 1):
            doc = ParsedDocument.from_dict(cached.pop(sha))
            done.append(prepare_document(keys[sha], sha, doc, ctx.rules, cache=False))
            del doc
            if len(done) >= WRITE_EVERY:
                flush()
            if n % 100 == 0:
                gc.collect()  # parsed documents and contracts: cycles freed as we go
        if done:
            flush()
    return dict(counts)


class _Writer:
    """Writes chunks of documents one after the other on a thread of its own, so the caller
    keeps the parser processes fed meanwhile: written inline, the writes were a fifth of the
    extract thread's time, the pool running dry behind each (py-spy, 5,000 documents). At
    most one chunk waits behind the one being written. Leaving the block waits for every
    write and raises the first that failed (unless the block itself raised)."""

    def __init__(self, write: Callable[[list[PreparedDocument]], None]) -> None:
        self._write = write
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="kaohe-write")
        self._queued: deque[Future[None]] = deque()

    def __enter__(self) -> _Writer:
        return self

    def submit(self, chunk: list[PreparedDocument]) -> None:
        while len(self._queued) >= 2:
            self._queued.popleft().result()
        self._queued.append(self._pool.submit(self._write, chunk))

    def __exit__(self, exc_type: object, *_: object) -> None:
        try:
            while self._queued:
                f = self._queued.popleft()
                if exc_type is None:
                    f.result()
                elif f.exception() is not None:  # the block's own error goes on
                    log.error("writing extractions failed too", exc_info=f.exception())
        finally:
            self._pool.shutdown(wait=True)


def _parser_pool(ctx: Context) -> ParserPool:
    """This thread's parser pool for ``ctx``'s settings and extraction rules."""
    return shared_parser_pool(
        workers=ctx.settings.workers,
        timeout_s=ctx.settings.limits.parse_timeout_s,
        limits=ctx.parse_limits,
        rules=ctx.rules,
    )


def warm_parsers(ctx: Context) -> None:
    """Start this thread's parser processes now, so their imports (about a second) overlap
    whatever the caller does next instead of delaying the first extract batch."""
    _parser_pool(ctx).start()


def extract_file(path: str, rules: ExtractionRules, limits: ParseLimits) -> dict[str, Any]:
    """Read, parse and extract the file at ``path`` (``kaohe extract``); never raises.

    A missing or unreadable file is answered with ``status: "error"`` and ``sha256`` null; an
    oversized one is hashed by streaming and refused without being loaded.
    """
    p = Path(path)
    try:
        if not p.is_file():
            reason = "路径是目录，不是文件" if p.is_dir() else "文件不存在"
            return error_contract(path, None, "unknown", reason, error_code="missing")
        size = p.stat().st_size
        if size > limits.max_file_bytes:
            digest, head = _stream_hash(p)
            reason = f"文件超过大小上限（{limits.max_file_bytes / _MB:g} MB）"
            return error_contract(
                path, digest, sniff_format(head, p.name), reason, error_code="too_large"
            )
        data = p.read_bytes()
    except OSError:
        return error_contract(
            path, None, "unknown", "文件无法读取（权限不足或读取出错）", error_code="missing"
        )
    sha = hashlib.sha256(data).hexdigest()
    with ParserPool(workers=0, timeout_s=0, limits=limits) as pool:
        [(_, doc)] = pool.parse_many([(sha, data, p.name)])
    obj = extract_guarded(path, sha, doc, rules)
    if doc.format == "pdf" and obj["status"] == "ok":
        obj = add_pdf_boxes(obj, data)  # the contract: a PDF quote carries its box on the page
    return obj


def _stream_hash(p: Path) -> tuple[str, bytes]:
    digest = hashlib.sha256()
    head = b""
    with p.open("rb") as f:
        while chunk := f.read(_MB):
            if len(head) < _SNIFF_BYTES:
                head += chunk[: _SNIFF_BYTES - len(head)]
            digest.update(chunk)
    return digest.hexdigest(), head
