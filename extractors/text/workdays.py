"""Working days on the official PRC calendar (法定节假日 and 调休 weekends applied).

Sources, in order of precedence for one date:

1. ``overrides`` (normally :func:`load_holiday_file` on ``config/holidays.yaml``): date → working?
2. ``chinese_calendar`` (package ``chinesecalendar``; version 1.11 knows 2004–2026);
3. for a year the holiday file lists but ``chinese_calendar`` does not know: Monday–Friday work,
   weekends rest (the listed dates already applied in step 1).

A date in any other year raises :class:`UnknownCalendarYear`: a deadline must never be computed
as if the 春节 or 国庆 holidays were working days.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path

import chinese_calendar
import yaml

from kaohe.errors import ConfigError

__all__ = ["UnknownCalendarYear", "WorkCalendar", "load_holiday_file"]

#: builds the ConfigError for a node (its line) and a Chinese message
_Fail = Callable[[yaml.Node | None, str], ConfigError]

_ONE_DAY = datetime.timedelta(days=1)
#: a longer holiday range is almost certainly a typo (the longest official break is 8-9 days)
_MAX_RANGE_DAYS = 31


class UnknownCalendarYear(ValueError):
    """A date lies in a year whose official holiday arrangement is unknown (``year`` attribute)."""

    def __init__(self, year: int) -> None:
        super().__init__(
            f"{year}年的法定节假日安排未知，无法计算工作日：请在 config/holidays.yaml 中补充该年"
            "国务院办公厅节假日安排"
        )
        self.year = year


class WorkCalendar:
    """Official working days: ``overrides`` (date → True working / False rest) win over
    ``chinese_calendar``; a year listed in the overrides is known even where
    ``chinese_calendar`` has no data."""

    def __init__(self, overrides: Mapping[date, bool] | None = None) -> None:
        self._overrides: dict[date, bool] = dict(overrides or {})
        self._override_years = frozenset(d.year for d in self._overrides)
        self._library_years: dict[int, bool] = {}
        #: the library's answers: a reply letter asks for ~20 days, each a validated lookup
        self._library_days: dict[date, bool] = {}

    def knows(self, year: int) -> bool:
        """True when working days of ``year`` can be computed."""
        return year in self._override_years or self._library_knows(year)

    def is_workday(self, d: date) -> bool:
        """Whether ``d`` is an official working day; :class:`UnknownCalendarYear` if unknowable."""
        hit = self._overrides.get(d)
        if hit is not None:
            return hit
        if self._library_knows(d.year):
            known = self._library_days.get(d)
            if known is None:
                known = self._library_days[d] = bool(chinese_calendar.is_workday(d))
            return known
        if d.year in self._override_years:
            return d.weekday() < 5
        raise UnknownCalendarYear(d.year)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]: the day of receipt not counted, ``end`` counted; 0 if
        ``end <= start``."""
        count = 0
        d = start + _ONE_DAY
        while d <= end:
            count += self.is_workday(d)
            d += _ONE_DAY
        return count

    def add_working_days(self, start: date, n: int) -> date:
        """The ``n``-th working day after ``start`` (the deadline day); ``start`` when n == 0."""
        if n < 0:
            raise ValueError("n must be >= 0")
        d = start
        while n:
            d += _ONE_DAY
            n -= self.is_workday(d)
        return d

    def _library_knows(self, year: int) -> bool:
        known = self._library_years.get(year)
        if known is None:
            try:
                chinese_calendar.is_workday(date(year, 6, 1))
                known = True
            except NotImplementedError:  # "no available data for year …"
                known = False
            self._library_years[year] = known
        return known


