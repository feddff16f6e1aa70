"""A quote shown where it stands: the docx paragraph among its neighbours, or the PDF page
rendered as an image with the quote's box highlighted (pypdfium2)."""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass
from typing import Any

from extractors.parsing.dispatch import PARSER_VERSION
from kaohe.context import Context
from storage.repo import extractions

__all__ = ["ContextBlock", "find_boxes", "paragraph_context", "quote_box", "render_page"]

#: blocks shown before and after the quoted one
AROUND = 2
#: pdfium is not thread-safe (concurrent renders crash the process, seen under uvicorn)
_PDFIUM = threading.Lock()


@dataclass(frozen=True)
class ContextBlock:
    """One block of text; on the quoted block ``before``/``quote``/``after`` split the text."""

    text: str
    target: bool = False
    before: str = ""
    quote: str = ""
    after: str = ""


def _blocks(ctx: Context, sha256: str) -> list[list[Any]]:
    with ctx.session() as s:
        parsed = extractions.get_parsed(s, sha256, PARSER_VERSION)
    return list((parsed or {}).get("blocks") or [])


def paragraph_context(
    ctx: Context, sha256: str, paragraph: int | None, quote: str | None
) -> list[ContextBlock]:
    """The quoted block (1-based ``paragraph``) with :data:`AROUND` blocks either side; the
    quote split out for highlighting. Empty when the document's text is not cached."""
    blocks = _blocks(ctx, sha256)
    if not blocks:
        return []
    idx = None
    if paragraph is not None and 1 <= paragraph <= len(blocks):
        idx = paragraph - 1
    if idx is None or (quote and quote not in blocks[idx][0]):
        idx = next((i for i, b in enumerate(blocks) if quote and quote in b[0]), idx)
    if idx is None:
        return []
    out = []
    for i in range(max(0, idx - AROUND), min(len(blocks), idx + AROUND + 1)):
        text = str(blocks[i][0])
        if i == idx and quote and quote in text:
            a, _, b = text.partition(quote)
            out.append(ContextBlock(text, True, a, quote, b))
        else:
            out.append(ContextBlock(text, i == idx))
    return out


def quote_box(document: dict[str, Any] | None, quote: str, page: int) -> list[list[float]]:
    """Boxes the extraction recorded for ``quote`` on ``page`` (top-left origin, points)."""
    if not document:
        return []
    evidences: list[dict[str, Any]] = []
    for el in (document.get("elements") or {}).values():
        evidences += list((el or {}).get("evidence") or [])
    for f in document.get("findings") or []:
        evidences += list(f.get("evidence") or [])
    for ev in evidences:
        if ev.get("quote") == quote and ev.get("page") == page:
            if ev.get("boxes"):
                return [list(b) for b in ev["boxes"]]
            if ev.get("box"):
                return [list(ev["box"])]
    return []


def find_boxes(data: bytes, page: int, quote: str) -> list[list[float]]:
    """Where ``quote`` stands on ``page`` (1-based), by pypdfium2's text search; top-left
    origin in points. Falls back to the quote's first characters (whitespace may differ)."""
    with _PDFIUM:
        return _find_boxes(data, page, quote)


def _find_boxes(data: bytes, page: int, quote: str) -> list[list[float]]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        if not 1 <= page <= len(pdf):
            return []
        pg = pdf[page - 1]
        height = pg.get_height()
        tp = pg.get_textpage()
        for needle in (quote, "".join(quote.split()), quote[:12]):
            if not needle.strip():
                continue
            found = tp.search(needle, match_case=True).get_next()
            if found:
                start, count = found
                boxes = []
                for i in range(tp.count_rects(start, count)):
                    left, bottom, right, top = tp.get_rect(i)
                    boxes.append([left, height - top, right, height - bottom])
                return boxes
        return []
    finally:
        pdf.close()


def render_page(data: bytes, page: int, boxes: list[list[float]], scale: float = 1.5) -> bytes:
    """PNG of ``page`` (1-based) with ``boxes`` (top-left origin, points) highlighted."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw

    with _PDFIUM:
        pdf = pdfium.PdfDocument(data)
        try:
            pg = pdf[page - 1]
            img = pg.render(scale=scale).to_pil().convert("RGBA")
        finally:
            pdf.close()
    overlay = Image.new("RGBA", img.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for x0, top, x1, bottom in boxes:
        rect = (x0 * scale - 2, top * scale - 2, x1 * scale + 2, bottom * scale + 2)
        draw.rectangle(rect, fill=(255, 230, 0, 110), outline=(220, 40, 40, 255), width=3)
    out = io.BytesIO()
    Image.alpha_composite(img, overlay).convert("RGB").save(out, format="PNG")
    return out.getvalue()
