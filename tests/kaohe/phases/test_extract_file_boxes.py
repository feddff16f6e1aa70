"""``kaohe extract`` (``extract_file``) gives PDF quotes their box on the page, and tells equal
quotes apart: the two "3" cells of a flattened 表三 (本年新收 and 予以公开) are boxed on their
own lines, and a lone digit is never boxed inside a longer number."""

from __future__ import annotations

from pathlib import Path

from extractors.parsing.pdf_reader import quote_boxes
from extractors.rules import load_extraction_rules
from kaohe.context import parse_limits
from kaohe.phases.extract import extract_file
from kaohe.settings import default_config_dir, load_settings

A04 = Path(__file__).parents[2] / "corpus_real" / "docs" / "A04_nanhu_2019_annual.pdf"


def test_equal_numbers_of_a_flattened_table_get_their_own_boxes() -> None:
    rules = load_extraction_rules(default_config_dir())
    obj = extract_file(str(A04), rules, parse_limits(load_settings()))
    evidence = obj["elements"]["application_counts"]["evidence"]
    threes = [ev for ev in evidence if ev["quote"] == "3"]
    assert len(threes) >= 2 and all("box" in ev for ev in threes)
    assert len({tuple(ev["box"]) for ev in threes}) == len(threes)
    label = next(ev for ev in evidence if ev["quote"].startswith("一、本年新收"))
    assert label["box"][1] < threes[0]["box"][1]  # the number sits below its label


def test_a_digit_is_not_boxed_inside_a_longer_number() -> None:
    data = A04.read_bytes()
    # page 1 prints the year 2019 but no lone 9: no box rather than the 9 of 2019
    (year,), nine = quote_boxes(data, [(1, "2019"), (1, "9")])
    assert year and nine == []
