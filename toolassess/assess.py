"""Builds the one Assessment object every renderer renders: inputs → scores + redundancy + findings."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TypeVar

from toolassess import __version__
from toolassess.findings.redundancy import root_causes
from toolassess.findings.registry import STRUCTURE, FindingContext, collect_findings
from toolassess.i18n import gettext_for
from toolassess.inputs.bundle import AssessmentInputs
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
from toolassess.models.base import Lang, local, short_name
from toolassess.models.catalog import Catalog, leaves, resolve_tools
from toolassess.models.plan import Plan
from toolassess.models.scenarios import Scenario
from toolassess.redundancy.analysis import analyse_structure
from toolassess.redundancy.exercise import build_exercise
from toolassess.redundancy.faulttree import AnalysisTooLarge
from toolassess.redundancy.improve import improve_plan
from toolassess.reuse import Reuse, computed
from toolassess.scoring.browse import count_facts, dependency_text
from toolassess.scoring.score import rank_tools, score_tools

T = TypeVar("T")


def analyse_redundancy(
    plan: Plan,
    catalog: Catalog,
    scenarios: Sequence[Scenario],
    as_of: date,
    lang: Lang = "en",
    max_order: int = 3,
) -> RedundancyResult:
    """The redundancy analysis of one plan: cut sets, scenario outcomes and the findings on its structure."""
    structure = analyse_structure(plan, catalog, scenarios, lang, max_order)
    ctx = FindingContext(plan, catalog, as_of, lang, structure.tree, structure.cut_sets, structure.outcomes)
    return RedundancyResult(
        max_order=max_order,
        cut_sets=structure.cut_set_lists(),
        findings=collect_findings(ctx, STRUCTURE),
        scenarios=structure.outcomes,
    )


def located(inputs: AssessmentInputs, analysis: Callable[[], T]) -> T:
    """Run an analysis; a fault tree too large to analyse is reported at its place in the catalogue's files."""
    try:
        return analysis()
    except AnalysisTooLarge as error:
        origin = inputs.loaded_catalog.origins.get(f"{error.kind}:{error.item}")
        if origin is None:
            raise
        raise origin.error(("depends_on",), error.advice) from None


