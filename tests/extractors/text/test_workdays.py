"""Working days on the official calendar: 春节/国庆 with 调休, unknown years, the holiday file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from extractors.text.workdays import UnknownCalendarYear, WorkCalendar, load_holiday_file
from kaohe.errors import ConfigError

CONFIG = Path(__file__).resolve().parents[3] / "config" / "holidays.yaml"
CAL = WorkCalendar()


def test_spring_festival_2024_with_adjusted_sundays() -> None:
    # 2024 春节: 2月10日至17日放假; 2月4日（星期日）、2月18日（星期日）上班
    assert CAL.is_workday(date(2024, 2, 4)) is True
    assert CAL.is_workday(date(2024, 2, 18)) is True
    assert not any(CAL.is_workday(date(2024, 2, d)) for d in range(10, 18))
    # receipt Thursday 2024-02-08: 2/9, 2/18, 2/19-23, 2/26-3/1 → 12 working days to 3/1
    assert CAL.working_days_between(date(2024, 2, 8), date(2024, 3, 1)) == 12
    assert CAL.add_working_days(date(2024, 2, 8), 20) == date(2024, 3, 13)
    # the 调休 Sunday before the break counts: receipt 2/1 → 2/2, 2/4, 2/5 … 2/9, 2/18
    assert CAL.working_days_between(date(2024, 2, 1), date(2024, 2, 18)) == 8


def test_national_day_2024() -> None:
    # 2024-09-29 (Sunday) and 2024-10-12 (Saturday) were working days; 10/1-10/7 off
    assert CAL.is_workday(date(2024, 9, 29)) and CAL.is_workday(date(2024, 10, 12))
    assert CAL.working_days_between(date(2024, 9, 27), date(2024, 10, 12)) == 7
    assert CAL.add_working_days(date(2024, 9, 27), 20) == date(2024, 10, 30)


def test_mid_autumn_and_national_day_2023_combined() -> None:
    # 9月29日至10月6日放假; 10月7日（星期六）、10月8日（星期日）上班
    assert not any(CAL.is_workday(date(2023, 9, d)) for d in (29, 30))
    assert not any(CAL.is_workday(date(2023, 10, d)) for d in range(1, 7))
    assert CAL.working_days_between(date(2023, 9, 27), date(2023, 10, 9)) == 4
    assert CAL.add_working_days(date(2023, 9, 27), 2) == date(2023, 10, 7)


def test_receipt_on_a_saturday_counts_from_the_next_working_day() -> None:
    # 平顶山 case: 签收 2022-05-21 (Saturday); 端午 2022-06-03 off
    assert CAL.working_days_between(date(2022, 5, 21), date(2022, 5, 23)) == 1
    assert CAL.add_working_days(date(2022, 5, 21), 1) == date(2022, 5, 23)
    assert CAL.add_working_days(date(2022, 5, 21), 20) == date(2022, 6, 20)
    # 常州孟河 case: 2023-04-23 was a Sunday and a 调休 working day
    assert CAL.is_workday(date(2023, 4, 23)) is True


def test_s6_2025_receipt_twentieth_working_day() -> None:
    assert CAL.add_working_days(date(2025, 2, 20), 20) == date(2025, 3, 20)
    assert CAL.working_days_between(date(2025, 2, 20), date(2025, 3, 20)) == 20
    assert CAL.working_days_between(date(2025, 2, 20), date(2025, 3, 19)) == 19


def test_edges_of_the_interval() -> None:
    assert CAL.working_days_between(date(2024, 3, 5), date(2024, 3, 5)) == 0
    assert CAL.working_days_between(date(2024, 4, 2), date(2024, 3, 5)) == 0
    assert CAL.working_days_between(date(2024, 3, 5), date(2024, 4, 2)) == 20
    assert CAL.add_working_days(date(2024, 3, 5), 0) == date(2024, 3, 5)
    with pytest.raises(ValueError):
        CAL.add_working_days(date(2024, 3, 5), -1)


def test_unknown_year_raises_instead_of_guessing() -> None:
    assert CAL.knows(2026) and not CAL.knows(2027) and not CAL.knows(2003)
    with pytest.raises(UnknownCalendarYear) as e:
        CAL.is_workday(date(2027, 1, 4))
    assert e.value.year == 2027 and "2027年" in str(e.value)
    assert isinstance(e.value, ValueError)
    with pytest.raises(UnknownCalendarYear):
        CAL.working_days_between(date(2026, 12, 20), date(2027, 1, 10))
    with pytest.raises(UnknownCalendarYear):
        CAL.add_working_days(date(2026, 12, 20), 20)


# Fictional arrangement, for the format only: not the official 2027 schedule.
FICTIONAL_2027 = """\
years:
  2027:
    source: 测试用虚构安排（非官方）
    holidays: ["2027-01-01", "2027-02-05..2027-02-11"]
    workdays: ["2027-02-14"]
