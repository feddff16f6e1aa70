"""OCR of scanned reply letters: docgen PDF → rasterised with pypdfium2 → image-only PDF/PNG/TIFF.

Needs the ``ocr`` extra (skipped without it) and a CJK font that pdfium can render the docgen
PDF with (skipped without one: the fixture pages would be blank). Every OCR'd page costs ~3 s.
"""

from __future__ import annotations

import io
import re

import numpy as np
import pytest

pytest.importorskip("rapidocr")
pytest.importorskip("onnxruntime")

import pypdfium2 as pdfium
from PIL import Image, ImageFilter

from extractors.extract import extract
from extractors.model import ParsedDocument
from extractors.parsing.dispatch import PARSER_VERSION, ParseLimits, parse_bytes, parser_version
from extractors.parsing.ocr import MIN_CONFIDENCE, mark_ocr, ocr_available
from extractors.rules import ExtractionRules
from extractors.text import squeeze
from kaohe.demo.docgen import DocSpec, write_pdf

RECEIPT = (
    "本机关于2024年3月5日收到您提出的政府信息公开申请，您申请公开"
    "“集贤县2023年某某村土地征收补偿安置方案及相关批复文件”。"
)
REASON = (
    "经检索，本机关未制作、获取您申请公开的上述信息，您申请公开的政府信息不存在。"
    "根据《中华人民共和国政府信息公开条例》第三十六条第（四）项的规定，特此告知。"
)
REMEDY = (
    "如您不服本答复，可以自收到本答复书之日起60日内向集贤县人民政府申请行政复议，"
    "或者在6个月内依法向人民法院提起行政诉讼。"
)
#: a two-page letter: the sign-off (issuer, date) is on page 2, as on many stamped scans
LETTER = DocSpec(
    items=[
        "集贤县自然资源局",
        "政府信息公开申请答复书",
        "集自然资信复〔2024〕7号",
        "王某某：",
        RECEIPT,
        "经研究，现答复如下：",
        REASON,
        REMEDY,
        "集贤县自然资源局",
        "2024年4月2日",
    ],
    right_aligned=frozenset({8, 9}),
    page_breaks=frozenset({7}),
)


def _render(pdf_bytes: bytes, dpi: int) -> list[Image.Image]:
    pdf = pdfium.PdfDocument(pdf_bytes)
    try:
        return [pdf[i].render(scale=dpi / 72).to_pil().convert("RGB") for i in range(len(pdf))]
    finally:
        pdf.close()


