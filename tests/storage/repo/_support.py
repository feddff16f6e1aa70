"""Constants and helpers shared by the repository tests."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kaohe.demo.docgen import DocSpec
from kaohe.units import Unit
from storage.layout import KeyInfo, parse_key
from storage.models import ObjectVersion
from storage.objectstore import ObjectInfo
from storage.repo import versions

STORE = "s3://kaohe/提交材料"
UNITS = [
    Unit("jixian", "集贤县人民政府", "county"),
    Unit("youyi-zrzy", "友谊县自然资源局", "department"),
    Unit("raohe", "饶河县人民政府", "county"),
]
CODES = {u.code for u in UNITS}
T0 = datetime(2024, 4, 2, 8, 30, tzinfo=UTC)

REPLY = DocSpec(
    items=[
        "政府信息公开申请答复书",
        "集自然资信复〔2024〕7号",
        "王某某：",
        "本机关于2024年3月5日收到您提出的政府信息公开申请，申请获取2023年集贤县土地征收补偿方案。",
        "经查，您申请公开的政府信息不存在。根据《中华人民共和国政府信息公开条例》"
        "第三十六条第（四）项的规定，特此告知。",
        "如对本答复不服，可以自收到本答复书之日起60日内向集贤县人民政府申请行政复议，"
        "或者在6个月内依法向人民法院提起行政诉讼。",
        "集贤县自然资源局",
        "2024年4月2日",
    ],
    right_aligned=frozenset({6, 7}),
)


def info(key: str, data: bytes = b"x", version_id: str | None = None) -> ObjectInfo:
    return ObjectInfo(
        key=key,
        size=len(data),
        etag=hashlib.md5(data, usedforsecurity=False).hexdigest(),
        last_modified=T0,
        version_id=version_id,
    )


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def register(
    s: Session,
    run_id: str,
    key: str,
    data: bytes = b"x",
    version_id: str | None = None,
    units: set[str] = CODES,
) -> tuple[ObjectVersion, bool]:
    ki = parse_key(key, units)
    assert ki is not None
    accepted = isinstance(ki, KeyInfo)
    return versions.register_version(
        s,
        store=STORE,
        info=info(key, data, version_id),
        key_info=ki,
        sha256=sha(data) if accepted else None,
        fmt="docx" if accepted else None,
        run_id=run_id,
    )


def count(s: Session, model: type[Any]) -> int:
    return int(s.scalar(select(func.count()).select_from(model)) or 0)


def contract(**over: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "source": "x",
        "sha256": None,
        "format": "docx",
        "status": "ok",
        "error": None,
        "doc_type": "other",
        "elements": {},
        "findings": [],
    }
    return {**base, **over}
