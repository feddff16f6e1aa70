"""What a rule sees of one unit: its documents deduplicated by content, readable or not."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from extractors.vocabulary import DOC_TYPE_ZH
from scoring.model import DocumentFacts, EvidenceRef, Indicator, ScoreDraft, ScoreStatus, UnitFacts
from scoring.rules.facts import doc_name, end_sentence, make_draft, ref_to

__all__ = ["Survey", "absent_draft", "unreadable_reason"]

_UNREADABLE_REASON = {
    "no_text": "无文字层（扫描件或图片），未能识别文字",
    "pending": "尚未完成抽取",
}


@dataclass
class Survey:
    """One unit's documents as a rule sees them (deduplicated by content)."""

    facts: UnitFacts
    params: Mapping[str, Any]
    readable: list[DocumentFacts] = field(default_factory=list)
    unreadable: list[DocumentFacts] = field(default_factory=list)

    @classmethod
    def of(cls, facts: UnitFacts, params: Mapping[str, Any]) -> Survey:
        s = cls(facts, params)
        seen: set[str] = set()
        for doc in sorted(facts.documents, key=lambda d: d.key):
            if doc.sha256 and doc.sha256 in seen:
                continue  # the same bytes under a second key are one document
            if doc.sha256:
                seen.add(doc.sha256)
            (s.readable if doc.status == "ok" else s.unreadable).append(doc)
        return s

    @property
    def doc_types(self) -> list[str]:
        return list(self.params["doc_types"])

    def _hinted(self, doc: DocumentFacts) -> bool:
        # the file name only: a folder such as 依申请公开/ also holds 申请表 and the like
        return any(h in doc_name(doc) for h in self.params["key_hints"])

    def candidates(self) -> list[DocumentFacts]:
        return [d for d in self.readable if d.doc_type in self.doc_types]

    def unreadable_candidates(self) -> list[DocumentFacts]:
        """Unreadable documents that may be this indicator's material (type or file name)."""
        return [
            d
            for d in self.unreadable
            if d.doc_type in self.doc_types or (d.doc_type in (None, "other") and self._hinted(d))
        ]

    def unrecognised(self) -> list[DocumentFacts]:
        """Readable documents typed ``other`` whose file name suggests this material."""
        return [d for d in self.readable if d.doc_type == "other" and self._hinted(d)]

    def searched(self, note: str, criteria: str) -> EvidenceRef:
        f = self.facts
        return EvidenceRef(
            note=note,
            searched={
                "prefix": f"{f.year}/{f.unit_code}/",
                "doc_types": self.doc_types,
                "documents_examined": len(self.readable) + len(self.unreadable),
                "documents_of_type": len(self.candidates()),
                "unreadable": [d.key for d in self.unreadable],
                "criteria": criteria,
            },
        )

    def side_refs(self) -> list[EvidenceRef]:
        """Refs for the documents this indicator could not use."""
        refs = []
        for d in self.unreadable_candidates():
            if d.extraction_id is not None:
                refs.append(ref_to(d, f"{doc_name(d)}：{unreadable_reason(d)}，无法读取，未计分"))
        for d in self.unrecognised():
            refs.append(
                ref_to(
                    d, f"{doc_name(d)}：文件名显示可能为本项材料，但未识别为{self.label()}，未计分"
                )
            )
        return refs

    def side_notes(self) -> str:
        """Explanation sentences for unreadable and unrecognised documents ('' if none)."""
        out = []
        if self.unreadable:
            cands = self.unreadable_candidates()
            s = f"本单位另有{len(self.unreadable)}份文件无法读取或尚未抽取"
            if cands:
                names = "、".join(f"{doc_name(d)}（{unreadable_reason(d)}）" for d in cands)
                s += f"，其中{len(cands)}份按文件名或类型判断可能为本项材料，未计分：{names}"
            out.append(s + "。")
        if unrec := self.unrecognised():
            names = "、".join(doc_name(d) for d in unrec)
            out.append(
                f"另有{len(unrec)}份文件名显示可能为本项材料但未识别为{self.label()}，未计分：{names}。"
            )
        return "".join(out)

    def label(self) -> str:
        return "、".join(DOC_TYPE_ZH.get(t, t) for t in self.doc_types)


def unreadable_reason(doc: DocumentFacts) -> str:
    if doc.status == "error":
        return f"读取失败：{doc.error}" if doc.error else "读取失败"
    return _UNREADABLE_REASON.get(doc.status, f"状态 {doc.status}")


def absent_draft(
    ind: Indicator,
    facts: UnitFacts,
    survey: Survey,
    criteria: str,
    listed: Sequence[EvidenceRef],
) -> ScoreDraft:
    """The rubric's ``absent`` verdict, with what was searched and what could not be used."""
    absent = ind.params["absent"]
    cands = survey.unreadable_candidates()
    text = absent["explanation"]
    status: ScoreStatus = absent["status"]
    points: float | None = absent.get("points") if status == "auto" else None
    if status == "auto" and cands:
        # an auto zero would be a silent verdict on a file nobody could read
        status, points = "pending_manual", None
        text += "（有可能相关的文件无法读取，改为待人工评分）"
    elif status == "auto" and ind.params["not_covered"]:
        text = end_sentence(text) + f"另：{ind.params['not_covered']}。"
    if listed:
        text = end_sentence(text) + f"已审查但不符合条件的材料{len(listed)}项，见依据明细。"
    if notes := survey.side_notes():
        text = end_sentence(text) + notes
    searched = survey.searched(f"未找到符合条件的{survey.label()}：{criteria}", criteria)
    return make_draft(ind, facts, points, status, text, [*listed, *survey.side_refs(), searched])


# ----------------------------------------------------------------------- the rules
