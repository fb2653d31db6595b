"""Pure redundancy analysis: the plan as a fault tree → minimal cut sets, findings and scenario outcomes.

A component fails by itself or when its dependency tree fails; a tool fails when its tree fails; a purpose
fails when every channel serving it fails. Minimal cut sets are computed bottom-up (MOCUS with absorption),
truncated at `max_order`: families of sets of component ids, each minimal, none larger than the order.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Sequence
from datetime import date
from itertools import combinations
from typing import Any

from toolassess.errors import ToolassessError
from toolassess.i18n import N_, gettext_for
from toolassess.models.assessment import RedundancyResult, ScenarioOutcome
from toolassess.models.base import local
from toolassess.models.catalog import (
    AllOf,
    Catalog,
    Component,
    Dependency,
    Purpose,
    ToolProfile,
    component_ids,
    survives,
)
from toolassess.models.findings import Finding, FindingKind, RootCause, Severity
from toolassess.models.plan import Plan
from toolassess.models.scenarios import Scenario

Family = frozenset[frozenset[str]]
"""A family of minimal cut sets (each a set of component ids)."""

UNTESTED_AFTER_DAYS = 365
"""Means of communication should be used daily or tested regularly (seed 000): a year without a test is a finding."""

SHARED_KIND_SEVERITY: dict[str, Severity] = {
    "vendor-platform": Severity.HIGH,
    "cloud": Severity.HIGH,
    "identity-provider": Severity.HIGH,
    "cdn-dns": Severity.HIGH,
    "institution": Severity.HIGH,
    "alerting-infrastructure": Severity.HIGH,
    "push-service": Severity.MEDIUM,
    "app-store": Severity.MEDIUM,
    "mobile-network": Severity.MEDIUM,
    "fixed-network": Severity.MEDIUM,
    "radio-network": Severity.MEDIUM,
    "satellite": Severity.MEDIUM,
    "internet": Severity.LOW,
    "power": Severity.LOW,
}
"""How bad it is for two channels to share a component of this kind (same vendor is worse than same internet)."""


KIND_WORDS = {
    "vendor-platform": N_("same vendor platform"),
    "cloud": N_("same cloud"),
    "identity-provider": N_("same identity provider"),
    "cdn-dns": N_("same CDN/DNS provider"),
    "institution": N_("same institution infrastructure"),
    "alerting-infrastructure": N_("same alerting infrastructure"),
    "push-service": N_("same push services"),
    "app-store": N_("same app store"),
    "mobile-network": N_("same mobile network"),
    "fixed-network": N_("same fixed network"),
    "radio-network": N_("same radio network"),
    "satellite": N_("same satellite network"),
    "internet": N_("same internet access"),
    "power": N_("same power supply"),
}
PURPOSE_WORDS = {
    "communication": N_("communication"),
    "notification": N_("notification"),
    "public-information": N_("public information"),
}
ROLE_WORDS = {"primary": N_("primary"), "backup": N_("backup")}
SEVERITY_ORDER = {Severity.HIGH: 0, Severity.MEDIUM: 1, Severity.LOW: 2}


# ---------------------------------------------------------------- families of cut sets


def minimize(sets: Iterable[frozenset[str]]) -> Family:
    """Absorption: drop every set that contains another set of the family."""
    kept: set[frozenset[str]] = set()
    for candidate in sorted(set(sets), key=len):
        if not any(
            frozenset(sub) in kept for size in range(1, len(candidate)) for sub in combinations(candidate, size)
        ):
            kept.add(candidate)
    return frozenset(kept)


def family_or(families: Iterable[Family], max_order: int) -> Family:
    """Cut sets of 'any of these fails' (failure of an AND of working parts)."""
    return minimize(s for family in families for s in family if len(s) <= max_order)


MAX_PRODUCTS = 1_000_000
"""Pairs of cut sets one OR of alternatives may combine. The built-in catalogue needs a few hundred; a tree built to
explode (any of three groups of 200 components: 8 million triples) is refused instead of running for minutes."""
MAX_TOTAL_PRODUCTS = 3_000_000
"""Pairs of cut sets one whole analysis may combine: many ORs each just under MAX_PRODUCTS add up."""
MAX_SEARCH = 200_000
"""Partial sets the search for a purpose's cut sets may visit (the example plan visits a few hundred)."""


