"""OCR of scanned PDF pages and images (optional extra ``kaohe[ocr]``: rapidocr + onnxruntime).

Without the extra every function here is a no-op and image-only PDFs/images stay ``no_text``.
With it, :func:`apply_ocr` turns the parse of a PDF or an image into text blocks of kind
``ocr`` at the same positions as text pages (pdf: ``page`` N, ``paragraph`` None; image: ``page``
= frame, 1 for a plain image), each page's text assembled line by line from the OCR boxes.

Quality gate (measured on a rendered reply letter, progressively blurred/noised/JPEG'd scans,
character-weighted mean box score vs share of characters missed or wrong): 0.98–0.996 → 2–3 %
(clean and lightly degraded), 0.92 → 10 %, 0.78 → 24 %, 0.72 → 31 %, 0.61 → 44 %, ≤ 0.5 →
garbage (> 70 %). At 10 % the dates and document numbers still come out right; at 24 % they
do not ("204年>月6日"). :data:`MIN_CONFIDENCE` = 0.85 sits between the two, so a document
below it goes to manual review instead of being scored on garbage. Fewer than
:data:`MIN_CHARS` characters in a whole scan is a blank, a photo or noise, not a document.

Confidence is the mean box score weighted by characters (a one-digit box must not weigh as
much as a 40-character line), over *all* recognised boxes including the ones whose text is
dropped for scoring below rapidocr's usual 0.5 cut, so garbage lowers the mean instead of
being hidden.

Cost: ~2.5–4.5 s per A4 page at 150 dpi on the 2-core machines here, plus ~2.5 s to load the
models once per process. The caller's per-file timeout must allow for it (a 20-page scan needs
~60–90 s); :attr:`ParseLimits.max_ocr_pages` keeps larger scans out of OCR altogether.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import io
import itertools
import math
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from extractors.model import Block, Element, Evidence, ExtractionResult, Finding, ParsedDocument
from extractors.parsing.formats import ParseLimits
from kaohe.errors import DocumentError

if TYPE_CHECKING:
    from PIL import Image

__all__ = [
    "MIN_CHARS",
    "MIN_CONFIDENCE",
    "OcrPage",
    "apply_ocr",
    "mark_ocr",
    "ocr_available",
    "ocr_image",
]

#: below this document confidence the text is too wrong to score (see the module docstring)
MIN_CONFIDENCE = 0.85
#: fewer recognised characters than this in a whole scan: nothing worth scoring
MIN_CHARS = 20
#: boxes scoring below this are kept out of the text (rapidocr's own default cut)
_TEXT_SCORE = 0.5
#: rendering resolution of scanned PDF pages: 150 dpi is as accurate as 200 here and faster
_DPI = 150
#: long side cap in pixels (rapidocr shrinks larger inputs to 2000 anyway; this saves memory)
_MAX_SIDE = 2000
#: images beyond this many pixels are refused before decoding (decompression bombs)
_MAX_PIXELS = 120_000_000

_engine: Any = None
_engine_lock = threading.Lock()


@cache
def ocr_available() -> bool:
    """True when the ``ocr`` extra (rapidocr and onnxruntime) is importable."""
    return all(importlib.util.find_spec(m) is not None for m in ("rapidocr", "onnxruntime"))


@dataclass(frozen=True, slots=True)
class OcrPage:
    """The OCR of one page image."""

    #: lines in reading order joined by ``\\n`` (boxes below the 0.5 cut left out)
    text: str
    #: character-weighted mean box score over all boxes; 0.0 when nothing was recognised
    confidence: float
    #: characters in ``text``, whitespace excluded
    chars: int
    seconds: float


def ocr_image(image: Image.Image) -> OcrPage:
    """OCR one page image (any mode); requires :func:`ocr_available`."""
    started = time.perf_counter()
    engine = _get_engine()
    rgb = image if image.mode == "RGB" else image.convert("RGB")
    out = engine(rgb)
    boxes = out.boxes if out.boxes is not None else []
    txts = out.txts or ()
    scores = out.scores or ()
    items: list[_Box] = []
    weight = total = 0.0
    for box, txt, score in zip(boxes, txts, scores, strict=False):
        n = len("".join(txt.split()))
        if not n:
            continue
        weight += n
        total += n * float(score)
        if score >= _TEXT_SCORE:
            items.append(_Box.of(box, txt.strip()))
    text = "\n".join(_lines(items))
    return OcrPage(
        text=text,
        confidence=round(total / weight, 4) if weight else 0.0,
        chars=len("".join(text.split())),
        seconds=round(time.perf_counter() - started, 3),
    )


def apply_ocr(doc: ParsedDocument, data: bytes, limits: ParseLimits) -> ParsedDocument:
    """``doc`` (the parse of ``data``, a pdf or image) with its textless pages OCR'd.

    * pdf, no text layer at all: the pages are OCR'd; the document becomes ``ok`` when the
      text passes the quality gate, else stays ``no_text`` with the Chinese reason.
    * pdf with some textless pages (a scanned signature page): those pages are added as
      ``ocr`` blocks when each passes the gate; the document stays ``ok`` either way.
    * image: every frame (a multi-page TIFF) is a page.
    More pages to OCR than ``limits.max_ocr_pages``: no OCR, with the reason in ``error``
    (no_text) or ``meta["ocr_skipped"]``. Returns ``doc`` unchanged without the extra or
    for other formats. Raises :class:`DocumentError` only for an undecodable image.
    """
    if not ocr_available() or doc.format not in ("pdf", "image") or doc.status == "error":
        return doc
    if doc.format == "image":
        return _ocr_image_doc(doc, data, limits)
    if doc.status == "no_text":
        pages = list(range(1, (doc.page_count or 0) + 1))
    else:
        pages = list(doc.meta.get("pages_without_text") or [])
    if not pages:
        return doc
    if len(pages) > limits.max_ocr_pages:
        return _skipped(doc, len(pages), limits)
    try:
        results = dict(zip(pages, _ocr_pdf_pages(data, pages), strict=True))
    except Exception as e:  # an engine failure must not cost the document its text layer
        return _engine_failed(doc, e)
    return _merge(doc, results)


def mark_ocr(result: ExtractionResult, doc: ParsedDocument) -> ExtractionResult:
    """``result`` with every Evidence that cites an ``ocr`` block of ``doc`` flagged.

    Sets ``ocr=True`` and ``confidence`` = that page's OCR confidence. PDF and image OCR blocks
    are whole pages, so evidence is matched on the page alone (the contract lets PDF evidence
    carry a line number in ``paragraph``).
    """
    confidence = _page_confidence(doc)
    if not confidence:
        return result

    def mark(ev: Evidence) -> Evidence:
        if ev.page is None or ev.page not in confidence:
            return ev
        return dataclasses.replace(ev, ocr=True, confidence=confidence[ev.page])

    elements = {
        name: Element(el.value, tuple(mark(e) for e in el.evidence))
        for name, el in result.elements.items()
    }
    findings = tuple(
        Finding(f.code, f.message, tuple(mark(e) for e in f.evidence)) for f in result.findings
    )
    return dataclasses.replace(result, elements=elements, findings=findings)


# ----------------------------------------------------------------------------- engine


def _get_engine() -> Any:
    """One rapidocr engine per process: loading the models takes ~2.5 s."""
    global _engine
    with _engine_lock:
        if _engine is None:
            from rapidocr import RapidOCR

            # text_score 0: keep every box so garbage shows in the confidence (we cut at 0.5
            # ourselves for the text); log_level error: rapidocr logs every model load at info.
            _engine = RapidOCR(params={"Global.log_level": "error", "Global.text_score": 0.0})
        return _engine


def _engine_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"rapidocr {version('rapidocr')}"
    except PackageNotFoundError:
        return "rapidocr"


# ----------------------------------------------------------------------------- layout


@dataclass(frozen=True, slots=True)
class _Box:
    """A recognised text box: corner points clockwise from top-left, as rapidocr gives them."""

    text: str
    cx: float
    cy: float
    width: float
    height: float
    angle: float

    @classmethod
    def of(cls, points: Any, text: str) -> _Box:
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = ((float(p[0]), float(p[1])) for p in points)
        return cls(
            text=text,
            cx=(x0 + x1 + x2 + x3) / 4,
            cy=(y0 + y1 + y2 + y3) / 4,
            width=(math.hypot(x1 - x0, y1 - y0) + math.hypot(x2 - x3, y2 - y3)) / 2,
            height=(math.hypot(x3 - x0, y3 - y0) + math.hypot(x2 - x1, y2 - y1)) / 2,
            angle=math.atan2(y1 - y0, x1 - x0),
        )


def _lines(boxes: list[_Box]) -> list[str]:
    """Group boxes into lines, top to bottom, each left to right, in the page's own skew.

    A hand-fed scan is skewed by 1–3°: across an A4 line at 200 dpi that is 30–90 px, more than
    the line spacing, so axis-aligned boxes of neighbouring lines overlap. We take the page skew
    as the median angle of the wide boxes (text lines), rotate the box centres back by it, and
    put a box on a line when its centre is within half a box height of the line's. Boxes of one
    line are joined without a space when the gap is under one line height (the detector
    sometimes splits a continuous line), else with one.
    """
    if not boxes:
        return []
    wide = sorted(b.angle for b in boxes if b.width > 3 * b.height) or [0.0]
    skew = wide[len(wide) // 2]
    cos, sin = math.cos(skew), math.sin(skew)
    placed = sorted(
        ((cos * b.cx + sin * b.cy, -sin * b.cx + cos * b.cy, b) for b in boxes),
        key=lambda t: t[1],
    )
    lines: list[list[tuple[float, float, _Box]]] = []
    for item in placed:
        _x, y, box = item
        for line in reversed(lines[-3:]):
            line_y = sum(t[1] for t in line) / len(line)
            line_h = max(t[2].height for t in line)
            if abs(y - line_y) < 0.5 * min(line_h, box.height):
                line.append(item)
                break
        else:
            lines.append([item])
    out: list[str] = []
    for line in lines:
        line.sort(key=lambda t: t[0])
        height = max(t[2].height for t in line)
        text = line[0][2].text
        for (px, _py, prev), (x, _y, cur) in itertools.pairwise(line):
            gap = (x - cur.width / 2) - (px + prev.width / 2)
            text += ("" if gap < height else " ") + cur.text
        out.append(_normalise(text))
    return out


#: ASCII punctuation right after a CJK character was a full-width mark on the page
#: (the recogniser often reads "王某某：" as "王某某:"); extractors match the full-width forms.
_ASCII_AFTER_CJK = re.compile(r"(?<=[\u3400-\u9fff])([:;,?!])")
_FULL = str.maketrans({":": "：", ";": "；", ",": "，", "?": "？", "!": "！"})


def _normalise(text: str) -> str:
    return _ASCII_AFTER_CJK.sub(lambda m: m.group(1).translate(_FULL), text.strip())


# ----------------------------------------------------------------------------- pdf


def _ocr_pdf_pages(data: bytes, pages: list[int]) -> Iterator[OcrPage]:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    pdf = pdfium.PdfDocument(data)
    try:
        for number in pages:
            page = pdf[number - 1]
            try:
                if pdfium_c.FPDFPage_CountObjects(page.raw) == 0:
                    # a truly empty page (a separator, the blank back of a duplex scan)
                    yield OcrPage(text="", confidence=0.0, chars=0, seconds=0.0)
                    continue
                width, height = page.get_size()
                scale = min(_DPI / 72, _MAX_SIDE / max(width, height, 1.0))
                bitmap = page.render(scale=scale, grayscale=True)
                image = bitmap.to_pil()
                bitmap.close()
            finally:
                page.close()
            yield ocr_image(image)
    finally:
        pdf.close()


def _merge(doc: ParsedDocument, results: dict[int, OcrPage]) -> ParsedDocument:
    meta = dict(doc.meta)
    meta.update(_ocr_meta(results))
    chars = sum(r.chars for r in results.values())
    confidence = _mean_confidence(results)
    meta["ocr_confidence"] = confidence
    if doc.status == "no_text":
        reason = _quality_reason(chars, confidence)
        if reason:
            return dataclasses.replace(doc, meta=meta, error=reason, error_code="ocr_poor")
        blocks = tuple(
            Block(text=r.text, page=p, paragraph=None, kind="ocr")
            for p, r in sorted(results.items())
            if r.text
        )
        empty = [p for p, r in sorted(results.items()) if not r.text]
        if empty:
            meta["pages_without_text"] = empty
        else:
            meta.pop("pages_without_text", None)
        meta["ocr"] = True
        return dataclasses.replace(
            doc, status="ok", blocks=blocks, error=None, error_code=None, meta=meta
        )
    # Mixed document: keep the text layer, add only the scanned pages that read well.
    good = {
        p: r
        for p, r in results.items()
        if r.text and r.chars >= MIN_CHARS and r.confidence >= MIN_CONFIDENCE
    }
    rejected = sorted(p for p, r in results.items() if r.text and p not in good)
    if rejected:
        meta["ocr_rejected_pages"] = rejected
    if not good:
        return dataclasses.replace(doc, meta=meta)
    meta["ocr"] = True
    meta["ocr_confidence"] = _mean_confidence(good)
    still_empty = [p for p in doc.meta.get("pages_without_text", []) if p not in good]
    if still_empty:
        meta["pages_without_text"] = still_empty
    else:
        meta.pop("pages_without_text", None)
    added = [Block(text=r.text, page=p, paragraph=None, kind="ocr") for p, r in good.items()]
    blocks = tuple(sorted([*doc.blocks, *added], key=lambda b: b.page or 0))
    return dataclasses.replace(doc, blocks=blocks, meta=meta)


# ----------------------------------------------------------------------------- images


def _ocr_image_doc(doc: ParsedDocument, data: bytes, limits: ParseLimits) -> ParsedDocument:
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        img = Image.open(io.BytesIO(data))
        width, height = img.size
        frames = getattr(img, "n_frames", 1)
    except Image.DecompressionBombError as e:
        raise DocumentError("too_large", "图片像素过大，已拒绝解析", detail=str(e)) from e
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as e:
        raise DocumentError("corrupt", "图片文件已损坏，无法打开", detail=str(e)) from e
    if width * height > _MAX_PIXELS:
        raise DocumentError(
            "too_large", f"图片像素过大（{width}×{height}），已拒绝解析", detail=f"{frames} frames"
        )
    if frames > limits.max_pages:
        raise DocumentError(
            "too_many_pages", f"图片页数超过上限（{frames} 页，上限 {limits.max_pages} 页）"
        )
    doc = dataclasses.replace(doc, page_count=frames)
    if frames > limits.max_ocr_pages:
        return _skipped(doc, frames, limits)
    pages: list[Image.Image] = []
    try:
        for i in range(frames):
            img.seek(i)
            # JPEG draft decoding shrinks by powers of two while reading: cheap for phone photos.
            img.draft("RGB", (_MAX_SIDE, _MAX_SIDE))
            frame = ImageOps.exif_transpose(img.convert("RGB"))
            frame.thumbnail((_MAX_SIDE, _MAX_SIDE))
            pages.append(frame)
    except (OSError, ValueError, SyntaxError, EOFError) as e:
        raise DocumentError("corrupt", "图片文件已损坏，无法打开", detail=str(e)) from e
    finally:
        img.close()
    try:
        results = {i + 1: ocr_image(p) for i, p in enumerate(pages)}
    except Exception as e:
        return _engine_failed(doc, e)
    return _merge(doc, results)


# ----------------------------------------------------------------------------- helpers


def _quality_reason(chars: int, confidence: float) -> str | None:
    if chars < MIN_CHARS:
        return f"OCR 未识别出足够文字（仅 {chars} 字），需人工审核"
    if confidence < MIN_CONFIDENCE:
        return f"OCR 识别质量不足（置信度 {confidence:.2f}），需人工审核"
    return None


def _mean_confidence(results: dict[int, OcrPage]) -> float:
    weight = sum(r.chars for r in results.values())
    if not weight:
        return 0.0
    return round(sum(r.confidence * r.chars for r in results.values()) / weight, 4)


def _ocr_meta(results: dict[int, OcrPage]) -> dict[str, Any]:
    return {
        "ocr_engine": _engine_version(),
        "ocr_dpi": _DPI,
        "ocr_seconds": round(sum(r.seconds for r in results.values()), 2),
        # a list, not a dict keyed by page: JSON would turn int keys into strings
        "ocr_pages": [
            {"page": p, "confidence": r.confidence, "chars": r.chars}
            for p, r in sorted(results.items())
        ],
    }


def _skipped(doc: ParsedDocument, pages: int, limits: ParseLimits) -> ParsedDocument:
    reason = f"扫描页数超过 OCR 上限（{pages} 页，上限 {limits.max_ocr_pages} 页），需人工审核"
    meta = {**doc.meta, "ocr_skipped": reason}
    if doc.status == "no_text":
        return dataclasses.replace(doc, meta=meta, error=reason, error_code="ocr_skipped")
    return dataclasses.replace(doc, meta=meta)


def _engine_failed(doc: ParsedDocument, e: Exception) -> ParsedDocument:
    meta = {**doc.meta, "ocr_error": f"{type(e).__name__}: {e}"[:300]}
    if doc.status == "no_text":
        return dataclasses.replace(
            doc, meta=meta, error="OCR 识别失败，需人工审核", error_code="ocr_failed"
        )
    return dataclasses.replace(doc, meta=meta)


def _page_confidence(doc: ParsedDocument) -> dict[int, float]:
    ocr_pages = {b.page for b in doc.blocks if b.kind == "ocr" and b.page is not None}
    if not ocr_pages:
        return {}
    fallback = float(doc.meta.get("ocr_confidence") or 0.0)
    per_page = {
        int(p["page"]): float(p["confidence"])
        for p in doc.meta.get("ocr_pages", [])
        if isinstance(p, dict) and "page" in p and "confidence" in p
    }
    return {p: per_page.get(p, fallback) for p in ocr_pages}
