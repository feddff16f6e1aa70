"""OCR and legacy-conversion benchmark (a script, not a test).

Writes a multi-page reply letter with kaohe.demo.docgen, rasterises it with pypdfium2 into an
image-only PDF (a clean scan) and a degraded one (skew, blur, noise, JPEG), parses both with
OCR and prints seconds per page, confidence and the share of characters missed or wrong
against the text layer. With LibreOffice installed it also times .doc → docx conversions.
The first OCR call of a process loads the models; it is timed separately.

    cd /work/main && /work/venv/bin/python benchmarks/ocr_bench.py --pages 4
"""

from __future__ import annotations

import argparse
import io
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter

from extractors.parsing.convert import convert_to_docx, soffice_path
from extractors.parsing.dispatch import parse_bytes
from extractors.parsing.ocr import ocr_available, ocr_image
from extractors.parsing.pdf_reader import page_texts
from extractors.text import squeeze
from kaohe.demo.docgen import DocSpec, write_docx, write_pdf

__all__ = ["main"]

BODY = (
    "本机关于2024年3月5日收到您提出的政府信息公开申请，您申请公开“集贤县2023年某某村土地"
    "征收补偿安置方案及相关批复文件”。经检索，本机关未制作、获取您申请公开的上述信息，"
    "根据《中华人民共和国政府信息公开条例》第三十六条第（四）项的规定，特此告知。"
)


def _spec(pages: int) -> DocSpec:
    items: list[str] = ["集贤县自然资源局", "政府信息公开申请答复书", "集自然资信复〔2024〕7号"]
    breaks = set()
    for p in range(pages):
        if p:
            breaks.add(len(items))
        items += ["王某某："] + [f"{k + 1}. {BODY[k * 9 :]}{BODY[: k * 9]}" for k in range(7)]
    items += ["集贤县自然资源局", "2024年4月2日"]
    n = len(items)
    return DocSpec(items, right_aligned=frozenset({n - 2, n - 1}), page_breaks=frozenset(breaks))


def _image_pdf(images: list[Image.Image]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for img in images:
        c.drawImage(ImageReader(img), 0, 0, width=A4[0], height=A4[1])
        c.showPage()
    c.save()
    return buf.getvalue()


def _degrade(img: Image.Image, rng: np.random.Generator) -> Image.Image:
    gray = img.convert("L").rotate(1.2, fillcolor=255).filter(ImageFilter.GaussianBlur(0.8))
    noisy = np.asarray(gray, dtype=float) + rng.normal(0, 20, (gray.height, gray.width))
    buf = io.BytesIO()
    Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8)).save(buf, "JPEG", quality=45)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def _errors(truth: str, got: str) -> float:
    """Character error rate: Levenshtein distance / length of the truth.

    (difflib's matching blocks undercount on repetitive text: one long match can skip a
    whole repeated paragraph.)
    """
    prev = list(range(len(got) + 1))
    for i, a in enumerate(truth, 1):
        cur = [i]
        for j, b in enumerate(got, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a != b)))
        prev = cur
    return prev[-1] / max(len(truth), 1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=4)
    ap.add_argument("--dpi", type=int, default=200, help="resolution of the simulated scan")
    ap.add_argument("--conversions", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        if ocr_available():
            _bench_ocr(root, args.pages, args.dpi)
        else:
            print("OCR extra not installed: pip install 'kaohe[ocr]'")
        if soffice_path():
            _bench_convert(root, args.conversions)
        else:
            print("LibreOffice not installed: no conversion benchmark")


def _bench_ocr(root: Path, pages: int, dpi: int) -> None:
    pdf_path = write_pdf(_spec(pages), root / "letter.pdf")
    truth = [squeeze(t) for t in page_texts(pdf_path.read_bytes())]
    doc = pdfium.PdfDocument(pdf_path.read_bytes())
    scans = [doc[i].render(scale=dpi / 72).to_pil().convert("RGB") for i in range(len(doc))]
    doc.close()
    started = time.perf_counter()
    ocr_image(Image.new("RGB", (64, 64), "white"))
    print(f"model load (first call): {time.perf_counter() - started:.2f} s")
    rng = np.random.default_rng(0)
    for label, images in (("clean", scans), ("degraded", [_degrade(s, rng) for s in scans])):
        data = _image_pdf(images)
        started = time.perf_counter()
        parsed = parse_bytes(data, f"{label}.pdf")
        seconds = time.perf_counter() - started
        n = len(images)
        got = {b.page: squeeze(b.text) for b in parsed.blocks}
        errors = [_errors(t, got.get(i + 1, "")) for i, t in enumerate(truth)]
        print(
            f"{label:9s} {n} pages: {seconds / n:.2f} s/page, status {parsed.status}, "
            f"confidence {parsed.meta.get('ocr_confidence')}, "
            f"char errors {100 * sum(errors) / n:.2f} % "
            f"(per page: {', '.join(f'{100 * e:.1f}' for e in errors)})"
        )


def _bench_convert(root: Path, count: int) -> None:
    exe = soffice_path()
    assert exe is not None
    docx = write_docx(_spec(3), root / "letter.docx")
    subprocess.run(
        [
            exe,
            "--headless",
            f"-env:UserInstallation={(root / 'p').as_uri()}",
            *("--convert-to", "doc:MS Word 97", "--outdir", str(root), str(docx)),
        ],
        check=True,
        capture_output=True,
    )
    data = (root / "letter.doc").read_bytes()
    times = []
    for _ in range(max(count, 1)):
        started = time.perf_counter()
        convert_to_docx(data, ".doc", 120)
        times.append(time.perf_counter() - started)
    started = time.perf_counter()
    parsed = parse_bytes(data, "letter.doc")
    total = time.perf_counter() - started
    print(
        f"doc → docx: {min(times):.2f}–{max(times):.2f} s per file (mean "
        f"{sum(times) / len(times):.2f}); parse_bytes incl. conversion {total:.2f} s, "
        f"{len(parsed.blocks)} blocks"
    )


if __name__ == "__main__":
    main()
