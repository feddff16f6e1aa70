"""The manual-score log's semantics (第六条), pure: which entries are in force, and why not.

The log is append-only. ``score`` entries replace an indicator's automatic points, ``adjust``
entries add to them, and a ``revoke`` entry cancels the entry its ``source`` names
(``revoke:<target id>:<uuid>``). What is in force is always computed from the whole log.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

__all__ = [
    "REVOKE_PREFIX",
    "ManualRecord",
    "ManualState",
    "in_force",
    "manual_states",
    "revoke_target",
]

#: ``source`` prefix of a revocation: ``revoke:<target id>:<uuid hex>``
REVOKE_PREFIX = "revoke:"


@dataclass(frozen=True, slots=True)
class ManualRecord:
    """One entry of the manual log, as recorded."""

    id: int
    year: int
    unit_code: str
    indicator: str
    mode: str  # score | adjust | revoke
    points: float
    method: str | None
    reason: str
    author: str
    created_at: datetime
    source: str


@dataclass(frozen=True, slots=True)
class ManualState:
    """What the log says of one entry: in force, or why not (the entry that ended it)."""

    in_force: bool
    revoked_by: int | None = None
    superseded_by: int | None = None


def revoke_target(entry: ManualRecord) -> int | None:
    """The id a ``revoke`` entry cancels (from its ``source``), else None."""
    if entry.mode != "revoke" or not entry.source.startswith(REVOKE_PREFIX):
        return None
    head = entry.source[len(REVOKE_PREFIX) :].split(":", 1)[0]
    return int(head) if head.isdigit() else None


def manual_states(log: Sequence[ManualRecord]) -> dict[int, ManualState]:
    """The state of every entry of ``log`` (oldest first).

    A revocation is never in force itself; revoking a revocation has no effect. Entries of a
    unit × indicator before its newest unrevoked ``score`` are superseded by that score.
    """
    by_id = {m.id: m for m in log}
    revoked_by: dict[int, int] = {}
    for m in log:
        target = revoke_target(m)
        if target is not None and target in by_id and by_id[target].mode != "revoke":
            revoked_by.setdefault(target, m.id)
    live: dict[tuple[int, str, str], list[ManualRecord]] = {}
    for m in log:
        if m.mode in ("score", "adjust") and m.id not in revoked_by:
            live.setdefault((m.year, m.unit_code, m.indicator), []).append(m)
    superseded_by: dict[int, int] = {}
    for entries in live.values():
        last = max((i for i, m in enumerate(entries) if m.mode == "score"), default=None)
        if last is not None:
            for m in entries[:last]:
                superseded_by[m.id] = entries[last].id
    states = {}
    for m in log:
        if m.id in revoked_by:
            states[m.id] = ManualState(False, revoked_by=revoked_by[m.id])
        elif m.id in superseded_by:
            states[m.id] = ManualState(False, superseded_by=superseded_by[m.id])
        else:
            states[m.id] = ManualState(m.mode in ("score", "adjust"))
    return states


def in_force(log: Sequence[ManualRecord]) -> list[ManualRecord]:
    """The entries of ``log`` in force, in log order."""
    states = manual_states(log)
    return [m for m in log if states[m.id].in_force]
