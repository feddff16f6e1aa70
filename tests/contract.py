"""The output contract's JSON Schema (``docs/output-contract.schema.json``) for the tests."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

SCHEMA = Path(__file__).resolve().parent.parent / "docs" / "output-contract.schema.json"


@cache
def _validator(kind: str) -> Draft202012Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator({**schema, "$ref": f"#/$defs/{kind}"})


def contract_errors(obj: Any, kind: str) -> list[str]:
    """Every violation of ``obj`` against the contract's ``kind`` (``extraction``/``score``)."""
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in _validator(kind).iter_errors(obj)
    ]
