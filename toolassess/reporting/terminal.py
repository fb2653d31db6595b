"""Rich renderables for the terminal: tables of tools, facts and criteria."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from toolassess.models.assessment import (
    Assessment,
    ExerciseCase,
    FactStatus,
    PurposeImprovement,
    PurposeScore,
    Ranking,
    RedundancyResult,
    ScenarioOutcome,
    ScoreResult,
    ToolScore,
)
from toolassess.models.catalog import FactOverride
from toolassess.models.findings import Finding, FindingKind
from toolassess.reporting.fitted import Fitted, card, fits
from toolassess.scoring.browse import CatalogueCoverage, CriterionLine, ToolSheet

STATUS_STYLE = {
    FactStatus.SOURCED: "green",
    FactStatus.STALE: "yellow",
    FactStatus.UNSOURCED: "magenta",
    FactStatus.UNKNOWN: "red",
    FactStatus.NOT_APPLICABLE: "dim",
}


def _value_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):  # a text in both languages (tool sheets pass it already in theirs)
        return str(value.get("en", value))
    if isinstance(value, list):
        if value and isinstance(value[0], dict) and "date" in value[0]:  # outages
            return "; ".join(f"{o['date']} {_value_text(o['summary'])}" for o in value)
        return ", ".join(_value_text(v) for v in value) or "none"
    return str(value)


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
    table.add_column("value", ratio=2, min_width=24)
    table.add_column("status", no_wrap=True)
    table.add_column("source", ratio=3, overflow="fold", min_width=24)
    table.add_column("checked", no_wrap=True)
    table.add_column("as of", no_wrap=True)
    table.add_column("age", justify="right", no_wrap=True)
    cards: list[RenderableType] = []
    for name, line in sheet.facts.items():
        if line.status is None:
            table.add_row(name, Text("not recorded", style="dim"), Text("unknown", style="red"), "", "", "", "")
            cards.append(Text.assemble((name, "bold"), "  ", ("unknown", "red"), ("  not recorded", "dim")))
            continue
        value = Text(
            (line.unknown and f"unknown: {line.unknown}")
            or (line.not_applicable and f"not applicable: {line.not_applicable}")
            or _value_text(line.value)
        )
        if line.expired:
            value.append(f"\nexpired: {', '.join(line.expired)}", style="red")
        if line.note:
            value.append(f"\n{line.note}", style="dim")
        status = Text(line.status.value, style=STATUS_STYLE[line.status])
        age = f"{line.age_days} d" if line.age_days is not None else "—"
        source = Text(line.source or "—")
        if line.source:
            source.append(f" ({line.source_kind or 'unclassified'})", style="dim")
        table.add_row(name, value, status, source, str(line.checked or "—"), str(line.as_of or "—"), age)
        heading = Text.assemble((name, "bold"), "  ", status)
        if line.checked:
            dated = f", as of {line.as_of}" if line.as_of else ""
            heading.append(f"  checked {line.checked}{dated} ({age})", style="dim")
        body = value.copy()
        if line.source:
            body.append(f"\nsource: {line.source} ({line.source_kind or 'unclassified'})", style="dim")
        cards += card(heading, body)
    parts: list[Any] = [header, Fitted(table, Group(*cards))]
    if sheet.dependency_evidence:
        title = "Dependency evidence"
        evidence = Table(title=title, title_justify="left", expand=True)
        evidence.add_column("component", no_wrap=True)
        evidence.add_column("note", ratio=2, min_width=24)
        evidence.add_column("source", ratio=2, overflow="fold", min_width=24)
        evidence.add_column("checked", no_wrap=True)
        evidence_cards: list[RenderableType] = [Text(title, style="italic")]
        for e in sheet.dependency_evidence:
            evidence.add_row(e["component"], Text(e.get("note") or ""), Text(e["source"]), str(e["checked"]))
            body = Text(e.get("note") or "")
            body.append(f"\nsource: {e['source']}", style="dim")
            evidence_cards += card(Text.assemble((e["component"], "bold"), (f"  checked {e['checked']}", "dim")), body)
        parts.append(Fitted(evidence, Group(*evidence_cards)))
    return Group(*parts)


def coverage_view(result: CatalogueCoverage) -> Group:
    """`tools coverage`: per tool the unknown share against its target, and the sources' kinds."""
    table = Table(title="Catalogue coverage: applicable facts unknown", title_justify="left")
    for column in ("tool", "core", "unknown", "share", "target", "sources"):
        table.add_column(column, justify="left" if column == "tool" else "right", no_wrap=True)
    for t in result.tools:
        share = Text(f"{t.unknown_share:.0%}", style="" if t.meets_target else "bold red")
        table.add_row(
            t.id,
            "yes" if t.core else "",
            f"{t.unknown}/{t.applicable}",
            share,
            f"≤ {t.target:.0%}",
            f"{t.primary_sources}/{t.fallback_sources}/{t.other_sources}",
        )
    summary = Text(
        f"core tools: {result.core_unknown_share:.1%} unknown (target ≤ {result.core_target:.0%}, each tool too); "
        f"whole catalogue: {result.catalogue_unknown_share:.1%} (target ≤ {result.catalogue_target:.0%}) — "
        + ("targets met" if result.meets_targets else "TARGETS MISSED")
        + ". Sources of known facts: primary/fallback (encyclopaedia, aggregator)/other (none, unclassified, "
        "forbidden).",
        style="green" if result.meets_targets else "bold red",
    )
    return Group(table, summary)