class AnalysisTooLarge(ToolassessError):
    """A fault tree whose exact analysis would take unbounded work: refused, with what to change."""

    def __init__(self, count: int, kind: str = "", item: str = "") -> None:
        self.count, self.kind, self.item = count, kind, item
        self.advice = (
            f"its dependency tree has too many combinations to analyse exactly ({count:,}, limit {MAX_PRODUCTS:,}); "
            "lower --max-order or group the alternatives under one component"
        )
        super().__init__(f"{kind} {item}: {self.advice}" if kind else self.advice)


def family_and(families: Iterable[Family], max_order: int, budget: Budget | None = None) -> Family:
    """Cut sets of 'all of these fail' (failure of an OR of working parts), truncated at max_order."""
    result: Family | None = None
    for family in sorted(families, key=len):
        if result is None:
            result = family
            continue
        if len(result) * len(family) > MAX_PRODUCTS:
            raise AnalysisTooLarge(len(result) * len(family))
        if budget is not None:
            budget.spend(len(result) * len(family))
        combined: set[frozenset[str]] = set()
        for a in result:
            for b in family:
                union = a | b
                if len(union) <= max_order:
                    combined.add(union)
        result = minimize(combined)
        if not result:
            break
    return result if result is not None else frozenset()


class Budget:
    """The work one analysis may do, shared by every OR of alternatives it combines (pairs of cut sets)."""

    def __init__(self, limit: int = MAX_TOTAL_PRODUCTS) -> None:
        self.left = limit
        self.limit = limit

    def spend(self, amount: int) -> None:
        self.left -= amount
        if self.left < 0:
            raise AnalysisTooLarge(self.limit - self.left)


class FaultTree:
    """Failure families of components and tools over one catalogue, computed when first needed and memoized.

    Only the components the analysed tools reach are ever computed (a catalogue may hold thousands the plan never
    uses), without recursion (a chain of thousands of components is a loop, not a call stack), within one work
    budget for the whole analysis.
    """

    def __init__(self, catalog: Catalog, max_order: int = 3, budget: Budget | None = None) -> None:
        self.catalog = catalog
        self.max_order = max_order
        self.budget = budget or Budget()
        self._components: dict[str, Family] = {}
        self._closures: dict[str, frozenset[str]] = {}

    def _ensure(self, component_id: str) -> None:
        """Compute the family of a component and of everything below it, dependencies first."""
        if component_id in self._components:
            return
        for node in _topological(self.catalog.components, [component_id], skip=self._components):
            component = self.catalog.components[node]
            try:
                below = self.of_dependency(component.depends_on)
            except AnalysisTooLarge as error:
                raise AnalysisTooLarge(error.count, "component", node) from None
            self._components[node] = family_or([frozenset({frozenset({node})}), below], self.max_order)

    def of_dependency(self, dependency: Dependency | None) -> Family:
        """Cut sets that make a dependency tree fail (an empty family: it cannot fail)."""
        if dependency is None:
            return frozenset()
        if isinstance(dependency, str):
            self._ensure(dependency)
            return self._components[dependency]
        if isinstance(dependency, AllOf):  # works if all work: fails if any fails
            return family_or((self.of_dependency(b) for b in dependency.all), self.max_order)
        return family_and((self.of_dependency(b) for b in dependency.any), self.max_order, self.budget)

    def of_component(self, component_id: str) -> Family:
        """Cut sets of one component."""
        self._ensure(component_id)
        return self._components[component_id]

    def of_tool(self, tool: ToolProfile) -> Family:
        """Cut sets of one tool."""
        try:
            return self.of_dependency(tool.depends_on)
        except AnalysisTooLarge as error:
            raise AnalysisTooLarge(error.count, "tool", tool.id) from None

    def singletons(self, family: Family) -> set[str]:
        """Components that alone make the family fail."""
        return {next(iter(s)) for s in family if len(s) == 1}

    def closure(self, component_id: str) -> frozenset[str]:
        """Every component this one depends on, directly or not (computed when asked: findings ask for few)."""
        if component_id not in self._closures:
            components = self.catalog.components
            for node in _topological(components, [component_id], skip=self._closures):
                leaves = _leaves(components[node].depends_on)
                self._closures[node] = frozenset(leaves).union(*(self._closures[leaf] for leaf in leaves))
        return self._closures[component_id]

    def top_level(self, component_ids: Iterable[str]) -> list[tuple[str, list[str]]]:
        """Components not below another of the set, each with those of the set below it (sorted)."""
        ids = set(component_ids)
        tops = [c for c in ids if not any(c in self.closure(other) for other in ids if other != c)]
        return sorted(((c, sorted(ids & self.closure(c))) for c in tops), key=lambda item: item[0])


