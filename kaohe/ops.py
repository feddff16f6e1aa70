"""The three phases as plain library functions: ingest, extract, score.

Prefect tasks in ``flows/`` wrap these; the CLI's read-only commands call the query helpers
directly. Every function is idempotent: running it again with the same inputs writes nothing new.
Only IO raises :class:`kaohe.errors.StoreUnavailable` (worth a retry); a bad document is recorded
with a Chinese reason and the batch goes on.
"""

from __future__ import annotations

import gc
import hashlib
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from extractors.contract import to_contract
from extractors.extract import EXTRACTOR_VERSION, extract
from extractors.model import ParsedDocument
from extractors.parse import PARSER_VERSION, ParseLimits, sniff_format
from extractors.rules import ExtractionRules, load_extraction_rules
from kaohe.errors import ObjectNotFound
from kaohe.parallel import ParserPool
from kaohe.settings import Settings, Unit, load_units
from scoring.engine import score_unit
from scoring.model import ScoreDraft
from scoring.rubric import Rubric, load_rubrics, rubrics_hash
from storage import repo
from storage.db import open_database
from storage.layout import KeyInfo, Rejection, parse_key
from storage.objectstore import ObjectInfo, ObjectStore, open_store

#: What keys an extraction besides the rules hash: the extractor code and the parser that fed
#: it (which depends on the optional OCR/LibreOffice tools), so installing OCR re-reads scans.
EXTRACTION_VERSION = f"{EXTRACTOR_VERSION}/p{PARSER_VERSION}"

__all__ = [
    "EXTRACTION_VERSION",
    "Context",
    "IngestPlan",
    "ScoreChange",
    "build_context",
    "diff_score_sets",
    "extract_batch",
    "finalize_ingest",
    "ingest_batch",
    "list_submissions",
    "pending_documents",
    "plan_ingest",
    "score_year",
]


