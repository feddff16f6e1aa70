"""Parse (and extract) documents in worker processes with a hard per-file timeout.

A hostile or pathological file (a PDF whose content stream makes pdfminer spin, a docx that
slipped past the zip guard) must not stop a run: each file is parsed in a worker process, and a
worker that exceeds the timeout is killed and replaced. python-docx documents are only freed by
the cycle collector (measured: 113 → 195 MB RSS over 5,000 files without collecting), so a
worker runs ``gc.collect()`` every ``GC_EVERY`` files and is recycled every
``MAX_TASKS_PER_CHILD`` files (a safety valve: with the collections a worker stayed at 82 MB
over 15,000 files, measured, while each recycling left both workers importing for a second
every 1,000 files each). A process keeps one pool across batches
(:func:`shared_parser_pool`): starting a spawned worker costs about a second of imports, which
per batch dominated small batches (measured). An exception a
worker raises (a parser bug, not bad input: bad input is already an error document) becomes that
file's error document; the other files go on.

:meth:`ParserPool.extract_many` has the workers extract as well and hand back the rows to
write (:func:`~kaohe.phases.docwork.prepare_document`), so the calling process only writes
them: parsing and extraction use every worker, and no parsed document crosses the pipe. The
timeout then bounds a file's parse and extraction together.
"""

from __future__ import annotations

import atexit
import gc
import logging
import multiprocessing as mp
import threading
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.pool import AsyncResult, Pool
from typing import Any

from extractors.model import ParsedDocument
from extractors.parsing.dispatch import parse_bytes
from extractors.parsing.formats import ParseLimits
from extractors.rules import ExtractionRules
from kaohe.phases.docwork import prepare_document
from kaohe.phases.pdfium_fonts import use_no_system_fonts
from storage.rows import PreparedDocument

__all__ = [
    "GC_EVERY",
    "IN_FLIGHT_BYTES",
    "IN_FLIGHT_PER_WORKER",
    "MAX_TASKS_PER_CHILD",
    "ParserPool",
    "crashed_document",
    "shared_parser_pool",
    "timeout_document",
]

MAX_TASKS_PER_CHILD = 10_000
GC_EVERY = 50
#: files queued per worker: enough that the workers stay busy while the caller writes a
#: batch of results (4 left them idle during the writes, measured)
IN_FLIGHT_PER_WORKER = 16
#: ... but never more than this many bytes of them beyond one file per worker
IN_FLIGHT_BYTES = 64 * 1024 * 1024

log = logging.getLogger(__name__)


def timeout_document(seconds: float) -> ParsedDocument:
    """The recorded result for a file whose parsing exceeded the time limit."""
    return ParsedDocument(
        format="unknown",
        status="error",
        error=f"解析超时（超过{seconds:g}秒），文件可能异常复杂或已损坏，请检查后重新提交",
        error_code="timeout",
    )


def crashed_document(exc: BaseException) -> ParsedDocument:
    """The recorded result for a file whose parser raised (a kaohe bug, not the file's fault)."""
    return ParsedDocument(
        format="unknown",
        status="error",
        error="解析文件时程序出错，已记录；本文件暂未计分，修复后重新运行即可重新读取",
        error_code="parser_crash",
        meta={"error_detail": f"{type(exc).__name__}: {exc}"[:500]},
    )


class _Pool(Pool):
    """``multiprocessing.Pool`` whose worker-maintenance thread wakes only when a worker
    exits or the pool changes state. CPython's also waits on the results pipe, so every result
    woke it, and it spun (polling each worker) until the results thread had read that result:
    2.5 CPU-seconds of 11 in the flow's process over 5,000 files (measured), taken from the
    parser processes on 2 cores. Worker exits have their own sentinels."""

    def _get_sentinels(self) -> list[Any]:
        return [self._change_notifier._reader]  # type: ignore[attr-defined]


