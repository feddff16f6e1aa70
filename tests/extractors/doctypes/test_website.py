"""Website snapshots (1.2.2/2.2.2) through parse_file: html pages, xlsx/docx/pdf column lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.doctypes.website import extract_website
from extractors.model import Element, Finding, ParsedDocument
from extractors.parsing.dispatch import parse_file
from extractors.rules import ExtractionRules, load_extraction_rules
from extractors.text import collapse_ws
from kaohe.demo.docgen import DocSpec, TableSpec, write_docx, write_pdf

CONFIG = Path(__file__).resolve().parents[3] / "config"
ALL_COLUMNS = ["制度", "目录", "指南", "年报", "财务预决算", "社会监督评议", "依申请公开"]
ALL_FUNCTIONS = ["流程图", "须知/指南", "进度查询", "在线填报", "申请表下载"]

FULL_PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>政府信息公开专栏_集贤县人民政府</title>
<script>var _hmt = _hmt || []; // 政府信息公开指南</script></head>
<body>
<div class="top">您当前的位置：<a href="/">首页</a> &gt; 政府信息公开</div>
<div class="left-nav"><ul>
  <li><a href="/xxgk/zd/">政府信息公开制度</a></li>
  <li><a href="/xxgk/zn/">政府信息公开指南</a></li>
  <li><a href="/xxgk/ml/">政府信息公开目录</a></li>
  <li><a href="/xxgk/nb/">政府信息公开年报</a></li>
  <li><a href="/xxgk/czyjs/">财政预决算</a></li>
  <li><a href="/xxgk/jdpy/">社会监督评议</a></li>
  <li><a href="/xxgk/ysqgk/">依申请公开</a></li>
</ul></div>
<div class="ysq"><h3>依申请公开</h3><ul>
  <li><a href="/ysq/lct.html">依申请公开流程图</a></li>
  <li><a href="/ysq/xz.html">依申请公开须知</a></li>
  <li><a href="/ysq/cx.html">申请进度查询</a></li>
  <li><a href="/ysq/tb.html">在线填报</a></li>
  <li><a href="/ysq/sqb.doc">政府信息公开申请表下载</a></li>
</ul></div>
<div class="footer">主办：集贤县人民政府办公室　截图时间：2024年11月20日 15:42</div>
</body></html>
"""

# A department page: no 社会监督评议 column; the 依申请公开 column only has a 指南 (which must not
# count as the 专栏's 政府信息公开指南) and a form download; a sentence mentioning 部门预决算 is
# not a 预决算 column.
PARTIAL_PAGE = """<html><head><meta charset="gb2312"><title>集贤县交通运输局</title></head><body>
<div class="nav"><a href="/zwgk/">政务公开</a><a href="/xxgkzd/">信息公开制度</a>
<a href="/ml/">公开目录</a><a href="/nb/">政府信息公开工作年度报告</a>
<a href="/ysq/">依申请公开</a></div>
<ul class="ysq"><li><a href="/ysq/zn">依申请公开指南</a></li>
<li><a href="/ysq/b">申请表格下载</a></li></ul>
<p>本局按规定在本栏目公开部门预决算及“三公”经费情况，欢迎社会各界监督。</p>
</body></html>
"""


@pytest.fixture(scope="module")
def rules() -> ExtractionRules:
    return load_extraction_rules(CONFIG)


def assert_quotes(doc: ParsedDocument, elements: dict[str, Element], findings: list[Finding]):
    texts = {(b.page, b.paragraph): collapse_ws(b.text) for b in doc.blocks}
    for ev in [e for el in elements.values() for e in el.evidence] + [
        e for f in findings for e in f.evidence
    ]:
        assert ev.quote and ev.quote in texts[(ev.page, ev.paragraph)], ev