@dataclass
class Context:
    """Clients and loaded configuration for one process; built by :func:`build_context`."""

    settings: Settings
    engine: Engine
    store: ObjectStore
    units: list[Unit]
    rules: ExtractionRules
    rubrics: dict[str, Rubric]

    @cached_property
    def rules_hash(self) -> str:
        """Hash of the rubrics: keys score sets."""
        return rubrics_hash(self.rubrics)

    @property
    def parse_limits(self) -> ParseLimits:
        return self.settings.limits.parse_limits()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session committed on success and rolled back on error."""
        with Session(self.engine, expire_on_commit=False) as s:
            try:
                yield s
                s.commit()
            except BaseException:
                s.rollback()
                raise

    def unit(self, code_or_name: str) -> Unit | None:
        for u in self.units:
            if code_or_name in (u.code, u.name):
                return u
        return None


def build_context(settings: Settings) -> Context:
    """Build clients from ``settings``; migrates the database and syncs the units file."""
    units = load_units(settings.units_path())
    ctx = Context(
        settings=settings,
        engine=open_database(settings.database_url),
        store=open_store(settings),
        units=units,
        rules=load_extraction_rules(settings.config_dir),
        rubrics=load_rubrics(settings.config_dir),
    )
    with ctx.session() as s:
        repo.sync_units(s, units)
    return ctx


# --------------------------------------------------------------------------------- ingest


def list_submissions(store: ObjectStore) -> list[ObjectInfo]:
    """Every object of the store (IO). The whole store is listed, not just ``{year}/``, so that
    keys outside the layout (no year folder, a typo in it) are seen and recorded as rejected."""
    return list(store.list(""))


@dataclass
class IngestPlan:
    """What an ingest has to do: download these, just mark those as seen."""

    to_fetch: list[ObjectInfo] = field(default_factory=list)
    seen_ids: list[int] = field(default_factory=list)
    #: every listed (key, etag, version_id) of the store, all years: what is not here is deleted
    present: set[tuple[str, str, str]] = field(default_factory=set)
    #: objects of this run's scope (the year's keys and keys that fit no layout)
    in_scope: int = 0


def plan_ingest(ctx: Context, listing: Sequence[ObjectInfo], year: int) -> IngestPlan:
    """Split the listing into new/changed objects and ones already registered.

    In scope: keys of ``year`` and keys that fit no layout (recorded as rejected); keys of
    other assessment years belong to those years' runs and are left alone.
    """
    plan = IngestPlan()
    codes = {u.code for u in ctx.units}
    with ctx.session() as s:
        known = repo.known_versions(s, ctx.store.location)
    for info in listing:
        ident = (info.key, info.etag, info.version_id or "")
        plan.present.add(ident)
        parsed = parse_key(info.key, codes)
        if parsed is None or (isinstance(parsed, KeyInfo) and parsed.year != year):
            continue
        plan.in_scope += 1
        if (row := known.get(ident)) is not None:
            plan.seen_ids.append(row.id)
        else:
            plan.to_fetch.append(info)
    return plan


def ingest_batch(ctx: Context, infos: Sequence[ObjectInfo], run_id: str) -> dict[str, int]:
    """Register new/changed objects: hash their bytes, or record why a key is rejected.

    Raises ``StoreUnavailable`` on IO failure; rerunning the batch is safe.
    """
    counts: Counter[str] = Counter()
    codes = {u.code for u in ctx.units}
    max_bytes = ctx.settings.limits.max_file_bytes
    for info in infos:
        key_info: KeyInfo | Rejection | None = parse_key(info.key, codes)
        if key_info is None:  # a folder marker: nothing to record
            continue
        sha256 = fmt = None
        if isinstance(key_info, KeyInfo) and info.size > max_bytes:
            key_info = Rejection(
                f"文件超过大小上限（{info.size / 1048576:.1f} MB，"
                f"上限 {max_bytes / 1048576:.0f} MB），未读取"
            )
        if isinstance(key_info, KeyInfo):
            try:
                data = ctx.store.get(info.key, info.version_id)
            except ObjectNotFound:
                counts["vanished"] += 1  # deleted between list and get: the next run sees it
                continue
            sha256 = hashlib.sha256(data).hexdigest()
            fmt = sniff_format(data, info.key)
            counts["registered"] += 1
        else:
            counts["rejected"] += 1
        with ctx.session() as s:
            repo.register_version(
                s,
                store=ctx.store.location,
                info=info,
                key_info=key_info,
                sha256=sha256,
                fmt=fmt,
                run_id=run_id,
            )
    return dict(counts)


def finalize_ingest(ctx: Context, plan: IngestPlan, year: int, run_id: str) -> dict[str, int]:
    """Mark unchanged objects as seen and objects gone from the listing as deleted."""
    with ctx.session() as s:
        repo.touch_seen(s, plan.seen_ids, run_id)
        deleted = repo.mark_deleted(s, ctx.store.location, plan.present, None, run_id)
    return {"unchanged": len(plan.seen_ids), "deleted": deleted}


# -------------------------------------------------------------------------------- extract


def pending_documents(ctx: Context, year: int) -> list[tuple[str, str, str]]:
    """``(sha256, key, version_id)`` of current documents lacking an extraction under the
    current extractor version and extraction rules."""
    with ctx.session() as s:
        return repo.pending_extractions(
            s,
            year=year,
            extractor_version=EXTRACTION_VERSION,
            rules_hash=ctx.rules.hash,
            store=ctx.store.location,
        )


def extract_batch(
    ctx: Context, items: Sequence[tuple[str, str, str]], run_id: str
) -> dict[str, int]:
    """Parse (or reuse the parse cache) and extract each document, persisting the results.

    Raises ``StoreUnavailable`` on IO failure before anything of the failing document is
    written; every other problem ends as a recorded extraction with status ``error``.
    """
    counts: Counter[str] = Counter()
    parsed: dict[str, ParsedDocument] = {}
    to_parse: list[tuple[str, bytes, str]] = []
    with ctx.session() as s:
        for sha, _key, _vid in items:
            if (cached := repo.get_parsed(s, sha, PARSER_VERSION)) is not None:
                parsed[sha] = ParsedDocument.from_dict(cached)
                counts["parse_cache_hits"] += 1
    for sha, key, vid in items:
        if sha in parsed:
            continue
        try:
            data = ctx.store.get(key, vid or None)
        except ObjectNotFound:
            counts["vanished"] += 1
            continue
        if hashlib.sha256(data).hexdigest() != sha:
            counts["changed_since_ingest"] += 1  # the next ingest registers the new version
            continue
        to_parse.append((sha, data, key))
    settings = ctx.settings
    with ParserPool(
        workers=min(settings.workers, len(to_parse)),
        timeout_s=settings.limits.parse_timeout_s,
        limits=ctx.parse_limits,
    ) as pool:
        fresh: list[tuple[str, ParsedDocument]] = []
        for n, (sha, doc) in enumerate(pool.parse_many(to_parse), 1):
            parsed[sha] = doc
            fresh.append((sha, doc))
            counts["parsed"] += 1
            if n % 50 == 0:
                gc.collect()
    # one transaction for the batch's parse cache: per-document commits dominated (measured)
    with ctx.session() as s:
        for sha, doc in fresh:
            repo.put_parsed(s, sha, PARSER_VERSION, doc.to_dict())
    keys = {sha: key for sha, key, _ in items}
    with ctx.session() as s:
        for sha, doc in parsed.items():
            contract = to_contract(keys[sha], sha, doc, extract(doc, ctx.rules))
            repo.save_extraction(
                s,
                sha256=sha,
                extractor_version=EXTRACTION_VERSION,
                rules_hash=ctx.rules.hash,
                contract=contract,
                run_id=run_id,
            )
            counts[f"status_{contract['status']}"] += 1
    return dict(counts)


# ---------------------------------------------------------------------------------- score


def score_year(ctx: Context, year: int, run_id: str) -> tuple[int, bool, int]:
    """Score every unit for ``year`` from persisted extractions.

    Returns ``(score_set_id, created, rows)``: ``created`` is False when the inputs and rules
    give exactly the table already stored (nothing is written then).
    """
    with ctx.session() as s:
        facts = repo.unit_facts(
            s,
            year=year,
            units=ctx.units,
            extractor_version=EXTRACTION_VERSION,
            rules_hash=ctx.rules.hash,
            store=ctx.store.location,
        )
    drafts: list[ScoreDraft] = []
    for unit_facts in facts:
        drafts.extend(score_unit(unit_facts, ctx.rubrics[unit_facts.kind]))
    with ctx.session() as s:
        set_id, created = repo.save_score_set(
            s,
            year=year,
            run_id=run_id,
            rules_hash=ctx.rules_hash,
            extraction_rules_hash=ctx.rules.hash,
            extractor_version=EXTRACTION_VERSION,
            drafts=drafts,
        )
    return set_id, created, len(drafts)


@dataclass(frozen=True)
class ScoreChange:
    """One unit × indicator whose points or status differ between two score sets."""

    unit_code: str
    indicator: str
    indicator_name: str
    old_points: float | None
    new_points: float | None
    old_status: str | None
    new_status: str


def diff_score_sets(ctx: Context, old_id: int | None, new_id: int) -> list[ScoreChange]:
    """Scores that changed from set ``old_id`` to set ``new_id`` (all of them if no old set)."""
    with ctx.session() as s:
        old = (
            {(r.unit_code, r.indicator): r for r in repo.scores_of_set(s, old_id)} if old_id else {}
        )
        changes = []
        for r in repo.scores_of_set(s, new_id):
            prev: Any = old.get((r.unit_code, r.indicator))
            if prev is None or (prev.points, prev.status) != (r.points, r.status):
                changes.append(
                    ScoreChange(
                        r.unit_code,
                        r.indicator,
                        r.indicator_name,
                        prev.points if prev else None,
                        r.points,
                        prev.status if prev else None,
                        r.status,
                    )
                )
    return changes
