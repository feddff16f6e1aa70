"""A unit's materials for the workspace: each current document with its status and Chinese
reason, the rejected uploads of its folder, and the versions behind a score (for downloads)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from kaohe.context import Context
from kaohe.phases.extract import EXTRACTION_VERSION
from kaohe.views.problems import STATUS_REASON, FileProblem
from storage.models import ObjectVersion
from storage.repo import extractions, versions

__all__ = ["Material", "UnitMaterials", "unit_materials", "version_unit"]


@dataclass(frozen=True)
class Material:
    """One current document version of a unit."""

    key: str
    object_version_id: int
    sha256: str
    version_id: str | None
    status: str
    reason: str | None
    doc_type: str | None
    uploaded_at: datetime | None

    @property
    def file_name(self) -> str:
        return self.key.rsplit("/", 1)[-1]


@dataclass
class UnitMaterials:
    unit: str
    documents: list[Material] = field(default_factory=list)
    rejected: list[FileProblem] = field(default_factory=list)


def unit_materials(ctx: Context, year: int, unit_code: str) -> UnitMaterials:
    """The documents scoring reads for ``unit_code`` in ``year`` and its rejected uploads."""
    out = UnitMaterials(unit_code)
    units = [u for u in ctx.units if u.code == unit_code]
    prefix = f"{year}/{unit_code}/"
    with ctx.session() as s:
        for ov in versions.rejected_versions(s, year):
            if ov.store == ctx.store.location and ov.key.startswith(prefix):
                out.rejected.append(FileProblem(ov.key, ov.rejected_reason or ""))
        facts = extractions.unit_facts(
            s,
            year=year,
            units=units,
            extractor_version=EXTRACTION_VERSION,
            rules_hash=ctx.rules.hash,
            store=ctx.store.location,
            with_results=False,
        )
        ids = [d.object_version_id for f in facts for d in f.documents]
        when = dict(
            s.execute(
                select(ObjectVersion.id, ObjectVersion.last_modified).where(
                    ObjectVersion.id.in_(ids)
                )
            ).all()
        )
    for f in facts:
        for d in f.documents:
            reason = None
            if d.status != "ok":
                reason = d.error or STATUS_REASON.get(d.status, d.status)
            out.documents.append(
                Material(
                    d.key,
                    d.object_version_id,
                    d.sha256,
                    d.version_id,
                    d.status,
                    reason,
                    d.doc_type,
                    when.get(d.object_version_id),
                )
            )
    return out


def version_unit(ctx: Context, object_version_id: int) -> str | None:
    """The unit a registered document version belongs to (None: unknown version)."""
    with ctx.session() as s:
        ov = s.get(ObjectVersion, object_version_id)
        if ov is None or ov.store not in (ctx.store.location,):
            return None
        return ov.unit_code
