"""``manual``: no automatic rule; the indicator waits for an assessor."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scoring.model import Indicator, ScoreDraft, UnitFacts
from scoring.rules.facts import make_draft
from scoring.rules.params import Params, RuleSpec

__all__ = ["SPEC"]


def _check_manual(raw: Mapping[str, Any], points: float) -> dict[str, Any]:
    p = Params(raw, ("reason",))
    return {"reason": p.string("reason", "本项暂无自动评分规则")}


def _apply_manual(ind: Indicator, facts: UnitFacts) -> ScoreDraft:
    return make_draft(ind, facts, None, "pending_manual", f"待人工评分：{ind.params['reason']}", ())


SPEC = RuleSpec("manual", _check_manual, _apply_manual, "待人工评分")
