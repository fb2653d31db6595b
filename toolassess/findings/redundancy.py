"""Findings on the plan's structure: false redundancies, single points of failure, uncovered purposes, root causes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from toolassess.i18n import N_, gettext_for, semicolon, short_date
from toolassess.models.assessment import ScenarioOutcome
from toolassess.models.base import local, short_name
from toolassess.models.catalog import Catalog, Component, Purpose
from toolassess.models.findings import SEVERITY_ORDER, Finding, FindingKind, RootCause, Severity
from toolassess.models.plan import Channel, Plan

if TYPE_CHECKING:
    from toolassess.findings.registry import FindingContext
from toolassess.redundancy.faulttree import FaultTree, channels_by_purpose
from toolassess.redundancy.scenarios import last_resort

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


def miscast_channels(ctx: FindingContext) -> list[Finding]:
    """Channels listed for a purpose their tool cannot serve, and tools listed twice for one purpose."""
    plan, catalog, lang = ctx.plan, ctx.catalog, ctx.lang
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
                            tool=catalog.tool_name(channel.tool, lang),
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
                        tool=catalog.tool_name(tool_id, lang), count=count, purpose=_(PURPOSE_WORDS[purpose.value])
                    ),
                )
            )
    return findings


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
        date=short_date(latest.date, lang), summary=local(latest.summary, lang), source=latest.source
    )


NAMED = 12
"""Channels a finding's message names (its `tools` field lists them all): a national portfolio may share thousands."""


def false_redundancies(ctx: FindingContext) -> list[Finding]:
    """Channels of one purpose that one component's failure takes down together: one finding per root cause.

    Each finding names every channel that fails with that component, not one finding per pair of channels. A
    component is reported when no component above it takes down exactly the same channels (the internet
    backbone under internet access is said with internet access). Linear in the channels: each tool's single
    points are computed once, then inverted (component → channels).
    """
    plan, tree, lang = ctx.plan, ctx.tree, ctx.lang
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
                        tools=", ".join(
                            f"{tree.catalog.tool_name(t, lang)} ({_(ROLE_WORDS[roles[(t, purpose)]])})"
                            for t in tools[:NAMED]
                        )
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


def root_causes(
    findings: Sequence[Finding], tree: FaultTree, lang: str = "en", outcomes: Sequence[ScenarioOutcome] = ()
) -> list[RootCause]:
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
        # a tool listed twice for one purpose is a false redundancy with no component behind it: no root cause
        if finding.accepted or finding.purpose is None or not finding.components:
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
    for finding in findings:
        # a single point of failure is said under its top component (internet access, with the backbone and the grid
        # below it); a component that is a root cause of its own says every purpose it silences, those included
        if finding.kind is FindingKind.SINGLE_POINT_OF_FAILURE and not finding.accepted and finding.purpose:
            for component_id in finding.components[1:]:
                purpose = Purpose(finding.purpose)
                if component_id in found and not _only_degrades(component_id, purpose, components):
                    found[component_id]["silences"].append(finding.purpose)
                    # as bad as its own finding for that purpose would be (the grid: how soon a blackout silences it)
                    found[component_id]["severity"].append(
                        _single_point_severity(components[component_id], purpose, outcomes)
                    )
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
                silences=[p.value for p in Purpose if p.value in item["silences"]],
                couples=item["couples"],
                degrades=local(component.degrades_when_down, lang)
                if component.degrades_when_down is not None
                and all(Purpose(c[-1]) in component.keeps for c in item["couples"])
                else None,
                backup_power_hours=component.backup_power_hours,
                incidents=len(component.incidents),
                latest_incident=None
                if latest is None
                else f"{short_date(latest.date, lang)} — {local(latest.summary, lang)}",
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


