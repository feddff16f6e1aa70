"""The units table kept in step with the units file."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from kaohe.units import Unit
from storage.models import (
    UnitRow,
)
from storage.repo import units
from tests.storage.repo._support import (
    UNITS,
    count,
)


def test_sync_units_inserts_updates_and_keeps(s: Session) -> None:
    units.sync_units(s, UNITS)
    units.sync_units(s, UNITS)
    s.commit()
    assert count(s, UnitRow) == 3
    units.sync_units(s, [Unit("jixian", "集贤县政府", "county")])
    s.commit()
    rows = {u.code: (u.name, u.kind) for u in s.scalars(select(UnitRow))}
    assert rows == {
        "jixian": ("集贤县政府", "county"),
        "youyi-zrzy": ("友谊县自然资源局", "department"),
        "raohe": ("饶河县人民政府", "county"),
    }
