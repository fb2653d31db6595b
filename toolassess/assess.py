"""Builds the one Assessment object every renderer renders: inputs → scores + redundancy + findings."""

from __future__ import annotations

from collections.abc import Sequence

from toolassess import __version__
from toolassess.findings.acceptance import mark_accepted
from toolassess.findings.facts import as_of_findings, device_findings, fact_findings
from toolassess.findings.gates import gate_findings
from toolassess.findings.redundancy import SEVERITY_ORDER, root_causes
from toolassess.i18n import gettext_for
from toolassess.inputs.bundle import AssessmentInputs, _file_entries
from toolassess.inputs.catalog import resolve_tools
from toolassess.inputs.files import sha256_of
from toolassess.models.assessment import (
    AcceptedRiskEntry,
    Assessment,
    ChannelEntry,
    ComponentEntry,
    DependencyEdge,
    Eligibility,
    Inputs,
    RedundancyResult,
    ToolSheetEntry,
)
from toolassess.models.base import local
from toolassess.models.catalog import Catalog, leaves
from toolassess.redundancy.analysis import analyse_redundancy
from toolassess.redundancy.exercise import build_exercise
from toolassess.redundancy.faulttree import AnalysisTooLarge, FaultTree
from toolassess.redundancy.improve import improve_plan
from toolassess.scoring.browse import count_facts, dependency_text
from toolassess.scoring.score import score_tools


def analyse_plan_redundancy(inputs: AssessmentInputs, max_order: int = 3) -> RedundancyResult:
    """The redundancy analysis of the plan, with its accepted risks applied."""
    try:
        result = analyse_redundancy(
            inputs.plan, inputs.catalog, inputs.scenarios.scenarios, inputs.as_of, inputs.plan.lang, max_order
        )
    except AnalysisTooLarge as error:  # point at the tree in its file
        origin = inputs.loaded_catalog.origins.get(f"{error.kind}:{error.item}")
        if origin is None:
            raise
        raise origin.error(("depends_on",), error.advice) from None
    return result.model_copy(
        update={"findings": mark_accepted(result.findings, inputs.plan.accepted_risks, inputs.as_of)}
    )


def dependency_edges(catalog: Catalog, tool_ids: Sequence[str]) -> list[DependencyEdge]:
    """Edges of the fault trees below the given tools, each once, tools first then components (sorted)."""
    edges: dict[tuple[str, str], bool] = {}  # (owner, component) → alternative everywhere it is named
    pending = list(tool_ids)
    seen: set[str] = set()
    while pending:
        node = pending.pop()
        if node in seen:
            continue
        seen.add(node)
        tree = (
            catalog.tools[node].depends_on
            if node in catalog.tools and node in tool_ids
            else catalog.components[node].depends_on
        )
        for leaf in leaves(tree):
            edge = (node, leaf.component)
            edges[edge] = edges.get(edge, True) and leaf.alternative
            pending.append(leaf.component)
    return [DependencyEdge(source=s, target=t, alternative=alt) for (s, t), alt in sorted(edges.items())]


