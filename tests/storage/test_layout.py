"""The key layout {year}/{unit_code}/…/{file}: what is accepted and why the rest is rejected."""

from __future__ import annotations

import pytest

from storage.layout import KeyInfo, Rejection, is_reserved, parse_key

UNITS = {"jixian", "shuangyashan-zrzy", "youyi"}


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("2024/jixian/答复书.docx", KeyInfo(2024, "jixian", "答复书.docx")),
        (
            "2024/jixian/依申请公开/答复书 07.docx",
            KeyInfo(2024, "jixian", "依申请公开/答复书 07.docx"),
        ),
        (
            "2019/shuangyashan-zrzy/1.4 依申请公开/第三季度/（2019）5号 告知书.pdf",
            KeyInfo(2019, "shuangyashan-zrzy", "1.4 依申请公开/第三季度/（2019）5号 告知书.pdf"),
        ),
        ("2024/youyi/README", KeyInfo(2024, "youyi", "README")),
        ("2024/youyi/a~b.docx", KeyInfo(2024, "youyi", "a~b.docx")),
    ],
)
def test_accepted(key: str, expected: KeyInfo) -> None:
    assert parse_key(key, UNITS) == expected


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("2024/答复书.docx", "路径层级不足，应为 年度/单位代码/文件"),
        ("答复书.docx", "路径层级不足，应为 年度/单位代码/文件"),
        ("二〇二四/jixian/a.docx", "年度目录无效：二〇二四（应为四位数字年份，如 2024）"),
        ("２０２４/jixian/a.docx", "年度目录无效：２０２４（应为四位数字年份，如 2024）"),
        ("24/jixian/a.docx", "年度目录无效：24（应为四位数字年份，如 2024）"),
        ("1999/jixian/a.docx", "年度目录无效：1999（年份超出 2000–2100）"),
        ("2024/jixan/a.docx", "未知单位代码：jixan（不在单位名单中）"),
        ("2024/集贤县/a.docx", "未知单位代码：集贤县（不在单位名单中）"),
        ("2024/jixian/~$答复书.docx", "临时文件或隐藏文件，已忽略"),
        ("2024/jixian/.DS_Store", "临时文件或隐藏文件，已忽略"),
        ("2024/jixian/.hidden/a.docx", "临时文件或隐藏文件，已忽略"),
        ("2024/jixian/~WRL0001.tmp", "临时文件或隐藏文件，已忽略"),
        ("2024/jixian/Thumbs.db", "临时文件或隐藏文件，已忽略"),
        ("2024/jixian/__MACOSX/a.docx", "临时文件或隐藏文件，已忽略"),
        ("2024/jixian/a.docx.part", "临时文件或隐藏文件，已忽略"),
        ("2024/jixian/../youyi/a.docx", "路径含“.”或“..”目录：2024/jixian/../youyi/a.docx"),
        ("2024/./jixian/a.docx", "路径含“.”或“..”目录：2024/./jixian/a.docx"),
        ("2024//jixian/a.docx", "路径含空目录名（连续的“/”或以“/”开头）：2024//jixian/a.docx"),
        ("/2024/jixian/a.docx", "路径含空目录名（连续的“/”或以“/”开头）：/2024/jixian/a.docx"),
        (
            "2024\\jixian\\a.docx",
            "路径含反斜杠“\\”，应使用“/”分隔目录：2024\\jixian\\a.docx",
        ),
    ],
)
def test_rejected(key: str, reason: str) -> None:
    assert parse_key(key, UNITS) == Rejection(reason)


@pytest.mark.parametrize("key", ["2024/", "2024/jixian/", "2024/jixian/依申请公开/"])
def test_folder_markers_are_skipped(key: str) -> None:
    assert parse_key(key, UNITS) is None


def test_unit_codes_are_exact() -> None:
    assert isinstance(parse_key("2024/JIXIAN/a.docx", UNITS), Rejection)
    assert parse_key("2024/JIXIAN/a.docx", ["JIXIAN"]) == KeyInfo(2024, "JIXIAN", "a.docx")


@pytest.mark.parametrize(
    "key",
    [
        "_evidence/sha256/ab/abcdef",
        "_crawl/2024/jixian/warc/00001.warc.gz",
        "_anything/else.docx",
    ],
)
def test_reserved_folders_are_never_submissions(key: str) -> None:
    assert is_reserved(key)
    assert parse_key(key, UNITS) is None
    assert not is_reserved("2024/jixian/_草稿.docx")