def _leaves(dependency: Dependency | None) -> list[str]:
    if dependency is None:
        return []
    if isinstance(dependency, str):
        return [dependency]
    branches = dependency.all if isinstance(dependency, AllOf) else dependency.any
    return [leaf for branch in branches for leaf in _leaves(branch)]


def _topological(
    components: dict[str, Component], starts: Iterable[str] | None = None, skip: Container[str] = ()
) -> list[str]:
    """Components with their dependencies first, from `starts` (default: all), leaving out those in `skip`.

    The loader has refused cycles. Iterative: a long chain is walked, never recursed.
    """
    order: list[str] = []
    done: set[str] = set()
    for start in sorted(components) if starts is None else starts:
        if start in skip or start in done:
            continue
        stack = [(start, iter(_leaves(components[start].depends_on)))]
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                if node not in done:
                    done.add(node)
                    order.append(node)
            elif child not in done and child not in skip:
                stack.append((child, iter(_leaves(components[child].depends_on))))
    return order


# ---------------------------------------------------------------- plan analysis


def channels_by_purpose(plan: Plan, catalog: Catalog) -> dict[Purpose, list[str]]:
    """Tool ids serving each purpose, in plan order (every purpose present, maybe empty).

    A channel counts for a purpose only when its tool can serve it (the catalogue's `purposes`): a
    messenger listed for notification does not wake anyone (seed 000), so it does not cover notification.
    """
    result: dict[Purpose, list[str]] = {purpose: [] for purpose in Purpose}
    for channel in plan.channels:
        capable = catalog.tools[channel.tool].purposes
        for purpose in channel.purpose:
            if purpose in capable and channel.tool not in result[purpose]:
                result[purpose].append(channel.tool)
    return result


def find_miscast_channels(plan: Plan, catalog: Catalog, lang: str = "en") -> list[Finding]:
    """Channels listed for a purpose their tool cannot serve, and tools listed twice for one purpose."""
    _ = gettext_for(lang)
    findings = []
    seen: dict[tuple[str, Purpose], int] = {}
    for channel in plan.channels:
        tool = catalog.tools[channel.tool]
        for purpose in channel.purpose:
            seen[(channel.tool, purpose)] = seen.get((channel.tool, purpose), 0) + 1
            if purpose not in tool.purposes:
                findings.append(
                    Finding(
                        kind=FindingKind.UNCOVERED_PURPOSE,
                        severity=Severity.MEDIUM,
                        tools=[channel.tool],
                        purpose=purpose.value,
                        message=_(
                            "{tool} is listed for {purpose} but cannot serve it (it serves: {capable}); it is not "
                            "counted for {purpose}."
                        ).format(
                            tool=channel.tool,
                            purpose=_(PURPOSE_WORDS[purpose.value]),
                            capable=", ".join(_(PURPOSE_WORDS[p.value]) for p in tool.purposes),
                        ),
                    )
                )
    for (tool_id, purpose), count in seen.items():
        if count > 1:
            findings.append(
                Finding(
                    kind=FindingKind.FALSE_REDUNDANCY,
                    severity=Severity.HIGH,
                    tools=[tool_id],
                    purpose=purpose.value,
                    message=_("{tool} is listed {count} times for {purpose}: a channel cannot back itself up.").format(
                        tool=tool_id, count=count, purpose=_(PURPOSE_WORDS[purpose.value])
                    ),
                )
            )
    return findings


