"""Rich renderables for the terminal: tables of tools, facts and criteria."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from toolassess.browse import CriterionLine, ToolSheet, ToolSummary
from toolassess.exercise import ExerciseCase
from toolassess.models.assessment import Assessment, FactStatus, RedundancyResult, ScenarioOutcome, ScoreResult
from toolassess.models.findings import Finding

STATUS_STYLE = {
    FactStatus.SOURCED: "green",
    FactStatus.STALE: "yellow",
    FactStatus.UNSOURCED: "magenta",
    FactStatus.UNKNOWN: "red",
}


def _value_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        if value and isinstance(value[0], dict):  # outages
            return "; ".join(f"{o['date']} {o['summary']}" for o in value)
        return ", ".join(str(v) for v in value) or "none"
    return str(value)


def tools_table(summaries: list[ToolSummary]) -> Table:
    """`tools list`: one line per tool with its fact counts."""
    table = Table(title="Tool catalogue", title_justify="left")
    for column in ("id", "name", "kind", "purposes"):
        table.add_column(column)
    for column in ("sourced", "stale", "unsourced", "unknown", "not recorded"):
        table.add_column(column, justify="right")
    table.add_column("oldest check")
    for s in summaries:
        f = s.facts
        table.add_row(
            s.id,
            Text(s.name),
            s.kind,
            ", ".join(p.value for p in s.purposes),
            str(f.sourced),
            str(f.stale),
            str(f.unsourced),
            str(f.unknown),
            str(f.not_recorded),
            str(f.oldest_check or "—"),
        )
    return table


def tool_sheet_view(sheet: ToolSheet) -> Group:
    """`tools show ID`: the header, the dependency tree and every fact with source and age."""
    header = Text()
    header.append(f"{sheet.name} ", style="bold")
    header.append(f"({sheet.id}, {sheet.kind})\n")
    header.append(f"Deployment: {sheet.deployment}\n")
    header.append(f"Purposes: {', '.join(p.value for p in sheet.purposes)}\n")
    header.append(f"Depends on: {sheet.depends_on}")
    table = Table(show_lines=False, expand=True)
    table.add_column("fact", no_wrap=True)
    table.add_column("value", ratio=2)
    table.add_column("status", no_wrap=True)
    table.add_column("source", ratio=3, overflow="fold")
    table.add_column("checked", no_wrap=True)
    table.add_column("age", justify="right", no_wrap=True)
    for name, line in sheet.facts.items():
        if line.status is None:
            table.add_row(name, Text("not recorded", style="dim"), Text("unknown", style="red"), "", "", "")
            continue
        value = Text((line.unknown and f"unknown: {line.unknown}") or _value_text(line.value))
        if line.note:
            value.append(f"\n{line.note}", style="dim")
        table.add_row(
            name,
            value,
            Text(line.status.value, style=STATUS_STYLE[line.status]),
            Text(line.source or "—"),
            str(line.checked or "—"),
            f"{line.age_days} d" if line.age_days is not None else "—",
        )
    parts: list[Any] = [header, table]
    if sheet.dependency_evidence:
        evidence = Table(title="Dependency evidence", title_justify="left", expand=True)
        evidence.add_column("component", no_wrap=True)
        evidence.add_column("note", ratio=2)
        evidence.add_column("source", ratio=2, overflow="fold")
        evidence.add_column("checked", no_wrap=True)
        for e in sheet.dependency_evidence:
            evidence.add_row(e["component"], Text(e.get("note") or ""), Text(e["source"]), str(e["checked"]))
        parts.append(evidence)
    return Group(*parts)


def criteria_table(lines: list[CriterionLine]) -> Table:
    """`criteria list`: every criterion with area, weight, origin and facts read."""
    table = Table(title="Criteria", title_justify="left")
    table.add_column("area", no_wrap=True)
    table.add_column("id", no_wrap=True)
    table.add_column("weight", justify="right")
    table.add_column("title")
    table.add_column("from")
    for line in lines:
        table.add_row(line.area, line.id, f"{line.weight:g}", Text(line.title), Text(", ".join(line.origin)))
    return table


AREA_SHORT = {
    "gdpr": "GDPR",
    "encryption": "E2EE",
    "enterprise-management": "Mgmt",
    "sovereignty": "Sov.",
    "network-resilience": "Netw.",
    "notification": "Notif.",
    "reliability": "Rel.",
    "member-privacy": "Priv.",
    "archiving": "Arch.",
    "adoption": "Partn.",
}


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f} %"


def score_view(result: ScoreResult, max_reasons: int = 4) -> Group:
    """`score`: the ranked table, then for each tool the gates and weakest criteria in plain words."""
    areas = list(dict.fromkeys(area for s in result.scores for area in s.categories))
    table = Table(title=Text(f"Ranking — profile {result.profile}"), title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("tool", no_wrap=True)
    table.add_column("score", justify="right")
    for area in areas:
        table.add_column(AREA_SHORT.get(area, area), justify="right")
    table.add_column("gates failed")
    table.add_column("unknown", justify="right")
    table.add_column("keeps rank", justify="right")
    table.add_column("first", justify="right")
    for s in result.scores:
        gates = Text(", ".join(s.gates_failed), style="red" if s.excluded else "yellow")
        if s.gates_accepted:
            gates.append(("; " if s.gates_failed else "") + "accepted: " + ", ".join(s.gates_accepted), style="dim")
        table.add_row(
            str(s.rank),
            Text(s.tool, style="bold" if s.rank == 1 else ""),
            f"{s.score:.0f}",
            *[_cell(s.categories.get(area)) for area in areas],
            gates,
            str(s.unknowns),
            _percent(s.keeps_rank),
            _percent(s.ranks_first),
        )
    parts: list[Any] = [table]
    robustness = result.robustness
    if robustness is not None:
        note = Text(
            f"Robustness: {robustness.samples} draws with every weight ×[{1 - robustness.spread:g}, "
            f"{1 + robustness.spread:g}] (seed {robustness.seed}). ",
            style="dim",
        )
        flip = robustness.first_place_flip
        if flip:
            note.append(
                f"First place changes to {flip.new_first} if the weight of {flip.criterion} is ×{flip.multiplier:g}."
            )
        else:
            note.append("No single weight change between ×0 and ×10 changes first place.")
        parts.append(note)
    for s in result.scores:
        weak = sorted(
            (c for c in s.criteria if c.verdict in ("failed", "unknown", "partial")),
            key=lambda c: (-c.weight * (c.max - c.score), c.id),
        )[:max_reasons]
        line = Text()
        line.append(f"{s.tool}: ", style="bold")
        if s.excluded:
            line.append("excluded by a gate. ", style="red")
        line.append("; ".join(f"{c.id} — {c.explanation}" for c in weak) or "passes every criterion")
        parts.append(line)
    return Group(*parts)


def _cell(value: float | None) -> Text:
    if value is None:
        return Text("—", style="dim")
    style = "green" if value >= 70 else "yellow" if value >= 40 else "red"
    return Text(f"{value:.0f}", style=style)


SEVERITY_STYLE = {"high": "bold red", "medium": "yellow", "low": "dim"}


def findings_table(findings: list[Finding], title: str = "Findings") -> Table:
    """Findings, most severe first, accepted ones marked."""
    table = Table(title=Text(title), title_justify="left", expand=True, show_lines=True)
    table.add_column("severity", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("finding", ratio=1)
    for finding in findings:
        severity = Text(finding.severity.value, style=SEVERITY_STYLE[finding.severity.value])
        kind = Text(finding.kind.value)
        if finding.accepted:
            kind.append("\n(accepted)", style="green")
        table.add_row(severity, kind, Text(finding.message))
    return table


def scenario_table(scenarios: list[ScenarioOutcome], title: str = "Scenarios: what survives") -> Table:
    """Scenario × purpose: the surviving tools, 'none' in red."""
    purposes = list(dict.fromkeys(p for s in scenarios for p in s.surviving))
    table = Table(title=Text(title), title_justify="left", expand=True)
    table.add_column("scenario", ratio=2)
    for purpose in purposes:
        table.add_column(purpose, ratio=1)
    for outcome in scenarios:
        label = Text(outcome.title, style="italic" if outcome.kind == "incident" else "")
        cells = [
            Text(", ".join(outcome.surviving[p])) if outcome.surviving[p] else Text("none", style="bold red")
            for p in purposes
        ]
        table.add_row(label, *cells)
    return table


def redundancy_view(result: RedundancyResult) -> Group:
    """`redundancy`: findings first, then cut sets per purpose and the scenario table."""
    counts = Text(f"Minimal cut sets (up to order {result.max_order}): ", style="bold")
    for purpose, cut_sets in result.cut_sets.items():
        by_order = [sum(len(c) == order for c in cut_sets) for order in range(1, result.max_order + 1)]
        counts.append(f"{purpose} " + "/".join(str(n) for n in by_order) + "  ")
    counts.append("(order 1/2/3; order 1 = single points of failure)", style="dim")
    return Group(findings_table(result.findings), counts, scenario_table(result.scenarios))


def exercise_view(cases: list[ExerciseCase], lang: str = "en") -> Group:
    """`redundancy --exercise`: each case as a timed list of injects."""
    from toolassess.i18n import gettext_for

    _ = gettext_for(lang)
    parts: list[Any] = []
    for case in cases:
        table = Table(title=Text(case.title), title_justify="left", expand=True)
        table.add_column("T+", justify="right", no_wrap=True)
        table.add_column(_("Inject"), ratio=1)
        table.add_column(_("Expected action"), ratio=1)
        for inject in case.injects:
            table.add_row(f"{inject.minute} min", Text(inject.event), Text(inject.expected_action))
        parts.append(table)
    return Group(*parts)


def assessment_view(assessment: Assessment, max_findings: int = 12) -> Group:
    """`assess`: red flags first, then the ranking and what survives each scenario (in the plan's language)."""
    from toolassess.i18n import gettext_for
    from toolassess.render.filters import make_filters

    _ = gettext_for(assessment.lang)
    label = make_filters(assessment.lang)["label"]
    open_findings = [f for f in assessment.findings if not f.accepted and f.severity.value in ("high", "medium")]
    title = f"{assessment.plan} — {_('Red flags')} ({len(open_findings)})"
    table = Table(title=Text(title), title_justify="left", expand=True, show_lines=True)
    for column in (_("Severity"), _("Kind"), _("Finding")):
        table.add_column(column, ratio=1 if column == _("Finding") else None, no_wrap=column != _("Finding"))
    for finding in open_findings[:max_findings]:
        table.add_row(
            Text(label(finding.severity), style=SEVERITY_STYLE[finding.severity.value]),
            Text(label(finding.kind)),
            Text(finding.message),
        )
    parts: list[Any] = [table]
    if len(open_findings) > max_findings:
        parts.append(Text(f"… +{len(open_findings) - max_findings}", style="dim"))
    ranking = Table(
        title=Text(f"{_('Ranking of the candidate tools')} — {assessment.profile_title}"), title_justify="left"
    )
    for column in ("#", _("Tool"), _("Score"), _("Gates failed"), _("Unknown")):
        ranking.add_column(column)
    for s in assessment.scores:
        gates = Text(", ".join(s.gates_failed), style="red" if s.excluded else "yellow")
        ranking.add_row(str(s.rank), Text(s.tool), f"{s.score:.0f}", gates, str(s.unknowns))
    scenarios = Table(title=Text(_("What survives each scenario")), title_justify="left", expand=True)
    purposes = list(dict.fromkeys(p for o in assessment.scenarios for p in o.surviving))
    scenarios.add_column(_("Scenario"), ratio=2)
    for purpose in purposes:
        scenarios.add_column(label(purpose), ratio=1)
    for outcome in assessment.scenarios:
        cells = [
            Text(", ".join(outcome.surviving[p])) if outcome.surviving[p] else Text(_("none"), style="bold red")
            for p in purposes
        ]
        scenarios.add_row(Text(outcome.title, style="italic" if outcome.kind == "incident" else ""), *cells)
    parts += [ranking, scenarios]
    return Group(*parts)
