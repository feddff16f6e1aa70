"""Accuracy of ``kaohe extract --json`` on the hand-labelled real corpus (a script, not a test).

Runs the real command once (``python -m kaohe extract --json``, as the CLI does) on every docx
and PDF under ``tests/corpus_real/docs`` and compares with the hand labels of
``tests/corpus_real/manifest.yaml``. Printed per split (train / heldout) and format:

- ``doc_type`` accuracy;
- reply-letter ``outcome`` precision / recall (a prediction is any ``outcome`` element kaohe
  emits, on any document; recall over the labelled outcomes);
- ``document_number`` precision / recall (the same scheme; a number on a document whose own
  number is not in its text is a false positive);
- element precision / recall / F1 over the labelled elements (nested annual-report counts
  compared leaf by leaf; strings whitespace-removed, ints by type, legal_basis as a set);
- finding precision / recall over documents whose findings are labelled, plus every code of
  ``findings_absent`` that fires as a false positive (``*_needs_review`` codes are abstentions,
  counted apart);
- the share of evidence quotes that are verbatim substrings of the document text (whitespace
  removed) as read by pdfplumber (PDF) or python-docx (paragraphs, table cells, headers, footers).

With ``--synthetic`` it also builds and scores the synthetic held-out set of ``tests/heldout``.

    cd /work/wt/corpus && .venv/bin/python -m benchmarks.real_accuracy [--synthetic] [--failures]
"""

from __future__ import annotations

import argparse
import re
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "CORPUS",
    "DocResult",
    "Tally",
    "element_value",
    "labelled_fields",
    "load_corpus",
    "main",
    "quotes_of",
    "run_corpus",
    "score_document",
    "summarise",
    "values_equal",
    "whole_text",
]

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "corpus_real"
_WS = re.compile(r"\s+")
REVIEW_SUFFIX = "_needs_review"


def _strip(text: str) -> str:
    return _WS.sub("", text)


def load_corpus(path: Path = CORPUS / "manifest.yaml") -> list[dict[str, Any]]:
    """Manifest entries (id, type, split, source, labels, …)."""
    with path.open(encoding="utf-8") as fh:
        return list(yaml.safe_load(fh)["documents"])


def whole_text(path: Path) -> str:
    """The document text, whitespace removed: pdfplumber pages or python-docx blocks."""
    from tests.heldout.build import place_texts

    return _strip("".join(place_texts(path).values()))