def test_complete_html_snapshot(tmp_path: Path, rules: ExtractionRules):
    path = tmp_path / "专栏截图.html"
    path.write_text(FULL_PAGE, encoding="utf-8")
    doc = parse_file(path)
    assert doc.format == "html"
    elements, findings = extract_website(doc, rules, {})
    assert elements["columns_present"].value == ALL_COLUMNS
    assert elements["columns_missing"].value == []
    assert elements["application_functions_present"].value == ALL_FUNCTIONS
    assert elements["application_functions_missing"].value == []
    quotes = [e.quote for e in elements["columns_present"].evidence]
    assert quotes[2] == "政府信息公开指南"  # the link, not the script comment
    assert [e.quote for e in elements["application_functions_present"].evidence] == [
        "流程图",
        "依申请公开须知",
        "进度查询",
        "在线填报",
        "申请表下载",
    ]
    assert elements["publish_date"].value == "2024-11-20"
    assert findings == []
    assert_quotes(doc, elements, findings)


def test_partial_html_snapshot_gb2312(tmp_path: Path, rules: ExtractionRules):
    path = tmp_path / "交通局.htm"
    path.write_bytes(PARTIAL_PAGE.encode("gb2312"))
    doc = parse_file(path)
    elements, findings = extract_website(doc, rules, {})
    assert elements["columns_present"].value == ["制度", "目录", "年报", "依申请公开"]
    assert elements["columns_missing"].value == ["指南", "财务预决算", "社会监督评议"]
    assert elements["application_functions_present"].value == ["须知/指南", "申请表下载"]
    assert elements["application_functions_missing"].value == ["流程图", "进度查询", "在线填报"]
    assert "publish_date" not in elements
    by_code = {f.code: f for f in findings}
    assert sorted(by_code) == ["website_missing_application_function", "website_missing_column"]
    column = by_code["website_missing_column"].message
    assert "指南、财务预决算、社会监督评议" in column
    assert "财政预决算" in column and "已在页面" in column  # says what was searched
    assert "流程图、进度查询、在线填报" in by_code["website_missing_application_function"].message
    assert_quotes(doc, elements, findings)


def test_xlsx_column_list(tmp_path: Path, rules: ExtractionRules):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "栏目清单"
    ws.append(["序号", "一级栏目", "二级栏目", "更新时间"])
    rows = [
        ("政府信息公开制度", ""),
        ("政府信息公开指南", ""),
        ("政府信息公开目录", ""),
        ("政府信息公开年报", ""),
        ("财务预决算", ""),
        ("监督评议", ""),
        ("依申请公开", "办理流程"),
        ("依申请公开", "申请指南"),
        ("依申请公开", "网上申请"),
    ]
    for i, (a, b) in enumerate(rows, 1):
        ws.append([i, a, b, "2024-06-30"])
    path = tmp_path / "栏目清单.xlsx"
    wb.save(path)
    doc = parse_file(path)
    assert doc.format == "xlsx"
    elements, findings = extract_website(doc, rules, {})
    assert elements["columns_missing"].value == []
    assert elements["application_functions_present"].value == ["流程图", "须知/指南", "在线填报"]
    assert elements["application_functions_missing"].value == ["进度查询", "申请表下载"]
    assert [f.code for f in findings] == ["website_missing_application_function"]
    assert_quotes(doc, elements, findings)


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_column_list_document(tmp_path: Path, rules: ExtractionRules, suffix: str):
    spec = DocSpec(
        [
            "集贤县卫生健康局政府信息公开专栏栏目设置情况",
            "保存时间：2024年12月3日",
            TableSpec(
                [
                    ["序号", "栏目名称", "备注"],
                    ["1", "政府信息公开制度", "已设置"],
                    ["2", "政府信息公开指南", "已设置"],
                    ["3", "政府信息公开目录", "已设置"],
                    ["4", "财政预决算", "已设置"],
                    ["5", "依申请公开", "含流程图、进度查询、申请表下载"],
                ]
            ),
        ]
    )
    path = tmp_path / f"栏目{suffix}"
    (write_docx if suffix == ".docx" else write_pdf)(spec, path)
    doc = parse_file(path)
    elements, findings = extract_website(doc, rules, {})
    assert elements["columns_missing"].value == ["年报", "社会监督评议"]
    assert elements["application_functions_missing"].value == ["须知/指南", "在线填报"]
    assert elements["publish_date"].value == "2024-12-03"
    assert sorted(f.code for f in findings) == [
        "website_missing_application_function",
        "website_missing_column",
    ]
    assert_quotes(doc, elements, findings)