def _image_pdf(pages: list[Image.Image]) -> bytes:
    """An image-only A4 PDF: one full-page image per page, no text layer."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for page in pages:
        c.drawImage(ImageReader(page), 0, 0, width=A4[0], height=A4[1])
        c.showPage()
    c.save()
    return buf.getvalue()


def _png(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return buf.getvalue()


@pytest.fixture(scope="module")
def scans(tmp_path_factory: pytest.TempPathFactory) -> list[Image.Image]:
    """The letter's pages as 200 dpi scans."""
    path = write_pdf(LETTER, tmp_path_factory.mktemp("ocr") / "letter.pdf")
    pages = _render(path.read_bytes(), 200)
    # Without a CJK font pdfium draws the Chinese glyphs as nothing: only digits would remain.
    ink = np.asarray(pages[0].convert("L").crop((0, 0, pages[0].width, pages[0].height // 4)))
    if (ink < 128).sum() < 2000:
        pytest.skip("no CJK font for pdfium to render the fixture with")
    assert len(pages) == 2
    return pages


@pytest.fixture(scope="module")
def scanned_pdf(scans: list[Image.Image]) -> ParsedDocument:
    return parse_bytes(_image_pdf(scans), "答复书扫描件.pdf")


def test_scanned_pdf_pages_ocr_blocks(scanned_pdf: ParsedDocument) -> None:
    doc = scanned_pdf
    assert (doc.format, doc.status, doc.error, doc.page_count) == ("pdf", "ok", None, 2)
    assert [(b.page, b.paragraph, b.kind) for b in doc.blocks] == [
        (1, None, "ocr"),
        (2, None, "ocr"),
    ]
    page1, page2 = (squeeze(b.text) for b in doc.blocks)
    # Exact phrases: the letter is a clean 200 dpi scan (measured ~0.3 % character errors, in
    # punctuation and line ends, none in these).
    for phrase in (
        "政府信息公开申请答复书",
        "集自然资信复〔2024〕7号",
        "2024年3月5日",
        "政府信息公开申请",
    ):
        assert phrase in page1, phrase
    assert "第三十六条第（四）项" in page1
    assert "60日内向集贤县人民政府申请行政复议" in page2
    assert page2.endswith("集贤县自然资源局2024年4月2日")
    # line by line in reading order: the title is the second line, the sign-off the last two
    lines = doc.blocks[0].text.split("\n")
    assert lines[:4] == [
        "集贤县自然资源局",
        "政府信息公开申请答复书",
        "集自然资信复〔2024〕7号",
        "王某某：",
    ]
    assert doc.blocks[1].text.split("\n")[-2:] == ["集贤县自然资源局", "2024年4月2日"]

    meta = doc.meta
    assert meta["ocr"] is True
    assert meta["images"] == 2
    assert "pages_without_text" not in meta
    assert [p["page"] for p in meta["ocr_pages"]] == [1, 2]
    assert all(p["confidence"] > 0.95 and p["chars"] > 40 for p in meta["ocr_pages"])
    assert 0.95 < meta["ocr_confidence"] <= 1.0
    assert meta["ocr_engine"].startswith("rapidocr")
    # the parse cache round-trip keeps everything (page list, not int-keyed dict)
    assert ParsedDocument.from_dict(doc.to_dict()) == doc


def test_ocr_evidence_is_extracted_and_marked(
    scanned_pdf: ParsedDocument, rules: ExtractionRules, check_evidence
) -> None:
    result = extract(scanned_pdf, rules)
    assert result.doc_type == "reply_letter"
    values = {k: el.value for k, el in result.elements.items()}
    assert values["issuer"] == "集贤县自然资源局"
    assert values["document_number"] == "集自然资信复〔2024〕7号"
    assert str(values["received_date"]) == "2024-03-05"
    assert str(values["reply_date"]) == "2024-04-02"
    assert check_evidence(scanned_pdf, result.elements) >= 5
    # the dispatcher flags every quote read from an OCR page
    assert all(e.ocr for el in result.elements.values() for e in el.evidence)

    marked = mark_ocr(result, scanned_pdf)
    confidence = {p["page"]: p["confidence"] for p in scanned_pdf.meta["ocr_pages"]}
    evidence = [e for el in marked.elements.values() for e in el.evidence]
    evidence += [e for f in marked.findings for e in f.evidence]
    assert evidence
    for ev in evidence:
        assert ev.ocr is True
        assert ev.confidence == confidence[ev.page]
        assert ev.to_dict()["ocr"] is True
    reply = marked.elements["reply_date"].evidence[0]
    assert (reply.page, reply.quote) == (2, "2024年4月2日")
    assert marked.elements.keys() == result.elements.keys()


def test_png_and_multipage_tiff(scans: list[Image.Image]) -> None:
    png = parse_bytes(_png(scans[0]), "答复书.png")
    assert (png.format, png.status, png.page_count) == ("image", "ok", 1)
    assert [(b.page, b.paragraph, b.kind) for b in png.blocks] == [(1, None, "ocr")]
    assert "本机关于2024年3月5日收到您提出的政府信息公开申请" in squeeze(png.text)
    assert png.meta["ocr"] is True and png.meta["ocr_confidence"] > 0.95

    buf = io.BytesIO()
    # a 1-bit fax-style TIFF, the usual office scanner output
    bw = [p.convert("1") for p in scans]
    bw[0].save(buf, "TIFF", save_all=True, append_images=bw[1:], compression="group4")
    tiff = parse_bytes(buf.getvalue(), "答复书.tif")
    assert (tiff.format, tiff.status, tiff.page_count) == ("image", "ok", 2)
    assert [b.page for b in tiff.blocks] == [1, 2]
    assert squeeze(tiff.blocks[1].text).endswith("集贤县自然资源局2024年4月2日")


def test_degraded_scan_still_reads(scans: list[Image.Image]) -> None:
    """A skewed, blurred, noisy JPEG at 150 dpi (a typical hand-fed office scan)."""
    rng = np.random.default_rng(7)
    img = scans[0].convert("L").resize((1240, 1754)).rotate(1.2, fillcolor=255)
    img = img.filter(ImageFilter.GaussianBlur(0.8))
    noisy = np.asarray(img, dtype=float) + rng.normal(0, 20, (img.height, img.width))
    buf = io.BytesIO()
    Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8)).save(buf, "JPEG", quality=45)
    doc = parse_bytes(buf.getvalue(), "扫描.jpg")
    assert (doc.format, doc.status) == ("image", "ok")
    assert MIN_CONFIDENCE < doc.meta["ocr_confidence"] < 1.0
    text = squeeze(doc.text)
    assert "政府信息公开申请" in text
    assert "2024年3月5日" in text


def test_garbage_goes_to_manual_review(scans: list[Image.Image]) -> None:
    # Heavily blurred and noised: boxes are found but read as garbage (measured 0.42).
    rng = np.random.default_rng(3)
    img = scans[0].convert("L").resize((1240, 1754)).filter(ImageFilter.GaussianBlur(2.2))
    noisy = np.asarray(img, dtype=float) + rng.normal(0, 40, (img.height, img.width))
    buf = io.BytesIO()
    Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8)).save(buf, "JPEG", quality=30)
    doc = parse_bytes(_image_pdf([Image.open(buf).convert("RGB")]), "模糊扫描.pdf")
    assert (doc.format, doc.status, doc.blocks, doc.error_code) == (
        "pdf",
        "no_text",
        (),
        "ocr_poor",
    )
    assert doc.error is not None
    match = re.fullmatch(r"OCR 识别质量不足（置信度 (0\.\d\d)），需人工审核", doc.error)
    assert match, doc.error
    assert float(match.group(1)) < MIN_CONFIDENCE
    assert doc.meta["ocr_confidence"] < MIN_CONFIDENCE
    assert "ocr" not in doc.meta  # no OCR text was accepted

    # Pure noise and a blank page: nothing (or next to nothing) to read.
    noise = Image.fromarray(rng.integers(0, 256, (1000, 800), dtype=np.uint8))
    blank = Image.new("L", (800, 1000), 255)
    for image in (noise, blank):
        out = parse_bytes(_png(image), "照片.png")
        assert (out.format, out.status, out.error_code) == ("image", "no_text", "ocr_poor")
        assert out.error is not None
        assert re.fullmatch(r"OCR 未识别出足够文字（仅 \d+ 字），需人工审核", out.error)


