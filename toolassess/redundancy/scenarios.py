"""Failure scenarios replayed on a plan: what is down, degraded or saturated, per purpose."""

from __future__ import annotations

from toolassess.i18n import gettext_for
from toolassess.models.assessment import ScenarioOutcome
from toolassess.models.base import local
from toolassess.models.catalog import (
    AllOf,
    Catalog,
    Component,
    Dependency,
    Purpose,
    component_ids,
    survives,
)
from toolassess.models.plan import Plan
from toolassess.models.scenarios import Scenario
from toolassess.redundancy.faulttree import channels_by_purpose

OWN_SIDE_PURPOSES = frozenset({Purpose.COMMUNICATION})
"""Purposes whose far end runs on backup power too (the crisis cell itself, partners' operations centres), so the
institution's own generator or UPS carries them. Notification wakes people at home and public information reaches
the public, whose boxes and phones have no such power: for those, only the operators' and vendors' backup counts
(a generator at the town hall keeps its box up, not the box of the people it calls)."""


def own_backup(plan: Plan, purpose: Purpose) -> dict[str, float]:
    """The plan's backup power that counts for a purpose (see OWN_SIDE_PURPOSES)."""
    return plan.backup_hours() if purpose in OWN_SIDE_PURPOSES else {}


def failed_components(catalog: Catalog, scenario: Scenario, local_backup: dict[str, float] | None = None) -> set[str]:
    """Every component down in a scenario: those named, and those whose dependency tree fails.

    In a blackout of H hours the grid is down; a component rides through it when its own backup power — or the
    plan's (a generator at the town hall: `local_backup`) — lasts longer than H hours.
    """
    down = set(scenario.fails)
    hours = scenario.power_outage_hours
    if hours is not None:
        down.add("power-grid")
    components = catalog.components
    status: dict[str, bool] = {}

    def works(dependency: Dependency | None, owner: Component | None) -> bool:
        if dependency is None:
            return True
        if isinstance(dependency, str):
            if dependency == "power-grid" and hours is not None and owner is not None:
                autonomy = max(owner.backup_power_hours or 0.0, (local_backup or {}).get(owner.id, 0.0))
                if autonomy > hours:  # lasting exactly as long as the blackout is not enough
                    return True
            return component_works(dependency)
        if isinstance(dependency, AllOf):
            return all(works(branch, owner) for branch in dependency.all)
        return any(works(branch, owner) for branch in dependency.any)

    def component_works(component_id: str) -> bool:
        if component_id not in status:
            component = components[component_id]
            status[component_id] = component_id not in down and works(component.depends_on, component)
        return status[component_id]

    for component_id in catalog.component_order:
        component_works(component_id)
    return {component_id for component_id, ok in status.items() if not ok}


def usual_path(catalog: Catalog, dependency: Dependency | None) -> set[str]:
    """The components a dependency tree uses in the usual case: every branch of an "all", the first of an "any".

    The catalogue writes the usual way first ("mobile data or fixed access"): saturating it slows the people who
    use it even when another way exists.
    """
    found: set[str] = set()
    pending = [dependency]
    while pending:
        node = pending.pop()
        if node is None:
            continue
        if isinstance(node, str):
            if node not in found:
                found.add(node)
                pending.append(catalog.components[node].depends_on)
        elif isinstance(node, AllOf):
            pending.extend(node.all)
        else:
            pending.append(node.any[0])
    return found


def tool_states(
    plan: Plan, catalog: Catalog, scenario: Scenario, down: set[str] | None = None
) -> tuple[set[str], dict[str, tuple[list[str], list[Purpose] | None]]]:
    """Each plan tool in a scenario: the tools down, and the degraded ones (reason codes, purposes still served).

    A working tool is in neither; a degraded one serves the purposes listed (None: all of them). A tool is
    degraded, not down, when what stops it is only components that degrade their dependants (push services:
    messages still arrive while the app is open), or when it needs a saturated component.
    """
    if down is None:  # run_scenario passes the components it already found down
        down = failed_components(catalog, scenario, plan.backup_hours())
    components = catalog.components
    soft = {c for c in down if components[c].degrades_when_down is not None}
    saturated = set(scenario.saturates)
    prioritised = {channel.tool for channel in plan.channels if channel.priority_access}
    degraded: dict[str, tuple[list[str], list[Purpose] | None]] = {}
    failed: set[str] = set()
    for tool_id in dict.fromkeys(channel.tool for channel in plan.channels):
        dependency = catalog.tools[tool_id].depends_on
        reached = {c for leaf in component_ids(dependency) for c in (leaf, *catalog.closure(leaf))}
        if survives(dependency, down):
            hit = sorted(
                c
                for c in reached & saturated
                # priority SIMs get through a congested mobile network (their scheme's purpose)
                if not (tool_id in prioritised and components[c].kind == "mobile-network")
            )
            # degraded when its usual way of working goes through a saturated component: the first branch of each
            # "any" is the usual one (staff reach Teams over mobile data; cell broadcast reaches phones by radio
            # broadcast, its location-based SMS only a fallback for older phones)
            usual = {c for c in usual_path(catalog, dependency) if c in hit}
            if usual:
                degraded[tool_id] = ([f"saturated:{c}" for c in sorted(usual)], None)
            continue
        if soft and survives(dependency, down - soft):
            causes = sorted(reached & soft)
            kept = set(Purpose)
            for c in causes:
                kept &= set(components[c].keeps)
            degraded[tool_id] = ([f"down:{c}" for c in causes], [p for p in Purpose if p in kept])
            continue
        failed.add(tool_id)
    return failed, degraded


