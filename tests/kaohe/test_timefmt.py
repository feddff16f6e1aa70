"""Times shown to people are Beijing time, whatever form the stored value has."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from kaohe.views.timefmt import beijing_text


def test_utc_naive_iso_and_other_zones_read_as_beijing() -> None:
    assert beijing_text(datetime(2024, 3, 5, 16, 30, tzinfo=UTC)) == "2024-03-06 00:30:00"
    assert beijing_text(datetime(2024, 3, 5, 16, 30)) == "2024-03-06 00:30:00"  # naive is UTC
    assert beijing_text("2024-03-05T16:30:00Z") == "2024-03-06 00:30:00"  # the contract's form
    tokyo = timezone(timedelta(hours=9))
    assert beijing_text(datetime(2024, 3, 6, 1, 30, tzinfo=tokyo), "%H:%M") == "00:30"
    assert beijing_text(None) == "" and beijing_text("not a time") == ""
