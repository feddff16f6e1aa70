"""Turn the verbatim texts of the real corpus into the docx and PDF files kaohe reads.

Each line of ``texts/<id>.txt`` becomes one docx paragraph. For a document whose manifest
``layout`` is ``pipe_table``, a run of consecutive lines containing ``|`` becomes one docx table
(one row per line, cells split on ``|``, short rows padded with empty cells), as the HTML table
was published. The PDF is LibreOffice's rendering of that docx
(``soffice --headless --convert-to pdf``), so the two files hold the same text.

    python -m tests.corpus_real.build_files          # rebuild every docx + pdf under docs/
    python -m tests.corpus_real.build_files R01_...  # only those ids

For layout ``html`` the text is the published HTML page itself (``texts/<id>.html``): it is
copied to ``docs/`` as the HTML file, and LibreOffice converts it to the docx, which is then
converted to the PDF like the others.

The generated files are committed; rebuild only after a text or layout changes.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import yaml
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

__all__ = ["CORPUS", "load_manifest", "text_blocks", "write_docx", "write_pdfs"]

CORPUS = Path(__file__).resolve().parent


def load_manifest(path: Path = CORPUS / "manifest.yaml") -> dict:
    """The parsed manifest (``documents`` is the list of entries)."""
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def text_blocks(text: str, layout: str) -> list[str | list[list[str]]]:
    """Lines as paragraphs; for ``pipe_table``, runs of ``|`` lines as a table (rows of cells)."""
    blocks: list[str | list[list[str]]] = []
    table: list[list[str]] = []
    for line in text.splitlines():
        if layout == "pipe_table" and "|" in line:
            cells = [c.strip() for c in line.split("|")]
            if cells and cells[-1] == "":
                cells.pop()  # the trailing "|" of a published row
            table.append(cells)
            continue
        if table:
            blocks.append(table)
            table = []
        if line.strip():
            blocks.append(line)
    if table:
        blocks.append(table)
    return blocks


def write_docx(text: str, layout: str, out: Path) -> None:
    """Write ``text`` as a docx (SimSun-like CJK font so LibreOffice renders the PDF text)."""
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Noto Serif CJK SC"
    style.font.size = Pt(12)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Serif CJK SC")
    for block in text_blocks(text, layout):
        if isinstance(block, str):
            doc.add_paragraph(block)
            continue
        width = max(len(r) for r in block)
        table = doc.add_table(rows=len(block), cols=width)
        table.style = "Table Grid"
        for r, row in enumerate(block):
            for c in range(width):
                table.cell(r, c).text = row[c] if c < len(row) else ""
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(out))


def write_pdfs(
    docx_paths: Sequence[Path], out_dir: Path, target: str = "pdf", infilter: str | None = None
) -> None:
    """Convert files with LibreOffice (one headless run, own profile dir): docx → ``target``."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RuntimeError("LibreOffice (soffice) is needed to render the PDFs")
    with tempfile.TemporaryDirectory(prefix="kaohe-lo-") as profile:
        cmd = [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            *([f"--infilter={infilter}"] if infilter else []),
            "--convert-to",
            target,
            "--outdir",
            str(out_dir),
            *map(str, docx_paths),
        ]
        subprocess.run(cmd, check=True, capture_output=True, timeout=600)


def main(argv: Sequence[str] = sys.argv[1:]) -> int:
    manifest = load_manifest()
    wanted = set(argv)
    docx_paths: list[Path] = []
    for entry in manifest["documents"]:
        if wanted and entry["id"] not in wanted:
            continue
        text = (CORPUS / entry["text"]).read_text(encoding="utf-8")
        out = CORPUS / "docs" / f"{entry['id']}.docx"
        if entry.get("layout") == "html":
            page = CORPUS / "docs" / f"{entry['id']}.html"
            page.write_text(text, encoding="utf-8")
            write_pdfs([page], CORPUS / "docs", "docx:MS Word 2007 XML", "HTML (StarWriter)")
        else:
            write_docx(text, entry.get("layout", "text"), out)
        docx_paths.append(out)
    write_pdfs(docx_paths, CORPUS / "docs")
    print(f"{len(docx_paths)} docx + pdf written to {CORPUS / 'docs'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