def minimal_cut_sets(plan: Plan, tree: FaultTree) -> dict[Purpose, Family]:
    """For each purpose with channels: the sets of components whose failure leaves it with no working channel."""
    tools = tree.catalog.tools
    return {
        purpose: hitting_cut_sets([tree.of_tool(tools[t]) for t in tool_ids], tree.max_order)
        for purpose, tool_ids in channels_by_purpose(plan, tree.catalog).items()
        if tool_ids
    }


def _covers(candidate: frozenset[str], family: Family) -> bool:
    """True when the candidate contains a cut set of the family (it takes that channel down)."""
    return any(
        frozenset(sub) in family for size in range(1, len(candidate) + 1) for sub in combinations(candidate, size)
    )


def hitting_cut_sets(families: Sequence[Family], max_order: int) -> Family:
    """Cut sets of 'every channel fails': sets of at most max_order components covering one cut set per channel.

    Depth-first search branching on the uncovered channel with the fewest cut sets, so many channels cost
    little more than a few (the same result as `family_and` over the channels, without its large products).
    """
    if any(not family for family in families):
        return frozenset()  # a channel that cannot fail keeps the purpose up
    found: set[frozenset[str]] = set()
    explored: set[frozenset[str]] = set()

    def search(chosen: frozenset[str]) -> None:
        if chosen in explored:
            return
        explored.add(chosen)
        if len(explored) > MAX_SEARCH:
            raise AnalysisTooLarge(len(explored), "plan", "channels of one purpose")
        uncovered = [family for family in families if not _covers(chosen, family)]
        if not uncovered:
            found.add(chosen)
            return
        narrowest = min(uncovered, key=len)
        for cut_set in narrowest:
            extended = chosen | cut_set
            if len(extended) <= max_order:
                search(extended)

    search(frozenset())
    return minimize(found)


def _autonomy(component: Component, lang: str) -> str:
    """' Backup power lasts about H h.' when the catalogue knows the component's autonomy, else ''."""
    if component.backup_power_hours is None:
        return ""
    _ = gettext_for(lang)
    return " " + _("Backup power lasts about {hours} h.").format(hours=f"{component.backup_power_hours:g}")


def _incident_note(component: Component, lang: str) -> str:
    if not component.incidents:
        return ""
    latest = max(component.incidents, key=lambda incident: incident.date)
    _ = gettext_for(lang)
    return " " + _("Documented: {date} — {summary} ({source})").format(
        date=latest.date.isoformat(), summary=local(latest.summary, lang), source=latest.source
    )


NAMED = 12
"""Channels a finding's message names (its `tools` field lists them all): a national portfolio may share thousands."""


