"""Times as people here read them: Beijing time (the database keeps UTC)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

__all__ = ["BEIJING", "beijing_text"]

BEIJING = ZoneInfo("Asia/Shanghai")


def beijing_text(moment: datetime | str | None, fmt: str = "%Y-%m-%d %H:%M:%S") -> str:
    """``moment`` in Beijing time as ``fmt``: a datetime (naive means UTC) or an ISO string
    (``…Z`` as the contract writes fetch times); None or an unreadable string gives ``""``."""
    if isinstance(moment, str):
        try:
            moment = datetime.fromisoformat(moment)
        except ValueError:
            return ""
    if moment is None:
        return ""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(BEIJING).strftime(fmt)