def quotes_of(obj: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(where, quote) for every evidence item of the elements and findings of one answer."""
    out: list[tuple[str, str]] = []
    for key, el in (obj.get("elements") or {}).items():
        for ev in (el.get("evidence") or []) if isinstance(el, Mapping) else []:
            if isinstance(ev, Mapping) and isinstance(ev.get("quote"), str):
                out.append((f"element {key}", ev["quote"]))
    for f in obj.get("findings") or []:
        for ev in (f.get("evidence") or []) if isinstance(f, Mapping) else []:
            if isinstance(ev, Mapping) and isinstance(ev.get("quote"), str):
                out.append((f"finding {f.get('code')}", ev["quote"]))
    return out


def _leaves(prefix: str, value: Any) -> Iterable[tuple[str, Any]]:
    if isinstance(value, Mapping):
        for k, v in value.items():
            yield from _leaves(f"{prefix}.{k}", v)
    else:
        yield prefix, value


def labelled_fields(labels: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """(key, expected) of every labelled element; annual-report tables flattened to leaves."""
    out: list[tuple[str, Any]] = []
    for top, value in (labels.get("elements") or {}).items():
        nested = top in ("application_counts", "review_litigation")
        out.extend(_leaves(top, value) if nested else [(top, value)])
    return out


def element_value(elements: Mapping[str, Any], key: str) -> tuple[bool, Any]:
    """(present, value) of a possibly nested label key such as ``application_counts.new``."""
    if key in elements:
        el = elements[key]
        return True, el.get("value") if isinstance(el, Mapping) else None
    head, _, rest = key.partition(".")
    if head not in elements or not rest:
        return False, None
    value = elements[head].get("value") if isinstance(elements[head], Mapping) else None
    for part in rest.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return False, None
        value = value[part]
    return True, value


def _provisions(value: Any) -> set[tuple[Any, ...]] | None:
    if not isinstance(value, list):
        return None
    out = set()
    for p in value:
        if not isinstance(p, Mapping):
            return None
        out.add((p.get("law"), p.get("article"), p.get("clause"), p.get("item")))
    return out


def values_equal(key: str, expected: Any, got: Any) -> bool:
    if key == "legal_basis":
        return _provisions(got) == _provisions(expected)
    if isinstance(expected, bool) or expected is None:
        return got is expected
    if isinstance(expected, int):
        return type(got) is int and got == expected
    if isinstance(expected, str) and isinstance(got, str):
        return _strip(got) == _strip(expected)
    return bool(got == expected)


@dataclass
class DocResult:
    """One file scored against its labels; ``failures`` lists human-readable differences."""

    id: str
    split: str
    fmt: str
    gold_type: str
    got_type: str | None
    elements_ok: int = 0
    elements_predicted: int = 0
    elements_labelled: int = 0
    outcome: tuple[str | None, str | None] = (None, None)  # (gold, got)
    number: tuple[str | None, str | None] = (None, None)
    finding_tp: int = 0
    finding_fp: int = 0
    finding_fn: int = 0
    forbidden_fired: list[str] = field(default_factory=list)
    review_codes: list[str] = field(default_factory=list)
    quotes: int = 0
    quotes_verbatim: int = 0
    failures: list[str] = field(default_factory=list)


def score_document(
    entry: Mapping[str, Any], obj: Mapping[str, Any] | None, path: Path
) -> DocResult:
    """Compare one ``kaohe extract --json`` answer with the manifest labels of its document."""
    labels = entry["labels"]
    fmt = path.suffix.lstrip(".")
    res = DocResult(entry["id"], entry["split"], fmt, labels["doc_type"], None)
    if obj is None:
        res.failures.append("no answer")
        return res
    res.got_type = obj.get("doc_type")
    if res.got_type != res.gold_type:
        res.failures.append(f"doc_type: got {res.got_type!r}, expected {res.gold_type!r}")
    elements = obj.get("elements") or {}
    for key, expected in labelled_fields(labels):
        res.elements_labelled += 1
        present, got = element_value(elements, key)
        if key == "legal_basis" and expected == [] and not present:
            present, got = True, []
        if present:
            res.elements_predicted += 1
        if present and values_equal(key, expected, got):
            res.elements_ok += 1
        else:
            shown = got if present else "(missing)"
            res.failures.append(f"{key}: got {shown!r}, expected {expected!r}")
    gold_outcome = (labels.get("elements") or {}).get("outcome")
    got_outcome = element_value(elements, "outcome")[1] if "outcome" in elements else None
    res.outcome = (gold_outcome, got_outcome)
    gold_number = (labels.get("elements") or {}).get("document_number")
    got_number = (
        element_value(elements, "document_number")[1] if "document_number" in elements else None
    )
    res.number = (gold_number, got_number)
    if got_number is not None and gold_number is None:
        res.failures.append(f"document_number: got {got_number!r} where the text has none")
    codes = [str(f.get("code")) for f in obj.get("findings") or [] if isinstance(f, Mapping)]
    res.review_codes = [c for c in codes if c.endswith(REVIEW_SUFFIX)]
    confirmed = {c for c in codes if not c.endswith(REVIEW_SUFFIX)}
    gold_findings = labels.get("findings")
    if gold_findings is not None:
        gold = set(gold_findings)
        res.finding_tp = len(confirmed & gold)
        res.finding_fp = len(confirmed - gold)
        res.finding_fn = len(gold - confirmed)
        if confirmed != gold:
            res.failures.append(f"findings: got {sorted(confirmed)}, expected {sorted(gold)}")
    res.forbidden_fired = sorted(confirmed & set(labels.get("findings_absent") or []))
    if gold_findings is None and res.forbidden_fired:
        res.finding_fp += len(res.forbidden_fired)
        res.failures.append(f"findings: false {res.forbidden_fired}")
    text = whole_text(path)
    for where, quote in quotes_of(obj):
        res.quotes += 1
        q = _strip(quote)
        if q and q in text:
            res.quotes_verbatim += 1
        else:
            res.failures.append(f"quote not verbatim ({where}): {quote!r}")
    return res


def run_corpus(entries: Sequence[Mapping[str, Any]] | None = None) -> list[DocResult]:
    """Run ``kaohe extract --json`` once on every docx and PDF of the corpus and score them."""
    from tests.heldout.build import run_extract

    entries = list(entries) if entries is not None else load_corpus()
    jobs = [(e, CORPUS / f) for e in entries for f in e["files"]]
    objs, err = run_extract([p for _, p in jobs])
    if len(objs) != len(jobs):
        raise RuntimeError(f"kaohe extract answered {len(objs)} of {len(jobs)} files: {err}")
    return [score_document(e, o, p) for (e, p), o in zip(jobs, objs, strict=True)]


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


@dataclass
class Tally:
    """Aggregated figures of a set of :class:`DocResult`."""

    files: int
    doc_type_accuracy: float | None
    outcome_precision: float | None
    outcome_recall: float | None
    number_precision: float | None
    number_recall: float | None
    element_precision: float | None
    element_recall: float | None
    element_f1: float | None
    finding_precision: float | None
    finding_recall: float | None
    finding_fp: int
    finding_fn: int
    false_arithmetic: int
    review_codes: int
    quote_share: float | None
    quotes: int


def summarise(results: Sequence[DocResult]) -> Tally:
    """The benchmark's figures for ``results`` (None where nothing was there to count)."""
    outs = [r.outcome for r in results]
    out_pred = [o for o in outs if o[1] is not None]
    out_ok = sum(1 for g, p in out_pred if g is not None and g == p)
    nums = [r.number for r in results]
    num_pred = [n for n in nums if n[1] is not None]
    num_ok = sum(1 for g, p in num_pred if g is not None and _strip(g) == _strip(str(p)))
    e_ok = sum(r.elements_ok for r in results)
    e_pred = sum(r.elements_predicted for r in results)
    e_lab = sum(r.elements_labelled for r in results)
    ep, er = _ratio(e_ok, e_pred), _ratio(e_ok, e_lab)
    if ep and er:
        f1: float | None = 2 * ep * er / (ep + er)
    else:
        f1 = 0.0 if er is not None else None  # nothing right (or nothing predicted): 0
    tp = sum(r.finding_tp for r in results)
    fp = sum(r.finding_fp for r in results)
    fn = sum(r.finding_fn for r in results)
    q = sum(r.quotes for r in results)
    return Tally(
        files=len(results),
        doc_type_accuracy=_ratio(sum(r.got_type == r.gold_type for r in results), len(results)),
        outcome_precision=_ratio(out_ok, len(out_pred)),
        outcome_recall=_ratio(out_ok, sum(1 for g, _ in outs if g is not None)),
        number_precision=_ratio(num_ok, len(num_pred)),
        number_recall=_ratio(num_ok, sum(1 for g, _ in nums if g is not None)),
        element_precision=ep,
        element_recall=er,
        element_f1=f1,
        finding_precision=_ratio(tp, tp + fp),
        finding_recall=_ratio(tp, tp + fn),
        finding_fp=fp,
        finding_fn=fn,
        false_arithmetic=sum(len(r.forbidden_fired) for r in results),
        review_codes=sum(len(r.review_codes) for r in results),
        quote_share=_ratio(sum(r.quotes_verbatim for r in results), q),
        quotes=q,
    )


def _fmt(x: float | None) -> str:
    return "  n/a" if x is None else f"{x:5.3f}"


def _table(groups: Mapping[str, Sequence[DocResult]]) -> str:
    cols = [
        ("files", lambda t: f"{t.files:5d}"),
        ("doc_type", lambda t: _fmt(t.doc_type_accuracy)),
        ("outcome P", lambda t: _fmt(t.outcome_precision)),
        ("outcome R", lambda t: _fmt(t.outcome_recall)),
        ("docnum P", lambda t: _fmt(t.number_precision)),
        ("docnum R", lambda t: _fmt(t.number_recall)),
        ("elem F1", lambda t: _fmt(t.element_f1)),
        ("find P", lambda t: _fmt(t.finding_precision)),
        ("find R", lambda t: _fmt(t.finding_recall)),
        ("find FP/FN", lambda t: f"{t.finding_fp}/{t.finding_fn}"),
        ("false arith", lambda t: f"{t.false_arithmetic:5d}"),
        ("review", lambda t: f"{t.review_codes:5d}"),
        ("verbatim", lambda t: _fmt(t.quote_share)),
    ]
    width = max(len(k) for k in groups)
    head = f"{'split':<{width}}  " + "  ".join(f"{c:>11}" for c, _ in cols)
    lines = [head]
    for name, rs in groups.items():
        t = summarise(rs)
        lines.append(f"{name:<{width}}  " + "  ".join(f"{fn(t):>11}" for _, fn in cols))
    return "\n".join(lines)


def real_table(results: Sequence[DocResult]) -> str:
    """The per-split (and per-format) table of the real corpus."""
    groups: dict[str, list[DocResult]] = defaultdict(list)
    for r in results:
        groups[r.split].append(r)
        groups[f"{r.split}/{r.fmt}"].append(r)
    groups["all"] = list(results)
    order = [f"{s}{f}" for s in ("train", "heldout") for f in ("", "/docx", "/pdf", "/html")] + [
        "all"
    ]
    return _table({k: groups[k] for k in order if k in groups})


def synthetic_table() -> str:
    """Score the synthetic held-out set (``tests/heldout``) with its own scorer, field by field."""
    from tests.heldout.build import accuracy_table, build, run_extract, score_case
    from tests.heldout.cases import CASES

    with tempfile.TemporaryDirectory(prefix="kaohe-heldout-") as tmp:
        paths = build(Path(tmp))
        objs, _ = run_extract(paths.values())
        scored = {}
        for i, case in enumerate(CASES):
            obj = objs[i] if i < len(objs) else None
            scored[case.name] = score_case(case, obj, paths[case.name])
    flat = [r for rs in scored.values() for r in rs]
    elems = [r for r in flat if r.field not in ("status", "doc_type", "findings", "evidence")]
    parts = {
        "doc_type": [r for r in flat if r.field == "doc_type"],
        "outcome": [r for r in flat if r.field == "outcome"],
        "document_number": [r for r in flat if r.field == "document_number"],
        "elements": elems,
        "findings (exact set)": [r for r in flat if r.field == "findings"],
        "evidence (all quotes verbatim)": [r for r in flat if r.field == "evidence"],
    }
    lines = ["synthetic held-out (tests/heldout, 40 documents): share of judged fields correct"]
    for name, rs in parts.items():
        ok = sum(r.ok for r in rs)
        lines.append(f"  {name:<32} {ok:>3}/{len(rs):<3} {_fmt(_ratio(ok, len(rs)))}")
    return "\n".join(lines) + "\n\n" + accuracy_table(scored)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--synthetic", action="store_true", help="also score tests/heldout")
    ap.add_argument("--failures", action="store_true", help="list every failure per file")
    args = ap.parse_args(argv)
    results = run_corpus()
    print("real corpus (tests/corpus_real), one row per split / format")
    print(real_table(results))
    if args.failures:
        for r in results:
            for f in r.failures:
                print(f"✗ [{r.split}] {r.id}.{r.fmt} {f}")
    if args.synthetic:
        print()
        print(synthetic_table())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