def build_assessment(inputs: AssessmentInputs, max_order: int = 3) -> Assessment:
    """The one Assessment: scores of the candidates, redundancy of the plan, and fact/gate findings."""
    plan, catalog, lang = inputs.plan, inputs.catalog, inputs.plan.lang
    _ = gettext_for(lang)
    profile = inputs.criteria.profile(plan.profile)
    candidates = plan.candidate_tools()
    scores = score_tools(
        resolve_tools(catalog, candidates),
        inputs.criteria,
        profile,
        lang=lang,
        as_of=inputs.as_of,
        stale_after_days=inputs.stale_after_days,
        accepted_risks=plan.accepted_risks,
    )
    redundancy = analyse_plan_redundancy(inputs, max_order)
    plan_tools = list(dict.fromkeys([*(c.tool for c in plan.channels), *candidates]))
    findings = [
        *redundancy.findings,
        *mark_accepted(gate_findings(scores, inputs), plan.accepted_risks, inputs.as_of),
        *mark_accepted(fact_findings(inputs, plan_tools), plan.accepted_risks, inputs.as_of),
        *as_of_findings(inputs, plan_tools),
        *mark_accepted(device_findings(inputs), plan.accepted_risks, inputs.as_of),
    ]
    findings.sort(key=lambda f: (f.accepted, SEVERITY_ORDER[f.severity]))

    edges = dependency_edges(catalog, plan_tools)
    named_components = sorted(
        {c for f in findings for c in f.components}
        | {c for s in redundancy.scenarios for c in s.failed_components}
        | {c for sets in redundancy.cut_sets.values() for cut in sets for c in cut}
        | {e.target for e in edges}
    )
    tools = {}
    for tool_id in plan_tools:
        tool = catalog.tools[tool_id]
        counts = count_facts(tool, inputs.as_of, inputs.stale_after_days)
        tools[tool_id] = ToolSheetEntry(
            name=local(tool.name, lang),
            kind=tool.kind,
            deployment=local(tool.deployment, lang),
            depends_on=dependency_text(tool.depends_on, (_("AND"), _("OR"))),
            facts_sourced=counts.sourced,
            facts_stale=counts.stale,
            facts_unsourced=counts.unsourced,
            facts_unknown=counts.unknown + counts.not_recorded,
            facts_not_applicable=counts.not_applicable,
        )
    return Assessment(
        plan=plan.name,
        organisation=plan.organisation,
        lang=lang,
        profile=profile.id,
        profile_title=profile.title.get(lang),
        assessed_on=inputs.as_of,
        inputs=Inputs(
            files=_file_entries(inputs),
            catalog_version=catalog.version,
            criteria_sha256=sha256_of(inputs.criteria.files),
            tool_version=__version__,
            stale_after_days=inputs.stale_after_days,
            max_order=max_order,
            overrides=catalog.overrides,
        ),
        channels=[
            ChannelEntry(
                tool=c.tool, purpose=[p.value for p in c.purpose], role=c.role, last_tested=c.last_tested, note=c.note
            )
            for c in plan.channels
        ],
        accepted_risks=[
            AcceptedRiskEntry(
                what=r.criterion or (r.finding.value if r.finding else ""),
                tools=r.tools,
                reason=r.reason,
                accepted_by=r.accepted_by,
                until=r.until,
                expired=r.until < inputs.as_of,
            )
            for r in plan.accepted_risks
        ],
        scores=scores.scores,
        rankings=scores.rankings,
        findings=findings,
        root_causes=root_causes(findings, FaultTree(catalog, max_order), lang),
        cut_sets=redundancy.cut_sets,
        scenarios=redundancy.scenarios,
        exercise=build_exercise(plan, catalog, redundancy),
        improvements=improve_plan(plan, catalog, inputs.scenarios.scenarios, eligible_tools(inputs), lang),
        tools=tools,
        components={
            c: ComponentEntry(name=local(catalog.components[c].name, lang), kind=catalog.components[c].kind)
            for c in named_components
        },
        dependency_edges=edges,
        areas={a.area: a.title.get(lang) for a in inputs.criteria.areas},
        criteria_titles={c.id: c.title.get(lang) for _, c in inputs.criteria.criteria()},
    )


def eligible_tools(inputs: AssessmentInputs) -> dict[str, list[tuple[str, int | None]]]:
    """Per purpose: the catalogue's tools that serve it and pass the plan's profile for it, best ranked first.

    What `improve` may propose: every catalogue tool is scored under the plan's profile (without the robustness
    draws, which only the plan's own candidates need).
    """
    profile = inputs.criteria.profile(inputs.plan.profile)
    result = score_tools(
        list(inputs.catalog.tools.values()),
        inputs.criteria,
        profile,
        lang=inputs.plan.lang,
        as_of=inputs.as_of,
        stale_after_days=inputs.stale_after_days,
        accepted_risks=inputs.plan.accepted_risks,
        robustness_samples=0,
    )
    by_tool = {s.tool: s for s in result.scores}
    eligible: dict[str, list[tuple[str, int | None]]] = {}
    for ranking in result.rankings:
        for tool_id in ranking.ranked:
            entry = by_tool[tool_id].for_purpose(ranking.purpose)
            if entry is not None and entry.status is Eligibility.ELIGIBLE:
                eligible.setdefault(ranking.purpose, []).append((tool_id, entry.rank))
    return eligible
