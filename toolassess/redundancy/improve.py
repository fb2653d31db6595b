"""What to add: the smallest sets of catalogue tools that remove a plan's weak points, found by search over the model.

For each purpose the plan names, the weak points are its single and double points of failure (minimal cut sets of
order 1 and 2) and the scenarios in which nothing survives for it. A purpose survives a weak point when at least one
of its channels does, so a set of added channels removes the weak points that any one of them survives: the
smallest sets removing them all are the minimal hitting sets of "which candidate survives what", searched over
the catalogue's tools that serve the purpose and pass the plan's profile for it (eligible), best ranked first.
Everything is computed on the real model — the same fault trees and scenario replays as the analysis — and
tests/test_improve.py checks the proposals by applying them and running the whole analysis again.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

from toolassess.models.assessment import Proposal, PurposeImprovement, WeakPoint
from toolassess.models.base import local
from toolassess.models.catalog import Catalog, Purpose, survives
from toolassess.models.plan import Channel, Plan
from toolassess.models.scenarios import Scenario
from toolassess.redundancy.faulttree import FaultTree, channels_by_purpose, minimal_cut_sets
from toolassess.redundancy.scenarios import failed_components, run_scenario, tool_states

MAX_ADDITIONS = 3
"""Largest set of added tools proposed: beyond three, the plan needs rethinking rather than additions."""
MAX_CANDIDATES = 40
"""Eligible candidates searched per purpose, best ranked first (C(40, 3) = 9,880 sets at most, each a set union)."""
MAX_PROPOSALS = 5
"""Proposals shown per purpose, smallest and best ranked first."""
WEAK_POINT_ORDER = 2
"""Cut sets up to this order are weak points: one or two components whose failure silences a purpose."""


def available(countries: Sequence[str], country: str | None) -> bool:
    """True when a plan of this country may use the service (national services such as Tchap or ASTRID).

    To a plan that does not say its country, only services open anywhere are proposed.
    """
    return not countries or country in countries


def _down(catalog: Catalog, cut: frozenset[str]) -> set[str]:
    """The components down when a cut set fails: it, and everything depending on it (as in a scenario)."""
    return failed_components(catalog, Scenario.what_if(cut))


def _serves(
    plan: Plan, catalog: Catalog, tool_id: str, purpose: Purpose, point: WeakPoint, scenarios: dict[str, Scenario]
) -> bool:
    """True when the tool, added to the plan, still serves the purpose at this weak point (degraded but kept too)."""
    scenario = scenarios.get(point.id)
    if scenario is None:  # a cut set: structural, as the cut sets are computed
        return survives(catalog.tools[tool_id].depends_on, set(point.down))
    alone = plan.model_copy(update={"channels": [Channel(tool=tool_id, purpose=[purpose])]})
    failed, degraded = tool_states(alone, catalog, scenario)
    if tool_id in failed:
        return False
    kept = degraded.get(tool_id, ([], None))[1]
    return kept is None or purpose in kept


def _still_served(plan: Plan, catalog: Catalog, cut: frozenset[str], purpose: Purpose) -> bool:
    """True when, with these components down, a channel still serves the purpose, degraded (as scenarios count)."""
    return bool(run_scenario(plan, catalog, Scenario.what_if(cut), "en").surviving.get(purpose.value))


def weak_points(
    plan: Plan, catalog: Catalog, scenarios: Sequence[Scenario], lang: str
) -> dict[Purpose, list[WeakPoint]]:
    """Per purpose the plan names: cut sets of order ≤ 2, then the scenarios it does not survive."""
    named = set(plan.purposes_in_scope())
    serving = channels_by_purpose(plan, catalog)
    cut_sets = minimal_cut_sets(plan, FaultTree(catalog, WEAK_POINT_ORDER))
    outcomes = [
        (
            scenario,
            run_scenario(plan, catalog, scenario, lang),
            failed_components(catalog, scenario, plan.backup_hours()),
        )
        for scenario in scenarios
    ]
    result: dict[Purpose, list[WeakPoint]] = {}
    for purpose in Purpose:
        if purpose not in named:
            continue
        tools = [catalog.tools[t] for t in serving[purpose]]
        points = [
            WeakPoint(id="cut:" + "+".join(sorted(cut)), components=sorted(cut), down=sorted(_down(catalog, cut)))
            for cut in sorted(cut_sets.get(purpose, frozenset()), key=lambda c: (len(c), sorted(c)))
            if not _still_served(plan, catalog, cut, purpose)  # push down: channels degraded, the purpose still served
        ]
        if not tools:  # no channel: lost with nothing failed at all
            points.append(WeakPoint(id="cut:", components=[], down=[]))
        for scenario, outcome, down in outcomes:
            if not outcome.surviving.get(purpose.value):  # as the scenario table says (degraded channels count)
                title = scenario.title.get(lang)
                points.append(
                    WeakPoint(id=f"scenario:{scenario.id}", components=sorted(down), down=sorted(down), scenario=title)
                )
        if points:
            result[purpose] = points
    return result


def improve_plan(
    plan: Plan,
    catalog: Catalog,
    scenarios: Sequence[Scenario],
    eligible: dict[str, list[tuple[str, int | None]]],
    lang: str = "en",
    max_proposals: int = MAX_PROPOSALS,
) -> list[PurposeImprovement]:
    """The smallest sets of eligible catalogue tools whose addition removes each purpose's weak points.

    `eligible`: purpose → (tool id, rank) of the catalogue's tools that serve it and pass the plan's profile, best
    first (see assess.eligible_tools). National services are proposed only to their country's institutions.
    """
    serving = channels_by_purpose(plan, catalog)
    improvements = []
    for purpose, points in weak_points(plan, catalog, scenarios, lang).items():
        in_plan = set(serving[purpose])
        candidates = [
            (t, rank)
            for t, rank in eligible.get(purpose.value, [])
            if t not in in_plan and available(catalog.tools[t].available_in, plan.country)
        ][:MAX_CANDIDATES]
        by_id = {f"scenario:{scenario.id}": scenario for scenario in scenarios}
        survives = {
            tool_id: frozenset(p.id for p in points if _serves(plan, catalog, tool_id, purpose, p, by_id))
            for tool_id, _rank in candidates
        }
        removable = frozenset().union(*survives.values()) if survives else frozenset()
        ranks = dict(candidates)
        order = {tool_id: index for index, (tool_id, _rank) in enumerate(candidates)}
        covers: list[tuple[str, ...]] = []
        for size in range(1, MAX_ADDITIONS + 1):
            for chosen in combinations([t for t, _ in candidates], size):
                if any(set(found) <= set(chosen) for found in covers):
                    continue  # a smaller set already does it: not minimal
                if frozenset().union(*(survives[t] for t in chosen)) >= removable and removable:
                    covers.append(chosen)
        covers.sort(key=lambda chosen: (len(chosen), sum(order[t] for t in chosen)))
        improvements.append(
            PurposeImprovement(
                purpose=purpose.value,
                weak_points=points,
                proposals=[
                    Proposal(
                        tools=list(chosen),
                        names=[local(catalog.tools[t].name, lang) for t in chosen],
                        ranks=[ranks[t] for t in chosen],
                        removes=[p.id for p in points if p.id in removable],
                        remaining=[p.id for p in points if p.id not in removable],
                    )
                    for chosen in covers[:max_proposals]
                ],
                unremovable=[p.id for p in points if p.id not in removable],
                candidates=len(candidates),
            )
        )
    return improvements


def apply_proposal(plan: Plan, purpose: str, proposal: Proposal) -> Plan:
    """The plan with the proposal's tools added as backup channels for the purpose (what a planner would do)."""
    added = [Channel(tool=tool, purpose=[Purpose(purpose)], role="backup") for tool in proposal.tools]
    return plan.model_copy(update={"channels": [*plan.channels, *added]})
