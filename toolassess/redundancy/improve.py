"""What to add: the smallest sets of catalogue tools and local measures that remove a plan's weak points.

For each purpose the plan names, the weak points are its single and double points of failure (minimal cut sets of
order 1 and 2) and the scenarios in which nothing survives for it. A purpose survives a weak point when at least one
of its channels does, so a set of added channels removes the weak points that any one of them survives: the
smallest sets removing them all are the minimal hitting sets of "which candidate removes what", searched over
the catalogue's tools that serve the purpose and pass the plan's profile for it (eligible), best ranked first,
and over backup power on the institution's premises for what its channels need there (the catalogue's `on_site`
components), which carries the plan's own channels through the blackouts it outlasts. Each candidate is judged
alone; a tool that would survive only with the new generator is not searched for (what is proposed is sound, not
every combination). Everything is computed on the real model — the same fault trees and scenario replays as the
analysis — and tests/test_improve.py checks the proposals by applying them and running the whole analysis again.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

from toolassess.models.assessment import Proposal, ProposedPower, PurposeImprovement, WeakPoint
from toolassess.models.base import local, short_name
from toolassess.models.catalog import Catalog, Purpose, component_ids, survives
from toolassess.models.plan import BackupPower, Channel, Plan
from toolassess.models.scenarios import Scenario
from toolassess.redundancy.faulttree import FaultTree, channels_by_purpose, minimal_cut_sets
from toolassess.redundancy.scenarios import OWN_SIDE_PURPOSES, failed_components, own_backup, run_scenario, tool_states

MAX_ADDITIONS = 3
"""Largest set of added tools proposed: beyond three, the plan needs rethinking rather than additions."""
MAX_CANDIDATES = 40
"""Eligible candidates searched per purpose, best ranked first (C(40, 3) = 9,880 sets at most, each a set union)."""
MAX_PROPOSALS = 5
"""Proposals shown per purpose, smallest and best ranked first."""
WEAK_POINT_ORDER = 2
"""Cut sets up to this order are weak points: one or two components whose failure silences a purpose."""
HOURS_PER_DAY = 24
POWER = "power:"
"""Key prefix of a backup-power candidate among the tool ids searched."""


def planned_hours(blackout_hours: float) -> float:
    """The autonomy to plan for to ride through a blackout: the next whole day beyond it.

    Fuel is planned in days, and a supply lasting exactly as long as the blackout does not carry a component
    through it (scenarios count autonomy > duration).
    """
    return float(HOURS_PER_DAY * (int(blackout_hours // HOURS_PER_DAY) + 1))


def with_power(plan: Plan, power: ProposedPower) -> Plan:
    """The plan with the proposed backup power added to what it already runs."""
    supply = BackupPower(site="proposed", hours=power.hours, keeps_up=power.keeps_up)
    return plan.model_copy(update={"backup_power": [*plan.backup_power, supply]})


def power_candidates(
    plan: Plan,
    catalog: Catalog,
    purpose: Purpose,
    points: Sequence[WeakPoint],
    scenarios: dict[str, Scenario],
    lang: str,
) -> list[ProposedPower]:
    """Backup power for the on-site components the purpose's channels need, one per autonomy worth proposing.

    One candidate per blackout the purpose is lost in (the autonomy that outlasts it), shortest first.
    """
    if purpose not in OWN_SIDE_PURPOSES:
        return []  # the people reached have no such power: the institution's own generator does not reach them
    tools = dict.fromkeys(c.tool for c in plan.channels if purpose in c.purpose)
    needed = {
        component
        for tool_id in tools
        for leaf in component_ids(catalog.tools[tool_id].depends_on)
        for component in (leaf, *catalog.closure(leaf))
    }
    on_site = sorted(c for c in needed if catalog.components[c].on_site is not None)
    blackouts = [scenarios[p.id].power_outage_hours for p in points if p.id in scenarios]
    hours = sorted({planned_hours(h) for h in blackouts if h is not None})
    return [_supply(catalog, h, on_site, lang) for h in hours] if on_site else []


def _smallest_supply(
    plan: Plan,
    catalog: Catalog,
    purpose: Purpose,
    points: Sequence[WeakPoint],
    scenarios: dict[str, Scenario],
    power: ProposedPower,
    lang: str,
) -> tuple[ProposedPower, frozenset[str]]:
    """The supply keeping up only what it needs to, and the weak points it removes.

    Each on-site component is left out in turn when the supply removes as much without it: a UPS for the internet
    box is not a generator for the server room.
    """

    def removed(supply: ProposedPower) -> frozenset[str]:
        return frozenset(p.id for p in points if _powered_serves(plan, catalog, purpose, p, scenarios, supply))

    best = removed(power)
    kept = list(power.keeps_up)
    for component in power.keeps_up:
        trial = [c for c in kept if c != component]
        if trial and removed(_supply(catalog, power.hours, trial, lang)) == best:
            kept = trial
    return _supply(catalog, power.hours, kept, lang), best


def _supply(catalog: Catalog, hours: float, keeps_up: list[str], lang: str) -> ProposedPower:
    names = [local(catalog.components[c].on_site, lang) for c in keeps_up]
    return ProposedPower(hours=hours, keeps_up=keeps_up, names=names)


def _powered_serves(
    plan: Plan,
    catalog: Catalog,
    purpose: Purpose,
    point: WeakPoint,
    scenarios: dict[str, Scenario],
    power: ProposedPower,
) -> bool:
    """True when, with the backup power added, the plan's channels serve the purpose in this weak point's scenario.

    A cut set stays one: backup power shortens what a failure costs, it does not remove the dependency.
    """
    scenario = scenarios.get(point.id)
    if scenario is None or scenario.power_outage_hours is None:
        return False
    return bool(run_scenario(with_power(plan, power), catalog, scenario, "en").surviving.get(purpose.value))


def available(countries: Sequence[str], country: str | None) -> bool:
    """True when a plan of this country may use the service (national services such as Tchap or ASTRID).

    To a plan that does not say its country, only services open anywhere are proposed.
    """
    return not countries or country in countries


def _down(catalog: Catalog, cut: frozenset[str]) -> set[str]:
    """The components down when a cut set fails: it, and everything depending on it (as in a scenario)."""
    return failed_components(catalog, Scenario.what_if(cut))


def _serves(
    plan: Plan,
    catalog: Catalog,
    tool_id: str,
    purpose: Purpose,
    point: WeakPoint,
    scenarios: dict[str, Scenario],
    downs: dict[str, set[str]],
) -> bool:
    """True when the tool, added to the plan, still serves the purpose at this weak point (degraded but kept too).

    `downs`: each scenario weak point's failed components for this purpose, found once for every candidate.
    """
    scenario = scenarios.get(point.id)
    if scenario is None:  # a cut set: structural, as the cut sets are computed
        return survives(catalog.tools[tool_id].depends_on, set(point.down))
    alone = plan.model_copy(update={"channels": [Channel(tool=tool_id, purpose=[purpose])]})
    failed, degraded = tool_states(alone, catalog, scenario, downs[point.id])
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
            WeakPoint(
                id="cut:" + "+".join(sorted(cut)),
                components=sorted(cut),
                down=sorted(_down(catalog, cut)),
                names=[short_name(local(catalog.components[c].name, lang)) for c in sorted(cut)],
            )
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
    by_id = {f"scenario:{scenario.id}": scenario for scenario in scenarios}
    improvements = []
    for purpose, points in weak_points(plan, catalog, scenarios, lang).items():
        in_plan = set(serving[purpose])
        candidates = [
            (t, rank)
            for t, rank in eligible.get(purpose.value, [])
            if t not in in_plan and available(catalog.tools[t].available_in, plan.country)
        ][:MAX_CANDIDATES]
        backup = own_backup(plan, purpose)
        downs = {p.id: failed_components(catalog, by_id[p.id], backup) for p in points if p.id in by_id}
        powers: dict[str, ProposedPower] = {}
        removes: dict[str, frozenset[str]] = {}  # a local measure first: it strengthens the channels people use
        for power in power_candidates(plan, catalog, purpose, points, by_id, lang):
            key = f"{POWER}{power.hours:g}"
            powers[key], removes[key] = _smallest_supply(plan, catalog, purpose, points, by_id, power, lang)
        removes |= {
            tool_id: frozenset(p.id for p in points if _serves(plan, catalog, tool_id, purpose, p, by_id, downs))
            for tool_id, _rank in candidates
        }
        removable = frozenset().union(*removes.values()) if removes else frozenset()
        ranks = dict(candidates)
        order = {key: index for index, key in enumerate(removes)}
        covers: list[tuple[str, ...]] = []
        for size in range(1, MAX_ADDITIONS + 1):
            for chosen in combinations(removes, size):
                if sum(key.startswith(POWER) for key in chosen) > 1:
                    continue  # one supply: a longer autonomy does all a shorter one does
                if any(set(found) <= set(chosen) for found in covers):
                    continue  # a smaller set already does it: not minimal
                if frozenset().union(*(removes[key] for key in chosen)) >= removable and removable:
                    covers.append(chosen)
        covers.sort(key=lambda chosen: (len(chosen), sum(order[key] for key in chosen)))
        proposals = []
        for chosen in covers[:max_proposals]:
            tools = [key for key in chosen if not key.startswith(POWER)]
            proposals.append(
                Proposal(
                    power=next((powers[key] for key in chosen if key.startswith(POWER)), None),
                    tools=tools,
                    names=[local(catalog.tools[t].name, lang) for t in tools],
                    ranks=[ranks[t] for t in tools],
                    removes=[p.id for p in points if p.id in removable],
                    remaining=[p.id for p in points if p.id not in removable],
                )
            )
        improvements.append(
            PurposeImprovement(
                purpose=purpose.value,
                weak_points=points,
                proposals=proposals,
                unremovable=[p.id for p in points if p.id not in removable],
                candidates=len(candidates),
            )
        )
    return improvements


def apply_proposal(plan: Plan, purpose: str, proposal: Proposal) -> Plan:
    """The plan with the proposal's backup power installed and its tools added as backup channels for the purpose.

    What a planner would do with it.
    """
    if proposal.power is not None:
        plan = with_power(plan, proposal.power)
    added = [Channel(tool=tool, purpose=[Purpose(purpose)], role="backup") for tool in proposal.tools]
    return plan.model_copy(update={"channels": [*plan.channels, *added]})
