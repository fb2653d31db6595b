"""Reading an Assessment back from its JSON (compare, verify), size-limited and schema-checked."""

from __future__ import annotations

from pathlib import Path

from toolassess.inputs.yamlsource import read_yaml
from toolassess.models.assessment import Assessment

ASSESSMENT_MAX_BYTES = 64 * 1024 * 1024
"""Assessment JSON is machine-written and grows with the catalogue; still bounded."""


def load_assessment(path: Path) -> Assessment:
    """An assessment JSON written by toolassess (JSON is YAML: errors get FILE:LINE:COL too)."""
    doc = read_yaml(path, max_bytes=ASSESSMENT_MAX_BYTES)
    assessment: Assessment = doc.validate(Assessment)
    return assessment
