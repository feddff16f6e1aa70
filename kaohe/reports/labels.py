"""Every status and label text the faces print, in one place (CLI, reports, web).

Contract values (doc types, outcomes, result keys) have their Chinese labels in
:mod:`extractors.vocabulary`; this module holds the labels of kaohe's own states.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = [
    "KIND_ZH",
    "MODE_ZH",
    "PENDING",
    "PROVISIONAL",
    "SOURCE_ZH",
    "STATUS_ZH",
    "SUMMARY_TITLE",
    "points_zh",
    "source_zh",
]

KIND_ZH: Mapping[str, str] = MappingProxyType({"county": "县（区）", "department": "市直部门"})
SUMMARY_TITLE: Mapping[str, str] = MappingProxyType(
    {"county": "县区汇总", "department": "部门汇总"}
)
#: ``scores --json`` ``status`` values
STATUS_ZH: Mapping[str, str] = MappingProxyType(
    {"auto": "自动评分", "manual": "人工评分", "pending_manual": "待人工评分"}
)
PENDING = STATUS_ZH["pending_manual"]
#: a total while any indicator of the unit is still pending
PROVISIONAL = "暂定"
#: manual log entry modes
MODE_ZH: Mapping[str, str] = MappingProxyType({"score": "评分", "adjust": "调整", "revoke": "撤销"})
#: where a manual entry came from (the ``source`` prefix)
SOURCE_ZH: Mapping[str, str] = MappingProxyType(
    {"xlsx": "Excel", "cli": "命令行", "revoke": "命令行"}
)


def points_zh(points: float | None) -> str:
    """``4.0`` → ``4``; None (not scored yet) → 待人工评分."""
    return PENDING if points is None else f"{round(points, 2):g}"


def source_zh(source: str) -> str:
    """The Chinese name of a manual entry's origin (``xlsx:…`` → Excel)."""
    head = source.split(":", 1)[0]
    return SOURCE_ZH.get(head, source)
