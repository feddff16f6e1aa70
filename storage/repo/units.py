"""The units table: kept in step with the units file."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from kaohe.units import Unit
from storage.models import UnitRow
from storage.repo._sql import insert_ignore

__all__ = ["sync_units"]


def sync_units(s: Session, units: Sequence[Unit]) -> None:
    """Insert new units and update changed names/kinds; units no longer listed are kept."""
    existing = {u.code: u for u in s.scalars(select(UnitRow))}
    for unit in units:
        row = existing.get(unit.code)
        if row is None:
            insert_ignore(
                s, UnitRow, {"code": unit.code, "name": unit.name, "kind": unit.kind}, ["code"]
            )
        elif (row.name, row.kind) != (unit.name, unit.kind):
            row.name, row.kind = unit.name, unit.kind
    s.flush()
