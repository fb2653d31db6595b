"""The redundancy analysis of one plan: cut sets, scenario outcomes and the redundancy findings."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from toolassess.findings.redundancy import (
    SEVERITY_ORDER,
    find_false_redundancies,
    find_miscast_channels,
    find_registration_dependencies,
    find_single_points_of_failure,
    find_surge_risks,
    find_uncovered_purposes,
    find_unreachable_partners,
    find_untested_channels,
)
from toolassess.models.assessment import RedundancyResult
from toolassess.models.catalog import (
    Catalog,
)
from toolassess.models.plan import Plan
from toolassess.models.scenarios import Scenario
from toolassess.redundancy.faulttree import FaultTree, minimal_cut_sets
from toolassess.redundancy.scenarios import run_scenario


def analyse_redundancy(
    plan: Plan,
    catalog: Catalog,
    scenarios: Sequence[Scenario],
    as_of: date,
    lang: str = "en",
    max_order: int = 3,
) -> RedundancyResult:
    """Cut sets, findings (false redundancies first) and scenario outcomes for one plan."""
    tree = FaultTree(catalog, max_order)
    cut_sets = minimal_cut_sets(plan, tree)
    outcomes = [run_scenario(plan, catalog, scenario, lang) for scenario in scenarios]
    findings = [
        *find_false_redundancies(plan, tree, lang),
        *find_single_points_of_failure(plan, tree, cut_sets, lang),
        *find_uncovered_purposes(plan, catalog, outcomes, lang),
        *find_miscast_channels(plan, catalog, lang),
        *find_surge_risks(plan, catalog, lang),
        *find_registration_dependencies(plan, catalog, lang),
        *find_untested_channels(plan, as_of, lang),
        *find_unreachable_partners(plan, outcomes, lang),
    ]
    findings.sort(key=lambda f: SEVERITY_ORDER[f.severity])  # stable: kinds keep their order within a severity
    return RedundancyResult(
        max_order=max_order,
        cut_sets={
            purpose.value: sorted((sorted(s) for s in family), key=lambda s: (len(s), s))
            for purpose, family in cut_sets.items()
        },
        findings=findings,
        scenarios=outcomes,
    )