_parsed_here = 0  # files parsed by this worker process
_worker_rules: ExtractionRules | None = None  # the pool's extraction rules (extract_many)


def _init_worker(rules: ExtractionRules | None) -> None:
    global _worker_rules
    _worker_rules = rules
    use_no_system_fonts()  # before any PDF is opened here (see kaohe.phases.pdfium_fonts)


def _count_parsed() -> None:
    global _parsed_here
    _parsed_here += 1
    if _parsed_here % GC_EVERY == 0:
        gc.collect()  # python-docx cycles: freed only by the collector


def _parse_to_dict(data: bytes, name: str, limits: ParseLimits) -> dict[str, Any]:
    out = parse_bytes(data, name, limits=limits).to_dict()
    del data
    _count_parsed()
    return out


def _parse_and_prepare(
    data: bytes, sha256: str, source: str, limits: ParseLimits
) -> PreparedDocument:
    """In a worker: parse, extract and serialize one document (never raises for bad input)."""
    assert _worker_rules is not None, "extract_many needs a pool made with rules"
    doc = _guarded_parse(data, source, limits)
    del data
    out = prepare_document(source, sha256, doc, _worker_rules, cache=True)
    del doc
    _count_parsed()
    return out


class ParserPool:
    """``parse_many`` over worker processes; ``workers=0`` parses in-process without a timeout.

    Use as a context manager so the workers are always shut down.
    """

    def __init__(
        self,
        *,
        workers: int,
        timeout_s: float,
        limits: ParseLimits,
        rules: ExtractionRules | None = None,
    ) -> None:
        self.workers = workers
        self.timeout_s = timeout_s
        self.limits = limits
        #: the extraction rules of :meth:`extract_many` (sent to each worker once, at start)
        self.rules = rules
        self._pool: Pool | None = None

    def __enter__(self) -> ParserPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None

    def start(self) -> None:
        """Start the worker processes now; they import in the background while the caller
        goes on (the pipeline starts them before ingesting, so the first extract batch finds
        them ready). No-op when ``workers == 0`` or already started."""
        if self.workers:
            self._ensure_pool()

    def _ensure_pool(self) -> Pool:
        if self._pool is None:
            # spawn, not fork: the parent may hold threads (Prefect, DB pools) that fork would copy.
            self._pool = _Pool(
                self.workers,
                initializer=_init_worker,
                initargs=(self.rules,),
                maxtasksperchild=MAX_TASKS_PER_CHILD,
                context=mp.get_context("spawn"),
            )
        return self._pool

    def parse_many(
        self, items: Iterable[tuple[str, bytes, str]]
    ) -> Iterator[tuple[str, ParsedDocument]]:
        """Yield ``(id, ParsedDocument)`` for each ``(id, data, name)``, in input order.

        ``items`` is consumed lazily: only the files in flight (:data:`IN_FLIGHT_PER_WORKER` per
        worker, at most :data:`IN_FLIGHT_BYTES` of them beyond one each) are held, so a
        generator that fetches bytes keeps a batch's memory flat. A caller that stops early (or
        whose generator raises) leaves no work running: the pool is then shut down.
        """
        if self.workers == 0:
            for ident, data, name in items:
                yield ident, _guarded_parse(data, name, self.limits)
            return
        for ident, _name, out in self._run(
            items, lambda it: (_parse_to_dict, (it[1], it[2], self.limits))
        ):
            yield ident, out if isinstance(out, ParsedDocument) else ParsedDocument.from_dict(out)

    def extract_many(
        self, items: Iterable[tuple[str, bytes, str]]
    ) -> Iterator[tuple[str, PreparedDocument]]:
        """Yield ``(sha256, PreparedDocument)`` for each ``(sha256, data, source)``, in input
        order: parsed and extracted under the pool's rules in a worker (in-process when
        ``workers=0``). A timeout or a worker crash yields that file's error document's rows
        (cached like any parse). Consumed lazily, like :meth:`parse_many`."""
        rules = self.rules
        assert rules is not None, "extract_many needs a pool made with rules"
        if self.workers == 0:
            for sha, data, source in items:
                doc = _guarded_parse(data, source, self.limits)
                del data
                yield sha, prepare_document(source, sha, doc, rules, cache=True)
            return
        for sha, source, out in self._run(
            items, lambda it: (_parse_and_prepare, (it[1], it[0], it[2], self.limits))
        ):
            if isinstance(out, ParsedDocument):  # timeout or crash: its error document
                yield sha, prepare_document(source, sha, out, rules, cache=True)
            else:
                yield sha, out

    def _run(
        self,
        items: Iterable[tuple[str, bytes, str]],
        call: Callable[[tuple[str, bytes, str]], tuple[Callable[..., Any], tuple[Any, ...]]],
    ) -> Iterator[tuple[str, str, Any]]:
        """Yield ``(id, name, worker result)`` per item in input order, the result being the
        error ``ParsedDocument`` when the worker timed out (killed) or raised. ``call`` gives
        the worker function and its arguments for an item."""
        source = iter(items)
        retry: list[tuple[str, bytes, str]] = []  # resubmitted after a timeout, in order
        pending: list[tuple[tuple[str, bytes, str], AsyncResult[Any]]] = []
        exhausted = False
        in_flight = 0  # bytes of the pending items
        try:
            while True:
                # a bounded number of files in flight keeps memory flat on large batches
                while len(pending) < self.workers * IN_FLIGHT_PER_WORKER and (
                    len(pending) < self.workers or in_flight < IN_FLIGHT_BYTES
                ):
                    if retry:
                        item = retry.pop(0)
                    elif exhausted or (item := next(source, None)) is None:  # type: ignore[assignment]
                        exhausted = True
                        break
                    pool = self._ensure_pool()
                    fn, args = call(item)
                    pending.append((item, pool.apply_async(fn, args)))
                    in_flight += len(item[1])
                if not pending:
                    return
                item, result = pending.pop(0)
                in_flight -= len(item[1])
                try:
                    yield item[0], item[2], result.get(timeout=self.timeout_s)
                except mp.TimeoutError:
                    yield item[0], item[2], timeout_document(self.timeout_s)
                    # A stuck worker cannot be cancelled: kill the pool, resubmit the others.
                    self.close()
                    retry = [it for it, _ in pending] + retry
                    pending = []
                    in_flight = 0
                except Exception as e:  # raised inside the worker and re-raised here
                    log.exception("parser crashed on %s", item[2])
                    yield item[0], item[2], crashed_document(e)
        finally:
            if pending:
                self.close()  # abandoned mid-batch: nothing of it may keep running


_local = threading.local()


def shared_parser_pool(
    *,
    workers: int,
    timeout_s: float,
    limits: ParseLimits,
    rules: ExtractionRules | None = None,
) -> ParserPool:
    """This thread's parser pool for these parameters, kept across batches (closed at exit or
    when other parameters are asked for). One per thread, so batches running side by side (a
    Dask worker with several threads) never share, and a timeout kills only its own batch."""
    pool: ParserPool | None = getattr(_local, "pool", None)
    wanted = (workers, timeout_s, limits, rules.hash if rules is not None else None)
    if (
        pool is not None
        and (
            pool.workers,
            pool.timeout_s,
            pool.limits,
            pool.rules.hash if pool.rules is not None else None,
        )
        != wanted
    ):
        pool.close()
        pool = None
    if pool is None:
        pool = ParserPool(workers=workers, timeout_s=timeout_s, limits=limits, rules=rules)
        atexit.register(pool.close)
        _local.pool = pool
    return pool


def _guarded_parse(data: bytes, name: str, limits: ParseLimits) -> ParsedDocument:
    try:
        return parse_bytes(data, name, limits=limits)
    except Exception as e:
        log.exception("parser crashed on %s", name)
        return crashed_document(e)
