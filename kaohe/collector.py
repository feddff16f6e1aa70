"""Pausing Python's cycle collector around allocation-heavy work that makes no cycles."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cycle collector off inside the block, restored to how it was after. For work that
    allocates many long-lived or acyclic objects (imports, decoded JSON), whose passes over
    the growing heap cost more than the work (measured, issue 9)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
