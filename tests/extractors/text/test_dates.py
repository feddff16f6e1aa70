"""Date extraction: every written form seen in replies and reports, traps, and real documents."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from extractors.parsing.dispatch import parse_file
from extractors.text import collapse_ws
from extractors.text.dates import DateMatch, find_dates, parse_date
from kaohe.demo.docgen import DocSpec, write_docx, write_pdf


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024年3月5日", date(2024, 3, 5)),
        ("2024年03月05日", date(2024, 3, 5)),
        ("２０２４年３月５日", date(2024, 3, 5)),
        ("二〇二四年三月五日", date(2024, 3, 5)),  # 〇 U+3007
        ("二○二四年三月五日", date(2024, 3, 5)),  # ○ U+25CB
        ("二O二四年三月五日", date(2024, 3, 5)),  # Latin O typed for 〇
        ("二零二四年十二月三十一日", date(2024, 12, 31)),
        ("二〇二四年十月二十一日", date(2024, 10, 21)),
        ("二〇一九年五月十五日", date(2019, 5, 15)),
        ("2024年十月二十一日", date(2024, 10, 21)),
        ("2024.3.5", date(2024, 3, 5)),
        ("2024-3-5", date(2024, 3, 5)),
        ("2024/3/5", date(2024, 3, 5)),
        ("2024-03-05", date(2024, 3, 5)),
        ("２０２４．３．５", date(2024, 3, 5)),
        ("2024年3月5号", date(2024, 3, 5)),
        ("2024年2月29日", date(2024, 2, 29)),  # leap day
    ],
)
def test_single_forms(text: str, expected: date) -> None:
    (m,) = find_dates(text)
    assert (m.value, m.start, m.end, m.text, m.has_year) == (expected, 0, len(text), text, True)


def test_time_after_date_is_not_part_of_the_match() -> None:
    text = "2021年5月21日上午 9:00，召开政务公开工作推进会"
    (m,) = find_dates(text)
    assert m.value == date(2021, 5, 21)
    assert m.text == "2021年5月21日"
    assert parse_date("2024年3月5日上午9:00") == date(2024, 3, 5)


@pytest.mark.parametrize(
    "text",
    [
        "2024年3\n月5日",
        "2024 年 3 月 5 日",
        "二〇二四年\n三月五日",
        "20\n24年3月5日",
        "2024年3月\n5\n日",
    ],
)
def test_whitespace_and_line_breaks_inside_a_date(text: str) -> None:
    (m,) = find_dates("本机关于" + text + "收到")
    assert m.value == date(2024, 3, 5)
    assert m.text == text  # verbatim, newline kept
    assert collapse_ws(m.text) in collapse_ws("本机关于" + text + "收到")


def test_spans_are_verbatim_slices_in_text_order() -> None:
    text = (
        "申请人于2022年6月1日通过邮寄申请方式提出申请，2022年6月6日，该邮件显示被签收；"
        "被申请人于2022.7.4作出答复。"
    )
    found = find_dates(text)
    assert [m.value for m in found] == [date(2022, 6, 1), date(2022, 6, 6), date(2022, 7, 4)]
    for m in found:
        assert text[m.start : m.end] == m.text
    assert [m.start for m in found] == sorted(m.start for m in found)


def test_dates_without_year_take_the_nearest_preceding_full_date() -> None:
    text = "2023年12月28日收到申请，2024年1月2日补正，1月5日签收，三月五日答复。"
    found = find_dates(text, default_year=2020)
    assert [(m.value, m.has_year) for m in found] == [
        (date(2023, 12, 28), True),
        (date(2024, 1, 2), True),
        (date(2024, 1, 5), False),
        (date(2024, 3, 5), False),
    ]
    assert found[2].text == "1月5日"


def test_dates_without_year_use_default_year_or_are_skipped() -> None:
    text = "10月31日，县长主持召开县政府常务会议。"
    (m,) = find_dates(text, default_year=2022)
    assert (m.value, m.has_year, m.text) == (date(2022, 10, 31), False, "10月31日")
    assert find_dates(text) == []  # no year anywhere: no guess
    assert parse_date("十二月三十一日", default_year=2023) == date(2023, 12, 31)
    # 同年 / 次日 style context words do not block a short date
    assert parse_date("同年3月5日", default_year=2021) == date(2021, 3, 5)


def test_yearless_feb_29_in_a_non_leap_year_is_rejected() -> None:
    assert find_dates("2月29日", default_year=2023) == []
    assert parse_date("2月29日", default_year=2024) == date(2024, 2, 29)


@pytest.mark.parametrize(
    "text",
    [
        "2024年2月30日",
        "2023年2月29日",
        "2024年13月1日",
        "2024年4月31日",
        "集自然资信复〔2024〕7号",
        "聊建公开告字[2023]61号",
        "《中华人民共和国政府信息公开条例》第三十六条第（四）项",
        "联系电话：0469-2024-3-5",
        "13945162024",
        "本年收费金额2024.50万元",
        "2024.3.5万元",
        "版本 v2024.3.5.1",
        "IP 123.56.154.50",
        "2024年3月",
        "24年3月5日",  # abbreviated year: not trusted, and not misread as a yearless date
        "2024-3/5",  # mixed separators
        "共130余人参加培训",
    ],
)
def test_non_dates_are_rejected(text: str) -> None:
    assert find_dates(text, default_year=2024) == []


def test_twelve_is_not_read_as_two() -> None:
    (m,) = find_dates("二〇二三年十二月一日")
    assert m.value == date(2023, 12, 1)
    (m,) = find_dates("会议于十二月一日召开", default_year=2023)
    assert (m.value, m.text) == (date(2023, 12, 1), "十二月一日")


def test_date_match_is_immutable_and_parse_date_none() -> None:
    m = find_dates("2024年3月5日")[0]
    assert isinstance(m, DateMatch)
    with pytest.raises(AttributeError):
        m.start = 3  # type: ignore[misc]
    assert parse_date("无日期") is None


def _letter() -> DocSpec:
    return DocSpec(
        items=[
            "政府信息公开申请答复书",
            "王某某：",
            # long enough that the PDF wraps it across lines
            "本机关于二〇二四年三月五日收到您通过信函方式提出的关于某某村土地征收补偿安置方案、"
            "征地批复文件及相关会议纪要的政府信息公开申请，经补正后于同年3月12日收到补正材料。"
            "经研究，现答复如下：",
            "集贤县自然资源局",
            "2024年4月2日",
        ],
        right_aligned=frozenset({3, 4}),
    )


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_real_document_dates(tmp_path: Path, fmt: str) -> None:
    writer = write_docx if fmt == "docx" else write_pdf
    doc = parse_file(writer(_letter(), tmp_path / f"letter.{fmt}"))
    assert doc.status == "ok"
    found = find_dates(doc.text)
    assert [(m.value, m.has_year) for m in found] == [
        (date(2024, 3, 5), True),
        (date(2024, 3, 12), False),
        (date(2024, 4, 2), True),
    ]
    for m in found:
        assert doc.text[m.start : m.end] == m.text
    if fmt == "pdf":  # this layout wraps the line between 3月 and 12日: the real PDF case
        assert found[1].text == "3月\n12日"
    # per block as an extractor would search it, with the block's quote
    blocks = [b for b in doc.blocks if find_dates(b.text)]
    assert collapse_ws(find_dates(blocks[-1].text)[-1].text) == "2024年4月2日"
