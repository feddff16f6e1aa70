"""Manual scores and adjustments over the rules (UnitFacts.manual, newest last)."""

from __future__ import annotations

from typing import Any

import pytest

from kaohe.errors import ConfigError
from scoring.engine import score_unit
from scoring.model import ScoreDraft, UnitFacts
from scoring.rubric import load_rubrics
from tests.scoring._scoring_facts import CONFIG, ev, finding, minutes, reply, unit

RUBRICS = load_rubrics(CONFIG)

MINUTES = minutes(
    "2024/jixian/纪要/第5次常务会议纪要.docx",
    "2024-03-15",
    "2024年3月15日",
    True,
    "会议听取了县政务公开办关于2024年政务公开工作要点的汇报",
)
LATE = finding("late_reply", "答复超过法定期限（用时23个工作日）", ev("2024年4月8日", 15))
LETTER = reply("2024/jixian/依申请公开/答复书-07.docx", [LATE])


def manual(indicator: str, mode: str, points: Any, n: int, **kw: Any) -> dict[str, Any]:
    return {
        "indicator": indicator,
        "mode": mode,
        "points": points,
        "id": n,
        "method": kw.get("method", "查阅资料"),
        "reason": kw.get("reason", "核查材料"),
        "author": kw.get("author", "李明"),
        "created_at": kw.get("created_at", f"2025-01-0{n}T10:00:00"),
    }


def draft(facts: UnitFacts, code: str) -> ScoreDraft:
    return next(d for d in score_unit(facts, RUBRICS[facts.kind]) if d.indicator == code)


def test_adjust_adds_to_the_automatic_points() -> None:
    m = manual(
        "1.1.1",
        "adjust",
        3,
        1,
        method="查阅资料",
        reason="县长批示2份、经费纳入预算",
        author="李明",
    )
    d = draft(unit("county", (MINUTES,), (m,)), "1.1.1")
    assert (d.points, d.status, d.auto_points, d.max_points) == (7, "manual", 4, 8)
    assert d.explanation.startswith(
        "人工调整+3分（方式：查阅资料；理由：县长批示2份、经费纳入预算；评分人：李明；记录时间：2025-01-01T10:00:00），"
        "最终得7分。自动评分：4分。自动评分说明：【专题会议研究政务公开工作，4分】找到1份2024年度"
    )
    assert d.evidence[-1].note == (
        "人工调整：+3分（方式：查阅资料；理由：县长批示2份、经费纳入预算；评分人：李明；记录时间：2025-01-01T10:00:00）"
    )
    assert d.evidence[-1].points == 3
    assert d.evidence[0].points == 4  # the automatic evidence stays


def test_score_replaces_and_supersedes_earlier_records() -> None:
    entries = (
        manual("1.4.3", "adjust", 1, 1),
        manual(
            "1.4.3",
            "score",
            9,
            2,
            method="实地检查",
            reason="答复书-07延期已告知申请人",
            author="王芳",
        ),
        manual("1.4.3", "adjust", -0.5, 3, reason="答复书格式不规范"),
    )
    d = draft(unit("county", (LETTER,), entries), "1.4.3")
    assert (d.points, d.status, d.auto_points) == (8.5, "manual", 8)
    notes = [(e.note, e.points) for e in d.evidence]
    assert notes[-3:] == [
        (
            "人工调整+1分（方式：查阅资料；理由：核查材料；评分人：李明；记录时间：2025-01-01T10:00:00）：已被之后的人工评分取代",
            None,
        ),
        (
            "人工评分：9分（方式：实地检查；理由：答复书-07延期已告知申请人；评分人：王芳；记录时间：2025-01-02T10:00:00）",
            9,
        ),
        (
            "人工调整：-0.5分（方式：查阅资料；理由：答复书格式不规范；评分人：李明；记录时间：2025-01-03T10:00:00）",
            -0.5,
        ),
    ]
    assert "最终得8.5分。自动评分：8分。" in d.explanation


def test_newest_score_wins() -> None:
    entries = (manual("1.2.2", "score", 6, 1), manual("1.2.2", "score", 9.5, 2))
    d = draft(unit("county", (), entries), "1.2.2")
    assert (d.points, d.status, d.auto_points) == (9.5, "manual", None)
    assert (
        "自动评分：待人工评分。自动评分说明：本项待人工评分：政府信息公开专栏栏目" in d.explanation
    )


def test_adjust_without_a_base_stays_pending() -> None:
    d = draft(unit("county", (), (manual("1.2.2", "adjust", 2, 1),)), "1.2.2")
    assert (d.points, d.status) == (None, "pending_manual")
    assert (
        "但本项尚无可调整的分数（自动评分：待人工评分），请先录入人工评分（mode=score）"
        in d.explanation
    )
    assert d.evidence[-1].points == 2


def test_result_is_clamped_to_the_indicator_range() -> None:
    d = draft(unit("county", (LETTER,), (manual("1.4.3", "adjust", 5, 1),)), "1.4.3")
    assert d.points == 10
    assert "（计算值13分超出0–10分范围，按10分计）" in d.explanation
    d = draft(unit("county", (LETTER,), (manual("1.4.3", "score", -2, 1),)), "1.4.3")
    assert d.points == 0


def test_invalid_record_is_listed_and_ignored() -> None:
    d = draft(unit("county", (LETTER,), (manual("1.4.3", "replace", 5, 7),)), "1.4.3")
    assert (d.points, d.status) == (8, "auto")
    assert d.evidence[-1].note.startswith("无效的人工评分记录（编号7），已忽略")


def test_records_apply_only_to_their_indicator() -> None:
    drafts = score_unit(
        unit("county", (MINUTES,), (manual("1.1.1", "score", 8, 1),)), RUBRICS["county"]
    )
    assert [d.status for d in drafts if d.status == "manual"] == ["manual"]
    assert {d.indicator: d.points for d in drafts}["1.1.1"] == 8


def test_kind_mismatch_is_refused() -> None:
    with pytest.raises(ConfigError, match="单位 zrzyj 的类型为 department"):
        score_unit(unit("department"), RUBRICS["county"])