def single_points_of_failure(ctx: FindingContext) -> list[Finding]:
    """Components whose failure alone leaves a purpose with no working channel (grouped under the top one)."""
    plan, tree, cut_sets, lang = ctx.plan, ctx.tree, ctx.cut_sets, ctx.lang
    _ = gettext_for(lang)
    findings = []
    components = tree.catalog.components
    serving = channels_by_purpose(plan, tree.catalog)
    for purpose, family in cut_sets.items():
        for top, below in tree.top_level(tree.singletons(family)):
            component = components[top]
            relied_on = ", ".join(short_name(local(components[c].name, lang)) for c in below)
            via = " " + _("(and what it relies on: {components})").format(components=relied_on) if below else ""
            name = local(component.name, lang)
            words = _(PURPOSE_WORDS[purpose.value])
            if _only_degrades(top, purpose, components):
                # its failure leaves the channels working, degraded (push: messages while the app is open)
                severity = Severity.LOW
                message = _("{purpose}: if {name} ({component}) fails, every channel is degraded: {how}.").format(
                    purpose=words, component=top, name=name, how=local(component.degrades_when_down, lang)
                )
            else:
                severity = _single_point_severity(component, purpose, ctx.outcomes)
                message = _("{purpose}: if {name} ({component}) fails, no channel is left{via}.").format(
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


BLACKOUT_HOURS_THAT_MATTER = 24.0
"""A grid blackout of a day has happened (Iberian Peninsula, 28 Apr 2025: about 10 h); a purpose lost in one is high."""


def _single_point_severity(component: Component, purpose: Purpose, outcomes: Sequence[ScenarioOutcome]) -> Severity:
    """High, except for the power grid when the purpose rides through every blackout of up to a day that is played.

    Everything fails with the grid eventually; what matters is how soon: batteries and generators that carry the
    purpose through a day make it a medium finding, a purpose silenced by a shorter blackout a high one.
    """
    if component.kind != "power":
        return Severity.HIGH
    silenced = [
        o.blackout_hours for o in outcomes if o.blackout_hours is not None and not o.surviving.get(purpose.value)
    ]
    return Severity.HIGH if any(hours <= BLACKOUT_HOURS_THAT_MATTER for hours in silenced) else Severity.MEDIUM


def registration_dependencies(ctx: FindingContext) -> list[Finding]:
    """Apps tied to a phone number, which register (and move to a new phone) with an SMS code.

    A hidden dependency on the mobile network that the fault tree of daily use does not show.
    """
    plan, catalog, lang = ctx.plan, ctx.catalog, ctx.lang
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
                ).format(tool=catalog.tool_name(tool_id, lang)),
            )
        )
    return findings


def needs_test(channel: Channel, as_of: date) -> bool:
    """True when a channel was never tested, not for over a year, or its test date is in the future (a typo)."""
    tested = channel.last_tested
    return tested is None or tested > as_of or (as_of - tested).days > UNTESTED_AFTER_DAYS


def channels_to_test(plan: Plan, catalog: Catalog, as_of: date, lang: str) -> list[str]:
    """The short names of the plan's tools whose channel needs a test, unless an accepted risk covers it.

    Each once, in plan order: what the reports' "Test too" line lists (from the findings), for `improve`, which has
    no findings.
    """

    def accepted(tool_id: str) -> bool:
        finding = Finding(kind=FindingKind.UNTESTED_CHANNEL, severity=Severity.LOW, tools=[tool_id], message="")
        return any(risk.covers_finding(finding, as_of) for risk in plan.accepted_risks)

    tools = dict.fromkeys(c.tool for c in plan.channels if needs_test(c, as_of) and not accepted(c.tool))
    return [short_name(catalog.tool_name(tool_id, lang)) for tool_id in tools]