def analyse_plan_redundancy(inputs: AssessmentInputs, max_order: int = 3, lang: Lang | None = None) -> RedundancyResult:
    """The redundancy analysis of a loaded plan (`toolassess redundancy`), in `lang` (default: the plan's)."""
    return located(
        inputs,
        lambda: analyse_redundancy(
            inputs.plan, inputs.catalog, inputs.scenarios.scenarios, inputs.as_of, lang or inputs.plan.lang, max_order
        ),
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


def build_assessment(
    inputs: AssessmentInputs, max_order: int = 3, lang: Lang | None = None, reuse: Reuse | None = None
) -> Assessment:
    """The one Assessment: scores of the candidates, redundancy of the plan, and every finding.

    `lang` is the report's language (default: the plan's); the inputs are never changed. `reuse` keeps what
    other plans of the same run share with this one.
    """
    plan, catalog = inputs.plan, inputs.catalog
    lang = lang or plan.lang
    profile = inputs.criteria.profile(plan.profile)
    risks = tuple(r.model_dump_json() for r in plan.accepted_risks)
    scores = computed(
        reuse,
        ("scores", tuple(plan.candidate_tools()), profile.id, lang, risks),
        lambda: score_tools(
            resolve_tools(catalog, plan.candidate_tools()),
            inputs.criteria,
            profile,
            lang=lang,
            as_of=inputs.as_of,
            stale_after_days=inputs.stale_after_days,
            accepted_risks=plan.accepted_risks,
        ),
    )
    shape = plan.structure_key() if reuse is not None else ""  # what plans sharing work have in common
    structure = computed(
        reuse,
        ("structure", shape, lang, max_order),
        lambda: located(inputs, lambda: analyse_structure(plan, catalog, inputs.scenarios.scenarios, lang, max_order)),
    )
    ctx = FindingContext(
        plan,
        catalog,
        inputs.as_of,
        lang,
        structure.tree,
        structure.cut_sets,
        structure.outcomes,
        criteria=inputs.criteria,
        scores=scores,
        stale_after_days=inputs.stale_after_days,
        reuse=reuse,
        shape=shape,
    )
    findings = located(inputs, lambda: collect_findings(ctx))  # producers walk the trees too
    cut_sets = structure.cut_set_lists()
    plan_tools = ctx.plan_tools

    edges = computed(reuse, ("edges", tuple(plan_tools)), lambda: dependency_edges(catalog, plan_tools))
    named_components = sorted(
        {c for f in findings for c in f.components}
        | {c for s in structure.outcomes for c in s.failed_components}
        | {c for sets in cut_sets.values() for cut in sets for c in cut}
        | {e.target for e in edges}
    )
    tools = computed(reuse, ("tool sheets", tuple(plan_tools), lang), lambda: tool_sheets(inputs, plan_tools, lang))
    return Assessment(
        plan=plan.name,
        organisation=plan.organisation,
        lang=lang,
        profile=profile.id,
        profile_title=profile.title.get(lang),
        assessed_on=inputs.as_of,
        inputs=Inputs(
            files=inputs.file_entries(),
            catalog_version=catalog.version,
            criteria_sha256=inputs.criteria_sha256(),
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
        root_causes=root_causes(findings, structure.tree, lang, structure.outcomes),
        cut_sets=cut_sets,
        scenarios=structure.outcomes,
        exercise=computed(
            reuse, ("exercise", shape, lang, max_order), lambda: build_exercise(plan, catalog, cut_sets, lang)
        ),
        improvements=computed(
            reuse,
            ("improvements", shape, lang, profile.id, risks),
            lambda: improve_plan(
                plan,
                catalog,
                inputs.scenarios.scenarios,
                computed(reuse, ("eligible", profile.id, lang, risks), lambda: eligible_tools(inputs, lang)),
                lang,
            ),
        ),
        tools=tools,
        components={
            c: ComponentEntry(name=local(catalog.components[c].name, lang), kind=catalog.components[c].kind)
            for c in named_components
        },
        dependency_edges=edges,
        areas={a.area: a.title.get(lang) for a in inputs.criteria.areas},
        criteria_titles={c.id: c.title.get(lang) for _, c in inputs.criteria.criteria()},
    )


def tool_sheets(inputs: AssessmentInputs, tool_ids: Sequence[str], lang: Lang) -> dict[str, ToolSheetEntry]:
    """Each tool's sheet: name, deployment, dependency tree in words, and how its facts stand."""
    _ = gettext_for(lang)
    sheets = {}
    for tool_id in tool_ids:
        tool = inputs.catalog.tools[tool_id]
        counts = count_facts(tool, inputs.as_of, inputs.stale_after_days)
        sheets[tool_id] = ToolSheetEntry(
            name=local(tool.name, lang),
            kind=tool.kind,
            deployment=local(tool.deployment, lang),
            depends_on=dependency_text(
                tool.depends_on,
                (_("AND"), _("OR")),
                lambda c: short_name(local(inputs.catalog.components[c].name, lang)),
            ),
            facts_sourced=counts.sourced,
            facts_stale=counts.stale,
            facts_unsourced=counts.unsourced,
            facts_unknown=counts.unknown + counts.not_recorded,
            facts_not_applicable=counts.not_applicable,
        )
    return sheets


def eligible_tools(inputs: AssessmentInputs, lang: Lang | None = None) -> dict[str, list[tuple[str, int | None]]]:
    """Per purpose: the catalogue's tools that serve it and pass the plan's profile for it, best ranked first.

    What `improve` may propose: every catalogue tool is ranked under the plan's profile (without the robustness
    draws, which only the plan's own candidates need, and without per-criterion results, which no report shows).
    """
    ranked = rank_tools(
        list(inputs.catalog.tools.values()),
        inputs.criteria,
        inputs.criteria.profile(inputs.plan.profile),
        lang=lang or inputs.plan.lang,
        as_of=inputs.as_of,
        stale_after_days=inputs.stale_after_days,
        accepted_risks=inputs.plan.accepted_risks,
        robustness_samples=0,
    )
    row = {tool.id: index for index, tool in enumerate(ranked.table.tools)}
    eligible: dict[str, list[tuple[str, int | None]]] = {}
    for ranking in ranked.rankings:
        for tool_id in ranking.ranked:
            entry = ranked.by_purpose[row[tool_id]].get(ranking.purpose)
            if entry is not None and entry.status is Eligibility.ELIGIBLE:
                eligible.setdefault(ranking.purpose, []).append((tool_id, entry.rank))
    return eligible
