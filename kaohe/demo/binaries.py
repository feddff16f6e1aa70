"""Reproducible bytes: pinned zip times, invariant PDFs, and hand-made defective files."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kaohe.demo.docgen import DocSpec, write_pdf

__all__ = ["image_only_pdf", "invariant_pdfs", "ole2_doc", "pdf_bytes", "pin_zip_times"]


def pdf_bytes(spec: DocSpec, path: Path) -> bytes:
    return write_pdf(spec, path).read_bytes()


@contextmanager
def invariant_pdfs() -> Iterator[None]:
    """reportlab without timestamps and random document ids, restored afterwards."""
    from reportlab import rl_config

    old = rl_config.invariant
    rl_config.invariant = 1
    try:
        yield
    finally:
        rl_config.invariant = old


def pin_zip_times(data: bytes) -> bytes:
    """Rewrite a zip with fixed member timestamps so the same content gives the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            pinned = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0))
            pinned.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(pinned, src.read(info.filename))
    return buf.getvalue()


def image_only_pdf() -> bytes:
    """A 'scanned' page: a drawn image of a letter (grey text bars, red seal), no text layer."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    img = Image.new("RGB", (620, 877), "white")
    draw = ImageDraw.Draw(img)
    draw.rectangle((180, 50, 440, 70), fill=(200, 30, 30))  # 红头
    draw.line((60, 100, 560, 100), fill=(200, 30, 30), width=3)
    for i in range(22):
        y = 140 + i * 28
        right = 560 if i % 5 != 4 else 330
        draw.rectangle((80 if i % 5 == 0 else 60, y, right, y + 10), fill=(90, 90, 90))
    draw.ellipse((400, 700, 520, 820), outline=(200, 30, 30), width=5)  # seal
    png = io.BytesIO()
    img.save(png, format="PNG")
    png.seek(0)
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, invariant=1)
    canvas.drawImage(ImageReader(png), 0, 0, width=A4[0], height=A4[1])
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def ole2_doc() -> bytes:
    """A minimal Word 97-2003 file: a compound file (CFB v3) holding one ``WordDocument`` stream.

    Structurally valid (header, FAT, directory, stream) so format sniffers that look for the
    ``WordDocument`` entry recognise it as a .doc; the stream is a FIB stub, not a full document.
    """
    free, end, fatsect, nostream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    u32 = lambda n: n.to_bytes(4, "little")  # noqa: E731
    header = bytearray(512)
    header[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    header[24:26] = (0x003E).to_bytes(2, "little")  # minor version
    header[26:28] = (0x0003).to_bytes(2, "little")  # major version 3 (512-byte sectors)
    header[28:30] = (0xFFFE).to_bytes(2, "little")  # little-endian
    header[30:32] = (9).to_bytes(2, "little")  # sector shift: 512
    header[32:34] = (6).to_bytes(2, "little")  # mini sector shift: 64
    header[44:48] = u32(1)  # one FAT sector
    header[48:52] = u32(1)  # directory starts at sector 1
    header[56:60] = u32(4096)  # mini stream cutoff
    header[60:64] = u32(end)  # no mini FAT
    header[68:72] = u32(end)  # no DIFAT sectors
    header[76:80] = u32(0)  # DIFAT[0]: the FAT is sector 0
    header[80:512] = u32(free) * 109
    stream_sectors = 8  # 4096 bytes: a regular (not mini) stream in sectors 2..9
    fat = [fatsect, end, *range(3, 2 + stream_sectors), end]
    fat_sector = b"".join(u32(x) for x in fat) + u32(free) * (128 - len(fat))

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        raw = (name + "\0").encode("utf-16-le") if name else b""
        e = bytearray(128)
        e[0 : len(raw)] = raw
        e[64:66] = len(raw).to_bytes(2, "little")
        e[66] = kind
        e[67] = 1  # black
        e[68:72] = u32(nostream)
        e[72:76] = u32(nostream)
        e[76:80] = u32(child)
        e[116:120] = u32(start)
        e[120:124] = u32(size)
        return bytes(e)

    directory = (
        entry("Root Entry", 5, 1, end, 0)
        + entry("WordDocument", 2, nostream, 2, 512 * stream_sectors)
        + entry("", 0, nostream, 0, 0) * 2
    )
    fib = (0xA5EC).to_bytes(2, "little") + (0x00C1).to_bytes(2, "little")
    text = "关于政府信息公开申请的答复（旧版模板）".encode("utf-16-le")
    stream = (fib + bytes(508) + text).ljust(512 * stream_sectors, b"\x00")
    return bytes(header) + fat_sector + directory + stream
