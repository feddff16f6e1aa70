"""Build the held-out documents, run ``kaohe extract --json`` on them and score the answers.

Independent of the extractors on purpose: the text of each cited place is re-read here with
pdfplumber (PDF pages) and python-docx (docx blocks), not with kaohe's parsers.

Standalone: ``python -m tests.heldout.build [OUT_DIR]`` writes the documents, runs the real
command once for all of them and prints the per-field accuracy table.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kaohe.demo.docgen import DocSpec, write_docx, write_pdf

from .cases import CASES, Case

__all__ = [
    "CONTRACT_ELEMENTS",
    "DERIVED",
    "FieldResult",
    "accuracy_table",
    "build",
    "place_texts",
    "run_extract",
    "score_case",
]

REPO = Path(__file__).resolve().parents[2]
#: elements whose value is computed, not read: the contract allows empty evidence for them
DERIVED = frozenset({"working_days_taken", "within_deadline"})
#: boolean check results: a false value has nothing to quote
_BOOLS = frozenset(
    {
        "extension_notified",
        "remedy.reconsideration",
        "remedy.litigation",
        "discusses_disclosure",
        "covers_disclosure",
    }
)
#: the element names the contract defines; extra elements are allowed and judged only on quotes
CONTRACT_ELEMENTS = frozenset(
    {
        "issuer",
        "document_date",
        "document_number",
        "applicant",
        "received_date",
        "reply_date",
        "extension_notified",
        "working_days_taken",
        "within_deadline",
        "outcome",
        "legal_basis",
        "remedy.reconsideration",
        "remedy.litigation",
        "remedy.reconsideration_days",
        "remedy.litigation_months",
        "remedy.reconsideration_body",
        "remedy.court",
        "meeting_date",
        "chair",
        "discusses_disclosure",
        "training_date",
        "participant_count",
        "covers_disclosure",
        "year",
    }
)
_WS = re.compile(r"\s+")


def _collapse(text: str) -> str:
    return _WS.sub(" ", text).strip()


def build(out_dir: Path, cases: Sequence[Case] = CASES) -> dict[str, Path]:
    """Write every case into ``out_dir`` (``NN_name.ext``); return name → path in case order."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    for i, case in enumerate(cases, 1):
        path = out_dir / f"{i:02d}_{case.name}.{case.fmt}"
        if case.fmt == "html":
            assert isinstance(case.spec, str)
            path.write_text(case.spec, encoding="utf-8")
        else:
            assert isinstance(case.spec, DocSpec)
            (write_docx if case.fmt == "docx" else write_pdf)(case.spec, path)
        paths[case.name] = path
    return paths


def run_extract(paths: Iterable[Path], timeout: float = 900) -> tuple[list[dict[str, Any]], str]:
    """Run ``python -m kaohe extract --json`` once on all paths: (parsed JSON lines, stderr)."""
    cmd = [sys.executable, "-m", "kaohe", "extract", "--json", *map(str, paths)]
    proc = subprocess.run(
        cmd, cwd=REPO, capture_output=True, text=True, timeout=timeout, check=False
    )
    objs: list[dict[str, Any]] = []
    for line in proc.stdout.splitlines():
        line = line.strip()
        if line.startswith("{"):
            objs.append(json.loads(line))
    err = proc.stderr.strip()
    if proc.returncode != 0:
        err = f"exit status {proc.returncode}\n{err[-3000:]}"
    return objs, err


def place_texts(path: Path) -> dict[int, str]:
    """Text of each citable place, read independently: PDF page → text, docx block → text.

    docx blocks follow the contract: non-empty body paragraphs and table cells in reading order
    (a merged cell once), then header blocks, then footer blocks; 1-based. html: the whole page
    text under key 1.
    """
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        import pdfplumber

        with pdfplumber.open(str(path)) as pdf:
            return {i: (p.extract_text() or "") for i, p in enumerate(pdf.pages, 1)}
    if suffix == ".docx":
        return dict(enumerate(_docx_blocks(path), 1))
    import lxml.html

    return {1: lxml.html.fromstring(path.read_bytes()).text_content()}


def _docx_blocks(path: Path) -> list[str]:
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    doc = Document(str(path))
    texts: list[str] = []
    for child in doc.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            texts.append(Paragraph(child, doc).text)
        elif tag == "tbl":
            seen: set[Any] = set()
            for row in Table(child, doc).rows:
                for cell in row.cells:
                    if cell._tc in seen:  # a merged cell is one block
                        continue
                    seen.add(cell._tc)
                    texts.append(cell.text)
    for section in doc.sections:
        texts.extend(p.text for p in section.header.paragraphs)
    for section in doc.sections:
        texts.extend(p.text for p in section.footer.paragraphs)
    return [t for t in texts if t.strip()]


@dataclass(frozen=True)
class FieldResult:
    field: str
    ok: bool
    detail: str = ""


def _norm(value: Any) -> Any:
    if isinstance(value, str):
        return _WS.sub("", value)
    return value


def _provisions(value: Any) -> set[tuple[Any, ...]] | None:
    if not isinstance(value, list):
        return None
    out: set[tuple[Any, ...]] = set()
    for p in value:
        if not isinstance(p, Mapping):
            return None
        out.add((p.get("law"), p.get("article"), p.get("clause"), p.get("item")))
    return out