def load_holiday_file(path: Path) -> dict[date, bool]:
    """Read the holiday file (format in ``config/holidays.yaml``) into date → working day.

    Each listed year must give a ``source`` (the 国务院办公厅 notice) and at least one holiday;
    ``workdays`` may only be weekends (调休上班), and a date may not be both. Raises
    :class:`~kaohe.errors.ConfigError` naming the file and line on any bad data.
    """
    try:
        with path.open(encoding="utf-8") as f:
            root = yaml.compose(f)
    except FileNotFoundError:
        raise ConfigError(f"节假日文件不存在：{path}") from None
    except OSError as e:
        raise ConfigError(f"节假日文件无法读取：{path}（{e.strerror}）") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = f" 第{mark.line + 1}行" if mark is not None else ""
        raise ConfigError(f"节假日文件 {path}{line} 不是合法的 YAML：{e}") from None

    def fail(node: yaml.Node | None, msg: str) -> ConfigError:
        line = f" 第{node.start_mark.line + 1}行" if node is not None else ""
        return ConfigError(f"节假日文件 {path}{line}：{msg}")

    if root is None:
        return {}
    years_node = _mapping_get(root, "years", fail, required=True)
    result: dict[date, bool] = {}
    if _is_null(years_node):
        return result
    if not isinstance(years_node, yaml.MappingNode):
        raise fail(years_node, "years 应为以年份为键的映射")
    for key_node, body in years_node.value:
        try:
            year = int(key_node.value)
        except (TypeError, ValueError):
            raise fail(key_node, f"年份应为整数，实为 {key_node.value!r}") from None
        if not 2000 <= year <= 2100:
            raise fail(key_node, f"年份超出范围：{year}")
        if not isinstance(body, yaml.MappingNode):
            raise fail(body, f"{year} 年应包含 source、holidays、workdays")
        unknown = {k.value for k, _ in body.value} - {"source", "holidays", "workdays"}
        if unknown:
            raise fail(body, f"{year} 年含未知字段：{'、'.join(sorted(unknown))}")
        source = _mapping_get(body, "source", fail, required=True)
        if not isinstance(source, yaml.ScalarNode) or not str(source.value).strip():
            raise fail(source, f"{year} 年缺少 source（国务院办公厅通知名称与文号）")
        holidays = _dates(_mapping_get(body, "holidays", fail, required=True), year, fail)
        if not holidays:
            raise fail(body, f"{year} 年未列出任何节假日")
        workdays = _dates(_mapping_get(body, "workdays", fail, required=False), year, fail)
        for d, node in holidays:
            if d in result:
                raise fail(node, f"日期重复：{d.isoformat()}")
            result[d] = False
        for d, node in workdays:
            if d.weekday() < 5:
                raise fail(node, f"{d.isoformat()} 不是周末，无需列为调休上班日")
            if d in result:
                raise fail(node, f"{d.isoformat()} 同时列为节假日和上班日，或重复")
            result[d] = True
    return result


def _is_null(node: yaml.Node | None) -> bool:
    return node is None or (isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null"))


def _mapping_get(node: yaml.Node, key: str, fail: _Fail, *, required: bool) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        raise fail(node, f"此处应为映射（含 {key}）")
    for k, v in node.value:
        if k.value == key:
            node_value: yaml.Node = v
            return node_value
    if required:
        raise fail(node, f"缺少 {key}")
    return None


def _dates(node: yaml.Node | None, year: int, fail: _Fail) -> list[tuple[date, yaml.Node]]:
    """``["2027-01-01", "2027-02-05..2027-02-11"]`` → each day with its node (for line numbers)."""
    if _is_null(node):
        return []
    assert node is not None
    if not isinstance(node, yaml.SequenceNode):
        raise fail(node, "holidays/workdays 应为日期列表")
    out: list[tuple[date, yaml.Node]] = []
    for item in node.value:
        if not isinstance(item, yaml.ScalarNode):
            raise fail(item, "日期应写作 YYYY-MM-DD 或 YYYY-MM-DD..YYYY-MM-DD")
        first_s, sep, last_s = str(item.value).strip().partition("..")
        first = _iso(first_s, item, fail)
        last = _iso(last_s, item, fail) if sep else first
        if last < first or (last - first).days >= _MAX_RANGE_DAYS:
            raise fail(item, f"日期范围无效：{item.value}")
        if first.year != year or last.year != year:
            raise fail(item, f"日期 {item.value} 不在 {year} 年")
        d = first
        while d <= last:
            out.append((d, item))
            d += _ONE_DAY
    return out


def _iso(s: str, node: yaml.Node, fail: _Fail) -> date:
    try:
        return date.fromisoformat(s.strip())
    except ValueError:
        raise fail(node, f"日期格式错误：{s!r}（应为 YYYY-MM-DD）") from None