def find_false_redundancies(plan: Plan, tree: FaultTree, lang: str = "en") -> list[Finding]:
    """Channels of one purpose that one component's failure takes down together: one finding per root cause.

    Each finding names every channel that fails with that component, not one finding per pair of channels. A
    component is reported when no component above it takes down exactly the same channels (the internet
    backbone under internet access is said with internet access). Linear in the channels: each tool's single
    points are computed once, then inverted (component → channels).
    """
    _ = gettext_for(lang)
    findings = []
    roles = {(channel.tool, purpose): channel.role for channel in plan.channels for purpose in channel.purpose}
    components = tree.catalog.components
    for purpose, tool_ids in channels_by_purpose(plan, tree.catalog).items():
        if len(tool_ids) < 2:
            continue
        sharing: dict[str, list[str]] = {}
        singles = {t: tree.singletons(tree.of_tool(tree.catalog.tools[t])) for t in tool_ids}
        for tool_id in tool_ids:
            for component_id in singles[tool_id]:
                sharing.setdefault(component_id, []).append(tool_id)
        groups = {c: tuple(tools) for c, tools in sharing.items() if len(tools) >= 2}
        for component_id, tools in sorted(groups.items(), key=lambda item: (-len(item[1]), item[0])):
            # said with a component above it when that one takes down the same channels
            if any(groups.get(other) == tools and component_id in tree.closure(other) for other in singles[tools[0]]):
                continue
            component = components[component_id]
            below = sorted(c for c in tree.closure(component_id) if groups.get(c) == tools)
            findings.append(
                Finding(
                    kind=FindingKind.FALSE_REDUNDANCY,
                    severity=_shared_severity(component, purpose),
                    tools=list(tools),
                    components=[component_id, *below],
                    purpose=purpose.value,
                    message=_("{tools} for {purpose} fail together: {shared} ({component}).").format(
                        tools=", ".join(f"{t} ({_(ROLE_WORDS[roles[(t, purpose)]])})" for t in tools[:NAMED])
                        + (" " + _("and {count} more").format(count=len(tools) - NAMED) if len(tools) > NAMED else ""),
                        purpose=_(PURPOSE_WORDS[purpose.value]),
                        shared=_(KIND_WORDS[component.kind]),
                        component=component_id,
                    )
                    + _autonomy(component, lang)
                    + _incident_note(component, lang),
                )
            )
    findings.sort(key=lambda f: (SEVERITY_ORDER[f.severity], f.purpose or "", f.components[0]))
    return findings


def root_causes(findings: Sequence[Finding], tree: FaultTree, lang: str = "en") -> list[RootCause]:
    """The components behind the open single points of failure and false redundancies, each once, worst first.

    A false redundancy names its root cause first (the grid under an operator's network is said with the
    network). Ranked by the worst finding, then by how many purposes it silences, the hours of its documented
    outages, and how many channel groups it couples.
    """
    components = tree.catalog.components
    found: dict[str, dict[str, Any]] = {}

    def entry(component_id: str) -> dict[str, Any]:
        return found.setdefault(component_id, {"severity": [], "silences": [], "couples": []})

    for finding in findings:
        if finding.accepted or finding.purpose is None:
            continue
        if finding.kind is FindingKind.SINGLE_POINT_OF_FAILURE:
            item = entry(finding.components[0])
            item["severity"].append(finding.severity)
            if not _only_degrades(finding.components[0], Purpose(finding.purpose), components):
                item["silences"].append(finding.purpose)
        elif finding.kind is FindingKind.FALSE_REDUNDANCY:
            item = entry(finding.components[0])
            item["severity"].append(finding.severity)
            item["couples"].append([*finding.tools, finding.purpose])
    causes = []
    for component_id, item in found.items():
        component = components[component_id]
        latest = max(component.incidents, key=lambda incident: incident.date) if component.incidents else None
        causes.append(
            RootCause(
                component=component_id,
                name=local(component.name, lang),
                kind=component.kind,
                severity=min(item["severity"], key=lambda severity: SEVERITY_ORDER[severity]),
                silences=list(dict.fromkeys(item["silences"])),
                couples=item["couples"],
                degrades=local(component.degrades_when_down, lang)
                if component.degrades_when_down is not None
                and all(Purpose(c[-1]) in component.keeps for c in item["couples"])
                else None,
                backup_power_hours=component.backup_power_hours,
                incidents=len(component.incidents),
                latest_incident=None
                if latest is None
                else f"{latest.date.isoformat()} — {local(latest.summary, lang)}",
            )
        )
    hours = {c.component: outage_hours(components[c.component]) for c in causes}
    causes.sort(  # worst finding, purposes silenced, documented outage hours (how often × how long), pairs
        key=lambda c: (SEVERITY_ORDER[c.severity], -len(c.silences), -hours[c.component], -len(c.couples), c.component)
    )
    return causes


