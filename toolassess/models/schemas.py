"""JSON Schemas of the inputs and of the assessment, for editors (yaml-language-server) and for auditors."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, TypeAdapter

from toolassess.models.assessment import Assessment
from toolassess.models.catalog import Component, ToolProfile
from toolassess.models.criteria import CriteriaFile, Profile
from toolassess.models.plan import Plan

SCHEMA_TARGETS: dict[str, Any] = {
    "tool": ToolProfile,
    "components": TypeAdapter(list[Component]),
    "criteria": CriteriaFile,
    "profile": Profile,
    "plan": Plan,
    "assessment": Assessment,
}


def json_schema(kind: str) -> str:
    """The JSON Schema (draft 2020-12) of one kind, as indented text."""
    target = SCHEMA_TARGETS[kind]
    if isinstance(target, TypeAdapter):
        body = target.json_schema()
        title = "Components"
    else:
        assert issubclass(target, BaseModel)
        body = target.model_json_schema()
        title = target.__name__
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": f"toolassess {kind}", **body}
    schema.setdefault("description", title)
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