"""


def test_holiday_file_makes_a_year_known(tmp_path: Path) -> None:
    path = tmp_path / "holidays.yaml"
    path.write_text(FICTIONAL_2027, encoding="utf-8")
    overrides = load_holiday_file(path)
    assert len(overrides) == 9
    assert overrides[date(2027, 2, 14)] is True and overrides[date(2027, 2, 8)] is False
    cal = WorkCalendar(overrides)
    assert cal.knows(2027)
    assert cal.is_workday(date(2027, 1, 1)) is False  # Friday, listed holiday
    assert cal.is_workday(date(2027, 1, 4)) is True  # Monday
    assert cal.is_workday(date(2027, 1, 9)) is False  # Saturday
    assert cal.is_workday(date(2027, 2, 14)) is True  # listed 调休 Sunday
    # across the year boundary: 2026 from chinese_calendar, 2027 from the file
    # 12/31 (Thu), then 1/1 listed holiday, 1/4, 1/5
    assert cal.working_days_between(date(2026, 12, 30), date(2027, 1, 5)) == 3
    # 2/4 Thu receipt: 2/12 Fri, 2/14 Sun, 2/15 Mon
    assert cal.add_working_days(date(2027, 2, 4), 3) == date(2027, 2, 15)


def test_overrides_win_over_chinese_calendar() -> None:
    cal = WorkCalendar({date(2024, 3, 13): False, date(2024, 3, 16): True})
    assert cal.is_workday(date(2024, 3, 13)) is False
    assert cal.is_workday(date(2024, 3, 16)) is True
    assert cal.add_working_days(date(2024, 2, 8), 20) == date(2024, 3, 14)


def test_shipped_holiday_file_is_valid() -> None:
    overrides = load_holiday_file(CONFIG)
    # every listed year must be one chinese_calendar lacks or corrects; none invented here
    assert all(isinstance(v, bool) for v in overrides.values())
    assert "years:" in CONFIG.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        (FICTIONAL_2027.replace("2027-02-14", "2027-02-15"), 5, "不是周末"),  # Monday
        (FICTIONAL_2027.replace('"2027-01-01"', '"2027-13-01"'), 4, "日期格式错误"),
        (FICTIONAL_2027.replace("2027-02-11", "2027-02-01"), 4, "日期范围无效"),
        (FICTIONAL_2027.replace('"2027-01-01"', '"2026-12-31"'), 4, "不在 2027 年"),
        (FICTIONAL_2027.replace("    source: 测试用虚构安排（非官方）\n", ""), 3, "缺少 source"),
        (FICTIONAL_2027.replace("workdays: [", "workday: ["), 3, "未知字段"),
        (FICTIONAL_2027.replace("  2027:", "  next:"), 2, "年份应为整数"),
        (FICTIONAL_2027.replace('["2027-02-14"]', '["2027-02-06"]'), 5, "同时列为"),
        ("years:\n  2027: [\n", 3, "不是合法的 YAML"),
        ("years: [2027]\n", 1, "years"),
    ],
)
def test_bad_holiday_file_names_file_and_line(
    tmp_path: Path, body: str, line: int, words: str
) -> None:
    path = tmp_path / "holidays.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as e:
        load_holiday_file(path)
    assert str(path) in e.value.reason
    assert f"第{line}行" in e.value.reason
    assert words in e.value.reason


def test_missing_holiday_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="不存在"):
        load_holiday_file(tmp_path / "none.yaml")
