"""Scoring: rubric files → rules → score drafts, from persisted extraction results only.

No database, object store or Prefect here: :func:`score_unit` takes a :class:`UnitFacts`
built by the storage layer and returns one :class:`ScoreDraft` per rubric indicator.
"""

from scoring.engine import apply_manual, score_unit
from scoring.model import DocumentFacts, EvidenceRef, Indicator, ScoreDraft, UnitFacts
from scoring.rubric import Rubric, load_rubric, load_rubrics, rubrics_hash
from scoring.rules import RULES, SCORING_VERSION

__all__ = [
    "RULES",
    "SCORING_VERSION",
    "DocumentFacts",
    "EvidenceRef",
    "Indicator",
    "Rubric",
    "ScoreDraft",
    "UnitFacts",
    "apply_manual",
    "load_rubric",
    "load_rubrics",
    "rubrics_hash",
    "score_unit",
]
