"""A docx zip bomb whose headers lie about its size: `kaohe extract` stays small and says why.

The archive's ``word/document.xml`` inflates to 256 MiB but both its local header and its
central-directory entry declare the size of the original part, so the declared-size check lets it
through. zipfile stops inflating at the declared size, so the whole `kaohe extract` process tree
stays far below the 300 MB the issue allows, and the file is recorded as an error with a Chinese
reason — never a traceback.
"""

from __future__ import annotations

import json
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

from kaohe.demo.docgen import DocSpec, write_docx

_INFLATED = 256 * 1024 * 1024


def _lying_bomb(src: Path, out: Path) -> int:
    """Rewrite ``src`` with a 256 MiB document.xml that declares the original's size."""
    with zipfile.ZipFile(src) as zin:
        members = [(info, zin.read(info)) for info in zin.infolist()]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in members:
            if info.filename != "word/document.xml":
                zout.writestr(info.filename, data)
                continue
            at = data.index(b"</w:body>")
            # deflate the padding in a stream so the test itself never holds 256 MiB
            comp = zlib.compressobj(9, zlib.DEFLATED, -15)
            crc, chunks = 0, []
            pieces = [data[:at]] + [b" " * (1 << 20)] * (_INFLATED >> 20) + [data[at:]]
            for piece in pieces:
                crc = zlib.crc32(piece, crc)
                chunks.append(comp.compress(piece))
            chunks.append(comp.flush())
            raw = b"".join(chunks)
            zi = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(zi, b"")  # placeholder entry, patched below
            declared = len(data)
            placeholder = (zi, raw, crc, declared)
    zi, raw, crc, declared = placeholder
    return _patch(out, zi.filename, raw, crc, declared)


def _patch(path: Path, name: str, raw: bytes, crc: int, declared: int) -> int:
    """Replace ``name``'s (empty) payload by ``raw``, declaring ``declared`` uncompressed bytes."""
    blob = bytearray(path.read_bytes())
    fname = name.encode()
    local = blob.index(b"PK\x03\x04")
    while blob[local + 30 : local + 30 + len(fname)] != fname:
        local = blob.index(b"PK\x03\x04", local + 4)
    n, m = struct.unpack_from("<HH", blob, local + 26)
    data_at = local + 30 + n + m
    old_len = struct.unpack_from("<I", blob, local + 18)[0]
    struct.pack_into("<III", blob, local + 14, crc, len(raw), declared)
    blob[data_at : data_at + old_len] = raw
    shift = len(raw) - old_len
    # central directory: fix this entry's sizes and every later entry's offset
    end = blob.rindex(b"PK\x05\x06")
    cd_at = struct.unpack_from("<I", blob, end + 16)[0]
    struct.pack_into("<I", blob, end + 16, cd_at + shift)
    p = cd_at + shift
    while blob[p : p + 4] == b"PK\x01\x02":
        n, m, k = struct.unpack_from("<HHH", blob, p + 28)
        offset = struct.unpack_from("<I", blob, p + 42)[0]
        if blob[p + 46 : p + 46 + n] == fname:
            struct.pack_into("<III", blob, p + 16, crc, len(raw), declared)
        elif offset > local:
            struct.pack_into("<I", blob, p + 42, offset + shift)
        p += 46 + n + m + k
    path.write_bytes(bytes(blob))
    return len(raw)


def test_lying_zip_bomb_is_an_error_and_stays_small(tmp_path: Path) -> None:
    src = write_docx(DocSpec(["集贤县测试材料", "正文"]), tmp_path / "src.docx")
    bomb = tmp_path / "谎报大小.docx"
    compressed = _lying_bomb(src, bomb)
    assert compressed < 1024 * 1024 < _INFLATED
    with zipfile.ZipFile(bomb) as zf:  # the headers lie: the declared size is the original's
        assert zf.getinfo("word/document.xml").file_size < 10_000

    # A fresh wrapper runs the command and reports the peak RSS of the command's own process
    # tree (ru_maxrss of its waited-for descendants, KiB on Linux) — nothing else's.
    wrapper = (
        "import json, resource, subprocess, sys\n"
        "p = subprocess.run([sys.executable, '-m', 'kaohe', 'extract', '--json', sys.argv[1]],"
        " capture_output=True, text=True)\n"
        "print(json.dumps({'out': p.stdout, 'err': p.stderr, 'rc': p.returncode,"
        " 'kib': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", wrapper, str(bomb)], capture_output=True, text=True, timeout=180
    )
    run = json.loads(proc.stdout)
    assert "Traceback" not in run["err"] + run["out"]
    (line,) = run["out"].splitlines()
    out = json.loads(line)
    assert out["status"] == "error"
    assert out["error"] and any("\u4e00" <= ch <= "\u9fff" for ch in out["error"])
    peak_mib = run["kib"] / 1024
    print(f"lying zip bomb: {compressed / 1024:.0f} KiB, kaohe extract peak RSS {peak_mib:.0f} MiB")
    assert peak_mib < 300


def _lying_member(src: Path, out: Path, name: str, inflated: int) -> None:
    """``src`` with member ``name`` inflating to ``inflated`` bytes while declaring its size."""
    with zipfile.ZipFile(src) as zin:
        members = [(info, zin.read(info)) for info in zin.infolist()]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in members:
            zout.writestr(info.filename, b"" if info.filename == name else data)
            if info.filename == name:
                declared = len(data)
    padded = b" " * inflated
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    raw = comp.compress(padded) + comp.flush()
    _patch(out, name, raw, zlib.crc32(padded), declared)


def test_a_lying_part_the_reader_never_reads_does_not_stop_the_document(tmp_path: Path) -> None:
    """The docx reader inflates only the parts it reads (word/document.xml, relationships,
    headers, footers), each bounded by its declared size; a lie in another part (here the
    styles) costs nothing and the text is read. The full pre-pass (other OOXML readers) still
    rejects the package."""
    from extractors.parsing.dispatch import parse_bytes
    from extractors.parsing.formats import ParseLimits, check_zip
    from kaohe.errors import DocumentError

    src = write_docx(DocSpec(["集贤县测试材料", "正文第一段"]), tmp_path / "src.docx")
    lying = tmp_path / "样式谎报.docx"
    _lying_member(src, lying, "word/styles.xml", 8 * 1024 * 1024)
    data = lying.read_bytes()
    doc = parse_bytes(data, lying.name)
    assert doc.status == "ok"
    assert [b.text for b in doc.blocks][:2] == ["集贤县测试材料", "正文第一段"]
    try:
        check_zip(data, ParseLimits()).close()
    except DocumentError as e:
        assert e.code == "corrupt" and "word/styles.xml" in (e.detail or "")
    else:
        raise AssertionError("the full pre-pass let a lying member through")


def test_a_lying_document_part_is_corrupt_with_the_lazy_reader(tmp_path: Path) -> None:
    from extractors.parsing.dispatch import parse_bytes

    src = write_docx(DocSpec(["集贤县测试材料", "正文"]), tmp_path / "src.docx")
    lying = tmp_path / "正文谎报.docx"
    _lying_member(src, lying, "word/document.xml", 4 * 1024 * 1024)
    doc = parse_bytes(lying.read_bytes(), lying.name)
    assert doc.status == "error" and doc.error_code == "corrupt"
    assert "校验值不符" in (doc.error or "")
