"""Rubric files: the shipped defaults, validation errors with file and line, content hashing."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from kaohe.errors import ConfigError
from scoring.rubric import SEED_INDICATORS, load_rubric, load_rubrics, rubrics_hash
from tests.scoring._scoring_facts import CONFIG

COUNTY = (CONFIG / "rubric-county.yaml").read_text(encoding="utf-8")


def write(tmp_path: Path, text: str, name: str = "rubric-county.yaml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def line_of(text: str, needle: str) -> int:
    """1-based line of the first line containing ``needle``."""
    for i, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return i
    raise AssertionError(needle)


def edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def error(path: Path) -> str:
    with pytest.raises(ConfigError) as e:
        load_rubric(path)
    return e.value.reason


def test_shipped_rubrics_cover_every_seed_indicator_with_100_points() -> None:
    rubrics = load_rubrics(CONFIG)
    assert set(rubrics) == {"county", "department"}
    for kind, rubric in rubrics.items():
        assert rubric.kind == kind
        assert [(i.code, i.name, i.group) for i in rubric.indicators] == list(SEED_INDICATORS[kind])
        assert sum(i.points for i in rubric.indicators) == 100
        assert all(i.points >= 0 for i in rubric.indicators)
    county = rubrics["county"]
    assert [i.code for i in county.indicators][:2] == ["1.1.1", "1.1.2"]
    i143 = county.indicator("1.4.3")
    assert i143 is not None and i143.points == 10 and i143.rule == "reply_letters"
    assert i143.params["deductions"]["missing_legal_basis"] == 1.5
    assert i143.params["absent"] == {
        "status": "pending_manual",
        "explanation": "未提交答复书，如本年度未收到申请请人工确认",
    }
    rules = {i.code: i.rule for r in rubrics.values() for i in r.indicators}
    assert rules["1.4.3"] == rules["2.4.3"] == "reply_letters"
    assert rules["1.4.1"] == rules["2.4.1"] == "coverage"
    # only the on-site 公共查阅场所 is left wholly to people
    assert {c for c, r in rules.items() if r == "manual"} == {"1.2.1", "2.2.1"}
    i111 = county.indicator("1.1.1")
    assert i111 is not None and i111.rule == "parts"
    assert [(p["rule"], p["points"]) for p in i111.params["parts"]] == [
        ("minutes_discussed", 4),
        ("documents_found", 2),
    ]
    names = {i.code: i.name for i in county.indicators}
    assert names["1.2.3"] == "“两微一端”、政府公报、新闻发布会等公开渠道建设（运行）情况"


def test_seed_names_match_the_seed_document() -> None:
    seed = Path("/work/shared/seed/assessment-system-2019.txt")
    if not seed.exists():
        pytest.skip("seed document not available here")
    text = seed.read_text(encoding="utf-8")
    # the seed separates "1.1.1" from the name with U+2002 (or nothing, once: "1.4.3答复…")
    found = {
        m[1]: m[2].strip() for m in re.finditer(r"^(\d\.\d\.\d)[\s\u2002]*(\S.*)$", text, re.M)
    }
    expected = {c: n for kind in SEED_INDICATORS.values() for c, n, _ in kind}
    assert found == expected


def test_missing_indicator_names_file_and_line(tmp_path: Path) -> None:
    start = COUNTY.index('  - code: "1.2.1"')
    end = COUNTY.index('  - code: "1.2.2"')
    p = write(tmp_path, COUNTY[:start] + COUNTY[end:])
    reason = error(p)
    assert str(p) in reason
    assert f"第{line_of(COUNTY, 'indicators:')}行" in reason
    assert "缺少指标：1.2.1 公共查阅场所建设情况" in reason


def test_unknown_rule_names_its_line(tmp_path: Path) -> None:
    text = edit(COUNTY, "rule: training_held", "rule: trainings_held")
    reason = error(write(tmp_path, text))
    assert f"第{line_of(text, 'trainings_held')}行" in reason
    assert "指标 1.1.3（规则 parts）：部分规则 'trainings_held' 不可用" in reason
    assert "reply_letters" in reason  # lists what is available


def test_unknown_deduction_code_names_its_line(tmp_path: Path) -> None:
    text = edit(COUNTY, "        late_reply: 2 ", "        late_replies: 2 ")
    reason = error(write(tmp_path, text))
    assert f"第{line_of(text, 'late_replies')}行" in reason
    assert "指标 1.4.3（规则 reply_letters）：未知参数 late_replies" in reason


def test_negative_weight_is_rejected(tmp_path: Path) -> None:
    text = edit(COUNTY, "remedy_one_channel: 1 ", "remedy_one_channel: -1 ")
    reason = error(write(tmp_path, text))
    assert f"第{line_of(text, 'remedy_one_channel: -1')}行" in reason
    assert "remedy_one_channel 应为不小于 0 的数" in reason


def test_wrong_total_is_rejected(tmp_path: Path) -> None:
    text = edit(
        COUNTY, "    points: 6\n    rule: manual", "    points: 7\n    rule: manual"
    )  # 1.2.1
    reason = error(write(tmp_path, text))
    assert "各指标分值合计 101 分，与总分 100 分不符" in reason
    assert f"第{line_of(text, 'indicators:')}行" in reason
    # a declared total makes the same allocation valid
    ok = load_rubric(write(tmp_path, edit(text, "total: 100", "total: 101"), "r2.yaml"))
    assert ok.total == 101 and ok.indicator("1.2.1").points == 7  # type: ignore[union-attr]


# Each case edits the shipped file; "#HERE" marks the line the error must name (a comment,
# so it does not change what is parsed).
@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "name: 答复规范化情况",
            "name: 答复规范情况 #HERE",
            "指标 1.4.3 的名称应为“答复规范化情况”",
        ),
        ('code: "1.4.2"', 'code: "2.4.2" #HERE', "指标编号 2.4.2 不属于本类单位的考核指标"),
        (
            "points_if_found: 4\n",
            "points_if_found: 9 #HERE\n",
            "points_if_found 为 9，超过本部分（专题会议研究政务公开工作）分值 4",
        ),
        (
            "{min: 100, points: 2}",
            "{min: 100, points: 6}",
            "最高一档加分之和 9 超过本部分（政务公开业务培训）分值 5",
        ),
        ("doc_types: [meeting_minutes]", "doc_types: [minutes] #HERE", "未知的文档类型 minutes"),
        (
            'status: pending_manual\n        explanation: "未提交',
            'status: zero #HERE\n        explanation: "未提交',
            "absent.status 应为 pending_manual 或 auto",
        ),
        ('version: "2024.2"\nkind: county', "kind: county #HERE", "缺少 version"),
        (
            '    points: 6\n    rule: manual\n    params:\n      reason: "政务服务',
            "    points: 6\n    points: 6 #HERE\n"
            '    rule: manual\n    params:\n      reason: "政务服务',
            "键 points 重复",
        ),
        ("    points: 14\n", "    points: -14 #HERE\n", "指标 1.3.2 的分值应为不小于 0 的数"),
        (
            '    rule: manual\n    params:\n      reason: "政务服务',
            '    rule: manual\n    params:\n      why: "政务服务 #HERE',
            "未知参数 why",
        ),
    ],
)
def test_invalid_values_name_their_line(tmp_path: Path, old: str, new: str, message: str) -> None:
    text = edit(COUNTY, old, new)
    reason = error(write(tmp_path, text))
    assert message in reason, reason
    line = line_of(text, "#HERE") if "#HERE" in text else line_of(text, "participant_tiers:")
    assert f"{tmp_path / 'rubric-county.yaml'} 第{line}行" in reason, reason


def test_duplicate_indicator_names_both_lines(tmp_path: Path) -> None:
    text = edit(
        COUNTY,
        'code: "1.4.2"\n    name: 申请渠道畅通情况',
        'code: "1.4.3"\n    name: 答复规范化情况',
    )
    reason = error(write(tmp_path, text))
    lines = [i for i, t in enumerate(text.splitlines(), 1) if 'code: "1.4.3"' in t]
    assert f"第{lines[1]}行：指标 1.4.3 重复（第{lines[0]}行已定义）" in reason


def test_yaml_syntax_error_names_line(tmp_path: Path) -> None:
    text = edit(COUNTY, "    points: 14\n", "    points: [14\n")
    reason = error(write(tmp_path, text))
    assert str(tmp_path) in reason and "不是合法的 YAML" in reason
    assert re.search(r"第\d+行", reason)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="评分细则文件不存在"):
        load_rubrics(tmp_path)


def test_hash_is_content_based(tmp_path: Path) -> None:
    base = load_rubric(CONFIG / "rubric-county.yaml")
    # comments and layout: same content, same hash
    commented = COUNTY.replace("# 超过法定答复期限", "# 超过法定答复期限（逾期）") + "\n# 备注\n"
    assert load_rubric(write(tmp_path, commented, "a.yaml")).hash == base.hash
    # a param spelled out with its default value is the same content as the param omitted
    line = next(t for t in COUNTY.splitlines(keepends=True) if "key_hints: [纪要, 会议]" in t)
    omitted = edit(COUNTY, line, "")
    assert load_rubric(write(tmp_path, omitted, "b.yaml")).hash == base.hash
    # reordering indicators does not change the content either (they are kept in seed order)
    i = COUNTY.index('  - code: "1.4.1"')
    j = COUNTY.index('  - code: "1.4.2"')
    moved = COUNTY[:i] + COUNTY[j:] + COUNTY[i:j]
    assert load_rubric(write(tmp_path, moved, "d.yaml")).hash == base.hash
    # any value: a new hash
    for old, new in [
        ("missing_legal_basis: 1.5", "missing_legal_basis: 2"),
        ('version: "2024.2"', 'version: "2024.3"'),
        ("未提交答复书，如本年度未收到申请请人工确认", "未提交答复书，请人工确认"),
        ("{min: 30, points: 1}", "{min: 40, points: 1}"),
    ]:
        changed = load_rubric(write(tmp_path, edit(COUNTY, old, new), "c.yaml"))
        assert changed.hash != base.hash, old


def test_rubrics_hash_changes_with_either_rubric(tmp_path: Path) -> None:
    for name in ("rubric-county.yaml", "rubric-department.yaml"):
        shutil.copy(CONFIG / name, tmp_path / name)
    h0 = rubrics_hash(load_rubrics(tmp_path))
    assert h0 == rubrics_hash(load_rubrics(CONFIG))
    dep = (tmp_path / "rubric-department.yaml").read_text(encoding="utf-8")
    (tmp_path / "rubric-department.yaml").write_text(
        edit(dep, "late_reply: 2 ", "late_reply: 3 "), encoding="utf-8"
    )
    assert rubrics_hash(load_rubrics(tmp_path)) != h0


def test_file_kind_must_match_name(tmp_path: Path) -> None:
    shutil.copy(CONFIG / "rubric-department.yaml", tmp_path / "rubric-county.yaml")
    shutil.copy(CONFIG / "rubric-department.yaml", tmp_path / "rubric-department.yaml")
    with pytest.raises(ConfigError, match="文件名表明 kind 为 county"):
        load_rubrics(tmp_path)
