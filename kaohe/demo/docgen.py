"""Write realistic docx and pdf documents from a small spec.

Used by ``kaohe demo`` (sample submissions) and by the tests (fixtures). A spec is a list of
items, each either a paragraph string or a :class:`TableSpec`; ``header``/``footer`` go to the
page header and footer (docx) or the top/bottom line of every page (pdf).

PDFs use reportlab's built-in CID font ``STSong-Light`` so Chinese text has a real text layer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["DocSpec", "TableSpec", "write_docx", "write_pdf"]


@dataclass(frozen=True)
class TableSpec:
    rows: Sequence[Sequence[str]]
    #: (row, col, row2, col2) ranges to merge in docx
    merges: Sequence[tuple[int, int, int, int]] = ()
    #: pdf only: relative column widths (wide tables such as the annual-report template need
    #: them; cells then get 2pt padding). None lets reportlab split the width.
    col_widths: Sequence[float] | None = None


@dataclass(frozen=True)
class DocSpec:
    items: Sequence[str | TableSpec]
    header: str | None = None
    footer: str | None = None
    #: paragraphs in ``items`` whose text is right-aligned (sign-off lines)
    right_aligned: frozenset[int] = field(default_factory=frozenset)
    #: pdf only: start a new page before these item indexes
    page_breaks: frozenset[int] = field(default_factory=frozenset)


def write_docx(spec: DocSpec, path: Path) -> Path:
    """Write ``spec`` as a .docx at ``path`` and return the path."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "仿宋"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")
    for i, item in enumerate(spec.items):
        if isinstance(item, TableSpec):
            ncols = max(len(r) for r in item.rows)
            table = doc.add_table(rows=len(item.rows), cols=ncols)
            table.style = "Table Grid"
            for r, row in enumerate(item.rows):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
            for r1, c1, r2, c2 in item.merges:
                keep = table.cell(r1, c1).text
                merged = table.cell(r1, c1).merge(table.cell(r2, c2))
                merged.text = keep
        else:
            p = doc.add_paragraph(item)
            if i in spec.right_aligned:
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    section = doc.sections[0]
    if spec.header:
        section.header.paragraphs[0].text = spec.header
    if spec.footer:
        section.footer.paragraphs[0].text = spec.footer
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


def write_pdf(spec: DocSpec, path: Path) -> Path:
    """Write ``spec`` as a text-layer PDF (A4) at ``path`` and return the path."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, TableStyle
    from reportlab.platypus import Table as RLTable

    font = "STSong-Light"
    if font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    body = ParagraphStyle("body", fontName=font, fontSize=12, leading=20, wordWrap="CJK")
    right = ParagraphStyle("right", parent=body, alignment=TA_RIGHT)
    cell = ParagraphStyle("cell", fontName=font, fontSize=9, leading=12, wordWrap="CJK")

    def decorate(canvas, _doc) -> None:
        canvas.saveState()
        canvas.setFont(font, 9)
        if spec.header:
            canvas.drawString(72, A4[1] - 40, spec.header)
        if spec.footer:
            canvas.drawString(72, 30, spec.footer)
        canvas.restoreState()

    story: list = []
    for i, item in enumerate(spec.items):
        if i in spec.page_breaks:
            story.append(PageBreak())
        if isinstance(item, TableSpec):
            data = [[Paragraph(_esc(c), cell) for c in row] for row in item.rows]
            style: list[tuple[Any, ...]] = [("GRID", (0, 0), (-1, -1), 0.5, colors.black)]
            widths = None
            if item.col_widths:
                avail = A4[0] - 2 * 72 - 12  # default 1-inch margins, 6pt frame padding
                total = sum(item.col_widths)
                widths = [avail * w / total for w in item.col_widths]
                style += [("LEFTPADDING", (0, 0), (-1, -1), 2)]
                style += [("RIGHTPADDING", (0, 0), (-1, -1), 2)]
            t = RLTable(data, colWidths=widths, repeatRows=1)
            t.setStyle(TableStyle(style))
            story.extend([t, Spacer(1, 8)])
        else:
            story.append(Paragraph(_esc(item), right if i in spec.right_aligned else body))
    path.parent.mkdir(parents=True, exist_ok=True)
    SimpleDocTemplate(str(path), pagesize=A4, title="").build(
        story, onFirstPage=decorate, onLaterPages=decorate
    )
    return path


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
