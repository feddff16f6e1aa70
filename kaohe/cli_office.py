"""Office commands: manual scores and overrides, reports (issue 3). Registered on kaohe.cli.app."""

from __future__ import annotations

__all__: list[str] = []