def _shared_severity(component: Component, purpose: Purpose) -> Severity:
    """How bad it is for channels to fail together through this component: what is lost, how long, how likely.

    The kind sets the base (a shared vendor platform is worse than a shared internet access); channels that are
    only degraded together (push) weigh least; a component with documented outages of a day or more in total is one
    step worse — it has happened, and for long.
    """
    if component.degrades_when_down is not None and purpose in component.keeps:
        return Severity.LOW
    base = SHARED_KIND_SEVERITY[component.kind]
    if outage_hours(component) >= LONG_OUTAGE_HOURS and base is not Severity.HIGH:
        return Severity.HIGH if base is Severity.MEDIUM else Severity.MEDIUM
    return base


LONG_OUTAGE_HOURS = 24.0
"""Documented outage hours (summed) past which sharing a component is one severity step worse."""


def outage_hours(component: Component) -> float:
    """Hours of the component's documented outages, summed (those without a duration count for none)."""
    return sum(incident.hours or 0.0 for incident in component.incidents)


def _only_degrades(component_id: str, purpose: Purpose, components: dict[str, Component]) -> bool:
    """True when this component's failure degrades its dependants for the purpose instead of stopping them."""
    component = components[component_id]
    return component.degrades_when_down is not None and purpose in component.keeps


def find_single_points_of_failure(
    plan: Plan, tree: FaultTree, cut_sets: dict[Purpose, Family], lang: str = "en"
) -> list[Finding]:
    """Components whose failure alone leaves a purpose with no working channel (grouped under the top one)."""
    _ = gettext_for(lang)
    findings = []
    components = tree.catalog.components
    serving = channels_by_purpose(plan, tree.catalog)
    for purpose, family in cut_sets.items():
        for top, below in tree.top_level(tree.singletons(family)):
            component = components[top]
            via = " " + _("(and what it relies on: {components})").format(components=", ".join(below)) if below else ""
            name = local(component.name, lang)
            words = _(PURPOSE_WORDS[purpose.value])
            if _only_degrades(top, purpose, components):
                # its failure leaves the channels working, degraded (push: messages while the app is open)
                severity = Severity.LOW
                message = _("{purpose}: if {component} ({name}) fails, every channel is degraded: {how}.").format(
                    purpose=words, component=top, name=name, how=local(component.degrades_when_down, lang)
                )
            else:
                severity = Severity.MEDIUM if component.kind == "power" else Severity.HIGH
                message = _("{purpose}: if {component} ({name}) fails, no channel is left{via}.").format(
                    purpose=words, component=top, name=name, via=via
                )
                message += _autonomy(component, lang) + _incident_note(component, lang)
            findings.append(
                Finding(
                    kind=FindingKind.SINGLE_POINT_OF_FAILURE,
                    severity=severity,
                    tools=serving[purpose],
                    components=[top, *below],
                    purpose=purpose.value,
                    message=message,
                )
            )
    return findings


def find_registration_dependencies(plan: Plan, catalog: Catalog, lang: str = "en") -> list[Finding]:
    """Apps tied to a phone number, which register (and move to a new phone) with an SMS code.

    A hidden dependency on the mobile network that the fault tree of daily use does not show.
    """
    _ = gettext_for(lang)
    findings = []
    for tool_id in dict.fromkeys(channel.tool for channel in plan.channels):
        tool = catalog.tools[tool_id]
        identifier = tool.facts.identifier_required
        if tool.kind == "telephony" or identifier is None or identifier.value != "phone-number":
            continue
        findings.append(
            Finding(
                kind=FindingKind.HIDDEN_DEPENDENCY,
                severity=Severity.LOW,
                tools=[tool_id],
                components=["mobile-voice-sms"],
                message=_(
                    "{tool} registers with an SMS code sent to a phone number: during a mobile network outage, "
                    "a lost, broken or replaced phone cannot rejoin."
                ).format(tool=tool_id),
            )
        )
    return findings