def _value_ok(key: str, expected: Any, elements: Mapping[str, Any]) -> tuple[bool, str]:
    if key == "legal_basis" and expected == [] and key not in elements:
        return True, ""  # an empty list may be omitted
    if key not in elements:
        return False, f"missing (expected {expected!r})"
    got = elements[key].get("value") if isinstance(elements[key], Mapping) else None
    if key == "legal_basis":
        ok = _provisions(got) == _provisions(expected)
    elif isinstance(expected, bool) or expected is None:
        ok = got is expected
    elif isinstance(expected, int):
        ok = type(got) is int and got == expected
    else:
        ok = _norm(got) == _norm(expected)
    return ok, "" if ok else f"got {got!r}, expected {expected!r}"


def _evidence_problems(obj: Mapping[str, Any], places: Mapping[int, str], fmt: str) -> list[str]:
    """Every quote must be verbatim (whitespace-collapsed) text of the place it cites."""
    problems: list[str] = []
    collapsed = {k: _collapse(v) for k, v in places.items()}

    def check(where: str, ev: Any) -> None:
        if not isinstance(ev, Mapping) or not isinstance(ev.get("quote"), str):
            problems.append(f"{where}: malformed evidence {ev!r}")
            return
        quote = _collapse(ev["quote"])
        if not quote:
            problems.append(f"{where}: empty quote")
            return
        if fmt == "pdf":
            place = ev.get("page")
        elif fmt == "docx":
            place = ev.get("paragraph")
        else:
            place = 1
        if place not in collapsed:
            problems.append(f"{where}: cites {fmt} place {place!r} that does not exist")
        elif quote not in collapsed[place]:
            problems.append(f"{where}: quote {quote!r} is not in place {place}")

    for key, el in (obj.get("elements") or {}).items():
        evs = el.get("evidence") or [] if isinstance(el, Mapping) else []
        for ev in evs:
            check(f"element {key}", ev)
        value = el.get("value") if isinstance(el, Mapping) else None
        # a value read from the document carries its quote (contract: only derived values and
        # false check results may have none); extra, non-contract elements are not judged here
        needs_quote = (
            key in CONTRACT_ELEMENTS
            and key not in DERIVED
            and not (key in _BOOLS and value is not True)
        )
        if needs_quote and value not in (None, [], "") and not evs:
            problems.append(f"element {key}: value {value!r} without evidence")
    for f in obj.get("findings") or []:
        code = f.get("code") if isinstance(f, Mapping) else None
        for ev in (f.get("evidence") or []) if isinstance(f, Mapping) else []:
            check(f"finding {code}", ev)
        msg = f.get("message") if isinstance(f, Mapping) else None
        if not (isinstance(msg, str) and re.search(r"[\u4e00-\u9fff]", msg)):
            problems.append(f"finding {code}: message is not Chinese text: {msg!r}")
    return problems


def score_case(case: Case, obj: Mapping[str, Any] | None, path: Path) -> list[FieldResult]:
    """One result per judged field of ``case``: status, doc_type, elements, findings, evidence."""
    if obj is None:
        return [FieldResult("status", False, "no output line for this file")]
    results = [
        FieldResult("status", obj.get("status") == "ok", f"status {obj.get('status')!r}"),
        FieldResult(
            "doc_type",
            obj.get("doc_type") == case.doc_type,
            f"got {obj.get('doc_type')!r}, expected {case.doc_type!r}",
        ),
    ]
    elements = obj.get("elements") or {}
    for key, expected in case.expected.items():
        ok, detail = _value_ok(key, expected, elements)
        results.append(FieldResult(key, ok, detail))
    for key in case.absent:
        ok = key not in elements
        detail = "" if ok else f"must be omitted, got {elements[key].get('value')!r}"
        results.append(FieldResult(key, ok, detail))
    if case.findings is not None:
        got = {str(f.get("code")) for f in obj.get("findings") or [] if isinstance(f, Mapping)}
        ok = got == set(case.findings)
        results.append(
            FieldResult("findings", ok, f"got {sorted(got)}, expected {sorted(case.findings)}")
        )
    problems = _evidence_problems(obj, place_texts(path), case.fmt)
    results.append(FieldResult("evidence", not problems, "; ".join(problems)))
    return [r if not r.ok else FieldResult(r.field, True) for r in results]


def accuracy_table(scored: Mapping[str, Sequence[FieldResult]]) -> str:
    """Per-field accuracy over all cases, as a printable table."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for results in scored.values():
        for r in results:
            counts[r.field][0] += r.ok
            counts[r.field][1] += 1
    fully = sum(all(r.ok for r in rs) for rs in scored.values())
    width = max([len(k) for k in counts] + [5])
    lines = [f"{'field':<{width}}  correct  total  accuracy"]
    for key in sorted(counts, key=lambda k: (-counts[k][1], k)):
        ok, total = counts[key]
        lines.append(f"{key:<{width}}  {ok:>7}  {total:>5}  {ok / total:>8.0%}")
    lines.append(f"{'cases fully correct':<{width}}  {fully:>7}  {len(scored):>5}")
    return "\n".join(lines)


def main(argv: Sequence[str] = sys.argv[1:]) -> int:
    out = Path(argv[0]) if argv else Path(tempfile.mkdtemp(prefix="kaohe-heldout-"))
    paths = build(out)
    objs, err = run_extract(paths.values())
    if err:
        print(err, file=sys.stderr)
    scored: dict[str, list[FieldResult]] = {}
    for i, case in enumerate(CASES):
        obj = objs[i] if i < len(objs) else None
        scored[case.name] = score_case(case, obj, paths[case.name])
        for r in scored[case.name]:
            if not r.ok:
                print(f"✗ {case.name} {r.field}: {r.detail}")
    print(accuracy_table(scored))
    return 0 if all(r.ok for rs in scored.values() for r in rs) else 1


if __name__ == "__main__":
    raise SystemExit(main())