def test_mixed_pdf_adds_only_the_scanned_page(
    scans: list[Image.Image], rules: ExtractionRules
) -> None:
    """A typed page 1 with a scanned, stamped page 2: page 2 is OCR'd, page 1 kept as text."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("STSong-Light", 16)
    c.drawString(150, 700, "政府信息公开申请答复书")
    c.setFont("STSong-Light", 12)
    c.drawString(72, 650, "本机关于2024年3月5日收到您提出的政府信息公开申请。")
    c.showPage()
    c.drawImage(ImageReader(scans[1]), 0, 0, width=A4[0], height=A4[1])
    c.showPage()
    c.showPage()  # an empty page 3: not worth OCR (no page objects)
    c.save()
    doc = parse_bytes(buf.getvalue(), "答复书.pdf")
    assert doc.status == "ok"
    assert [(b.page, b.kind) for b in doc.blocks] == [(1, "page"), (2, "ocr")]
    assert doc.blocks[0].text.startswith("政府信息公开申请答复书")
    assert squeeze(doc.blocks[1].text).endswith("集贤县自然资源局2024年4月2日")
    assert doc.meta["ocr"] is True
    assert [(p["page"], p["chars"] > 40) for p in doc.meta["ocr_pages"]] == [(2, True), (3, False)]
    assert doc.meta["pages_without_text"] == [3]

    # Only evidence read from the scanned page is flagged as OCR.
    marked = mark_ocr(extract(doc, rules), doc)
    received = marked.elements["received_date"].evidence[0]
    reply = marked.elements["reply_date"].evidence[0]
    assert (received.page, received.ocr, received.confidence) == (1, False, None)
    assert (reply.page, reply.ocr) == (2, True)
    assert reply.confidence == doc.meta["ocr_pages"][0]["confidence"]


def test_ocr_off_limits_and_version(scans: list[Image.Image]) -> None:
    data = _image_pdf(scans)
    off = parse_bytes(data, "a.pdf", ocr=False)
    assert (off.status, off.error) == ("no_text", "PDF 无文字层（疑似扫描件），需 OCR 或人工审核")
    capped = parse_bytes(data, "a.pdf", limits=ParseLimits(max_ocr_pages=1))
    assert (capped.status, capped.error_code) == ("no_text", "ocr_skipped")
    assert capped.error == "扫描页数超过 OCR 上限（2 页，上限 1 页），需人工审核"
    assert "ocr_pages" not in capped.meta
    assert ocr_available()
    assert "+ocr" in PARSER_VERSION
    assert "+ocr" not in parser_version(ocr=False)


def test_corrupt_image() -> None:
    data = _png(Image.new("L", (400, 400), 255))
    doc = parse_bytes(data[:120], "坏图.png")
    assert (doc.format, doc.status, doc.error_code) == ("image", "error", "corrupt")
    assert doc.error == "图片文件已损坏，无法打开"
