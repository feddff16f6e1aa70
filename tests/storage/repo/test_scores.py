"""Runs and immutable, content-addressed score sets."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, replace

import pytest
from sqlalchemy.orm import Session

from scoring.model import EvidenceRef, ScoreDraft
from storage.models import (
    Run,
    Score,
    ScoreEvidence,
    ScoreSet,
)
from storage.repo import extractions, runs, scores
from tests.storage.repo._support import (
    contract,
    count,
    register,
    sha,
)


def _drafts(points: float = 6.5) -> list[ScoreDraft]:
    return [
        ScoreDraft(
            unit_code="jixian",
            indicator="1.4.3",
            indicator_name="答复规范化情况",
            points=points,
            max_points=10,
            status="auto",
            rule="reply_quality",
            explanation="抽查答复书3份，1份超期",
            evidence=(
                EvidenceRef(
                    note="答复超期：用时23个工作日",
                    object_version_id=None,
                    finding_code="late_reply",
                    quote="2024年4月2日",
                    paragraph=15,
                    points=-1.5,
                ),
                EvidenceRef(
                    note="未找到政务公开工作要点",
                    searched={
                        "doc_types": ["work_plan"],
                        "prefix": "2024/jixian/",
                        "documents_examined": 12,
                    },
                ),
            ),
        ),
        ScoreDraft(
            unit_code="jixian",
            indicator="1.5",
            indicator_name="监督保障",
            points=None,
            max_points=5,
            status="pending_manual",
            rule="manual",
            explanation="待人工评分",
        ),
    ]


def _save(
    s: Session, run_id: str, drafts: list[ScoreDraft], rules_hash: str = "h1"
) -> tuple[int, bool]:
    return scores.save_score_set(
        s,
        year=2024,
        run_id=run_id,
        rules_hash=rules_hash,
        extraction_rules_hash="e1",
        extractor_version="1",
        drafts=drafts,
    )


def test_save_score_set_is_content_addressed(s: Session, run_id: str) -> None:
    first = _save(s, run_id, _drafts())
    other_run = runs.start_run(s, kind="score", year=2024)
    same = _save(s, other_run, list(reversed(_drafts())))  # order does not matter
    changed = _save(s, other_run, _drafts(points=7))
    rehashed = _save(s, other_run, _drafts(), rules_hash="h2")
    s.commit()
    assert first[1] and not same[1] and same[0] == first[0]
    assert changed[1] and rehashed[1] and len({first[0], changed[0], rehashed[0]}) == 3
    assert count(s, ScoreSet) == 3 and count(s, Score) == 6

    rows = scores.scores_of_set(s, first[0])
    assert [(x.indicator, x.points, x.status, x.auto_points) for x in rows] == [
        ("1.4.3", 6.5, "auto", None),
        ("1.5", None, "pending_manual", None),
    ]
    ev = scores.score_evidence(s, rows[0].id)
    assert [(e.seq, e.note, e.finding_code, e.quote, e.paragraph, e.points) for e in ev] == [
        (1, "答复超期：用时23个工作日", "late_reply", "2024年4月2日", 15, -1.5),
        (2, "未找到政务公开工作要点", None, None, None, None),
    ]
    assert ev[1].searched == {
        "doc_types": ["work_plan"],
        "prefix": "2024/jixian/",
        "documents_examined": 12,
    }
    assert scores.score_evidence(s, rows[1].id) == []
    empty = _save(s, run_id, [])
    assert empty[1] and scores.scores_of_set(s, empty[0]) == []


def test_score_digest_is_the_canonical_json_of_the_drafts() -> None:
    """The digest stored score sets are compared by: sha256 of the canonical JSON of the
    drafts as ``dataclasses.asdict`` gives them (so a stored set stays recognised)."""
    drafts = _drafts()
    payload = {
        "year": 2024,
        "rules_hash": "h1",
        "extraction_rules_hash": "e1",
        "extractor_version": "1",
        "drafts": sorted(
            (asdict(d) for d in drafts), key=lambda d: (d["unit_code"], d["indicator"])
        ),
    }
    canonical = json.dumps(
        payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )
    digest = scores.score_digest(
        year=2024,
        rules_hash="h1",
        extraction_rules_hash="e1",
        extractor_version="1",
        drafts=list(reversed(drafts)),
    )
    assert digest == hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def test_score_evidence_links_versions_and_extractions(s: Session, run_id: str) -> None:
    ov, _ = register(s, run_id, "2024/jixian/a.docx", b"a")
    ex_id = extractions.save_extraction(
        s,
        sha256=sha(b"a"),
        extractor_version="1",
        rules_hash="r",
        contract=contract(),
        run_id=run_id,
    )
    d = _drafts()[0]
    linked = replace(
        d,
        evidence=(
            replace(
                d.evidence[0], object_version_id=ov.id, extraction_id=ex_id, element="reply_date"
            ),
        ),
    )
    set_id, _ = _save(s, run_id, [linked])
    s.commit()
    [score] = scores.scores_of_set(s, set_id)
    [ev] = scores.score_evidence(s, score.id)
    assert (ev.object_version_id, ev.extraction_id, ev.element) == (ov.id, ex_id, "reply_date")
    assert count(s, ScoreEvidence) == 1


def test_runs_and_latest_score_set(s: Session) -> None:
    assert scores.latest_score_set(s, 2024) is None
    r1 = runs.start_run(
        s, kind="score", year=2024, rules_hash="h1", extractor_version="1", flow_run_id="0f1e"
    )
    set1, _ = _save(s, r1, _drafts())
    runs.finish_run(s, r1, status="completed", counts={"scores": 2}, score_set_id=set1)
    s.commit()
    latest = scores.latest_score_set(s, 2024)
    assert latest is not None and latest.id == set1 and latest.run_id == r1

    r2 = runs.start_run(s, kind="pipeline", year=2024)
    set2, _ = _save(s, r2, _drafts(points=9))
    runs.finish_run(s, r2, status="failed", counts={}, score_set_id=set2, error="中断")
    r3 = runs.start_run(s, kind="ingest", year=2024)
    runs.finish_run(s, r3, status="completed", counts={"listed": 3})  # no score set
    s.commit()
    latest = scores.latest_score_set(s, 2024)
    assert latest is not None and latest.id == set1  # failed and set-less runs do not count

    r4 = runs.start_run(s, kind="rerun", year=2024)
    same, created = _save(s, r4, _drafts())
    runs.finish_run(s, r4, status="completed", counts={}, score_set_id=same)
    r5 = runs.start_run(s, kind="score", year=2024)
    set5, _ = _save(s, r5, _drafts(points=4))
    runs.finish_run(s, r5, status="completed", counts={}, score_set_id=set5)
    s.commit()
    latest = scores.latest_score_set(s, 2024)
    assert not created and same == set1
    assert latest is not None and latest.id == set5
    assert scores.latest_score_set(s, 2023) is None

    run = s.get(Run, r1)
    assert run is not None
    assert (run.kind, run.status, run.counts, run.flow_run_id, run.rules_hash) == (
        "score",
        "completed",
        {"scores": 2},
        "0f1e",
        "h1",
    )
    assert run.finished_at is not None and run.finished_at >= run.started_at
    with pytest.raises(ValueError):
        runs.start_run(s, kind="dance", year=2024)
    with pytest.raises(ValueError):
        runs.finish_run(s, r1, status="running", counts={})
