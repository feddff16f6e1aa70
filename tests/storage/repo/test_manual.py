"""The manual-score log rows (semantics are tested in tests/scoring)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session

from storage.repo import manual


def test_manual_score_source_is_idempotent(s: Session) -> None:
    args: dict[str, Any] = {
        "year": 2024,
        "unit_code": "raohe",
        "indicator": "1.1",
        "mode": "adjust",
        "points": -0.5,
        "reason": "表格导入",
        "author": "王五",
    }
    first = manual.add_manual_score(s, **args, source="xlsx:" + "a" * 64 + ":3")
    second = manual.add_manual_score(s, **args, source="xlsx:" + "a" * 64 + ":3")
    cli1 = manual.add_manual_score(s, **args)
    cli2 = manual.add_manual_score(s, **args)
    s.commit()
    assert first[1] and not second[1] and first[0] == second[0]
    assert cli1[1] and cli2[1] and cli1[0] != cli2[0]
    assert len(manual.manual_in_force(s, 2024, "raohe")) == 3
    with pytest.raises(ValueError):
        manual.add_manual_score(s, **{**args, "mode": "bonus"})
