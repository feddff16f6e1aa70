"""Times as people here read them: Beijing time (the database keeps UTC)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

__all__ = ["BEIJING", "beijing_text"]

BEIJING = ZoneInfo("Asia/Shanghai")


def beijing_text(moment: datetime | None) -> str:
    """``YYYY-MM-DD HH:MM:SS`` in Beijing time; a naive value is UTC; None is ``""``."""
    if moment is None:
        return ""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S")
