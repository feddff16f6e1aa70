"""What a run could not use, for the end-of-run summary: rejected keys and unreadable files.

Today these are only in the database; a user sees them here (and in the workspace later) with
their Chinese reasons, plus a warning when a year has no submissions at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kaohe.context import Context
from kaohe.phases.extract import EXTRACTION_VERSION
from storage.repo import extractions, versions

__all__ = ["STATUS_REASON", "FileProblem", "RunProblems", "run_problems"]


@dataclass(frozen=True)
class FileProblem:
    key: str
    reason: str


@dataclass
class RunProblems:
    year: int
    documents: int = 0
    rejected: list[FileProblem] = field(default_factory=list)
    unreadable: list[FileProblem] = field(default_factory=list)

    @property
    def warnings(self) -> list[str]:
        out = []
        if self.documents == 0:
            out.append(
                f"{self.year} 年度没有任何提交材料（存储中没有 {self.year}/单位代码/… 下的文件）"
            )
        return out


STATUS_REASON = {"no_text": "无文字层（扫描件或图片），未能识别文字", "pending": "尚未完成抽取"}


def run_problems(ctx: Context, year: int) -> RunProblems:
    """Rejected keys of this store (any year folder, or none) and unreadable documents of
    ``year``, each with its Chinese reason, in key order."""
    out = RunProblems(year)
    with ctx.session() as s:
        for ov in versions.rejected_versions(s):
            if ov.store == ctx.store.location and ov.year in (year, None):
                out.rejected.append(FileProblem(ov.key, ov.rejected_reason or ""))
        facts = extractions.unit_facts(
            s,
            year=year,
            units=ctx.units,
            extractor_version=EXTRACTION_VERSION,
            rules_hash=ctx.rules.hash,
            store=ctx.store.location,
            with_results=False,
        )
    for unit in facts:
        for doc in unit.documents:
            out.documents += 1
            if doc.status != "ok":
                reason = doc.error or STATUS_REASON.get(doc.status, doc.status)
                out.unreadable.append(FileProblem(doc.key, reason))
    out.unreadable.sort(key=lambda p: p.key)
    return out