def run_scenario(plan: Plan, catalog: Catalog, scenario: Scenario, lang: str) -> ScenarioOutcome:
    """Replay one scenario on the plan: per purpose what works, what works degraded (and why), what is down.

    The plan's own backup power counts; where no channel survives, its degraded-mode procedures are listed.
    """
    down = failed_components(catalog, scenario, plan.backup_hours())
    failed, degraded = tool_states(plan, catalog, scenario, down)
    far_failed, far_degraded = failed, degraded  # what the people reached see: without the plan's own backup power
    if plan.backup_power:
        far_failed, far_degraded = tool_states(plan, catalog, scenario, failed_components(catalog, scenario))
    components = catalog.components
    serving = channels_by_purpose(plan, catalog)
    listed = set(plan.purposes_shown())
    plan_tools = list(dict.fromkeys(channel.tool for channel in plan.channels))
    purposes_of: dict[str, set[Purpose]] = {}
    for channel in plan.channels:
        purposes_of.setdefault(channel.tool, set()).update(channel.purpose)
    # down: for every purpose it serves in the plan (a landline on the town hall's generator still carries the
    # cell's calls while the staff it would wake at home are out of reach: not down)
    failed_tools = [
        t for t in plan_tools if all(t in (failed if p in OWN_SIDE_PURPOSES else far_failed) for p in purposes_of[t])
    ]

    def reason(code: str) -> str:
        state, component_id = code.split(":", 1)
        component = components[component_id]
        text = component.degrades_when_down if state == "down" else component.when_saturated
        return local(text, lang) if text is not None else _saturated_words(local(component.name, lang), lang)

    def states_for(purpose: Purpose) -> tuple[set[str], dict[str, tuple[list[str], list[Purpose] | None]]]:
        return (failed, degraded) if purpose in OWN_SIDE_PURPOSES else (far_failed, far_degraded)

    def works_for(tool_id: str, purpose: Purpose) -> bool:
        dead, weak = states_for(purpose)
        if tool_id in dead:
            return False
        purposes = weak[tool_id][1] if tool_id in weak else None
        return purposes is None or purpose in purposes

    source = None
    when = None
    if scenario.replays is not None:
        when = scenario.replays.date
        incident = next(
            (i for i in catalog.components[scenario.replays.component].incidents if i.date == scenario.replays.date),
            None,
        )
        source = incident.source if incident else None
    surviving = {
        p.value: [t for t in tools if works_for(t, p)]
        for p, tools in serving.items()
        if p in listed  # every purpose the plan covers, even when no channel can serve it
    }
    return ScenarioOutcome(
        id=scenario.id,
        kind=scenario.kind,
        title=scenario.title.get(lang),
        incident_date=when,
        blackout_hours=scenario.power_outage_hours,
        source=source,
        failed_components=sorted(down),
        failed_tools=failed_tools,
        surviving=surviving,
        degraded={
            p: [t for t in tools if t in states_for(Purpose(p))[1]]
            for p, tools in surviving.items()
            if any(t in states_for(Purpose(p))[1] for t in tools)
        },
        degraded_reasons={
            t: list(
                dict.fromkeys(reason(code) for states in (degraded, far_degraded) for code in states.get(t, ([],))[0])
            )
            for t in sorted(degraded.keys() | far_degraded.keys())
        },
        fallback={
            p.value: [procedure.id for procedure in plan.procedures if p in procedure.purpose]
            for p in serving
            if p in listed and not surviving[p.value] and any(p in procedure.purpose for procedure in plan.procedures)
        },
    )


def _saturated_words(component_name: str, lang: str) -> str:
    _ = gettext_for(lang)
    return _("{component} saturated: delays and failed attempts").format(component=component_name)


def last_resort(plan: Plan, purpose: Purpose, lang: str) -> str:
    """The plan's degraded-mode procedures for a purpose, as the end of a finding (a last resort, not a channel)."""
    _ = gettext_for(lang)
    procedures = [procedure.id for procedure in plan.procedures if purpose in procedure.purpose]
    if not procedures:
        return ""
    return " " + _("Last resort, not a channel: {procedures}.").format(procedures=", ".join(procedures))