def criteria_table(lines: list[CriterionLine]) -> Fitted:
    """`criteria list`: every criterion with area, weight, origin and facts read."""
    wide = Table(title="Criteria", title_justify="left")
    wide.add_column("area", no_wrap=True)
    wide.add_column("id", no_wrap=True)
    wide.add_column("weight", justify="right", no_wrap=True)
    wide.add_column("title", min_width=24)
    wide.add_column("from", min_width=16)
    cards: list[RenderableType] = [Text("Criteria", style="italic")]
    for line in lines:
        origin = ", ".join(line.origin)
        wide.add_row(line.area, line.id, f"{line.weight:g}", Text(line.title), Text(origin))
        cards += card(
            Text.assemble((line.id, "bold"), f"  {line.area}, weight {line.weight:g}"),
            Text.assemble(line.title, (f"\nfrom: {origin}", "dim")),
        )
    return Fitted(wide, Group(*cards))


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


def score_view(result: ScoreResult, max_reasons: int = 4) -> ScoreView:
    """`score`: one ranking per purpose, then for each tool the gates and weakest criteria in plain words."""
    return ScoreView(result, max_reasons)


class ScoreView:
    """The rankings laid out for the terminal's width, with every cell whole.

    One table per purpose when it fits; else rankings without the area columns followed by area tables; below
    ~60 columns, ranking cards. Ten area columns beside a ranking need ~150 columns; squeezed into 80, Rich cut
    every cell to "…".
    """

    def __init__(self, result: ScoreResult, max_reasons: int) -> None:
        self.result = result
        self.max_reasons = max_reasons
        # The criteria's order; a tool skips the areas that do not apply to its kind.
        present = {area for s in result.scores for area in s.categories}
        ordered = [area for area in result.areas if area in present]
        self.areas = ordered + sorted(present - set(ordered))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        split = False
        for ranking in self.result.rankings:
            if not ranking.ranked:
                yield Text(f"{ranking.purpose.capitalize()} — profile {self.result.profile}: no tool to rank.")
                yield from self._ranking_notes(ranking)
                continue
            wide = self._ranking(ranking, wide=True)
            if fits(console, options, wide):
                yield wide
            else:
                split = True
                narrow = self._ranking(ranking, wide=False)
                yield narrow if fits(console, options, narrow) else self._ranking_cards(ranking)
            yield from self._ranking_notes(ranking)
        if split:
            yield from self._areas_by_tool(console, options)
        yield from self._tool_notes()

    def _ranking(self, ranking: Ranking, wide: bool) -> Table:
        title = f"{ranking.purpose.capitalize()} — profile {self.result.profile}"
        table = Table(title=Text(title), title_justify="left")
        table.add_column("#", justify="right", no_wrap=True)
        table.add_column("tool", no_wrap=True)
        table.add_column("score", justify="right", no_wrap=True)
        table.add_column("range", justify="right", no_wrap=True)
        table.add_column("known", justify="right", no_wrap=True)
        areas = [area for area in self.areas if area in ranking.areas] if wide else []
        for area in areas:
            table.add_column(AREA_SHORT.get(area, area), justify="right", no_wrap=True)
        table.add_column("gates", min_width=16)
        if wide:
            table.add_column("keeps rank", justify="right", no_wrap=True)
            table.add_column("first", justify="right", no_wrap=True)
        for s, p in self.result.rows(ranking):
            table.add_row(
                str(p.rank),
                Text(s.tool, style="bold" if p.rank == 1 else ""),
                _score_text(p.score),
                f"{p.score_min:.0f}–{p.score_max:.0f}",
                _percent(p.coverage),
                *[_cell(s.categories.get(area), s.area_coverage.get(area, 1.0)) for area in areas],
                _gates(p),
                *([_percent(p.keeps_rank), _percent(p.ranks_first)] if wide else []),
            )
        return table

    def _ranking_cards(self, ranking: Ranking) -> Group:
        title = f"{ranking.purpose.capitalize()} — profile {self.result.profile}"
        lines: list[RenderableType] = [Text(title, style="italic")]
        for s, p in self.result.rows(ranking):
            body = Text(
                f"range {p.score_min:.0f}–{p.score_max:.0f}, known {_percent(p.coverage)}, "
                f"keeps rank {_percent(p.keeps_rank)}, first {_percent(p.ranks_first)}\n",
                style="dim",
            )
            body.append_text(_gates(p))
            lines += card(Text.assemble(f"{p.rank}. ", (s.tool, "bold"), "  ", _score_text(p.score)), body)
        return Group(*lines)

    def _ranking_notes(self, ranking: Ranking) -> RenderResult:
        if ranking.outside_scope:
            yield Text(
                f"Not ranked — outside what the profile's gates can judge for {ranking.purpose}: "
                + ", ".join(ranking.outside_scope),
                style="dim",
            )
        robustness = ranking.robustness
        if robustness is not None:
            note = Text(
                f"Robustness: {robustness.samples} draws with every weight ×[{1 - robustness.spread:g}, "
                f"{1 + robustness.spread:g}] (seed {robustness.seed}). ",
                style="dim",
            )
            flip = robustness.first_place_flip
            if flip:
                change = f"×{flip.multiplier:g}"
                note.append(f"First place changes to {flip.new_first} if the weight of {flip.criterion} is {change}.")
            else:
                note.append("No single weight change between ×0 and ×10 changes first place.")
            kept = ", ".join(
                f"{s.tool} {_percent(p.keeps_rank)}/{_percent(p.ranks_first)}" for s, p in self.result.rows(ranking)
            )
            note.append(f" Keeps its rank / ranks first: {kept}.")
            yield note

    def _areas_by_tool(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """Areas as rows and tools as columns, in as many tables as the width needs."""
        scores = self.result.scores
        start = 0
        while start < len(scores):
            count = 1
            table = self._area_table(scores[start : start + 1])
            while start + count < len(scores):
                wider = self._area_table(scores[start : start + count + 1])
                if not fits(console, options, wider):
                    break
                table, count = wider, count + 1
            yield table
            start += count

    def _area_table(self, scores: list[ToolScore]) -> Table:
        table = Table(title=Text("Scores by area (known criteria)"), title_justify="left")
        table.add_column("area", no_wrap=True)
        for s in scores:
            table.add_column(s.tool, justify="right", no_wrap=True)
        for area in self.areas:
            table.add_row(
                AREA_SHORT.get(area, area),
                *[_cell(s.categories.get(area), s.area_coverage.get(area, 1.0)) for s in scores],
            )
        return table

    def _tool_notes(self) -> RenderResult:
        for s in self.result.scores:
            weak = sorted(
                (c for c in s.criteria if c.verdict in ("failed", "partial")),
                key=lambda c: (-c.weight * (c.max - (c.score or 0.0)), c.id),
            )[: self.max_reasons]
            unknown = [c.id for c in s.criteria if c.verdict == "unknown"]
            line = Text()
            line.append(f"{s.tool}: ", style="bold")
            line.append("; ".join(f"{c.id} — {c.explanation}" for c in weak) or "meets every known criterion")
            if unknown:
                line.append(f". Unknown ({len(unknown)}): " + ", ".join(unknown), style="dim")
            yield line


def _score_text(score: float | None) -> Text:
    return Text("—", style="dim") if score is None else Text(f"{score:.0f}")


def _untranslated(text: str) -> str:
    return text


def _gates(entry: PurposeScore, _: Callable[[str], str] = _untranslated) -> Text:
    """Where the gates leave a tool: excluded (red), warnings and what to verify (yellow), accepted, not judged."""
    words = {
        "excluded": (_("excluded"), "red"),
        "warning": (_("warning"), "yellow"),
        "to-verify": (_("to verify"), "yellow"),
        "accepted": (_("accepted"), "dim"),
        "outside-scope": (_("cannot judge"), "dim"),
    }
    text = Text()
    for key, items in entry.gate_summary():
        word, style = words[key]
        text.append(("; " if text else "") + word + ": " + ", ".join(items), style=style)
    return text


def _cell(value: float | None, known: float = 1.0) -> Text:
    """An area score, coloured; '?' when it rests on less than half of the area (the rest unknown)."""
    if value is None:
        return Text("—", style="dim")
    style = "green" if value >= 70 else "yellow" if value >= 40 else "red"
    return Text(f"{value:.0f}" + ("?" if known < 0.5 else ""), style=style)


SEVERITY_STYLE = {"high": "bold red", "medium": "yellow", "low": "dim"}


def findings_table(findings: list[Finding], title: str = "Findings") -> Table:
    """Findings, most severe first, accepted ones marked."""
    table = Table(title=Text(title), title_justify="left", expand=True, show_lines=True)
    table.add_column("severity", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("finding", ratio=1, overflow="fold")  # long URLs fold instead of being cut
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
        table.add_column(purpose, ratio=1, overflow="fold")
    for outcome in scenarios:
        label = Text(outcome.title, style="italic" if outcome.kind == "incident" else "")
        cells = [  # one tool per line: ids have no spaces to wrap at
            _surviving_text(outcome, p) if outcome.surviving[p] else Text("none", style="bold red") for p in purposes
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


def _surviving_text(outcome: ScenarioOutcome, purpose: str, _: Callable[[str], str] = _untranslated) -> Text:
    """The channels still serving a purpose, the degraded ones marked, with why."""
    from toolassess.reporting.filters import degraded_reasons

    text = Text()
    for index, tool in enumerate(outcome.surviving[purpose]):
        text.append(("\n" if index else "") + tool)
        if tool in outcome.degraded.get(purpose, []):
            text.append(f" ({_('degraded')})", style="yellow")
    reasons = degraded_reasons(outcome, purpose)
    if reasons:
        text.append(f"\n{reasons}", style="dim")
    return text


def overrides_table(overrides: list[FactOverride], lang: str = "en") -> list[Table]:
    """The built-in facts an institution's catalogue changes (empty when none): shown before anything else."""
    if not overrides:
        return []
    from toolassess.i18n import gettext_for
    from toolassess.reporting.filters import make_filters

    _ = gettext_for(lang)
    answer = make_filters(lang)["fact_answer"]  # as the reports print it
    table = Table(title=Text(_("Catalogue facts changed by this institution")), title_justify="left", expand=True)
    for column in (_("Tool"), _("Fact"), _("Built-in"), _("Used here"), _("File")):
        table.add_column(column, overflow="fold")
    for o in overrides:
        table.add_row(
            Text(o.tool),
            Text(o.fact),
            Text(answer(o.builtin, o.fact)),
            Text(answer(o.value, o.fact)),
            Text(f"{o.file}:{o.line}"),
        )
    return [table]


def improvements_view(improvements: list[PurposeImprovement], lang: str, to_test: Sequence[str] = ()) -> Group:
    """`improve` and the `assess` summary: per purpose, what silences it and the smallest sets of tools to add.

    Then the channels to test (`to_test`: their names), a change as cheap as it is often forgotten.
    """
    from toolassess.i18n import gettext_for, semicolon
    from toolassess.reporting.filters import make_filters, weak_points_text

    _ = gettext_for(lang)
    filters = make_filters(lang)
    label, proposal = filters["label"], filters["proposal"]
    table = Table(title=Text(_("What to add")), title_justify="left", expand=True, show_lines=True)
    for column in (_("Purpose"), _("Add (rank for the purpose)"), _("What it removes"), _("Still lost")):
        table.add_column(column, ratio=1, overflow="fold")
    for item in improvements:
        removed = [p for p in item.weak_points if p.id not in item.unremovable] if item.proposals else []
        table.add_row(
            Text(label(item.purpose)),
            Text(
                ("\n" + _("or") + " ").join(proposal(p) for p in item.proposals)
                or _("no eligible catalogue tool or local measure removes them"),
                style="" if item.proposals else "red",
            ),
            Text(weak_points_text(removed, _, semicolon(lang)) or "—"),
            Text(weak_points_text([p for p in item.weak_points if p.id in item.unremovable], _, semicolon(lang))),
        )
    if not to_test:
        return Group(table)
    heading = _(
        "Test too (never tested, or not for over a year; a service another authority triggers: exercise the request):"
    )
    return Group(table, Text(heading + " " + ", ".join(to_test)))


def assessment_view(assessment: Assessment, max_findings: int = 12) -> Group:
    """`assess`: red flags first, then the ranking and what survives each scenario (in the plan's language)."""
    from toolassess.i18n import gettext_for
    from toolassess.reporting.filters import make_filters

    _ = gettext_for(assessment.lang)
    label = make_filters(assessment.lang)["label"]
    grouped = (FindingKind.SINGLE_POINT_OF_FAILURE, FindingKind.FALSE_REDUNDANCY)  # said once per root cause below
    open_findings = [
        f
        for f in assessment.findings
        if not f.accepted and f.severity.value in ("high", "medium") and f.kind not in grouped
    ]
    title = f"{assessment.plan} — {_('Red flags')} ({len(open_findings)})"
    table = Table(title=Text(title), title_justify="left", expand=True, show_lines=True)
    for column in (_("Severity"), _("Kind"), _("Finding")):
        wraps = column == _("Finding")
        table.add_column(column, ratio=1 if wraps else None, no_wrap=not wraps, overflow="fold")
    for finding in open_findings[:max_findings]:
        table.add_row(
            Text(label(finding.severity), style=SEVERITY_STYLE[finding.severity.value]),
            Text(label(finding.kind)),
            Text(finding.message),
        )
    parts: list[Any] = [*overrides_table(assessment.inputs.overrides, assessment.lang), table]
    if len(open_findings) > max_findings:
        parts.append(Text(f"… +{len(open_findings) - max_findings}", style="dim"))
    tool_name = partial(make_filters(assessment.lang)["tool_name"], a=assessment)
    if assessment.root_causes:
        causes = Table(title=Text(_("Root causes")), title_justify="left", expand=True, show_lines=True)
        for column, ratio in ((_("Severity"), None), (_("Component"), 1), (_("What it takes down"), 2)):
            causes.add_column(column, ratio=ratio, overflow="fold")
        for r in assessment.root_causes:
            effects = []
            if r.silences:
                effects.append(_("if it fails, nothing is left for") + " " + ", ".join(label(p) for p in r.silences))
            if r.couples:
                pairs = "; ".join(f"{' + '.join(map(tool_name, c[:-1]))} ({label(c[-1])})" for c in r.couples)
                words = _("degrades together") if r.degrades else _("takes down together")
                effects.append(f"{words} {pairs}" + (f": {r.degrades}" if r.degrades else ""))
            causes.add_row(
                Text(label(r.severity), style=SEVERITY_STYLE[r.severity.value]),
                Text(r.name),
                Text(" — ".join(effects)),
            )
        parts.append(causes)
    to_test = [
        tool_name(t)
        for f in assessment.findings
        if f.kind is FindingKind.UNTESTED_CHANNEL and not f.accepted
        for t in f.tools
    ]
    parts.append(improvements_view(assessment.improvements, assessment.lang, list(dict.fromkeys(to_test))))
    rankings: list[Any] = []
    for ranking in assessment.rankings:
        title = f"{_('Ranking of the candidate tools')} — {label(ranking.purpose)} — {assessment.profile_title}"
        table = Table(title=Text(title), title_justify="left")
        for column in ("#", _("Tool"), _("Score"), _("Range"), _("Known"), _("Gates")):
            table.add_column(column, overflow="fold", no_wrap=column != _("Gates"))
        for s, p in assessment.rows(ranking):
            score = "—" if p.score is None else f"{p.score:.0f}"
            span = f"{p.score_min:.0f}–{p.score_max:.0f}"
            table.add_row(str(p.rank), Text(s.tool), score, span, _percent(p.coverage), _gates(p, _))
        rankings.append(table)
        if ranking.outside_scope:
            rankings.append(
                Text(_("Not ranked (outside the profile's gates): ") + ", ".join(ranking.outside_scope), style="dim")
            )
    scenarios = Table(title=Text(_("What survives each scenario")), title_justify="left", expand=True)
    purposes = list(dict.fromkeys(p for o in assessment.scenarios for p in o.surviving))
    scenarios.add_column(_("Scenario"), ratio=2)
    for purpose in purposes:
        scenarios.add_column(label(purpose), ratio=1, overflow="fold")
    for outcome in assessment.scenarios:
        cells = [
            _surviving_text(outcome, p, _)
            if outcome.surviving[p]
            else Text(_("none"), style="bold red").append(
                f"\n{_('last resort:')} {', '.join(outcome.fallback[p])}" if outcome.fallback.get(p) else "", style=""
            )
            for p in purposes
        ]
        scenarios.add_row(Text(outcome.title, style="italic" if outcome.kind == "incident" else ""), *cells)
    parts += [*rankings, scenarios]
    return Group(*parts)
