"""Everything one assessment is computed from, loaded and cross-checked: plan, catalogue, criteria, scenarios."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from toolassess.clock import today
from toolassess.inputs.catalog import LoadedCatalog, load_catalog
from toolassess.inputs.criteria import load_criteria
from toolassess.inputs.files import EXAMPLE_PLAN, sha256_of
from toolassess.inputs.plans import LoadedScenarios, load_plan, load_scenarios
from toolassess.inputs.yamlsource import YamlDocument
from toolassess.models.assessment import (
    InputFile,
)
from toolassess.models.catalog import Catalog
from toolassess.models.criteria import CriteriaSet
from toolassess.models.plan import Plan
from toolassess.scoring.freshness import DEFAULT_STALE_AFTER_DAYS


@dataclass
class AssessmentInputs:
    """Everything an assessment is computed from, loaded and checked."""

    plan: Plan
    plan_doc: YamlDocument
    loaded_catalog: LoadedCatalog
    criteria: CriteriaSet
    scenarios: LoadedScenarios
    as_of: date
    stale_after_days: int

    @property
    def catalog(self) -> Catalog:
        """The merged catalogue."""
        return self.loaded_catalog.catalog

    def documents(self) -> list[YamlDocument]:
        """Every input read, in the audit trail's order: plan, catalogue layers, criteria, scenarios."""
        return [self.plan_doc, *self.loaded_catalog.files, *self.criteria.files, *self.scenarios.files]

    def files(self) -> list[Path]:
        """The user's input files behind these inputs (not the built-in ones): reports must never replace them."""
        return _user_files(self.documents())

    def file_entries(self) -> list[InputFile]:
        """The audit trail of the inputs: each file's recorded path, kind, digest and catalogue layer."""

        def entry(doc: YamlDocument, kind: str, layer: int | None = None) -> InputFile:
            return InputFile(path=doc.recorded_path, kind=kind, sha256=doc.sha256, layer=layer)

        files = [entry(self.plan_doc, "plan")]
        files += [entry(d, "catalog", n) for n, layer in enumerate(self.loaded_catalog.layers) for d in layer]
        files += [entry(d, "criteria") for d in self.criteria.files]
        files += [entry(d, "scenarios") for d in self.scenarios.files]
        return files

    def criteria_sha256(self) -> str:
        """One digest of the criteria files (the Assessment records it)."""
        return sha256_of(self.criteria.files)


@dataclass
class SharedInputs:
    """The inputs every plan of a run shares: catalogue, criteria, scenarios, date and staleness limit."""

    loaded_catalog: LoadedCatalog
    criteria: CriteriaSet
    scenarios: LoadedScenarios
    as_of: date
    stale_after_days: int

    def files(self) -> list[Path]:
        """The user's input files behind these inputs (not the built-in ones): reports must never replace them."""
        return _user_files([*self.loaded_catalog.files, *self.criteria.files, *self.scenarios.files])


def _user_files(docs: Sequence[YamlDocument]) -> list[Path]:
    return [Path(doc.path) for doc in docs if not doc.path.startswith("<")]


def load_shared(
    catalog_dirs: Sequence[Path] = (),
    criteria_path: Path | None = None,
    scenario_paths: Sequence[Path] = (),
    stale_after_days: int = DEFAULT_STALE_AFTER_DAYS,
    as_of: date | None = None,
) -> SharedInputs:
    """Load and cross-check the catalogue, criteria and scenarios once."""
    loaded_catalog = load_catalog(catalog_dirs)
    criteria = load_criteria(criteria_path)
    scenarios = load_scenarios(scenario_paths, loaded_catalog.catalog)
    return SharedInputs(loaded_catalog, criteria, scenarios, as_of or today(), stale_after_days)


def inputs_for_plan(plan_path: Path, shared: SharedInputs) -> AssessmentInputs:
    """One plan, checked against the shared inputs."""
    loaded_plan = load_plan(plan_path, shared.loaded_catalog.catalog, shared.criteria)
    if plan_path.resolve() == EXAMPLE_PLAN.resolve():  # same name on every machine: same JSON everywhere
        loaded_plan.doc = replace(loaded_plan.doc, path="<builtin>/examples/exampleville.yaml")
    return AssessmentInputs(
        loaded_plan.plan,
        loaded_plan.doc,
        shared.loaded_catalog,
        shared.criteria,
        shared.scenarios,
        shared.as_of,
        shared.stale_after_days,
    )


def load_inputs(
    plan_path: Path,
    catalog_dirs: Sequence[Path] = (),
    criteria_path: Path | None = None,
    scenario_paths: Sequence[Path] = (),
    stale_after_days: int = DEFAULT_STALE_AFTER_DAYS,
    as_of: date | None = None,
) -> AssessmentInputs:
    """Load and cross-check the plan, catalogue, criteria and scenarios."""
    return inputs_for_plan(plan_path, load_shared(catalog_dirs, criteria_path, scenario_paths, stale_after_days, as_of))
