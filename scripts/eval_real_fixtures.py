"""Score the hand labels of tests/fixtures/real*/ (issue 8): ``python scripts/eval_real_fixtures.py
[FIXTURE_DIR]``. Each text is written as docx and PDF, parsed and extracted with the shipped
rules; prints every miss and the counts (doc_type, labelled elements, outcome, document_number,
findings exactly as labelled). Run it with another checkout first on ``PYTHONPATH`` to get the
"before" numbers.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import yaml

from extractors.extract import extract
from extractors.parsing.dispatch import parse_file
from extractors.rules import load_extraction_rules
from kaohe.demo.docgen import DocSpec, write_docx, write_pdf

ROOT = Path(__file__).resolve().parents[1]


def main(fixtures: Path) -> dict[str, list[int]]:
    rules = load_extraction_rules(ROOT / "config")
    keys = ("doc_type", "elements", "outcome", "document_number", "findings")
    tot = {k: [0, 0] for k in keys}
    with tempfile.TemporaryDirectory() as tmp:
        for labels in sorted(fixtures.glob("*/labels.yaml")):
            for name, label in yaml.safe_load(labels.read_text(encoding="utf-8")).items():
                text = (labels.parent / f"{name}.txt").read_text(encoding="utf-8")
                spec = DocSpec([ln for ln in text.splitlines() if ln.strip()])
                for fmt, write in (("docx", write_docx), ("pdf", write_pdf)):
                    path = Path(tmp) / f"{name}.{fmt}"
                    write(spec, path)
                    r = extract(parse_file(path), rules)
                    got = {k: v.value for k, v in r.elements.items()}
                    _count(tot, "doc_type", r.doc_type == label["doc_type"], name, fmt, r.doc_type)
                    for key, want in label.items():
                        if key in ("doc_type", "findings"):
                            continue
                        hit = got.get(key) == want
                        _count(tot, "elements", hit, name, fmt, f"{key}={got.get(key)!r}")
                        if key in ("outcome", "document_number"):
                            tot[key][0] += hit
                            tot[key][1] += 1
                    if "findings" in label:
                        codes = sorted(f.code for f in r.findings)
                        _count(
                            tot, "findings", codes == sorted(label["findings"]), name, fmt, codes
                        )
    for k, (a, b) in tot.items():
        print(f"{k}: {a}/{b}")
    return tot


def _count(
    tot: dict[str, list[int]], key: str, hit: bool, name: str, fmt: str, got: object
) -> None:
    tot[key][0] += hit
    tot[key][1] += 1
    if not hit:
        print(f"MISS {key} {name} {fmt}: {got}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests" / "fixtures" / "real_heldout")