def find_untested_channels(plan: Plan, as_of: date, lang: str = "en") -> list[Finding]:
    """Channels never tested, or not tested for over a year."""
    _ = gettext_for(lang)
    findings = []
    for channel in plan.channels:
        if channel.last_tested is None:
            severity, when = Severity.MEDIUM, _("has never been tested (no last_tested)")
        elif channel.last_tested > as_of:
            severity = Severity.MEDIUM
            when = _("has a last_tested date ({date}) after the assessment date: check it").format(
                date=channel.last_tested.isoformat()
            )
        elif (as_of - channel.last_tested).days > UNTESTED_AFTER_DAYS:
            severity = Severity.LOW
            when = _("was last tested on {date}, over a year ago").format(date=channel.last_tested.isoformat())
        else:
            continue
        findings.append(
            Finding(
                kind=FindingKind.UNTESTED_CHANNEL,
                severity=severity,
                tools=[channel.tool],
                message=_("{tool} ({role}, {purposes}) {when}: means should be used daily or tested regularly.").format(
                    tool=channel.tool,
                    role=_(ROLE_WORDS[channel.role]),
                    purposes=", ".join(_(PURPOSE_WORDS[p.value]) for p in channel.purpose),
                    when=when,
                ),
            )
        )
    return findings


def find_surge_risks(plan: Plan, catalog: Catalog, lang: str = "en") -> list[Finding]:
    """Backups documented to fail or degrade when everyone switches to them at once."""
    _ = gettext_for(lang)
    findings = []
    for channel in plan.channels:
        if channel.role != "backup":
            continue
        fact = catalog.tools[channel.tool].facts.load_surge
        if fact is None or fact.value not in ("failed", "degraded"):
            continue
        findings.append(
            Finding(
                kind=FindingKind.SURGE_RISK,
                severity=Severity.MEDIUM if fact.value == "failed" else Severity.LOW,
                tools=[channel.tool],
                message=_(
                    "Backup {tool} {outcome} under a documented surge of users: it may not absorb everyone when the "
                    "primary fails."
                ).format(tool=channel.tool, outcome=_("failed") if fact.value == "failed" else _("degraded"))
                + f" {local(fact.note, lang)} ({fact.source or _('unsourced')})",
            )
        )
    return findings


# ---------------------------------------------------------------- scenarios


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

    for component_id in _topological(components):
        component_works(component_id)
    return {component_id for component_id, ok in status.items() if not ok}


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
    tree = FaultTree(catalog, 1)
    degraded: dict[str, tuple[list[str], list[Purpose] | None]] = {}
    failed: set[str] = set()
    for tool_id in dict.fromkeys(channel.tool for channel in plan.channels):
        dependency = catalog.tools[tool_id].depends_on
        reached = {c for leaf in component_ids(dependency) for c in (leaf, *tree.closure(leaf))}
        if survives(dependency, down):
            hit = sorted(
                c
                for c in reached & saturated
                # priority SIMs get through a congested mobile network (their scheme's purpose)
                if not (tool_id in prioritised and components[c].kind == "mobile-network")
            )
            if hit:
                degraded[tool_id] = ([f"saturated:{c}" for c in hit], None)
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
    components = catalog.components
    serving = channels_by_purpose(plan, catalog)
    listed = set(plan.purposes_shown())
    plan_tools = list(dict.fromkeys(channel.tool for channel in plan.channels))
    failed_tools = [t for t in plan_tools if t in failed]

    def reason(code: str) -> str:
        state, component_id = code.split(":", 1)
        component = components[component_id]
        text = component.degrades_when_down if state == "down" else component.when_saturated
        return local(text, lang) if text is not None else _saturated_words(component_id, lang)

    def kept(tool_id: str, purpose: Purpose) -> bool:
        purposes = degraded[tool_id][1]
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
        p.value: [t for t in tools if t not in failed and (t not in degraded or kept(t, p))]
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
            p: [t for t in tools if t in degraded]
            for p, tools in surviving.items()
            if any(t in degraded for t in tools)
        },
        degraded_reasons={t: list(dict.fromkeys(reason(code) for code in degraded[t][0])) for t in sorted(degraded)},
        fallback={
            p.value: [procedure.id for procedure in plan.procedures if p in procedure.purpose]
            for p in serving
            if p in listed and not surviving[p.value] and any(p in procedure.purpose for procedure in plan.procedures)
        },
    )


