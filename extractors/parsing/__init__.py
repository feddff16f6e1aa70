"""Bytes → :class:`~extractors.model.ParsedDocument`: format sniffing, limits, readers, OCR.

Every reader reports a problem as :class:`kaohe.errors.DocumentError` with a Chinese reason;
:func:`parse_bytes` turns those into an ``error`` document, never an exception.
"""

from extractors.parsing.dispatch import parse_bytes

__all__ = ["parse_bytes"]
