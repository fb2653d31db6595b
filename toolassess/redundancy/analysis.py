"""The structure of one plan: its fault tree, the minimal cut sets per purpose, and the scenarios replayed on it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from toolassess.models.assessment import ScenarioOutcome
from toolassess.models.catalog import Catalog, Purpose
from toolassess.models.plan import Plan
from toolassess.models.scenarios import Scenario
from toolassess.redundancy.faulttree import Family, FaultTree, minimal_cut_sets
from toolassess.redundancy.scenarios import run_scenario


@dataclass(frozen=True)
class Structure:
    """What the redundancy analysis computes for a plan (findings are judged from it, in toolassess.findings)."""

    tree: FaultTree
    cut_sets: dict[Purpose, Family]
    outcomes: list[ScenarioOutcome]

    def cut_set_lists(self) -> dict[str, list[list[str]]]:
        """Cut sets as sorted lists per purpose, smallest first (how the Assessment records them)."""
        return {
            purpose.value: sorted((sorted(s) for s in family), key=lambda s: (len(s), s))
            for purpose, family in self.cut_sets.items()
        }


def analyse_structure(
    plan: Plan, catalog: Catalog, scenarios: Sequence[Scenario], lang: str = "en", max_order: int = 3
) -> Structure:
    """Cut sets (up to `max_order` components) and scenario outcomes for one plan."""
    tree = FaultTree(catalog, max_order)
    return Structure(
        tree, minimal_cut_sets(plan, tree), [run_scenario(plan, catalog, scenario, lang) for scenario in scenarios]
    )