def untested_channels(ctx: FindingContext) -> list[Finding]:
    """Channels never tested, or not tested for over a year."""
    plan, as_of, lang = ctx.plan, ctx.as_of, ctx.lang
    _ = gettext_for(lang)
    findings = []
    for channel in plan.channels:
        if not needs_test(channel, as_of):
            continue
        if channel.last_tested is None:
            severity, when = Severity.MEDIUM, _("has never been tested (no test date in the plan)")
        elif channel.last_tested > as_of:
            severity = Severity.MEDIUM
            when = _("has a last_tested date ({date}) after the assessment date: check it").format(
                date=short_date(channel.last_tested, lang)
            )
        else:
            severity = Severity.LOW
            when = _("was last tested on {date}, over a year ago").format(date=short_date(channel.last_tested, lang))
        findings.append(
            Finding(
                kind=FindingKind.UNTESTED_CHANNEL,
                severity=severity,
                tools=[channel.tool],
                message=_("{tool} ({role}, {purposes}) {when}: means should be used daily or tested regularly.").format(
                    tool=ctx.catalog.tool_name(channel.tool, lang),
                    role=_(ROLE_WORDS[channel.role]),
                    purposes=", ".join(_(PURPOSE_WORDS[p.value]) for p in channel.purpose),
                    when=when,
                ),
            )
        )
    return findings


def surge_risks(ctx: FindingContext) -> list[Finding]:
    """Backups documented to fail or degrade when everyone switches to them at once."""
    plan, catalog, lang = ctx.plan, ctx.catalog, ctx.lang
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
                ).format(
                    tool=catalog.tool_name(channel.tool, lang),
                    outcome=_("failed") if fact.value == "failed" else _("degraded"),
                )
                + f" {local(fact.note, lang)} ({fact.source or _('unsourced')})",
            )
        )
    return findings


def uncovered_purposes(ctx: FindingContext) -> list[Finding]:
    """Purposes with no channel at all, or none surviving a scenario."""
    plan, catalog, outcomes, lang = ctx.plan, ctx.catalog, ctx.outcomes, ctx.lang
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
                        purpose=_(PURPOSE_WORDS[purpose.value]),
                        scenarios=semicolon(lang).join(o.title for o in lost_in),
                    )
                    + last_resort(plan, purpose, lang),
                )
            )
    return findings


def territory(code: str, lang: str) -> str:
    """A country's name in the report's language (BE → Belgique), from its ISO code."""
    from babel import Locale

    return str(Locale.parse(lang).territories.get(code, code))


def unavailable_services(ctx: FindingContext) -> list[Finding]:
    """Channels on a national service the plan's country cannot use (Belgium's ASTRID in a French plan).

    The plan counts on a channel it does not have. A plan that does not say its country gives no finding (unknown
    is not failure).
    """
    plan, catalog, lang = ctx.plan, ctx.catalog, ctx.lang
    if plan.country is None:
        return []
    _ = gettext_for(lang)
    findings = []
    for tool_id in dict.fromkeys(channel.tool for channel in plan.channels):
        countries = catalog.tools[tool_id].available_in
        if countries and plan.country not in countries:
            findings.append(
                Finding(
                    kind=FindingKind.UNAVAILABLE_SERVICE,
                    severity=Severity.HIGH,
                    tools=[tool_id],
                    message=_(
                        "{tool} is a national service open to institutions of {countries} only; this plan is for "
                        "{country}: it counts on a channel the institution cannot have."
                    ).format(
                        tool=catalog.tool_name(tool_id, lang),
                        countries=", ".join(territory(code, lang) for code in countries),
                        country=territory(plan.country, lang),
                    ),
                )
            )
    return findings


def unreachable_partners(ctx: FindingContext) -> list[Finding]:
    """Partners the plan shares no tool with, or none still working (degraded counts) in a scenario."""
    plan, outcomes, lang = ctx.plan, ctx.outcomes, ctx.lang
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
                        partner=partner.name, tools=", ".join(ctx.catalog.tool_name(t, lang) for t in partner.tools)
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
                        partner=partner.name,
                        tools=", ".join(ctx.catalog.tool_name(t, lang) for t in shared),
                        scenarios=semicolon(lang).join(o.title for o in lost_in),
                    ),
                )
            )
    return findings
