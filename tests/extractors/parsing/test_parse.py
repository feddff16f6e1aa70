"""Parsing with guards: real documents written at test time (docgen, reportlab, by hand)."""

from __future__ import annotations

import io
import json
import struct
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pdfplumber

from extractors.model import ParsedDocument
from extractors.parsing.dispatch import (
    PARSER_VERSION,
    ParseLimits,
    parse_bytes,
    parse_file,
    sniff_format,
)
from extractors.text import squeeze
from kaohe.demo.docgen import DocSpec, TableSpec, write_docx, write_pdf

LETTER = DocSpec(
    items=[
        "集贤县自然资源局",
        "政府信息公开申请答复书",
        "集自然资信复〔2024〕7号",
        TableSpec(
            rows=[
                ["序号", "申请事项", "答复"],
                ["1", "土地出让合同", "信息不存在"],
                ["2", "矿业权出让收益", "信息不存在"],
                ["备注", "合并说明", ""],
            ],
            # vertical merge of the 答复 column (rows 1-2), horizontal merge of the last row
            merges=[(1, 2, 2, 2), (3, 1, 3, 2)],
        ),
        "王某某：",
        "本机关于2024年3月5日收到您提出的政府信息公开申请。",
        "集贤县自然资源局",
        "2024年4月2日",
    ],
    header="集贤县自然资源局文件",
    footer="— 1 —",
    right_aligned=frozenset({6, 7}),
)


def _texts(doc: ParsedDocument) -> list[tuple[int | None, str, str]]:
    return [(b.paragraph, b.kind, b.text) for b in doc.blocks]


# ----------------------------------------------------------------------------- docx


def test_docx_reading_order_merged_cells_and_header_footer_last(tmp_path: Path) -> None:
    doc = parse_file(write_docx(LETTER, tmp_path / "答复书.docx"))
    assert (doc.format, doc.status, doc.error_code) == ("docx", "ok", None)
    assert _texts(doc) == [
        (1, "body", "集贤县自然资源局"),
        (2, "body", "政府信息公开申请答复书"),
        (3, "body", "集自然资信复〔2024〕7号"),
        (4, "table", "序号"),
        (5, "table", "申请事项"),
        (6, "table", "答复"),
        (7, "table", "1"),
        (8, "table", "土地出让合同"),
        (9, "table", "信息不存在"),  # the vertically merged cell, once
        (10, "table", "2"),
        (11, "table", "矿业权出让收益"),
        (12, "table", "备注"),
        (13, "table", "合并说明"),  # the horizontally merged cell, once
        (14, "body", "王某某："),
        (15, "body", "本机关于2024年3月5日收到您提出的政府信息公开申请。"),
        (16, "body", "集贤县自然资源局"),
        (17, "body", "2024年4月2日"),
        (18, "header", "集贤县自然资源局文件"),
        (19, "footer", "— 1 —"),
    ]
    assert all(b.page is None for b in doc.blocks)
    (table,) = doc.tables
    assert table.paragraph == 4
    assert table.rows == (
        ("序号", "申请事项", "答复"),
        ("1", "土地出让合同", "信息不存在"),
        ("2", "矿业权出让收益", None),
        ("备注", "合并说明", None),
    )


def _rewrite_member(src: Path, member: str, edit: Callable[[bytes], bytes], dest: Path) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            zout.writestr(info.filename, edit(data) if info.filename == member else data)
    return dest


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
MC = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'


def test_docx_text_box_and_content_control_read_once_in_place(tmp_path: Path) -> None:
    src = write_docx(DocSpec(["第一段", "第三段"]), tmp_path / "src.docx")
    # A DrawingML text box with its VML fallback copy (Word writes both), anchored in an
    # otherwise empty paragraph, and a block-level content control (w:sdt).
    box = (
        f'<w:p {W} {MC}><w:r><mc:AlternateContent><mc:Choice Requires="wps">'
        '<w:drawing><wps:txbx xmlns:wps="http://schemas.microsoft.com/office/word/2010/'
        'wordprocessingShape"><w:txbxContent><w:p><w:r><w:t>双政公开办发〔2019〕5号</w:t>'
        "</w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback>"
        "<w:pict><w:txbxContent><w:p><w:r><w:t>双政公开办发〔2019〕5号</w:t></w:r></w:p>"
        "</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"
        f"<w:sdt {W}><w:sdtContent><w:p><w:r><w:t>第二段</w:t></w:r>"
        "<w:ins><w:r><w:t>（修订）</w:t></w:r></w:ins>"
        "<w:del><w:r><w:delText>删除的字</w:delText></w:r></w:del></w:p></w:sdtContent></w:sdt>"
    ).encode()

    def edit(xml: bytes) -> bytes:
        first_end = xml.index(b"</w:p>") + len(b"</w:p>")
        return xml[:first_end] + box + xml[first_end:]

    doc = parse_file(_rewrite_member(src, "word/document.xml", edit, tmp_path / "box.docx"))
    assert [b.text for b in doc.blocks] == [
        "第一段",
        "双政公开办发〔2019〕5号",
        "第二段（修订）",
        "第三段",
    ]


