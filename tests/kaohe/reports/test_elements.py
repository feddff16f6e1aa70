"""Elements and searches in the words a reader uses (explain, reports)."""

from __future__ import annotations

import pytest

from kaohe.reports.elements import cn_numeral, element_zh, searched_zh, value_zh


@pytest.mark.parametrize(
    ("n", "zh"),
    [(1, "一"), (10, "十"), (14, "十四"), (36, "三十六"), (105, "一百零五"), (110, "一百一十"),
     (2024, "二千零二十四")],
)  # fmt: skip
def test_cn_numeral(n: int, zh: str) -> None:
    assert cn_numeral(n) == zh


def test_elements_read_as_sentences() -> None:
    assert element_zh("remedy.reconsideration", False) == "告知可申请行政复议：否"
    assert element_zh("reply_date", "2024-08-02") == "答复日期：2024年8月2日"
    assert element_zh("working_days_taken", 14) == "办理用时：14个工作日"
    assert element_zh("outcome", "not_exist") == "答复结果：信息不存在"
    assert element_zh("legal_basis", [
        {"law": "中华人民共和国政府信息公开条例", "article": 36, "clause": None, "item": 2}
    ]) == "法律依据：《中华人民共和国政府信息公开条例》第三十六条第（二）项"  # fmt: skip
    assert element_zh("legal_basis", []) == "法律依据：无"
    assert element_zh("chair", None) == "主持人：未识别"
    assert element_zh("some_new_element", "x") == "some_new_element：x"  # never hidden


def test_table_values_name_their_rows() -> None:
    counts = {"new": 12, "results": {"disclosed": 5, "total": 12}}
    assert value_zh(counts, "application_counts") == (
        "本年新收：12；办理结果：（一）予以公开：5；（七）总计：12"
    )


def test_a_search_is_one_sentence() -> None:
    s = {
        "prefix": "2024/baoqing/",
        "doc_types": ["reply_letter"],
        "documents_examined": 3,
        "documents_of_type": 0,
        "unreadable": ["2024/baoqing/扫描件.pdf"],
        "criteria": "答复日期在2024年内",
    }
    assert searched_zh(s) == (
        "在“2024/baoqing/”下查找答复书：共审查3份文件，其中答复书0份；条件：答复日期在2024年内；"
        "无法读取的文件：2024/baoqing/扫描件.pdf。"
    )
