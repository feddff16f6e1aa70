"""Parser workers read PDFs with a pdfium that loads no system fonts (kaohe.phases.pdfium_fonts):
the same text as with the fonts, without reading a font file per document."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium

from extractors.parsing.dispatch import parse_bytes
from extractors.parsing.formats import ParseLimits
from kaohe.demo.docgen import DocSpec, write_pdf
from kaohe.phases.pool import ParserPool

REAL = Path(__file__).resolve().parents[2] / "corpus_real" / "docs"
PARAS = [f"第{i}条：本机关于2024年3月5日收到您的政府信息公开申请，现答复如下。" for i in range(60)]

_PROBE = """
import json, sys
import pypdfium2 as pdfium
from kaohe.phases.pdfium_fonts import use_no_system_fonts
use_no_system_fonts()
use_no_system_fonts()  # idempotent
doc = pdfium.PdfDocument(open(sys.argv[1], "rb").read())
page = doc[0]
tp = page.get_textpage()
left, bottom, right, top = tp.get_charbox(0)
print(json.dumps({"text": tp.get_text_range(), "height": top - bottom}))
"""


def _first_char(path: Path) -> tuple[str, float]:
    doc = pdfium.PdfDocument(path.read_bytes())
    tp = doc[0].get_textpage()
    _left, bottom, _right, top = tp.get_charbox(0)
    return tp.get_text_range(), top - bottom


def test_a_process_without_system_fonts_reads_the_same_text(tmp_path: Path) -> None:
    """docgen PDFs use the non-embedded STSong-Light: with the system fonts pdfium gives the
    first character a glyph box (it loaded a CJK font file); without, a flat one (no font
    read), and the page text is the same."""
    pdf = write_pdf(DocSpec(["关于政府信息公开申请的答复", *PARAS]), tmp_path / "a.pdf")
    text, height = _first_char(pdf)
    assert text.startswith("关于政府信息公开申请的答复")
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, str(pdf)], capture_output=True, text=True, check=True
    )
    probe = json.loads(out.stdout)
    assert probe["text"] == text
    assert height > 5  # a 12 pt glyph, from a system CJK font
    assert probe["height"] < 0.1  # flat: no font loaded for it


def test_worker_parse_equals_in_process_parse(tmp_path: Path) -> None:
    """Whole parsed documents (text, running headers and footers moved, tables) from a worker
    equal the in-process parse, which keeps the system fonts: a generated PDF with
    non-embedded fonts over several pages, and real published PDFs."""
    files = [write_pdf(DocSpec(["政府信息公开工作年度报告", *PARAS * 3]), tmp_path / "g.pdf")]
    files += sorted(REAL.glob("A0*_annual.pdf"))[:2] + sorted(REAL.glob("R0*.pdf"))[:2]
    assert len(files) == 5
    limits = ParseLimits()
    items = [(p.name, p.read_bytes(), p.name) for p in files]
    with ParserPool(workers=1, timeout_s=120, limits=limits) as pool:
        got = dict(pool.parse_many(items))
    for name, data, _ in items:
        here = parse_bytes(data, name, limits=limits)
        assert here.status == "ok" and here.page_count and here.page_count >= 1
        assert got[name].to_dict() == here.to_dict(), name
    assert got["g.pdf"].page_count and got["g.pdf"].page_count > 2