def test_zip_bomb_rejected_before_parsing(tmp_path: Path) -> None:
    src = write_docx(DocSpec(["正文"]), tmp_path / "src.docx")
    padding = b" " * (50 * 1024 * 1024)

    def edit(xml: bytes) -> bytes:
        at = xml.index(b"</w:body>")
        return xml[:at] + padding + xml[at:]

    bomb = _rewrite_member(src, "word/document.xml", edit, tmp_path / "bomb.docx")
    assert bomb.stat().st_size < 1024 * 1024
    started = time.perf_counter()
    doc = parse_file(bomb)
    assert time.perf_counter() - started < 2.0
    assert (doc.format, doc.status, doc.error_code) == ("docx", "error", "zip_bomb")
    assert doc.error == "文件解压后体积异常（疑似压缩炸弹），已拒绝解析"


def test_total_unzipped_size_limit(tmp_path: Path) -> None:
    path = write_docx(LETTER, tmp_path / "a.docx")
    doc = parse_file(path, limits=ParseLimits(max_unzipped_bytes=10_000))
    assert doc.error_code == "zip_bomb"
    assert parse_file(path).status == "ok"


def test_corrupt_docx(tmp_path: Path) -> None:
    data = write_docx(LETTER, tmp_path / "a.docx").read_bytes()
    doc = parse_bytes(data[: len(data) // 2], "a.docx")
    assert (doc.format, doc.status, doc.error_code) == ("docx", "error", "corrupt")
    assert doc.error and "损坏" in doc.error


# ----------------------------------------------------------------------------- OLE2


def _cfb(*streams: str) -> bytes:
    """A minimal valid Compound File (v3, 512-byte sectors): header, one FAT sector, one
    directory sector holding the root entry and empty streams named ``streams``."""
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 0x28, 0, 1, 1, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
    struct.pack_into("<109I", header, 0x4C, 0, *([0xFFFFFFFF] * 108))
    fat = struct.pack("<128I", 0xFFFFFFFD, 0xFFFFFFFE, *([0xFFFFFFFF] * 126))
    entries = []
    names = ["Root Entry", *streams]
    for i, name in enumerate(names):
        e = bytearray(128)
        raw = name.encode("utf-16-le") + b"\x00\x00"
        e[: len(raw)] = raw
        struct.pack_into("<HBB", e, 64, len(raw), 5 if i == 0 else 2, 1)
        # root's child is entry 1; each stream's right sibling is the next one
        left, right, child = 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF
        if i == 0 and streams:
            child = 1
        elif 0 < i < len(names) - 1:
            right = i + 1
        struct.pack_into("<III", e, 68, left, right, child)
        struct.pack_into("<IQ", e, 116, 0xFFFFFFFE, 0)
        entries.append(bytes(e))
    directory = b"".join(entries).ljust(512, b"\x00")
    return bytes(header) + fat + directory


def test_legacy_doc_renamed_docx() -> None:
    data = _cfb("WordDocument", "1Table", "\x05SummaryInformation")
    assert sniff_format(data, "答复书.docx") == "doc"
    # without LibreOffice conversion (tests/extractors/test_convert.py covers it)
    doc = parse_bytes(data, "答复书.docx", convert=False)
    assert (doc.format, doc.status, doc.error_code) == ("doc", "error", "legacy_format")
    assert doc.error == "旧版 Word（.doc）格式，请另存为 .docx 或 PDF 后重新提交"
    wps = parse_bytes(data, "答复书.wps", convert=False)
    assert wps.error_code == "legacy_format"
    assert wps.error and wps.error.startswith("WPS 文字（.wps）格式")


def test_encrypted_ooxml() -> None:
    data = _cfb("EncryptionInfo", "EncryptedPackage", "\x06DataSpaces")
    doc = parse_bytes(data, "答复书.docx")
    assert (doc.format, doc.status, doc.error_code) == ("docx", "error", "encrypted")
    assert doc.error == "文件已加密（设有打开密码），无法读取，请提交未加密的版本"
    # the package does not say what it holds: the name breaks the tie
    assert parse_bytes(data, "台账.xlsx").format == "xlsx"
    # a damaged directory still gives the stream names by scanning the bytes
    assert sniff_format(data[:8] + b"\x00" * 504 + data[512:], "x.docx") == "docx"


def test_old_xls_unsupported() -> None:
    doc = parse_bytes(_cfb("Workbook", "\x05SummaryInformation"), "台账.xls")
    assert (doc.format, doc.error_code) == ("unknown", "unsupported")


# ----------------------------------------------------------------------------- pdf


def _pdf_spec() -> DocSpec:
    body = "本机关于2024年3月5日收到您提出的政府信息公开申请，经审查，现答复如下。"
    return DocSpec(
        items=[
            "政府信息公开申请答复书",
            "集自然资信复〔2024〕7号",
            body,
            "第二页正文：根据《中华人民共和国政府信息公开条例》第三十六条第（四）项。",
            TableSpec(rows=[["序号", "事项", "结果"], ["1", "土地出让合同", "不存在"]]),
            "2024年4月2日",
        ],
        header="集贤县自然资源局文件",
        footer="— 1 —",
        page_breaks=frozenset({3}),
    )


def test_pdf_one_block_per_page_with_running_lines_in_place(tmp_path: Path) -> None:
    path = write_pdf(_pdf_spec(), tmp_path / "答复书.pdf")
    doc = parse_file(path)
    assert (doc.format, doc.status, doc.page_count) == ("pdf", "ok", 2)
    assert [(b.page, b.paragraph, b.kind) for b in doc.blocks] == [
        (1, None, "page"),
        (2, None, "page"),
    ]
    first = doc.blocks[0].text.split("\n")
    # reportlab draws header and footer before the body: they must not stay in stream order
    assert first == [
        "集贤县自然资源局文件",
        "政府信息公开申请答复书",
        "集自然资信复〔2024〕7号",
        "本机关于2024年3月5日收到您提出的政府信息公开申请，经审查，现答复如下。",
        "— 1 —",
    ]
    assert "第三十六条第（四）项" in doc.blocks[1].text
    assert "\r" not in doc.text
    # same text as pdfplumber (position order), whitespace aside
    with pdfplumber.open(path) as pdf:
        assert [squeeze(p.extract_text()) for p in pdf.pages] == [
            squeeze(b.text) for b in doc.blocks
        ]


def test_pdf_table_read_as_rows(tmp_path: Path) -> None:
    doc = parse_file(write_pdf(_pdf_spec(), tmp_path / "t.pdf"), tables=True)
    (table,) = doc.tables
    assert table.page == 2
    assert table.rows == (("序号", "事项", "结果"), ("1", "土地出让合同", "不存在"))
    assert doc.meta["tables"] == "read"
    # each cell has its box on the page (PDF points, origin top-left), inside the page
    boxes = [b for row in table.boxes or () for b in row]
    assert len(boxes) == 6 and all(b is not None and 0 <= b[0] < b[2] <= 600 for b in boxes)


def test_pdf_tables_are_lazy(tmp_path: Path) -> None:
    """A reply letter's ruled table is not read by default (no table-reading doc type named in
    its text); a predicate decides from the text-only parse; the text is the same either way."""
    path = write_pdf(_pdf_spec(), tmp_path / "t.pdf")
    lazy = parse_file(path)
    assert lazy.tables == () and lazy.meta["tables"] == "skipped"
    asked: list[str] = []

    def wanted(doc: ParsedDocument) -> bool:
        asked.append(doc.blocks[0].text)
        return "答复书" in doc.text

    eager = parse_file(path, tables=wanted)
    assert len(eager.tables) == 1 and asked and eager.blocks == lazy.blocks


def _canvas_pdf(encrypt: object = None, pages: int = 1, image: Path | None = None) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt=encrypt)
    for _ in range(pages):
        if image is not None:
            c.drawImage(str(image), 72, 400, width=400, height=300)
        else:
            c.setFont("STSong-Light", 12)
            c.drawString(72, 700, "政府信息公开工作年度报告")
        c.showPage()
    c.save()
    return buf.getvalue()


def test_encrypted_pdf() -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption

    doc = parse_bytes(_canvas_pdf(StandardEncryption("user-pw", "owner-pw")), "a.pdf")
    assert (doc.format, doc.status, doc.error_code) == ("pdf", "error", "encrypted")
    assert doc.error == "PDF 文件已加密（设有打开密码），无法读取，请提交未加密的版本"
    # permissions-only encryption (no open password) is readable
    restricted = parse_bytes(_canvas_pdf(StandardEncryption("", "owner-pw", canPrint=0)), "b.pdf")
    assert restricted.status == "ok"
    assert restricted.blocks[0].text == "政府信息公开工作年度报告"


def test_truncated_pdf(tmp_path: Path) -> None:
    data = write_pdf(_pdf_spec(), tmp_path / "t.pdf").read_bytes()
    doc = parse_bytes(data[: len(data) * 2 // 3], "t.pdf")
    assert (doc.format, doc.status, doc.error_code) == ("pdf", "error", "corrupt")
    assert doc.error == "PDF 文件已损坏，无法打开"


def test_image_only_pdf_is_no_text(tmp_path: Path) -> None:
    from PIL import Image, ImageDraw

    png = tmp_path / "scan.png"
    img = Image.new("RGB", (400, 300), "white")
    ImageDraw.Draw(img).rectangle((40, 40, 360, 80), fill="black")
    img.save(png)
    # without OCR (tests/extractors/test_ocr.py covers it)
    doc = parse_bytes(_canvas_pdf(pages=2, image=png), "scan.pdf", ocr=False)
    assert (doc.format, doc.status, doc.page_count) == ("pdf", "no_text", 2)
    assert doc.error == "PDF 无文字层（疑似扫描件），需 OCR 或人工审核"
    assert doc.meta == {"images": 2}
    assert doc.blocks == ()
    # the PNG itself
    image = parse_bytes(png.read_bytes(), "scan.png", ocr=False)
    assert (image.format, image.status, image.error) == (
        "image",
        "no_text",
        "图片文件无文字层，需 OCR 或人工审核",
    )


def test_too_many_pages(tmp_path: Path) -> None:
    doc = parse_bytes(_canvas_pdf(pages=4), "a.pdf", limits=ParseLimits(max_pages=3))
    assert (doc.status, doc.error_code) == ("error", "too_many_pages")
    assert (
        parse_bytes(_canvas_pdf(pages=3), "a.pdf", limits=ParseLimits(max_pages=3)).status == "ok"
    )


# ----------------------------------------------------------------------------- guards


def test_empty_missing_and_too_large(tmp_path: Path) -> None:
    empty = tmp_path / "空.docx"
    empty.write_bytes(b"")
    doc = parse_file(empty)
    assert (doc.status, doc.error_code, doc.error) == ("error", "empty", "文件为空")

    missing = parse_file(tmp_path / "不存在.pdf")
    assert (missing.status, missing.error_code) == ("error", "missing")
    assert missing.error == "文件不存在或无法读取"
    assert parse_file(tmp_path).error_code == "missing"  # a directory

    path = write_pdf(_pdf_spec(), tmp_path / "big.pdf")
    limits = ParseLimits(max_file_bytes=1024)
    for doc in (parse_file(path, limits=limits), parse_bytes(path.read_bytes(), limits=limits)):
        assert (doc.format, doc.status, doc.error_code) == ("pdf", "error", "too_large")
        assert doc.error == "文件超过大小上限（1 KB）"
    big = tmp_path / "big.docx"
    with big.open("wb") as f:  # sparse: 51 MiB of zeros after a zip signature
        f.write(b"PK\x03\x04")
        f.truncate(51 * 1024 * 1024)
    doc = parse_file(big)
    assert (doc.error_code, doc.error) == ("too_large", "文件超过大小上限（50 MB）")


def test_unknown_binary_and_other_zip() -> None:
    doc = parse_bytes(bytes(range(256)) * 4, "a.docx")
    assert (doc.format, doc.error_code, doc.error) == (
        "unknown",
        "unsupported",
        "不支持的文件格式，请提交 docx 或 PDF",
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("ppt/presentation.xml", "<p/>")
    assert parse_bytes(buf.getvalue(), "a.pptx").error_code == "unsupported"


# ----------------------------------------------------------------------------- xlsx / html / txt


def test_xlsx_rows_per_sheet(tmp_path: Path) -> None:
    import datetime as dt

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "签到表"
    ws.append(["序号", "姓名", "单位", "日期"])
    ws.append([1, "张三", "集贤县政务公开办", dt.datetime(2024, 3, 5)])
    ws.append([None, None, None, None])
    ws.append([2.0, "李四", None, None])
    ws2 = wb.create_sheet("汇总")
    ws2.append(["合计", "共2人"])
    path = tmp_path / "签到表.xlsx"
    wb.save(path)
    doc = parse_file(path)
    assert (doc.format, doc.status, doc.page_count) == ("xlsx", "ok", 2)
    assert [(b.page, b.paragraph, b.kind, b.text) for b in doc.blocks] == [
        (1, 1, "table", "序号\t姓名\t单位\t日期"),
        (1, 2, "table", "1\t张三\t集贤县政务公开办\t2024-03-05"),
        (1, 3, "table", "2\t李四"),
        (2, 4, "table", "合计\t共2人"),
    ]
    assert [(t.page, t.paragraph, len(t.rows)) for t in doc.tables] == [(1, 1, 4), (2, 4, 1)]
    assert doc.tables[0].rows[3] == ("2", "李四")


GOV_PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>政务公开_集贤县人民政府</title>
<style>.nav{color:red}</style><script>var 栏目 = "不应出现";</script></head>
<body>
<div class="nav"><a href="/">首页</a><a href="/zwgk/">政务公开</a></div>
<h2>政府信息公开指南</h2>
<ul class="list">
  <li><a href="1.html">集贤县2023年政府信息公开工作年度报告</a><span>2024-01-20</span></li>
  <li><a href="2.html">关于印发《集贤县政务公开工作要点》的通知</a><span>2024-03-01</span>
  <li><a href="3.html">政府信息公开申请表</a></li>
</ul>
<p>如需申请，请参阅<a href="g.html">《政府信息公开指南》</a>办理。</p>
<table><tr><td>主办单位：集贤县人民政府办公室</td><td>邮编：155900</td></tr></table>
</body></html>"""


def test_html_column_list() -> None:
    doc = parse_bytes(GOV_PAGE.encode("gb18030"), "page.htm")
    assert (doc.format, doc.status) == ("html", "ok")
    assert _texts(doc) == [
        (1, "body", "政务公开_集贤县人民政府"),
        (2, "body", "首页"),
        (3, "body", "政务公开"),
        (4, "body", "政府信息公开指南"),
        (5, "body", "集贤县2023年政府信息公开工作年度报告"),
        (6, "body", "2024-01-20"),
        (7, "body", "关于印发《集贤县政务公开工作要点》的通知"),
        (8, "body", "2024-03-01"),
        (9, "body", "政府信息公开申请表"),
        (10, "body", "如需申请，请参阅《政府信息公开指南》办理。"),
        (11, "body", "主办单位：集贤县人民政府办公室"),
        (12, "body", "邮编：155900"),
    ]


def test_txt_gb18030_and_utf8() -> None:
    text = "集贤县政务公开培训记录\r\n\r\n  培训时间：2024年3月5日\r\n参加人数：共130余人\n"
    for data in (text.encode("gb18030"), text.encode("utf-8-sig"), text.encode("utf-8")):
        doc = parse_bytes(data, "记录.txt")
        assert (doc.format, doc.status) == ("txt", "ok")
        assert _texts(doc) == [
            (1, "body", "集贤县政务公开培训记录"),
            (2, "body", "培训时间：2024年3月5日"),
            (3, "body", "参加人数：共130余人"),
        ]
    # GB18030-only bytes with a binary name are not taken for text
    assert sniff_format("培训记录".encode("gb18030"), "x.bin") == "unknown"


# ----------------------------------------------------------------------------- cache form


def test_round_trip_through_json(tmp_path: Path) -> None:
    docs = [
        parse_file(write_docx(LETTER, tmp_path / "a.docx")),
        parse_file(write_pdf(_pdf_spec(), tmp_path / "a.pdf"), tables=True),
        parse_bytes(_cfb("WordDocument"), "x.doc"),
    ]
    for doc in docs:
        again = ParsedDocument.from_dict(json.loads(json.dumps(doc.to_dict(), ensure_ascii=False)))
        assert again == doc
    assert docs[1].tables and docs[0].tables
    assert PARSER_VERSION
