"""`toolassess validate`: check any input files (catalogue, criteria, plans, scenarios) without assessing."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from toolassess.inputs.catalog import build_catalog, catalog_model, load_catalog
from toolassess.inputs.criteria import build_criteria, load_criteria
from toolassess.inputs.files import InputKind, detect_kind, read_all
from toolassess.inputs.plans import check_plan, check_scenarios
from toolassess.inputs.yamlsource import YamlDocument


def validate_paths(
    paths: Sequence[Path], catalog_dirs: Sequence[Path] = (), criteria_path: Path | None = None
) -> list[tuple[str, InputKind]]:
    """Check plans, catalogue files and criteria files together; return (file, kind) for each, or raise."""
    return validate_documents(read_all(paths), catalog_dirs, criteria_path)


def validate_documents(
    docs: Sequence[YamlDocument], catalog_dirs: Sequence[Path] = (), criteria_path: Path | None = None
) -> list[tuple[str, InputKind]]:
    """validate_paths on documents already read (the bytes checked are the bytes a kept verdict is named by)."""
    kinds = [(doc, detect_kind(doc)) for doc in docs]
    catalog_kinds = (InputKind.TOOL, InputKind.TOOL_OVERRIDE, InputKind.COMPONENTS)
    catalog_docs = [doc for doc, kind in kinds if kind in catalog_kinds]
    criteria_docs = [doc for doc, kind in kinds if kind in (InputKind.CRITERIA, InputKind.PROFILE, InputKind.ORIGINS)]
    if catalog_docs:
        catalog = build_catalog([*load_catalog(catalog_dirs).layers, catalog_docs]).catalog
    else:
        catalog = catalog_model(catalog_dirs)
    criteria = load_criteria(criteria_path)
    if criteria_docs:
        criteria = build_criteria(criteria_docs, base=criteria)
    for doc, kind in kinds:
        if kind is InputKind.PLAN:
            check_plan(doc, catalog, criteria)
    scenario_docs = [doc for doc, kind in kinds if kind is InputKind.SCENARIOS]
    if scenario_docs:
        check_scenarios(scenario_docs, catalog)
    return [(doc.path, kind) for doc, kind in kinds]
