"""The demo corpus: the right units and folders, readable files, and the intended bad ones bad."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from docx import Document

from kaohe.demo import BAD_KEYS, demo_files, write_demo_corpus

try:
    from storage.objectstore import LocalStore
except ImportError:  # the store is written concurrently; a folder with put() is all we need

    class LocalStore:  # type: ignore[no-redef]
        def __init__(self, root: Path) -> None:
            self.root = root

        def put(self, key: str, data: bytes) -> None:
            path = self.root.joinpath(*key.split("/"))
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)


YEAR = 2024
UNITS = {"jixian", "youyi", "zrzyj", "swj"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    root = tmp_path_factory.mktemp("store")
    return root, write_demo_corpus(LocalStore(root), YEAR)


def _text(path: Path) -> str:
    """All text, whitespace removed (PDF lines wrap inside sentences)."""
    if path.suffix == ".pdf":
        with pdfplumber.open(str(path)) as pdf:
            parts = [p.extract_text() or "" for p in pdf.pages]
    else:
        doc = Document(str(path))
        parts = [p.text for p in doc.paragraphs]
        parts += [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return re.sub(r"\s+", "", "".join(parts))


def test_keys_layout(corpus: tuple[Path, list[str]]) -> None:
    root, keys = corpus
    assert len(keys) == len(set(keys))
    bad = {f"{YEAR}/{BAD_KEYS[k]}" for k in BAD_KEYS if k != "bad_year"} | {BAD_KEYS["bad_year"]}
    assert bad <= set(keys)
    good = [k for k in keys if k not in bad]
    assert {k.split("/")[1] for k in good} == UNITS
    for key in good:
        year, unit, folder, name = key.split("/")
        assert year == str(YEAR) and unit in UNITS and folder and name
        assert (root / key).is_file()
    assert any(" " in k for k in good), "folder/file names with spaces are part of the demo"
    for unit in UNITS:
        folders = {k.split("/")[2] for k in good if k.split("/")[1] == unit}
        assert folders == {"依申请公开 答复书", "会议纪要", "业务培训", "工作要点"}
        replies = [k for k in good if k.split("/")[1] == unit and "答复书/" in k]
        assert 2 <= len(replies) <= 5
    suffixes = {Path(k).suffix for k in good}
    assert suffixes == {".docx", ".pdf"}


def test_good_files_are_readable_and_real(corpus: tuple[Path, list[str]]) -> None:
    root, keys = corpus
    bad_suffixes = {v for k, v in BAD_KEYS.items() if k not in ("unknown_unit", "bad_year")}
    for key in keys:
        if any(key.endswith(b) for b in bad_suffixes):
            continue
        text = _text(root / key)
        assert len(text) > 40, key
        if "答复书" in key and "延期" not in key:
            assert "政府信息公开申请答复书" in text and "收到您提出的政府信息公开申请" in text
            assert f"〔{YEAR}〕" in text


def test_intended_defects(corpus: tuple[Path, list[str]]) -> None:
    root, _ = corpus
    legacy = (root / f"{YEAR}/{BAD_KEYS['legacy_doc']}").read_bytes()
    assert legacy[:8] == bytes.fromhex("D0CF11E0A1B11AE1")
    assert not zipfile.is_zipfile(io.BytesIO(legacy))
    assert "WordDocument".encode("utf-16-le") in legacy  # a Word file, not an .xls
    assert (root / f"{YEAR}/{BAD_KEYS['empty']}").stat().st_size == 0
    truncated = root / f"{YEAR}/{BAD_KEYS['truncated_pdf']}"
    assert truncated.read_bytes().startswith(b"%PDF")
    with pytest.raises(Exception), pdfplumber.open(str(truncated)) as pdf:  # noqa: B017
        [p.extract_text() for p in pdf.pages]
    with pdfplumber.open(str(root / f"{YEAR}/{BAD_KEYS['image_only_pdf']}")) as pdf:
        assert len(pdf.pages) == 1
        assert (pdf.pages[0].extract_text() or "").strip() == ""
        assert len(pdf.pages[0].images) == 1
    assert "公开" in _text(root / f"{YEAR}/{BAD_KEYS['unknown_unit']}")
    assert "公开" in _text(root / BAD_KEYS["bad_year"])


def test_defective_letters_carry_their_defects(corpus: tuple[Path, list[str]]) -> None:
    root, _ = corpus
    wrong_body = _text(root / f"{YEAR}/youyi/依申请公开 答复书/答复书-02.docx")
    assert "向双鸭山市自然资源局申请行政复议" in wrong_body
    assert "第二十一条" in _text(root / f"{YEAR}/youyi/依申请公开 答复书/答复书-03.pdf")
    no_remedy = _text(root / f"{YEAR}/jixian/依申请公开 答复书/答复书 03.docx")
    assert "行政复议" not in no_remedy and "行政诉讼" not in no_remedy
    assert "3个月内" in _text(root / f"{YEAR}/swj/依申请公开 答复书/答复书-05.pdf")
    minutes_yes = _text(root / f"{YEAR}/jixian/会议纪要/县政府常务会议纪要（第3期）.docx")
    minutes_no = _text(root / f"{YEAR}/youyi/会议纪要/专题会议纪要 第12期.pdf")
    assert "政务公开工作要点" in minutes_yes
    assert "政务公开工作" not in minutes_no


def test_deterministic_bytes() -> None:
    first = demo_files(YEAR)
    second = demo_files(YEAR)
    assert [(f.key, f.data) for f in first] == [(f.key, f.data) for f in second]


def test_year_parameter() -> None:
    keys = [f.key for f in demo_files(2023)]
    assert all(k.startswith("2023/") for k in keys if k != BAD_KEYS["bad_year"])
