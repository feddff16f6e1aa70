"""Format sniffing and pre-parse guards (pure, bytes only).

The format is judged from the bytes, never from the name: a ``.doc`` renamed ``.docx`` is
``doc``. The name only breaks ties where the bytes cannot decide (plain text that is only
valid as GB18030, an encrypted OOXML package that may be a docx or an xlsx).

The guards run before any third-party parser sees the bytes: python-docx and openpyxl have
no zip-bomb protection (an 814 KB docx with a 200 MiB document.xml took 1.5 GB RSS).
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from dataclasses import dataclass

from extractors.model import Format
from kaohe.errors import DocumentError

__all__ = [
    "OLE2_MAGIC",
    "ParseLimits",
    "check_zip",
    "ole2_stream_names",
    "read_member",
    "sniff_format",
]

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

#: compression ratios are only judged for entries at least this large: small XML parts
#: routinely compress 50-100x and are harmless.
_RATIO_MIN_BYTES = 1024 * 1024
_CHUNK = 256 * 1024


@dataclass(frozen=True)
class ParseLimits:
    """Hard bounds on what a parser may read from one file."""

    max_file_bytes: int = 50 * 1024 * 1024
    max_pages: int = 300
    max_unzipped_bytes: int = 200 * 1024 * 1024
    max_compression_ratio: float = 200.0
    #: scans with more pages to OCR than this are not OCR'd (~3 s a page; see parsing.ocr)
    max_ocr_pages: int = 30
    #: seconds LibreOffice may take per .doc/.wps (~1.2–1.7 s measured); below the usual
    #: per-file timeout so our own timeout kills soffice cleanly before the worker is killed
    convert_timeout_s: float = 30.0


def sniff_format(data: bytes, name: str = "") -> Format:
    """The format of ``data`` judged from its bytes; ``name`` only breaks ties."""
    if not data:
        return "unknown"
    head = data[:4096]
    if head.startswith(OLE2_MAGIC):
        return _ole2_format(data, name)
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_format(data)
    # Acrobat accepts junk before the header within the first 1024 bytes.
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if _image_type(head):
        return "image"
    return _text_format(head, name)


def ole2_stream_names(data: bytes) -> set[str]:
    """Names of the entries of an OLE2 (Compound File) directory.

    Walks the header, the FAT (the 109 DIFAT entries in the header: files up to ~7 MB with
    512-byte sectors) and the directory chain. When the chain is out of reach or damaged,
    falls back to scanning the bytes for the UTF-16LE names we care about, so a large or
    truncated legacy file is still recognised.
    """
    try:
        return _cfb_directory(data)
    except (struct.error, IndexError, ValueError):
        return {n for n in _KNOWN_STREAMS if n.encode("utf-16-le") in data}


_KNOWN_STREAMS = ("EncryptedPackage", "EncryptionInfo", "WordDocument", "Workbook", "Book")


def _cfb_directory(data: bytes) -> set[str]:
    if len(data) < 512:
        raise ValueError("short OLE2 header")
    sector_shift = struct.unpack_from("<H", data, 0x1E)[0]
    if sector_shift not in (9, 12):
        raise ValueError("bad sector shift")
    ssize = 1 << sector_shift
    first_dir = struct.unpack_from("<I", data, 0x30)[0]
    difat = struct.unpack_from("<109I", data, 0x4C)
    fat_sectors = [s for s in difat if s < 0xFFFFFFFA]

    def sector(n: int) -> bytes:
        off = (n + 1) * ssize
        if off + ssize > len(data):
            raise ValueError("sector out of range")
        return data[off : off + ssize]

    fat: list[int] = []
    for s in fat_sectors:
        fat.extend(struct.unpack(f"<{ssize // 4}I", sector(s)))
    names: set[str] = set()
    seen: set[int] = set()
    cur = first_dir
    while cur < 0xFFFFFFFA:
        if cur in seen or cur >= len(fat):
            raise ValueError("bad directory chain")
        seen.add(cur)
        chunk = sector(cur)
        for off in range(0, ssize, 128):
            name_len = struct.unpack_from("<H", chunk, off + 64)[0]
            if 2 <= name_len <= 64:
                names.add(chunk[off : off + name_len - 2].decode("utf-16-le", "replace"))
        cur = fat[cur]
    if not names:
        raise ValueError("empty directory")
    return names


def _ole2_format(data: bytes, name: str) -> Format:
    names = ole2_stream_names(data)
    if "EncryptedPackage" in names:
        # An encrypted OOXML package does not say whether it holds a docx or an xlsx.
        return "xlsx" if name.lower().endswith((".xlsx", ".xlsm")) else "docx"
    if "WordDocument" in names:
        return "doc"
    return "unknown"


def _zip_format(data: bytes) -> Format:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        # Truncated archive: the local headers still carry the part names.
        head = data[: 1024 * 1024]
        if b"word/" in head:
            return "docx"
        if b"xl/" in head:
            return "xlsx"
        return "unknown"
    if any(n.startswith("word/") for n in names):
        return "docx"
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    return "unknown"


def _image_type(head: bytes) -> str | None:
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "tiff"
    # "BM" alone is too weak: also require the two reserved words to be zero.
    if head.startswith(b"BM") and len(head) >= 14 and head[6:10] == b"\x00\x00\x00\x00":
        return "bmp"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "webp"
    return None


_HTML_START = re.compile(
    rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta)\b", re.I | re.S
)
_HTML_TAGS = re.compile(rb"<(html|head|body|title|div|table|p)\b[^>]*>", re.I)
#: C0 controls other than \t \n \r \f and ESC (seen in some plain-text exports).
_BINARY = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


def _text_format(head: bytes, name: str) -> Format:
    body = head
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        if head.startswith(bom):
            if bom != b"\xef\xbb\xbf":
                # UTF-16 text: decode a prefix to look at it as UTF-8.
                codec = "utf-16-le" if bom == b"\xff\xfe" else "utf-16-be"
                end = len(head) - (len(head) - 2) % 2
                body = head[2:end].decode(codec, "replace").encode("utf-8")
            else:
                body = head[3:]
            break
    if _BINARY.search(body):
        return "unknown"
    if _HTML_START.match(body) or len(_HTML_TAGS.findall(body)) >= 3:
        return "html"
    if _decodes(body, "utf-8"):
        return "txt"
    # Only GB18030 decodes it: nearly any byte soup without controls does, so let the
    # name decide between text and an unknown binary.
    if _decodes(body, "gb18030") and (not name or name.lower().endswith((".txt", ".text", ".csv"))):
        return "txt"
    return "unknown"


def _decodes(body: bytes, codec: str) -> bool:
    # The prefix may cut a multi-byte character: allow up to 3 undecodable trailing bytes.
    for cut in range(4):
        try:
            (body[: len(body) - cut] if cut else body).decode(codec)
            return True
        except UnicodeDecodeError:
            continue
    return False


def check_zip(data: bytes, limits: ParseLimits, *, inflate: bool = True) -> zipfile.ZipFile:
    """Open an OOXML package after checking it cannot expand beyond ``limits``.

    The declared sizes are checked first (cheap); then every member is inflated once in small
    chunks. A one-shot ``read()`` would inflate a member whole before zipfile cuts it to its
    declared ``file_size``, so a header that lies about its size could still take hundreds of MB;
    read in chunks, inflation stops at the declared size and the lie shows as a CRC mismatch.

    ``inflate=False`` checks the declared sizes only, for a caller that reads the members it
    needs with :func:`read_member` (bounded the same way) and never hands the package to a
    reader that calls ``read()``: the docx reader, which then inflates each part it reads once
    instead of every part twice (the pre-pass was 70 % of a docx parse, measured).
    """
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as e:
        raise DocumentError(
            "corrupt", "文件已损坏（压缩包结构无效），无法打开", detail=str(e)
        ) from e
    total = 0
    for info in zf.infolist():
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if total > limits.max_unzipped_bytes or (
            info.file_size >= _RATIO_MIN_BYTES and ratio > limits.max_compression_ratio
        ):
            zf.close()
            raise DocumentError(
                "zip_bomb",
                "文件解压后体积异常（疑似压缩炸弹），已拒绝解析",
                detail=f"{info.filename}: {info.file_size} bytes, ratio {ratio:.0f}, total {total}",
            )
    if inflate:
        for info in zf.infolist():
            try:
                _inflate_bounded(zf, info)
            except _ZIP_ERRORS as e:
                zf.close()
                raise _corrupt_member(info.filename, e) from e
    return zf


_ZIP_ERRORS = (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError)


def _corrupt_member(name: str, e: BaseException) -> DocumentError:
    return DocumentError(
        "corrupt",
        "文件已损坏（压缩包内容与其记录的大小或校验值不符），无法打开",
        detail=f"{name}: {e}",
    )


def read_member(zf: zipfile.ZipFile, name: str) -> bytes:
    """The bytes of member ``name`` of a package opened by :func:`check_zip`, inflated in
    chunks (never beyond its declared size, CRC checked); ``KeyError`` when absent, a
    ``corrupt`` :class:`DocumentError` when it does not inflate to what its header says."""
    info = zf.getinfo(name)
    try:
        with zf.open(info) as member:
            return b"".join(iter(lambda: member.read(_CHUNK), b""))
    except _ZIP_ERRORS as e:
        raise _corrupt_member(name, e) from e


def _inflate_bounded(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    # ZipExtFile.read(n) inflates at most ~n bytes per call and checks the CRC at the declared end.
    with zf.open(info) as member:
        while member.read(_CHUNK):
            pass
