"""Small text helpers shared by the extractors."""

from __future__ import annotations

import re

__all__ = ["collapse_ws", "squeeze"]

_WS = re.compile(r"\s+")


def collapse_ws(text: str) -> str:
    """Collapse whitespace runs to one space and strip: the form every evidence quote takes.

    The contract allows whitespace to be collapsed in quotes, so a date split across two PDF
    lines ("2024年3\\n月5日") is quoted as "2024年3 月5日".
    """
    return _WS.sub(" ", text).strip()


def squeeze(text: str) -> str:
    """Remove all whitespace (for matching Chinese text that a PDF broke across lines)."""
    return _WS.sub("", text)
