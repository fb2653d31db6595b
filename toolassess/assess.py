"""Builds the one Assessment object every renderer renders: inputs → scores + redundancy + fact findings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from toolassess.acceptance import mark_accepted
from toolassess.freshness import DEFAULT_STALE_AFTER_DAYS, today
from toolassess.loading import (
    CriteriaSet,
    LoadedCatalog,
    LoadedScenarios,
    load_catalog,
    load_criteria,
    load_plan,
    load_scenarios,
)
from toolassess.models.assessment import (
    RedundancyResult,
)
from toolassess.models.catalog import Catalog
from toolassess.models.plan import Plan
from toolassess.redundancy import analyse_redundancy
from toolassess.yamlsource import YamlDocument


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


def load_inputs(
    plan_path: Path,
    catalog_dirs: Sequence[Path] = (),
    criteria_path: Path | None = None,
    scenario_paths: Sequence[Path] = (),
    stale_after_days: int = DEFAULT_STALE_AFTER_DAYS,
    as_of: date | None = None,
) -> AssessmentInputs:
    """Load and cross-check the plan, catalogue, criteria and scenarios."""
    loaded_catalog = load_catalog(catalog_dirs)
    criteria = load_criteria(criteria_path)
    loaded_plan = load_plan(plan_path, loaded_catalog.catalog, criteria)
    scenarios = load_scenarios(scenario_paths, loaded_catalog.catalog)
    return AssessmentInputs(
        loaded_plan.plan, loaded_plan.doc, loaded_catalog, criteria, scenarios, as_of or today(), stale_after_days
    )


def analyse_plan_redundancy(inputs: AssessmentInputs, max_order: int = 3) -> RedundancyResult:
    """The redundancy analysis of the plan, with its accepted risks applied."""
    result = analyse_redundancy(
        inputs.plan, inputs.catalog, inputs.scenarios.scenarios, inputs.as_of, inputs.plan.lang, max_order
    )
    return result.model_copy(
        update={"findings": mark_accepted(result.findings, inputs.plan.accepted_risks, inputs.as_of)}
    )
