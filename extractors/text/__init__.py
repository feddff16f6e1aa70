"""Text helpers every extractor shares: whitespace, dates, the work-day calendar, citations."""

from extractors.text.normalize import collapse_ws, squeeze

__all__ = ["collapse_ws", "squeeze"]
