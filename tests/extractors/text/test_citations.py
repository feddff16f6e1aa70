"""Legal citations with the phrasing of real replies (regulations.md §5), and real documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.parsing.dispatch import parse_file
from extractors.text import collapse_ws
from extractors.text.citations import (
    GZXX_TIAOLI,
    Citation,
    document_aliases,
    find_citations,
)
from extractors.text.numerals import chinese_number
from kaohe.demo.docgen import DocSpec, write_docx, write_pdf

BMF_SS = "中华人民共和国保守国家秘密法实施条例"


def cites(text: str, **kw: object) -> list[tuple[str, int | None, int | None, int | None, str]]:
    found = find_citations(text, **kw)  # type: ignore[arg-type]
    for c in found:
        assert text[c.start : c.end] == c.text
    return [(c.law, c.article, c.clause, c.item, c.text) for c in found]


@pytest.mark.parametrize(
    ("s", "n"),
    [
        ("三十六", 36),
        ("二十", 20),
        ("十", 10),
        ("十四", 14),
        ("一百零五", 105),
        ("一百一十", 110),
        ("两百", 200),
        ("一〇五", 105),
        ("36", 36),
        ("３６", 36),
        ("四", 4),
    ],
)
def test_chinese_number(s: str, n: int) -> None:
    assert chinese_number(s) == n


@pytest.mark.parametrize("s", ["", "x", "三四十", "十十", "一百五", "3a", "第三"])
def test_chinese_number_rejects(s: str) -> None:
    assert chinese_number(s) is None


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        (
            "根据《中华人民共和国政府信息公开条例》第三十六条第（四）项的规定",
            "《中华人民共和国政府信息公开条例》第三十六条第（四）项",
        ),
        (
            "根据《中华人民共和国政府信息公开条例》第三十六条第(四)项规定",
            "《中华人民共和国政府信息公开条例》第三十六条第(四)项",
        ),
        ("依据《政府信息公开条例》第三十六条第四项", "《政府信息公开条例》第三十六条第四项"),
        ("依据《信息公开条例》第36条第（４）项", "《信息公开条例》第36条第（４）项"),
        ("依据《条例》第 三十六 条\n第（四）项", "《条例》第 三十六 条\n第（四）项"),
    ],
)
def test_article_item_forms(text: str, quote: str) -> None:
    (c,) = find_citations(text)
    assert (c.law, c.article, c.clause, c.item, c.text) == (GZXX_TIAOLI, 36, None, 4, quote)


def test_clause_not_item() -> None:
    assert cites("依据《中华人民共和国政府信息公开条例》第十六条第二款规定，属于过程性信息") == [
        (GZXX_TIAOLI, 16, 2, None, "《中华人民共和国政府信息公开条例》第十六条第二款")
    ]
    assert cites("根据《条例》第三十三条第二款、第三款") == [
        (GZXX_TIAOLI, 33, 2, None, "《条例》第三十三条第二款"),
        (GZXX_TIAOLI, 33, 3, None, "第三款"),
    ]


def test_two_items_give_two_citations() -> None:
    text = "根据《中华人民共和国政府信息公开条例》第三十六条第（五）项、第（六）项的规定"
    assert cites(text) == [
        (GZXX_TIAOLI, 36, None, 5, "《中华人民共和国政府信息公开条例》第三十六条第（五）项"),
        (GZXX_TIAOLI, 36, None, 6, "第（六）项"),
    ]
    assert cites("依据《条例》第三十六条第(四)、(五)项") == [
        (GZXX_TIAOLI, 36, None, 4, "《条例》第三十六条第(四)"),
        (GZXX_TIAOLI, 36, None, 5, "(五)项"),
    ]


def test_two_articles_and_articles_after_the_law() -> None:
    assert cites("根据《中华人民共和国政府信息公开条例》第十四条、第十五条规定，不予公开") == [
        (GZXX_TIAOLI, 14, None, None, "《中华人民共和国政府信息公开条例》第十四条"),
        (GZXX_TIAOLI, 15, None, None, "第十五条"),
    ]
    assert cites("根据《条例》第三十六条第（四）项和第三十八条的规定") == [
        (GZXX_TIAOLI, 36, None, 4, "《条例》第三十六条第（四）项"),
        (GZXX_TIAOLI, 38, None, None, "第三十八条"),
    ]


def test_aliases_defined_by_the_document() -> None:
    text = (
        "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）的规定，现答复如下："
        "经检索，依据《条例》第三十六条第（四）项，该信息不存在。"
    )
    assert document_aliases(text) == {"条例": GZXX_TIAOLI}
    found = cites(text)
    assert found[-1] == (GZXX_TIAOLI, 36, None, 4, "《条例》第三十六条第（四）项")
    # the law named (without a provision) in the definition sentence
    assert found[0][:4] == (GZXX_TIAOLI, None, None, None)
    assert document_aliases("《中华人民共和国政府信息公开条例》（以下简称“条例”）") == {
        "条例": GZXX_TIAOLI
    }
    assert document_aliases("《政府信息公开条例》(简称《信息条例》)") == {"信息条例": GZXX_TIAOLI}


def test_definition_between_law_and_provision_is_inside_the_span() -> None:
    text = "依据《中华人民共和国政府信息公开条例》（以下简称《条例》）第三十六条第（三）项"
    (c,) = find_citations(text)
    assert (c.article, c.item, c.start) == (36, 3, 2)
    assert c.text.startswith("《中华人民共和国政府信息公开条例》（以下简称《条例》）")


def test_alias_for_another_law_wins_over_the_default() -> None:
    text = (
        f"《{BMF_SS}》（以下简称《条例》）对此有明确规定。依据《条例》第五条，该信息属于国家秘密。"
    )
    assert [c[:4] for c in cites(text)] == [(BMF_SS, None, None, None), (BMF_SS, 5, None, None)]
    # an alias passed by the caller (defined in another paragraph) applies too
    assert cites("依据《条例》第五条", aliases={"条例": BMF_SS}) == [
        (BMF_SS, 5, None, None, "《条例》第五条")
    ]


def test_bare_tiaoli_defaults_to_the_disclosure_regulation() -> None:
    assert cites("依据《条例》第三十六条") == [(GZXX_TIAOLI, 36, None, None, "《条例》第三十六条")]


def test_other_laws_keep_their_names() -> None:
    assert cites(f"依据《{BMF_SS}》第五条规定") == [(BMF_SS, 5, None, None, f"《{BMF_SS}》第五条")]
    assert cites("《中华人民共和国行政复议法》第二十条") == [
        ("中华人民共和国行政复议法", 20, None, None, "《中华人民共和国行政复议法》第二十条")
    ]
    assert cites("根据《行政复议法》第二十三条第一款第（四）项、《行政诉讼法》第四十六条") == [
        ("中华人民共和国行政复议法", 23, 1, 4, "《行政复议法》第二十三条第一款第（四）项"),
        ("中华人民共和国行政诉讼法", 46, None, None, "《行政诉讼法》第四十六条"),
    ]


def test_bare_provisions() -> None:
    # no law before: skipped, not guessed
    assert cites("依据第三十六条第（四）项") == []
    assert cites("第三十三条第二款规定的期限") == []
    # a law earlier in the text: the nearest one
    text = "根据《中华人民共和国政府信息公开条例》相关规定。经检索，根据第三十八条，不予提供。"
    assert [c[:4] for c in cites(text)] == [
        (GZXX_TIAOLI, None, None, None),
        (GZXX_TIAOLI, 38, None, None),
    ]
    # self references and unknown unbracketed names are not attributed to the earlier law
    assert [c[1] for c in cites("《条例》第十条。本办法第五条。依据行政复议法第二十条")] == [10]


def test_unbracketed_and_quoted_disclosure_regulation() -> None:
    assert cites("根据政府信息公开条例第三十六条第（四）项") == [
        (GZXX_TIAOLI, 36, None, 4, "政府信息公开条例第三十六条第（四）项")
    ]
    assert cites("（以下简称“条例”）。根据“条例”第三十六条")[-1][:2] == (GZXX_TIAOLI, 36)


def test_titles_and_lists_are_not_citations() -> None:
    assert cites("请填写《政府信息公开申请表》第三条所列内容") == []
    # the list after 规定： is not an item of the article
    assert cites("《条例》第三十六条规定：（一）已主动公开的……") == [
        (GZXX_TIAOLI, 36, None, None, "《条例》第三十六条")
    ]
    assert cites("依据《条例》第三十六条第（四）项，（二）关于……")[0][3] == 4
    assert len(cites("依据《条例》第三十六条第（四）项，（二）关于……")) == 1


def test_every_occurrence_is_returned_in_order() -> None:
    text = "依据《条例》第三十六条第（四）项。……再次依据《条例》第三十六条第（四）项。"
    found = find_citations(text)
    assert len(found) == 2 and found[0].start < found[1].start
    assert {(c.law, c.article, c.item) for c in found} == {(GZXX_TIAOLI, 36, 4)}
    assert isinstance(found[0], Citation)


def _reply() -> DocSpec:
    return DocSpec(
        items=[
            "聊城市住房和城乡建设局",
            "政府信息公开告知书",
            "聊建公开告字[2023]61号",
            "王某某：",
            "本机关于2023年6月1日收到您提出的政府信息公开申请。根据《中华人民共和国政府信息公开"
            "条例》（以下简称《条例》）的规定，经检索，您所申请的某某小区规划许可相关材料"
            "不属于本机关负责公开，根据《中华人民共和国政府信息公开条例》第三十六条第(五)项规定，"
            "建议您向某某区自然资源和规划局咨询。",
            "另，您申请的会议纪要属于过程性信息，依据《条例》第十六条第二款，不予公开。",
            "如您不服本答复，可以在收到本答复书之日起60日内向聊城市人民政府申请行政复议，"
            "或者6个月内依法向人民法院提起行政诉讼。",
            "聊城市住房和城乡建设局",
            "2023年6月20日",
        ],
        right_aligned=frozenset({7, 8}),
    )


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_real_reply_letter(tmp_path: Path, fmt: str) -> None:
    writer = write_docx if fmt == "docx" else write_pdf
    doc = parse_file(writer(_reply(), tmp_path / f"reply.{fmt}"))
    assert doc.status == "ok"
    aliases = document_aliases(doc.text)
    assert aliases == {"条例": GZXX_TIAOLI}
    found = [c for b in doc.blocks for c in find_citations(b.text, aliases=aliases)]
    provisions = [(c.law, c.article, c.clause, c.item) for c in found if c.article is not None]
    assert provisions == [(GZXX_TIAOLI, 36, None, 5), (GZXX_TIAOLI, 16, 2, None)]
    quotes = [collapse_ws(c.text) for c in found if c.article is not None]
    # whitespace may be collapsed in quotes; the PDF breaks lines inside the law name
    assert [q.replace(" ", "") for q in quotes] == [
        "《中华人民共和国政府信息公开条例》第三十六条第(五)项",
        "《条例》第十六条第二款",
    ]
    for c in found:
        assert collapse_ws(c.text) in collapse_ws(doc.text)
