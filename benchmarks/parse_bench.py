"""Parse throughput benchmark (a script, not a test).

Generates N docx and N pdf with kaohe.demo.docgen into a temp dir, then prints files/s and pages/s
for: our docx parser vs python-docx; pypdfium2 page text vs pdfplumber ``extract_text``; and
the full :func:`parse_pdf` with table detection (pdfplumber only on ruled pages) vs without.
Peak RSS is the process maximum after each stage.

    cd /work/main && /work/venv/bin/python benchmarks/parse_bench.py -n 100
"""

from __future__ import annotations

import argparse
import gc
import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from extractors.parsing.dispatch import parse_file
from extractors.parsing.formats import ParseLimits
from extractors.parsing.pdf_reader import page_texts, parse_pdf
from kaohe.demo.docgen import DocSpec, TableSpec, write_docx, write_pdf

__all__ = ["main"]

BODY = (
    "本机关于2024年3月5日收到您提出的政府信息公开申请，经审查，您申请公开的政府信息不存在。"
    "根据《中华人民共和国政府信息公开条例》第三十六条第（四）项的规定，现予告知。"
)


def _spec(i: int) -> DocSpec:
    items: list[str | TableSpec] = ["集贤县自然资源局", "政府信息公开申请答复书"]
    items.append(f"集自然资信复〔2024〕{i}号")
    items += [BODY] * 12
    if i % 2 == 0:  # half the documents carry a ruled table
        items.append(
            TableSpec(
                rows=[["序号", "事项", "结果"]] + [[str(k), "土地", "不存在"] for k in range(8)]
            )
        )
    items += [BODY] * 12 + ["集贤县自然资源局", "2024年4月2日"]
    return DocSpec(
        items, header="集贤县自然资源局文件", footer="— 1 —", page_breaks=frozenset({14})
    )


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _stage(label: str, files: list[Path], pages: int, fn: Callable[[Path], object]) -> None:
    gc.collect()
    started = time.perf_counter()
    for f in files:
        fn(f)
    elapsed = time.perf_counter() - started
    print(
        f"{label:<42} {len(files) / elapsed:8.1f} files/s {pages / elapsed:9.1f} pages/s"
        f"   peak RSS {_rss_mb():6.0f} MB"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=50, help="documents of each format")
    n = ap.parse_args().n
    limits = ParseLimits()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        docx = [write_docx(_spec(i), root / f"d{i}.docx") for i in range(n)]
        pdfs = [write_pdf(_spec(i), root / f"p{i}.pdf") for i in range(n)]
        pdf_pages = sum(len(page_texts(p.read_bytes())) for p in pdfs)
        print(f"{n} docx, {n} pdf ({pdf_pages} pages); start RSS {_rss_mb():.0f} MB")

        def python_docx(p: Path) -> None:
            from docx import Document

            d = Document(str(p))
            [x.text for x in d.paragraphs]
            [c.text for t in d.tables for r in t.rows for c in r.cells]

        def plumber(p: Path) -> None:
            import pdfplumber

            with pdfplumber.open(p) as pdf:
                [page.extract_text() for page in pdf.pages]

        _stage("docx: parse_file (lxml, guarded)", docx, n, parse_file)
        _stage("docx: python-docx paragraphs+cells", docx, n, python_docx)
        _stage(
            "pdf: pypdfium2 text (page_texts)",
            pdfs,
            pdf_pages,
            lambda p: page_texts(p.read_bytes()),
        )
        _stage("pdf: pdfplumber extract_text", pdfs, pdf_pages, plumber)
        _stage(
            "pdf: parse_pdf without tables",
            pdfs,
            pdf_pages,
            lambda p: parse_pdf(p.read_bytes(), limits, tables=False),
        )
        _stage(
            "pdf: parse_pdf with table detection",
            pdfs,
            pdf_pages,
            lambda p: parse_pdf(p.read_bytes(), limits),
        )


if __name__ == "__main__":
    main()
