"""Values passed between persisted extractions, the rules and the score table.

Scoring reads only persisted extraction results: the storage layer turns database rows into
:class:`DocumentFacts`; rules turn them into :class:`ScoreDraft`; the storage layer persists the
drafts as an immutable score set.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = [
    "DocumentFacts",
    "EvidenceRef",
    "Indicator",
    "ScoreDraft",
    "ScoreStatus",
    "UnitFacts",
]

ScoreStatus = Literal["auto", "manual", "pending_manual"]


@dataclass(frozen=True, slots=True)
class DocumentFacts:
    """One current document version of a unit and its persisted extraction.

    ``elements`` and ``findings`` are exactly the contract JSON of ``kaohe extract --json``
    (``{"name": {"value", "evidence"}}`` and ``[{"code", "message", "evidence"}]``).
    """

    object_version_id: int
    key: str
    version_id: str | None
    etag: str
    sha256: str
    extraction_id: int | None
    status: str  # ok | no_text | error | pending
    error: str | None
    format: str
    doc_type: str | None
    elements: dict[str, Any] = field(default_factory=dict)
    findings: list[dict[str, Any]] = field(default_factory=list)
    #: the assessment year of the key's {year} folder
    year: int = 0


@dataclass(frozen=True, slots=True)
class UnitFacts:
    """Everything scoring may read about one unit for one assessment year."""

    unit_code: str
    unit_name: str
    kind: Literal["county", "department"]
    year: int
    documents: tuple[DocumentFacts, ...] = ()
    #: manual scores/adjustments in force (issue 3), newest last: dicts with
    #: indicator, mode ("score"|"adjust"), points, method, reason, author, created_at, id
    manual: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True, slots=True)
class EvidenceRef:
    """Why a score is what it is: one document element/finding used, or a recorded search.

    Exactly one of (``extraction_id`` with ``object_version_id``) or ``searched`` is set.
    """

    note: str  # Chinese: what this piece shows, e.g. "答复超期：用时23个工作日"
    object_version_id: int | None = None
    extraction_id: int | None = None
    element: str | None = None
    finding_code: str | None = None
    quote: str | None = None
    page: int | None = None
    paragraph: int | None = None
    #: for a missing item: what was searched, e.g. {"doc_types": [...], "prefix": "2024/jixian/",
    #: "documents_examined": 12, "criteria": "..."}
    searched: dict[str, Any] | None = None
    #: points this piece adds (+) or deducts (-), when it does
    points: float | None = None


@dataclass(frozen=True, slots=True)
class ScoreDraft:
    """One unit × indicator score computed by a rule (not yet persisted)."""

    unit_code: str
    indicator: str
    indicator_name: str
    points: float | None
    max_points: float
    status: ScoreStatus
    rule: str
    #: Chinese explanation, naming any part of the indicator the rule does not cover
    explanation: str
    evidence: tuple[EvidenceRef, ...] = ()
    #: the automatic verdict when a manual score decides (issue 3)
    auto_points: float | None = None


@dataclass(frozen=True)
class Indicator:
    """One rubric line. ``params`` are the rule's params, validated and with defaults filled."""

    code: str
    name: str
    group: str
    points: float
    rule: str
    params: Mapping[str, Any]
    #: set on the sub-indicator a ``parts`` rule scores one part of an indicator with: its
    #: ``name`` is then the part's label and ``points`` the part's points
    part: bool = False