def _saturated_words(component_id: str, lang: str) -> str:
    _ = gettext_for(lang)
    return _("{component} saturated: delays and failed attempts").format(component=component_id)


def _last_resort(plan: Plan, purpose: Purpose, lang: str) -> str:
    """The plan's degraded-mode procedures for a purpose, as the end of a finding (a last resort, not a channel)."""
    _ = gettext_for(lang)
    procedures = [procedure.id for procedure in plan.procedures if purpose in procedure.purpose]
    if not procedures:
        return ""
    return " " + _("Last resort, not a channel: {procedures}.").format(procedures=", ".join(procedures))


def find_uncovered_purposes(
    plan: Plan, catalog: Catalog, outcomes: Sequence[ScenarioOutcome], lang: str = "en"
) -> list[Finding]:
    """Purposes with no channel at all, or none surviving a scenario."""
    _ = gettext_for(lang)
    findings = []
    serving = channels_by_purpose(plan, catalog)
    for purpose in plan.purposes_in_scope():
        tools = serving[purpose]
        if not tools:
            findings.append(
                Finding(
                    kind=FindingKind.UNCOVERED_PURPOSE,
                    severity=Severity.HIGH,
                    purpose=purpose.value,
                    message=_("No channel of the plan serves {purpose}.").format(
                        purpose=_(PURPOSE_WORDS[purpose.value])
                    ),
                )
            )
            continue
        lost_in = [o for o in outcomes if not o.surviving.get(purpose.value)]
        if lost_in:
            findings.append(
                Finding(
                    kind=FindingKind.UNCOVERED_PURPOSE,
                    severity=Severity.HIGH if any(o.kind == "generic" for o in lost_in) else Severity.MEDIUM,
                    tools=tools,
                    purpose=purpose.value,
                    scenarios=[o.id for o in lost_in],
                    message=_("Nothing survives for {purpose} in: {scenarios}.").format(
                        purpose=_(PURPOSE_WORDS[purpose.value]), scenarios="; ".join(o.title for o in lost_in)
                    )
                    + _last_resort(plan, purpose, lang),
                )
            )
    return findings


def find_unreachable_partners(plan: Plan, outcomes: Sequence[ScenarioOutcome], lang: str = "en") -> list[Finding]:
    """Partners the plan shares no tool with, or none still working (degraded counts) in a scenario."""
    _ = gettext_for(lang)
    findings = []
    plan_tools = list(dict.fromkeys(channel.tool for channel in plan.channels))
    for partner in plan.partners:
        shared = [t for t in plan_tools if t in partner.tools]
        if not shared:
            findings.append(
                Finding(
                    kind=FindingKind.PARTNER_UNREACHABLE,
                    severity=Severity.HIGH,
                    tools=partner.tools,
                    message=_("{partner}: no channel of the plan is one they use ({tools}).").format(
                        partner=partner.name, tools=", ".join(partner.tools)
                    ),
                )
            )
            continue
        lost_in = [o for o in outcomes if all(t in o.failed_tools for t in shared)]
        if lost_in:
            findings.append(
                Finding(
                    kind=FindingKind.PARTNER_UNREACHABLE,
                    severity=Severity.HIGH if any(o.kind == "generic" for o in lost_in) else Severity.MEDIUM,
                    tools=shared,
                    scenarios=[o.id for o in lost_in],
                    message=_("{partner} cannot be reached (shared: {tools}) in: {scenarios}.").format(
                        partner=partner.name, tools=", ".join(shared), scenarios="; ".join(o.title for o in lost_in)
                    ),
                )
            )
    return findings


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
