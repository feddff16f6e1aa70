"""Contract-shaped extraction results (as ``kaohe extract --json`` prints them) for tests."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from scoring.model import DocumentFacts, UnitFacts

__all__ = ["CONFIG", "doc", "el", "ev", "finding", "minutes", "reply", "training", "unit"]

CONFIG = Path(__file__).resolve().parents[2] / "config"

_ids = iter(range(1, 10_000))


def ev(quote: str, paragraph: int | None = None, page: int | None = None) -> dict[str, Any]:
    return {"page": page, "paragraph": paragraph, "quote": quote}


def el(value: Any, *evidence: dict[str, Any]) -> dict[str, Any]:
    return {"value": value, "evidence": list(evidence)}


def finding(code: str, message: str, *evidence: dict[str, Any]) -> dict[str, Any]:
    return {"code": code, "message": message, "evidence": list(evidence)}


def doc(
    key: str,
    doc_type: str | None,
    elements: dict[str, Any] | None = None,
    findings: list[dict[str, Any]] | None = None,
    *,
    status: str = "ok",
    error: str | None = None,
    sha256: str | None = None,
) -> DocumentFacts:
    n = next(_ids)
    fmt = key.rsplit(".", 1)[-1] if "." in key else "unknown"
    return DocumentFacts(
        object_version_id=n,
        key=key,
        version_id=f"v{n}",
        etag=f"etag{n}",
        sha256=sha256 or hashlib.sha256(key.encode()).hexdigest(),
        extraction_id=None if status == "pending" else 1000 + n,
        status=status,
        error=error,
        format=fmt,
        doc_type=doc_type,
        elements=elements or {},
        findings=findings or [],
        year=int(key.split("/", 1)[0]),
    )


def reply(
    key: str,
    findings: list[dict[str, Any]],
    *,
    number: str = "集自然资信复〔2024〕7号",
    reply_date: str = "2024-04-02",
    sha256: str | None = None,
) -> DocumentFacts:
    y, m, d = (int(x) for x in reply_date.split("-"))
    return doc(
        key,
        "reply_letter",
        {
            "issuer": el("集贤县自然资源局", ev("集贤县自然资源局", 14)),
            "document_number": el(number, ev(number, 3)),
            "reply_date": el(reply_date, ev(f"{y}年{m}月{d}日", 15)),
            "remedy.reconsideration": el(
                True, ev("可以自收到本答复书之日起60日内向集贤县人民政府申请行政复议", 10)
            ),
            "remedy.litigation": el(True, ev("在6个月内依法向人民法院提起行政诉讼", 10)),
        },
        findings,
        sha256=sha256,
    )


def minutes(
    key: str, meeting_date: str | None, date_quote: str, discusses: bool, topic_quote: str | None
) -> DocumentFacts:
    elements = {
        "chair": el("常东旭", ev("县长常东旭主持召开县政府常务会议", 2)),
        "discusses_disclosure": el(discusses, *([ev(topic_quote, 5)] if topic_quote else [])),
    }
    if meeting_date is not None:
        elements["meeting_date"] = el(meeting_date, ev(date_quote, 2))
    return doc(key, "meeting_minutes", elements)


def training(
    key: str,
    training_date: str,
    date_quote: str,
    covers: bool,
    content_quote: str,
    participants: int | None = None,
    participants_quote: str | None = None,
) -> DocumentFacts:
    elements = {
        "training_date": el(training_date, ev(date_quote, page=1)),
        "covers_disclosure": el(covers, ev(content_quote, page=1)),
    }
    if participants is not None:
        elements["participant_count"] = el(participants, ev(participants_quote or "", page=1))
    return doc(key, "training_record", elements)


def unit(
    kind: str = "county",
    documents: tuple[DocumentFacts, ...] = (),
    manual: tuple[dict[str, Any], ...] = (),
    *,
    code: str | None = None,
) -> UnitFacts:
    code = code or ("jixian" if kind == "county" else "zrzyj")
    name = "集贤县人民政府" if kind == "county" else "双鸭山市自然资源局"
    return UnitFacts(
        unit_code=code,
        unit_name=name,
        kind=kind,  # type: ignore[arg-type]
        year=2024,
        documents=documents,
        manual=manual,
    )
