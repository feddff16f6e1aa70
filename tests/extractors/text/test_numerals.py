"""The one numeral parser, on the forms documents write: years, counts, article numbers."""

from __future__ import annotations

import pytest

from extractors.text.numerals import chinese_number


@pytest.mark.parametrize(
    ("s", "n"),
    [
        ("二〇二三", 2023),  # years are read digit by digit
        ("二○一九", 2019),
        ("二O二四", 2024),  # a Latin O typed for 〇
        ("２０２４", 2024),
        ("1,234", 1234),
        ("1 3", 13),  # a number a PDF broke across lines
        ("十二", 12),
        ("三十一", 31),
        ("一百零五", 105),
        ("两百", 200),
    ],
)
def test_reads(s: str, n: int) -> None:
    assert chinese_number(s) == n


@pytest.mark.parametrize("s", ["", "—", "三四十", "十十", "一百五", "第三", "3a"])
def test_refuses_what_it_cannot_read_for_sure(s: str) -> None:
    assert chinese_number(s) is None
