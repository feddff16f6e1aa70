"""One hand-labelled 答复书 as saved by LibreOffice (.docx, .doc, PDF), a browser (Chromium PDF),
a renamed .doc standing in for .wps, and a scan: every producer reads to the same elements.

The files are committed (tests/fixtures/producers, built by its build.py), so only reading
the .doc/.wps needs LibreOffice and only the scan needs the OCR extra — as in production.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from extractors.parsing.convert import soffice_path
from extractors.parsing.formats import ParseLimits
from extractors.parsing.ocr import ocr_available
from extractors.rules import ExtractionRules
from kaohe.phases.extract import extract_file

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "producers"

#: read by hand from letter.html before kaohe ever ran on it
LABELS = {
    "document_number": "集自然资信复〔2024〕7号",
    "applicant": "李某某",
    "received_date": "2024-03-04",
    "reply_date": "2024-03-22",
    "outcome": "already_public",
}

needs_soffice = pytest.mark.skipif(soffice_path() is None, reason="LibreOffice not installed")
needs_ocr = pytest.mark.skipif(not ocr_available(), reason="the ocr extra is not installed")

CASES = [
    pytest.param("reply_saved_by_libreoffice.docx", "docx", id="libreoffice-docx"),
    pytest.param("reply_pdf_by_libreoffice.pdf", "pdf", id="libreoffice-pdf"),
    pytest.param("reply_pdf_by_chromium.pdf", "pdf", id="chromium-pdf"),
    pytest.param(
        "reply_saved_by_libreoffice_word97.doc", "doc", id="libreoffice-doc", marks=needs_soffice
    ),
    pytest.param("reply_wps_renamed_doc.wps", "doc", id="wps-renamed-doc", marks=needs_soffice),
    pytest.param("reply_scanned_image_only.pdf", "pdf", id="scan", marks=needs_ocr),
]


def _read(name: str, rules: ExtractionRules) -> dict[str, Any]:
    return extract_file(str(FIXTURES / name), rules, ParseLimits())


@pytest.mark.parametrize(("name", "fmt"), CASES)
def test_every_producer_reads_to_the_hand_labels(
    name: str, fmt: str, rules: ExtractionRules
) -> None:
    out = _read(name, rules)
    assert (out["status"], out["format"], out["doc_type"]) == ("ok", fmt, "reply_letter")
    values = {k: out["elements"][k]["value"] for k in LABELS}
    assert values == LABELS
    assert out["findings"] == []  # on time, correct remedies, a legal basis cited
    for name_, el in out["elements"].items():
        for ev in el.get("evidence") or []:
            assert ev["quote"], name_
    quote = out["elements"]["document_number"]["evidence"][0]["quote"]
    assert "".join(quote.split()) == LABELS["document_number"]


@needs_ocr
def test_the_scan_is_flagged_as_read_by_ocr(rules: ExtractionRules) -> None:
    out = _read("reply_scanned_image_only.pdf", rules)
    ev = out["elements"]["reply_date"]["evidence"][0]
    assert ev["ocr"] is True and 0.5 < ev["confidence"] <= 1.0
    text_layer = _read("reply_pdf_by_libreoffice.pdf", rules)
    assert "ocr" not in text_layer["elements"]["reply_date"]["evidence"][0]


def test_the_producers_really_differ() -> None:
    """The fixtures are what their names say (a guard against a silent rebuild mistake)."""

    def producer(name: str) -> str:
        with pdfplumber.open(FIXTURES / name) as pdf:
            return str(pdf.metadata.get("Producer", ""))

    assert producer("reply_pdf_by_libreoffice.pdf").startswith("LibreOffice")
    assert producer("reply_pdf_by_chromium.pdf").startswith("Skia/PDF")
    doc = (FIXTURES / "reply_saved_by_libreoffice_word97.doc").read_bytes()
    assert doc[:8] == bytes.fromhex("d0cf11e0a1b11ae1")  # OLE2, as Word 97 and WPS write
    assert b"/Font" not in (FIXTURES / "reply_scanned_image_only.pdf").read_bytes()
